"""The HTML edition: one self-contained page (inline CSS, no scripts, no external resources).

Layouts: ``side-by-side`` (rows of two cells, source and target, so each
translation starts level with its source; the rows stack on narrow
screens), ``interleaved`` (each source paragraph followed by its
translation) and ``target-only``. An HTML article's target-only edition is
the source page itself with its text replaced and its ``lang`` set. Every
unreviewed sentence of a draft is marked, under a DRAFT banner. EPUB and PDF
are made from this page (:mod:`pipeline.publish.book`).

An HTML article's texts go through :mod:`pipeline.publish.safety`: markup
its source does not have in that sentence is written as text, whatever the
build's gate said, and the page declares UTF-8, the encoding it is written in.
"""

from __future__ import annotations

import dataclasses
import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.documents.blocks import Skeleton
from pipeline.documents.skeleton import rebuild
from pipeline.publish.images import Placed, Warn, place_images
from pipeline.publish.structure import render_structure, strip_images
from pipeline.documents.html_markup import set_lang
from pipeline.publish.inline import inline_markdown, markdown_env, plain, plain_target
from pipeline.publish.safety import safe_html, text_escaped
from pipeline.publish.shortcodes import (
    Template, figure, inline_templates_left_out, left_out_warning, marked_source, replace_marks, template_blocks,
)
from pipeline.publish.footnotes import definition_mark, footnotes_unindented
from pipeline.publish.splice import _add_style, _body_start, utf8_declared
from pipeline.publish.model import (
    FUZZY, REVIEWED, UNTRANSLATED, Block, Edition, Sentence, kept_texts, reference_labels_kept, target_separator,
)
from pipeline.languages.typography import is_wide
from pipeline.languages.table import LANGUAGES
from pipeline.languages.variants import VARIANTS  # noqa: F401 - re-exported: tests build editions from page.VARIANTS

SOURCE_LANG = "en"
SOURCE_LABEL = "English"


@lru_cache(maxsize=1)
def _base_css() -> str:
    return resources.files("pipeline").joinpath("data/edition.css").read_text(encoding="utf-8")


def _font_css() -> str:
    rules = []
    # most general first, so zh-Hant-HK's rule wins over zh-Hant's
    for v in sorted((v for v in LANGUAGES.values() if v.code != SOURCE_LANG), key=lambda v: len(v.html_lang)):
        fonts = ", ".join(f'"{f}"' for f in v.fonts)
        rules.append(f":lang({v.html_lang}) {{ font-family: {fonts}, sans-serif; }}")
    return "\n".join(rules)


def read_css(path: Path) -> str:
    """The text of a ``--css`` stylesheet (UTF-8); :class:`InputError` when it cannot be read."""
    from pipeline.fsutil import read_text_file

    return read_text_file(Path(path), what="stylesheet", hint="give --css a UTF-8 .css file")


#: Untranslated English inside right-to-left text runs left to right, isolated from its neighbours.
_BIDI_CSS = '[dir="rtl"] [lang="en"] { direction: ltr; unicode-bidi: isolate; }\n'


def stylesheet() -> str:
    """The edition's CSS: the bundled stylesheet plus CJK font stacks per variant."""
    return _base_css() + "\n/* CJK font stacks (pipeline.languages.variants.VARIANTS) */\n" + _font_css() + "\n" + _BIDI_CSS


_TAGS = {"title": "h1", "paragraph": "p", "list-item": "p", "quote": "blockquote"}
_STATE_TITLE = {FUZZY: "fuzzy: not reviewed", UNTRANSLATED: "untranslated: English source shown"}


def _tag(block: Block) -> str:
    if block.kind == "heading":
        return f"h{block.level}"
    return _TAGS.get(block.kind, "p")


#: Characters inline Markdown acts on (or markdown-it normalises): a text without them renders as itself, escaped.
_INLINE_MARKDOWN = re.compile(r"[\n\r\0\\`*_\[\]!<&~]")


def _html_text(text: str, env: dict[str, Any] | None) -> str:
    """Escaped text; inline Markdown rendered (and escaped) for a Markdown article (*env* given);
    an HTML article's text made safe by the caller (:func:`safe_target`)."""
    if env is not None and env.get("html"):
        return text
    if env is None:
        return html.escape(text)
    if not _INLINE_MARKDOWN.search(text):
        return text.replace(">", "&gt;").replace('"', "&quot;")  # as markdown-it escapes plain text
    return str(inline_markdown().renderInline(text, env))


def safe_target(sentence: Sentence) -> str:
    """An HTML article's sentence as the edition writes it: markup its source lacks written as text
    (:func:`pipeline.publish.safety.safe_html`), translated alt texts and titles kept in the source's tags."""
    if not sentence.own:
        return safe_html(sentence.source, sentence.target)
    safe = safe_html(sentence.source, sentence.own)
    if safe == text_escaped(sentence.own):
        # Nothing foreign: the source's tags now carrying translated alt texts and titles are safe (the values are escaped).
        return text_escaped(sentence.target)
    return safe


def _safe_sentences(block: Block) -> Block:
    """*block* with its sentences as an HTML article's edition writes them (:func:`safe_target`)."""
    return dataclasses.replace(
        block,
        sentences=tuple(
            dataclasses.replace(s, source=safe_html(s.source, s.source), target=safe_target(s)) for s in block.sentences
        ),
    )


class _TextHtml:
    """An edition's texts as HTML (:func:`_html_text`); a text met again (a sentence kept as it is, a repeated cell) is rendered once."""

    def __init__(self, env: dict[str, Any] | None) -> None:
        self._env = env
        self._done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = _html_text(text, self._env)
        return found


def _span(sentence: Sentence, text: str, *, to_html: _TextHtml, lang: str | None = None) -> str:
    classes = "seg" if sentence.state == REVIEWED else f"seg {sentence.state}"
    attrs = f' class="{classes}" data-id="{html.escape(sentence.id)}"'
    if sentence.state != REVIEWED:
        attrs += f' title="{html.escape(sentence.id)} {_STATE_TITLE[sentence.state]}"'
    if lang:
        attrs += f' lang="{lang}"'
    return f"<span{attrs}{_dir(lang)}>{to_html(text)}</span>"


def _html_source(block: Block, to_html: _TextHtml) -> str:
    return " ".join(_span(s, s.source, to_html=to_html) for s in block.sentences)


def _html_target(block: Block, to_html: _TextHtml) -> str:
    out, previous = [], ""
    for s in block.sentences:
        text = s.target
        if previous:
            out.append(target_separator(previous, text))
        out.append(_span(s, text, to_html=to_html, lang=SOURCE_LANG if s.state == UNTRANSLATED else None))
        previous = text
    return "".join(out)


def _dir(lang: str | None) -> str:
    """``dir="rtl"`` for an element in a right-to-left language (the languages table); nothing otherwise.

    English runs inside right-to-left text are isolated by the stylesheet (:data:`_BIDI_CSS`).
    """
    if not lang:
        return ""
    from pipeline.languages.table import find

    language = find(lang)
    return ' dir="rtl"' if language is not None and language.is_rtl else ""


def _cell(block: Block, side: str, lang: str, to_html: _TextHtml) -> str:
    tag = _tag(block)
    klass = f' class="{block.kind}"' if block.kind == "list-item" else ""
    inner = _html_source(block, to_html) if side == "src" else _html_target(block, to_html)
    return f'<div class="cell {side}" lang="{lang}"{_dir(lang)}><{tag}{klass}>{inner}</{tag}></div>'


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
    """The page's ``<title>``: the headline (the title block; without one, the first heading, else the first
    sentence, shortened)."""
    env = markdown_env(edition)
    title = edition.title or next((b for b in edition.visible_blocks if b.kind == "heading" and b.sentences), None)
    if title is not None:
        target, source = title.target, title.source
    elif edition.sentences:
        first = edition.sentences[0]
        target, source = first.target, first.source
    else:
        return ("[DRAFT] " if edition.is_draft else "") + (edition.project or Path(edition.name).stem)
    text = _shorten(plain_target(target, env, edition.variant, urls=False, source=source))
    if layout != "target-only":
        text += " / " + _shorten(plain(source, env, urls=False))
    return ("[DRAFT] " if edition.is_draft else "") + text


def _footer(edition: Edition, layout: str, footer: bool | None) -> str:
    """The colophon: in bilingual layouts by default; in the variant's language for a target-only edition."""
    if footer is None:
        footer = layout != "target-only"
    if not footer:
        return ""
    name, code = html.escape(edition.name), html.escape(edition.variant.code)
    if layout == "target-only" and edition.variant.is_chinese:
        return f'<footer lang="{edition.variant.html_lang}">由 mtpipe {__version__} 根据 {name}（{code}）生成。</footer>\n'
    return f'<footer lang="en">Built by mtpipe {__version__} from {name} ({code}).</footer>\n'


class _Footnotes:
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


def _pair(block: Block, side: str, to_html: _TextHtml, notes: _Footnotes, kept: str, lang: str = "") -> str:
    """A block's text as HTML for one side of a structured edition (:mod:`pipeline.publish.structure`);
    *kept*: the text of a slot without sentences (:func:`kept_texts`)."""
    if not block.sentences:
        return "" if side == "src" else to_html(kept)
    if side == "src":
        return notes(strip_images(_html_source(block, to_html)), "src")
    if side == "tgt" or block.source == block.target:
        return notes(_html_target(block, to_html), "tgt")
    target = f' lang="{lang}"{_dir(lang)}' if lang else ""  # a right-to-left target's text is set right to left
    return (f'<span class="pair src" lang="{SOURCE_LANG}">{notes(strip_images(_html_source(block, to_html)), "src")}</span>'
            f'<span class="pair tgt"{target}>{notes(_html_target(block, to_html), "tgt")}</span>')


_FRONT_MATTER_FIELD = re.compile(r"^(author|date):[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def front_matter_fields(edition: Edition) -> dict[str, str]:
    """A Markdown article's front-matter ``description`` (translated: the target; in both languages in a bilingual
    layout's caller), ``author`` and ``date`` (one-line plain values)."""
    skeleton = edition.skeleton
    if skeleton is None or skeleton.format.native_edition != "md" or not skeleton.body_start:
        return {}
    fields: dict[str, str] = {}
    for key, value in _FRONT_MATTER_FIELD.findall(skeleton.source[: skeleton.body_start]):
        value = value.split(" #", 1)[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value and value[0] not in "[{|>&*!":
            fields[key] = value
    for slot, block in zip(skeleton.slots, edition.blocks):
        if slot.start < skeleton.body_start and block.kind == "metadata" and block.sentences:
            fields.setdefault("description", block.target)
            fields.setdefault("description-source", block.source)
    return fields


def _meta_tags(edition: Edition, layout: str) -> str:
    """``<meta>`` tags for the front matter's description, author and date."""
    fields = front_matter_fields(edition)
    env = markdown_env(edition)
    out = []
    if "description" in fields:
        text = plain_target(fields["description"], env, edition.variant, urls=False, source=fields.get("description-source"))
        out.append(f'<meta name="description" content="{html.escape(text)}">\n')
    if "author" in fields:
        out.append(f'<meta name="author" content="{html.escape(fields["author"])}">\n')
    if "date" in fields:
        out.append(f'<meta name="dcterms.date" content="{html.escape(fields["date"])}">\n')
    return "".join(out)


def _structured_rows(edition: Edition, skeleton: Skeleton, layout: str, to_html: _TextHtml) -> list[str]:
    """A Markdown article's rows rendered from its structure; the front-matter title first, as the title."""
    blocks, zh = edition.blocks, edition.variant.html_lang
    marks = [definition_mark(skeleton, slot) for slot in skeleton.slots]
    notes = _Footnotes(frozenset(m[2:-2] for m in marks if m))
    kept = kept_texts(edition, skeleton)
    rows = []
    body_h1 = {b.source for slot, b in zip(skeleton.slots, blocks) if slot.start >= skeleton.body_start
               and slot.kind.value in ("title", "heading") and slot.level == 1}
    for index, slot in enumerate(skeleton.slots):
        if slot.start < skeleton.body_start and slot.kind.value == "title" and blocks[index].sentences:
            if blocks[index].source in body_h1:
                break  # the body's H1 is the title: shown once
            block = blocks[index]
            draft = " draft" if block.draft else ""
            if layout == "target-only":
                rows.append(f'<div class="block kind-title{draft}" id="{block.id}">{_cell(block, "tgt", zh, to_html)}</div>')
            else:
                klass = "row" if layout == "side-by-side" else "block"
                rows.append(f'<div class="{klass} kind-title{draft}" id="{block.id}">'
                            f"{_cell(block, 'src', SOURCE_LANG, to_html)}{_cell(block, 'tgt', zh, to_html)}</div>")
            break
    templates = template_blocks(skeleton)  # a figure shortcode becomes a <figure>, other templates are left out
    rows.extend(replace_marks(render_structure(
        footnotes_unindented(marked_source(skeleton, templates)),
        layout=layout,
        text_html=lambda i, side: notes(marks[i], side) + _pair(blocks[i], side, to_html, notes, kept.get(i, ""), zh),
        anchor=lambda i: blocks[i].id,
        draft=lambda i: blocks[i].draft,
        kind=lambda i: blocks[i].kind,
        source_lang=SOURCE_LANG,
        target_lang=zh,
    ), templates, lambda t: _figure_html(t, edition, skeleton, layout, to_html)))
    return notes.settled(rows)


def _figure_html(template: Template, edition: Edition, skeleton: Skeleton, layout: str, to_html: _TextHtml) -> str:
    """Hugo's ``figure`` shortcode as a ``<figure>``; its caption the reader's translation when there is one
    (a slot inside the shortcode), in both languages in a bilingual layout, else the source's caption."""
    params = template.figure or {}
    block = next((b for slot, b in zip(skeleton.slots, edition.blocks)
                  if template.start <= slot.start < template.end and slot.parent < 0 and b.sentences), None)
    if block is None:
        caption = to_html(params.get("caption", ""))
    elif layout == "target-only":
        caption = _html_target(block, to_html)
    else:
        zh = edition.variant.html_lang
        caption = (f'<span class="pair src" lang="{SOURCE_LANG}">{_html_source(block, to_html)}</span>'
                   f'<span class="pair tgt" lang="{zh}"{_dir(zh)}>{_html_target(block, to_html)}</span>')
    return figure(params, caption)


def render_html(
    edition: Edition, *, layout: str, footer: bool | None = None, images: str = "copy", warn: Warn | None = None,
    css: str = "",
) -> str:
    """One HTML page (inline CSS, no scripts); its images as :func:`render_html_placed` settles them."""
    return render_html_placed(edition, layout=layout, footer=footer, images=images, warn=warn, css=css).page


def render_html_placed(
    edition: Edition, *, layout: str, footer: bool | None = None, images: str = "copy", warn: Warn | None = None,
    css: str = "",
) -> Placed:
    """One HTML page, and the local images it refers to.

    *footer*: the "Built by mtpipe" colophon; by default in the bilingual
    layouts only. *images*: ``copy`` (local images keep a relative path and
    are listed to be copied beside the page) or ``embed`` (``data:`` URIs;
    remote images become links), see :mod:`pipeline.publish.images`; *warn*
    hears of missing and remote images. This is the public rendering of an
    HTML edition (EPUB and PDF are made from it, with ``embed``). *css* (``--css``) is added after the
    edition's own stylesheet.
    """
    base = edition.source_path.parent if edition.source_path is not None else None
    edition, inline = inline_templates_left_out(edition)
    skeleton = edition.skeleton
    blocks = template_blocks(skeleton) if skeleton is not None and skeleton.format.native_edition == "md" else ()
    left_out = left_out_warning(blocks, inline)
    if warn is not None and left_out:
        warn(left_out)
    page = _render_page(reference_labels_kept(edition), layout=layout, footer=footer)
    if css:
        page = _add_style(page, css)
    # An HTML page's own page (target-only) keeps a missing image's tag, as the page it was saved as had it; a book
    # (EPUB, PDF) never refers to a file it does not hold: the image becomes its alt text, as for any article.
    source_page = edition.skeleton is not None and edition.skeleton.format.native_edition == "html" and layout == "target-only"
    return place_images(page, base=base, mode=images, warn=warn, keep_missing=source_page and images != "book")


def _render_page(edition: Edition, *, layout: str, footer: bool | None) -> str:
    zh, md = edition.variant.html_lang, _TextHtml(markdown_env(edition))
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format.native_edition == "html" and layout == "target-only":
        # The source page with its text replaced (markup the source lacks written as text) and its language set.
        texts = [
            slot.text if slot.parent >= 0 else _safe_sentences(b).target for b, slot in zip(edition.blocks, skeleton.slots)
        ]
        page = utf8_declared(set_lang(rebuild(skeleton, texts), zh))
        if edition.is_draft:
            at = _body_start(page)
            page = page[:at] + "\n" + _draft_banner(edition) + page[at:]
        return page
    rows: list[str] = []
    if layout == "side-by-side":
        label = edition.variant.label
        rows.append(
            '<div class="row column-heads" aria-hidden="true">'
            f'<div class="cell src" lang="{SOURCE_LANG}">{SOURCE_LABEL}</div>'
            f'<div class="cell tgt" lang="{zh}"{_dir(zh)}>{html.escape(label)}</div></div>'
        )
    html_article = skeleton is not None and skeleton.format.native_edition == "html"
    structured = skeleton is not None and skeleton.format.native_edition == "md"  # rendered from the document's structure
    if structured:
        assert skeleton is not None
        rows.extend(_structured_rows(edition, skeleton, layout, md))
    for block in (() if structured else edition.visible_blocks):
        if block is edition.hidden_title:
            continue  # the page's <h1> is its headline; the <title>'s translation is in the <title> element
        if html_article:
            block = _safe_sentences(block)
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
        f'<html lang="{zh}"{_dir(zh) if layout == "target-only" else ""}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mtpipe {__version__}">\n'
        f"{_meta_tags(edition, layout)}"
        f"<title>{html.escape(_html_title(edition, layout))}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="{body_class}">\n'
        f"{_draft_banner(edition)}"
        f'<article class="edition {layout}">\n' + "\n".join(rows) + "\n</article>\n"
        f"{_footer(edition, layout, footer)}"
        "</body>\n</html>\n"
    )
