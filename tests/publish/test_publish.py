"""Editions from PO files: structure, typography, HTML/Markdown/text, drafts, CLI."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from pipeline.errors import CatalogError, DraftError, InputError
from pipeline.publish import (
    build_edition,
    default_output_path,
    load_edition,
    write_edition,
)

HEADER = {
    "Project-Id-Version": "run-movement",
    "Language": "zh_Hans",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

# (msgctxt, msgid, msgstr, flags, kind note) — in document order (p10 after p4), with
# raw machine spacing, straight quotes and characters that need escaping
REVIEWED = [
    ("p1.s1", "The “Run” Movement", '"润" 运动', (), "kind: title"),
    ("p2.s1", "Most went to the U.S. first.", "大多数 人 先 去 了 美国 .", (), None),
    ("p2.s2", 'He said "run" <script>alert(1)</script> & left.', '他 说 "润" <script>alert(1)</script> & 走 了 .', (), None),
    ("p3.s1", "Different Routes", "不同的路线", (), "kind: heading"),
    ("p4.s1", "A quote | with a pipe.", "一句 | 引语 。", (), "kind: quote"),
    ("p10.s1", "Tenth paragraph.", "第十段。", (), None),
]


def write_po(path: Path, rows=REVIEWED, *, language: str = "zh_Hans", obsolete=(), references=None) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.metadata = dict(HEADER, Language=language)
    for ctx, src, tgt, flags, kind in rows:
        po.append(
            polib.POEntry(
                msgctxt=ctx,
                msgid=src,
                msgstr=tgt,
                flags=list(flags),
                comment=kind or "",
                occurrences=[(references, "1")] if references else [],
            )
        )
    for ctx, src, tgt in obsolete:
        po.append(polib.POEntry(msgctxt=ctx, msgid=src, msgstr=tgt, obsolete=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


@pytest.fixture
def reviewed_po(tmp_path: Path) -> Path:
    return write_po(tmp_path / "art" / "zh_Hans.po", obsolete=[("p9.s1", "Gone.", "已删除的句子。")])


@pytest.fixture
def draft_po(tmp_path: Path) -> Path:
    rows = REVIEWED + [
        ("p2.s3", "Nobody knows.", "没人 知道 .", ("fuzzy", "mt"), None),
        ("p5.s1", "Not done yet.", "", (), None),
    ]
    return write_po(tmp_path / "art" / "zh_Hans.po", rows)


class Rows(HTMLParser):
    """Collects each row/block of the edition with its cells' langs and text."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[dict] = []
        self.html_lang = None
        self.title = ""
        self._cell = None
        self._in_title = False
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if tag == "div" and ("row" in classes or "block" in classes) and a.get("id"):
            self.blocks.append({"id": a["id"], "classes": classes, "cells": []})
        if tag == "div" and "cell" in classes and self.blocks:
            self._cell = {"side": classes[1], "lang": a.get("lang"), "text": ""}
            self.blocks[-1]["cells"].append(self._cell)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._cell is not None:
            self._cell["text"] += data


def parse(page: str) -> Rows:
    p = Rows()
    p.feed(page)
    return p


# -- structure ---------------------------------------------------------------------


def test_structure_is_rebuilt_from_ids(reviewed_po: Path) -> None:
    edition = load_edition(reviewed_po)
    assert [b.id for b in edition.blocks] == ["p1", "p2", "p3", "p4", "p10"]
    assert [b.kind for b in edition.blocks] == ["title", "paragraph", "heading", "quote", "paragraph"]
    assert all("已删除" not in b.target for b in edition.blocks)  # obsolete ignored
    p2 = edition.blocks[1]
    assert p2.source == 'Most went to the U.S. first. He said "run" <script>alert(1)</script> & left.'
    # Chinese sentences are joined without a space, typography cleaned
    assert p2.target == "大多数人先去了美国。他说“润”<script>alert(1)</script> &走了。"


def test_traditional_variant_gets_corner_quotes(tmp_path: Path) -> None:
    rows = [("p1.s1", 'He said "run".', "他說“潤”。", (), None), ("p1.s2", "Yes.", '是 "的" .', (), None)]
    po = write_po(tmp_path / "zh_TW.po", rows, language="zh_TW")
    edition = load_edition(po)
    assert edition.variant.code == "zh-TW"
    assert edition.blocks[0].target == "他說「潤」。是「的」。"
    page = build_edition(po, fmt="html", layout="side-by-side", allow_draft=False)
    assert '<html lang="zh-Hant-TW">' in page
    assert 'class="cell tgt" lang="zh-Hant-TW"' in page


def test_variant_from_file_stem_when_header_has_none(tmp_path: Path) -> None:
    po = write_po(tmp_path / "zh_HK.po", REVIEWED[:1], language="")
    assert load_edition(po).variant.code == "zh-HK"


def test_unknown_variant_is_refused(tmp_path: Path) -> None:
    po = write_po(tmp_path / "xx.po", REVIEWED[:1], language="xx")  # fr is a language of the table now (issue 23)
    with pytest.raises(CatalogError, match="cannot tell the language"):
        load_edition(po)


def test_entry_without_position_id_is_refused(tmp_path: Path) -> None:
    po = write_po(tmp_path / "zh_Hans.po", [("intro", "Hi.", "你好。", (), None)])
    with pytest.raises(CatalogError, match="'intro'"):
        load_edition(po)


# -- drafts ------------------------------------------------------------------------


def test_draft_is_refused_listing_entries(draft_po: Path) -> None:
    with pytest.raises(DraftError) as err:
        build_edition(draft_po, fmt="html", layout="side-by-side", allow_draft=False)
    assert "fuzzy: p2.s3" in err.value.message
    assert "untranslated: p5.s1" in err.value.message
    assert "--allow-draft" in err.value.hint
    assert err.value.exit_code == 1


def test_refused_draft_writes_nothing(draft_po: Path) -> None:
    with pytest.raises(DraftError):
        write_edition(draft_po, fmt="html", allow_draft=False)
    assert sorted(p.name for p in draft_po.parent.iterdir()) == ["zh_Hans.po"]


def test_allow_draft_marks_banner_and_entries(draft_po: Path) -> None:
    page = build_edition(draft_po, fmt="html", layout="side-by-side", allow_draft=True)
    assert 'class="draft-banner"' in page
    assert "<title>[DRAFT] " in page
    assert re.search(r'<span class="seg fuzzy" data-id="p2\.s3"[^>]*>没人知道。</span>', page)
    # an untranslated sentence shows its English source, marked and tagged English
    assert re.search(r'<span class="seg untranslated" data-id="p5\.s1"[^>]*lang="en">Not done yet\.</span>', page)
    assert page.count("seg fuzzy") == 2 and page.count("seg untranslated") == 2  # source + target cells
    md = build_edition(draft_po, fmt="md", layout="interleaved", allow_draft=True)
    assert md.startswith("> **DRAFT")
    assert "**(draft: p2.s3)** 大多数人" in md
    txt = build_edition(draft_po, fmt="txt", layout="target-only", allow_draft=True)
    assert txt.startswith("DRAFT — not reviewed (fuzzy: p2.s3; untranslated: p5.s1)")
    assert "[draft: p5.s1] Not done yet." in txt


def test_reviewed_edition_has_no_draft_marks(reviewed_po: Path) -> None:
    page = build_edition(reviewed_po, fmt="html", layout="side-by-side", allow_draft=False)
    assert "draft-banner" not in page.split("</style>")[1]
    assert "seg fuzzy" not in page and "[DRAFT]" not in page


# -- HTML ----------------------------------------------------------------------------


def test_side_by_side_html(reviewed_po: Path) -> None:
    page = build_edition(reviewed_po, fmt="html", layout="side-by-side", allow_draft=False)
    doc = parse(page)
    assert doc.html_lang == "zh-Hans"
    assert doc.title == "“润”运动 / The “Run” Movement"
    blocks = [b for b in doc.blocks]
    assert [b["id"] for b in blocks] == ["p1", "p2", "p3", "p4", "p10"]
    for b in blocks:
        assert "row" in b["classes"]
        assert [(c["side"], c["lang"]) for c in b["cells"]] == [("src", "en"), ("tgt", "zh-Hans")]
    assert blocks[1]["cells"][1]["text"].strip() == "大多数人先去了美国。他说“润”<script>alert(1)</script> &走了。"
    assert "<h1>" in page and "<h2>" in page and "<blockquote>" in page
    # every text escaped: the only <script> is none at all
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in page
    # self-contained: inline CSS, no external resources, no scripts
    assert "<style>" in page and not re.search(r"<link|src=|@import|url\(", page)
    # CSS: row grid, stacking media query, print rules, CJK font stacks
    assert "grid-template-columns: minmax(0, 1fr) minmax(0, 1fr)" in page
    assert re.search(r"@media \(max-width: [\d.]+rem\) \{[^@]*grid-template-columns: minmax\(0, 1fr\);", page)
    assert "@media print" in page
    assert re.search(r':lang\(zh-Hans\) \{ font-family: "Noto Sans CJK SC", .*"Microsoft YaHei"', page)
    assert re.search(r':lang\(zh-Hant\) \{ font-family: "Noto Sans CJK TC", .*"Microsoft JhengHei"', page)


def test_no_space_between_chinese_sentence_spans(reviewed_po: Path) -> None:
    page = build_edition(reviewed_po, fmt="html", layout="side-by-side", allow_draft=False)
    assert '美国。</span><span class="seg" data-id="p2.s2">他说' in page
    assert 'first.</span> <span class="seg" data-id="p2.s2">He said' in page


def test_page_title_without_title_block(tmp_path: Path) -> None:
    po = write_po(tmp_path / "zh_Hans.po", REVIEWED[1:2])
    page = build_edition(po, fmt="html", layout="side-by-side", allow_draft=False)
    # Issue 12: the headline, not the slug; without a title block, the first sentence.
    assert parse(page).title == "大多数人先去了美国。 / Most went to the U.S. first."


def test_interleaved_and_target_only_html(reviewed_po: Path) -> None:
    inter = parse(build_edition(reviewed_po, fmt="html", layout="interleaved", allow_draft=False))
    assert all(["src", "tgt"] == [c["side"] for c in b["cells"]] for b in inter.blocks)
    assert all("block" in b["classes"] for b in inter.blocks)
    only = parse(build_edition(reviewed_po, fmt="html", layout="target-only", allow_draft=False))
    assert all([("tgt", "zh-Hans")] == [(c["side"], c["lang"]) for c in b["cells"]] for b in only.blocks)
    assert only.title == "“润”运动"


def test_markdown_article_renders_inline_markup(tmp_path: Path) -> None:
    rows = [("p1.s1", "See *this* [link](https://example.com/?a=1&b=2).", "见 *这个* [链接](https://example.com/?a=1&b=2) .", (), None)]
    po = write_po(tmp_path / "zh_Hans.po", rows, references="articles/x.md")
    page = build_edition(po, fmt="html", layout="side-by-side", allow_draft=False)
    assert '见<em>这个</em><a href="https://example.com/?a=1&amp;b=2">链接</a>。' in page
    md = build_edition(po, fmt="md", layout="interleaved", allow_draft=False)
    assert "见*这个*[链接](https://example.com/?a=1&b=2)。" in md


def write_markdown_po(path: Path, rows, *, references: dict | None = None) -> Path:
    """A PO for a ``.md`` article, written by pipeline.catalog, with X-Markdown-References."""
    import json

    from pipeline.catalog import Catalog, Entry, new_header, write_catalog

    header = new_header("refs", "zh_Hans", now="2024-01-01 00:00+0000")
    if references is not None:
        header["X-Markdown-References"] = json.dumps(references, ensure_ascii=False, sort_keys=True)
    entries = [
        Entry(msgctxt=ctx, msgid=src, msgstr=tgt, notes=(f"kind: {kind}",) if kind else (), references=(("refs.md", "1"),))
        for ctx, src, tgt, kind in rows
    ]
    write_catalog(path, Catalog(language="zh_Hans", header=header, entries=entries))
    return path


REF_ROWS = [
    ("p1.s1", "The **Run** Movement", "**润** 运动", "title"),
    ("p2.s1", "Read [Safeguard Defenders][sd] and `code`.", "阅读 [保护卫士][sd] 和 `code` 。", None),
    ("p2.s2", "See [this](https://example.com/a?b=1&c=2) too.", "也 见 [这个](https://example.com/a?b=1&c=2) 。", None),
]
SD = {"SD": {"href": "https://example.org/report", "title": "The report"}}


def _links(page: str) -> list[dict]:
    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[dict] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.links.append(dict(attrs))

    p = Links()
    p.feed(page)
    return p.links


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved", "target-only"])
def test_reference_links_are_dropped_on_html_build(tmp_path: Path, layout: str) -> None:
    po = write_markdown_po(tmp_path / "zh_Hans.po", REF_ROWS, references=SD)
    page = build_edition(po, fmt="html", layout=layout, allow_draft=False)
    assert "][sd]" not in page
    assert '<a href="https://example.org/report" title="The report">保护卫士</a>' in page
    sd_links = [a for a in _links(page) if a.get("href") == "https://example.org/report"]
    assert len(sd_links) == (1 if layout == "target-only" else 2)  # English and Chinese
    assert parse(page).title.startswith("润运动")  # the <title> carries no ** markers


def test_reference_links_resolve_in_markdown_edition(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    po = write_markdown_po(tmp_path / "zh_Hans.po", REF_ROWS, references=SD)
    for layout in ("interleaved", "target-only", "side-by-side"):
        md = build_edition(po, fmt="md", layout=layout, allow_draft=False)
        assert "[保护卫士][sd]" in md  # the markup is kept ...
        assert md.rstrip("\n").endswith('\n\n[sd]: https://example.org/report "The report"')  # ... and resolves
        rendered = MarkdownIt("commonmark").render(md)
        assert '<a href="https://example.org/report" title="The report">保护卫士</a>' in rendered, layout
        assert "[sd]" not in rendered


def test_markdown_definitions_read_back_unchanged(tmp_path: Path) -> None:
    """Titles with quotes, backslashes and entity-like text; URLs with parentheses."""
    from markdown_it import MarkdownIt

    refs = {
        "A B": {"href": "https://x.org/a_(b)", "title": 'Say "hi" \\ &amp; co'},
        "Q": {"href": "https://x.org/?a=1&amp;b=2", "title": ""},
    }
    rows = [("p1.s1", "[x][a b] [y][q]", "[甲][a b] [乙][q]", None)]
    md = build_edition(write_markdown_po(tmp_path / "zh_Hans.po", rows, references=refs), fmt="md", allow_draft=False)
    env: dict = {}
    MarkdownIt("commonmark").parse(md, env)
    assert {k: {"href": v["href"], "title": v["title"]} for k, v in env["references"].items()} == refs


def test_text_edition_of_markdown_keeps_raw_markup(tmp_path: Path) -> None:
    po = write_markdown_po(tmp_path / "zh_Hans.po", REF_ROWS, references=SD)
    txt = build_edition(po, fmt="txt", layout="target-only", allow_draft=False)
    assert txt == (
        "润运动\n\n"
        "阅读保护卫士（https://example.org/report）和code。也见这个（https://example.com/a?b=1&c=2）。\n"
    )
    inter = build_edition(po, fmt="txt", layout="interleaved", allow_draft=False)
    assert inter.split("\n\n")[1].split("\n")[0] == (
        "Read Safeguard Defenders (https://example.org/report) and code. "
        "See this (https://example.com/a?b=1&c=2) too."
    )
    for marker in ("**", "`", "](", "][", "[sd]"):
        assert marker not in inter


def test_text_edition_plain_markdown_details(tmp_path: Path) -> None:
    """Autolinks are not doubled, images give their alt text, escapes are undone."""
    rows = [("p1.s1", "Go to <https://a.org>, see ![the *map*](m.png), 5 \\* 3.", "去 <https://a.org> ，见![the *map*](m.png)。", None)]
    txt = build_edition(write_markdown_po(tmp_path / "zh_Hans.po", rows), fmt="txt", layout="interleaved", allow_draft=False)
    assert txt.split("\n")[0] == "Go to https://a.org, see the map, 5 * 3."


def test_plain_text_article_text_edition_is_not_parsed(reviewed_po: Path) -> None:
    txt = build_edition(reviewed_po, fmt="txt", layout="interleaved", allow_draft=False)
    assert "<script>alert(1)</script>" in txt  # a .txt article's text is taken literally


def test_reference_links_header_is_checked(tmp_path: Path) -> None:
    po = write_markdown_po(tmp_path / "zh_Hans.po", REF_ROWS, references=SD)
    po.write_text(po.read_text(encoding="utf-8").replace('{\\"SD\\"', "{SD"), encoding="utf-8")
    with pytest.raises(CatalogError, match="X-Markdown-References"):
        build_edition(po, fmt="html", allow_draft=False)


def test_reference_links_refuse_javascript_urls(tmp_path: Path) -> None:
    refs = {"SD": {"href": "javascript:alert(1)", "title": ""}}
    page = build_edition(write_markdown_po(tmp_path / "zh_Hans.po", REF_ROWS, references=refs), fmt="html", allow_draft=False)
    assert "javascript:" not in page


# -- Markdown and text --------------------------------------------------------------


def test_markdown_interleaved(reviewed_po: Path) -> None:
    md = build_edition(reviewed_po, fmt="md", layout="interleaved", allow_draft=False)
    blocks = md.rstrip("\n").split("\n\n")
    assert blocks[0] == "# The “Run” Movement / “润”运动"
    assert blocks[1] == 'Most went to the U.S. first. He said "run" \\<script\\>alert(1)\\</script\\> & left.'
    assert blocks[2] == "大多数人先去了美国。他说“润”\\<script\\>alert(1)\\</script\\> &走了。"
    assert blocks[3] == "## Different Routes / 不同的路线"
    assert blocks[4] == "> A quote \\| with a pipe."
    assert blocks[-1] == "第十段。"


def test_markdown_side_by_side_is_a_table(reviewed_po: Path) -> None:
    md = build_edition(reviewed_po, fmt="md", layout="side-by-side", allow_draft=False)
    lines = md.splitlines()
    assert lines[0] == "# The “Run” Movement / “润”运动"
    table = [l for l in lines if l.startswith("| ")]
    assert table[0] == "| English | 简体中文 |" and lines[lines.index(table[0]) + 1] == "| --- | --- |"
    assert "| **Different Routes** | **不同的路线** |" in table
    assert "| A quote \\| with a pipe. | 一句\\|引语。 |" in table
    assert len(table) == 2 + 4  # header, rule, every block but the title


def test_text_target_only_golden(reviewed_po: Path) -> None:
    txt = build_edition(reviewed_po, fmt="txt", layout=None, allow_draft=False)
    assert txt == (
        "“润”运动\n\n"
        "大多数人先去了美国。他说“润”<script>alert(1)</script> &走了。\n\n"
        "不同的路线\n\n"
        "一句|引语。\n\n"
        "第十段。\n"
    )


def test_text_has_no_side_by_side(reviewed_po: Path) -> None:
    with pytest.raises(InputError, match="side-by-side"):
        build_edition(reviewed_po, fmt="txt", layout="side-by-side", allow_draft=False)


# -- writing and the CLI --------------------------------------------------------------


def test_default_output_path(reviewed_po: Path) -> None:
    assert default_output_path(reviewed_po, fmt="html") == reviewed_po.with_name("zh_Hans.side-by-side.html")
    assert default_output_path(reviewed_po, fmt="md", layout="target-only").name == "zh_Hans.target-only.md"
    assert default_output_path(reviewed_po, fmt="txt").name == "zh_Hans.target-only.txt"


def test_write_edition_is_atomic_and_returns_path(reviewed_po: Path, tmp_path: Path) -> None:
    out = write_edition(reviewed_po, out=tmp_path / "out" / "ed.html", fmt="html", allow_draft=False)
    assert out == tmp_path / "out" / "ed.html"
    assert out.read_text(encoding="utf-8") == build_edition(reviewed_po, fmt="html", allow_draft=False)
    assert [p.name for p in out.parent.iterdir()] == ["ed.html"]  # no temp file left


@pytest.fixture
def build_app():
    """The root app's error handling with the build command, registered as the lead does."""
    import typer

    from pipeline.cli import ErrorHandlingGroup
    from pipeline.cli.build import build_cli

    app = typer.Typer(cls=ErrorHandlingGroup)
    app.command("build")(build_cli)
    app.command("noop")(lambda: None)  # keep it a group
    return app


def test_cli_build_prints_path(build_app, runner, reviewed_po: Path) -> None:
    result = runner.invoke(build_app, ["build", str(reviewed_po), "--format", "md"])
    assert result.exit_code == 0, result.output
    expected = reviewed_po.with_name("zh_Hans.interleaved.md")
    assert result.output == f"{expected}\n"
    assert expected.read_text(encoding="utf-8").startswith("# The “Run” Movement")


def test_cli_build_refuses_draft(build_app, runner, draft_po: Path) -> None:
    result = runner.invoke(build_app, ["build", str(draft_po)])
    assert result.exit_code == 1
    assert "fuzzy: p2.s3" in result.output and "untranslated: p5.s1" in result.output
    result = runner.invoke(build_app, ["build", str(draft_po), "--allow-draft", "-l", "target-only", "-o", str(draft_po.parent / "x.html")])
    assert result.exit_code == 0, result.output
    assert "draft-banner" in (draft_po.parent / "x.html").read_text(encoding="utf-8")


def test_blocks_and_sentences_follow_the_po_order_not_id_numbers(tmp_path: Path) -> None:
    """Ids are names, not positions: a PO whose ids are out of numeric order publishes in its own order."""
    rows = [
        ("p7.s1", "The Title", "标题", (), "kind: title"),
        ("p2.s9", "First sentence.", "第一句。", (), None),
        ("p2.s3", "Second sentence.", "第二句。", (), None),
        ("p12.s1", "Last Heading", "最后的标题", (), "kind: heading 3"),
        ("p3.s1", "Closing words.", "结束语。", (), None),
    ]
    edition = load_edition(write_po(tmp_path / "zh_Hans.po", rows))
    assert [b.id for b in edition.blocks] == ["p7", "p2", "p12", "p3"]
    assert [(b.kind, b.level) for b in edition.blocks] == [("title", 1), ("paragraph", 2), ("heading", 3), ("paragraph", 2)]
    assert edition.blocks[1].target == "第一句。第二句。"
    text = build_edition(tmp_path / "zh_Hans.po", fmt="txt", layout="target-only")
    assert text == "标题\n\n第一句。第二句。\n\n最后的标题\n\n结束语。\n"
