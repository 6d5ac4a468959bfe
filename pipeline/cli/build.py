"""``mtpipe build``: a publishable edition from a reviewed PO file.

A thin command over :func:`pipeline.publish.write_edition` (html, md, txt),
:func:`pipeline.editions.epub.write_epub` and :func:`pipeline.editions.pdf.write_pdf`
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
    pos: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PO",
            help="Reviewed PO file(s), e.g. translations/run-movement/zh_Hans.po; "
            "several make one epub or pdf, a chapter each in this order.",
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
    title: Annotated[
        str | None, typer.Option("--title", help="epub, pdf: the book's title (default: the first article's).", show_default=False)
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="epub: the book's author.", show_default=False)] = None,
    cover: Annotated[
        Path | None, typer.Option("--cover", help="epub: cover image (PNG, JPEG or GIF).", show_default=False)
    ] = None,
    toc: Annotated[
        Path | None,
        typer.Option(
            "--toc",
            help="epub, pdf: text file listing the PO files in chapter order, one per line "
            "(relative to the file; # comments); instead of PO arguments.",
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
        str | None, typer.Option("--paper", help="pdf: paper size, A4 or Letter.  [default: A4]", show_default=False)
    ] = None,
) -> None:
    """Build a bilingual (or target-only) edition from reviewed PO files: HTML, Markdown, text, EPUB or PDF.

    The article's title, headings and paragraphs are rebuilt from the entry
    ids, with Chinese typography and the variant's quotation marks. Refuses
    (exit code 1, listing the entries) while entries are fuzzy or
    untranslated, unless --allow-draft.

    Example: mtpipe build translations/run-movement/zh_Hans.po --format html

    Example: mtpipe build translations/run-movement/zh_TW.po --format epub --out run-movement.epub
    """
    from pipeline.errors import InputError

    given = {
        "--title": title is not None, "--author": author is not None, "--cover": cover is not None,
        "--toc": toc is not None, "--embed-fonts": embed_fonts, "--vertical": vertical, "--paper": paper is not None,
    }
    _check_applies(fmt.value, given)
    pos = list(pos or [])
    if toc is not None:
        from pipeline.editions.book import read_toc

        if pos:
            raise InputError("PO files given both as arguments and in --toc", hint="list them in one place")
        pos = read_toc(toc)
    if not pos:
        raise InputError("no PO file given", hint="name a reviewed PO file, e.g. translations/run-movement/zh_Hans.po")
    if fmt in (Format.epub, Format.pdf):
        book_layout = layout.value if layout is not None else "side-by-side"
        target = _book_output(pos, out, fmt.value, book_layout)
        if fmt is Format.epub:
            from pipeline.editions.epub import write_epub

            path = write_epub(
                pos, out=target, layout=book_layout, title=title, author=author, cover=cover,
                embed_fonts=embed_fonts, vertical=vertical, allow_draft=allow_draft,
            )
        else:
            from pipeline.editions.pdf import write_pdf

            path = write_pdf(pos, out=target, layout=book_layout, paper=paper or "A4", title=title, allow_draft=allow_draft)
        console.out(str(path), highlight=False)
        return
    if len(pos) > 1:
        raise InputError(f"--format {fmt.value} builds one PO at a time ({len(pos)} given)", hint="give one PO, or use --format epub or pdf for a book")
    from pipeline.publish import write_edition

    path = write_edition(
        pos[0],
        out=out,
        fmt=fmt.value,
        layout=layout.value if layout is not None else None,
        allow_draft=allow_draft,
    )
    console.out(str(path), highlight=False)
