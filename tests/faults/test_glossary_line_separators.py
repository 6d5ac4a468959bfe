"""Issue 25: a glossary note holding U+2028 (line separator) or U+0085 (next line) must not split its row."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])
def test_a_unicode_line_separator_in_a_note_keeps_the_row_whole(cli, tmp_path, separator):
    glossary = tmp_path / "g.csv"
    glossary.write_text(f'en,zh,note\nexit ban,出境禁令,"a note{separator}on two lines"\nCCP,中共,plain\n', encoding="utf-8")
    result = cli("glossary", "check", glossary)
    assert result.exit_code == 0, result.output
    assert "2 terms, 0 errors, 0 warnings" in result.output
    from pipeline.glossary import load_glossaries

    notes = {t.source: t.note for t in load_glossaries([glossary]).terms}
    assert notes == {"exit ban": "a note on two lines", "CCP": "plain"}
