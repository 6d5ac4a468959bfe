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
box, a GitHub alert's ``[!NOTE]`` line and a line of template tags
(``{% endif %}``, ``{{< /alert >}}``) are outside the slots. Code blocks,
math blocks, template blocks whose body is code (``{% highlight %}``,
``{{< highlight >}}``, ``{% comment %}``) and rules give no slot; what a
reader sees of them is listed as untranslated. The attributes of a template
tag that readers see (a shortcode's ``caption``, ``alt``, ``title``) are
slots inside it, as an image's alt text is. :data:`MARKDOWN` is the format object.

The inline markup inside a block's text is found by
:mod:`pipeline.documents.markdown_inline`, the slots are built by
:mod:`pipeline.documents.markdown_slots`, and translations are placed by
:mod:`pipeline.documents.markdown_placing`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from pipeline.documents.blocks import Block, BlockKind, DocumentFormat, InlineSyntax, Skeleton, Slot, Untranslated
from pipeline.documents.front_matter import FRONT_MATTER_KEYS, FrontMatter, read_front_matter
from pipeline.documents.html import html_skeleton
from pipeline.documents.markdown_containers import Region, directive_region, find_containers
from pipeline.documents.markdown_inline import (
    References,
    Span,
    _sub_slots,
    inline_markup_spans,
    protected_markup_spans,
    sentence_markup,
    unsplittable_spans,
)
from pipeline.documents.markdown_parser import block_tokens
from pipeline.documents.markdown_placing import place_markdown
from pipeline.documents.markdown_slots import (
    _all_markup,
    _cell_slots,
    _Container,
    _groups,
    _inline_slot,
    _kept,
    kept_markup_reason,
    _line_groups,
    _locate_lines,
    _ordered,
    own_labels,
    _paragraph_kind,
)

__all__ = ["MARKDOWN", "MarkdownFormat", "markdown_skeleton", "parse_markdown"]


def markdown_skeleton(
    text: str, *, front_matter: bool = True, front_matter_keys: Sequence[str] = FRONT_MATTER_KEYS, outer_references: References | None = None
) -> Skeleton:
    """The skeleton of a Markdown document (see the module docstring).

    Translatable: paragraphs, headings (ATX and setext), table cells, the
    text of containers and HTML blocks, and the front-matter values of
    *front_matter_keys*. Code blocks, thematic breaks, link reference
    definitions and everything between the slots stay in the skeleton, byte
    for byte (*front_matter*: False for a container's content, read with the document's link
    reference definitions, *outer_references*). A level-1 heading that is the
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
    if outer_references:  # a container's content: the document's link reference definitions hold in it too
        references = {**outer_references, **references}
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
                    slots.append(replace(cell, labels=own_labels(cell.text, references)))
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
                shown = _sub_slots(len(slots), slot, references)  # alt texts, titles, a shortcode's caption
                if not shown and _all_markup(slot.text, references):
                    kept.append(_kept(slot.line, kept_markup_reason(slot.text), slot.text))
                    continue  # display math, a template tag, a shortcode: nothing to translate
                labels = own_labels(slot.text, references)
                slots.append(replace(slot, labels=labels) if labels else slot)
                slots.extend(shown)
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
        if region.argument is not None:
            a, b = region.argument
            untranslated.append(_kept(region.first + 1, "directive argument", lines[region.first][a:b]))
        if region.kept:
            content = " ".join(lines[line][col:].strip() for line, col in region.content).strip()
            if content:
                untranslated.append(_kept(region.first + 1, region.kept, content))
            continue
        inner = _region_skeleton(text, lines, starts, region, references)
        groups.extend(_groups(list(inner.slots)))
        warnings.extend(inner.warnings)
        untranslated.extend(inner.untranslated)
    for first, end in html_blocks:
        if end > len(lines):
            warnings.append(f"line {first + 1}: an HTML block could not be located and is not translated")
            continue  # markdown-it counted lines differently (a bare CR)
        inner_html = _html_block(text, starts, lines, first, end)
        for html_group in _groups(list(inner_html.slots)):
            only = html_group[0]
            if len(html_group) == 1 and _all_markup(only.text, references):  # tags and template syntax around no word
                kept.append(_kept(only.line, kept_markup_reason(only.text), only.text))
            else:
                groups.append(html_group)
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


def _region_skeleton(text: str, lines: list[str], starts: list[int], region: Region, references: References) -> Skeleton:
    """A container's content read as a document, its slots placed back in the source."""
    content = [(line, min(col, len(lines[line]))) for line, col in region.content]
    sub = "\n".join(lines[line][col:] for line, col in content)
    inner = markdown_skeleton(sub, front_matter=False, outer_references=references)
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


def parse_markdown(text: str) -> list[Block]:
    """The translatable blocks of a Markdown article (see :func:`markdown_skeleton`)."""
    return markdown_skeleton(text).blocks()


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

    def sentence_markup(self, text: str, *, references: References | None = None) -> list[tuple[int, int, str, bool]]:
        return sentence_markup(text, references=references)

    def protected_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return protected_markup_spans(text, references=references)

    def place(self, slot: Slot, translation: str) -> str:
        return place_markdown(slot, translation)


#: The Markdown format.
MARKDOWN = MarkdownFormat()
