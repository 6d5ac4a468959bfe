"""HTML articles: the skeleton reader, and build's target-only page with its text replaced."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import IdentityEngine

from pipeline.documents.article import BlockKind, article_from_text, segment_article
from pipeline.catalog import Catalog, Entry, dumps_catalog, load_catalog, new_header, write_catalog
from pipeline.documents.skeleton import rebuild, source_fields
from pipeline.documents.html import html_skeleton
from pipeline.documents.html_markup import set_lang
from pipeline.publish import build_edition

CORPUS = sorted((Path(__file__).resolve().parents[1] / "data" / "corpus-html").glob("*.html"))

PAGE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The run movement</title><style>p { color: red }</style></head>
<body><article>
<h1>The run movement</h1>
<p>Read <a href="https://x.org/r" title="Report">the report</a> now. <img src="m.png" alt="A map">
It&rsquo;s long &amp; hard.
<p class="notranslate">Do not translate.
<ul><li>One route<li>Two <code>x</code> routes</ul>
<pre>pre is kept</pre>
<table><tr><th>Route<td>Cost</table>
<div translate="no"><p>Kept as well.</p></div>
<script>var a = "<p>not text</p>";</script>
</article></body></html>
"""


def test_slots_of_a_page() -> None:
    skeleton = html_skeleton(PAGE)
    assert [(s.kind, s.text, s.parent) for s in skeleton.slots] == [
        (BlockKind.TITLE, "The run movement", -1),
        (BlockKind.HEADING, "The run movement", -1),
        (BlockKind.PARAGRAPH, 'Read <a href="https://x.org/r" title="Report">the report</a> now. '
                              '<img src="m.png" alt="A map"> It&rsquo;s long &amp; hard.', -1),
        (BlockKind.LINK_TITLE, "Report", 2),
        (BlockKind.ALT_TEXT, "A map", 2),
        (BlockKind.LIST_ITEM, "One route", -1),
        (BlockKind.LIST_ITEM, "Two <code>x</code> routes", -1),
        (BlockKind.TABLE_CELL, "Route", -1),
        (BlockKind.TABLE_CELL, "Cost", -1),
    ]  # fmt: skip


def test_everything_outside_the_slots_is_kept() -> None:
    skeleton = html_skeleton(PAGE)
    out = rebuild(skeleton, [f"⟨{i}⟩" for i in range(len(skeleton.slots))])
    restored = re.sub(r"⟨(\d+)⟩", lambda m: (s := skeleton.slots[int(m.group(1))]) and PAGE[s.start : s.end], out)
    assert restored == PAGE


def test_attributes_are_escaped_and_lang_is_set() -> None:
    skeleton = html_skeleton('<html><body><img alt="a" title=\'b\'></body></html>')
    out = rebuild(skeleton, ['说"是"', "it's"])
    assert out == "<html><body><img alt=\"说&quot;是&quot;\" title='it&#39;s'></body></html>"
    assert set_lang(out, "zh-Hans").startswith('<html lang="zh-Hans">')
    assert set_lang('<html lang="en">', "zh-TW") == '<html lang="zh-TW">'


def _reviewed(tmp_path: Path, text: str, transform=lambda s: s) -> Path:
    source = tmp_path / "page.html"
    source.write_text(text, encoding="utf-8")
    article = article_from_text(source, text)
    entries = [Entry(msgctxt=s.id, msgid=s.text, msgstr=transform(s.text)) for s in segment_article(article)]
    po = tmp_path / "po" / "zh_Hans.po"
    po.parent.mkdir(exist_ok=True)
    header = {**new_header("page", "zh_Hans"), **source_fields(source, po.parent, article.source_hash)}
    po.write_text(dumps_catalog(Catalog(language="zh_Hans", header=header, entries=entries)), encoding="utf-8")
    return po


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", [None, *CORPUS], ids=lambda p: p.stem if p else "page")
def test_identity_round_trip(tmp_path: Path, path: Path | None) -> None:
    text = PAGE if path is None else path.read_text(encoding="utf-8").replace("\r\n", "\n")
    out = build_edition(_reviewed(tmp_path, text), fmt="html", layout="target-only")
    # Only the language and the whitespace inside translated blocks change.
    assert _normal(out) == _normal(set_lang(text, "zh-Hans"))


def test_translated_page(cli, tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    assert cli("translate", source, "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    po = tmp_path / "out" / "page" / "zh_Hans.po"
    table = {
        "Read <a href=\"https://x.org/r\" title=\"Report\">the report</a> now.": "立即阅读<a href=\"https://x.org/r\" title=\"Report\">报告</a>。",
        "<img src=\"m.png\" alt=\"A map\"> It&rsquo;s long &amp; hard.": "<img src=\"m.png\" alt=\"A map\">漫长而艰难。",
        "Report": "报告",
        "A map": "地图",
    }
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr=table.get(e.msgid, "译" + e.msgid), flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    out = tmp_path / "zh.html"
    result = cli("build", po, "-l", "target-only", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page
    assert '<p>立即阅读<a href="https://x.org/r" title="报告">报告</a>。<img src="m.png" alt="地图">漫长而艰难。\n<p class="notranslate">' in page
    assert "<p class=\"notranslate\">Do not translate." in page and "<pre>pre is kept</pre>" in page
    assert 'var a = "<p>not text</p>";' in page and "<p>Kept as well.</p>" in page
    side = tmp_path / "both.html"
    assert cli("build", po, "-o", side).exit_code == 0
    assert '<a href="https://x.org/r" title="报告">报告</a>' in side.read_text(encoding="utf-8")


def test_html_not_in_the_source_is_refused(tmp_path: Path) -> None:
    po = _reviewed(tmp_path, PAGE, lambda s: s + "<script>alert(1)</script>" if s == "One route" else s)
    with pytest.raises(Exception, match="raw HTML"):
        build_edition(po, fmt="html", layout="target-only", allow_draft=True)


SITE = """\
<html><head><title>Site name</title></head><body>
<nav><p>Menu here.</p></nav>
<main><article class="post"><h1>The story</h1><p>It begins here. <img src="a.png" alt="A photo"></p>
<div class="notranslate"><p>Kept.</p></div></article></main>
<footer><p>Footer text.</p></footer></body></html>
"""


@pytest.mark.parametrize(
    ("select", "texts"),
    [
        (None, ["Site name", "Menu here.", "The story", 'It begins here. <img src="a.png" alt="A photo">', "A photo", "Footer text."]),
        ("article", ["The story", 'It begins here. <img src="a.png" alt="A photo">', "A photo"]),
        ("main .post h1", ["The story"]),
        ("nav, footer", ["Menu here.", "Footer text."]),
        ("#missing", []),
    ],
)  # fmt: skip
def test_select_translates_only_the_matched_part(select: str | None, texts: list[str]) -> None:
    assert [s.text for s in html_skeleton(SITE, select=select).slots] == texts


def test_select_is_recorded_and_used_by_build(cli, tmp_path: Path) -> None:
    source = tmp_path / "site.html"
    source.write_text(SITE, encoding="utf-8")
    assert cli("translate", source, "--select", "article", "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    po = tmp_path / "out" / "site" / "zh_Hans.po"
    catalog = load_catalog(po)
    assert catalog.header["X-Source-Select"] == "article"
    assert [e.msgid for e in catalog.entries] == ["The story", 'It begins here. <img src="a.png" alt="A photo">', "A photo"]
    catalog.entries = [replace(e, msgstr="译" + e.msgid, flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    out = tmp_path / "zh.html"
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Site name</title>" in page and "<p>Menu here.</p>" in page and "<h1>译The story</h1>" in page


def test_unsupported_selector_is_refused(cli, tmp_path: Path) -> None:
    source = tmp_path / "site.html"
    source.write_text(SITE, encoding="utf-8")
    result = cli("translate", source, "--select", "a > b", "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code != 0 and "unsupported selector" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ issue 20: nothing visible lost silently

NEWS = """\
<html><head><title>Council votes</title>
<meta name="description" content="The council voted.">
<meta property="og:title" content="Council votes on ban">
<meta name="viewport" content="width=device-width">
<script>var x = "<p>never text</p>";</script><style>.a{}</style></head>
<body><div class="dateline">LONDON</div>
<div class="byline">By <span class="author">Ann Lee</span> · <time datetime="2017-01-13">JAN. 13, 2017</time></div>
<figure><img src="a.jpg" alt="The chamber"><div class="caption">The chamber on Monday. <span class="credit">Photo: Reuters</span></div></figure>
<form><label for="q">Search</label> <input id="q" placeholder="Type a word"><button>Go</button>
<input type="submit" value="Send"></form>
<nav aria-label="Sections"><a href="/">Home</a></nav>
<template><p>Not shown.</p></template><noscript>Enable scripts.</noscript>
<table><tr><td><script>document.write("x")</script>Cell text.</td></tr></table>
<pre>kept code</pre>
<p>Type <code>exit ban</code> in the box.</p>
<div translate="no">Brand</div>
<img class="notranslate" alt="Logo"/>
</body></html>
"""


def test_every_visible_run_is_a_slot_whatever_holds_it() -> None:
    skeleton = html_skeleton(NEWS)
    texts = [s.text for s in skeleton.slots]
    assert texts == [
        "Council votes",
        "The council voted.",
        "Council votes on ban",
        "LONDON",
        'By <span class="author">Ann Lee</span> · <time datetime="2017-01-13">JAN. 13, 2017</time>',
        "The chamber",
        'The chamber on Monday. <span class="credit">Photo: Reuters</span>',
        '<label for="q">Search</label> <input id="q" placeholder="Type a word">',
        "Type a word",
        "Go",
        "Send",
        "Sections",
        '<a href="/">Home</a>',
        "Cell text.",
        "Type <code>exit ban</code> in the box.",
    ]
    kinds = {s.text: s.kind for s in skeleton.slots}
    assert kinds["Council votes"] is BlockKind.TITLE and kinds["The council voted."] is BlockKind.METADATA
    assert kinds["Cell text."] is BlockKind.TABLE_CELL
    assert "never text" not in " ".join(texts) and "Not shown." not in texts and "Enable scripts." not in texts


def test_what_is_left_untranslated_is_listed_with_its_line() -> None:
    skeleton = html_skeleton(NEWS)
    assert [(u.line, u.reason, u.text) for u in skeleton.untranslated] == [
        (14, "<pre>", "kept code"),
        (16, 'translate="no"', "Brand"),
    ]


def test_code_and_script_inside_a_run_are_markup_never_sent_to_the_engine() -> None:
    from pipeline.documents.html_markup import markup_spans

    text = 'Type <code>exit  ban</code> in <script>if (a < b) x("y")</script>the <span translate="no">BOX</span>.'
    assert [text[a:b] for a, b in markup_spans(text)] == [
        "<code>exit  ban</code>", '<script>if (a < b) x("y")</script>', '<span translate="no">BOX</span>'
    ]


def test_a_collapsed_run_keeps_the_whitespace_of_its_markup() -> None:
    skeleton = html_skeleton("<p>One\n   two <code>a\n  b</code></p>")
    assert skeleton.slots[0].text == "One two <code>a\n  b</code>"


def test_a_page_of_unclosed_tags_reads_in_linear_steps() -> None:
    """Issue 25: every start tag walked the stack of open elements. Count the reader's executed lines for N and 2N."""
    import sys

    import pipeline.documents.html_reader as reader

    def steps(n: int) -> int:
        count = 0

        def trace(frame, event, arg):
            nonlocal count
            if frame.f_code.co_filename != reader.__file__:
                return None
            if event == "line":
                count += 1
            return trace

        page = "<body>" + "<font>" * n + "<p>Some text.</p>" * n + "</b>" * n
        sys.settrace(trace)
        try:
            skeleton = html_skeleton(page)
        finally:
            sys.settrace(None)
        assert len(skeleton.slots) == n
        return count

    small, large = steps(300), steps(600)
    assert large < 2.2 * small  # quadratic would be about 4x


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained.&nbsp;The river rose.", ["It rained.&nbsp;", "The river rose."]),
        ("It rained.<br />The river rose.", ["It rained.<br />", "The river rose."]),
        ("<span>It rained.</span> <span>The river rose.</span>", ["<span>It rained.</span>", "<span>The river rose.</span>"]),
        ("He said &quot;No.&quot; Then he left.", ["He said &quot;No.&quot;", "Then he left."]),
        ("Posted <time>JAN. 13, 2017</time> by staff. Next one.", ["Posted <time>JAN. 13, 2017</time> by staff.", "Next one."]),
        ("Read <b>this.</b> <i>Then</i> that.", ["Read <b>this.</b>", "<i>Then</i> that."]),
    ],
)  # fmt: skip
def test_sentences_end_across_markup(text: str, expected: list[str]) -> None:
    article = article_from_text(Path("page.html"), f"<p>{text}</p>")
    assert [s.text for s in segment_article(article)] == expected


def test_the_report_lists_what_was_left(cli, tmp_path: Path) -> None:
    import json

    source = tmp_path / "news.html"
    source.write_text(NEWS, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "out", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert "2 visible text runs left untranslated" in result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["untranslated"] == 2
    assert report["per_article"][0]["untranslated"] == [
        {"line": 14, "reason": "<pre>", "text": "kept code"},
        {"line": 16, "reason": 'translate="no"', "text": "Brand"},
    ]


def test_markup_keeps_its_whitespace_through_a_translation(tmp_path: Path) -> None:
    """A draft's typography never collapses the whitespace of markup put back verbatim (build refused it as foreign HTML)."""
    from pipeline.qa.markup_checks import foreign_html
    from pipeline.translate import translate_articles

    page = tmp_path / "page.html"
    page.write_text('<p>Run <svg viewBox="0 0\n  10 10"><path d="M1\n  2"/></svg> it <code>a\n  b</code> now.</p>', encoding="utf-8")
    translate_articles([page], out_dir=tmp_path / "out", engine=IdentityEngine())
    (entry,) = load_catalog(tmp_path / "out" / "page" / "zh_Hans.po").active
    assert entry.msgstr == entry.msgid and not foreign_html(entry.msgid, entry.msgstr)


def test_an_attribute_value_with_spaces_around_it_comes_back_byte_for_byte() -> None:
    page = '<img alt=" A photo of goats. \n" title="x">'
    skeleton = html_skeleton(page)
    assert [s.text for s in skeleton.slots] == ["A photo of goats.", "x"]
    assert rebuild(skeleton, [s.text for s in skeleton.slots]) == page
    assert rebuild(skeleton, ["山羊", "x"]) == '<img alt=" 山羊 \n" title="x">'


def test_the_plain_text_of_a_run_is_what_a_reader_sees() -> None:
    from pipeline.documents.html_markup import plain_text

    text = '<script>document.write("<b>x</b>")</script>Cell &amp; <b>bold</b> <code>a</code><style>.a{}</style>.'
    assert plain_text(text) == "Cell & bold a."


def test_the_markdown_edition_of_a_page_is_refused_in_one_line(tmp_path: Path) -> None:
    """Issue 25: build -f md of an HTML article showed its tags as escaped text; it is refused, naming what works."""
    from pipeline.errors import InputError

    po = _reviewed(tmp_path, "<html><body><p>Read <b>this</b> &amp; <a href='x'>that</a>.</p></body></html>")
    with pytest.raises(InputError) as refused:
        build_edition(po, fmt="md", layout="target-only")
    assert "no Markdown edition" in str(refused.value) and "--format html" in refused.value.hint
