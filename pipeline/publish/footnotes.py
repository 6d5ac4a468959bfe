"""Markdown footnotes in the HTML edition: which slot is a definition's text, and the document as CommonMark must read it.

The reader (:mod:`pipeline.documents.markdown_containers`) finds each footnote
definition by its lines and keeps its mark (``[^1]:``) out of the slot; the
HTML edition renders the document with CommonMark, which knows no footnotes:
:func:`footnotes_unindented` gives it the definitions as paragraphs, and
:func:`definition_mark` the mark each slot's note is shown with.
"""

from __future__ import annotations

import html
import re

from pipeline.documents.blocks import Skeleton, Slot
from pipeline.documents.markdown_containers import find_containers

#: The mark that opens a Markdown footnote definition, ``[^label]:``, at the start of a line.
FOOTNOTE_DEFINITION = re.compile(r"^[ ]{0,3}\[\^([^\]\s]+)\]:[ \t]*", re.MULTILINE)


def definition_label(skeleton: Skeleton, slot: Slot) -> str | None:
    """The label of the footnote definition whose text *slot* is (None for another slot): the reader keeps the
    mark outside the slot, before it on its first line, or alone on the line before (whatever the further
    lines of a note start with)."""
    source = skeleton.source
    line = source.rfind("\n", 0, slot.start) + 1
    mark = FOOTNOTE_DEFINITION.fullmatch(source[line : slot.start])
    if mark is None and line and not source[line : slot.start].strip():  # "[^2]:" alone, the note on the next line
        mark = FOOTNOTE_DEFINITION.fullmatch(source[source.rfind("\n", 0, line - 1) + 1 : line - 1])
    return mark.group(1) if mark is not None else None


def definition_mark(skeleton: Skeleton, slot: Slot) -> str:
    """``[^1]:`` when *slot* is the text of a footnote definition (:func:`definition_label`), else empty."""
    label = definition_label(skeleton, slot)
    return f"[^{label}]:" if label is not None else ""


def footnotes_unindented(text: str, *, front_lines: int = 0) -> str:
    """The marked document *text* (:func:`pipeline.publish.structure.marked_document`) as CommonMark can read its
    footnote definitions as the reader did: each definition a paragraph of its own (``[^2]: Two.`` is no link
    reference definition, consecutive definitions are not one paragraph) and its further lines unindented (a
    further paragraph is no code block). *front_lines*: the lines of the front matter, never a definition."""
    lines = text.split("\n")
    regions = [r for r in find_containers(lines, front_lines) if r.kind == "footnote"]
    if not regions:
        return text
    firsts = set()
    for region in regions:
        first, column = region.content[0]
        firsts.add(first)
        # "[^2]: Two." would be a link reference definition; "[^2]:" alone leaves the note to the lines below
        lines[first] = "\\" + lines[first].lstrip(" ") if lines[first][column:].strip() else ""
        for number, column in region.content[1:]:
            lines[number] = lines[number][column:]
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in firsts and out and out[-1].strip():
            out.append("")  # a definition right after a text line starts its own paragraph
        out.append(line)
    return "\n".join(out)


class Footnotes:
    """Footnotes (``[^label]`` and ``[^label]: note``) as linked notes, per side of a page.

    Only the labels the source document defines (*labels*: the marks of its
    definitions, :func:`~pipeline.publish.footnotes.definition_mark`; not those in code) are linked: a PO
    cannot add a link the source lacks. Each side (``src``, ``tgt``) has its own ids.
    """

    def __init__(self, labels: frozenset[str]) -> None:
        self.labels = labels
        self.seen: set[str] = set()
        # A definition's colon may be full-width once typeset for Chinese.
        self._marks = re.compile(r"\[\^([^\]\s]+)\]([:：]?)") if self.labels else None

    def __call__(self, fragment: str, side: str) -> str:
        if self._marks is None:
            return fragment

        def link(match: re.Match[str]) -> str:
            label, definition = match.group(1), match.group(2)
            if label not in self.labels:
                return match.group(0)
            ident = html.escape(f"{side}-{label}")
            if definition:
                note = f"fn-{ident}"
                own = "" if note in self.seen else f' id="{note}"'
                self.seen.add(note)
                return f'<a class="footnote-back"{own} href="#fnref-{ident}">{html.escape(label)}.</a>'
            ref = f"fnref-{ident}"
            own = "" if ref in self.seen else f' id="{ref}"'
            self.seen.add(ref)
            return f'<sup class="footnote-ref"><a{own} href="#fn-{ident}">{html.escape(label)}</a></sup>'

        return self._marks.sub(link, fragment)

    def settled(self, rows: list[str]) -> list[str]:
        """*rows* with each note link whose other end the page does not show (a reference in a table shown once,
        or in a cell kept as it is) left without its ``href``: a mark, never a link to nothing."""
        if self._marks is None:
            return rows
        dangling = re.compile(r' href="#((?:fn|fnref)-[^"]+)"')
        return [dangling.sub(lambda m: m.group(0) if m.group(1) in self.seen else "", row) for row in rows]
