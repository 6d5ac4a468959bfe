"""HTML pages (``.html``, ``.htm``): every text run a browser shows, grouped into blocks as the browser lays them out.

Parsed with the standard library's :class:`html.parser.HTMLParser`: it is
tolerant the way browsers are (unclosed tags, stray end tags, bad
attributes never raise) and, unlike html5lib or lxml, it reports where in
the source each tag starts (:meth:`~html.parser.HTMLParser.getpos`), which a
byte-faithful skeleton needs.

**Runs.** Inline content (text, ``a``, ``span``, ``em``, ``time``,
``label``, ``img``, ``br``, …) flows into one run until a block-level
boundary: the start or end tag of an element the HTML rendering model
displays as a block (:data:`~pipeline.documents.html_reader.BLOCK_LEVEL`, from the user agent style sheet of
the HTML Standard, §15.3). Every run with text in it is a slot, whatever
element holds it (``div``, ``span``, ``td``, ``figcaption``, ``time``, …);
its kind comes from the innermost block around it (``h2`` → heading,
``li`` → list item, ``td`` → table cell, ``title`` → title). Tags stay in
the slot's text as markup the engine never sees (:func:`~pipeline.documents.html_markup.markup_spans`).

**Left as they are.** What no reader sees: ``script``, ``style``,
``template`` and ``noscript`` (:data:`~pipeline.documents.html_markup.NOT_RENDERED`). What a reader sees but
is not prose: ``pre``, ``code``, ``kbd``, ``samp``, ``var``, ``textarea``, ``svg`` and
``math`` (:data:`~pipeline.documents.html_markup.KEPT`), and anything under ``translate="no"`` or
``class="notranslate"``. Such visible text outside a translated run is
listed in :attr:`~pipeline.documents.blocks.Skeleton.untranslated` with its
line; inside a run it is kept verbatim as markup.

**Attributes users see** (:func:`~pipeline.documents.html_reader.translated_attributes`): ``alt``,
``title``, ``aria-label``, ``placeholder`` (``input``, ``textarea``), the
``value`` of ``input`` buttons, and the ``content`` of the description and
title ``meta`` tags (``description``, ``og:title``, ``og:description``,
``twitter:title``, ``twitter:description``).

Entities and character references are kept exactly as written; the
sentence splitter reads them as the characters they stand for, ``<br>`` as
a line break (:func:`~pipeline.documents.html_markup.sentence_markup`). Start and end tags are matched
through a per-name index of the open elements, so a page of thousands of
unclosed tags reads in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.documents.blocks import DocumentFormat, InlineSyntax, References, Skeleton, Slot, Span
from pipeline.documents.html_markup import markup_spans, sentence_markup, unsplittable_spans
from pipeline.documents.html_reader import HtmlReader, parse_selector
from pipeline.errors import InputError


def html_skeleton(text: str, *, select: str | None = None) -> Skeleton:
    """The skeleton of an HTML document (see the module docstring).

    *select*: translate only the elements a CSS selector matches (and what
    is inside them); see :func:`~pipeline.documents.html_reader.parse_selector` for the supported subset.
    """
    try:
        chains = parse_selector(select) if select else None
    except ValueError as exc:
        raise InputError(
            f"--select {select!r}: {exc}",
            hint="use type, .class and #id selectors, combined (article.main), with spaces and commas",
        ) from exc
    reader = HtmlReader(text, chains)
    # html.parser raises on some "<![" marked sections; a browser reads them as bogus comments, as "<!x" is read.
    reader.feed(text.replace("<![", "<!x") if "<![" in text else text)
    slots, untranslated = reader.finish()
    return Skeleton(source=text, format=HTML, slots=tuple(slots), untranslated=tuple(untranslated))


def place_html(slot: Slot, translation: str) -> str:
    """The text written in place of an HTML document's *slot* for *translation*."""
    esc = slot.escape
    if esc.startswith("html-attr"):
        one = translation.replace("\n", " ")
        if esc == "html-attr'":
            return one.replace("'", "&#39;")
        if esc == "html-attr-bare" and (not one or re.search(r"[\s\"'=<>`]", one)):
            return '"' + one.replace('"', "&quot;") + '"'
        return one.replace('"', "&quot;")
    return translation


class HtmlFormat(DocumentFormat):
    """HTML pages: text runs grouped into blocks, tags kept in the slot texts as markup the engine never sees."""

    name = "html"
    title = "HTML"
    suffixes = (".html", ".htm")
    inline = InlineSyntax.HTML
    selectable = True
    native_edition = "html"

    def read(self, text: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None) -> Skeleton:
        return html_skeleton(text, select=select)

    def markup_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return markup_spans(text)

    def unsplittable_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return unsplittable_spans(text)

    def sentence_markup(self, text: str, *, references: References | None = None) -> list[tuple[int, int, str, bool]]:
        return sentence_markup(text)

    def protected_spans(self, text: str, *, references: References | None = None) -> list[Span]:
        return markup_spans(text)

    def place(self, slot: Slot, translation: str) -> str:
        return place_html(slot, translation)


#: The HTML format.
HTML = HtmlFormat()
