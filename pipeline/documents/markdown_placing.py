"""Writing Markdown: a translation placed in a Markdown slot (escaped for where it goes), and one block rendered as Markdown."""

from __future__ import annotations

import re

from pipeline.documents.blocks import BlockKind, References, Slot
from pipeline.documents.front_matter import ESCAPES as FRONT_MATTER_ESCAPES
from pipeline.documents.front_matter import place_front_matter
from pipeline.documents.html import place_html
from pipeline.documents.markdown_slots import References, own_labels


#: A bracketed text not followed by a destination: a reference link whose label is its text (``[text]``,
#: ``[text][]``), or one already written ``[text][label]`` (group 2).
_SHORTCUT = re.compile(r"(?<![\\!\]])\[((?:[^\[\]\\\n]|\\.)+)\](?:\[((?:[^\[\]\\\n]|\\.)*)\])?(?![\[(:])")


def _relabel(translation: str, labels: tuple[str, ...], source: str) -> str:
    """*translation* with each reference link whose text changed written ``[text][label]`` (in the source's order).

    A bracketed text that *source* has as text (no definition: ``[#497]``, ``[^1]``, ``[ ]``) is no link of it.
    """
    from markdown_it.common.utils import normalizeReference

    linked = {normalizeReference(label) for label in labels}
    literal = {key for m in _SHORTCUT.finditer(source) if not m.group(2) and (key := normalizeReference(m.group(1))) not in linked}
    out, pos, k = [], 0, 0
    for m in _SHORTCUT.finditer(translation):
        if k >= len(labels):
            break
        label, written = labels[k], m.group(2)
        if not written and normalizeReference(m.group(1)) in literal:
            continue
        if written:  # [text][label]: this link already relabelled (k moves on), or a full reference of the source
            k += normalizeReference(written) == normalizeReference(label)
            continue
        k += 1
        if normalizeReference(m.group(1)) == normalizeReference(label):
            continue
        out.append(translation[pos : m.start()])
        out.append(f"[{m.group(1)}][{label}]")
        pos = m.end()
    out.append(translation[pos:])
    return "".join(out)


#: A MyST ``{term}`` role: its name, backticks and content.
_TERM = re.compile(r"\{((?:std:)?term)\}(`+)(.+?)\2", re.DOTALL)


def _reterm(source: str, translation: str) -> str:
    """*translation* with each ``{term}`` role whose text changed given its glossary entry as an explicit
    target (``{term}`出口禁令 <exit ban>```), so that it still links (in the source's order)."""
    entries = [m.group(3) for m in _TERM.finditer(source)]
    out, pos = [], 0
    for k, m in enumerate(_TERM.finditer(translation)):
        if k >= len(entries):
            break
        entry, text = entries[k], m.group(3)
        if text == entry or "<" in text or "<" in entry:
            continue
        out.append(translation[pos : m.start(3)])
        out.append(f"{text} <{entry}>")
        pos = m.end(3)
    out.append(translation[pos:])
    return "".join(out)


def relabel_references(source: str, target: str, references: References) -> str:
    """*target* (a translation of *source*) with each reference link that *source* writes ``[text]`` or ``[text][]``
    written ``[译文][text]`` where its text changed, so that it still resolves; unchanged when already so (idempotent)."""
    labels = own_labels(source, references)
    return _relabel(target, labels, source) if labels else target


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
        translation = _relabel(translation, slot.labels, slot.text)
    if "term}`" in slot.text:
        translation = _reterm(slot.text, translation)
    if esc in FRONT_MATTER_ESCAPES:
        return place_front_matter(slot, translation)
    if esc.startswith("tpl-attr"):
        return _template_attribute(translation, esc[-1])
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


def _template_attribute(translation: str, quote: str) -> str:
    """*translation* as a template tag's attribute value quoted with *quote*: on one line, the quote
    written as its typographic form (``"`` as “ and ”, ``'`` as ’). Liquid has no escape inside a
    quoted value, and what Hugo does with one depends on the shortcode's template, so none is used."""
    one = translation.replace("\n", " ")
    if quote == "'":
        return one.replace("'", "’")
    out, opening = [], True
    for ch in one:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _prefix(slot: Slot, index: int) -> str:
    """What the *index*-th further line of *slot* starts with."""
    if slot.prefixes:
        return slot.prefixes[min(index, len(slot.prefixes) - 1)]
    return ""


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
