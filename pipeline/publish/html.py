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
from pipeline.documents.skeleton import rebuild
from pipeline.documents.html import set_lang
from pipeline.publish.inline import inline_markdown, markdown_env, plain, plain_target
from pipeline.publish.safety import html_tokens, safe_html, start_tag, text_escaped
from pipeline.publish.model import FUZZY, REVIEWED, UNTRANSLATED, Block, Edition, Sentence, target_separator
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


_META = re.compile(r"<meta\b", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def utf8_declared(page: str) -> str:
    """*page* declaring UTF-8, the encoding editions are written in.

    A source stored as UTF-8 may still declare another encoding
    (``<meta charset=windows-1252>``): kept, it would make a browser show
    mojibake. Each ``<meta charset>`` and ``http-equiv="Content-Type"``
    declaration is replaced; a page with a ``<head>`` and none gains one.
    """
    out: list[str] = []
    declared = False
    for token in html_tokens(page):
        raw = token.raw
        if token.kind == "markup" and _META.match(raw):
            tag = start_tag(raw)
            if tag is not None:
                attrs = {name.lower(): (value or "") for name, value in tag[1]}
                if "charset" in attrs:
                    raw, declared = '<meta charset="utf-8">', True
                elif attrs.get("http-equiv", "").lower() == "content-type":
                    raw, declared = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', True
        out.append(raw)
    page = "".join(out)
    if not declared:
        page = _HEAD.sub(lambda m: m.group(0) + '\n<meta charset="utf-8">', page, count=1)
    return page


_BODY, _HEAD_END, _PROLOGUE = re.compile(r"<body\b", re.I), re.compile(r"</head\b", re.I), re.compile(r"<(?:!doctype|html|head)\b", re.I)


def _body_start(page: str) -> int:
    """Where a page's body content starts: after ``<body>``; without one, after ``</head>``, else after the leading
    doctype, ``<html>`` and ``<head>`` tags (never before the doctype: that would switch the page to quirks mode)."""
    at = after_head = after_prologue = 0
    for token in html_tokens(page):
        at += len(token.raw)
        if token.kind == "markup" and _BODY.match(token.raw):
            return at
        if token.kind == "markup" and _HEAD_END.match(token.raw):
            after_head = at
        elif token.kind == "markup" and _PROLOGUE.match(token.raw) and after_prologue == at - len(token.raw):
            after_prologue = at
        elif token.kind == "text" and not token.raw.strip() and after_prologue == at - len(token.raw):
            after_prologue = at
    return after_head or after_prologue


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
    """The page's ``<title>``: the headline (the title block; without one, the first sentence, shortened)."""
    env = markdown_env(edition)
    title = edition.title
    if title is not None:
        target, source = title.target, title.source
    elif edition.sentences:
        first = edition.sentences[0]
        target, source = first.target, first.source
    else:
        return ("[DRAFT] " if edition.is_draft else "") + (edition.project or Path(edition.name).stem)
    text = _shorten(plain_target(target, env, edition.variant, urls=False))
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


def render_html(edition: Edition, *, layout: str, footer: bool | None = None) -> str:
    """One self-contained HTML page (inline CSS, no scripts, no external resources).

    *footer*: the "Built by mtpipe" colophon; by default in the bilingual
    layouts only. This is the public rendering of an HTML edition (EPUB and
    PDF are made from it).
    """
    zh, md = edition.variant.html_lang, _TextHtml(markdown_env(edition))
    skeleton = edition.skeleton
    if skeleton is not None and skeleton.format == "html" and layout == "target-only":
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
    html_article = skeleton is not None and skeleton.format == "html"
    for block in edition.visible_blocks:
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
        f"<title>{html.escape(_html_title(edition, layout))}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n"
        f'<body class="{body_class}">\n'
        f"{_draft_banner(edition)}"
        f'<article class="edition {layout}">\n' + "\n".join(rows) + "\n</article>\n"
        f"{_footer(edition, layout, footer)}"
        "</body>\n</html>\n"
    )
