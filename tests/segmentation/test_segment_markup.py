"""Sentence ends read through markup: what a reader sees decides, the cuts fall between the tags (issue 20)."""

from __future__ import annotations

import pytest

from pipeline.segmentation.segment import split_sentences



def _markup(text: str) -> list[tuple[int, int, str, bool]]:
    """Tags as nothing (end tags closing), <br> as a line break, &nbsp; as a space, &quot; as a quote."""
    import re

    out = []
    for m in re.finditer(r"<(/?)(\w+)[^>]*>|&nbsp;|&quot;", text):
        raw = m.group()
        if raw == "&nbsp;":
            out.append((m.start(), m.end(), " ", False))
        elif raw == "&quot;":
            out.append((m.start(), m.end(), '"', False))
        elif m.group(2) == "br":
            out.append((m.start(), m.end(), "\n", True))
        else:
            out.append((m.start(), m.end(), "", bool(m.group(1))))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained.&nbsp;The river rose.", ["It rained.&nbsp;", "The river rose."]),
        ("It rained.<br>The river rose.", ["It rained.<br>", "The river rose."]),
        ("<b>It rained.</b> <i>The</i> river rose.", ["<b>It rained.</b> ", "<i>The</i> river rose."]),
        ("He said &quot;Go.&quot; Then he left.", ["He said &quot;Go.&quot; ", "Then he left."]),
        ("No<b>end</b> here", ["No<b>end</b> here"]),
    ],
)  # fmt: skip
def test_sentences_end_across_markup(text: str, expected: list[str]) -> None:
    spans = split_sentences(text, markup=_markup(text))
    assert [text[a:b] for a, b in spans] == expected
    assert "".join(text[a:b] for a, b in spans) == text  # nothing lost


def test_a_protected_element_is_never_cut() -> None:
    text = "Posted <time>JAN. 13, 2017</time> by staff. Next."
    protected = [(text.index("<time>"), text.index("</time>") + 7)]
    spans = split_sentences(text, protected=protected, markup=_markup(text))
    assert [text[a:b] for a, b in spans] == ["Posted <time>JAN. 13, 2017</time> by staff. ", "Next."]


def test_without_markup_nothing_changes() -> None:
    text = "One. Two. Three."
    assert split_sentences(text, markup=[]) == split_sentences(text)
