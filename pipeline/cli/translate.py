"""``mtpipe translate``, ``mtpipe segment`` and ``mtpipe demo``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rich.markup import escape

from pipeline.cli.common import interrupted_exit_code, GlossaryFiles, JsonLinesFlag, MemoryPath, TranslationsDir, VariantCodes, console, err_console, plural, print_json_line, resolve_variants


class EngineName(str, Enum):
    argos = "argos"
    none = "none"


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


def _quiet_dask() -> None:
    """Dask logs its reconnection attempts with tracebacks: mtpipe reports a lost cluster in one line."""
    import logging

    try:
        import distributed  # noqa: F401 - its import configures the "distributed" logger, which is then quietened
    except ImportError:
        return  # ClusterEngine says how to install it
    if not logging.getLogger("pipeline").isEnabledFor(logging.DEBUG):
        # Dask's configuration gives some child loggers their own level (distributed.client: warning).
        names = [name for name in logging.root.manager.loggerDict if name == "distributed" or name.startswith("distributed.")]
        # asyncio logs "Task exception was never retrieved" with a traceback when a worker dies mid-wait
        # (distributed.client.AllExit): the lost cluster is already reported in one line.
        for name in ["distributed", *names, "asyncio"]:
            logging.getLogger(name).setLevel(logging.CRITICAL)


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
    glossary: GlossaryFiles = None,
    engine: Annotated[str, typer.Option(metavar="argos|none|nllb:PATH", help="argos: machine drafts; none: empty msgstr for translating by hand; nllb:PATH: a CTranslate2 NLLB-200/M2M-100 model folder.")] = EngineName.argos.value,
    device: Annotated[str, typer.Option("--device", metavar="cpu|cuda", help="Where CTranslate2 runs the model.")] = "cpu",
    variant: VariantCodes = None,
    to: Annotated[list[str] | None, typer.Option("--to", metavar="LANG", help="Target language(s), repeatable: ja, fr, ar, zh-TW... one PO each (default: zh-Hans).", show_default=False)] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Never download a model.")] = False,
    memory: MemoryPath = None,
    no_memory: Annotated[bool, typer.Option("--no-memory", help="Do not read or write the translation memory.")] = False,
    io_threads: Annotated[int, typer.Option("--io-threads", min=1, help="Threads for reading, segmenting, merging and writing files (not translation).")] = 1,
    beam: Annotated[int | None, typer.Option(min=1, max=16, help="Beam size (default: measured best, see README).")] = None,
    translators: Annotated[int | None, typer.Option("--translators", min=1, help="Translation engine replicas working in parallel (CTranslate2 inter_threads); default: one per core.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the run's summary as JSON to this file (- for standard output).", metavar="FILE|-")] = None,
    select: Annotated[str | None, typer.Option("--select", help="HTML articles: translate only what this CSS selector matches, e.g. article.", metavar="CSS", show_default=False)] = None,
    cluster: Annotated[str | None, typer.Option(envvar="MTPIPE_CLUSTER", help="Dask scheduler (tcp://HOST:8786): run the engine on its workers.", metavar="ADDRESS", show_default=False)] = None,
    ship_model: Annotated[bool, typer.Option("--ship-model", help="With --cluster: upload the installed model to the workers.")] = False,
    front_matter_key: Annotated[list[str] | None, typer.Option("--front-matter-key", help="Markdown front matter: translate this key's value (repeat for several; default: title, description, summary).", metavar="KEY", show_default=False)] = None,
    width: Annotated[int | None, typer.Option("--width", min=20, metavar="N", help="Wrap long PO strings at N columns, as msgcat --width=N (default: keep each PO's own wrapping; new POs unwrapped).", show_default=False)] = None,
    no_wrap: Annotated[bool, typer.Option("--no-wrap", help="Do not wrap long PO strings, as msgcat --no-wrap.")] = False,
    fuzzy_threshold: Annotated[float, typer.Option("--fuzzy-threshold", min=0, max=100, metavar="PERCENT", help="A new sentence takes the reviewed translation of a sentence at least this similar (fuzzy, old source as #| msgid) instead of a machine draft; 0 turns it off.")] = 75.0,
) -> None:
    """Translate articles into Chinese PO files for review.

    Writes OUT/<slug>/<slug>.pot and OUT/<slug>/zh_Hans.po (plus one PO per
    --variant). Existing PO files are merged: reviewed entries are never
    overwritten.

    Example:

    \b
      mtpipe translate articles/run-movement.txt --glossary glossary/run-movement.csv
    """
    from pipeline.cli.models import download_progress
    from contextlib import ExitStack

    from pipeline.errors import InputError
    from pipeline.fsutil import check_writable_file
    from pipeline.translate import translate_articles
    from pipeline.translate.setup import article_inputs, open_drafting

    if width is not None and no_wrap:
        raise InputError("--width and --no-wrap contradict each other", hint="give one of them")
    if ship_model and not cluster:
        raise InputError("--ship-model applies to --cluster runs", hint="leave out --ship-model, or give --cluster ADDRESS")
    from pipeline.project import parse_engine

    engine_kind, nllb = parse_engine(engine)  # argos | none | nllb (with its folder)
    variants = resolve_variants(variant)  # before any work: an unknown variant is one line, exit 2
    inputs = article_inputs(articles, out_dir=out, select=select)
    if report is not None:
        check_writable_file(report, what="--report", inputs=[*inputs.paths, *(glossary or []), *([memory] if memory else [])])
    for item, reason in inputs.missing:
        err_console.print(f"[red]Error:[/] {item}: {reason}", markup=True)
    if not inputs.paths:
        raise InputError("no articles to translate", hint="give .txt, .md or .html files, folders or glob patterns")
    glossary_obj = _load_glossary(glossary)
    if cluster:
        _quiet_dask()
    if to or nllb is not None:  # target languages or a multilingual model: one route each (pipeline.cli.targets)
        from pipeline.cli.targets import translate_to_cli

        return translate_to_cli(
            list(inputs.paths), targets=[*(to or ["zh-Hans"]), *variants], out=out, glossary=glossary_obj,
            use_engine=engine_kind != "none", nllb=nllb, device=device, offline=offline, cluster=cluster, ship_model=ship_model,
            print_summary=print_summary, missing_inputs=list(inputs.missing), memory=memory, no_memory=no_memory,
            io_threads=io_threads, beam=beam, translators=translators, report=report, select=select,
            stop_on_error=len(inputs.paths) == 1 and not inputs.missing,
        )
    progress = _RunProgress()
    download, on_download = download_progress()
    with ExitStack() as stack:
        with download:
            tools = stack.enter_context(open_drafting(
                machine=engine_kind == "argos", device=device, offline=offline, use_memory=not no_memory, memory_path=memory,
                beam=beam, translators=translators, cluster=cluster, ship_model=ship_model, on_download=on_download,
            ))
        with progress:
            result = translate_articles(
                list(inputs.paths), out_dir=out, engine=tools.engine, glossary=glossary_obj, variants=variants,
                memory=tools.memory, jobs=io_threads, on_progress=progress.segments, on_article=progress.article,
                stop_on_error=len(inputs.paths) == 1 and not inputs.missing, select=select,
                wrap=0 if no_wrap else width, fuzzy_threshold=fuzzy_threshold, front_matter_keys=front_matter_key,
            )
    result.missing_inputs = list(inputs.missing)
    _finish(result, report=report, memory_used=tools.memory is not None)


class _RunProgress:
    """The run's progress bar on stderr (shown once there is something to translate) and failed articles."""

    def __init__(self) -> None:
        self.bar = _progress_bar()
        self.task = self.bar.add_task("translate", total=None, rate="")

    def segments(self, done: int, total: int) -> None:
        if total == 0:
            return  # nothing to translate: no "0/0 segments 0%" bar
        if not self.bar.live.is_started:
            self.bar.start()
        elapsed = self.bar.tasks[self.task].elapsed or 0
        rate = f"{done / elapsed:.1f} seg/s" if elapsed and done else ""
        self.bar.update(self.task, completed=done, total=total, rate=rate)

    def article(self, a) -> None:
        if a.error:
            self.bar.console.print(f"[red]failed[/] {a.path}: {a.error}", markup=True)

    def __enter__(self) -> _RunProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()


def _finish(result, *, report: Path | None, memory_used: bool) -> None:
    """The summary, the --report JSON, the paths written, and the exit code."""
    from pipeline.fsutil import atomic_write_text, is_stdout

    print_summary(result)
    if report is not None:
        atomic_write_text(report, json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    if not is_stdout(report):  # with --report -, stdout carries the JSON alone
        for a in result.articles:
            for path in a.outputs:
                console.print(str(path))
    if result.interrupted:
        finished = sum(1 for a in result.articles if a.outputs)
        resume = " (the drafts already stored in the translation memory are reused)" if memory_used else ""
        err_console.print(
            f"Interrupted: {finished} of {len(result.articles)} articles finished; the others are untouched. "
            f"Run the same command again to resume{resume}."
        )
        raise typer.Exit(interrupted_exit_code())
    if result.failures or result.missing_inputs:
        # Outputs that could not be written (disk full, read-only) are the run's fault: exit 2, like a refusal.
        raise typer.Exit(2 if any(a.write_failed for a in result.failures) else 1)


def segment_cli(
    article: Annotated[Path, typer.Argument(help="Article file (.txt, .md or .html).", show_default=False)],
    out: TranslationsDir = Path("translations"),
    as_json: JsonLinesFlag = False,
) -> None:
    """Print an article's segments with their ids (the PO's msgctxt, once translated into --out).

    Example: mtpipe segment articles/run-movement.txt --json
    """
    from pipeline.documents.article import read_article
    from pipeline.translate.previous import stable_segments

    for s in stable_segments(read_article(article), out_dir=out):
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
