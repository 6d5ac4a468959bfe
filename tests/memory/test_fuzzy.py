"""Fuzzy memory matches: golden scores and thresholds, ties, the note, and the translate run's use of them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from conftest import reviewed_po
from pipeline.catalog import load_catalog
from pipeline.catalog.notes import FuzzyNote, ReuseNote, parse_note
from pipeline.memory import FuzzyIndex, TranslationMemory, fuzzy_matches

MONDAY = "The minister resigned on Monday after the vote."

#: (stored source, new sentence, threshold, expected whole percent or None)
GOLDEN = [
    (MONDAY, "The minister resigned on Tuesday after the vote.", 75, 92),
    (MONDAY, "The minister resigned on Monday.", 75, 81),
    (MONDAY, "The minister resigned on Monday.", 82, None),  # 81.x is below 82
    (MONDAY, "A storm closed every school in the north.", 75, None),
    (MONDAY, "The  minister resigned on Monday after the vote. ", 75, 100),  # spacing only
    ("Prices rose 3% in May.", "Prices rose 4% in May.", 75, 95),
    ("Prices rose 3% in May.", "Prices rose 4% in May.", 0, None),  # 0 turns it off
]


@pytest.mark.parametrize(("stored", "new", "threshold", "percent"), GOLDEN)
def test_golden_scores(stored, new, threshold, percent):
    index = FuzzyIndex()
    index.add_many([(stored, "译文", "a/zh_Hans.po p1.s1")])
    match = index.best(new, threshold=threshold)
    if percent is None:
        assert match is None
    else:
        assert match is not None and match.percent == percent
        assert match.source == " ".join(stored.split())
        assert match.target == "译文"


def test_score_is_never_rounded_up_to_the_threshold():
    a, b = "abcdefghij klmnopqrst", "abcdefghij klmnopqrsz uvw"
    score = fuzz.ratio(a, b)
    index = FuzzyIndex()
    index.add_many([(a, "t", "o")])
    assert index.best(b, threshold=score + 0.01) is None
    assert index.best(b, threshold=score).percent == int(score)


def test_the_best_of_several_wins():
    index = FuzzyIndex()
    index.add_many([
        ("The minister resigned on Monday.", "一", "o1"),
        ("The minister resigned on Monday after the vote.", "二", "o2"),
        ("The minister resigned.", "三", "o3"),
    ])
    assert index.best("The minister resigned on Monday after a vote.").target == "二"


def test_ties_go_to_the_earlier_rank_then_the_first_source():
    new = "Rain fell on Paris today."
    a, b = "Rain fell on Paris toway.", "Rain fell on Parxs today."  # one letter each: same score
    assert fuzz.ratio(new, a) == fuzz.ratio(new, b)
    tmx_first = FuzzyIndex()
    tmx_first.add_many([(b, "PO", "po")])  # reviewed POs are added first
    tmx_first.add_many([(a, "TMX", "tmx")])
    assert tmx_first.best(new).target == "PO"
    one_rank = FuzzyIndex()
    one_rank.add_many([(b, "B", "x"), (a, "A", "y")])
    other_order = FuzzyIndex()
    other_order.add_many([(a, "A", "y"), (b, "B", "x")])
    assert one_rank.best(new).target == other_order.best(new).target == "A"  # alphabetically first source


def test_a_source_added_twice_keeps_the_first_pair():
    index = FuzzyIndex()
    assert index.add_many([(MONDAY, "PO", "po")]) == 1
    assert index.add_many([(MONDAY, "TMX", "tmx")]) == 0
    assert index.best(MONDAY.replace("Monday", "Sunday")).target == "PO"


def test_common_words_alone_still_match_through_the_length_window():
    index = FuzzyIndex()
    filler = [(f"the one it is number{i}", "x", "o") for i in range(400)]
    index.add_many([*filler, ("it is the one", "是它", "o")])
    # every word of the query is in every source: none is rare, so the length window is scored in full
    assert index.best("it is the one.").target == "是它"


def test_fuzzy_matches_of_many_texts():
    index = FuzzyIndex()
    index.add_many([(MONDAY, "译", "o")])
    found = fuzzy_matches([MONDAY.replace("Monday", "Friday"), "Unrelated words here."], index)
    assert list(found) == [MONDAY.replace("Monday", "Friday")]


def test_fuzzy_note_round_trip():
    note = FuzzyNote(87, "other/zh_Hans.po p3.s2")
    assert str(note) == "memory: 87% match from other/zh_Hans.po p3.s2"
    parsed = parse_note(str(note))
    assert isinstance(parsed, FuzzyNote) and (parsed.percent, parsed.origin) == (87, "other/zh_Hans.po p3.s2")
    assert note.per_po  # a "# mt:" line: msgmerge from the POT keeps it
    assert isinstance(parse_note("memory: reused from other/zh_Hans.po p3.s2"), ReuseNote)


def test_imported_pairs_are_listed_for_the_index(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        memory.store_imported([(MONDAY, "zh-Hans", "部长周一辞职。"), (MONDAY, "zh-TW", "部長")], origin="pub.tmx")
        assert list(memory.iter_imported(variant="zh-Hans")) == [(MONDAY, "部长周一辞职。", "pub.tmx")]


# --------------------------------------------------------------------------- through the CLI

OLD = "The minister resigned on Monday after the vote.\n\nPeople ran in the park.\n"
NEW = "The minister resigned on Tuesday after the vote.\n\nA storm closed every school in the north.\n"


def _entries(po: Path) -> dict[str, object]:
    return {e.msgid: e for e in load_catalog(po).active}


def test_translate_offers_a_fuzzy_match_with_the_old_source(cli, tmp_path, installed_model):
    reviewed_po(cli, tmp_path, OLD, "old.txt", {"The minister resigned on Monday after the vote.": "部长周一在投票后辞职。"})
    new = tmp_path / "articles" / "new.txt"
    new.write_text(NEW, encoding="utf-8")
    result = cli("translate", new, "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 0, result.output
    entries = _entries(tmp_path / "out" / "new" / "zh_Hans.po")
    fuzzy = entries["The minister resigned on Tuesday after the vote."]
    assert fuzzy.msgstr == "部长周一在投票后辞职。"
    assert fuzzy.flags == ("fuzzy",)  # not "mt": a person's translation, to be adapted
    assert fuzzy.previous_msgid == "The minister resigned on Monday after the vote."
    assert "memory: 92% match from old/zh_Hans.po p1.s1" in fuzzy.notes
    machine = entries["A storm closed every school in the north."]
    assert "mt" in machine.flags and machine.previous_msgid is None
    po = tmp_path / "out" / "new" / "zh_Hans.po"
    assert '#| msgid "The minister resigned on Monday after the vote."' in po.read_text(encoding="utf-8")
    before = po.read_bytes()
    again = cli("translate", new, "--out", tmp_path / "out", "--no-memory")
    assert again.exit_code == 0, again.output
    assert po.read_bytes() == before  # an unchanged re-run keeps the fuzzy match as it is


def test_fuzzy_threshold_zero_and_above_the_score(cli, tmp_path, installed_model):
    reviewed_po(cli, tmp_path, OLD, "old.txt", {"The minister resigned on Monday after the vote.": "部长周一在投票后辞职。"})
    new = tmp_path / "articles" / "new.txt"
    new.write_text(NEW, encoding="utf-8")
    for threshold, out in (("0", "off"), ("93", "high")):
        result = cli("translate", new, "--out", tmp_path / out, "--no-memory", "--fuzzy-threshold", threshold)
        assert result.exit_code == 0, result.output
        entry = _entries(tmp_path / out / "new" / "zh_Hans.po")["The minister resigned on Tuesday after the vote."]
        assert "mt" in entry.flags and entry.previous_msgid is None


def test_fuzzy_match_never_overwrites_reviewed_work(cli, tmp_path):
    reviewed_po(cli, tmp_path, OLD, "old.txt", {"The minister resigned on Monday after the vote.": "部长周一在投票后辞职。"})
    po = reviewed_po(cli, tmp_path, NEW, "new.txt", {"The minister resigned on Tuesday after the vote.": "我审过的译文。"})
    before = po.read_bytes()
    result = cli("translate", tmp_path / "articles" / "new.txt", "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert po.read_bytes() == before


def test_fuzzy_match_from_a_pair_imported_into_the_memory(cli, tmp_path, installed_model):
    memory = tmp_path / "m.sqlite3"
    with TranslationMemory(memory) as tm:
        tm.store_imported([("The minister resigned on Monday after the vote.", "zh-Hans", "进口译文。")], origin="pub.tmx")
    new = tmp_path / "articles" / "new.txt"
    new.parent.mkdir(parents=True)
    new.write_text(NEW, encoding="utf-8")
    result = cli("translate", new, "--out", tmp_path / "out", "--memory", memory, "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    entry = _entries(tmp_path / "out" / "new" / "zh_Hans.po")["The minister resigned on Tuesday after the vote."]
    assert entry.msgstr == "进口译文。"
    assert "memory: 92% match from pub.tmx" in entry.notes
    import json

    report = json.loads((tmp_path / "r.json").read_text())
    assert report["fuzzy"] == 1
    assert report["engine_inputs"] == 1  # only the sentence without a match went to the engine


# --------------------------------------------------------------------------- against GNU msgmerge

#: Reviewed sources, and new sentences near or far from them (best scores 44 % to 98 %; 57.6 and 67.9 near the 60 % line).
MSGMERGE_OLD = [
    "The minister resigned on Monday.",
    "Rain fell on Paris today.",
    "Prices rose 3% in May, the statistics office said.",
    "Police closed the border crossing at noon.",
]
MSGMERGE_NEW = [
    "The minister quit on Monday.",
    "The ministers resigned on Monday.",
    "Snow covered Berlin overnight.",
    "Rain fell in Rome yesterday.",
    "Prices rose 4% in June, the statistics office said.",
    "Police opened the border crossing at dawn.",
    "Police closed it.",
]


def _po(entries: list[tuple[str, str]]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + '"'

    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    return head + "".join(f"\nmsgid {quoted(a)}\nmsgstr {quoted(b)}\n" for a, b in entries)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is not installed")
def test_the_same_matches_as_msgmerge_at_its_threshold(tmp_path):
    """msgmerge (fstrcmp, threshold 0.6) takes the same old sentence for each new one as the index at 60 %."""
    (tmp_path / "old.po").write_text(_po([(s, f"T{i}") for i, s in enumerate(MSGMERGE_OLD)]), encoding="utf-8")
    (tmp_path / "new.pot").write_text(_po([(s, "") for s in MSGMERGE_NEW]), encoding="utf-8")
    merged = subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", "-", "old.po", "new.pot"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout
    import polib

    theirs = {e.msgid: e.previous_msgid for e in polib.pofile(merged) if not e.obsolete and e.msgid}
    index = FuzzyIndex()
    index.add_many([(s, f"T{i}", "old.po") for i, s in enumerate(MSGMERGE_OLD)])
    ours = {s: (m.source if (m := index.best(s, threshold=60)) else None) for s in MSGMERGE_NEW}
    assert ours == theirs
    assert sum(v is None for v in ours.values()) >= 1 and sum(v is not None for v in ours.values()) >= 3
