"""Publishable editions from a reviewed PO file: HTML, Markdown, plain text.

The article's structure comes back from the entries' ids: ``p<n>.s<m>``
(sorted numerically, obsolete entries ignored) gives paragraph ``n``,
sentence ``m``; the ``#. kind: heading`` note gives the block's kind. The
sentences of a paragraph are rejoined (Chinese: no space between sentences;
English: one space) and the Chinese gets its typography from
:mod:`pipeline.chinese`: no spaces between CJK characters, full-width
punctuation, and the variant's quotation marks (“” for zh-Hans, 「」 for
the Traditional variants).

Layouts:

* ``side-by-side``: HTML rows of two cells (source, target), one row per
  paragraph, so each translation starts level with its source; the rows
  stack on narrow screens. In Markdown, a two-column table.
* ``interleaved``: each source paragraph followed by its translation.
* ``target-only``: the translation alone.

A catalog with fuzzy or untranslated entries is refused with
:class:`~pipeline.errors.DraftError`, which lists their msgctxt; with
``allow_draft=True`` the edition is built anyway, with a DRAFT banner and
every unreviewed sentence marked (an untranslated one shows its English
source in the translation's place).

A Markdown article's inline markup is rendered in HTML, kept in Markdown and
reduced to plain text in the ``txt`` edition (links as ``text (url)``). Its
reference-style link definitions (``[sd]: https://… "title"``) are not
entries: they come from the PO header field ``X-Markdown-References`` (see
:data:`pipeline.translate.MARKDOWN_REFERENCES_HEADER`), are given to
markdown-it in HTML and plain text, and are appended to the Markdown edition.

Reading goes through :mod:`pipeline.catalog` only; the library never prints.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.article import MARKDOWN_SUFFIXES, BlockKind, Segment, article_from_text, segment_article
from pipeline.catalog import Catalog, Entry, load_catalog
from pipeline.document import Skeleton, Slot, apply_inner, escape_block_start, rebuild, selector_from_header, source_from_header, source_hash
from pipeline.htmldoc import set_lang
from pipeline.markdown import render_markdown_block
from pipeline.chinese import VARIANTS, Variant, clean_translation, get_variant, is_wide, localize_quotes
from pipeline.errors import CatalogError, DraftError, InputError, PipelineError
from pipeline.fsutil import atomic_write_text, read_text_file

FORMATS = ("html", "md", "txt")
LAYOUTS = ("side-by-side", "interleaved", "target-only")
#: The layout used when none is given, per format.
DEFAULT_LAYOUT = {"html": "side-by-side", "md": "interleaved", "txt": "target-only"}
#: Layouts each format can render (plain text has no columns).
SUPPORTED_LAYOUTS = {
    "html": LAYOUTS,
    "md": LAYOUTS,
    "txt": ("interleaved", "target-only"),
}
SOURCE_LANG = "en"
SOURCE_LABEL = "English"
#: Column heading of the translation, per variant.
VARIANT_LABELS = {
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "zh-TW": "繁體中文（台灣）",
    "zh-HK": "繁體中文（香港）",
}

REVIEWED, FUZZY, UNTRANSLATED = "reviewed", "fuzzy", "untranslated"
#: Block kinds that live inside another block (an image's alt text, a link's title).
INNER_KINDS = frozenset({"alt-text", "link-title"})
#: PO header field holding a Markdown article's link reference definitions, as
#: JSON ``{"LABEL": {"href": ..., "title": ...}}`` (same name as
#: ``pipeline.translate.MARKDOWN_REFERENCES_HEADER``; not imported from there
#: so publishing does not load the translation stack).
MARKDOWN_REFERENCES_HEADER = "X-Markdown-References"


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

    @property
    def id(self) -> str:
        return f"p{self.number}"

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
    #: The article was Markdown: texts carry inline markup (``*em*``,
    #: ``[link](url)``), rendered in HTML and kept in Markdown output.
    markdown: bool = False
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

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for b in self.blocks for s in b.sentences)

    @property
    def visible_blocks(self) -> tuple[Block, ...]:
        """The blocks shown as blocks: alt texts and link titles are inside their parent's links and images."""
        return tuple(b for b in self.blocks if b.kind not in INNER_KINDS)

    @property
    def fuzzy_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences if s.state == FUZZY)

    @property
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


# -- joining and typesetting ---------------------------------------------------------


def _join_source(parts: Sequence[str]) -> str:
    """English sentences: one space between them."""
    return " ".join(p.strip() for p in parts if p.strip())


def _target_separator(left: str, right: str) -> str:
    """No space between Chinese sentences; one between two Latin ones."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    return " "


def _join_with_gaps(parts: Sequence[str], gaps: Sequence[str], *, target: bool) -> str:
    """Sentences joined by the source's own gaps; no space next to Chinese (a line break is kept)."""
    out = parts[0] if parts else ""
    for gap, part in zip(gaps, parts[1:]):
        if target and "\n" not in gap:
            gap = gap if (out and part and not is_wide(out[-1]) and not is_wide(part[0])) else ""
        out += gap + part
    return out


def _join_target(parts: Sequence[str]) -> str:
    out = ""
    for part in (p.strip() for p in parts):
        if part:
            out += _target_separator(out, part) + part
    return out


def _typeset(text: str, variant: Variant, *, markdown: bool = False, fmt: str = "") -> str:
    """Chinese typography; the markup of a Markdown or HTML text (link targets and titles, code, tags) is left alone."""
    fmt = fmt or ("md" if markdown else "txt")
    if fmt == "txt":
        return localize_quotes(clean_translation(text), variant.code)
    from pipeline.htmldoc import markup_spans
    from pipeline.markdown import protected_markup_spans

    def spans_of(t: str) -> list[tuple[int, int]]:
        return protected_markup_spans(t) if fmt == "md" else markup_spans(t)

    cleaned = clean_translation(text, protected=spans_of(text))
    if not any(c in cleaned for c in "“”‘’「」『』"):
        return cleaned  # no quotation mark to localise
    return localize_quotes(cleaned, variant.code, protected=spans_of(cleaned))


def _kind_and_level(entry: Entry) -> tuple[str, int]:
    kind = entry.kind
    level = 1 if kind == "title" else 2
    for note in entry.notes:
        words = note.replace(":", " ").split()
        if words[:1] == ["kind"] and len(words) > 2 and words[2].isdigit():
            level = int(words[2])
        elif words[:1] == ["level"] and len(words) > 1 and words[1].isdigit():
            level = int(words[1])
    return kind, max(1, min(level, 6))


def _variant_of(language: str, path: Path) -> Variant:
    for candidate in (language, path.stem):
        if candidate:
            try:
                return get_variant(candidate)
            except KeyError:
                continue
    known = ", ".join(v.po_stem for v in VARIANTS.values())
    raise CatalogError(
        f"{path}: cannot tell the Chinese variant (Language header {language!r})",
        hint=f"set the PO header Language to one of {known}",
    )


def _link_references(header: Mapping[str, str], po_path: Path) -> tuple[LinkReference, ...]:
    """The ``X-Markdown-References`` header as :class:`LinkReference` items (none when absent)."""
    raw = header.get(MARKDOWN_REFERENCES_HEADER, "").strip()
    if not raw:
        return ()
    hint = (
        f'the {MARKDOWN_REFERENCES_HEADER} header holds JSON {{"LABEL": {{"href": "...", "title": "..."}}}}; '
        "re-run mtpipe translate to rewrite it"
    )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        what = f"{po_path}: the {MARKDOWN_REFERENCES_HEADER} header is not valid JSON ({exc.msg})"
        raise CatalogError(what, hint=hint) from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{po_path}: the {MARKDOWN_REFERENCES_HEADER} header is not a JSON object", hint=hint)
    from markdown_it.common.utils import normalizeReference

    refs = {}
    for label, ref in data.items():
        if not isinstance(ref, dict) or not isinstance(ref.get("href"), str) or not isinstance(ref.get("title", ""), str):
            raise CatalogError(f"{po_path}: {MARKDOWN_REFERENCES_HEADER}: reference {label!r} has no href string", hint=hint)
        key = normalizeReference(label)
        if key and key not in refs:  # the first definition of a label wins, as in CommonMark
            refs[key] = LinkReference(key, ref["href"], ref.get("title") or "")
    return tuple(refs[k] for k in sorted(refs))


def _sentence(entry: Entry, variant: Variant, *, markdown: bool, fmt: str = "") -> Sentence:
    if not entry.text:  # msgstr, or msgstr[0] of a plural entry (Chinese has one form)
        return Sentence(entry.msgctxt, entry.msgid, entry.msgid, UNTRANSLATED)
    state = FUZZY if entry.fuzzy else REVIEWED
    return Sentence(entry.msgctxt, entry.msgid, _typeset(entry.text, variant, markdown=markdown, fmt=fmt), state)


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
    article = article_from_text(path, text, select=selector_from_header(catalog.header))
    skeleton: Skeleton = article.skeleton
    markdown = article.format == "md"
    by_id = {(e.msgctxt, e.msgid): e for e in catalog.active}
    by_text: dict[str, list[Entry]] = {}
    for e in catalog.active:
        by_text.setdefault(e.msgid, []).append(e)
    used: set[int] = set()
    per_block: dict[int, list[tuple[Segment, Entry]]] = {}
    for segment in segment_article(article):
        entry = by_id.get((segment.id, segment.text))
        if entry is None or id(entry) in used:
            entry = next((e for e in by_text.get(segment.text, []) if id(e) not in used), None)
        if entry is None:
            raise CatalogError(
                f"{po_path}: line {segment.line} of {path} has no entry in the PO ({segment.text[:40]!r})",
                hint=f"re-run 'mtpipe translate {path}' to update the PO",
            )
        used.add(id(entry))
        per_block.setdefault(segment.block, []).append((segment, entry))
    blocks = []
    for number, slot in enumerate(skeleton.slots, start=1):
        pairs = per_block.get(number, [])
        gaps = tuple(slot.text[a.end : b.start] for (a, _), (b, _) in zip(pairs, pairs[1:]))
        sentences = tuple(_sentence(e, variant, markdown=markdown, fmt=article.format) for _, e in pairs)
        level = slot.level
        if slot.kind.value in ("title", "heading") and not level:
            level = 1 if slot.kind.value == "title" else 2
        blocks.append(Block(number, slot.kind.value, level, sentences, gaps, slot.marker))
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
                sentence = dataclasses.replace(sentence, target=apply_inner(sentence.target, mine), own=own)
            updated.append(sentence)
        blocks[index] = dataclasses.replace(parent, sentences=tuple(updated))
    return skeleton, tuple(blocks)


def load_edition(po_path: Path, *, source: Path | None = None) -> Edition:
    """Read a PO file (through :mod:`pipeline.catalog`) into an :class:`Edition`.

    When the PO records its source document (or *source* gives it), the
    blocks are the document's slots; otherwise they come from the entry ids.
    """
    po_path = Path(po_path)
    catalog = load_catalog(po_path)
    variant = _variant_of(catalog.language, po_path)
    found = source_document(catalog, po_path, source)
    if found is not None:
        path, text = found
        skeleton, skeleton_blocks = _skeleton_blocks(catalog, po_path, path, text, variant)
        return Edition(
            name=po_path.name,
            variant=variant,
            blocks=skeleton_blocks,
            markdown=skeleton.format == "md",
            project=catalog.header.get("Project-Id-Version", "").strip(),
            references=_references_of(skeleton),
            skeleton=skeleton,
        )
    markdown = any(
        Path(ref).suffix.lower() in MARKDOWN_SUFFIXES for e in catalog.active for ref, _ in e.references
    )
    grouped: dict[int, list[tuple[int, Entry]]] = {}
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        paragraph, sentence = entry.position
        if paragraph == 0:
            raise CatalogError(
                f"{po_path}: entry {entry.msgctxt or entry.msgid[:30]!r} has no p<n>.s<m> id",
                hint="editions are built from catalogs written by 'mtpipe translate'",
            )
        grouped.setdefault(paragraph, []).append((sentence, entry))
    if not grouped:
        raise CatalogError(f"{po_path}: the catalog has no entries to publish")
    blocks = []
    for number in sorted(grouped):
        entries = [e for _, e in sorted(grouped[number], key=lambda pair: pair[0])]
        kind, level = _kind_and_level(entries[0])
        blocks.append(Block(number, kind, level, tuple(_sentence(e, variant, markdown=markdown) for e in entries)))
    return Edition(
        name=po_path.name,
        variant=variant,
        blocks=tuple(blocks),
        markdown=markdown,
        project=catalog.header.get("Project-Id-Version", "").strip(),
        references=_link_references(catalog.header, po_path) if markdown else (),
    )


def _references_of(skeleton: Skeleton) -> tuple[LinkReference, ...]:
    refs = []
    for label, ref in sorted(skeleton.references.items()):
        href, title = ref.get("href", ""), ref.get("title", "")
        refs.append(LinkReference(label, href if isinstance(href, str) else "", title if isinstance(title, str) else ""))
    return tuple(refs)


def _check_protected(edition: Edition, *, allow_draft: bool) -> None:
    """Refuse translations whose URLs or markup differ from their source.

    Raw HTML the source does not have is refused even in a draft: it would
    reach every page that shows the edition. Other differences (a changed
    URL, a lost link title) are refused unless *allow_draft*.
    """
    from pipeline.checks import check_markup, check_urls, foreign_html

    foreign: list[str] = []
    broken: list[str] = []
    for s in edition.sentences:
        if s.state == UNTRANSLATED:
            continue
        target = s.own or s.target
        if foreign_html(s.source, target):
            foreign.append(s.id)
        elif check_urls.messages(s.source, target) or check_markup.messages(s.source, target):
            broken.append(s.id)
    if foreign:
        raise DraftError(
            f"{edition.name}: raw HTML that is not in the source in {', '.join(foreign)}",
            hint="remove it from the translation (run 'mtpipe check' on the PO to see it)",
        )
    if broken and not allow_draft:
        raise DraftError(
            f"{edition.name}: URLs or markup differ from the source in {', '.join(broken)}",
            hint="fix them as 'mtpipe check' shows, or build a marked draft with --allow-draft",
        )


def _check_draft(edition: Edition, *, allow_draft: bool) -> None:
    _check_protected(edition, allow_draft=allow_draft)
    if allow_draft or not edition.is_draft:
        return
    count = len(edition.fuzzy_ids) + len(edition.untranslated_ids)
    raise DraftError(
        f"{edition.name}: {count} of {len(edition.sentences)} entries are not reviewed ({edition.unreviewed_summary})",
        hint="review them in a PO editor (clearing the fuzzy flag), or build a marked draft with --allow-draft",
    )


# -- HTML ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _base_css() -> str:
    return resources.files("pipeline").joinpath("data/edition.css").read_text(encoding="utf-8")


def _font_css() -> str:
    rules = []
    # most general first, so zh-Hant-HK's rule wins over zh-Hant's
    for v in sorted(VARIANTS.values(), key=lambda v: len(v.html_lang)):
        fonts = ", ".join(f'"{f}"' for f in v.fonts)
        rules.append(f":lang({v.html_lang}) {{ font-family: {fonts}, sans-serif; }}")
    return "\n".join(rules)


def stylesheet() -> str:
    """The edition's CSS: the bundled stylesheet plus CJK font stacks per variant."""
    return _base_css() + "\n/* CJK font stacks (pipeline.chinese.VARIANTS) */\n" + _font_css() + "\n"


_TAGS = {"title": "h1", "paragraph": "p", "list-item": "p", "quote": "blockquote"}
_STATE_TITLE = {FUZZY: "fuzzy: not reviewed", UNTRANSLATED: "untranslated: English source shown"}


def _tag(block: Block) -> str:
    if block.kind == "heading":
        return f"h{block.level}"
    return _TAGS.get(block.kind, "p")


@lru_cache(maxsize=1)
def _inline_markdown():  # noqa: ANN202 - markdown_it.MarkdownIt
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})  # raw HTML in a text is escaped


def _markdown_env(edition: Edition) -> dict | None:
    """markdown-it's env for the edition's texts (its link references); None for a plain-text article."""
    if edition.skeleton is not None and edition.skeleton.format == "html":
        return {"html": True}
    if not edition.markdown:
        return None
    md = _inline_markdown()
    references = {}
    for ref in edition.references:
        href = md.normalizeLink(ref.href)
        if md.validateLink(href):  # as markdown-it does for a definition: no javascript: links
            references[ref.label] = {"href": href, "title": ref.title}
    return {"references": references}


def _html_text(text: str, env: dict | None) -> str:
    """Escaped text; inline Markdown rendered (and escaped) for a Markdown article (*env* given);
    an HTML article's text as it is (its markup is the source's: build refuses HTML the source lacks)."""
    if env is not None and env.get("html"):
        return text
    return html.escape(text) if env is None else _inline_markdown().renderInline(text, env)


def _span(sentence: Sentence, text: str, *, markdown: dict | None, lang: str | None = None) -> str:
    classes = "seg" if sentence.state == REVIEWED else f"seg {sentence.state}"
    attrs = f' class="{classes}" data-id="{html.escape(sentence.id)}"'
    if sentence.state != REVIEWED:
        attrs += f' title="{html.escape(sentence.id)} {_STATE_TITLE[sentence.state]}"'
    if lang:
        attrs += f' lang="{lang}"'
    return f"<span{attrs}>{_html_text(text, markdown)}</span>"


def _html_source(block: Block, markdown: dict | None) -> str:
    return " ".join(_span(s, s.source, markdown=markdown) for s in block.sentences)


def _html_target(block: Block, markdown: dict | None) -> str:
    out, previous = [], ""
    for s in block.sentences:
        text = s.target
        if previous:
            out.append(_target_separator(previous, text))
        out.append(_span(s, text, markdown=markdown, lang=SOURCE_LANG if s.state == UNTRANSLATED else None))
        previous = text
    return "".join(out)


def _cell(block: Block, side: str, lang: str, markdown: dict | None) -> str:
    tag = _tag(block)
    klass = f' class="{block.kind}"' if block.kind == "list-item" else ""
    inner = _html_source(block, markdown) if side == "src" else _html_target(block, markdown)
    return f'<div class="cell {side}" lang="{lang}"><{tag}{klass}>{inner}</{tag}></div>'


def _draft_banner(edition: Edition) -> str:
    if not edition.is_draft:
        return ""
    count = len(edition.fuzzy_ids) + len(edition.untranslated_ids)
    return (
        '<div class="draft-banner" role="note" lang="en">'
        f"DRAFT — {count} of {len(edition.sentences)} sentences are not reviewed and are highlighted. "
        f'<span class="ids">{html.escape(edition.unreviewed_summary)}</span></div>\n'
    )


#: A page title made from the first sentence is cut at about this many characters.
HEADLINE_MAX_CHARS = 80


def _shorten(text: str) -> str:
    if len(text) <= HEADLINE_MAX_CHARS:
        return text
    cut = text[:HEADLINE_MAX_CHARS]
    if " " in cut and not is_wide(cut[-1]):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:，、；：") + "…"


def _html_title(edition: Edition, layout: str) -> str:
    """The page's ``<title>``: the headline (the title block; without one, the first sentence, shortened)."""
    env = _markdown_env(edition)
    title = edition.title
    if title is not None:
        target, source = title.target, title.source
    elif edition.sentences:
        first = edition.sentences[0]
        target, source = first.target, first.source
    else:
        return ("[DRAFT] " if edition.is_draft else "") + (edition.project or Path(edition.name).stem)
    text = _shorten(_plain_target(target, env, edition.variant, urls=False))
    if layout != "target-only":
        text += " / " + _shorten(_plain(source, env, urls=False))
    return ("[DRAFT] " if edition.is_draft else "") + text


def _footer(edition: Edition, layout: str, footer: bool | None) -> str:
    """The colophon: in bilingual layouts by default; in the variant's language for a target-only edition."""
    if footer is None:
        footer = layout != "target-only"
    if not footer:
        return ""
    name, code = html.escape(edition.name), html.escape(edition.variant.code)
    if layout == "target-only":
        return f'<footer lang="{edition.variant.html_lang}">由 mtpipe {__version__} 根据 {name}（{code}）生成。</footer>\n'
    return f'<footer lang="en">Built by mtpipe {__version__} from {name} ({code}).</footer>\n'


def render_html(edition: Edition, *, layout: str, footer: bool | None = None) -> str:
    """One self-contained HTML page (inline CSS, no scripts, no external resources).

    *footer*: the "Built by mtpipe" colophon; by default in the bilingual
    layouts only. This is the public rendering of an HTML edition (EPUB and
    PDF are made from it).
    """
    zh, md = edition.variant.html_lang, _markdown_env(edition)
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format == "html" and layout == "target-only":
        # The source page with its text replaced and its language set.
        texts = [slot.text if slot.parent >= 0 else b.target for b, slot in zip(edition.blocks, skeleton.slots)]
        page = set_lang(rebuild(skeleton, texts), zh)
        if edition.is_draft:
            page = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + "\n" + _draft_banner(edition), page, count=1)
        return page
    rows: list[str] = []
    if layout == "side-by-side":
        label = VARIANT_LABELS.get(edition.variant.code, edition.variant.code)
        rows.append(
            '<div class="row column-heads" aria-hidden="true">'
            f'<div class="cell src" lang="{SOURCE_LANG}">{SOURCE_LABEL}</div>'
            f'<div class="cell tgt" lang="{zh}">{html.escape(label)}</div></div>'
        )
    for block in edition.visible_blocks:
        draft = " draft" if block.draft else ""
        if layout == "target-only":
            rows.append(f'<div class="block kind-{block.kind}{draft}" id="{block.id}">{_cell(block, "tgt", zh, md)}</div>')
            continue
        klass = "row" if layout == "side-by-side" else "block"
        rows.append(
            f'<div class="{klass} kind-{block.kind}{draft}" id="{block.id}">'
            f"{_cell(block, 'src', SOURCE_LANG, md)}{_cell(block, 'tgt', zh, md)}</div>"
        )
    body_class = layout + (" draft" if edition.is_draft else "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{zh}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mtpipe {__version__}">\n'
        f"<title>{html.escape(_html_title(edition, layout))}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="{body_class}">\n'
        f"{_draft_banner(edition)}"
        f'<article class="edition {layout}">\n' + "\n".join(rows) + "\n</article>\n"
        f"{_footer(edition, layout, footer)}"
        "</body>\n</html>\n"
    )


# -- Markdown and plain text -----------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md_text(text: str, edition: Edition) -> str:
    """Text for Markdown: a plain-text article's characters are escaped, a Markdown one's kept."""
    return text if edition.markdown else _MD_SPECIAL.sub(r"\\\1", text)


def _md_block(block: Block, text: str, edition: Edition) -> str:
    """One block of a Markdown edition made without a Markdown source (a plain-text article, or a PO alone)."""
    text = escape_block_start(text.replace("\n", " "))
    kind = BlockKind(block.kind) if block.kind in BlockKind._value2member_map_ else BlockKind.PARAGRAPH
    marker = block.marker or ("-" if kind is BlockKind.LIST_ITEM else "")
    # A PO alone records heading levels only.
    level = block.level if edition.skeleton is not None or kind in (BlockKind.TITLE, BlockKind.HEADING) else 1
    return render_markdown_block(kind, level, marker, text)


def _draft_mark(block: Block) -> str:
    return f"[draft: {' '.join(block.draft_ids)}] " if block.draft else ""


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
    if not (edition.markdown and edition.references):
        return []
    return ["\n".join(_md_definition(ref) for ref in edition.references)]


def _plain_banner(edition: Edition) -> list[str]:
    if not edition.is_draft:
        return []
    return [f"DRAFT — not reviewed ({edition.unreviewed_summary})"]


def _slot_text(block: Block, edition: Edition, layout: str, escape: str) -> str:
    """What replaces a slot of the source document in a Markdown edition."""
    target = block.target
    if block.draft and escape.startswith("md"):
        target = f"**(draft: {' '.join(block.draft_ids)})** {target}"
    if layout == "target-only":
        return target
    if block.kind in ("title", "heading", "table-cell", "metadata") or not escape.startswith("md"):
        return f"{block.source} / {target}"
    return f"{block.source}\n\n{target}"


def _render_markdown_document(edition: Edition, skeleton: Skeleton, layout: str) -> str:
    """The source document with each slot replaced (target-only) or followed by its translation (interleaved)."""
    texts = [
        # An inner slot's translation is already in its parent's text; its own source keeps the rebuild's copy as is.
        slot.text if slot.parent >= 0 else _slot_text(block, edition, layout, slot.escape)
        for block, slot in zip(edition.blocks, skeleton.slots)
    ]
    document = rebuild(skeleton, texts)
    banner = "".join(f"> **{line}**\n\n" for line in _plain_banner(edition))
    if banner:
        at = skeleton.body_start
        document = document[:at] + ("\n" if at else "") + banner + document[at:].lstrip("\n")
    return document


def render_markdown(edition: Edition, *, layout: str) -> str:
    """Bilingual (or target-only) Markdown; headings read ``## English / 中文``.

    For a Markdown source, the target-only and interleaved editions are the
    source document with its translatable text replaced (see
    :func:`pipeline.document.rebuild`); everything else is kept byte for byte.
    """
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format == "md" and layout != "side-by-side":
        return _render_markdown_document(edition, skeleton, layout)
    parts = [f"> **{line}**" for line in _plain_banner(edition)]
    if layout == "side-by-side":
        label = VARIANT_LABELS.get(edition.variant.code, edition.variant.code)
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
            if edition.markdown:  # a plain-text article's | is escaped already
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


def _plain_tokens(tokens: Sequence, *, urls: bool) -> str:  # Sequence[markdown_it.token.Token]
    out: list[str] = []
    link_starts: list[int] = []  # where each open link's text starts in out
    hrefs: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "text_special", "code_inline", "html_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(_plain_tokens(tok.children or [], urls=urls))  # the alt text
        elif tok.type == "link_open":
            link_starts.append(len(out))
            hrefs.append(str(tok.attrs.get("href", "")))
        elif tok.type == "link_close" and link_starts:
            text = "".join(out[link_starts.pop() :])
            url = _inline_markdown().normalizeLinkText(hrefs.pop())
            if urls and tok.markup != "autolink" and url and url != text and "mailto:" + text != url:
                out.append(f" ({url})")  # full-width in Chinese once typeset (_plain_target)
        # em/strong open and close: the markers are dropped
    return "".join(out)


def _plain(text: str, env: dict | None, *, urls: bool = True) -> str:
    """*text* without inline Markdown (when *env* is given): emphasis dropped,
    code spans as their content, links as ``text (url)`` (just the text without *urls*)."""
    if env is None or not text:
        return text
    if env.get("html"):  # an HTML article: its text without tags, entities decoded
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    tokens = _inline_markdown().parseInline(text, env)
    return _plain_tokens((tokens[0].children or []) if tokens else [], urls=urls)


def _plain_target(text: str, env: dict | None, variant: Variant, *, urls: bool = True) -> str:
    """A translation as plain text, typeset again now that the markup is gone
    (``**润** 运动`` → ``润运动``, ``链接 (url)`` → ``链接（url）``)."""
    return text if env is None else _typeset(_plain(text, env, urls=urls), variant)


def render_text(edition: Edition, *, layout: str) -> str:
    """Plain text: the translation alone, or each source paragraph followed by it.

    A Markdown article's markup is reduced to text: ``**x**`` → ``x``,
    `` `x` `` → ``x``, ``[x](url)`` (and ``[x][label]``) → ``x (url)``, the
    URL being all a plain-text reader can follow.
    """
    env = _markdown_env(edition)
    out = list(_plain_banner(edition))
    for block in edition.visible_blocks:
        target = _draft_mark(block) + _plain_target(block.target, env, edition.variant)
        if block.kind == "list-item":
            target = "• " + target
        if layout == "interleaved":
            source = ("• " if block.kind == "list-item" else "") + _plain(block.source, env)
            out.append(f"{source}\n{target}")
        else:
            out.append(target)
    return "\n\n".join(out) + "\n"


# -- the entry points ------------------------------------------------------------------


def _check_options(fmt: str, layout: str | None) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    layout = layout or DEFAULT_LAYOUT[fmt]
    if layout not in SUPPORTED_LAYOUTS[fmt]:
        raise InputError(
            f"the {layout} layout is not available for --format {fmt}",
            hint=f"use one of: {', '.join(SUPPORTED_LAYOUTS[fmt])}",
        )
    return layout


def render_edition(
    edition: Edition,
    *,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    footer: bool | None = None,
) -> str:
    """Render an :class:`Edition`; :class:`DraftError` unless reviewed or *allow_draft*."""
    layout = _check_options(fmt, layout)
    _check_draft(edition, allow_draft=allow_draft)
    if fmt == "html":
        return render_html(edition, layout=layout, footer=footer)
    if fmt == "md":
        return render_markdown(edition, layout=layout)
    return render_text(edition, layout=layout)


def build_edition(
    po_path: Path,
    *,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    source: Path | None = None,
    footer: bool | None = None,
) -> str:
    """The edition of *po_path* as text (HTML, Markdown or plain text).

    *source*: the article the PO was made from, when it is no longer where
    the PO header says (see :func:`source_document`).
    """
    layout = _check_options(fmt, layout)
    edition = load_edition(po_path, source=source)
    return render_edition(edition, fmt=fmt, layout=layout, allow_draft=allow_draft, footer=footer)


def default_output_path(po_path: Path, *, fmt: str = "html", layout: str | None = None) -> Path:
    """``<po folder>/<po stem>.<layout>.<ext>``, e.g. ``zh_Hans.side-by-side.html``."""
    layout = _check_options(fmt, layout)
    po_path = Path(po_path)
    return po_path.with_name(f"{po_path.stem}.{layout}.{fmt}")


def write_edition(
    po_path: Path,
    *,
    out: Path | None = None,
    fmt: str = "html",
    layout: str | None = None,
    allow_draft: bool = False,
    source: Path | None = None,
    footer: bool | None = None,
) -> Path:
    """Build the edition and write it atomically; returns the path written.

    Nothing is written when the catalog is refused.
    """
    text = build_edition(po_path, fmt=fmt, layout=layout, allow_draft=allow_draft, source=source, footer=footer)
    target = Path(out) if out is not None else default_output_path(po_path, fmt=fmt, layout=layout)
    if target.is_dir():
        raise InputError(f"{target} is a folder", hint="give --out a file name")
    atomic_write_text(target, text)
    return target
