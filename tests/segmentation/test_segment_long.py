"""Over-long sentences are cut at clause boundaries, within the limit, losslessly."""

from __future__ import annotations

import pytest

from pipeline.segmentation.segment import split_long

LONG = (
    "Some use a Korean visa to enter Panama without a visa, and some people directly obtain a Mexican visa "
    "under the arrangement of an agency and cross the U.S. southern border via the shortest route; others wait."
)


def _pieces(text: str, limit: int, **kwargs: object) -> list[str]:
    spans = split_long(text, limit, **kwargs)  # type: ignore[arg-type]
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        pytest.param("Short enough.", 100, ["Short enough."], id="fits"),
        pytest.param("", 10, [], id="empty"),
        pytest.param(
            "The plan was simple: leave at night, cross the river and hide.",
            45,
            ["The plan was simple: ", "leave at night, cross the river and hide."],
            id="colon",
        ),
        pytest.param(
            "They fled in 2023; others stayed behind and waited for news.",
            45,
            ["They fled in 2023; ", "others stayed behind and waited for news."],
            id="semicolon",
        ),
        pytest.param(
            "The run movement—fleeing China by legal or illegal means—has drawn attention.",
            60,
            ["The run movement—fleeing China by legal or illegal means—", "has drawn attention."],
            id="dash",
        ),
        pytest.param(
            "He left the country last year, but his family stayed in Chengdu for months.",
            45,
            ["He left the country last year, ", "but his family stayed in Chengdu for months."],
            id="comma-but",
        ),
        pytest.param(
            "The report cites the exit bans, which punish defenders and their families.",
            45,
            ["The report cites the exit bans, ", "which punish defenders and their families."],
            id="comma-which",
        ),
        pytest.param(
            "Chengdu, Luoyang and other cities in China saw long queues at the airports.",
            60,
            ["Chengdu, Luoyang and other cities in China saw long queues ", "at the airports."],
            id="last-space",
        ),
        pytest.param("abcdefghijklmnopqrstuvwxyz", 10, ["abcdefghij", "klmnopqrst", "uvwxyz"], id="no-space"),
    ],
)
def test_split_long_cuts(text: str, limit: int, expected: list[str]) -> None:
    assert _pieces(text, limit) == expected


def test_prefers_clause_boundaries_over_spaces() -> None:
    pieces = _pieces(LONG, 120)
    assert pieces[0] == "Some use a Korean visa to enter Panama without a visa, "
    assert all(len(p.rstrip()) <= 120 for p in pieces)


@pytest.mark.parametrize("limit", [15, 30, 60, 100, 150])
def test_pieces_fit_the_limit(limit: int) -> None:
    pieces = _pieces(LONG, limit)
    assert all(len(p) <= limit for p in pieces)
    assert all(p.strip() for p in pieces)


def test_never_cuts_inside_a_protected_span() -> None:
    text = "See the [report on exit bans and other controls](https://example.org/a/very/long/path) for details."
    start = text.index("[")
    end = text.index(")") + 1
    spans = split_long(text, 30, protected=[(start, end)])
    assert "".join(text[s:e] for s, e in spans) == text
    assert not any(start < e < end for _, e in spans)


def test_rejects_a_zero_limit() -> None:
    with pytest.raises(ValueError):
        split_long("Some text here.", 0)
