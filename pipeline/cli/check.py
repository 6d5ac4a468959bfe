"""``mtpipe check``: QA checks on PO files.

A thin command over :func:`pipeline.qa.checks.check_catalog`; library errors
propagate as :class:`~pipeline.errors.PipelineError` for the root app to report.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from pipeline.qa.checks import CHECKS, CatalogReport, annotate_reports, check_catalog, checks_named
from pipeline.qa.framework import ERROR
from pipeline.cli.common import GlossaryFiles, JsonFlag, console
from pipeline.glossary import Glossary


class Severity(str, Enum):
    error = "error"
    warning = "warning"


_CHECK_LIST = "\n".join(f"    {c.name} ({c.severity}): {c.title}" for c in CHECKS)


def check_cli(
    po: Annotated[
        list[Path] | None,
        typer.Argument(
            help="PO files to check, e.g. translations/run-movement/zh_Hans.po.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ] = None,
    glossary: GlossaryFiles = None,
    as_json: JsonFlag = False,
    severity: Annotated[
        Severity | None,
        typer.Option("--severity", metavar="error|warning", help="Report only the findings of this severity.", show_default=False),
    ] = None,
    reviewed_only: Annotated[
        bool, typer.Option("--reviewed-only", help="Check only reviewed entries (fuzzy machine drafts are left out).")
    ] = False,
    test: Annotated[
        list[str] | None,
        typer.Option("--test", "-t", metavar="CHECK", help="Run only this check (pofilter's names; the former "
                     "'markup' and 'untranslated' are accepted). Repeatable.", show_default=False),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", metavar="DIR", help="Also write a copy of each PO file to DIR/<its folder>/<its name> "
                     "with the findings as '# (mtpipe) check: severity: message' translator comments; "
                     "the PO files checked are never written.", file_okay=False, show_default=False),
    ] = None,
    consistency: Annotated[
        list[Path] | None,
        typer.Option("--consistency", metavar="DIR", help="Compare the reviewed entries of every PO file under DIR: "
                     "one source translated several ways, a glossary term rendered otherwise. Repeatable.",
                     exists=True, show_default=False),
    ] = None,
) -> None:
    """Run the translation QA checks on PO files, reviewed entries included.

    Every entry with a translation, reviewed or fuzzy, is checked. Each finding
    is printed as 'FILE:LINE: severity: [check] message' (LINE: where the entry
    starts; --json gives its msgctxt too), followed by a
    summary per file (translated / fuzzy / untranslated / obsolete entries and
    findings by check).

    Exit code: 1 when there is at least one error finding; warnings alone exit 0.
    --severity error shows errors only; --reviewed-only leaves machine drafts out.

    --consistency DIR compares reviewed entries across every PO file under DIR instead (or as well).

    Example: mtpipe check translations/run-movement/zh_Hans.po --glossary glossary/run-movement.csv
    """
    terms = None
    if glossary:
        from pipeline.glossary import load_glossaries

        terms = load_glossaries(glossary)
    inconsistent = _consistency(consistency, terms, as_json) if consistency else False
    if consistency and not po:
        if inconsistent:
            raise typer.Exit(1)
        return
    if not po:
        from pipeline.errors import InputError

        raise InputError("no PO files to check", hint="give PO files, or --consistency DIR")
    chosen = checks_named(test) if test else CHECKS
    reports = [
        check_catalog(path, glossary=terms, checks=chosen, severity=severity.value if severity else None,
                      reviewed_only=reviewed_only)
        for path in po
    ]
    if annotate is not None:
        annotate_reports(reports=reports, out=annotate)
    if as_json:
        console.out(json.dumps(_document(reports), ensure_ascii=False, indent=2), highlight=False)
    else:
        _print_reports(reports)
    if inconsistent or any(r.errors for r in reports):
        raise typer.Exit(1)


def _consistency(dirs: list[Path], glossary: Glossary | None, as_json: bool) -> bool:
    """Print :func:`pipeline.qa.consistency.check_consistency`'s findings; whether one is an error."""
    from pipeline.qa.consistency import check_consistency

    findings = check_consistency(inputs=dirs, glossary=glossary)
    if as_json:
        console.out(json.dumps({"consistency": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2),
                    highlight=False)
    else:
        for f in findings:
            console.out(f"{f.language}: {f.severity}: [consistency] {f.message}", highlight=False)
            for text, places in f.renderings:
                ids = ", ".join(str(p) for p in places)
                console.out(f"  {text}: {ids}" if text != "missing" else f"  {ids}", highlight=False)
        errors = sum(f.severity == ERROR for f in findings)
        console.out(f"consistency: {errors} error{'s' if errors != 1 else ''}, "
                    f"{len(findings) - errors} warning{'s' if len(findings) - errors != 1 else ''}", highlight=False)
    return any(f.severity == ERROR for f in findings)


# The help lists the checks from CHECKS itself, so it cannot drift.
# ("\b" keeps Click from rewrapping the list.)
check_cli.__doc__ = (check_cli.__doc__ or "").rstrip() + f"\n\n    Checks:\n\n    \b\n{_CHECK_LIST}\n"


def _document(reports: list[CatalogReport]) -> dict[str, object]:
    return {
        "files": [r.to_dict() for r in reports],
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
        "checks": [{"name": c.name, "severity": c.severity, "title": c.title} for c in CHECKS],
    }


def _print_reports(reports: list[CatalogReport]) -> None:
    for report in reports:
        for f in report.findings:
            console.out(f.location(report.path), highlight=False)
    severity = {c.name: c.severity for c in CHECKS}
    for report in reports:
        table = Table(title=str(report.path), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("entries / findings")
        table.add_column("count", justify="right")
        for key in ("translated", "fuzzy", "untranslated", "obsolete"):
            table.add_row(key, str(report.counts.get(key, 0)))
        table.add_section()
        by_check = report.by_check()
        for name, count in by_check.items():
            kind = severity.get(name, ERROR)
            table.add_row(f"{name} ({kind})", str(count), style="red" if kind == ERROR else "yellow")
        if not by_check:
            table.add_row("findings", "0")
        console.print(table, markup=False)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    console.print(
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} in {files}",
        markup=False,
        highlight=False,
    )
