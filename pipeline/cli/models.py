"""``mtpipe models``: list, install and remove Argos translation packages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import JsonLinesFlag, YesFlag, console, err_console, print_json_line

app = typer.Typer(
    help="Manage Argos translation models (the package folder follows ARGOS_PACKAGES_DIR).",
    no_args_is_help=True,
)


def download_progress():
    """A rich progress bar for downloads; returns (progress, callback)."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    progress = Progress(
        TextColumn("Downloading model"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    task = progress.add_task("download", total=None)

    def callback(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total)

    return progress, callback


@app.command("list")
def list_cli(
    as_json: JsonLinesFlag = False,
) -> None:
    """List installed models with version and path.

    Example: mtpipe models list --json
    """
    from rich.table import Table

    from pipeline.models.packages import list_models, packages_dir

    models = list_models()
    if as_json:
        for m in models:
            print_json_line({"from": m.from_code, "to": m.to_code, "name": m.name,
                             "version": m.package_version, "path": str(m.path)})
        return
    if not models:
        err_console.print(f"No models installed in {packages_dir()}.")
        err_console.print("Install one with `mtpipe models install en zh` or `mtpipe models install FILE.argosmodel`.")
        return
    table = Table("from", "to", "name", "version", "path")
    for column in table.columns:
        column.overflow = "fold"  # wrapped, never cut, in 80 columns
    for m in models:
        table.add_row(m.from_code, m.to_code, m.name, m.package_version, str(m.path))
    console.print(table, markup=False)


@app.command("install")
def install_cli(
    source: Annotated[str, typer.Argument(help="Source language code, or the path of an .argosmodel file.")],
    target: Annotated[str | None, typer.Argument(help="Target language code (with a language pair).")] = None,
) -> None:
    """Install a model from the Argos package index, or offline from a file.

    Examples:

    \b
      mtpipe models install en zh
      mtpipe models install ./translate-en_zh-1_9.argosmodel
    """
    from pipeline.errors import InputError
    from pipeline.models.packages import install_from_file, install_from_index

    if target is None:
        path = Path(source)
        if not path.suffix == ".argosmodel" and not path.exists():
            raise InputError(
                f"{source!r} is neither a model file nor a language pair",
                hint="use `mtpipe models install en zh` or `mtpipe models install FILE.argosmodel`",
            )
        model = install_from_file(path)
    else:
        progress, callback = download_progress()
        with progress:
            model = install_from_index(source, target, progress=callback)
    console.print(f"Installed {model.name} {model.package_version} ({model.from_code}→{model.to_code}) in {model.path}")


@app.command("remove")
def remove_cli(
    source: Annotated[str, typer.Argument(help="Source language code.")],
    target: Annotated[str, typer.Argument(help="Target language code.")],
    yes: YesFlag = False,
) -> None:
    """Remove the installed model(s) for a language pair, after asking (or with --yes).

    Example: mtpipe models remove en zh --yes
    """
    from pipeline.models.packages import lang_matches, list_models, remove_model

    # The same matching as remove_model, so what is asked about is exactly what goes.
    found = [m for m in list_models() if lang_matches(m.from_code, source) and lang_matches(m.to_code, target)]
    if found and not yes:
        names = ", ".join(f"{m.name} {m.package_version} ({m.path})" for m in found)
        if not typer.confirm(f"Remove {names}?"):
            err_console.print("Nothing removed.")
            raise typer.Exit(1)
    for model in remove_model(source, target):
        console.print(f"Removed {model.name} {model.package_version} from {model.path.parent}", markup=False)
