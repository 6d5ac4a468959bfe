"""``mtpipe build``: publishable editions from reviewed PO files.

A thin command over :func:`pipeline.publish.write_edition` (html, md, txt),
:func:`pipeline.publish.epub.write_epub` and :func:`pipeline.publish.pdf.write_pdf`
(one book of several POs); library errors propagate as
:class:`~pipeline.errors.PipelineError` for the root app to report.
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
    epub = "epub"
    pdf = "pdf"


class Layout(str, Enum):
    side_by_side = "side-by-side"
    interleaved = "interleaved"
    target_only = "target-only"


app = typer.Typer(no_args_is_help=True, add_completion=False)

#: Options that only some formats take: (option, value given?) → formats.
_BOOK_ONLY = {
    "--title": ("epub", "pdf"),
    "--author": ("epub",),
    "--cover": ("epub",),
    "--toc": ("epub", "pdf"),
    "--embed-fonts": ("epub",),
    "--vertical": ("epub",),
    "--paper": ("pdf",),
    "--publisher": ("epub",),
    "--date": ("epub",),
    "--rights": ("epub",),
    "--identifier": ("epub",),
    "--embed-images": ("html",),
    "--css": ("html", "epub", "pdf"),
    "--running-heads": ("pdf",),
}


def _check_applies(fmt: str, given: dict[str, bool]) -> None:
    from pipeline.errors import InputError

    for option, used in given.items():
        if used and fmt not in _BOOK_ONLY[option]:
            formats = " or ".join(f"--format {f}" for f in _BOOK_ONLY[option])
            raise InputError(f"{option} applies to {formats}, not to --format {fmt}", hint=f"leave out {option}, or use {formats}")


def _book_output(pos: list[Path], out: Path | None, fmt: str, layout: str) -> Path:
    from pipeline.errors import InputError

    if out is not None:
        return out
    if len(pos) == 1:
        return pos[0].with_name(f"{pos[0].stem}.{layout}.{fmt}")
    raise InputError(f"a {fmt} of several POs needs a file name", hint=f"give --out BOOK.{fmt}")


@app.command("build")
def build_cli(
    po: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reviewed PO files, folders of them, or quoted glob patterns "
            "(e.g. 'translations/*/zh_Hans.po'); for epub and pdf, the chapters of one book in this order.",
            metavar="PO...",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="Output format: html, md (Markdown), txt, epub (EPUB 3 book) or pdf."),
    ] = Format.html,
    layout: Annotated[
        Layout | None,
        typer.Option(
            "--layout",
            "-l",
            help="side-by-side, interleaved or target-only "
            "(default: side-by-side for html, epub and pdf, interleaved for md, target-only for txt).",
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
    title: Annotated[
        str | None, typer.Option("--title", help="epub, pdf: the book's title (default: the first article's).", metavar="TEXT", show_default=False)
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="epub: the book's author.", metavar="NAME", show_default=False)] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="epub: the book's publisher.", metavar="NAME", show_default=False)] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="epub: the publication date, YYYY-MM-DD (or YYYY-MM, YYYY).", metavar="DATE", show_default=False)
    ] = None,
    rights: Annotated[str | None, typer.Option("--rights", help="epub: the rights statement (e.g. a licence).", metavar="TEXT", show_default=False)] = None,
    identifier: Annotated[
        str | None,
        typer.Option(
            "--identifier",
            help="epub: the book's identifier, an ISBN, UUID or URN (default: a UUID from its content).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    cover: Annotated[
        Path | None, typer.Option("--cover", help="epub: cover image (PNG, JPEG or GIF).", metavar="IMAGE", show_default=False)
    ] = None,
    toc: Annotated[
        Path | None,
        typer.Option(
            "--toc",
            help="epub, pdf: text file listing the PO files in chapter order, one per line "
            "(relative to the file; # comments); instead of PO arguments.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    embed_fonts: Annotated[
        bool, typer.Option("--embed-fonts", help="epub: embed the CJK font, subset to the book's characters.")
    ] = False,
    vertical: Annotated[
        bool,
        typer.Option("--vertical", help="epub: vertical typesetting (writing-mode: vertical-rl), for target-only or interleaved."),
    ] = False,
    paper: Annotated[
        str | None, typer.Option("--paper", help="pdf: paper size, A4 or Letter.  [default: A4]", metavar="A4|Letter", show_default=False)
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            help="The article the PO was made from, when it moved (default: the path in the PO header).",
            dir_okay=False,
            metavar="FILE",
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
    embed_images: Annotated[
        bool,
        typer.Option(
            "--embed-images",
            help="html: put the article's images into the page as data: URIs (default: copied beside it).",
        ),
    ] = False,
    css: Annotated[
        Path | None,
        typer.Option(
            "--css",
            help="html, epub, pdf: a stylesheet added after the edition's own (e.g. fonts, margins, colours).",
            dir_okay=False,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    running_heads: Annotated[
        bool,
        typer.Option("--running-heads", help="pdf: the book's title at the top of every page."),
    ] = False,
) -> None:
    """Build bilingual (or target-only) editions from reviewed PO files: HTML, Markdown, text, EPUB or PDF.

    The edition is the source article (recorded in the PO header, or
    --source) with its text replaced; a Markdown edition keeps everything
    else byte for byte. Chinese typography and the variant's quotation marks
    are applied. Refuses a missing or changed source, URLs or markup that
    differ from the source (unless --allow-draft), and raw HTML the source
    does not have. Refuses
    (exit code 1, listing the entries) while entries are fuzzy or
    untranslated, unless --allow-draft. With several POs, each is built (or
    refused) on its own and the paths written are printed.

    Examples:

    \b
      mtpipe build translations/run-movement/zh_Hans.po --format html
      mtpipe build 'translations/*/zh_Hans.po' --out site/
      mtpipe build translations/run-movement/zh_TW.po --format epub --out run-movement.epub
    """
    from pipeline.documents.inputs import expand_inputs
    from pipeline.cli.common import err_console
    from pipeline.errors import InputError, PipelineError
    from pipeline.fsutil import check_writable_file, is_stdout
    from pipeline.publish import default_output_path, write_edition

    given = {
        "--title": title is not None, "--author": author is not None, "--cover": cover is not None,
        "--toc": toc is not None, "--embed-fonts": embed_fonts, "--vertical": vertical, "--paper": paper is not None,
        "--publisher": publisher is not None, "--date": date is not None, "--rights": rights is not None,
        "--identifier": identifier is not None, "--embed-images": embed_images,
        "--css": css is not None, "--running-heads": running_heads,
    }
    _check_applies(fmt.value, given)

    def _warn(message: str) -> None:
        err_console.print(f"Warning: {message}", markup=False)

    from pipeline.publish.html import read_css

    css_text = read_css(css) if css is not None else ""

    items = list(po or [])
    if toc is not None:
        from pipeline.publish.book import read_toc

        if items:
            raise InputError("PO files given both as arguments and in --toc", hint="list them in one place")
        items = [str(p) for p in read_toc(toc)]
    if not items:
        raise InputError("no PO file given", hint="name a reviewed PO file, e.g. translations/run-movement/zh_Hans.po")
    inputs = expand_inputs(items, suffixes={".po"})
    if inputs.missing and (fmt in (Format.epub, Format.pdf) or (not inputs.paths and len(inputs.missing) == 1)):
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the PO file")
    if fmt in (Format.epub, Format.pdf):
        pos = list(inputs.paths)
        book_layout = layout.value if layout is not None else "side-by-side"
        book = _book_output(pos, out, fmt.value, book_layout)
        check_writable_file(book, what="--out", inputs=pos)
        if fmt is Format.epub:
            from pipeline.publish.epub import Metadata, write_epub

            metadata = Metadata(publisher=publisher, date=date, rights=rights, identifier=identifier)
            path = write_epub(
                pos, out=book, layout=book_layout, title=title, author=author, cover=cover,
                embed_fonts=embed_fonts, vertical=vertical, allow_draft=allow_draft, metadata=metadata, warn=_warn, css=css_text,
            )
        else:
            from pipeline.publish.pdf import write_pdf

            path = write_pdf(pos, out=book, layout=book_layout, paper=paper or "A4", title=title, allow_draft=allow_draft,
                             warn=_warn, css=css_text, running_heads=running_heads)
        console.out(str(path), highlight=False)
        return
    if source is not None and len(inputs.paths) > 1:
        raise InputError("--source names the article of one PO", hint="build that PO on its own with --source")
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
            targets[path] = out / path.resolve().parent.name / name  # named by article, one PO or many
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

    def build_one(path: Path) -> None:
        written = write_edition(path, out=targets[path], fmt=fmt.value, layout=layout.value if layout else None,
                                allow_draft=allow_draft, source=source, footer=footer,
                                embed_images=embed_images, warn=_warn, css=css_text)
        if not is_stdout(written):
            console.out(str(written), highlight=False)

    if len(inputs.paths) == 1 and not inputs.missing:
        build_one(inputs.paths[0])  # one PO: its error is the command's error
        return
    code = 2 if inputs.missing else 0
    for path in inputs.paths:
        try:
            build_one(path)
        except PipelineError as exc:
            err_console.print(f"Error: {exc.message}", markup=False)
            code = max(code, exc.exit_code)
    if code:
        raise typer.Exit(code)
