"""Markdown articles: the CommonMark block skeleton, with front matter, containers CommonMark does not know, and HTML blocks.

:func:`markdown_skeleton` reads headings, paragraphs, list items, block
quotes and table cells with markdown-it-py (CommonMark + GFM tables); a
block's ``text`` keeps its inline Markdown source (``Read the
[report](https://x.org/r) on *exit bans*.``), so a PO msgid shows the
markup, as po4a does. Front matter (YAML, TOML, JSON) is read by
:mod:`pipeline.documents.front_matter`; admonitions, tabs, MyST directives,
pymdown blocks and footnotes by :mod:`pipeline.documents.markdown_containers`
(their content is read as a document of its own); HTML blocks by the HTML
reader. Lines that carry syntax stay apart: a definition's ``:``, a task
box, a GitHub alert's ``[!NOTE]`` line are outside the slots. Code blocks,
math blocks and rules give no slot. :data:`MARKDOWN` is the format object.

The inline markup inside a block's text is found by
:mod:`pipeline.documents.markdown_inline`; its public names are re-exported here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.documents.blocks import Block, BlockKind, DocumentFormat, InlineSyntax, Skeleton, Slot, Untranslated
from pipeline.documents.html import html_skeleton, place_html
from pipeline.documents.markdown_containers import Region, directive_region, find_containers
from pipeline.documents.front_matter import ESCAPES as FRONT_MATTER_ESCAPES
from pipeline.documents.front_matter import FRONT_MATTER_KEYS, FrontMatter, place_front_matter, read_front_matter
from pipeline.documents.markdown_parser import block_tokens
from pipeline.documents.markdown_inline import (
    References,
    Span,
    _constructs,
    _sub_slots,
    inline_markup_spans,
    markdown_references,
    protected_markup_spans,
    unsplittable_spans,
)

__all__ = [
    "FRONT_MATTER_KEYS",
    "MARKDOWN",
    "escape_block_start",
    "place_markdown",
    "References",
    "Span",
    "inline_markup_spans",
    "markdown_references",
    "markdown_skeleton",
    "parse_markdown",
    "protected_markup_spans",
    "render_markdown_block",
    "unsplittable_spans",
]


# --------------------------------------------------------------------------
# Blocks: the skeleton


@dataclass
class _Container:
    kind: str  # "list" or "quote" or "item"
    marker: str = ""
    used: bool = False  # an item's first paragraph has taken the marker


def _hard_break(line: str) -> str | None:
    """The hard-break marker a paragraph line ends with (a backslash or 2+ spaces), or None."""
    trailing = len(line) - len(line.rstrip("\\"))
    if trailing % 2 == 1:
        return "\\"
    if line.endswith("  "):
        return "  "
    return None


def _locate_lines(
    lines: list[str], starts: list[int], first: int, content: list[str]
) -> list[tuple[int, str]] | None:
    """Where each content line starts in its source line: ``(absolute offset, text)``."""
    located = []
    if first + len(content) > len(lines):
        return None  # markdown-it counted lines differently (a bare CR): not located
    for i, cl in enumerate(content):
        src = lines[first + i]
        text = cl.lstrip()
        hay = src.rstrip() if i == len(content) - 1 else src
        if i == len(content) - 1:
            text = text.rstrip()
        if not hay.endswith(text):
            return None
        located.append((starts[first + i] + len(hay) - len(text), text))
    return located


_OPENERS = re.compile(r"[\[\]()\n`<\\]")


def _may_hold_line_end(raw: str) -> bool:
    """Whether a code span, inline HTML or a link (its text, destination or title) may hold a line end of *raw*.

    Only one that opened before the line end can: a backtick, ``<`` or
    backslash before the last line end, or a ``[`` or ``(`` not closed
    before a line end, makes the caller parse; otherwise none can.
    """
    brackets = parens = 0
    for m in _OPENERS.finditer(raw):
        c = m.group()
        if c == "\n":
            if brackets or parens:
                return True
        elif c in "`<\\":
            return "\n" in raw[m.end() :]
        elif c == "[":
            brackets += 1
        elif c == "]":
            brackets = max(0, brackets - 1)
        elif c == "(":
            parens += 1
        else:
            parens = max(0, parens - 1)
    return False


def _inline_slot(
    source: str,
    located: list[tuple[int, str]],
    starts: list[int],
    first: int,
    kind: BlockKind,
    level: int,
    marker: str,
    escape: str,
    references: References,
) -> Slot:
    parts: list[str] = []
    offsets: list[int] = []
    prefixes: list[str] = []
    pos = 0
    # A line end inside a code span, inline HTML or a link destination is kept as it is.
    raw = "\n".join(text for _, text in located)
    units = [c.whole for c in _constructs(raw, references) if c.unit] if _may_hold_line_end(raw) else []
    raw_end = 0
    for i, (offset, text) in enumerate(located):
        last = i == len(located) - 1
        raw_end += len(text) + (1 if i else 0)
        if i > 0:
            line_start = starts[first + i]
            prefixes.append(source[line_start:offset])
            offsets.append(pos)
        if not last:
            brk = _hard_break(text)
            if any(a <= raw_end < b for a, b in units):
                text = text + "\n"
            elif brk == "\\":
                text = text + "\n"
            elif brk:
                text = text.rstrip(" ") + "\\\n"
            else:
                text = text.rstrip() + " "
        parts.append(text)
        pos += len(text)
    joined = "".join(parts)
    if not prefixes:
        # One source line: a further line continues the containers (quote
        # markers kept, list markers as indentation).
        prefixes.append(re.sub(r"[^>\t]", " ", source[starts[first] : located[0][0]]))
    start = located[0][0]
    end = located[-1][0] + len(located[-1][1])
    return Slot(
        start=start,
        end=end,
        text=joined,
        kind=kind,
        line=first + 1,
        line_offsets=tuple(offsets),
        level=level,
        marker=marker,
        prefixes=tuple(prefixes),
        escape=escape,
    )


_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def _cell_slots(line: str, line_start: int, cells: list[str], line_no: int, quote: int) -> list[Slot] | None:
    """The slots of a table row's non-empty cells, found in order in the source line."""
    slots = []
    cursor = 0
    for content in cells:
        if not content:
            continue
        raw = _PIPE.sub(r"\1\\|", content)
        found = line.find(raw, cursor)
        if found < 0:
            return None
        slots.append(
            Slot(
                start=line_start + found,
                end=line_start + found + len(raw),
                text=raw,
                kind=BlockKind.TABLE_CELL,
                line=line_no,
                level=quote,
                escape="md-cell",
            )
        )
        cursor = found + len(raw)
    return slots


def markdown_skeleton(text: str, *, front_matter: bool = True, front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS) -> Skeleton:
    """The skeleton of a Markdown document (see the module docstring).

    Translatable: paragraphs, headings (ATX and setext), table cells, the
    text of containers and HTML blocks, and the front-matter values of
    *front_matter_keys*. Code blocks, thematic breaks, link reference
    definitions and everything between the slots stay in the skeleton, byte
    for byte (*front_matter*: False for a container's content). A level-1 heading that is the
    first slot is the title. A paragraph whose lines cannot be located in
    the source is kept untranslated and named in a warning.
    """
    head = read_front_matter(text, front_matter_keys) if front_matter else FrontMatter()
    fm_end, slots, warnings = head.end, head.slots, head.warnings
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    # Containers CommonMark does not know are blanked (as the front matter is:
    # line numbers stay, markdown-it sees blank lines) and read on their own.
    regions = find_containers(lines, text.count("\n", 0, fm_end))
    blank = [(0, fm_end)] if fm_end else []
    blank.extend((starts[r.first], starts[r.last] + len(lines[r.last])) for r in regions)
    body = text
    if blank:
        pieces, pos = [], 0
        for a, b in blank:
            pieces.append(text[pos:a])
            pieces.append(re.sub(r"[^\n]", " ", text[a:b]))
            pos = b
        pieces.append(text[pos:])
        body = "".join(pieces)
    env: dict[str, object] = {}
    tokens = block_tokens(body, env)
    found_refs = env.get("references", {})
    references: References = dict(found_refs) if isinstance(found_refs, dict) else {}
    stack: list[_Container] = []
    pending: tuple[BlockKind, int, str, int, str] | None = None  # kind, level, marker, first line, how
    row_cells: list[str] = []
    row_line = -1
    has_title = any(s.kind is BlockKind.TITLE for s in slots)
    html_blocks: list[tuple[int, int]] = []
    kept: list[Untranslated] = []  # deliberately left: code blocks, math
    title_possible = not slots

    def flush_row() -> None:
        nonlocal row_cells, row_line
        if 0 <= row_line < len(lines) and any(row_cells):
            quote = sum(1 for c in stack if c.kind == "quote")
            found = _cell_slots(lines[row_line], starts[row_line], row_cells, row_line + 1, quote)
            if found is None:
                warnings.append(f"line {row_line + 1}: a table row could not be located and is not translated")
            else:
                for cell in found:
                    slots.append(replace(cell, labels=_own_labels(cell.text, references)))
                    slots.extend(_sub_slots(len(slots) - 1, cell, references))
        row_cells, row_line = [], -1

    for token in tokens:
        t = token.type
        if t in ("bullet_list_open", "ordered_list_open"):
            stack.append(_Container("list"))
        elif t in ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"):
            if stack:
                stack.pop()
        elif t == "list_item_open":
            stack.append(_Container("item", marker=f"{token.info}{token.markup}"))
        elif t == "blockquote_open":
            stack.append(_Container("quote"))
        elif t == "heading_open" and token.map:
            how = "atx" if token.markup.startswith("#") else "setext"
            pending = (BlockKind.HEADING, int(token.tag[1:]), "", token.map[0], how)
        elif t == "paragraph_open" and token.map:
            kind, level, marker, _ = _paragraph_kind(stack, token.map[0] + 1)
            pending = (kind, level, marker, token.map[0], "paragraph")
        elif t == "tr_open" and token.map:
            row_line, row_cells = token.map[0], []
        elif t == "tr_close":
            flush_row()
        elif t == "fence" and token.map and (region := directive_region(token.info, token.map[0], token.map[1] - 1, lines)):
            regions.append(region)
        elif t in ("fence", "code_block") and token.map and token.content.strip():
            kept.append(_kept(token.map[0] + 1, "code block", token.content))
        elif t == "html_block" and token.map:
            html_blocks.append((token.map[0], token.map[1]))
        elif t == "inline" and row_line >= 0:
            row_cells.append(token.content)
        elif t == "inline" and pending is not None and token.map:
            kind, level, marker, first, how = pending
            pending = None
            if not token.content.strip():
                continue
            if first >= len(lines):
                warnings.append(f"line {first + 1}: a {kind.value} could not be located and is not translated")
                continue
            if how == "atx":
                line = lines[first]
                hashes = line.find("#")
                found = line.find(token.content, hashes) if hashes >= 0 else -1
                if found < 0:
                    warnings.append(f"line {first + 1}: a heading could not be located and is not translated")
                    continue
                located: list[tuple[int, str]] | None = [(starts[first] + found, token.content)]
            else:
                located = _locate_lines(lines, starts, first, token.content.split("\n"))
            if located is None:
                warnings.append(f"line {first + 1}: a {kind.value} could not be located and is not translated")
                continue
            if kind is BlockKind.HEADING and level == 1 and title_possible and not has_title:
                kind = BlockKind.TITLE
            escape = "md-heading" if how == "atx" else "md"
            for group in _line_groups(located) if how == "paragraph" else [located]:
                slot = _inline_slot(text, group, starts, bisect_right(starts, group[0][0]) - 1, kind, level, marker, escape, references)
                if _all_markup(slot.text, references):
                    kept.append(_kept(slot.line, "math or template", slot.text))
                    continue  # display math, a template tag, a shortcode: nothing to translate
                labels = _own_labels(slot.text, references)
                slots.append(replace(slot, labels=labels) if labels else slot)
                slots.extend(_sub_slots(len(slots) - 1, slots[-1], references))
                marker = ""
        if t in ("paragraph_open", "heading_open", "table_open", "code_block", "fence", "html_block", "hr"):
            title_possible = title_possible and t == "heading_open" and not slots
    groups = _groups(slots)
    untranslated: list[Untranslated] = kept
    for region in regions:
        if region.title is not None:
            a, b, escape = region.title
            title = lines[region.first][a:b]
            groups.append([Slot(starts[region.first] + a, starts[region.first] + b, title, BlockKind.HEADING, region.first + 1, level=6, escape=escape)])
        if region.kept:
            content = " ".join(lines[line][col:].strip() for line, col in region.content).strip()
            if content:
                untranslated.append(Untranslated(region.first + 1, region.kept, content[:60] + ("…" if len(content) > 60 else "")))
            continue
        inner = _region_skeleton(text, lines, starts, region)
        groups.extend(_groups(list(inner.slots)))
        warnings.extend(inner.warnings)
        untranslated.extend(inner.untranslated)
    for first, end in html_blocks:
        if end > len(lines):
            warnings.append(f"line {first + 1}: an HTML block could not be located and is not translated")
            continue  # markdown-it counted lines differently (a bare CR)
        inner_html = _html_block(text, starts, lines, first, end)
        groups.extend(_groups(list(inner_html.slots)))
        untranslated.extend(inner_html.untranslated)
    return Skeleton(
        source=text,
        format=MARKDOWN,
        slots=_ordered(groups),
        references=references,
        warnings=tuple(warnings),
        body_start=fm_end,
        untranslated=tuple(sorted(untranslated, key=lambda u: u.line)),
    )


def _own_labels(text: str, references: References) -> tuple[str, ...]:
    """The labels of the links in *text* whose label is their text (``[text]``, ``[text][]``)."""
    if not references or "[" not in text:
        return ()
    labels = []
    for construct in _constructs(text, references):
        if construct.kind == "link":
            (start, _), (close, end) = construct.spans
            if text[close:end] in ("]", "][]"):
                labels.append(text[start + 1 : close])
    return tuple(labels)


#: A bracketed text not followed by a destination or another label: a reference link whose label is its text.
_SHORTCUT = re.compile(r"(?<![\\!\]])\[((?:[^\[\]\\\n]|\\.)+)\](\[\])?(?![\[(:])")


def _relabel(translation: str, labels: tuple[str, ...]) -> str:
    """*translation* with each reference link whose text changed written ``[text][label]`` (in the source's order)."""
    from markdown_it.common.utils import normalizeReference

    out, pos, k = [], 0, 0
    for m in _SHORTCUT.finditer(translation):
        if k >= len(labels):
            break
        label = labels[k]
        k += 1
        if normalizeReference(m.group(1)) == normalizeReference(label):
            continue
        out.append(translation[pos : m.start()])
        out.append(f"[{m.group(1)}][{label}]")
        pos = m.end()
    out.append(translation[pos:])
    return "".join(out)


def _kept(line: int, reason: str, text: str) -> Untranslated:
    snippet = " ".join(text.split())
    return Untranslated(line, reason, snippet[:60] + ("…" if len(snippet) > 60 else ""))


def _all_markup(text: str, references: References) -> bool:
    """Whether a text holds no word outside its inline markup (and no image, whose alt text is translated)."""
    if "![" in text:
        return False
    rest, pos = [], 0
    for a, b in inline_markup_spans(text, references=references):
        rest.append(text[pos:a])
        pos = max(pos, b)
    rest.append(text[pos:])
    return re.search(r"\w", "".join(rest)) is None


def _groups(slots: list[Slot]) -> list[list[Slot]]:
    """Slots as groups: each top-level slot with the slots inside it (alt texts, titles) after it."""
    groups: list[list[Slot]] = []
    for slot in slots:
        if slot.parent < 0 or not groups:
            groups.append([slot])
        else:
            groups[-1].append(slot)
    return groups


def _ordered(groups: list[list[Slot]]) -> tuple[Slot, ...]:
    """The groups' slots in document order, each inner slot pointing at its parent's new index."""
    out: list[Slot] = []
    for group in sorted(groups, key=lambda g: g[0].start):
        head = len(out)
        out.append(group[0] if group[0].parent < 0 else replace(group[0], parent=-1))
        out.extend(replace(slot, parent=head) for slot in group[1:])
    return tuple(out)


def _region_skeleton(text: str, lines: list[str], starts: list[int], region: Region) -> Skeleton:
    """A container's content read as a document, its slots placed back in the source."""
    content = [(line, min(col, len(lines[line]))) for line, col in region.content]
    sub = "\n".join(lines[line][col:] for line, col in content)
    inner = markdown_skeleton(sub, front_matter=False)
    sub_starts = [0]
    for line, col in content[:-1]:
        sub_starts.append(sub_starts[-1] + len(lines[line]) - col + 1)

    def where(offset: int) -> int:
        i = bisect_right(sub_starts, offset) - 1
        line, col = content[i]
        return starts[line] + col + offset - sub_starts[i]

    placed = []
    for slot in inner.slots:
        sub_line = bisect_right(sub_starts, slot.start) - 1 if slot.parent < 0 else 0
        prefixes = tuple(
            lines[content[min(sub_line + 1 + k, len(content) - 1)][0]][: content[min(sub_line + 1 + k, len(content) - 1)][1]] + p
            for k, p in enumerate(slot.prefixes)
        )
        if slot.parent >= 0:
            placed.append(slot)  # an alt text or title: placed through its parent
            continue
        placed.append(
            replace(slot, start=where(slot.start), end=where(slot.end), line=content[sub_line][0] + 1, prefixes=prefixes)
        )
    untranslated = [replace(u, line=content[min(u.line - 1, len(content) - 1)][0] + 1) for u in inner.untranslated]
    return Skeleton(source=text, format=MARKDOWN, slots=tuple(placed), warnings=inner.warnings, untranslated=tuple(untranslated))


def _html_block(text: str, starts: list[int], lines: list[str], first: int, end: int) -> Skeleton:
    """An HTML block read by the HTML reader, its slots placed back in the source."""
    begin = starts[first]
    stop = starts[end - 1] + len(lines[end - 1])
    inner = html_skeleton(text[begin:stop])
    placed = [slot if slot.parent >= 0 else replace(slot, start=slot.start + begin, end=slot.end + begin, line=slot.line + first) for slot in inner.slots]
    untranslated = [replace(u, line=u.line + first) for u in inner.untranslated]
    return Skeleton(source=text, format=MARKDOWN, slots=tuple(placed), untranslated=tuple(untranslated))


#: A GitHub alert's first line (``> [!NOTE]``): kept as it is, never translated.
_ALERT = re.compile(r"^\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.IGNORECASE)
#: A definition's marker (``:   The meaning``, Python-Markdown, PHP Markdown Extra, MyST) and a task box (``[ ] ``, ``[x] ``).
_LINE_MARKER = re.compile(r"^(?::[ \t]+|\[[ xX]\][ \t]+)")


def _line_groups(located: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A paragraph's lines, split where a line starts with syntax: a definition's ``:``
    starts a slot of its own, and a task box, an alert's ``[!NOTE]`` line stay outside the slots."""
    groups: list[list[tuple[int, str]]] = []
    for i, (offset, line) in enumerate(located):
        if i == 0 and _ALERT.match(line):
            continue
        m = _LINE_MARKER.match(line)
        if m and (i == 0 or line.startswith(":")) and m.end() < len(line):
            groups.append([(offset + m.end(), line[m.end() :])])
            continue
        if not groups:
            groups.append([])
        groups[-1].append((offset, line))
    return [g for g in groups if g]


def parse_markdown(text: str) -> list[Block]:
    """The translatable blocks of a Markdown article (see :func:`markdown_skeleton`)."""
    return markdown_skeleton(text).blocks()


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
# Placing a translation

#: Line starts that would make a block: ATX heading, quote, list item, thematic
#: break, setext underline, code fence.
_MD_BLOCK_START = re.compile(r"^(?:[#>+=*-]|\d{1,9}[.)])(?=\s|$)|^[#>]|^(?:[-*_] *){3,}$|^=+\s*$|^(?:`{3,}|~{3,})")


def escape_block_start(line: str) -> str:
    """Escape what would turn a line of text into a heading, list, quote or rule.

    ``1989. It was`` → ``1989\\. It was`` (the escape goes before the
    list marker's period), ``# x`` → ``\\# x``, ``- x`` → ``\\- x``.
    """
    m = re.match(r"^(\d{1,9})([.)])(?=\s|$)", line)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{line[m.end():]}"
    if _MD_BLOCK_START.match(line):
        return "\\" + line
    return line


_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def _balanced(text: str) -> bool:
    """Unescaped square brackets that pair up (as a link label may hold them)."""
    depth = 0
    for m in re.finditer(r"(?<!\\)[\[\]]", text):
        depth += 1 if m.group() == "[" else -1
        if depth < 0:
            return False
    return depth == 0


def place_markdown(slot: Slot, translation: str) -> str:
    """The text written in place of a Markdown document's *slot* for *translation* (an HTML block's, as HTML)."""
    esc = slot.escape
    if esc.startswith("html"):
        return place_html(slot, translation)
    if slot.labels:
        translation = _relabel(translation, slot.labels)
    if esc in FRONT_MATTER_ESCAPES:
        return place_front_matter(slot, translation)
    if esc == "md-alt":
        one = translation.replace("\n", " ")
        return one if _balanced(one) else re.sub(r"(?<!\\)([\[\]])", r"\\\1", one)
    if esc.startswith("md-title"):
        closing = {"(": ")"}.get(esc[-1], esc[-1])
        return re.sub(rf"(?<!\\)([{re.escape(closing)}])", r"\\\1", translation)
    if esc == "md-cell":
        return _UNESCAPED_PIPE.sub(r"\1\\|", translation.replace("\n", " "))
    if esc == "md-heading":
        return translation.replace("\\\n", " ").replace("\n", " ")
    lines = translation.split("\n")
    source_lines = slot.text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if i == 0 or i >= len(source_lines) or line != source_lines[i]:
            # a line the source did not start this way: keep it text
            if i > 0 or line != source_lines[0]:
                line = escape_block_start(line)
        if i == 0:
            out.append(line)
            continue
        prefix = _prefix(slot, i - 1)
        out.append("\n" + (prefix + line if line else prefix.rstrip()))
    return "".join(out)


def _prefix(slot: Slot, index: int) -> str:
    """What the *index*-th further line of *slot* starts with."""
    if slot.prefixes:
        return slot.prefixes[min(index, len(slot.prefixes) - 1)]
    return ""




class MarkdownFormat(DocumentFormat):
    """Markdown (CommonMark, GFM tables, front matter): inline markup kept in the slot texts."""

    name = "md"
    title = "Markdown"
    suffixes = (".md", ".markdown")
    inline = InlineSyntax.MARKDOWN
    native_edition = "md"

    def read(self, text: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None) -> Skeleton:
        return markdown_skeleton(text, front_matter_keys=FRONT_MATTER_KEYS if front_matter_keys is None else front_matter_keys)

    def markup_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return inline_markup_spans(text, references=references)

    def unsplittable_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return unsplittable_spans(text, references=references)

    def protected_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return protected_markup_spans(text, references=references)

    def place(self, slot: Slot, translation: str) -> str:
        return place_markdown(slot, translation)


#: The Markdown format.
MARKDOWN = MarkdownFormat()


# --------------------------------------------------------------------------
# Rebuilding


def render_markdown_block(block_kind: BlockKind, level: int, marker: str, text: str) -> str:
    """The Markdown source of one block, for the Markdown edition of a source that is not Markdown.

    (A Markdown source is rebuilt from its skeleton: :func:`pipeline.documents.skeleton.rebuild`.)

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
