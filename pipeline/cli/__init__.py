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


class ErrorHandlingGroup(TyperGroup):
    """Maps PipelineError to a one-line message and exit code, in one place."""

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
        except KeyboardInterrupt:
            err_console.print("Interrupted.")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=ErrorHandlingGroup,
    name="mtpipe",
    help="Translate English news articles into Chinese PO files for review, and publish bilingual editions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
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
    """Console-script entry point."""
    app(prog_name="mtpipe")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
