"""The fault suite, outputs: nothing a user made is overwritten or lost.

An output that is an input, or a PO/POT mtpipe manages, is refused before
any work; symlinks are followed (the link stays a link); FIFOs and ``-``
are written straight to; a full disk is one line, exit 2, with every file
left as it was; Ctrl-C leaves finished work and a re-run completes the rest;
concurrent runs do not corrupt each other.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import GLOSSARY, REVIEWED_PO, SAMPLE, error_lines, memory_entries, tree_snapshot


@pytest.fixture
def work(tmp_path) -> Path:
    """A project folder: the sample article, its glossary, a reviewed PO and an edition."""
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    shutil.copy(GLOSSARY, tmp_path / "g.csv")
    (tmp_path / "out" / "a").mkdir(parents=True)
    shutil.copy(REVIEWED_PO, tmp_path / "out" / "a" / "zh_Hans.po")
    shutil.copy(REVIEWED_PO, tmp_path / "zh_Hans.po")
    (tmp_path / "edition.html").write_text("<p>old edition</p>\n", encoding="utf-8")
    return tmp_path


#: Outputs refused before any work: (name, command with {w} for the folder, message).
REFUSED_OUTPUTS = [
    ("build -o its own PO", ["build", "{w}/zh_Hans.po", "-o", "{w}/zh_Hans.po"], "is also an input of this command"),
    ("build -o another PO", ["build", "{w}/zh_Hans.po", "-o", "{w}/out/a/zh_Hans.po"], "is a PO/POT file, which mtpipe manages"),
    ("build -o a POT", ["build", "{w}/zh_Hans.po", "-o", "{w}/a.pot"], "is a PO/POT file"),
    ("translate --report a managed PO", ["translate", "{w}/a.txt", "--engine", "none", "--out", "{w}/out",
                                         "--report", "{w}/out/a/zh_Hans.po"], "is a PO/POT file, which mtpipe manages"),
    ("translate --report the article", ["translate", "{w}/a.txt", "--engine", "none", "--out", "{w}/out",
                                        "--report", "{w}/a.txt"], "is also an input of this command"),
    ("translate --report the glossary", ["translate", "{w}/a.txt", "--engine", "none", "--out", "{w}/out",
                                         "-g", "{w}/g.csv", "--report", "{w}/g.csv"], "is also an input of this command"),
    ("glossary import --to its input", ["glossary", "import", "{w}/g.csv", "--to", "{w}/g.csv"], "is also an input"),
    ("glossary export --to a link to its input", ["glossary", "export", "{w}/g.csv", "--to", "{w}/g-link.tbx"],
     "is also an input"),
    ("build -o a read-only file", ["build", "{w}/zh_Hans.po", "-o", "{w}/readonly.html"], "readonly.html is read-only"),
    ("build two POs -o a file", ["build", "{w}/zh_Hans.po", "{w}/out/a/zh_Hans.po", "-o", "{w}/edition.html"],
     "must be a folder when building 2 PO files"),
]


@pytest.mark.parametrize(("name", "command", "message"), REFUSED_OUTPUTS, ids=[r[0] for r in REFUSED_OUTPUTS])
def test_an_output_that_would_destroy_something_is_refused(cli, work, name, command, message):
    os.symlink(work / "g.csv", work / "g-link.tbx")
    (work / "readonly.html").write_text("keep me\n", encoding="utf-8")
    (work / "readonly.html").chmod(0o444)
    before = tree_snapshot(work)
    result = cli(*[a.replace("{w}", str(work)) for a in command])
    errors = error_lines(result.output)
    assert result.exit_code == 2, result.output
    assert len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output
    assert tree_snapshot(work) == before


def test_writing_through_a_symlink_replaces_the_target_and_keeps_the_link(cli, work):
    os.symlink("edition.html", work / "latest.html")
    result = cli("build", work / "zh_Hans.po", "-o", work / "latest.html")
    assert result.exit_code == 0, result.output
    assert os.readlink(work / "latest.html") == "edition.html"
    assert (work / "edition.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_fifo_output_is_written_straight_to(cli, work):
    fifo = work / "pipe.html"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("build", work / "zh_Hans.po", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"<!DOCTYPE html>")
    assert fifo.is_fifo()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "check"),
    [
        (["build", "{w}/zh_Hans.po", "-o", "-", "-f", "txt"], lambda out: "跑" in out or "润" in out),
        (["glossary", "export", "{w}/g.csv", "--to", "-"], lambda out: out.startswith("<?xml")),
        (["glossary", "import", "{w}/g.csv", "--to", "-"], lambda out: out.startswith("en,")),
        (["translate", "{w}/a.txt", "--engine", "none", "--out", "{w}/out2", "--report", "-"],
         lambda out: json.loads(out)["articles"] == 1),
    ],
    ids=["build", "glossary export", "glossary import", "translate --report"],
)
def test_dash_means_standard_output(work, command, check):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", *[a.replace("{w}", str(work)) for a in command]],
        cwd=work, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert check(proc.stdout), proc.stdout[:500]
    assert not (work / "-").exists()


# -- disk full ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 512 KiB tmpfs, unmounted afterwards; skipped (saying why) when it cannot be mounted."""
    if os.geteuid() != 0:
        pytest.skip("disk-full rows mount a small tmpfs, which needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def _fill(mount: Path) -> None:
    """Use up every free byte of *mount*."""
    fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def _no_temp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*.tmp")]


def test_disk_full_while_writing_an_edition(cli, work, small_disk):
    shutil.copy(work / "edition.html", small_disk / "edition.html")
    _fill(small_disk)
    before = tree_snapshot(small_disk)
    for target in ("edition.html", "new.html"):
        result = cli("build", work / "zh_Hans.po", "-o", small_disk / target)
        errors = error_lines(result.output)
        assert result.exit_code == 2, result.output
        assert len(errors) == 1 and f"disk full while writing {small_disk / target}" in errors[0]
        assert "Traceback" not in result.output
        assert tree_snapshot(small_disk) == before


def test_disk_full_in_a_batch_reports_every_article_and_changes_no_po(cli, work, small_disk):
    out = small_disk / "out"
    (out / "a").mkdir(parents=True)
    shutil.copy(REVIEWED_PO, out / "a" / "zh_Hans.po")
    shutil.copy(SAMPLE, work / "b.txt")
    _fill(small_disk)
    before = tree_snapshot(small_disk)
    result = cli("translate", work / "a.txt", work / "b.txt", "--engine", "none", "--out", out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "2 articles" in result.output and "2 failed" in result.output
    assert result.output.count("disk full while writing") >= 2
    assert (out / "a" / "zh_Hans.po").read_bytes() == before["out/a/zh_Hans.po"]
    assert _no_temp_files(small_disk)
    after = tree_snapshot(small_disk)
    assert {k: v for k, v in after.items() if isinstance(v, bytes)} == {
        k: v for k, v in before.items() if isinstance(v, bytes)
    }


@pytest.mark.slow
def test_disk_full_while_writing_the_memory(cli, work, small_disk, installed_model):
    memory = small_disk / "memory.sqlite3"
    assert cli("translate", work / "a.txt", "--out", work / "first", "--memory", memory).exit_code == 0
    _fill(small_disk)
    (work / "b.txt").write_text("A different headline\n\nSomething else happened today in the city.\n", encoding="utf-8")
    before = memory.read_bytes()
    result = cli("translate", work / "b.txt", "--out", work / "second", "--memory", memory)
    errors = error_lines(result.output)
    assert result.exit_code == 2, result.output
    assert len(errors) == 1 and f"cannot write translation memory {memory}" in errors[0]
    assert "Traceback" not in result.output
    assert memory.read_bytes() == before


# -- Ctrl-C ------------------------------------------------------------------------------


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _signal_when(proc: subprocess.Popen[str], ready: Callable[[], bool], signum: int = signal.SIGINT) -> str:
    """Send *signum* once *ready()* holds (or the process ended, or 120 s passed); the process's stderr."""
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and not ready():
            time.sleep(0.02)
        proc.send_signal(signum)
        return proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


@dataclass
class _Batch:
    proc: subprocess.Popen[str]
    stderr: str
    folder: Path
    out: Path
    articles: int


def _signal_mid_batch(tmp_path: Path, signum: int) -> _Batch:
    """Translate a folder of copies of the sample and send *signum* once the first PO is written.

    On a loaded machine the poll can see the first PO only after the run has ended: then the
    batch is made four times larger and run again, until the signal lands mid-run.
    """
    for attempt, articles in enumerate((150, 600, 2400)):
        folder = tmp_path / f"articles-{attempt}"
        folder.mkdir()
        for i in range(articles):
            shutil.copy(SAMPLE, folder / f"article-{i:04}.txt")
        out = tmp_path / f"out-{attempt}"
        proc = _start(["translate", str(folder), "--engine", "none", "--out", str(out)], tmp_path)
        stderr = _signal_when(proc, lambda: bool(list(out.glob("*/zh_Hans.po"))), signum)
        if len(list(out.glob("*/zh_Hans.po"))) < articles:
            break
    return _Batch(proc, stderr, folder, out, articles)


def test_ctrl_c_while_the_cli_loads_is_one_line(tmp_path):
    """A real SIGINT while `typer` is being imported: no traceback, exit 130."""
    code = (
        "import builtins, os, signal, sys\n"
        "real = builtins.__import__\n"
        "def spy(name, *args, **kw):\n"
        "    if name == 'typer':\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *args, **kw)\n"
        "builtins.__import__ = spy\n"
        "sys.argv = ['mtpipe', '--help']\n"
        "from pipeline.__main__ import run\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130
    assert proc.stderr == "Interrupted.\n"
    assert proc.stdout == ""


@pytest.mark.slow
def test_ctrl_c_mid_batch_keeps_finished_articles_and_a_rerun_finishes(tmp_path):
    batch = _signal_mid_batch(tmp_path, signal.SIGINT)
    proc, stderr, folder, out, articles = batch.proc, batch.stderr, batch.folder, batch.out, batch.articles
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    done = sorted(out.glob("*/zh_Hans.po"))
    assert 0 < len(done) < articles
    assert f"Interrupted: {len(done)} of {articles} articles finished; the others are untouched." in stderr
    assert "Run the same command again to resume" in stderr
    assert _no_temp_files(out)
    from pipeline.catalog import load_catalog

    for po in done:
        load_catalog(po)  # every file written is whole
    rerun = subprocess.run([sys.executable, "-m", "pipeline", "translate", str(folder), "--engine", "none",
                            "--out", str(out)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert len(list(out.glob("*/zh_Hans.po"))) == articles


@pytest.mark.slow
def test_concurrent_runs_on_one_article_both_finish_with_a_whole_po(work):
    runs = [_start(["translate", "a.txt", "--engine", "none", "--out", "shared"], work) for _ in range(2)]
    try:
        results = [p.communicate(timeout=120) for p in runs]
    finally:
        for p in runs:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=30)
    assert [p.returncode for p in runs] == [0, 0], results
    from pipeline.catalog import load_catalog

    catalog = load_catalog(work / "shared" / "a" / "zh_Hans.po")
    assert len(catalog.active) == len(load_catalog(work / "shared" / "a" / "a.pot").active)


def test_disk_full_in_the_memory_during_a_batch_still_reports_every_article(work, small_disk, installed_model):
    """The memory fills the disk mid-run (after it was opened): each article fails, the run still reports."""
    from pipeline.translate.engine import ArgosEngine
    from pipeline.memory import TranslationMemory
    from pipeline.translate import translate_articles

    for name in ("b", "c"):
        (work / f"{name}.txt").write_text(f"Headline {name}\n\nSomething else happened in city {name} today.\n", encoding="utf-8")
    with TranslationMemory(small_disk / "memory.sqlite3") as memory:
        _fill(small_disk)
        report = translate_articles([work / "b.txt", work / "c.txt"], out_dir=work / "second",
                                    engine=ArgosEngine(installed_model), memory=memory)
    assert [a.slug for a in report.articles] == ["b", "c"]
    assert all(a.write_failed and "cannot write translation memory" in (a.error or "") for a in report.articles)
    assert not list((work / "second").rglob("*.po"))


@pytest.mark.slow
def test_ctrl_c_while_the_engine_translates_exits_130_and_keeps_the_finished_rounds(tmp_path, installed_model):
    """A real SIGINT while two rounds are in CTranslate2: exit 130 (no crash at exit), finished rounds remembered."""
    article = tmp_path / "big.txt"
    article.write_text(
        "\n\n".join(f"Report {i} says the exit ban kept {i} families from the run movement." for i in range(4000)) + "\n",
        encoding="utf-8",
    )
    memory = tmp_path / "tm.sqlite3"
    out = tmp_path / "out"
    proc = _start(["translate", str(article), "--out", str(out), "--memory", str(memory)], tmp_path)
    stderr = _signal_when(proc, lambda: memory_entries(memory) > 0)  # the first round is in: the next two are in the engine
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "Interrupted: 0 of 1 articles finished; the others are untouched." in stderr
    assert "drafts already stored in the translation memory are reused" in stderr
    assert not (out / "big" / "zh_Hans.po").exists()
    assert 0 < memory_entries(memory) < 4000


def test_a_new_file_gets_the_umask_mode_without_the_umask_ever_changing(tmp_path, monkeypatch):
    """Issue 19 bug 7: reading the umask set it to 0 for a moment, while other threads made folders."""
    from pipeline import fsutil

    old = os.umask(0o027)
    try:
        calls: list[int] = []
        real_umask = os.umask
        monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or real_umask(mask))
        fsutil.atomic_write_text(tmp_path / "new.txt", "x")
        assert calls == []  # read from /proc/self/status: never set
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


# -- SIGTERM, SIGHUP and what killed runs leave (issue 25) ------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_mid_batch_are_handled_like_ctrl_c(tmp_path, signum, code):
    batch = _signal_mid_batch(tmp_path, signum)
    proc, stderr, out, articles = batch.proc, batch.stderr, batch.out, batch.articles
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    done = sorted(out.glob("*/zh_Hans.po"))
    assert 0 < len(done) < articles
    assert f"Interrupted: {len(done)} of {articles} articles finished; the others are untouched." in stderr
    assert _no_temp_files(out)


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_temp_files_of_a_killed_run_are_swept_by_the_next_run_and_a_live_runs_are_kept(cli, tmp_path):
    from pipeline import fsutil
    from pipeline.fsutil import tempfiles

    out = tmp_path / "out"
    assert cli("translate", SAMPLE, "--engine", "none", "--out", out).exit_code == 0
    folder = out / "run-movement"
    dead = fsutil.temp_prefix("write").replace(f"-{os.getpid()}-", f"-{_dead_pid()}-")
    killed = folder / f"{dead}abc123.tmp"  # what kill -9 while writing zh_Hans.po leaves
    killed.write_text("half a PO")
    legacy = folder / ".zh_Hans.po.k3j4h5g6.tmp"  # the name before temp names said whose they were
    legacy.write_text("half a PO")
    os.utime(legacy, (time.time() - 2 * fsutil.STALE_AFTER,) * 2)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = folder / fsutil.temp_prefix("write").replace(f"-{os.getpid()}-", f"-{sleeper.pid}-")
        live = live.with_name(live.name + "zz.tmp")
        live.write_text("being written")
        tempfiles._swept.clear()
        result = cli("translate", SAMPLE, "--engine", "none", "--out", out)
        assert result.exit_code == 0, result.output
        assert not killed.exists() and not legacy.exists()
        assert live.exists()  # a concurrent run's temp file is its own
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_killed_model_install_leaves_nothing_after_the_next_install(tmp_path, test_model_file):
    from pipeline import fsutil
    from pipeline.fsutil import tempfiles
    from pipeline.models.packages import install_from_file, packages_dir

    root = packages_dir()
    root.mkdir(parents=True)
    leftover = root / (fsutil.temp_prefix("install").replace(f"-{os.getpid()}-", f"-{_dead_pid()}-") + "x1y2")
    (leftover / "translate-en_zh").mkdir(parents=True)
    (leftover / "translate-en_zh" / "model.bin").write_bytes(b"\0" * 1024)
    old_style = root / ".installing-abc"  # not a name this mtpipe makes: left alone
    old_style.mkdir()
    tempfiles._swept.clear()
    install_from_file(test_model_file)
    assert not leftover.exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".installing-abc"]


def test_a_killed_pdf_builds_temp_folder_is_swept(tmp_path):
    from pipeline import fsutil

    left = tmp_path / (fsutil.temp_prefix("pdf", hidden=False).replace(f"-{os.getpid()}-", f"-{_dead_pid()}-") + "q")
    (left / "profile").mkdir(parents=True)
    mine = tmp_path / (fsutil.temp_prefix("pdf", hidden=False) + "r")  # this process: alive
    mine.mkdir()
    other = tmp_path / "mtpipe-notes"  # not a temp name
    other.mkdir()
    assert fsutil.sweep_stale(tmp_path) == [left]
    assert mine.exists() and other.exists()


@pytest.mark.slow
def test_sigterm_during_a_pdf_build_leaves_no_temp_folder(tmp_path):
    """It left a 2 MiB folder (the page and Chromium's profile) in the temp directory."""
    from pipeline.publish.pdf import CHROMIUM_NAMES

    if not any(shutil.which(name) for name in CHROMIUM_NAMES):
        pytest.skip("chromium not installed")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(REVIEWED_PO), "-f", "pdf", "-o", str(tmp_path / "b.pdf")],
        cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp)}, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline and not list(tmp.glob("mtpipe-pdf-*/profile")):
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        stderr = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr
    assert [str(p.relative_to(tmp)) for p in tmp.rglob("*")] == [] and not (tmp_path / "b.pdf").exists(), stderr
