"""The QA checks in the order they run (:data:`CHECKS`), and running them on a PO catalog into a :class:`CatalogReport`.

:data:`CHECKS` lists them explicitly, in the order they run and report
(nothing is discovered by reflection); the checks themselves are in
:mod:`pipeline.qa.markup_checks`, :mod:`pipeline.qa.text_checks` and
:mod:`pipeline.qa.glossary_checks`, what a check is in
:mod:`pipeline.qa.framework`.

:func:`check_catalog` runs the checks on every non-obsolete entry with a
msgstr, reviewed and fuzzy alike, and returns a :class:`CatalogReport`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.catalog import Entry, load_catalog
from pipeline.glossary import Glossary
from pipeline.qa.framework import ERROR, WARNING, Check, CheckContext, Finding, Severity
from pipeline.qa.glossary_checks import check_glossary
from pipeline.qa.markup_checks import (
    check_emails,
    check_markup,
    check_numbers,
    check_placeholders,
    check_reflinks,
    check_urls,
)
from pipeline.qa.text_checks import (
    check_brackets,
    check_doublespacing,
    check_endpunc,
    check_latin,
    check_length,
    check_misconversion,
    check_newlines,
    check_punctuation,
    check_startpunc,
    check_untranslated,
)

#: Former check names, still accepted by :func:`checks_named` (``check --test``).
ALIASES: Mapping[str, str] = {"markup": "xmltags", "untranslated": "unchanged"}

#: Every check, in the order it runs and reports. Where one does what a check of
#: Translate Toolkit's ``pofilter`` does, it has that check's name: ``numbers``,
#: ``urls``, ``emails``, ``xmltags`` (HTML tags, and Markdown markup, kept),
#: ``unchanged`` (target equal to the source; pofilter's ``untranslated`` is an
#: empty target, which is not a finding here), ``brackets``, ``startpunc``, ``endpunc`` and
#: ``doublespacing``. The others have
#: no pofilter twin: ``placeholders`` (mtpipe's term placeholders left over, not
#: program ``variables``), ``length`` (both ways, where pofilter has ``long`` and
#: ``short``), ``latin``, ``punctuation`` (half-width marks anywhere),
#: ``misconversion``, ``glossary`` and ``reflinks`` (Markdown reference links that no
#: longer resolve: pofilter has no link check).
CHECKS: tuple[Check, ...] = (
    check_numbers,
    check_urls,
    check_emails,
    check_placeholders,
    check_markup,
    check_reflinks,
    check_untranslated,
    check_newlines,
    check_brackets,
    check_length,
    check_latin,
    check_punctuation,
    check_startpunc,
    check_endpunc,
    check_doublespacing,
    check_misconversion,
    check_glossary,
)


# -------------------------------------------------------------------------- catalogs


def checks_named(names: Iterable[str]) -> tuple[Check, ...]:
    """The checks called *names* (or their :data:`ALIASES`), in :data:`CHECKS` order.

    :class:`~pipeline.errors.InputError` for a name that is no check.
    """
    from pipeline.errors import InputError

    by_name = {c.name: c for c in CHECKS}
    wanted = set()
    for name in names:
        name = ALIASES.get(name.strip().lower(), name.strip().lower())
        if name not in by_name:
            raise InputError(f"no check named {name!r}", hint=f"use one of: {', '.join(by_name)}")
        wanted.add(name)
    return tuple(c for c in CHECKS if c.name in wanted)


def document_format(header: Mapping[str, str], entries: Iterable[Entry]) -> str:
    """The name of the format of the article a catalog was made from (its recorded source's, else its references'); "" when unknown."""
    from pipeline.catalog.notes import SOURCE_HEADER
    from pipeline.documents.formats import format_for, format_of_references

    recorded = header.get(SOURCE_HEADER, "").strip()
    if recorded:
        return format_for(recorded).name
    references = [ref for e in entries for ref, _ in e.references[:1]]
    return format_of_references(references).name if references else ""


def link_references(header: Mapping[str, str], *, path: Path) -> dict[str, dict[str, str]]:
    """A Markdown article's link reference definitions, as its PO's header records them ({} when none).

    ``mtpipe translate`` writes them from the document (they are not
    entries); :class:`~pipeline.errors.CatalogError` when the header is not
    what it writes.
    """
    from pipeline.catalog.notes import MARKDOWN_REFERENCES_HEADER, parse_link_references
    from pipeline.errors import CatalogError

    try:
        return parse_link_references(header.get(MARKDOWN_REFERENCES_HEADER, ""))
    except ValueError as exc:
        raise CatalogError(
            f"{path}: {exc}",
            hint=f'the {MARKDOWN_REFERENCES_HEADER} header holds JSON {{"LABEL": {{"href": "...", "title": "..."}}}}; '
            "re-run mtpipe translate to rewrite it",
        ) from exc


@dataclass(frozen=True)
class CatalogReport:
    """The checks' result for one PO file."""

    path: Path
    #: ``{"translated", "fuzzy", "untranslated", "obsolete"}`` from :meth:`Catalog.counts`.
    counts: Mapping[str, int]
    findings: tuple[Finding, ...]
    language: str = ""

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    def by_check(self) -> dict[str, int]:
        """Number of findings per check name, in the order of :data:`CHECKS` (others after)."""
        counts = Counter(f.check for f in self.findings)
        order = {c.name: i for i, c in enumerate(CHECKS)}
        return {name: counts[name] for name in sorted(counts, key=lambda n: order.get(n, len(order)))}

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "language": self.language,
            "counts": dict(self.counts),
            "errors": self.errors,
            "warnings": self.warnings,
            "by_check": self.by_check(),
            "findings": [f.to_dict() for f in self.findings],
        }


def check_entries(
    entries: Iterable[Entry],
    *,
    context: CheckContext,
    checks: Sequence[Check] = CHECKS,
    lines: Mapping[tuple[str, str], int] | None = None,
) -> list[Finding]:
    """Findings for every non-obsolete entry with a msgstr (reviewed or fuzzy), entry by entry.

    *lines*: where each entry starts in its file, by key (:attr:`Catalog.lines`).
    """
    findings: list[Finding] = []
    lines = lines or {}
    for entry in entries:
        if entry.obsolete or not entry.msgstr:
            continue
        for one in checks:
            findings.extend(one.run(entry, context, line=lines.get(entry.key, 0)))
    return findings


def check_catalog(
    path: Path,
    *,
    glossary: Glossary | None = None,
    checks: Sequence[Check] = CHECKS,
    severity: Severity | None = None,
    reviewed_only: bool = False,
) -> CatalogReport:
    """Load a PO file and run *checks* on it; :class:`~pipeline.errors.CatalogError` if it is malformed.

    *severity*: keep only the findings of that severity (``error`` or
    ``warning``); *reviewed_only*: check only reviewed entries (not fuzzy).
    """
    catalog = load_catalog(Path(path))
    language = catalog.target_language()  # an empty or headerless PO is refused, as build refuses it
    context = CheckContext(
        language=catalog.language or language.po_stem,
        glossary=glossary,
        document_format=document_format(catalog.header, catalog.entries),
        references=link_references(catalog.header, path=Path(path)),
    )
    entries = [e for e in catalog.entries if e.translated] if reviewed_only else catalog.entries
    chosen = [c for c in checks if c.severity == severity] if severity is not None else checks
    findings = check_entries(entries, context=context, checks=chosen, lines=catalog.lines)
    return CatalogReport(path=Path(path), counts=catalog.counts(), findings=tuple(findings), language=catalog.language)


#: How a finding is written into an annotated copy: a translator comment, as
#: ``pofilter`` writes ``# (pofilter) numbers: ...`` (Poedit, Lokalize and
#: Weblate show translator comments beside the entry).
ANNOTATION_PREFIX = "(mtpipe) "


def annotation(finding: Finding) -> str:
    """The translator-comment line for *finding*: ``(mtpipe) numbers: error: number 25 missing ...``."""
    return f"{ANNOTATION_PREFIX}{finding.check}: {finding.severity}: {finding.message}"


def annotate_catalog(*, report: CatalogReport, out: Path) -> Path:
    """Write a copy of *report*'s PO file to *out* with each finding as a translator comment of its entry.

    The original is never written: :class:`~pipeline.errors.InputError` if
    *out* is the same file. Entries keep their text and state; an entry's own
    comment comes first, the findings after it.
    """
    from dataclasses import replace

    from pipeline.catalog import write_catalog
    from pipeline.errors import InputError

    source, out = Path(report.path), Path(out)
    if out.resolve() == source.resolve():
        raise InputError(f"{out}: the annotated copy would replace the PO file checked", hint="give another folder")
    catalog = load_catalog(source)
    by_entry: dict[tuple[str, int], list[str]] = {}
    for f in report.findings:
        by_entry.setdefault((f.msgctxt, f.line), []).append(annotation(f))
    lines = catalog.lines
    entries = []
    for entry in catalog.entries:
        found = by_entry.get((entry.msgctxt, lines.get(entry.key, 0))) if not entry.obsolete else None
        if found:
            entry = replace(entry, comment="\n".join(([entry.comment] if entry.comment else []) + found))
        entries.append(entry)
    catalog.entries = entries
    out.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(out, catalog)
    return out


def annotate_reports(*, reports: Sequence[CatalogReport], out: Path) -> list[Path]:
    """:func:`annotate_catalog` for each report, into ``out/<its folder>/<its name>``.

    Every path is decided before anything is written: two PO files that
    would share a copy (``a/x/zh_Hans.po`` and ``b/x/zh_Hans.po``) raise
    :class:`~pipeline.errors.InputError`.
    """
    from pipeline.errors import InputError

    targets: dict[Path, tuple[Path, CatalogReport]] = {}
    for report in reports:
        path = Path(report.path)
        target = Path(out) / path.resolve().parent.name / path.name
        if target in targets and targets[target][0].resolve() != path.resolve():
            raise InputError(
                f"{targets[target][0]} and {path} would both be annotated as {target}; nothing written",
                hint="annotate them in two runs, into two folders",
            )
        targets[target] = (path, report)
    return [annotate_catalog(report=report, out=target) for target, (_, report) in targets.items()]
