"""Markup characters in Markdown prose survive translation byte for byte, through the commands a user runs (issue 20).

A character reference (``&amp;``, ``&lt;``, ``&#169;``) is markup: it is
never sent to the engine and typography never touches its ``;``. A task box
(``[ ]``, ``[x]``) keeps its space in a Chinese target, at an item's start
and inside running text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import reviewed_po

from pipeline.catalog import load_catalog, write_catalog
from pipeline.documents.markdown_inline import inline_markup_spans, protected_markup_spans

DOC = """\
# Tasks

The report &amp; the report &lt;b&gt; &#169; 2024.

- [ ] The report
- [x] report

report [ ] report [x] report

| [ ] report | [x] |
|---|---|
| a | b |
"""


def _built(cli, po: Path, out: Path) -> str:
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_identity_round_trip_through_the_cli_keeps_references_and_task_boxes(cli, tmp_path) -> None:
    po = reviewed_po(cli, tmp_path, DOC, "tasks.md", {})
    assert _built(cli, po, tmp_path / "tasks.zh.md") == DOC


def test_word_for_word_run_keeps_references_and_task_boxes(cli, installed_model, tmp_path) -> None:
    source = tmp_path / "tasks.md"
    source.write_text(DOC, encoding="utf-8")
    result = cli("translate", source, "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "tasks" / "zh_Hans.po"
    catalog = load_catalog(po)
    assert any("报告" in e.msgstr for e in catalog.active)
    catalog.entries = [replace(e, flags=()) for e in catalog.entries]  # the drafts accepted as they are
    write_catalog(po, catalog)
    built = _built(cli, po, tmp_path / "tasks.zh.md")
    assert "报告" in built
    for kept in ("&amp;", "&lt;b&gt;", "&#169;", "- [ ] ", "- [x] ", "报告 [ ] 报告 [x] 报告", "| [ ] 报告 | [x] |"):
        assert kept in built, (kept, built)
    assert "&amp；" not in built and "[]" not in built


# (text, the markup spans: kept verbatim, masked from the engine)
SPANS = [
    ("Tom &amp; Jerry", ["&amp;"]),
    ("&lt;b&gt; and &#169; and &#x27;", ["&lt;", "&gt;", "&#169;", "&#x27;"]),
    ("AT&T and &nope; are text", []),
    ("tick [ ] or [x] or [X]", ["[ ]", "[x]", "[X]"]),
    ("a [x](https://x.org) link", ["[", "](https://x.org)"]),
    ("not a box: \\[ ] nor [ ](u)", ["\\", "[", "](u)"]),
]


def test_character_references_and_task_boxes_are_markup() -> None:
    for text, expected in SPANS:
        assert [text[a:b] for a, b in inline_markup_spans(text)] == expected, text


def test_typography_leaves_them_as_they_are() -> None:
    text = "报告 [ ] 报告 &amp; 报告"
    assert [text[a:b] for a, b in protected_markup_spans(text)] == ["[ ]", "&amp;"]


def test_a_reference_link_labelled_x_stays_a_link() -> None:
    from pipeline.documents.markdown_inline import markdown_references

    refs = markdown_references("[x]: https://x.org\n")
    assert [("see [x] here")[a:b] for a, b in inline_markup_spans("see [x] here", references=refs)] == ["[", "]"]
