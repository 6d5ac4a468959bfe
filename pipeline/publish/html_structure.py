"""An HTML article's bilingual editions rendered from the page's structure, as a Markdown article's are.

The page's body is cut into *units*: the blocks a reader sees one after the
other (a paragraph, a heading, a table, a list, a figure, a quote), found by
going down through the containers that only hold blocks (``article``,
``main``, ``section``, ``div``, ``header``, ``footer``...). Each slot of the
page is replaced by a mark first (as :mod:`pipeline.publish.structure` does),
so each unit is the source's own markup, and each mark is then replaced by
the slot's sentences for one side. A unit is then shown as a Markdown
block is: twice (source and target) when it has text, a table once with
each cell holding both languages, a unit without text (an image alone, code)
once, across the page; images show with the target only.

What is copied of the source's markup is what an edition may carry: no
script, style, form control or embedded object (:data:`DROPPED`), only the
attributes that carry meaning (:data:`COPIED_ATTRIBUTES`: no event handler,
inline style or microdata), no unsafe URL; ids on the target side only, and
the target side loses the source's ``lang``. A sentence's own markup is
balanced within its span (:func:`balanced`). A translation goes through
:func:`pipeline.publish.html.safe_target` as in every HTML article's edition.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from pipeline.documents.blocks import Skeleton
from pipeline.documents.html_markup import VOID
from pipeline.documents.html_reader import BLOCK_LEVEL
from pipeline.publish.safety import safe_attribute, start_tag
from pipeline.publish.structure import SlotView, block_row, marked_document, marks_in, replace_marks, strip_images

#: Elements whose content is blocks, gone through to find the units (when they hold no text of their own).
CONTAINERS = frozenset(
    {"body", "main", "article", "section", "div", "header", "footer", "nav", "aside", "hgroup", "search", "center",
     "form", "fieldset"}
)  # fmt: skip
#: Elements an edition never carries, with their content: code, form controls, embedded objects. A form's
#: other content stays (a CMS may wrap the whole page in one ``<form>``); a button's label goes with the button.
DROPPED = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "input", "button", "select",
     "textarea", "canvas", "svg", "dialog", "link", "meta", "base", "title"}
)  # fmt: skip
#: A document's own frame met inside a fragment (an HTML block that holds a whole page): its tags are left out, its content kept.
_FRAME = frozenset({"html", "head", "body"})
#: The attributes of the source's structure an edition copies: what the content means (links, images, table
#: spans, list numbering, dates, language). Scripts' hooks, microdata, form wiring, inline styles and the like
#: stay behind; ids are kept on the target side only (a unit is shown twice, the page's links lead to the translation).
COPIED_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "sizes", "alt", "title", "width", "height", "colspan", "rowspan", "headers", "scope",
     "abbr", "start", "reversed", "type", "value", "cite", "datetime", "lang", "dir", "open", "id", "class", "span",
     "role"}
)  # fmt: skip
#: Elements a start tag of the same group ends when one is open (the HTML Standard's implied end tags).
_SIBLINGS = {"li": "li", "dt": "dd", "dd": "dd", "td": "td", "th": "td", "tr": "tr", "p": "p", "option": "option"}
_ID = re.compile(r"\sid\s*=", re.I)
_END = re.compile(r"</\s*([A-Za-z][A-Za-z0-9-]*)")


@dataclass(frozen=True)
class _Tag:
    kind: str  #: "start", "end", "startend" or "text"
    name: str
    start: int
    end: int


class _Scanner(HTMLParser):
    """Where each start tag, end tag and text run of a page starts and ends (offsets in the page)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0]
        for m in re.finditer("\n", text):
            self.lines.append(m.end())
        self.tags: list[_Tag] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._at()
        raw = self.get_starttag_text() or ""
        self.tags.append(_Tag("start", tag, at, at + len(raw)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._at()
        raw = self.get_starttag_text() or ""
        self.tags.append(_Tag("startend", tag, at, at + len(raw)))

    def handle_endtag(self, tag: str) -> None:
        at = self._at()
        close = self.text.find(">", at)
        self.tags.append(_Tag("end", tag, at, len(self.text) if close < 0 else close + 1))

    def handle_data(self, data: str) -> None:
        if data.strip():
            at = self._at()
            self.tags.append(_Tag("text", "", at, at + len(data)))

    def handle_comment(self, data: str) -> None:
        at = self._at()
        self.tags.append(_Tag("comment", "", at, at + len(data) + 7))

    def handle_decl(self, decl: str) -> None:  # <!doctype html>: left out, as a comment is
        at = self._at()
        close = self.text.find(">", at)
        self.tags.append(_Tag("comment", "", at, len(self.text) if close < 0 else close + 1))

    def handle_pi(self, data: str) -> None:
        self.handle_decl(data)

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_entityref(self, name: str) -> None:
        at = self._at()
        self.tags.append(_Tag("text", "", at, at + len(name) + 1))

    def handle_charref(self, name: str) -> None:
        self.handle_entityref(name)


def _extent(tags: list[_Tag], i: int, stop: int) -> int:
    """The index after the last tag of the element that *tags[i]* opens (before *stop*)."""
    first = tags[i]
    if first.kind != "start" or first.name in VOID:
        return i + 1
    stack = [first.name]
    j = i + 1
    while j < stop and stack:
        tag = tags[j]
        if tag.kind == "start" and tag.name not in VOID:
            if len(stack) == 1 and stack[0] == "p" and tag.name in BLOCK_LEVEL:
                return j  # a block start tag ends an open <p>
            stack.append(tag.name)
        elif tag.kind == "end" and tag.name in stack:
            while stack and stack.pop() != tag.name:
                pass
        j += 1
    return j


def _units(tags: list[_Tag], start: int, stop: int) -> list[tuple[int, int]]:
    """The units (page offsets ``[start, end)``) among ``tags[start:stop]``, going down through containers."""
    out: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None  # inline content outside any block: one unit
    i = start
    while i < stop:
        tag = tags[i]
        end = _extent(tags, i, stop)
        if tag.kind in ("end", "comment"):
            i += 1
            continue
        if tag.name in DROPPED:
            i = end
            continue
        block = tag.kind != "text" and tag.name in BLOCK_LEVEL
        if not block:
            last = tags[end - 1]
            run = (run[0] if run else tag.start, last.end)
            i = end
            continue
        if run is not None:
            out.append(run)
            run = None
        closed = tags[end - 1].kind == "end" and tags[end - 1].name == tag.name
        children = _children(tags, i + 1, end - 1 if closed else end)
        if tag.name in CONTAINERS and children and not any(t.kind == "text" for t in children):
            out.extend(_units(tags, i + 1, end))
        else:
            out.append((tag.start, tags[end - 1].end))
        i = end
    if run is not None:
        out.append(run)
    return out


def _children(tags: list[_Tag], start: int, stop: int) -> list[_Tag]:
    """The tags directly inside (the first level of) ``tags[start:stop]``."""
    out, i = [], start
    while i < stop:
        out.append(tags[i])
        i = max(_extent(tags, i, stop), i + 1)
    return out


def copied_markup(fragment: str, *, side: str, view: SlotView) -> str:
    """The source's markup *fragment* (a unit of a page, an HTML block of a Markdown article) as an edition writes
    it for *side*: dropped elements and attributes left out, each mark replaced by its slot as HTML, or as plain
    text in an attribute value (*view*)."""
    text, plain = view.text_html, view.plain_text
    out: list[str] = []
    scanner = _Scanner(fragment)
    scanner.feed(fragment)
    scanner.close()
    pos, dropping = 0, 0
    stack: list[str] = []  # the unit's own elements still open
    for tag in scanner.tags:
        if tag.start < pos:
            continue
        if not dropping:
            out.append(replace_marks(fragment[pos : tag.start], lambda index: text(index, side)))
        pos = tag.start
        raw = fragment[tag.start : tag.end]
        if tag.kind == "text":
            continue  # written with the text before the next tag
        pos = tag.end
        if tag.kind == "comment":
            continue
        if tag.name in DROPPED and tag.name not in VOID:
            dropping += 1 if tag.kind == "start" else -1 if tag.kind == "end" and dropping else 0
            continue
        if dropping or tag.name in DROPPED or tag.name in _FRAME:
            continue
        if tag.kind == "end":
            out.append(_close(stack, tag.name))  # nothing for an end tag that closes nothing of the unit
            continue
        found = start_tag(raw)
        if found is None:
            continue
        name, attrs, closed = found
        if stack and _SIBLINGS.get(stack[-1]) == _SIBLINGS.get(name, name):
            out.append(f"</{stack.pop()}>")  # <li> after an open <li>: the first one ends (HTML's implied end)
        if not closed and name not in VOID:
            stack.append(name)
        kept = []
        for attr, value in attrs:
            if ((attr not in COPIED_ATTRIBUTES and not attr.startswith("aria-")) or (side != "src" and attr == "lang") or (side == "src" and attr == "id")
                    or not safe_attribute(attr, value)):
                continue
            if value is None:
                kept.append(f" {attr}")
                continue
            value = replace_marks(value, lambda index: plain(index, side))
            kept.append(f' {attr}="{html.escape(value, quote=True)}"')
        if name == "img" and not any(a == "alt" for a, _ in attrs):
            kept.append(' alt=""')  # an image the source left without a text alternative: decorative
        out.append(f"<{name}{''.join(kept)}>")
    if not dropping:
        out.append(replace_marks(fragment[pos:], lambda index: text(index, side)))
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)


def _close(stack: list[str], name: str) -> str:
    """The end tags that close the open *name* and what is open inside it (*stack* loses them); none when *name* is not open."""
    if name not in stack:
        return ""
    out = []
    while stack:
        top = stack.pop()
        out.append(f"</{top}>")
        if top == name:
            break
    return "".join(out)


def balanced(fragment: str) -> str:
    """*fragment* (a sentence of an HTML article) with its elements balanced: an end tag that closes nothing
    opened in it is left out, an element still open at its end is closed there (a sentence cut from the middle of
    an element is well-formed inside its span)."""
    if "<" not in fragment:
        return fragment
    from pipeline.publish.safety import html_tokens

    out: list[str] = []
    stack: list[str] = []
    for token in html_tokens(fragment):
        if token.kind == "markup" and (end := _END.match(token.raw)) is not None:
            out.append(_close(stack, end.group(1).lower()))
            continue
        if token.kind == "markup" and (found := start_tag(token.raw)) is not None and not found[2] and found[0] not in VOID:
            stack.append(found[0])
        out.append(token.raw)
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)


def without_ids(fragment: str) -> str:
    """*fragment* with the ``id`` attributes of its tags left out (the source side of a page shown twice)."""
    if not _ID.search(fragment):
        return fragment
    from pipeline.publish.safety import html_tokens

    out = []
    for token in html_tokens(fragment):
        found = start_tag(token.raw) if token.kind == "markup" and _ID.search(token.raw) else None
        if found is None:
            out.append(token.raw)
            continue
        name, attrs, closed = found
        kept = "".join(f" {n}" if v is None else f' {n}="{html.escape(v, quote=True)}"' for n, v in attrs if n != "id")
        out.append(f"<{name}{kept}{' /' if closed else ''}>")
    return "".join(out)


def render_page_structure(skeleton: Skeleton, *, layout: str, view: SlotView) -> list[str]:
    """The rows of the page's body, one per unit (see the module docstring); slots outside the body are left out.

    *view*: how its slots show (:class:`pipeline.publish.structure.SlotView`).
    """
    page = marked_document(skeleton)
    scanner = _Scanner(page)
    scanner.feed(page)
    scanner.close()
    tags = scanner.tags
    body = next((i for i, t in enumerate(tags) if t.kind == "start" and t.name == "body"), -1)
    head_end = _head_end(tags)
    first = body + 1 if body >= 0 else next((i for i, t in enumerate(tags) if t.start >= head_end and t.name not in ("html", "head")), len(tags))
    stop = next((i for i in range(len(tags) - 1, first - 1, -1) if tags[i].kind == "end" and tags[i].name == "body"), len(tags))
    rows: list[str] = []
    for start, end in _units(tags, first, stop):
        fragment = page[start:end]

        def render(side: str, fragment: str = fragment) -> str:
            written = copied_markup(fragment, side=side, view=view)
            return strip_images(written) if side == "src" else written

        row = block_row(layout=layout, marks=marks_in(fragment), render=render,
                        table=fragment.lstrip().lower().startswith("<table"), view=view)
        if row:
            rows.append(row)
    return rows


def _head_end(tags: list[_Tag]) -> int:
    """Where the page's head ends (the offset after ``</head>``), 0 without one."""
    return next((t.end for t in tags if t.kind == "end" and t.name == "head"), 0)


def body_slots(skeleton: Skeleton) -> frozenset[int]:
    """The indexes of the slots inside the page's ``<body>`` (all of them on a page without one)."""
    match = re.search(r"<body\b", skeleton.source, re.I)
    start = match.start() if match else _head_end_offset(skeleton.source)
    return frozenset(i for i, s in enumerate(skeleton.slots) if s.start >= start)


def _head_end_offset(source: str) -> int:
    match = re.search(r"</head\s*>", source, re.I)
    return match.end() if match else 0
