"""`mtpipe translate --cluster`: the engine's work on Dask workers (LocalCluster on loopback)."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager

import pytest

from conftest import GLOSSARY, memory_entries, time_limit

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")

#: Every test here is stopped after this many seconds, whatever it waits for.
TIME_LIMIT = 180


@pytest.fixture(autouse=True)
def time_bound():
    with time_limit(TIME_LIMIT, "cluster test"):
        yield


@contextmanager
def local_cluster():
    with distributed.LocalCluster(
        processes=True,
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster


def po_files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.po*"))}


def test_pos_through_the_cluster_are_byte_identical_to_a_local_run(
    cli, installed_model, sample, tmp_path, fixed_dates, monkeypatch
):
    local, remote = tmp_path / "local", tmp_path / "remote"
    result = cli("translate", sample, "--out", local, "--glossary", GLOSSARY, "--no-memory")
    assert result.exit_code == 0, result.output
    with local_cluster() as cluster:
        monkeypatch.setenv("MTPIPE_CLUSTER", cluster.scheduler_address)  # the environment names the scheduler
        report = tmp_path / "run.json"
        result = cli("translate", sample, "--out", remote, "--glossary", GLOSSARY, "--no-memory", "--report", report)
    assert result.exit_code == 0, result.output
    assert po_files(remote) == po_files(local)
    assert len(po_files(local)) == 2
    ran = json.loads(report.read_text(encoding="utf-8"))["cluster"]  # the report says where the engine ran
    assert ran["scheduler"] == cluster.scheduler_address
    assert len(ran["tasks_by_worker"]) >= 1 and sum(ran["tasks_by_worker"].values()) >= 1


def test_results_stream_back_and_progress_counts_segments(installed_model):
    from pipeline.translate.cluster import ClusterEngine
    from pipeline.translate.engine import ArgosEngine

    texts = [f"The exit ban number {i} kept {i % 7} Chinese people at the border." for i in range(60)]
    seen: list[tuple[int, int]] = []
    with local_cluster() as cluster:
        engine = ClusterEngine(installed_model, cluster.scheduler_address, task_tokens=64)
        engine.progress = lambda done, total: seen.append((done, total))
        try:
            outputs = engine.translate_batch(texts)
        finally:
            engine.close()
    assert outputs == ArgosEngine(installed_model).translate_batch(texts)
    tasks = len(engine.tasks_for(texts))
    assert tasks > 2 and sum(engine.tasks_by_worker.values()) == tasks
    assert len(engine.tasks_by_worker) == 2  # both workers took part
    assert [total for _, total in seen] == [60] * tasks
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1][0] == 60


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(installed_model):
    from pipeline.translate.cluster import ClusterEngine
    from pipeline.translate.engine import ArgosEngine

    texts = [" ".join(["The exit ban kept Chinese people at the border"] * 6) + f" ({i})." for i in range(30)]
    killed: list[str] = []
    with local_cluster() as cluster, distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        engine = ClusterEngine(installed_model, cluster.scheduler_address, task_tokens=150)
        pids = client.run(os.getpid)

        def kill_a_busy_worker(done: int, total: int) -> None:
            if killed:
                return
            busy = [address for address, keys in client.processing().items() if keys]
            if busy:
                killed.append(busy[0])
                os.kill(pids[busy[0]], signal.SIGKILL)

        engine.progress = kill_a_busy_worker
        try:
            outputs = engine.translate_batch(texts)
        finally:
            engine.close()
    assert killed, "no worker was busy when the first result came back"
    assert outputs == ArgosEngine(installed_model).translate_batch(texts)
    assert sum(engine.tasks_by_worker.values()) == len(engine.tasks_for(texts))  # each task's result used once


def test_unreachable_scheduler_is_one_error_and_nothing_is_written(cli, installed_model, sample, tmp_path):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    result = cli("translate", sample, "--out", out, "--no-memory", "--cluster", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 2
    assert "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("address", ["bogus-address", "http://127.0.0.1:8786", "tcp://scheduler", "tcp://host:port"])
def test_a_malformed_scheduler_address_is_refused_before_connecting(address, installed_model, sample, tmp_path):
    """One error line naming the address, no traceback (Dask's client clean-up printed one at exit)."""
    out = tmp_path / "out"
    command = ["translate", str(sample), "--out", str(out), "--no-memory", "--cluster", address]
    proc = subprocess.run([sys.executable, "-m", "pipeline", *command], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"Error: {address!r} is not a Dask scheduler address" in proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert not out.exists()


def test_a_worker_without_the_model_is_named_and_ship_model_uploads_it(
    cli, test_model_file, sample, tmp_path, monkeypatch
):
    from pipeline.models.packages import install_from_file

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "worker-packages"))  # the workers' own, empty
    with local_cluster() as cluster:
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "client-packages"))
        install_from_file(test_model_file)
        out = tmp_path / "out"
        result = cli("translate", sample, "--out", out, "--no-memory", "--cluster", cluster.scheduler_address)
        assert result.exit_code == 2
        assert "Error: worker " in result.output and "tcp://127.0.0.1:" in result.output
        assert "has no model translate-en_zh-mtpipe_test@1.0" in result.output
        assert "--ship-model" in result.output
        assert not out.exists()
        result = cli(
            "translate", sample, "--out", out, "--no-memory", "--cluster", cluster.scheduler_address, "--ship-model"
        )
    assert result.exit_code == 0, result.output
    assert (out / "run-movement" / "zh_Hans.po").is_file()


# -- deadlines (issue 25): every wait is against a clock, a lost cluster is one Error line ----------


def _run_cli(args, *, cwd, timeout=90):
    """The real command in a subprocess, bounded: a hang fails the test instead of stalling the suite."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@contextmanager
def _silent_server(answer: bytes | None):
    """A loopback port that accepts connections and never answers (or answers *answer*, as an HTTP server would)."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            if answer is not None:
                conn.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        server.close()
        for conn in held:
            conn.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("answer", "message"),
    [(None, "cannot reach the Dask scheduler at {} within 5 s"),
     (b"HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "{} answered, but not as a Dask scheduler")],
    ids=["silent", "http"],
)
def test_a_port_that_never_answers_as_a_scheduler_is_one_error_line(installed_model, sample, tmp_path, answer, message):
    """It waited for ever: Dask bounds the TCP connect, not the handshake."""
    with _silent_server(answer) as address:
        proc = _run_cli(["translate", sample, "--out", tmp_path / "out", "--no-memory", "--cluster", address], cwd=tmp_path)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert proc.returncode == 2, proc.stderr
    assert len(errors) == 1 and message.format(address) in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("scheme", "message"),
    [("tls", "tls:// needs the client's TLS settings"), ("ucx", "not ucx://")],
)
def test_tls_and_ucx_are_a_clear_error_not_a_type_error(installed_model, sample, tmp_path, scheme, message):
    proc = _run_cli(["translate", sample, "--out", tmp_path / "out", "--no-memory", "--cluster", f"{scheme}://127.0.0.1:8786"], cwd=tmp_path)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert proc.returncode == 2, proc.stderr
    assert len(errors) == 1 and message in errors[0], proc.stderr
    assert "TypeError" not in proc.stderr and "Traceback" not in proc.stderr


@contextmanager
def _processes_cluster(tmp_path):
    """A scheduler and one worker without a nanny, each its own process (so either can be killed for good)."""
    import time

    scheduler_file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(scheduler_file)], **quiet)
    worker = None
    try:
        while not scheduler_file.exists():
            time.sleep(0.05)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny", "--nthreads", "1",
                                   "--host", "127.0.0.1", "--no-dashboard"], **quiet)
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=60)
        yield address, scheduler, worker
    finally:
        for proc in (worker, scheduler):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("lost", ["worker", "scheduler"])
def test_a_cluster_lost_mid_run_is_one_error_line_and_the_stored_drafts_stay(installed_model, tmp_path, lost):
    """The only worker (or the scheduler) dies mid-run: it waited past 120 s, or ended in a FutureCancelledError traceback."""
    import time

    article = tmp_path / "big.txt"
    article.write_text(
        "\n\n".join(f"Report {i} says the exit ban kept {i} families from the run movement." for i in range(3000)) + "\n",
        encoding="utf-8",
    )
    memory = tmp_path / "tm.sqlite3"
    with _processes_cluster(tmp_path) as (address, scheduler, worker):
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "translate", str(article), "--out", str(tmp_path / "out"), "--memory", str(memory),
             "--cluster", address], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline and memory_entries(memory) == 0:
                time.sleep(0.05)
            (worker if lost == "worker" else scheduler).kill()
            stderr = proc.communicate(timeout=90)[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert proc.returncode == 2, stderr
    assert len(errors) == 1, stderr
    # A lost worker is named as such; on a loaded machine the client's own link to the scheduler
    # can time out first, and that is reported (still one line, exit 2, nothing stored lost).
    expected = ("no worker", "Dask scheduler") if lost == "worker" else ("Dask scheduler",)
    assert any(e in errors[0] for e in expected), stderr
    assert "Traceback" not in stderr
    assert 0 < memory_entries(memory) < 3000  # the rounds drafted before the loss are kept for the re-run
