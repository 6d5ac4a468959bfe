"""One review state per entry, decided by the catalog (:mod:`pipeline.catalog.state`): a golden table."""

from __future__ import annotations

import pytest

from pipeline.catalog import Catalog, Entry, State, entry_state, new_header

REUSE = "memory: reused from b/zh_Hans.po p1.s1"
FUZZY = "memory: 87% match from b/zh_Hans.po p1.s2"

#: (why, entry, state)
GOLDEN = [
    ("reviewed", Entry("p1.s1", "A.", "甲。"), State.reviewed),
    ("machine draft", Entry("p1.s2", "B.", "乙。", flags=("fuzzy", "mt")), State.machine),
    ("fuzzy without mt flag is still a draft", Entry("p1.s3", "B.", "乙。", flags=("fuzzy",)), State.machine),
    ("changed since review", Entry("p1.s4", "C.", "丙。", flags=("fuzzy",), previous_msgid="Old C."), State.changed),
    ("changed wins over reused", Entry("p1.s5", "C.", "丙。", flags=("fuzzy",), previous_msgid="D.", notes=(REUSE,)), State.changed),
    ("reused", Entry("p1.s6", "D.", "丁。", flags=("fuzzy",), notes=(REUSE,)), State.reused),
    ("reuse note on a reviewed entry", Entry("p1.s7", "D.", "丁。", notes=(REUSE,)), State.reviewed),
    ("fuzzy memory match", Entry("p4.s1", "G h.", "庚。", flags=("fuzzy",), previous_msgid="G.", notes=(FUZZY,)), State.fuzzy_match),
    ("fuzzy match note on a reviewed entry", Entry("p4.s2", "G h.", "庚。", notes=(FUZZY,)), State.reviewed),
    ("untranslated", Entry("p1.s8", "E."), State.untranslated),
    ("untranslated fuzzy (no msgstr)", Entry("p1.s9", "E.", flags=("fuzzy",)), State.untranslated),
    ("obsolete", Entry("p2.s1", "F.", "戊。", obsolete=True), State.obsolete),
    ("obsolete untranslated", Entry("p2.s2", "F.", obsolete=True), State.obsolete),
    (
        "reviewed plural",
        Entry("p3.s1", "One boat.", msgid_plural="%d boats.", msgstr_plural=((0, "%d 条船。"),)),
        State.reviewed,
    ),
    (
        "reviewed plural, two forms",
        Entry("p3.s2", "One boat.", msgid_plural="%d boats.", msgstr_plural=((0, "一条船。"), (1, "%d 条船。"))),
        State.reviewed,
    ),
    (
        "plural with a form missing is not finished",
        Entry("p3.s3", "One boat.", msgid_plural="%d boats.", msgstr_plural=((0, "一条船。"), (1, ""))),
        State.untranslated,
    ),
    (
        "fuzzy plural",
        Entry("p3.s4", "One boat.", flags=("fuzzy",), msgid_plural="%d boats.", msgstr_plural=((0, "%d 条船。"),)),
        State.machine,
    ),
    (
        "empty plural",
        Entry("p3.s5", "One boat.", msgid_plural="%d boats.", msgstr_plural=((0, ""),)),
        State.untranslated,
    ),
    (
        "obsolete plural",
        Entry("p3.s6", "One boat.", msgid_plural="%d boats.", msgstr_plural=((0, "%d 条船。"),), obsolete=True),
        State.obsolete,
    ),
]


@pytest.mark.parametrize(("why", "entry", "expected"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_state(why: str, entry: Entry, expected: State) -> None:
    assert entry_state(entry) is expected
    assert entry.state is expected
    assert entry.translated == (expected is State.reviewed)
    assert expected.fuzzy == (expected in (State.machine, State.changed, State.reused, State.fuzzy_match))


def test_a_state_is_its_name() -> None:
    assert State.reviewed == "reviewed" and {State.reused: 1}["reused"] == 1
    assert [str(s) for s in State] == ["reviewed", "machine", "changed", "reused", "fuzzy_match", "untranslated", "obsolete"]
    assert [s.label for s in State] == [
        "reviewed", "machine draft", "changed since review", "reused", "fuzzy match", "untranslated", "obsolete"
    ]


def test_catalog_counts_come_from_the_states() -> None:
    catalog = Catalog(language="zh_Hans", header=new_header("x", "zh_Hans"), entries=[g[1] for g in GOLDEN])
    assert catalog.counts() == {"translated": 5, "fuzzy": 7, "untranslated": 4, "obsolete": 3}
