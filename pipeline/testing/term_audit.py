"""Audit the glossary guarantee on an article: what enforcement claims, checked against the text.

Used by ``tests/test_noisy_model.py`` and ``benchmarks/bench_translate.py``
with the noisy test model. Each required glossary occurrence of each segment
is either *applied* (its target is in the translation) or *flagged* (a
``NOT applied`` note names it). A *wrong substitution* is a claim the text
does not bear out: a term counted as applied whose target is absent, or a
target that occurs more often than the segment's terms can account for (a
replacement put where no term of the source was).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.catalog.notes import GlossaryNote
from pipeline.translate.terms import BatchTranslator


@dataclass(frozen=True)
class TermAudit:
    segments: int
    #: Segments with at least one required term (what the engine sees first).
    segments_with_terms: int
    required: int
    applied: int
    flagged: int
    wrong: int
    #: Engine inputs for the segments with terms (``segments_with_terms`` when nothing needed recovery).
    engine_inputs: int
    wrong_examples: tuple[str, ...] = ()

    @property
    def applied_share(self) -> float:
        return self.applied / self.required if self.required else 1.0

    @property
    def applied_or_flagged_share(self) -> float:
        return (self.applied + self.flagged) / self.required if self.required else 1.0

    @property
    def extra_inputs(self) -> float:
        """Engine inputs per segment with terms, beyond the one each needs anyway."""
        return self.engine_inputs / self.segments_with_terms - 1 if self.segments_with_terms else 0.0

    def as_dict(self) -> dict[str, object]:
        """The counts and the shares they give (the examples left out), for a benchmark's JSON."""
        counts = {name: value for name, value in asdict(self).items() if name != "wrong_examples"}
        return {
            **counts,
            "applied_share": round(self.applied_share, 4),
            "applied_or_flagged_share": round(self.applied_or_flagged_share, 4),
            "extra_inputs_per_segment": round(self.extra_inputs, 3),
        }


def audit_terms(engine: BatchTranslator, *, article: Path, glossaries: Sequence[Path]) -> TermAudit:
    """Enforce the glossary on every segment of *article* with *engine* and check every claim."""
    from pipeline.documents.article import read_article, segment_article
    from pipeline.glossary import load_glossaries, required_matches
    from pipeline.translate.masking import protected_for_matches
    from pipeline.translate.terms import enforce

    glossary = load_glossaries(list(glossaries))
    document = read_article(article)
    texts = [s.text for s in segment_article(document)]
    protected = [
        protected_for_matches(
            required_matches(glossary, text, markup=document.format.markup_spans(text, references=document.link_references)),
            "zh-Hans",
        )
        for text in texts
    ]
    with_terms = [i for i, spans in enumerate(protected) if any(p.term is not None for p in spans)]
    outcomes = enforce(engine, [texts[i] for i in with_terms], [protected[i] for i in with_terms])
    required = applied = flagged = wrong = inputs = 0
    examples: list[str] = []
    for i, outcome in zip(with_terms, outcomes):
        spans = [p for p in protected[i] if p.term is not None]
        inputs += outcome.engine_calls
        required += len(outcome.applied) + len(outcome.failed)
        for term in outcome.applied:
            target = next(p.target for p in spans if p.term == term)
            if target in outcome.text:
                applied += 1
            else:
                wrong += 1
                examples.append(f"{texts[i]!r}: {term.source} counted applied, {target!r} absent: {outcome.text!r}")
        for term in outcome.failed:
            if any(isinstance(n, GlossaryNote) and not n.applied and n.source == term.source for n in outcome.notes):
                flagged += 1
        for target in {p.target for p in spans}:
            expected = sum(p.target.count(target) for p in spans)
            if outcome.text.count(target) > expected:
                wrong += 1
                examples.append(f"{texts[i]!r}: {target!r} more often than its terms: {outcome.text!r}")
    return TermAudit(
        segments=len(texts),
        segments_with_terms=len(with_terms),
        required=required,
        applied=applied,
        flagged=flagged,
        wrong=wrong,
        engine_inputs=inputs,
        wrong_examples=tuple(examples),
    )
