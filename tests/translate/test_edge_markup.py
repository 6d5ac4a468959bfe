"""Markup at a segment's edges (a link around a menu item, ``<em>`` opening a sentence) is put back around the
draft, not sent to the engine as placeholders: news pages then cost the engine what their text costs (issue 20)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pipeline.translate import translate_articles
from pipeline.translate.drafting import edge_markup

EDGES = [
    # (source, markup spans, the text the engine gets)
    ('<a href="/x">Going Global</a>', [(0, 13), (25, 29)], "Going Global"),
    ("<li><a>Sections</a>", [(0, 4), (4, 7), (15, 19)], "Sections"),
    ("<img src=x> Caption <em>here</em>.", [(0, 11), (20, 24), (28, 33)], "Caption <em>here</em>."),
    ("Read <em>this</em>", [(5, 9), (13, 18)], "Read <em>this"),
    ("<b>Note:</b> the text", [(0, 3), (8, 12)], "Note:</b> the text"),
    ("No markup at all.", [], "No markup at all."),
    ("Inside <em>only</em> here.", [(7, 11), (15, 20)], "Inside <em>only</em> here."),
    ("<br>", [(0, 4)], "<br>"),  # all markup: nothing to take off
    ("  <a>x</a>  ", [(2, 5), (6, 10)], "x"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "spans", "inner"), EDGES)
def test_edge_markup(source, spans, inner):
    lead, trail = edge_markup(source, spans)
    assert source[lead:trail] == inner


class RecordingEngine:
    identity = "recording@1"

    def __init__(self) -> None:
        self.inputs: list[str] = []

    def options(self):
        return {}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.inputs.extend(texts)
        return [t.replace("Sections", "栏目").replace("Going Global", "走向全球").replace("Read", "读") for t in texts]


PAGE = """<!DOCTYPE html><html><body>
<nav><ul><li><a href="/sections">Sections</a></li><li><a href="/global">Going Global</a></li></ul></nav>
<p><em>Read</em> the <a href="/story">story</a>.</p>
</body></html>
"""


def test_the_engine_gets_no_placeholder_for_markup_at_the_edges(tmp_path):
    from pipeline.catalog import load_catalog

    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    engine = RecordingEngine()
    report = translate_articles([page], out_dir=tmp_path / "out", engine=engine)
    assert report.engine_inputs == 3
    assert engine.inputs[:2] == ["Sections", "Going Global"]
    assert engine.inputs[2].startswith("Read") and "ZQ" in engine.inputs[2]  # inside the sentence: masked
    (po,) = (tmp_path / "out").glob("*/zh_Hans.po")
    drafts = {e.msgid: e.msgstr for e in load_catalog(po).entries}
    assert drafts['<a href="/sections">Sections</a>'] == '<a href="/sections">栏目</a>'
    assert drafts['<a href="/global">Going Global</a>'] == '<a href="/global">走向全球</a>'
    assert drafts['<em>Read</em> the <a href="/story">story</a>.'].startswith("<em>读</em>")
