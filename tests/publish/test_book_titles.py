"""Default titles of books (``mtpipe build --format epub``): an HTML page's chapter is titled by its ``<h1>``, not
its ``<title>`` with the site's name, and shows its headline once; a book of several articles without ``--title``
is "N articles", with a warning."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

NEWS = (
    "<html><head><title>Dozens Detained at Border | The Daily Example</title></head><body>"
    "<h1>Dozens Detained at Border</h1><p>Officers detained dozens of travellers.</p></body></html>"
)
POST = "# Why the Exit Ban Matters\n\nThe airport is busy.\n"


@pytest.fixture
def pos(cli, tmp_path) -> dict[str, Path]:
    from pipeline.catalog import load_catalog, write_catalog

    (tmp_path / "news.html").write_text(NEWS, encoding="utf-8")
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    result = cli("translate", tmp_path / "news.html", tmp_path / "post.md", "--engine", "none", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    found = {}
    for stem in ("news", "post"):
        po = found[stem] = tmp_path / "o" / stem / "zh_Hans.po"
        catalog = load_catalog(po)
        catalog.entries = [replace(e, msgstr="译" + e.msgid, flags=()) for e in catalog.entries]
        write_catalog(po, catalog)
    return found


def _epub(cli, tmp_path: Path, *args) -> tuple[dict[str, str], str]:
    out = tmp_path / "book.epub"
    result = cli("build", *args, "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        return {n: zf.read(n).decode() for n in zf.namelist() if n.endswith((".opf", ".xhtml", ".ncx"))}, result.stderr


def _dc_title(files: dict[str, str]) -> str:
    return re.search(r"<dc:title[^>]*>(.*?)</dc:title>", files["OEBPS/content.opf"]).group(1)


@pytest.mark.parametrize("layout", ["side-by-side", "target-only"])
def test_an_html_page_is_titled_by_its_h1_shown_once(cli, pos, tmp_path, layout):
    """Regression: the book was titled "… | The Daily Example", and the side-by-side chapter showed the headline twice."""
    files, _ = _epub(cli, tmp_path, pos["news"], "--layout", layout)
    assert _dc_title(files) == "译Dozens Detained at Border / Dozens Detained at Border"
    chapter = files["OEBPS/chapter-001.xhtml"]
    body = chapter.split("<body", 1)[1]
    assert "Daily Example" not in body + files["OEBPS/nav.xhtml"] + files["OEBPS/toc.ncx"]
    assert body.count("Dozens Detained at Border<") == (2 if layout == "side-by-side" else 1), body


def test_a_book_of_several_articles_is_n_articles_with_a_warning(cli, pos, tmp_path):
    """Regression: it was titled "<first article's title> (+1 more)"."""
    files, stderr = _epub(cli, tmp_path, pos["post"], pos["news"])
    assert _dc_title(files) == "2 articles"
    assert stderr.count("Warning:") == 1 and 'has no --title: it is titled "2 articles"; give --title' in stderr


def test_given_a_title_a_book_of_several_articles_does_not_warn(cli, pos, tmp_path):
    files, stderr = _epub(cli, tmp_path, pos["post"], pos["news"], "--title", "Exit bans")
    assert _dc_title(files) == "Exit bans" and "Warning" not in stderr


def test_a_markdown_article_keeps_its_title(cli, pos, tmp_path):
    files, stderr = _epub(cli, tmp_path, pos["post"])
    assert _dc_title(files) == "译Why the Exit Ban Matters / Why the Exit Ban Matters" and "Warning" not in stderr
