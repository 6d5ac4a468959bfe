"""The inline Markdown of a text as CommonMark reads it: code spans, links, images, raw HTML, emphasis.

The markup check and the edition's publishing gate compare a source's
:func:`markup_of` with its translation's (parsed with
:func:`pipeline.documents.markdown_parser.markdown_parser`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.documents.markdown_parser import markdown_parser


@dataclass(frozen=True)
class Markup:
    """The inline Markdown of a text, as CommonMark reads it (flanking rules included)."""

    code: tuple[str, ...]
    #: ``(href, title)`` of links and autolinks.
    links: tuple[tuple[str, str], ...]
    #: ``(src, title)`` of images.
    images: tuple[tuple[str, str], ...]
    html: tuple[str, ...]
    strong: int
    em: int


#: No markup without one of these: code spans (`), links and images ([), autolinks and raw HTML (<), emphasis (* _).
_MARKUP_CHARS = re.compile(r"[`\[<*_]")
_NONE = Markup((), (), (), (), 0, 0)


def markup_of(text: str) -> Markup:
    """The inline markup of *text*: code spans, links, images, raw HTML, emphasis counts."""
    return _parsed_markup(text) if _MARKUP_CHARS.search(text) else _NONE


_ROLE_NAME = re.compile(r"\{([\w:.-]+)\}$")


def _role_markup(before: str, content: str) -> str:
    """What of a code span must stay: all of it, but for a MyST role whose text is translated
    (:data:`pipeline.documents.markdown_syntax.TEXT_ROLES`, or an explicit title), only its target."""
    from pipeline.documents.markdown_syntax import role_text_span

    name = _ROLE_NAME.search(before)
    if name is None:
        return content
    span = role_text_span(name.group(1), content)
    return content if span is None else f"{{{name.group(1)}}}{content[: span[0]]}…{content[span[1] :]}"


@lru_cache(maxsize=65536)
def _parsed_markup(text: str) -> Markup:
    tokens = markdown_parser().parseInline(text, {})
    code: list[str] = []
    links: list[tuple[str, str]] = []
    images: list[tuple[str, str]] = []
    raw: list[str] = []
    strong = em = 0
    previous = ""
    for tok in tokens[0].children or [] if tokens else []:
        if tok.type == "code_inline":
            code.append(_role_markup(previous, tok.content))
        elif tok.type == "link_open":
            links.append((str(tok.attrs.get("href", "")), str(tok.attrs.get("title", ""))))
        elif tok.type == "image":
            images.append((str(tok.attrs.get("src", "")), str(tok.attrs.get("title", ""))))
        elif tok.type == "html_inline":
            raw.append(tok.content)
        elif tok.type == "strong_open":
            strong += 1
        elif tok.type == "em_open":
            em += 1
        previous = tok.content if tok.type == "text" else ""
    return Markup(tuple(code), tuple(links), tuple(images), tuple(raw), strong, em)
