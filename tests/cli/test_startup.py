"""Start-up stays light: --help and segment import no engine, OpenCC or polib."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SAMPLE

pytestmark = pytest.mark.slow

HEAVY = ("ctranslate2", "opencc", "polib", "sentencepiece", "numpy", "argostranslate")

PROBE = """
import sys
from pipeline.cli import app
try:
    app({args!r}, prog_name="mtpipe")
except SystemExit:
    pass
print("LOADED:" + " ".join(m for m in {heavy!r} if m in sys.modules))
"""


def loaded_after(args: list[str]) -> set[str]:
    code = PROBE.format(args=args, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = [l for l in proc.stdout.splitlines() if l.startswith("LOADED:")][-1]
    return set(line[len("LOADED:"):].split())


def test_help_imports_nothing_heavy():
    assert loaded_after(["--help"]) == set()


def test_segment_imports_nothing_heavy():
    assert loaded_after(["segment", str(SAMPLE)]) == set()


def test_subcommand_help_imports_nothing_heavy():
    assert loaded_after(["translate", "--help"]) == set()


def test_a_translate_run_never_loads_minisbd_or_onnxruntime(installed_model, tmp_path):
    """argos-translate-lt requires MiniSBD (AGPL-3.0) and through it onnxruntime (78 MB): mtpipe uses neither."""
    code = PROBE.format(args=["translate", str(SAMPLE), "--out", str(tmp_path / "out"), "--no-memory"],
                        heavy=("minisbd", "onnxruntime", "argostranslate.sbd", "ctranslate2"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    line = [l for l in proc.stdout.splitlines() if l.startswith("LOADED:")][-1]
    assert set(line[len("LOADED:"):].split()) == {"ctranslate2"}  # the engine ran, without them
