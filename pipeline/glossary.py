'''Glossaries: load (CSV, TSV, TBX-Basic), validate, find their terms in text, and write them (CSV, TSV, TBX-Basic).

A glossary file is UTF-8 with a header row. The first column is the source
language (``en``); further language-code columns are targets (``zh`` =
zh-Hans, ``zh-Hant``, ``zh-TW``, ``zh-HK``, any other code); a target cell may
list admitted alternatives after the target, separated by ``|``
(``出境禁令|离境禁令``): they are kept, not enforced. A glossary without a
Chinese target column is an error (``translate`` would enforce none of it).
Optional columns:

``variants``   extra source forms, separated by ``|``
``case``       ``sensitive`` or ``insensitive``; empty: all-caps forms
               (``CCP``) are case-sensitive, others are not
``dnt``        do not translate (``yes``/``no``): the term stays as written
``forbidden``  target renderings that must not appear, separated by ``|``
``note``       free text for reviewers

Lines whose first cell starts with ``#`` are comments. In CSV, a field that
starts with a straight double quote must be quoted (``"""run"" movement"``);
TSV has no quoting, so ``"run" movement`` is written as is.

Matching (:meth:`Glossary.find`) works on tokens, not characters: words
(letters and digits, with inner apostrophes) and single punctuation marks;
spaces and hyphens only separate tokens, so *exit ban*, *exit-ban* and
*exit  ban* are the same. Every quote mark (straight, curly, single, double)
is the same token, so ``"run" movement`` matches ``“run” movement`` and
``'run' movement`` but the verb *run* never matches it. The last word of a
form may carry an English plural (-s, -es, -ies) or a possessive ('s, ’s; the
possessive ending stays outside the match). Terms are case-insensitive unless
the ``case`` column says otherwise or the form is all capitals. Overlaps are
resolved longest match first. All forms are built once into a token trie, so
matching costs about one dictionary lookup per token, whatever the glossary
size.
'''

from __future__ import annotations

import csv
import gc
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from xml.parsers import expat

from pipeline.errors import GlossaryError
from pipeline.fsutil import atomic_write_text, decode_utf8

#: The optional, non-language columns a glossary table may have.
OPTIONAL_COLUMNS = ("variants", "case", "dnt", "forbidden", "note")
#: Values of the ``dnt`` column.
DNT_TRUE = frozenset({"yes", "y", "true", "1", "x", "dnt"})
DNT_FALSE = frozenset({"", "no", "n", "false", "0"})
#: Values of the ``case`` column.
CASE_VALUES = {"sensitive": True, "insensitive": False, "": None}

#: Spellings of language codes mapped to the codes the pipeline uses.
LANG_ALIASES = {
    "zh-hans": "zh",
    "zh-cn": "zh",
    "zh-hans-cn": "zh",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-TW",
    "zh-hant-tw": "zh-TW",
    "zh-hk": "zh-HK",
    "zh-hant-hk": "zh-HK",
}
#: Output variants that are written in Traditional characters.
TRADITIONAL_VARIANTS = frozenset({"zh-Hant", "zh-TW", "zh-HK"})

_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

#: Every quote mark is the same token in matching.
QUOTE_CHARS = "\"'“”„‟«»‘’‚‛`´″′「」『』"
_QUOTE_TABLE = str.maketrans({c: '"' for c in QUOTE_CHARS})
_APOSTROPHE_TABLE = str.maketrans({"’": "'", "ʼ": "'"})

# Words (letters/digits with inner apostrophes) or single punctuation marks.
# Whitespace, hyphens and invisible marks are separators and yield no token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*|[^\s\w\-\u2010\u2011\u00ad\u200b\u200c\u200d\ufeff]|_")

#: Words ending in -s that are not plurals (never singularized).
NOT_PLURAL = frozenset(
    {"news", "series", "species", "means", "always", "perhaps", "whereas", "towards", "afterwards", "does", "goes"}
)


# --------------------------------------------------------------------------- data


def canonical_lang(code: str) -> str:
    """``zh_Hant`` → ``zh-Hant``, ``zh-Hans``/``zh-CN`` → ``zh``, ``EN`` → ``en``."""
    code = code.strip().replace("_", "-")
    low = code.lower()
    if low in LANG_ALIASES:
        return LANG_ALIASES[low]
    parts = low.split("-")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)


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
    forbidden: tuple[str, ...] = ()
    note: str = ""
    #: ``"file:line"`` where the entry was read.
    origin: str = ""
    #: Admitted alternative targets, ``(language, text)`` in file order: kept
    #: and written back (TBX ``admittedTerm``, ``|`` after the target in a
    #: table), never required in a translation (:attr:`targets` is).
    alternatives: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if type(self.targets) is not TargetMap:
            object.__setattr__(self, "targets", TargetMap(self.targets))
        if type(self.variants) is not tuple:
            object.__setattr__(self, "variants", tuple(self.variants))
        if type(self.forbidden) is not tuple:
            object.__setattr__(self, "forbidden", tuple(self.forbidden))
        if type(self.alternatives) is not tuple:
            object.__setattr__(self, "alternatives", tuple(tuple(pair) for pair in self.alternatives))

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

        ``zh``/``zh-Hans`` use the ``zh`` column; ``zh-TW`` and ``zh-HK`` use
        their own column, else ``zh-Hant``; ``zh-Hant`` its own column. Any
        other code uses its own column. ``None`` means the caller converts
        the ``zh`` target (OpenCC) itself.
        """
        variant = canonical_lang(variant)
        if variant in ("zh-TW", "zh-HK"):
            return self.targets.get(variant) or self.targets.get("zh-Hant") or None
        return self.targets.get(variant) or None

    @property
    def key(self) -> tuple[str, ...]:
        """The source as matching sees it (tokens, case-folded): equal keys are duplicates."""
        return form_key(self.source)


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    term: Term


@dataclass(frozen=True)
class GlossaryProblem:
    """A finding of :func:`check_glossary`; *line* is 1-based (0: the whole file)."""

    line: int
    severity: str  # "error" | "warning"
    message: str


# --------------------------------------------------------------------------- tokens


_QUOTE_MAP = {c: '"' for c in QUOTE_CHARS}


def _tokens(text: str) -> list[re.Match[str]]:
    """Token matches over *text* with apostrophes straightened (same offsets as *text*)."""
    return list(_TOKEN_RE.finditer(text.translate(_APOSTROPHE_TABLE)))


def _raw_tokens(text: str) -> list[str]:
    """Case-preserving normal forms of *text*'s tokens: quotes unified, apostrophes straightened."""
    quote = _QUOTE_MAP
    return [t if t[0].isalnum() else quote.get(t, t) for t in _TOKEN_RE.findall(text.translate(_APOSTROPHE_TABLE))]


def _norm_token(tok: str) -> str:
    """A token from the apostrophe-straightened text with every quote mark made ``"``."""
    return tok if tok[0].isalnum() else _QUOTE_MAP.get(tok, tok)


def _singulars(word: str) -> list[str]:
    """Possible singulars of an English plural (case preserved), most likely first."""
    low = word.lower()
    if len(low) < 4 or low[-1] != "s" or low.endswith(("ss", "us", "is")) or low in NOT_PLURAL:
        return []
    out = []
    if low.endswith("ies"):
        out.append(word[:-3] + ("Y" if word[-3].isupper() else "y"))
    if low.endswith("es"):
        out.append(word[:-2])
    out.append(word[:-1])
    return out


def _final_forms(raw: str) -> list[tuple[str, int]]:
    """Forms the last word of a term may take in text: ``(base, chars cut from the end)``.

    ``Party's`` → Party's, Party (cut 2); ``bans`` → bans, ban.
    """
    if len(raw) > 2 and raw.endswith("'s") and raw[0].isalnum():
        base = raw[:-2]
        return [(raw, 0), (base, 2), *((s, 2) for s in _singulars(base))]
    return [(raw, 0), *((s, 0) for s in _singulars(raw))]


@lru_cache(maxsize=65536)
def _final_keys(raw: str) -> tuple[tuple[str, str, int], ...]:
    """``(form, case-folded form, cut)`` for :func:`_final_forms`, cached per token."""
    if not raw[0].isalnum():
        return ((raw, raw, 0),)
    return tuple((f, f.casefold(), cut) for f, cut in _final_forms(raw))


def form_key(form: str) -> tuple[str, ...]:
    """A form's tokens, normalized and case-folded: ``"Exit-Ban"`` → ``("exit", "ban")``."""
    return tuple(_raw_tokens(form.casefold()))


# --------------------------------------------------------------------------- matcher

# A trie node is a 2-list: [next: {token key: node}, ends: {last token key: [entry]}].
# An entry is (priority, term, raw tokens or None when case-insensitive).
_Entry = tuple[int, Term, "tuple[str, ...] | None"]


class _Matcher:
    """Token trie over every form of every term; built once per glossary."""

    __slots__ = ("root",)

    def __init__(self, terms: Sequence[Term]) -> None:
        root: list[Any] = [{}, {}]
        for priority, term in enumerate(terms):
            explicit_case = term.case_sensitive
            for form in (term.source, *term.variants) if term.variants else (term.source,):
                raws = _raw_tokens(form)
                if not raws or not (raws[0][0].isalnum() or any(r[0].isalnum() for r in raws)):
                    continue  # only punctuation: cannot be matched
                node = root
                for raw in raws[:-1]:
                    key = raw.casefold()
                    nxt = node[0].get(key)
                    if nxt is None:
                        nxt = node[0][key] = [{}, {}]
                    node = nxt
                sensitive = form.isupper() if explicit_case is None else explicit_case
                entry: _Entry = (priority, term, tuple(raws) if sensitive else None)
                last = raws[-1]
                finals = [last.casefold()]
                if last[0].isalnum():
                    finals += [s.casefold() for s in _singulars(last)]
                ends = node[1]
                for key in finals:
                    lst = ends.get(key)
                    if lst is None:
                        ends[key] = [entry]
                    elif lst[-1] is not entry:
                        lst.append(entry)
        self.root = root

    def find(self, text: str) -> list[TermMatch]:
        toks = _tokens(text)
        n = len(toks)
        if not n:
            return []
        raws = [_norm_token(m.group()) for m in toks]
        keys = [r.casefold() for r in raws]
        finals: list[tuple[tuple[str, str, int], ...] | None] = [None] * n
        root = self.root
        # Candidates: (-tokens, -chars, start char, -priority, serial, first tok, last tok, end char, term)
        cands: list[tuple[int, int, int, int, int, int, int, int, Term]] = []
        for i in range(n):
            node = root
            j = i
            while True:
                ends = node[1]
                if ends:
                    ff = finals[j]
                    if ff is None:
                        ff = finals[j] = _final_keys(raws[j])
                    for raw_form, key, cut in ff:
                        entries = ends.get(key)
                        if not entries:
                            continue
                        for priority, term, exact in entries:
                            if exact is not None and not _case_ok(exact, raws, i, j, raw_form):
                                continue
                            start = toks[i].start()
                            end = toks[j].end() - cut
                            cands.append((i - j - 1, start - end, start, -priority, len(cands), i, j, end, term))
                if j + 1 >= n:
                    break
                nxt = node[0].get(keys[j])
                if nxt is None:
                    break
                node = nxt
                j += 1
        if not cands:
            return []
        cands.sort()
        taken = bytearray(n)
        chosen: list[TermMatch] = []
        for _, _, start, _, _, i, j, end, term in cands:
            if any(taken[i : j + 1]):
                continue
            taken[i : j + 1] = b"\x01" * (j - i + 1)
            chosen.append(TermMatch(start=start, end=end, text=text[start:end], term=term))
        chosen.sort(key=lambda m: m.start)
        return chosen


def _case_ok(exact: tuple[str, ...], raws: list[str], i: int, j: int, raw_form: str) -> bool:
    """Case-sensitive check of text tokens ``i..j`` against a form's raw tokens."""
    if tuple(raws[i:j]) != exact[:-1]:
        return False
    last = exact[-1]
    return raw_form == last or raw_form in _singulars(last)


# --------------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class Glossary:
    """The terms of one or more glossary files, ready for matching."""

    terms: tuple[Term, ...] = ()
    #: What loading decided, e.g. overrides: ``glossary: 'exit ban' from b.csv:3 overrides a.csv:5``.
    notes: tuple[str, ...] = ()
    source_lang: str = "en"
    _matcher: _Matcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "notes", tuple(self.notes))
        with _gc_paused():
            object.__setattr__(self, "_matcher", _Matcher(self.terms))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the terms, not the trie: it is rebuilt on load (worker processes).
        return (Glossary, (self.terms, self.notes, self.source_lang))

    def find(self, text: str) -> list[TermMatch]:
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
                )
            )
            for t in self.terms
        )
        digest = hashlib.sha256(f"mtpipe-glossary-1\n{self.source_lang}\n".encode())
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


# --------------------------------------------------------------------------- reading


class _Row(NamedTuple):
    line: int
    term: Term


@dataclass
class _Read:
    rows: list[_Row]
    problems: list[GlossaryProblem]
    source_lang: str


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise GlossaryError(f"{path}: no such glossary file", hint="check the --glossary path")
    if path.is_dir():
        raise GlossaryError(f"{path} is a folder, not a glossary file", hint="give a .csv, .tsv or .tbx file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot be read ({exc.strerror})") from exc


def _decode(path: Path, data: bytes) -> str:
    return decode_utf8(
        data, name=str(path), error=GlossaryError, what="", hint="save the glossary as UTF-8 (in a spreadsheet: 'CSV UTF-8')"
    )


def _clean(cell: str) -> str:
    """Trim and collapse whitespace; NFC."""
    if not cell:
        return ""
    if cell.isascii():
        return " ".join(cell.split())
    return " ".join(unicodedata.normalize("NFC", cell).split())


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(x for x in (_clean(p) for p in cell.split("|")) if x)


def _is_tsv(path: Path, first_line: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return True
    if suffix == ".csv":
        return "\t" in first_line and "," not in first_line
    return "\t" in first_line


def _read_table(path: Path, text: str) -> _Read:
    """Parse a CSV/TSV glossary; raise GlossaryError for what makes it unreadable."""
    name = path.name
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first_line:
        raise GlossaryError(f"{path}:1: empty glossary, no header row", hint="start with a header such as: en,zh,note")
    if _is_tsv(path, first_line):
        reader = csv.reader(text.splitlines(keepends=True), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(text.splitlines(keepends=True), strict=True)

    problems: list[GlossaryProblem] = []
    rows: list[_Row] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    targets: list[tuple[str, int]] = []
    source_lang = "en"
    line = 1
    try:
        for record in _records(reader):
            line, cells = record
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                source_lang, columns, targets = _parse_header(path, line, header, problems)
                problems += _language_problems(line, tuple(lang for lang, _ in targets))
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(
                    GlossaryProblem(
                        line, "warning", f"{len(cells)} fields but the header has {len(header)}; extra ignored"
                    )
                )
            term = _term_from_cells(cells, columns, targets, f"{name}:{line}", line, problems)
            if term is not None:
                rows.append(_Row(line, term))
    except csv.Error as exc:
        raise GlossaryError(
            f"{path}:{reader.line_num or 1}: malformed CSV ({exc})",
            hint='a field starting with a quote mark must be quoted: """run"" movement" '
            "(or use curly quotes, or save as TSV)",
        ) from exc
    if header is None:
        raise GlossaryError(f"{path}:1: no header row", hint="start with a header such as: en,zh,note")
    return _Read(rows, problems, source_lang)


def _records(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, cells)`` for each CSV record."""
    last = 0
    for cells in reader:
        yield last + 1, cells
        last = reader.line_num


def _parse_header(
    path: Path, line: int, header: list[str], problems: list[GlossaryProblem]
) -> tuple[str, dict[str, int], list[tuple[str, int]]]:
    first = header[0]
    if not _LANG_RE.match(first) or first.lower() in OPTIONAL_COLUMNS:
        raise GlossaryError(
            f"{path}:{line}: no header row (first cell {first!r} is not a language code)",
            hint="start with a header such as: en,zh,zh-Hant,variants,case,dnt,forbidden,note",
        )
    source_lang = canonical_lang(first)
    columns: dict[str, int] = {}
    targets: list[tuple[str, int]] = []
    seen: set[str] = {source_lang}
    for index, name in enumerate(header[1:], start=1):
        low = name.lower()
        if low in OPTIONAL_COLUMNS:
            if low in columns:
                problems.append(GlossaryProblem(line, "error", f"column {name!r} appears twice; the first is used"))
                continue
            columns[low] = index
        elif _LANG_RE.match(name):
            lang = canonical_lang(name)
            if lang in seen:
                problems.append(
                    GlossaryProblem(line, "error", f"language column {name!r} appears twice; the first is used")
                )
                continue
            seen.add(lang)
            targets.append((lang, index))
        elif not name:
            problems.append(GlossaryProblem(line, "warning", f"column {index + 1} has no name; ignored"))
        else:
            problems.append(
                GlossaryProblem(
                    line,
                    "error",
                    f"unknown column {name!r}; ignored (known: a language code, {', '.join(OPTIONAL_COLUMNS)})",
                )
            )
    if not targets:
        raise GlossaryError(
            f"{path}:{line}: no target language column in the header",
            hint=f"add a column such as zh after {first}: {first},zh,note",
        )
    return source_lang, columns, targets


def _language_problems(line: int, target_langs: Sequence[str]) -> list[GlossaryProblem]:
    """An error when no target language is Chinese: ``translate`` would enforce none of the terms."""
    if not target_langs or any(lang.split("-")[0] == "zh" for lang in target_langs):
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


def _term_from_cells(
    cells: list[str],
    columns: dict[str, int],
    targets: list[tuple[str, int]],
    origin: str,
    line: int,
    problems: list[GlossaryProblem],
) -> Term | None:
    ncells = len(cells)

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < ncells else ""

    source = _clean(cells[0])
    if not source:
        problems.append(GlossaryProblem(line, "error", "empty source term; entry ignored"))
        return None
    target_map: dict[str, str] = {}
    alternatives: list[tuple[str, str]] = []
    for lang, index in targets:
        if index < ncells and cells[index]:
            values = _split_list(cells[index])
            if values:
                target_map[lang] = values[0]
                alternatives += ((lang, alt) for alt in dict.fromkeys(values[1:]) if alt != values[0])
    case_cell = _clean(cell("case")).lower()
    if case_cell not in CASE_VALUES:
        problems.append(GlossaryProblem(line, "error", f"case must be 'sensitive' or 'insensitive', not {case_cell!r}"))
        case_cell = ""
    dnt_cell = _clean(cell("dnt")).lower()
    if dnt_cell not in DNT_TRUE and dnt_cell not in DNT_FALSE:
        problems.append(GlossaryProblem(line, "error", f"dnt must be yes or no, not {dnt_cell!r}; read as yes"))
    dnt = dnt_cell not in DNT_FALSE
    if not target_map and not dnt:
        problems.append(GlossaryProblem(line, "error", f"{source!r} has no target; entry ignored"))
        return None
    variants = cell("variants")
    forbidden = cell("forbidden")
    return Term(
        source=source,
        targets=TargetMap(target_map),
        variants=_split_list(variants) if variants else (),
        case_sensitive=CASE_VALUES[case_cell],
        dnt=dnt,
        forbidden=_split_list(forbidden) if forbidden else (),
        note=_clean(cell("note")),
        origin=origin,
        alternatives=tuple(alternatives),
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building many small objects (none are cyclic).

    Loading 100,000 entries allocates ~10^6 containers; without this the
    collector rescans them again and again and loading takes twice as long.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_any(path: Path) -> _Read:
    path = Path(path)
    data = _read_bytes(path)
    with _gc_paused():
        if path.suffix.lower() == ".tbx" or data.lstrip()[:5] == b"<?xml":
            return _read_tbx(path, data)
        return _read_table(path, _decode(path, data))


def _semantic_problems(rows: Sequence[_Row]) -> list[GlossaryProblem]:
    """Duplicates, conflicts, overlaps, unmatchable forms, forbidden = target."""
    problems: list[GlossaryProblem] = []
    by_key: dict[tuple[str, ...], _Row] = {}
    for row in rows:
        term = row.term
        for form in term.forms:
            key = form_key(form)
            if not any(k[0].isalnum() for k in key):
                problems.append(
                    GlossaryProblem(row.line, "error", f"{form!r} has no letters or digits: it cannot match")
                )
                continue
            other = by_key.get(key)
            if other is None:
                by_key[key] = row
                continue
            if other is row:
                problems.append(GlossaryProblem(row.line, "warning", f"{form!r} is listed twice in this entry"))
                continue
            what = "source" if form == term.source else "variant"
            if dict(other.term.targets) == dict(term.targets) and other.term.dnt == term.dnt:
                problems.append(
                    GlossaryProblem(row.line, "warning", f"duplicate {what} {form!r}: same as line {other.line}")
                )
            else:
                problems.append(
                    GlossaryProblem(
                        row.line,
                        "error",
                        f"{what} {form!r} is also on line {other.line} with different targets "
                        f"({_targets_text(other.term)} vs {_targets_text(term)}); the later line wins",
                    )
                )
            by_key[key] = row
        for text in (*term.forms, *term.targets.values(), *(t for _, t in term.alternatives), *term.forbidden, term.note):
            bad_char = _XML_ILLEGAL.search(text)
            if bad_char is not None:
                problems.append(
                    GlossaryProblem(
                        row.line, "error", f"{text!r} contains the control character U+{ord(bad_char.group()):04X}"
                    )
                )
        targets = set(term.targets.values())
        for bad in term.forbidden:
            if bad in targets:
                problems.append(GlossaryProblem(row.line, "error", f"forbidden rendering {bad!r} is also a target"))
    # Overlaps: a form whose tokens lie inside another form's tokens.
    for key, row in by_key.items():
        n = len(key)
        for length in range(1, n):
            for start in range(0, n - length + 1):
                inner = by_key.get(key[start : start + length])
                if inner is not None and inner is not row:
                    problems.append(
                        GlossaryProblem(
                            inner.line,
                            "warning",
                            f"{' '.join(key[start : start + length])!r} overlaps {' '.join(key)!r} (line {row.line}); "
                            "the longer match wins",
                        )
                    )
    problems.sort(key=lambda p: p.line)
    return problems


def _targets_text(term: Term) -> str:
    if term.dnt and not term.targets:
        return "dnt"
    return ", ".join(f"{lang}={text}" for lang, text in term.targets.items())


# --------------------------------------------------------------------------- public API


def load_glossary(path: Path) -> Glossary:
    """Read one CSV, TSV or TBX glossary; raise GlossaryError when it is unreadable.

    A repeated source within the file: the later line wins, and the glossary's
    notes say so. Entries without a source or target are skipped (see
    :func:`check_glossary`).
    """
    return load_glossaries([path])


def load_glossaries(paths: Sequence[Path]) -> Glossary:
    """Combine several glossaries; a later entry (file) overrides an earlier one for the same source."""
    with _gc_paused():
        return _merge([_read_any(Path(path)) for path in paths], paths)


def load_glossaries_checked(paths: Sequence[Path]) -> tuple[Glossary, list[tuple[Path, GlossaryProblem]]]:
    """:func:`load_glossaries` plus :func:`check_glossary`'s problems, reading each file once."""
    with _gc_paused():
        reads = [_read_any(Path(path)) for path in paths]
        glossary = _merge(reads, paths)
    problems = [
        (Path(path), problem)
        for path, read in zip(paths, reads)
        for problem in sorted(read.problems + _semantic_problems(read.rows), key=lambda p: p.line)
    ]
    return glossary, problems


def _merge(reads: Sequence[_Read], paths: Sequence[Path]) -> Glossary:
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
    return Glossary(terms=tuple(merged.values()), notes=tuple(notes), source_lang=source_lang)


def check_glossary(path: Path) -> list[GlossaryProblem]:
    """Everything wrong with a glossary file, each with its line number; ``[]`` when clean.

    A file that cannot be read at all (missing, a folder) still raises GlossaryError.
    """
    path = Path(path)
    _read_bytes(path)
    try:
        read = _read_any(path)
    except GlossaryError as exc:
        match = re.match(r"^.*?:(\d+): (.*)$", exc.message)
        if match:
            return [GlossaryProblem(int(match.group(1)), "error", match.group(2))]
        return [GlossaryProblem(0, "error", exc.message)]
    problems = read.problems + _semantic_problems(read.rows)
    problems.sort(key=lambda p: p.line)
    return problems


# --------------------------------------------------------------------------- TBX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DEPRECATED = ("deprecated", "superseded")
#: Deepest element nesting accepted; TBX-Basic needs about 8 levels.
MAX_TBX_DEPTH = 64
#: The ``admin`` type that carries an explicit ``case`` (structured, not a note shown to translators).
CASE_ADMIN_TYPE = "x-mtpipe-case"
_LEGACY_CASE_NOTE = "mtpipe:case="
#: Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class _XNode:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_XNode] = field(default_factory=list)
    text: str = ""

    def iter(self, *tags: str) -> Iterator[_XNode]:
        """Descendants (and self) with one of *tags*, in document order; no recursion."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.tag in tags:
                yield node
            stack.extend(reversed(node.children))

    def itertext(self) -> str:
        return "".join(n.text for n in self.iter("#text"))

    def lang(self) -> str:
        return self.attrs.get("xml:lang") or self.attrs.get("lang") or ""


def _parse_xml(path: Path, data: bytes) -> _XNode:
    """A small tree with line numbers (ElementTree does not keep them)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    stack: list[_XNode] = []
    roots: list[_XNode] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_TBX_DEPTH:
            raise GlossaryError(
                f"{path}:{parser.CurrentLineNumber}: elements nested more than {MAX_TBX_DEPTH} deep; "
                "not a TBX glossary",
                hint="export the glossary again as TBX, or use CSV",
            )
        node = _XNode(tag.rpartition(":")[2], attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].children.append(_XNode("#text", {}, parser.CurrentLineNumber, text=text))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise GlossaryError(
            f"{path}:{exc.lineno}: not well-formed TBX ({expat.ErrorString(exc.code)})",
            hint="export the glossary again as TBX, or use CSV",
        ) from exc
    return roots[0]


def _entry_notes(entry: _XNode) -> tuple[list[str], bool, bool | None]:
    """An entry's notes (``note`` and ``descrip`` texts, each once), dnt and explicit case."""
    notes: list[str] = []
    dnt = False
    case: bool | None = None
    for node in entry.iter("note", "descrip", "admin"):
        text = _clean(node.itertext())
        kind = node.attrs.get("type", "").strip()
        if node.tag == "descrip" and kind.lower() == "translation needed":
            dnt = text.lower() == "no"
        elif node.tag == "admin" and kind == CASE_ADMIN_TYPE:
            case = CASE_VALUES.get(text.lower())
        elif node.tag == "note" and text.startswith(_LEGACY_CASE_NOTE):  # written by mtpipe before 0.x
            case = CASE_VALUES.get(text[len(_LEGACY_CASE_NOTE) :].strip().lower())
        elif node.tag == "admin" or not text:
            continue
        elif node.tag == "descrip" and kind and kind.lower() != "definition":
            notes.append(f"{kind}: {text}")
        else:
            notes.append(text)
    return list(dict.fromkeys(notes)), dnt, case


def _read_tbx(path: Path, data: bytes) -> _Read:
    root = _parse_xml(path, data)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(f"{path}:1: not a TBX file (root element <{root.tag}>)", hint="give a TBX-Basic file")
    source_lang = canonical_lang(root.lang() or "en")
    primary = source_lang.split("-")[0]
    rows: list[_Row] = []
    problems: list[GlossaryProblem] = []
    target_langs: dict[str, None] = {}
    for entry in root.iter("termEntry", "conceptEntry"):
        sources: list[str] = []
        targets: dict[str, str] = {}
        alternatives: list[tuple[str, str]] = []
        forbidden: list[str] = []
        notes, dnt, case = _entry_notes(entry)
        for lang_set in entry.iter("langSet", "langSec"):
            lang = canonical_lang(lang_set.lang() or source_lang)
            is_source = lang.split("-")[0] == primary
            if not is_source:
                target_langs.setdefault(lang, None)
            preferred: list[str] = []
            admitted: list[str] = []
            for group in lang_set.children:
                if group.tag not in ("tig", "ntig", "termSec"):
                    continue
                term_node = next(group.iter("term"), None)
                if term_node is None:
                    continue
                text = _clean(term_node.itertext())
                if not text:
                    continue
                status = " ".join(
                    _clean(n.itertext()).lower()
                    for n in group.iter("termNote")
                    if n.attrs.get("type") in ("administrativeStatus", "normativeAuthorization")
                )
                if any(d in status for d in _DEPRECATED):
                    if not is_source:
                        forbidden.append(text)
                elif "preferred" in status:
                    preferred.append(text)
                else:
                    admitted.append(text)
            forms = preferred + admitted
            if not forms:
                continue
            if is_source:
                sources.extend(forms)
                continue
            target = targets.setdefault(lang, forms[0])
            alternatives += ((lang, alt) for alt in forms if alt != target and (lang, alt) not in alternatives)
        line = entry.line
        if not sources:
            problems.append(GlossaryProblem(line, "error", f"entry has no {source_lang} term; ignored"))
            continue
        if not targets and not dnt:
            problems.append(GlossaryProblem(line, "error", f"{sources[0]!r} has no target; entry ignored"))
            continue
        rows.append(
            _Row(
                line,
                Term(
                    source=sources[0],
                    targets=targets,
                    variants=tuple(dict.fromkeys(s for s in sources[1:] if s != sources[0])),
                    case_sensitive=case,
                    dnt=dnt,
                    forbidden=tuple(dict.fromkeys(forbidden)),
                    note="; ".join(notes),
                    origin=f"{path.name}:{line}",
                    alternatives=tuple(alternatives),
                ),
            )
        )
    problems += _language_problems(root.line, tuple(target_langs))
    return _Read(rows, problems, source_lang)


def load_tbx(path: Path) -> Glossary:
    """Read a TBX-Basic (TBX 2 ``martif`` or TBX 3 ``tbx``) glossary."""
    path = Path(path)
    with _gc_paused():
        return _merge([_read_tbx(path, _read_bytes(path))], [path])


@lru_cache(maxsize=4096)
def is_traditional(text: str) -> bool:
    """Whether *text* has characters that exist only in Traditional Chinese (OpenCC t2s changes it)."""
    import opencc  # lazy: keep CLI start-up fast

    return _t2s(opencc).convert(text) != text


@lru_cache(maxsize=1)
def _t2s(opencc: Any) -> Any:
    return opencc.OpenCC("t2s")


def _forbidden_by_lang(term: Term) -> dict[str, list[str]]:
    """Forbidden renderings by the language they are written in.

    Simplified (or script-neutral) forms go under ``zh``; Traditional ones
    under the term's first Traditional target language, else ``zh-Hant``.
    """
    traditional = next((lang for lang in term.targets if lang in TRADITIONAL_VARIANTS), "zh-Hant")
    out: dict[str, list[str]] = {}
    for bad in term.forbidden:
        out.setdefault(traditional if is_traditional(bad) else "zh", []).append(bad)
    return out


def _xml_safe(term: Term) -> None:
    """Refuse a term with a character XML cannot hold (it would make the TBX unreadable)."""
    texts = (
        term.source, *term.variants, *term.targets.values(), *(t for _, t in term.alternatives),
        *term.forbidden, term.note,
    )
    for text in texts:
        bad = _XML_ILLEGAL.search(text)
        if bad is not None:
            where = f"{term.origin}: " if term.origin else ""
            raise GlossaryError(
                f"{where}{text!r} contains the control character U+{ord(bad.group()):04X}, which XML cannot hold; "
                "nothing written",
                hint="remove it from the glossary (`mtpipe glossary check` shows every such line)",
            )


def tbx_text(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic (``martif``) document.

    Variants are admitted source terms and alternatives admitted target
    terms; forbidden renderings are deprecated terms of the language they are
    written in (``zh-Hans``, or the Traditional one); ``dnt`` is
    ``<descrip type="Translation needed">no`` (as Weblate and the Translate
    Toolkit write it); an explicit ``case`` is ``<admin type="x-mtpipe-case">``.
    Raises GlossaryError, before anything is written, for a term holding a
    character XML cannot hold.
    """
    import xml.etree.ElementTree as ET

    for term in glossary.terms:
        _xml_safe(term)
    src = glossary.source_lang
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: src})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "mtpipe glossary"
    encoding_desc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")

    def tig(parent: ET.Element, text: str, status: str) -> None:
        group = ET.SubElement(parent, "tig")
        ET.SubElement(group, "term").text = text
        ET.SubElement(group, "termNote", {"type": "administrativeStatus"}).text = f"{status}-admn-sts"

    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.dnt:
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "no"
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        if term.case_sensitive is not None:
            ET.SubElement(entry, "admin", {"type": CASE_ADMIN_TYPE}).text = (
                "sensitive" if term.case_sensitive else "insensitive"
            )
        source_set = ET.SubElement(entry, "langSet", {_XML_LANG: src})
        tig(source_set, term.source, "preferredTerm")
        for variant in term.variants:
            tig(source_set, variant, "admittedTerm")
        forbidden = _forbidden_by_lang(term)
        langs = list(dict.fromkeys([*term.targets, *(lang for lang, _ in term.alternatives)]))
        langs += [lang for lang in forbidden if lang not in langs]
        for lang in langs:
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: "zh-Hans" if lang == "zh" else lang})
            if lang in term.targets:
                tig(lang_set, term.targets[lang], "preferredTerm")
            for alternative in term.alternatives_for(lang):
                tig(lang_set, alternative, "admittedTerm")
            for bad in forbidden.get(lang, ()):
                tig(lang_set, bad, "deprecatedTerm")
    ET.indent(root, space="  ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + ET.tostring(root, encoding="unicode") + "\n"
    )


def write_tbx(glossary: Glossary, path: Path) -> None:
    """Write *glossary* as TBX-Basic to *path* (atomically)."""
    atomic_write_text(Path(path), tbx_text(glossary))


# --------------------------------------------------------------------------- CSV / TSV


def table_text(glossary: Glossary, *, tsv: bool = False) -> str:
    """The glossary as the CSV (or TSV) table :func:`load_glossary` reads.

    Header: the source language, every target language some term has (at
    least ``zh``), then all of :data:`OPTIONAL_COLUMNS`. A target cell holds
    the target, then its admitted alternatives, ``|``-separated. Raises GlossaryError
    for a term the table format cannot hold: a source starting with ``#``
    (read as a comment) or a variant or forbidden rendering containing ``|``.
    """
    langs = list(glossary.target_langs) or ["zh"]
    rows: list[list[str]] = [[glossary.source_lang, *langs, *OPTIONAL_COLUMNS]]
    for term in glossary.terms:
        where = f"{term.origin}: " if term.origin else ""
        if term.source.lstrip().startswith("#"):
            raise GlossaryError(
                f"{where}{term.source!r} starts with '#', which a glossary table reads as a comment",
                hint="keep this glossary as TBX, or reword the term",
            )
        for form in (*term.variants, *term.forbidden, *term.targets.values(), *(t for _, t in term.alternatives)):
            if "|" in form:
                raise GlossaryError(
                    f"{where}{form!r} contains '|', which separates list items in a glossary table",
                    hint="keep this glossary as TBX, or reword the term",
                )
        case = {True: "sensitive", False: "insensitive", None: ""}[term.case_sensitive]
        rows.append(
            [
                term.source,
                *("|".join(_present((term.targets.get(lang, ""), *term.alternatives_for(lang)))) for lang in langs),
                "|".join(term.variants),
                case,
                "yes" if term.dnt else "",
                "|".join(term.forbidden),
                term.note,
            ]
        )
    if tsv:  # no quoting in TSV: a field is written as is
        bad = next((cell for row in rows for cell in row if any(c in cell for c in "\t\r\n")), None)
        if bad is not None:
            raise GlossaryError(f"{bad!r} contains a tab or line break: not possible in TSV", hint="write CSV instead")
        return "".join("\t".join(row) + "\n" for row in rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _present(values: Sequence[str]) -> list[str]:
    return [v for v in values if v]


def write_csv(glossary: Glossary, path: Path) -> None:
    """Write *glossary* to *path* (atomically) as CSV, or TSV when the name ends in .tsv or .tab."""
    path = Path(path)
    atomic_write_text(path, table_text(glossary, tsv=path.suffix.lower() in (".tsv", ".tab")))
