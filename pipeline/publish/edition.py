"""One edition of one PO file: render it in a format and layout, and write it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pipeline.bulk import gc_paused
from pipeline.errors import DraftError, InputError
from pipeline.fsutil import atomic_write_text, check_writable_file, is_stdout
from pipeline.publish.html import SOURCE_LABEL, SOURCE_LANG, render_html, render_html_placed, stylesheet
from pipeline.publish.images import Placed, Warn, copy_images
from pipeline.publish.markdown import render_markdown
from pipeline.publish.model import (
    FUZZY,
    INNER_KINDS,
    REVIEWED,
    UNTRANSLATED,
    Block,
    Edition,
    LinkReference,
    Sentence,
    catalog_variant,
    load_edition,
    source_document,
)
from pipeline.publish.checks import check_draft
from pipeline.publish.safety import foreign_markdown_html
from pipeline.publish.text import render_text

__all__ = [
    "DEFAULT_LAYOUT",
    "FORMATS",
    "FUZZY",
    "INNER_KINDS",
    "LAYOUTS",
    "REVIEWED",
    "SOURCE_LABEL",
    "SOURCE_LANG",
    "SUPPORTED_LAYOUTS",
    "UNTRANSLATED",
    "Block",
    "Edition",
    "LinkReference",
    "Sentence",
    "build_edition",
    "catalog_variant",
    "default_output_path",
    "load_edition",
    "render_edition",
    "render_html",
    "render_markdown",
    "render_text",
    "source_document",
    "stylesheet",
    "write_edition",
]

FORMATS = ("html", "md", "txt")
LAYOUTS = ("side-by-side", "interleaved", "target-only")
#: The layout used when none is given, per format.
DEFAULT_LAYOUT = {"html": "side-by-side", "md": "interleaved", "txt": "target-only"}
#: Layouts each format can render (plain text has no columns).
SUPPORTED_LAYOUTS = {
    "html": LAYOUTS,
    "md": LAYOUTS,
    "txt": ("interleaved", "target-only"),
}


def _check_options(fmt: str, layout: str | None) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    layout = layout or DEFAULT_LAYOUT[fmt]
    if layout not in SUPPORTED_LAYOUTS[fmt]:
        raise InputError(
            f"the {layout} layout is not available for --format {fmt}",
            hint=f"use one of: {', '.join(SUPPORTED_LAYOUTS[fmt])}",
        )
    return layout


def render_edition(
    edition: Edition,
    *,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    footer: bool | None = None,
    images: str = "copy",
    warn: Warn | None = None,
    css: str = "",
) -> Placed:
    """An :class:`Edition` in *fmt* and *layout*: the page (``.page``) and, for HTML, the local images it refers
    to (``.copies``, to copy beside it); :class:`DraftError` unless reviewed or *allow_draft*."""
    layout = _check_options(fmt, layout)
    if fmt == "md" and edition.skeleton is not None and edition.skeleton.format.native_edition == "html":
        raise InputError(
            f"{edition.name}: an HTML article has no Markdown edition (its tags would be text or raw HTML in Markdown)",
            hint="build --format html (or epub, pdf), or --format txt for plain text",
        )
    check_draft(edition, allow_draft=allow_draft)
    if fmt == "html":
        return render_html_placed(edition, layout=layout, footer=footer, images=images, warn=warn, css=css)
    if fmt == "md":
        return Placed(_checked_markdown(edition, render_markdown(edition, layout=layout)))
    return Placed(render_text(edition, layout=layout))


def _checked_markdown(edition: Edition, text: str) -> str:
    """*text*, a Markdown edition, unless it passes on raw HTML its source nowhere has (:mod:`pipeline.publish.safety`).

    The sentences were checked one by one; this reads the whole edition as a
    site generator will (a code span can open in one sentence and close in
    the next), so even a draft never publishes HTML the source lacks.
    """
    source = edition.skeleton.source if edition.skeleton is not None else "\n\n".join(s.source for s in edition.sentences)
    foreign = foreign_markdown_html(source, text)
    if foreign:
        raise DraftError(
            f"{edition.name}: the Markdown edition would pass on raw HTML that is not in the source: {', '.join(foreign[:3])}",
            hint="remove it from the translations (run 'mtpipe check' on the PO to see them)",
        )
    return text


def build_edition(
    po_path: Path,
    *,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    source: Path | None = None,
    footer: bool | None = None,
    images: str = "copy",
    warn: Warn | None = None,
    css: str = "",
) -> str:
    """The edition of *po_path* as text (HTML, Markdown or plain text).

    *source*: the article the PO was made from, when it is no longer where
    the PO header says (see :func:`source_document`). *images* and *warn*:
    see :func:`pipeline.publish.html.render_html_placed`.
    """
    return _build_placed(po_path, fmt=fmt, layout=layout, allow_draft=allow_draft, source=source, footer=footer,
                         images=images, warn=warn, css=css).page


def _build_placed(
    po_path: Path, *, fmt: str, layout: str | None, allow_draft: bool, source: Path | None, footer: bool | None,
    images: str, warn: Warn | None, css: str = "",
) -> Placed:
    layout = _check_options(fmt, layout)
    with gc_paused():  # an edition is many small objects, none cyclic
        edition = load_edition(po_path, source=source)
        return render_edition(edition, fmt=fmt, layout=layout, allow_draft=allow_draft, footer=footer,
                              images=images, warn=warn, css=css)


def default_output_path(po_path: Path, *, fmt: str = "html", layout: str | None = None) -> Path:
    """``<po folder>/<po stem>.<layout>.<ext>``, e.g. ``zh_Hans.side-by-side.html``."""
    layout = _check_options(fmt, layout)
    po_path = Path(po_path)
    return po_path.with_name(f"{po_path.stem}.{layout}.{fmt}")


def write_edition(
    po_path: Path,
    *,
    out: Path | None = None,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    source: Path | None = None,
    footer: bool | None = None,
    embed_images: bool = False,
    warn: Warn | None = None,
    css: str = "",
) -> Path:
    """Build the edition and write it atomically; returns the path written.

    An HTML edition's local images are copied beside it (same relative
    path), or embedded with *embed_images*. Nothing is written when the
    catalog is refused.
    """
    placed = _build_placed(po_path, fmt=fmt, layout=layout, allow_draft=allow_draft, source=source, footer=footer,
                           images="embed" if embed_images else "copy", warn=warn, css=css)
    target = Path(out) if out is not None else default_output_path(po_path, fmt=fmt, layout=layout)
    if target.is_dir():
        raise InputError(f"{target} is a folder", hint="give --out a file name")
    atomic_write_text(target, placed.page)
    if placed.copies and not is_stdout(target):
        copy_images(placed.copies, folder=target.parent)
    return target


class OutputFolder(type(Path())):  # type: ignore[misc]  # Path's concrete class (PosixPath, WindowsPath)
    """An ``--out`` path written as a folder (``DIR/``): pathlib drops the trailing slash that said so."""


def output_path(value: str) -> Path:
    """``--out`` as given: ``DIR/`` (a trailing separator) is an :class:`OutputFolder`, anything else a :class:`Path`."""
    return OutputFolder(value) if value.endswith(("/", os.sep)) and value.rstrip("/" + os.sep) else Path(value)


def _is_folder(out: Path | None) -> bool:
    """*out* names a folder: written as ``DIR/``, or an existing folder."""
    return out is not None and not is_stdout(out) and (isinstance(out, OutputFolder) or Path(out).is_dir())


def _by_article(folder: Path, po_path: Path, name: str) -> Path:
    """``FOLDER/<article>/<name>``: the article is the PO's folder (``translations/<article>/zh_Hans.po``)."""
    return Path(folder) / Path(po_path).resolve().parent.name / name


def plan_editions(
    po_paths: Sequence[Path], *, out: Path | None, fmt: str = "html", layout: str | None = None
) -> dict[Path, Path | None]:
    """Where each PO's edition is written (None: beside the PO, see :func:`default_output_path`).

    *out*: a file or ``-`` for one PO; a folder (created when missing, with
    several POs) takes one edition per PO, in ``OUT/<PO's folder>/`` when
    there are several. Refused before anything is built, each as one
    :class:`InputError`: a file *out* for several POs, two POs built into
    one file, and an output that would replace an input or a PO/POT file.
    """
    many = len(po_paths) > 1
    to_folder = _is_folder(out) or (many and out is not None and not is_stdout(out) and not Path(out).exists())
    if many and out is not None and not to_folder:
        raise InputError(
            f"--out {out} must be a folder when building {len(po_paths)} PO files",
            hint="give --out a folder: one edition per PO is written into it",
        )
    targets: dict[Path, Path | None] = {}
    for path in po_paths:
        if to_folder:
            assert out is not None
            targets[path] = _by_article(out, path, default_output_path(path, fmt=fmt, layout=layout).name)  # one PO or many
        else:
            targets[path] = out
    seen: dict[Path, Path] = {}
    for path, target in targets.items():
        if target is None:
            continue
        check_writable_file(target, what="--out", inputs=po_paths)
        if target in seen:
            raise InputError(f"{path} and {seen[target]} would both be built into {target}", hint="build them into separate folders")
        seen[target] = path
    return targets


def book_path(po_paths: Sequence[Path], *, out: Path | None, fmt: str, layout: str) -> Path:
    """The file an EPUB or PDF of *po_paths* is written to: *out*; ``<po stem>.<layout>.<fmt>`` beside a lone PO
    without *out*, or in ``OUT/<article>/`` when *out* is a folder (as :func:`plan_editions` names editions)."""
    if _is_folder(out) and len(po_paths) == 1:
        assert out is not None
        out = _by_article(out, po_paths[0], f"{Path(po_paths[0]).stem}.{layout}.{fmt}")
    elif _is_folder(out):
        raise InputError(f"--out {out} is a folder, but a {fmt} of several POs is one book", hint=f"give --out BOOK.{fmt}")
    if out is None:
        if len(po_paths) != 1:
            raise InputError(f"a {fmt} of several POs needs a file name", hint=f"give --out BOOK.{fmt}")
        out = Path(po_paths[0]).with_name(f"{Path(po_paths[0]).stem}.{layout}.{fmt}")
    check_writable_file(out, what="--out", inputs=po_paths)
    return out
