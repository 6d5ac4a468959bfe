"""``mtpipe build``: publishable editions from reviewed PO files.

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
        list[str],
        typer.Argument(
            help="Reviewed PO files, folders of them, or quoted glob patterns "
            "(e.g. 'translations/*/zh_Hans.po').",
            metavar="PO...",
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
            help="Output file, - for standard output, or a folder (always, with several POs; "
            "created if missing): one edition per PO in OUT/<PO's folder>/<stem>.<layout>.<format>. "
            "Default: beside each PO.",
            metavar="FILE|DIR|-",
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
) -> None:
    """Build bilingual (or target-only) editions from reviewed PO files.

    The article's title, headings and paragraphs are rebuilt from the entry
    ids, with Chinese typography and the variant's quotation marks. Refuses
    (exit code 1, listing the entries) while entries are fuzzy or
    untranslated, unless --allow-draft. With several POs, each is built (or
    refused) on its own and the paths written are printed.

    Examples:

    \b
      mtpipe build translations/run-movement/zh_Hans.po --format html
      mtpipe build 'translations/*/zh_Hans.po' --out site/
    """
    from pipeline.batch import expand_inputs
    from pipeline.cli.common import err_console
    from pipeline.errors import InputError, PipelineError
    from pipeline.fsutil import check_writable_file, is_stdout
    from pipeline.publish import default_output_path, write_edition

    inputs = expand_inputs(po, suffixes={".po"})
    if inputs.missing and not inputs.paths and len(inputs.missing) == 1:
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the PO file")
    # Several POs: --out is a folder (created if need be); one PO: a folder only if it is one.
    many = len(inputs.paths) > 1
    to_folder = out is not None and not is_stdout(out) and (out.is_dir() or (many and not out.exists()))
    if many and out is not None and not to_folder:
        raise InputError(
            f"--out {out} must be a folder when building {len(inputs.paths)} PO files",
            hint="give --out a folder: one edition per PO is written into it",
        )
    targets: dict[Path, Path | None] = {}
    for path in inputs.paths:
        if to_folder:
            assert out is not None
            name = default_output_path(path, fmt=fmt.value, layout=layout.value if layout else None).name
            targets[path] = out / path.resolve().parent.name / name if len(inputs.paths) > 1 else out / name
        else:
            targets[path] = out
    seen: dict[Path, Path] = {}
    for path, target in targets.items():
        if target is not None:
            check_writable_file(target, what="--out", inputs=inputs.paths)
            if target in seen:
                raise InputError(
                    f"{path} and {seen[target]} would both be built into {target}",
                    hint="build them into separate folders",
                )
            seen[target] = path
    for item, reason in inputs.missing:
        err_console.print(f"Error: {item}: {reason}", markup=False)
    if len(inputs.paths) == 1 and not inputs.missing:
        path = inputs.paths[0]
        written = write_edition(path, out=targets[path], fmt=fmt.value,
                                layout=layout.value if layout else None, allow_draft=allow_draft)
        if not is_stdout(written):
            console.out(str(written), highlight=False)
        return
    code = 2 if inputs.missing else 0
    for path in inputs.paths:
        try:
            written = write_edition(path, out=targets[path], fmt=fmt.value,
                                    layout=layout.value if layout else None, allow_draft=allow_draft)
        except PipelineError as exc:
            err_console.print(f"Error: {exc.message}", markup=False)
            code = max(code, exc.exit_code)
            continue
        console.out(str(written), highlight=False)
    if code:
        raise typer.Exit(code)
