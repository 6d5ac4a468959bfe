"""``mtpipe translate --to LANG``: the multilingual run behind the ``translate`` command's ``--to`` option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pipeline.cli.common import console, err_console

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from pipeline.translate.report import RunReport
    from pipeline.glossary import Glossary
    from pipeline.translate.engine import Engine
    from pipeline.translate.targets import Route


def translate_to_cli(
    articles: list[Path],
    *,
    targets: list[str],
    out: Path,
    glossary: Glossary | None,
    use_engine: bool,
    offline: bool,
    memory: Path | None,
    no_memory: bool,
    io_threads: int,
    beam: int | None,
    translators: int | None,
    report: Path | None,
    select: str | None,
    stop_on_error: bool,
    nllb: Path | None = None,
    device: str = "cpu",
    cluster: str | None = None,
    ship_model: bool = False,
    print_summary: Callable[[RunReport], None] = lambda _: None,
    missing_inputs: Sequence[tuple[str, str]] = (),
) -> None:
    """Plan the routes, find every engine before any work, run each route, and report by language."""
    from pipeline.errors import PipelineError
    from pipeline.fsutil import atomic_write_text, is_stdout
    from pipeline.translate.targets import find_chain, no_route_error, plan_routes, translate_targets

    routes = plan_routes(targets)  # an unknown language is one Error line, before any work
    chains: dict[str, list] = {}
    names: dict[str, str] = {}
    if cluster and nllb is not None and ship_model:
        from pipeline.errors import InputError

        raise InputError("--ship-model uploads Argos packages; with --engine nllb:PATH each worker reads the model from PATH",
                         hint="leave out --ship-model, and make PATH readable on every worker")
    remote: list = []  # the cluster engines of this run, closed at its end
    multilingual = None
    shared: list[object] = []  # one translator for every language of a multilingual model
    if use_engine and nllb is not None:
        from pipeline.translate.device import check_device
        from pipeline.translate.multilingual import load_multilingual

        check_device(device)
        multilingual = load_multilingual(nllb)
        unserved = [r.language for r in routes if not multilingual.serves(r.language)]
        if unserved:
            from pipeline.errors import ModelError

            raise ModelError(
                f"{nllb} does not translate into {', '.join(lang.code for lang in unserved)} "
                f"(no {', '.join(multilingual.token(lang) for lang in unserved)} token)",
                hint="choose languages the model serves, or install Argos packages with `mtpipe models install en LANG`",
            )
        for route in routes:
            names[route.language.code] = f"en→{route.language.code} ({multilingual.scheme}: {nllb.name})"
    elif use_engine:
        from pipeline.models.packages import install_from_index, list_models

        models = list_models()
        missing = []
        for route in routes:
            chain = find_chain(route.language, models)
            if chain is None and not offline:
                try:  # a direct package from the index, as a single-language run does
                    install_from_index("en", route.language.argos_code)
                    models = list_models()
                    chain = find_chain(route.language, models)
                except PipelineError:  # no network, no such package: reported below with the rest
                    chain = None
            if chain is None:
                missing.append(route.language)
                continue
            chains[route.language.code] = chain
            hops = ["en", *(m.to_code for m in chain)]
            names[route.language.code] = "→".join(hops) + (" (pivot)" if len(chain) > 1 else "")
        if missing:
            raise no_route_error(missing, models)

    def engine_for(route: Route) -> Engine | None:
        if not use_engine:
            return None
        from pipeline.translate.engine import ArgosEngine
        from pipeline.translate.targets import PivotEngine

        def make(model) -> Engine:
            if cluster:
                from pipeline.translate.cluster import ClusterEngine

                remote.append(ClusterEngine(model, cluster, beam_size=beam or ArgosEngine.beam_size, ship_model=ship_model))
                return remote[-1]
            return ArgosEngine(model, beam_size=beam or ArgosEngine.beam_size, inter_threads=translators, device=device)

        if multilingual is not None and cluster:  # the workers load the model from its folder, once for every language
            from pipeline.translate.cluster import ClusterEngine

            remote.append(ClusterEngine(multilingual, cluster, target=route.language, beam_size=beam or 2,
                                        shared=remote[0] if remote else None))
            return remote[-1]
        if multilingual is not None:
            from pipeline.translate.multilingual import MultilingualEngine, new_translator

            if not shared:
                shared.append(new_translator(multilingual, device=device, inter_threads=translators))
            return MultilingualEngine(
                multilingual, route.language, beam_size=beam or 2, device=device, translator=shared[0]
            )
        chain = chains[route.language.code]
        if len(chain) == 1:
            return make(chain[0])
        return PivotEngine(make(chain[0]), make(chain[1]), pivot=chain[0].to_code)

    mem = None
    if use_engine and not no_memory:
        from pipeline.memory import TranslationMemory

        mem = TranslationMemory(memory or TranslationMemory.default_path())
    try:
        result = translate_targets(
            articles,
            out_dir=out,
            routes=routes,
            engine_for=engine_for,
            route_names=names,
            glossary=glossary,
            memory=mem,
            jobs=io_threads,
            select=select,
            stop_on_error=stop_on_error,
        )
    finally:
        if mem is not None:
            mem.close()
        for engine in remote:
            engine.close()
    for code, run in result.runs.items():
        err_console.print(f"{code}: {names.get(code, 'no engine')}", markup=False)
        print_summary(run)
    for note in result.notes:
        err_console.print(f"note: {note}", markup=False)
    if report is not None:
        data = result.as_dict()
        data["missing_inputs"] = [{"input": i, "reason": r} for i, r in missing_inputs]
        if remote:  # where the engine work ran
            tasks: dict[str, int] = {}
            for engine in remote:
                for worker, count in engine.tasks_by_worker.items():
                    tasks[worker] = tasks.get(worker, 0) + count
            data["cluster"] = {"scheduler": remote[0].address, "tasks_by_worker": dict(sorted(tasks.items()))}
        atomic_write_text(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if not is_stdout(report):
        for a in result.articles:
            for path in a.outputs:
                console.print(str(path))
    if result.failed:
        failed = "; ".join(f"{code}: {why}" for code, why in result.failed.items())
        err_console.print(
            f"Error: these languages failed: {failed}. Written: {result.written_summary()}.", markup=False, highlight=False
        )
        for hint in dict.fromkeys(result.hints.values()):
            err_console.print(f"Hint: {hint}", markup=False, highlight=False)
        raise typer.Exit(1)
    if missing_inputs:
        raise typer.Exit(1)  # some articles named on the command line were not found (listed above)
