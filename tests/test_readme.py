"""The README stays true: its CLI reference matches --help, its commands match CI."""

from __future__ import annotations

import re

from conftest import ROOT
from pipeline.cli.reference import END, START, cli_reference


def test_cli_reference_is_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert section, "README lacks the CLI reference markers"
    assert section.group(1) == cli_reference(), "run: python -m pipeline.cli.reference README.md"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in ci
