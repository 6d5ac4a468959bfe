"""Markdown slot building for the skeleton reader: source lines located and joined into slots, table cells, paragraph kinds, labels, groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.documents.blocks import BlockKind, Slot, Untranslated
from pipeline.documents.markdown_inline import References, _constructs, inline_markup_spans
from pipeline.documents.markdown_syntax import TEMPLATE_LINE


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


def own_labels(text: str, references: References) -> tuple[str, ...]:
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


def _kept(line: int, reason: str, text: str) -> Untranslated:
    snippet = " ".join(text.split())
    return Untranslated(line, reason, snippet[:60] + ("…" if len(snippet) > 60 else ""))


def kept_markup_reason(text: str) -> str:
    """Why a slot of markup alone is kept: ``template`` for template tags alone, else ``math or template``."""
    return "template" if TEMPLATE_LINE.match(text) else "math or template"


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


#: A GitHub alert's first line (``> [!NOTE]``): kept as it is, never translated.
_ALERT = re.compile(r"^\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.IGNORECASE)
#: A definition's marker (``:   The meaning``, Python-Markdown, PHP Markdown Extra, MyST) and a task box (``[ ] ``, ``[x] ``).
_LINE_MARKER = re.compile(r"^(?::[ \t]+|\[[ xX]\][ \t]+)")


def _line_groups(located: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A paragraph's lines, split where a line starts with syntax: a definition's ``:``
    starts a slot of its own, and a task box, an alert's ``[!NOTE]`` line stay outside the slots.
    A line of template tags (``{% if x %}``, ``{{< /alert >}}``) is a group of its own, between the
    text before and after it: the reader keeps it (and lists it), or translates the attributes it shows."""
    groups: list[list[tuple[int, str]]] = []
    for i, (offset, line) in enumerate(located):
        if i == 0 and _ALERT.match(line):
            continue
        if TEMPLATE_LINE.match(line):
            if groups and groups[-1]:
                last_offset, last_line = groups[-1][-1]
                groups[-1][-1] = (last_offset, last_line.rstrip())
            groups.append([(offset, line.rstrip())])
            groups.append([])  # the next line starts a group
            continue
        m = _LINE_MARKER.match(line)
        if m and (i == 0 or line.startswith(":")) and m.end() < len(line):
            groups.append([(offset + m.end(), line[m.end() :])])
            continue
        if not groups:
            groups.append([])
        groups[-1].append((offset, line))
    return [g for g in groups if g]


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
