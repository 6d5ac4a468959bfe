"""The README's generated parts, so they cannot drift: the CLI reference and the module map.

``python -m pipeline.cli.reference README.md`` rewrites the sections between
the ``CLI-REFERENCE`` markers (from the app's ``--help``) and the
``MODULE-MAP`` markers (one line per module: the first line of its
docstring); a test fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer

START = "<!-- CLI-REFERENCE:START -->"
END = "<!-- CLI-REFERENCE:END -->"
MAP_START = "<!-- MODULE-MAP:START -->"
MAP_END = "<!-- MODULE-MAP:END -->"
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


def module_map() -> str:
    """Markdown: a table of every module of the package and the one job its docstring names."""
    import ast

    import pipeline

    root = Path(pipeline.__file__).parent
    rows = ["| module | its one job |", "|---|---|"]
    for path in sorted(root.rglob("*.py")):
        if path.name == "__main__.py" or "__pycache__" in path.parts:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = doc.strip().splitlines()[0] if doc.strip() else "(no docstring)"
        name = path.relative_to(root.parent).as_posix()
        job = first.replace("|", "\\|")
        rows.append(f"| `{name}` | {job} |")
    return "\n".join(rows) + "\n"


def _replace(text: str, start: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    return pattern.sub(lambda _: f"{start}\n{body}{end}", text)


def update_readme(readme: Path) -> bool:
    """Rewrite the generated sections; returns True when the file changed."""
    from pipeline.fsutil import atomic_write_text

    text = readme.read_text(encoding="utf-8")
    new = _replace(_replace(text, START, END, cli_reference()), MAP_START, MAP_END, module_map())
    if new != text:
        atomic_write_text(readme, new)
    return new != text


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    print(f"{target}: {'updated' if update_readme(target) else 'up to date'}")
