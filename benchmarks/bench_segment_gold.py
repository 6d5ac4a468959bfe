"""Sentence segmentation on outside news gold: UD English GUM news and UD English PUD news.

Usage: ``python benchmarks/bench_segment_gold.py [--set NAME] [--misses N] [--compare]``

Each gold set in ``tests/data/segmentation/`` (origin and licence in its
README) holds sentences one a line, paragraphs separated by blank lines:

* ``gum-news``: the 765 sentences of the 24 Wikinews articles of UD English
  GUM, as running text. GUM's text is a page's: a caption, a heading, a
  dateline or a category list that has no final punctuation stood on a line
  of its own, and GUM makes it a sentence of the paragraph it sits in.
* ``pud-news``: the 500 news sentences of UD English PUD (215 articles, a
  few sentences of each, in treebank order); one article is one paragraph.

A paragraph is cut into units after each sentence without final punctuation
(``.``, ``?``, ``!``, ``…``, ``:``, ``;`` with closing quotes or brackets
after them), and each unit (its sentences joined by a space) is segmented,
by default with :func:`pipeline.segmentation.segment.split_sentences`. A
sentence counts as found when a predicted sentence equals it (whitespace
stripped). Prints, per set, precision, recall and F1 over sentences, then
every boundary the segmenter got wrong: a *false split* (a sentence end that
is not in the gold) or a *missed split* (a gold sentence end it did not
find), with the text around it. ``--compare`` also scores pySBD and syntok
when they are installed (neither is a dependency of mtpipe).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pipeline.segmentation.segment import split_sentences

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "segmentation"


@dataclass(frozen=True)
class GoldSet:
    name: str
    path: Path
    title: str


GOLD_SETS = (
    GoldSet("gum-news", DATA / "gum-news.txt", "UD English GUM, news (24 Wikinews articles, running text)"),
    GoldSet("pud-news", DATA / "pud-news.txt", "UD English PUD, news (500 sentences of 215 articles)"),
)
GOLD = GOLD_SETS[0].path

#: A segmenter under test: text in, its sentences out (in order, text unchanged).
Segmenter = Callable[[str], list[str]]

_FINAL = re.compile(r"[.?!…:;][\"'”’)\]»“]*\Z")


def mtpipe_sentences(text: str) -> list[str]:
    """mtpipe's sentences of *text*."""
    return [text[a:b] for a, b in split_sentences(text)]


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


@dataclass(frozen=True)
class Miss:
    """One boundary got wrong: ``kind`` is ``"false split"`` or ``"missed split"``."""

    kind: str
    #: The text around the boundary, with `` | `` where it is (or should be).
    context: str


@dataclass
class SegmentReport:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[Miss] = field(default_factory=list)
    #: Units split wrongly: (gold sentences, predicted sentences).
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

    def count(self, kind: str) -> int:
        return sum(1 for m in self.misses if m.kind == kind)


def measure(path: Path = GOLD, *, segmenter: Segmenter = mtpipe_sentences, limit: int | None = None) -> SegmentReport:
    """Score *segmenter* on the gold set at *path* (its first *limit* paragraphs, if given)."""
    report = SegmentReport()
    paragraphs = read_paragraphs(path)[:limit]
    for sentences in (unit for paragraph in paragraphs for unit in units(paragraph)):
        text = " ".join(sentences)
        gold_spans = _gold_spans(sentences)
        got_spans = _align(text, segmenter(text))
        report.gold += len(gold_spans)
        report.predicted += len(got_spans)
        report.correct += len(set(gold_spans) & set(got_spans))
        gold_ends = {end for _, end in gold_spans[:-1]}
        got_ends = {end for _, end in got_spans[:-1]}
        for end in sorted(got_ends - gold_ends):
            report.misses.append(Miss("false split", _around(text, end)))
        for end in sorted(gold_ends - got_ends):
            report.misses.append(Miss("missed split", _around(text, end)))
        if got_spans != gold_spans:
            report.errors.append((sentences, [text[a:b] for a, b in got_spans]))
    return report


def _gold_spans(sentences: list[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for sentence in sentences:
        out.append((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    return out


def _align(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each non-blank piece (stripped) sits in *text*, found in order.

    A piece a tool changed (so it is not in the text) is skipped: it then
    counts as neither a prediction nor a boundary.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, pos)
        if start < 0:
            continue
        out.append((start, start + len(piece)))
        pos = start + len(piece)
    return out


def _around(text: str, at: int, width: int = 40) -> str:
    before = text[max(0, at - width) : at].lstrip()
    after = text[at : at + width + 1].strip()
    return f"{'…' if at > width else ''}{before} | {after}{'…' if at + width + 1 < len(text) else ''}"


def _other_segmenters() -> Iterator[tuple[str, Segmenter]]:
    """pySBD and syntok, when installed."""
    try:
        import pysbd  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        seg = pysbd.Segmenter(language="en", clean=False)
        yield f"pySBD {version('pysbd')}", seg.segment
    try:
        from syntok import segmenter as syntok_segmenter  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:

        def syntok_sentences(text: str) -> list[str]:
            # syntok's token values are normalised (``isn’t`` -> ``is`` ``not``):
            # cut the text itself where each sentence's first token starts.
            starts = [sentence[0].offset for paragraph in syntok_segmenter.process(text) for sentence in paragraph if sentence]
            return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]

        yield f"syntok {version('syntok')}", syntok_sentences


def _line(name: str, r: SegmentReport) -> str:
    return (
        f"  {name:<14} precision {r.precision:.2%}  recall {r.recall:.2%}  F1 {r.f1:.2%}"
        f"  ({r.predicted} predicted, {r.correct} exact; {r.count('false split')} false splits,"
        f" {r.count('missed split')} missed)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", action="append", choices=[g.name for g in GOLD_SETS], help="a gold set (default: all)")
    parser.add_argument("--misses", type=int, default=20, help="wrong boundaries to show per set (default 20)")
    parser.add_argument("--compare", action="store_true", help="also score pySBD and syntok, if installed")
    args = parser.parse_args(argv)
    others = list(_other_segmenters()) if args.compare else []
    if args.compare and not others:
        print("(--compare: neither pySBD nor syntok is installed)")
    for gold in GOLD_SETS:
        if args.set and gold.name not in args.set:
            continue
        r = measure(gold.path)
        print(f"{gold.name}: {gold.title}: {r.gold} gold sentences")
        print(_line("mtpipe", r))
        for name, segmenter in others:
            print(_line(name, measure(gold.path, segmenter=segmenter)))
        for miss in r.misses[: args.misses]:
            print(f"    {miss.kind}: {miss.context}")


if __name__ == "__main__":
    main()
