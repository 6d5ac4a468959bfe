"""Where a project stands: segments and source words by state, per PO file and in total.

Each active entry has exactly one state (checked in this order):

* ``untranslated``: no msgstr;
* ``reviewed``: a msgstr and no fuzzy flag;
* ``changed``: fuzzy with a previous source (``#| msgid``): the sentence
  changed since it was translated;
* ``reused``: fuzzy, drafted from another reviewed translation (a
  ``memory: reused from ...`` note: another article's PO or an imported TMX);
* ``machine``: any other fuzzy entry (a machine draft).

Obsolete entries (``#~``) are counted apart. Words are counted in the
English source as CAT tools do: runs of letters and digits, with inner
apostrophes, hyphens and dots (``don't``, ``zero-COVID``, ``U.S``) as one word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.documents.inputs import po_files
from pipeline.catalog.notes import glossary_notes, parse_reuse_note
from pipeline.catalog import Entry, load_catalog

if TYPE_CHECKING:
    from pipeline.glossary import Glossary

#: Every state, in display order.
STATES = ("reviewed", "machine", "changed", "reused", "untranslated", "obsolete")
#: What ``--list`` can print the ids of: fuzzy is machine + changed + reused.
LISTS = {"fuzzy": ("machine", "changed", "reused"), "untranslated": ("untranslated",), "changed": ("changed",)}
#: Prefix of the note a reused draft carries (written by :mod:`pipeline.translate`).

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


def count_words(text: str) -> int:
    """Source words in *text* (see the module docstring)."""
    return len(_WORD_RE.findall(text))


def entry_state(entry: Entry) -> str:
    """One of :data:`STATES` for *entry*."""
    if entry.obsolete:
        return "obsolete"
    if not entry.msgstr:
        return "untranslated"
    if not entry.fuzzy:
        return "reviewed"
    if entry.previous_msgid is not None:
        return "changed"
    if any(parse_reuse_note(note) is not None for note in entry.notes):
        return "reused"
    return "machine"


@dataclass(frozen=True)
class Tally:
    segments: int = 0
    words: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.segments + other.segments, self.words + other.words)


@dataclass(frozen=True)
class GlossaryTally:
    """Glossary findings: terms the PO notes require, drafts where one was not applied,
    and (with a glossary) translations that break it."""

    terms: int = 0
    not_applied: int = 0
    violations: int | None = None

    def __add__(self, other: GlossaryTally) -> GlossaryTally:
        violations = None
        if self.violations is not None or other.violations is not None:
            violations = (self.violations or 0) + (other.violations or 0)
        return GlossaryTally(self.terms + other.terms, self.not_applied + other.not_applied, violations)

    def to_dict(self) -> dict[str, int | None]:
        return {"terms": self.terms, "not_applied": self.not_applied, "violations": self.violations}


@dataclass(frozen=True)
class FileStats:
    path: Path
    language: str
    states: Mapping[str, Tally]
    #: ``(msgctxt, state)`` of every entry, in file order.
    order: tuple[tuple[str, str], ...] = ()
    glossary: GlossaryTally = GlossaryTally()

    @property
    def segments(self) -> int:
        return sum(t.segments for s, t in self.states.items() if s != "obsolete")

    @property
    def words(self) -> int:
        return sum(t.words for s, t in self.states.items() if s != "obsolete")

    def listed(self, which: str) -> tuple[str, ...]:
        """Ids for ``--list`` *which* (fuzzy, untranslated or changed), in file order."""
        wanted = LISTS[which]
        return tuple(msgctxt for msgctxt, state in self.order if state in wanted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "language": self.language,
            "segments": self.segments,
            "words": self.words,
            "states": {s: {"segments": t.segments, "words": t.words} for s, t in self.states.items()},
            "glossary": self.glossary.to_dict(),
        }


@dataclass(frozen=True)
class ProjectStats:
    files: tuple[FileStats, ...]

    @property
    def total(self) -> dict[str, Tally]:
        return {s: sum((f.states[s] for f in self.files), Tally()) for s in STATES}

    @property
    def glossary(self) -> GlossaryTally:
        return sum((f.glossary for f in self.files), GlossaryTally())

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "files": [f.to_dict() for f in self.files],
            "total": {
                "files": len(self.files),
                "segments": sum(t.segments for s, t in total.items() if s != "obsolete"),
                "words": sum(t.words for s, t in total.items() if s != "obsolete"),
                "states": {s: {"segments": t.segments, "words": t.words} for s, t in total.items()},
                "glossary": self.glossary.to_dict(),
            },
        }


def file_stats(path: Path, *, glossary: Glossary | None = None) -> FileStats:
    """Counts of one PO file; with *glossary*, also its violations in translated entries."""
    catalog = load_catalog(Path(path))
    states = {s: Tally() for s in STATES}
    order: list[tuple[str, str]] = []
    terms = not_applied = 0
    for entry in catalog.entries:
        state = entry_state(entry)
        states[state] = states[state] + Tally(1, count_words(entry.msgid))
        order.append((entry.msgctxt, state))
        if entry.obsolete:
            continue
        for note in glossary_notes(entry.notes):
            terms += 1
            not_applied += not note.applied
    violations = None
    if glossary is not None:
        from pipeline.qa.checks import CheckContext, check_entries, check_glossary

        context = CheckContext(language=catalog.language, glossary=glossary)
        violations = len(check_entries(catalog.entries, context=context, checks=(check_glossary,)))
    return FileStats(
        path=Path(path),
        language=catalog.language,
        states=states,
        order=tuple(order),
        glossary=GlossaryTally(terms, not_applied, violations),
    )


def project_stats(*, inputs: Sequence[str | Path], glossary: Glossary | None = None) -> ProjectStats:
    """Stats of every PO file in *inputs* (files, folders, globs; see :func:`pipeline.documents.inputs.po_files`)."""
    return ProjectStats(files=tuple(file_stats(p, glossary=glossary) for p in po_files(inputs)))
