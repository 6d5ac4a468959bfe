"""What every CLI command module shares: consoles and small helpers.

Library code never imports this module: it is the terminal side only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

#: Normal output (tables, results).
console = Console(highlight=False, soft_wrap=True)
#: Errors, warnings and progress.
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is (work saved, one line) but exiting 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


#: The exit code of the interruption seen last: 130 (Ctrl-C), 143 (SIGTERM), 129 (SIGHUP).
_interruption = {"exit_code": 130}


def handle_termination() -> None:
    """SIGTERM and SIGHUP raise :class:`Terminated` in the main thread, as Ctrl-C raises KeyboardInterrupt.

    A second one while the first is being handled ends the process at once
    (the default action): its temp files are swept by the next run.
    """
    import signal

    def raise_terminated(signum: int, frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)
        _interruption["exit_code"] = 128 + signum
        raise Terminated(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, raise_terminated)


def interrupted_exit_code() -> int:
    """130 after Ctrl-C; 128 + the signal's number after SIGTERM or SIGHUP."""
    return _interruption["exit_code"]


def print_json_line(obj: Any) -> None:
    """One JSON object per line, UTF-8, no rich markup."""
    console.out(json.dumps(obj, ensure_ascii=False), highlight=False)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``0 entries`` (with *many* for irregular plurals)."""
    return f"{count} {one if count == 1 else many or one + 's'}"


#: Help text for every ``--variant`` option: one vocabulary, from the variants table.
VARIANT_HELP = "zh-Hans, zh-Hant, zh-TW or zh-HK; any spelling or alias works (zh-CN, zh_cn, ZH-tw, zh-MO)"


def resolve_variants(codes: list[str] | None) -> list[str]:
    """Canonical variant codes for what the user typed; an unknown one is an InputError (one line, exit 2)."""
    from pipeline.languages.variants import resolve

    return [resolve(code).code for code in codes or []]


def apply_project_file(ctx: Any) -> None:
    """Give the options the defaults of the nearest ``mtpipe.toml`` (:mod:`pipeline.project`), through click's ``default_map``.

    Called once, by the root command, before any sub-command parses its
    options: the command line still overrides every value.
    """
    from pathlib import Path

    from pipeline.project import find_project_file, load_project

    try:
        here = Path.cwd()
    except OSError:  # the working folder was removed: no project to find
        return
    found = find_project_file(here)
    if found is None:
        return
    project = load_project(found)

    def defaults(command: Any, path: str) -> dict[str, Any]:
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:
            nested = {name: defaults(sub, f"{path} {name}".strip()) for name, sub in subcommands.items()}
            return {name: value for name, value in nested.items() if value}
        return project.defaults_for(path)

    ctx.default_map = {**(ctx.default_map or {}), **defaults(ctx.command, "")}


# -- options shared by several commands, declared once --------------------------------

#: ``--glossary/-g FILE`` (repeatable).
GlossaryFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary (CSV, TSV or TBX); repeat to combine, later files win.",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
    ),
]
#: ``--variant CODE`` (repeatable).
VariantCodes = Annotated[
    list[str] | None,
    typer.Option("--variant", metavar="CODE", help=f"Chinese variant(s) to write: {VARIANT_HELP}; zh-Hans is always written.", show_default=False),
]
#: ``--json``: one JSON document instead of tables.
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]
#: ``--json``: one JSON object per line (per item) instead of text.
JsonLinesFlag = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
#: ``--out DIR`` of commands that read a translate run's output folder.
TranslationsDir = Annotated[
    Path, typer.Option("--out", "-o", help="The translate output folder whose PO ids are shown (OUT/<slug>/).", metavar="DIR")
]
#: ``--yes/-y``: no confirmation prompt.
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
#: ``--memory FILE``: the translation memory database.
MemoryPath = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        help="Translation memory file (default: mtpipe/memory.sqlite3 in the user data folder).",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
    ),
]
