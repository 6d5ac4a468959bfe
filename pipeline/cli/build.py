"""``mtpipe build``: a publishable edition from a reviewed PO file.

A thin command over :func:`pipeline.publish.write_edition`; library errors
propagate as :class:`~pipeline.errors.PipelineError` for the root app to report.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import console


class Format(str, Enum):
    html = "html"
    md = "md"
    txt = "txt"


class Layout(str, Enum):
    side_by_side = "side-by-side"
    interleaved = "interleaved"
    target_only = "target-only"


app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("build")
def build_cli(
    po: Annotated[
        Path,
        typer.Argument(
            help="Reviewed PO file, e.g. translations/run-movement/zh_Hans.po.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format: html, md (Markdown) or txt.")
    ] = Format.html,
    layout: Annotated[
        Layout | None,
        typer.Option(
            "--layout",
            "-l",
            help="side-by-side, interleaved or target-only "
            "(default: side-by-side for html, interleaved for md, target-only for txt).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output file (default: beside the PO, <stem>.<layout>.<format>).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    allow_draft: Annotated[
        bool,
        typer.Option(
            "--allow-draft",
            help="Build even with fuzzy or untranslated entries; the edition is marked DRAFT.",
        ),
    ] = False,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            help="The article the PO was made from, when it moved (default: the path in the PO header).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    footer: Annotated[
        bool | None,
        typer.Option(
            "--footer/--no-footer",
            help="The 'Built by mtpipe' footer of an HTML edition (default: in bilingual layouts only).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build a bilingual (or target-only) edition from a reviewed PO file.

    The edition is the source article (recorded in the PO header, or
    --source) with its text replaced; a Markdown edition keeps everything
    else byte for byte. Chinese typography and the variant's quotation marks
    are applied. Refuses a missing or changed source, URLs or markup that
    differ from the source (unless --allow-draft), and raw HTML the source
    does not have. Refuses
    (exit code 1, listing the entries) while entries are fuzzy or
    untranslated, unless --allow-draft.

    Example: mtpipe build translations/run-movement/zh_Hans.po --format html
    """
    from pipeline.publish import write_edition

    path = write_edition(
        po,
        out=out,
        fmt=fmt.value,
        layout=layout.value if layout is not None else None,
        allow_draft=allow_draft,
        source=source,
        footer=footer,
    )
    console.out(str(path), highlight=False)
