"""Inline HTML in Markdown is read as the HTML format reads it (issue 20, point 6): the content of
``<code>``, ``<kbd>``, ``<script>`` or a ``translate="no"`` element is markup, never sent to the engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.catalog import load_catalog, write_catalog
from pipeline.documents.markdown import MARKDOWN

DOC = """\
# Exit ban

Use <code>exit ban</code> at the airport, press <kbd>passport</kbd> then.

The <span translate="no">airport</span> report.<script>var x = "airport. passport";</script> The <b>airport</b> ban.
"""


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("Use <code>exit ban</code> now.", ["<code>exit ban</code>"]),
        ("Press <kbd>Ctrl</kbd> <KBD>C</KBD>.", ["<kbd>Ctrl</kbd>", "<KBD>C</KBD>"]),
        ('A <span translate="no">Brand *x*</span> and <b>bold</b>.', ['<span translate="no">Brand *x*</span>', "<b>", "</b>"]),
        ("<code>a <code>b</code> c</code> d", ["<code>a <code>b</code> c</code>"]),
        ("Odd <code>never closed.", ["<code>"]),
        ("A <br/> and <img src='a.png'/> stay tags.", ["<br/>", "<img src='a.png'/>"]),
    ],
)
def test_kept_elements_are_one_piece_of_markup(text: str, markup: list[str]) -> None:
    assert [text[a:b] for a, b in MARKDOWN.markup_spans(text)] == markup


def test_word_for_word_run_never_translates_kept_elements(cli, installed_model, tmp_path) -> None:
    source = tmp_path / "ban.md"
    source.write_text(DOC, encoding="utf-8")
    result = cli("translate", source, "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "ban" / "zh_Hans.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    out = tmp_path / "ban.zh.md"
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    built = out.read_text(encoding="utf-8")
    for kept in ("<code>exit ban</code>", "<kbd>passport</kbd>", '<span translate="no">airport</span>',
                 '<script>var x = "airport. passport";</script>'):
        assert kept in built, kept
    assert "<b>机场</b>" in built  # prose inside an inline element is translated
