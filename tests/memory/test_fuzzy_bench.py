"""The fuzzy benchmark's own logic, on a small corpus (the timing itself is never asserted)."""

from __future__ import annotations

import json

from conftest import load_benchmark


def test_corpus_is_seeded_and_edits_stored_sentences():
    bench = load_benchmark("bench_fuzzy")
    stored, new = bench.corpus(2000, 200, 0.5, 7)
    assert (stored, new) == bench.corpus(2000, 200, 0.5, 7)
    assert len(set(stored)) == len(stored) and len(new) == 200


def test_small_run_agrees_with_a_full_scan(capsys, monkeypatch):
    bench = load_benchmark("bench_fuzzy")
    monkeypatch.setattr("sys.argv", ["bench_fuzzy.py", "--entries", "3000", "--queries", "300", "--exhaustive", "300"])
    bench.main()
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["entries"] == 3000 and result["queries"] == 300
    assert result["matched"] > 60  # most of the edited sentences (half of them) match at 75 %
    assert result["exhaustive_agree"] == result["exhaustive_checked"] == 300
