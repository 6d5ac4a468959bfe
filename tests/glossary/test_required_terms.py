"""One function gives the terms a segment requires (issue 19, bug 2): check, glossary find and translate agree."""

from __future__ import annotations

from pipeline.catalog import load_catalog, Catalog, Entry, new_header, write_catalog
from pipeline.glossary import Glossary, Term, required_matches

GLOSSARY = "en,zh,forbidden\nexit ban,出境禁令,出口禁止\n"
CODE = "Type `exit ban` in the box."


def _glossary() -> Glossary:
    return Glossary(terms=(Term("exit ban", {"zh": "出境禁令"}),))


def test_protected_spans_are_left_out() -> None:
    text = "See https://example.org/exit-ban or mail exit-ban@example.org about ZQ0 and the exit ban."
    assert [m.text for m in required_matches(_glossary(), text)] == ["exit ban"]


def test_markup_spans_are_left_out() -> None:
    text = "Type `exit ban` or the exit ban."
    assert [m.start for m in required_matches(_glossary(), text, markup=[(5, 15)])] == [23]
    assert len(required_matches(_glossary(), text)) == 2


def test_check_cli_requires_no_term_inside_a_code_span(tmp_path, cli) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    po = tmp_path / "zh_Hans.po"
    entries = [Entry("p1.s1", CODE, "在框中输入 `exit ban`。"), Entry("p2.s1", "He faces an exit ban.", "他面临出口禁止。")]
    write_catalog(po, Catalog("zh_Hans", new_header("test", "zh_Hans"), entries))
    result = cli("check", po, "--glossary", glossary)
    at = {msgctxt: line for (msgctxt, _), line in load_catalog(po).lines.items()}
    glossary_lines = [line for line in result.output.splitlines() if "[glossary]" in line]
    assert glossary_lines and all(f"{po}:{at['p2.s1']}: " in line for line in glossary_lines), result.output
    assert not any(f"{po}:{at['p1.s1']}: " in line for line in result.output.splitlines()), result.output


def test_glossary_find_lists_no_match_in_a_code_span(tmp_path, cli) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text(f"# Help\n\n{CODE} Then the exit ban applies.\n", encoding="utf-8")
    result = cli("glossary", "find", article, "--glossary", glossary)
    assert result.exit_code == 0, result.output
    matches = [line for line in result.output.splitlines() if " = " in line]
    assert [line.split()[:2] for line in matches] == [["9-17", "exit"]], result.output
    assert result.output.splitlines()[-1].startswith("1 match of 1 entry"), result.output
