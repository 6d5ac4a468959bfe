"""Benchmark: peak memory and time of ``mtpipe memory import`` against TMX file size.

Run from the repository root::

    python benchmarks/bench_tmx_import.py                      # 25k, 50k, 100k, 200k units
    python benchmarks/bench_tmx_import.py --units 1000 4000

What it times: one stage, :func:`pipeline.interchange.tmx.import_tmx` (stream
the file twice: check it, then store its pairs in a fresh SQLite memory in one
transaction), in its own subprocess per size, so peak RSS is that run's
``VmHWM`` (``ru_maxrss`` where /proc is missing). The TMX is generated: each
``<tu>`` holds an ``x-context`` prop, an English sentence (``Sentence number N
of a long memory, with some words.``) and a zh-CN target, about 190 bytes a
unit, as a CAT tool's memory export looks. Left out: interpreter start-up
(measured before the import and reported as ``baseline_mib``). The last line
is JSON: per size the file MB, seconds and peak RSS, and the growth of peak
RSS in MiB per MB of file between the two largest sizes (bounded memory keeps
it near 0; the old whole-tree reader needed about 23 MiB per MB).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import peak_rss_mib  # puts the repository on sys.path

UNIT = (
    '<tu><prop type="x-context">p{n}.s1</prop>'
    '<tuv xml:lang="en"><seg>Sentence number {n} of a long memory, with some words.</seg></tuv>'
    '<tuv xml:lang="zh-CN"><seg>长记忆的第{n}句，有一些词。</seg></tuv></tu>\n'
)


def make_tmx(path: Path, units: int) -> int:
    """Write a TMX of *units* distinct pairs; return its size in bytes."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        fh.write('<header creationtool="bench" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
                 'adminlang="en" srclang="en" o-tmf="bench"/>\n<body>\n')
        for n in range(units):
            fh.write(UNIT.format(n=n))
        fh.write("</body>\n</tmx>\n")
    return path.stat().st_size


def _child(tmx: str, memory: str) -> None:
    import time

    from pipeline.interchange.tmx import import_tmx

    baseline = peak_rss_mib()
    started = time.perf_counter()
    result = import_tmx(path=Path(tmx), memory_path=Path(memory))
    print(json.dumps({"pairs": result.pairs, "seconds": round(time.perf_counter() - started, 2),
                      "peak_mib": round(peak_rss_mib(), 1), "baseline_mib": round(baseline, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for units in args.units:
            tmx = Path(tmp) / f"m{units}.tmx"
            size = make_tmx(tmx, units)
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(tmx), str(Path(tmp) / f"m{units}.sqlite3")],
                capture_output=True, text=True, check=True,
            )
            row = {"units": units, "file_mb": round(size / 1e6, 2), **json.loads(proc.stdout.strip().splitlines()[-1])}
            rows.append(row)
            print(f"{units:>8} units  {row['file_mb']:>7} MB  {row['seconds']:>6} s  peak {row['peak_mib']:>6} MiB"
                  f" (baseline {row['baseline_mib']} MiB)", file=sys.stderr)
            tmx.unlink()
    growth = None
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        growth = round((b["peak_mib"] - a["peak_mib"]) / max(b["file_mb"] - a["file_mb"], 1e-9), 3)
    print(json.dumps({"sizes": rows, "peak_mib_per_file_mb": growth}))


if __name__ == "__main__":
    main()
