"""Shared fixtures: an isolated environment, the test model, the sample article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "articles" / "run-movement.txt"
GLOSSARY = ROOT / "glossary" / "run-movement.csv"
REVIEWED_PO = ROOT / "translations" / "run-movement" / "zh_Hans.po"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    """No test touches the user's folders or the network."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    # An address that refuses at once: "no network" without waiting.
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    return home


@pytest.fixture(scope="session")
def test_model_file(tmp_path_factory) -> Path:
    """The deterministic word-for-word test model, built once per session."""
    from pipeline.testing.lexical_model import build_lexical_model

    return build_lexical_model(tmp_path_factory.mktemp("model") / "mtpipe-test-en_zh.argosmodel")


@pytest.fixture
def installed_model(test_model_file, isolated_env):
    """The test model installed in this test's own Argos package folder."""
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


def load_benchmark(name: str):
    """A module of ``benchmarks/`` (not a package), imported once by file path."""
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
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
