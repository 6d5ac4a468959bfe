"""benchmarks/bench_memory.py: articles of a given size with distinct segments, one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def test_sizes_and_distinct_segments(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import bench_memory

    from pipeline.documents.article import read_article, segment_article

    path = tmp_path / "big.txt"
    size = bench_memory.make_article(path, 0.03)
    assert size >= 30_000
    texts = [s.text for s in segment_article(read_article(path))]
    assert len(texts) > 150 and len(set(texts)) == len(texts)


@pytest.mark.slow
def test_one_json_line_per_run(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_memory.py"), "--sizes", "0.02", "0.04"],
        capture_output=True, text=True, cwd=str(ROOT), timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    sizes = [row["mb"] for row in result["rows"]]
    assert sizes[0] >= 0.02 and sizes[1] >= 0.04 and sizes[0] < sizes[1]
    assert all(row["peak_rss_mb"] > 0 and row["segments"] > 100 for row in result["rows"])
