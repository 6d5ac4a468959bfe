"""``mtpipe export`` and ``mtpipe import``: XLIFF 1.2 for CAT tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import console, err_console


def export_cli(
    inputs: Annotated[list[str], typer.Argument(metavar="PO|DIR...", help="PO files, folders (searched for *.po) or glob patterns.", show_default=False)],
    to: Annotated[Path, typer.Option("--to", metavar="FILE.xlf", help="The XLIFF 1.2 file to write.", dir_okay=False, show_default=False)],
) -> None:
    """Export PO files as one XLIFF 1.2 file for a CAT tool (OmegaT, Trados, memoQ, Phrase).

    Markdown markup travels as inline codes; states, notes and glossary notes travel too.
    Bring the work back with `mtpipe import`.

    Example: mtpipe export translations/run-movement/zh_Hans.po --to run-movement.xlf
    """
    from pipeline.documents.inputs import po_files
    from pipeline.interchange.xliff_export import export_xliff

    result = export_xliff(po_paths=po_files(inputs), out=to)
    files = "1 PO file" if result.files == 1 else f"{result.files} PO files"
    units = "1 unit" if result.units == 1 else f"{result.units} units"
    err_console.print(f"Exported {units} from {files}.", markup=False)
    console.print(str(result.out), markup=False)


def import_cli(
    xliff: Annotated[Path, typer.Argument(metavar="FILE.xlf", help="An XLIFF 1.2 file written by `mtpipe export` and edited in a CAT tool.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Merge the targets of an XLIFF file back into the PO files it was exported from.

    Changed targets update the msgstr; translated/final (or a Trados/memoQ confirmation)
    means reviewed, needs-review means fuzzy. A target is applied only where the PO
    entry is still what was exported: a reviewer's later edit is kept and the CAT
    target added to the translator comment as a suggestion (a conflict). A unit
    whose English changed is kept as a suggestion too; an empty or whitespace-only
    target never clears a translation.

    Example: mtpipe import run-movement.xlf --dry-run
    """
    from pipeline.interchange.xliff_import import import_xliff

    result = import_xliff(path=xliff, dry_run=dry_run)
    for skipped in result.skipped:
        label = "conflict" if skipped.kind == "conflict" else "warning"
        err_console.print(f"{label}: {result.xliff}:{skipped.line}: unit {skipped.unit}: {skipped.reason}", markup=False)
    verb = "would update" if dry_run else "updated"
    for f in result.files:
        n = len(f.updated)
        line = f"{f.po}: {verb} {n} {'entry' if n == 1 else 'entries'}, {f.not_applied} not applied"
        if f.conflicts:
            kept = "1 conflict kept as a suggestion" if f.conflicts == 1 else f"{f.conflicts} conflicts kept as suggestions"
            line += f" ({kept} in the translator comment)"
        if dry_run and f.updated:
            line += ": " + " ".join(f.updated)
        console.print(line, markup=False)
