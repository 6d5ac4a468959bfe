"""The translate job: articles → segments → drafts → merged PO files.

Data flows one way: article file → segments → term matches → masked source
→ engine → restored, cleaned translation → catalog. The engine sees only
segments that need a new draft: reviewed entries, entries kept by the merge,
reviewed translations found in other PO files under the output folder, and
translation-memory hits never reach it. Articles are processed in chunks so
that an interrupted batch leaves finished articles complete and the rest
untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.article import Article, BlockKind, Segment, read_article, segment_article
from pipeline.catalog import (
    CONTEXT_HEADER,
    KIND_NOTE,
    MT_FLAG,
    Catalog,
    Entry,
    load_catalog,
    match_entries,
    merge,
    new_header,
    untouched_drafts,
    write_catalog,
)
from pipeline.document import source_fields
from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import ensure_writable_dir

if TYPE_CHECKING:
    from pipeline.engine import Engine
    from pipeline.glossary import Glossary, TermMatch
    from pipeline.memory import TranslationMemory

log = logging.getLogger(__name__)

#: Variants a run can write; the first is the Simplified source of the others.
SIMPLIFIED = "zh-Hans"
#: Segments per engine round: large enough to keep every translator replica
#: busy (about 15 token batches), small enough that Ctrl-C loses at most a few
#: seconds of engine work (finished rounds are written and remembered).
CHUNK_SEGMENTS = 256
#: Note on a segment whose output reached the decoding limit.
TRUNCATED_NOTE = "mt: the translation reached the model's length limit; check that it is complete"

#: PO header field holding a Markdown article's link reference definitions (JSON).
MARKDOWN_REFERENCES_HEADER = "X-Markdown-References"

#: ``(segments done, segments total)``.
ProgressCallback = Callable[[int, int], None]


def po_stem(variant: str) -> str:
    """``zh-Hans`` → ``zh_Hans`` (the PO file name and its Language header)."""
    return variant.replace("-", "_")


@dataclass
class ArticleReport:
    path: Path
    slug: str = ""
    segments: int = 0
    #: Segments drafted by the engine in this run.
    drafted: int = 0
    #: Segments drafted from the translation memory.
    from_memory: int = 0
    #: Segments reusing a reviewed translation from another PO file.
    from_po: int = 0
    #: Entries whose existing translation the merge kept.
    kept: int = 0
    terms_required: int = 0
    terms_applied: int = 0
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None


@dataclass
class RunReport:
    articles: list[ArticleReport] = field(default_factory=list)
    engine_calls: int = 0
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False

    def total(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.articles)

    @property
    def failures(self) -> list[ArticleReport]:
        return [a for a in self.articles if a.error]

    @property
    def term_consistency(self) -> float | None:
        required = self.total("terms_required")
        return None if required == 0 else self.total("terms_applied") / required

    def as_dict(self) -> dict:
        return {
            "articles": len(self.articles),
            "failed": len(self.failures),
            "segments": self.total("segments"),
            "engine_calls": self.engine_calls,
            "drafted": self.total("drafted"),
            "from_memory": self.total("from_memory"),
            "from_po": self.total("from_po"),
            "kept": self.total("kept"),
            "terms_required": self.total("terms_required"),
            "terms_applied": self.total("terms_applied"),
            "term_consistency": self.term_consistency,
            "interrupted": self.interrupted,
            "notes": self.notes,
            "per_article": [
                {
                    "path": str(a.path),
                    "slug": a.slug,
                    "segments": a.segments,
                    "drafted": a.drafted,
                    "from_memory": a.from_memory,
                    "from_po": a.from_po,
                    "kept": a.kept,
                    "terms_required": a.terms_required,
                    "terms_applied": a.terms_applied,
                    "outputs": [str(p) for p in a.outputs],
                    "error": a.error,
                }
                for a in self.articles
            ],
        }


@dataclass
class _Job:
    """One article on its way through the run (internal, mutable by design)."""

    report: ArticleReport
    article: Article | None = None
    segments: list[Segment] = field(default_factory=list)
    template: list[Entry] = field(default_factory=list)
    existing: dict[str, Catalog | None] = field(default_factory=dict)
    #: msgctxt of template entries that need a fresh Simplified draft.
    needed: list[Segment] = field(default_factory=list)
    #: msgctxt of untouched machine drafts to replace with a fresh draft.
    refresh: set[str] = field(default_factory=set)
    #: Protected inline markup of each segment text (Markdown articles).
    markup: dict[str, Spans] = field(default_factory=dict)
    #: The ``--select`` the article was read with (HTML).
    select: str | None = None


Spans = Sequence[tuple[int, int]]


def find_terms(glossary: Glossary, text: str, markup: Spans = ()) -> list[TermMatch]:
    """Glossary matches in *text*, except inside protected markup (link URLs, code)."""
    return [m for m in glossary.find(text) if not any(m.start < b and a < m.end for a, b in markup)]


def _notes_for(segment: Segment, glossary: Glossary | None, variant: str, markup: Spans) -> tuple[str, ...]:
    notes: list[str] = []
    if segment.kind is not BlockKind.PARAGRAPH:
        level = f" {segment.level}" if segment.kind is BlockKind.HEADING and segment.level else ""
        notes.append(f"{KIND_NOTE}{segment.kind.value}{level}")
    if glossary is not None:
        notes.extend(term_notes(glossary, segment.text, variant, markup))
    return tuple(notes)


def term_notes(glossary: Glossary, text: str, variant: str, markup: Spans = ()) -> list[str]:
    """``glossary: exit ban → 出境禁令`` for each term found in *text* (once each)."""
    from pipeline.terms import required_target

    notes: dict[str, None] = {}
    for match in find_terms(glossary, text, markup):
        target = required_target(match.term, variant, as_written=match.text)
        if target:
            notes.setdefault(f"glossary: {match.term.source} → {target}", None)
    return list(notes)


def _template(
    article: Article, segments: Sequence[Segment], glossary: Glossary | None, variant: str, markup: Mapping[str, Spans]
) -> list[Entry]:
    return [
        Entry(
            msgctxt=s.id,
            msgid=s.text,
            notes=_notes_for(s, glossary, variant, markup.get(s.text, ())),
            references=((article.source_name, str(s.line)),),
        )
        for s in segments
    ]


def article_dir(out_dir: Path, article: Article) -> Path:
    return Path(out_dir) / article.slug


def _prepare(
    path: Path,
    out_dir: Path,
    glossary: Glossary | None,
    variants: Sequence[str],
    context: str | None,
    select: str | None = None,
) -> _Job:
    job = _Job(report=ArticleReport(path=Path(path)))
    article = read_article(path, select=select)
    for warning in article.warnings:
        log.warning("%s: %s", path, warning)
    if not article.blocks:
        log.warning("%s: nothing to translate; its edition will be a copy of the source", path)
    job.article = article
    job.select = select if article.format == "html" else None
    job.report.slug = article.slug
    job.segments = segment_article(article)
    job.report.segments = len(job.segments)
    if article.format in ("md", "html"):
        from pipeline.document import markup_spans

        job.markup = {s.text: markup_spans(article.format, s.text, article.link_references) for s in job.segments}
    job.template = _template(article, job.segments, glossary, SIMPLIFIED, job.markup)
    folder = article_dir(out_dir, article)
    for variant in variants:
        po_path = folder / f"{po_stem(variant)}.po"
        job.existing[variant] = load_catalog(po_path) if po_path.exists() else None
    hans = job.existing.get(SIMPLIFIED)
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


def reviewed_translations(out_dir: Path, *, exclude: set[Path]) -> dict[str, tuple[str, str]]:
    """Reviewed Simplified translations of other articles: msgid → (msgstr, origin)."""
    found: dict[str, tuple[str, str]] = {}
    root = Path(out_dir)
    if not root.is_dir():
        return found
    for po_path in sorted(root.glob(f"*/{po_stem(SIMPLIFIED)}.po")):
        if po_path.resolve() in exclude:
            continue
        try:
            catalog = load_catalog(po_path)
        except PipelineError as exc:
            log.warning("skipping %s for reuse: %s", po_path, exc)
            continue
        for e in catalog.active:
            if e.translated and e.msgid not in found:
                found[e.msgid] = (e.msgstr, f"{po_path.parent.name}/{po_path.name} {e.msgctxt}")
    return found


@dataclass(frozen=True)
class _Draft:
    text: str
    notes: tuple[str, ...]
    applied: int
    required: int
    origin: str  # "engine" | "memory" | "po"


def _term_counts(source: str, notes: Sequence[str], glossary: Glossary | None, markup: Spans) -> tuple[int, int]:
    """(applied, required) term occurrences of a remembered draft, as :func:`enforce` counts them."""
    if glossary is None:
        return 0, 0
    from pipeline.terms import required_target

    failed = {
        n[len("glossary: ") :].split(" → ")[0] for n in notes if n.startswith("glossary: ") and " NOT applied" in n
    }
    required = [m for m in find_terms(glossary, source, markup) if required_target(m.term, SIMPLIFIED, as_written=m.text)]
    applied = sum(m.term.source not in failed for m in required)
    return applied, len(required)


def _draft_sources(
    sources: list[str],
    *,
    engine: Engine,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    markup: Mapping[str, Spans],
) -> tuple[dict[str, _Draft], int]:
    """Drafts for unique source texts, from the memory or the engine; returns (drafts, engine inputs)."""
    from pipeline.chinese import clean_translation
    from pipeline.terms import Protected, enforce, protected_for_matches

    drafts: dict[str, _Draft] = {}
    context = None
    if memory is not None:
        from pipeline.memory import MemoryContext

        context = MemoryContext(
            model=engine.identity,
            options=engine.options(),
            glossary_hash=glossary.content_hash if glossary is not None else "",
            variant=SIMPLIFIED,
        )
        hits = memory.lookup_many(sources, context)
        for index, hit in hits.items():
            applied, required = _term_counts(sources[index], hit.notes, glossary, markup.get(sources[index], ()))
            drafts[sources[index]] = _Draft(hit.target, tuple(hit.notes), applied, required, "memory")
    misses = [s for s in sources if s not in drafts]
    if not misses:
        return drafts, 0
    protected: list[list[Protected]] = []
    for source in misses:
        own_markup = markup.get(source, ())
        matches = find_terms(glossary, source, own_markup) if glossary is not None else []
        spans = list(protected_for_matches(matches, SIMPLIFIED))
        spans += [Protected(start=a, end=b, target=source[a:b], label="markup") for a, b in own_markup]
        protected.append(sorted(spans, key=lambda p: p.start))
    outcomes = enforce(engine, misses, protected)
    new_records = []
    for source, outcome in zip(misses, outcomes):
        text = clean_translation(outcome.text)
        notes = tuple(outcome.notes) + ((TRUNCATED_NOTE,) if outcome.truncated else ())
        drafts[source] = _Draft(text, notes, len(outcome.applied), len(outcome.applied) + len(outcome.failed), "engine")
        if memory is not None and not outcome.truncated:
            from pipeline.memory import MemoryRecord

            new_records.append((source, MemoryRecord(target=text, notes=notes, complete=not outcome.failed)))
    if memory is not None and context is not None and new_records:
        memory.store_many(new_records, context)
    return drafts, sum(o.engine_calls for o in outcomes)


def _variant_entry(hans: Entry, variant: str, glossary: Glossary | None, markup: Spans) -> Entry:
    """A Traditional draft converted from the Simplified entry (always fuzzy)."""
    from pipeline.chinese import localize

    overrides: dict[str, str] = {}
    notes = list(hans.notes)
    if glossary is not None:
        from pipeline.terms import required_target

        notes = [n for n in hans.notes if not n.startswith("glossary: ")]
        for match in find_terms(glossary, hans.msgid, markup):
            zh = required_target(match.term, SIMPLIFIED, as_written=match.text)
            target = required_target(match.term, variant, as_written=match.text)
            if zh and target:
                overrides[zh] = target
        notes += term_notes(glossary, hans.msgid, variant, markup)
    text = localize(hans.msgstr, variant, overrides) if hans.msgstr else ""
    # A conversion is machine work: fuzzy and mt until a reviewer of the variant clears it.
    flags = hans.flags if not text else ("fuzzy", MT_FLAG) + hans.flags
    notes.append(f"converted from {po_stem(SIMPLIFIED)}.po with OpenCC")
    return replace(hans, msgstr=text, flags=tuple(dict.fromkeys(flags)), notes=tuple(notes), comment="")


def _finish(
    job: _Job,
    *,
    out_dir: Path,
    variants: Sequence[str],
    glossary: Glossary | None,
    drafts: dict[str, _Draft],
    reuse: dict[str, tuple[str, str]],
    project: str,
    context: str | None,
) -> None:
    assert job.article is not None
    report = job.report
    hans_drafts: dict[str, Entry] = {}
    needed = {s.id for s in job.needed}
    for segment, entry in zip(job.segments, job.template):
        if segment.id not in needed:
            continue
        if segment.text in reuse:
            text, origin = reuse[segment.text]
            hans_drafts[segment.id] = replace(entry, msgstr=text, flags=("fuzzy",), notes=entry.notes + (f"memory: reused from {origin}",))
            report.from_po += 1
            continue
        draft = drafts.get(segment.text)
        if draft is None:
            continue  # no engine: the entry stays untranslated
        kind_notes = tuple(n for n in entry.notes if n.startswith(KIND_NOTE))
        hans_drafts[segment.id] = replace(entry, msgstr=draft.text, flags=("fuzzy", MT_FLAG), notes=kind_notes + draft.notes)
        report.terms_applied += draft.applied
        report.terms_required += draft.required
        if draft.origin == "memory":
            report.from_memory += 1
        else:
            report.drafted += 1

    folder = article_dir(out_dir, job.article)
    source = job.article.source_name
    extra = source_fields(job.article.path, folder, job.article.source_hash, select=job.select)
    if job.article.link_references:
        # Reference-style link targets ([text][label]) live outside the entries.
        refs = {
            label: {k: v for k, v in ref.items() if k in ("href", "title")}
            for label, ref in job.article.link_references.items()
            if isinstance(ref, dict)
        }
        extra[MARKDOWN_REFERENCES_HEADER] = json.dumps(refs, ensure_ascii=False, sort_keys=True)

    def header_for(language: str) -> dict[str, str]:
        return {**new_header(project, language), **extra}

    hans_header = header_for(po_stem(SIMPLIFIED))
    if context is not None:
        hans_header[CONTEXT_HEADER] = context

    pot = Catalog(
        language="",
        header=header_for(""),
        entries=list(job.template),
        header_comment=f"Template for translations of {source}, made by mtpipe.",
    )
    catalogs: list[tuple[Path, Catalog]] = [(folder / f"{job.article.slug}.pot", pot)]
    comment = (
        "Chinese ({variant}) translation of {source}.\n"
        "Machine drafts are marked fuzzy (and mt); remove the fuzzy flag when an entry is reviewed."
    )
    hans_catalog = merge(
        job.existing.get(SIMPLIFIED), job.template, hans_drafts, header=hans_header, refresh=job.refresh
    )
    if job.existing.get(SIMPLIFIED) is None:
        hans_catalog.header_comment = comment.format(variant=SIMPLIFIED, source=source)
    for variant in variants:
        if variant == SIMPLIFIED:
            catalog = hans_catalog
        else:
            by_id = {e.msgctxt: e for e in hans_catalog.active}
            variant_drafts = {
                t.msgctxt: _variant_entry(by_id[t.msgctxt], variant, glossary, job.markup.get(t.msgid, ())) for t in job.template
            }
            catalog = merge(
                job.existing.get(variant),
                job.template,
                variant_drafts,
                header=header_for(po_stem(variant)),
                # Untouched conversions always follow the Simplified text and the glossary.
                refresh={t.msgctxt for t in job.template},
            )
            if job.existing.get(variant) is None:
                catalog.header_comment = comment.format(variant=variant, source=source)
        catalogs.append((folder / f"{po_stem(variant)}.po", catalog))
    for path, catalog in catalogs:
        write_catalog(path, catalog)
        report.outputs.append(path)


def draft_context(engine: Engine | None, glossary: Glossary | None) -> str | None:
    """What produces the drafts (model, decoding options, glossary), as a short hash; None without an engine."""
    if engine is None:
        return None
    parts = [engine.identity, engine.options(), glossary.content_hash if glossary is not None else ""]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _claim_folders(prepared: Sequence[_Job], out_dir: Path, *, stop_on_error: bool) -> None:
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


def _chunks(todo: Sequence[_Job]) -> Iterator[list[_Job]]:
    """Consecutive articles with at most :data:`CHUNK_SEGMENTS` segments to draft (at least one article)."""
    chunk: list[_Job] = []
    size = 0
    for job in todo:
        if chunk and size + len(job.needed) > CHUNK_SEGMENTS:
            yield chunk
            chunk, size = [], 0
        chunk.append(job)
        size += len(job.needed)
    if chunk:
        yield chunk


def translate_articles(
    paths: Sequence[Path],
    *,
    out_dir: Path,
    engine: Engine | None,
    glossary: Glossary | None = None,
    variants: Sequence[str] = (SIMPLIFIED,),
    memory: TranslationMemory | None = None,
    jobs: int = 1,
    on_progress: ProgressCallback | None = None,
    on_article: Callable[[ArticleReport], None] | None = None,
    stop_on_error: bool = False,
    select: str | None = None,
) -> RunReport:
    """Translate articles into ``out_dir/<slug>/`` (POT + one PO per variant).

    Bad articles are reported in the result (``error``), unless
    ``stop_on_error`` re-raises the first one. Model work is batched across
    articles; reading, segmenting, merging and writing run on ``jobs`` threads.
    *select*: a CSS selector of the part of HTML articles to translate.
    """
    variants = list(dict.fromkeys([SIMPLIFIED, *variants]))
    ensure_writable_dir(Path(out_dir))
    context = draft_context(engine, glossary)
    run = RunReport()
    if glossary is not None:
        run.notes.extend(glossary.notes)

    def prepare(path: Path) -> _Job:
        try:
            return _prepare(path, out_dir, glossary, variants, context, select)
        except PipelineError as exc:
            if stop_on_error:
                raise
            return _Job(report=ArticleReport(path=Path(path), error=exc.message))

    def finish(job: _Job, drafts: dict[str, _Draft]) -> _Job:
        try:
            _finish(
                job,
                out_dir=out_dir,
                variants=variants,
                glossary=glossary,
                drafts=drafts,
                reuse=reuse,
                project=job.report.slug,
                context=context,
            )
        except PipelineError as exc:
            if stop_on_error:
                raise
            job.report.error = exc.message
        return job

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        prepared = list(pool.map(prepare, paths))
        _claim_folders(prepared, out_dir, stop_on_error=stop_on_error)
        todo = [j for j in prepared if j.article is not None]
        for job in prepared:
            run.articles.append(job.report)
            if job.article is None and on_article is not None:
                on_article(job.report)
        total = sum(len(j.needed) for j in todo)
        done = 0
        if on_progress is not None:
            on_progress(0, total)
        exclude = {(article_dir(out_dir, j.article) / f"{po_stem(SIMPLIFIED)}.po").resolve() for j in todo if j.article}
        reuse = reviewed_translations(out_dir, exclude=exclude) if total else {}
        try:
            for chunk in _chunks(todo):
                size = sum(len(j.needed) for j in chunk)
                sources = list(dict.fromkeys(s.text for j in chunk for s in j.needed if s.text not in reuse))
                drafts: dict[str, _Draft] = {}
                if engine is not None and sources:
                    if on_progress is not None and hasattr(engine, "progress"):
                        engine.progress = _chunk_progress(on_progress, base=done, size=size, total=total)
                    markup = {text: spans for j in chunk for text, spans in j.markup.items()}
                    drafts, calls = _draft_sources(sources, engine=engine, glossary=glossary, memory=memory, markup=markup)
                    run.engine_calls += calls
                for job in pool.map(finish, chunk, [drafts] * len(chunk)):
                    done += len(job.needed)
                    if on_progress is not None:
                        on_progress(done, total)
                    if on_article is not None:
                        on_article(job.report)
        except KeyboardInterrupt:
            run.interrupted = True
    return run


def _chunk_progress(on_progress: ProgressCallback, *, base: int, size: int, total: int) -> Callable[[int, int], None]:
    """Engine inputs done → segments of this chunk done, never going backwards."""
    shown = [base]

    def progress(inputs_done: int, inputs: int) -> None:
        shown[0] = max(shown[0], base + size * inputs_done // max(1, inputs))
        on_progress(min(shown[0], base + size), total)

    return progress
