"""`mtpipe memory stats` reads the memory without writing to it (issue 25: a read-only memory)."""

from __future__ import annotations

import pytest


def test_memory_stats_only_reads_the_memory(tmp_path, runner):
    """Issue 25: `memory stats` on a read-only memory failed; reading needs no write access (SQLite mode=ro)."""
    import sqlite3

    from pipeline.cli import app
    from pipeline.memory import TranslationMemory

    path = tmp_path / "tm" / "memory.sqlite3"
    with TranslationMemory(path):
        pass  # created, schema written, closed
    before = path.read_bytes()
    result = runner.invoke(app, ["memory", "stats", "--memory", str(path)])
    assert result.exit_code == 0, result.output
    assert "Entries" in result.output
    assert path.read_bytes() == before
    with TranslationMemory(path, read_only=True) as memory, pytest.raises(sqlite3.OperationalError, match="readonly"):
        memory._conn.execute("PRAGMA user_version = 1")


def test_a_file_that_is_no_memory_is_refused_read_only(tmp_path, runner):
    from pipeline.cli import app

    path = tmp_path / "other.sqlite3"
    import sqlite3

    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    result = runner.invoke(app, ["memory", "stats", "--memory", str(path)])
    assert result.exit_code != 0 and "Error:" in result.output and "Traceback" not in result.output
