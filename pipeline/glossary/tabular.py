"""Glossary tables: read and validate CSV/TSV glossaries, and write them (see the package docstring for the format)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import GlossaryError
from pipeline.fsutil import atomic_write_text, decode_utf8
from pipeline.glossary.forms import MATCH_FLAGS
from pipeline.glossary.languages import LANG_CODE_RE, canonical_lang
from pipeline.glossary.model import (
    CASE_VALUES,
    Glossary,
    GlossaryProblem,
    ReadResult,
    Row,
    TargetMap,
    Term,
    clean_cell,
    language_problems,
    split_list,
)


#: The optional, non-language columns a glossary table may have.
OPTIONAL_COLUMNS = ("variants", "case", "dnt", "forbidden", "match", "note")
#: A column of one language's forbidden renderings: ``forbidden:fr``, ``forbidden:zh-TW``
#: (``forbidden`` alone, and ``forbidden:zh``, hold the Chinese ones).
FORBIDDEN_PREFIX = "forbidden:"
#: Values of the ``dnt`` column.
DNT_TRUE = frozenset({"yes", "y", "true", "1", "x", "dnt"})
DNT_FALSE = frozenset({"", "no", "n", "false", "0"})


def decode_table(path: Path, data: bytes) -> str:
    """A table file's text; GlossaryError (with how to fix it) when it is not UTF-8."""
    hint = "save the glossary as UTF-8 (in a spreadsheet: 'CSV UTF-8')"
    return decode_utf8(data, name=str(path), error=GlossaryError, what="", hint=hint)


def _is_tsv(path: Path, first_line: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return True
    if suffix == ".csv":
        return "\t" in first_line and "," not in first_line
    return "\t" in first_line


def read_table(path: Path, text: str) -> ReadResult:
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
    rows: list[Row] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    targets: list[tuple[str, int]] = []
    source_lang = "en"
    line = 1
    read_upto = [0]  # the last line of the last complete record
    try:
        for record in _records(reader, read_upto):
            line, cells = record
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                source_lang, columns, targets = _parse_header(path, line, header, problems)
                problems += language_problems(line, tuple(lang for lang, _ in targets))
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                problems.append(
                    GlossaryProblem(
                        line, "warning", f"{len(cells)} fields but the header has {len(header)}; extra ignored"
                    )
                )
            term = _term_from_cells(cells, columns, targets, f"{name}:{line}", line, problems)
            if term is not None:
                rows.append(Row(line, term))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):  # a quoted field runs to the end of the file: name where it opens
            where, what = read_upto[0] + 1, "a quote mark opens a field that is never closed"
        else:
            where, what = reader.line_num or 1, str(exc)
        raise GlossaryError(
            f"{path}:{where}: malformed CSV ({what})",
            hint='a field starting with a quote mark must be quoted: """run"" movement" '
            "(or use curly quotes, or save as TSV)",
        ) from exc
    if header is None:
        raise GlossaryError(f"{path}:1: no header row", hint="start with a header such as: en,zh,note")
    return ReadResult(rows, problems, source_lang)


def _records(reader: Any, read_upto: list[int]) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, cells)`` for each CSV record; ``read_upto[0]`` is the last line read."""
    for cells in reader:
        yield read_upto[0] + 1, cells
        read_upto[0] = reader.line_num


def _parse_header(
    path: Path, line: int, header: list[str], problems: list[GlossaryProblem]
) -> tuple[str, dict[str, int], list[tuple[str, int]]]:
    first = header[0]
    if not LANG_CODE_RE.match(first) or first.lower() in OPTIONAL_COLUMNS:
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
        per_language = low.startswith(FORBIDDEN_PREFIX) and bool(LANG_CODE_RE.match(name[len(FORBIDDEN_PREFIX) :].strip()))
        if per_language:
            lang = canonical_lang(name[len(FORBIDDEN_PREFIX) :].strip())
            low = "forbidden" if lang == "zh" else FORBIDDEN_PREFIX + lang  # the Chinese list has its own column
        if low in OPTIONAL_COLUMNS or per_language:
            if low in columns:
                problems.append(GlossaryProblem(line, "error", f"column {name!r} appears twice; the first is used"))
                continue
            columns[low] = index
        elif LANG_CODE_RE.match(name):
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
    if "forbidden" in columns and not any(lang.split("-")[0] == "zh" for lang, _ in targets):
        problems.append(
            GlossaryProblem(
                line,
                "warning",
                "the forbidden column holds Chinese renderings, and this glossary has no Chinese column: "
                "name the language of each list, e.g. forbidden:fr",
            )
        )
    if not targets:
        raise GlossaryError(
            f"{path}:{line}: no target language column in the header",
            hint=f"add a column such as zh after {first}: {first},zh,note",
        )
    return source_lang, columns, targets


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

    source = clean_cell(cells[0])
    if not source:
        problems.append(GlossaryProblem(line, "error", "empty source term; entry ignored"))
        return None
    target_map: dict[str, str] = {}
    alternatives: list[tuple[str, str]] = []
    for lang, index in targets:
        if index < ncells and cells[index]:
            values = split_list(cells[index])
            if values:
                target_map[lang] = values[0]
                alternatives += ((lang, alt) for alt in dict.fromkeys(values[1:]) if alt != values[0])
    case_cell = clean_cell(cell("case")).lower()
    if case_cell not in CASE_VALUES:
        problems.append(GlossaryProblem(line, "error", f"case must be 'sensitive' or 'insensitive', not {case_cell!r}"))
        case_cell = ""
    dnt_cell = clean_cell(cell("dnt")).lower()
    if dnt_cell not in DNT_TRUE and dnt_cell not in DNT_FALSE:
        problems.append(GlossaryProblem(line, "error", f"dnt must be yes or no, not {dnt_cell!r}; read as yes"))
    dnt = dnt_cell not in DNT_FALSE
    if not target_map and not dnt:
        problems.append(GlossaryProblem(line, "error", f"{source!r} has no target; entry ignored"))
        return None
    variants = cell("variants")
    forbidden = cell("forbidden")
    forbidden_in = tuple(
        (name[len(FORBIDDEN_PREFIX) :], text) for name in columns if name.startswith(FORBIDDEN_PREFIX) for text in split_list(cell(name))
    )
    flags = {flag.lower() for flag in split_list(cell("match"))}
    unknown = sorted(flags - MATCH_FLAGS.keys())
    if unknown:
        problems.append(
            GlossaryProblem(
                line, "error", f"match flag {unknown[0]!r} unknown; ignored (known: {', '.join(MATCH_FLAGS)})"
            )
        )
    return Term(
        source=source,
        targets=TargetMap(target_map),
        variants=split_list(variants) if variants else (),
        case_sensitive=CASE_VALUES[case_cell],
        dnt=dnt,
        forbidden=split_list(forbidden) if forbidden else (),
        note=clean_cell(cell("note")),
        origin=origin,
        alternatives=tuple(alternatives),
        match_flags=frozenset(flags & MATCH_FLAGS.keys()),
        forbidden_in=forbidden_in,
    )



def table_text(glossary: Glossary, *, tsv: bool = False) -> str:
    """The glossary as the CSV (or TSV) table :func:`load_glossary` reads.

    Header: the source language, every target language some term has (at
    least ``zh``), then all of :data:`OPTIONAL_COLUMNS` (``match`` only when
    some term has a flag), with a ``forbidden:LANG`` column after
    ``forbidden`` for each language some term forbids renderings in. A target cell holds
    the target, then its admitted alternatives, ``|``-separated. Raises GlossaryError
    for a term the table format cannot hold: a source starting with ``#``
    (read as a comment) or a variant or forbidden rendering containing ``|``.
    """
    langs = list(glossary.target_langs) or ["zh"]
    flagged = any(term.match_flags for term in glossary.terms)
    columns = [c for c in OPTIONAL_COLUMNS if c != "match" or flagged]
    forbidden_langs = list(dict.fromkeys(lang for term in glossary.terms for lang, _ in term.forbidden_in))
    # forbidden:LANG columns right after forbidden, only for the languages some term has
    at = columns.index("forbidden") + 1
    columns[at:at] = [FORBIDDEN_PREFIX + lang for lang in forbidden_langs]
    rows: list[list[str]] = [[glossary.source_lang, *langs, *columns]]
    for term in glossary.terms:
        where = f"{term.origin}: " if term.origin else ""
        if term.source.lstrip().startswith("#"):
            raise GlossaryError(
                f"{where}{term.source!r} starts with '#', which a glossary table reads as a comment",
                hint="keep this glossary as TBX, or reword the term",
            )
        for form in (*term.variants, *term.forbidden, *term.targets.values(), *(t for _, t in term.alternatives),
                     *(t for _, t in term.forbidden_in)):
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
                *("|".join(text for code, text in term.forbidden_in if code == lang) for lang in forbidden_langs),
                *(["|".join(flag for flag in MATCH_FLAGS if flag in term.match_flags)] if flagged else []),
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
