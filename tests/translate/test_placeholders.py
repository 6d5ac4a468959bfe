"""Placeholders read back as the engine left them: followed by a digit, glued to a word (issue 20, item 7)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

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


@pytest.mark.parametrize(
    ("source", "pieces", "engine_input"),
    [
        pytest.param(  # followed by a digit: ZQ00.3.0 is placeholder 0, then "0.3.0"
            "See [0.3.0](https://x.org/v) and [10](https://x.org/10) now.",
            ("[", "](https://x.org/v)", "[", "](https://x.org/10)"),
            "See ZQ00.3.0ZQ1 and ZQ210ZQ3 now.",
            id="followed-by-a-digit",
        ),
        pytest.param(  # glued to a word: read back with no recovery round
            'The <a href="/x">council</a> met on <b>Monday</b>.',
            ('<a href="/x">', "</a>", "<b>", "</b>"),
            "The ZQ0councilZQ1 met on ZQ2MondayZQ3.",
            id="glued-to-a-word",
        ),
    ],
)
def test_a_placeholder_is_read_back_as_the_engine_left_it(source: str, pieces: tuple[str, ...], engine_input: str) -> None:
    engine = CopyEngine()
    (out,) = enforce(engine, [source], [_markup(source, *pieces)])
    assert engine.batches == [[engine_input]]  # one round: nothing needed recovery
    assert out.text == source
