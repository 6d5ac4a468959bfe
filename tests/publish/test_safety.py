"""The one HTML safety policy (pipeline.publish.safety): what check reports is what build refuses and the renderer escapes."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import HTML_ARTICLE, HTML_ATTACKS, HTML_TABLE, reviewed_po as reviewed
from pipeline.publish.safety import (
    foreign_markdown_html,
    foreign_markup,
    html_markup,
    html_tokens,
    safe_html,
    safe_url,
    url_scheme,
)
from pipeline.documents.html import HTML
from pipeline.qa.framework import CheckContext
from pipeline.qa.markup_checks import check_markup
from test_epub import epubcheck_command



# -- the tokens --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["人们<!--跑", "<em>a</em><!--x", "&amp;<!--x", "a<script>alert(1)", "a < b > c", "&#x3c;img&gt;", "<![CDATA[x]]>y",
     "<?php x ?>", "<scr<script>ipt>", "x &lt y", ""],
)  # fmt: skip
def test_tokens_join_back_into_the_text(text: str) -> None:
    assert "".join(t.raw for t in html_tokens(text)) == text


SAFE_HTML = [
    # (source, target, written)
    ("People <em>run</em>.", "人们\\<img src=y onerror=alert(1)>跑<em>得</em>。", "人们\\&lt;img src=y onerror=alert(1)&gt;跑<em>得</em>。"),
    ("People run.", "<img/src=x onerror=alert(1)>", "&lt;img/src=x onerror=alert(1)&gt;"),
    ("See <a href='x'>it</a>.", "看<a href='x'>它</a><!--", "看<a href='x'>它</a>&lt;!--"),
    ("One <b>b</b>.", "<b>一</b><b>二</b>", "<b>一</b>&lt;b&gt;二&lt;/b&gt;"),  # as often as the source: once
    ("Run <script>x()</script>.", "跑<script>alert(1)</script>", "跑&lt;script&gt;alert(1)</script>"),  # a stray end tag is harmless
    ("Run <script>x()</script>.", "跑<script>x()</script>。", "跑<script>x()</script>。"),
    ("Run.", "跑<script>alert(1)", "跑&lt;script&gt;alert(1)"),
    ("Run.", "&lt;b&gt; &amp;<!--x", "&lt;b&gt; &amp;&lt;!--x"),
    ("a < b", "a < b", "a &lt; b"),
    ('A <a href="javascript:x()">link</a>.', '一<a href="javascript:x()">链接</a>。', "一<a>链接</a>。"),
]


@pytest.mark.parametrize("source, target, written", SAFE_HTML)
def test_safe_html_keeps_only_the_source_markup(source: str, target: str, written: str) -> None:
    assert safe_html(source, target) == written


@pytest.mark.parametrize("attack", HTML_ATTACKS.values(), ids=HTML_ATTACKS)
def test_foreign_markup_in_an_html_article_is_an_error(attack: str) -> None:
    source = "People <em>run</em> fast."
    assert foreign_markup(source, attack, fmt="html")
    messages = check_markup.messages(source, attack, CheckContext(document_format="html"))
    assert any("in the target is not in the source" in m for m in messages), messages
    assert "<" not in safe_html(source, attack).replace("<em>", "").replace("</em>", "")


def test_html_markup_lost_is_an_error_and_kept_markup_is_fine() -> None:
    context = CheckContext(document_format="html")
    assert check_markup.messages("People <em>run</em>.", "人们<em>跑</em>。", context) == []
    assert check_markup.messages("People <em>run</em>.", "人们<em>跑。", context) == ["HTML </em> missing or changed in the target"]
    # an HTML article's * and ` are text, not Markdown
    assert check_markup.messages("5 * 3 and `x`.", "5 * 3 和 x。", context) == []


URLS = [
    ("javascript:alert(1)", "javascript"),
    ("jav\tascript:alert(1)", "javascript"),
    ("jav\nascr\ript:alert(1)", "javascript"),
    ("jav&#x09;ascript:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    (" \x01\x1f javascript:alert(1)", "javascript"),
    ("vbscript:x", "vbscript"),
    ("data:text/html,<script>alert(1)</script>", "data"),
    ("https://x.org/a:b", "https"),
    ("p.png", ""),
    ("/a:b", ""),
    ("#top", ""),
]


@pytest.mark.parametrize("url, scheme", URLS)
def test_url_scheme_is_read_as_browsers_read_it(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme
    assert safe_url(url) == (scheme in ("", "https"))


# -- Markdown editions -------------------------------------------------------------------------


def test_markdown_edition_html_is_compared_with_the_source_document() -> None:
    source = "Use `x` and `y` here.\n\n<div class=\"box\">\nText\n</div>\n"
    assert foreign_markdown_html(source, "用 `x` 和 `y`。\n\n<div class=\"box\">\n文字\n</div>\n") == []
    # one sentence ends with a backtick, the next "code span" then opens outside any span
    joined = "用 `x` 和` `<img src=x onerror=alert(1)>`。\n"
    assert foreign_markdown_html(source, joined) == ["<img src=x onerror=alert(1)>"]


# -- EPUB ---------------------------------------------------------------------------------


def epubcheck(book: Path) -> subprocess.CompletedProcess | None:
    command = epubcheck_command()
    if command is None:
        return None
    return subprocess.run([*command, str(book)], capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_control_characters_in_translations_leave_a_well_formed_epub(cli, tmp_path: Path) -> None:
    from test_safety_browser import NO_PICTURE

    po = reviewed(
        cli, tmp_path, NO_PICTURE, "a.html", HTML_TABLE,
        **{"Runners": "跑\x01者\x1b", "Last paragraph here.": "最后\x0c一段。"},
    )  # fmt: skip
    book = tmp_path / "a.epub"
    result = cli("build", po, "-f", "epub", "-l", "side-by-side", "--author", "Desk", "-o", book)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(book) as zf:
        for name in zf.namelist():
            if name.endswith((".opf", ".xhtml", ".xml")):
                ElementTree.fromstring(zf.read(name))  # well-formed XML
        assert "跑者" in zf.read("OEBPS/content.opf").decode("utf-8")
    checked = epubcheck(book)
    if checked is not None:
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_epub_of_an_article_with_javascript_links_passes_epubcheck(cli, tmp_path: Path) -> None:
    from test_safety_browser import _linked_article

    po = _linked_article(tmp_path, cli)
    book = tmp_path / "links.epub"
    assert cli("build", po, "-f", "epub", "-o", book).exit_code == 0
    with zipfile.ZipFile(book) as zf:
        body = zf.read("OEBPS/chapter-001.xhtml").decode("utf-8")
    assert "ascript" not in body.lower() and "链接4" in body
    checked = epubcheck(book)
    if checked is not None:
        assert checked.returncode == 0, checked.stdout + checked.stderr


# -- check and build agree ----------------------------------------------------------------------

FRAGMENTS = [
    "人们", "跑", "，", "。", " ", "said, ", '"hi"', "'x'", "(1)", "<em>", "</em>", '<a href="x?a=1&b=2" title="a>b">',
    "</a>", "<br/>", "<!-- c -->", "<!--", "&amp;", "&", "<", ">", "<img src=y onerror=alert(1)>", "<b", "`", "\\",
    "x()", '<a title="He said \'hi\', ok">', "<!DOCTYPE x>", "<?pi?>",
]


def test_typesetting_never_changes_what_the_check_judged() -> None:
    """check reads the msgstr, build the typeset target: their markup must be the same tokens.

    (Not yet for the content of an inline ``<script>``: typography reaches it, so
    build refuses what check accepted. Scripts leave sentences with issue 20.)
    """
    import random

    from pipeline.languages.variants import find
    from pipeline.publish.model import typeset

    rng = random.Random(25)
    for variant in ("zh_Hans", "zh_TW"):
        for _ in range(1500):
            text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 8)))
            typeset_text = typeset(text, find(variant), document=HTML)
            assert html_markup(typeset_text) == html_markup(text), (text, typeset_text)


def test_check_reads_an_html_po_as_html_without_its_source_recorded(tmp_path: Path) -> None:
    """A PO whose header records no source still names its article in its references (``#: a.html:5``)."""
    import polib

    from pipeline.qa.checks import check_catalog, document_format

    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "zh_Hans", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgctxt="p1.s1", msgid="People run.", msgstr="人们`<b onclick=x()>`跑。", occurrences=[("a.html", "5")]))
    path = tmp_path / "zh_Hans.po"
    po.save(str(path))
    report = check_catalog(path)
    assert [f.message for f in report.findings if f.check == "xmltags"] == ["HTML <b onclick=x()> in the target is not in the source"]
    assert document_format({}, []) == "" and document_format({"X-Source-Document": "../a.md"}, []) == "md"


@pytest.mark.parametrize("name", ["Introduction.html", "Size-and-Alignment.html"])
def test_real_pages_keep_every_tag_through_the_policy(cli, tmp_path: Path, name: str) -> None:
    """libffi's manual pages (tests/data/corpus-html), each msgstr its msgid: check finds no markup error,
    and the target-only edition has the source's markup token for token (only ``lang`` is set)."""
    from conftest import ROOT
    from pipeline.publish.safety import html_markup

    text = (ROOT / "tests" / "data" / "corpus-html" / name).read_text(encoding="utf-8")
    po = reviewed(cli, tmp_path, text, name, {})  # every msgstr = its msgid
    check = cli("check", po, "--json")
    assert '"check": "xmltags"' not in check.output
    out = tmp_path / "t.html"
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    source, edition = html_markup(text), html_markup(page)
    assert len(source) == len(edition)
    assert [(a, b) for a, b in zip(source, edition) if a != b] == [("<html>", '<html lang="zh-Hans">')]
    assert page.count("&lt;") == text.count("&lt;")  # nothing of the page was turned into text


def test_what_safe_html_writes_holds_no_markup_but_the_sources() -> None:
    """Whatever the target, the written text read again has only the source's markup tokens (as often)."""
    import random
    from collections import Counter

    rng = random.Random(9)
    pieces = [*FRAGMENTS, "<script>", "</script>", "<style>", "<svg onload=x()>", "<img/src=x onerror=y()>", "</", "<!", "<?",
              "<a href=\"javascript:x()\">", "\"", "'", "=", "&#60;", "&lt", "<textarea>", "<title>"]  # fmt: skip
    source = 'Run <em>now</em>, see <a href="x?a=1&b=2" title="a>b">this</a><br/><!-- c --> & <script>x()</script>.'
    allowed = Counter(html_markup(source))
    for _ in range(3000):
        target = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        written = safe_html(source, target)
        found = Counter(html_markup(written))
        assert not found - allowed, (target, written)


def test_translated_alt_text_survives_a_bare_angle_bracket() -> None:
    """Text escaping alone must not cost a sentence its translated alt text."""
    from pipeline.publish.html import safe_target
    from pipeline.publish.model import REVIEWED, Sentence

    source = 'Pic <img src="p.png" alt="a dog"> here > there.'
    own = '图<img src="p.png" alt="a dog">在 > 那。'
    target = '图<img src="p.png" alt="一只狗">在 > 那。'
    assert safe_target(Sentence("p1.s1", source, target, REVIEWED, own=own)) == '图<img src="p.png" alt="一只狗">在 &gt; 那。'
    foreign = Sentence("p1.s1", source, target.replace("。", "<b>。"), REVIEWED, own=own.replace("。", "<b>。"))
    assert safe_target(foreign) == '图<img src="p.png" alt="a dog">在 &gt; 那&lt;b&gt;。'
