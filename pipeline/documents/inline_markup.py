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


@lru_cache(maxsize=65536)
def _parsed_markup(text: str) -> Markup:
    tokens = markdown_parser().parseInline(text, {})
    code: list[str] = []
    links: list[tuple[str, str]] = []
    images: list[tuple[str, str]] = []
    raw: list[str] = []
    strong = em = 0
    for tok in tokens[0].children or [] if tokens else []:
        if tok.type == "code_inline":
            code.append(tok.content)
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
    return Markup(tuple(code), tuple(links), tuple(images), tuple(raw), strong, em)
