"""The plain-text edition: the translation alone, or each source paragraph followed by it.

A Markdown or HTML article's markup is reduced to text
(:func:`pipeline.publish.inline.plain`); a draft opens with a DRAFT line
and marks each unreviewed block with its ids. A list item keeps its number
(``3.``; a bullet is ``•``) and is indented by its depth; footnote
references read ``[1]``, numbered in order of first reference, and the
notes follow the text, under a rule.
"""

from __future__ import annotations

import re

from pipeline.publish.footnotes import FOOTNOTE_DEFINITION, definition_label
from pipeline.publish.inline import markdown_env, plain, plain_target
from pipeline.documents.article import images_only as images_only_text
from pipeline.publish.model import Block, Edition, kept_texts

#: A Markdown footnote reference, ``[^label]``.
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_INDENT = "   "


def _draft_mark(block: Block) -> str:
    return f"[draft: {' '.join(block.draft_ids)}] " if block.draft else ""


def plain_banner(edition: Edition) -> list[str]:
    """The DRAFT line of a draft edition, naming its unreviewed sentences (none when reviewed)."""
    if not edition.is_draft:
        return []
    return [f"DRAFT — not reviewed ({edition.unreviewed_summary})"]


def _item(block: Block, text: str) -> str:
    """A list item's paragraph: its number (``3.``) or ``•`` on its first paragraph, indented by its depth."""
    if block.kind != "list-item":
        return text
    indent = _INDENT * max(block.level - 1, 0)
    if not block.marker:
        return indent + "  " + text  # a further paragraph of the item, under its text
    marker = block.marker[:-1] + "." if block.marker[:-1].isdigit() else "•"
    return f"{indent}{marker} {text}"


class _Notes:
    """Footnotes: each label defined in the source gets a number at its first reference."""

    def __init__(self, source: str) -> None:
        self.defined = set(FOOTNOTE_DEFINITION.findall(source))
        self.numbers: dict[str, int] = {}

    def number(self, label: str) -> int:
        return self.numbers.setdefault(label, len(self.numbers) + 1)

    def refs(self, text: str) -> str:
        """*text* with each reference to a defined note as ``[n]``; another ``[^x]`` stays text."""
        return _FOOTNOTE_REF.sub(lambda m: f"[{self.number(m.group(1))}]" if m.group(1) in self.defined else m.group(0), text)


def render_text(edition: Edition, *, layout: str) -> str:
    """Plain text: the translation alone, or each source paragraph followed by it.

    A Markdown article's markup is reduced to text: ``**x**`` → ``x``,
    `` `x` `` → ``x``, ``[x](url)`` (and ``[x][label]``) → ``x (url)``, the
    URL being all a plain-text reader can follow.
    """
    env = markdown_env(edition)
    skeleton = edition.skeleton
    notes = _Notes(skeleton.source if skeleton is not None and env is not None and not env.get("html") else "")
    slots = skeleton.slots if skeleton is not None else [None] * len(edition.blocks)
    out = list(plain_banner(edition))
    definitions: list[tuple[str, str]] = []  # (label, text)
    kept = kept_texts(edition, skeleton) if skeleton is not None else {}  # the slots with no entry, as the source has them
    for index, (slot, block) in enumerate(zip(slots, edition.blocks)):
        if block.kind in ("alt-text", "link-title"):
            continue
        target = notes.refs(_draft_mark(block) + plain_target(block.target, env, edition.variant, source=block.source))
        if layout == "interleaved":
            text = f"{_item(block, notes.refs(plain(block.source, env)))}\n{_item(block, target)}"
        else:
            text = _item(block, target)
        if not block.sentences:
            shown = plain(kept.get(index, ""), env).strip()
            if shown and slot is not None and not images_only_text(slot.text):
                out.append(_item(block, shown))  # figures or symbols (a table cell of 2021): no entry, kept as they are
            continue  # an image alone: no text
        label = definition_label(skeleton, slot) if skeleton is not None and slot is not None else None
        if label is not None and label in notes.defined:  # the text of a footnote definition
            definitions.append((label, text))
        else:
            out.append(text)
    if definitions:
        # In order of first reference; a note never referenced after them.
        for label, _ in definitions:
            notes.number(label)
        ordered = sorted(definitions, key=lambda d: notes.numbers[d[0]])
        out.append("—" * 10)
        out.extend(f"[{notes.numbers[label]}] " + text.replace("\n", "\n" + " " * (len(str(notes.numbers[label])) + 3))
                   for label, text in ordered)
    return "\n\n".join(out) + "\n"
