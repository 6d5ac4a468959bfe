"""``mtpipe translate``, ``mtpipe segment`` and ``mtpipe demo``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rich.markup import escape

from pipeline.cli.common import VARIANT_HELP, console, err_console, plural, print_json_line, resolve_variants

if TYPE_CHECKING:
    from pipeline.translate.engine import Engine


class EngineName(str, Enum):
    argos = "argos"
    none = "none"


#: The hint when no model can be had: steps that work offline, never the command that just failed.
NO_MODEL_HINT = (
    "try the whole pipeline offline now with `mtpipe demo`; to translate, copy a model file "
    "(translate-en_zh-*.argosmodel) here from a machine with a network and run "
    "`mtpipe models install FILE.argosmodel`, or draft by hand with --engine none"
)


def _progress_bar():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(
        TextColumn("Translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("segments"),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )


def _load_glossary(files: list[Path] | None):
    """Load the glossaries; warn about entries `glossary check` would reject (they may be ignored)."""
    if not files:
        return None
    from pipeline.glossary import load_glossaries_checked

    glossary, problems = load_glossaries_checked(files)
    for path in files:
        errors = [p for f, p in problems if f == Path(path) and p.severity == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            err_console.print(
                f"warning: {path}:{first.line}: {first.message}{more}; the entries with errors are not enforced "
                f"as written (see `mtpipe glossary check {path}`)",
                markup=False,
            )
    return glossary


def print_summary(report) -> None:
    """The run's summary table (stderr keeps stdout clean for scripts).

    Fits 80 columns: long names and messages wrap (fold), never cut.
    """
    from rich.table import Table

    table = Table(title="mtpipe translate", show_header=True)
    table.add_column("article", overflow="fold")
    for name in ("segments", "drafted", "reused", "kept", "terms"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("result", overflow="fold")
    for a in report.articles:
        terms = f"{a.terms_applied}/{a.terms_required}" if a.terms_required else "-"
        if a.error:
            result = f"[red]failed: {escape(a.error)}[/]"
        elif not a.outputs:
            result = "[yellow]not done (interrupted)[/]" if report.interrupted else "nothing written"
        else:
            result = escape(", ".join(p.name for p in a.outputs))
        table.add_row(escape(a.slug or str(a.path)), str(a.segments), str(a.drafted), str(a.from_memory + a.from_po), str(a.kept), terms, result)
    consistency = report.term_consistency
    summary = report.as_dict()
    table.caption = (
        f"{plural(summary['articles'], 'article')}, {plural(summary['segments'], 'segment')}, "
        f"{plural(summary['engine_inputs'], 'engine input')} in {plural(summary['engine_calls'], 'call')}, "
        f"{summary['from_memory'] + summary['from_po']} reused from memory, {summary['failed']} failed; "
        + (
            f"term consistency {summary['terms_applied']}/{summary['terms_required']} = {consistency:.1%}"
            if consistency is not None
            else "term consistency: no glossary terms in new drafts"
        )
    )
    err_console.print(table)
    for note in report.notes:
        err_console.print(f"note: {note}", markup=False)


def translate_cli(
    articles: Annotated[list[str], typer.Argument(help="Article files (.txt, .md, .html), folders or glob patterns.", metavar="ARTICLE...", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; each article gets OUT/<slug>/.", metavar="DIR")] = Path("translations"),
    glossary: Annotated[list[Path] | None, typer.Option("--glossary", "-g", help="Glossary CSV/TSV/TBX; repeat to combine (later files win).", metavar="FILE")] = None,
    engine: Annotated[str, typer.Option(metavar="argos|none|nllb:PATH", help="argos: machine drafts; none: empty msgstr for translating by hand; nllb:PATH: a CTranslate2 NLLB-200/M2M-100 model folder.")] = EngineName.argos.value,
    device: Annotated[str, typer.Option("--device", metavar="cpu|cuda", help="Where CTranslate2 runs the model.")] = "cpu",
    variant: Annotated[list[str] | None, typer.Option("--variant", metavar="CODE", help=f"Chinese variant(s) to write: {VARIANT_HELP}; zh-Hans is always written.", show_default=False)] = None,
    to: Annotated[list[str] | None, typer.Option("--to", metavar="LANG", help="Target language(s), repeatable: ja, fr, ar, zh-TW... one PO each (default: zh-Hans).", show_default=False)] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Never download a model.")] = False,
    memory: Annotated[Path | None, typer.Option(help="Translation memory database (default: in the user data folder).", metavar="FILE")] = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help="Do not read or write the translation memory.")] = False,
    io_threads: Annotated[int, typer.Option("--io-threads", min=1, help="Threads for reading, segmenting, merging and writing files (not translation).")] = 1,
    beam: Annotated[int | None, typer.Option(min=1, max=16, help="Beam size (default: measured best, see README).")] = None,
    translators: Annotated[int | None, typer.Option("--translators", min=1, help="Translation engine replicas working in parallel (CTranslate2 inter_threads); default: one per core.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the run's summary as JSON to this file (- for standard output).", metavar="FILE|-")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, hidden=True, help="Old name of --io-threads.")] = None,
    threads: Annotated[int | None, typer.Option("--threads", min=1, hidden=True, help="Old name of --translators.")] = None,
    select: Annotated[str | None, typer.Option("--select", help="HTML articles: translate only what this CSS selector matches, e.g. article.", metavar="CSS", show_default=False)] = None,
    cluster: Annotated[str | None, typer.Option(envvar="MTPIPE_CLUSTER", help="Dask scheduler (tcp://HOST:8786): run the engine on its workers.", metavar="ADDRESS", show_default=False)] = None,
    ship_model: Annotated[bool, typer.Option("--ship-model", help="With --cluster: upload the installed model to the workers.")] = False,
) -> None:
    """Translate articles into Chinese PO files for review.

    Writes OUT/<slug>/<slug>.pot and OUT/<slug>/zh_Hans.po (plus one PO per
    --variant). Existing PO files are merged: reviewed entries are never
    overwritten.

    Example:

    \b
      mtpipe translate articles/run-movement.txt --glossary glossary/run-movement.csv
    """
    io_threads = jobs if jobs is not None else io_threads
    from pipeline.cli.targets import parse_engine

    engine_kind, nllb = parse_engine(engine)  # argos | none | nllb (with its folder)
    variants = resolve_variants(variant)  # before any work: an unknown variant is one line, exit 2
    translators = threads if threads is not None else translators
    from pipeline.documents.inputs import expand_inputs
    from pipeline.errors import InputError
    from pipeline.fsutil import atomic_write_text, is_stdout
    from pipeline.translate import translate_articles

    inputs = expand_inputs(articles)
    if report is not None:
        from pipeline.fsutil import check_writable_file

        given = [*inputs.paths, *(glossary or []), *([memory] if memory is not None else [])]
        check_writable_file(report, what="--report", inputs=given)
    if not inputs.paths and len(inputs.missing) == 1:
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the article")
    for item, reason in inputs.missing:
        err_console.print(f"[red]Error:[/] {item}: {reason}", markup=True)
    if not inputs.paths:
        raise InputError("no articles to translate", hint="give .txt, .md or .html files, folders or glob patterns")
    if len(inputs.paths) == 1 and not inputs.missing:
        from pipeline.documents.article import read_article

        read_article(inputs.paths[0], select=select)  # a bad single article is refused before any model work
    glossary_obj = _load_glossary(glossary)
    if to or nllb is not None:  # target languages or a multilingual model: one route each (pipeline.cli.targets)
        from pipeline.cli.targets import translate_to_cli

        return translate_to_cli(
            list(inputs.paths), targets=[*(to or ["zh-Hans"]), *variants], out=out, glossary=glossary_obj,
            use_engine=engine_kind != "none", nllb=nllb, device=device, offline=offline, cluster=cluster, ship_model=ship_model, print_summary=print_summary,
            missing_inputs=list(inputs.missing), memory=memory, no_memory=no_memory,
            io_threads=io_threads, beam=beam, translators=translators, report=report, select=select,
            stop_on_error=len(inputs.paths) == 1 and not inputs.missing,
        )
    engine_obj: Engine | None = None
    cluster_engine = None
    mem = None
    if engine_kind == "argos":
        from pipeline.cli.models import download_progress
        from pipeline.translate.engine import ArgosEngine
        from pipeline.errors import ModelError
        from pipeline.models.packages import ensure_model

        progress, callback = download_progress()
        try:
            with progress:
                model = ensure_model("en", "zh", offline=offline, progress=callback)
        except ModelError as exc:
            # Not "run the command that just failed": what a newcomer without a network can do next.
            raise ModelError(exc.message, hint=NO_MODEL_HINT) from exc
        if cluster:
            from pipeline.translate.cluster import ClusterEngine

            cluster_engine = ClusterEngine(model, cluster, beam_size=beam or ArgosEngine.beam_size, ship_model=ship_model)
            engine_obj = cluster_engine
        else:
            engine_obj = ArgosEngine(model, beam_size=beam or ArgosEngine.beam_size, inter_threads=translators, device=device)
        if not no_memory:
            from pipeline.memory import TranslationMemory

            mem = TranslationMemory(memory or TranslationMemory.default_path())
    bar = _progress_bar()
    task = bar.add_task("translate", total=None, rate="")

    def on_progress(done: int, total: int) -> None:
        if total == 0:
            return  # nothing to translate: no "0/0 segments 0%" bar
        if not bar.live.is_started:
            bar.start()
        elapsed = bar.tasks[task].elapsed or 0
        rate = f"{done / elapsed:.1f} seg/s" if elapsed and done else ""
        bar.update(task, completed=done, total=total, rate=rate)

    def on_article(a) -> None:
        if a.error:
            bar.console.print(f"[red]failed[/] {a.path}: {a.error}", markup=True)

    try:
        try:
            result = translate_articles(
                list(inputs.paths),
                out_dir=out,
                engine=engine_obj,
                glossary=glossary_obj,
                variants=variants,
                memory=mem,
                jobs=io_threads,
                on_progress=on_progress,
                on_article=on_article,
                stop_on_error=len(inputs.paths) == 1 and not inputs.missing,
                select=select,
            )
        finally:
            bar.stop()
    finally:
        if mem is not None:
            mem.close()
        if cluster_engine is not None:
            cluster_engine.close()
    print_summary(result)
    if report is not None:
        data = result.as_dict()
        data["missing_inputs"] = [{"input": i, "reason": r} for i, r in inputs.missing]
        if cluster_engine is not None:  # where the engine work ran
            data["cluster"] = {
                "scheduler": cluster_engine.address,
                "tasks_by_worker": dict(sorted(cluster_engine.tasks_by_worker.items())),
            }
        atomic_write_text(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if not is_stdout(report):  # with --report -, stdout carries the JSON alone
        for a in result.articles:
            for path in a.outputs:
                console.print(str(path))
    if result.interrupted:
        finished = sum(1 for a in result.articles if a.outputs)
        resume = " (the drafts already stored in the translation memory are reused)" if mem is not None else ""
        err_console.print(
            f"Interrupted: {finished} of {len(inputs.paths)} articles finished; the others are untouched. "
            f"Run the same command again to resume{resume}."
        )
        raise typer.Exit(130)
    if result.failures or inputs.missing:
        # Outputs that could not be written (disk full, read-only) are the run's fault: exit 2, like a refusal.
        raise typer.Exit(2 if any(a.write_failed for a in result.failures) else 1)


def segment_cli(
    article: Annotated[Path, typer.Argument(help="Article file (.txt or .md).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Print an article's segments with their ids.

    Example: mtpipe segment articles/run-movement.txt --json
    """
    from pipeline.documents.article import read_article, segment_article

    for s in segment_article(read_article(article)):
        if as_json:
            print_json_line({"id": s.id, "text": s.text, "line": s.line, "kind": s.kind.value})
        else:
            console.out(f"{s.id}\t{s.text}", highlight=False)


def demo_cli(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (default: a new temporary folder).")] = None,
) -> None:
    """A fully offline tour with a word-for-word demonstration model (not a translator).

    Example: mtpipe demo
    """
    from pipeline.demo import run_demo

    say = lambda line: err_console.print(f"[demo: word-for-word test model, not a translator] {line}", markup=False)  # noqa: E731
    result = run_demo(out=out, on_step=say)
    summary = result.report.as_dict()
    say(f"{summary['segments']} segments, {plural(summary['engine_inputs'], 'engine input')} in {plural(summary['engine_calls'], 'call')}")
    if summary["term_consistency"] is not None:
        say(f"glossary terms applied: {summary['terms_applied']}/{summary['terms_required']} = {summary['term_consistency']:.1%}")
    say(f"PO file for review: {result.po_path}")
    say(f"open it in Poedit, or build a draft edition: mtpipe build {result.po_path} --allow-draft")
    console.print(str(result.po_path))
