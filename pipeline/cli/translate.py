"""``mtpipe translate``, ``mtpipe segment`` and ``mtpipe demo``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.common import console, err_console, print_json_line

if TYPE_CHECKING:
    from pipeline.engine import Engine


class EngineName(str, Enum):
    argos = "argos"
    none = "none"


class Variant(str, Enum):
    hans = "zh-Hans"
    hant = "zh-Hant"
    tw = "zh-TW"
    hk = "zh-HK"


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
            err_console.print(
                f"warning: {path} has {len(errors)} problem(s), e.g. line {first.line}: {first.message}; "
                f"affected entries may be ignored (see `mtpipe glossary check {path}`)",
                markup=False,
            )
    return glossary


def print_summary(report) -> None:
    """The run's summary table (stderr keeps stdout clean for scripts)."""
    from rich.table import Table

    table = Table(title="mtpipe translate", show_header=True)
    table.add_column("article")
    table.add_column("segments", justify="right")
    table.add_column("drafted", justify="right")
    table.add_column("reused", justify="right")
    table.add_column("kept", justify="right")
    table.add_column("terms", justify="right")
    table.add_column("result")
    for a in report.articles:
        terms = f"{a.terms_applied}/{a.terms_required}" if a.terms_required else "-"
        if a.error:
            result = f"[red]failed: {a.error}[/]"
        elif not a.outputs:
            result = "[yellow]not done (interrupted)[/]" if report.interrupted else "nothing written"
        else:
            result = ", ".join(p.name for p in a.outputs)
        table.add_row(a.slug or str(a.path), str(a.segments), str(a.drafted), str(a.from_memory + a.from_po), str(a.kept), terms, result)
    consistency = report.term_consistency
    summary = report.as_dict()
    table.caption = (
        f"{summary['articles']} articles, {summary['segments']} segments, {summary['engine_calls']} engine calls, "
        f"{summary['from_memory'] + summary['from_po']} reused from memory, {summary['failed']} failed; "
        + (
            f"term consistency {summary['terms_applied']}/{summary['terms_required']} = {consistency:.1%}"
            if consistency is not None
            else "term consistency: no glossary terms in new drafts"
        )
    )
    err_console.print(table)
    for note in report.notes:
        err_console.print(f"note: {note}")


def translate_cli(
    articles: Annotated[list[str], typer.Argument(help="Article files (.txt, .md), folders or glob patterns.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; each article gets OUT/<slug>/.")] = Path("translations"),
    glossary: Annotated[list[Path] | None, typer.Option("--glossary", "-g", help="Glossary CSV/TSV/TBX; repeat to combine (later files win).")] = None,
    engine: Annotated[EngineName, typer.Option(help="argos: machine drafts; none: empty msgstr for translating by hand.")] = EngineName.argos,
    variant: Annotated[list[Variant] | None, typer.Option("--variant", help="Chinese variant(s) to write; zh-Hans is always written.")] = None,
    offline: Annotated[bool, typer.Option(help="Never download a model.")] = False,
    memory: Annotated[Path | None, typer.Option(help="Translation memory database (default: in the user data folder).")] = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help="Do not read or write the translation memory.")] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Threads for reading, segmenting, merging and writing.")] = 1,
    beam: Annotated[int | None, typer.Option(min=1, max=16, help="Beam size (default: measured best, see README).")] = None,
    threads: Annotated[int | None, typer.Option(min=1, help="Translator replicas (CTranslate2 inter_threads); default: one per core.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the run's summary as JSON to this file.")] = None,
    cluster: Annotated[str | None, typer.Option(envvar="MTPIPE_CLUSTER", help="Dask scheduler (tcp://HOST:8786): run the engine on its workers.", show_default=False)] = None,
    ship_model: Annotated[bool, typer.Option("--ship-model", help="With --cluster: upload the installed model to the workers.")] = False,
) -> None:
    """Translate articles into Chinese PO files for review.

    Writes OUT/<slug>/<slug>.pot and OUT/<slug>/zh_Hans.po (plus one PO per
    --variant). Existing PO files are merged: reviewed entries are never
    overwritten.

    Example: mtpipe translate articles/run-movement.txt --glossary glossary/run-movement.csv
    """
    from pipeline.batch import expand_inputs
    from pipeline.errors import InputError
    from pipeline.fsutil import atomic_write_text
    from pipeline.translate import translate_articles

    if report is not None:
        from pipeline.fsutil import check_writable_file

        check_writable_file(report, what="--report")
    inputs = expand_inputs(articles)
    if not inputs.paths and len(inputs.missing) == 1:
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the article")
    for item, reason in inputs.missing:
        err_console.print(f"[red]Error:[/] {item}: {reason}", markup=True)
    if not inputs.paths:
        raise InputError("no articles to translate", hint="give .txt or .md files, folders or glob patterns")
    if len(inputs.paths) == 1 and not inputs.missing:
        from pipeline.article import read_article

        read_article(inputs.paths[0])  # a bad single article is refused before any model work
    glossary_obj = _load_glossary(glossary)
    engine_obj: Engine | None = None
    cluster_engine = None
    mem = None
    if engine is EngineName.argos:
        from pipeline.cli.models import download_progress
        from pipeline.engine import ArgosEngine
        from pipeline.models import ensure_model

        progress, callback = download_progress()
        with progress:
            model = ensure_model("en", "zh", offline=offline, progress=callback)
        if cluster:
            from pipeline.cluster import ClusterEngine

            cluster_engine = ClusterEngine(model, cluster, beam_size=beam or ArgosEngine.beam_size, ship_model=ship_model)
            engine_obj = cluster_engine
        else:
            engine_obj = ArgosEngine(model, beam_size=beam or ArgosEngine.beam_size, inter_threads=threads)
        if not no_memory:
            from pipeline.memory import TranslationMemory

            mem = TranslationMemory(memory or TranslationMemory.default_path())
    variants = [v.value for v in (variant or [])]
    bar = _progress_bar()
    task = bar.add_task("translate", total=None, rate="")

    def on_progress(done: int, total: int) -> None:
        elapsed = bar.tasks[task].elapsed or 0
        rate = f"{done / elapsed:.1f} seg/s" if elapsed and done else ""
        bar.update(task, completed=done, total=total, rate=rate)

    def on_article(a) -> None:
        if a.error:
            bar.console.print(f"[red]failed[/] {a.path}: {a.error}", markup=True)

    try:
        with bar:
            result = translate_articles(
                list(inputs.paths),
                out_dir=out,
                engine=engine_obj,
                glossary=glossary_obj,
                variants=variants,
                memory=mem,
                jobs=jobs,
                on_progress=on_progress,
                on_article=on_article,
                stop_on_error=len(inputs.paths) == 1 and not inputs.missing,
            )
    finally:
        if mem is not None:
            mem.close()
        if cluster_engine is not None:
            cluster_engine.close()
    print_summary(result)
    if report is not None:
        data = result.as_dict()
        data["missing_inputs"] = [{"input": i, "reason": r} for i, r in inputs.missing]
        atomic_write_text(report, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    for a in result.articles:
        for path in a.outputs:
            console.print(str(path))
    if result.interrupted:
        err_console.print("Interrupted: finished articles were written; the others are untouched.")
        raise typer.Exit(130)
    if result.failures or inputs.missing:
        raise typer.Exit(1)


def segment_cli(
    article: Annotated[Path, typer.Argument(help="Article file (.txt or .md).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Print an article's segments with their ids.

    Example: mtpipe segment articles/run-movement.txt --json
    """
    from pipeline.article import read_article, segment_article

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
    say(f"{summary['segments']} segments, {summary['engine_calls']} engine calls")
    if summary["term_consistency"] is not None:
        say(f"glossary terms applied: {summary['terms_applied']}/{summary['terms_required']} = {summary['term_consistency']:.1%}")
    say(f"PO file for review: {result.po_path}")
    say(f"open it in Poedit, or build a draft edition: mtpipe build {result.po_path} --allow-draft")
    console.print(str(result.po_path))
