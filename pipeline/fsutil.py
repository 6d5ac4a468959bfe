"""Atomic file writing: a temp file in the target folder, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import OutputError, PipelineError


def _mode_for(path: Path) -> int:
    """The replaced file's mode, or the usual default (0o666 less the umask)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temp file beside *path*; on success it replaces *path* atomically.

    On any exception the temp file is removed and *path* is left untouched.
    """
    path = Path(path)
    binary = "b" in mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(
            f"cannot write to {path.parent}: {exc.strerror or exc}",
            hint="choose a writable folder with --out",
        ) from exc
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically."""
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def ensure_writable_dir(path: Path) -> None:
    """Create *path* if needed and prove it is writable, or raise OutputError."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path, prefix=".probe.")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise OutputError(
            f"output folder {path} cannot be written: {exc.strerror or exc}",
            hint="choose a writable folder with --out",
        ) from exc


def decode_utf8(data: bytes, *, name: str, error: type[PipelineError], what: str, hint: str) -> str:
    """Decode UTF-8 (a BOM is fine); bad bytes raise *error* naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{name}:{line}: {what}not valid UTF-8 (byte 0x{data[exc.start]:02x})", hint=hint) from exc


def check_writable_file(path: Path, *, what: str) -> None:
    """Refuse early a file path that could not be written later (a folder, a
    file in place of a folder, a read-only place), before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{what} {path} is a folder", hint="give a file name")
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{what} {path} cannot be written ({parent} is not a writable folder)", hint="give another path")
