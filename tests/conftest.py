"""Shared fixtures: an isolated environment, the test model, the sample article."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "articles" / "run-movement.txt"
GLOSSARY = ROOT / "glossary" / "run-movement.csv"
REVIEWED_PO = ROOT / "translations" / "run-movement" / "zh_Hans.po"


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """Point the user's folders (``HOME``, XDG, Argos packages) under *home*, and the package index nowhere."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    # An address that refuses at once: "no network" without waiting.
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    return home


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """No test touches the user's folders or the network."""
    return isolate(monkeypatch, tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="session")
def test_model_file(tmp_path_factory) -> Path:
    """The deterministic word-for-word test model, built once per session."""
    from pipeline.testing.lexical_model import build_lexical_model

    return build_lexical_model(tmp_path_factory.mktemp("model") / "mtpipe-test-en_zh.argosmodel")


@pytest.fixture(scope="session")
def shared_model_install(test_model_file, tmp_path_factory):
    """The test model installed once per session, in a package folder of its own."""
    from pipeline.models.packages import install_from_file

    folder = tmp_path_factory.mktemp("shared-argos-packages")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(folder))
        model = install_from_file(test_model_file)
    return folder, model


def _stat_snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under *root* with its mode, size and modification time: cheap, and any write shows."""
    import os

    found: dict[str, tuple[int, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            found[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture(scope="session")
def pair_model_files(tmp_path_factory) -> dict[str, Path]:
    """Word-for-word test models en→ja, fr, ar (one lexicon per pair), built once per session."""
    from pipeline.testing.lexical_model import build_lexical_model

    folder = tmp_path_factory.mktemp("pairs")
    return {t: build_lexical_model(folder / f"mtpipe-test-en_{t}.argosmodel", target=t) for t in ("ja", "fr", "ar")}


@pytest.fixture(scope="session")
def pair_translations(tmp_path_factory, pair_model_files) -> dict[str, Path]:
    """The sample translated into ja, fr and ar by their test models (no memory, no glossary), once per
    session in a home of its own: the PO files by language. Read-only: copy one to change it."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.models.packages import install_from_file

    work = tmp_path_factory.mktemp("pair-translations")
    with pytest.MonkeyPatch.context() as mp:
        isolate(mp, work / "home")
        for path in pair_model_files.values():
            install_from_file(path)
        args = ["translate", SAMPLE, "--to", "ja", "--to", "fr", "--to", "ar", "--out", work / "out", "--no-memory"]
        result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {stem: work / "out" / "run-movement" / f"{stem}.po" for stem in ("ja", "fr", "ar")}


@pytest.fixture
def arabic_po(pair_translations) -> Path:
    """The sample's Arabic PO (machine drafts), shared: see :func:`pair_translations`."""
    return pair_translations["ar"]


@pytest.fixture(scope="session")
def multilingual_model(tmp_path_factory) -> Path:
    """The NLLB-style multilingual test model (a CTranslate2 folder), built once per session; read-only."""
    from pipeline.testing.multilingual_model import build_multilingual_model

    return build_multilingual_model(tmp_path_factory.mktemp("multilingual") / "nllb")


@pytest.fixture
def installed_model(shared_model_install, isolated_env, monkeypatch):
    """The test model, installed once per session and shared: for tests that only read the package folder.

    ``ARGOS_PACKAGES_DIR`` points at the shared folder for this test. A test that installs, removes or
    edits a package takes ``own_installed_model`` instead; one that writes here fails at teardown.
    """
    folder, model = shared_model_install
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    before = _stat_snapshot(folder)
    yield model
    assert _stat_snapshot(folder) == before, (
        "a test changed the shared model folder: give it own_installed_model instead of installed_model"
    )


@pytest.fixture
def own_installed_model(test_model_file, isolated_env):
    """The test model installed in this test's own Argos package folder (the test may change it)."""
    from pipeline.models.packages import install_from_file

    return install_from_file(test_model_file)


@pytest.fixture
def sample(tmp_path) -> Path:
    """A private copy of the sample article (tests may edit it)."""
    target = tmp_path / "articles" / "run-movement.txt"
    target.parent.mkdir()
    shutil.copy(SAMPLE, target)
    return target


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run ``mtpipe`` in-process: ``cli("translate", ...)``."""
    from pipeline.cli import app

    def invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


def msgfmt_check(path: Path) -> None:
    import subprocess

    proc = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


# Property tests explore new random examples on a developer's machine, but CI
# replays a fixed set so a submission cannot fail on the luck of the draw.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if __import__("os").environ.get("CI"):
    _hypothesis_settings.load_profile("ci")


def tree_snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file (bytes), link (its target) and folder under *root*: equal snapshots mean nothing changed."""
    import os
    import stat

    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[rel] = "-> " + os.readlink(path)
            elif stat.S_ISREG(mode):
                found[rel] = path.read_bytes()
            else:
                found[rel] = stat.filemode(mode)
    return found


def error_lines(output: str) -> list[str]:
    """The ``Error:`` lines of a command's output."""
    return [line for line in output.splitlines() if line.startswith("Error:")]


def memory_entries(memory: Path) -> int:
    """Segments committed to a translation memory so far (0 while it is missing, new or busy), read as a
    second process would: read-only, never waiting on the writer."""
    import sqlite3

    if not memory.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{memory}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


#: The decoding settings a test model must hold under: greedy and beam search, int8 and float32.
DECODINGS = pytest.mark.parametrize(("beam_size", "compute_type"), [(b, c) for c in ("int8", "float32") for b in (1, 4)])


@pytest.fixture(scope="session")
def argos_like_cache(tmp_path_factory) -> Path:
    """One build cache for the small packages of ``benchmarks/argos_like_model.py`` (each built once a session)."""
    return tmp_path_factory.mktemp("argos-like-cache")


def load_benchmark(name: str):
    """A module of ``benchmarks/`` (not a package), imported once by file path."""
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    if str(ROOT / "benchmarks") not in sys.path:  # as when a script runs: its folder (benchmarks/_common.py) importable
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fixed_dates(monkeypatch):
    """PO header dates fixed, so two runs can be compared byte for byte."""
    import pipeline.catalog.model

    monkeypatch.setattr(pipeline.catalog.model, "_now", lambda: "2026-01-01 00:00+0000")


# -- a small HTML article, reviewed (the editions' safety tests) -----------------------------

HTML_ARTICLE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252"><title>Runners</title></head>
<body>
<h1>Runners</h1>
<p>People <em>run</em> fast.</p>
<p>See <a href="https://x.org/">the site</a> today.</p>
<p>Pic <img src="p.png" alt="a dog"> here.</p>
<p>Last paragraph here.</p>
</body></html>
"""

#: msgid → reviewed msgstr, harmless.
HTML_TABLE = {
    "Runners": "跑者",
    "People <em>run</em> fast.": "人们<em>跑</em>得快。",
    'See <a href="https://x.org/">the site</a> today.': '今天看<a href="https://x.org/">网站</a>。',
    'Pic <img src="p.png" alt="a dog"> here.': '图<img src="p.png" alt="a dog">在此。',
    "a dog": "一只狗",
    "Last paragraph here.": "最后一段。",
}

#: Markup a reviewer or a CAT target may plant in an HTML article's sentence (issue 25).
HTML_ATTACKS = {
    "backslash": "人们\\<img src=y onerror=alert(1)>跑",
    "slash": "人们<img/src=x onerror=alert(1)>跑",
    "code span": "人们`<img src=x onerror=alert(1)>`跑",
    "script": "人们<script>alert(1)</script>跑",
    "svg": "人们<svg onload=alert(1)>跑",
    "source tag, new attribute": '人们<em onmouseover="alert(1)">跑</em>',
}


def reviewed_po(cli, tmp_path: Path, text: str, name: str, table: dict[str, str], **overrides: str) -> Path:
    """Translate *text* with --engine none and review every entry from *table* (then *overrides*, by msgid)."""
    from dataclasses import replace

    from pipeline.catalog import load_catalog, write_catalog

    source = tmp_path / "articles" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    from pipeline.documents.article import article_slug

    po = tmp_path / "out" / article_slug(source) / "zh_Hans.po"
    catalog = load_catalog(po)
    wanted = {**table, **overrides}
    catalog.entries = [replace(e, msgstr=wanted.get(e.msgid, e.msgid), flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    return po


# -- helpers several test files share ------------------------------------------------------


def checked_sentences(text: str) -> list[str]:
    """The sentences of *text*, after checking the spans join back into it with no gap."""
    from pipeline.segmentation.segment import split_sentences

    spans = split_sentences(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    return [text[s:e].strip() for s, e in spans]


def export_xliff(cli, po: Path, xlf: Path) -> Path:
    """``mtpipe export PO --to XLF``, which must succeed; returns *xlf*."""
    result = cli("export", po, "--to", xlf)
    assert result.exit_code == 0, result.output
    return xlf


def source_reviewed_po(cli, tmp_path: Path, name: str, *, keep_notes: bool) -> Path:
    """The real article ``tests/data/<name>`` translated with ``--engine none``, every entry reviewed
    with its source as the translation (markup codes then align exactly)."""
    from pipeline.catalog import Catalog, Entry, load_catalog, write_catalog

    source = ROOT / "tests" / "data" / name
    article = tmp_path / source.name
    article.write_bytes(source.read_bytes())
    assert cli("translate", article, "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    (po,) = (tmp_path / "out").glob("*/zh_Hans.po")
    catalog = load_catalog(po)
    entries = [
        Entry(e.msgctxt, e.msgid, e.msgid, notes=e.notes if keep_notes else (), references=e.references)
        for e in catalog.entries
    ]
    write_catalog(po, Catalog(language=catalog.language, header=catalog.header, entries=entries))
    return po


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    """Stop the test with TimeoutError after *seconds*, whatever it waits for (a server that never answers)."""

    def stop(signum, frame):
        raise TimeoutError(f"{what} still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class IdentityEngine:
    """A stand-in engine that gives every text back as it is (the markup paths, without a model)."""

    identity = "echo@1"

    def options(self):
        return {}

    def translate_batch(self, texts):
        return list(texts)
