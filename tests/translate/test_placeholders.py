"""Placeholders read back as the engine left them: followed by a digit, glued to a word (issue 20, item 7)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.translate.masking import Protected
from pipeline.translate.terms import enforce


class CopyEngine:
    """Copies its input, as a model does with words it does not know."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.batches.append(list(texts))
        return list(texts)


def _markup(source: str, *pieces: str) -> list[Protected]:
    spans, pos = [], 0
    for piece in pieces:
        at = source.index(piece, pos)
        spans.append(Protected(at, at + len(piece), piece, "markup"))
        pos = at + len(piece)
    return spans


def test_a_placeholder_followed_by_a_digit_keeps_it() -> None:
    source = "See [0.3.0](https://x.org/v) and [10](https://x.org/10) now."
    spans = _markup(source, "[", "](https://x.org/v)", "[", "](https://x.org/10)")
    engine = CopyEngine()
    (out,) = enforce(engine, [source], [spans])
    assert engine.batches == [["See ZQ00.3.0ZQ1 and ZQ210ZQ3 now."]]
    assert out.text == source


def test_a_placeholder_glued_to_a_word_needs_no_recovery_round() -> None:
    source = 'The <a href="/x">council</a> met on <b>Monday</b>.'
    spans = _markup(source, '<a href="/x">', "</a>", "<b>", "</b>")
    engine = CopyEngine()
    (out,) = enforce(engine, [source], [spans])
    assert engine.batches == [["The ZQ0councilZQ1 met on ZQ2MondayZQ3."]]
    assert out.text == source
