"""The HTML parser: a page's text runs grouped into slots as a browser lays them out, and the CSS selector subset of --select."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from pipeline.documents.blocks import BlockKind, Slot, Untranslated
from pipeline.documents.html_markup import NOT_RENDERED, VOID, ATTR_RE, SPACE_RE, kept_reason, collapse_space


#: Elements the HTML rendering model displays as blocks (HTML Standard §15.3, its user agent
#: style sheet: ``display: block``, ``list-item``, ``table*``), plus the inline blocks whose
#: text never joins the sentence around it (``button``, ``select``, ``option``) and ``title``.
#: Their start and end tags end a run of inline text.
BLOCK_LEVEL = frozenset(
    {"address", "article", "aside", "blockquote", "body", "button", "caption", "center", "col", "colgroup", "dd",
     "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame",
     "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "legend",
     "li", "listing", "main", "menu", "nav", "ol", "optgroup", "option", "p", "plaintext", "pre", "search",
     "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
     "xmp", "video", "audio", "object", "canvas", "map"}
)  # fmt: skip
#: Where a start tag implies the end of an open element: the elements it closes and the
#: elements that stop the search (an element beyond them stays open).
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "p": (frozenset({"p"}), frozenset({"div", "li", "td", "th", "blockquote", "body", "section", "article", "button", "dd", "dt", "table"})),
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu", "dir", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
}  # fmt: skip
#: Block-level start tags that close an open ``<p>`` (HTML Standard, "in body" insertion mode).
_CLOSES_P = frozenset(
    {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
     "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "listing",
     "main", "menu", "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul", "xmp"}
)  # fmt: skip
#: ``<meta name=...>`` / ``<meta property=...>`` whose ``content`` is shown (search results, link previews).
META_SHOWN = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})
#: ``<input type=...>`` whose ``value`` is a button's label.
_BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
_SNIPPET = 60


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
    #: Inside the part chosen with ``--select`` (always, without one).
    selected: bool = True
    #: For each selector chain, how many of its compounds the ancestors and this element matched.
    progress: tuple[int, ...] = ()
    #: Not rendered (script, style, ...): its content is no text.
    hidden: bool = False
    #: Why its text is left as it is (``<pre>``, ``translate="no"``); ``""`` when it is translated.
    kept: str = ""
    #: The element that made the text kept (this one or an ancestor); its text is noted there.
    kept_root: _Open | None = None
    line: int = 0
    #: Visible text noted under this kept root.
    noted: list[str] = field(default_factory=list)


@dataclass
class _Run:
    start: int
    line: int
    has_text: bool = False
    #: Kept visible text inside the run: reported only if the run is not translated.
    notes: list[Untranslated] = field(default_factory=list)


_KINDS = {"title": BlockKind.TITLE, "li": BlockKind.LIST_ITEM, "blockquote": BlockKind.QUOTE, "td": BlockKind.TABLE_CELL,
          "th": BlockKind.TABLE_CELL}  # fmt: skip


class HtmlReader(HTMLParser):
    """Reads an HTML document into slots (:func:`pipeline.documents.html.html_skeleton` drives it)."""

    def __init__(self, text: str, select: list[list[_Compound]] | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.select = select
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())
        self.stack: list[_Open] = []
        #: Where each tag name is open on the stack (indices, innermost last): end tags and
        #: implied ends are found without walking the stack.
        self.where: dict[str, list[int]] = {}
        #: Stack indices of the open block-level elements.
        self.blocks: list[int] = []
        self.slots: list[Slot] = []
        self.untranslated: list[Untranslated] = []
        self.run: _Run | None = None

    # ---------------------------------------------------------------- positions and context

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _top(self) -> _Open | None:
        return self.stack[-1] if self.stack else None

    def _translatable(self) -> bool:
        top = self._top()
        if top is None:
            return self.select is None
        return top.selected and not top.hidden and not top.kept

    def _selection(self, tag: str, attrs: dict[str, str | None]) -> tuple[bool, tuple[int, ...]]:
        """Whether an element is in the selected part, and its progress along each selector chain."""
        if self.select is None:
            return True, ()
        parent = self._top()
        before = parent.progress if parent is not None else (0,) * len(self.select)
        progress = tuple(
            done + 1 if done < len(chain) and _compound_matches(chain[done], tag, attrs) else done
            for chain, done in zip(self.select, before)
        )
        matched = any(done == len(chain) for chain, done in zip(self.select, progress))
        return (parent is not None and parent.selected) or matched, progress

    # ---------------------------------------------------------------- the stack

    def _push(self, node: _Open) -> None:
        self.where.setdefault(node.tag, []).append(len(self.stack))
        if node.tag in BLOCK_LEVEL:
            self.blocks.append(len(self.stack))
        self.stack.append(node)

    def _pop_to(self, index: int) -> None:
        """Close ``stack[index]`` and what is open inside it."""
        while len(self.stack) > index:
            node = self.stack.pop()
            self.where[node.tag].pop()
            if self.blocks and self.blocks[-1] == len(self.stack):
                self.blocks.pop()
            if node.kept_root is node and node.noted:
                self._note(node)

    def _last(self, tags: frozenset[str]) -> int:
        """Stack index of the innermost open element among *tags* (-1 when none is open)."""
        best = -1
        for tag in tags:
            found = self.where.get(tag)
            if found and found[-1] > best:
                best = found[-1]
        return best

    # ---------------------------------------------------------------- runs

    def _open_run(self, at: int) -> None:
        if self.run is None:
            self.run = _Run(at, self.getpos()[0])

    def _flush(self, end: int) -> None:
        """End the current run at *end*: a slot when it holds text."""
        run, self.run = self.run, None
        if run is None:
            return
        content = self.text[run.start : end]
        stripped = content.strip()
        if not run.has_text or not stripped:
            self.untranslated.extend(run.notes)
            return
        start = run.start + len(content) - len(content.lstrip())
        stop = start + len(stripped)
        kind, level = BlockKind.PARAGRAPH, 0
        container = self.stack[self.blocks[-1]].tag if self.blocks else ""
        if container in _KINDS:
            kind = _KINDS[container]
            level = 1 if kind in (BlockKind.TITLE, BlockKind.LIST_ITEM, BlockKind.QUOTE) else 0
        elif len(container) == 2 and container[0] == "h" and container[1] in "123456":
            kind, level = BlockKind.HEADING, int(container[1])
        line = self.text.count("\n", 0, start) + 1 if start != run.start else run.line
        self.slots.append(Slot(start=start, end=stop, text=collapse_space(stripped), kind=kind, line=line, level=level, escape="html"))

    def _text(self, start: int, raw: str) -> None:
        """Visible text (data or a character reference) at *start*."""
        top = self._top()
        if top is not None and top.hidden:
            return
        if not self._translatable():
            if top is not None and top.kept and top.selected and top.kept_root is not None and raw.strip():
                top.kept_root.noted.append(raw)
            return
        if not (html.unescape(raw) if "&" in raw else raw).strip():
            return  # whitespace, &nbsp; included
        self._open_run(start)
        assert self.run is not None
        self.run.has_text = True

    def _note(self, root: _Open) -> None:
        snippet = SPACE_RE.sub(" ", "".join(root.noted)).strip()
        if not snippet:
            return
        item = Untranslated(line=root.line, reason=root.kept, text=snippet[:_SNIPPET] + ("…" if len(snippet) > _SNIPPET else ""))
        if self.run is not None:
            self.run.notes.append(item)
        else:
            self.untranslated.append(item)

    # ---------------------------------------------------------------- attributes

    def _attributes(self, start: int, raw: str, tag: str, attrs: dict[str, str | None]) -> None:
        line = self.getpos()[0]
        wanted = translated_attributes(tag, attrs)
        if not wanted:
            return
        for m in ATTR_RE.finditer(raw):
            name = m.group(1).lower()
            if name not in wanted:
                continue
            group = 2 if m.group(2) is not None else 3 if m.group(3) is not None else 4
            value = m.group(group)
            if not value.strip():
                continue
            kind = wanted[name]
            escape = "html-attr" + ("'" if group == 3 else '"') if group != 4 else "html-attr-bare"
            a, b = m.span(group)
            a, b = a + len(value) - len(value.lstrip()), b - (len(value) - len(value.rstrip()))  # the spaces around stay
            value = value.strip()
            self.slots.append(
                Slot(start=start + a, end=start + b, text=value, kind=kind, line=line, escape=escape,
                     construct=raw, inner=(a, b))
            )  # fmt: skip

    # ---------------------------------------------------------------- parser events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str, *, closed: bool) -> None:
        start = self._offset()
        if tag in _IMPLIED or tag in _CLOSES_P:
            closes, stops = _IMPLIED.get(tag, _IMPLIED["p"]) if tag in _IMPLIED else _IMPLIED["p"]
            at = self._last(closes)
            if at >= 0 and at > self._last(stops):
                self._flush(start)
                self._pop_to(at)
        values = dict(attrs)
        parent = self._top()
        selected, progress = self._selection(tag, values)
        hidden = (parent is not None and parent.hidden) or tag in NOT_RENDERED
        inherited = parent.kept if parent is not None else ""
        kept_here = "" if hidden or inherited else kept_reason(tag, values)
        if tag in BLOCK_LEVEL or (parent is not None and parent.selected != selected):
            self._flush(start)
        elif selected and not hidden and not inherited and tag != "br":
            self._open_run(start)  # inline content starts (or continues) a run
        if selected and not hidden and not inherited and not kept_here:
            self._attributes(start, raw, tag, values)
        if tag in VOID or (closed and tag not in BLOCK_LEVEL):
            return
        node = _Open(tag, selected=selected, progress=progress, hidden=hidden, kept=inherited or kept_here, line=self.getpos()[0])
        node.kept_root = parent.kept_root if parent is not None and inherited else (node if kept_here else None)
        self._push(node)

    def handle_endtag(self, tag: str) -> None:
        found = self.where.get(tag)
        if not found:
            return  # a stray end tag
        index = found[-1]
        end = self._offset()
        node = self.stack[index]
        parent = self.stack[index - 1] if index else None
        if tag in BLOCK_LEVEL or (parent is not None and parent.selected != node.selected):
            self._flush(end)
        self._pop_to(index)

    def handle_data(self, data: str) -> None:
        self._text(self._offset(), data)

    def handle_entityref(self, name: str) -> None:
        self._text(self._offset(), "&" + name + ";")

    def handle_charref(self, name: str) -> None:
        self._text(self._offset(), "&#" + name + ";")

    def finish(self) -> tuple[list[Slot], list[Untranslated]]:
        """The slots in document order (an attribute inside a translated run is that run's child), and what was left."""
        self.close()
        self._flush(len(self.text))
        self._pop_to(0)
        blocks = sorted((s for s in self.slots if not s.construct), key=lambda s: s.start)
        attributes = sorted((s for s in self.slots if s.construct), key=lambda s: s.start)
        block_starts = [b.start for b in blocks]
        children: dict[int, list[Slot]] = {}
        top: list[tuple[int, int, Slot]] = [(b.start, i, b) for i, b in enumerate(blocks)]
        for attr in attributes:
            holder = bisect_right(block_starts, attr.start) - 1  # runs do not overlap
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
        return out, sorted(self.untranslated, key=lambda u: u.line)


def translated_attributes(tag: str, attrs: dict[str, str | None]) -> dict[str, BlockKind]:
    """The attributes of an element that users see, and the kind of block each is (see the module docstring)."""
    wanted = {"alt": BlockKind.ALT_TEXT, "title": BlockKind.LINK_TITLE, "aria-label": BlockKind.LINK_TITLE}
    if tag in ("input", "textarea"):
        wanted["placeholder"] = BlockKind.LINK_TITLE
    if tag == "input" and (attrs.get("type") or "").lower() in _BUTTON_INPUTS:
        wanted["value"] = BlockKind.LINK_TITLE
    if tag == "meta" and ((attrs.get("name") or "").lower() in META_SHOWN or (attrs.get("property") or "").lower() in META_SHOWN):
        wanted["content"] = BlockKind.METADATA
    return wanted
