"""Files in and out: one reader for every input, atomic writes for every output, temp files swept.

=============  ==========================================================
module         its one job
=============  ==========================================================
``reading``    every input path: regular files only, bounded, decoded
``writing``    atomic writes, standard output, output checks
``tempfiles``  temp names that say whose they are; the sweep after killed runs
=============  ==========================================================
"""

from __future__ import annotations

from pipeline.fsutil.reading import (
    DEFAULT_INPUT_LIMIT,
    INPUT_LIMITS,
    MAX_NESTING,
    check_input,
    decode_utf8,
    open_input,
    parse_json,
    read_input,
    read_text_file,
)
from pipeline.fsutil.tempfiles import STALE_AFTER, TEMP_PREFIX, sweep_stale, temp_prefix
from pipeline.fsutil.writing import (
    MANAGED_SUFFIXES,
    STDOUT,
    atomic_open,
    atomic_write_bytes,
    atomic_write_text,
    check_writable_file,
    ensure_writable_dir,
    is_stdout,
)

__all__ = [
    "DEFAULT_INPUT_LIMIT",
    "INPUT_LIMITS",
    "MANAGED_SUFFIXES",
    "MAX_NESTING",
    "STALE_AFTER",
    "STDOUT",
    "TEMP_PREFIX",
    "atomic_open",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_input",
    "check_writable_file",
    "decode_utf8",
    "ensure_writable_dir",
    "is_stdout",
    "open_input",
    "parse_json",
    "read_input",
    "read_text_file",
    "sweep_stale",
    "temp_prefix",
]
