"""What earlier runs left under the output folder: an article's segment ids, other articles' reviewed translations."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.catalog import Catalog, load_catalog
from pipeline.documents.article import Article, Segment, segment_article
from pipeline.errors import PipelineError
from pipeline.languages.table import resolve
from pipeline.languages.variants import SIMPLIFIED
from pipeline.translate.ids import assign_ids
from pipeline.translate.job import article_dir
from pipeline.translate.writing import check_source

log = logging.getLogger(__name__)


def stable_segments(article: Article, *, out_dir: Path) -> list[Segment]:
    """The article's segments with the ids its PO files give them (``OUT/<slug>/``).

    The ids a translate run into *out_dir* would write: continued from the
    article's POT, else its Simplified PO, else any PO; positional when the
    article was never translated there.
    """
    folder = article_dir(out_dir, article)
    catalogs: list[Catalog | None] = [check_source(article, folder)]
    po_paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
    hans = folder / f"{SIMPLIFIED.po_stem}.po"
    for po_path in sorted(po_paths, key=lambda p: p != hans):
        catalogs.append(load_catalog(po_path))
    segments, _marks = assign_ids(segment_article(article), catalogs)
    return segments


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
