"""The PO writer (pipeline.catalog.po_writer) and reader (po_reader) agree with polib byte for byte.

The writer must give exactly what polib gave at wrap width 0 (every PO
mtpipe ever wrote stays as it is), and the reader must read every file as
polib reads it, or leave it to polib (``Unusual``). Hypothesis generates the
catalogs: plurals, obsolete entries, previous msgids, translator comments,
long lines, escapes, line ends of every kind, non-ASCII and CJK text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.catalog.pofile as pofile
from pipeline.catalog import Catalog, Entry, dumps_catalog, load_catalog, new_header
from pipeline.catalog.notes import po_comment_lines, previous_source_line
from pipeline.catalog.po_reader import Unusual, parse_po
from pipeline.catalog.po_writer import format_po
from pipeline.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]

# Every character polib escapes or cuts lines at, markup, CJK and wide punctuation.
ALPHABET = st.sampled_from(
    list('ab Z09.,:;#|~"\\\t\n\r\x0b\x0c\b\x1c\x85\u2028 []()*_`<>&') + ["é", "中", "文", "，", "。", "“", "”", "\u3000"]
)
TEXT = st.text(ALPHABET, max_size=30) | st.text(ALPHABET, min_size=70, max_size=200)
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=20)


def polib_dumps(catalog: Catalog) -> str:
    """What mtpipe's dumps_catalog was: polib's text at wrap width 0 (the oracle)."""
    po = polib.POFile(wrapwidth=0)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = False
    for e in catalog.entries:
        # mtpipe's per-PO notes are translator comments (``# mt: ...``) after the reviewer's.
        mine, extracted = po_comment_lines(e.notes)
        if e.previous_msgid is not None and e.fuzzy:  # the #| msgid again, where msgmerge without --previous drops #|
            mine.append(previous_source_line(e.previous_msgid))
        tcomment = "\n".join(([e.comment] if e.comment else []) + ([] if e.obsolete else mine))
        po.append(
            polib.POEntry(
                msgctxt=e.msgctxt or None,
                msgid=e.msgid,
                msgstr=e.msgstr,
                flags=list(e.flags),
                comment="\n".join(extracted),
                tcomment=tcomment,
                occurrences=list(e.references),
                previous_msgid=None if e.obsolete else e.previous_msgid,
                previous_msgctxt=None if e.obsolete else e.previous_msgctxt,
                obsolete=e.obsolete,
                msgid_plural=e.msgid_plural,
                msgstr_plural=dict(e.msgstr_plural),
            )
        )
    return str(po).rstrip("\n") + "\n\n"


@st.composite
def entries(draw, ctxt: str) -> Entry:
    plural = draw(st.integers(0, 5)) == 0
    return Entry(
        msgctxt=ctxt,
        msgid=draw(TEXT),
        msgstr="" if plural else draw(TEXT),
        flags=tuple(draw(st.lists(st.sampled_from(["fuzzy", "mt", "no-wrap", "c-format"]), max_size=2, unique=True))),
        notes=tuple(draw(st.lists(LINE_TEXT | st.sampled_from(["kind: heading 2", "", "trailing space ", "  ", "tab\t", " lead", "glossary: CCP → 中共", "memory: reused from a/zh_Hans.po p1.s1", "converted from zh_Hans.po with OpenCC", "glossary: x → y NOT applied "]), max_size=3))),
        comment=draw(st.sampled_from(["", "checked", "审校备注\nsecond line", "\nafter a blank", "  indented", "mt: a reviewer's own line"])),
        references=tuple(draw(st.lists(st.tuples(st.sampled_from(["a.md", "dir/b-c.txt", "x"]), st.sampled_from(["1", "23", ""])), max_size=2))),
        previous_msgid=draw(st.none() | TEXT),
        previous_msgctxt=draw(st.none() | st.sampled_from(["p1.s1", ""])),
        obsolete=draw(st.integers(0, 4)) == 0,
        msgid_plural=draw(TEXT.filter(bool)) if plural else "",
        msgstr_plural=tuple(enumerate(draw(st.lists(TEXT, min_size=1, max_size=3)))) if plural else (),
    )


@st.composite
def catalogs(draw) -> Catalog:
    header = new_header("news", "zh_Hans", now="2024-01-01 00:00+0000")
    header.update(draw(st.dictionaries(st.sampled_from(["X-Source-Document", "X-Id-Marks", "X-2", "X-10", "x-a"]), LINE_TEXT, max_size=3)))
    if draw(st.booleans()):
        del header["Language-Team"]
    count = draw(st.integers(0, 6))
    items = [draw(entries(f"p{i}.s1" if draw(st.integers(0, 5)) else "")) for i in range(1, count + 1)]
    comment = draw(st.sampled_from(["", "Template for a.md, made by mtpipe.", "Chinese translation.\nSecond line.", ",flag-like", ":colon"]))
    return Catalog(language="zh_Hans", header=header, entries=items, header_comment=comment)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_writer_is_polib_byte_for_byte(catalog):
    assert format_po(catalog.header_comment, catalog.header, catalog.entries) == polib_dumps(catalog)
    assert dumps_catalog(catalog) == polib_dumps(catalog)


def read_both(text: str) -> tuple[object, object]:
    """load_catalog's result (or error) with the fast reader and with polib alone."""
    results = []
    for fast in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "zh_Hans.po"
            path.write_text(text, encoding="utf-8")
            original = pofile.parse_po_layout
            if not fast:
                pofile.parse_po_layout = _refuse  # type: ignore[assignment]
            try:
                catalog = load_catalog(path)
                results.append((catalog.header_comment, catalog.header, catalog.entries))
            except CatalogError as exc:
                results.append(("error", exc.message.replace(tmp, "")))
            finally:
                pofile.parse_po_layout = original
    return results[0], results[1]


def _refuse(text: str) -> object:
    raise Unusual("polib only")


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_reader_reads_what_the_writer_wrote_as_polib_does(catalog):
    fast, slow = read_both(dumps_catalog(catalog))
    assert fast == slow


# Lines of every shape a PO file may hold (and some it may not), to shuffle into files.
LINES = [
    "#", "# translator", "#  two spaces", "## hashes", "#\ttab", "#. note", "#.", "#.  spaced note", "#.x",
    "#: a.md:3 b.md", "#: :12 c:d", "#:", "#, fuzzy, mt", "#,", "#,fuzzy", '#| msgid "old"', '#| msgctxt "p1.s1"',
    '#| "continued"', "#| msgid", '#|  msgid "x"', '#~ msgid "gone"', '#~ msgstr "走了"', '#~ "more"', '#~| msgid "old"',
    "#~", '#~  msgid "two"', '#~ msgctxt "p9.s9"', "#. note  ", "#,   ", "#: ", "#.\u3000", 'msgctxt "p1.s1"', 'msgctxt "p2.s1"', 'msgid "One."', 'msgid "Two."',
    'msgid ""', 'msgstr ""', 'msgstr "一。"', '"continued\\n"', 'msgid_plural "Ones."', 'msgstr[0] "一些"',
    'msgstr[1] "更多"', 'msgid  "spaced"', "   ", "", 'msgstr "a\\"b\\\\"', "#| msgid_plural \"olds\"",
]  # fmt: skip
HEADER = 'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


COMMENTS = [line for line in LINES if line.startswith("#")]
STRINGS = ['"One."', '"一。"', '""', '"a\\"b\\\\"', '"line\\n"', '"\\t tab"']


@st.composite
def entry_lines(draw) -> list[str]:
    """One entry, mostly well formed: comments, keywords, continuation lines (obsolete or not)."""
    lines = draw(st.lists(st.sampled_from(COMMENTS), max_size=4))
    if draw(st.booleans()):
        lines.append(f"msgctxt {draw(st.sampled_from(STRINGS))}")
    lines.append(f"msgid {draw(st.sampled_from(STRINGS))}")
    lines += draw(st.lists(st.sampled_from(STRINGS), max_size=2))
    if draw(st.integers(0, 3)) == 0:
        lines.append(f"msgid_plural {draw(st.sampled_from(STRINGS))}")
        for n in range(draw(st.integers(1, 2))):
            lines.append(f"msgstr[{n}] {draw(st.sampled_from(STRINGS))}")
            lines += draw(st.lists(st.sampled_from(STRINGS), max_size=1))
    else:
        lines.append(f"msgstr {draw(st.sampled_from(STRINGS))}")
        lines += draw(st.lists(st.sampled_from(STRINGS), max_size=2))
    if draw(st.integers(0, 4)) == 0:
        lines = [line if line.startswith("#") else f"#~ {line}" for line in lines]
    return lines


@st.composite
def po_texts(draw) -> str:
    lines = [HEADER.rstrip("\n")] if draw(st.integers(0, 4)) else []
    for item in draw(st.lists(entry_lines(), max_size=5)):
        lines += ["", *item]
    for _ in range(draw(st.integers(0, 2))):  # a stray line of any shape, anywhere
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(LINES)))
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_texts())
def test_reader_reads_any_line_mix_as_polib_does(text):
    fast, slow = read_both(text)
    assert fast == slow


@pytest.mark.parametrize("path", sorted(ROOT.glob("translations/**/*.po*")) + sorted((ROOT / "tests").glob("**/*.po")), ids=lambda p: p.name)
def test_shipped_po_files_read_as_polib_reads_them(path):
    fast, slow = read_both(path.read_text(encoding="utf-8"))
    assert fast == slow


def test_the_reader_leaves_odd_files_to_polib():
    with pytest.raises(Unusual):
        parse_po('msgid "a"\r\nmsgstr "b"\r\n')
    with pytest.raises(Unusual):
        parse_po('msgid "a"\nmsgstr "b"\n#\ttab comment\nmsgid "c"\nmsgstr ""\n')
    header_comment, header, items = parse_po('# Top.\nmsgid ""\nmsgstr "Language: zh\\n"\n\n#. kind: heading\nmsgctxt "p1.s1"\nmsgid "A."\nmsgstr "甲。"\n')
    assert (header_comment, header) == ("Top.", {"Language": "zh"})
    assert [(e.msgctxt, e.msgid, e.msgstr, e.notes, line) for e, line in items] == [("p1.s1", "A.", "甲。", ("kind: heading",), 5)]


TRICKY = [
    '#,   \nmsgctxt "p1.s1"\nmsgid "A."\nmsgstr ""\n',  # a blank flags line (polib skips it)
    "#. note  \n#: a.md:1\nmsgid \"A.\"\nmsgstr \"\"\n",  # a note with trailing spaces (polib strips them)
    "#. \n#. kept\nmsgid \"A.\"\nmsgstr \"\"\n",  # a blank note
    "#: \n#, fuzzy\nmsgid \"A.\"\nmsgstr \"甲\"\n\"乙\"\n",  # blank references, a continued msgstr
    "# translator\n#. note\n#: a.md:2 :3 x\nmsgid \"A.\"\nmsgstr \"\"\n\n#| msgid \"Old.\"\nmsgid \"B.\"\nmsgstr \"\"\n",
    '#. a\n# comment\n#. b\nmsgid "A."\nmsgstr ""\n',  # notes on both sides of a translator comment
]


@pytest.mark.parametrize("body", TRICKY)
def test_tricky_entries_read_as_polib_reads_them(body):
    fast, slow = read_both(HEADER + "\n" + body)
    assert fast == slow


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(po_texts() | catalogs().map(dumps_catalog) | st.text(st.sampled_from(list('#~ msgidctxr"\\\n.a')), max_size=60))
def test_a_file_taken_as_well_formed_passes_the_line_by_line_validation(text):
    """The validator's one-match shortcut never lets through what the line-by-line walk refuses."""
    if pofile._WELL_FORMED.match(text):
        pofile._validate_lines(text, "x.po")  # does not raise


def test_a_blank_references_line_starts_no_entry():
    """Regression (found by Hypothesis): the fast reader numbered an entry from a blank ``#: `` line polib skips."""
    text = '\nmsgctxt "一。"\nmsgid "One."\nmsgstr "One."\n\n#: \nmsgctxt "一。"\nmsgid "One."\nmsgstr "One."\n'
    fast, slow = read_both(text)
    assert fast == slow and ":7: malformed PO file: duplicate entry" in str(fast[1])


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(catalogs(), st.sampled_from([0, 30, 76, 79]), st.data())
def test_a_file_comes_back_byte_identical_and_a_change_stays_in_its_entry(catalog, width, data):
    """Whatever the wrapping, reading and writing a PO gives its bytes back; changing one entry changes only its block."""
    from hypothesis import assume

    from pipeline.catalog.po_reader import _ODD

    assume(all(e.msgid for e in catalog.entries))  # an empty msgid is a second header
    text = format_po(catalog.header_comment, catalog.header, catalog.entries, width=width)
    assume(not _ODD.search(text))  # odd line ends: read by polib, which keeps no entry's text (and cuts lines at them)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "zh_Hans.po"
        path.write_text(text, encoding="utf-8")
        try:
            read = load_catalog(path)
        except CatalogError:
            return  # a generated duplicate: refused, nothing to write back
    assert dumps_catalog(read) == text
    active = [i for i, e in enumerate(read.entries) if not e.obsolete]
    if not active:
        return
    index = data.draw(st.sampled_from(active))
    read.entries[index] = Entry(read.entries[index].msgctxt, read.entries[index].msgid, "改过的译文。", flags=("fuzzy",))
    before, after = text.split("\n\n"), dumps_catalog(read).split("\n\n")
    assert len(before) == len(after)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [active.index(index) + 1]
