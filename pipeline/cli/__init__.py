"""The ``mtpipe`` command line: thin Typer commands over library calls.

This package is the only place that talks to the terminal. Library errors
(:class:`pipeline.errors.PipelineError`) are caught once, in
:class:`ErrorHandlingGroup`, and become one ``Error: ...`` line plus a hint
and the error's exit code (a traceback only with ``--debug``).
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from pipeline.cli.common import err_console
from pipeline.errors import PipelineError

_state = {"debug": False}


def _option_metavar(param: Any) -> str:
    """``FILE``, ``DIR``, ``PATH``, ``N``, ``TEXT`` or the choices ``a|b|c``: never a Python type."""
    from enum import Enum
    from pathlib import Path
    from typing import get_args, get_origin

    desc = param.type_descriptor
    kind = desc.annotation
    if get_origin(kind) is list:
        kind = get_args(kind)[0]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "|".join(str(member.value) for member in kind)
    if isinstance(kind, type) and issubclass(kind, Path):
        info = desc.parameter_info
        if getattr(info, "dir_okay", True) is False:
            return "FILE"
        if getattr(info, "file_okay", True) is False:
            return "DIR"
        return "PATH"
    if kind is int:
        return "N"
    if kind is float:
        return "NUMBER"
    return "TEXT"


def readable_metavars(command: Any) -> None:
    """Help shows ``ARTICLE...``, ``--glossary FILE``, ``--beam N``: not ``<list[Path]>`` or ``{articles}...``.

    Applied to every command below *command* (a click command, as vendored
    by Typer); an explicit ``metavar=`` is kept.
    """
    for param in command.params:
        if param.param_type_name == "argument":
            base = (param.metavar or (param.name or "arg").upper()).rstrip(".")
            shown = base + ("..." if param.nargs != 1 else "")
            usage = shown if param.required else f"[{shown}]"
            param.metavar = shown
            # Typer adds a type after the name and braces in the usage line: neither is wanted.
            param.display_type_rich = lambda ctx: None
            param._usage_display_name = lambda usage=usage: usage
        elif param.param_type_name == "option" and param.metavar is None and not param.is_flag and not param.count:
            param.metavar = _option_metavar(param)
    for sub in getattr(command, "commands", {}).values():
        readable_metavars(sub)


def checked_paths(command: Any) -> None:
    """Every path option and argument declared with ``exists=``, ``dir_okay=``... (every command below
    *command*) refuses a bad path with mtpipe's one ``Error:`` line (:func:`pipeline.cli.common.check_paths_first`)."""
    from pipeline.cli.common import check_paths_first

    for param in command.params:
        check_paths_first(param)
    for sub in getattr(command, "commands", {}).values():
        checked_paths(sub)


class ErrorHandlingGroup(TyperGroup):
    """Maps PipelineError to a one-line message and exit code, in one place."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            readable_metavars(command)
            checked_paths(command)
        return command

    def invoke(self, ctx: Any) -> Any:  # click's Context (vendored by Typer)
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            if _state["debug"]:
                raise
            err_console.print(f"[bold red]Error:[/] {exc.message}", markup=True, highlight=False)
            if exc.hint:
                err_console.print(f"[dim]Hint:[/] {exc.hint}", markup=True, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:
            err_console.print("Interrupted.")
            raise typer.Exit(getattr(exc, "exit_code", 130)) from None


app = typer.Typer(
    cls=ErrorHandlingGroup,
    name="mtpipe",
    help="Translate English news articles into Chinese PO files for review, and publish bilingual editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from pipeline import __version__

        typer.echo(f"mtpipe {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_print_version, is_eager=True
    ),
) -> None:
    """Translate English news articles into Chinese PO files for review, and publish bilingual editions."""
    _state["debug"] = debug
    import logging

    # The library reports through logging; warnings reach the terminal as one line each.
    handler = logging.StreamHandler(err_console.file)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if not debug else "%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    root.propagate = False
    from pipeline.cli.common import apply_project_file

    apply_project_file(ctx)  # mtpipe.toml: option defaults, the command line overrides them


def _register() -> None:
    from pipeline.cli import models as models_cli
    from pipeline.cli import translate as translate_cli

    app.command("translate")(translate_cli.translate_cli)
    app.command("segment")(translate_cli.segment_cli)
    app.command("demo")(translate_cli.demo_cli)
    app.add_typer(models_cli.app, name="models")
    from pipeline.cli import memory as memory_cli

    app.add_typer(memory_cli.app, name="memory")
    from pipeline.cli import build as build_cli

    app.command("build")(build_cli.build_cli)
    from pipeline.cli import check as check_cli

    app.command("check")(check_cli.check_cli)
    from pipeline.cli import glossary as glossary_cli

    app.add_typer(glossary_cli.app, name="glossary")
    from pipeline.cli import interchange as interchange_cli
    from pipeline.cli import stats as stats_cli

    app.command("stats")(stats_cli.stats_cli)
    app.command("export")(interchange_cli.export_cli)
    app.command("import")(interchange_cli.import_cli)


_register()


def main() -> None:
    """Console-script entry point: SIGTERM and SIGHUP are handled as Ctrl-C is."""
    from pipeline.cli.common import handle_termination

    try:
        handle_termination()
    except ValueError:  # not the main thread: leave signals alone
        pass
    app(prog_name="mtpipe")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
