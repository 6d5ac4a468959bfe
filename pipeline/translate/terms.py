"""Glossary enforcement in the engine path: translate the masked segments, recover the spans that did not come through.

Spans are masked by :mod:`pipeline.translate.masking` and read back by
:mod:`pipeline.translate.restore`; existing translations are checked by
:mod:`pipeline.translate.verify`.

:func:`enforce` checks every segment after the restore: each masked span's
placeholder must appear exactly once, no unknown or garbled placeholder may
be left, and no forbidden rendering of the segment's terms may appear (a
term whose forbidden rendering appears counts as not applied). A segment
whose placeholders did not all come through gets one recovery round
(batched across segments), with several candidates translated together:

* **survivors**: only the spans whose placeholder survived are masked;
* **one at a time**: each failed span masked alone;
* **plain**: nothing masked;
* **renderings**: each span's own source text translated alone, so the
  model's own rendering of a span left unmasked can be found in a candidate
  and replaced by the target. Only an occurrence that covers whole words is
  replaced (a Latin rendering must not start or end inside a word) and that
  does not cut a forbidden rendering of the segment's terms in two: ``禁``
  inside ``出口禁止`` is left alone, since replacing it would garble the text
  and hide the forbidden form.

Forbidden renderings are then looked for in the assembled candidate, each
restored target blanked out (a target may contain a forbidden form) and
acting as a separator (text on both sides of it must not join up).

The candidate that applies the most spans (without a forbidden rendering),
with no placeholder lost, wins (ties: survivors, then one at a time, then
plain). A span that the chosen candidate does not apply is reported in
:attr:`TermOutcome.failed` with a ``NOT applied`` note.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.catalog.notes import GlossaryNote, UnappliedNote
from pipeline.errors import ModelError
from pipeline.glossary import Term
from pipeline.translate.masking import Protected, placeholder_prefix_for, mask
from pipeline.translate.restore import assemble, Candidate, read_candidate, candidate_score


class BatchTranslator(Protocol):
    """What :func:`enforce` needs from a translation engine (:class:`pipeline.translate.engine.Engine` has it)."""

    def translate_batch(self, texts: Sequence[str]) -> list[str]: ...


@dataclass(frozen=True)
class TermOutcome:
    """The enforced translation of one segment."""

    #: Translation with targets restored (not yet typographically cleaned).
    text: str
    #: Terms whose target is in :attr:`text`, one per occurrence in the source.
    applied: tuple[Term, ...]
    #: Terms required but not applied, one per occurrence.
    failed: tuple[Term, ...]
    #: PO ``#.`` notes: ``glossary: exit ban → 出境禁令`` and ``... NOT applied``.
    notes: tuple[str, ...]
    #: Engine inputs this segment consumed (1 when nothing needed recovery).
    engine_calls: int
    #: The engine reported the chosen translation as cut at its length limit.
    truncated: bool = False



class _Batch:
    """Engine inputs of one round, deduplicated."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.index: dict[str, int] = {}
        self.results: list[str] = []

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.texts)
            self.texts.append(text)
        return found

    def run(self, engine: BatchTranslator) -> None:
        if not self.texts:
            return
        results = engine.translate_batch(self.texts)
        if len(results) != len(self.texts):
            raise ModelError(
                f"the engine returned {len(results)} translations for {len(self.texts)} inputs",
                hint="this is a bug in the engine; try another model",
            )
        self.results = list(results)

    def __getitem__(self, i: int) -> str:
        return self.results[i]


def _check_spans(source: str, spans: Sequence[Protected]) -> list[Protected]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise ValueError(f"protected spans overlap: {a.label!r} and {b.label!r}")
    for s in ordered:
        if not 0 <= s.start < s.end <= len(source):
            raise ValueError(f"protected span {s.label!r} [{s.start}:{s.end}] is outside the segment")
    return ordered


def enforce(
    engine: BatchTranslator, sources: Sequence[str], protected: Sequence[Sequence[Protected]]
) -> list[TermOutcome]:
    """Translate *sources* with their protected spans enforced; one outcome per source.

    One batched engine call for all segments, and at most one more, batched
    too, for the segments that need recovery.
    """
    if len(sources) != len(protected):
        raise ValueError("sources and protected must have the same length")
    all_spans = [_check_spans(src, spans) for src, spans in zip(sources, protected)]
    prefixes = [placeholder_prefix_for(src) for src in sources]

    first = _Batch()
    first_ids = [
        first.add(mask(src, spans, range(len(spans)), prefix))
        for src, spans, prefix in zip(sources, all_spans, prefixes)
    ]
    first.run(engine)
    cut: Container[str] = getattr(engine, "truncated", ())

    outcomes: list[TermOutcome | None] = [None] * len(sources)
    retry: list[tuple[int, Candidate]] = []
    for seg, (spans, prefix) in enumerate(zip(all_spans, prefixes)):
        cand = read_candidate(range(len(spans)), first[first_ids[seg]], spans, prefix, {})
        if cand.valid:
            outcomes[seg] = _outcome(cand, spans, 1, truncated=first.texts[first_ids[seg]] in cut)
        else:
            retry.append((seg, cand))
    if not retry:
        return [o for o in outcomes if o is not None]

    # Recovery round: every candidate of every failing segment in one batch.
    second = _Batch()
    plans: list[tuple[int, Candidate, list[tuple[tuple[int, ...], int]], dict[int, int], int]] = []
    for seg, cand in retry:
        spans = all_spans[seg]
        src = sources[seg]
        n = len(spans)
        survivors = tuple(sorted(cand.applied))
        failed = [i for i in range(n) if i not in cand.applied]
        masks: list[tuple[int, ...]] = []
        if survivors and failed:
            masks.append(survivors)
        if n > 1:
            masks.extend((i,) for i in failed if (i,) != survivors)
        masks.append(())
        jobs = [(m, second.add(mask(src, spans, m, prefixes[seg]))) for m in masks]
        renders = {i: second.add(src[spans[i].start : spans[i].end]) for i in range(n)}
        plans.append((seg, cand, jobs, renders, 1 + len(jobs) + len(renders)))
    second.run(engine)

    for seg, first_cand, jobs, renders, calls in plans:
        spans = all_spans[seg]
        renderings = {i: second[j] for i, j in renders.items()}
        best: Candidate | None = None
        best_input = first.texts[first_ids[seg]]
        for masked, j in jobs:
            cand = read_candidate(masked, second[j], spans, prefixes[seg], renderings)
            if cand.valid and (best is None or candidate_score(cand) > candidate_score(best)):
                best, best_input = cand, second.texts[j]
        if best is None:  # pragma: no cover - the plain candidate is valid unless the model invents ZQ
            best = first_cand
        outcomes[seg] = _outcome(best, spans, calls, truncated=best_input in cut)
    return [o for o in outcomes if o is not None]


def _outcome(cand: Candidate, spans: Sequence[Protected], calls: int, *, truncated: bool = False) -> TermOutcome:
    applied: list[Term] = []
    failed: list[Term] = []
    ok_notes: dict[str, None] = {}
    bad_notes: dict[str, str] = {}  # one note per term (or markup label), the first failure's
    for index, span in enumerate(spans):
        hits = cand.forbidden_hits.get(index)
        good = index in cand.applied and not hits
        # Applied, but the model also wrote a forbidden rendering elsewhere: say which.
        why = f" (forbidden rendering {hits[0]!r} present)" if hits and index in cand.applied else ""
        if span.term is not None:
            (applied if good else failed).append(span.term)
            key = GlossaryNote(span.term.source, span.target)
            if good:
                ok_notes.setdefault(key, None)
            else:
                bad_notes.setdefault(key, GlossaryNote(span.term.source, span.target, applied=False, why=why))
        elif not good:
            bad_notes.setdefault(span.label, UnappliedNote(span.label, why))
    notes = [note for note in ok_notes if note not in bad_notes]
    notes += list(bad_notes.values())
    return TermOutcome(
        text=assemble(cand, spans),
        applied=tuple(applied),
        failed=tuple(failed),
        notes=tuple(notes),
        engine_calls=calls,
        truncated=truncated,
    )
