"""Glossary matching on outside gold: the WMT 2021 terminology task's English side (TICO-19).

Usage: ``python benchmarks/bench_terms_gold.py [--misses N]``

The corpus (``tests/data/terms/``, origin and licence in its README) has
3,071 segments with 3,324 annotated term spans of 217 terms. The task's term
list is loaded as a glossary in id order (so its duplicate rows, such as
``pneumonia`` and ``pneumonias``, stay). Prints:

* **exact-span recall**: annotated spans found at exactly their span with
  their own entry (*strict*), or with the duplicate row written exactly as
  the text (the list has rows for both ``cough`` and ``coughing``,
  ``symptom`` and ``symptoms``, ``infect`` and ``infected``: where the text
  is one row's own spelling, that row wins by design, and ``glossary check``
  reports the pair); spans inside a longer glossary match (longest match
  wins, e.g. ``fever`` inside ``high fever``) are counted apart and left out;
* **-ed / -ing recall**: the same, for annotated spans in an ``-ed`` or
  ``-ing`` form;
* **precision**: a match at an annotated span is correct; the share of
  correct matches among the others is estimated from the hand-checked
  random sample ``precision-sample.tsv`` (200 of them), and the estimate is
  ``(annotated + others × sample share) / matches``.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.glossary import Glossary, Term, form_key

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "terms"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    term_id: int
    kind: str  # "src_original" | "src_lemma"


@dataclass(frozen=True)
class Segment:
    doc: str
    seg: int
    text: str
    spans: tuple[Span, ...]


def read_terms(data: Path = DATA) -> dict[int, str]:
    """The task's term list: ``{id: source}``."""
    out: dict[int, str] = {}
    for line in (data / "tico19-glossary.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            number, source = line.split("\t")
            out[int(number)] = source
    return out


def read_segments(data: Path = DATA) -> Iterator[Segment]:
    with gzip.open(data / "tico19-terms.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            doc, seg, text, cell = line.rstrip("\n").split("\t")
            spans = []
            for item in filter(None, cell.split(";")):
                where, number, kind = item.split(":")
                start, end = where.split("-")
                spans.append(Span(int(start), int(end), int(number), kind))
            yield Segment(doc, int(seg), text, tuple(spans))


def read_judgements(data: Path = DATA) -> dict[tuple[str, int, int, int], bool]:
    """The hand-checked sample: ``(doc, seg, start, end) → correct``."""
    out: dict[tuple[str, int, int, int], bool] = {}
    path = data / "precision-sample.tsv"
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            doc, seg, start, end, verdict = line.split("\t")[:5]
            out[(doc, int(seg), int(start), int(end))] = verdict == "ok"
    return out


def build_glossary(terms: dict[int, str]) -> Glossary:
    return Glossary(terms=tuple(Term(source, {"zh": f"T{number}"}, note=str(number)) for number, source in sorted(terms.items())))


@dataclass
class GoldReport:
    spans: int = 0
    found: int = 0
    found_strict: int = 0
    longest_match: int = 0
    inflected: int = 0
    inflected_found: int = 0
    matches: int = 0
    matches_annotated: int = 0
    judged_ok: int = 0
    judged_wrong: int = 0
    unjudged: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    unjudged_examples: list[tuple[str, int, int, int, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        counted = self.spans - self.longest_match
        return self.found / counted if counted else 1.0

    @property
    def strict_recall(self) -> float:
        counted = self.spans - self.longest_match
        return self.found_strict / counted if counted else 1.0

    @property
    def inflected_recall(self) -> float:
        return self.inflected_found / self.inflected if self.inflected else 1.0

    @property
    def sample_share(self) -> float:
        """Correct share of the hand-checked unannotated matches."""
        judged = self.judged_ok + self.judged_wrong
        return self.judged_ok / judged if judged else 0.0

    @property
    def precision(self) -> float:
        """Estimated: annotated matches are correct, the others as correct as the judged sample."""
        others = self.matches - self.matches_annotated
        return (self.matches_annotated + others * self.sample_share) / self.matches if self.matches else 1.0


def _inflected(word: str) -> bool:
    return word.lower().endswith(("ed", "ing"))


def measure(data: Path = DATA) -> GoldReport:
    terms = read_terms(data)
    glossary = build_glossary(terms)
    keys = {number: form_key(source) for number, source in terms.items()}
    judgements = read_judgements(data)
    report = GoldReport()
    for segment in read_segments(data):
        matches = glossary.find(segment.text)
        by_span = {(m.start, m.end): m for m in matches}
        annotated = {(s.start, s.end) for s in segment.spans}
        for span in segment.spans:
            report.spans += 1
            text = segment.text[span.start : span.end]
            inflected = span.kind == "src_lemma" and _inflected(text)
            report.inflected += inflected
            match = by_span.get((span.start, span.end))
            own = match is not None and keys[int(match.term.note)] == keys[span.term_id]
            written = match is not None and form_key(match.term.source) == form_key(text)
            if own or written:
                report.found += 1
                report.found_strict += own
                report.inflected_found += inflected
            elif any(m.start <= span.start and span.end <= m.end and (m.end - m.start) > (span.end - span.start) for m in matches):
                report.longest_match += 1
                report.inflected -= inflected
            else:
                report.misses.append(f"{segment.doc}:{segment.seg}: {text!r} ({terms[span.term_id]!r}) in {segment.text!r}")
        for match in matches:
            report.matches += 1
            if (match.start, match.end) in annotated:
                report.matches_annotated += 1
                continue
            verdict = judgements.get((segment.doc, segment.seg, match.start, match.end))
            if verdict is None:
                report.unjudged += 1
                report.unjudged_examples.append(
                    (segment.doc, segment.seg, match.start, match.end, match.text, segment.text)
                )
            elif verdict:
                report.judged_ok += 1
            else:
                report.judged_wrong += 1
                report.wrong.append(f"{segment.doc}:{segment.seg}: {match.text!r} in {segment.text!r}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=10, help="misses and wrong matches to list (default 10)")
    args = parser.parse_args()
    r = measure()
    print(f"annotated spans: {r.spans} ({r.longest_match} inside a longer match, left out)")
    print(f"exact-span recall: {r.found}/{r.spans - r.longest_match} = {r.recall:.2%} (strict, own row only: {r.strict_recall:.2%})")
    print(f"-ed/-ing forms found: {r.inflected_found}/{r.inflected} = {r.inflected_recall:.2%}")
    print(
        f"matches: {r.matches} ({r.matches_annotated} annotated; of the others, {r.judged_ok} of "
        f"{r.judged_ok + r.judged_wrong} in the hand-checked sample correct)"
    )
    print(f"precision (estimated): {r.precision:.2%}")
    for line in r.misses[: args.misses]:
        print("miss:", line)
    for line in r.wrong[: args.misses]:
        print("wrong:", line)


if __name__ == "__main__":
    main()
