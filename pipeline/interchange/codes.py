"""Inline codes of interchange files: which parts of a PO text travel as codes, and how a code's text is written.

An article's inline markup (Markdown marks, link syntax, code spans; an HTML
article's tags and character references, as
:func:`pipeline.documents.skeleton.markup_spans` finds them) and the
characters XML cannot carry (form feed, escape) travel as codes in XLIFF
``<ph>`` and TMX ``<ph>``, so a CAT tool shows them as tags that cannot be
edited and the files stay well-formed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline.catalog import Catalog
from pipeline.catalog.notes import MARKDOWN_REFERENCES_HEADER
from pipeline.interchange.xmlsafe import describe_char, illegal_xml_spans, xml_text

__all__ = ["Finder", "code_content", "markup_finder", "source_format"]

Finder = Callable[[str], list[tuple[int, int]]]


def source_format(catalog: Catalog) -> str:
    """``md``, ``html`` or ``txt``: the format of the article the PO was made from."""
    from pipeline.catalog.notes import SOURCE_HEADER
    from pipeline.documents.article import article_format

    if MARKDOWN_REFERENCES_HEADER in catalog.header:
        return "md"
    recorded = catalog.header.get(SOURCE_HEADER, "").strip()
    if recorded:
        return article_format(Path(recorded))
    return next((fmt for e in catalog.entries for ref, _ in e.references if (fmt := article_format(Path(ref))) != "txt"), "txt")


def markup_finder(catalog: Catalog) -> Finder:
    """Inline code spans: the article's inline markup (Markdown marks, HTML tags and
    character references; see :func:`pipeline.documents.skeleton.markup_spans`) and
    characters XML cannot carry."""
    fmt = source_format(catalog)
    find_markup: Finder = lambda text: []  # noqa: E731
    if fmt != "txt":
        from pipeline.documents.skeleton import markup_spans

        try:
            references = json.loads(catalog.header.get(MARKDOWN_REFERENCES_HEADER, "{}")) if fmt == "md" else {}
        except ValueError:
            references = {}
        find_markup = lambda text: markup_spans(fmt, text, references or None)  # noqa: E731

    def find(text: str) -> list[tuple[int, int]]:
        spans = find_markup(text)
        illegal = [s for s in illegal_xml_spans(text) if not any(a <= s[0] < b for a, b in spans)]
        return sorted([*spans, *illegal])

    return find


def code_content(code: str) -> str:
    """A code's text inside ``<ph>``: characters XML cannot carry are named (``U+000C``)."""
    spans = illegal_xml_spans(code)
    for start, end in reversed(spans):
        code = code[:start] + describe_char(code[start]) + code[end:]
    return xml_text(code)
