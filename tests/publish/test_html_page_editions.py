"""An HTML page's editions: the headline shows once (the page's ``<h1>``; the ``<title>``'s translation goes into the
edition's ``<title>`` element, not a body row), in the standalone HTML edition as in a book; a missing image is a
warning naming it in the EPUB (never a reference to a file the book lacks: epubcheck RSC-007)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import reviewed_po

PAGE = (
    "<!DOCTYPE html><html><head><title>Exit ban | The Daily</title></head><body>"
    "<h1>Exit ban</h1><p>The ban starts today.</p>"
    '<figure><img src="gone.jpg" alt="A gate"><figcaption>The gate.</figcaption></figure></body></html>'
)
TABLE = {
    "Exit ban | The Daily": "出境禁令 | 日报",
    "Exit ban": "出境禁令",
    "The ban starts today.": "禁令今天开始。",
    "A gate": "一扇门",
    "The gate.": "大门。",
}
NO_H1 = "<!DOCTYPE html><html><head><title>Exit ban</title></head><body><p>The ban starts today.</p></body></html>"


@pytest.fixture
def po(cli, tmp_path) -> Path:
    return reviewed_po(cli, tmp_path, PAGE, "page.html", TABLE)


def _build(cli, po: Path, out: Path, *options: str):
    result = cli("build", po, *options, "--out", out)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
def test_the_bilingual_page_shows_the_headline_once_and_titles_the_page_with_the_title(cli, po, tmp_path, layout):
    out = tmp_path / f"{layout}.html"
    _build(cli, po, out, "--format", "html", "--layout", layout)
    page = out.read_text(encoding="utf-8")
    body = page.split("<body", 1)[1]
    assert "kind-title" not in body and "日报" not in body and "The Daily" not in body
    assert body.count("<h1>") == 2  # the <h1>, once per language
    assert len(re.findall(r"<span[^>]*>出境禁令</span>", body)) == 1
    assert re.search(r"<title>出境禁令\s*\|\s*日报 / Exit ban \| The Daily</title>", page)


def test_a_page_without_h1_keeps_its_title_as_the_headline(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, NO_H1, "plain.html", {"Exit ban": "出境禁令", "The ban starts today.": "禁令今天开始。"})
    out = tmp_path / "plain.html"
    _build(cli, po, out, "--format", "html", "--layout", "side-by-side")
    body = out.read_text(encoding="utf-8").split("<body", 1)[1]
    assert "kind-title" in body and "出境禁令" in body


def test_the_standalone_page_and_the_book_chapter_agree_on_the_headline(cli, po, tmp_path):
    _build(cli, po, tmp_path / "b.epub", "--format", "epub", "--layout", "side-by-side")
    with zipfile.ZipFile(tmp_path / "b.epub") as zf:
        chapter = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml") and "禁令今天开始" in zf.read(n).decode())
    assert "日报" not in chapter.split("<body", 1)[1]


@pytest.mark.parametrize("layout", ["target-only", "side-by-side"])
def test_a_missing_image_in_the_epub_is_a_warning_never_a_reference(cli, po, tmp_path, layout):
    out = tmp_path / f"{layout}.epub"
    result = _build(cli, po, out, "--format", "epub", "--layout", layout)
    with zipfile.ZipFile(out) as zf:
        chapters = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert "gone.jpg" not in chapters
    if layout == "target-only":  # (a bilingual layout of an HTML page shows no figure without text yet)
        assert "image gone.jpg not found" in result.output and "alt text is shown" in result.output
        assert "一扇门" in chapters  # the translated alt text in its place


def test_the_html_page_keeps_a_missing_image_tag_and_names_it(cli, po, tmp_path):
    """The standalone target-only page is the source page with its text replaced: its tags stay as the page had them."""
    out = tmp_path / "page.html"
    result = _build(cli, po, out, "--format", "html", "--layout", "target-only")
    assert "image gone.jpg not found" in result.output
    assert '<img src="gone.jpg" alt="一扇门">' in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_target_only_epub_of_a_page_with_a_missing_image_passes_epubcheck(cli, po, tmp_path):
    from test_epub import assert_epubcheck_passes, epubcheck_command

    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed (apt-get install epubcheck)")
    out = tmp_path / "t.epub"
    _build(cli, po, out, "--format", "epub", "--layout", "target-only")
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))
