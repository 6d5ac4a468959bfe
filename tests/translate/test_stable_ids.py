"""Ids that never shift: a sentence keeps its msgctxt through inserted, deleted and moved
paragraphs and edited sentences; new sentences get ids never used before."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.documents.article import read_article, segment_article
from pipeline.catalog import Catalog, Entry, load_catalog, write_catalog
from pipeline.catalog.notes import NEXT_PARAGRAPH_HEADER, NEXT_SENTENCE_HEADER, IdMarks, parse_id_marks
from pipeline.translate.ids import align, assign_ids
from conftest import msgfmt_check

TITLE = "Runners Return to the City"
PARAGRAPHS = [
    "The marathon was held on Sunday. Thousands of runners took part.",
    "The mayor opened the race at dawn. She thanked the volunteers. Crowds lined the streets.",
    "Traffic was closed for six hours.",
    "Local cafés reported record sales. Many stayed open late.",
    "Next year's race is planned for April.",
]
INSERTED = "A late entry changed the results. Officials confirmed it."


def _text(paragraphs: list[str], fmt: str) -> str:
    if fmt == "html":
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
        return f"<html><head><title>{TITLE}</title></head><body>\n{body}</body></html>\n"
    title = f"# {TITLE}" if fmt == "md" else TITLE
    return "\n\n".join([title, *paragraphs]) + "\n"


def _translation(msgid: str) -> str:
    """A distinct Chinese 'translation' of each sentence (CJK only, so typography leaves it alone)."""
    code = sum(ord(c) * (i + 1) for i, c in enumerate(msgid)) % 20000
    return chr(0x4E00 + code) + chr(0x4E00 + (code * 7) % 20000) + "。"


def _review(po: Path) -> Catalog:
    """A translator translates and reviews every entry and comments on it."""
    catalog = load_catalog(po)
    catalog.entries = [
        e if e.obsolete or e.translated else replace(e, msgstr=_translation(e.msgid), flags=(), comment=f"checked {e.msgctxt}")
        for e in catalog.entries
    ]
    write_catalog(po, catalog)
    return catalog


def _ids_ever(folder: Path) -> set[str]:
    return {e.msgctxt for path in folder.iterdir() if path.suffix in (".po", ".pot") for e in load_catalog(path).entries}


# Each edit of the article, and the ids its new sentences get.
EDITS = {
    "insert-paragraph-near-top": (lambda p: [p[0], INSERTED, *p[1:]], {"p7.s1", "p7.s2"}),
    "delete-paragraph": (lambda p: [p[0], *p[2:]], set()),
    "move-paragraph": (lambda p: [p[3], p[0], p[1], p[2], p[4]], set()),
    "edit-sentence": (lambda p: [p[0], p[1].replace("She thanked", "She warmly thanked"), *p[2:]], set()),
    "insert-sentence": (lambda p: [p[0], p[1].replace("dawn. ", "dawn. The weather was cold. "), *p[2:]], {"p3.s4"}),
}


def _translate(cli, article: Path, out: Path) -> None:
    result = cli("translate", article, "--out", out, "--engine", "none")
    assert result.exit_code == 0, result.output


def _first_run(cli, tmp_path: Path) -> tuple[Path, Path, Path]:
    """``news.txt`` of :data:`PARAGRAPHS` translated once: the article, the output folder, its PO folder."""
    article, out = tmp_path / "news.txt", tmp_path / "out"
    article.write_text(_text(PARAGRAPHS, "txt"), encoding="utf-8")
    _translate(cli, article, out)
    return article, out, out / "news"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_untouched_sentences_keep_their_ids_translations_and_comments(cli, tmp_path, edit, fmt):
    article = tmp_path / f"news.{fmt}"
    out = tmp_path / "out"
    folder = out / "news"
    article.write_text(_text(PARAGRAPHS, fmt), encoding="utf-8")
    _translate(cli, article, out)
    before = {e.msgid: e for e in _review(folder / "zh_Hans.po").active}
    used_before = _ids_ever(folder)

    change, expected_new = EDITS[edit]
    article.write_text(_text(change(PARAGRAPHS), fmt), encoding="utf-8")
    _translate(cli, article, out)

    po = load_catalog(folder / "zh_Hans.po")
    after = {e.msgid: e for e in po.active}
    untouched = [msgid for msgid in before if msgid in after]
    assert len(untouched) >= len(before) - 3
    for msgid in untouched:
        old, new = before[msgid], after[msgid]
        assert (new.msgctxt, new.msgstr, new.comment, new.fuzzy) == (old.msgctxt, old.msgstr, old.comment, False)
    if edit == "edit-sentence":
        edited = after["She warmly thanked the volunteers."]
        assert edited.msgctxt == "p3.s2" and edited.fuzzy and edited.previous_msgid == "She thanked the volunteers."
        assert edited.msgstr == _translation("She thanked the volunteers.") and edited.comment == "checked p3.s2"
    new_ids = {e.msgctxt for e in po.active if e.msgid not in before and e.msgctxt != "p3.s2"}
    assert new_ids == expected_new and not new_ids & used_before
    # In document order, in the POT and the PO, each id once.
    document = [s.text for s in segment_article(read_article(article))]
    pot = load_catalog(folder / "news.pot")
    assert [e.msgid for e in po.active] == [e.msgid for e in pot.active] == document
    assert len({e.msgctxt for e in po.active}) == len(document)
    msgfmt_check(folder / "zh_Hans.po")
    msgfmt_check(folder / "news.pot")

    # The edition follows the document, whatever the ids.
    _review(folder / "zh_Hans.po")
    edition = tmp_path / f"edition.{fmt}"
    result = cli("build", folder / "zh_Hans.po", "--format", fmt, "--layout", "target-only", "--out", edition)
    assert result.exit_code == 0, result.output
    text = edition.read_text(encoding="utf-8")
    places = [text.find(_translation(msgid)) for msgid in document]
    assert -1 not in places and places == sorted(places)


def test_a_po_written_with_positional_ids_migrates_with_nothing_lost(cli, tmp_path):
    article, out, folder = _first_run(cli, tmp_path)
    before = {e.msgid: e for e in _review(folder / "zh_Hans.po").active}
    # As the positional scheme wrote them: no high-water marks.
    for path in (folder / "zh_Hans.po", folder / "news.pot"):
        catalog = load_catalog(path)
        assert catalog.header.pop(NEXT_PARAGRAPH_HEADER) == "7"
        write_catalog(path, catalog)
    article.write_text(_text([INSERTED, *PARAGRAPHS], "txt"), encoding="utf-8")
    _translate(cli, article, out)
    po = load_catalog(folder / "zh_Hans.po")
    after = {e.msgid: e for e in po.active}
    assert all(after[m].key == before[m].key and after[m].msgstr == before[m].msgstr for m in before)
    assert after["A late entry changed the results."].msgctxt == "p7.s1"
    assert po.header[NEXT_PARAGRAPH_HEADER] == "8"
    assert po.obsolete == []


def test_ids_given_up_are_never_given_again_even_after_obsolete_entries_are_purged(cli, tmp_path):
    article, out, folder = _first_run(cli, tmp_path)
    _review(folder / "zh_Hans.po")
    used = _ids_ever(folder)
    # The last paragraph and the last sentence of the mayor's paragraph go ...
    shorter = [PARAGRAPHS[0], PARAGRAPHS[1].replace(" Crowds lined the streets.", ""), *PARAGRAPHS[2:4]]
    article.write_text(_text(shorter, "txt"), encoding="utf-8")
    _translate(cli, article, out)
    po = load_catalog(folder / "zh_Hans.po")
    assert {e.msgctxt for e in po.obsolete} == {"p6.s1", "p3.s3"}
    assert parse_id_marks(po.header) == IdMarks(7, ((3, 4),))
    assert po.header[NEXT_SENTENCE_HEADER] == "p3=4"
    # ... the user purges the obsolete entries (and even the POT) ...
    po.entries = po.active
    write_catalog(folder / "zh_Hans.po", po)
    (folder / "news.pot").unlink()
    # ... and new text arrives where the old was.
    longer = [shorter[0], shorter[1] + " The weather was cold.", *shorter[2:], "The race raised money for charity."]
    article.write_text(_text(longer, "txt"), encoding="utf-8")
    _translate(cli, article, out)
    po = load_catalog(folder / "zh_Hans.po")
    new = {e.msgid: e.msgctxt for e in po.active}
    assert new["The weather was cold."] == "p3.s4"
    assert new["The race raised money for charity."] == "p7.s1"
    assert not {new["The weather was cold."], new["The race raised money for charity."]} & used
    assert NEXT_SENTENCE_HEADER not in po.header  # p3's entries show its mark again
    msgfmt_check(folder / "zh_Hans.po")


@pytest.mark.parametrize("edit", list(EDITS))
def test_gnu_msgmerge_agrees_on_every_reviewed_entry(cli, tmp_path, edit):
    """What Weblate and msgmerge see: context + source unchanged, so nothing goes fuzzy or detaches;
    an edited sentence is fuzzy with its old source as ``#|``; a deleted one is obsolete."""
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU msgmerge is not installed")
    article, out, folder = _first_run(cli, tmp_path)
    _review(folder / "zh_Hans.po")
    shutil.copy(folder / "zh_Hans.po", tmp_path / "reviewed.po")
    article.write_text(_text(EDITS[edit][0](PARAGRAPHS), "txt"), encoding="utf-8")
    _translate(cli, article, out)
    merged = tmp_path / "merged.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", merged, tmp_path / "reviewed.po", folder / "news.pot"], check=True, timeout=60
    )
    theirs_catalog, ours_catalog = load_catalog(merged), load_catalog(folder / "zh_Hans.po")
    theirs = {e.msgctxt: e for e in theirs_catalog.active}
    ours = {e.msgctxt: e for e in ours_catalog.active}
    for old in load_catalog(tmp_path / "reviewed.po").active:
        if old.msgctxt not in ours:
            continue
        mine, gnu = ours[old.msgctxt], theirs[old.msgctxt]
        assert (mine.msgid, mine.msgstr, mine.comment, mine.fuzzy, mine.previous_msgid) == (
            gnu.msgid,
            gnu.msgstr,
            gnu.comment,
            gnu.fuzzy,
            gnu.previous_msgid,
        )
        assert mine.fuzzy == (mine.msgid != old.msgid)
    assert {e.msgid for e in ours_catalog.obsolete} == {e.msgid for e in theirs_catalog.obsolete}


def test_id_marks_round_trip_through_the_header():
    marks = IdMarks(12, ((3, 5), (7, 2)))
    fields = marks.fields()
    assert fields == {NEXT_PARAGRAPH_HEADER: "12", NEXT_SENTENCE_HEADER: "p3=5 p7=2"}
    assert parse_id_marks(fields) == marks
    assert IdMarks(4).fields() == {NEXT_PARAGRAPH_HEADER: "4"}
    assert parse_id_marks({}) == IdMarks()
    assert parse_id_marks({NEXT_PARAGRAPH_HEADER: "x", NEXT_SENTENCE_HEADER: "p3=5 junk q1=2"}) == IdMarks(1, ((3, 5),))


ALIGNMENTS = [
    # (old, new, expected {new index: old index})
    ("abcd", "abcd", {0: 0, 1: 1, 2: 2, 3: 3}),
    ("abcd", "aXbcd", {0: 0, 2: 1, 3: 2, 4: 3}),
    ("abcd", "acd", {0: 0, 1: 2, 2: 3}),
    ("abcd", "dabc", {0: 3, 1: 0, 2: 1, 3: 2}),
    ("abcd", "aBcd", {0: 0, 2: 2, 3: 3}),  # B is not similar to b
]


@pytest.mark.parametrize(("old", "new", "expected"), ALIGNMENTS)
def test_align(old, new, expected):
    assert align(list(old), list(new), similarity=lambda a, b: float(a.lower() == b.lower() and a != b), threshold=2.0) == expected


def test_a_similar_paragraph_keeps_its_number_and_a_replaced_sentence_its_own():
    assert align(list("abc"), list("aBc"), similarity=lambda a, b: float(a.lower() == b.lower()), threshold=0.5) == {0: 0, 1: 1, 2: 2}
    assert align(list("abc"), list("aXc"), similarity=lambda a, b: 0.0, threshold=0.5, one_to_one=True) == {0: 0, 1: 1, 2: 2}


def test_first_run_ids_are_positional_and_a_rewritten_article_gets_only_new_ids(tmp_path):
    article = tmp_path / "news.txt"
    article.write_text(_text(PARAGRAPHS, "txt"), encoding="utf-8")
    segments = segment_article(read_article(article))
    first, marks = assign_ids(segments, [])
    assert [s.id for s in first] == [f"p{s.block}.s{s.index}" for s in segments]
    assert marks == IdMarks(7)
    pot = Catalog(language="", header=marks.fields(), entries=[Entry(s.id, s.text) for s in first])
    article.write_text(_text(["Nothing like before at all.", "Entirely other words here."], "txt"), encoding="utf-8")
    rewritten, marks = assign_ids(segment_article(read_article(article)), [pot])
    assert [s.id for s in rewritten] == ["p1.s1", "p7.s1", "p8.s1"]  # the title is unchanged
    assert marks == IdMarks(9)
