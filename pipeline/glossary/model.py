"""The glossary data model: :class:`Term`, :class:`Glossary`, the problems readers report, and what every reader shares.

Readers (:mod:`.tabular`, :mod:`.tbx`) return a :class:`ReadResult`;
:func:`merge_reads` combines them into one :class:`Glossary`, a later file
overriding an earlier one.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.bulk import gc_paused
from pipeline.errors import GlossaryError
from pipeline.fsutil import read_input
from pipeline.glossary.languages import canonical_lang
from pipeline.languages.variants import find as find_variant
from pipeline.glossary.matching import TermMatch, TermMatcher, form_key, near_duplicates


#: Values of the ``case`` column.
CASE_VALUES = {"sensitive": True, "insensitive": False, "": None}


def is_all_caps(form: str) -> bool:
    """An abbreviation such as ``CCP`` or ``U.S.``: at least one letter, all capitals."""
    return form.isupper()


class TargetMap(Mapping[str, str]):
    """An immutable, hashable ``{language: target}`` mapping."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> Any:
        return self._data.keys()

    def items(self) -> Any:
        return self._data.items()

    def values(self) -> Any:
        return self._data.values()

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (TargetMap, (self._data,))


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    source: str
    targets: Mapping[str, str]
    variants: tuple[str, ...] = ()
    #: ``True``/``False`` from the ``case`` column (all forms); ``None``: the
    #: default, where all-caps forms are case-sensitive and others are not.
    case_sensitive: bool | None = None
    dnt: bool = False
    #: Forbidden Chinese renderings (the ``forbidden`` column, Chinese TBX langSets): Chinese is the
    #: glossary's first language, as ``zh`` is its Simplified column. Traditional variants convert them.
    forbidden: tuple[str, ...] = ()
    note: str = ""
    #: ``"file:line"`` where the entry was read.
    origin: str = ""
    #: Admitted alternative targets, ``(language, text)`` in file order: kept
    #: and written back (TBX ``admittedTerm``, ``|`` after the target in a
    #: table), never required in a translation (:attr:`targets` is).
    alternatives: tuple[tuple[str, str], ...] = ()
    #: Flags of the ``match`` column (:data:`pipeline.glossary.forms.MATCH_FLAGS`):
    #: which forms of the source match besides the ones as written.
    match_flags: frozenset[str] = frozenset()
    #: Forbidden renderings of one language, ``(language column, text)`` in file order: a
    #: ``forbidden:fr`` column, a deprecated term of a TBX langSet. Only that language's
    #: drafts and checks read them (:meth:`forbidden_for`).
    forbidden_in: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if type(self.targets) is not TargetMap:
            object.__setattr__(self, "targets", TargetMap(self.targets))
        if type(self.variants) is not tuple:
            object.__setattr__(self, "variants", tuple(self.variants))
        if type(self.forbidden) is not tuple:
            object.__setattr__(self, "forbidden", tuple(self.forbidden))
        if type(self.alternatives) is not tuple:
            object.__setattr__(self, "alternatives", tuple(tuple(pair) for pair in self.alternatives))
        if type(self.match_flags) is not frozenset:
            object.__setattr__(self, "match_flags", frozenset(self.match_flags))
        if type(self.forbidden_in) is not tuple:
            object.__setattr__(self, "forbidden_in", tuple(tuple(pair) for pair in self.forbidden_in))

    def alternatives_for(self, lang: str) -> tuple[str, ...]:
        """The admitted alternatives to the *lang* target, in file order."""
        return tuple(text for code, text in self.alternatives if code == lang)

    @property
    def forms(self) -> tuple[str, ...]:
        """The source and its variants."""
        return (self.source, *self.variants)

    def is_case_sensitive(self, form: str | None = None) -> bool:
        """Whether *form* (default: the source) is matched case-sensitively."""
        if self.case_sensitive is not None:
            return self.case_sensitive
        return is_all_caps(self.source if form is None else form)

    def target_for(self, variant: str) -> str | None:
        """The explicit target for an output *variant*, or ``None``.

        A Chinese variant reads the columns of its fallback chain in
        :data:`pipeline.languages.variants.VARIANTS` (zh-TW: ``zh-TW``, then
        ``zh-Hant``); any other code its own column. ``None`` means the caller
        converts the ``zh`` target (OpenCC) itself.
        """
        return next((self.targets[c] for c in _columns(variant) if self.targets.get(c)), None)

    def forbidden_for(self, variant: str) -> tuple[str, ...]:
        """The renderings forbidden in an output *variant*: its own list only.

        A language reads the ``forbidden:`` lists of the columns it reads its
        target from (:meth:`target_for`: ``fr`` reads ``forbidden:fr``, zh-TW
        ``forbidden:zh-TW`` then ``forbidden:zh-Hant``); a Chinese variant also
        the Chinese list :attr:`forbidden` (converted for Traditional ones by
        the caller). No language reads another's.
        """
        columns = _columns(variant)
        own = [text for lang, text in self.forbidden_in if lang in columns]
        chinese = list(self.forbidden) if find_variant(variant) is not None else []
        return tuple(dict.fromkeys([*chinese, *own]))

    @property
    def key(self) -> tuple[str, ...]:
        """The source as matching sees it (tokens, case-folded): equal keys are duplicates."""
        return form_key(self.source)


def _columns(variant: str) -> tuple[str, ...]:
    """The glossary columns an output *variant* reads, in order: a Chinese variant's fallback chain, else its own column."""
    known = find_variant(variant)
    return known.fallback if known is not None else (canonical_lang(variant),)


@dataclass(frozen=True)
class GlossaryProblem:
    """A finding of :func:`check_glossary`; *line* is 1-based (0: the whole file)."""

    line: int
    severity: str  # "error" | "warning"
    message: str




@dataclass(frozen=True)
class Glossary:
    """The terms of one or more glossary files, ready for matching."""

    terms: tuple[Term, ...] = ()
    #: What loading decided, e.g. overrides: ``glossary: 'exit ban' from b.csv:3 overrides a.csv:5``.
    notes: tuple[str, ...] = ()
    source_lang: str = "en"
    _matcher: TermMatcher[Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "notes", tuple(self.notes))
        with gc_paused():
            object.__setattr__(self, "_matcher", TermMatcher(self.terms))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the terms, not the trie: it is rebuilt on load (worker processes).
        return (Glossary, (self.terms, self.notes, self.source_lang))

    def find(self, text: str) -> list[TermMatch[Term]]:
        """Every term occurrence in *text*, longest match first, no overlaps, in text order."""
        return self._matcher.find(text)

    @cached_property
    def content_hash(self) -> str:
        """sha256 of what affects translation (not notes or origins): a cache key."""
        rows = sorted(
            "\x1f".join(
                (
                    t.source,
                    "\x1e".join(f"{k}={v}" for k, v in sorted(t.targets.items())),
                    "|".join(t.variants),
                    str(t.case_sensitive),
                    str(t.dnt),
                    "|".join(sorted(t.forbidden)),  # a set: TBX groups it by language
                    "|".join(sorted(t.match_flags)),
                    # per-language forbidden renderings, only when there are some (older keys stay valid)
                    *(["\x1e".join(sorted(f"{k}={v}" for k, v in t.forbidden_in))] if t.forbidden_in else []),
                )
            )
            for t in self.terms
        )
        digest = hashlib.sha256(f"mtpipe-glossary-2\n{self.source_lang}\n".encode())
        digest.update("\n".join(rows).encode("utf-8"))
        return digest.hexdigest()

    @property
    def target_langs(self) -> tuple[str, ...]:
        """Every target language some term has, in first-seen order."""
        seen: dict[str, None] = {}
        for term in self.terms:
            for lang in term.targets:
                seen.setdefault(lang, None)
        return tuple(seen)


class Row(NamedTuple):
    line: int
    term: Term


@dataclass
class ReadResult:
    rows: list[Row]
    problems: list[GlossaryProblem]
    source_lang: str


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise GlossaryError(f"{path}: no such glossary file", hint="check the --glossary path")
    if path.is_dir():
        raise GlossaryError(f"{path} is a folder, not a glossary file", hint="give a .csv, .tsv or .tbx file")
    return read_input(path, what="glossary", error=GlossaryError, hint="give a .csv, .tsv or .tbx file")


def clean_cell(cell: str) -> str:
    """Trim and collapse whitespace; NFC."""
    if not cell:
        return ""
    if cell.isascii():
        return " ".join(cell.split())
    return " ".join(unicodedata.normalize("NFC", cell).split())


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(x for x in (clean_cell(p) for p in cell.split("|")) if x)


def language_problems(line: int, target_langs: Sequence[str]) -> list[GlossaryProblem]:
    """An error when no target language is one mtpipe writes (Chinese, or another row of the languages table):
    ``translate`` would enforce none of the terms."""
    from pipeline.languages.table import SOURCE, find

    if not target_langs or any((lang.split("-")[0] == "zh" or ((known := find(lang)) is not None and known is not SOURCE)) for lang in target_langs):
        return []  # no target at all: each entry's own error says so
    found = ", ".join(target_langs)
    return [
        GlossaryProblem(
            line,
            "error",
            f"no Chinese target language (found: {found}), so translate enforces none of its terms; "
            "name the Chinese column or xml:lang zh (or zh-Hant, zh-TW, zh-HK)",
        )
    ]


def merge_reads(reads: Sequence[ReadResult], paths: Sequence[Path]) -> Glossary:
    merged: dict[tuple[str, ...], Term] = {}
    notes: list[str] = []
    source_lang = "en"
    for index, (path, read) in enumerate(zip(paths, reads)):
        if index == 0:
            source_lang = read.source_lang
        elif read.source_lang != source_lang:
            raise GlossaryError(
                f"{path}: source language {read.source_lang!r} differs from {source_lang!r} in {paths[0]}",
                hint="combine glossaries with the same source language",
            )
        for row in read.rows:
            key = row.term.key
            old = merged.get(key)
            if old is not None:
                notes.append(f"glossary: {row.term.source!r} from {row.term.origin} overrides {old.origin}")
                del merged[key]  # the override takes the later position
            merged[key] = row.term
    terms = tuple(merged.values())
    for a, b, kind, form_a, form_b in near_duplicates(terms):
        notes.append(
            f"glossary: {form_a!r} ({terms[a].origin}) and its {kind} form {form_b!r} ({terms[b].origin}) match each "
            f"other's text: text written {form_a!r} takes {terms[a].origin}, {form_b!r} {terms[b].origin}, "
            f"any other form {terms[b].origin}"
        )
    return Glossary(terms=terms, notes=tuple(notes), source_lang=source_lang)
