"""Where a project stands: segments and source words by state, per PO file and in total.

Each entry has exactly one state, decided by the catalog
(:func:`pipeline.catalog.state.entry_state`): reviewed, machine draft,
changed since review, reused, fuzzy match (offered from a similar
sentence's reviewed translation), untranslated or obsolete.

Obsolete entries (``#~``) are counted apart. A plural entry counts its
``msgid`` and its ``msgid_plural``, as Translate Toolkit's ``pocount`` does.

Words are counted in the English source as ``pocount`` counts them: the word
boundaries of Unicode UAX #29 (``don't``, ``3,000.5``, ``U.S`` are one word;
``zero-COVID`` is two; punctuation and symbols are none), after the markup is
taken out. Markup is not words: the article's inline tags (HTML; a
character reference counts as the character it stands for), its inline
syntax, link targets and code spans (Markdown: code is kept verbatim, never
translated; see
:meth:`pipeline.documents.blocks.DocumentFormat.markup_spans`), and URLs and e-mail
addresses (:func:`pipeline.segmentation.spans.protected_spans`) count
nothing. ``pocount`` strips only XML tags, so it counts a URL's parts and
Markdown link targets as words. It also blanks any ``.`` between two
non-digits before counting (its ``numberre``), so ``U.S.`` and ``e.g.``
count 0 words there and 1 here. Those are the differences left on plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.documents.inputs import po_files
from pipeline.catalog import STATES, State, load_catalog
from pipeline.catalog.notes import GlossaryNote
from pipeline.documents.formats import format_named
from pipeline.segmentation.spans import SpanKind, protected_spans

if TYPE_CHECKING:
    from pipeline.glossary import Glossary

#: What ``--list`` can print the ids of: fuzzy is every state waiting for review.
LISTS = {
    "fuzzy": tuple(s for s in STATES if s.fuzzy),
    "untranslated": (State.untranslated,),
    "changed": (State.changed,),
}

#: UAX #29 words as far as English text needs them: letters, digits and ``_``
#: joined by ``. ' ’ : ·`` between letters and ``. , ; ' ’`` between digits; each
#: CJK ideograph or kana is a word by itself. A word holds a letter or a digit.
_CJK_CHAR = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
_WORD_CHAR = rf"(?:(?!{_CJK_CHAR})\w)"
_LETTER = rf"(?:(?!{_CJK_CHAR})[^\W\d_])"
_JOIN = rf"(?:(?<={_LETTER})[.'’:·](?={_LETTER})|(?<=\d)[.,;'’](?=\d))"
_WORD_RE = re.compile(rf"{_CJK_CHAR}|{_WORD_CHAR}+(?:{_JOIN}{_WORD_CHAR}+)*")


#: ``pocount``'s three columns: translated (reviewed), fuzzy (any draft), untranslated.
POCOUNT_COLUMNS = {
    "t": (State.reviewed,),
    "f": tuple(s for s in STATES if s.fuzzy),
    "u": (State.untranslated,),
}


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole percent, rounded down as ``pocount`` does (0 of nothing is 0%)."""
    return part * 100 // whole if whole else 0


def short_line(name: str, states: Mapping[State, Tally], *, width: int = 0) -> str:
    """One line for *states*, as ``pocount --short`` prints strings, then the source words the same way:
    ``NAME  strings: total: 5\t| 1t\t3f\t1u\t| 20%t\t60%f\t20%u\t|| words: total: 16\t| ...``."""
    columns = {key: sum((states.get(s, Tally()) for s in wanted), Tally()) for key, wanted in POCOUNT_COLUMNS.items()}
    parts = []
    for label, value in (("strings", "segments"), ("source words", "words")):
        counts = {key: getattr(tally, value) for key, tally in columns.items()}
        total = sum(counts.values())
        parts.append(
            f"{label}: total: {total}\t| "
            + "\t".join(f"{n}{key}" for key, n in counts.items())
            + "\t| "
            + "\t".join(f"{percent(n, total)}%{key}" for key, n in counts.items())
        )
    return f"{name.ljust(width)} " + "\t|| ".join(parts)


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """*text* with each span replaced by one space (the words on either side stay apart);
    an HTML character reference by its character (``type&rsquo;s`` is one word)."""
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if end <= start:
            continue
        parts.append(text[last:start])
        markup = text[start:end]
        parts.append(html.unescape(markup) if markup.startswith("&") else " ")
        last = end
    parts.append(text[last:])
    return "".join(parts)


#: A text with none of the characters inline markup is made of (HTML tags and references, Markdown marks, math) has none.
_MARKUP_FREE = re.compile(r"[^<>&\[\]*_`~\\$!{}|:=^]*")


def count_words(
    text: str, *, fmt: str = "", find_markup: Callable[[str], Sequence[tuple[int, int]]] | None = None
) -> int:
    """Source words in *text* of an article in format *fmt* (``md``, ``html``, ``txt``, or empty): see the module docstring.

    *find_markup*: where the caller finds the text's markup spans (a run's cached ones); by default the format's.
    Markup is looked for only in a text that has a character markup is made of.
    """
    if not text:
        return 0
    spans = [(s.start, s.end) for s in protected_spans(text) if s.kind is not SpanKind.PLACEHOLDER]
    if find_markup is None and fmt:
        document = format_named(fmt)
        find_markup = document.markup_spans if document.has_markup else None
    if find_markup is not None and not _MARKUP_FREE.fullmatch(text):
        spans += list(find_markup(text))
    return sum(1 for w in _WORD_RE.findall(_blank(text, spans)) if any(c.isalnum() for c in w))


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
    catalog.target_language()  # an empty or headerless PO is refused, as build refuses it
    states = {s: Tally() for s in STATES}
    order: list[tuple[str, State]] = []
    terms = not_applied = 0
    from pipeline.qa.checks import document_format

    fmt = document_format(catalog.header, catalog.entries)
    for entry in catalog.entries:
        state = entry.state
        words = count_words(entry.msgid, fmt=fmt) + count_words(entry.msgid_plural, fmt=fmt)
        states[state] = states[state] + Tally(1, words)
        order.append((entry.msgctxt, state))
        if entry.obsolete:
            continue
        for note in entry.notes:
            if isinstance(note, GlossaryNote):
                terms += 1
                not_applied += not note.applied
    violations = None
    if glossary is not None:
        from pipeline.qa.checks import check_entries
        from pipeline.qa.framework import CheckContext
        from pipeline.qa.glossary_checks import check_glossary

        context = CheckContext(language=catalog.language, glossary=glossary, document_format=fmt)
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
