"""The inline markup of an edition's texts: markdown-it's environment, and reduction to plain text.

A Markdown article's texts carry inline Markdown (``*em*``, ``[link](url)``,
``[text][label]`` resolved against the article's link references); an HTML
article's carry the source's tags. The HTML renderer renders them, the text
renderer and page titles reduce them to plain text here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.documents.blocks import InlineSyntax
from pipeline.publish.model import Edition, typeset
from pipeline.languages.variants import Variant


_BREAK = re.compile(r"<br\s*/?>\Z", re.I)


def inline_markdown() -> Any:  # markdown_it.MarkdownIt
    """The markdown-it parser of inline texts (CommonMark; raw HTML escaped)."""
    from pipeline.documents.markdown_parser import markdown_parser

    return markdown_parser(raw_html=False)  # raw HTML in a text is escaped


def markdown_env(edition: Edition) -> dict[str, Any] | None:
    """markdown-it's env for the edition's texts (its link references); None for a plain-text article."""
    if edition.document.inline is InlineSyntax.HTML:
        return {"html": True}
    if edition.document.inline is not InlineSyntax.MARKDOWN:
        return None
    md = inline_markdown()
    references = {}
    for ref in edition.references:
        href = md.normalizeLink(ref.href)
        if md.validateLink(href):  # as markdown-it does for a definition: no javascript: links
            references[ref.label] = {"href": href, "title": ref.title}
    return {"references": references}


def _plain_tokens(tokens: Sequence[Any], *, urls: bool) -> str:  # markdown_it tokens
    out: list[str] = []
    link_starts: list[int] = []  # where each open link's text starts in out
    hrefs: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "text_special", "code_inline"):
            out.append(tok.content)
        elif tok.type == "html_inline":
            out.append("\n" if _BREAK.match(tok.content) else "")  # <kbd>Ctrl</kbd> reads as Ctrl
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
            url = inline_markdown().normalizeLinkText(hrefs.pop())
            if urls and tok.markup != "autolink" and url and url != text and "mailto:" + text != url:
                out.append(f" ({url})")  # full-width in Chinese once typeset (plain_target)
        # em/strong open and close: the markers are dropped
    return "".join(out)


#: A MyST role: ``{term}`exit ban```, ``{ref}`The guide <guide>```.
_ROLE = re.compile(r"\{([\w:.-]+)\}(`+)(.+?)\2", re.DOTALL)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&!#~|])")


def without_roles(text: str) -> str:
    """A Markdown text with each MyST role as a reader of the site sees it (no edition runs Sphinx): a text
    role's text or an explicit title as text, any other role's content (a target) as code, its name gone."""
    if "}`" not in text:
        return text
    from pipeline.documents.markdown_syntax import role_text_span

    def shown(m: re.Match[str]) -> str:
        span = role_text_span(m.group(1), m.group(3))
        if span is None:
            return f"{m.group(2)}{m.group(3)}{m.group(2)}"
        return _MARKDOWN_SPECIAL.sub(r"\\\1", m.group(3)[span[0] : span[1]])

    return _ROLE.sub(shown, text)


def plain(text: str, env: dict[str, Any] | None, *, urls: bool = True) -> str:
    """*text* without inline Markdown (when *env* is given): emphasis dropped,
    code spans as their content, links as ``text (url)`` (just the text without *urls*),
    inline HTML tags left out (``<br>`` a line break)."""
    if env is None or not text:
        return text
    if env.get("html"):  # an HTML article: what a reader sees of its text (no tags, no scripts, entities decoded)
        from pipeline.documents.html_markup import plain_text

        return plain_text(text)
    from pipeline.documents.markdown_parser import markdown_parser

    tokens = markdown_parser(raw_html=True).parseInline(without_roles(text), env)  # inline HTML read as tags, and left out
    return _plain_tokens((tokens[0].children or []) if tokens else [], urls=urls)


def plain_target(
    text: str, env: dict[str, Any] | None, variant: Variant, *, urls: bool = True, source: str | None = None
) -> str:
    """A translation as plain text, typeset again now that the markup is gone
    (``**润** 运动`` → ``润运动``, ``链接 (url)`` → ``链接（url）``); *source*: the English it translates
    (a draft left in English keeps its punctuation, :func:`pipeline.publish.model.typeset`)."""
    if env is None:
        return text
    bare = plain(text, env, urls=urls)
    if bare == text and not variant.is_chinese:
        return text  # each sentence was typeset on its own (a draft left in English too): no markup hid anything
    return typeset(bare, variant, source=None if source is None else plain(source, env, urls=urls))
