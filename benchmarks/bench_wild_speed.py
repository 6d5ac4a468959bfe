"""News pages from the wild, end to end through ``mtpipe translate``: engine inputs per segment, and translate time
against the same sentences as plain text (issue 20: at most 1.15 inputs per segment, at most 1.3 times the time).

Usage: ``python benchmarks/bench_wild_speed.py [--corpus tests/data/wild] [--runs 3] [--page NAME]... [--profile NAME]``
or ``[--growth]``.

**What is timed**: ``mtpipe translate ARTICLE --no-memory --out DIR --report FILE``, run in this process through
the CLI's own command (model loading, reading, segmenting, masking, the engine, restoring, typography and writing
the POT and PO all included; Python's start-up and imports left out, the same for both sides). The model is
the word-for-word test model (:mod:`pipeline.testing.lexical_model`, through CTranslate2), built and installed in
a temporary folder beforehand (not timed). No glossary, no translation memory; each run writes into a fresh
folder, so nothing is reused from an earlier PO.

**The two sides**, for each news page of the corpus (``<corpus>/news/*.html``):

- *page*: the saved page itself (an ``.html`` article: every visible text run, inline tags as markup);
- *plain*: a ``.txt`` article holding the same segments' texts, their markup taken out as the HTML format finds
  it (tags, scripts and comments dropped, character references decoded, ``<br>`` a space, spaces collapsed), one
  segment per paragraph, so that segmentation gives the same segments (the ``plain seg`` column says how many
  it gave).

**Printed** per page: segments, engine inputs (every text sent to the engine, recovery rounds included) per
segment for the page and for the plain text, and the median over ``--runs`` runs of each side's wall time and
of the ratio page / plain, each ratio taken within one run (the two sides run back to back, alternating which
goes first); the ratio of CPU time (all threads) too, steadier than wall time on a shared machine. The last
line: all pages together (inputs over segments; the ratios of the summed median times).

``--profile NAME``: one page's translate under cProfile, the 30 functions with the most cumulative time.

**Growth** (``--growth``, one stage: reading and segmenting, no engine): an HTML page of N unclosed ``<font>``
tags followed by N paragraphs and N stray end tags, and a Markdown document of n link reference definitions and
n paragraphs, for N, n = 2k, 4k, 8k; the time should double with N.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import io
import json
import os
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def install_model(folder: Path, *, model_file: Path | None = None) -> None:
    """The word-for-word test model, installed in *folder*/packages (built there unless *model_file* is given)."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder / "packages")
    from pipeline.models.packages import install_from_file
    from pipeline.testing.lexical_model import build_lexical_model

    install_from_file(model_file or build_lexical_model(folder / "test-model.argosmodel"))


def without_markup(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """*text* with its markup *spans* (as the document's format finds them) taken out: a tag or a script is dropped,
    ``<br>`` becomes a space, a character reference its character; spaces collapsed."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out.append(text[at:start])
        markup = text[start:end]
        if markup.startswith("&"):
            out.append(html.unescape(markup))
        elif re.match(r"<br\b", markup, re.I):
            out.append(" ")
        at = end
    out.append(text[at:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def plain_text(texts: Sequence[str]) -> str:
    """*texts* (markup already taken out) as a plain-text article: one paragraph each, blank lines between."""
    return "\n\n".join(t for t in texts if t) + "\n"


def page_sentences(path: Path) -> list[str]:
    """The segments of the page at *path*, without their markup (:func:`without_markup`)."""
    from pipeline.documents.article import read_article, segment_article

    article = read_article(path)
    return [without_markup(s.text, article.format.markup_spans(s.text)) for s in segment_article(article)]


@functools.cache
def _mtpipe() -> Any:  # click.Command
    """The ``mtpipe`` command, built once from the Typer app (not timed)."""
    import typer.main

    from pipeline.cli import app

    return typer.main.get_command(app)


def translate_cli(article: Path, out: Path) -> tuple[float, float, dict]:
    """``mtpipe translate ARTICLE --no-memory`` in this process: its wall time, CPU time (all threads) and ``--report`` JSON."""
    command = _mtpipe()
    report = out.parent / f"{out.name}.json"
    args = ["translate", str(article), "--out", str(out), "--no-memory", "--report", str(report)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        started, cpu = time.perf_counter(), time.process_time()
        command.main(args, prog_name="mtpipe", standalone_mode=False)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
    return took, cpu, json.loads(report.read_text(encoding="utf-8"))


@dataclass
class PageResult:
    name: str
    segments: int
    plain_segments: int
    inputs: int
    plain_inputs: int
    times: list[float]
    plain_times: list[float]
    ratios: list[float]
    cpu_times: list[float]
    plain_cpu_times: list[float]
    cpu_ratios: list[float]

    @property
    def time(self) -> float:
        return statistics.median(self.times)

    @property
    def plain_time(self) -> float:
        return statistics.median(self.plain_times)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios)


def measure_page(path: Path, *, work: Path, runs: int) -> PageResult:
    """*path* and its plain-text twin translated *runs* times each, back to back (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    plain = work / f"{path.stem}.txt"
    plain.write_text(plain_text(page_sentences(path)), encoding="utf-8")
    wall: dict[str, list[float]] = {"page": [], "plain": []}
    cpu: dict[str, list[float]] = {"page": [], "plain": []}
    reports: dict[str, dict] = {}
    for run in range(runs):
        sides = [("page", path), ("plain", plain)]
        for side, article in sides if run % 2 == 0 else sides[::-1]:
            took, used, reports[side] = translate_cli(article, work / f"{side}-{run}")
            wall[side].append(took)
            cpu[side].append(used)
    return PageResult(
        name=path.name,
        segments=reports["page"]["segments"],
        plain_segments=reports["plain"]["segments"],
        inputs=reports["page"]["engine_inputs"],
        plain_inputs=reports["plain"]["engine_inputs"],
        times=wall["page"],
        plain_times=wall["plain"],
        ratios=[a / b for a, b in zip(wall["page"], wall["plain"])],
        cpu_times=cpu["page"],
        plain_cpu_times=cpu["plain"],
        cpu_ratios=[a / b for a, b in zip(cpu["page"], cpu["plain"])],
    )


HEADER = (
    f"{'page':44} {'segments':>8} {'plain seg':>9} {'inputs/seg':>10} {'plain':>6} "
    f"{'page s':>7} {'plain s':>7} {'ratio':>6} {'cpu ratio':>9}"
)


def row(r: PageResult) -> str:
    return (
        f"{r.name[:44]:44} {r.segments:8} {r.plain_segments:9} {r.inputs / max(r.segments, 1):10.2f} "
        f"{r.plain_inputs / max(r.plain_segments, 1):6.2f} {r.time:7.2f} {r.plain_time:7.2f} {r.ratio:6.2f} {r.cpu_ratio:9.2f}"
    )


def total_row(results: Sequence[PageResult]) -> str:
    segments = sum(r.segments for r in results)
    plain_segments = sum(r.plain_segments for r in results)
    took, plain_took = sum(r.time for r in results), sum(r.plain_time for r in results)
    cpu = sum(statistics.median(r.cpu_times) for r in results)
    plain_cpu = sum(statistics.median(r.plain_cpu_times) for r in results)
    return (
        f"{f'all {len(results)} pages':44} {segments:8} {plain_segments:9} "
        f"{sum(r.inputs for r in results) / max(segments, 1):10.2f} "
        f"{sum(r.plain_inputs for r in results) / max(plain_segments, 1):6.2f} "
        f"{took:7.2f} {plain_took:7.2f} {took / plain_took:6.2f} {cpu / plain_cpu:9.2f}"
    )


def pages(corpus: Path, *, runs: int = 3, names: Sequence[str] = (), model_file: Path | None = None, out=print) -> list[PageResult]:
    """Measure every news page of *corpus* (or those called *names*), printing a row each through *out*."""
    files = sorted((corpus / "news").glob("*.html"))
    if names:
        files = [f for f in files if f.name in names or f.stem in names]
    if not files:
        raise SystemExit(f"error: no pages in {corpus / 'news'}" + (f" called {', '.join(names)}" if names else ""))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        install_model(Path(tmp), model_file=model_file)
        warm = Path(tmp) / "warm.txt"
        warm.write_text("People run.\n", encoding="utf-8")
        translate_cli(warm, Path(tmp) / "warm")  # imports and first-call caches, not timed
        out(f"mtpipe translate --no-memory, word-for-word test model; median of {runs} run(s); "
            "ratio = page / plain time (wall; cpu: all threads' CPU time)")
        out(HEADER)
        for i, path in enumerate(files):
            results.append(measure_page(path, work=Path(tmp) / f"page{i}", runs=runs))
            out(row(results[-1]))
        out(total_row(results))
    return results


def profile(corpus: Path, name: str) -> None:
    """One page's translate under cProfile: the 30 functions with the most cumulative time, on the main thread
    (reading, segmenting, writing) and in the engine rounds' thread (masking, the engine, restoring)."""
    import cProfile
    import pstats

    import pipeline.translate.terms as terms

    path = next((p for p in (corpus / "news").glob("*.html") if name in (p.name, p.stem)), None)
    if path is None:
        raise SystemExit(f"error: no page {name} in {corpus / 'news'}")
    rounds = cProfile.Profile()
    enforce = terms.enforce

    def profiled_enforce(*args, **kwargs):  # runs in a round's thread, which the main profiler does not see
        return rounds.runcall(enforce, *args, **kwargs)

    with tempfile.TemporaryDirectory() as tmp:
        install_model(Path(tmp))
        translate_cli(path, Path(tmp) / "warm")  # imports and first-call caches left out
        main_thread = cProfile.Profile()
        terms.enforce = profiled_enforce
        try:
            main_thread.runcall(translate_cli, path, Path(tmp) / "profiled")
        finally:
            terms.enforce = enforce
    for title, profiler in (("main thread", main_thread), ("engine rounds (pipeline.translate.terms.enforce)", rounds)):
        print(f"== {title}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def growth() -> None:
    from pipeline.documents.article import article_from_text, segment_article

    shapes = {
        "HTML, N unclosed <font>": (
            "page.html",
            lambda n: "<body>" + "<font>" * n + "<p>Some text here.</p>" * n + "</b>" * n,
        ),
        "Markdown, n reference definitions": (
            "doc.md",
            lambda n: "".join(f"See [item {i}][r{i}] now.\n\n" for i in range(n))
            + "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(n)),
        ),
    }
    print(f"{'shape (read + segment)':36} {'N=2k s':>8} {'N=4k s':>8} {'N=8k s':>8}")
    for name, (file_name, make) in shapes.items():
        times = []
        for n in (2000, 4000, 8000):
            text = make(n)
            started = time.perf_counter()
            segment_article(article_from_text(Path(file_name), text))
            times.append(time.perf_counter() - started)
        print(f"{name:36} " + " ".join(f"{t:8.2f}" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "wild")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side per page (the median is printed)")
    parser.add_argument("--page", action="append", default=[], help="measure only this page (file name or stem)")
    parser.add_argument("--profile", metavar="NAME", help="profile one page's translate instead")
    parser.add_argument("--growth", action="store_true", help="time the growth curves instead of the pages")
    args = parser.parse_args()
    if args.growth:
        growth()
    elif args.profile:
        profile(args.corpus, args.profile)
    else:
        pages(args.corpus, runs=args.runs, names=args.page)


if __name__ == "__main__":
    main()
