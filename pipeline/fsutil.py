"""Reading input files and writing output files safely.

Writing: a temp file in the target's folder, then ``os.replace`` (atomic).
A symlink is followed and its target replaced, so the link stays a link; a
path that is not a regular file (a FIFO, a terminal, ``/dev/stdout``) is
written straight to; ``-`` is standard output. A full disk or a read-only
place becomes an :class:`~pipeline.errors.OutputError` with the target untouched.

Reading: :func:`read_text_file` refuses, with one clear message, what is not
a regular UTF-8 text file (a folder, a FIFO, a symlink loop, UTF-16, NUL bytes).
"""

from __future__ import annotations

import errno
import io
import os
import re
import shlex
import shutil
import socket
import stat
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import DiskFullError, InputError, OutputError, PipelineError

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


# -- temp files: short names that say whose they are, swept once their run is gone -------

#: Every temp file or folder mtpipe makes starts with this (hidden in the folders it writes to).
TEMP_PREFIX = ".mtpipe-"
#: A temp entry of another machine (a shared folder) is stale after this many seconds untouched.
STALE_AFTER = 24 * 3600
#: This machine, in temp names: a run on another machine sharing the folder is not judged by its pid.
_HOST = format(zlib.crc32(socket.gethostname().encode()) & 0xFFFF, "04x")
_TEMP_RE = re.compile(r"^\.?mtpipe-(?P<kind>[a-z]+)-(?P<host>[0-9a-f]{4})-(?P<pid>[0-9]+)-")
#: Temp files of mtpipe before temp names said whose they were: ``.<name>.po.<random>.tmp``.
_LEGACY_TEMP_RE = re.compile(r"^\..+\.(?:po|pot)\.[A-Za-z0-9_]{8}\.tmp$")
_swept: set[tuple[str, str]] = set()
_sweep_lock = threading.Lock()


def temp_prefix(kind: str, *, hidden: bool = True) -> str:
    """The start of a temp name of this run: ``.mtpipe-<kind>-<host>-<pid>-`` (short, whatever the target's name)."""
    return f"{TEMP_PREFIX if hidden else TEMP_PREFIX[1:]}{kind}-{_HOST}-{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _is_stale(entry: os.DirEntry[str], now: float) -> bool:
    match = _TEMP_RE.match(entry.name)
    try:
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if match is None:
        return _LEGACY_TEMP_RE.match(entry.name) is not None and age > STALE_AFTER
    if match.group("host") == _HOST:
        pid = int(match.group("pid"))
        return pid != os.getpid() and not _pid_alive(pid)
    return age > STALE_AFTER


def sweep_stale(folder: Path | str, *, once: bool = True) -> list[Path]:
    """Remove the temp files and folders that killed runs left in *folder*; returns them.

    Only names mtpipe makes (:func:`temp_prefix`) are touched, and only when
    their run is gone: its process no longer exists on this machine (or,
    from another machine, nothing touched it for :data:`STALE_AFTER`). A
    concurrent run's temp files are left alone. *once*: each folder is
    swept once per process. Errors are ignored: sweeping is housekeeping.
    """
    key = (os.fspath(folder), "")
    with _sweep_lock:
        if once and key in _swept:
            return []
        _swept.add(key)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith((TEMP_PREFIX, TEMP_PREFIX[1:])) or entry.name.endswith(".tmp")):
            continue
        if not _is_stale(entry, now):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


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
        if exc.errno in _DISK_FULL:
            raise _write_error(exc, path) from exc
        raise OutputError(
            f"cannot write to {target.parent}: {exc.strerror or exc}",
            hint="choose a writable folder with --out",
        ) from exc
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
        if exc.errno in _DISK_FULL:
            raise _write_error(exc, path) from exc
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


# -- reading ---------------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Control bytes that text files do not contain (tab, newlines and form feed aside).
_BINARY_BYTES = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13))


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 BOM, or (without one) NUL bytes in every other place of mostly-ASCII text."""
    if data.startswith(_UTF16_BOMS):
        return True
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    for zeros, other in ((even, odd), (odd, even)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            return True
    return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


#: The largest file each kind of input may be (bytes): a bigger one is refused before it is read.
INPUT_LIMITS: dict[str, int] = {
    "article": 64 << 20,
    "PO file": 512 << 20,
    "glossary": 64 << 20,
    "XLIFF file": 512 << 20,
    "TMX file": 4 << 30,
    "table of contents": 1 << 20,
    "cover image": 64 << 20,
    "model file": 4 << 30,
    "model metadata": 1 << 20,
}
#: The limit of an input kind not in :data:`INPUT_LIMITS`.
DEFAULT_INPUT_LIMIT = 256 << 20
#: Deepest nesting of arrays and objects (JSON) or elements (XML) an input may have.
MAX_NESTING = 256


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            return f"{n / (1 << shift):.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _too_big(path: Path, size: int | None, limit: int, what: str, error: type[PipelineError]) -> PipelineError:
    shown = f"{_size(size)}, " if size is not None else ""
    return error(
        f"{path} is {shown}more than the {_size(limit)} {_a(what)} may be",
        hint=f"check that it is the right file, or split it",
    )


class _BoundedReader(io.RawIOBase):
    """A file read through a limit: past *limit* bytes (a file still growing), *error* is raised."""

    def __init__(self, raw: IO[bytes], *, path: Path, limit: int, what: str, error: type[PipelineError]) -> None:
        self._raw, self._path, self._limit, self._what, self._error = raw, path, limit, what, error
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self._read += n or 0
        if self._read > self._limit:
            raise _too_big(self._path, None, self._limit, self._what, self._error)
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _open_regular(path: Path, *, what: str, error: type[PipelineError], hint: str | None, limit: int) -> IO[bytes]:
    """Open *path* for reading if it is a regular file within *limit*; else *error*, one line.

    A FIFO, device or socket is never opened (nothing hangs, nothing reads
    ``/dev/zero`` for ever); ``O_NONBLOCK`` covers a path that becomes one
    between the check and the open.
    """
    hint = hint or f"check the path of the {what}"
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{path} is a symlink loop", hint="fix or remove the link") from exc
        if exc.errno == errno.ENOENT:
            if os.path.islink(path):
                raise error(f"{path} is a broken symlink (to {os.readlink(path)})", hint="fix or remove the link") from exc
            raise error(f"{path}: no such file", hint=f"check the path of the {what}") from exc
        raise error(f"{path}: cannot be read ({exc.strerror})", hint=hint) from exc
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{path} is a folder, not {_a(what)}", hint=hint)
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path} is {_kind(st.st_mode)}, not {_a(what)}", hint=hint)
    if st.st_size > limit:
        raise _too_big(path, st.st_size, limit, what, error)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})", hint=hint) from exc
    fh = os.fdopen(fd, "rb", buffering=0)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise error(f"{path} is not a regular file", hint=hint)
    return fh


def check_input(
    path: Path | str,
    *,
    what: str,
    error: type[PipelineError] = InputError,
    hint: str | None = None,
    limit: int | None = None,
) -> None:
    """:func:`read_input`'s checks without the reading, for a file a library opens itself (a zip archive)."""
    limit = limit if limit is not None else INPUT_LIMITS.get(what, DEFAULT_INPUT_LIMIT)
    _open_regular(Path(path), what=what, error=error, hint=hint, limit=limit).close()


def read_input(
    path: Path | str,
    *,
    what: str,
    error: type[PipelineError] = InputError,
    hint: str | None = None,
    limit: int | None = None,
) -> bytes:
    """The bytes of an input file: the one way mtpipe reads what the user gives it.

    Refused, each as one *error* naming *path*: a missing file, a broken
    link or symlink loop, a folder, a FIFO, device or socket (never opened),
    and a file larger than *limit* (default: :data:`INPUT_LIMITS` for *what*),
    even one that grows while it is read. *what* names the input in messages
    ("PO file", "glossary", "cover image").
    """
    path = Path(path)
    limit = limit if limit is not None else INPUT_LIMITS.get(what, DEFAULT_INPUT_LIMIT)
    with _open_regular(path, what=what, error=error, hint=hint, limit=limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise error(f"{path}: cannot be read ({exc.strerror})", hint=hint) from exc
    if len(data) > limit:
        raise _too_big(path, None, limit, what, error)
    return data


@contextmanager
def open_input(
    path: Path | str,
    *,
    what: str,
    error: type[PipelineError] = InputError,
    hint: str | None = None,
    limit: int | None = None,
) -> Iterator[IO[bytes]]:
    """An input file opened for streaming (``iterparse``), with :func:`read_input`'s checks and limit."""
    path = Path(path)
    limit = limit if limit is not None else INPUT_LIMITS.get(what, DEFAULT_INPUT_LIMIT)
    raw = _open_regular(path, what=what, error=error, hint=hint, limit=limit)
    with io.BufferedReader(_BoundedReader(raw, path=path, limit=limit, what=what, error=error)) as fh:
        yield fh


_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def parse_json(text: str, *, name: str, error: type[PipelineError] = InputError, max_depth: int = MAX_NESTING) -> object:
    """``json.loads`` that refuses, as one *error*, bad JSON and nesting deeper than *max_depth*.

    The depth is measured first, in one linear pass: the parser itself
    recurses, and 100,000 nested arrays would end in a RecursionError.
    """
    import json

    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise error(f"{name}: nested more than {max_depth} levels deep", hint="this is not a file mtpipe wrote or expects")
        elif token in "]}":
            depth -= 1
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise error(f"{name}: not valid JSON ({exc})", hint="this is not a file mtpipe wrote or expects") from exc


def read_text_file(path: Path, *, what: str = "article", hint: str = "give a UTF-8 .txt, .md or .html file") -> str:
    """Read a UTF-8 text file (BOM and CRLF are fine; lines come back with ``\\n``).

    Read through :func:`read_input`, so refused as it refuses (a missing
    file, a folder, a FIFO or device, a file past the limit); then, each
    with one :class:`InputError` naming *path*: UTF-16, binary data, a NUL
    byte (with its line), bad UTF-8 (with its line) and an empty file.
    """
    path = Path(path)
    data = read_input(path, what=f"{what} file" if what == "article" else what, hint=hint, limit=INPUT_LIMITS.get(what))
    if _looks_utf16(data):
        raise InputError(
            f"{path} is UTF-16 text, not UTF-8",
            hint=f"convert it: iconv -f UTF-16 -t UTF-8 {shlex.quote(str(path))} > "
            f"{shlex.quote(path.stem + '.utf8' + path.suffix)}",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:8192]
        if nul < 8192 and any(b in _BINARY_BYTES for b in head):
            raise InputError(f"{path} is a binary file, not a text {what}", hint=hint)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            if nul < 8192:
                raise InputError(f"{path} is a binary file, not a text {what}", hint=hint) from None
        line = data[:nul].count(b"\n") + 1
        raise InputError(f"{path}:{line}: contains a NUL byte", hint=f"remove it; a text {what} has none")
    text = decode_utf8(data, name=str(path), error=InputError, what="", hint=f"save the {what} as UTF-8")
    if not text.strip():
        raise InputError(f"{path} is empty", hint=f"give {_a(what)} with some text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


# -- outputs ---------------------------------------------------------------------------


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
