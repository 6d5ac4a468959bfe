"""Loading and checking glossary files of any format: the readers by file type, the checks across entries, the merge."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.glossary.matching import form_key, near_duplicates
from pipeline.glossary.model import Glossary, GlossaryProblem, ReadResult, Row, Term, gc_paused, merge_reads, read_bytes
from pipeline.glossary.tabular import decode_table, read_table
from pipeline.glossary.tbx import XML_ILLEGAL, read_tbx


def _read_any(path: Path) -> ReadResult:
    path = Path(path)
    data = read_bytes(path)
    with gc_paused():
        if path.suffix.lower() == ".tbx" or data.lstrip()[:5] == b"<?xml":
            return read_tbx(path, data)
        return read_table(path, decode_table(path, data))


def _semantic_problems(rows: Sequence[Row]) -> list[GlossaryProblem]:
    """Duplicates, conflicts, overlaps, unmatchable forms, forbidden = target."""
    problems: list[GlossaryProblem] = []
    by_key: dict[tuple[str, ...], Row] = {}
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
            earlier = next(f for f in other.term.forms if form_key(f) == key)
            case_note = ""
            if earlier != form and term.is_case_sensitive(form) and not other.term.is_case_sensitive(earlier):
                case_note = (
                    f"; {form!r} is in capitals, so it matches case-sensitively and {earlier!r} no longer matches"
                )
            if dict(other.term.targets) == dict(term.targets) and other.term.dnt == term.dnt:
                problems.append(
                    GlossaryProblem(
                        row.line, "warning", f"duplicate {what} {form!r}: same as line {other.line}{case_note}"
                    )
                )
            else:
                problems.append(
                    GlossaryProblem(
                        row.line,
                        "error",
                        f"{what} {form!r} is also on line {other.line} with different targets "
                        f"({_targets_text(other.term)} vs {_targets_text(term)}); the later line wins{case_note}",
                    )
                )
            by_key[key] = row
        alternatives = (text for _, text in term.alternatives)
        for text in (*term.forms, *term.targets.values(), *alternatives, *term.forbidden, *(t for _, t in term.forbidden_in), term.note):
            bad_char = XML_ILLEGAL.search(text)
            if bad_char is not None:
                problems.append(
                    GlossaryProblem(
                        row.line, "error", f"{text!r} contains the control character U+{ord(bad_char.group()):04X}"
                    )
                )
        targets = set(term.targets.values())
        admitted = {text for _, text in term.alternatives}
        for bad in term.forbidden:
            if bad in targets:
                problems.append(GlossaryProblem(row.line, "error", f"forbidden rendering {bad!r} is also a target"))
            elif bad in admitted:
                problems.append(
                    GlossaryProblem(row.line, "error", f"forbidden rendering {bad!r} is also an admitted alternative")
                )
        for lang, bad in term.forbidden_in:
            if bad == term.targets.get(lang):
                problems.append(GlossaryProblem(row.line, "error", f"forbidden {lang} rendering {bad!r} is also the {lang} target"))
            elif bad in term.alternatives_for(lang):
                problems.append(
                    GlossaryProblem(row.line, "error", f"forbidden {lang} rendering {bad!r} is also an admitted {lang} alternative")
                )
    for a, b, kind, form_a, form_b in near_duplicates([row.term for row in rows]):
        first, second = rows[a], rows[b]
        same = dict(first.term.targets) == dict(second.term.targets) and first.term.dnt == second.term.dnt
        rendering = (
            "the same target"
            if same
            else f"a different target ({_targets_text(first.term)} vs {_targets_text(second.term)})"
        )
        problems.append(
            GlossaryProblem(
                second.line,
                "warning",
                f"{form_b!r} is a {kind} form of {form_a!r} (line {first.line}), with {rendering}: "
                f"text written as either takes its own line, any other form line {second.line}"
                + ("; keep one row" if same else ""),
            )
        )
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


def load_glossary(path: Path) -> Glossary:
    """Read one CSV, TSV or TBX glossary; raise GlossaryError when it is unreadable.

    A repeated source within the file: the later line wins, and the glossary's
    notes say so. Entries without a source or target are skipped (see
    :func:`check_glossary`).
    """
    return load_glossaries([path])


def load_glossaries(paths: Sequence[Path]) -> Glossary:
    """Combine several glossaries; a later entry (file) overrides an earlier one for the same source."""
    with gc_paused():
        return merge_reads([_read_any(Path(path)) for path in paths], paths)


def load_glossaries_checked(paths: Sequence[Path]) -> tuple[Glossary, list[tuple[Path, GlossaryProblem]]]:
    """:func:`load_glossaries` plus :func:`check_glossary`'s problems, reading each file once."""
    with gc_paused():
        reads = [_read_any(Path(path)) for path in paths]
        glossary = merge_reads(reads, paths)
    problems = [
        (Path(path), problem)
        for path, read in zip(paths, reads)
        for problem in sorted(read.problems + _semantic_problems(read.rows), key=lambda p: p.line)
    ]
    return glossary, problems


def check_glossary(path: Path) -> list[GlossaryProblem]:
    """Everything wrong with a glossary file, each with its line number; ``[]`` when clean.

    A file that cannot be read at all (missing, a folder) still raises GlossaryError.
    """
    path = Path(path)
    read_bytes(path)
    try:
        read = _read_any(path)
    except GlossaryError as exc:
        match = re.match(r"^.*?:(\d+): (.*)$", exc.message)
        if match:
            return [GlossaryProblem(int(match.group(1)), "error", match.group(2))]
        return [GlossaryProblem(0, "error", exc.message)]
    from pipeline.glossary.coverage import missing_targets

    problems = read.problems + _semantic_problems(read.rows) + missing_targets(read.rows)
    problems.sort(key=lambda p: p.line)
    return problems
