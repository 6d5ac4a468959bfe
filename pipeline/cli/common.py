"""What every CLI command module shares: consoles and small helpers.

Library code never imports this module: it is the terminal side only.
"""

from __future__ import annotations

import json
import os
import stat
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


# -- path checks: mtpipe's error line, not Click's usage block --------------------------


def check_paths_first(param: Any) -> None:
    """Make a Typer path parameter refuse a bad path with an :class:`~pipeline.errors.InputError`
    (one ``Error:`` line and a hint, exit 2, like any other bad input) before Typer's own check
    prints Click's usage block: the same checks (``exists=``, ``dir_okay=False``,
    ``file_okay=False``, ``readable=``, which Typer sets by default, ``writable=``), in mtpipe's
    words. Parameters that are not paths are left as they are.
    """
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    if info is None or not _is_path(getattr(descriptor, "annotation", None)) or getattr(param, "_mtpipe_paths_checked", False):
        return
    process = param.process_value

    def process_value(ctx: Any, value: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else () if value is None else (value,)
        for one in values:
            if isinstance(one, (str, os.PathLike)) and not (getattr(info, "allow_dash", False) and one == "-"):
                problem = _path_problem(info, os.fspath(one), param)
                if problem is not None:
                    raise problem
        return process(ctx, value)

    param.process_value = process_value
    param._mtpipe_paths_checked = True


def _is_path(annotation: Any) -> bool:
    """``Path``, ``list[Path]``, ``tuple[Path, ...]``: a parameter Typer checks as a path."""
    from typing import get_args, get_origin

    if get_origin(annotation) in (list, tuple):
        annotation = next(iter(get_args(annotation)), None)
    return isinstance(annotation, type) and issubclass(annotation, os.PathLike)


def _path_problem(info: Any, value: str, param: Any) -> Exception | None:
    """What is wrong with *value* for a path parameter, in the words of :func:`pipeline.fsutil.read_input`; None if nothing."""
    from pipeline.errors import InputError

    names = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
    option = names[0] if names and getattr(param, "param_type_name", "") == "option" else ""
    given, to = (f"{option}: ", f" to {option}") if option else ("", "")
    dir_okay, file_okay = getattr(info, "dir_okay", True), getattr(info, "file_okay", True)
    kind = "file" if not dir_okay else "folder" if not file_okay else "file or folder"
    try:
        st = os.stat(value)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        if not getattr(info, "exists", False):
            return None
        return InputError(f"{given}{value}: no such {kind}", hint=f"check the path given{to}" if to else "check the path")
    if stat.S_ISDIR(st.st_mode) and not dir_okay:
        return InputError(f"{given}{value} is a folder, not a file", hint=f"give a file{to}")
    if stat.S_ISREG(st.st_mode) and not file_okay:
        return InputError(f"{given}{value} is a file, not a folder", hint=f"give a folder{to}")
    if getattr(info, "readable", False) and not os.access(value, os.R_OK):
        return InputError(f"{given}{value}: cannot be read (permission denied)", hint="check its permissions")
    if getattr(info, "writable", False) and not os.access(value, os.W_OK):
        return InputError(f"{given}{value}: cannot be written (permission denied)", hint="check its permissions")
    return None


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
