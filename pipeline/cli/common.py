"""What every CLI command module shares: consoles and small helpers.

Library code never imports this module: it is the terminal side only.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

#: Normal output (tables, results).
console = Console(highlight=False, soft_wrap=True)
#: Errors, warnings and progress.
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


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
