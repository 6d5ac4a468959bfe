"""Documents from the wild: engine inputs per segment, translate time against the same sentences as plain text, and linear costs.

Usage: ``python benchmarks/bench_wild_speed.py [--corpus tests/data/wild] [--growth]``

**Pages** (end to end, the library calls ``mtpipe translate`` makes, one
article per run, no memory, no glossary): each news page of the corpus
(``<corpus>/news/*.html``, issue 20) is translated with the project's
word-for-word test model (:mod:`pipeline.testing.lexical_model`, built and
installed in a temporary folder, not timed). For each page: its segments,
the engine inputs (every text sent, recovery rounds included; the target is
at most 1.15 per segment) and the translate time; then the same segments'
text, markup removed, written one per line as a plain-text article and
translated the same way (the target is within 1.3x).

**Growth** (``--growth``, one stage: reading and segmenting, no engine): an
HTML page of N unclosed ``<font>`` tags followed by N paragraphs and N stray
end tags, and a Markdown document of n link reference definitions and n
paragraphs, for N, n = 2k, 4k, 8k; the time should double with N.
"""

from __future__ import annotations

import argparse
import html
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _engine(folder: Path):
    import os

    os.environ["ARGOS_PACKAGES_DIR"] = str(folder / "packages")
    from pipeline.models.packages import install_from_file
    from pipeline.testing.lexical_model import build_lexical_model
    from pipeline.translate.engine import ArgosEngine

    model = install_from_file(build_lexical_model(folder / "test-model.argosmodel"))
    return ArgosEngine(model)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text))).strip()


def pages(corpus: Path) -> None:
    from pipeline.documents.article import read_article, segment_article
    from pipeline.translate import translate_articles

    files = sorted((corpus / "news").glob("*.html"))
    if not files:
        raise SystemExit(f"error: no pages in {corpus / 'news'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = _engine(folder)
        print(f"{'page':48} {'segments':>8} {'inputs':>7} {'per seg':>7} {'time s':>7} {'plain s':>7} {'ratio':>6}")
        totals = [0, 0, 0.0, 0.0]
        for i, path in enumerate(files):
            segments = segment_article(read_article(path))
            started = time.perf_counter()
            report = translate_articles([path], out_dir=folder / f"out{i}", engine=engine)
            took = time.perf_counter() - started
            plain = folder / f"plain{i}.txt"
            plain.write_text("\n".join(t for t in (_plain(s.text) for s in segments) if t) + "\n", encoding="utf-8")
            started = time.perf_counter()
            translate_articles([plain], out_dir=folder / f"plain-out{i}", engine=engine)
            plain_took = time.perf_counter() - started
            inputs = report.engine_inputs
            n = max(len(segments), 1)
            print(f"{path.name[:48]:48} {len(segments):8} {inputs:7} {inputs / n:7.2f} {took:7.2f} {plain_took:7.2f} {took / plain_took:6.2f}")
            totals[0] += len(segments)
            totals[1] += inputs
            totals[2] += took
            totals[3] += plain_took
        segs, inputs, took, plain_took = totals
        print(f"{'all pages':48} {segs:8} {inputs:7} {inputs / max(segs, 1):7.2f} {took:7.2f} {plain_took:7.2f} {took / plain_took:6.2f}")


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
    parser.add_argument("--growth", action="store_true", help="time the growth curves instead of the pages")
    args = parser.parse_args()
    if args.growth:
        growth()
    else:
        pages(args.corpus)


if __name__ == "__main__":
    main()
