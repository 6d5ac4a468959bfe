"""The XLIFF export record: what each unit was exported from, and which notes are mtpipe's own.

**The export record.** Each unit carries what it was exported from: the
entry's state and the SHA-256 of its msgstr (every plural form) and of its
translator comment, as ``<context-group purpose="information"><context
context-type="x-mtpipe-base">reviewed sha256:… sha256:…</context></context-group>``
(unnamed: a group's ``name`` must be unique in the file).
A context group is standard XLIFF 1.2 (strict schema), shown by CAT tools
as read-only information, and kept by the tools that write the original
file back with its targets (Okapi/OmegaT, Trados, memoQ, Translate
Toolkit); an attribute of our own namespace is the first thing such tools
drop. Import applies a target only where the PO still holds that record.
When a reviewer changed the entry since the export, a target the CAT tool
left as exported is ignored (a stale file never reverts a fix), and one it
changed is a conflict: the PO keeps the reviewer's text and the CAT target
becomes a suggestion: a line of the
translator comment (``#``), which Poedit, Lokalize and Weblate show beside
the entry and which ``msgmerge`` keeps (``#|`` is recomputed by msgmerge,
and holds a previous *source*, not a translation). A unit without the
record (a tool dropped it) never replaces a reviewed translation.

Extracted notes (glossary, kind) travel as ``<note from="developer">``,
the translator comment as ``<note from="translator">``. Tools drop the
``from`` attribute, so mtpipe's own notes are also recognised by their
content (:func:`is_own_note`) and never become the translator comment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.catalog import Entry, entry_state
from pipeline.catalog.notes import PREVIOUS_PREFIX, ConvertedNote, Note, parse_note
from pipeline.languages.variants import VARIANTS

__all__ = [
    "Base",
    "base_of",
    "is_own_note",
    "parse_base",
]

#: ``context-type`` of the export record.
BASE_CONTEXT = "x-mtpipe-base"
PLURALS_RESTYPE = "x-gettext-plurals"
#: First words of a translator-comment line that holds a CAT target not applied.
SUGGESTION_PREFIX = "CAT suggestion"
#: The OpenCC conversion notes a Traditional PO's entries carry.
_CONVERTED_NOTES = frozenset(ConvertedNote(v.po_stem) for v in VARIANTS.values())


@dataclass(frozen=True)
class Base:
    """What a unit was exported from: the entry's state and digests of its msgstr and translator comment."""

    state: str
    text: str
    comment: str

    def __str__(self) -> str:
        return f"{self.state} sha256:{self.text} sha256:{self.comment}"


def forms_of(entry: Entry) -> list[str]:
    """The entry's translations: ``[msgstr]``, or each ``msgstr[N]`` of a plural entry."""
    return [text for _, text in entry.msgstr_plural] if entry.plural else [entry.msgstr]


def digest(parts: Sequence[str]) -> str:
    """A short SHA-256 of *parts*: how a unit's record tells whether the PO changed since the export."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def base_of(entry: Entry) -> Base:
    """The record :func:`export_xliff` writes for *entry* (and import compares with)."""
    return Base(entry_state(entry), digest(forms_of(entry)), digest([entry.comment]))


def parse_base(text: str) -> Base | None:
    """The :class:`Base` of ``<state> sha256:<text> sha256:<comment>``; None for anything else."""
    words = text.split()
    if len(words) != 3 or not all(w.startswith("sha256:") for w in words[1:]):
        return None
    return Base(words[0], words[1][len("sha256:"):], words[2][len("sha256:"):])


def suggestion_line(*, xliff_name: str, why: str, target: str) -> str:
    """``CAT suggestion (a.xlf; the PO changed since the export): 译文``: a target not applied."""
    return f"{SUGGESTION_PREFIX} ({xliff_name}; {why}): {target}"


def is_own_note(text: str, entry: Entry) -> bool:
    """Whether an XLIFF note is one mtpipe wrote (an extracted note, the previous
    source, the export record), whatever its ``from`` says."""
    lines = [line for line in text.split("\n") if line]  # Translate Toolkit joins the notes of an entry
    return bool(lines) and all(_is_own_line(line, entry) for line in lines)


def _is_own_line(text: str, entry: Entry) -> bool:
    if text in entry.notes or text.startswith(PREVIOUS_PREFIX) or parse_base(text) is not None:
        return True
    if text in _CONVERTED_NOTES:
        return True
    return type(parse_note(text)) is not Note  # a note of one of mtpipe's kinds
