"""Alerts, admonitions, definition lists and the inline HTML a source had, in the HTML, EPUB and PDF editions.

The article is ``tests/data/editions/notes.md``: GitHub alerts, mkdocs admonitions (titled, collapsible),
MyST directives, ``<kbd>``/``<abbr>``/``<sub>``/``<sup>``/``<mark>``/``<br>`` and a definition list. Every entry is
"reviewed" as ``译`` + its English (as in test_editions_structure), so each side can be told apart.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from test_editions_structure import LAYOUTS, _html, _pdf, _review, assert_every_layout_is_nu_valid

ARTICLE = ROOT / "tests" / "data" / "editions" / "notes.md"


@pytest.fixture
def notes_po(cli, tmp_path) -> Path:
    shutil.copy(ARTICLE, tmp_path / "notes.md")
    result = cli("translate", tmp_path / "notes.md", "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "notes" / "zh_Hans.po"
    _review(po)
    return po


def _boxes(page: str) -> list[tuple[str, str, str]]:
    """``(element, classes, title text)`` of every box, in order."""
    found = re.findall(r'<(aside|details) class="([^"]*)"[^>]*>\s*<(?:p|summary) class="admonition-title">(.*?)</(?:p|summary)>', page, re.S)
    return [(tag, klass, re.sub(r"<[^>]+>", "|", title)) for tag, klass, title in found]


# -- alerts and admonitions ----------------------------------------------------------------------


#: Golden: each box of notes.md, in order: element, classes, title (English | Chinese in a bilingual layout).
BOXES = [
    ("aside", "admonition note", "Note", "注解"),
    ("aside", "admonition tip", "Tip", "小技巧"),
    ("aside", "admonition important", "Important", "重要"),
    ("aside", "admonition warning", "Warning", "警告"),
    ("aside", "admonition caution", "Caution", "小心"),
    ("aside", "admonition tip", "Pack light", "译Pack light"),
    ("details", "admonition note", "More details", "译More details"),
    ("details", "admonition warning", "Open by default", "译Open by default"),
    ("aside", "admonition important", "Important", "重要"),
    ("aside", "admonition", "Local custom", "译Local custom"),
    ("aside", "admonition hint", "Pay in cash", "译Pay in cash"),  # a MyST colon fence, its kind from :class:
    ("aside", "admonition tab", "By train", "译By train"),  # a content tab
    ("details", "admonition warning", "Border hours", "译Border hours"),  # a pymdown block: its kind from its type: option, its own title translated
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_alerts_and_admonitions_are_boxes_of_their_kind_with_a_translated_title(notes_po, layout):
    page = _html(notes_po, layout)
    boxes = _boxes(page)
    assert [(tag, klass) for tag, klass, _ in boxes] == [(tag, klass) for tag, klass, _, _ in BOXES]
    for (_, _, title), (_, _, english, chinese) in zip(boxes, BOXES):
        words = [w for w in title.split("|") if w]
        assert words == ([chinese] if layout == "target-only" else [english, chinese]), title
    assert "[!" not in page  # the marker is not text
    assert "!!!" not in page and "???" not in page and "{admonition}" not in page and "{important}" not in page
    assert ":class:" not in page and ":::" not in page and "===" not in page and "///" not in page and "type:" not in page
    assert page.count("<details") == 3 and page.count("<details class=\"admonition warning\" open>") == 1


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_a_box_holds_both_languages_in_a_bilingual_layout(notes_po, layout):
    page = _html(notes_po, layout)
    (box,) = re.findall(r'<aside class="admonition caution">.*?</aside>', page, re.S)
    row = "row" if layout == "side-by-side" else "block"
    assert f'<div class="{row} kind-quote"' in box  # the content is a row of its own inside the one box
    assert ">Do not sign what you cannot read.</span>" in box and ">译Do not sign what you cannot read。</span>" in box
    assert page.count("Do not sign what you cannot read.") == 1  # shown once per language, not twice


def test_a_traditional_edition_labels_its_boxes_in_traditional_characters():
    from pipeline.publish.admonitions import label

    assert [label(kind, "zh-Hans") for kind in ("note", "seealso", "danger")] == ["注解", "也可以参考", "危险"]
    assert [label(kind, "zh-TW") for kind in ("note", "seealso", "danger")] == ["註解", "也可以參考", "危險"]
    assert label("note", "en") == "Note" and label("custom-kind", "zh-Hans") == "Custom kind"


# -- definition lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_definition_list_keeps_its_form(notes_po, layout):
    page = _html(notes_po, layout)
    lists = re.findall(r"<dl>(.*?)</dl>", page, re.S)
    assert len(lists) == (1 if layout == "target-only" else 2)
    terms = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<dt>(.*?)</dt>", lists[-1], re.S)]
    definitions = [re.sub(r"<[^>]+>", "", d) for d in re.findall(r"<dd>(.*?)</dd>", lists[-1], re.S)]
    assert terms == ["译Visa", "译Passport"]
    assert definitions == ["译A permit to enter a country。", "译A document that proves who you are。"]


# -- inline HTML ---------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_inline_html_of_the_source_is_rendered(notes_po, layout):
    page = _html(notes_po, layout)
    sides = 1 if layout == "target-only" else 2
    for element in ("<kbd>Ctrl</kbd>", '<abbr title="World Health Organization">WHO</abbr>', "H<sub>2</sub>O",
                    "m<sup>2</sup>", "<mark>remember this</mark>", "<br>"):
        assert page.count(element) == sides, element
    assert "&lt;kbd&gt;" not in page and "&lt;br&gt;" not in page


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_html_block_of_the_source_is_html_without_its_script(notes_po, layout):
    page = _html(notes_po, layout)
    blocks = re.findall(r'<div class="callout">\s*<p><span[^>]*>(.*?)</span></p>\s*</div>', page)
    assert blocks == (["译Keep your receipts。"] if layout == "target-only" else ["Keep your receipts.", "译Keep your receipts。"])
    assert "&lt;div" not in page and "track()" not in page


#: Golden: (source sentence, translation, what the HTML edition writes): the source's inline HTML is HTML,
#: as often as the source has it; any other is text; an unsafe URL is dropped from a kept tag.
INLINE_HTML = [
    ("Press <kbd>C</kbd>.", "按 <kbd>C</kbd>。", "按 <kbd>C</kbd>。"),
    ("Press C.", "按 <kbd>C</kbd>。", "按 &lt;kbd&gt;C&lt;/kbd&gt;。"),
    ("One <b>b</b>.", "<b>一</b><b>二</b>", "<b>一</b>&lt;b&gt;二&lt;/b&gt;"),
    ("Run.<br> Now.", "跑。<br>现在。<br>", "跑。<br>现在。&lt;br&gt;"),
    ("Run.", '<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
    ("Run <b>now</b>.", '跑<b onclick="x()">现在</b>。', "跑&lt;b onclick=&quot;x()&quot;&gt;现在&lt;/b&gt;。"),  # no stray end tag
    ("<mark>Run.", "<mark>跑。", "<mark>跑。</mark>"),  # a tag the next sentence closes is closed in this one
    ('A <a href="javascript:x()">link</a>.', '一<a href="javascript:x()">链接</a>。', "一<a>链接</a>。"),
    ("H<sub>2</sub>O is *water*.", "H<sub>2</sub>O 是*水*。", "H<sub>2</sub>O 是<em>水</em>。"),
    ('Logo <img alt="Logo" src="l.png">.', '标志 <img alt="标志 &quot;1&quot;" src="l.png">。', '标志 <img alt="标志 &quot;1&quot;" src="l.png">。'),
    ('Logo <img alt="Logo" src="l.png">.', '<img alt="x" src="evil.png">', "&lt;img alt=&quot;x&quot; src=&quot;evil.png&quot;&gt;"),
    ('<b onclick="x()">Run</b>.', '<b onclick="x()">跑</b>。', "<b>跑</b>。"),  # the source's own handler is not run either
    ('The <abbr title="World Health Organization">WHO</abbr>.', '<abbr title="World Health Organization">WHO</abbr>。',
     '<abbr title="World Health Organization">WHO</abbr>。'),
]


@pytest.mark.parametrize("source, target, written", INLINE_HTML)
def test_only_the_inline_html_the_source_has_is_rendered(source, target, written):
    from pipeline.publish.html import _html_text

    assert _html_text(target, {"references": {}}, source) == written


# -- outside checks: Nu HTML checker, epubcheck, PDF ----------------------------------------------


@pytest.mark.slow
def test_every_layout_with_boxes_and_inline_html_is_valid_under_the_nu_checker(notes_po, tmp_path):
    assert_every_layout_is_nu_valid(notes_po, tmp_path)


@pytest.mark.slow
def test_the_epub_with_boxes_is_clean_under_epubcheck_and_opens_its_collapsed_boxes(cli, notes_po, tmp_path):
    from test_epub import assert_epubcheck_passes, epubcheck_command

    out = tmp_path / "notes.epub"
    result = cli("build", notes_po, "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as book:
        chapter = book.read("OEBPS/chapter-001.xhtml").decode()
    assert chapter.count('<details class="admonition') == 3 and chapter.count('open="open"') == 3  # no click on paper
    assert chapter.count("<kbd>Ctrl</kbd>") == 2 and "<br/>" in chapter and chapter.count("<dl>") == 2
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed")
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))


@pytest.mark.slow
def test_the_pdf_prints_every_box_open_with_its_title(cli, notes_po, tmp_path):
    pdf = _pdf(cli, notes_po, tmp_path / "notes.pdf", layout="target-only")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("注解", "小心", "译More details", "译The list is long", "译Borders close", "译Visa", "H2O"):
        assert words.replace(" ", "") in text.replace(" ", ""), words
    assert "[!" not in text and "<kbd>" not in text
    if shutil.which("pdffonts") is not None:  # the boxes' titles, <kbd> keys and Chinese *emphasis* add no Type 3 font
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert not [row for row in fonts.splitlines()[2:] if "Type 3" in row], fonts


#: Measured in the browser: each box, its rows (both cells) and whether its content shows; the <kbd> keys.
BROWSER_MEASURE = """
(() => {
  const box = el => el.getBoundingClientRect();
  const boxes = [...document.querySelectorAll('.admonition')].map(el => {
    const b = box(el);
    const rows = [...el.querySelectorAll(':scope > .row')].map(row => {
      const src = box(row.querySelector(':scope > .cell.src')), tgt = box(row.querySelector(':scope > .cell.tgt'));
      return {srcTop: src.top, tgtTop: tgt.top, srcRight: src.right, tgtLeft: tgt.left,
              inside: src.left >= b.left && tgt.right <= b.right, shown: row.checkVisibility()};
    });
    return {tag: el.tagName, width: b.width, rows};
  });
  const kbd = document.querySelector('.cell.tgt kbd');
  return {page: document.querySelector('article.edition').getBoundingClientRect().width, boxes,
          kbd: kbd && getComputedStyle(kbd).borderTopStyle};
})()
"""


@pytest.mark.slow
@pytest.mark.browser
def test_in_a_browser_a_box_spans_the_page_and_holds_aligned_rows(cli, notes_po, tmp_path, tmp_path_factory):
    from test_browser import CDP, chromium_path, evaluate, set_width

    chromium = chromium_path()
    if chromium is None:
        pytest.skip("chromium is not installed")
    out = tmp_path / "notes.html"
    assert cli("build", notes_po, "--layout", "side-by-side", "--out", out).exit_code == 0
    cdp = CDP(chromium, tmp_path_factory.mktemp("profile"))  # a short path: Chromium's profile socket path is bounded
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime"):
            cdp.send(f"{domain}.enable", session=session)
        set_width(cdp, session, 1280)
        cdp.send("Page.navigate", {"url": out.as_uri()}, session=session)
        cdp.wait_event("Page.loadEventFired", session)
        measured = evaluate(cdp, session, BROWSER_MEASURE)
    finally:
        cdp.close()
    assert len(measured["boxes"]) == len(BOXES)
    for box, (tag, _, _, _) in zip(measured["boxes"], BOXES):
        assert box["tag"] == tag.upper()
        assert box["width"] >= 0.95 * measured["page"]  # across the page, not in one column
        for row in box["rows"]:
            assert row["inside"]
            if tag == "details" and not row["shown"]:
                continue  # a closed collapsible box: its rows are hidden until opened
            assert abs(row["srcTop"] - row["tgtTop"]) < 0.5 and row["tgtLeft"] >= row["srcRight"]
    closed = [box for box, spec in zip(measured["boxes"], BOXES) if spec[1] == "admonition note" and spec[0] == "details"]
    assert closed and not any(row["shown"] for row in closed[0]["rows"])  # ??? is closed
    assert measured["kbd"] == "solid"  # <kbd> is an element, styled, not text


def test_the_text_edition_reads_inline_html_as_its_text(notes_po):
    from pipeline.publish import build_edition

    text = build_edition(notes_po, fmt="txt", layout="target-only")
    assert "译Press Ctrl+C to copy the WHO advice。" in text and "H2O" in text
    assert "<kbd>" not in text and "<br>" not in text and "<abbr" not in text
