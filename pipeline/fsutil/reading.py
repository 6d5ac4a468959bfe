"""Reading what the user gives mtpipe: one reader for every input path.

:func:`read_input` (and :func:`open_input` for streaming, :func:`check_input`
for a file a library opens itself) refuses, with one clear message, what is
not a regular file (a folder, a FIFO, a device, a symlink loop) without
opening it, and bounds the size (:data:`INPUT_LIMITS`) before and while
reading. :func:`read_text_file` adds the checks of a UTF-8 text (UTF-16, NUL
bytes, bad UTF-8); :func:`parse_json` refuses JSON nested too deep.
"""

from __future__ import annotations

import errno
import io
import os
import re
import shlex
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import InputError, PipelineError


def decode_utf8(data: bytes, *, name: str, error: type[PipelineError], what: str, hint: str) -> str:
    """Decode UTF-8 (a BOM is fine); bad bytes raise *error* naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{name}:{line}: {what}not valid UTF-8 (byte 0x{data[exc.start]:02x})", hint=hint) from exc


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
