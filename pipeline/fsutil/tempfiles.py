"""Temp files and folders that say whose they are, and the sweep that removes those of killed runs.

A temp name is short, whatever the target's (``.mtpipe-<kind>-<host>-<pid>-...``),
so a legal 255-byte file name never overflows as a temp name, and the next run
knows whether the run that made it is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import zlib
from pathlib import Path

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
