"""Benchmark: a five-language run against one language's engine time (issue 23: at most 5.2×).

Run from the repository root::

    python benchmarks/bench_languages.py            # transformer-base speed model, 2 copies (96 segments)
    python benchmarks/bench_languages.py --quick    # the tiny copy model (checks the script, not a figure)

What is timed, in one process, after every model is loaded (loading is left out):

(1) **one language's engine time**: ``ArgosEngine.translate_batch`` over the
    batch's unique segments, on the en→zh speed model;
(2) **five languages end to end**: :func:`pipeline.translate.targets.translate_targets`
    into zh-Hans, ja, fr, de and ar (``translate --to`` without the CLI):
    reading, segmenting, the project glossary, drafting, typography per
    family, merging and writing one PO per language, translation memory off.

The speed model is ``benchmarks/argos_like_model.py``'s transformer-base
package with the ``copy`` wiring (output piece *t* = source piece *t*), installed
once per language with the pair's code in its metadata: every language costs
the same engine work, so the ratio (2)/(1) shows what a language costs beyond
its engine. The figure is the fastest of ``--repeats`` runs of each. The last
line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # puts the repository and benchmarks/ on sys.path

LANGUAGES = ("zh-Hans", "ja", "fr", "de", "ar")
LIMIT = 5.2


def _install_per_language(archive: Path, packages: Path) -> dict[str, Path]:
    """The speed package installed once, then copied under each pair's code (metadata ``to_code``)."""
    from pipeline.languages.table import resolve
    from pipeline.models.packages import install_from_file

    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
    base = install_from_file(archive)
    folders = {"zh": base.path}
    for code in LANGUAGES[1:]:
        argos = resolve(code).argos_code
        copy = packages / f"{base.path.name}-{argos}"
        shutil.copytree(base.path, copy)
        meta = json.loads((copy / "metadata.json").read_text(encoding="utf-8"))
        meta["to_code"], meta["to_name"] = argos, resolve(code).name
        (copy / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
        folders[argos] = copy
    return folders


def _segments(paths: list[Path]) -> list[str]:
    from pipeline.documents.article import read_article, segment_article

    return list(dict.fromkeys(s.text for p in paths for s in segment_article(read_article(p))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=2, help="copies of the sample article (default 2: 96 segments)")
    parser.add_argument("--repeats", type=int, default=2, help="timed repeats (the fastest counts)")
    parser.add_argument("--quick", action="store_true", help="the tiny copy model, one repeat: checks the script")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where the speed model is cached")
    args = parser.parse_args(argv)

    import argos_like_model as alm
    from bench_translate import make_copies

    from pipeline.glossary import load_glossaries
    from pipeline.languages.table import resolve
    from pipeline.models.packages import find_model
    from pipeline.translate.engine import ArgosEngine
    from pipeline.translate.targets import plan_routes, translate_targets

    shape = alm.TINY_COPY if args.quick else alm.ARGOS_EN_ZH
    repeats = 1 if args.quick else args.repeats
    built = alm.build_package(shape, cache_dir=args.cache_dir)
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as tmp:
        work = Path(tmp)
        _install_per_language(built.archive, work / "packages")
        articles = make_copies(ROOT / "articles" / "run-movement.txt", args.copies, work / "articles")
        segments = _segments(articles)
        glossary = load_glossaries([ROOT / "glossary" / "run-movement.csv"])
        routes = plan_routes(list(LANGUAGES))
        engines = {}
        for route in routes:
            model = find_model("en", route.language.argos_code)
            assert model is not None, route.language.code
            engines[route.language.code] = ArgosEngine(model)

        one = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            engines["zh-Hans"].translate_batch(segments)
            one = min(one, time.perf_counter() - started)

        five = float("inf")
        for number in range(repeats):
            out = work / f"out{number}"
            started = time.perf_counter()
            result = translate_targets(
                articles, out_dir=out, routes=routes, engine_for=lambda r: engines[r.language.code], glossary=glossary
            )
            five = min(five, time.perf_counter() - started)
            assert not result.failed, result.failed
            written = sorted(p.name for p in (out / articles[0].stem).iterdir())
            assert written == sorted([f"{articles[0].stem}.pot", *(f"{resolve(c).po_stem}.po" for c in LANGUAGES)]), written
    ratio = five / one
    print(f"model: {'tiny copy model (--quick: not a figure)' if args.quick else 'transformer-base speed model (copy wiring)'}")
    print(f"segments: {len(segments)} unique, in {len(articles)} articles")
    print(f"(1) one language's engine time (en→zh, translate_batch): {one:.2f} s")
    print(f"(2) five languages end to end ({', '.join(LANGUAGES)}): {five:.2f} s")
    print(f"ratio (2)/(1): {ratio:.2f}× (limit {LIMIT}×){'' if ratio <= LIMIT else '  OVER THE LIMIT'}")
    print(json.dumps({
        "model": shape.key(), "segments": len(segments), "articles": len(articles), "languages": list(LANGUAGES),
        "engine_one_language_s": round(one, 3), "five_languages_e2e_s": round(five, 3), "ratio": round(ratio, 3),
        "limit": LIMIT, "quick": args.quick,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
