"""The registry of document formats: which format object reads which file.

:data:`FORMATS` lists the format objects (plain text, Markdown, HTML); a
file is read by the one whose :attr:`~pipeline.documents.blocks.DocumentFormat.suffixes`
hold its suffix, and by :data:`pipeline.documents.text.TEXT` when none does.
A new format is one module defining a
:class:`~pipeline.documents.blocks.DocumentFormat` object, added here (or
:func:`register`-ed).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.documents.blocks import DocumentFormat, InlineSyntax
from pipeline.documents.html import HTML
from pipeline.documents.markdown import MARKDOWN
from pipeline.documents.text import TEXT

__all__ = ["FORMATS", "HTML", "MARKDOWN", "TEXT", "article_suffixes", "format_for", "format_named", "format_of_references", "register"]

#: Every format mtpipe reads, in the order they are described.
FORMATS: list[DocumentFormat] = [TEXT, MARKDOWN, HTML]


def register(document_format: DocumentFormat) -> None:
    """Read files with *document_format*'s suffixes in that format (it replaces one of the same name)."""
    FORMATS[:] = [f for f in FORMATS if f.name != document_format.name] + [document_format]


def format_for(path: str | Path) -> DocumentFormat:
    """The format of a file, by its suffix (``.md`` → Markdown); plain text when no format claims it."""
    suffix = Path(path).suffix.lower()
    for document_format in FORMATS:
        if suffix in document_format.suffixes:
            return document_format
    return TEXT


def format_named(name: str) -> DocumentFormat:
    """The format called *name* (``txt``, ``md``, ``html``); KeyError for an unknown one."""
    for document_format in FORMATS:
        if document_format.name == name:
            return document_format
    raise KeyError(name)


def inline_syntax(name: str) -> InlineSyntax:
    """The inline markup of the texts of the format called *name* (none for an unknown or empty name)."""
    for document_format in FORMATS:
        if document_format.name == name:
            return document_format.inline
    return InlineSyntax.NONE


def format_of_references(paths: Iterable[str]) -> DocumentFormat:
    """The format of the document a PO's references name: the first path with a format's suffix; plain text otherwise."""
    for path in paths:
        suffix = Path(path).suffix.lower()
        for document_format in FORMATS:
            if suffix in document_format.suffixes:
                return document_format
    return TEXT


def article_suffixes() -> frozenset[str]:
    """The file suffixes of every format: what a folder given as input contributes."""
    return frozenset().union(*(f.suffixes for f in FORMATS))
