"""A document as a skeleton: its source text plus an ordered list of translatable slots.

As in po4a, mdpo and Translate Toolkit's po2md, an edition is the source
document with only its translatable text replaced. A *reader* per format
turns the source into a :class:`Skeleton`:

* ``txt``: :func:`text_skeleton` (paragraphs and headings, see
  :func:`pipeline.documents.blocks.parse_text`);
* ``md``: :func:`pipeline.documents.markdown.markdown_skeleton` (CommonMark + GFM
  tables + YAML front matter);
* ``html``: :func:`pipeline.documents.html.html_skeleton`.

:func:`read_skeleton` and :func:`markup_spans` choose the reader by format;
the Markdown and HTML readers are imported there on first use (markdown-it
is heavy). The readers import only
:mod:`pipeline.documents.blocks` (:class:`Slot`, :class:`Skeleton`), never this module.

A :class:`Slot` is one translatable span of the source (a paragraph's inline
text, a heading, a table cell, a front-matter value) with its block kind and
level. :func:`rebuild` returns the document with each slot's span replaced
by its translation and everything else byte for byte. A new reader plugs in
by returning a :class:`Skeleton`; nothing downstream changes.

The PO header records the document the catalog was made from, as a path
relative to the PO and the :func:`source_hash` of its text (the fields are
built and read in :mod:`pipeline.catalog.notes`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from pipeline.documents.blocks import ESCAPES, Skeleton, Slot, parse_text
from pipeline.catalog.notes import SOURCE_HASH_HEADER, SOURCE_HEADER, SOURCE_SELECT_HEADER, selector_from_header, source_fields, source_from_header

__all__ = ["ESCAPES", "SOURCE_HASH_HEADER", "Skeleton", "Slot", "SOURCE_HEADER", "SOURCE_SELECT_HEADER", "selector_from_header", "source_fields", "source_from_header"]


def source_hash(text: str) -> str:
    """``sha256:<hex>`` of a document's text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# -------------------------------------------------------------------------- rebuilding

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


def _yaml_needs_quotes(value: str) -> bool:
    return (
        not value
        or value != value.strip()
        or value[0] in "!&*?|>'\"%@`#,[]{}-:"
        or ": " in value
        or " #" in value
        or "\n" in value
    )


def _balanced(text: str) -> bool:
    """Unescaped square brackets that pair up (as a link label may hold them)."""
    depth = 0
    for m in re.finditer(r"(?<!\\)[\[\]]", text):
        depth += 1 if m.group() == "[" else -1
        if depth < 0:
            return False
    return depth == 0


def place(slot: Slot, translation: str) -> str:
    """The text written in place of *slot* for *translation*."""
    esc = slot.escape
    if esc == "yaml-double":
        return translation.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if esc == "yaml-single":
        return translation.replace("'", "''").replace("\n", " ")
    if esc == "yaml-plain":
        one = translation.replace("\n", " ")
        if _yaml_needs_quotes(one):
            return '"' + one.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return one
    if esc == "html":
        return translation
    if esc.startswith("html-attr"):
        one = translation.replace("\n", " ")
        if esc == "html-attr'":
            return one.replace("'", "&#39;")
        if esc == "html-attr-bare" and (not one or re.search(r"[\s\"'=<>`]", one)):
            return '"' + one.replace('"', "&quot;") + '"'
        return one.replace('"', "&quot;")
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
    if esc == "txt":
        return "\n".join(lines)
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


def rebuild(skeleton: Skeleton, translations: Sequence[str]) -> str:
    """The source document with each slot replaced by its translation.

    *translations* has one text per slot, in order. Everything outside the
    slots is copied byte for byte.
    """
    if len(translations) != len(skeleton.slots):
        raise ValueError(f"{len(translations)} translations for {len(skeleton.slots)} slots")
    children: dict[int, list[tuple[Slot, str]]] = {}
    for slot, text in zip(skeleton.slots, translations):
        if slot.parent >= 0:
            children.setdefault(slot.parent, []).append((slot, text))
    out: list[str] = []
    pos = 0
    source = skeleton.source
    for i, (slot, text) in enumerate(zip(skeleton.slots, translations)):
        if slot.parent >= 0:
            continue
        out.append(source[pos : slot.start])
        out.append(apply_inner(place(slot, text), children.get(i, ())))
        pos = slot.end
    out.append(source[pos:])
    return "".join(out)


def apply_inner(text: str, children: Sequence[tuple[Slot, str]]) -> str:
    """*text* with each child slot's construct (an image, a link) carrying its translated alt text or title."""
    groups: dict[str, list[tuple[Slot, str]]] = {}
    for child, translation in children:
        groups.setdefault(child.construct, []).append((child, translation))
    cursor = 0
    for construct, parts in groups.items():
        at = text.find(construct, cursor)
        if at < 0:
            continue  # the translation changed the construct: the checks report it
        new = construct
        for child, translation in sorted(parts, key=lambda p: p[0].inner[0], reverse=True):
            a, b = child.inner
            new = new[:a] + place(child, translation) + new[b:]
        text = text[:at] + new + text[at + len(construct) :]
        cursor = at + len(new)
    return text


# -------------------------------------------------------------------------- plain text


def text_skeleton(text: str) -> Skeleton:
    """The skeleton of a plain-text article: one slot per paragraph or heading."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    slots = []
    for block in parse_text(text):
        first = block.line - 1
        last = first + len(block.line_offsets)
        first_line = text[starts[first] : (starts[first + 1] - 1) if first + 1 < len(starts) else len(text)]
        start = starts[first] + (len(first_line) - len(first_line.lstrip()))
        last_end = (starts[last + 1] - 1) if last + 1 < len(starts) else len(text)
        last_line = text[starts[last] : last_end]
        end = starts[last] + len(last_line.rstrip())
        slots.append(
            Slot(
                start=start,
                end=end,
                text=block.text,
                kind=block.kind,
                line=block.line,
                line_offsets=block.line_offsets,
                level=block.level,
                escape="txt",
            )
        )
    return Skeleton(source=text, format="txt", slots=tuple(slots))


def read_skeleton(text: str, fmt: str, *, select: str | None = None) -> Skeleton:
    """The skeleton of *text* in format *fmt* (``txt``, ``md`` or ``html``; *select*: HTML only)."""
    if fmt == "md":
        from pipeline.documents.markdown import markdown_skeleton

        return markdown_skeleton(text)
    if fmt == "html":
        from pipeline.documents.html import html_skeleton

        return html_skeleton(text, select=select)
    return text_skeleton(text)


def markup_spans(fmt: str, text: str, references: Mapping[str, Mapping[str, object]] | None = None) -> list[tuple[int, int]]:
    """The inline markup of a slot text in format *fmt*: kept verbatim, never sent to the engine."""
    if fmt == "md":
        from pipeline.documents.markdown import inline_markup_spans

        return inline_markup_spans(text, references=references)
    if fmt == "html":
        from pipeline.documents.html import markup_spans as html_markup

        return html_markup(text)
    return []
