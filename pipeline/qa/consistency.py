"""Consistency across reviewed work: one source sentence, one translation; one glossary term, one rendering.

:func:`check_consistency` reads every PO file under some folders and looks at
the reviewed entries only (translated and not fuzzy), language by language:

* the same source sentence translated differently (whitespace aside), with
  the ids of each rendering (a *warning*: a reviewer picks one);
* a glossary term rendered other than its target in reviewed text (an
  *error*, as ``check --glossary`` reports it), grouped by term with the ids.

Terms are the ones the segment requires
(:func:`pipeline.glossary.required_matches`, as ``translate`` and ``check``
see them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline.catalog import load_catalog
from pipeline.documents.inputs import po_files
from pipeline.glossary import Glossary
from pipeline.qa.checks import document_format
from pipeline.qa.framework import ERROR, WARNING, CheckContext, Severity
from pipeline.qa.glossary_checks import glossary_problems
from pipeline.translate.masking import required_target


@dataclass(frozen=True)
class Place:
    """An entry of a PO file: where a rendering was found."""

    path: Path
    msgctxt: str

    def __str__(self) -> str:
        return f"{self.path}: {self.msgctxt}"


@dataclass(frozen=True)
class ConsistencyFinding:
    """One inconsistency; *renderings* maps each rendering (or ``"missing"``) to where it is."""

    severity: Severity
    kind: str  # "source" | "term"
    language: str
    subject: str
    message: str
    renderings: tuple[tuple[str, tuple[Place, ...]], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            **{f.name: getattr(self, f.name) for f in fields(self) if f.name != "renderings"},
            "renderings": [
                {"text": text, "ids": [{"path": str(p.path), "msgctxt": p.msgctxt} for p in places]}
                for text, places in self.renderings
            ],
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_consistency(*, inputs: Sequence[str | Path], glossary: Glossary | None = None) -> list[ConsistencyFinding]:
    """Inconsistencies among the reviewed entries of the PO files in *inputs* (files, folders, globs)."""
    # language -> normalized source -> normalized translation -> places
    sources: dict[str, dict[str, dict[str, list[Place]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    # language -> (term source, target) -> places where it is not rendered so
    terms: dict[str, dict[tuple[str, str], list[Place]]] = defaultdict(lambda: defaultdict(list))
    for path in po_files(inputs):
        catalog = load_catalog(path)
        context = CheckContext(language=catalog.language, glossary=glossary, document_format=document_format(catalog.header, catalog.entries))
        for entry in catalog.entries:
            if entry.obsolete or not entry.translated or not entry.msgstr:
                continue
            place = Place(path, entry.msgctxt)
            sources[catalog.language][_norm(entry.msgid)][_norm(entry.msgstr)].append(place)
            if glossary is not None:
                for problem in glossary_problems(entry.msgid, entry.msgstr, context):
                    if problem.kind == "missing" and problem.term is not None:
                        target = required_target(problem.term, context.lang) or ""
                        terms[catalog.language][(problem.term.source, target)].append(place)
    findings: list[ConsistencyFinding] = []
    for language, by_source in sorted(sources.items()):
        for source, renderings in by_source.items():
            if len(renderings) < 2:
                continue
            ordered = sorted(renderings.items(), key=lambda item: (-len(item[1]), item[0]))
            findings.append(
                ConsistencyFinding(
                    severity=WARNING,
                    kind="source",
                    language=language,
                    subject=source,
                    message=f"{source!r} is translated {len(ordered)} ways in reviewed entries",
                    renderings=tuple((text, tuple(places)) for text, places in ordered),
                )
            )
    for language, by_term in sorted(terms.items()):
        for (term, target), places in sorted(by_term.items()):
            findings.append(
                ConsistencyFinding(
                    severity=ERROR,
                    kind="term",
                    language=language,
                    subject=term,
                    message=f"{term!r} is rendered other than {target!r} in {len(places)} reviewed "
                    f"entr{'y' if len(places) == 1 else 'ies'}",
                    renderings=(("missing", tuple(places)),),
                )
            )
    return findings
