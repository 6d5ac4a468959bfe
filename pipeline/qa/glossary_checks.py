"""The QA check of glossary terms: each rendered as the glossary requires."""

from __future__ import annotations

from pipeline.qa.framework import ERROR, CheckContext, check
from pipeline.translate.verify import TermProblem, verify_terms


@check("glossary", ERROR)
def check_glossary(source: str, target: str, context: CheckContext) -> list[str]:
    """Glossary terms not rendered as the glossary requires.

    A required target missing, a forbidden rendering present, or a
    placeholder left over (see :func:`pipeline.translate.verify.verify_terms`). Runs
    only when a glossary is given; leftover placeholders are reported by the
    placeholders check, which runs always, so they are not reported twice.
    Terms inside the source's markup, read as its article's format reads it
    (:meth:`pipeline.qa.framework.CheckContext.markup_spans`: Markdown code
    spans, link destinations and autolinks; HTML tags and attributes, and
    ``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``translate="no"`` and
    ``class="notranslate"`` elements), and inside URLs, are not required, as
    ``translate`` does not translate them; the target's markup is not read
    for forbidden renderings either.
    """
    return [problem.message for problem in glossary_problems(source, target, context) if problem.kind != "placeholder"]


def glossary_problems(source: str, target: str, context: CheckContext) -> list[TermProblem]:
    """:func:`pipeline.translate.verify.verify_terms` for a PO entry, the markup of both texts protected."""
    if context.glossary is None:
        return []
    markup = context.markup_spans(source)
    return verify_terms(source, context.visible(target), context.glossary, context.lang, markup=markup)
