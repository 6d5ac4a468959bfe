"""Drafting: Simplified drafts for source sentences, from the memory or the engine, and their Traditional conversions.

Glossary terms and protected markup are masked before the engine and put
back after it (:mod:`pipeline.terms`); the raw output is cleaned into Chinese
typography. A large batch is drafted in rounds, each stored in the memory as
soon as it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.catalog import MT_FLAG, Entry
from pipeline.notes import GlossaryNote, converted_note, glossary_notes
from pipeline.spans import protected_spans
from pipeline.variants import SIMPLIFIED

if TYPE_CHECKING:
    from pipeline.engine import Engine
    from pipeline.glossary import Glossary, TermMatch
    from pipeline.memory import DraftContext, TranslationMemory

#: Segments per engine call inside one chunk: an article larger than a chunk
#: is drafted in rounds of this size, each written to the memory when done,
#: so an interrupted huge article resumes where it stopped.
ROUND_SEGMENTS = 256
#: Note on a segment whose output reached the decoding limit.
TRUNCATED_NOTE = "mt: the translation reached the model's length limit; check that it is complete"

Spans = Sequence[tuple[int, int]]


def find_terms(glossary: Glossary, text: str, markup: Spans = ()) -> list[TermMatch]:
    """Glossary matches in *text*, except inside protected markup (link URLs, code) and
    inside URLs, e-mail addresses and placeholders (:func:`pipeline.spans.protected_spans`)."""
    matches = glossary.find(text)
    if not matches:
        return matches
    protected = [*markup, *((s.start, s.end) for s in protected_spans(text))]
    return [m for m in matches if not any(m.start < b and a < m.end for a, b in protected)]


def term_notes(glossary: Glossary, text: str, variant: str, markup: Spans = ()) -> list[str]:
    """``glossary: exit ban → 出境禁令`` for each term found in *text* (once each)."""
    from pipeline.terms import required_target

    notes: dict[str, None] = {}
    for match in find_terms(glossary, text, markup):
        target = required_target(match.term, variant, as_written=match.text)
        if target:
            notes.setdefault(str(GlossaryNote(match.term.source, target)), None)
    return list(notes)


@dataclass(frozen=True)
class Draft:
    text: str
    notes: tuple[str, ...]
    applied: int
    required: int
    origin: str  # "engine" | "memory"


def _term_counts(source: str, notes: Sequence[str], glossary: Glossary | None, markup: Spans) -> tuple[int, int]:
    """(applied, required) term occurrences of a remembered draft, as :func:`enforce` counts them."""
    if glossary is None:
        return 0, 0
    from pipeline.terms import required_target

    failed = {note.source for note in glossary_notes(notes) if not note.applied}
    required = [m for m in find_terms(glossary, source, markup) if required_target(m.term, SIMPLIFIED.code, as_written=m.text)]
    applied = sum(m.term.source not in failed for m in required)
    return applied, len(required)


def draft_sources(
    sources: list[str],
    *,
    engine: Engine,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    context: DraftContext,
    markup: Mapping[str, Spans],
) -> tuple[dict[str, Draft], int]:
    """Drafts for unique source texts, from the memory or the engine; returns (drafts, engine inputs)."""
    from pipeline.terms import Protected, enforce, protected_for_matches
    from pipeline.typography import clean_translation

    drafts: dict[str, Draft] = {}
    if memory is not None:
        hits = memory.lookup_many(sources, context)
        for index, hit in hits.items():
            applied, required = _term_counts(sources[index], hit.notes, glossary, markup.get(sources[index], ()))
            drafts[sources[index]] = Draft(hit.target, tuple(hit.notes), applied, required, "memory")
    misses = [s for s in sources if s not in drafts]
    if not misses:
        return drafts, 0
    protected: list[list[Protected]] = []
    for source in misses:
        own_markup = markup.get(source, ())
        matches = find_terms(glossary, source, own_markup) if glossary is not None else []
        spans = list(protected_for_matches(matches, SIMPLIFIED.code))
        spans += [Protected(start=a, end=b, target=source[a:b], label="markup") for a, b in own_markup]
        protected.append(sorted(spans, key=lambda p: p.start))
    calls = 0
    outer: Callable[[int, int], None] | None = getattr(engine, "progress", None)
    # Rounds of ROUND_SEGMENTS, each remembered as soon as it is done: Ctrl-C
    # in a huge article loses one round, and the re-run resumes from the memory.
    for first in range(0, len(misses), ROUND_SEGMENTS):
        round_sources = misses[first : first + ROUND_SEGMENTS]
        if outer is not None:
            engine.progress = _round_progress(outer, first=first, size=len(round_sources), total=len(misses))  # type: ignore[attr-defined]
        try:
            outcomes = enforce(engine, round_sources, protected[first : first + ROUND_SEGMENTS])
        finally:
            if outer is not None:
                engine.progress = outer  # type: ignore[attr-defined]
        calls += sum(o.engine_calls for o in outcomes)
        new_records = []
        for source, outcome in zip(round_sources, outcomes):
            text = clean_translation(outcome.text)
            notes = tuple(outcome.notes) + ((TRUNCATED_NOTE,) if outcome.truncated else ())
            drafts[source] = Draft(text, notes, len(outcome.applied), len(outcome.applied) + len(outcome.failed), "engine")
            if memory is not None and not outcome.truncated:
                from pipeline.memory import MemoryRecord

                new_records.append((source, MemoryRecord(target=text, notes=notes, complete=not outcome.failed)))
        if memory is not None and new_records:
            memory.store_many(new_records, context)
    return drafts, calls


def _round_progress(outer: Callable[[int, int], None], *, first: int, size: int, total: int) -> Callable[[int, int], None]:
    """The engine's progress inside one round → progress over all the rounds (in thousandths of a segment)."""

    def progress(done: int, inputs: int) -> None:
        outer(first * 1000 + size * 1000 * min(done, inputs) // max(1, inputs), total * 1000)

    return progress


def variant_entry(hans: Entry, variant: str, glossary: Glossary | None, markup: Spans) -> Entry:
    """A Traditional draft converted from the Simplified entry (always fuzzy)."""
    from pipeline.convert import localize

    overrides: dict[str, str] = {}
    notes = list(hans.notes)
    if glossary is not None:
        from pipeline.terms import required_target

        notes = [n for n in hans.notes if n not in {str(g) for g in glossary_notes(hans.notes)}]
        for match in find_terms(glossary, hans.msgid, markup):
            zh = required_target(match.term, SIMPLIFIED.code, as_written=match.text)
            target = required_target(match.term, variant, as_written=match.text)
            if zh and target:
                overrides[zh] = target
        notes += term_notes(glossary, hans.msgid, variant, markup)
    text = localize(hans.msgstr, variant, overrides) if hans.msgstr else ""
    plural = tuple((n, localize(t, variant, overrides) if t else "") for n, t in hans.msgstr_plural)
    # A conversion is machine work: fuzzy and mt until a reviewer of the variant clears it.
    converted = bool(text) or any(t for _, t in plural)
    flags = hans.flags if not converted else ("fuzzy", MT_FLAG) + hans.flags
    notes.append(converted_note(SIMPLIFIED.po_stem))
    return replace(
        hans, msgstr=text, msgstr_plural=plural, flags=tuple(dict.fromkeys(flags)), notes=tuple(notes), comment=""
    )
