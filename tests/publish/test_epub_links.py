"""Links in a book (``mtpipe build --format epub``, and the page a PDF is printed from): a link to another chapter
goes to that chapter, a relative or site link out of the book becomes absolute against the article's address
(front-matter ``url``, an HTML page's ``<base>``, canonical link or ``og:url``), or plain text with one warning;
every book passes epubcheck (no RSC-007 for ``OEBPS/other.md``)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from test_epub import epubcheck_command

POST = "# Post\n\nSee [the other post](other.md) and [the archive](/archive/), [mail](mailto:a@b.c) and [home](https://example.org/).\n"
OTHER = '---\ntitle: "Other"\nurl: "https://example.org/posts/other/"\n---\n\nRead [the post](post.md) or [the archive](/archive/).\n'
NEWS = (
    '<html><head><link rel="canonical" href="https://news.example/world/x"></head><body><h1>News</h1>'
    '<p>Go <a href="/">home</a>, to <a href="/world">the world desk</a> or <a href="a">story a</a>.</p></body></html>'
)


@pytest.fixture
def pos(cli, tmp_path) -> dict[str, Path]:
    """post.md, other.md and news.html translated with --engine none, every entry reviewed (``译`` + English)."""
    from pipeline.catalog import load_catalog, write_catalog

    for name, text in (("post.md", POST), ("other.md", OTHER), ("news.html", NEWS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("translate", *(tmp_path / n for n in ("post.md", "other.md", "news.html")), "--engine", "none", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    found = {}
    for stem in ("post", "other", "news"):
        po = found[stem] = tmp_path / "o" / stem / "zh_Hans.po"
        catalog = load_catalog(po)
        catalog.entries = [replace(e, msgstr="译" + e.msgid, flags=()) for e in catalog.entries]
        write_catalog(po, catalog)
    return found


def _hrefs(epub: Path, member: str) -> list[str]:
    with zipfile.ZipFile(epub) as zf:
        return sorted(set(re.findall(r'<a [^>]*href="([^"]*)"', zf.read(f"OEBPS/{member}").decode())))


def _epubcheck(epub: Path) -> None:
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed")
    proc = subprocess.run([*command, str(epub)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "RSC-007" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


@pytest.mark.slow
def test_links_out_of_the_book_without_an_address_become_text_with_one_warning(cli, pos, tmp_path):
    """Regression: ``other.md`` and ``/archive/`` stayed links, to files the EPUB lacks (epubcheck RSC-007)."""
    out = tmp_path / "post.epub"
    result = cli("build", pos["post"], "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning:") == 1 and "2 links to pages outside the book made plain text (other.md, /archive/)" in result.stderr
    assert _hrefs(out, "chapter-001.xhtml") == ["https://example.org/", "mailto:a@b.c"]
    with zipfile.ZipFile(out) as zf:
        chapter = zf.read("OEBPS/chapter-001.xhtml").decode()
    assert "the other post</span>" in chapter and "译See" in chapter  # the link text is kept
    _epubcheck(out)


@pytest.mark.slow
def test_links_between_chapters_stay_in_the_book_and_others_resolve_against_the_address(cli, pos, tmp_path):
    out = tmp_path / "all.epub"
    result = cli("build", pos["post"], pos["other"], pos["news"], "--format", "epub", "--out", out)
    assert result.exit_code == 0, result.output
    assert _hrefs(out, "chapter-001.xhtml") == ["chapter-002.xhtml", "https://example.org/", "mailto:a@b.c"]
    assert _hrefs(out, "chapter-002.xhtml") == ["chapter-001.xhtml", "https://example.org/archive/"]
    assert _hrefs(out, "chapter-003.xhtml") == ["https://news.example/", "https://news.example/world", "https://news.example/world/a"]
    _epubcheck(out)


def test_the_pdf_page_links_chapters_by_anchor(pos):
    from pipeline.publish.book import load_book
    from pipeline.publish.pdf import print_html

    page = print_html(load_book([pos["post"], pos["other"]], layout="target-only"))
    first, second = page.split('<section class="chapter" id="c1">')[1].split('<section class="chapter" id="c2">')
    assert set(re.findall(r'<a href="([^"]*)"', first)) == {"#c2", "https://example.org/", "mailto:a@b.c"}
    assert set(re.findall(r'<a href="([^"]*)"', second)) == {"#c1", "https://example.org/archive/"}


@pytest.mark.parametrize(("name", "text", "address"), [
    ("a.html", '<html><head><base href="https://a.example/news/"></head><body><p>The airport is busy.</p></body></html>',
     "https://a.example/news/"),
    ("b.html", '<html><head><meta property="og:url" content="https://b.example/x"></head><body><p>The airport is busy.</p></body></html>',
     "https://b.example/x"),
    ("c.html", '<html><head><base href="/relative/"></head><body><p>The airport is busy.</p></body></html>', None),
    ("d.md", "+++\ntitle = 'Exit bans'\nurl = 'https://d.example/posts/exit-bans/'\n+++\n\nThe airport is busy.\n",
     "https://d.example/posts/exit-bans/"),
    ("e.md", "---\ntitle: Exit bans\npermalink: /posts/exit-bans/\n---\n\nThe airport is busy.\n", None),
])
def test_the_address_links_resolve_against(cli, tmp_path, name, text, address):
    """An absolute ``<base>``, canonical link, ``og:url`` or front-matter url/permalink; a site path is no address."""
    from pipeline.publish.book import base_url
    from pipeline.publish.model import load_edition

    (tmp_path / name).write_text(text, encoding="utf-8")
    assert cli("translate", tmp_path / name, "--engine", "none", "--out", tmp_path / "o").exit_code == 0
    assert base_url(load_edition(tmp_path / "o" / Path(name).stem / "zh_Hans.po")) == address
