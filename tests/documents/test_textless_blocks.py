"""A block with no letter outside its markup (figures, symbols, an image alone) is no entry to review.

Issue 21: "A paragraph with no text, such as an image alone, needs no review." Table
cells of figures are the common case in news (CAT tools lock such number-only segments
too); they are copied into every edition as they are.
"""

from __future__ import annotations

import pytest
from conftest import reviewed_po

from pipeline.catalog import load_catalog
from pipeline.documents.article import has_text

MARKDOWN = """# Cases by year

| Year | Cases | Change |
|------|------:|-------:|
| 2021 | 1,200 | +58% |
| 2022 | 980 | — |

Numbers rose 3% in 2024.

2023

![A chart](chart.png)
"""

HTML = (
    "<html><body><h1>Data</h1><table><tr><th>Year</th><th>Cases</th></tr>"
    "<tr><td>2021</td><td><b>12</b></td></tr></table><p>Text here.</p><p>Up 3% in 2024.</p></body></html>"
)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("2021", [], False),
        ("+58%", [], False),
        ("—", [], False),
        ("1,200 (2021)", [], False),
        ("12 km", [], True),  # a unit is a word
        ("第3", [], True),  # any script's letters count
        ("**12**", [(0, 2), (4, 6)], False),
        ("[2021](https://example.org/a)", [(0, 1), (5, 29)], False),
        ("[Report](https://example.org/a)", [(0, 1), (7, 31)], True),
    ],
)
def test_has_text(text, spans, expected):
    assert has_text(text, spans) is expected


@pytest.mark.parametrize(("name", "text"), [("cases.md", MARKDOWN)])
def test_figures_only_blocks_are_no_entries(cli, tmp_path, name, text):
    po = reviewed_po(cli, tmp_path, text, name, {})
    msgids = [e.msgid for e in load_catalog(po).active]
    assert not [m for m in msgids if not any(ch.isalpha() for ch in m)], msgids
    assert {"Year", "Cases"} <= set(msgids)
    assert any("3%" in m for m in msgids)  # a sentence with figures stays an entry


def test_an_html_page_keeps_its_figure_cells_as_entries(cli, tmp_path):
    """An HTML page is rebuilt from its entries: a cell of figures stays one, so the page comes back whole."""
    po = reviewed_po(cli, tmp_path, HTML, "cases.html", {})
    msgids = [e.msgid for e in load_catalog(po).active]
    assert "2021" in msgids and any("3%" in m for m in msgids)


def test_figures_only_cells_come_back_in_the_markdown_edition(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, MARKDOWN, "cases.md", {})
    out = tmp_path / "cases.md"
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == MARKDOWN


def test_a_linked_image_alone_stays_an_entry_for_its_alt_text(cli, tmp_path):
    badges = "# Tool\n\n[![Build Status](https://ci.example.org/b.svg)](https://ci.example.org/) [![PyPI version](https://img.example.org/v.svg)](https://pypi.org/p/tool)\n"
    po = reviewed_po(cli, tmp_path, badges, "tool.md", {})
    text = " ".join(e.msgid for e in load_catalog(po).active)
    assert "Build Status" in text and "PyPI version" in text
