"""The QA check of glossary terms: each rendered as the glossary requires."""

from __future__ import annotations

import re

from pipeline.documents.markdown_inline import inline_markup_spans
from pipeline.qa.framework import ERROR, CheckContext, check
from pipeline.translate.verify import TermProblem, verify_terms

#: Inline Markdown needs one of these (code spans, links, autolinks, raw HTML, emphasis).
_MARKUP_CHARS = re.compile(r"[`\[<*_]")


@check("glossary", ERROR)
def check_glossary(source: str, target: str, context: CheckContext) -> list[str]:
    """Glossary terms not rendered as the glossary requires.

    A required target missing, a forbidden rendering present, or a
    placeholder left over (see :func:`pipeline.translate.verify.verify_terms`). Runs
    only when a glossary is given; leftover placeholders are reported by the
    placeholders check, which runs always, so they are not reported twice.
    Terms inside the source's inline Markdown markup (code spans, link
    destinations, autolinks; read as the markup check reads it) and inside
    URLs are not required, as ``translate`` does not translate them.
    """
    return [problem.message for problem in glossary_problems(source, target, context) if problem.kind != "placeholder"]


def glossary_problems(source: str, target: str, context: CheckContext) -> list[TermProblem]:
    """:func:`pipeline.translate.verify.verify_terms` for a PO entry, its source's inline markup protected."""
    if context.glossary is None:
        return []
    markup = inline_markup_spans(source) if _MARKUP_CHARS.search(source) else ()
    return verify_terms(source, target, context.glossary, context.lang, markup=markup)
