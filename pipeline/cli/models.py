"""``mtpipe models``: list, install and remove Argos translation packages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.common import JsonLinesFlag, YesFlag, console, err_console, print_json_line

if TYPE_CHECKING:
    from pipeline.models.packages import PairFilter

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
    from_code: Annotated[
        str | None, typer.Option("--from", help="Only pairs from this language (any code the languages table knows).", metavar="LANG", show_default=False)
    ] = None,
    to_code: Annotated[
        str | None, typer.Option("--to", help="Only pairs into this language (ja, zh-TW, pt_BR...).", metavar="LANG", show_default=False)
    ] = None,
    available: Annotated[
        bool, typer.Option("--available", help="List the packages of Argos's package index (ARGOS_PACKAGE_INDEX) instead, marking those installed.")
    ] = False,
    as_json: JsonLinesFlag = False,
) -> None:
    """List installed models with version and path, or with --available the index's packages; --from/--to keep one pair.

    Examples:

    \b
      mtpipe models list --to ja
      mtpipe models list --available --from en --json
    """
    from pipeline.models.packages import PairFilter, installed_pairs, packages_dir

    pair = PairFilter(from_code=from_code, to_code=to_code) if from_code or to_code else None
    if available:
        _list_index(pair, as_json=as_json)
        return
    models = installed_pairs(pair)
    if as_json:
        for m in models:
            print_json_line({"from": m.from_code, "to": m.to_code, "name": m.name,
                             "version": m.package_version, "path": str(m.path)})
        return
    if not models:
        what = f"No {pair.label} models" if pair is not None else "No models"
        err_console.print(f"{what} installed in {packages_dir()}.", markup=False)
        example = f"{pair.from_code or 'en'} {pair.to_code or 'zh'}" if pair is not None else "en zh"
        err_console.print(f"Install one with `mtpipe models install {example}` or `mtpipe models install FILE.argosmodel`.", markup=False)
        return
    _table(("from", "to", "name", "version", "path"), [(m.from_code, m.to_code, m.name, m.package_version, str(m.path)) for m in models])


def _list_index(pair: PairFilter | None, *, as_json: bool) -> None:
    """``models list --available``: the index's packages of *pair*, each marked when installed (same name and version)."""
    from pipeline.models.packages import index_pairs, list_models, package_index_url

    packages = index_pairs(pair)
    installed = {(m.from_code, m.to_code, m.package_version) for m in list_models()}
    rows = [(p, (p.from_code, p.to_code, p.package_version) in installed) for p in packages]
    if as_json:
        for p, have in rows:
            print_json_line({"from": p.from_code, "to": p.to_code, "name": p.name, "version": p.package_version, "installed": have})
        return
    if not rows:
        what = f"no {pair.label} package" if pair is not None else "no package"
        err_console.print(f"The package index at {package_index_url()} has {what}.", markup=False)
        return
    _table(("from", "to", "name", "version", "installed"),
           [(p.from_code, p.to_code, p.name, p.package_version, "yes" if have else "") for p, have in rows])


def _table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from rich.table import Table

    table = Table(*columns)
    for column in table.columns:
        column.overflow = "fold"  # wrapped, never cut, in 80 columns
    for row in rows:
        table.add_row(*row)
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
