"""Several target languages in one run: routes, pivots and one PO per language.

A run into ``--to zh-Hans --to zh-TW --to ja --to fr`` is planned as one
*route* per drafted language: the Chinese variants share one route (the engine
drafts Simplified, OpenCC converts), every other language has its own. A route
is the chain of installed models that takes English to the language: one
model when a direct package exists, else two through an intermediate
language (a *pivot*, said in the run's notes and in ``--report``; the memory
is keyed by the route, since the pivot engine's identity names both models).

Every route is found before any work, so a language that cannot be served is
one error listing what is installed; a route that fails during the run is
reported by language, and the others' POs are still written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ModelError, PipelineError
from pipeline.languages.table import SOURCE, Language, resolve, resolve_targets

if TYPE_CHECKING:
    from pipeline.glossary import Glossary
    from pipeline.memory import TranslationMemory
    from pipeline.models.packages import InstalledModel
    from pipeline.translate.engine import Engine
    from pipeline.translate.report import ArticleReport, RunReport

__all__ = ["Route", "PivotEngine", "plan_routes", "find_chain", "translate_targets", "TargetsReport"]


@dataclass(frozen=True)
class Route:
    """One drafted language and the POs written from its drafts."""

    language: Language  #: the language the engine drafts (zh-Hans for every Chinese variant)
    outputs: tuple[Language, ...]  #: the languages written from it (its own PO first)

    @property
    def variants(self) -> list[str]:
        return [o.code for o in self.outputs]


def plan_routes(targets: Sequence[str]) -> list[Route]:
    """The routes of a run, in the order the targets were first named; Chinese variants share zh-Hans's."""
    routes: dict[str, list[Language]] = {}
    for language in resolve_targets(tuple(targets)):
        base = resolve(language.base)
        outputs = routes.setdefault(base.code, [base])
        if language not in outputs:
            outputs.append(language)
    return [Route(language=resolve(code), outputs=tuple(outputs)) for code, outputs in routes.items()]


def _same(code: str, other: str) -> bool:
    return code.split("_")[0].split("-")[0].lower() == other.split("_")[0].split("-")[0].lower()


def find_chain(language: Language, models: Sequence[InstalledModel]) -> list[InstalledModel] | None:
    """Installed models from English to *language*: one direct package, else two through a pivot; ``None`` if neither."""
    target = language.argos_code
    direct = [m for m in models if _same(m.from_code, SOURCE.argos_code) and _same(m.to_code, target)]
    if direct:
        return [direct[-1]]
    for first in models:
        if not _same(first.from_code, SOURCE.argos_code):
            continue
        for second in models:
            if _same(second.from_code, first.to_code) and _same(second.to_code, target):
                return [first, second]
    return None


def no_route_error(languages: Sequence[Language], models: Sequence[InstalledModel]) -> ModelError:
    """One error naming the languages no installed model serves, what is installed, and how to install."""
    installed = ", ".join(sorted({f"{m.from_code}→{m.to_code}" for m in models})) or "none"
    names = ", ".join(lang.code for lang in languages)
    first = languages[0].argos_code
    return ModelError(
        f"no installed model translates English into {names}, directly or through a pivot language (installed: {installed})",
        hint=f"install one with `mtpipe models install en {first}` (or offline `mtpipe models install FILE.argosmodel`), "
        "or use a multilingual model with --engine nllb:PATH",
    )


@dataclass
class PivotEngine:
    """Two engines in a row: English → pivot language → target. Its identity names both (the memory key)."""

    first: Engine
    second: Engine
    pivot: str

    @property
    def identity(self) -> str:
        return f"{self.first.identity} → {self.pivot} → {self.second.identity}"

    def options(self) -> dict[str, object]:
        return {"pivot": self.pivot, "first": self.first.options(), "second": self.second.options()}

    @property
    def truncated(self) -> set[str]:
        return set(getattr(self.first, "truncated", ()))

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return self.second.translate_batch(self.first.translate_batch(texts))


@dataclass
class TargetsReport:
    """What a multilingual run did, by drafted language."""

    runs: dict[str, RunReport] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)  #: language → "en→ja" or "en→es→fr (pivot)"
    failed: dict[str, str] = field(default_factory=dict)  #: language → why it failed
    #: language → what to do about its failure (the error's hint), where there is one
    hints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the articles of the run (every route is given the same ones)
    article_count: int = 0
    #: every language of the run, in the order its routes ran
    languages: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[ArticleReport]:
        return [a for run in self.runs.values() for a in run.articles]

    def written(self) -> dict[str, int]:
        """Language → how many articles got its PO in this run (0 for a language whose route failed).

        Counted from the files each article wrote, so a language that failed
        for one article of several still shows the others it was written for.
        """
        counts = dict.fromkeys(self.languages, 0)
        for code in counts:
            po = f"{resolve(code).po_stem}.po"
            counts[code] = sum(1 for a in self.articles if any(p.name == po for p in a.outputs))
        return counts

    def written_summary(self) -> str:
        """``ja, fr, ar (1 of 2 articles)``, or ``none``: what is on disk, by language."""
        parts = []
        for code, count in self.written().items():
            if count == self.article_count:
                parts.append(code)
            elif count:
                parts.append(f"{code} ({count} of {self.article_count} articles)")
        return ", ".join(parts) or "none"

    def as_dict(self) -> dict:
        return {
            "languages": {code: run.as_dict() for code, run in self.runs.items()},
            "routes": dict(self.routes),
            "failed_languages": dict(self.failed),
            "written_articles": self.written(),
            "notes": list(self.notes),
        }


def translate_targets(
    paths: Sequence[Path],
    *,
    out_dir: Path,
    routes: Sequence[Route],
    engine_for: Callable[[Route], Engine | None],
    route_names: dict[str, str] | None = None,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    jobs: int = 1,
    select: str | None = None,
    stop_on_error: bool = False,
    run: Callable[..., RunReport] | None = None,
) -> TargetsReport:
    """Translate *paths* into every route's languages: one PO per language under ``out_dir/<slug>/``.

    The first route writes the articles' POT; every route drafts through
    ``engine_for(route)``. A route whose engine or run fails is recorded in
    :attr:`TargetsReport.failed` (its language named) and the others go on.
    """
    from pipeline.translate.run import translate_articles

    translate = run or translate_articles
    report = TargetsReport(
        routes=dict(route_names or {}),
        article_count=len(paths),
        languages=[language.code for route in routes for language in route.outputs],
    )
    for number, route in enumerate(routes):
        for code, name in (route_names or {}).items():
            if code == route.language.code and "pivot" in name:
                report.notes.append(f"{route.language.code}: no direct model; translated through a pivot: {name}")
        try:
            engine = engine_for(route)
            result = translate(
                list(paths),
                out_dir=out_dir,
                engine=engine,
                glossary=glossary,
                variants=route.variants,
                memory=memory,
                jobs=jobs,
                stop_on_error=stop_on_error,
                select=select,
                language=route.language.code,
                write_template=number == 0,
            )
        except PipelineError as exc:
            for language in route.outputs:
                report.failed[language.code] = exc.message
                if exc.hint:
                    report.hints[language.code] = exc.hint
            continue
        report.runs[route.language.code] = result
        failures = [a for a in result.articles if a.error]
        if failures:
            for language in route.outputs:
                report.failed[language.code] = (
                    f"{len(failures)} of {len(result.articles)} articles failed: {failures[0].error}"
                )
    return report
