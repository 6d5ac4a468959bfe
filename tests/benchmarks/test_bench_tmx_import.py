"""benchmarks/bench_tmx_import.py: one JSON line with peak RSS per TMX size."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_one_json_line_with_peak_memory_per_size():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_tmx_import.py"), "--units", "200", "400"],
        capture_output=True, text=True, cwd=str(ROOT), timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [row["pairs"] for row in data["sizes"]] == [200, 400]
    assert all(row["peak_mib"] > 0 for row in data["sizes"]) and data["peak_mib_per_file_mb"] is not None
