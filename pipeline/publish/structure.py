"""A Markdown article's HTML edition rendered from the document's structure.

The source document is parsed whole (CommonMark and GFM tables, the front
matter blanked as the reader blanks it), and each inline text that is a slot
of the skeleton is replaced by its sentences in the layout's language(s):
tables stay tables, ordered lists keep their numbers and start value, nested
lists their nesting, block quotes and code blocks their form.

Bilingual forms, per top-level block of the document:

- a block with translatable text is shown twice, source and target (two
  cells of a row in ``side-by-side``, one after the other in ``interleaved``),
  each rendered whole: a list is a list in both languages, a quote a quote;
- a **table** is shown once, each cell holding its source above its target
  (once when they are the same, as ``+36%``): the grid, its header row and its
  column widths are shared, a reader compares each figure with its
  translation in the same cell, and a wide table is not squeezed into half
  a page;
- a block without translatable text (an image alone, a code block, a rule)
  is shown once, across the page; an image inside a text is shown with the
  target only, so a bilingual page shows each image once.

Every text goes through the same sentence spans as the flat renderer
(:mod:`pipeline.publish.html`), so raw HTML in a PO is escaped (markdown-it
with ``html`` off), as :mod:`pipeline.publish.safety` requires.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from pipeline.documents.blocks import Skeleton
from pipeline.publish.images import IMG_TAG

_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


@lru_cache(maxsize=1)
def document_markdown() -> Any:  # markdown_it.MarkdownIt
    """The parser of a whole Markdown document: CommonMark with GFM tables, raw HTML escaped."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def blank_front_matter(skeleton: Skeleton) -> str:
    """The document's source with its front matter blanked to spaces (line numbers kept), for markdown-it."""
    end = skeleton.body_start
    return re.sub(r"[^\n]", " ", skeleton.source[:end]) + skeleton.source[end:]


def slot_of_inline(skeleton: Skeleton, tokens: Sequence[Any]) -> dict[int, int]:
    """Which skeleton slot (index) each inline token (index in *tokens*) shows; an inline without one is not translatable."""
    free: dict[int, list[int]] = {}
    for index, slot in enumerate(skeleton.slots):
        if slot.parent < 0 and slot.start >= skeleton.body_start:
            free.setdefault(slot.line, []).append(index)
    found: dict[int, int] = {}
    in_cell = False
    for i, tok in enumerate(tokens):
        if tok.type in ("td_open", "th_open"):
            in_cell = True
        elif tok.type in ("td_close", "th_close"):
            in_cell = False
        if tok.type != "inline" or not tok.map:
            continue
        candidates = free.get(tok.map[0] + 1, [])
        for n, index in enumerate(candidates):
            slot = skeleton.slots[index]
            if in_cell != (slot.kind.value == "table-cell"):
                continue
            if in_cell and slot.text not in (tok.content, _PIPE.sub(r"\1\\|", tok.content)):
                continue
            found[i] = index
            del candidates[n]
            break
    return found


def top_level_groups(tokens: Sequence[Any]) -> list[tuple[int, int]]:
    """The spans ``[start, end)`` of the top-level blocks of a token stream."""
    out, start, depth = [], -1, 0
    for i, tok in enumerate(tokens):
        if start < 0:
            start = i
        depth += tok.nesting
        if depth == 0:
            out.append((start, i + 1))
            start = -1
    return out


def render_structure(
    skeleton: Skeleton,
    *,
    layout: str,
    text_html: Callable[[int, str], str],
    anchor: Callable[[int], str],
    draft: Callable[[int], bool],
    kind: Callable[[int], str],
    source_lang: str,
    target_lang: str,
) -> list[str]:
    """The article's blocks as HTML, one string per top-level block of the document.

    *text_html(slot index, side)* gives a slot's text as HTML for side
    ``src``, ``tgt`` or ``both`` (a table cell); *anchor*, *draft* and *kind*
    give the id, draft state and kind of the block a slot is.
    """
    from markdown_it.token import Token

    from pipeline.languages.table import find

    found = find(target_lang)  # a right-to-left target's cells carry dir="rtl"
    tgt = f'lang="{target_lang}"' + (' dir="rtl"' if found is not None and found.is_rtl else "")
    md = document_markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(blank_front_matter(skeleton), env)
    slots = slot_of_inline(skeleton, tokens)

    def render(start: int, end: int, side: str) -> str:
        part = []
        for i in range(start, end):
            tok = tokens[i]
            index = slots.get(i)
            if index is not None:
                tok = tok.copy()
                tok.children = [Token("html_inline", "", 0, content=text_html(index, side))]
            elif side == "src" and tok.type == "inline" and tok.children:
                tok = tok.copy()  # an image is shown once, with the target
                tok.children = [t for t in tok.children if t.type != "image"]
            part.append(tok)
        return str(md.renderer.render(part, md.options, env))

    rows: list[str] = []
    for start, end in top_level_groups(tokens):
        mine = [slots[i] for i in range(start, end) if i in slots]
        if not any(_has_text(tokens[i]) for i in range(start, end) if i in slots):
            # No text (an image alone): shown once, across the page.
            rows.append(f'<div class="block shared">{render(start, end, "tgt")}</div>')
            continue
        first = mine[0]
        klass = f"kind-{kind(first)}" + (" draft" if any(draft(i) for i in mine) else "")
        ident = f' id="{html.escape(anchor(first))}"'
        table = tokens[start].type == "table_open"
        if layout == "target-only":
            rows.append(f'<div class="block {klass}"{ident}><div class="cell tgt" {tgt}>'
                        f"{render(start, end, 'tgt')}</div></div>")
        elif table:
            rows.append(f'<div class="block shared table {klass}"{ident}>{render(start, end, "both")}</div>')
        else:
            row = "row" if layout == "side-by-side" else "block"
            rows.append(
                f'<div class="{row} {klass}"{ident}>'
                f'<div class="cell src" lang="{source_lang}">{render(start, end, "src")}</div>'
                f'<div class="cell tgt" {tgt}>{render(start, end, "tgt")}</div></div>'
            )
    return rows


def _has_text(inline: Any) -> bool:
    """Whether an inline token has text beside its images (an image alone is shown once, not in both languages)."""
    return any(
        t.type not in ("image", "softbreak", "hardbreak") and (t.type != "text" or t.content.strip())
        for t in inline.children or ()
    )


def strip_images(fragment: str) -> str:
    """*fragment* without its ``<img>`` elements (the source side of a bilingual text: images show with the target)."""
    return IMG_TAG.sub("", fragment)
