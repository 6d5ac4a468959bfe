"""Which target languages a glossary entry leaves without a rendering (``glossary check``, per language).

A glossary with several target columns (``zh``, ``ja``, ``fr``...) serves each
language from its own column, through the languages table's fallback chain
(:attr:`pipeline.languages.table.Language.fallback`); a Traditional Chinese
variant without its own rendering converts the ``zh`` one. An entry with no
rendering for one of the file's languages is enforced in the others only:
:func:`missing_targets` says so, one warning per entry.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.glossary.model import Glossary, GlossaryProblem, Row, Term
from pipeline.languages.table import find

__all__ = ["missing_targets", "has_target", "language_hash"]


def has_target(term: Term, lang: str) -> bool:
    """Whether *term* has a rendering for glossary column *lang* (do-not-translate terms always do)."""
    if term.dnt or term.target_for(lang):
        return True
    language = find(lang)
    return language is not None and language.is_traditional and bool(term.targets.get("zh"))


def missing_targets(rows: Sequence[Row]) -> list[GlossaryProblem]:
    """A warning for each entry that has no rendering in some target language of the file."""
    langs = list(dict.fromkeys(lang for row in rows for lang in row.term.targets))
    if len(langs) < 2:
        return []  # one language: an empty target is already an error of its own
    problems = []
    for row in rows:
        if not row.term.targets and not row.term.dnt:
            continue  # no target at all: reported as an error elsewhere
        missing = [lang for lang in langs if not has_target(row.term, lang)]
        if missing:
            problems.append(
                GlossaryProblem(
                    row.line,
                    "warning",
                    f"{row.term.source!r} has no {', '.join(missing)} target: not enforced in "
                    f"{'that language' if len(missing) == 1 else 'those languages'}",
                )
            )
    return problems


def language_hash(glossary: Glossary, language: str) -> str:
    """sha256 of what in *glossary* affects drafts in *language*: its fallback columns only (a memory key).

    Editing the French column does not invalidate the Japanese drafts. Simplified
    Chinese keeps :attr:`Glossary.content_hash` (the key its memories were stored under).
    """
    import hashlib

    from pipeline.languages.table import resolve

    target = resolve(language)
    if target.code == "zh-Hans":
        return glossary.content_hash
    columns = set(target.fallback) | ({"zh"} if target.is_traditional else set())
    rows = sorted(
        "\x1f".join(
            (
                t.source,
                "\x1e".join(f"{k}={v}" for k, v in sorted(t.targets.items()) if k in columns),
                "|".join(t.variants),
                str(t.case_sensitive),
                str(t.dnt),
                "|".join(sorted(t.forbidden)),
                # this language's own forbidden renderings, only when there are some (older keys stay valid)
                *(["|".join(sorted(f"{k}={v}" for k, v in t.forbidden_in if k in columns))]
                  if any(k in columns for k, _ in t.forbidden_in) else []),
            )
        )
        for t in glossary.terms
    )
    digest = hashlib.sha256(f"mtpipe-glossary-1\n{glossary.source_lang}\n{target.code}\n".encode())
    digest.update("\n".join(rows).encode("utf-8"))
    return digest.hexdigest()
