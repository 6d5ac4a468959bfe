"""Drafting: Simplified drafts for source sentences, from the memory or the engine, and their Traditional conversions.

Glossary terms and protected markup are masked before the engine and put
back after it (:mod:`pipeline.translate.terms`); markup at a segment's edges
is not sent at all (:func:`edge_markup`). The raw output is cleaned into Chinese
typography. A run is drafted as one stream of rounds, two in the engine at a
time, each stored in the memory as soon as it is done.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.catalog import MT_FLAG, Entry
from pipeline.catalog.notes import ConvertedNote, GlossaryNote, Note, TruncatedNote, parse_notes
from pipeline.glossary.required import required_matches
from pipeline.languages.variants import SIMPLIFIED

if TYPE_CHECKING:
    from pipeline.translate.engine import Engine
    from pipeline.glossary import Glossary
    from pipeline.memory import DraftContext, TranslationMemory
    from pipeline.translate.terms import TermOutcome

#: Memory misses per engine round. Each round is written to the memory when
#: done, so an interrupted run resumes where it stopped; a round keeps both
#: translator replicas busy (about 15 token batches).
ROUND_SEGMENTS = 256
#: Engine rounds in flight at once: the next round is translated while the
#: previous one is written, and the engine never idles at a round's end.
ROUNDS_IN_FLIGHT = 2
#: Sources looked up in the memory at once.
LOOKUP_BLOCK = 2048
#: Note on a segment whose output reached the decoding limit.
TRUNCATED_NOTE = TruncatedNote()

Spans = Sequence[tuple[int, int]]


def term_notes(glossary: Glossary, text: str, variant: str, markup: Spans = ()) -> list[GlossaryNote]:
    """``glossary: exit ban → 出境禁令`` for each term found in *text* (once each)."""
    from pipeline.translate.masking import required_target

    notes: dict[GlossaryNote, None] = {}
    for match in required_matches(glossary, text, markup=markup):
        target = required_target(match.term, variant, as_written=match.text)
        if target:
            notes.setdefault(GlossaryNote(match.term.source, target), None)
    return list(notes)


@dataclass(frozen=True)
class Draft:
    text: str
    notes: tuple[Note, ...]
    applied: int
    required: int
    origin: str  # "engine" | "memory"


def _term_counts(
    source: str, notes: Sequence[Note], glossary: Glossary | None, markup: Spans, variant: str = SIMPLIFIED.code
) -> tuple[int, int]:
    """(applied, required) term occurrences of a remembered draft, as :func:`enforce` counts them."""
    if glossary is None:
        return 0, 0
    from pipeline.translate.masking import required_target

    failed = {note.source for note in notes if isinstance(note, GlossaryNote) and not note.applied}
    required = [m for m in required_matches(glossary, source, markup=markup) if required_target(m.term, variant, as_written=m.text)]
    applied = sum(m.term.source not in failed for m in required)
    return applied, len(required)


@dataclass(frozen=True)
class DraftRound:
    """Drafts that became ready together: memory hits, or one engine round."""

    drafts: dict[str, Draft]
    #: Segments sent to the engine for this round (recovery inputs included).
    engine_inputs: int = 0


class _Stopped(Exception):
    """The stream was closed (Ctrl-C, an error): a round in flight makes no further engine call."""


class _StoppingEngine:
    """The engine as a round sees it: once the stream is closed, the next call stops the round."""

    def __init__(self, engine: Engine, stopped: threading.Event) -> None:
        self._engine = engine
        self._stopped = stopped
        self.truncated = getattr(engine, "truncated", ())

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if self._stopped.is_set():
            raise _Stopped
        return self._engine.translate_batch(texts)


class _Progress:
    """Progress over every source of a stream, in thousandths of a source, from any thread.

    Each engine round reports through the engine's own ``progress(done, inputs)``,
    called on the round's thread; rounds in flight at once add up.
    """

    def __init__(self, on_progress: Callable[[int, int], None] | None, total: int) -> None:
        self._on_progress: Callable[[int, int], None] | None = on_progress
        self._total = total * 1000
        self._done = 0  # finished sources × 1000
        self._partial: dict[int, int] = {}  # round number → thousandths done so far
        self._lock = threading.Lock()
        self._local = threading.local()
        self.stopped = threading.Event()

    def close(self) -> None:
        """No more reports (a round still finishing its engine call after the stream closed stays quiet)."""
        with self._lock:
            self._on_progress = None

    def _emit(self) -> None:
        if self._on_progress is not None:
            self._on_progress(min(self._total, self._done + sum(self._partial.values())), self._total)

    def add(self, sources: int) -> None:
        with self._lock:
            self._done += sources * 1000
            self._emit()

    def start_round(self, number: int, size: int) -> None:
        """On the round's thread, before its engine calls."""
        self._local.round = (number, size)

    def engine(self, done: int, inputs: int) -> None:
        """The engine's progress callback; a recovery call restarts at 0 and never moves it back.

        Once the stream is closed it raises :class:`_Stopped`, which ends the
        round's engine call at its next result instead of its last one.
        """
        if self.stopped.is_set():
            raise _Stopped
        number, size = getattr(self._local, "round", (None, 0))
        if number is None:
            return
        with self._lock:
            if number in self._partial:
                self._partial[number] = max(self._partial[number], size * 1000 * min(done, inputs) // max(1, inputs))
                self._emit()

    def open_round(self, number: int) -> None:
        with self._lock:
            self._partial[number] = 0

    def close_round(self, number: int, size: int) -> None:
        with self._lock:
            self._partial.pop(number, None)
            self._done += size * 1000
            self._emit()


def edge_markup(source: str, markup: Spans) -> tuple[int, int]:
    """Where the text between the markup that opens *source* and the markup that closes it starts and ends.

    A link around a whole menu item (``<a href="/x">Sections</a>``), an ``<em>`` opening a sentence or an
    image before a caption stays where it is whatever the translation says: the engine gets the text between
    (with the markup inside it masked), and the edges are put back around its draft verbatim, with the
    whitespace next to them. ``(0, len(source))`` when *source* has no markup at its edges or is all markup.
    """
    lead, trail = 0, len(source)
    ordered = sorted(markup)
    for a, b in ordered:
        if a < lead or source[lead:a].strip():
            break
        lead = b
    for a, b in reversed(ordered):
        if b > trail or a < lead or source[b:trail].strip():
            break
        trail = a
    if not source[lead:trail].strip():
        return 0, len(source)
    while lead and source[lead].isspace():
        lead += 1
    while trail < len(source) and source[trail - 1].isspace():
        trail -= 1
    return lead, trail


def stream_drafts(
    sources: Sequence[str],
    *,
    engine: Engine,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    context: DraftContext,
    markup: Mapping[str, Spans],
    on_progress: Callable[[int, int], None] | None = None,
) -> Generator[DraftRound, None, None]:
    """Drafts for unique source texts, from the memory or the engine, as they become ready.

    The engine works in rounds of :data:`ROUND_SEGMENTS` memory misses, and
    :data:`ROUNDS_IN_FLIGHT` rounds are in it at once: while the caller
    writes one round's articles, the next round is already being translated,
    so the engine never idles between rounds. Each round is stored in the
    memory (on the caller's thread) before it is yielded, so Ctrl-C loses only
    the rounds still in the engine, and a re-run resumes from the memory.
    *on_progress* gets ``(thousandths of a source done, sources × 1000)``.
    """
    from pipeline.translate.masking import Protected, protected_for_matches
    from pipeline.translate.terms import enforce
    from pipeline.languages.table import resolve as resolve_language
    from pipeline.languages.typography_families import clean_for

    # The language drafted is the one the memory is keyed by (zh-Hans, ja, fr...).
    target = resolve_language(context.variant or SIMPLIFIED.code)

    progress = _Progress(on_progress, len(sources))
    pending: deque[tuple[int, list[str], Future[list[TermOutcome]]]] = deque()
    rounds = itertools.count()
    stopped = progress.stopped
    round_engine = _StoppingEngine(engine, stopped)
    # Its threads are joined at exit: a process that exits while a round is in the
    # engine first lets that engine call finish (CTranslate2 must not be torn down
    # under a running call), and _StoppingEngine makes it the round's last.
    rounds_pool = ThreadPoolExecutor(max_workers=ROUNDS_IN_FLIGHT, thread_name_prefix="mtpipe-round")

    def submit(round_sources: list[str]) -> None:
        protected: list[list[Protected]] = []
        edges: list[tuple[int, int]] = []
        for source in round_sources:
            own_markup = markup.get(source, ())
            matches = required_matches(glossary, source, markup=own_markup) if glossary is not None else []
            lead, trail = edge_markup(source, own_markup)
            spans = list(protected_for_matches(matches, target.code))
            spans += [Protected(start=a, end=b, target=source[a:b], label="markup") for a, b in own_markup if lead <= a and b <= trail]
            protected.append(sorted((replace(p, start=p.start - lead, end=p.end - lead) for p in spans), key=lambda p: p.start))
            edges.append((lead, trail))
        inner = [source[lead:trail] for source, (lead, trail) in zip(round_sources, edges)]
        number = next(rounds)
        progress.open_round(number)

        def work() -> list[TermOutcome]:
            progress.start_round(number, len(round_sources))
            outcomes = enforce(round_engine, inner, protected)
            return [
                replace(o, text=source[:lead] + o.text + source[trail:]) if (lead, trail) != (0, len(source)) else o
                for o, source, (lead, trail) in zip(outcomes, round_sources, edges)
            ]

        pending.append((number, round_sources, rounds_pool.submit(work)))

    def collect() -> DraftRound:
        number, round_sources, future = pending.popleft()
        outcomes = future.result()
        drafts: dict[str, Draft] = {}
        new_records = []
        for source, outcome in zip(round_sources, outcomes):
            # The markup put back verbatim keeps its own whitespace (an <svg> path, a <code> block).
            text = clean_for(
                outcome.text,
                language=target,
                protected=_verbatim(outcome.text, [source[a:b] for a, b in markup.get(source, ())]),
                source=source,  # a draft the engine left in English keeps English punctuation
            )
            notes = parse_notes(outcome.notes) + ((TRUNCATED_NOTE,) if outcome.truncated else ())
            drafts[source] = Draft(text, notes, len(outcome.applied), len(outcome.applied) + len(outcome.failed), "engine")
            if memory is not None and not outcome.truncated:
                from pipeline.memory import MemoryRecord

                new_records.append((source, MemoryRecord(target=text, notes=notes, complete=not outcome.failed)))
        if memory is not None and new_records:
            memory.store_many(new_records, context)
        progress.close_round(number, len(round_sources))
        return DraftRound(drafts, sum(o.engine_calls for o in outcomes))

    has_progress = hasattr(engine, "progress")
    outer = getattr(engine, "progress", None)
    if has_progress:
        engine.progress = progress.engine  # type: ignore[attr-defined]
    try:
        waiting: list[str] = []
        for first in range(0, len(sources), LOOKUP_BLOCK):
            block = list(sources[first : first + LOOKUP_BLOCK])
            if memory is not None:
                hits: dict[str, Draft] = {}
                for index, hit in memory.lookup_many(block, context).items():
                    own_markup = markup.get(block[index], ()) if glossary is not None else ()
                    hit_notes = parse_notes(hit.notes)  # the memory keeps notes as text
                    applied, required = _term_counts(block[index], hit_notes, glossary, own_markup, target.code)
                    hits[block[index]] = Draft(hit.target, hit_notes, applied, required, "memory")
                if hits:
                    progress.add(len(hits))
                    yield DraftRound(hits)
                block = [s for s in block if s not in hits]
            waiting.extend(block)
            while len(waiting) >= ROUND_SEGMENTS or (waiting and first + LOOKUP_BLOCK >= len(sources)):
                ready = collect() if len(pending) >= ROUNDS_IN_FLIGHT else None
                submit(waiting[:ROUND_SEGMENTS])
                del waiting[:ROUND_SEGMENTS]
                if ready is not None:
                    yield ready
        while pending:
            yield collect()
    finally:
        stopped.set()  # rounds still in the engine finish their current call, then stop
        rounds_pool.shutdown(wait=False, cancel_futures=True)
        progress.close()
        if has_progress:
            engine.progress = outer  # type: ignore[attr-defined]


def _verbatim(text: str, pieces: Sequence[str]) -> list[tuple[int, int]]:
    """Where the *pieces* (markup restored as written) are in *text*, in order; those not found are skipped."""
    spans, cursor = [], 0
    for piece in pieces:
        at = text.find(piece, cursor) if piece.strip() else -1
        if at >= 0:
            spans.append((at, at + len(piece)))
            cursor = at + len(piece)
    return spans


def variant_entry(hans: Entry, variant: str, glossary: Glossary | None, markup: Spans) -> Entry:
    """A Traditional draft converted from the Simplified entry (always fuzzy)."""
    from pipeline.languages.convert import localize

    overrides: dict[str, str] = {}
    notes: list[str] = list(hans.notes)
    if glossary is not None:
        from pipeline.translate.masking import required_target

        notes = [n for n in hans.notes if not isinstance(n, GlossaryNote)]  # the variant's renderings replace them
        for match in required_matches(glossary, hans.msgid, markup=markup):
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
    notes.append(ConvertedNote(SIMPLIFIED.po_stem))
    return replace(
        hans, msgstr=text, msgstr_plural=plural, flags=tuple(dict.fromkeys(flags)), notes=tuple(notes), comment=""
    )
