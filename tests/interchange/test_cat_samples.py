"""Files written by real CAT tools import as a translator expects (issue 22): see tests/data/cat/README.md."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import msgfmt_check
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog

DATA = Path(__file__).resolve().parent.parent / "data" / "cat"
MD = (("news.md", "1"),)


def project(tmp_path, sample, entries, *, plural_forms="nplurals=1; plural=0;"):
    po = tmp_path / "zh_Hans.po"
    header = {**new_header("news", "zh_Hans"), "Plural-Forms": plural_forms}
    write_catalog(po, Catalog(language="zh_Hans", header=header, entries=list(entries)))
    copy = tmp_path / sample
    shutil.copy(DATA / sample, copy)
    return po, copy


def imported(cli, xlf):
    result = cli("import", xlf)
    assert result.exit_code == 0, result.output
    return result


def by_id(po):
    return {e.msgctxt: e for e in load_catalog(po).entries}


def test_trados_sdlxliff(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, xlf = project(
        tmp_path,
        "trados-simpleTest.sdlxliff",
        [
            Entry("p1.s1", "Before `code` after.", "机器。", flags=("fuzzy", "mt"), references=MD),
            Entry("p1.s2", "text in table", "", references=MD),
            Entry("p2.s1", "Text before list: **bold** and text after the list.", "", references=MD),
        ],
    )
    result = imported(cli, xlf)
    assert "updated 3 entries, 0 not applied" in result.stdout
    after = by_id(po)
    assert after["p1.s1"].msgstr == "之前`code`之后。" and not after["p1.s1"].fuzzy  # ApprovedSignOff
    assert after["p1.s2"].msgstr == "表格中的文字" and after["p1.s2"].fuzzy  # Draft
    # two <mrk> segments, a <g> code, Translated + ApprovedTranslation
    assert after["p2.s1"].msgstr == "列表前的文字：**粗体**以及列表后的文字。" and not after["p2.s1"].fuzzy
    msgfmt_check(po)


def test_okapi_xliff_of_a_po(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, xlf = project(
        tmp_path,
        "okapi-potest.po.xlf",
        [
            Entry("p1.s1", "Text with an approved translation *and more*.", "旧。", flags=("fuzzy", "mt"), references=MD),
            Entry("p1.s2", "Text with non-approved translation.", "", references=MD),
            Entry("p2.s1", "Special chars: \"=quot, &=amp, <=lt, >=gt, '=apos, Ą=U+0104", "", references=MD),
            Entry("p3.s1", "%d file", msgid_plural="%d files", msgstr_plural=((0, ""),), flags=("c-format",), references=MD),
        ],
    )
    result = imported(cli, xlf)
    assert "updated 4 entries" in result.stdout
    after = by_id(po)
    assert after["p1.s1"].msgstr == "已批准的译文*以及更多*。" and not after["p1.s1"].fuzzy  # <x/> codes, approved="yes"
    assert after["p1.s2"].msgstr == "未批准的译文。" and after["p1.s2"].fuzzy
    assert after["p2.s1"].msgstr.startswith('特殊字符："=quot, &=amp, <=lt') and not after["p2.s1"].fuzzy
    assert after["p3.s1"].msgstr_plural == ((0, "%d 个文件"),) and not after["p3.s1"].fuzzy  # Okapi's plural group
    msgfmt_check(po)


def test_memoq_mqxliff(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, xlf = project(
        tmp_path,
        "memoq-test_document.mqxliff",
        [
            Entry("p1.s1", "Pagano started his career at **Atalanta**.", "", references=MD),
            Entry("p1.s2", "He made his debut against [Juventus FC](https://example.com/).", "", references=MD),
            Entry("p2.s1", "Atalanta B.C.", "亚特兰大。", references=MD),
            Entry("p2.s2", "Read [this](https://example.com/r) now.", "", references=MD),
        ],
    )
    result = imported(cli, xlf)
    after = by_id(po)
    assert after["p1.s1"].msgstr == "帕加诺在**亚特兰大**开始了职业生涯。" and not after["p1.s1"].fuzzy  # ManuallyConfirmed
    assert after["p1.s2"].msgstr == "他对阵[尤文图斯](https://example.com/)首次登场。" and after["p1.s2"].fuzzy  # PartiallyEdited
    assert after["p2.s1"].msgstr == "亚特兰大。" and not after["p2.s1"].fuzzy  # NotStarted, empty target: kept
    assert after["p2.s2"].msgstr == "现在读[这个。" and after["p2.s2"].fuzzy  # lost its closing code: fuzzy, reported
    assert "unit p2.s2: the target lost or added an inline code; kept fuzzy for review" in result.stderr
    assert after["p2.s2"].comment == "CAT suggestion (memoq-test_document.mqxliff): the target lost or added an inline code; check its markup"
    msgfmt_check(po)


def test_translate_toolkit_po2xliff(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    shutil.copy(DATA / "translate-toolkit-source.po", po)
    xlf = tmp_path / "tt.xlf"
    shutil.copy(DATA / "translate-toolkit-po2xliff.xlf", xlf)
    before = po.read_bytes()
    result = imported(cli, xlf)
    # en-US, a 1.1 namespace, the domain header unit, joined developer notes, a po-translator note: nothing changes
    assert "updated 0 entries, 0 not applied" in result.stdout and result.stderr == ""
    assert po.read_bytes() == before
    xlf.write_text(
        xlf.read_text()
        .replace('<target state="needs-translation">你好*世界*。</target>', '<target state="translated">你好，*世界*。</target>')
        .replace('<target state="translated"></target>', '<target state="translated">%d 个文件</target>')
    )
    result = imported(cli, xlf)
    after = by_id(po)
    assert after["p2.s1"].msgstr == "你好，*世界*。" and not after["p2.s1"].fuzzy
    assert after["p1.s1"].comment == "ask the editor" and sorted(after["p1.s1"].notes) == ["glossary: exit ban → 出境禁令", "kind: heading 1"]
    msgfmt_check(po)


@pytest.mark.parametrize("sample", ["trados-simpleTest.sdlxliff", "okapi-potest.po.xlf", "memoq-test_document.mqxliff", "translate-toolkit-po2xliff.xlf"])
def test_translate_toolkit_reads_every_sample(sample):
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(DATA / sample))
    assert any(unit.source for unit in store.units)


def test_okapi_tmx_with_every_inline_code(cli, tmp_path):
    import json

    memory = tmp_path / "tm.sqlite3"
    result = cli("memory", "import", DATA / "okapi-a_small_test2.tmx", "--memory", memory)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 1 pair (zh-Hant: 1)")  # zh-CHT is Traditional; zh-yue is not stored
    from pipeline.memory import TranslationMemory

    with TranslationMemory(memory) as tm:
        assert tm.lookup_imported(["Click to start."], variant="zh-Hant") == {
            "Click to start.": ("點擊以開始。", "okapi-a_small_test2.tmx (TMX)")
        }
        assert tm.lookup_imported(["Click to start."], variant="zh-Hans") == {}
    assert json.loads(cli("memory", "stats", "--memory", memory, "--json").stdout)["imported"] == {"zh-Hant": 1}
