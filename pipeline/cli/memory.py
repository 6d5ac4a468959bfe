"""``mtpipe memory``: inspect and clear the translation memory.

Thin commands over :func:`pipeline.memory.memory_stats` and
:func:`pipeline.memory.clear_memory`; library errors propagate as
:class:`~pipeline.errors.PipelineError` for the root app to report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.filesize import decimal
from rich.markup import escape
from rich.table import Table

from pipeline.cli.common import JsonFlag, MemoryPath, YesFlag, console, err_console, print_json_line
from pipeline.memory import MemoryStats, clear_memory, memory_stats

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Inspect and clear the translation memory, the cache of machine output that lets "
        "re-runs skip unchanged sentences; exchange reviewed pairs as TMX.\n\n"
        "It lives in the user data folder unless --memory PATH is given.\n\n"
        "Example: mtpipe memory stats --json"
    ),
)

@app.command("stats")
def stats_cli(
    memory: MemoryPath = None,
    as_json: JsonFlag = False,
) -> None:
    """Show how many entries the memory holds, by model and variant, and how often they were reused.

    Example: mtpipe memory stats --memory work/memory.sqlite3
    """
    stats = memory_stats(path=memory)
    if as_json:
        print_json_line(stats.to_dict())
        return
    _print_stats(stats)


@app.command("clear")
def clear_cli(
    memory: MemoryPath = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Remove only the entries of this model (as listed by 'mtpipe memory stats').",
        ),
    ] = None,
    yes: YesFlag = False,
) -> None:
    """Remove entries from the memory: all of them, or one model's.

    The next run translates those sentences again.

    Model ids are as `mtpipe memory stats` lists them.

    Example: mtpipe memory clear --model translate-en_zh@1.9 --yes
    """
    stats = memory_stats(path=memory)
    path = stats.path
    count = stats.entries if model is None else stats.by_model.get(model, 0)
    of_model = "" if model is None else f" of model {model}"
    if count == 0:
        console.print(f"Nothing to remove: no entries{of_model} in {path}.", markup=False)
        if model is not None and stats.by_model:
            err_console.print(
                "Models in this memory: " + ", ".join(stats.by_model), markup=False
            )
        return
    every = "all " if model is None and count > 1 else ""
    if not yes and not typer.confirm(f"Remove {every}{_entries(count)}{of_model} from {path}?"):
        err_console.print("Nothing removed.")
        raise typer.Exit(1)
    removed = clear_memory(path=path, model=model)
    console.print(f"Removed {_entries(removed)} from {path}.", markup=False)


# -- cat: TMX interchange --------------------------------------------------------


@app.command("export")
def export_cli(
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="PO|DIR...", help="PO files, folders (searched for *.po) or glob patterns.", show_default=False),
    ],
    to: Annotated[
        Path, typer.Option("--to", metavar="FILE.tmx", help="The TMX 1.4b file to write.", dir_okay=False, show_default=False)
    ],
) -> None:
    """Write the reviewed pairs of PO files as a TMX 1.4b memory for other tools.

    Example: mtpipe memory export translations/ --to reviewed.tmx
    """
    from pipeline.documents.inputs import po_files
    from pipeline.interchange.tmx import export_tmx

    result = export_tmx(po_paths=po_files(inputs), out=to)
    pairs = "1 reviewed pair" if result.units == 1 else f"{result.units} reviewed pairs"
    err_console.print(f"Exported {pairs}.", markup=False)
    console.print(str(result.out), markup=False)


@app.command("import")
def import_cli(
    tmx: Annotated[
        Path, typer.Argument(metavar="FILE.tmx", help="A TMX file with English→Chinese pairs.", show_default=False)
    ],
    memory: MemoryPath = None,
) -> None:
    """Load a TMX memory (e.g. a publisher's) for reuse: `translate` drafts its
    matching sentences from it, fuzzy, with an origin note.

    Example: mtpipe memory import publisher.tmx
    """
    from pipeline.interchange.tmx import import_tmx

    result = import_tmx(path=tmx, memory_path=memory)
    variants = ", ".join(f"{v}: {n}" for v, n in sorted(result.by_variant.items()))
    pairs = "1 pair" if result.pairs == 1 else f"{result.pairs} pairs"
    console.print(f"Imported {pairs} ({variants}) into {result.memory}.", markup=False)
    if result.skipped:
        units = "1 unit" if result.skipped == 1 else f"{result.skipped} units"
        err_console.print(f"Skipped {units} without an English and a Chinese segment.", markup=False)


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _print_stats(stats: MemoryStats) -> None:
    d = stats.to_dict()
    exists = stats.path.exists()
    console.print(
        f"Translation memory: {escape(str(stats.path))}"
        + ("" if exists else " [dim](not created yet)[/dim]")
    )
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("Entries", str(stats.entries))
    summary.add_row("Reused", f"{stats.hits} times")
    summary.add_row("Incomplete terms", str(stats.incomplete))
    summary.add_row("Imported pairs (TMX)", str(sum(stats.imported.values())))
    summary.add_row("Size", decimal(stats.size_bytes))
    summary.add_row("Oldest entry", d["oldest"] or "-")
    summary.add_row("Last used", d["last_used"] or "-")
    console.print(summary)
    for title, column, counts in (
        ("By model", "Model", stats.by_model),
        ("By variant", "Variant", stats.by_variant),
        ("Imported pairs by variant", "Variant", stats.imported),
    ):
        if not counts:
            continue
        table = Table(title=title, title_justify="left")
        table.add_column(column, overflow="fold")  # a model id is wrapped, never cut: `memory clear --model` needs it whole
        table.add_column("Entries", justify="right", no_wrap=True)
        for name, n in counts.items():
            table.add_row(escape(name), str(n))
        console.print(table)


__all__ = ["app", "clear_cli", "export_cli", "import_cli", "stats_cli"]
