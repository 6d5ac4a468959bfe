"""Re-running on reviewed work: nothing the translator made is ever lost."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import GLOSSARY, REVIEWED_PO, msgfmt_check
from pipeline.catalog import load_catalog


def entry_blocks(text: str) -> dict[str, str]:
    """Each entry's exact text, keyed by msgctxt (obsolete ones by '~' + msgctxt)."""
    blocks = {}
    for block in text.split("\n\n"):
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "#~ msgctxt ")):
                key = line.split('"')[1]
                blocks[("~" if line.startswith("#~") else "") + key] = block.strip("\n")
    return blocks


@pytest.fixture
def reviewed_out(tmp_path):
    out = tmp_path / "out"
    (out / "run-movement").mkdir(parents=True)
    shutil.copy(REVIEWED_PO, out / "run-movement" / "zh_Hans.po")
    return out


def test_reviewed_sample_is_complete_and_clean():
    catalog = load_catalog(REVIEWED_PO)
    assert catalog.counts() == {"translated": 48, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    msgfmt_check(REVIEWED_PO)


def test_rerun_keeps_every_reviewed_entry_byte_for_byte(cli, installed_model, sample, reviewed_out, tmp_path):
    po = reviewed_out / "run-movement" / "zh_Hans.po"
    before = po.read_text(encoding="utf-8")
    report = tmp_path / "r.json"
    result = cli("translate", sample, "--out", reviewed_out, "--glossary", GLOSSARY, "--report", report)
    assert result.exit_code == 0, result.output
    after = po.read_text(encoding="utf-8")
    assert entry_blocks(after) == entry_blocks(before)
    assert len(entry_blocks(after)) == 48
    old, new = load_catalog(REVIEWED_PO).header, load_catalog(po).header
    assert new["PO-Revision-Date"] == old["PO-Revision-Date"]
    assert new["Last-Translator"] == old["Last-Translator"]
    assert json.loads(report.read_text())["engine_calls"] == 0
    msgfmt_check(po)


def test_editing_one_sentence_gives_one_fuzzy_entry_with_previous_msgid(cli, installed_model, sample, reviewed_out):
    old_sentence = "Others fly to Turkey via Hong Kong."
    sample.write_text(sample.read_text(encoding="utf-8").replace(old_sentence, "Others fly to Turkey via Hong Kong or Macau."), encoding="utf-8")
    po = reviewed_out / "run-movement" / "zh_Hans.po"
    before = entry_blocks(po.read_text(encoding="utf-8"))
    assert cli("translate", sample, "--out", reviewed_out).exit_code == 0
    catalog = load_catalog(po)
    fuzzy = [e for e in catalog.active if e.fuzzy]
    assert len(fuzzy) == 1
    (edited,) = fuzzy
    assert edited.msgctxt == "p5.s2" and edited.previous_msgid == old_sentence
    assert edited.msgstr == next(e.msgstr for e in load_catalog(REVIEWED_PO).entries if e.msgctxt == "p5.s2")
    assert "#| msgid" in entry_blocks(po.read_text(encoding="utf-8"))["p5.s2"]
    after = entry_blocks(po.read_text(encoding="utf-8"))
    assert {k: v for k, v in after.items() if k != "p5.s2"} == {k: v for k, v in before.items() if k != "p5.s2"}
    msgfmt_check(po)


def test_deleting_a_paragraph_yields_obsolete_entries(cli, installed_model, sample, reviewed_out):
    lines = sample.read_text(encoding="utf-8").split("\n")
    deleted = lines.pop(4)  # paragraph 5: two sentences
    sample.write_text("\n".join(lines), encoding="utf-8")
    po = reviewed_out / "run-movement" / "zh_Hans.po"
    assert cli("translate", sample, "--out", reviewed_out).exit_code == 0
    catalog = load_catalog(po)
    assert {e.msgid for e in catalog.obsolete} == {
        "Other Chinese have taken longer routes, first flying to Thailand, then to Turkey, then to Ecuador.",
        "Others fly to Turkey via Hong Kong.",
    }
    assert deleted.startswith("Other Chinese")
    # Later paragraphs moved up one id and kept their reviewed translations.
    assert catalog.counts() == {"translated": 46, "fuzzy": 0, "untranslated": 0, "obsolete": 2}
    reviewed = {e.msgid: e.msgstr for e in load_catalog(REVIEWED_PO).entries}
    assert all(e.msgstr == reviewed[e.msgid] for e in catalog.active)
    msgfmt_check(po)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: data.index(b'msgstr "', len(data) // 2)],  # truncated mid-entry
        lambda data: data.replace(b'msgid "', b'msgid \xff\xfe"', 1),  # garbled bytes
        lambda data: data.replace(b'\nmsgstr "', b'\nmsgstr "broken\n', 3),  # unterminated strings
    ],
)
def test_malformed_po_is_refused_and_left_untouched(cli, installed_model, sample, reviewed_out, damage):
    po = reviewed_out / "run-movement" / "zh_Hans.po"
    po.write_bytes(damage(po.read_bytes()))
    before = po.read_bytes()
    result = cli("translate", sample, "--out", reviewed_out)
    assert result.exit_code == 2
    assert "malformed PO file" in result.output and "zh_Hans.po:" in result.output
    assert "Traceback" not in result.output
    assert po.read_bytes() == before
    assert not (reviewed_out / "run-movement" / "run-movement.pot").exists()


def test_reviewed_translations_of_other_articles_are_reused(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    (out / "earlier-article").mkdir(parents=True)
    shutil.copy(REVIEWED_PO, out / "earlier-article" / "zh_Hans.po")
    report = tmp_path / "r.json"
    assert cli("translate", sample, "--out", out, "--report", report).exit_code == 0
    data = json.loads(report.read_text())
    assert data["engine_calls"] == 0 and data["from_po"] == 48
    catalog = load_catalog(out / "run-movement" / "zh_Hans.po")
    reviewed = {e.msgid: e.msgstr for e in load_catalog(REVIEWED_PO).entries}
    for e in catalog.active:
        assert e.msgstr == reviewed[e.msgid]
        # Reused from another article: fuzzy (context may differ), not a machine draft.
        assert e.fuzzy and "mt" not in e.flags
        assert any(n.startswith("memory: reused from earlier-article/zh_Hans.po p") for n in e.notes)


@pytest.mark.slow
def test_traditional_variants_with_glossary_overrides(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    result = cli("translate", sample, "--out", out, "--glossary", GLOSSARY, "--variant", "zh-TW", "--variant", "zh-HK")
    assert result.exit_code == 0, result.output
    folder = out / "run-movement"
    for name in ("zh_Hans.po", "zh_TW.po", "zh_HK.po"):
        msgfmt_check(folder / name)
    tw = {e.msgctxt: e for e in load_catalog(folder / "zh_TW.po").active}
    hk = {e.msgctxt: e for e in load_catalog(folder / "zh_HK.po").active}
    assert load_catalog(folder / "zh_TW.po").language == "zh_TW"
    # Ecuador: the glossary's zh-TW column (厄瓜多) beats OpenCC (厄瓜多爾); zh-HK falls back to zh-Hant.
    assert "厄瓜多" in tw["p5.s1"].msgstr and "厄瓜多爾" not in tw["p5.s1"].msgstr
    assert "厄瓜多爾" in hk["p5.s1"].msgstr
    assert "中國" in tw["p1.s1"].msgstr and "「" in tw["p8.s1"].msgstr
    assert all(e.fuzzy for e in tw.values())
    # A reviewed Traditional entry is protected like any other.
    text = (folder / "zh_TW.po").read_text(encoding="utf-8")
    block = entry_blocks(text)["p3.s1"]
    reviewed_block = block.replace("#, fuzzy, mt\n", "").replace("#, fuzzy\n", "")
    reviewed_block = reviewed_block[: reviewed_block.index('msgstr "')] + 'msgstr "不同的路線"'
    (folder / "zh_TW.po").write_text(text.replace(block, reviewed_block), encoding="utf-8")
    assert cli("translate", sample, "--out", out, "--glossary", GLOSSARY, "--variant", "zh-TW").exit_code == 0
    again = {e.msgctxt: e for e in load_catalog(folder / "zh_TW.po").active}
    assert again["p3.s1"].msgstr == "不同的路線" and not again["p3.s1"].fuzzy
