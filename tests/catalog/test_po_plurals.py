"""Plural entries (msgid_plural / msgstr[N]) survive translate, check and build untouched."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from conftest import REVIEWED_PO, msgfmt_check
from pipeline.catalog import Entry, load_catalog, merge, new_header

HEADER = new_header("demo", "zh_Hans", now="2026-01-01 00:00+0000")

PLURAL_ON_ARTICLE_ID = '''
#. a person's plural on an id the article has
msgctxt "p2.s1"
msgid "Most of the individuals have taken various routes to the United States, their ideal destination."
msgid_plural "Most individuals have taken various routes."
msgstr[0] "大多数人选择了各种路线前往他们理想的目的地美国。"
'''

PLURAL_EXTRA = '''
# reviewer: keep
msgctxt "p99.s1"
msgid "One runner left."
msgid_plural "%d runners left."
msgstr[0] "%d 名润者离开了。"
'''

PLURAL_OBSOLETE = '''
#~ msgctxt "p98.s1"
#~ msgid "One boat."
#~ msgid_plural "%d boats."
#~ msgstr[0] "%d 条船。"
'''


def reviewed_with_plurals(tmp_path):
    """A copy of the shipped reviewed sample where a person added plural entries."""
    folder = tmp_path / "out" / "run-movement"
    folder.mkdir(parents=True)
    po = folder / "zh_Hans.po"
    text = REVIEWED_PO.read_text(encoding="utf-8")
    start = text.index('msgctxt "p2.s1"')
    start = text.rfind("\n\n", 0, start)
    end = text.index("\n\n", text.index('msgctxt "p2.s1"'))
    text = text[:start] + "\n" + PLURAL_ON_ARTICLE_ID.rstrip("\n") + text[end:]
    po.write_text(text.rstrip("\n") + "\n" + PLURAL_EXTRA + PLURAL_OBSOLETE + "\n", encoding="utf-8")
    shutil.copy(REVIEWED_PO.parent / "zh_TW.po", folder / "zh_TW.po")
    msgfmt_check(po)
    return po


def plurals(po):
    """The plural entries, less their source references (which follow the article's lines)."""
    return {e.msgctxt: replace(e, references=()) for e in load_catalog(po).entries if e.plural}


def test_plural_entries_load_and_write_back_identically(tmp_path):
    po = reviewed_with_plurals(tmp_path)
    catalog = load_catalog(po)
    from pipeline.catalog import dumps_catalog

    assert dumps_catalog(catalog) == po.read_text(encoding="utf-8")
    extra = plurals(po)["p99.s1"]
    assert extra.msgstr_plural == ((0, "%d 名润者离开了。"),)
    assert extra.translated and extra.text == "%d 名润者离开了。"


def test_merge_keeps_a_reviewed_plural_on_an_article_id_and_never_drafts_over_it():
    plural = Entry(msgctxt="p1.s1", msgid="One apple.", msgid_plural="%d apples.", msgstr_plural=((0, "%d 个苹果。"),))
    old = new_catalog([plural])
    template = [Entry(msgctxt="p1.s1", msgid="One apple.")]
    drafts = {"p1.s1": Entry(msgctxt="p1.s1", msgid="One apple.", msgstr="ENGINE", flags=("fuzzy", "mt"))}
    merged = merge(old, template, drafts, header=HEADER)
    assert merged.entries == [plural]


def test_merge_keeps_an_untranslated_plural_and_one_the_article_no_longer_has():
    untranslated = Entry(msgctxt="p1.s1", msgid="One apple.", msgid_plural="%d apples.", msgstr_plural=((0, ""),))
    elsewhere = Entry(msgctxt="p7.s1", msgid="One pear.", msgid_plural="%d pears.", msgstr_plural=((0, "%d 个梨。"),))
    old = new_catalog([untranslated, elsewhere])
    merged = merge(old, [Entry(msgctxt="p1.s1", msgid="One apple.")], {}, header=HEADER)
    assert merged.entries == [untranslated, elsewhere]
    assert not any(e.obsolete for e in merged.entries)


def test_a_plural_is_never_a_near_match_for_a_changed_sentence():
    plural = Entry(msgctxt="p1.s1", msgid="One apple fell.", msgid_plural="%d apples fell.", msgstr_plural=((0, "掉了%d个苹果。"),))
    merged = merge(new_catalog([plural]), [Entry(msgctxt="p1.s1", msgid="One apple fell down.")], {}, header=HEADER)
    assert replace(plural, obsolete=True) in merged.entries
    assert merged.entries[0].msgid == "One apple fell down." and not merged.entries[0].plural


def new_catalog(entries):
    from pipeline.catalog import Catalog

    return Catalog(language="zh_Hans", header=dict(HEADER), entries=list(entries))


@pytest.mark.slow
def test_translate_check_and_build_leave_plurals_untouched(cli, installed_model, sample, tmp_path):
    po = reviewed_with_plurals(tmp_path)
    before = plurals(po)
    result = cli("translate", sample, "--out", tmp_path / "out", "--variant", "zh-TW")
    assert result.exit_code == 0, result.output
    after = plurals(po)
    assert after == before  # same msgid_plural, msgstr[N], comments, obsolete state
    msgfmt_check(po)
    po_bytes = po.read_bytes()
    check = cli("check", po)
    assert "Traceback" not in check.output
    build = cli("build", po, "-o", tmp_path / "edition.html")
    assert build.exit_code == 0, build.output
    html = (tmp_path / "edition.html").read_text(encoding="utf-8")
    assert "大多数人选择了各种路线前往他们理想的目的地美国" in html
    assert po.read_bytes() == po_bytes


def test_a_plural_whose_id_now_holds_another_sentence_is_kept_whole_as_obsolete():
    plural = Entry(msgctxt="p1.s1", msgid="One apple.", msgid_plural="%d apples.", msgstr_plural=((0, "%d 个苹果。"),))
    merged = merge(new_catalog([plural]), [Entry(msgctxt="p1.s1", msgid="A pear.")], {}, header=HEADER)
    assert [e.msgid for e in merged.active] == ["A pear."]
    assert merged.obsolete == [replace(plural, obsolete=True)]
