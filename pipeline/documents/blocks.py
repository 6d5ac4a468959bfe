"""The data every document reader gives and every stage reads: block kinds, blocks, slots, skeletons, and the format interface.

A reader (:func:`parse_text` here for plain text, :mod:`pipeline.documents.markdown`,
:mod:`pipeline.documents.html`) turns a source into a :class:`Skeleton` of
:class:`Slot` items; :mod:`pipeline.documents.article` makes the article's
:class:`Block` items from them and :mod:`pipeline.documents.skeleton` rebuilds the
document. This module imports nothing of mtpipe, so the readers, the
article and the document model all import it and never each other in a
circle.

:class:`DocumentFormat` is the interface of a format object: one object per
format (:data:`pipeline.documents.text.TEXT`, :data:`pipeline.documents.markdown.MARKDOWN`,
:data:`pipeline.documents.html.HTML`) owns its suffixes, its reader, its
markup spans and how a translation is placed; the rest of mtpipe asks the
object and never compares a format's name. :mod:`pipeline.documents.formats`
keeps the registry (which object reads which file). A format's slot texts
carry inline markup in one of the syntaxes the editions render
(:class:`InlineSyntax`), so a new format that reuses one needs no change
outside ``documents/``.

Plain text: paragraphs are separated by blank lines; a group of lines whose
lines end like sentences is one paragraph per line (as in the sample
article), otherwise one paragraph wrapped over several lines. A short line
without closing punctuation is a heading; when it is the first block, it is
the title.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

#: A heading is at most this many characters ...
HEADING_MAX_CHARS = 90
#: ... and does not end with one of these.
CLOSING_PUNCTUATION = ".!?:;,…\"'”’)]»。！？：；，）"


class BlockKind(str, Enum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    QUOTE = "quote"
    #: A GFM table cell (Markdown).
    TABLE_CELL = "table-cell"
    #: A front-matter value (``description``, ``summary``).
    METADATA = "metadata"
    #: An image's alt text (Markdown), inside another block.
    ALT_TEXT = "alt-text"
    #: A link's or image's title (Markdown), inside another block.
    LINK_TITLE = "link-title"


@dataclass(frozen=True)
class Block:
    """One translatable block of an article: the ``p<number>`` of segment ids."""

    number: int
    kind: BlockKind
    text: str
    line: int
    #: Offsets in ``text`` where each further source line starts (for
    #: paragraphs wrapped over several lines); line ``line + i + 1``
    #: starts at ``line_offsets[i]``.
    line_offsets: tuple[int, ...] = ()
    #: Heading level (1-6) for headings, nesting depth for list items.
    level: int = 0
    #: Markdown list marker (``-``, ``1.``) for list items.
    marker: str = ""

    def line_at(self, offset: int) -> int:
        """The 1-based source line of character *offset* of :attr:`text`."""
        line = self.line
        for i, start in enumerate(self.line_offsets):
            if offset >= start:
                line = self.line + i + 1
        return line


@dataclass(frozen=True)
class Slot:
    """One translatable span of the source document."""

    #: Character span in :attr:`Skeleton.source` replaced by the translation.
    start: int
    end: int
    #: The translatable text (the msgid material): inline markup kept,
    #: soft line breaks as spaces, hard breaks as ``\\`` + newline.
    text: str
    kind: BlockKind
    #: 1-based source line of the slot's first character.
    line: int
    #: Offsets in :attr:`text` where each further source line starts.
    line_offsets: tuple[int, ...] = ()
    #: Heading level, list depth or quote depth.
    level: int = 0
    #: List marker (``-``, ``1.``) on an item's first paragraph.
    marker: str = ""
    #: What each further line of the slot starts with in the source (block
    #: quote markers, list indentation): written after a newline of the translation.
    prefixes: tuple[str, ...] = ()
    #: How the translation is escaped when written back: a code its format's
    #: :meth:`DocumentFormat.place` knows (``md-cell``, ``html-attr"``, ...).
    escape: str = "md"
    #: For an image's alt text or a link title: the index of the slot it is
    #: inside, the source of the whole link or image, and the span of the
    #: text within it. The parent's translation carries the construct
    #: unchanged (protected markup); rebuild then replaces the text inside it.
    parent: int = -1
    construct: str = ""
    inner: tuple[int, int] = (0, 0)
    #: Markdown: the labels of the reference links whose label is their text
    #: (``[text]``, ``[text][]``), in order; a translated text is rewritten
    #: as ``[译文][label]`` so that it still resolves.
    labels: tuple[str, ...] = ()


# -------------------------------------------------------------------------- the format interface
Span = tuple[int, int]
#: Link reference definitions (Markdown): normalised label -> ``{"href": ..., "title": ...}``.
References = Mapping[str, Mapping[str, object]]


class InlineSyntax(str, Enum):
    """The inline markup a format's slot texts carry, as the editions render it."""

    #: Plain text: nothing to render.
    NONE = "none"
    #: CommonMark inline markup (emphasis, links, code spans, inline HTML).
    MARKDOWN = "markdown"
    #: HTML tags and character references.
    HTML = "html"


class DocumentFormat(ABC):
    """One document format: its suffixes, its reader, its markup spans and how a translation is placed."""

    #: Short name (``txt``, ``md``, ``html``), for messages.
    name: str
    #: What a user calls it (``plain text``).
    title: str
    #: File suffixes (lower case, with the dot) read in this format, the usual one first.
    suffixes: tuple[str, ...]
    #: The inline markup its slot texts carry.
    inline: InlineSyntax = InlineSyntax.NONE
    #: Whether part of a document can be chosen with a CSS selector (``--select``).
    selectable: bool = False
    #: The edition format (``md``, ``html``) whose edition of such a document is the
    #: source rebuilt with its text replaced; empty when none is.
    native_edition: str = ""

    @abstractmethod
    def read(self, text: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None) -> Skeleton:
        """The skeleton of a document's text.

        *select*: a CSS selector of the part to read (a :attr:`selectable` format);
        *front_matter_keys*: the front-matter keys translated (a format with front matter; None: its default).
        """

    def markup_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        """Inline markup of a slot text: kept verbatim, never sent to the engine."""
        return []

    def unsplittable_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        """Spans of a slot text no sentence boundary may cut (a link with its text, a tag)."""
        return []

    def sentence_markup(self, text: str, *, references: References | None = None) -> list[tuple[int, int, str, bool]]:
        """Markup the sentence splitter reads through: ``(start, end, reads_as, closing)``.

        *reads_as* is what a reader sees in its place (``""`` for a tag, a line
        break for ``<br>``, a space for ``&nbsp;``); a *closing* piece stays with
        the sentence before it (see :func:`pipeline.segmentation.segment.split_sentences`).
        """
        return []

    def protected_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        """Spans of a translated slot text that typography must leave exactly as they are."""
        return []

    def place(self, slot: Slot, translation: str) -> str:
        """The text written in place of *slot* (read by this format) for *translation*."""
        return translation

    @property
    def has_markup(self) -> bool:
        """Whether slot texts can carry inline markup (:attr:`inline` is not ``NONE``)."""
        return self.inline is not InlineSyntax.NONE

    def __repr__(self) -> str:
        return f"<document format {self.name}>"


@dataclass(frozen=True)
class Untranslated:
    """Visible text a reader deliberately left as it is (code, ``translate="no"``), and where."""

    line: int
    #: Why: ``<pre>``, ``translate="no"``, ``class="notranslate"``, ...
    reason: str
    #: The start of the text.
    text: str


@dataclass(frozen=True)
class Skeleton:
    """A source document and its translatable slots, in document order."""

    source: str
    #: The format that read it (and places translations into it).
    format: DocumentFormat
    slots: tuple[Slot, ...]
    #: Markdown link reference definitions (``[label]: url``).
    references: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    #: What the reader could not carry as translatable text, with its line.
    warnings: tuple[str, ...] = ()
    #: Where the body starts (after a front matter block).
    body_start: int = 0
    #: Visible text deliberately left untranslated (listed in the run's report).
    untranslated: tuple[Untranslated, ...] = ()

    def blocks(self) -> list[Block]:
        """One :class:`Block` per slot, numbered from 1 in document order."""
        return [
            Block(number=i, kind=slot.kind, text=slot.text, line=slot.line, line_offsets=slot.line_offsets,
                  level=slot.level, marker=slot.marker)
            for i, slot in enumerate(self.slots, start=1)
        ]


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence, and is not a line of inline list items."""
    line = line.strip()
    if not (0 < len(line) <= HEADING_MAX_CHARS and line[-1] not in CLOSING_PUNCTUATION):
        return False
    from pipeline.segmentation.segment import is_inline_list  # the one list recognizer (rules as data)

    return not is_inline_list(line)


def _starts_sentence(line: str) -> bool:
    first = line.lstrip()[:1]
    return bool(first) and (first.isupper() or first.isdigit() or first in "\"'“‘(«[")


def _one_paragraph_per_line(lines: Sequence[str]) -> bool:
    """A group of lines is one paragraph per line when every line but the last
    ends like a sentence, or is a heading followed by a line that starts a
    sentence; otherwise it is one paragraph wrapped over several lines."""
    for line, following in zip(lines, lines[1:]):
        line = line.strip()
        if line[-1] in CLOSING_PUNCTUATION or (is_heading(line) and _starts_sentence(following)):
            continue
        return False
    return True


def parse_text(text: str) -> list[Block]:
    """Split plain text into blocks; see the module docstring for the rules.

    Blank lines always separate paragraphs. Within a group of consecutive
    lines, each line is its own paragraph (or heading) when the lines end like
    sentences, as in one-paragraph-per-line files; otherwise the lines are one
    paragraph wrapped over several lines. The choice is made per group, so one
    stray blank line does not change how the rest of the file is read.
    """
    groups: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if current:
                groups.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        groups.append((start, current))
    split: list[tuple[int, list[str]]] = []
    for first, lines in groups:
        if len(lines) > 1 and _one_paragraph_per_line(lines):
            split.extend((first + i, [line]) for i, line in enumerate(lines))
        else:
            split.append((first, lines))
    groups = split

    blocks: list[Block] = []
    for number, (line_no, group) in enumerate(groups, start=1):
        parts = [g.strip() for g in group]
        offsets: list[int] = []
        pos = 0
        for part in parts[:-1]:
            pos += len(part) + 1
            offsets.append(pos)
        joined = " ".join(parts)
        if len(parts) == 1 and is_heading(joined):
            kind = BlockKind.TITLE if number == 1 else BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(number=number, kind=kind, text=joined, line=line_no, line_offsets=tuple(offsets)))
    return blocks
