"""Writing output files safely: a temp file beside the target, then ``os.replace``.

A symlink is followed and its target replaced, so the link stays a link; a
path that is not a regular file (a FIFO, a terminal, ``/dev/stdout``) is
written straight to; ``-`` is standard output. A full disk or a read-only
place becomes an :class:`~pipeline.errors.OutputError` with the target untouched.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import DiskFullError, InputError, OutputError, PipelineError
from pipeline.fsutil.tempfiles import sweep_stale, temp_prefix

#: The path that means standard output (``-o -``, ``--to -``, ``--report -``).
STDOUT = "-"

#: Suffixes of the catalogs mtpipe manages: never the target of another output.
MANAGED_SUFFIXES = frozenset({".po", ".pot"})

_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """True for ``-``, the path that means standard output."""
    return path is not None and os.fspath(path) == STDOUT


def _read_umask() -> int:
    """The process umask, read without changing it (``/proc/self/status``).

    ``os.umask`` can only read it by setting it: for that moment, another
    thread creating a folder would get mode 0777. Where ``/proc`` has no
    ``Umask:`` line, it is read that way once, at import (on the importing
    thread, before any work starts).
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _IMPORT_UMASK


def _umask_at_import() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_IMPORT_UMASK = _umask_at_import()


def _mode_for(path: Path) -> int:
    """The replaced file's mode, or the usual default (0o666 less the umask)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_read_umask()


def _write_error(exc: OSError, path: Path) -> PipelineError:
    """A write failure as one line: disk full, not writable, or the OS's words."""
    reason = exc.strerror or str(exc)
    if exc.errno in _DISK_FULL:
        return DiskFullError(
            f"disk full while writing {path}; {path.name} was left as it was",
            hint="free some disk space (or write elsewhere with --out) and run again",
        )
    if exc.errno in _NOT_WRITABLE:
        return OutputError(f"cannot write {path}: {reason}", hint="make it writable, or choose another path")
    return OutputError(f"cannot write {path}: {reason}", hint="choose another path")


def _folder_error(exc: OSError, path: Path, message: str) -> PipelineError:
    """A folder that cannot take a file: disk full as :func:`_write_error` says it, anything else as *message*."""
    if exc.errno in _DISK_FULL:
        return _write_error(exc, path)
    return OutputError(f"{message}: {exc.strerror or exc}", hint="choose a writable folder with --out")


def _write_target(path: Path) -> tuple[Path, bool]:
    """Where writing *path* really goes, and whether to write straight to it.

    Symlinks are resolved (the target is replaced, the link kept); paths in
    ``/dev`` or ``/proc`` and anything that is not a regular file (a FIFO, a
    terminal) are written directly, never replaced.
    """
    text = os.fspath(path)
    if text.startswith(("/dev/", "/proc/")):
        return path, True
    try:
        real = Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutputError(f"cannot write {path}: it is a symlink loop", hint="fix or remove the link") from exc
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real, False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"cannot write {path}: it is a symlink loop", hint="fix or remove the link") from exc
        raise _write_error(exc, path) from exc
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path} is a folder", hint="give a file name")
    return real, not stat.S_ISREG(st.st_mode)


class _StdoutWriter:
    """Standard output as a file object that is not closed after use."""

    def __init__(self, binary: bool) -> None:
        self._stream = sys.stdout.buffer if binary else sys.stdout

    def write(self, data):  # type: ignore[no-untyped-def]
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()


@contextmanager
def atomic_open(path: Path | str, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temp file beside *path*; on success it replaces *path* atomically.

    On any exception the temp file is removed and *path* is left untouched.
    ``-`` writes to standard output; a FIFO or device is written directly.
    """
    binary = "b" in mode
    if is_stdout(path):
        out = _StdoutWriter(binary)
        yield out  # type: ignore[misc]
        out.flush()
        return
    path = Path(path)
    target, direct = _write_target(path)
    if direct:
        try:
            with open(target, mode, encoding=None if binary else encoding, newline=None if binary else "") as fh:
                yield fh
        except OSError as exc:
            if exc.errno is None:
                raise
            raise _write_error(exc, path) from exc
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(target.parent)
        # A short name, whatever the target's: a legal 255-byte name must not overflow as a temp name.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix("write"), suffix=".tmp")
    except OSError as exc:
        raise _folder_error(exc, path, f"cannot write to {target.parent}") from exc
    try:
        try:
            with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode_for(target))
            os.replace(tmp, target)
        except OSError as exc:
            if exc.errno is None or exc.errno not in _DISK_FULL | _NOT_WRITABLE | {errno.EIO}:
                raise
            raise _write_error(exc, path) from exc
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically (``-``: standard output)."""
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write *data* to *path* atomically (``-``: standard output)."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def ensure_writable_dir(path: Path) -> None:
    """Create *path* if needed and prove it is writable, or raise OutputError."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path, prefix=temp_prefix("probe"))
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise _folder_error(exc, path, f"output folder {path} cannot be written") from exc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_writable_file(
    path: Path | str,
    *,
    what: str,
    inputs: Iterable[Path | str] = (),
    managed_ok: bool = False,
) -> None:
    """Refuse early, before any work, an output path that would destroy
    something or could not be written later.

    Refused: one of the command's *inputs*; a PO/POT file (unless
    *managed_ok*: mtpipe manages those, and other outputs never replace
    them); a folder; a read-only file; a place that is not a writable folder.
    ``-`` (standard output) and non-regular files (a FIFO, a device) pass.
    """
    if is_stdout(path):
        return
    path = Path(path)
    for item in inputs:
        if not is_stdout(item) and _same_file(path, Path(item)):
            raise InputError(
                f"{what} {path} is also an input of this command; it would be overwritten",
                hint="write the output to another file",
            )
    if not managed_ok and path.suffix.lower() in MANAGED_SUFFIXES:
        raise InputError(
            f"{what} {path} is a PO/POT file, which mtpipe manages; it would be overwritten",
            hint="give the output another name",
        )
    if os.fspath(path).startswith(("/dev/", "/proc/")):
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"{what} {path} is a symlink loop", hint="fix or remove the link") from exc
        raise OutputError(f"{what} {path} cannot be written: {exc.strerror}", hint="give another path") from exc
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{what} {path} is a folder", hint="give a file name")
        if not stat.S_ISREG(st.st_mode):
            return
        if not os.access(path, os.W_OK) or not st.st_mode & 0o222:  # no write bit: read-only even for root
            raise OutputError(f"{what} {path} is read-only", hint="make it writable, or give another path")
    real = Path(os.path.realpath(path))
    parent = real.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{what} {path} cannot be written ({parent} is not a writable folder)", hint="give another path")
