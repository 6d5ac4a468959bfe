"""Sentence ends across Markdown markup: footnote references, inline HTML and template tags read as a reader sees them (issue 20, point 6).

Markdown's :meth:`~pipeline.documents.blocks.DocumentFormat.sentence_markup` tells the splitter
what its markup reads as: a footnote reference (``[^1]``) as nothing, closing the sentence it
follows; inline HTML and character references as the HTML format reads them (a tag as nothing,
an end tag closing, ``<br>`` as a line break, ``&nbsp;`` as a space, ``&quot;`` as a quote);
a template tag as nothing, an end tag (``{% endif %}``, ``{{< /alert >}}``) closing.
"""

from __future__ import annotations

import pytest
from conftest import reviewed_po

from pipeline.catalog import load_catalog
from pipeline.documents.markdown import MARKDOWN
from pipeline.segmentation.segment import split_sentences

GOLDEN = [
    ("footnote-after-period",
     "It stopped at the airport.[^1] The government says the rules are rare.",
     ["It stopped at the airport.[^1] ", "The government says the rules are rare."]),
    ("two-footnotes",
     "It stopped.[^1][^note] Then it left.",
     ["It stopped.[^1][^note] ", "Then it left."]),
    ("footnote-before-period",
     "It stopped at the airport[^1]. Then it left.",
     ["It stopped at the airport[^1]. ", "Then it left."]),
    ("footnote-mid-sentence",
     "The airport[^1] is open. Then it left.",
     ["The airport[^1] is open. ", "Then it left."]),
    ("inline-html-and-br",
     'The <abbr title="European Union">EU</abbr> rules apply.<br> New line with <kbd>Ctrl</kbd>.',
     ['The <abbr title="European Union">EU</abbr> rules apply.<br> ', "New line with <kbd>Ctrl</kbd>."]),
    ("br-glued",
     "It rained.<br/>The river rose.",
     ["It rained.<br/>", "The river rose."]),
    ("end-tag-after-period",
     "<span>It rained.</span> <span>The river rose.</span>",
     ["<span>It rained.</span> ", "<span>The river rose.</span>"]),
    ("nbsp",
     "It rained.&nbsp;The river rose.",
     ["It rained.&nbsp;", "The river rose."]),
    ("quot",
     "He said &quot;Go.&quot; Then he left.",
     ["He said &quot;Go.&quot; ", "Then he left."]),
    ("template-end-tag",
     "{% if x %}It rained. The river rose.{% endif %} Then it stopped.",
     ["{% if x %}It rained. ", "The river rose.{% endif %} ", "Then it stopped."]),
    ("shortcode-end-tag",
     "It rained. {{< /alert >}} The river rose.",
     ["It rained. {{< /alert >}} ", "The river rose."]),
    ("template-open-tag-goes-with-the-next",
     "It rained. {% if x %}The river rose.",
     ["It rained. ", "{% if x %}The river rose."]),
    ("code-span-is-not-html",
     "Type `a.<br>b` now. Then go.",
     ["Type `a.<br>b` now. ", "Then go."]),
    ("autolink-is-not-a-tag",
     "See <https://example.org/a.b> now. Then go.",
     ["See <https://example.org/a.b> now. ", "Then go."]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=name) for name, t, e in GOLDEN])
def test_markdown_sentences_end_across_markup(text: str, expected: list[str]) -> None:
    spans = split_sentences(text, protected=MARKDOWN.unsplittable_spans(text), markup=MARKDOWN.sentence_markup(text))
    assert [text[a:b] for a, b in spans] == expected
    assert "".join(text[a:b] for a, b in spans) == text  # nothing lost


def test_the_segments_a_reviewer_sees(cli, tmp_path) -> None:
    text = (
        "The plane stopped at the airport.[^1] The government says the rules are rare.\n\n"
        'The <abbr title="European Union">EU</abbr> rules apply.<br> New line with <kbd>Ctrl</kbd>.\n\n'
        "[^1]: A note.\n"
    )
    po = reviewed_po(cli, tmp_path, text, "marks.md", {})
    assert [e.msgid for e in load_catalog(po).active] == [
        "The plane stopped at the airport.[^1]",
        "The government says the rules are rare.",
        'The <abbr title="European Union">EU</abbr> rules apply.<br>',
        "New line with <kbd>Ctrl</kbd>.",
        "A note.",
    ]
    out = tmp_path / "marks.zh.md"
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == text
