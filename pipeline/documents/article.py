"""Read an article file into blocks (title, headings, paragraphs, ...) and segments.

A file is read by its format object (:func:`pipeline.documents.formats.format_for`:
plain text, Markdown, HTML, by suffix); every format's reader gives a
:class:`pipeline.documents.blocks.Skeleton` whose slots are the blocks, and
the same object says where sentences may not be split.

Every block keeps the line it started on, so PO references point back to
the source, and its kind, so the edition can be rebuilt later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.documents.blocks import CLOSING_PUNCTUATION, HEADING_MAX_CHARS, Block, BlockKind, DocumentFormat, InlineSyntax, Untranslated, is_heading, parse_text
from pipeline.bulk import gc_paused
from pipeline.documents.formats import article_suffixes, format_for
from pipeline.documents.skeleton import source_hash
from pipeline.documents.text import TEXT
from pipeline.fsutil import read_text_file as read_checked_text

#: Re-exported from :mod:`pipeline.documents.blocks`, where they live.
__all__ = ["CLOSING_PUNCTUATION", "HEADING_MAX_CHARS", "Block", "BlockKind", "is_heading", "parse_text"]


@dataclass(frozen=True)
class Article:
    path: Path
    slug: str
    blocks: tuple[Block, ...]
    #: The format object that read it.
    format: DocumentFormat = TEXT
    #: Markdown link reference definitions (``[label]: url``) of the whole file.
    link_references: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    #: ``sha256:<hex>`` of the text the article was read from (see :mod:`pipeline.documents.skeleton`).
    source_hash: str = ""
    #: What the reader could not carry as translatable text (see :class:`pipeline.documents.skeleton.Skeleton`).
    warnings: tuple[str, ...] = ()
    #: Visible text the reader deliberately left untranslated (code, ``translate="no"``), with its line.
    untranslated: tuple[Untranslated, ...] = ()
    #: The document's skeleton (a :class:`pipeline.documents.skeleton.Skeleton`); its slots are the blocks.
    skeleton: Any = field(default=None, compare=False, repr=False)

    @property
    def source_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Segment:
    """A sentence (or heading) and its id (its PO msgctxt).

    The id is positional (``p<block>.s<index>``) unless :attr:`stable_id`
    gives the one the article's previous template assigned it (see
    :mod:`pipeline.translate.ids`).
    """

    block: int
    index: int
    text: str
    line: int
    kind: BlockKind
    #: Character span of the sentence within its block's text.
    start: int = 0
    end: int = 0
    #: The block's heading level or list/quote depth (Markdown), 0 otherwise.
    level: int = 0
    #: The id kept from the article's previous template, when one was assigned.
    stable_id: str = ""

    @property
    def id(self) -> str:
        return self.stable_id or f"p{self.block}.s{self.index}"


_SLUG_RE = re.compile(r"[\W_]+")


def slugify(name: str) -> str:
    """``"The Run Movement (2024)"`` → ``"the-run-movement-2024"``; ``"Ünïcode"`` → ``"unicode"``.

    Accents are dropped, other scripts kept (``"北京报道"`` stays), so
    different names rarely share a folder; the batch refuses those that do.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = _SLUG_RE.sub("-", unicodedata.normalize("NFC", plain).lower()).strip("-")
    return slug or "article"


def article_from_text(
    path: Path, text: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None
) -> Article:
    """An :class:`Article` from a document's text: the blocks are its skeleton's slots.

    *select*: for a format that supports it (HTML), a CSS selector of the part to translate;
    *front_matter_keys*: the front-matter keys translated (Markdown; None: ``title``, ``description``, ``summary``).
    """
    path = Path(path)
    document_format = format_for(path)
    with gc_paused():
        skeleton = document_format.read(
            text, select=select if document_format.selectable else None, front_matter_keys=front_matter_keys
        )
        blocks = skeleton.blocks()
    return Article(
        path=path,
        slug=article_slug(path),
        blocks=tuple(blocks),
        format=document_format,
        link_references=skeleton.references,
        source_hash=source_hash(text),
        warnings=skeleton.warnings,
        untranslated=skeleton.untranslated,
        skeleton=skeleton,
    )


def read_article(path: Path, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None) -> Article:
    """Read an article (plain text, Markdown, HTML: :data:`pipeline.documents.formats.FORMATS`) into an :class:`Article`.

    A Markdown document with nothing to translate (only code, say) gives an
    article without blocks: its edition is a copy of the source.
    """
    path = Path(path)
    return article_from_text(path, read_checked_text(path, what="article"), select=select, front_matter_keys=front_matter_keys)


#: Stems of Hugo-style page bundles' files (``posts/news/index.md``): the folder names the article.
BUNDLE_INDEX_STEMS = frozenset({"index", "_index"})


def article_slug(path: Path) -> str:
    """The output folder name: the file's stem, or its folder's name for a bundle's ``index.md``."""
    path = Path(path)
    if path.stem.lower() in BUNDLE_INDEX_STEMS and path.suffix.lower() in article_suffixes():
        folder = path.resolve().parent.name
        if folder:
            return slugify(folder)
    return slugify(path.stem)


def has_text(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether *text* has a letter outside its markup *spans*: words a reviewer translates.

    A table cell of figures (``2021``, ``+58%``, ``—``) has none: like an image
    alone, it is copied as it is and is no entry to review (CAT tools lock such
    number-only segments too).
    """
    at = 0
    for start, end in sorted(spans):
        if any(ch.isalpha() for ch in text[at:start]):
            return True
        at = max(at, end)
    return any(ch.isalpha() for ch in text[at:])


#: What may be markup, over-generously (brackets, tags, code, URLs, references): letters outside all of
#: it are surely text, so the exact markup is parsed only for the rare block with none there.
_MAYBE_MARKUP = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|`[^`]*`|[a-z][a-z0-9+.-]*:\S+|&#?\w+;|\{[^}]*\}", re.IGNORECASE)


def _plainly_has_text(text: str) -> bool:
    return any(ch.isalpha() for ch in _MAYBE_MARKUP.sub(" ", text))


def images_only(text: str, *, references: Mapping[str, Mapping[str, object]] | None = None) -> bool:
    """Whether a Markdown text is images and nothing else (``![alt](src)``), linked or not
    (``[![Build Status](badge.svg)](https://ci.example.org)``, README badges): no text a reader must
    translate; each alt text is an entry of its own."""
    from pipeline.documents.markdown_inline import inline_markup_spans

    rest, at, images = [], 0, False
    for start, end in inline_markup_spans(text, references=references):
        if text.startswith("![", start):
            images = True
        elif not (text[start:end] == "[" or text.startswith("]", start)):
            return False  # emphasis, code, HTML: kept an entry
        rest.append(text[at:start])
        at = end
    return images and not ("".join(rest) + text[at:]).strip()


def segment_article(article: Article, lang: str = "en") -> list[Segment]:
    """Split every block into sentences; titles and headings stay whole."""
    with gc_paused():
        return _segment_article(article, lang)


def _segment_article(article: Article, lang: str) -> list[Segment]:
    from pipeline.segmentation.segment import split_sentences

    segments: list[Segment] = []
    titles = {b.text for b in article.blocks if b.kind is BlockKind.TITLE} if article.format.inline is InlineSyntax.MARKDOWN else set()
    for block in article.blocks:
        if block.kind is BlockKind.HEADING and block.level == 1 and block.text in titles:
            continue  # the front-matter title again as the H1: one entry, reviewed once (the H1 shows its translation)
        if block.kind in (BlockKind.TITLE, BlockKind.HEADING, BlockKind.ALT_TEXT, BlockKind.LINK_TITLE):
            spans = [(0, len(block.text))]
        else:
            refs = article.link_references
            if article.format.inline is InlineSyntax.MARKDOWN and images_only(block.text, references=refs):
                continue  # images alone, linked or not: no text to review (each alt text is an entry of its own)
            if (article.format.inline is InlineSyntax.MARKDOWN  # (an HTML page rebuilds only the blocks it has entries for)
                    and not _plainly_has_text(block.text) and "![" not in block.text  # a linked image's alt text is in its markup
                    and not has_text(block.text, article.format.markup_spans(block.text, references=refs))):
                continue  # figures or symbols only: nothing to translate or review
            protected = article.format.unsplittable_spans(block.text, references=refs)
            markup = article.format.sentence_markup(block.text, references=refs)
            spans = split_sentences(block.text, lang, protected=protected, markup=markup)
        index = 0
        for start, end in spans:
            raw = block.text[start:end]
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            index += 1
            segments.append(
                Segment(
                    block=block.number,
                    index=index,
                    text=stripped,
                    line=block.line_at(start + lead),
                    kind=block.kind,
                    start=start + lead,
                    end=start + lead + len(stripped),
                    level=block.level,
                )
            )
    return segments
