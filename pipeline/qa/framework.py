"""What a QA check is: the :func:`check` decorator, the :class:`CheckContext` it is given and the :class:`Finding` it yields.

Each check is a plain function ``(source, target, context) -> list[str]``
that returns one message per problem, wrapped by :func:`check` into a
:class:`Check` that carries its name and severity; its title is the first
line of the function's docstring. The checks themselves live in
:mod:`pipeline.qa.markup_checks`, :mod:`pipeline.qa.text_checks` and
:mod:`pipeline.qa.glossary_checks`; :data:`pipeline.qa.checks.CHECKS` lists them.

Severities: ``error`` for what makes the translation wrong or the edition
broken (a lost number, URL, e-mail, placeholder or markup; a target equal to
its source; unbalanced quotes or brackets; a glossary violation) and
``warning`` for what a reviewer should look at but may accept (a length out
of the usual band, Latin-script words, half-width punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pipeline.catalog import Entry
from pipeline.documents.blocks import DocumentFormat, Span
from pipeline.glossary import Glossary
from pipeline.languages.table import SOURCE, Language
from pipeline.languages.table import find as find_language
from pipeline.languages.typography import has_han
from pipeline.languages.variants import canonical_lang, find

Severity = Literal["error", "warning"]

ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem of one entry."""

    check: str
    severity: str
    msgctxt: str
    message: str
    #: The line the entry starts at in its PO file (0 when not read from a file).
    line: int = 0

    def to_dict(self) -> dict[str, str | int]:
        return {"check": self.check, "severity": self.severity, "msgctxt": self.msgctxt, "line": self.line, "message": self.message}

    def location(self, path: Path | str) -> str:
        """``FILE:LINE: severity: [check] message``, as compilers and ``msgfmt`` report (``FILE: ...`` without a line)."""
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: {self.severity}: [{self.check}] {self.message}"


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the two texts: the catalog's language and the glossary."""

    #: The catalog's ``Language`` header (``zh_Hans``, ``zh_TW``, ...); empty when unknown.
    language: str = "zh_Hans"
    glossary: Glossary | None = None
    #: The article's format (``md``, ``html``, ``txt``; empty when unknown): how markup is read.
    #: An HTML article's texts are read as HTML (:mod:`pipeline.publish.safety`), others as CommonMark;
    #: the text checks ask its format object (:attr:`markup_format`) where the markup is.
    document_format: str = ""
    #: A Markdown article's link reference definitions, ``{label: {"href": ..., "title": ...}}`` (the PO's
    #: ``X-Markdown-References`` header): what ``[text][label]`` links resolve against.
    references: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False)

    @cached_property
    def variant(self) -> str | None:
        """The Chinese variant code (``zh-Hans``, ``zh-TW``...), or ``None`` for another language."""
        variant = find(self.language) if self.language else None
        return variant.code if variant is not None else None

    @property
    def lang(self) -> str:
        """The target language code: the variant, else the canonical Language, else ``zh-Hans``."""
        if self.variant:
            return self.variant
        return canonical_lang(self.language) if self.language else "zh-Hans"

    def target_language(self, target: str) -> Language:
        """The target's row of the languages table, whose typography the punctuation checks ask.

        The catalog's ``Language``; an unlabelled catalog with Han text is
        Simplified Chinese; any other (unlabelled, or a language the table
        does not know) is held to the source language's punctuation.
        """
        if self.language:
            return self._labelled_language
        found = find_language("zh-Hans") if has_han(target) else None
        return found or SOURCE

    @cached_property
    def _labelled_language(self) -> Language:
        known = find_language(self.language)
        if known is None and self.language.lower().startswith("zh"):
            known = find_language("zh-Hans")
        return known or SOURCE

    @cached_property
    def markup_format(self) -> DocumentFormat:
        """The format object whose markup the texts carry: the article's, when its texts carry markup (HTML,
        Markdown); Markdown for a plain-text or unknown article (read as CommonMark, as the ``xmltags`` check reads it)."""
        from pipeline.documents.formats import MARKDOWN, format_named

        try:
            article_format = format_named(self.document_format)
        except KeyError:
            return MARKDOWN
        return article_format if article_format.has_markup else MARKDOWN

    def markup_spans(self, text: str) -> list[Span]:
        """The markup in *text*, as its article's format finds it: HTML tags, attributes, character references
        and whole kept elements (``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``translate="no"``,
        ``class="notranslate"``); Markdown code spans, link destinations, raw HTML and delimiters."""
        return list(_markup_spans(self.markup_format, text))

    def visible(self, text: str) -> str:
        """*text* with its :meth:`markup_spans` blanked out (same length): what the text checks read as prose."""
        return _visible(self.markup_format, text)

    @cached_property
    def reference_env(self) -> dict[str, Any]:
        """markdown-it's env for :attr:`references` (built once per context: a changelog defines hundreds)."""
        return reference_env(self.references)

    @cached_property
    def latin_allowed(self) -> frozenset[str]:
        """Phrases the glossary keeps in Latin script: dnt terms, Latin words of targets."""
        if self.glossary is None:
            return frozenset()
        allowed: set[str] = set()
        for term in self.glossary.terms:
            if term.dnt:
                allowed.update(term.forms)
            allowed.update(t for t in term.targets.values() if re.search("[A-Za-z]", t))
        return frozenset(allowed)


#: A text with none of these has no markup in any format (skips the parsers).
_MARKUP_FREE = re.compile(r"[^<>&\[\]*_`~\\]*")


@lru_cache(maxsize=4096)
def _markup_spans(document_format: DocumentFormat, text: str) -> tuple[Span, ...]:
    if _MARKUP_FREE.fullmatch(text):
        return ()
    return tuple(document_format.markup_spans(text))


@lru_cache(maxsize=4096)
def _visible(document_format: DocumentFormat, text: str) -> str:
    spans = _markup_spans(document_format, text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


CheckFunction = Callable[[str, str, CheckContext], list[str]]


@dataclass(frozen=True)
class Check:
    """A check function with its name and severity."""

    name: str
    severity: Severity
    function: CheckFunction = field(repr=False)

    @property
    def title(self) -> str:
        """The first line of the function's docstring."""
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.name

    def messages(self, source: str, target: str, context: CheckContext | None = None) -> list[str]:
        """The function's messages for one source/target pair."""
        return self.function(source, target, context or CheckContext())

    def run(self, entry: Entry, context: CheckContext, *, line: int = 0) -> list[Finding]:
        """Findings for one catalog entry (*line*: where it starts in its file)."""
        return [
            Finding(self.name, self.severity, entry.msgctxt, message, line)
            for message in self.function(entry.msgid, entry.msgstr, context)
        ]


def check(name: str, severity: Severity) -> Callable[[CheckFunction], Check]:
    """Decorator: make a plain check function a :class:`Check`."""

    def wrap(function: CheckFunction) -> Check:
        return Check(name, severity, function)

    return wrap


def reference_env(references: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """markdown-it's env for *references* (labels normalised, destinations as a definition gives them)."""
    from markdown_it.common.utils import normalizeReference

    from pipeline.documents.markdown_parser import markdown_parser

    md = markdown_parser()
    refs: dict[str, dict[str, str]] = {}
    for label, ref in references.items():
        key = normalizeReference(label)
        if key and key not in refs:  # the first definition of a label wins, as in CommonMark
            refs[key] = {"href": md.normalizeLink(str(ref.get("href", ""))), "title": str(ref.get("title", "") or "")}
    return {"references": refs}
