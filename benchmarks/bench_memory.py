"""Benchmark: peak memory of ``translate_articles`` against article size.

Run from the repository root::

    python benchmarks/bench_memory.py                    # 1, 5, 10, 20 MB, no engine
    python benchmarks/bench_memory.py --engine lexical --sizes 0.25 0.5 1

Each size runs in its own subprocess (peak RSS = that run's ``VmHWM``). The
article is the sample article repeated, with the copy's number put after
the last word of every sentence, so no two segments are equal (a run drafts every
distinct segment) and the test model reads them as it reads the sample. ``--engine none`` times reading, segmenting, the catalog and
PO writing at default settings (the state every segment keeps); ``--engine
lexical`` adds the word-for-word test model through CTranslate2 (much slower,
so smaller sizes). The translation memory is off. The last line is JSON:
per size the peak RSS, and the MiB per MB of article between the two largest
sizes (linear growth keeps it about constant).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, peak_rss_mib  # puts the repository on sys.path
ARTICLE = ROOT / "articles" / "run-movement.txt"


def _numbered(line: str, k: int) -> str:
    """*line* with `` k`` after the last word of each of its sentences (as mtpipe splits them)."""
    from pipeline.segmentation.segment import split_sentences

    out, last = [], 0
    for start, end in split_sentences(line):
        words = list(re.finditer(r"\w+", line[start:end]))
        cut = start + (words[-1].end() if words else 0)
        out.append(line[last:cut] + f" {k}")
        last = cut
    return "".join(out) + line[last:]


def make_article(path: Path, megabytes: float) -> int:
    base = ARTICLE.read_text(encoding="utf-8").strip().splitlines()
    title, body = base[0], [line for line in base[1:] if line.strip()]
    target = int(megabytes * 1_000_000)
    size, k = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write(title + "\n\n")
        while size < target:
            for line in body:
                text = _numbered(line, k) if k else line
                out.write(text + "\n\n")
                size += len(text.encode("utf-8")) + 2
            k += 1
    return path.stat().st_size


def worker(cfg: dict) -> dict:
    from pipeline.translate import translate_articles

    engine = None
    if cfg["engine"] == "lexical":
        import os

        from pipeline.translate.engine import ArgosEngine
        from pipeline.models.packages import install_from_file
        from pipeline.testing.lexical_model import build_lexical_model

        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(cfg["workdir"]) / "packages")
        model = install_from_file(build_lexical_model(Path(cfg["workdir"]) / "lexical.argosmodel"))
        engine = ArgosEngine(model)
    started = time.perf_counter()
    report = translate_articles([Path(cfg["article"])], out_dir=Path(cfg["workdir"]) / "out", engine=engine, memory=None)
    seconds = time.perf_counter() - started
    peak = peak_rss_mib()
    summary = report.as_dict()
    if summary.get("failed"):
        raise SystemExit(f"run failed: {summary}")
    return {"segments": summary["segments"], "seconds": round(seconds, 2), "peak_rss_mb": round(peak, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10, 20], help="article sizes in MB")
    parser.add_argument("--engine", choices=("none", "lexical"), default="none")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker.read_text(encoding="utf-8")))))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        for mb in args.sizes:
            work = Path(tmp) / f"{mb}"
            work.mkdir()
            article = work / "big.txt"
            size = make_article(article, mb)
            cfg = work / "cfg.json"
            cfg.write_text(json.dumps({"article": str(article), "workdir": str(work), "engine": args.engine}))
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", str(cfg)], capture_output=True, text=True, cwd=str(ROOT)
            )
            if proc.returncode != 0:
                raise SystemExit(f"run at {mb} MB failed:\n{proc.stderr[-3000:]}")
            row = {"mb": round(size / 1e6, 2), **json.loads(proc.stdout.strip().splitlines()[-1])}
            rows.append(row)
            print(
                f"{row['mb']:6.2f} MB, {row['segments']:7d} segments: peak RSS {row['peak_rss_mb']:7.1f} MiB, "
                f"{row['seconds']:.1f} s (engine {args.engine})",
                file=sys.stderr,
            )
    slope = None
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        slope = round((b["peak_rss_mb"] - a["peak_rss_mb"]) / (b["mb"] - a["mb"]), 1)
    print(json.dumps({"engine": args.engine, "rows": rows, "mib_per_mb_between_largest": slope}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
