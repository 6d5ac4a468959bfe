"""The Markdown edition: bilingual (interleaved, side-by-side table) or target-only Markdown.

For a Markdown source, the target-only and interleaved editions are the
source document with its translatable text replaced or followed by its
translation (:func:`pipeline.documents.skeleton.rebuild`): everything else is kept
byte for byte. Otherwise each block is written afresh (a plain-text
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
from pipeline.publish.text import plain_banner


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


def render_markdown(edition: Edition, *, layout: str) -> str:
    """Bilingual (or target-only) Markdown; headings read ``## English / 中文``.

    For a Markdown source, the target-only and interleaved editions are the
    source document with its translatable text replaced (see
    :func:`pipeline.documents.skeleton.rebuild`); everything else is kept byte for byte.
    """
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format.native_edition == "md" and layout != "side-by-side":
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
