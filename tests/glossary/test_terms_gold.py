"""Glossary matching on outside gold data (tests/data/terms: WMT 2021 terminology task, TICO-19): the issue 24 floors."""

from __future__ import annotations

import pytest
from conftest import load_benchmark


@pytest.fixture(scope="module")
def report():
    return load_benchmark("bench_terms_gold").measure()


@pytest.mark.slow
def test_the_corpus_is_whole(report) -> None:
    assert report.spans == 3324
    assert report.matches_annotated + report.judged_ok + report.judged_wrong > 3400


def test_exact_span_recall_floor(report) -> None:
    assert report.recall >= 0.99, report.misses[:10]
    assert report.longest_match < 100


def test_inflected_forms_floor(report) -> None:
    assert report.inflected >= 45
    assert report.inflected_recall >= 0.95, [m for m in report.misses if m.split("'")[1].endswith(("ed", "ing"))]


def test_precision_floor(report) -> None:
    assert report.judged_ok + report.judged_wrong >= 190  # the hand-checked sample still lines up
    assert report.precision >= 0.98, report.wrong
