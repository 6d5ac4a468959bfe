"""Orchestration of a translate run: read and segment articles, draft what is new, write each article's files.

Data flows one way: article file → segments → term matches → masked source
→ engine → restored, cleaned translation → catalog. The engine sees only
segments that need a new draft: reviewed entries, entries kept by the merge,
reviewed translations found in other PO files under the output folder, and
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

from pipeline.documents.article import Article, BlockKind, Segment, read_article, segment_article
from pipeline.bulk import gc_paused
from pipeline.catalog import MT_FLAG, Entry, load_catalog, match_entries, untouched_drafts
from pipeline.errors import InputError, OutputError, PipelineError
from pipeline.fsutil import ensure_writable_dir
from pipeline.memory import DraftContext
from pipeline.catalog.notes import CONTEXT_HEADER, KindNote, parse_kind_note, reuse_note
from pipeline.translate.drafting import Draft, stream_drafts, term_notes
from pipeline.translate.ids import assign_ids
from pipeline.translate.job import Job, MarkupSpans, Spans, article_dir
from pipeline.translate.report import ArticleReport, RunReport
from pipeline.translate.writing import check_source, write_article
from pipeline.languages.variants import SIMPLIFIED
from pipeline.languages.table import resolve

if TYPE_CHECKING:
    from pipeline.translate.engine import Engine
    from pipeline.glossary import Glossary
    from pipeline.memory import TranslationMemory

log = logging.getLogger(__name__)

#: Articles handed to the writing threads at once.
WRITE_SLICE = 8

#: ``(segments done, segments total)``.
ProgressCallback = Callable[[int, int], None]


def draft_context(engine: Engine | None, glossary: Glossary | None, *, language: str = SIMPLIFIED.code) -> DraftContext | None:
    """What produces this run's drafts (model, decoding options, glossary); None without an engine."""
    if engine is None:
        return None
    from pipeline.glossary.coverage import language_hash

    return DraftContext(
        model=engine.identity,
        options=engine.options(),
        glossary_hash=language_hash(glossary, language) if glossary is not None else "",
        variant=language,  # the memory is keyed by the language drafted
    )


def _notes_for(segment: Segment, glossary: Glossary | None, variant: str, markup: Spans) -> tuple[str, ...]:
    notes: list[str] = []
    if segment.kind is not BlockKind.PARAGRAPH:
        notes.append(str(KindNote(segment.kind.value, segment.level if segment.kind is BlockKind.HEADING and segment.level else None)))
    if glossary is not None:
        notes.extend(term_notes(glossary, segment.text, variant, markup))
    return tuple(notes)


def _template(
    article: Article, segments: Sequence[Segment], glossary: Glossary | None, variant: str, markup: Mapping[str, Spans]
) -> list[Entry]:
    return [
        Entry(
            msgctxt=s.id,
            msgid=s.text,
            notes=_notes_for(s, glossary, variant, markup.get(s.text, ()) if glossary is not None else ()),
            references=((article.source_name, str(s.line)),),
        )
        for s in segments
    ]


def _prepare(
    path: Path,
    out_dir: Path,
    glossary: Glossary | None,
    variants: Sequence[str],
    context: str | None,
    select: str | None = None,
    language: str = SIMPLIFIED.code,
    write_template: bool = True,
) -> Job:
    job = Job(report=ArticleReport(path=Path(path)), language=language, write_template=write_template)
    article = read_article(path, select=select)
    for warning in article.warnings:
        log.warning("%s: %s", path, warning)
    if not article.blocks:
        log.warning("%s: nothing to translate; its edition will be a copy of the source", path)
    job.article = article
    job.select = select if article.format == "html" else None
    job.report.slug = article.slug
    folder = article_dir(out_dir, article)
    job.old_pot = check_source(article, folder)
    for variant in variants:
        po_path = folder / f"{resolve(variant).po_stem}.po"
        job.existing[variant] = load_catalog(po_path) if po_path.exists() else None
    hans = job.existing.get(language)
    # Ids continue the previous template's: the POT, else the Simplified PO, else any PO.
    job.segments, job.id_marks = assign_ids(
        segment_article(article), [job.old_pot, hans, *(c for v, c in job.existing.items() if v != language)]
    )
    job.report.segments = len(job.segments)
    from pipeline.qa.stats import count_words

    job.report.words = sum(count_words(s.text) for s in job.segments)
    if article.format in ("md", "html"):
        job.markup = MarkupSpans(article.format, (s.text for s in job.segments), article.link_references)
    job.template = _template(article, job.segments, glossary, language, job.markup)
    matches = match_entries(hans.entries, job.template, untouched_drafts(hans)) if hans is not None else {}
    if hans is not None and context is not None and hans.header.get(CONTEXT_HEADER) != context:
        # The model, options or glossary changed: drafts nobody touched are
        # translated again; anything a person edited or reviewed is kept.
        job.refresh = {s.id for s in job.segments if (m := matches.get(s.id)) and m.kind in ("exact", "moved") and m.untouched}
    job.needed = [
        s for s in job.segments if s.id in job.refresh or not (s.id in matches and matches[s.id].keeps_translation)
    ]
    job.report.kept = len(job.segments) - len(job.needed)
    return job


def reviewed_translations(out_dir: Path, *, exclude: set[Path], language: str = SIMPLIFIED.code) -> dict[str, tuple[str, str]]:
    """Reviewed translations into *language* of other articles: msgid → (msgstr, origin)."""
    found: dict[str, tuple[str, str]] = {}
    root = Path(out_dir)
    if not root.is_dir():
        return found
    for po_path in sorted(root.glob(f"*/{resolve(language).po_stem}.po")):
        if po_path.resolve() in exclude:
            continue
        try:
            catalog = load_catalog(po_path)
        except PipelineError as exc:
            log.warning("skipping %s for reuse: %s", po_path, exc)
            continue
        for e in catalog.active:
            if e.translated and not e.plural and e.msgid not in found:
                found[e.msgid] = (e.msgstr, f"{po_path.parent.name}/{po_path.name} {e.msgctxt}")
    return found


def _simplified_drafts(job: Job, drafts: Mapping[str, Draft], reuse: Mapping[str, tuple[str, str]]) -> dict[str, Entry]:
    """The Simplified draft of each segment that needs one: reused from a reviewed translation, else the engine's or memory's.

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
            hans_drafts[segment.id] = replace(entry, msgstr=text, flags=("fuzzy",), notes=entry.notes + (reuse_note(origin),))
            report.from_po += 1
            continue
        draft = drafts.get(segment.text)
        if draft is None:
            continue  # no engine: the entry stays untranslated
        kind_notes = tuple(n for n in entry.notes if parse_kind_note(n) is not None)
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
    variant_reuse: Mapping[str, Mapping[str, tuple[str, str]]],
    context: str | None,
) -> None:
    assert job.article is not None
    hans_drafts = _simplified_drafts(job, drafts, reuse)
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
    language: str = SIMPLIFIED.code,
    write_template: bool = True,
) -> RunReport:
    """Translate articles into ``out_dir/<slug>/`` (POT + one PO per variant).

    Bad articles are reported in the result (``error``), unless
    ``stop_on_error`` re-raises the first one. Model work is batched across
    articles; reading, segmenting, merging and writing run on ``jobs`` threads.
    *select*: a CSS selector of the part of HTML articles to translate.
    *language*: the language the engine drafts in (default Simplified Chinese);
    *variants* are converted from it (Chinese only). Without *write_template*
    the article's POT is left to another run (a multilingual run writes it once).
    """
    base = resolve(language)
    language = base.code
    variants = list(dict.fromkeys([language, *(resolve(v).code for v in variants)]))
    ensure_writable_dir(Path(out_dir))
    drafting = draft_context(engine, glossary, language=language)
    context = drafting.fingerprint if drafting is not None else None
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
                return _prepare(path, out_dir, glossary, variants, context, select, language, write_template)
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
                    variant_reuse=variant_reuse,
                    context=context,
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
        for job in prepared:
            run.articles.append(job.report)
            if job.article is None and on_article is not None:
                on_article(job.report)
        total = sum(len(j.needed) for j in todo)
        exclude = {(article_dir(out_dir, j.article) / f"{base.po_stem}.po").resolve() for j in todo if j.article}
        reuse = reviewed_translations(out_dir, exclude=exclude, language=language) if total else {}
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
        sources = list(dict.fromkeys(s.text for j in todo for s in j.needed if s.text not in reuse))
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
    """The inline markup of every text of a run, from the first article holding the text.

    Looked up through the article, so a text's markup is still found only when
    first asked for (:class:`~pipeline.translate.job.MarkupSpans`), and let go
    with the article once it is written (the stream never asks for it again:
    an article is written only after all its texts are drafted).
    """

    def __init__(self, jobs: Sequence[Job]) -> None:
        self._owner: dict[str, Job] = {}
        for job in jobs:
            for text in job.markup:
                self._owner.setdefault(text, job)

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
