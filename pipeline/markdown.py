"""Markdown articles: CommonMark blocks, and the inline markup to protect.

:func:`parse_markdown` reads headings, paragraphs, list items and block
quotes with markdown-it-py (CommonMark) into :class:`pipeline.article.Block`
objects. A block's ``text`` keeps its inline Markdown source
(``Read the [report](https://x.org/r) on *exit bans*.``), so a PO msgid shows
the markup, as po4a does. Code blocks, HTML blocks and rules are not
translatable and give no block.

:func:`inline_markup_spans` gives the exact character spans of the inline
markup in such a text (emphasis delimiters, the ``[`` and ``](url)`` of
links, code spans, autolinks, inline HTML, images, escapes, hard breaks),
which the translation must carry through untouched; link URLs are inside
them, so they never reach the engine. :func:`unsplittable_spans` gives the
whole constructs (a link with its text, a code span) that no sentence
boundary may cut: pass them to :func:`pipeline.segment.split_sentences` as
``protected``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from pipeline.article import Block, BlockKind

Span = tuple[int, int]
#: Link reference definitions, as markdown-it keeps them: normalised label ->
#: ``{"href": ..., "title": ...}``.
References = Mapping[str, Mapping[str, object]]

#: A hard line break at the end of a source line: a backslash or 2+ spaces.
_HARD_BREAK_END = re.compile(r"(?:\\| {2,})$")
#: A line break in inline source, with the spaces or backslash before it.
_BREAK = re.compile(r"(?:\\|[ \t]*)\n[ \t]*")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # text_join would merge escapes and entities into plain text, losing
    # their source form; the spans below need it.
    return MarkdownIt("commonmark").disable("text_join")


# --------------------------------------------------------------------------
# Blocks


def _join_lines(content: str) -> tuple[str, tuple[int, ...]]:
    """One line of text from a block's source lines, and where each line starts.

    Soft line breaks become a space; a hard break keeps its Markdown form
    (a backslash) and its newline, so it survives a rebuild.
    """
    lines = content.split("\n")
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        part = line.strip()
        if not last and _HARD_BREAK_END.search(line):
            part = part.rstrip("\\").rstrip() + "\\\n"
        elif not last:
            part += " "
        out.append(part)
        pos += len(part)
        if not last:
            offsets.append(pos)
    return "".join(out), tuple(offsets)


@dataclass
class _Container:
    kind: str  # "list" or "quote" or "item"
    marker: str = ""
    used: bool = False  # an item's first paragraph has taken the marker


def parse_markdown(text: str) -> list[Block]:
    """Split a Markdown article into translatable blocks.

    A level-1 heading that is the first block is the title; other headings
    are headings (``level`` 1-6). Paragraphs inside a list item are list
    items (``level`` = list depth, ``marker`` = ``-`` or ``1.`` on the item's
    first paragraph, empty on later ones); paragraphs inside a block quote
    are quotes (``level`` = quote depth). ``line`` is the 1-based source line.
    """
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    stack: list[_Container] = []
    pending: tuple[BlockKind, int, str, int] | None = None  # kind, level, marker, line

    for token in tokens:
        t = token.type
        if t in ("bullet_list_open", "ordered_list_open"):
            stack.append(_Container("list"))
        elif t in ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"):
            if stack:
                stack.pop()
        elif t == "list_item_open":
            marker = f"{token.info}{token.markup}"  # "-", "*", "1.", "2)"
            stack.append(_Container("item", marker=marker))
        elif t == "blockquote_open":
            stack.append(_Container("quote"))
        elif t == "heading_open":
            level = int(token.tag[1:])
            pending = (BlockKind.HEADING, level, "", _line(token))
        elif t == "paragraph_open":
            pending = _paragraph_kind(stack, _line(token))
        elif t == "inline" and pending is not None:
            kind, level, marker, line = pending
            pending = None
            block_text, offsets = _join_lines(token.content)
            if not block_text.strip():
                continue
            if kind is BlockKind.HEADING and level == 1 and not blocks:
                kind = BlockKind.TITLE
            blocks.append(
                Block(
                    number=len(blocks) + 1,
                    kind=kind,
                    text=block_text,
                    line=line,
                    line_offsets=offsets,
                    level=level,
                    marker=marker,
                )
            )
    return blocks


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _paragraph_kind(stack: list[_Container], line: int) -> tuple[BlockKind, int, str, int]:
    """The innermost container (list item or block quote) decides the kind."""
    for container in reversed(stack):
        if container.kind == "item":
            marker = "" if container.used else container.marker
            container.used = True
            depth = sum(1 for c in stack if c.kind == "item")
            return BlockKind.LIST_ITEM, depth, marker, line
        if container.kind == "quote":
            depth = sum(1 for c in stack if c.kind == "quote")
            return BlockKind.QUOTE, depth, "", line
    return BlockKind.PARAGRAPH, 0, "", line


# --------------------------------------------------------------------------
# Inline markup


@dataclass(frozen=True)
class _Construct:
    """One piece of inline markup: its protected spans and its whole extent."""

    spans: tuple[Span, ...]
    whole: Span
    #: A link, code span, image, autolink or HTML: never cut by a sentence end.
    unit: bool = False


def _closing_backticks(text: str, start: int, run: int) -> int:
    """End of the code span whose opening run of *run* backticks ends at *start*."""
    pattern = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
    m = pattern.search(text, start)
    return m.end() if m else len(text)


def _label_end(text: str, start: int) -> int:
    """Index of the ``]`` closing the link label whose ``[`` is at *start*."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            i = _closing_backticks(text, i + run, run)
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _link_tail_end(text: str, close: int) -> int:
    """End of the link tail (``](url "title")``, ``][ref]``, ``]``) starting at *close*."""
    n = len(text)
    pos = close + 1
    if pos < n and text[pos] == "(":
        p = pos + 1
        while p < n and text[p] in " \t\n":
            p += 1
        if p < n and text[p] == ")":
            return p + 1
        dest = parseLinkDestination(text, p, n)
        if dest.ok:
            p = dest.pos
            q = p
            while q < n and text[q] in " \t\n":
                q += 1
            if q > p and q < n:
                title = parseLinkTitle(text, q, n)
                if title.ok:
                    p = title.pos
                    while p < n and text[p] in " \t\n":
                        p += 1
                else:
                    p = q
            else:
                p = q
            if p < n and text[p] == ")":
                return p + 1
    if pos < n and text[pos] == "[":
        end = _label_end(text, pos)
        return min(n, end + 1)
    return pos


def markdown_references(text: str) -> References:
    """The link reference definitions (``[label]: url``) of a Markdown document.

    Pass them to :func:`inline_markup_spans` so that ``[text][label]`` links
    in a block are recognised; without them, only inline links are.
    """
    env: dict[str, object] = {}
    _parser().parse(text, env)
    refs = env.get("references", {})
    return dict(refs) if isinstance(refs, dict) else {}


def _constructs(text: str, references: References | None = None) -> Iterator[_Construct]:
    """Walk markdown-it's inline tokens, locating each in the source *text*."""
    env: dict[str, object] = {"references": dict(references)} if references else {}
    tokens = _parser().parseInline(text, env)
    children = tokens[0].children or [] if tokens else []
    cursor = 0
    n = len(text)
    links: list[int] = []  # start of each open link's "["
    i = 0
    while i < len(children):
        tok = children[i]
        t = tok.type
        if t == "text":
            found = text.find(tok.content, cursor) if tok.content else cursor
            if found >= 0:
                cursor = found + len(tok.content)
        elif t == "text_special":
            source = tok.markup or tok.content
            found = text.find(source, cursor)
            if found >= 0:
                end = found + len(source)
                if tok.info == "escape":
                    yield _Construct(((found, found + 1),), (found, end))
                cursor = end
        elif t in ("softbreak", "hardbreak"):
            nl = text.find("\n", cursor)
            m = _BREAK.search(text, cursor, nl + 1) if nl >= 0 else None
            if m:
                if t == "hardbreak":
                    yield _Construct((m.span(),), m.span())
                cursor = m.end()
        elif t in ("em_open", "em_close", "strong_open", "strong_close"):
            found = text.find(tok.markup, cursor)
            if found >= 0:
                span = (found, found + len(tok.markup))
                yield _Construct((span,), span)
                cursor = span[1]
        elif t == "code_inline":
            found = text.find(tok.markup, cursor)
            if found >= 0:
                end = _closing_backticks(text, found + len(tok.markup), len(tok.markup))
                yield _Construct(((found, end),), (found, end), unit=True)
                cursor = end
        elif t == "html_inline":
            found = text.find(tok.content, cursor)
            if found >= 0:
                span = (found, found + len(tok.content))
                yield _Construct((span,), span, unit=True)
                cursor = span[1]
        elif t == "image":
            found = text.find("![", cursor)
            if found >= 0:
                end = _link_tail_end(text, _label_end(text, found + 1))
                yield _Construct(((found, end),), (found, end), unit=True)
                cursor = end
        elif t == "link_open" and tok.markup == "autolink":
            found = text.find("<", cursor)
            if found >= 0:
                end = text.find(">", found)
                end = n if end < 0 else end + 1
                yield _Construct(((found, end),), (found, end), unit=True)
                cursor = end
            # Skip the autolink's text and its link_close.
            while i + 1 < len(children) and children[i].type != "link_close":
                i += 1
        elif t == "link_open":
            found = text.find("[", cursor)
            if found >= 0:
                links.append(found)
                cursor = found + 1
        elif t == "link_close" and links:
            start = links.pop()
            close = _label_end(text, start)
            end = _link_tail_end(text, close)
            yield _Construct(((start, start + 1), (close, end)), (start, end), unit=True)
            cursor = end
        i += 1


def inline_markup_spans(text: str, *, references: References | None = None) -> list[Span]:
    """Sorted character spans of the inline markup in Markdown *text*.

    Emphasis delimiters (``*``, ``_``, ``**``), the ``[`` and the
    ``](url "title")`` / ``][ref]`` of links, whole code spans, autolinks,
    images, inline HTML, the backslash of escapes and hard breaks. The text
    between them (a link's label, emphasised words) is translatable.
    """
    spans = [span for construct in _constructs(text, references) for span in construct.spans]
    return sorted(spans)


def unsplittable_spans(text: str, *, references: References | None = None) -> list[Span]:
    """Whole inline constructs no sentence boundary may cut (links with
    their text, code spans, autolinks, images, inline HTML).

    For ``split_sentences(text, protected=unsplittable_spans(text))``.
    Emphasis is not included: a sentence may end inside ``*...*``.
    """
    return sorted(c.whole for c in _constructs(text, references) if c.unit)


# --------------------------------------------------------------------------
# Rebuilding


def render_markdown_block(block_kind: BlockKind, level: int, marker: str, text: str) -> str:
    """The Markdown source of one block, for rebuilding a Markdown edition.

    Blocks are meant to be joined with blank lines. A list item is indented
    four spaces per level below the first; a later paragraph of the same
    item (empty *marker*) is indented under its item.
    """
    lines = text.split("\n")
    if block_kind in (BlockKind.TITLE, BlockKind.HEADING):
        hashes = "#" * (level if 1 <= level <= 6 else (1 if block_kind is BlockKind.TITLE else 2))
        return f"{hashes} {' '.join(line.strip() for line in lines)}"
    if block_kind is BlockKind.LIST_ITEM:
        depth = max(level, 1)
        indent = "    " * (depth - 1)
        if marker:
            first = f"{indent}{marker} "
            rest = indent + " " * (len(marker) + 1)
        else:
            first = rest = "    " * depth
        return "\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines))
    if block_kind is BlockKind.QUOTE:
        prefix = "> " * max(level, 1)
        return "\n".join(prefix + line for line in lines)
    return "\n".join(lines)


def render_markdown(blocks: Sequence[Block], texts: Sequence[str] | None = None) -> str:
    """A Markdown document from *blocks* (with *texts* replacing their texts)."""
    parts = []
    for i, block in enumerate(blocks):
        body = texts[i] if texts is not None else block.text
        parts.append(render_markdown_block(block.kind, block.level, block.marker, body))
    return "\n\n".join(parts) + "\n"
