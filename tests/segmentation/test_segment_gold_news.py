"""Sentence segmentation on outside gold: UD English GUM news (tests/data/segmentation), via benchmarks/bench_segment_gold.py."""

from __future__ import annotations

from conftest import load_benchmark


def test_gum_news_f1_floor() -> None:
    report = load_benchmark("bench_segment_gold").measure()
    assert report.gold == 765
    # Measured 97.14; the rest are GUM conventions (see the data README).
    assert report.f1 >= 0.971, [got for _, got in report.errors[:5]]


def test_an_ellipsis_opening_a_sentence_stays_with_it() -> None:
    from pipeline.segmentation.segment import split_sentences

    text = "It was the church. ... The next thing he knew. He left... Then he came."
    assert [text[a:b].strip() for a, b in split_sentences(text)] == [
        "It was the church.",
        "... The next thing he knew.",
        "He left...",
        "Then he came.",
    ]
