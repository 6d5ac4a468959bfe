"""A document as a skeleton: its source text plus an ordered list of translatable slots.

As in po4a, mdpo and Translate Toolkit's po2md, an edition is the source
document with only its translatable text replaced. Each format object's
reader (:meth:`pipeline.documents.blocks.DocumentFormat.read`) turns the
source into a :class:`Skeleton`, and the same object places each
translation back (:meth:`~pipeline.documents.blocks.DocumentFormat.place`).

A :class:`Slot` is one translatable span of the source (a paragraph's inline
text, a heading, a table cell, a front-matter value) with its block kind and
level. :func:`rebuild` returns the document with each slot's span replaced
by its translation and everything else byte for byte. A new format plugs in
by returning a :class:`Skeleton`; nothing downstream changes.

The PO header records the document the catalog was made from, as a path
relative to the PO and the :func:`source_hash` of its text (the fields are
built and read in :mod:`pipeline.catalog.notes`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pipeline.documents.blocks import DocumentFormat, Skeleton, Slot
from pipeline.catalog.notes import SOURCE_HASH_HEADER, SOURCE_HEADER, SOURCE_SELECT_HEADER, selector_from_header, source_fields, source_from_header

__all__ = ["SOURCE_HASH_HEADER", "Skeleton", "Slot", "SOURCE_HEADER", "SOURCE_SELECT_HEADER", "selector_from_header", "source_fields", "source_from_header"]


def source_hash(text: str) -> str:
    """``sha256:<hex>`` of a document's text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# -------------------------------------------------------------------------- rebuilding

def rebuild(skeleton: Skeleton, translations: Sequence[str]) -> str:
    """The source document with each slot replaced by its translation.

    *translations* has one text per slot, in order. Everything outside the
    slots is copied byte for byte, and so is a slot whose translation is its
    own text (an identity round trip gives the source back).
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
        inner = [(child, t) for child, t in children.get(i, ()) if t != child.text]
        if text == slot.text:  # left as it is: the source, byte for byte (its line breaks too)
            out.append(apply_inner(source[slot.start : slot.end], inner, skeleton.format) if inner else source[slot.start : slot.end])
        else:
            out.append(apply_inner(skeleton.format.place(slot, text), children.get(i, ()), skeleton.format))
        pos = slot.end
    out.append(source[pos:])
    return "".join(out)


def apply_inner(text: str, children: Sequence[tuple[Slot, str]], document: DocumentFormat) -> str:
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
            new = new[:a] + document.place(child, translation) + new[b:]
        text = text[:at] + new + text[at + len(construct) :]
        cursor = at + len(new)
    return text
