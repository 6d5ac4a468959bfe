"""Publishable editions from a reviewed PO file: HTML, Markdown, plain text.

The package follows the data: :mod:`~pipeline.publish.model` loads a PO
(and the source document it records) into an :class:`Edition`; one renderer
per format turns it into text: :mod:`~pipeline.publish.html`,
:mod:`~pipeline.publish.markdown`, :mod:`~pipeline.publish.text` (with
:mod:`~pipeline.publish.inline` for the inline markup they share). This
module holds the entry points: :func:`build_edition`, :func:`write_edition`,
:func:`default_output_path`.

Layouts: ``side-by-side``, ``interleaved``, ``target-only`` (plain text has
no columns). A catalog with fuzzy or untranslated entries is refused with
:class:`~pipeline.errors.DraftError`, which lists their msgctxt; with
``allow_draft=True`` the edition is built anyway, with a DRAFT banner and
every unreviewed sentence marked (an untranslated one shows its English
source in the translation's place). Translations whose URLs or markup differ
from the source are refused too, and raw HTML the source does not have is
never published.
"""

from __future__ import annotations

from pipeline.publish.edition import DEFAULT_LAYOUT, FORMATS, FUZZY, INNER_KINDS, LAYOUTS, REVIEWED, SOURCE_LABEL, SOURCE_LANG, SUPPORTED_LAYOUTS, UNTRANSLATED, Block, Edition, LinkReference, Sentence, build_edition, catalog_variant, default_output_path, load_edition, render_edition, render_html, render_markdown, render_text, source_document, stylesheet, write_edition

__all__ = ["DEFAULT_LAYOUT", "FORMATS", "FUZZY", "INNER_KINDS", "LAYOUTS", "REVIEWED", "SOURCE_LABEL", "SOURCE_LANG", "SUPPORTED_LAYOUTS", "UNTRANSLATED", "Block", "Edition", "LinkReference", "Sentence", "build_edition", "catalog_variant", "default_output_path", "load_edition", "render_edition", "render_html", "render_markdown", "render_text", "source_document", "stylesheet", "write_edition"]
