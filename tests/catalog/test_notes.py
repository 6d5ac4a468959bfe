"""Every note and header mtpipe writes is read back by its own parser, as the same typed note."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from pipeline.catalog import Catalog, Entry, dumps_catalog, load_catalog, new_header, write_catalog
from pipeline.catalog import notes
from pipeline.catalog.notes import (
    ConvertedNote,
    GlossaryNote,
    KindNote,
    Note,
    PreviousSourceNote,
    ReuseNote,
    TruncatedNote,
    UnappliedNote,
    format_drafts,
    glossary_notes,
    kind_of,
    notes_from_po,
    parse_drafts,
    parse_note,
)

#: (typed note, its text, the PO line it is written as)
KINDS = [
    (GlossaryNote("exit ban", "出境禁令"), "glossary: exit ban → 出境禁令", "# mt: glossary: exit ban → 出境禁令"),
    (GlossaryNote("CCP", "中共", applied=False), "glossary: CCP → 中共 NOT applied", "# mt: glossary: CCP → 中共 NOT applied"),
    (
        GlossaryNote("zero-COVID", "清零", applied=False, why=" (forbidden rendering '动态清零' present)"),
        "glossary: zero-COVID → 清零 NOT applied (forbidden rendering '动态清零' present)",
        "# mt: glossary: zero-COVID → 清零 NOT applied (forbidden rendering '动态清零' present)",
    ),
    (GlossaryNote('"run" movement', "“潤”運動"), 'glossary: "run" movement → “潤”運動', '# mt: glossary: "run" movement → “潤”運動'),
    (KindNote("title"), "kind: title", "#. kind: title"),
    (KindNote("heading", 2), "kind: heading 2", "#. kind: heading 2"),
    (ReuseNote("run-movement/zh_Hans.po p3.s2"), "memory: reused from run-movement/zh_Hans.po p3.s2", "# mt: memory: reused from run-movement/zh_Hans.po p3.s2"),
    (ReuseNote("publisher.tmx (TMX)"), "memory: reused from publisher.tmx (TMX)", "# mt: memory: reused from publisher.tmx (TMX)"),
    (ConvertedNote("zh_Hans"), "converted from zh_Hans.po with OpenCC", "# mt: converted from zh_Hans.po with OpenCC"),
    (
        TruncatedNote(),
        "truncated: the translation reached the model's length limit; check that it is complete",
        "# mt: truncated: the translation reached the model's length limit; check that it is complete",
    ),
    (UnappliedNote("markup", " (forbidden rendering 'x' present)"), "markup NOT applied (forbidden rendering 'x' present)", "# mt: markup NOT applied (forbidden rendering 'x' present)"),
    (Note._make("a note from another tool"), "a note from another tool", "#. a note from another tool"),
]


@pytest.mark.parametrize(("note", "text", "line"), KINDS, ids=[k[1][:30] for k in KINDS])
def test_each_note_kind_round_trips(tmp_path, note, text, line):
    assert note == text
    parsed = parse_note(text)
    assert type(parsed) is type(note) and parsed == note and vars(parsed) == vars(note)
    # Through a PO file: written on its own line, read back as the same typed note.
    path = tmp_path / "zh_TW.po"
    write_catalog(path, Catalog("zh_TW", new_header("x", "zh_TW"), [Entry("p1.s1", "A.", "甲。", notes=(text,), comment="checked")]))
    assert line in path.read_text(encoding="utf-8").splitlines()
    (entry,) = load_catalog(path).entries
    assert entry.notes == (note,) and type(entry.notes[0]) is type(note) and entry.comment == "checked"
    # Copied, pickled (the cluster) and kept as JSON text (the memory): still the same note.
    assert type(pickle.loads(pickle.dumps(note))) is type(note) and copy.deepcopy(note) == note
    assert parse_note(json.loads(json.dumps(note))) == note


def test_fields_are_typed_and_notes_immutable():
    note = parse_note("glossary: CCP → 中共 NOT applied (why)")
    assert isinstance(note, GlossaryNote)
    assert (note.source, note.target, note.applied, note.why) == ("CCP", "中共", False, " (why)")
    assert parse_note("kind: heading 3") == KindNote("heading", 3) and parse_note("kind: heading 3").level == 3  # type: ignore[attr-defined]
    assert isinstance(parse_note("memory: reused from a/zh_Hans.po p1.s1"), ReuseNote)
    assert parse_note("previous source: Old text.") == PreviousSourceNote("Old text.")
    with pytest.raises(AttributeError):
        note.target = "中国共产党"  # type: ignore[misc]


def test_older_texts_are_still_read():
    assert isinstance(parse_note("mt: the translation reached the model's length limit; check that it is complete"), TruncatedNote)


def test_other_texts_stay_plain_notes():
    for text in ("glossary: 'exit ban' from b.csv:3 overrides a.csv:5", "kind:", "kind: heading x y", "a free note", "NOT applied"):
        assert type(parse_note(text)) is Note and parse_note(text) == text


def test_filters_pick_typed_notes():
    found = [KindNote("heading", 3), ReuseNote("a/zh_Hans.po p1.s1"), GlossaryNote("CCP", "中共"), "a free note"]
    assert glossary_notes(found) == [GlossaryNote("CCP", "中共")]
    assert kind_of(found) == KindNote("heading", 3)
    assert kind_of(["glossary: CCP → 中共"]) is None


def test_an_entry_keeps_typed_notes_per_po_first():
    entry = Entry("p1.s1", "A.", notes=("kind: heading 2", "glossary: CCP → 中共", "converted from zh_Hans.po with OpenCC"))
    assert [type(n) for n in entry.notes] == [GlossaryNote, ConvertedNote, KindNote]


def test_a_reviewers_mt_line_stays_the_comment():
    found, comment = notes_from_po("kind: title", "looks fine\nmt: glossary: CCP → 中共\nmt: I disagree with the machine")
    assert found == (GlossaryNote("CCP", "中共"), KindNote("title")) and comment == "looks fine\nmt: I disagree with the machine"


def test_a_templates_notes_copied_by_msgmerge_do_not_double_the_pos_own():
    """msgmerge from a POT an older mtpipe wrote puts its Simplified renderings into ``#.``: the ``# mt:`` ones win."""
    found, _ = notes_from_po("glossary: CCP → 中共\nglossary: Chinese Communist Party → 中国共产党\nkind: title", "mt: glossary: Chinese Communist Party → 中國共產黨")
    assert found == (GlossaryNote("Chinese Communist Party", "中國共產黨"), KindNote("title"))


def test_old_layout_notes_are_read_from_extracted_comments(tmp_path):
    path = tmp_path / "zh_TW.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_TW\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. glossary: CCP → 中共\n#. kind: heading\nmsgctxt "p1.s1"\nmsgid "CCP"\nmsgstr "中共"\n',
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    assert catalog.entries[0].notes == (GlossaryNote("CCP", "中共"), KindNote("heading"))
    assert "# mt: glossary: CCP → 中共\n#. kind: heading\n" in dumps_catalog(catalog)


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
