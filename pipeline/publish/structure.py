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
  target only, so a bilingual page shows each image once;
- an **alert or admonition** (:mod:`pipeline.publish.admonitions`) is one box
  across the page, its title in both languages, its content as rows of its own;
- a **definition list** stays a ``<dl>`` in both languages.

How: each translatable slot of the document is replaced by a mark (a
private-use character, its index, another), the marked document is parsed
(:func:`document_markdown`), and each mark is replaced, once rendered, by its
slot's sentences (:class:`SlotView`). So the parser sees the document's structure and none of
the translations: a translation cannot open a list or close a table. Raw
HTML outside the slots is escaped; in a text, the renderer keeps what
:mod:`pipeline.publish.safety` allows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from pipeline.documents.blocks import Skeleton
from pipeline.publish.admonitions import label, normalise, tabs_plugin
from pipeline.publish.images import IMG_TAG

#: A slot's mark in the marked document: private-use characters around its index (the space keeps
#: ``[^1]: <mark>`` from reading as a link reference definition).
_MARK = re.compile(r"\ue000 ([0-9]+)\ue001")
#: A footnote definition's label before a mark: the slot's text brings it back, as a link (:mod:`pipeline.publish.html`).
_DEFINITION_BEFORE_MARK = re.compile(r"\[\^[^\]\s]+\]:[ \t]*(?=\ue000)")


def _mark(index: int) -> str:
    return f"\ue000 {index}\ue001"


def has_marks(text: str) -> bool:
    """Whether *text* holds a slot's mark (the reader made part of it translatable)."""
    return _MARK.search(text) is not None


def marks_in(text: str) -> list[int]:
    """The slots (indexes) whose marks *text* holds, in order."""
    return [int(i) for i in _MARK.findall(text)]


def replace_marks(text: str, replacement: Callable[[int], str]) -> str:
    """*text* with each mark replaced by *replacement(slot index)*."""
    return _MARK.sub(lambda m: replacement(int(m.group(1))), text)


@dataclass(frozen=True)
class SlotView:
    """How an edition shows the slots of a document: each slot (by index) as HTML for side ``src``, ``tgt`` or
    ``both`` (a table cell, a box's title) or as plain text (in an attribute), and the id, draft state, kind and
    text (not an image alone) of its block."""

    text_html: Callable[[int, str], str]
    #: A slot inside an attribute (an HTML alt text) as plain text, for side ``src`` or ``tgt``.
    plain_text: Callable[[int, str], str]
    anchor: Callable[[int], str]
    draft: Callable[[int], bool]
    kind: Callable[[int], str]
    has_text: Callable[[int], bool]
    source_lang: str
    target_lang: str


def dir_attribute(lang: str | None) -> str:
    """``dir="rtl"`` for an element in a right-to-left language (the languages table); nothing otherwise."""
    if not lang:
        return ""
    from pipeline.languages.table import find

    language = find(lang)
    return ' dir="rtl"' if language is not None and language.is_rtl else ""


def bilingual_row(*, layout: str, classes: str, ident: str, source: str, target: str) -> str:
    """A block in both languages: its two cells side by side (a row), or one after the other (interleaved)."""
    row = "row" if layout == "side-by-side" else "block"
    return f'<div class="{row} {classes}"{ident}>{source}{target}</div>'


def block_row(*, layout: str, marks: Sequence[int], render: Callable[[str], str], table: bool, view: SlotView) -> str:
    """One block of a document as an edition shows it (see the module docstring); *render(side)* gives its HTML."""
    texts = [m for m in marks if view.has_text(m)]
    if not texts:
        # No text (an image alone, code, a rule): shown once, across the page.
        shown = render("tgt")
        return f'<div class="block shared">{shown}</div>' if shown.strip() else ""
    klass = f"kind-{view.kind(texts[0])}" + (" draft" if any(view.draft(m) for m in texts) else "")
    ident = f' id="{html.escape(view.anchor(texts[0]))}"'
    target = f'<div class="cell tgt" lang="{view.target_lang}"{dir_attribute(view.target_lang)}>{render("tgt")}</div>'
    if layout == "target-only":
        return f'<div class="block {klass}"{ident}>{target}</div>'
    if table:
        return f'<div class="block shared table {klass}"{ident}>{render("both")}</div>'
    return bilingual_row(
        layout=layout, classes=klass, ident=ident,
        source=f'<div class="cell src" lang="{view.source_lang}">{render("src")}</div>', target=target,
    )


@lru_cache(maxsize=1)
def document_markdown() -> Any:  # markdown_it.MarkdownIt
    """The parser of a whole marked document: CommonMark with GFM tables and alerts, admonitions
    (``!!!``, ``???``), content tabs (``===``), pymdown blocks (``///``), definition lists and colon fences.
    An HTML block is read as one (and written by :func:`pipeline.publish.html_structure.copied_markup`);
    inline HTML outside a slot is text."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin

    md = MarkdownIt("commonmark", {"html": True, "alerts": True}).enable("table").disable("html_inline")
    md.use(admon_plugin).use(deflist_plugin).use(colon_fence_plugin).use(tabs_plugin)
    md.use(container_plugin, "pymdown", marker="/", validate=lambda params, *_: bool(params.strip()))
    for kind in ("admonition_open", "admonition_close", "admonition_title_open", "admonition_title_close"):
        md.add_render_rule(kind, _render_admonition)
    return md


def _render_admonition(self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    """A box: ``<aside class="admonition KIND">`` with a ``<p class="admonition-title">``, or, collapsible,
    ``<details>`` with a ``<summary>``."""
    tok = tokens[idx]
    collapse = str(tok.meta.get("collapse", ""))
    if tok.type == "admonition_open":
        kind = re.sub(r"[^\w-]", "", str(tok.meta.get("tag", ""))) or "note"
        classes = "admonition" if kind == "admonition" else f"admonition {kind}"
        if collapse:
            return f'<details class="{classes}"{" open" if collapse == "open" else ""}>\n'
        return f'<aside class="{classes}">\n'
    if tok.type == "admonition_close":
        return "</details>\n" if collapse else "</aside>\n"
    if tok.type == "admonition_title_open":
        return '<summary class="admonition-title">' if collapse else '<p class="admonition-title">'
    return "</summary>\n" if collapse else "</p>\n"


def blank_front_matter(skeleton: Skeleton) -> str:
    """The document's source with its front matter blanked to spaces (line numbers kept), for markdown-it."""
    return blank_before(skeleton.source, skeleton.body_start)


def blank_before(source: str, end: int) -> str:
    """*source* with everything before *end* (the front matter) blanked to spaces, its line breaks kept."""
    return re.sub(r"[^\n]", " ", source[:end]) + source[end:]


def marked_document(skeleton: Skeleton, replaced: Sequence[tuple[int, int, str]] = ()) -> str:
    """The source document with its front matter blanked (lines kept) and each slot of its body replaced by its mark;
    each of *replaced* (``start, end, text``: a template block) by its text, the slots inside it too."""
    source, body = skeleton.source, skeleton.body_start
    pieces, pos = [blank_before(source[:body], body)], body
    spans = [(s.start, s.end, _mark(i)) for i, s in enumerate(skeleton.slots) if s.parent < 0 and s.start >= body]
    for start, end, text in sorted([*replaced, *spans], key=lambda span: (span[0], -span[1])):
        if start < pos:
            continue
        pieces.append(source[pos:start])
        pieces.append(text)
        pos = end
    pieces.append(source[pos:])
    return "".join(pieces)


def top_level_groups(tokens: Sequence[Any], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans ``[start, end)`` of the top-level blocks of ``tokens[start:end]``."""
    out, first, depth = [], -1, 0
    for i in range(start, len(tokens) if end is None else end):
        if first < 0:
            first = i
        depth += tokens[i].nesting
        if depth == 0:
            out.append((first, i + 1))
            first = -1
    return out


def _with_collapse(tokens: Sequence[Any]) -> list[Any]:
    """*tokens* with each admonition's title and closing tokens knowing whether the box is collapsible."""
    out, stack = [], []
    for tok in tokens:
        if tok.type == "admonition_open":
            stack.append(tok.meta.get("collapse", ""))
        elif tok.type in ("admonition_title_open", "admonition_title_close", "admonition_close") and stack:
            tok = tok.copy(meta={**(tok.meta or {}), "collapse": stack[-1]})
            if tok.type == "admonition_close":
                stack.pop()
        out.append(tok)
    return out


def render_structure(
    skeleton: Skeleton, *, layout: str, view: SlotView, copy_markup: Callable[..., str],
    replaced: Sequence[tuple[int, int, str]] = (), prepare: Callable[[str], str] | None = None,
) -> list[str]:
    """The article's blocks as HTML, one string per top-level block of the document (*view*: how its slots show);
    *copy_markup* writes an HTML block of the source (:func:`pipeline.publish.html_structure.copied_markup`, given
    by the caller: that module builds on this one); *replaced* and *prepare* (the marked document as CommonMark
    must read it) as :func:`marked_document` takes them."""
    from markdown_it.token import Token

    md = document_markdown()
    env: dict[str, Any] = {}
    marked = marked_document(skeleton, replaced)
    tokens = _with_collapse(normalise(md.parse(prepare(marked) if prepare else marked, env), lambda text: md.parse(text, env), has_marks))
    marks = [marks_in(tok.content) if tok.type in ("inline", "html_block") else [] for tok in tokens]
    source_lang, target_lang = view.source_lang, view.target_lang
    langs = {"src": source_lang, "tgt": target_lang}

    def title_label(i: int, side: str) -> str:
        """A box's own title (its mark), else its kind's label in the side's language(s)."""
        box = next(t for t in reversed(tokens[:i]) if t.type == "admonition_open")
        tag = str(box.meta.get("tag", ""))
        if side != "both":
            return html.escape(label(tag, langs[side]))
        source, target = label(tag, source_lang), label(tag, target_lang)
        if source == target:
            return html.escape(target)
        return (f'<span class="pair src" lang="{source_lang}">{html.escape(source)}</span>'
                f'<span class="pair tgt" lang="{target_lang}">{html.escape(target)}</span>')

    def inline(i: int, side: str) -> str:
        tok = tokens[i]
        if tokens[i - 1].type == "admonition_title_open" and not marks[i]:
            return title_label(i, side)
        children = tok.children or []
        if side == "src":
            children = [t for t in children if t.type != "image"]  # an image is shown once, with the target
        rendered = str(md.renderer.renderInline(children, md.options, env))
        if not marks[i]:
            return rendered
        return replace_marks(_DEFINITION_BEFORE_MARK.sub("", rendered), lambda index: view.text_html(index, side))

    def render(start: int, end: int, side: str) -> str:
        part = []
        for i in range(start, end):
            tok = tokens[i]
            if tok.type == "inline":
                tok = tok.copy(children=[Token("html_inline", "", 0, content=inline(i, side))])
            elif tok.type == "html_block":  # the source's own HTML, as an HTML article's is copied
                written = copy_markup(tok.content, side=side, view=view)
                tok = tok.copy(content=strip_images(written) if side == "src" else written)
            part.append(tok)
        return str(md.renderer.render(part, md.options, env))

    def rows(start: int, end: int) -> list[str]:
        out: list[str] = []
        for first_token, stop in top_level_groups(tokens, start, end):
            mine = [m for i in range(first_token, stop) for m in marks[i]]
            opening = tokens[first_token].type
            if opening == "admonition_open" and layout != "target-only" and any(view.has_text(m) for m in mine):
                # One box across the page, its title in both languages, its content as rows of its own.
                inner = first_token + 1
                head = ""
                if tokens[inner].type == "admonition_title_open":
                    head = render(inner, inner + 3, "both")
                    inner += 3
                out.append(md.renderer.render([tokens[first_token]], md.options, env) + head
                           + "\n".join(rows(inner, stop - 1)) + md.renderer.render([tokens[stop - 1]], md.options, env))
                continue
            row = block_row(layout=layout, marks=mine, render=partial(render, first_token, stop),
                            table=opening == "table_open", view=view)
            if row:
                out.append(row)
        return out

    return rows(0, len(tokens))


def strip_images(fragment: str) -> str:
    """*fragment* without its ``<img>`` elements (the source side of a bilingual text: images show with the target)."""
    return IMG_TAG.sub("", fragment)
