"""The merge against GNU msgmerge: an already-fuzzy entry keeps its original ``#|``;
an untranslated entry's translator comment follows its sentence to a new id."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.catalog import Catalog, Entry, load_catalog, merge, new_header, write_catalog

HEADER = new_header("demo", "zh_Hans", now="2026-01-01 00:00+0000")

FIRST = "The exit ban was lifted in May."
SECOND = "The exit ban was lifted in early May."
THIRD = "The exit ban was lifted in early June."


def gnu_msgmerge(tmp_path, old: Catalog, template: list[Entry]) -> dict[str, Entry]:
    if shutil.which("msgmerge") is None:
        pytest.skip("GNU msgmerge is not installed")
    write_catalog(tmp_path / "old.po", old)
    write_catalog(tmp_path / "new.pot", Catalog(language="", header=dict(HEADER, Language=""), entries=template))
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", tmp_path / "merged.po", tmp_path / "old.po", tmp_path / "new.pot"],
        check=True,
        timeout=60,
    )
    return {e.msgctxt: e for e in load_catalog(tmp_path / "merged.po").active}


def test_a_fuzzy_entry_changed_again_keeps_the_original_previous_msgid_like_msgmerge(tmp_path):
    fuzzy = Entry("p1.s1", SECOND, "出境禁令于五月解除。", flags=("fuzzy",), previous_msgid=FIRST)
    old = Catalog(language="zh_Hans", header=dict(HEADER), entries=[fuzzy])
    template = [Entry("p1.s1", THIRD)]
    ours = merge(old, template, {}, header=HEADER).entries[0]
    theirs = gnu_msgmerge(tmp_path, old, template)["p1.s1"]
    assert ours.previous_msgid == FIRST == theirs.previous_msgid
    assert (ours.msgid, ours.msgstr, ours.fuzzy) == (theirs.msgid, theirs.msgstr, theirs.fuzzy) == (THIRD, fuzzy.msgstr, True)


def test_a_reviewed_entry_changed_once_gets_its_source_as_previous_msgid_like_msgmerge(tmp_path):
    old = Catalog(language="zh_Hans", header=dict(HEADER), entries=[Entry("p1.s1", FIRST, "出境禁令于五月解除。")])
    template = [Entry("p1.s1", SECOND)]
    ours = merge(old, template, {}, header=HEADER).entries[0]
    theirs = gnu_msgmerge(tmp_path, old, template)["p1.s1"]
    assert (ours.previous_msgid, ours.msgstr, ours.fuzzy) == (theirs.previous_msgid, theirs.msgstr, theirs.fuzzy)


def test_an_untranslated_entry_keeps_its_comment_when_its_id_changes():
    commented = Entry("p2.s1", "Officials declined to comment.", comment="check the ministry's name", flags=("no-wrap",))
    old = Catalog(language="zh_Hans", header=dict(HEADER), entries=[commented])
    template = [Entry("p1.s1", "A new opening sentence."), Entry("p3.s1", "Officials declined to comment.")]
    draft = Entry("p3.s1", "Officials declined to comment.", "官员拒绝置评。", flags=("fuzzy", "mt"))
    merged = merge(old, template, {"p3.s1": draft}, header=HEADER)
    moved = {e.msgctxt: e for e in merged.entries}["p3.s1"]
    assert moved.comment == "check the ministry's name"
    assert moved.msgstr == "官员拒绝置评。" and moved.fuzzy and "no-wrap" in moved.flags
    assert merged.obsolete == []  # matched, not left behind


def test_through_translate_a_commented_untranslated_sentence_follows_an_inserted_paragraph(cli, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text("Headline\n\nOfficials declined to comment.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli("translate", article, "--out", out, "--engine", "none").exit_code == 0
    po = out / "news" / "zh_Hans.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "p2.s1"', '# ask the desk\nmsgctxt "p2.s1"'), encoding="utf-8")
    article.write_text("Headline\n\nA new paragraph comes first.\n\nOfficials declined to comment.\n", encoding="utf-8")
    assert cli("translate", article, "--out", out, "--engine", "none").exit_code == 0
    entries = {e.msgid: e for e in load_catalog(po).entries}
    assert entries["Officials declined to comment."].comment == "ask the desk"
    assert not entries["Officials declined to comment."].obsolete
