"""Orchestration of a translate run: read and segment articles, draft what is new, write each article's files.

Data flows one way: article file → segments → term matches → masked source
→ engine → restored, cleaned translation → catalog. The engine sees only
segments that need a new draft: reviewed entries, entries kept by the merge,
reviewed translations found in other PO files under the output folder (or
imported from TMX), their fuzzy matches (:mod:`pipeline.memory.fuzzy`), and
translation-memory hits never reach it. The engine work of the whole run is
one stream of rounds (:func:`pipeline.translate.drafting.stream_drafts`), and
each article is written as soon as its last draft is in, while the engine
translates the next round: an interrupted batch leaves finished articles
complete and the rest untouched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.bulk import gc_paused
from pipeline.catalog import MT_FLAG, Entry
from pipeline.catalog.notes import CONTEXT_HEADER, FuzzyNote, KindNote, ReuseNote
from pipeline.errors import InputError, OutputError, PipelineError
from pipeline.fsutil import ensure_writable_dir
from pipeline.languages.table import resolve
from pipeline.languages.variants import SIMPLIFIED
from pipeline.memory import DraftContext
from pipeline.memory.fuzzy import DEFAULT_THRESHOLD, FuzzyIndex, FuzzyMatch, fuzzy_matches
from pipeline.translate.context import context_warnings, draft_context, format_context, same_context
from pipeline.translate.drafting import Draft, stream_drafts
from pipeline.translate.job import Job, Spans, article_dir
from pipeline.translate.prepare import prepare_article
from pipeline.translate.previous import reviewed_translations
from pipeline.translate.report import ArticleReport, RunReport
from pipeline.translate.writing import write_article

if TYPE_CHECKING:
    from pipeline.translate.engine import Engine
    from pipeline.glossary import Glossary
    from pipeline.memory import TranslationMemory

log = logging.getLogger(__name__)

#: Articles handed to the writing threads at once.
WRITE_SLICE = 8

#: ``(segments done, segments total)``.
ProgressCallback = Callable[[int, int], None]


def _simplified_drafts(
    job: Job, drafts: Mapping[str, Draft], reuse: Mapping[str, tuple[str, str]], fuzzy: Mapping[str, FuzzyMatch]
) -> dict[str, Entry]:
    """The Simplified draft of each segment that needs one: reused from a reviewed translation, else a
    fuzzy match of one (old source as ``#| msgid``, score in a note), else the engine's or memory's.

    Counts what came from where in the article's report.
    """
    assert job.article is not None
    report = job.report
    hans_drafts: dict[str, Entry] = {}
    needed = {s.id for s in job.needed}
    for segment, entry in zip(job.segments, job.template):
        if segment.id not in needed:
            continue
        if segment.text in reuse:
            text, origin = reuse[segment.text]
            hans_drafts[segment.id] = replace(entry, msgstr=text, flags=("fuzzy",), notes=entry.notes + (ReuseNote(origin),))
            report.from_po += 1
            continue
        match = fuzzy.get(segment.text)
        if match is not None:
            hans_drafts[segment.id] = replace(
                entry,
                msgstr=match.target,
                flags=("fuzzy",),
                notes=entry.notes + (FuzzyNote(match.percent, match.origin),),
                previous_msgid=match.source,
            )
            report.from_po += 1
            report.fuzzy += 1
            continue
        draft = drafts.get(segment.text)
        if draft is None:
            continue  # no engine: the entry stays untranslated
        kind_notes = tuple(n for n in entry.notes if isinstance(n, KindNote))
        hans_drafts[segment.id] = replace(entry, msgstr=draft.text, flags=("fuzzy", MT_FLAG), notes=kind_notes + draft.notes)
        report.terms_applied += draft.applied
        report.terms_required += draft.required
        if draft.origin == "memory":
            report.from_memory += 1
        else:
            report.drafted += 1
    return hans_drafts


def _finish(
    job: Job,
    *,
    out_dir: Path,
    variants: Sequence[str],
    glossary: Glossary | None,
    drafts: Mapping[str, Draft],
    reuse: Mapping[str, tuple[str, str]],
    fuzzy: Mapping[str, FuzzyMatch],
    variant_reuse: Mapping[str, Mapping[str, tuple[str, str]]],
    context: str | None,
    wrap: int | None = None,
) -> None:
    assert job.article is not None
    hans = job.existing.get(SIMPLIFIED.code)
    old = hans.header.get(CONTEXT_HEADER, "") if hans is not None else ""
    if context is not None and old and same_context(old, context):
        context = old  # same drafts: the header stays as written (a value from before the readable parts too)
    hans_drafts = _simplified_drafts(job, drafts, reuse, fuzzy)
    job.report.outputs.extend(
        write_article(
            job,
            hans_drafts,
            folder=article_dir(out_dir, job.article),
            variants=variants,
            glossary=glossary,
            project=job.report.slug,
            context=context,
            variant_reuse=variant_reuse,
            wrap=wrap,
        )
    )


def _claim_folders(prepared: Sequence[Job], out_dir: Path, *, stop_on_error: bool) -> None:
    """Two articles of one run must not share an output folder: the later one fails."""
    owners: dict[Path, Path] = {}
    for job in prepared:
        if job.article is None:
            continue
        folder = article_dir(out_dir, job.article)
        if folder in owners:
            message = f"{job.report.path}: output folder {folder} is already used by {owners[folder]} in this run"
            if stop_on_error:
                raise InputError(message, hint="rename one of the files")
            job.report.error = message + "; rename one of the files"
            job.article = None
        else:
            owners[folder] = job.report.path


def translate_articles(
    paths: Sequence[Path],
    *,
    out_dir: Path,
    engine: Engine | None,
    glossary: Glossary | None = None,
    variants: Sequence[str] = (SIMPLIFIED.code,),
    memory: TranslationMemory | None = None,
    jobs: int = 1,
    on_progress: ProgressCallback | None = None,
    on_article: Callable[[ArticleReport], None] | None = None,
    stop_on_error: bool = False,
    select: str | None = None,
    wrap: int | None = None,
    fuzzy_threshold: float = DEFAULT_THRESHOLD,
    front_matter_keys: Sequence[str] | None = None,
    language: str = SIMPLIFIED.code,
    write_template: bool = True,
) -> RunReport:
    """Translate articles into ``out_dir/<slug>/`` (POT + one PO per variant).

    Bad articles are reported in the result (``error``), unless
    ``stop_on_error`` re-raises the first one. Model work is batched across
    articles; reading, segmenting, merging and writing run on ``jobs`` threads.
    *select*: a CSS selector of the part of HTML articles to translate.
    *wrap*: the columns to wrap PO strings at (0: none); by default each
    PO keeps its own wrapping and a new one is unwrapped (see
    :func:`pipeline.catalog.dumps_catalog`).
    *fuzzy_threshold*: a new sentence without an exact match takes the reviewed
    translation (reviewed POs under *out_dir*, pairs imported into *memory*) of
    the most similar sentence scoring at least this many percent, instead of a
    machine draft; 0 turns fuzzy matches off.
    *select*: a CSS selector of the part of HTML articles to translate;
    *front_matter_keys*: the front-matter keys translated (None: the default ones).
    *language*: the language the engine drafts in (default Simplified Chinese);
    *variants* are converted from it (Chinese only). Without *write_template*
    the article's POT is left to another run (a multilingual run writes it once).
    """
    base = resolve(language)
    language = base.code
    variants = list(dict.fromkeys([language, *(resolve(v).code for v in variants)]))
    ensure_writable_dir(Path(out_dir))
    drafting = draft_context(engine, glossary, language=language)
    context = format_context(drafting) if drafting is not None else None
    run = RunReport()
    if glossary is not None:
        run.notes.extend(glossary.notes)
        run.glossary_hash = drafting.glossary_hash if drafting is not None else glossary.content_hash
    if engine is not None:
        run.model, run.engine_options = engine.identity, dict(engine.options())
    stats = getattr(engine, "stats", None)  # the engine's own count of batched calls
    calls_before = stats.calls if stats is not None else 0

    def prepare(path: Path) -> Job:
        try:
            with gc_paused():  # reading and segmenting build many small objects, none cyclic
                return prepare_article(path, out_dir, glossary, variants, context, select, front_matter_keys, language, write_template)
        except PipelineError as exc:
            if stop_on_error:
                raise
            return Job(report=ArticleReport(path=Path(path), error=exc.message))

    def finish(job: Job, drafts: Mapping[str, Draft]) -> Job:
        try:
            with gc_paused():
                _finish(
                    job,
                    out_dir=out_dir,
                    variants=variants,
                    glossary=glossary,
                    drafts=drafts,
                    reuse=reuse,
                    fuzzy=fuzzy,
                    variant_reuse=variant_reuse,
                    context=context,
                    wrap=wrap,
                )
        except PipelineError as exc:
            if stop_on_error:
                raise
            job.report.error = exc.message
            job.report.write_failed = isinstance(exc, OutputError)
        return job

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        started = time.perf_counter()
        prepared = list(pool.map(prepare, paths))
        run.timing["read"] += time.perf_counter() - started
        _claim_folders(prepared, out_dir, stop_on_error=stop_on_error)
        todo = [j for j in prepared if j.article is not None]
        for line in context_warnings(todo, context):
            log.warning("%s", line)
        for job in prepared:
            run.articles.append(job.report)
            if job.article is None and on_article is not None:
                on_article(job.report)
        total = sum(len(j.needed) for j in todo)
        exclude = {(article_dir(out_dir, j.article) / f"{base.po_stem}.po").resolve() for j in todo if j.article}
        reviewed = reviewed_translations(out_dir, exclude=exclude, language=language) if total else {}
        reuse = dict(reviewed)
        if memory is not None and total:  # cat: pairs imported from a TMX (mtpipe memory import)
            wanted = [s.text for j in todo for s in j.needed if s.text not in reuse]
            reuse.update(memory.lookup_imported(wanted, variant=language))
        variant_reuse: dict[str, dict[str, tuple[str, str]]] = {}
        if memory is not None and todo:  # cat: pairs imported for a Traditional variant (zh-TW, else zh-Hant)
            every = list(dict.fromkeys(e.msgid for j in todo for e in j.template))
            for v in variants:
                if v != language:
                    found = variant_reuse.setdefault(v, {})
                    for column in resolve(v).fallback:  # the glossary's chain: zh-TW, then zh-Hant
                        for source, hit in memory.lookup_imported(every, variant=resolve(column).code).items():
                            found.setdefault(source, hit)
        fuzzy: dict[str, FuzzyMatch] = {}
        unmatched = list(dict.fromkeys(s.text for j in todo for s in j.needed if s.text not in reuse))
        if fuzzy_threshold > 0 and unmatched:
            index = FuzzyIndex()  # reviewed POs rank before imported pairs
            index.add_many((source, target, origin) for source, (target, origin) in reviewed.items())
            if memory is not None:
                index.add_many(memory.iter_imported(variant=SIMPLIFIED.code))
            fuzzy = fuzzy_matches(unmatched, index, threshold=fuzzy_threshold)
        sources = [text for text in unmatched if text not in fuzzy]
        try:
            _draft_and_write(
                todo,
                sources,
                run=run,
                engine=engine,
                drafting=drafting,
                glossary=glossary,
                memory=memory,
                finish=lambda ready, drafts: pool.map(finish, ready, [drafts] * len(ready)),
                on_article=on_article,
                on_progress=on_progress,
                stop_on_error=stop_on_error,
            )
        except KeyboardInterrupt:
            run.interrupted = True
    if stats is not None:
        run.engine_calls = stats.calls - calls_before
    placement = getattr(engine, "placement", None)  # a cluster engine says where the work ran
    if placement is not None:
        run.cluster = placement()
    return run


def _draft_and_write(
    todo: Sequence[Job],
    sources: Sequence[str],
    *,
    run: RunReport,
    engine: Engine | None,
    drafting: DraftContext | None,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    finish: Callable[[list[Job], Mapping[str, Draft]], Iterable[Job]],
    on_article: Callable[[ArticleReport], None] | None,
    on_progress: ProgressCallback | None,
    stop_on_error: bool,
) -> None:
    """Draft *sources* as one stream and write each article as soon as its last draft is in.

    Articles are written in order while the engine translates the next round;
    an article's state is let go once it is written, and a draft once no later
    article needs it.
    """
    position = {text: i for i, text in enumerate(sources)}
    # The article that finishes after the draft of sources[i] is in: the last one that needs it.
    last_source = [max((position[s.text] for s in job.needed if s.text in position), default=-1) for job in todo]
    last_user = {text: j for j, job in enumerate(todo) for s in job.needed if (text := s.text) in position}
    total = sum(len(j.needed) for j in todo)
    shown = [0]

    def show(done: int) -> None:
        if on_progress is not None and done > shown[0]:
            shown[0] = min(done, total)
            on_progress(shown[0], total)

    if on_progress is not None:
        on_progress(0, total)
    drafted = bytearray(len(sources))
    ready_upto = 0  # every source before this one has its draft
    drafts: dict[str, Draft] = {}
    written = 0  # articles finished, in order
    segments_done = 0

    def write_ready() -> None:
        nonlocal written, segments_done
        end = written
        while end < len(todo) and last_source[end] < ready_upto:
            end += 1
        if end == written:
            return
        started = time.perf_counter()
        while written < end:  # a few at a time: Ctrl-C waits only for the articles being written
            for job in finish(list(todo[written : min(end, written + WRITE_SLICE)]), drafts):
                segments_done += len(job.needed)
                show(segments_done)
                if on_article is not None:
                    on_article(job.report)
                for segment in job.needed:
                    if last_user.get(segment.text) == written:
                        drafts.pop(segment.text, None)
                _release(job)
                written += 1
        run.timing["write"] += time.perf_counter() - started

    if engine is not None and sources:
        assert drafting is not None
        stream = stream_drafts(
            sources,
            engine=engine,
            glossary=glossary,
            memory=memory,
            context=drafting,
            markup=_RunMarkup(todo),
            on_progress=lambda done, units: show(total * done // max(1, units)),
        )
        started = time.perf_counter()
        try:
            for batch in stream:
                run.timing["draft"] += time.perf_counter() - started
                run.engine_inputs += batch.engine_inputs
                drafts.update(batch.drafts)
                for text in batch.drafts:
                    drafted[position[text]] = 1
                while ready_upto < len(sources) and drafted[ready_upto]:
                    ready_upto += 1
                write_ready()
                started = time.perf_counter()
        except OutputError as exc:  # the memory cannot be written (disk full): the articles not written fail
            if stop_on_error:
                raise
            for job in todo[written:]:
                job.report.error, job.report.write_failed = exc.message, True
                if on_article is not None:
                    on_article(job.report)
            return
        finally:
            stream.close()
    ready_upto = len(sources)  # without an engine, nothing is drafted: the entries stay untranslated
    write_ready()


class _RunMarkup(Mapping[str, Spans]):
    """The inline markup of every text the run drafts, from the first article that needs its draft.

    Looked up through the article, so a text's markup is still found only when
    first asked for (:class:`~pipeline.translate.job.MarkupSpans`). An article
    that needs a text's draft is written only after that draft is in, so its
    markup is still there whenever the stream asks; an article that merely
    holds the text (its entry kept) may be written, and its markup let go,
    before the text is drafted for another one, so it is never the owner.
    """

    def __init__(self, jobs: Sequence[Job]) -> None:
        self._owner: dict[str, Job] = {}
        for job in jobs:
            if not job.markup:  # plain text: no markup (and `in` would parse a MarkupSpans' text)
                continue
            for segment in job.needed:
                self._owner.setdefault(segment.text, job)

    def __getitem__(self, text: str) -> Spans:
        return self._owner[text].markup[text]

    def __iter__(self) -> Iterator[str]:
        return iter(self._owner)

    def __len__(self) -> int:
        return len(self._owner)


def _release(job: Job) -> None:
    """Let go of a written article's segments, entries and catalogs (its report stays)."""
    job.segments, job.template, job.needed = [], [], []
    job.existing, job.markup, job.old_pot = {}, {}, None
