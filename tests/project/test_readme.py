"""The README stays true: its CLI reference matches --help, its commands match CI."""

from __future__ import annotations

import re

from conftest import ROOT
from pipeline.cli.reference import END, MAP_END, MAP_START, START, cli_reference, module_map


def test_cli_reference_is_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert section, "README lacks the CLI reference markers"
    assert section.group(1) == cli_reference(), "run: python -m pipeline.cli.reference README.md"


def test_module_map_is_up_to_date():
    """The design section lists every module with the one job its docstring states."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(re.escape(MAP_START) + r"\n(.*?)" + re.escape(MAP_END), text, re.S)
    assert section, "README lacks the module map markers"
    assert section.group(1) == module_map(), "run: python -m pipeline.cli.reference README.md"
    assert "(no docstring)" not in section.group(1)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in ci
