"""One article made ready for drafting: read, segmented, given ids and notes, matched against its POs."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.catalog import Entry, load_catalog, match_entries, untouched_drafts
from pipeline.catalog.notes import CONTEXT_HEADER, KindNote
from pipeline.documents.article import Article, BlockKind, Segment, read_article, segment_article
from pipeline.errors import InputError
from pipeline.fsutil import sweep_stale
from pipeline.languages.table import resolve
from pipeline.languages.variants import SIMPLIFIED
from pipeline.translate.context import same_context
from pipeline.translate.drafting import term_notes
from pipeline.translate.ids import assign_ids
from pipeline.translate.job import Job, MarkupSpans, Spans, article_dir
from pipeline.translate.report import ArticleReport
from pipeline.translate.writing import check_source

if TYPE_CHECKING:
    from pipeline.glossary import Glossary

log = logging.getLogger(__name__)


def check_file_name(path: Path) -> None:
    """Refuse an article whose file name holds a line break or other control character.

    The PO records the name (``#: name:line``, ``X-Source-Document``), and no
    PO syntax can hold a line break there: msgfmt rejects the file.
    """
    if any(unicodedata.category(ch) == "Cc" for ch in path.name):
        shown = path.name.encode("unicode_escape").decode("ascii")
        raise InputError(
            f"{path.parent / shown}: the file name holds a line break or control character, which a PO file cannot record",
            hint="rename the file",
        )


def _notes_for(segment: Segment, glossary: Glossary | None, variant: str, markup: Spans) -> tuple[str, ...]:
    notes: list[str] = []
    if segment.kind is not BlockKind.PARAGRAPH:
        notes.append(KindNote(segment.kind.value, segment.level if segment.kind is BlockKind.HEADING and segment.level else None))
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


def prepare_article(
    path: Path,
    out_dir: Path,
    glossary: Glossary | None,
    variants: Sequence[str],
    context: str | None,
    select: str | None = None,
    front_matter_keys: Sequence[str] | None = None,
    language: str = SIMPLIFIED.code,
    write_template: bool = True,
) -> Job:
    job = Job(report=ArticleReport(path=Path(path)), language=language, write_template=write_template)
    check_file_name(Path(path))
    article = read_article(path, select=select, front_matter_keys=front_matter_keys)
    job.front_matter_keys = tuple(front_matter_keys) if front_matter_keys is not None else None
    for warning in article.warnings:
        log.warning("%s: %s", path, warning)
    if article.untranslated:
        reasons = sorted({u.reason for u in article.untranslated})
        log.warning("%s: %d visible text runs left untranslated (%s); --report lists them", path, len(article.untranslated), ", ".join(reasons))
        job.report.untranslated = [{"line": u.line, "reason": u.reason, "text": u.text} for u in article.untranslated]
    if not article.blocks:
        log.warning("%s: nothing to translate; its edition will be a copy of the source", path)
    job.article = article
    job.select = select if article.format.selectable else None
    job.report.slug = article.slug
    folder = article_dir(out_dir, article)
    sweep_stale(folder)  # temp files a killed run left beside the POT and POs
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

    if article.format.has_markup:
        job.markup = MarkupSpans(article.format, (s.text for s in job.segments), article.link_references)
    markup = job.markup if article.format.has_markup else None
    find = (lambda text: markup.get(text, ())) if markup is not None else None  # the run's spans, each found once
    job.report.words = sum(count_words(s.text, find_markup=find) for s in job.segments)
    job.template = _template(article, job.segments, glossary, language, job.markup)
    matches = match_entries(hans.entries, job.template, untouched_drafts(hans)) if hans is not None else {}
    if hans is not None and context is not None and not same_context(hans.header.get(CONTEXT_HEADER, ""), context):
        # The model, options or glossary changed: drafts nobody touched are
        # translated again; anything a person edited or reviewed is kept.
        job.refresh = {s.id for s in job.segments if (m := matches.get(s.id)) and m.kind in ("exact", "moved") and m.untouched}
    job.needed = [
        s for s in job.segments if s.id in job.refresh or not (s.id in matches and matches[s.id].keeps_translation)
    ]
    job.report.kept = len(job.segments) - len(job.needed)
    return job
