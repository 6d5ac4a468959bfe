"""Segmentation speed: 1 MB of English news text (the sample article repeated).

Usage: ``python benchmarks/bench_segment.py [--mb 1.0] [--repeat 5]``

Prints the best of several runs, segmenting paragraph by paragraph as
``mtpipe`` does. The target (issue 4) is 1 MB in under 1 s on one core.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.segmentation.segment import split_sentences

ARTICLE = Path(__file__).resolve().parent.parent / "articles" / "run-movement.txt"


def build_corpus(megabytes: float) -> list[str]:
    """Paragraphs of the sample article, repeated up to *megabytes* of UTF-8."""
    paragraphs = [line for line in ARTICLE.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    target = int(megabytes * 1_000_000)
    corpus: list[str] = []
    size = 0
    while size < target:
        for paragraph in paragraphs:
            corpus.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
            if size >= target:
                break
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is reported (default 5)")
    args = parser.parse_args()

    corpus = build_corpus(args.mb)
    size_mb = sum(len(p.encode("utf-8")) + 1 for p in corpus) / 1_000_000
    best = float("inf")
    count = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        count = sum(len(split_sentences(paragraph)) for paragraph in corpus)
        best = min(best, time.perf_counter() - start)
    whole = "\n".join(corpus)
    start = time.perf_counter()
    whole_count = len(split_sentences(whole))
    whole_time = time.perf_counter() - start

    print(f"text: {size_mb:.2f} MB, {len(corpus)} paragraphs, {count} sentences")
    print(f"by paragraph: {best:.3f} s  ({size_mb / best:.1f} MB/s, {count / best:,.0f} sentences/s)")
    print(f"as one string: {whole_time:.3f} s  ({size_mb / whole_time:.1f} MB/s, {whole_count} segments)")
    print("target: 1 MB in under 1 s:", "met" if best * (1.0 / size_mb) < 1.0 else "NOT met")


if __name__ == "__main__":
    main()
