"""Benchmark: fuzzy memory lookup (:class:`pipeline.memory.FuzzyIndex`) on a large memory.

Run from the repository root::

    python benchmarks/bench_fuzzy.py                       # 200 000 entries, 10 000 new sentences
    python benchmarks/bench_fuzzy.py --entries 20000 --queries 1000 --exhaustive 100

What it times, separately:

* **build**: adding the stored pairs to a new index (normalising, the word
  index); done once per translate run, and only when some sentence has no
  exact match;
* **lookup**: :func:`pipeline.memory.fuzzy_matches` over the new sentences at
  the default 75 % threshold: the shortlist and rapidfuzz scoring. Reading the
  pairs from POs or SQLite, and writing the PO files, are left out.

The corpus is generated (seeded): news-like sentences of 8 to 30 words drawn
from a Zipf-distributed vocabulary of common English words and 30 000
pseudo-words (names, rare words), with numbers. Of the new sentences,
``--edited`` share are stored sentences with one to three words replaced
(most of them match at 75 % or more), the rest are new. ``--exhaustive N``
also checks N of the new sentences against a full scan of every entry
(rapidfuzz ``extractOne``) and reports how many the shortlist found the same
best score for. The last line is JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time

import _common  # noqa: F401 - puts the repository on sys.path

COMMON = (
    "the of and to in a is that for on was with he it as at by from his said were an have be which has "
    "but are not they this had who their been one its after new more would also two first year people "
    "government police minister president city state country week last told over up about than when "
    "into could some out there other them time years most may he she her we will all"
).split()
SYLLABLES = "ka ri mo ten sul vor an el is ba ne tor dan fi lo mar pe qu ro sa ti ur ve wen xi yo za".split()


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.add(word.capitalize() if rng.random() < 0.2 else word)
    return COMMON + sorted(words)


def corpus(entries: int, queries: int, edited: float, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    vocab = vocabulary(rng, 30_000)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))

    def sentence() -> str:
        words = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(8, 30))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
        return " ".join(words).capitalize() + "."

    stored = list(dict.fromkeys(sentence() for _ in range(entries)))
    new = []
    for _ in range(queries):
        if rng.random() < edited:
            words = rng.choice(stored)[:-1].split()
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choices(vocab, cum_weights=cumulative)[0]
            new.append(" ".join(words) + ".")
        else:
            new.append(sentence())
    return stored, new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--edited", type=float, default=0.4, help="share of new sentences that are edited stored ones")
    parser.add_argument("--threshold", type=float, default=75.0)
    parser.add_argument("--exhaustive", type=int, default=200, help="new sentences checked against a full scan")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()

    from rapidfuzz import fuzz, process

    from pipeline.memory import FuzzyIndex, fuzzy_matches

    stored, new = corpus(args.entries, args.queries, args.edited, args.seed)
    started = time.perf_counter()
    index = FuzzyIndex()
    index.add_many((s, f"译文{i}", "bench") for i, s in enumerate(stored))
    index.best("warm up the length table.", threshold=args.threshold)
    build_s = time.perf_counter() - started

    started = time.perf_counter()
    found = fuzzy_matches(new, index, threshold=args.threshold)
    lookup_s = time.perf_counter() - started
    ms = 1000 * lookup_s / max(1, len(new))

    agree = checked = 0
    for text in new[: args.exhaustive]:
        best = process.extractOne(text, stored, scorer=fuzz.ratio, score_cutoff=args.threshold)
        ours = found.get(text)
        checked += 1
        agree += (best is None and ours is None) or (best is not None and ours is not None and abs(best[1] - ours.score) < 1e-9)

    print(f"index build: {len(index)} entries in {build_s:.2f} s")
    print(
        f"lookup only: {len(new)} new sentences in {lookup_s:.2f} s = {ms:.3f} ms/sentence; "
        f"{len(found)} matched at >= {args.threshold:g}%"
    )
    print(f"full-scan check: the shortlist found the best score for {agree} of {checked} sentences")
    print(
        json.dumps(
            {
                "entries": len(index),
                "queries": len(new),
                "threshold": args.threshold,
                "build_s": round(build_s, 3),
                "lookup_s": round(lookup_s, 3),
                "lookup_ms_per_sentence": round(ms, 4),
                "matched": len(found),
                "exhaustive_checked": checked,
                "exhaustive_agree": agree,
            }
        )
    )


if __name__ == "__main__":
    main()
