"""The plain-text edition (``mtpipe build --format txt``): list numbers, nesting and footnotes survive."""

from __future__ import annotations

import pytest

from test_markdown_edition import ARTICLE, reviewed


@pytest.mark.parametrize("layout", ["target-only", "interleaved"])
def test_text_keeps_list_numbers_nesting_and_numbered_notes_at_the_end(cli, tmp_path, layout):
    """Regression: ordered items printed as ``• 译…``, nesting was flattened and ``[^1]`` printed as it is."""
    po = reviewed(cli, tmp_path, "post.md", ARTICLE)
    result = cli("build", po, "--format", "txt", "--layout", layout, "--out", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    lines = text.splitlines()
    assert "3. 译Check the travel advice first。" in lines and "5. 译Call the embassy。" in lines
    assert "   • 译Keep the copy apart。" in lines
    assert "[^" not in text
    body, notes = text.split("\n——————————\n")
    assert "译Governments use exit bans more often.[1]" in body and "Figures" not in body
    assert notes.strip().startswith("[1] ") and "译Figures from the monitor。" in notes
    assert notes.index("[1] ") < notes.index("[2] ") and "译Another note here。" in notes.split("[2] ")[1]
    if layout == "interleaved":
        assert "3. Check the travel advice first." in lines and "[1] Figures from the monitor." in notes
