"""PO catalogs: the one package that knows gettext semantics (through polib).

Laid out as babel's ``messages/``: :mod:`~pipeline.catalog.model` (the
:class:`Entry` / :class:`Catalog` values and a fresh header),
:mod:`~pipeline.catalog.pofile` (strict reading and atomic writing) and
:mod:`~pipeline.catalog.merge` (the update from a fresh template). Every name
is re-exported here, so callers import from :mod:`pipeline.catalog`.
"""

from __future__ import annotations

from pipeline.catalog.merge import Match, draft_fingerprint, match_entries, merge, prune_drafts, untouched_drafts
from pipeline.catalog.model import (
    FUZZY_THRESHOLD,
    MACHINE_TRANSLATOR,
    MT_FLAG,
    SOURCE_HEADERS,
    Catalog,
    Entry,
    FileStamp,
    id_position,
    new_header,
)
from pipeline.catalog.notes import CONTEXT_HEADER, DRAFTS_HEADER  # imported from here before the split
from pipeline.catalog.state import STATES, State, entry_state
from pipeline.catalog.pofile import dumps_catalog, file_stamp, load_catalog, validate_po_text, write_catalog

__all__ = [
    "CONTEXT_HEADER",
    "DRAFTS_HEADER",
    "FUZZY_THRESHOLD",
    "MACHINE_TRANSLATOR",
    "MT_FLAG",
    "SOURCE_HEADERS",
    "STATES",
    "State",
    "Catalog",
    "Entry",
    "FileStamp",
    "Match",
    "draft_fingerprint",
    "dumps_catalog",
    "entry_state",
    "file_stamp",
    "id_position",
    "load_catalog",
    "match_entries",
    "merge",
    "new_header",
    "prune_drafts",
    "untouched_drafts",
    "validate_po_text",
    "write_catalog",
]
