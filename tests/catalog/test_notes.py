"""Every note and header mtpipe writes is read back by its own parser."""

from __future__ import annotations

import pytest

from pipeline.catalog import notes
from pipeline.catalog.notes import (
    GlossaryNote,
    KindNote,
    converted_note,
    format_drafts,
    glossary_notes,
    kind_of,
    parse_drafts,
    parse_glossary_note,
    parse_kind_note,
    parse_reuse_note,
    reuse_note,
)

GLOSSARY = [
    (GlossaryNote("exit ban", "出境禁令"), "glossary: exit ban → 出境禁令"),
    (GlossaryNote("CCP", "中共", applied=False), "glossary: CCP → 中共 NOT applied"),
    (
        GlossaryNote("zero-COVID", "清零", applied=False, why=" (forbidden rendering '动态清零' present)"),
        "glossary: zero-COVID → 清零 NOT applied (forbidden rendering '动态清零' present)",
    ),
    (GlossaryNote('"run" movement', "“润”运动"), 'glossary: "run" movement → “润”运动'),
]


@pytest.mark.parametrize("note,text", GLOSSARY)
def test_glossary_note_round_trip(note, text):
    assert str(note) == text
    assert parse_glossary_note(text) == note


@pytest.mark.parametrize("note,text", [(KindNote("title"), "kind: title"), (KindNote("heading", 2), "kind: heading 2")])
def test_kind_note_round_trip(note, text):
    assert str(note) == text
    assert parse_kind_note(text) == note


def test_parsers_ignore_other_notes():
    notes = ["kind: heading 3", "memory: reused from a/zh_Hans.po p1.s1", "glossary: CCP → 中共", "a free note"]
    assert glossary_notes(notes) == [GlossaryNote("CCP", "中共")]
    assert kind_of(notes) == KindNote("heading", 3)
    assert kind_of(["glossary: CCP → 中共"]) is None
    assert parse_glossary_note("glossary: 'exit ban' from b.csv:3 overrides a.csv:5") is None
    assert parse_reuse_note(notes[1]) == "a/zh_Hans.po p1.s1"
    assert parse_reuse_note(notes[0]) is None


def test_reuse_and_conversion_notes():
    assert parse_reuse_note(reuse_note("x/zh_Hans.po p2.s1")) == "x/zh_Hans.po p2.s1"
    assert converted_note("zh_Hans") == "converted from zh_Hans.po with OpenCC"


def test_drafts_header_round_trip():
    drafts = {"p1.s1": "3f2a9c1b0d", "p10.s2": "0123456789"}
    assert parse_drafts(format_drafts(drafts)) == drafts
    assert parse_drafts("garbage p1.s1=abc") == {"p1.s1": "abc"}


def test_link_references_round_trip() -> None:
    refs = {"SD": {"href": "https://safeguarddefenders.com", "title": "Safeguard “Defenders”", "line": 9}, "x": {"href": "/a"}}
    value = notes.format_link_references(refs)
    assert value == '{"SD": {"href": "https://safeguarddefenders.com", "title": "Safeguard “Defenders”"}, "x": {"href": "/a"}}'
    assert notes.parse_link_references(value) == {
        "SD": {"href": "https://safeguarddefenders.com", "title": "Safeguard “Defenders”"},
        "x": {"href": "/a", "title": ""},
    }
    assert notes.parse_link_references("") == {}


@pytest.mark.parametrize(
    ("value", "says"),
    [("{not json", "not valid JSON"), ("[1]", "not a JSON object"), ('{"a": {"title": "t"}}', "reference 'a' has no href")],
)
def test_malformed_link_references_say_what_is_wrong(value: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        notes.parse_link_references(value)
