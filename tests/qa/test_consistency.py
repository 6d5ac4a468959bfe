"""mtpipe check --consistency DIR: one source translated differently, and glossary terms rendered otherwise, in reviewed POs."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.catalog import Catalog, Entry, new_header, write_catalog
from pipeline.glossary import Glossary, Term
from pipeline.qa.consistency import check_consistency

SOURCE = "He was placed under an exit ban last year."


def _po(path: Path, entries: list[Entry], language: str = "zh_Hans") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(path, Catalog(language, new_header("t", language), entries))
    return path


def _tree(root: Path) -> Path:
    _po(root / "a" / "zh_Hans.po", [
        Entry("p1.s1", SOURCE, "他去年被施以出境禁令。"),
        Entry("p2.s1", "Type `exit ban` in the box.", "在框中输入 `exit ban`。"),
    ])
    _po(root / "b" / "zh_Hans.po", [
        Entry("p3.s2", SOURCE, "他去年遭到出境限制。"),
        Entry("p4.s1", SOURCE, "他去年被施以出境禁令。"),
        Entry("p5.s1", SOURCE, "机器草稿。", flags=("fuzzy",)),
    ])
    _po(root / "b" / "zh_Hant.po", [Entry("p3.s2", SOURCE, "他去年遭到出境限制。")], language="zh_Hant")
    return root


GLOSSARY = Glossary(terms=(Term("exit ban", {"zh": "出境禁令"}),))


def test_same_source_translated_differently(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    [finding] = check_consistency(inputs=[root])
    assert (finding.kind, finding.severity, finding.language) == ("source", "warning", "zh_Hans")
    assert [(text, [p.msgctxt for p in places]) for text, places in finding.renderings] == [
        ("他去年被施以出境禁令。", ["p1.s1", "p4.s1"]),
        ("他去年遭到出境限制。", ["p3.s2"]),
    ]


def test_term_rendered_otherwise_with_ids(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    findings = check_consistency(inputs=[root], glossary=GLOSSARY)
    terms = [f for f in findings if f.kind == "term"]
    assert [(f.language, f.subject, f.message) for f in terms] == [
        ("zh_Hans", "exit ban", "'exit ban' is rendered other than '出境禁令' in 1 reviewed entry"),
        ("zh_Hant", "exit ban", "'exit ban' is rendered other than '出境禁令' in 1 reviewed entry"),
    ]
    assert [p.msgctxt for p in terms[0].renderings[0][1]] == ["p3.s2"]  # not p2.s1: its term is in a code span


def test_cli(tmp_path: Path, cli) -> None:
    root = _tree(tmp_path)
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,zh\nexit ban,出境禁令\n", encoding="utf-8")
    result = cli("check", "--consistency", root, "--glossary", glossary)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"zh_Hans: warning: [consistency] {SOURCE!r} is translated 2 ways in reviewed entries"
    assert lines[1] == f"  他去年被施以出境禁令。: {root / 'a' / 'zh_Hans.po'}: p1.s1, {root / 'b' / 'zh_Hans.po'}: p4.s1"
    assert f"  {root / 'b' / 'zh_Hans.po'}: p3.s2" in lines
    assert lines[-1] == "consistency: 2 errors, 1 warning"
    result = cli("check", "--consistency", root, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [f["kind"] for f in document["consistency"]] == ["source"]


def test_cli_needs_po_or_consistency(cli) -> None:
    result = cli("check")
    assert result.exit_code == 2
    assert "--consistency" in result.output
