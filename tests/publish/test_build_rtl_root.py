"""Right-to-left targets through ``mtpipe build``: the root of a target-only page is ``dir="rtl"``, whatever the
article's format, and every Arabic element of a bilingual page carries its own ``dir``."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

ARTICLES = {
    "a.html": '<html lang="en"><body><h1>Exit bans</h1><p>The airport is busy.</p></body></html>',
    "a.md": "# Exit bans\n\nThe airport is busy.\n\n| Place | State |\n| --- | --- |\n| Airport | Busy today |\n",
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.elements


def arabic_po(cli, tmp_path: Path, name: str) -> Path:
    """*name* translated to Arabic with ``--engine none``, each entry "translated" as ``ترجمة`` + its English."""
    from dataclasses import replace

    from pipeline.catalog import load_catalog, write_catalog

    source = tmp_path / name
    source.write_text(ARTICLES[name], encoding="utf-8")
    result = cli("translate", source, "--to", "ar", "--engine", "none", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    po = tmp_path / "o" / source.stem / "ar.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr="ترجمة " + e.msgid, flags=("fuzzy",)) for e in catalog.entries]
    write_catalog(po, catalog)
    return po


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_a_target_only_page_of_an_rtl_target_is_rtl_at_its_root(cli, tmp_path, name):
    """Regression: the page of an HTML article kept its source's ``<html>`` with only ``lang`` changed."""
    result = cli("build", arabic_po(cli, tmp_path, name), "--allow-draft", "--layout", "target-only", "--out", "-")
    assert result.exit_code == 0, result.output
    tag, attrs = elements(result.stdout)[0]
    assert (tag, attrs.get("lang"), attrs.get("dir")) == ("html", "ar", "rtl"), result.stdout[:200]


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved"])
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_arabic_element_of_a_bilingual_page_is_rtl(cli, tmp_path, name, layout):
    result = cli("build", arabic_po(cli, tmp_path, name), "--allow-draft", "--layout", layout, "--out", "-")
    assert result.exit_code == 0, result.output
    found = elements(result.stdout)[1:]
    arabic = [(tag, attrs) for tag, attrs in found if attrs.get("lang") == "ar"]
    assert arabic and all(attrs.get("dir") == "rtl" for _, attrs in arabic), arabic
    # a table cell holding both languages: its Arabic part is marked as Arabic, right to left
    pairs = [attrs for tag, attrs in found if attrs.get("class") == "pair tgt"]
    assert all(a.get("lang") == "ar" and a.get("dir") == "rtl" for a in pairs), pairs
    if name.endswith(".md"):
        assert len(pairs) == 4


def test_a_source_direction_the_target_lacks_becomes_ltr():
    from pipeline.documents.html_markup import set_lang

    assert set_lang('<html dir="rtl" lang="ar"><body>', "zh-Hans") == '<html dir="ltr" lang="zh-Hans"><body>'
    assert set_lang("<HTML class=x>", "he") == '<HTML dir="rtl" lang="he" class=x>'
