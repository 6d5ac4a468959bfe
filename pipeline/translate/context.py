"""The drafts' context (model, options, glossary): the ``X-MT-Context`` value, and what changed since old drafts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.catalog.notes import CONTEXT_HEADER, DraftedWith, parse_context
from pipeline.languages.variants import SIMPLIFIED
from pipeline.memory import DraftContext
from pipeline.translate.job import Job

if TYPE_CHECKING:
    from pipeline.glossary import Glossary
    from pipeline.translate.engine import Engine


def draft_context(engine: Engine | None, glossary: Glossary | None, *, language: str = SIMPLIFIED.code) -> DraftContext | None:
    """What produces this run's drafts (model, decoding options, glossary); None without an engine."""
    if engine is None:
        return None
    from pipeline.glossary.coverage import language_hash

    return DraftContext(
        model=engine.identity,
        options=engine.options(),
        glossary_hash=language_hash(glossary, language) if glossary is not None else "",
        variant=language,  # the memory is keyed by the language drafted
    )


def format_context(drafting: DraftContext) -> str:
    """The ``X-MT-Context`` header value of drafts made under *drafting*."""
    return str(DraftedWith(drafting.fingerprint, drafting.model, drafting.glossary_hash[:12]))



def same_context(old: str, new: str) -> bool:
    """The drafts' ``X-MT-Context`` values name the same model, options and glossary (the fingerprint decides)."""
    return parse_context(old).fingerprint == parse_context(new).fingerprint



def context_change(old: DraftedWith, new: DraftedWith) -> str:
    """What differs between the context old drafts were made with and this run's, in words."""
    parts = []
    if old.model is not None and new.model is not None and old.model != new.model:
        parts.append(f"model {old.model} (this run: {new.model})")
    if old.glossary is not None and new.glossary is not None and old.glossary != new.glossary:
        if not new.glossary:
            parts.append(f"a glossary ({old.glossary}) and this run has none")
        elif not old.glossary:
            parts.append("no glossary (this run has one)")
        else:
            parts.append(f"another glossary ({old.glossary}; this run: {new.glossary})")
    if parts:
        return " and ".join(parts)
    if old.model is None:
        return "another model, decoding options or glossary"
    return "other decoding options"


def context_warnings(jobs: Sequence[Job], context: str | None) -> list[str]:
    """One line per kind of change: untouched drafts made with another model or glossary, with counts.

    They are drafted again in this run; the line says so, and how to keep a
    forgotten glossary (``--glossary``, or ``glossary`` in ``mtpipe.toml``).
    """
    if context is None:
        return []
    new = parse_context(context)
    counts: dict[tuple[str, bool], list[int]] = {}  # (what changed, glossary dropped) -> [drafts, articles]
    for job in jobs:
        hans = job.existing.get(SIMPLIFIED.code)
        if not job.refresh or hans is None:
            continue
        old = parse_context(hans.header.get(CONTEXT_HEADER, ""))
        tally = counts.setdefault((context_change(old, new), bool(old.glossary) and new.glossary == ""), [0, 0])
        tally[0] += len(job.refresh)
        tally[1] += 1
    lines = []
    for (reason, dropped), (drafts, articles) in counts.items():
        line = (
            f"{drafts} untouched machine draft{'s' if drafts != 1 else ''} in {articles} "
            f"article{'s' if articles != 1 else ''} {'were' if drafts != 1 else 'was'} made with {reason}: "
            "drafted again (reviewed and edited entries are kept)"
        )
        if dropped:
            line += "; to keep the glossary's terms, pass --glossary or set glossary in mtpipe.toml"
        lines.append(line)
    return lines
