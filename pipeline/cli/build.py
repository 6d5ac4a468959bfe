"""``mtpipe build``: publishable editions from reviewed PO files.

A thin command over :func:`pipeline.publish.write_edition` (html, md, txt),
:func:`pipeline.publish.epub.write_epub` and :func:`pipeline.publish.pdf.write_pdf`
(one book of several POs); library errors propagate as
:class:`~pipeline.errors.PipelineError` for the root app to report.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.common import console, err_console

if TYPE_CHECKING:
    from pipeline.documents.inputs import Inputs


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
    polyglot = "polyglot"  # html only: the source beside several POs of one article, one page (pipeline.publish.polyglot)


#: Options that only some formats take: option → the formats it applies to.
_APPLIES_TO = {
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
    "--source": ("html", "md", "txt"),
    "--footer": ("html",),
    "--no-footer": ("html",),
    "--embed-images": ("html",),
    "--css": ("html", "epub", "pdf"),
    "--running-heads": ("pdf",),
}


def _output_path(value: str) -> Path:
    from pipeline.publish.edition import output_path  # DIR/ stays a folder

    return output_path(value)


def _check_applies(fmt: str, given: dict[str, bool]) -> None:
    """An option the format would ignore is refused, in one line."""
    from pipeline.errors import InputError

    for option, used in given.items():
        if used and fmt not in _APPLIES_TO[option]:
            formats = " or ".join(f"--format {f}" for f in _APPLIES_TO[option])
            raise InputError(f"{option} applies to {formats}, not to --format {fmt}", hint=f"leave out {option}, or use {formats}")


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
            "(default: side-by-side for html, epub and pdf, interleaved for md, target-only for txt); "
            "polyglot (html): one page of the source beside every PO given, all of one article.",
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
            parser=_output_path,
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
            help="html, md, txt: the article the PO was made from, when it moved (default: the path in the PO header).",
            dir_okay=False,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    footer: Annotated[
        bool | None,
        typer.Option(
            "--footer/--no-footer",
            help="html: the 'Built by mtpipe' footer (default: in bilingual layouts only).",
            show_default=False,
        ),
    ] = None,
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
      mtpipe build out/run-movement/ja.po out/run-movement/fr.po out/run-movement/ar.po --layout polyglot
    """
    _check_applies(fmt.value, {
        "--title": title is not None, "--author": author is not None, "--cover": cover is not None,
        "--toc": toc is not None, "--embed-fonts": embed_fonts, "--vertical": vertical, "--paper": paper is not None,
        "--source": source is not None, "--footer": footer is True, "--no-footer": footer is False,
        "--publisher": publisher is not None, "--date": date is not None, "--rights": rights is not None,
        "--identifier": identifier is not None, "--embed-images": embed_images,
        "--css": css is not None, "--running-heads": running_heads,
    })

    def _warn(message: str) -> None:
        err_console.print(f"Warning: {message}", markup=False)

    from pipeline.publish.html import read_css

    css_text = read_css(css) if css is not None else ""
    if layout is Layout.polyglot:
        _build_polyglot(po, fmt=fmt, out=out, allow_draft=allow_draft, css=css_text,
                        ignored={"--source": source is not None, "--footer": footer is not None, "--embed-images": embed_images})
        return
    inputs = _po_inputs(po, toc=toc, whole=fmt in (Format.epub, Format.pdf))
    if fmt in (Format.epub, Format.pdf):
        from pipeline.publish.edition import book_path

        pos, book_layout = list(inputs.paths), layout.value if layout is not None else "side-by-side"
        book = book_path(pos, out=out, fmt=fmt.value, layout=book_layout)
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
    code = _build_editions(inputs, out=out, fmt=fmt.value, layout=layout.value if layout else None,
                           allow_draft=allow_draft, source=source, footer=footer,
                           embed_images=embed_images, warn=_warn, css=css_text)
    if code:
        raise typer.Exit(code)


def _build_polyglot(po: list[str] | None, *, fmt: Format, out: Path | None, allow_draft: bool, css: str, ignored: dict[str, bool]) -> None:
    """``--layout polyglot``: one HTML page of the source and every PO given (all of one article)."""
    from pipeline.errors import InputError
    from pipeline.fsutil import is_stdout
    from pipeline.publish.polyglot import write_polyglot

    if fmt is not Format.html:
        raise InputError(f"the polyglot layout is an HTML page, not --format {fmt.value}", hint="leave out --format, or use --format html")
    used = [option for option, given in ignored.items() if given]
    if used:
        raise InputError(f"{used[0]} does not apply to --layout polyglot", hint=f"leave out {used[0]}")
    written = write_polyglot(list(_po_inputs(po, toc=None, whole=True).paths), out=out, allow_draft=allow_draft, css=css)
    if not is_stdout(written):
        console.out(str(written), highlight=False)


def _po_inputs(items: list[str] | None, *, toc: Path | None, whole: bool) -> Inputs:
    """The PO files named (arguments or --toc); *whole*: any missing one refuses the command (a book)."""
    from pipeline.documents.inputs import expand_inputs
    from pipeline.errors import InputError

    names = list(items or [])
    if toc is not None:
        from pipeline.publish.book import read_toc

        if names:
            raise InputError("PO files given both as arguments and in --toc", hint="list them in one place")
        names = [str(p) for p in read_toc(toc)]
    if not names:
        raise InputError("no PO file given", hint="name a reviewed PO file, e.g. translations/run-movement/zh_Hans.po")
    inputs = expand_inputs(names, suffixes={".po"})
    if inputs.missing and (whole or (not inputs.paths and len(inputs.missing) == 1)):
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the PO file")
    return inputs


def _build_editions(
    inputs: Inputs, *, out: Path | None, fmt: str, layout: str | None, allow_draft: bool, source: Path | None, footer: bool | None,
    embed_images: bool = False, warn: Callable[[str], None] | None = None, css: str = "",
) -> int:
    """One edition per PO, each built (or refused) on its own; the exit code (0: all built)."""
    from pipeline.cli.common import err_console
    from pipeline.errors import InputError, PipelineError
    from pipeline.fsutil import is_stdout
    from pipeline.publish.edition import plan_editions, write_edition

    if source is not None and len(inputs.paths) > 1:
        raise InputError("--source names the article of one PO", hint="build that PO on its own with --source")
    targets = plan_editions(list(inputs.paths), out=out, fmt=fmt, layout=layout)
    for item, reason in inputs.missing:
        err_console.print(f"Error: {item}: {reason}", markup=False)

    def build_one(path: Path) -> None:
        written = write_edition(path, out=targets[path], fmt=fmt, layout=layout, allow_draft=allow_draft, source=source, footer=footer,
                                embed_images=embed_images, warn=warn, css=css)
        if not is_stdout(written):
            console.out(str(written), highlight=False)

    if len(inputs.paths) == 1 and not inputs.missing:
        build_one(inputs.paths[0])  # one PO: its error is the command's error
        return 0
    code = 2 if inputs.missing else 0
    for path in inputs.paths:
        try:
            build_one(path)
        except PipelineError as exc:
            err_console.print(f"Error: {exc.message}", markup=False)
            code = max(code, exc.exit_code)
    return code
