"""The Markdown edition: bilingual (interleaved, side-by-side table) or target-only Markdown.

For a Markdown source, the target-only and interleaved editions are the
source document with its translatable text replaced or followed by its
translation (:func:`pipeline.documents.skeleton.rebuild`): everything else is kept
byte for byte. Its side-by-side edition pairs paragraphs in two-column
pipe tables and writes every other block whole, source then target
(:func:`_render_side_by_side_document`). Otherwise each block is written afresh (a plain-text
article's characters escaped), headings as ``## English / 中文``. A
Markdown article's link reference definitions are appended, so
``[text][label]`` links resolve.
"""

from __future__ import annotations

import re

from pipeline.documents.blocks import BlockKind, InlineSyntax
from pipeline.documents.front_matter import read_front_matter
from pipeline.documents.skeleton import Skeleton, rebuild
from pipeline.documents.markdown_placing import escape_block_start, render_markdown_block
from pipeline.documents.markdown_inline import inline_markup_spans
from pipeline.publish.html import SOURCE_LABEL
from pipeline.publish.model import Block, Edition, LinkReference, kept_texts
from pipeline.publish.text import FOOTNOTE_DEFINITION, plain_banner


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md_text(text: str, edition: Edition) -> str:
    """Text for Markdown: a Markdown article's kept; another's as a reader sees it (an HTML article's
    without its tags, references decoded), its Markdown characters escaped."""
    if edition.document.inline is InlineSyntax.MARKDOWN:
        return text
    if edition.document.inline is InlineSyntax.HTML:
        from pipeline.documents.html_markup import plain_text

        text = plain_text(text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_block(block: Block, text: str, edition: Edition) -> str:
    """One block of a Markdown edition made without a Markdown source (a plain-text article, or a PO alone)."""
    text = escape_block_start(text.replace("\n", " "))
    kind = BlockKind(block.kind) if block.kind in BlockKind._value2member_map_ else BlockKind.PARAGRAPH
    marker = block.marker or ("-" if kind is BlockKind.LIST_ITEM else "")
    # A PO alone records heading levels only.
    level = block.level if edition.skeleton is not None or kind in (BlockKind.TITLE, BlockKind.HEADING) else 1
    return render_markdown_block(kind, level, marker, text)


def _md_target(block: Block, edition: Edition) -> str:
    mark = f"**(draft: {' '.join(block.draft_ids)})** " if block.draft else ""
    return mark + _md_text(block.target, edition)


def _md_source(block: Block, edition: Edition) -> str:
    return _md_text(block.source, edition)


_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _md_definition(ref: LinkReference) -> str:
    """``[label]: href "title"``, written so that it reads back as the same definition."""
    from markdown_it.common.utils import normalizeReference

    lower = ref.label.lower()
    label = lower if normalizeReference(lower) == ref.label else ref.label
    href = ref.href
    if not href or re.search(r"[\s()<>\\]", href):
        href = "<" + re.sub(r"([<>\\])", r"\\\1", href.replace("\n", " ")) + ">"
    href = _MD_ENTITY.sub(r"\\&", href)  # "&amp;" in a URL must not turn into "&"
    line = f"[{label}]: {href}"
    if ref.title:
        title = _MD_ENTITY.sub(r"\\&", re.sub(r'(["\\])', r"\\\1", ref.title))
        line += f' "{title}"'
    return line


def _md_definitions(edition: Edition) -> list[str]:
    """The article's link reference definitions, one block at the end, so ``[x][label]`` resolves."""
    if not (edition.document.inline is InlineSyntax.MARKDOWN and edition.references):
        return []
    return ["\n".join(_md_definition(ref) for ref in edition.references)]


def _slot_text(block: Block, edition: Edition, layout: str, escape: str) -> str:
    """What replaces a slot of the source document in a Markdown edition."""
    target = block.target
    if block.draft and escape.startswith("md"):
        target = f"**(draft: {' '.join(block.draft_ids)})** {target}"
    if layout == "target-only" or (block.source == target and block.kind == "table-cell"):
        return target  # a cell kept as it is (a figure) is shown once
    if block.kind in ("title", "heading", "table-cell", "metadata") or not escape.startswith("md"):
        return f"{block.source} / {target}"
    source = _without_images(block.source).rstrip() if edition.document.inline is InlineSyntax.MARKDOWN else block.source
    return f"{source}\n\n{target}" if source.strip() else target  # an image is shown once, with the target


def _without_images(text: str) -> str:
    """A Markdown text without its images (``![alt](src)``), as :func:`inline_markup_spans` finds them."""
    out, at = [], 0
    for start, end in inline_markup_spans(text):
        if text.startswith("![", start):
            out.append(text[at:start])
            at = end
    return "".join(out) + text[at:]


def _render_markdown_document(edition: Edition, skeleton: Skeleton, layout: str) -> str:
    """The source document with each slot replaced (target-only) or followed by its translation (interleaved)."""
    kept = kept_texts(edition, skeleton)  # an image alone: not an entry, shown once with its alt text translated
    texts = [
        # An inner slot's translation is already in its parent's text; its own source keeps the rebuild's copy as is.
        slot.text if slot.parent >= 0 else kept[i] if i in kept else _slot_text(block, edition, layout, slot.escape)
        for i, (block, slot) in enumerate(zip(edition.blocks, skeleton.slots))
    ]
    document = rebuild(skeleton, texts)
    banner = "".join(f"> **{line}**\n\n" for line in plain_banner(edition))
    if banner:
        # After the front matter of the output (YAML, TOML or JSON), read from the output: its translated values moved the source's offsets.
        at = read_front_matter(document, keys=()).end if skeleton.body_start else 0
        document = document[:at] + ("\n\n" if at else "") + banner + document[at:].lstrip("\n")
    return document




def _target_texts(edition: Edition, skeleton: Skeleton) -> list[str]:
    """One text per slot for the target-only document (an image alone kept, with its alt text translated)."""
    kept = kept_texts(edition, skeleton)
    return [
        slot.text if slot.parent >= 0 else kept[i] if i in kept else _slot_text(block, edition, "target-only", slot.escape)
        for i, (block, slot) in enumerate(zip(edition.blocks, skeleton.slots))
    ]


def _rebuilt_range(skeleton: Skeleton, texts: list[str], start: int, end: int) -> str:
    """The source's characters ``[start, end)`` with the slots inside them replaced by *texts*."""
    mine = [t if start <= slot.start < end else slot.text for slot, t in zip(skeleton.slots, texts)]
    document = rebuild(skeleton, mine)
    return document[start : end + len(document) - len(skeleton.source)]


def _cell(text: str) -> str:
    """A paragraph as one pipe-table cell: one line, its unescaped ``|`` escaped."""
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(line.strip() for line in text.strip().splitlines()))


_OTHER_MARKER = {".": ")", ")": ".", "-": "*", "*": "-", "+": "-"}
_ITEM_MARKER = re.compile(r"([ ]{0,3}(?:\d{1,9})?)([.)\-*+])(?=[ \t]|$)")


def _new_list(text: str) -> str:
    """*text*, a list, with the other delimiter on its top-level items (``3.`` → ``3)``, ``-`` → ``*``): written
    after the same list it would otherwise continue it (CommonMark starts a new list when the delimiter changes)."""
    from pipeline.publish.structure import document_markdown

    lines = text.split("\n")
    for tok in document_markdown().parse(text, {}):
        if tok.type == "list_item_open" and tok.level == 1 and tok.map:
            i = tok.map[0]
            lines[i] = _ITEM_MARKER.sub(lambda m: m.group(1) + _OTHER_MARKER[m.group(2)], lines[i], count=1)
    return "\n".join(lines)


_DEFINITION_START = re.compile(r"\n(?=[ ]{0,3}\[\^[^\]\s]+\]:)")


def _footnote_definitions(source: str, target: str) -> list[str]:
    """Footnote definitions (consecutive ones are one paragraph to CommonMark), each written once with both
    languages: the source's text, then the target's as its indented second paragraph."""
    sources, targets = _DEFINITION_START.split(source), _DEFINITION_START.split(target)
    if len(sources) != len(targets):
        return [source, target]  # a definition the translation split or joined: both as they are
    out = []
    for src, tgt in zip(sources, targets):
        note = FOOTNOTE_DEFINITION.sub("", tgt, count=1)
        out.append(src + "\n\n" + "\n".join(("    " + line) if line.strip() else line for line in note.splitlines()))
    return ["\n\n".join(out)]


def _render_side_by_side_document(edition: Edition, skeleton: Skeleton) -> str:
    """A Markdown article side by side, keeping every construct.

    A pipe table's cell holds one line of inline text, so only paragraphs
    become two-column rows (consecutive ones share a table); a heading stays
    a heading (``## English / 中文``, as in the interleaved edition: a heading
    in a cell would leave the document's outline); lists, block quotes,
    tables and HTML blocks are written whole, the source's then the
    target's; a code block, a rule or an image alone once; a footnote
    definition once, holding both languages. The front matter is written once
    (its values ``English / 中文``) and what lies between blocks (link
    reference definitions) is kept as it is.
    """
    from pipeline.publish.structure import blank_front_matter, top_level_groups, document_markdown

    source = skeleton.source
    targets = _target_texts(edition, skeleton)
    # The front matter as the interleaved edition writes it.
    head = [
        _slot_text(block, edition, "interleaved", slot.escape) if slot.parent < 0 and slot.start < skeleton.body_start else slot.text
        for block, slot in zip(edition.blocks, skeleton.slots)
    ]
    front = _rebuilt_range(skeleton, head, 0, skeleton.body_start).rstrip("\n") if skeleton.body_start else ""
    tokens = document_markdown().parse(blank_front_matter(skeleton), {})
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    label = edition.variant.label
    parts: list[str] = []
    rows: list[str] = []

    def flush() -> None:
        if rows:
            parts.append("\n".join([f"| {SOURCE_LABEL} | {label} |", "| --- | --- |", *rows]))
            rows.clear()

    at = skeleton.body_start
    for first, last in top_level_groups(tokens):
        tok = tokens[first]
        if not tok.map:
            continue
        start, end = starts[tok.map[0]], starts[min(tok.map[1], len(starts) - 1)]
        between = source[at:start].strip("\n")
        if between.strip():
            flush()
            parts.append(between)  # link reference definitions
        at = end
        src = source[start:end].rstrip("\n")
        tgt = _rebuilt_range(skeleton, targets, start, end).rstrip("\n")
        translatable = any(start <= slot.start < end and slot.parent < 0 and block.sentences
                           for slot, block in zip(skeleton.slots, edition.blocks))
        if not translatable or src == tgt:
            flush()
            parts.append(tgt)  # code, a rule, an image alone: once
        elif tok.type == "heading_open":
            flush()
            index = next(i for i, slot in enumerate(skeleton.slots) if start <= slot.start < end and slot.parent < 0)
            parts.append(_rebuilt_range(skeleton, [
                _slot_text(edition.blocks[i], edition, "interleaved", slot.escape) if i == index else slot.text
                for i, slot in enumerate(skeleton.slots)], start, end).rstrip("\n"))
        elif tok.type == "paragraph_open" and FOOTNOTE_DEFINITION.match(src):
            flush()
            parts.extend(_footnote_definitions(src, tgt))
        elif tok.type != "paragraph_open":  # a list, a block quote, a table, an HTML block: whole, source then target
            flush()
            parts.extend((src, _new_list(tgt) if tok.type in ("bullet_list_open", "ordered_list_open") else tgt))
        else:
            mine = _without_images(src) if edition.document.inline is InlineSyntax.MARKDOWN else src
            rows.append(f"| {_cell(mine)} | {_cell(tgt)} |")
    flush()
    rest = source[at:].strip("\n")
    if rest.strip():
        parts.append(rest)
    banner = [f"> **{line}**" for line in plain_banner(edition)]
    return "\n\n".join(([front] if front else []) + banner + parts) + "\n"


def render_markdown(edition: Edition, *, layout: str) -> str:
    """Bilingual (or target-only) Markdown; headings read ``## English / 中文``.

    For a Markdown source, the target-only and interleaved editions are the
    source document with its translatable text replaced (see
    :func:`pipeline.documents.skeleton.rebuild`); everything else is kept byte for byte.
    """
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format.native_edition == "md":
        if layout == "side-by-side":
            return _render_side_by_side_document(edition, skeleton)
        return _render_markdown_document(edition, skeleton, layout)
    parts = [f"> **{line}**" for line in plain_banner(edition)]
    if layout == "side-by-side":
        label = edition.variant.label
        title = edition.title
        if title is not None:
            parts.append(f"# {_md_source(title, edition)} / {_md_target(title, edition)}")
        rows = [f"| {SOURCE_LABEL} | {label} |", "| --- | --- |"]
        for block in edition.visible_blocks:
            if block is title:
                continue
            src, tgt = _md_source(block, edition), _md_target(block, edition)
            if block.kind == "heading":
                src, tgt = f"**{src}**", f"**{tgt}**"
            if edition.document.inline is InlineSyntax.MARKDOWN:  # a plain-text article's | is escaped already
                src, tgt = (re.sub(r"(?<!\\)\|", r"\\|", c) for c in (src, tgt))
            rows.append(f"| {src} | {tgt} |")
        parts.append("\n".join(rows))
        return "\n\n".join(parts + _md_definitions(edition)) + "\n"
    for block in edition.visible_blocks:
        if layout == "target-only":
            parts.append(_md_block(block, _md_target(block, edition), edition))
        elif block.kind in ("title", "heading"):
            parts.append(_md_block(block, f"{_md_source(block, edition)} / {_md_target(block, edition)}", edition))
        else:
            parts.append(_md_block(block, _md_source(block, edition), edition))
            parts.append(_md_block(block, _md_target(block, edition), edition))
    return "\n\n".join(parts + _md_definitions(edition)) + "\n"
