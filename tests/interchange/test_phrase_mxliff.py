"""A Phrase (Memsource) MXLIFF through ``mtpipe import`` (issue 22).

The sample is a bilingual MXLIFF that Memsource wrote (``m:version="2.0"``,
its users' ids and timestamps, ``<m:extra>``), kept verbatim in
``tests/data/cat-wild/`` (origin and licence in its README). The test gives it
mtpipe's names, as a CAT tool given mtpipe's export would have them: the
``original`` names the PO, the unit ids are the PO's ids, the Lithuanian
targets become Chinese, and four of its confirmation states are set (its
English is kept: it is the PO's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import msgfmt_check
from pipeline.catalog import Catalog, Entry, State, load_catalog, new_header, write_catalog

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "cat-wild" / "phrase-28669_DMC_6029645-en_us-lt_lt-T.mxliff"
TASK = "0WCYS8zqosBray1l1"
REFS = (("sheet.md", "1"),)

#: unit number → (Chinese target, the trans-unit attributes as the test sets them)
UNITS = {
    0: ("关注我们", 'm:trans-origin="null" m:score="0" m:gross-score="0" m:confirmed="1" m:locked="false"'),
    1: ("MSDN 通讯", 'm:trans-origin="tm" m:score="0.666667" m:gross-score="0.666667" m:confirmed="0" m:locked="false"'),
    2: ("注册 MSDN 通讯", 'm:trans-origin="mt" m:score="0" m:gross-score="0" m:confirmed="0" m:locked="false"'),
    3: ("复制并分享本节的链接", 'm:trans-origin="null" m:score="0" m:gross-score="0" m:confirmed="0" m:locked="true"'),
}


def phrase_project(tmp_path: Path) -> tuple[Path, Path]:
    po = tmp_path / "zh_Hans.po"
    entries = [
        Entry("p1.s1", "Follow us", "跟随我们", flags=("fuzzy", "mt"), references=REFS),
        Entry("p1.s2", "MSDN Newsletter", "", references=REFS),
        Entry("p1.s3", "Sign up for the MSDN Newsletter", "", references=REFS),
        Entry("p1.s4", "Copy and share the link for this section", "复制并分享本节的链接", references=REFS),  # reviewed
    ]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("sheet", "zh_Hans"), entries=entries))
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('original="28669_DMC_6029645.xlsx"', 'original="zh_Hans.po"').replace('target-language="lt-lt"', 'target-language="zh-cn"')
    targets = re.findall(r"</source>\n<target>(.+?)</target>", text)  # not the <alt-trans> ones
    assert targets == ["Stebėkite mus", "MSDN informacinis biuletenis", "Užsiregistruokite gauti MSDN informacinį biuletenį",
                       "Nukopijuokite ir bendrinkite šio skyriaus saitą"]
    for n, (chinese, attrs) in UNITS.items():
        text = text.replace(f'id="{TASK}:{n}"', f'id="p1.s{n + 1}"').replace(f"</source>\n<target>{targets[n]}</target>", f"</source>\n<target>{chinese}</target>")
        unit = re.search(rf'<trans-unit id="p1.s{n + 1}"[^>]*>', text)
        assert unit is not None
        tag, found = re.subn(r' m:trans-origin="[^"]*" m:score="[^"]*" m:gross-score="[^"]*" m:confirmed="\d" m:locked="[a-z]*"', f" {attrs}", unit.group())
        assert found == 1
        text = text.replace(unit.group(), tag)
    mxliff = tmp_path / "sheet-en_us-zh_cn-T.mxliff"
    mxliff.write_text(text, encoding="utf-8")
    return po, mxliff


def test_the_sample_is_what_memsource_wrote():
    text = SAMPLE.read_text(encoding="utf-8")
    assert 'xmlns:m="http://www.memsource.com/mxlf/2.0"' in text and 'm:version="2.0"' in text
    assert text.count('m:confirmed="1"') == 4 and "<m:extra>" in text


def test_import_through_the_cli(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, mxliff = phrase_project(tmp_path)
    result = cli("import", mxliff.name)
    assert result.exit_code == 0, result.output
    assert "updated 3 entries, 0 not applied" in result.stdout
    after = {e.msgctxt: e for e in load_catalog(po).entries}
    # m:confirmed="1": reviewed, and a person's text now (no mt flag)
    assert (after["p1.s1"].msgstr, after["p1.s1"].flags, after["p1.s1"].state) == ("关注我们", (), State.reviewed)
    # an unconfirmed 66% match of Phrase's memory: a fuzzy memory match, with its score
    assert after["p1.s2"].msgstr == "MSDN 通讯" and after["p1.s2"].fuzzy
    assert "memory: 66% match from sheet-en_us-zh_cn-T.mxliff (CAT tool memory)" in after["p1.s2"].notes
    assert after["p1.s2"].state is State.fuzzy_match
    # Phrase's machine translation, not confirmed: a machine draft
    assert after["p1.s3"].flags == ("fuzzy", "mt") and after["p1.s3"].state is State.machine
    # locked and not confirmed: the translator could not touch it; the reviewed entry stays reviewed
    assert after["p1.s4"].state is State.reviewed
    msgfmt_check(po)


def test_dry_run_lists_the_ids_and_writes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, mxliff = phrase_project(tmp_path)
    before = po.read_bytes()
    result = cli("import", mxliff.name, "--dry-run")
    assert result.exit_code == 0, result.output
    assert po.read_bytes() == before
    for unit in ("p1.s1", "p1.s2", "p1.s3"):
        assert unit in result.stdout
    assert "p1.s4" not in result.stdout


@pytest.mark.parametrize(
    ("attrs", "target", "reviewed"),
    [
        ('m:confirmed="1"', "<target>T</target>", True),
        ('m:confirmed="2"', "<target>T</target>", True),  # confirmed at the second workflow level
        ('m:confirmed="0"', "<target>T</target>", False),
        ('m:confirmed="1" m:locked="true"', "<target>T</target>", True),
        ('m:confirmed="0" m:locked="true"', "<target>T</target>", None),  # locked: the file does not say
        ('m:confirmed="1"', '<target state="needs-review-translation">T</target>', False),  # a state decides first
    ],
)
def test_phrase_confirmation(attrs, target, reviewed):
    from pipeline.errors import InputError
    from pipeline.interchange.xliff_units import _reviewed_state
    from pipeline.interchange.xmlsafe import parse_xml

    xml = f'<trans-unit xmlns:m="http://www.memsource.com/mxlf/2.0" {attrs}><source>S</source>{target}</trans-unit>'
    unit = parse_xml(xml.encode(), name="t", kind="XLIFF", error=InputError, hint="")
    assert _reviewed_state(unit.child("target"), unit) is reviewed


def test_a_locked_unconfirmed_unit_never_unreviews_an_entry(cli, tmp_path, monkeypatch):
    """Before: m:confirmed="0" read as fuzzy, so a locked (untouchable) unit made a reviewed entry fuzzy."""
    monkeypatch.chdir(tmp_path)
    po, mxliff = phrase_project(tmp_path)
    cli("import", mxliff.name)
    reviewed = {e.msgctxt for e in load_catalog(po).entries if e.state is State.reviewed}
    assert reviewed == {"p1.s1", "p1.s4"}


def test_an_unconfirmed_exact_memory_match_is_reused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po, mxliff = phrase_project(tmp_path)
    mxliff.write_text(mxliff.read_text(encoding="utf-8").replace('m:score="0.666667" m:gross-score="0.666667"', 'm:score="1.01" m:gross-score="1.01"'), encoding="utf-8")
    assert cli("import", mxliff.name).exit_code == 0
    entry = next(e for e in load_catalog(po).entries if e.msgctxt == "p1.s2")
    assert entry.state is State.reused and "memory: reused from sheet-en_us-zh_cn-T.mxliff (CAT tool memory)" in entry.notes
