"""The terms a segment requires: the one function every stage calls.

``translate`` (drafting and enforcement), ``check``, ``stats``,
``glossary find`` and the term audit all ask :func:`required_matches`, so
they agree on which occurrences a translation must render: every glossary
match outside protected spans. Protected are the URLs, e-mail addresses and
placeholders of :func:`pipeline.segmentation.spans.protected_spans`, and the
inline markup the caller passes (Markdown code spans and link destinations,
HTML tags: see :func:`pipeline.documents.skeleton.markup_spans`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.segmentation.spans import protected_spans

if TYPE_CHECKING:
    from pipeline.glossary.matching import TermMatch
    from pipeline.glossary.model import Glossary, Term

Spans = Sequence[tuple[int, int]]


def required_matches(glossary: Glossary, text: str, *, markup: Spans = ()) -> list[TermMatch[Term]]:
    """The glossary matches in *text* that a translation must render, in text order.

    A match that overlaps a URL, an e-mail address, a placeholder or one of
    the *markup* spans (character offsets into *text*) is left out: that text
    is kept verbatim, never translated.

    >>> from pipeline.glossary import Glossary, Term
    >>> g = Glossary(terms=(Term("exit ban", {"zh": "出境禁令"}),))
    >>> [m.text for m in required_matches(g, "Type `exit ban` or an exit ban.", markup=[(5, 15)])]
    ['exit ban']
    """
    matches = glossary.find(text)
    if not matches:
        return matches
    protected = [*markup, *((s.start, s.end) for s in protected_spans(text))]
    if not protected:
        return matches
    return [m for m in matches if not any(m.start < b and a < m.end for a, b in protected)]
