"""Writing one article's files: the POT and a merged PO per variant, safely.

Each article's files are merged and written under an ``fcntl.flock`` on its
output folder, after checking that every PO is still what was read: a
reviewer's save during the run is merged again, never overwritten. A file
that would get the same bytes is not rewritten.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import replace
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.documents.article import Article
from pipeline.catalog import Catalog, Entry, file_stamp, load_catalog, merge, new_header, write_catalog
from pipeline.documents.skeleton import source_fields
from pipeline.errors import CatalogError, InputError, OutputError
from pipeline.catalog.notes import (
    CONTEXT_HEADER,
    MARKDOWN_REFERENCES_HEADER,
    SOURCE_HEADER,
    ConvertedNote,
    ReuseNote,
    format_link_references,
    parse_note,
)
from pipeline.translate.drafting import variant_entry
from pipeline.translate.job import Job
from pipeline.languages.table import resolve

if TYPE_CHECKING:
    from pipeline.glossary import Glossary


#: How often a run merges again from PO files that changed under it before giving up.
REMERGE_ATTEMPTS = 5


def check_source(article: Article, folder: Path) -> Catalog | None:
    """The folder's existing template; refuse an article that is not the one it was made from.

    ``a/news.txt`` and later ``b/news.txt`` share the folder ``news``; merging
    b into a's reviewed PO would demote a's work, so b is refused before
    anything is written. A template without the record (older runs) is taken
    as this article's.
    """
    pot_path = folder / f"{article.slug}.pot"
    if not pot_path.exists():
        return None
    pot = load_catalog(pot_path)
    recorded = pot.header.get(SOURCE_HEADER, "").strip()
    if recorded and (folder / recorded).resolve() != Path(article.path).resolve():
        raise InputError(
            f"{article.path}: output folder {folder} holds the translations of another article, "
            f"{os.path.normpath(folder / recorded)} (recorded in {pot_path.name})",
            hint=f"translate it into another folder with --out, or remove {pot_path} if this article replaces that one",
        )
    return pot


def _stamp_of(catalog: Catalog | None) -> object:
    return None if catalog is None else catalog.stamp


@contextlib.contextmanager
def article_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the article folder itself (waiting for another run).

    Locking the folder's own descriptor leaves no lock file in the user's tree.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}", hint="choose a writable folder with --out") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _same_template(old: Catalog | None, template: Sequence[Entry]) -> bool:
    if old is None:
        return False
    return [(e.msgctxt, e.msgid, e.notes, e.references) for e in old.active] == [
        (e.msgctxt, e.msgid, e.notes, e.references) for e in template
    ]


def _catalogs(
    job: Job,
    existing: Mapping[str, Catalog | None],
    hans_drafts: Mapping[str, Entry],
    *,
    folder: Path,
    variants: Sequence[str],
    glossary: Glossary | None,
    project: str,
    context: str | None,
    variant_reuse: Mapping[str, Mapping[str, tuple[str, str]]],
) -> list[tuple[Path, Catalog]]:
    """The POT and the merged PO of each variant, from *existing* as it is now."""
    assert job.article is not None
    source = job.article.source_name
    extra = source_fields(job.article.path, folder, job.article.source_hash, select=job.select, front_matter_keys=job.front_matter_keys)
    extra.update(job.id_marks.fields())
    if job.article.link_references:
        # Reference-style link targets ([text][label]) live outside the entries.
        extra[MARKDOWN_REFERENCES_HEADER] = format_link_references(job.article.link_references)
    # The template's date moves only when the template itself changes.
    now = None
    if job.old_pot is not None and _same_template(job.old_pot, job.template):
        now = job.old_pot.header.get("POT-Creation-Date") or None
    translator = None if context is not None else "none yet (mtpipe, no engine: nothing machine-translated)"

    def header_for(language: str) -> dict[str, str]:
        return {**new_header(project, language, now=now, translator=translator), **extra}

    base = resolve(job.language)
    hans_header = header_for(base.po_stem)
    if context is not None:
        hans_header[CONTEXT_HEADER] = context

    pot_header = header_for("")
    pot = Catalog(
        language="",
        header=pot_header,
        entries=list(job.template),
        header_comment=f"Template for translations of {source}, made by mtpipe.",
        layout=job.old_pot.layout if job.old_pot is not None else None,  # written as it was laid out
    )
    catalogs: list[tuple[Path, Catalog]] = [(folder / f"{job.article.slug}.pot", pot)] if job.write_template else []
    comment = (
        "{name} ({variant}) translation of {source}.\n"
        "Machine drafts are marked fuzzy (and mt); remove the fuzzy flag when an entry is reviewed."
    )
    hans_catalog = merge(existing.get(base.code), job.template, hans_drafts, header=hans_header, refresh=job.refresh)
    if existing.get(base.code) is None:
        hans_catalog.header_comment = comment.format(name=base.name.split(" (")[0], variant=base.code, source=source)
    for variant in variants:
        if variant == base.code:
            catalog = hans_catalog
        else:
            by_id = {e.msgctxt: e for e in hans_catalog.active}
            variant_drafts = {
                t.msgctxt: variant_entry(by_id[t.msgctxt], variant, glossary, job.markup.get(t.msgid, ())) for t in job.template
            }
            imported = variant_reuse.get(variant, {})
            for t in job.template:  # a pair imported for this variant (TMX) beats a conversion
                if t.msgid in imported:
                    target, origin = imported[t.msgid]
                    draft = variant_drafts[t.msgctxt]
                    notes = tuple(n for n in draft.notes if n != ConvertedNote(base.po_stem) and not isinstance(parse_note(n), ReuseNote))
                    variant_drafts[t.msgctxt] = replace(draft, msgstr=target, flags=("fuzzy",), notes=(*notes, ReuseNote(origin)))
            catalog = merge(
                existing.get(variant),
                job.template,
                variant_drafts,
                header=header_for(resolve(variant).po_stem),
                # Untouched conversions always follow the Simplified text and the glossary.
                refresh={t.msgctxt for t in job.template},
            )
            if existing.get(variant) is None:
                catalog.header_comment = comment.format(name=base.name.split(" (")[0], variant=variant, source=source)
        catalogs.append((folder / f"{resolve(variant).po_stem}.po", catalog))
    return catalogs


def write_article(
    job: Job,
    hans_drafts: Mapping[str, Entry],
    *,
    folder: Path,
    variants: Sequence[str],
    glossary: Glossary | None,
    project: str,
    context: str | None,
    variant_reuse: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
    wrap: int | None = None,
) -> list[Path]:
    """Merge *hans_drafts* into the article's PO files and write them; returns the paths (written or unchanged).

    *wrap*: the columns to wrap at (0: none); by default each file keeps its own layout.
    """
    with article_lock(folder):
        existing = dict(job.existing)
        for _attempt in range(REMERGE_ATTEMPTS):
            # A reviewer may have saved a PO (or another run written it) since
            # it was read: merge again from what is there now.
            for variant in variants:
                po_path = folder / f"{resolve(variant).po_stem}.po"
                if _stamp_of(existing.get(variant)) != file_stamp(po_path):
                    existing[variant] = load_catalog(po_path) if po_path.exists() else None
            catalogs = _catalogs(
                job, existing, hans_drafts, folder=folder, variants=variants, glossary=glossary, project=project, context=context,
                variant_reuse=variant_reuse or {},
            )
            if all(
                _stamp_of(existing.get(variant)) == file_stamp(folder / f"{resolve(variant).po_stem}.po") for variant in variants
            ):
                break
        else:
            raise CatalogError(
                f"{folder}: the PO files kept changing while mtpipe was writing them",
                hint="save your edits, close the PO editor and run translate again; nothing was written",
            )
        for path, catalog in catalogs:
            write_catalog(path, catalog, width=wrap)
    return [path for path, _ in catalogs]
