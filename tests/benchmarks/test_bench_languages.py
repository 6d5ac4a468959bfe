"""The five-language benchmark script runs and prints its JSON line (the tiny model: no figure asserted)."""

from __future__ import annotations

import json

import pytest

from conftest import load_benchmark


@pytest.mark.slow
def test_bench_languages_quick(capsys, tmp_path):
    bench = load_benchmark("bench_languages")
    assert bench.main(["--quick", "--copies", "1", "--cache-dir", str(tmp_path / "cache")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    data = json.loads(last)
    assert data["languages"] == ["zh-Hans", "ja", "fr", "de", "ar"]
    assert data["segments"] == 48 and data["quick"] is True
    assert data["ratio"] > 0 and data["ratio_cpu"] > 0 and data["engine_one_language_cpu_s"] > 0
