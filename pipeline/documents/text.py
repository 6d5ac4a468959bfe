"""Plain-text articles (``.txt``, and any file of no other format): paragraphs and headings.

Paragraphs are separated by blank lines; a group of lines whose lines end
like sentences is one paragraph per line, otherwise one paragraph wrapped
over several lines (:func:`pipeline.documents.blocks.parse_text`). The text
carries no markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.documents.blocks import DocumentFormat, Skeleton, Slot, parse_text


class TextFormat(DocumentFormat):
    """Plain text: one slot per paragraph or heading, no inline markup."""

    name = "txt"
    title = "plain text"
    suffixes = (".txt",)

    def read(self, text: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None) -> Skeleton:
        """One slot per paragraph or heading (see :func:`pipeline.documents.blocks.parse_text`)."""
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
        return Skeleton(source=text, format=self, slots=tuple(slots))

    def place(self, slot: Slot, translation: str) -> str:
        """The translation as it is: plain text needs no escaping."""
        return translation


#: The plain-text format.
TEXT = TextFormat()
