"""The polyglot HTML edition: one article's source beside its translations into several languages.

Made from several POs of one article (``ja.po``, ``fr.po``, ``ar.po``...):
one row per block, the English cell first, then one cell per language, each
with its ``lang`` and, for right-to-left languages, ``dir="rtl"``. The cells
are the side-by-side edition's own (:mod:`pipeline.publish.html`), so
typography, markup and safety are the same; a row is a grid of as many
columns as there are languages, stacked on a narrow screen. Each edition
passes the same gate as its own side-by-side page
(:func:`pipeline.publish.checks.check_protected`), and fonts come from the
edition stylesheet's per-script rules (``:lang(...)``, the languages table).

``mtpipe build ja.po fr.po ar.po --layout polyglot`` calls
:func:`write_polyglot`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.errors import CatalogError, InputError
from pipeline.fsutil import atomic_write_text, check_writable_file
from pipeline.publish.checks import check_protected
from pipeline.publish.html import SOURCE_LABEL, SOURCE_LANG, _cell, _dir, _draft_banner, _TextHtml, stylesheet
from pipeline.publish.inline import markdown_env
from pipeline.publish.model import Edition, load_edition

__all__ = ["POLYGLOT_LAYOUT", "load_polyglot", "polyglot_path", "render_polyglot", "write_polyglot"]

#: The layout name (``--layout polyglot``), and the middle of the default file name.
POLYGLOT_LAYOUT = "polyglot"

#: The polyglot rows: one column per language (the count is set on each row).
_POLYGLOT_CSS = """
.edition .row.polyglot { grid-template-columns: repeat(var(--columns), minmax(0, 1fr)); }
@media (max-width: 720px) { .edition .row.polyglot { grid-template-columns: minmax(0, 1fr); } }
"""


def load_polyglot(po_paths: Sequence[Path], *, allow_draft: bool = False) -> list[Edition]:
    """The editions of several POs of one article, in the order given; refused when they are not of one article."""
    if len(po_paths) < 2:
        raise InputError("a polyglot edition needs two or more PO files of one article", hint="give ja.po fr.po ar.po ...")
    editions = [load_edition(Path(p)) for p in po_paths]
    first = editions[0]
    for path, edition in zip(po_paths[1:], editions[1:]):
        if [(b.id, tuple(s.source for s in b.sentences)) for b in edition.blocks] != [
            (b.id, tuple(s.source for s in b.sentences)) for b in first.blocks
        ]:
            raise CatalogError(
                f"{path}: not a translation of the same article as {po_paths[0]}",
                hint="run translate again into both languages, so their templates agree",
            )
    for edition in editions:
        check_protected(edition, allow_draft=allow_draft)
    drafts = [str(p) for p, e in zip(po_paths, editions) if e.is_draft]
    if drafts and not allow_draft:
        raise CatalogError(f"not reviewed yet: {', '.join(drafts)}", hint="review them, or build a draft with allow_draft")
    return editions


def render_polyglot(editions: Sequence[Edition], *, css: str = "") -> str:
    """One self-contained HTML page: the source and every edition's target, row by row.

    *css* (``--css``) is added after the edition's own stylesheet.
    """
    first = editions[0]
    renderers = [_TextHtml(markdown_env(e)) for e in editions]
    columns = len(editions) + 1
    heads = f'<div class="cell src" lang="{SOURCE_LANG}">{SOURCE_LABEL}</div>' + "".join(
        f'<div class="cell tgt" lang="{e.variant.html_lang}"{_dir(e.variant.html_lang)}>{html.escape(e.variant.label)}</div>'
        for e in editions
    )
    rows = [f'<div class="row polyglot column-heads" style="--columns: {columns}" aria-hidden="true">{heads}</div>']
    visible = [e.visible_blocks for e in editions]
    for index, block in enumerate(visible[0]):
        cells = _cell(block, "src", SOURCE_LANG, renderers[0]) + "".join(
            _cell(blocks[index], "tgt", e.variant.html_lang, md) for e, blocks, md in zip(editions, visible, renderers)
        )
        draft = " draft" if any(blocks[index].draft for blocks in visible) else ""
        rows.append(f'<div class="row polyglot kind-{block.kind}{draft}" id="{block.id}" style="--columns: {columns}">{cells}</div>')
    title = first.project or "mtpipe"
    names = ", ".join(f"{e.name} ({e.variant.code})" for e in editions)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{SOURCE_LANG}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mtpipe {__version__}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{stylesheet()}{_POLYGLOT_CSS}{css}</style>\n</head>\n"
        '<body class="side-by-side polyglot">\n' + "".join(_draft_banner(e) for e in editions)
        + '<article class="edition side-by-side">\n' + "\n".join(rows) + "\n</article>\n"
        f'<footer lang="en">Built by mtpipe {__version__} from {html.escape(names)}.</footer>\n'
        "</body>\n</html>\n"
    )


def polyglot_path(po_paths: Sequence[Path], *, out: Path | None) -> Path:
    """Where the polyglot edition of *po_paths* goes: *out* (a file, ``-``, or a folder), else beside the first PO.

    The default name joins the POs' stems: ``ja+fr+ar.polyglot.html``.
    """
    name = "+".join(Path(p).stem for p in po_paths) + f".{POLYGLOT_LAYOUT}.html"
    if out is None:
        target = Path(po_paths[0]).with_name(name)
    elif Path(out).is_dir():
        target = Path(out) / name
    else:
        target = Path(out)
    check_writable_file(target, what="--out", inputs=po_paths)
    return target


def write_polyglot(po_paths: Sequence[Path], *, out: Path | None = None, allow_draft: bool = False, css: str = "") -> Path:
    """Build the polyglot edition of *po_paths* and write it atomically; returns the path written.

    Nothing is written when the POs are refused (not of one article, not reviewed, a URL or markup changed).
    """
    target = polyglot_path(po_paths, out=out)
    page = render_polyglot(load_polyglot(po_paths, allow_draft=allow_draft), css=css)
    atomic_write_text(target, page)
    return target
