"""The documentation site builds in strict mode, and what its pages and the README show exists.

The strict build runs MkDocs (in the ``test`` extra) into a temporary folder,
as ``.ci/run`` does after the tests. The other tests: every page is in the
nav, every ``mtpipe`` command line shown in a code block names real commands
and options, every repository path and ``python -m`` module named exists, and
the licence position the design page states (MiniSBD is never imported) holds.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml

from conftest import ROOT

DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
#: Pages written by ``python -m pipeline.cli.reference``: checked against the app in test_readme.py.
GENERATED = {DOCS / "reference" / "cli.md", DOCS / "reference" / "modules.md"}


def _mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_site_builds_in_strict_mode(tmp_path):
    proc = _mkdocs_build(MKDOCS_YML, tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "reference" / "cli" / "index.html").is_file()
    assert (tmp_path / "site" / "guarantees" / "index.html").is_file()


@pytest.mark.slow
def test_strict_build_fails_on_a_broken_link(tmp_path):
    """The validation settings stay in force: a link to a missing heading fails the build."""
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(MKDOCS_YML, tmp_path / "mkdocs.yml")
    with (tmp_path / "docs" / "index.md").open("a", encoding="utf-8") as fh:
        fh.write("\nSee [the options](reference/cli.md#no-such-command).\n")
    proc = _mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "no-such-command" in proc.stdout + proc.stderr


def _nav_pages(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [page for item in node for page in _nav_pages(item)]
    if isinstance(node, dict):
        return [page for value in node.values() for page in _nav_pages(value)]
    return []


def test_every_page_is_in_the_nav():
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    assert config["strict"] is True
    nav = _nav_pages(config["nav"])
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert sorted(nav) == pages, "every page under docs/ is listed once in the nav of mkdocs.yml"


def _shown_command_lines() -> list[tuple[str, str]]:
    """``(where, line)`` for every mtpipe command line in a fenced code block of the README or a docs page."""
    found = []
    sources = [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if p not in GENERATED)]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for block in re.finditer(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
            first_line = text.count("\n", 0, block.start(1)) + 1
            for offset, line in enumerate(block.group(1).splitlines()):
                command = line.removeprefix("$ ").strip()
                if command.startswith("mtpipe ") or command == "mtpipe":
                    found.append((f"{source.relative_to(ROOT)}:{first_line + offset}", command))
    return found


@functools.cache
def _root_command() -> typer.core.TyperGroup:
    from pipeline.cli import app

    return typer.main.get_command(app)  # type: ignore[return-value]


def _check_command_line(line: str) -> list[str]:
    """What in one shown command line the app does not have: unknown or hidden commands and options."""
    words = []
    for word in shlex.split(line, comments=True)[1:]:
        if word in {"|", ">", "&&", ";"}:
            break
        words.append(word)
    command: typer.core.TyperCommand | typer.core.TyperGroup = _root_command()
    path = ["mtpipe"]
    problems = []
    while words and hasattr(command, "get_command") and not words[0].startswith("-"):
        sub = command.get_command(typer.Context(command), words[0])
        if sub is None or sub.hidden:
            return [f"no command `{' '.join([*path, words[0]])}`"]
        command, path, words = sub, [*path, words.pop(0)], words
    known = {"--help", "-h"}
    for param in command.params:
        if not getattr(param, "hidden", False):
            known.update(param.opts, param.secondary_opts)
    for word in words:
        if word.startswith("-") and word != "-" and word.split("=", 1)[0] not in known:
            problems.append(f"`{' '.join(path)}` has no option {word.split('=', 1)[0]}")
    return problems


def test_command_lines_shown_in_the_docs_exist():
    """Every `mtpipe ...` line in a code block of the README or a guide names real commands and options."""
    shown = _shown_command_lines()
    assert len(shown) > 40
    problems = [f"{where}: {problem}" for where, line in shown for problem in _check_command_line(line)]
    assert not problems, "the docs show what the app does not have:\n" + "\n".join(problems)


def test_the_command_check_finds_unknown_commands_and_options():
    assert _check_command_line("mtpipe build x.po --format epub --out - > book.epub") == []
    assert _check_command_line("mtpipe models remove en zh --yes") == []
    assert _check_command_line("mtpipe translate a.txt --no-such-option 2  # comment") == [
        "`mtpipe translate` has no option --no-such-option"
    ]
    assert _check_command_line("mtpipe models purge en") == ["no command `mtpipe models purge`"]


_IMPORT_PROBE = """
import importlib, pkgutil, sys, tempfile
import pipeline
for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
from pipeline.demo import run_demo
run_demo(out=tempfile.mkdtemp())
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {"minisbd", "onnxruntime"}
      or m in {"argostranslate.sbd", "argostranslate.translate"})))
"""


@pytest.mark.slow
def test_agpl_minisbd_is_never_imported(tmp_path):
    """docs/design.md: `argos-translate-lt` installs MiniSBD (AGPL-3.0) and onnxruntime, and mtpipe never loads them."""
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"loaded: {proc.stdout.strip()}"


def _named_paths() -> list[tuple[str, str]]:
    """``(page, path)`` for every repository path a page names in backticks (`pipeline/...`, `tests/...`)."""
    pattern = re.compile(r"`((?:pipeline|tests|benchmarks|articles|glossary|translations|docs)/[\w./-]*)`")
    named = []
    for source in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for path in pattern.findall(source.read_text(encoding="utf-8")):
            named.append((str(source.relative_to(ROOT)), path))
    return named


def _run_modules() -> list[tuple[str, str]]:
    """``(page, module)`` for every ``python -m pipeline...`` a page shows."""
    named = []
    for source in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for module in re.findall(r"python -m (pipeline(?:\.\w+)+)", source.read_text(encoding="utf-8")):
            named.append((str(source.relative_to(ROOT)), module))
    return named


def test_paths_and_modules_the_docs_name_exist():
    """A file moved or renamed is a stale sentence in the docs: each path and `python -m` module named must exist."""
    import importlib.util

    named = _named_paths()
    assert len(named) > 30
    missing = [f"{page}: `{path}`" for page, path in named if not (ROOT / path).exists()]
    modules = _run_modules()
    assert modules
    missing += [f"{page}: python -m {module}" for page, module in modules if importlib.util.find_spec(module) is None]
    assert not missing, "the docs name what no longer exists:\n" + "\n".join(sorted(set(missing)))
