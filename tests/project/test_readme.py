"""The README stays true and short, its commands match CI, and the generated reference pages match the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.cli.reference import CLI_PAGE, MODULES_PAGE, REGENERATE, cli_reference, generated_pages, module_map

README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

#: The set-up command that installs mtpipe and runs the main job: it stays exactly this.
SET_UP = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && "
    "mtpipe translate articles/run-movement.txt --glossary glossary/run-movement.csv"
)


def _sh_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)\n```", text, re.S)]


def _readme_test_command() -> str:
    blocks = [b for b in _sh_blocks(README.read_text(encoding="utf-8")) if "pytest" in b]
    assert len(blocks) == 1, "the README has one ```sh block that installs and runs the tests"
    return blocks[0]


def _drift_message(page: Path) -> str:
    return f"{page} no longer matches the code: regenerate it with `{REGENERATE}` (then commit the page)"


def test_cli_reference_is_up_to_date():
    page = ROOT / CLI_PAGE
    assert page.is_file(), _drift_message(CLI_PAGE)
    assert page.read_text(encoding="utf-8") == cli_reference(), _drift_message(CLI_PAGE)


def test_module_map_is_up_to_date():
    """The module map lists every module with the one job its docstring states."""
    page = ROOT / MODULES_PAGE
    assert page.is_file(), _drift_message(MODULES_PAGE)
    text = page.read_text(encoding="utf-8")
    assert text == module_map(), _drift_message(MODULES_PAGE)
    assert "(no docstring)" not in text
    for module in sorted((ROOT / "pipeline").rglob("*.py")):
        if module.name != "__main__.py" and "__pycache__" not in module.parts:
            assert f"`{module.relative_to(ROOT).as_posix()}`" in text


@pytest.mark.slow
def test_reference_generator_writes_what_the_test_expects(tmp_path):
    """`python -m pipeline.cli.reference ROOT` writes exactly the pages the drift tests compare against."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pipeline.cli.reference", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for relative, text in generated_pages().items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == text
    again = subprocess.run([sys.executable, "-m", "pipeline.cli.reference", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert "up to date" in again.stdout


def test_readme_keeps_the_set_up_command():
    assert SET_UP in _sh_blocks(README.read_text(encoding="utf-8"))


def test_readme_test_command_installs_and_runs_the_tests():
    command = _readme_test_command()
    assert "pip install" in command and "'.[test]'" in command and "python -m pytest -q" in command


def test_ci_runs_the_readme_test_command():
    """`.ci/run` runs the README's test command word for word, as a line of its own."""
    ci_lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    assert _readme_test_command() in ci_lines


def test_ci_builds_the_docs_strictly_after_the_tests():
    ci_lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    tests = ci_lines.index(_readme_test_command())
    docs = [i for i, line in enumerate(ci_lines) if "mkdocs build --strict" in line]
    assert docs and docs[0] > tests, ".ci/run must build the docs site with `mkdocs build --strict` after the tests"
    assert any("'.[docs]'" in line for line in ci_lines[tests:docs[0] + 1]), ".ci/run installs the docs extra"


def test_readme_is_read_in_five_minutes():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"the README has {len(lines)} lines; move detail to docs/"


@pytest.mark.parametrize("target", sorted(set(re.findall(r"\]\(((?!https?:)[^)#\s]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8")))))
def test_readme_links_point_to_files(target: str):
    assert (ROOT / target).exists(), f"README links to {target}, which does not exist"
