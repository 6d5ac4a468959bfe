"""Translation memory under concurrent runs and a killed process."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import traceback
from pathlib import Path

import pytest

from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

REPO = Path(__file__).resolve().parents[2]
CTX = DraftContext(model="m 1.0", options={"beam_size": 2}, glossary_hash="", variant="zh-Hans")
ROUNDS = 300

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")


def _worker(path: str, wid: int, barrier, errors) -> None:
    """One 'run': many small store and lookup transactions, some on shared keys."""
    try:
        barrier.wait(timeout=30)  # both open a not-yet-existing file at once
        with TranslationMemory(Path(path)) as memory:
            for i in range(ROUNDS):
                own = (f"w{wid} s{i}", MemoryRecord(f"{wid}:{i}"))
                shared = (f"shared {i % 50}", MemoryRecord(f"shared {wid}"))
                memory.store_many([own, shared], CTX)
                hits = memory.lookup_many(
                    [f"w{wid} s{i}", f"w{1 - wid} s{i}", f"shared {i % 50}"], CTX
                )
                if hits[0].target != f"{wid}:{i}" or 2 not in hits:
                    raise AssertionError(f"worker {wid} round {i}: lost its own write: {hits}")
                if i % 100 == 99:
                    memory.stats()
    except BaseException:
        errors.put(f"worker {wid}: {traceback.format_exc()}")
        errors.close()
        errors.join_thread()  # flush before the hard exit
        os._exit(1)


@pytest.mark.slow
def test_two_processes_write_and_read_at_once(tmp_path):
    path = tmp_path / "tm.sqlite3"
    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(path), w, barrier, errors)) for w in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()
            p.join()
    messages = []
    while not errors.empty():
        messages.append(errors.get())
    assert not messages, "\n".join(messages)
    assert [p.exitcode for p in procs] == [0, 0]
    with TranslationMemory(path) as memory:
        stats = memory.stats()
        assert stats.entries == 2 * ROUNDS + 50
        hits = memory.lookup_many([f"w{w} s{i}" for w in (0, 1) for i in range(ROUNDS)], CTX)
        assert len(hits) == 2 * ROUNDS


# --------------------------------------------------------------------------- kill -9

_CHILD = textwrap.dedent(
    """
    import sys, time
    from collections.abc import Sequence
    from pathlib import Path
    from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

    ctx = DraftContext(model="m 1.0", options={"beam_size": 2}, glossary_hash="", variant="zh-Hans")
    memory = TranslationMemory(Path(sys.argv[1]))
    memory.store_many([(f"committed {i}", MemoryRecord(f"ok {i}")) for i in range(200)], ctx)

    class Stalls(Sequence):
        # 500 items; stalls (inside the store transaction) after writing 300 rows
        def __len__(self):
            return 500
        def __getitem__(self, i):
            if i >= 500:
                raise IndexError(i)
            if i == 300:
                print("inside", flush=True)
                time.sleep(60)
            return (f"partial {i}", MemoryRecord("x" * 2000))

    memory.store_many(Stalls(), ctx)
    print("finished", flush=True)
    """
)


def _run_child(script: str, path: Path) -> subprocess.Popen:
    """Start *script* on *path*; it is killed after 30 s whatever happens (no hung test)."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(30, child.kill)
    watchdog.daemon = True
    watchdog.start()
    return child


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_killed_mid_transaction_keeps_committed_data_and_drops_the_rest(tmp_path):
    path = tmp_path / "tm.sqlite3"
    child = _run_child(_CHILD, path)
    try:
        line = child.stdout.readline().strip()
        assert line == "inside", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert Path(str(path) + "-wal").exists()  # the dead process left its log behind

    assert _integrity(path) == "ok"
    with TranslationMemory(path) as memory:
        committed = memory.lookup_many([f"committed {i}" for i in range(200)], CTX)
        assert len(committed) == 200 and committed[199].target == "ok 199"
        assert memory.lookup_many([f"partial {i}" for i in range(500)], CTX) == {}
        assert memory.stats().entries == 200
        memory.store_many([("after the crash", MemoryRecord("ok"))], CTX)
    assert _integrity(path) == "ok"


_LOOP_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

    ctx = DraftContext(model="m 1.0", options={"beam_size": 2}, glossary_hash="", variant="zh-Hans")
    memory = TranslationMemory(Path(sys.argv[1]))
    i = 0
    while True:
        memory.store_many([(f"loop {i} {j}", MemoryRecord("y" * 500)) for j in range(20)], ctx)
        memory.lookup_many([f"loop {i} 0"], ctx)
        print(i, flush=True)
        i += 1
    """
)


@pytest.mark.slow
def test_killed_while_committing_in_a_loop(tmp_path):
    path = tmp_path / "tm.sqlite3"
    child = _run_child(_LOOP_CHILD, path)
    try:
        last = -1
        while last < 150:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            last = int(line)
        os.kill(child.pid, signal.SIGKILL)  # somewhere in a later transaction
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()

    assert _integrity(path) == "ok"
    with TranslationMemory(path) as memory:
        reported = [f"loop {i} {j}" for i in range(last + 1) for j in range(20)]
        assert len(memory.lookup_many(reported, CTX)) == len(reported)
        assert memory.stats().entries % 20 == 0  # whole transactions only
