"""The catalog module: reading, strict validation, writing, and the merge."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import msgfmt_check
from pipeline.catalog import (
    DRAFTS_HEADER,
    Catalog,
    Entry,
    draft_fingerprint,
    dumps_catalog,
    load_catalog,
    match_entries,
    merge,
    new_header,
    untouched_drafts,
    write_catalog,
)
from pipeline.errors import CatalogError

HEADER = new_header("demo", "zh_Hans", now="2026-01-01 00:00+0000")


def entry(ctx, msgid, msgstr="", flags=(), **kw):
    return Entry(msgctxt=ctx, msgid=msgid, msgstr=msgstr, flags=tuple(flags), **kw)


def reviewed_catalog():
    header = dict(HEADER, **{"Last-Translator": "Ann Reviewer <ann@example.org>", "PO-Revision-Date": "2026-02-02 10:00+0800"})
    return Catalog(
        language="zh_Hans",
        header=header,
        entries=[
            entry("p1.s1", "The exit ban was lifted.", "出境禁令已解除。", comment="checked with editor"),
            entry("p1.s2", "He left China in September.", "他于九月离开中国。"),
            entry("p2.s1", "Draft sentence here.", "草稿句子。", ("fuzzy", "mt")),
        ],
    )


def roundtrip(tmp_path, catalog):
    path = tmp_path / "x.po"
    write_catalog(path, catalog)
    msgfmt_check(path)
    return load_catalog(path)


def test_write_and_read_roundtrip(tmp_path):
    catalog = reviewed_catalog()
    catalog.entries.append(entry("p3.s1", "Gone.", "走了。", obsolete=True))
    back = roundtrip(tmp_path, catalog)
    assert back.entries == catalog.entries
    assert back.header["Last-Translator"] == "Ann Reviewer <ann@example.org>"
    assert back.counts() == {"translated": 2, "fuzzy": 1, "untranslated": 0, "obsolete": 1}


def test_unchanged_entries_keep_everything_whatever_the_engine_says():
    old = reviewed_catalog()
    template = [entry("p1.s1", "The exit ban was lifted."), entry("p1.s2", "He left China in September."), entry("p2.s1", "Draft sentence here.")]
    drafts = {t.msgctxt: entry(t.msgctxt, t.msgid, "ENGINE SAYS", ("fuzzy", "mt")) for t in template}
    merged = merge(old, template, drafts, header=new_header("demo", "zh_Hans"))
    assert merged.entries == old.entries
    assert merged.header["Last-Translator"] == "Ann Reviewer <ann@example.org>"
    assert merged.header["PO-Revision-Date"] == "2026-02-02 10:00+0800"


def test_edited_sentence_becomes_fuzzy_with_previous_msgid():
    old = reviewed_catalog()
    template = [entry("p1.s1", "The exit bans were lifted."), entry("p1.s2", "He left China in September.")]
    drafts = {"p1.s1": entry("p1.s1", "The exit bans were lifted.", "NEW DRAFT", ("fuzzy", "mt"))}
    merged = merge(old, template, drafts, header=HEADER)
    first = merged.entries[0]
    assert first.msgstr == "出境禁令已解除。"  # the reviewer's work, not the engine's
    assert first.fuzzy and first.previous_msgid == "The exit ban was lifted."
    assert first.comment == "checked with editor"
    assert merged.entries[1] == old.entries[1]
    # the vanished draft entry is kept as obsolete, never deleted
    assert [e.msgid for e in merged.obsolete] == ["Draft sentence here."]


def with_fingerprints(catalog):
    """Record the catalog's mt drafts as written by mtpipe (as merge does)."""
    marks = " ".join(f"{e.msgctxt}={draft_fingerprint(e)}" for e in catalog.entries if e.machine and e.fuzzy)
    catalog.header[DRAFTS_HEADER] = marks
    return catalog


def test_changed_sentence_of_an_untouched_draft_gets_a_fresh_draft():
    old = with_fingerprints(reviewed_catalog())
    template = [entry("p2.s1", "Draft sentences here.")]
    assert not match_entries(old.entries, template, untouched_drafts(old))["p2.s1"].keeps_translation
    merged = merge(old, template, {"p2.s1": entry("p2.s1", "Draft sentences here.", "新草稿。", ("fuzzy", "mt"))}, header=HEADER)
    assert merged.entries[0].msgstr == "新草稿。"
    assert merged.entries[0].previous_msgid == "Draft sentence here."


def test_unrelated_sentence_is_new_and_old_one_obsolete():
    old = reviewed_catalog()
    template = [entry("p1.s1", "Completely different words about something else entirely.")]
    merged = merge(old, template, {"p1.s1": entry("p1.s1", template[0].msgid, "新。", ("fuzzy", "mt"))}, header=HEADER)
    assert merged.entries[0].msgstr == "新。" and merged.entries[0].previous_msgid is None
    assert {e.msgid for e in merged.obsolete} == {e.msgid for e in old.entries}


def test_inserted_paragraph_shifts_ids_but_keeps_reviews():
    old = reviewed_catalog()
    template = [
        entry("p1.s1", "A new first paragraph."),
        entry("p2.s1", "The exit ban was lifted."),
        entry("p2.s2", "He left China in September."),
    ]
    merged = merge(old, template, {"p1.s1": entry("p1.s1", "A new first paragraph.", "新段落。", ("fuzzy", "mt"))}, header=HEADER)
    by_ctx = {e.msgctxt: e for e in merged.active}
    assert by_ctx["p2.s1"].msgstr == "出境禁令已解除。" and not by_ctx["p2.s1"].fuzzy
    assert by_ctx["p2.s2"].msgstr == "他于九月离开中国。"
    assert by_ctx["p1.s1"].msgstr == "新段落。"


def test_obsolete_entry_is_revived_when_the_sentence_returns():
    old = reviewed_catalog()
    old.entries.append(entry("p9.s1", "It came back.", "它回来了。", obsolete=True))
    merged = merge(old, [entry("p9.s1", "It came back.")], {}, header=HEADER)
    assert merged.entries[0].msgstr == "它回来了。" and not merged.entries[0].obsolete


@pytest.mark.parametrize(
    ("mangle", "line"),
    [
        (lambda t: t[: t.index('msgstr "出境')], "msgctxt"),  # truncated before msgstr
        (lambda t: t.replace('msgstr "出境禁令已解除。"', 'msgstr "出境禁令已解除。'), "unterminated"),
        (lambda t: t.replace('msgctxt "p1.s2"', 'msgctx "p1.s2"'), "unexpected"),
        (lambda t: t + '\nmsgctxt "p1.s1"\nmsgid "The exit ban was lifted."\nmsgstr "重复"\n', "duplicate"),
    ],
)
def test_malformed_po_is_refused_with_its_line(tmp_path, mangle, line):
    text = dumps_catalog(reviewed_catalog())
    path = tmp_path / "bad.po"
    path.write_text(mangle(text), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = info.value.message
    assert message.startswith(f"{path}:") and message.split(":")[1].isdigit()


def test_garbled_bytes_are_refused(tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(dumps_catalog(reviewed_catalog()).encode()[:200] + b"\xff\xfe\x00garbage")
    with pytest.raises(CatalogError, match=r"bad.po:\d+: malformed PO file"):
        load_catalog(path)


def test_a_touched_draft_is_never_replaced():
    """Regression: a draft whose fuzzy flag was cleared (keeping `mt`), or that was
    edited but left fuzzy, lost the reviewer's text when its sentence changed."""
    old = with_fingerprints(reviewed_catalog())
    cleared = Entry(msgctxt="p2.s1", msgid="Draft sentence here.", msgstr="草稿句子。", flags=("mt",))
    edited = Entry(msgctxt="p2.s1", msgid="Draft sentence here.", msgstr="改过的草稿。", flags=("fuzzy", "mt"))
    template = [entry("p2.s1", "Draft sentences here.")]
    fresh = {"p2.s1": entry("p2.s1", "Draft sentences here.", "新草稿。", ("fuzzy", "mt"))}
    for touched in (cleared, edited):
        old.entries[2] = touched
        merged = merge(old, template, fresh, header=HEADER)
        assert merged.entries[0].msgstr == touched.msgstr and merged.entries[0].fuzzy
        assert merged.entries[0].previous_msgid == "Draft sentence here."


def test_refresh_replaces_only_untouched_drafts_and_keeps_added_flags():
    old = with_fingerprints(reviewed_catalog())
    old.entries[2] = replace(old.entries[2], flags=("fuzzy", "mt", "no-wrap"))
    old.header[DRAFTS_HEADER] = f"p2.s1={draft_fingerprint(old.entries[2])}"
    template = [entry(e.msgctxt, e.msgid) for e in old.entries]
    fresh = {t.msgctxt: entry(t.msgctxt, t.msgid, "新的。", ("fuzzy", "mt")) for t in template}
    merged = merge(old, template, fresh, header=HEADER, refresh={"p1.s1", "p2.s1"})
    by_ctx = {e.msgctxt: e for e in merged.entries}
    assert by_ctx["p1.s1"].msgstr == "出境禁令已解除。"  # reviewed: never refreshed
    assert by_ctx["p2.s1"].msgstr == "新的。" and "no-wrap" in by_ctx["p2.s1"].flags
    assert merged.header[DRAFTS_HEADER] == f"p2.s1={draft_fingerprint(by_ctx['p2.s1'])}"


def test_a_commented_draft_counts_as_touched():
    """Regression: a translator comment on an otherwise untouched draft did not protect it."""
    old = with_fingerprints(reviewed_catalog())
    old.entries[2] = replace(old.entries[2], comment="editor: keep this wording")
    assert old.entries[2].key not in untouched_drafts(old)
    template = [entry("p2.s1", "Draft sentence here.")]
    merged = merge(old, template, {"p2.s1": entry("p2.s1", "Draft sentence here.", "新的。", ("fuzzy", "mt"))}, header=HEADER, refresh={"p2.s1"})
    assert merged.entries[0].msgstr == "草稿句子。"


def test_flags_added_by_a_person_survive_a_changed_sentence():
    old = with_fingerprints(reviewed_catalog())
    old.entries[2] = replace(old.entries[2], flags=("fuzzy", "mt", "no-wrap"))
    old.header[DRAFTS_HEADER] = f"p2.s1={draft_fingerprint(old.entries[2])}"
    template = [entry("p2.s1", "Draft sentences here.")]
    merged = merge(old, template, {"p2.s1": entry("p2.s1", "Draft sentences here.", "新草稿。", ("fuzzy", "mt"))}, header=HEADER)
    assert merged.entries[0].msgstr == "新草稿。" and "no-wrap" in merged.entries[0].flags


def test_moved_untouched_drafts_stay_untouched_and_follow_refresh():
    """Regression: after a paragraph was inserted, moved drafts lost their fingerprints for good."""
    old = with_fingerprints(reviewed_catalog())
    template = [entry("p1.s1", "A new first paragraph."), entry("p2.s1", "The exit ban was lifted."), entry("p2.s2", "He left China in September."), entry("p3.s1", "Draft sentence here.")]
    drafts = {"p1.s1": entry("p1.s1", "A new first paragraph.", "新段落。", ("fuzzy", "mt"))}
    merged = merge(old, template, drafts, header=HEADER)
    moved = next(e for e in merged.entries if e.msgctxt == "p3.s1")
    assert moved.msgstr == "草稿句子。" and moved.key in untouched_drafts(merged)
    fresh = {"p3.s1": entry("p3.s1", "Draft sentence here.", "刷新。", ("fuzzy", "mt"))}
    again = merge(merged, template, fresh, header=HEADER, refresh={"p3.s1"})
    assert next(e for e in again.entries if e.msgctxt == "p3.s1").msgstr == "刷新。"


def test_a_draft_without_the_mt_flag_is_still_the_machines():
    """msgcat, msgattrib, msguniq and msgmerge drop the unknown ``mt`` flag; X-MT-Drafts still knows the draft."""
    old = with_fingerprints(reviewed_catalog())
    old.entries = [replace(e, flags=tuple(f for f in e.flags if f != "mt")) for e in old.entries]
    assert untouched_drafts(old) == {("p2.s1", "Draft sentence here.")}
    template = [replace(e, msgstr="", flags=()) for e in old.entries]
    fresh = {"p2.s1": entry("p2.s1", "Draft sentence here.", "新草稿。", ("fuzzy", "mt"))}
    # Kept as it is (the file stays byte-identical); a refresh (another model or glossary) still replaces it.
    assert merge(old, template, fresh, header=HEADER).entries == old.entries
    assert merge(old, template, fresh, header=HEADER, refresh={"p2.s1"}).entries[2] == fresh["p2.s1"]
