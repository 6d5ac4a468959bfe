"""``mtpipe memory stats`` and ``mtpipe memory clear`` (the sub-app on its own)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.memory import app
from pipeline.errors import InputError
from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

MAIN = DraftContext(model="translate-en_zh 1.9", options={"beam_size": 2})
OTHER = DraftContext(model="other 2.0", options={"beam_size": 2}, variant="zh-Hant")

runner = CliRunner()


@pytest.fixture
def tm_path(tmp_path: Path) -> Path:
    """A memory with 2 entries of MAIN (one incomplete), 1 of OTHER, 3 reuses."""
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many(
            [("One.", MemoryRecord("一。")), ("Two.", MemoryRecord("二。", complete=False))], MAIN
        )
        memory.store_many([("One.", MemoryRecord("壹。"))], OTHER)
        memory.lookup_many(["One.", "One.", "Two."], MAIN)
    return path


def entries(path: Path, context: DraftContext) -> int:
    with TranslationMemory(path) as memory:
        return len(memory.lookup_many(["One.", "Two."], context))


def test_help_has_examples():
    assert "Example: mtpipe memory stats" in runner.invoke(app, ["--help"]).output
    for command in ("stats", "clear"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert f"Example: mtpipe memory {command}" in result.output
        assert "--memory" in result.output


def test_no_arguments_shows_help():
    result = runner.invoke(app, [])
    assert "stats" in result.output and "clear" in result.output


def test_stats_json(tm_path):
    result = runner.invoke(app, ["stats", "--memory", str(tm_path), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    data = json.loads(result.stdout)
    assert data["path"] == str(tm_path)
    assert (data["entries"], data["hits"], data["incomplete"]) == (3, 3, 1)
    assert data["by_model"] == {"translate-en_zh 1.9": 2, "other 2.0": 1}
    assert data["by_variant"] == {"zh-Hans": 2, "zh-Hant": 1}
    assert data["size_bytes"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", data["last_used"])


def test_stats_table(tm_path):
    result = runner.invoke(app, ["stats", "--memory", str(tm_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Translation memory: {tm_path}"
    assert re.fullmatch(r"Entries\s+3", lines[1])
    assert re.fullmatch(r"Reused\s+3 times", lines[2])
    assert re.fullmatch(r"Incomplete terms\s+1", lines[3])
    assert re.search(r"│ translate-en_zh 1\.9 │\s+2 │", result.stdout)
    assert re.search(r"│ other 2\.0\s+│\s+1 │", result.stdout)
    assert re.search(r"│ zh-Hant\s+│\s+1 │", result.stdout)


def test_stats_of_a_missing_memory_does_not_create_it(tmp_path):
    path = tmp_path / "none.sqlite3"
    result = runner.invoke(app, ["stats", "--memory", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Translation memory: {path} (not created yet)"
    assert re.fullmatch(r"Entries\s+0", result.stdout.splitlines()[1])
    assert not path.exists()


def test_stats_uses_the_user_data_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(app, ["stats", "--json"])
    assert json.loads(result.stdout)["path"] == str(tmp_path / "data" / "mtpipe" / "memory.sqlite3")


def test_clear_yes_removes_everything(tm_path):
    result = runner.invoke(app, ["clear", "--memory", str(tm_path), "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Removed 3 entries from {tm_path}.\n"
    assert entries(tm_path, MAIN) == entries(tm_path, OTHER) == 0


def test_clear_one_model(tm_path):
    result = runner.invoke(app, ["clear", "--memory", str(tm_path), "--model", "other 2.0", "-y"])
    assert result.stdout == f"Removed 1 entry from {tm_path}.\n"
    assert (entries(tm_path, MAIN), entries(tm_path, OTHER)) == (2, 0)


def test_clear_asks_first_and_a_no_removes_nothing(tm_path):
    result = runner.invoke(app, ["clear", "--memory", str(tm_path)], input="n\n")
    assert result.exit_code == 1
    assert result.stdout == f"Remove all 3 entries from {tm_path}? [y/N]: n\n"
    assert result.stderr == "Nothing removed.\n"
    assert entries(tm_path, MAIN) == 2


def test_clear_asks_first_and_a_yes_removes(tm_path):
    result = runner.invoke(
        app, ["clear", "--memory", str(tm_path), "--model", "translate-en_zh 1.9"], input="y\n"
    )
    assert result.exit_code == 0
    assert result.stdout == (
        f"Remove 2 entries of model translate-en_zh 1.9 from {tm_path}? [y/N]: y\n"
        f"Removed 2 entries from {tm_path}.\n"
    )
    assert (entries(tm_path, MAIN), entries(tm_path, OTHER)) == (0, 1)


def test_clear_unknown_model_lists_the_models(tm_path):
    result = runner.invoke(app, ["clear", "--memory", str(tm_path), "--model", "nope"])
    assert result.exit_code == 0
    assert result.stdout == f"Nothing to remove: no entries of model nope in {tm_path}.\n"
    assert result.stderr == "Models in this memory: translate-en_zh 1.9, other 2.0\n"
    assert entries(tm_path, MAIN) == 2


def test_a_corrupt_memory_propagates_input_error(tmp_path):
    path = tmp_path / "tm.sqlite3"
    path.write_text("not a database\n" * 100)
    result = runner.invoke(app, ["stats", "--memory", str(path)])
    assert isinstance(result.exception, InputError)
    assert "not a translation memory database" in result.exception.message
    assert path.read_text() == "not a database\n" * 100


def test_a_folder_is_rejected_by_the_option(tmp_path):
    result = runner.invoke(app, ["stats", "--memory", str(tmp_path)])
    assert result.exit_code == 2
