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
from collections.abc import Sequence
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.documents.blocks import Skeleton
from pipeline.documents.skeleton import rebuild
from pipeline.publish.images import Placed, Warn, place_images
from pipeline.publish.html_structure import balanced, body_slots, copied_markup, render_page_structure, without_ids
from pipeline.publish.structure import SlotView, bilingual_row, dir_attribute, render_structure, strip_images
from pipeline.documents.html_markup import set_lang
from pipeline.publish.inline import inline_markdown, markdown_env, plain, plain_target, without_roles
from pipeline.publish.safety import kept_inline_html, safe_attribute, safe_html, start_tag, text_escaped
from pipeline.publish.shortcodes import (
    Template, figure, inline_templates_left_out, left_out_warning, tag_lines, template_blocks, template_spans,
)
from pipeline.publish.shortcodes import replace_marks as put_templates
from pipeline.publish.footnotes import Footnotes, definition_mark, footnotes_unindented
from pipeline.publish.meta import front_matter_fields, meta_tags
from pipeline.publish.splice import _add_style, _body_start, utf8_declared
from pipeline.publish.model import FUZZY, INNER_KINDS, REVIEWED, UNTRANSLATED, Block, Edition, Sentence, kept_texts, target_separator
from pipeline.languages.typography import is_wide
from pipeline.languages.table import LANGUAGES
from pipeline.languages.variants import VARIANTS  # noqa: F401 - re-exported: tests build editions from page.VARIANTS

SOURCE_LANG = "en"
SOURCE_LABEL = "English"


def _data_css(name: str) -> str:
    return resources.files("pipeline").joinpath(f"data/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def structure_css() -> str:
    """The styles of the document's structure (tables, lists, alerts, notes) and of Chinese typesetting,
    shared by the HTML edition and the EPUB (``data/structure.css``, after each one's own sheet)."""
    return _data_css("structure.css")


@lru_cache(maxsize=1)
def _base_css() -> str:
    return _data_css("edition.css") + "\n" + structure_css()


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


def _html_text(text: str, env: dict[str, Any] | None, source: str = "") -> str:
    """Escaped text; inline Markdown rendered (and escaped) for a Markdown article (*env* given), its inline
    HTML kept where the *source* sentence has it (:func:`pipeline.publish.safety.kept_inline_html`);
    an HTML article's text made safe by the caller (:func:`safe_target`)."""
    if env is not None and env.get("html"):
        return balanced(text)
    if env is None:
        return html.escape(text)
    text = without_roles(text)
    if not _INLINE_MARKDOWN.search(text):
        return text.replace(">", "&gt;").replace('"', "&quot;")  # as markdown-it escapes plain text
    if "<" in text and "<" in source:
        return _with_source_html(text, env, source)
    return str(inline_markdown().renderInline(text, env))


def _with_source_html(text: str, env: dict[str, Any], source: str) -> str:
    """*text* rendered with the inline HTML its *source* has (``<kbd>``, ``<abbr title>``), the rest escaped.

    The kept tags are balanced: an end tag closes a kept start tag or is text, and a start tag still open at
    the end of the text is closed there (as a browser closes it at the end of the sentence's span).
    """
    from markdown_it.token import Token

    from pipeline.documents.html_markup import VOID
    from pipeline.documents.markdown_parser import markdown_parser

    md = markdown_parser(raw_html=True)
    tokens = md.parseInline(text, env)
    children = list(tokens[0].children or []) if tokens else []
    raw = [t for t in children if t.type == "html_inline"]
    kept = dict(zip(map(id, raw), kept_inline_html(source, [t.content for t in raw])))
    out: list[Token] = []
    open_tags: list[str] = []
    for t in children:
        if t.type != "html_inline":
            out.append(t)
            continue
        end = _END_TAG.match(t.content)
        start = None if end else start_tag(t.content)
        balanced = True
        if end:
            balanced = bool(open_tags) and open_tags[-1] == end.group(1).lower()
        if not kept[id(t)] or not balanced:
            out.append(Token("text", "", 0, content=t.content))
            continue
        if end:
            open_tags.pop()
        elif start is not None and not start[2] and start[0] not in VOID:
            open_tags.append(start[0])
        out.append(t.copy(content=_written_tag(t.content) if start is not None else t.content))
    out.extend(Token("html_inline", "", 0, content=f"</{name}>") for name in reversed(open_tags))
    renderer: Any = md.renderer  # markdown-it's RendererHTML
    return str(renderer.renderInline(out, md.options, env))


def _written_tag(raw: str) -> str:
    """A start tag kept from the source, written again: its values escaped (a translated alt text may hold
    a quote), no event handler, no unsafe URL."""
    found = start_tag(raw)
    assert found is not None
    name, attrs, closed = found
    values = "".join(
        f" {n}" if v is None else f' {n}="{html.escape(v, quote=True)}"' for n, v in attrs if safe_attribute(n, v)
    )
    return f"<{name}{values}{' /' if closed else ''}>"


_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")


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
        self._done: dict[tuple[str, str], str] = {}

    def __call__(self, text: str, source: str = "") -> str:
        """*text* as HTML; *source*: the source sentence it translates (whose inline HTML it may keep)."""
        key = (text, source if "<" in text else "")
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = _html_text(text, self._env, key[1])
        return found


def _span(sentence: Sentence, text: str, *, to_html: _TextHtml, lang: str | None = None) -> str:
    classes = "seg" if sentence.state == REVIEWED else f"seg {sentence.state}"
    attrs = f' class="{classes}" data-id="{html.escape(sentence.id)}"'
    if sentence.state != REVIEWED:
        attrs += f' title="{html.escape(sentence.id)} {_STATE_TITLE[sentence.state]}"'
    if lang:
        attrs += f' lang="{lang}"'
    return f"<span{attrs}{_dir(lang)}>{to_html(text, sentence.source)}</span>"


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


#: ``dir="rtl"`` for an element in a right-to-left language (English runs inside are isolated by :data:`_BIDI_CSS`).
_dir = dir_attribute


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


def _pair(block: Block, side: str, to_html: _TextHtml, notes: Footnotes, kept: str, lang: str = "") -> str:
    """A block's text as HTML for one side of a structured edition (:mod:`pipeline.publish.structure`);
    *kept*: the text of a slot without sentences (:func:`kept_texts`)."""
    if not block.sentences:
        return "" if side == "src" else to_html(kept)
    if side == "src":
        return notes(without_ids(strip_images(_html_source(block, to_html))), "src")
    if side == "tgt" or block.source == block.target:
        return notes(_html_target(block, to_html), "tgt")
    target = f' lang="{lang}"{_dir(lang)}' if lang else ""  # a right-to-left target's text is set right to left
    return (f'<span class="pair src" lang="{SOURCE_LANG}">{notes(without_ids(strip_images(_html_source(block, to_html))), "src")}</span>'
            f'<span class="pair tgt"{target}>{notes(_html_target(block, to_html), "tgt")}</span>')


def _structured_rows(edition: Edition, skeleton: Skeleton, layout: str, to_html: _TextHtml) -> list[str]:
    """A Markdown article's rows rendered from its structure; the front-matter title first, as the title."""
    blocks, zh = edition.blocks, edition.variant.html_lang
    marks = [definition_mark(skeleton, slot) for slot in skeleton.slots]
    notes = Footnotes(frozenset(m[2:-2] for m in marks if m))
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
                rows.append(bilingual_row(layout=layout, classes=f"kind-title{draft}", ident=f' id="{block.id}"',
                                          source=_cell(block, "src", SOURCE_LANG, to_html), target=_cell(block, "tgt", zh, to_html)))
            break
    templates = template_blocks(skeleton)  # a figure shortcode becomes a <figure>, other templates are left out
    front_lines = skeleton.source.count("\n", 0, skeleton.body_start)
    rows.extend(put_templates(
        render_structure(
            skeleton, layout=layout, view=_slot_view(edition, skeleton, blocks, to_html, notes, marks), copy_markup=copied_markup,
            replaced=[*template_spans(templates), *tag_lines(skeleton)], prepare=lambda text: footnotes_unindented(text, front_lines=front_lines),
        ),
        templates, lambda t: _figure_html(t, edition, skeleton, layout, to_html),
    ))
    return notes.settled(rows)


def _figure_html(template: Template, edition: Edition, skeleton: Skeleton, layout: str, to_html: _TextHtml) -> str:
    """Hugo's ``figure`` shortcode as a ``<figure>``; its caption the reader's translation when there is one
    (a slot inside the shortcode), in both languages in a bilingual layout, else the source's caption."""
    params, inside = dict(template.figure or {}), [(sl, b) for sl, b in zip(skeleton.slots, edition.blocks) if template.start <= sl.start < template.end]
    own = {slot.text: b for slot, b in inside if slot.parent >= 0 and b.sentences}  # its caption, alt, title: entries
    params.update({key: own[params[key]].target for key in ("alt", "title") if params.get(key) in own})  # shown once
    block = next((b for slot, b in inside if slot.parent < 0 and b.sentences), own.get(params.get("caption", "")))
    if block is None:
        caption = to_html(params.get("caption", ""))
    elif layout == "target-only":
        caption = _html_target(block, to_html)
    else:
        zh = edition.variant.html_lang
        caption = (f'<span class="pair src" lang="{SOURCE_LANG}">{_html_source(block, to_html)}</span>'
                   f'<span class="pair tgt" lang="{zh}"{_dir(zh)}>{_html_target(block, to_html)}</span>')
    return figure(params, caption)


def _slot_view(
    edition: Edition, skeleton: Skeleton, blocks: Sequence[Block], to_html: _TextHtml, notes: Footnotes,
    marks: Sequence[str] = (),
) -> SlotView:
    """How an article's slots show in its structured edition: *blocks* are the edition's blocks (an HTML
    article's made safe), a footnote definition's text carries its mark back as a link."""
    kept = kept_texts(edition, skeleton)
    return SlotView(
        text_html=lambda i, side: notes(marks[i] if marks else "", side) + _pair(blocks[i], side, to_html, notes, kept.get(i, ""), edition.variant.html_lang),
        plain_text=partial(_attribute_text, edition),
        anchor=lambda i: blocks[i].id,
        draft=lambda i: blocks[i].draft,
        kind=lambda i: blocks[i].kind,
        has_text=lambda i: bool(blocks[i].sentences) and blocks[i].kind not in INNER_KINDS,  # an image alone shows once
        source_lang=SOURCE_LANG,
        target_lang=edition.variant.html_lang,
    )


def _attribute_text(edition: Edition, index: int, side: str) -> str:
    """A slot inside an attribute (an HTML alt text) as plain text for *side*: the source, or the translation."""
    block = edition.blocks[index]
    return html.unescape(block.source if side == "src" or not block.sentences else block.target)


def _page_rows(edition: Edition, skeleton: Skeleton, layout: str, to_html: _TextHtml) -> list[str]:
    """An HTML article's body in a bilingual layout, rendered from the page's structure (:mod:`pipeline.publish.html_structure`)."""
    blocks = [_safe_sentences(b) for b in edition.blocks]
    return render_page_structure(skeleton, layout=layout, view=_slot_view(edition, skeleton, blocks, to_html, Footnotes(frozenset())))


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
    page = _render_page(edition, layout=layout, footer=footer)
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
    flat = edition.visible_blocks
    if html_article:
        assert skeleton is not None
        in_body = body_slots(skeleton)
        flat = tuple(b for i, b in enumerate(edition.blocks) if i not in in_body and b.kind not in INNER_KINDS)
    for block in (() if structured else flat):
        if block is edition.hidden_title:
            continue  # the page's <h1> is its headline; the <title>'s translation is in the <title> element
        if html_article:
            block = _safe_sentences(block)
        draft = " draft" if block.draft else ""
        if layout == "target-only":
            rows.append(f'<div class="block kind-{block.kind}{draft}" id="{block.id}">{_cell(block, "tgt", zh, md)}</div>')
            continue
        rows.append(bilingual_row(layout=layout, classes=f"kind-{block.kind}{draft}", ident=f' id="{block.id}"',
                                  source=_cell(block, "src", SOURCE_LANG, md), target=_cell(block, "tgt", zh, md)))
    if html_article:
        assert skeleton is not None
        rows.extend(_page_rows(edition, skeleton, layout, md))
    body_class = layout + (" draft" if edition.is_draft else "")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{zh}"{_dir(zh) if layout == "target-only" else ""}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mtpipe {__version__}">\n'
        f"{meta_tags(edition, layout)}"
        f"<title>{html.escape(_html_title(edition, layout))}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="{body_class}">\n'
        f"{_draft_banner(edition)}"
        f'<article class="edition {layout}">\n' + "\n".join(rows) + "\n</article>\n"
        f"{_footer(edition, layout, footer)}"
        "</body>\n</html>\n"
    )
