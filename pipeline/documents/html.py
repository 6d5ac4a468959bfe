"""HTML articles (``.html``, ``.htm``): a skeleton reader for :mod:`pipeline.documents.skeleton`.

Parsed with the standard library's :class:`html.parser.HTMLParser`: it is
tolerant the way browsers are (unclosed tags, stray end tags, bad
attributes never raise) and, unlike html5lib or lxml, it reports where in
the source each tag starts (:meth:`~html.parser.HTMLParser.getpos`), which a
byte-faithful skeleton needs. Implied end tags (``<p>`` closed by the next
block, ``<li>`` by the next item) are applied here.

Translatable: the content of ``p``, ``h1``–``h6``, ``li``, ``blockquote``,
``figcaption``, ``td``, ``th``, ``dt``, ``dd`` and ``title`` that holds no
other such block, and the ``alt`` and ``title`` attributes. Inline elements
(``a``, ``em``, ``code``, ``br``, …) stay in the text as markup the engine
never sees (:func:`markup_spans`). ``script``, ``style``, ``pre``, ``code``
and ``textarea`` pass through, as does anything under ``translate="no"`` or
``class="notranslate"``. Entities and character references are kept exactly
as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from pipeline.documents.blocks import BlockKind, DocumentFormat, InlineSyntax, References, Skeleton, Slot, Span
from pipeline.errors import InputError

#: Elements whose content is translated (when it holds no other of them).
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "td", "th", "dt", "dd", "title"})
#: Elements whose content is passed through untouched.
RAW = frozenset({"script", "style", "pre", "code", "textarea", "svg", "math"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
#: Block-level start tags that close an open ``<p>``.
_CLOSES_P = frozenset(
    {"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure", "footer", "form", "h1", "h2",
     "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "figcaption"}
)  # fmt: skip
#: A start tag closes an open element of these kinds (implied end tags).
_IMPLIED = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"}}
_ATTR = re.compile(r"""\s(alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SPACE = re.compile(r"\s+")


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Tags and character references in an HTML text: kept verbatim, never sent to the engine."""
    return [m.span() for m in _MARKUP.finditer(text)]


def unsplittable_spans(text: str) -> list[tuple[int, int]]:
    """Tags, character references and whole ``<a>…</a>`` elements: no sentence ends inside them."""
    spans = markup_spans(text)
    for m in re.finditer(r"<a\b[^>]*>.*?</a\s*>", text, re.IGNORECASE | re.DOTALL):
        spans.append(m.span())
    return sorted(spans)


#: One compound selector: (tag or "", ids, classes).
_Compound = tuple[str, frozenset[str], frozenset[str]]
_COMPOUND = re.compile(r"^([A-Za-z][A-Za-z0-9-]*|\*)?((?:[.#][A-Za-z0-9_-]+)*)$")


def parse_selector(css: str) -> list[list[_Compound]]:
    """A selector list of the supported subset: type, ``.class`` and ``#id`` selectors,
    combined (``article.main``), with descendant combinators (``main article``), comma-separated.

    Raises ValueError for anything else.
    """
    groups: list[list[_Compound]] = []
    for part in css.split(","):
        chain: list[_Compound] = []
        for word in part.split():
            m = _COMPOUND.match(word)
            if m is None or not word:
                raise ValueError(f"unsupported selector {word!r}")
            tag = (m.group(1) or "").lower().replace("*", "")
            rest = m.group(2) or ""
            ids = frozenset(x[1:] for x in re.findall(r"#[A-Za-z0-9_-]+", rest))
            classes = frozenset(x[1:] for x in re.findall(r"\.[A-Za-z0-9_-]+", rest))
            chain.append((tag, ids, classes))
        if not chain:
            raise ValueError("empty selector")
        groups.append(chain)
    return groups


def _compound_matches(compound: _Compound, tag: str, attrs: dict[str, str | None]) -> bool:
    want_tag, ids, classes = compound
    if want_tag and want_tag != tag:
        return False
    if ids and (attrs.get("id") or "") not in ids:
        return False
    return classes <= set((attrs.get("class") or "").split())


@dataclass
class _Open:
    tag: str
    content_start: int
    line: int
    skip: bool
    has_block: bool = False
    #: Inside the part chosen with ``--select`` (always, without one).
    selected: bool = True
    #: For each selector chain, how many of its compounds the ancestors and this element matched.
    progress: tuple[int, ...] = ()
    #: Under ``translate="no"``, ``class="notranslate"`` or a raw element.
    kept: bool = False


class _Reader(HTMLParser):
    def __init__(self, text: str, select: list[list[_Compound]] | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.select = select
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())
        self.stack: list[_Open] = []
        self.slots: list[Slot] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _skipping(self) -> bool:
        if not self.stack:
            return self.select is not None
        return self.stack[-1].skip

    def _selection(self, tag: str, attrs: dict[str, str | None]) -> tuple[bool, tuple[int, ...]]:
        """Whether an element is in the selected part, and its progress along each selector chain."""
        if self.select is None:
            return True, ()
        parent = self.stack[-1] if self.stack else None
        before = parent.progress if parent is not None else (0,) * len(self.select)
        progress = tuple(
            done + 1 if done < len(chain) and _compound_matches(chain[done], tag, attrs) else done
            for chain, done in zip(self.select, before)
        )
        matched = any(done == len(chain) for chain, done in zip(self.select, progress))
        return (parent is not None and parent.selected) or matched, progress

    def _close(self, index: int, end: int) -> None:
        """Close ``stack[index]`` (and what is open inside it) at source offset *end*."""
        while len(self.stack) > index:
            node = self.stack.pop()
            if node.tag in BLOCKS and not node.skip and not node.has_block:
                self._slot(node, end)

    def _slot(self, node: _Open, end: int) -> None:
        content = self.text[node.content_start : end]
        if not _SPACE.sub("", _MARKUP.sub("", content)):
            return
        start = node.content_start + len(content) - len(content.lstrip())
        stop = node.content_start + len(content.rstrip())
        kind = BlockKind.PARAGRAPH
        level = 0
        if node.tag == "title":
            kind, level = BlockKind.TITLE, 1
        elif node.tag[0] == "h" and node.tag[1:].isdigit():
            kind, level = BlockKind.HEADING, int(node.tag[1:])
        elif node.tag == "li":
            kind, level = BlockKind.LIST_ITEM, 1
        elif node.tag == "blockquote":
            kind, level = BlockKind.QUOTE, 1
        elif node.tag in ("td", "th"):
            kind = BlockKind.TABLE_CELL
        self.slots.append(
            Slot(start=start, end=stop, text=_SPACE.sub(" ", self.text[start:stop]), kind=kind, line=node.line,
                 level=level, escape="html")
        )  # fmt: skip

    def _attributes(self, start: int, raw: str, skip: bool) -> None:
        if skip:
            return
        line = self.getpos()[0]
        for m in _ATTR.finditer(raw):
            group = 2 if m.group(2) is not None else 3 if m.group(3) is not None else 4
            value = m.group(group)
            if not value.strip():
                continue
            kind = BlockKind.ALT_TEXT if m.group(1).lower() == "alt" else BlockKind.LINK_TITLE
            escape = "html-attr" + ("'" if group == 3 else '"')
            a, b = m.span(group)
            if group == 4:
                escape = "html-attr-bare"
            self.slots.append(
                Slot(start=start + a, end=start + b, text=value, kind=kind, line=line, escape=escape,
                     construct=raw, inner=(a, b))
            )  # fmt: skip

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag == "p" or tag in _CLOSES_P:
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i].tag == "p":
                    self._close(i, start)
                    break
                if self.stack[i].tag in ("div", "li", "td", "th", "blockquote", "body", "section", "article"):
                    break
        if tag in _IMPLIED:
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i].tag in _IMPLIED[tag]:
                    self._close(i, start)
                    break
                if self.stack[i].tag in ("ul", "ol", "dl", "table", "tbody", "thead"):
                    break
        values = dict(attrs)
        selected, progress = self._selection(tag, values)
        kept = (  # never translated, selected or not
            (self.stack[-1].kept if self.stack else False)
            or tag in RAW
            or (values.get("translate") or "").lower() == "no"
            or "notranslate" in (values.get("class") or "").split()
        )
        skip = kept or not selected
        self._attributes(start, raw, skip)
        if tag in VOID:
            return
        if tag in BLOCKS:
            for node in self.stack:
                node.has_block = True
        self.stack.append(
            _Open(tag, start + len(raw), self.getpos()[0], skip, selected=selected, progress=progress, kept=kept)
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        values = dict(attrs)
        skip = self._skipping() or (values.get("translate") or "").lower() == "no"
        self._attributes(self._offset(), raw, skip)

    def handle_endtag(self, tag: str) -> None:
        end = self._offset()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self._close(i, end)
                return

    def finish(self) -> list[Slot]:
        """The slots in document order; an attribute inside a translated block is that block's child."""
        self.close()
        self._close(0, len(self.text))
        blocks = sorted((s for s in self.slots if not s.construct), key=lambda s: s.start)
        attributes = sorted((s for s in self.slots if s.construct), key=lambda s: s.start)
        block_starts = [b.start for b in blocks]
        children: dict[int, list[Slot]] = {}
        top: list[tuple[int, int, Slot]] = [(b.start, i, b) for i, b in enumerate(blocks)]
        for attr in attributes:
            holder = bisect_right(block_starts, attr.start) - 1  # blocks do not overlap
            if holder >= 0 and attr.end <= blocks[holder].end:
                children.setdefault(holder, []).append(attr)
            else:
                top.append((attr.start, -1, replace(attr, construct="", inner=(0, 0))))
        out: list[Slot] = []
        for _, block_index, slot in sorted(top, key=lambda t: t[0]):
            index = len(out)
            out.append(slot)
            for child in children.get(block_index, []) if block_index >= 0 else []:
                out.append(replace(child, start=slot.start, end=slot.start, parent=index))
        return out


def html_skeleton(text: str, *, select: str | None = None) -> Skeleton:
    """The skeleton of an HTML document (see the module docstring).

    *select*: translate only the elements a CSS selector matches (and what
    is inside them); see :func:`parse_selector` for the supported subset.
    """
    try:
        chains = parse_selector(select) if select else None
    except ValueError as exc:
        raise InputError(
            f"--select {select!r}: {exc}",
            hint="use type, .class and #id selectors, combined (article.main), with spaces and commas",
        ) from exc
    reader = _Reader(text, chains)
    reader.feed(text)
    slots = reader.finish()
    # A title element is the title; headings stay headings.
    return Skeleton(source=text, format=HTML, slots=tuple(slots))


def place_html(slot: Slot, translation: str) -> str:
    """The text written in place of an HTML document's *slot* for *translation*."""
    esc = slot.escape
    if esc.startswith("html-attr"):
        one = translation.replace("\n", " ")
        if esc == "html-attr'":
            return one.replace("'", "&#39;")
        if esc == "html-attr-bare" and (not one or re.search(r"[\s\"'=<>`]", one)):
            return '"' + one.replace('"', "&quot;") + '"'
        return one.replace('"', "&quot;")
    return translation


class HtmlFormat(DocumentFormat):
    """HTML pages: text runs in blocks, tags kept in the slot texts as markup the engine never sees."""

    name = "html"
    title = "HTML"
    suffixes = (".html", ".htm")
    inline = InlineSyntax.HTML
    selectable = True
    native_edition = "html"

    def read(self, text: str, *, select: str | None = None) -> Skeleton:
        return html_skeleton(text, select=select)

    def markup_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return markup_spans(text)

    def unsplittable_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return unsplittable_spans(text)

    def protected_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return markup_spans(text)

    def place(self, slot: Slot, translation: str) -> str:
        return place_html(slot, translation)


#: The HTML format.
HTML = HtmlFormat()


_HTML_LANG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTR = re.compile(r"""\slang\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def set_lang(document: str, lang: str) -> str:
    """*document* with ``lang`` set on its ``<html>`` element (added when there is none)."""
    m = _HTML_LANG.search(document)
    if m is None:
        return document
    tag = m.group(0)
    if _LANG_ATTR.search(tag):
        new = _LANG_ATTR.sub(f' lang="{lang}"', tag, count=1)
    else:
        new = tag[:5] + f' lang="{lang}"' + tag[5:]
    return document[: m.start()] + new + document[m.end() :]
