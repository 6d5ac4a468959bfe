"""Inline codes of interchange files: which parts of a PO text travel as codes, and how a code's text is written.

An article's inline markup (Markdown marks, link syntax, code spans; an HTML
article's tags and character references, as
:meth:`pipeline.documents.blocks.DocumentFormat.markup_spans` finds them) and the
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
from pipeline.documents.blocks import DocumentFormat
from pipeline.interchange.xmlsafe import describe_char, illegal_xml_spans, xml_text

__all__ = ["Finder", "code_content", "markup_finder", "source_format"]

Finder = Callable[[str], list[tuple[int, int]]]


def source_format(catalog: Catalog) -> DocumentFormat:
    """The format of the article the PO was made from: the recorded source document's, else its references'."""
    from pipeline.catalog.notes import SOURCE_HEADER
    from pipeline.documents.formats import format_for, format_of_references

    recorded = catalog.header.get(SOURCE_HEADER, "").strip()
    if recorded:
        return format_for(Path(recorded))
    return format_of_references(ref for e in catalog.entries for ref, _ in e.references)


def markup_finder(catalog: Catalog) -> Finder:
    """Inline code spans: the article's inline markup (as its format object finds it:
    Markdown marks, HTML tags and character references) and characters XML cannot carry."""
    document = source_format(catalog)
    find_markup: Finder = lambda text: []  # noqa: E731
    if document.has_markup:
        try:
            references = json.loads(catalog.header.get(MARKDOWN_REFERENCES_HEADER, "{}"))
        except ValueError:
            references = {}
        find_markup = lambda text: document.markup_spans(text, references=references or None)  # noqa: E731

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
