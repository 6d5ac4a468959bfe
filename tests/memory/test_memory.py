"""Translation memory: keys, invalidation, stats, clear, schema, bad files."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

import pipeline.memory.store as memory_mod
from pipeline.errors import InputError
from pipeline.memory import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DraftContext,
    MemoryHit,
    MemoryRecord,
    TranslationMemory,
    clear_memory,
    memory_key,
    memory_stats,
    normalize_source,
)

CTX = DraftContext(
    model="translate-en_zh 1.9",
    options={"beam_size": 2, "compute_type": "int8"},
    glossary_hash="g-abc",
    variant="zh-Hans",
)


@pytest.fixture
def tm(tmp_path: Path):
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        yield memory


def engine_calls(
    memory: TranslationMemory, sources: Sequence[str], context: DraftContext
) -> int:
    """What a run does: look up, translate the misses (fake engine), store them."""
    hits = memory.lookup_many(sources, context)
    misses = [s for i, s in enumerate(sources) if i not in hits]
    memory.store_many([(s, MemoryRecord(f"译:{s}")) for s in misses], context)
    return len(misses)


# --------------------------------------------------------------------------- invalidation

CHANGED_CONTEXTS = [
    ("model version", replace(CTX, model="translate-en_zh 1.10")),
    ("beam size", replace(CTX, options={"beam_size": 4, "compute_type": "int8"})),
    ("compute type", replace(CTX, options={"beam_size": 2, "compute_type": "float32"})),
    ("extra option", replace(CTX, options={**CTX.options, "max_decoding_length": 256})),
    ("glossary edited", replace(CTX, glossary_hash="g-abd")),
    ("glossary removed", replace(CTX, glossary_hash="")),
    ("variant", replace(CTX, variant="zh-Hant")),
]


@pytest.mark.parametrize("name,changed", CHANGED_CONTEXTS, ids=[c[0] for c in CHANGED_CONTEXTS])
def test_a_changed_context_misses_and_the_old_one_still_hits(tm, name, changed):
    tm.store_many([("The race starts at dawn.", MemoryRecord("比赛黎明开始。"))], CTX)
    assert tm.lookup_many(["The race starts at dawn."], changed) == {}
    assert tm.lookup_many(["The race starts at dawn."], CTX)[0].target == "比赛黎明开始。"


def test_options_are_compared_as_canonical_json(tm):
    tm.store_many([("Hello.", MemoryRecord("你好。"))], CTX)
    reordered = replace(CTX, options={"compute_type": "int8", "beam_size": 2})
    assert tm.lookup_many(["Hello."], reordered)[0].target == "你好。"


def test_rerun_makes_no_engine_calls_and_one_edit_makes_one(tm):
    article = [f"Sentence number {i} about running." for i in range(40)]
    assert engine_calls(tm, article, CTX) == 40
    assert engine_calls(tm, article, CTX) == 0
    edited = list(article)
    edited[7] = "Sentence number 7 about walking."
    assert engine_calls(tm, edited, CTX) == 1
    assert engine_calls(tm, article, replace(CTX, glossary_hash="new")) == 40
    assert engine_calls(tm, article, replace(CTX, model="other 2.0")) == 40
    assert engine_calls(tm, article, CTX) == 0


# --------------------------------------------------------------------------- normalisation

SAME_SOURCE = [
    ("collapsed spaces", "The  race\tstarts.", "The race starts."),
    ("ends stripped", "  The race starts.\n", "The race starts."),
    ("no-break space", "10\u00a0km", "10 km"),
    ("NFC", "cafe\u0301 run", "caf\u00e9 run"),
]
DIFFERENT_SOURCE = [
    ("curly vs straight quotes", "\u201cGo,\u201d she said.", '"Go," she said.'),
    ("apostrophe", "It\u2019s fast.", "It's fast."),
    ("case", "Parkrun grows.", "parkrun grows."),
    ("dash", "5 - 10 km", "5 \u2013 10 km"),
    ("trailing full stop", "The race starts", "The race starts."),
    ("space removed", "race day", "raceday"),
]


@pytest.mark.parametrize("name,stored,looked_up", SAME_SOURCE, ids=[c[0] for c in SAME_SOURCE])
def test_normalised_source_hits(tm, name, stored, looked_up):
    tm.store_many([(stored, MemoryRecord("X"))], CTX)
    assert tm.lookup_many([looked_up], CTX)[0].target == "X"
    assert memory_key(stored, CTX) == memory_key(looked_up, CTX)


@pytest.mark.parametrize(
    "name,stored,looked_up", DIFFERENT_SOURCE, ids=[c[0] for c in DIFFERENT_SOURCE]
)
def test_meaningful_differences_miss(tm, name, stored, looked_up):
    tm.store_many([(stored, MemoryRecord("X"))], CTX)
    assert tm.lookup_many([looked_up], CTX) == {}


def test_normalize_source_keeps_quotes_and_collapses_whitespace():
    assert normalize_source(" \u201cA\u201d \n  b\u00a0c ") == "\u201cA\u201d b c"


# --------------------------------------------------------------------------- records, hits


def test_record_round_trips_notes_and_completeness(tm):
    record = MemoryRecord("跑步运动", notes=("term 'parkrun' not applied", "注意"), complete=False)
    tm.store_many([("The running movement", record)], CTX)
    hit = tm.lookup_many(["The running movement"], CTX)[0]
    assert isinstance(hit, MemoryHit)
    assert (hit.target, hit.notes, hit.complete) == (record.target, record.notes, False)


def test_lookup_maps_indexes_repeats_and_counts_hits(tm):
    tm.store_many([("a", MemoryRecord("甲")), ("b", MemoryRecord("乙"))], CTX)
    hits = tm.lookup_many(["a", "x", "b", "a"], CTX)
    assert sorted(hits) == [0, 2, 3]
    assert [hits[i].target for i in (0, 2, 3)] == ["甲", "乙", "甲"]
    assert hits[0].hits == 2 and hits[2].hits == 1
    assert tm.lookup_many(["a"], CTX)[0].hits == 3
    assert tm.stats().hits == 4


def test_store_overwrites_target_but_keeps_hits(tm):
    tm.store_many([("a", MemoryRecord("old"))], CTX)
    tm.lookup_many(["a"], CTX)
    tm.store_many([("a", MemoryRecord("new", complete=False))], CTX)
    hit = tm.lookup_many(["a"], CTX)[0]
    assert (hit.target, hit.complete, hit.hits) == ("new", False, 2)
    assert tm.stats().entries == 1


def test_many_sources_beyond_one_query_chunk(tm):
    sources = [f"sentence {i}" for i in range(2500)]
    tm.store_many([(s, MemoryRecord(s.upper())) for s in sources], CTX)
    hits = tm.lookup_many(sources + ["missing"], CTX)
    assert len(hits) == 2500 and 2500 not in hits
    assert hits[1234].target == "SENTENCE 1234"


def test_empty_inputs_do_nothing(tm):
    assert tm.lookup_many([], CTX) == {}
    tm.store_many([], CTX)
    assert tm.stats().entries == 0


def test_store_is_all_or_nothing(tm):
    class Boom(Exception):
        pass

    class Items(Sequence):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            if i == 2:
                raise Boom
            if i > 2:
                raise IndexError
            return (f"s{i}", MemoryRecord("t"))

    with pytest.raises(Boom):
        tm.store_many(Items(), CTX)
    assert tm.stats().entries == 0
    tm.store_many([("after", MemoryRecord("ok"))], CTX)  # no transaction left open
    assert tm.stats().entries == 1


def test_data_persists_across_reopen(tmp_path):
    path = tmp_path / "nested" / "dirs" / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many([("a", MemoryRecord("甲"))], CTX)
    with TranslationMemory(path) as memory:
        assert memory.lookup_many(["a"], CTX)[0].target == "甲"


def test_options_must_be_json():
    with pytest.raises(TypeError):
        DraftContext(model="m", options={"beam": object()})


# --------------------------------------------------------------------------- stats, clear


def test_stats_counts_by_model_and_variant(tm):
    other = replace(CTX, model="other 2.0", variant="zh-Hant")
    tm.store_many([("a", MemoryRecord("1")), ("b", MemoryRecord("2", complete=False))], CTX)
    tm.store_many([("a", MemoryRecord("3"))], other)
    tm.lookup_many(["a", "b"], CTX)
    stats = tm.stats()
    assert (stats.entries, stats.hits, stats.incomplete) == (3, 2, 1)
    assert dict(stats.by_model) == {"translate-en_zh 1.9": 2, "other 2.0": 1}
    assert dict(stats.by_variant) == {"zh-Hans": 2, "zh-Hant": 1}
    assert stats.size_bytes > 0
    assert stats.oldest is not None and stats.last_used >= stats.oldest
    d = stats.to_dict()
    assert d["entries"] == 3 and d["path"] == str(tm.path)
    assert d["oldest"].endswith("+00:00")


def test_clear_one_model_then_all(tm):
    other = replace(CTX, model="other 2.0")
    tm.store_many([("a", MemoryRecord("1")), ("b", MemoryRecord("2"))], CTX)
    tm.store_many([("a", MemoryRecord("3"))], other)
    assert tm.clear(model="nonexistent") == 0
    assert tm.clear(model="other 2.0") == 1
    assert tm.lookup_many(["a"], other) == {}
    assert tm.lookup_many(["a"], CTX)[0].target == "1"
    assert tm.clear() == 2
    assert tm.stats().entries == 0


def test_clear_shrinks_the_file(tmp_path):
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many([(f"s{i}", MemoryRecord("t" * 400)) for i in range(2000)], CTX)
        full = memory.stats().size_bytes
        memory.clear()
        assert memory.stats().size_bytes < full / 10


def test_functions_do_not_create_a_missing_memory(tmp_path):
    path = tmp_path / "absent.sqlite3"
    assert memory_stats(path=path).entries == 0
    assert clear_memory(path=path) == 0
    assert not path.exists()


def test_default_path_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert TranslationMemory.default_path() == tmp_path / "data" / "mtpipe" / "memory.sqlite3"


# --------------------------------------------------------------------------- schema


def test_schema_version_and_wal(tm):
    conn = sqlite3.connect(tm.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_migration_hook_upgrades_an_old_file(tmp_path, monkeypatch):
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many([("a", MemoryRecord("甲"))], CTX)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE entries ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(memory_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(memory_mod.MIGRATIONS, SCHEMA_VERSION, add_column)
    with TranslationMemory(path) as memory:
        assert memory.lookup_many(["a"], CTX)[0].target == "甲"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert conn.execute("SELECT reviewed FROM entries").fetchone() == (0,)
    finally:
        conn.close()


def test_newer_schema_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "tm.sqlite3"
    monkeypatch.setattr(memory_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(memory_mod.MIGRATIONS, SCHEMA_VERSION, lambda conn: None)
    TranslationMemory(path).close()
    monkeypatch.undo()
    with pytest.raises(InputError, match="newer mtpipe") as info:
        TranslationMemory(path)
    assert "--memory" in info.value.hint


# --------------------------------------------------------------------------- bad files


def test_a_non_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    content = b"These are my notes, not a database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a translation memory database") as info:
        TranslationMemory(path)
    assert "\n" not in info.value.message
    assert "remove it" in info.value.hint and "--memory PATH" in info.value.hint
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="another program"):
        TranslationMemory(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_damaged_memory_raises_input_error(tmp_path):
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.store_many([(f"s{i}" * 40, MemoryRecord("t" * 300)) for i in range(1000)], CTX)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 8] = b"\xa5" * (4096 * 6)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged|not a translation memory") as info:
        with TranslationMemory(path) as memory:
            memory.lookup_many([f"s{i}" * 40 for i in range(1000)], CTX)
            memory.stats()
    assert "remove it" in info.value.hint


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        TranslationMemory(tmp_path)


def test_closed_memory_refuses_use(tmp_path):
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.close()
    memory.close()
    with pytest.raises(RuntimeError, match="closed"):
        memory.lookup_many(["a"], CTX)
