"""Where a project stands: segments and source words by state, per PO file and in total.

Each entry has exactly one state, decided by the catalog
(:func:`pipeline.catalog.state.entry_state`): reviewed, machine draft,
changed since review, reused, untranslated or obsolete.

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
from pipeline.catalog import STATES, State, load_catalog
from pipeline.catalog.notes import GlossaryNote

if TYPE_CHECKING:
    from pipeline.glossary import Glossary

#: What ``--list`` can print the ids of: fuzzy is machine + changed + reused.
LISTS = {
    "fuzzy": (State.machine, State.changed, State.reused),
    "untranslated": (State.untranslated,),
    "changed": (State.changed,),
}

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


def count_words(text: str) -> int:
    """Source words in *text* (see the module docstring)."""
    return len(_WORD_RE.findall(text))


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
    states: Mapping[State, Tally]
    #: ``(msgctxt, state)`` of every entry, in file order.
    order: tuple[tuple[str, State], ...] = ()
    glossary: GlossaryTally = GlossaryTally()

    @property
    def segments(self) -> int:
        return sum(t.segments for s, t in self.states.items() if s is not State.obsolete)

    @property
    def words(self) -> int:
        return sum(t.words for s, t in self.states.items() if s is not State.obsolete)

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
    def total(self) -> dict[State, Tally]:
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
                "segments": sum(t.segments for s, t in total.items() if s is not State.obsolete),
                "words": sum(t.words for s, t in total.items() if s is not State.obsolete),
                "states": {s: {"segments": t.segments, "words": t.words} for s, t in total.items()},
                "glossary": self.glossary.to_dict(),
            },
        }


def file_stats(path: Path, *, glossary: Glossary | None = None) -> FileStats:
    """Counts of one PO file; with *glossary*, also its violations in translated entries."""
    catalog = load_catalog(Path(path))
    states = {s: Tally() for s in STATES}
    order: list[tuple[str, State]] = []
    terms = not_applied = 0
    for entry in catalog.entries:
        state = entry.state
        states[state] = states[state] + Tally(1, count_words(entry.msgid))
        order.append((entry.msgctxt, state))
        if entry.obsolete:
            continue
        for note in entry.notes:
            if isinstance(note, GlossaryNote):
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
