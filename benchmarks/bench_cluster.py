"""Benchmark: the engine on a local Dask cluster against the in-process engine.

Run from the repository root::

    python benchmarks/bench_cluster.py            # 2 workers x 1 thread vs 2 in-process replicas

Both paths translate the same segments (the sample article in ``--copies``
copies, see ``bench_translate.py``) with the same model (``argos_like_model``:
the architecture of Argos's en→zh package, wired to copy its input, so outputs
are as long as the inputs; the cluster figures in the README were taken on its
random-weight variant, which costs the same) and the same decoding options (int8, beam 2):

(a) in process: ``ArgosEngine(inter_threads=2, intra_threads=1)``;
(b) cluster: ``ClusterEngine`` on ``distributed.LocalCluster(processes=True,
    n_workers=2, threads_per_worker=1)`` on loopback, each worker loading the
    model from the package folder through the plugin, for each task size.

Engine work only: no segmentation, glossary or PO writing, model loading
excluded, fastest of ``--repeats``. Scheduler overhead per task is the wall
time the workers were not translating: ``(wall x workers - seconds spent in
translate_batch on the workers) / tasks``. The client-side rate (segmenting,
masking, merging, writing with ``engine=None``) bounds what any number of
workers can reach. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import _common  # noqa: F401 - puts the repository on sys.path

from bench_translate import ARTICLE, collect_segments, make_copies  # noqa: E402

WORKERS = 2


def timed(run, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the sample article (default 5: 240 segments)")
    parser.add_argument("--repeats", type=int, default=2, help="timed repeats per path (the fastest counts)")
    parser.add_argument("--task-tokens", type=int, nargs="+", default=[512, 1024, 2048], help="task sizes to time")
    parser.add_argument("--round-trips", type=int, default=200, help="trivial tasks timed for the scheduler's round trip")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where the built model is cached")
    args = parser.parse_args(argv)

    import distributed

    from argos_like_model import build_package
    from pipeline.translate.cluster import DEFAULT_TASK_TOKENS, ClusterEngine
    from pipeline.translate.engine import ArgosEngine
    from pipeline.models.packages import find_model
    from pipeline.translate import translate_articles

    built = build_package(cache_dir=args.cache_dir)
    os.environ["ARGOS_PACKAGES_DIR"] = str(built.model_dir.parent.parent)  # the workers inherit it
    model = find_model("en", "zh")
    if model is None or model.path != built.model_dir.parent:
        raise SystemExit(f"benchmark model not found under {os.environ['ARGOS_PACKAGES_DIR']}")
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        paths = make_copies(ARTICLE, args.copies, Path(tmp) / "articles")
        texts, _paragraphs, _same = collect_segments(paths)
        n = len(texts)
        print(f"{n} segments, {args.copies} copies of {ARTICLE.name}; machine load {os.getloadavg()[0]:.1f}", file=sys.stderr)

        client_seconds = timed(
            lambda: translate_articles(paths, out_dir=Path(tempfile.mkdtemp(dir=tmp)), engine=None), args.repeats
        )

        local = ArgosEngine(model, inter_threads=WORKERS, intra_threads=1)
        local.translate_batch(texts[:8])
        local_seconds = timed(partial(local.translate_batch, texts), args.repeats)
        local_sps = n / local_seconds
        print(f"in process, {WORKERS} replicas: {local_sps:.1f} seg/s", file=sys.stderr)
        del local

        rows = []
        with distributed.LocalCluster(
            processes=True,
            n_workers=WORKERS,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster:
            with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
                client.gather(client.map(len, [[i] for i in range(20)], pure=False))  # warm up
                started = time.perf_counter()
                for future in distributed.as_completed(
                    client.map(len, [[i] for i in range(args.round_trips)], pure=False), loop=client.loop
                ):
                    future.result()
                round_trip_ms = (time.perf_counter() - started) / args.round_trips * 1000
            print(f"scheduler: {round_trip_ms:.2f} ms per trivial task ({args.round_trips} tasks)", file=sys.stderr)
            for task_tokens in args.task_tokens:
                engine = ClusterEngine(model, cluster.scheduler_address, task_tokens=task_tokens)
                try:
                    engine.translate_batch(texts[:8])
                    best = None
                    for _ in range(args.repeats):
                        engine.worker_seconds, engine.tasks_by_worker = 0.0, {}
                        started = time.perf_counter()
                        engine.translate_batch(texts)
                        wall = time.perf_counter() - started
                        if best is None or wall < best[0]:
                            best = (wall, engine.worker_seconds, sum(engine.tasks_by_worker.values()))
                finally:
                    engine.close()
                assert best is not None
                wall, busy, tasks = best
                row = {
                    "task_tokens": task_tokens,
                    "tasks": tasks,
                    "cluster_sps": round(n / wall, 2),
                    "fraction": round(n / wall / local_sps, 3),
                    "per_worker_sps": round(n / busy, 2),
                    "overhead_per_task_ms": round(max(0.0, wall * WORKERS - busy) / tasks * 1000, 1),
                }
                rows.append(row)
                print(
                    f"cluster, tasks of {task_tokens} tokens ({tasks} tasks): {row['cluster_sps']} seg/s = "
                    f"{row['fraction']:.2f} of in-process; per worker {row['per_worker_sps']} seg/s busy; "
                    f"overhead {row['overhead_per_task_ms']} ms/task",
                    file=sys.stderr,
                )
    default = next((r for r in rows if r["task_tokens"] == DEFAULT_TASK_TOKENS), rows[-1])
    print(
        json.dumps(
            {
                "segments": n,
                "local_sps": round(local_sps, 2),
                "client_only_sps": round(n / client_seconds, 1),
                "default_task_tokens": DEFAULT_TASK_TOKENS,
                "fraction": default["fraction"],
                "overhead_per_task_ms": default["overhead_per_task_ms"],
                "scheduler_round_trip_ms": round(round_trip_ms, 2),
                "per_worker_sps": default["per_worker_sps"],
                "rows": rows,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
