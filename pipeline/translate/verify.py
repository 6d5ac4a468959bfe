"""Glossary violations in an existing translation: a missing or forbidden rendering, a leftover placeholder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.glossary import Glossary, Term, required_matches
from pipeline.translate.masking import forbidden_for, has_placeholder, required_target


@dataclass(frozen=True)
class TermProblem:
    """A glossary violation in an existing translation (see :func:`verify_terms`)."""

    kind: str  # "missing" | "forbidden" | "placeholder"
    message: str
    term: Term | None = None


def loose_form(text: str) -> str:
    """For presence tests: NFKC, every quote mark alike, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\"'“”„‟«»‘’‚‛`´″′「」『』]", '"', text)
    return "".join(text.split())


def verify_terms(
    source: str,
    target: str,
    glossary: Glossary,
    variant: str,
    *,
    convert: Callable[[str], str] | None = None,
    markup: Sequence[tuple[int, int]] = (),
) -> list[TermProblem]:
    """Glossary violations in an existing translation (e.g. a reviewed PO entry).

    The terms required are :func:`pipeline.glossary.required_matches` of
    *source* (*markup*: its protected inline markup, e.g. code spans).

    Finds a missing required target, a forbidden rendering (outside the
    required targets), or a leftover placeholder. Comparison ignores
    whitespace, quote style and full/half width.
    """
    problems: list[TermProblem] = []
    loose = loose_form(target)
    seen: set[Term] = set()
    required: list[tuple[Term, str]] = []
    for match in required_matches(glossary, source, markup=markup):
        if match.term in seen:
            continue
        seen.add(match.term)
        want = required_target(match.term, variant, as_written=match.text, convert=convert)
        if want:
            required.append((match.term, want))
    without_targets = loose
    for _, want in required:
        without_targets = without_targets.replace(loose_form(want), "\x00")
    for term, want in required:
        if loose_form(want) not in loose:
            problems.append(TermProblem("missing", f"{term.source!r} must be rendered {want!r}", term))
        for bad in forbidden_for(term, variant, convert):
            if bad != want and loose_form(bad) and loose_form(bad) in without_targets:
                problems.append(
                    TermProblem("forbidden", f"{term.source!r}: forbidden rendering {bad!r} (use {want!r})", term)
                )
    if has_placeholder(target, source):
        problems.append(TermProblem("placeholder", "a placeholder (ZQ0, ZXQ0, …) was left in the translation"))
    return problems
