"""The memory file itself: table layout and migrations, SQLite pragmas, and SQLite errors mapped to library errors.

The database is a cache: it can always be deleted.  It is opened in WAL mode
with a busy timeout; ``PRAGMA user_version`` holds :data:`SCHEMA_VERSION` and
``PRAGMA application_id`` marks the file as ours.  SQLite failures become
:class:`~pipeline.errors.PipelineError` subclasses with a one-line message and
a hint.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import InputError, OutputError, PipelineError

#: Version of the table layout, kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 2
#: ``PRAGMA application_id`` of our files: ASCII "mtTM".
APPLICATION_ID = 0x6D74544D
#: How long a writer waits for another process's transaction.
BUSY_TIMEOUT_S = 10.0

_HINT_PATH = "it is only a cache: remove it, or pass --memory PATH to use another file"


# --------------------------------------------------------------------------- schema

_CREATE_V1 = (
    """
    CREATE TABLE entries (
        key           TEXT PRIMARY KEY,   -- sha256 of the canonical key parts
        source        TEXT NOT NULL,      -- normalised source text
        model         TEXT NOT NULL,
        options       TEXT NOT NULL,      -- canonical JSON
        glossary_hash TEXT NOT NULL,
        variant       TEXT NOT NULL,
        target        TEXT NOT NULL,
        notes         TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
        complete      INTEGER NOT NULL DEFAULT 1,
        created       REAL NOT NULL,      -- Unix seconds
        last_used     REAL NOT NULL,
        hits          INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX entries_model ON entries (model)",
)


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    for statement in _CREATE_V1:
        conn.execute(statement)


# -- cat: imported TMX pairs (schema 2) ------------------------------------------
# Reviewed pairs from a publisher's TMX (``mtpipe memory import``), kept apart
# from the machine output: they are reused like reviewed PO entries, as fuzzy
# drafts with an origin note, whatever the model or glossary.
_CREATE_V2 = (
    """
    CREATE TABLE imported (
        source   TEXT NOT NULL,   -- normalised source text
        variant  TEXT NOT NULL,   -- zh-Hans, zh-TW, ...
        target   TEXT NOT NULL,
        origin   TEXT NOT NULL,   -- the TMX file's name
        created  REAL NOT NULL,   -- Unix seconds
        PRIMARY KEY (source, variant)
    )
    """,
)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    for statement in _CREATE_V2:
        conn.execute(statement)


#: ``version -> step`` upgrading a database from *version* to *version + 1*.
#: Version 0 is a new, empty file.  Add a step here when the layout changes.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _migrate_0_to_1, 1: _migrate_1_to_2}


# --------------------------------------------------------------------------- errors

# Primary SQLite result codes (extended codes carry them in the low byte).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26


def pipeline_error(exc: sqlite3.Error, path: Path) -> PipelineError:
    """Map a SQLite failure to a one-line library error with a hint."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if code == SQLITE_NOTADB:
        return InputError(
            f"{path} is not a translation memory database ({detail})", hint=_HINT_PATH
        )
    if code == SQLITE_CORRUPT:
        return InputError(f"translation memory {path} is damaged ({detail})", hint=_HINT_PATH)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return OutputError(
            f"translation memory {path} stayed locked by another process for "
            f"{BUSY_TIMEOUT_S:g} s",
            hint="wait for the other mtpipe run to finish, or pass --memory PATH",
        )
    if code == SQLITE_CANTOPEN:
        return InputError(
            f"cannot open translation memory {path} ({detail})",
            hint="--memory must name a file in a writable folder, not a folder",
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return OutputError(
            f"translation memory {path} is read-only ({detail})",
            hint="make the file and its folder writable, or pass --memory PATH",
        )
    if code in (SQLITE_FULL, SQLITE_IOERR):
        return OutputError(
            f"cannot write translation memory {path} ({detail})",
            hint="free some disk space, or pass --memory PATH on another disk",
        )
    return InputError(f"translation memory {path} failed: {detail}", hint=_HINT_PATH)



def is_busy(exc: sqlite3.Error) -> bool:
    """Whether *exc* says another connection holds the database (busy or locked)."""
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL mode, retrying while another process holds it.

    SQLite does not call the busy handler for a journal-mode change that could
    dead-lock (two runs creating the same new file), so it is retried here,
    up to the same timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def read_header(conn: sqlite3.Connection) -> tuple[int, int]:
    """The database's ``user_version`` (schema version) and ``application_id``."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    return version, app_id


def size_on_disk(path: Path) -> int:
    """Bytes the memory takes: the database file and its write-ahead log."""
    total = 0
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return total


