"""Sentence segmentation on outside gold: the news documents of UD English GUM (Wikinews).

Usage: ``python benchmarks/bench_segment_gold.py [--misses N]``

``tests/data/segmentation/gum-news.txt`` (origin and licence in its README)
holds 765 sentences of 24 news articles, one a line, paragraphs separated by
blank lines. GUM's text is a page's: a caption, a heading, a dateline or a
category list that has no final punctuation stood on a line of its own, and
GUM makes it a sentence of the paragraph it sits in. So a paragraph is cut
into units after each sentence without final punctuation (``.``, ``?``,
``!``, ``…``, ``:``, ``;`` with closing quotes or brackets after them), and
each unit (its sentences joined by a space) goes through
:func:`pipeline.segmentation.segment.split_sentences`. A sentence counts as
found when a predicted span equals it (whitespace stripped). Prints
precision, recall and F1 over sentences, and the units split wrongly.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.segmentation.segment import split_sentences

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation" / "gum-news.txt"


_FINAL = re.compile(r"[.?!…:;][\"'”’)\]»“]*\Z")


def units(paragraph: list[str]) -> list[list[str]]:
    """A paragraph's runs of sentences, cut after each sentence without final punctuation."""
    out: list[list[str]] = [[]]
    for sentence in paragraph:
        out[-1].append(sentence)
        if not _FINAL.search(sentence):
            out.append([])
    return [u for u in out if u]


def read_paragraphs(path: Path = GOLD) -> list[list[str]]:
    """The gold paragraphs, each a list of sentences."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(current)
    return paragraphs


@dataclass
class SegmentReport:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    errors: list[tuple[list[str], list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def measure(path: Path = GOLD) -> SegmentReport:
    report = SegmentReport()
    for sentences in (unit for paragraph in read_paragraphs(path) for unit in units(paragraph)):
        text = " ".join(sentences)
        got = [text[a:b].strip() for a, b in split_sentences(text)]
        got = [g for g in got if g]
        report.gold += len(sentences)
        report.predicted += len(got)
        # Spans are contiguous, so equal sentences are matched by their offsets.
        gold_spans = _offsets(sentences)
        got_spans = _offsets(got)
        report.correct += len(gold_spans & got_spans)
        if got != sentences:
            report.errors.append((sentences, got))
    return report


def _offsets(sentences: list[str]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    pos = 0
    for sentence in sentences:
        out.add((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=10, help="wrongly split paragraphs to show (default 10)")
    args = parser.parse_args()
    r = measure()
    print(f"UD English GUM news: {r.gold} gold sentences, {r.predicted} predicted, {r.correct} exact")
    print(f"precision {r.precision:.2%}  recall {r.recall:.2%}  F1 {r.f1:.2%}")
    for gold, got in r.errors[: args.misses]:
        print("gold:", gold)
        print("got: ", got)


if __name__ == "__main__":
    main()
