"""The edition model: a reviewed PO (and its source document) loaded into an :class:`Edition`.

An :class:`Edition` is the article as blocks of aligned source and target
sentences, each sentence with its review state. When the PO records its
source document (``X-Source-Document``, or ``--source`` gives it), the blocks
are the document's slots (:mod:`pipeline.documents.skeleton`) and the sentences are
found in the PO by msgctxt and msgid. A PO without a recorded source gives
its blocks from the entries alone: sentences are grouped by the paragraph
part of their msgctxt (``p3`` of ``p3.s2``), blocks and sentences in the
order the entries appear in the PO (ids are names, not positions); the
``#. kind:`` note (:func:`pipeline.catalog.notes.kind_of`) gives a block's kind and
heading level.

The Chinese gets its typography here, once: :mod:`pipeline.languages.typography`
(no spaces between CJK characters, full-width punctuation) and the variant's
quotation marks (:func:`pipeline.languages.convert.localize_quotes`: “” for zh-Hans,
「」 for the Traditional variants). Reading goes through
:mod:`pipeline.catalog` only; the library never prints.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.documents.article import Segment, article_from_text, segment_article
from pipeline.documents.blocks import DocumentFormat, InlineSyntax, References
from pipeline.documents.markdown_placing import relabel_references
from pipeline.documents.formats import format_of_references
from pipeline.documents.text import TEXT
from pipeline.catalog import Catalog, Entry, State, load_catalog
from pipeline.languages.convert import localize_quotes
from pipeline.documents.skeleton import Skeleton, Slot, apply_inner, selector_from_header, source_from_header, source_hash
from pipeline.errors import CatalogError, InputError, PipelineError
from pipeline.fsutil import read_text_file
from pipeline.catalog.notes import MARKDOWN_REFERENCES_HEADER, front_matter_keys_from_header, kind_of, parse_link_references
from pipeline.languages.typography import clean_translation, has_han, is_wide
from pipeline.languages.variants import VARIANTS, Variant, find

REVIEWED, FUZZY, UNTRANSLATED = "reviewed", "fuzzy", "untranslated"
#: Block kinds that live inside another block (an image's alt text, a link's title).
INNER_KINDS = frozenset({"alt-text", "link-title"})
#: A msgctxt ``p<paragraph>.s<sentence>``: the paragraph part groups sentences into blocks.
_ID_RE = re.compile(r"^(p[^.\s]+)\.s[^.\s]+$")

# -- the data ------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    id: str
    source: str
    #: Typeset target text; for an untranslated sentence, the source.
    target: str
    state: str  #: reviewed | fuzzy | untranslated
    #: The typeset translation before translated alt texts and link titles
    #: were put into its links (what the checks compare with the source).
    own: str = ""


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or title of the article."""

    number: int
    kind: str  #: title | heading | paragraph | list-item | quote | table-cell | metadata
    level: int  #: heading level (1 for the title)
    sentences: tuple[Sentence, ...]
    #: The source text between consecutive sentences (from the source
    #: document); empty when the edition was made from the PO alone.
    gaps: tuple[str, ...] = ()
    #: The block's list marker (``-``, ``1.``) on an item's first paragraph.
    marker: str = ""
    #: The paragraph id its sentences share (``p3`` of ``p3.s1``) when the
    #: edition was made from the PO alone; empty for a document's slot.
    paragraph: str = ""

    @property
    def id(self) -> str:
        """The block's anchor: its paragraph id, or ``p<number>`` for a document's slot."""
        return self.paragraph or f"p{self.number}"

    @property
    def draft(self) -> bool:
        return any(s.state != REVIEWED for s in self.sentences)

    @property
    def draft_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences if s.state != REVIEWED)

    @property
    def source(self) -> str:
        if self.gaps:
            return _join_with_gaps([s.source for s in self.sentences], self.gaps, target=False)
        return _join_source([s.source for s in self.sentences])

    @property
    def target(self) -> str:
        if self.gaps:
            return _join_with_gaps([s.target for s in self.sentences], self.gaps, target=True)
        return _join_target([s.target for s in self.sentences])


@dataclass(frozen=True)
class LinkReference:
    """A Markdown link reference definition: ``[label]: href "title"``."""

    label: str  #: normalised as markdown-it normalises it (``SD``)
    href: str
    title: str = ""


@dataclass(frozen=True)
class Edition:
    """An article as blocks of aligned source and target sentences."""

    name: str  #: file name of the PO, for the footer
    variant: Variant
    blocks: tuple[Block, ...]
    #: The article's format: its texts carry its inline markup (Markdown's ``*em*``,
    #: ``[link](url)``; HTML's tags), rendered in HTML and kept in its own format's output.
    document: DocumentFormat = TEXT
    #: The PO header's Project-Id-Version (the article's slug): the page
    #: title when the article has no title block.
    project: str = ""
    #: Link reference definitions of a Markdown article (``[text][label]``
    #: links resolve against them), in label order.
    references: tuple[LinkReference, ...] = ()
    #: The source document's skeleton, when the edition was built from it
    #: (the PO records its source, or ``--source`` gave it); its slots are
    #: the blocks, in order.
    skeleton: Skeleton | None = None
    #: The source document's path, when the edition was built from it (its images are found beside it).
    source_path: Path | None = None

    # The edition is frozen: what is derived from all its sentences is worked out once.
    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @property
    def visible_blocks(self) -> tuple[Block, ...]:
        """The blocks shown as blocks: alt texts and link titles are inside their parent's links and images."""
        return tuple(b for b in self.blocks if b.kind not in INNER_KINDS)

    @cached_property
    def fuzzy_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences if s.state == FUZZY)

    @cached_property
    def untranslated_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences if s.state == UNTRANSLATED)

    @property
    def is_draft(self) -> bool:
        return bool(self.fuzzy_ids or self.untranslated_ids)

    @property
    def unreviewed_summary(self) -> str:
        """``fuzzy: p2.s3, p4.s1; untranslated: p5.s1`` (empty when reviewed)."""
        parts = []
        if self.fuzzy_ids:
            parts.append("fuzzy: " + ", ".join(self.fuzzy_ids))
        if self.untranslated_ids:
            parts.append("untranslated: " + ", ".join(self.untranslated_ids))
        return "; ".join(parts)

    @property
    def title(self) -> Block | None:
        for b in self.blocks:
            if b.kind == "title":
                return b
        return None

    @property
    def page_h1(self) -> Block | None:
        """The first ``<h1>`` of an HTML page's body (a level-1 heading block); None for another article."""
        if self.skeleton is None or self.skeleton.format.native_edition != "html":
            return None
        return next((b for b in self.visible_blocks if b.kind == "heading" and b.level == 1 and b.sentences), None)

    @property
    def hidden_title(self) -> Block | None:
        """The ``<title>`` block an HTML page's editions show no row for: the page has an ``<h1>``, which is its
        headline (a ``<title>`` often adds the site's name, "… | The Daily Example"); the ``<title>``'s
        translation goes into the edition's ``<title>`` element. None for another article, or a page without ``<h1>``."""
        title = self.title
        return title if title is not None and self.page_h1 is not None else None


# -- joining and typesetting ---------------------------------------------------------


def _join_source(parts: Sequence[str]) -> str:
    """English sentences: one space between them."""
    return " ".join(p.strip() for p in parts if p.strip())


def target_separator(left: str, right: str) -> str:
    """No space between Chinese sentences; one between two Latin ones.

    A space is dropped only where a Chinese sentence meets a wide character:
    ``said. “And`` between two English sentences keeps its space.
    """
    if not left or not right:
        return ""
    if (is_wide(left[-1]) or is_wide(right[0])) and (has_han(left) or has_han(right)):
        return ""
    return " "


def _join_with_gaps(parts: Sequence[str], gaps: Sequence[str], *, target: bool) -> str:
    """Sentences joined by the source's own gaps; no space next to Chinese (a line break is kept)."""
    out = parts[0] if parts else ""
    previous = out
    for gap, part in zip(gaps, parts[1:]):
        if target and "\n" not in gap and not target_separator(previous, part):
            gap = ""
        out += gap + part
        previous = part or previous
    return out


def _join_target(parts: Sequence[str]) -> str:
    out = previous = ""
    for part in (p.strip() for p in parts):
        if part:
            out += (target_separator(previous, part) if out else "") + part
            previous = part
    return out


def typeset(text: str, variant: Variant, *, document: DocumentFormat = TEXT, source: str | None = None) -> str:
    """The typography of the target language on a translation; the markup of the *document* format's text
    (link targets and titles, code, tags) is left alone.

    Chinese: a text without Chinese (a segment left in English) is kept exactly as it is. Other languages
    follow their family's rules (:mod:`pipeline.languages.typography_families`); *source*, the English the
    text translates, tells a Latin-script translation from a draft left in English (which keeps its punctuation).
    """
    if not variant.is_chinese:
        from pipeline.languages.typography_families import clean_for

        return clean_for(text, language=variant, protected=document.protected_spans(text), source=source)
    if not has_han(text):
        return text
    cleaned = clean_translation(text, protected=document.protected_spans(text))
    if not _QUOTE_MARKS.search(cleaned):
        return cleaned  # no quotation mark to localise
    return localize_quotes(cleaned, variant.code, protected=document.protected_spans(cleaned))


_QUOTE_MARKS = re.compile("[“”‘’「」『』]")


def _kind_and_level(entry: Entry) -> tuple[str, int]:
    """A block's kind and heading level from its first entry's ``#. kind:`` note (level 1-6)."""
    note = kind_of(entry.notes)
    kind = note.kind if note is not None else "paragraph"
    level = note.level if note is not None and note.level is not None else (1 if kind == "title" else 2)
    return kind, max(1, min(level, 6))


def catalog_variant(language: str, path: Path) -> Variant:
    """The language of a PO (a row of the languages table): its ``Language`` header, else its file stem
    (``zh_TW.po``, ``ar.po``), as :meth:`pipeline.catalog.Catalog.target_language` decides it."""
    return Catalog(language=language, header={}, path=Path(path)).target_language()


def _link_references(header: Mapping[str, str], po_path: Path) -> tuple[LinkReference, ...]:
    """The ``X-Markdown-References`` header as :class:`LinkReference` items (none when absent)."""
    try:
        data = parse_link_references(header.get(MARKDOWN_REFERENCES_HEADER, ""))
    except ValueError as exc:
        raise CatalogError(
            f"{po_path}: {exc}",
            hint=f'the {MARKDOWN_REFERENCES_HEADER} header holds JSON {{"LABEL": {{"href": "...", "title": "..."}}}}; '
            "re-run mtpipe translate to rewrite it",
        ) from exc
    from markdown_it.common.utils import normalizeReference

    refs = {}
    for label, ref in data.items():
        key = normalizeReference(label)
        if key and key not in refs:  # the first definition of a label wins, as in CommonMark
            refs[key] = LinkReference(key, ref["href"], ref["title"])
    return tuple(refs[k] for k in sorted(refs))


def _sentence(entry: Entry, variant: Variant, *, document: DocumentFormat, references: References | None = None) -> Sentence:
    found = entry.state  # the catalog's one review state
    if found is State.untranslated or not entry.text:  # text: msgstr, or msgstr[0] of a plural entry
        return Sentence(entry.msgctxt, entry.msgid, entry.msgid, UNTRANSLATED)
    state = REVIEWED if found is State.reviewed else FUZZY
    # A sentence left as its source (a name list, a line already in Chinese) keeps its own punctuation.
    target = entry.text if entry.text == entry.msgid else typeset(entry.text, variant, document=document, source=entry.msgid)
    if references and document.inline is InlineSyntax.MARKDOWN:
        # [text] and [text][] resolve by their text: once it is translated, [译文][text] (every edition).
        target = relabel_references(entry.msgid, target, references)
    return Sentence(entry.msgctxt, entry.msgid, target, state)


def _pot_header(pot_path: Path) -> Mapping[str, str]:
    try:
        return load_catalog(pot_path).header
    except PipelineError:
        return {}


def source_document(catalog: Catalog, po_path: Path, source: Path | None = None) -> tuple[Path, str] | None:
    """The path and text of the document *catalog* was made from; None when the PO records none.

    *source* overrides the recorded path (the document moved). A missing
    document, or one whose text changed since the PO was made, is refused.
    """
    recorded, digest = source_from_header(catalog.header, po_path)
    if recorded is None:
        # A PO made before it recorded its source (or left quiet by a re-run
        # that changed nothing): the template beside it records the source.
        for pot_path in sorted(Path(po_path).parent.glob("*.pot")):
            recorded, digest = source_from_header(_pot_header(pot_path), pot_path)
            if recorded is not None:
                break
    path = Path(source) if source is not None else recorded
    if path is None:
        return None
    if not path.is_file():
        raise InputError(
            f"{po_path}: its source document {path} is missing",
            hint="give the document's new place with --source PATH, or re-run 'mtpipe translate' on it",
        )
    text = read_text_file(path, what="source document")
    if digest and source_hash(text) != digest:
        raise InputError(
            f"{po_path}: the source document {path} changed since the PO was made",
            hint=f"re-run 'mtpipe translate {path}' to update the PO, or give the original with --source PATH",
        )
    return path, text


def _skeleton_blocks(
    catalog: Catalog, po_path: Path, path: Path, text: str, variant: Variant
) -> tuple[Skeleton, tuple[Block, ...]]:
    """The source's skeleton and one block per slot, its sentences taken from the PO by msgid."""
    keys = front_matter_keys_from_header(catalog.header)
    article = article_from_text(path, text, select=selector_from_header(catalog.header), front_matter_keys=keys)
    skeleton: Skeleton = article.skeleton
    # The PO's entries are in document order and its ids are stable, not
    # positional: a sentence is matched by its text, twins in order of appearance.
    by_text: dict[str, deque[Entry]] = {}
    for e in catalog.active:
        by_text.setdefault(e.msgid, deque()).append(e)
    per_block: dict[int, list[tuple[Segment, Entry]]] = {}
    for segment in segment_article(article):
        twins = by_text.get(segment.text)
        entry = twins.popleft() if twins else None
        if entry is None:
            raise CatalogError(
                f"{po_path}: line {segment.line} of {path} has no entry in the PO ({segment.text[:40]!r})",
                hint=f"re-run 'mtpipe translate {path}' to update the PO",
            )
        per_block.setdefault(segment.block, []).append((segment, entry))
    blocks = []
    for number, slot in enumerate(skeleton.slots, start=1):
        pairs = per_block.get(number, [])
        gaps = tuple(slot.text[a.end : b.start] for (a, _), (b, _) in zip(pairs, pairs[1:]))
        sentences = tuple(_sentence(e, variant, document=article.format, references=skeleton.references) for _, e in pairs)
        level = slot.level
        if slot.kind.value in ("title", "heading") and not level:
            level = 1 if slot.kind.value == "title" else 2
        blocks.append(Block(number, slot.kind.value, level, sentences, gaps, slot.marker))
    # An H1 repeating the front-matter title is no entry of its own (segment_article): it shows the title's sentences.
    found = next(((s, b) for s, b in zip(skeleton.slots, blocks) if b.kind == "title" and b.sentences), None)
    found = found if skeleton.format.inline is InlineSyntax.MARKDOWN else None
    if found is not None:
        title_slot, title = found
        for i, (slot, block) in enumerate(zip(skeleton.slots, blocks)):
            if not block.sentences and block.kind == "heading" and slot.level == 1 and slot.text == title_slot.text:
                blocks[i] = dataclasses.replace(block, sentences=title.sentences, gaps=title.gaps)
    # Alt texts and link titles go into their link or image, in the parent's sentence that holds it.
    inner: dict[int, list[tuple[Slot, str]]] = {}
    for slot, block in zip(skeleton.slots, blocks):
        if slot.parent >= 0 and block.sentences:
            inner.setdefault(slot.parent, []).append((slot, block.target))
    for index, children in inner.items():
        parent = blocks[index]
        updated = []
        for sentence in parent.sentences:
            mine = [(slot, text) for slot, text in children if slot.construct in sentence.target]
            if mine:
                own = sentence.own or sentence.target
                sentence = dataclasses.replace(sentence, target=apply_inner(sentence.target, mine, skeleton.format), own=own)
            updated.append(sentence)
        blocks[index] = dataclasses.replace(parent, sentences=tuple(updated))
    return skeleton, tuple(blocks)


def kept_texts(edition: Edition, skeleton: Skeleton) -> dict[int, str]:
    """The texts of the slots that have no sentences (an image alone is not an entry), by slot index:
    the source's text with its alt texts and titles translated."""
    kept: dict[int, str] = {}
    for index, (slot, block) in enumerate(zip(skeleton.slots, edition.blocks)):
        if slot.parent < 0 and not block.sentences and slot.text.strip():
            children = [
                (child, edition.blocks[i].target)
                for i, child in enumerate(skeleton.slots)
                if child.parent == index and edition.blocks[i].sentences
            ]
            kept[index] = apply_inner(slot.text, children, edition.document) if children else slot.text
    return kept


def load_edition(po_path: Path, *, source: Path | None = None) -> Edition:
    """Read a PO file (through :mod:`pipeline.catalog`) into an :class:`Edition`.

    When the PO records its source document (or *source* gives it), the
    blocks are the document's slots; otherwise they come from the entry ids.
    """
    po_path = Path(po_path)
    catalog = load_catalog(po_path)
    variant = catalog.target_language()
    found = source_document(catalog, po_path, source)
    if found is not None:
        path, text = found
        skeleton, skeleton_blocks = _skeleton_blocks(catalog, po_path, path, text, variant)
        return Edition(
            name=po_path.name,
            variant=variant,
            blocks=skeleton_blocks,
            document=skeleton.format,
            project=catalog.header.get("Project-Id-Version", "").strip(),
            references=_references_of(skeleton),
            skeleton=skeleton,
            source_path=path,
        )
    # Without its source, only Markdown's inline markup is rendered (markdown-it escapes
    # raw HTML); the texts of another format are shown as text.
    document = format_of_references(ref for e in catalog.active for ref, _ in e.references)
    if document.inline is not InlineSyntax.MARKDOWN:
        document = TEXT
    # Ids are names, not positions: blocks and their sentences come in the PO's order.
    grouped: dict[str, list[Entry]] = {}
    for entry in catalog.active:
        match = _ID_RE.match(entry.msgctxt)
        if match is None:
            raise CatalogError(
                f"{po_path}: entry {entry.msgctxt or entry.msgid[:30]!r} has no p<n>.s<m> id",
                hint="editions are built from catalogs written by 'mtpipe translate'",
            )
        grouped.setdefault(match.group(1), []).append(entry)
    if not grouped:
        raise CatalogError(f"{po_path}: the catalog has no entries to publish")
    references = _link_references(catalog.header, po_path) if document.inline is InlineSyntax.MARKDOWN else ()
    env_references = {r.label: {"href": r.href, "title": r.title} for r in references}
    blocks = []
    for number, (paragraph, entries) in enumerate(grouped.items(), start=1):
        kind, level = _kind_and_level(entries[0])
        sentences = tuple(_sentence(e, variant, document=document, references=env_references) for e in entries)
        blocks.append(Block(number, kind, level, sentences, paragraph=paragraph))
    return Edition(
        name=po_path.name,
        variant=variant,
        blocks=tuple(blocks),
        document=document,
        project=catalog.header.get("Project-Id-Version", "").strip(),
        references=references,
    )


def _references_of(skeleton: Skeleton) -> tuple[LinkReference, ...]:
    refs = []
    for label, ref in sorted(skeleton.references.items()):
        href, title = ref.get("href", ""), ref.get("title", "")
        refs.append(LinkReference(label, href if isinstance(href, str) else "", title if isinstance(title, str) else ""))
    return tuple(refs)
