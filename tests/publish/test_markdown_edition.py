"""The Markdown edition through ``mtpipe build --format md``: the DRAFT banner after any front matter (YAML,
TOML, JSON), and a side-by-side edition that keeps every construct of its article."""

from __future__ import annotations

from pathlib import Path

import pytest


def translated(cli, tmp_path: Path, name: str, text: str) -> Path:
    """*text* saved as *name*, translated with ``--engine none`` (every entry untranslated): its PO."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    return tmp_path / "o" / source.stem / "zh_Hans.po"


FRONT_MATTERS = {
    "yaml": '---\ntitle: "Exit bans"\n---\n',
    "toml": '+++\ntitle = "Exit bans"\n+++\n',
    "json": '{\n  "title": "Exit bans"\n}\n',
}


@pytest.mark.parametrize("layout", ["target-only", "interleaved"])
@pytest.mark.parametrize("syntax", sorted(FRONT_MATTERS))
def test_the_draft_banner_goes_after_yaml_toml_and_json_front_matter(cli, tmp_path, syntax, layout):
    """Regression: the banner went above ``+++`` and ``{``, so Hugo no longer saw front matter (issue 23, point 6)."""
    from pipeline.documents.front_matter import read_front_matter

    po = translated(cli, tmp_path, "post.md", FRONT_MATTERS[syntax] + "\nThe airport is busy.\n")
    result = cli("build", po, "--allow-draft", "--format", "md", "--layout", layout, "--out", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    end = read_front_matter(text).end
    assert end, text  # the output still opens with its front matter
    assert "DRAFT" not in text[:end]
    assert text[end:].startswith("\n\n> **DRAFT"), text


ARTICLE = """+++
title = "Exit bans"
+++

Governments use exit bans more often.[^1] See [the appendix][appx].

![A bar chart](chart.png)

## The numbers

| Country | Change |
| --- | ---: |
| Country A | +36% |

3. Check the travel advice first.
4. Carry a copy of your documents.
   - Keep the copy apart.
5. Call the embassy.

> A ban can last for years.

```
exit-ban --list
```

[^1]: Figures from the monitor.
[^2]: Another note here.

[appx]: https://example.org/appendix
"""


def reviewed(cli, tmp_path: Path, name: str, text: str) -> Path:
    """*text* translated with ``--engine none``, every entry reviewed as ``译`` + its English (figures kept)."""
    import re
    from dataclasses import replace

    from pipeline.catalog import load_catalog, write_catalog

    po = translated(cli, tmp_path, name, text)
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr=("译" + e.msgid) if re.search("[A-Za-z]{3}", e.msgid) else e.msgid, flags=())
                       for e in catalog.entries]
    write_catalog(po, catalog)
    return po


def _tokens(text: str):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from pipeline.documents.front_matter import read_front_matter

    md = MarkdownIt("commonmark").use(footnote_plugin).enable("table")
    body = text[read_front_matter(text).end :]
    return md, md.parse(body), md.render(body)


@pytest.fixture
def side_by_side(cli, tmp_path) -> str:
    result = cli("build", reviewed(cli, tmp_path, "post.md", ARTICLE), "--format", "md", "--layout", "side-by-side", "--out", "-")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_side_by_side_keeps_the_front_matter_once_at_the_top(side_by_side):
    """Regression: the TOML front matter was dropped."""
    from pipeline.documents.front_matter import front_matter_data

    assert side_by_side.startswith("+++\n") and side_by_side.count("+++") == 2
    assert front_matter_data(side_by_side) == {"title": "Exit bans / 译Exit bans"}


def test_side_by_side_shows_an_image_alone_and_a_code_block_once(side_by_side):
    """Regression: an image alone became an empty row ``|  |  |`` and the code block was gone."""
    assert "|  |" not in side_by_side
    _, tokens, page = _tokens(side_by_side)
    assert page.count("<img") == 1 and 'alt="译A bar chart"' in page
    assert [t.content for t in tokens if t.type == "fence"] == ["exit-ban --list\n"]


def test_side_by_side_keeps_lists_numbered_and_nested_source_then_target(side_by_side):
    """Regression: list numbers and nesting were gone (each item a row)."""
    _, tokens, page = _tokens(side_by_side)
    lists = [t for t in tokens if t.type == "ordered_list_open" and t.level == 0]
    assert [t.attrs.get("start") for t in lists] == [3, 3]  # two lists, not one continued
    assert page.count("<ul>") == 2
    assert page.index("Check the travel advice first.") < page.index("译Check the travel advice first")


def test_side_by_side_keeps_tables_quotes_and_headings(side_by_side):
    """Regression: each table cell became a row of its own."""
    _, tokens, page = _tokens(side_by_side)
    tables = page.split("<table>")[1:]
    data = [t for t in tables if "Country A" in t]
    assert len(data) == 2 and "<td>Country A</td>" in data[0] and "<td>译Country A</td>" in data[1]
    assert page.count("<blockquote>") == 2
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2"] and "The numbers / 译The numbers" in page


def test_side_by_side_pairs_paragraphs_and_keeps_footnotes_and_references(side_by_side):
    """Regression: footnote definitions were dropped, leaving ``[^1]`` as text."""
    _, tokens, page = _tokens(side_by_side)
    assert "[^" not in page  # every reference has its note
    assert "Figures from the monitor." in page and "译Figures from the monitor" in page
    assert "[^2]: Another note here.\n\n    译Another note here。" in side_by_side  # never referenced: not rendered, but kept
    assert page.count('href="https://example.org/appendix"') == 2  # the reference definition resolves on both sides
    assert "<td>Governments use exit bans more often." in page and "<td>译Governments use exit bans" in page


def test_a_draft_side_by_side_keeps_its_banner_after_the_front_matter(cli, tmp_path):
    po = translated(cli, tmp_path, "post.md", ARTICLE)
    result = cli("build", po, "--allow-draft", "--format", "md", "--layout", "side-by-side", "--out", "-")
    assert result.exit_code == 0, result.output
    from pipeline.documents.front_matter import read_front_matter

    end = read_front_matter(result.stdout).end
    assert end and result.stdout[end:].startswith("\n\n> **DRAFT")
