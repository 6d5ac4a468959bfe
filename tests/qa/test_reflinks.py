"""Markdown reference links (``[text][label]``, ``[text][]``, ``[text]``): every edition resolves them once their
text is translated, and ``check`` (the ``reflinks`` check) and ``build`` flag one that no longer resolves (issue 20)."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest
from conftest import ROOT, error_lines, reviewed_po

from pipeline.catalog import load_catalog, write_catalog
from pipeline.qa.checks import CHECKS, check_catalog
from pipeline.qa.framework import CheckContext
from pipeline.qa.markup_checks import check_reflinks

REFS = {
    "RUN": {"href": "https://example.org/run", "title": ""},
    "PEOPLE": {"href": "https://example.org/people", "title": "People"},
    "CITIZENS": {"href": "https://example.org/c", "title": ""},
    "@BOB": {"href": "https://github.com/bob", "title": ""},
}
MD = CheckContext(document_format="md", references=REFS)

LOST_RUN = "reference link [movement][run] (https://example.org/run)"

#: (source, target, messages): what the editions write resolves, or is reported.
CASES = [
    # the text of [text][label], [text][] and [text] translated: the editions write [译文][text]
    ("The [movement][run] is fast.", "[运动][run]很快。", []),
    ("See [people][] today.", "今天见[人们][]。", []),
    ("The [citizens] ran.", "[公民]跑了。", []),
    ("See [people][] and [People] today.", "见[人们]和[人们][people]。", []),
    # a reference link written as an inline link to the same place
    ("The [movement][run] is fast.", "[运动](https://example.org/run)很快。", []),
    # untouched: nothing to resolve
    ("The [citizens] ran.", "The [citizens] ran.", []),
    # brackets with no definition are text: [#12] is not the link [@bob] (the changelogs' case)
    ("Fixed in [#12] by [@bob].", "Fixed in [#12] by [@bob].", []),
    ("Fixed in [#12] by [@bob].", "由[@鲍勃]在[#12]修复。", []),
    ("Task [ ] and note [^1] by [@bob].", "任务[ ]和注[^1]，[@鲍勃]。", []),
    # a label that names no definition
    ("The [movement][run] is fast.", "[运动][fo]很快。",
     [f"{LOST_RUN} does not resolve in the target: [运动][fo] has no definition"]),
    ("See [people][] today.", "今天见[人们][peple]。",
     ['reference link [people][] (https://example.org/people "People") does not resolve in the target: '
      "[人们][peple] has no definition"]),
    # the brackets lost
    ("The [citizens] ran.", "公民跑了。", ["reference link [citizens] (https://example.org/c) missing from the target"]),
    # a reference link the source does not have
    ("The [citizens] ran.", "[公民]跑了，[跑][run]。",
     ["reference link [跑][run] (https://example.org/run) in the target is not in the source"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "messages"), CASES)
def test_reflinks_table(source, target, messages):
    assert check_reflinks.messages(source, target, MD) == messages


def test_reflinks_needs_the_definitions_and_markdown():
    source, target = "The [movement][run] is fast.", "[运动][fo]很快。"
    assert check_reflinks.messages(source, target, CheckContext(document_format="md")) == []
    assert check_reflinks.messages(source, target, CheckContext(document_format="html", references=REFS)) == []
    assert check_reflinks.messages(source, target, CheckContext(references=REFS)) != []  # format unknown: Markdown's syntax


def test_reflinks_is_listed_after_xmltags():
    names = [c.name for c in CHECKS]
    assert names.index("reflinks") == names.index("xmltags") + 1
    assert check_reflinks.severity == "error"


def test_relabelling_is_idempotent():
    """The editions relabel each sentence, and a Markdown edition its slot again: the second pass changes nothing."""
    from pipeline.documents.markdown_placing import relabel_references

    source = "See [people][] and [citizens], then [movement][run] and [People]."
    once = relabel_references(source, "见[人们][]和[citizens]，然后[运动][run]和[人们]。", REFS)
    assert once == "见[人们][people]和[citizens]，然后[运动][run]和[人们][People]。"
    assert relabel_references(source, once, REFS) == once
    assert relabel_references("Fixed in [#12] by [@bob].", "Fixed in [#12] by [@bob].", REFS) == "Fixed in [#12] by [@bob]."
    assert relabel_references("Fixed in [#12] by [@bob].", "由[@鲍勃]在[#12]修复。", REFS) == "由[@鲍勃][@bob]在[#12]修复。"


# -- through the CLI -----------------------------------------------------------------------

DOC = """\
# Notes

The [movement][run] is fast. See [people][] and [Rights] today.

The [citizens] will run.

Fixed in [#12] by [@bob].

[run]: https://example.org/run
[people]: https://example.org/people "People"
[citizens]: https://example.org/c
[rights]: https://example.org/r
[@bob]: https://github.com/bob
"""

GOOD = {
    "The [movement][run] is fast.": "[运动][run]很快。",
    "See [people][] and [Rights] today.": "今天见[人们][]和[Rights]。",  # the second link's text kept
    "The [citizens] will run.": "[公民]会跑。",
    "Fixed in [#12] by [@bob].": "由[@鲍勃]在[#12]修复。",
}


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_every_edition_resolves_translated_reference_links(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, DOC, "notes.md", GOOD)
    assert cli("check", po, "-t", "reflinks").exit_code == 0
    for layout in ("target-only", "side-by-side"):
        out = tmp_path / f"{layout}.html"
        assert cli("build", po, "-l", layout, "-o", out).exit_code == 0
        page = out.read_text(encoding="utf-8")
        assert ("https://example.org/people", "人们") in _links(page), layout
        assert ("https://example.org/c", "公民") in _links(page), layout
        assert ("https://github.com/bob", "@鲍勃") in _links(page) and "[#12]" in page, layout
        assert "[人们]" not in page and "[公民]" not in page, layout
    for layout in ("target-only", "interleaved"):
        out = tmp_path / f"{layout}.md"
        assert cli("build", po, "-f", "md", "-l", layout, "-o", out).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "今天见[人们][people]和[Rights]。" in text, layout  # [Rights] kept: it still resolves
        assert "[公民][citizens]会跑。" in text, layout
        assert "由[@鲍勃][@bob]在[#12]修复。" in text, layout


def _review_all(po):
    catalog = load_catalog(po)
    catalog.entries = [replace(e, flags=()) for e in catalog.entries]
    write_catalog(po, catalog)


@pytest.mark.slow
def test_a_word_for_word_translation_keeps_its_reference_links(cli, tmp_path, installed_model):
    """The user's path: translate with the test model, accept every draft, build: every link still resolves."""
    source = tmp_path / "notes.md"
    source.write_text(DOC.replace("will run", "will run with people"), encoding="utf-8")
    assert cli("translate", source, "--out", tmp_path / "out").exit_code == 0
    po = tmp_path / "out" / "notes" / "zh_Hans.po"
    assert "[人们][]" in po.read_text(encoding="utf-8")  # the engine translated a link's text
    _review_all(po)
    assert cli("check", po, "-t", "reflinks").exit_code == 0
    out = tmp_path / "notes.html"
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    hrefs = [href for href, _ in _links(page)]
    assert {"https://example.org/people", "https://example.org/c", "https://example.org/run", "https://example.org/r"} <= set(hrefs)
    assert "https://github.com/bob" in hrefs
    assert re.findall(r"\[[^\]<]*\]", page.split("<body", 1)[1]) == ["[#12]"]  # no other literal brackets left


BROKEN = {**GOOD, "The [movement][run] is fast.": "[运动][fo]很快。", "The [citizens] will run.": "公民会跑。"}


def test_check_reports_a_reference_that_no_longer_resolves(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, DOC, "notes.md", BROKEN)
    report = check_catalog(po)
    found = [f for f in report.findings if f.check == "reflinks"]
    assert [f.msgctxt for f in found] == ["p2.s1", "p3.s1"]
    result = cli("check", po)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{po}:{found[0].line}: error: [reflinks] {LOST_RUN} does not resolve in the target: [运动][fo] has no definition" in lines
    assert f"{po}:{found[1].line}: error: [reflinks] reference link [citizens] (https://example.org/c) missing from the target" in lines


def test_build_refuses_a_reference_that_no_longer_resolves(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, DOC, "notes.md", BROKEN)
    result = cli("build", po, "-o", tmp_path / "notes.html")
    assert result.exit_code == 1
    assert error_lines(result.output) == ["Error: zh_Hans.po: URLs or markup differ from the source in p2.s1, p3.s1"]
    assert not (tmp_path / "notes.html").exists()
    # as for other markup differences, a marked draft may be built
    assert cli("build", po, "--allow-draft", "-o", tmp_path / "draft.html").exit_code == 0


def test_check_refuses_a_malformed_references_header(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, DOC, "notes.md", GOOD)
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'"X-Markdown-References: .*\\n"', '"X-Markdown-References: [1]\\\\n"', text), encoding="utf-8")
    result = cli("check", po)
    assert result.exit_code != 0
    assert error_lines(result.output) == [f"Error: {po}: the X-Markdown-References header is not a JSON object"]


WILD = ROOT / "tests" / "data" / "wild" / "markdown"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["keep-a-changelog-CHANGELOG.md", "pypi-python-dotenv.md"])
def test_changelogs_keep_every_link_after_a_word_for_word_run(cli, tmp_path, installed_model, name):
    """Real changelogs (version links [0.3.0], [Unreleased]; [#497] with no definition), word for word, then a
    reviewer translating the link texts the model left: every link of the source is a link of each
    target-only edition, and neither check nor build finds a reference that does not resolve."""
    from markdown_it import MarkdownIt

    source = tmp_path / name
    shutil.copy(WILD / name, source)
    assert cli("translate", source, "--out", tmp_path / "out").exit_code == 0
    (po,) = (tmp_path / "out").glob("*/zh_Hans.po")
    catalog = load_catalog(po)
    reviewed = {"[Unreleased]": "[未发布]", "[Keep a Changelog]": "[保持更新日志]", "[@bbc2]": "[@鲍勃]"}
    entries = []
    for e in catalog.entries:
        text = e.msgstr
        for a, b in reviewed.items():
            text = text.replace(a, b)
        entries.append(replace(e, msgstr=text, flags=()))
    assert sum(e.msgstr != o.msgstr for e, o in zip(entries, catalog.entries)) >= 2
    catalog.entries = entries
    write_catalog(po, catalog)
    assert cli("check", po, "-t", "reflinks").exit_code == 0
    render = MarkdownIt("commonmark").enable("table").render
    wanted = sorted(re.findall(r'<a href="([^"]+)"', render(source.read_text(encoding="utf-8"))))
    assert len(wanted) > 30
    for fmt in ("html", "md"):
        out = tmp_path / f"edition.{fmt}"
        assert cli("build", po, "-f", fmt, "-l", "target-only", "-o", out).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert sorted(re.findall(r'<a href="([^"]+)"', text if fmt == "html" else render(text))) == wanted, fmt
