"""Translation memory: machine output kept in SQLite so unchanged sentences cost nothing.

:mod:`~pipeline.memory.keys` holds :class:`DraftContext` and the key recipe,
:mod:`~pipeline.memory.schema` the file's layout, migrations and error mapping,
:mod:`~pipeline.memory.store` the :class:`TranslationMemory` itself,
:mod:`~pipeline.memory.fuzzy` the fuzzy matches (:class:`FuzzyIndex`). Every
public name is re-exported here, so callers import from :mod:`pipeline.memory`.
"""

from __future__ import annotations

from pipeline.memory.fuzzy import DEFAULT_THRESHOLD, FuzzyIndex, FuzzyMatch, fuzzy_matches
from pipeline.memory.keys import DraftContext, MemoryHit, MemoryRecord, MemoryStats, memory_key, normalize_source
from pipeline.memory.schema import APPLICATION_ID, BUSY_TIMEOUT_S, MIGRATIONS, SCHEMA_VERSION
from pipeline.memory.store import TranslationMemory, clear_memory, memory_stats

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_S",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "DEFAULT_THRESHOLD",
    "DraftContext",
    "FuzzyIndex",
    "FuzzyMatch",
    "MemoryHit",
    "MemoryRecord",
    "MemoryStats",
    "TranslationMemory",
    "clear_memory",
    "fuzzy_matches",
    "memory_key",
    "memory_stats",
    "normalize_source",
]

