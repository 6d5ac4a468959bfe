"""Untouched machine drafts follow a new glossary or model; edited ones are never touched."""

from __future__ import annotations

import pytest

from conftest import GLOSSARY
from pipeline.catalog import load_catalog

pytestmark = pytest.mark.slow

EXIT_BAN = "p28.s1"


def run(cli, sample, out, memory, *extra):
    result = cli("translate", sample, "--out", out, "--memory", memory, *extra)
    assert result.exit_code == 0, result.output
    return {e.msgctxt: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}


def edit(po, msgctxt, new_msgstr):
    text = po.read_text(encoding="utf-8")
    start = text.index(f'msgctxt "{msgctxt}"')
    begin = text.index('msgstr "', start)
    end = text.index("\n", begin)
    po.write_text(text[:begin] + f'msgstr "{new_msgstr}"' + text[end:], encoding="utf-8")


def test_glossary_added_later_refreshes_untouched_drafts_only(cli, installed_model, sample, tmp_path):
    out, memory = tmp_path / "out", tmp_path / "tm.sqlite3"
    first = run(cli, sample, out, memory)
    assert "出口禁止" in first[EXIT_BAN].msgstr
    po = out / "run-movement" / "zh_Hans.po"
    # A translator works on one draft but leaves it fuzzy ("needs work").
    edit(po, "p27.s1", "译者改过的草稿，出口禁止还没改。")
    second = run(cli, sample, out, memory, "--glossary", GLOSSARY)
    assert "出境禁令" in second[EXIT_BAN].msgstr and "出口禁止" not in second[EXIT_BAN].msgstr
    assert "glossary: exit ban → 出境禁令" in second[EXIT_BAN].notes
    assert second["p27.s1"].msgstr == "译者改过的草稿，出口禁止还没改。"
    assert second["p27.s1"].fuzzy


def test_refresh_needs_no_memory_and_an_unchanged_rerun_calls_nothing(cli, installed_model, sample, tmp_path):
    out, report = tmp_path / "out", tmp_path / "r.json"
    args = ["translate", sample, "--out", out, "--no-memory", "--report", report]
    assert cli(*args).exit_code == 0
    assert cli(*args).exit_code == 0
    import json

    assert json.loads(report.read_text())["engine_calls"] == 0  # same model, options, glossary
    assert cli(*args, "--glossary", GLOSSARY).exit_code == 0
    assert json.loads(report.read_text())["engine_inputs"] == 48  # the drafts follow the glossary
    entries = {e.msgctxt: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}
    assert "出境禁令" in entries[EXIT_BAN].msgstr


def test_cleared_fuzzy_keeps_the_text_even_with_the_mt_flag(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--no-memory").exit_code == 0
    po = out / "run-movement" / "zh_Hans.po"
    text = po.read_text(encoding="utf-8")
    block_start = text.index('msgctxt "p28.s1"')
    flags_at = text.rindex("#, fuzzy, mt\n", 0, block_start)
    po.write_text(text[:flags_at] + "#, mt\n" + text[flags_at + len("#, fuzzy, mt\n") :], encoding="utf-8")
    assert cli("translate", sample, "--out", out, "--no-memory", "--glossary", GLOSSARY).exit_code == 0
    entries = {e.msgctxt: e for e in load_catalog(po).active}
    assert "出口禁止" in entries[EXIT_BAN].msgstr and not entries[EXIT_BAN].fuzzy  # the reviewer approved it


def test_traditional_drafts_follow_and_edited_ones_stay(cli, installed_model, sample, tmp_path):
    out, memory = tmp_path / "out", tmp_path / "tm.sqlite3"
    run(cli, sample, out, memory, "--variant", "zh-TW")
    tw_po = out / "run-movement" / "zh_TW.po"
    edit(tw_po, "p2.s1", "台灣編輯改過的句子。")
    run(cli, sample, out, memory, "--variant", "zh-TW", "--glossary", GLOSSARY)
    tw = {e.msgctxt: e for e in load_catalog(tw_po).active}
    assert "出境禁令" in tw[EXIT_BAN].msgstr
    assert tw["p2.s1"].msgstr == "台灣編輯改過的句子。"


def test_drafts_moved_by_an_inserted_paragraph_still_follow(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--no-memory", "--variant", "zh-TW").exit_code == 0
    lines = sample.read_text(encoding="utf-8").split("\n")
    sample.write_text("\n".join(lines[:1] + ["A new paragraph was inserted here."] + lines[1:]), encoding="utf-8")
    assert cli("translate", sample, "--out", out, "--no-memory", "--variant", "zh-TW", "--glossary", GLOSSARY).exit_code == 0
    hans = {e.msgctxt: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}
    tw = {e.msgctxt: e for e in load_catalog(out / "run-movement" / "zh_TW.po").active}
    moved = "p28.s1"  # its id outlives the inserted paragraph (which became p49)
    assert "出境禁令" in hans[moved].msgstr and "出境禁令" in tw[moved].msgstr
    assert len(load_catalog(out / "run-movement" / "zh_Hans.po").header["X-MT-Drafts"].split()) == 49
