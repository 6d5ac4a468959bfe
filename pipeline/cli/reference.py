"""The README's CLI reference, generated from the app so it cannot drift.

``python -m pipeline.cli.reference README.md`` rewrites the section between
the ``CLI-REFERENCE`` markers; a test fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer

START = "<!-- CLI-REFERENCE:START -->"
END = "<!-- CLI-REFERENCE:END -->"
WIDTH = 100


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any, typer.Context]]:
    """Every command below *command* with a help context of fixed width."""
    contexts = []
    ctx = typer.Context(command, info_name=" ".join(path), terminal_width=WIDTH, max_content_width=WIDTH)
    contexts.append((path, command, ctx))
    if hasattr(command, "list_commands"):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                contexts.extend(_walk(sub, [*path, name]))
    return contexts


def cli_reference() -> str:
    """Markdown: one section per command with its ``--help`` text."""
    from pipeline.cli import app

    root = typer.main.get_command(app)
    parts = ["## CLI reference", "", "Generated from the app by `python -m pipeline.cli.reference README.md`.", ""]
    for path, command, ctx in _walk(root, ["mtpipe"]):
        help_text = command.get_help(ctx).rstrip()
        parts += [f"### `{' '.join(path)}`", "", "```text", help_text, "```", ""]
    return "\n".join(parts).rstrip() + "\n"


def update_readme(readme: Path) -> bool:
    """Rewrite the reference section; returns True when the file changed."""
    from pipeline.fsutil import atomic_write_text

    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    new = pattern.sub(lambda _: f"{START}\n{cli_reference()}{END}", text)
    if new != text:
        atomic_write_text(readme, new)
    return new != text


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    print(f"{target}: {'updated' if update_readme(target) else 'up to date'}")
