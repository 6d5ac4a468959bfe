"""Property tests: segmentation is lossless on arbitrary Unicode text."""

from __future__ import annotations

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segmentation.segment import split_long, split_sentences

pytestmark = pytest.mark.slow

#: Text rich in the characters the rules look at, mixed with arbitrary Unicode.
_PIECES = st.sampled_from(
    [".", "?", "!", "…", "...", ". . .", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "“", "”", "‘", "’", '"', "'",
     "(", ")", "[", "]", "Mr", "U.S", "a.m", "The", "He", "he", "said", "https://a.b/C.D", "x@y.org", "5", "3.5",
     "$", ",", ";", ":", "—", "A", "b", "Times.People", "\u2028", "\x85"]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=60).map("".join),
)
SPANS = st.lists(st.tuples(st.integers(0, 80), st.integers(0, 20)), max_size=4)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    if not text:
        assert spans == []
        return
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(s < e for s, e in spans)
    assert "".join(text[s:e] for s, e in spans) == text
    if text.strip():
        assert all(text[s:e].strip() for s, e in spans)
    else:
        assert spans == [(0, len(text))]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_spans_are_contiguous_lossless_and_never_empty(text: str) -> None:
    spans = split_sentences(text)
    _check_spans(text, spans)
    assert split_sentences(text) == spans  # deterministic


@settings(max_examples=200, deadline=None)
@given(TEXT, SPANS)
def test_protected_spans_are_never_split(text: str, raw: list[tuple[int, int]]) -> None:
    protected = [(s, min(len(text), s + n)) for s, n in raw if s < len(text)]
    spans = split_sentences(text, protected=protected)
    _check_spans(text, spans)
    for ps, pe in protected:
        assert not any(ps < e < pe for _, e in spans)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(1, 40))
def test_split_long_is_lossless(text: str, limit: int) -> None:
    spans = split_long(text, limit)
    _check_spans(text, spans)
