"""Reference links whose label is their text (``[China]``, ``[Japan][]``) still link once translated, in every
edition: the HTML page (and the EPUB and PDF made from it) resolves them as the Markdown edition writes them,
``[中国][China]``."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import reviewed_po

ARTICLE = (
    "# Links\n\nSee the [China] page and [Japan][] too, or [the map][maps].\n\n"
    "[China]: https://example.org/china\n[japan]: https://example.org/japan \"Japan\"\n[maps]: https://example.org/maps\n"
)
TABLE = {
    "Links": "链接",
    "See the [China] page and [Japan][] too, or [the map][maps].": "参见[中国]页面和[日本][]，或[地图][maps]。",
}
LINKS = {"https://example.org/china": "中国", "https://example.org/japan": "日本", "https://example.org/maps": "地图"}


@pytest.fixture
def po(cli, tmp_path) -> Path:
    return reviewed_po(cli, tmp_path, ARTICLE, "links.md", TABLE)


def _build(cli, po: Path, out: Path, *options: str) -> str:
    result = cli("build", po, *options, "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8") if out.suffix != ".epub" else ""


def _links(page: str) -> dict[str, str]:
    return {href: re.sub(r"<[^>]+>", "", text) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', page)}


@pytest.mark.parametrize("layout", ["target-only", "side-by-side", "interleaved"])
def test_the_html_edition_links_a_translated_label(cli, po, tmp_path, layout):
    page = _build(cli, po, tmp_path / "e.html", "--format", "html", "--layout", layout)
    target = page.split('lang="zh-Hans"', 2)[-1] if layout != "target-only" else page
    assert "[中国]" not in page and "[日本]" not in page
    for href, text in LINKS.items():
        assert _links(target).get(href) == text, (href, target)


def test_the_markdown_edition_writes_the_label_kept_once(cli, po, tmp_path):
    text = _build(cli, po, tmp_path / "e.md", "--format", "md", "--layout", "target-only")
    assert "参见[中国][China]页面和[日本][Japan]，或[地图][maps]。" in text


def test_the_epub_chapter_links_a_translated_label(cli, po, tmp_path):
    _build(cli, po, tmp_path / "e.epub", "--format", "epub", "--layout", "target-only")
    with zipfile.ZipFile(tmp_path / "e.epub") as zf:
        chapter = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml") and "中国" in zf.read(n).decode())
    assert "[中国]" not in chapter
    assert _links(chapter).get("https://example.org/china") == "中国"


def test_a_label_the_translation_kept_is_not_rewritten(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, "See [China].\n\n[China]: https://example.org/china\n", "kept.md", {"See [China].": "见[China]。"})
    page = _build(cli, po, tmp_path / "k.html", "--format", "html", "--layout", "target-only")
    assert _links(page) == {"https://example.org/china": "China"}


def test_the_text_edition_gives_a_translated_labels_address(cli, po, tmp_path):
    out = tmp_path / "e.txt"
    result = cli("build", po, "--format", "txt", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "[中国]" not in text
    assert "中国（https://example.org/china）" in text and "日本（https://example.org/japan）" in text
