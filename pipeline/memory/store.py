"""The translation-memory store: :class:`TranslationMemory` (look up, store, import, stats, clear) and its CLI functions.

Machine output is kept in SQLite so unchanged sentences cost nothing.  Every
write is one ``BEGIN IMMEDIATE`` transaction (so two runs never dead-lock on a
lock upgrade), and SQLite's journal makes a killed process lose at most its
uncommitted transaction.  Keys come from :mod:`pipeline.memory.keys`, the file's
layout from :mod:`pipeline.memory.schema`.  The module never prints.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from pipeline.errors import InputError, OutputError
from pipeline.memory.keys import DraftContext, MemoryHit, MemoryRecord, MemoryStats, normalized_key, normalize_source
from pipeline.memory.schema import (
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_PERM,
    SQLITE_READONLY,
    read_header,
    is_busy,
    pipeline_error,
    size_on_disk,
    use_wal,
)

#: Parameters per ``IN (...)`` query; below every SQLite build's limit.
_CHUNK = 900


# --------------------------------------------------------------------------- memory


class TranslationMemory:
    """A translation memory in one SQLite file.

    Safe to share between threads of one process (calls are serialised) and
    between processes (WAL, busy timeout, short ``BEGIN IMMEDIATE`` writes).
    After ``fork`` the child opens its own connection on first use.

    >>> with TranslationMemory(path) as memory:          # doctest: +SKIP
    ...     hits = memory.lookup_many(sources, context)
    ...     memory.store_many([(src, MemoryRecord(tgt))], context)
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """*read_only*: open an existing memory for reading only (SQLite ``mode=ro``): nothing is created,
        migrated or written, so a memory on a read-only disk or share can still be inspected."""
        self._path = Path(path).expanduser()
        self._read_only = read_only
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._inherited: list[sqlite3.Connection] = []
        self._conn = self._open()

    # ---------------------------------------------------------------- opening

    @classmethod
    def default_path(cls) -> Path:
        """``<user data dir>/mtpipe/memory.sqlite3`` (platformdirs)."""
        import platformdirs  # deferred: keeps ``mtpipe --help`` fast

        return platformdirs.user_data_path("mtpipe") / "memory.sqlite3"

    @property
    def path(self) -> Path:
        return self._path

    def _open(self) -> sqlite3.Connection:
        path = self._path
        if path.is_dir():
            raise InputError(
                f"translation memory {path} is a folder",
                hint="--memory must name a file, e.g. --memory memory.sqlite3",
            )
        if self._read_only:
            reader = self._open_read_only(path)
            if reader is not None:
                return reader
            # Not this version's memory: the ordinary open says what it is (and upgrades an older one).
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create folder {path.parent} for the translation memory: "
                f"{exc.strerror or exc}",
                hint="pass --memory PATH in a writable folder",
            ) from exc
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # guarded by self._lock
            )
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            use_wal(conn)  # reads the header first: a non-SQLite file fails here
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against a killed process
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.ProgrammingError):
                raise
            raise pipeline_error(exc, path) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    def _open_read_only(self, path: Path) -> sqlite3.Connection | None:
        """A connection that can only read (``mode=ro``); None when the file is not this version's memory."""
        from urllib.parse import quote

        conn: sqlite3.Connection | None = None
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        try:
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
                read_header(conn)
            except sqlite3.OperationalError:  # a WAL memory on a read-only disk: no -shm can be made there
                if conn is not None:
                    conn.close()
                conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)
            if read_header(conn) != (SCHEMA_VERSION, APPLICATION_ID):
                conn.close()
                return None
            return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise pipeline_error(exc, path) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Create or upgrade the schema (``PRAGMA user_version``), one transaction."""
        if read_header(conn) == (SCHEMA_VERSION, APPLICATION_ID):
            return
        conn.execute("BEGIN IMMEDIATE")  # two runs creating one file: one wins, one waits
        try:
            version, app_id = read_header(conn)  # again, under the write lock
            if app_id == 0 and version == 0:
                has_tables = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1"
                ).fetchone()
                if has_tables:
                    raise InputError(
                        f"{self._path} is an SQLite database of another program, "
                        "not a translation memory",
                        hint="pass --memory PATH to use another file",
                    )
            elif app_id != APPLICATION_ID:
                raise InputError(
                    f"{self._path} is not a translation memory database",
                    hint="pass --memory PATH to use another file",
                )
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"translation memory {self._path} was written by a newer mtpipe "
                    f"(schema {version}, this one reads {SCHEMA_VERSION})",
                    hint="upgrade mtpipe, or pass --memory PATH to use another file",
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with SQLite errors mapped."""
        with self._lock:
            if self._conn is None:
                raise RuntimeError(f"translation memory {self._path} is closed")
            if self._pid != os.getpid():
                # Forked: a connection must never cross fork, nor be closed in the
                # child (that could disturb the parent's locks). Keep it, unused.
                self._inherited.append(self._conn)
                self._pid = os.getpid()
                self._conn = self._open()
            try:
                yield self._conn
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.ProgrammingError):
                    raise
                raise pipeline_error(exc, self._path) from None

    @staticmethod
    @contextmanager
    def _write(conn: sqlite3.Connection) -> Iterator[None]:
        """One immediate write transaction: commit on success, roll back on anything."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # ---------------------------------------------------------------- API

    def lookup_many(
        self, sources: Sequence[str], context: DraftContext
    ) -> dict[int, MemoryHit]:
        """Find stored output for *sources*: ``{index in sources: hit}``.

        Misses are absent.  Repeated sources each get the hit.  Each hit's
        reuse count and last-used time are updated (best effort: a read-only
        memory still answers).
        """
        if not sources:
            return {}
        options_json = context.options_json
        keys = [normalized_key(normalize_source(s), context, options_json) for s in sources]
        unique = list(dict.fromkeys(keys))
        rows: dict[str, tuple[str, str, int, int]] = {}
        with self._connection() as conn:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, target, notes, complete, hits in conn.execute(
                    f"SELECT key, target, notes, complete, hits FROM entries WHERE key IN ({marks})",
                    chunk,
                ):
                    rows[key] = (target, notes, complete, hits)
            if not rows:
                return {}
            uses = Counter(k for k in keys if k in rows)
            now = time.time()
            try:
                with self._write(conn):
                    conn.executemany(
                        "UPDATE entries SET hits = hits + ?, last_used = ? WHERE key = ?",
                        [(n, now, k) for k, n in uses.items()],
                    )
            except sqlite3.OperationalError as exc:
                if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF not in (
                    SQLITE_READONLY,
                    SQLITE_PERM,
                ):
                    raise
                uses = Counter()  # read-only memory: answer without counting
        hits_of: dict[str, MemoryHit] = {
            key: MemoryHit(
                target=target,
                notes=tuple(json.loads(notes)),
                complete=bool(complete),
                hits=hits + uses[key],
            )
            for key, (target, notes, complete, hits) in rows.items()
        }
        return {i: hits_of[k] for i, k in enumerate(keys) if k in hits_of}

    def store_many(
        self, items: Sequence[tuple[str, MemoryRecord]], context: DraftContext
    ) -> None:
        """Store ``(source, record)`` pairs under *context*, in one transaction.

        A source already stored under the same context is overwritten (its
        creation time and reuse count are kept).  Either every item is stored
        or, if anything fails or the process dies, none is.
        """
        if not items:
            return
        options_json = context.options_json
        now = time.time()

        def rows() -> Iterator[tuple[object, ...]]:
            for source, record in items:
                normalized = normalize_source(source)
                yield (
                    normalized_key(normalized, context, options_json),
                    normalized,
                    context.model,
                    options_json,
                    context.glossary_hash,
                    context.variant,
                    record.target,
                    json.dumps(list(record.notes), ensure_ascii=False),
                    int(record.complete),
                    now,
                    now,
                )

        with self._connection() as conn, self._write(conn):
            conn.executemany(
                """
                INSERT INTO entries (key, source, model, options, glossary_hash, variant,
                                     target, notes, complete, created, last_used)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                    target = excluded.target,
                    notes = excluded.notes,
                    complete = excluded.complete,
                    last_used = excluded.last_used
                """,
                rows(),
            )

    # -- cat: imported TMX pairs ---------------------------------------------

    def store_imported(self, pairs: Iterable[tuple[str, str, str]], *, origin: str) -> int:
        """Store ``(source, variant, target)`` pairs from a TMX file named *origin*, in one
        transaction; a pair for a source and variant already stored is replaced. Returns the count.

        *pairs* may be a generator (a streamed TMX): it is consumed inside the
        transaction, and an exception it raises stores none of the pairs."""
        now = time.time()
        count = 0

        def rows() -> Iterator[tuple[str, str, str, str, float]]:
            nonlocal count
            for source, variant, target in pairs:
                count += 1
                yield normalize_source(source), variant, target, origin, now

        with self._connection() as conn, self._write(conn):
            conn.executemany(
                "INSERT INTO imported (source, variant, target, origin, created) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (source, variant) DO UPDATE SET target = excluded.target, origin = excluded.origin",
                rows(),
            )
        return count

    def lookup_imported(self, sources: Sequence[str], *, variant: str) -> dict[str, tuple[str, str]]:
        """Imported pairs for *sources*: ``{source as given: (target, origin)}``; misses are absent."""
        wanted = {normalize_source(s): s for s in sources}
        keys = list(wanted)
        found: dict[str, tuple[str, str]] = {}
        with self._connection() as conn:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for source, target, origin in conn.execute(
                    f"SELECT source, target, origin FROM imported WHERE variant = ? AND source IN ({marks})",
                    [variant, *chunk],
                ):
                    found[source] = (target, origin)
        return {s: found[normalize_source(s)] for s in sources if normalize_source(s) in found}

    def iter_imported(self, *, variant: str) -> Iterator[tuple[str, str, str]]:
        """Every imported pair of *variant* as ``(source, target, origin)``, in source order (for fuzzy matching)."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT source, target, origin FROM imported WHERE variant = ? ORDER BY source", (variant,)
            ).fetchall()
        yield from rows

    def stats(self) -> MemoryStats:
        """Counts by model and variant, total reuses, size on disk."""
        with self._connection() as conn:
            entries, hits, incomplete, oldest, last_used = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(hits), 0), COALESCE(SUM(complete = 0), 0), "
                "MIN(created), MAX(last_used) FROM entries"
            ).fetchone()
            by_model = dict(
                conn.execute(
                    "SELECT model, COUNT(*) FROM entries GROUP BY model ORDER BY COUNT(*) DESC, model"
                ).fetchall()
            )
            by_variant = dict(
                conn.execute(
                    "SELECT variant, COUNT(*) FROM entries GROUP BY variant "
                    "ORDER BY COUNT(*) DESC, variant"
                ).fetchall()
            )
            imported = dict(
                conn.execute(
                    "SELECT variant, COUNT(*) FROM imported GROUP BY variant ORDER BY COUNT(*) DESC, variant"
                ).fetchall()
            )
        return MemoryStats(
            path=self._path,
            entries=entries,
            hits=hits,
            incomplete=incomplete,
            size_bytes=size_on_disk(self._path),
            by_model=by_model,
            by_variant=by_variant,
            imported=imported,
            oldest=oldest,
            last_used=last_used,
        )

    def clear(self, *, model: str | None = None) -> int:
        """Remove every entry, or only those of *model*; return how many went.

        The file is then compacted (``VACUUM``) when no other run is using it.
        """
        with self._connection() as conn:
            with self._write(conn):
                if model is None:
                    removed = conn.execute("DELETE FROM entries").rowcount
                else:
                    removed = conn.execute("DELETE FROM entries WHERE model = ?", (model,)).rowcount
            if removed:
                self._compact(conn)
        return removed

    @staticmethod
    def _compact(conn: sqlite3.Connection) -> None:
        """VACUUM and truncate the WAL; skipped quietly if another run holds the file."""
        conn.execute("PRAGMA busy_timeout = 1000")
        try:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"TranslationMemory({str(self._path)!r}, {state})"



# --------------------------------------------------------------------------- functions for the CLI


def memory_stats(*, path: Path | None = None) -> MemoryStats:
    """Stats of the memory at *path* (default: the user's); empty if it does not exist yet.

    A missing file is not created, and an existing one is only read (it may be read-only).
    """
    path = Path(path).expanduser() if path is not None else TranslationMemory.default_path()
    if not path.exists():
        return MemoryStats(path=path)
    with TranslationMemory(path, read_only=True) as memory:  # reading needs no write access
        return memory.stats()


def clear_memory(*, path: Path | None = None, model: str | None = None) -> int:
    """Remove all entries (or those of *model*) from the memory at *path*; return the count.

    A missing file is not created; nothing is removed from it.
    """
    path = Path(path).expanduser() if path is not None else TranslationMemory.default_path()
    if not path.exists():
        return 0
    with TranslationMemory(path) as memory:
        return memory.clear(model=model)
