"""TBX-Basic import and export: round trip, files as Weblate/OmegaT write them, TBX v3."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import Glossary, Term, load_glossary, load_tbx, table_text, tbx_text, write_csv, write_tbx

CSV = """\
en,zh,zh-Hant,zh-TW,variants,case,dnt,forbidden,note
exit ban,出境禁令,出境禁令,,exit-ban|travel ban,,,出口禁止|出口禁令,exit = leaving the country
CCP,中共,中共,,,sensitive,,,
The Epoch Times,大纪元时报,大紀元時報,,Epoch Times,insensitive,,,
HRD,,,,,,yes,,keep as written
\"\"\"run\"\" movement\",“润”运动,,「潤」運動,,,,跑步运动,a <note> & an ampersand
"""

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def strip_origin(g: Glossary) -> list:
    return [replace(t, origin="") for t in g.terms]


def test_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "g.csv"
    src.write_text(CSV, encoding="utf-8")
    original = load_glossary(src)
    out = tmp_path / "g.tbx"
    write_tbx(original, out)
    back = load_tbx(out)
    assert strip_origin(back) == strip_origin(original)
    assert back.content_hash == original.content_hash
    assert back.terms[0].origin.startswith("g.tbx:")
    # load_glossary recognizes TBX by its suffix as well
    assert strip_origin(load_glossary(out)) == strip_origin(original)


def test_export_is_tbx_basic(tmp_path: Path) -> None:
    src = tmp_path / "g.csv"
    src.write_text(CSV, encoding="utf-8")
    text = tbx_text(load_glossary(src))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif')
    root = ET.fromstring(text.split("\n", 2)[2])
    assert root.tag == "martif" and root.get("type") == "TBX-Basic" and root.get(XML_LANG) == "en"
    entries = root.findall("./text/body/termEntry")
    assert len(entries) == 5
    ban = entries[0]
    assert [ls.get(XML_LANG) for ls in ban.findall("langSet")] == ["en", "zh-Hans", "zh-Hant"]
    en_terms = [(t.findtext("term"), t.findtext("termNote")) for t in ban.find("langSet").findall("tig")]
    assert en_terms == [
        ("exit ban", "preferredTerm-admn-sts"),
        ("exit-ban", "admittedTerm-admn-sts"),
        ("travel ban", "admittedTerm-admn-sts"),
    ]
    zh_terms = [(t.findtext("term"), t.findtext("termNote")) for t in ban.findall("langSet")[1].findall("tig")]
    assert zh_terms == [
        ("出境禁令", "preferredTerm-admn-sts"),
        ("出口禁止", "deprecatedTerm-admn-sts"),
        ("出口禁令", "deprecatedTerm-admn-sts"),
    ]
    hrd = entries[3]
    assert hrd.find("descrip") is None  # "Translation needed" is no TBX-Basic data category
    assert [n.text for n in hrd.findall("note")] == ["keep as written", "mtpipe:dnt=yes"]


WEBLATE_STYLE = """<?xml version="1.0"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>Translate Toolkit</p></sourceDesc></fileDesc></martifHeader>
<text><body>
    <termEntry id="exit ban">
        <langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>
        <langSet xml:lang="zh_Hans"><tig><term>出境禁令</term></tig></langSet>
        <note from="translator">leaving the country</note>
    </termEntry>
    <termEntry id="Safeguard Defenders">
        <descrip type="Translation needed">no</descrip>
        <langSet xml:lang="en"><tig><term>Safeguard Defenders</term></tig></langSet>
        <langSet xml:lang="zh_Hans"><tig><term>Safeguard Defenders</term></tig></langSet>
    </termEntry>
    <termEntry>
        <langSet xml:lang="en-US"><ntig><termGrp><term>zero-<hi>COVID</hi></term></termGrp></ntig></langSet>
        <langSet xml:lang="zh-Hant"><tig><term>清零</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
            <tig><term>零新冠</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        </langSet>
    </termEntry>
</body></text>
</martif>
"""


def test_import_weblate_and_omegat_style(tmp_path: Path) -> None:
    path = tmp_path / "weblate.tbx"
    path.write_text(WEBLATE_STYLE, encoding="utf-8")
    g = load_tbx(path)
    ban, sd, zero = g.terms
    assert (ban.source, dict(ban.targets), ban.note, ban.origin) == (
        "exit ban",
        {"zh": "出境禁令"},
        "leaving the country",
        "weblate.tbx:6",
    )
    assert sd.dnt and dict(sd.targets) == {"zh": "Safeguard Defenders"}  # untranslatable: kept as written
    assert (zero.source, dict(zero.targets), zero.forbidden) == ("zero-COVID", {"zh-Hant": "清零"}, ("零新冠",))


TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="en"><termSec><term>hostage diplomacy</term></termSec></langSec>
  <langSec xml:lang="zh-CN"><termSec><term>人质外交</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
</conceptEntry>
</body></text>
</tbx>
"""


def test_import_tbx_v3(tmp_path: Path) -> None:
    path = tmp_path / "v3.tbx"
    path.write_text(TBX_V3, encoding="utf-8")
    (term,) = load_tbx(path).terms
    assert (term.source, dict(term.targets), term.origin) == ("hostage diplomacy", {"zh": "人质外交"}, "v3.tbx:5")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<martif><text><body><termEntry></body></text></martif>", "bad.tbx:1: not well-formed TBX"),
        ('<?xml version="1.0"?>\n<html><body/></html>', "bad.tbx:1: not a TBX file"),
    ],
)
def test_bad_tbx(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_tbx(path)
    assert message in info.value.message


def test_write_tbx_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "out.tbx"
    out.write_text("old", encoding="utf-8")
    write_tbx(Glossary(), out)
    assert "<martif" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tbx"]


# --------------------------------------------------------------------------- CSV → TBX → CSV

PROJECT_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary" / "run-movement.csv"


def csv_tbx_csv(src: Path, tmp_path: Path) -> tuple[Glossary, Glossary]:
    original = load_glossary(src)
    write_tbx(original, tmp_path / "out.tbx")
    write_csv(load_glossary(tmp_path / "out.tbx"), tmp_path / "back.csv")
    return original, load_glossary(tmp_path / "back.csv")


def test_csv_tbx_csv_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "g.csv"
    src.write_text(CSV, encoding="utf-8")
    original, back = csv_tbx_csv(src, tmp_path)
    assert strip_origin(back) == strip_origin(original)
    assert back.content_hash == original.content_hash
    assert [t.origin for t in back.terms] == [f"back.csv:{n}" for n in range(2, 7)]


def test_csv_tbx_csv_round_trip_of_the_project_glossary(tmp_path: Path) -> None:
    """Forbidden renderings come back grouped by language (Simplified, then Traditional): a set, not a list."""
    original, back = csv_tbx_csv(PROJECT_GLOSSARY, tmp_path)
    assert len(original.terms) > 20

    def as_sets(g: Glossary) -> list:
        return [replace(t, forbidden=tuple(sorted(t.forbidden))) for t in strip_origin(g)]

    assert as_sets(back) == as_sets(original)
    assert back.content_hash == original.content_hash


def test_round_trip_keeps_the_targets_of_a_dnt_term(tmp_path: Path) -> None:
    """Regression: a dnt term's target equal to its source (HRD,HRD,HRD,yes) was dropped on TBX import."""
    src = tmp_path / "g.csv"
    src.write_text("en,zh,zh-Hant,dnt\nHRD,HRD,HRD,yes\n", encoding="utf-8")
    write_tbx(load_glossary(src), tmp_path / "g.tbx")
    (term,) = load_tbx(tmp_path / "g.tbx").terms
    assert term.dnt and dict(term.targets) == {"zh": "HRD", "zh-Hant": "HRD"}


def test_table_text_is_what_load_glossary_reads() -> None:
    g = Glossary(
        terms=(
            Term(source='"run" movement', targets={"zh": "“润”运动"}, forbidden=("跑步运动", "奔跑运动")),
            Term(source="CCP", targets={"zh-Hant": "中共"}, variants=("C.C.P.",), case_sensitive=False, note="a, b"),
            Term(source="HRD", targets={}, dnt=True),
        )
    )
    assert table_text(g) == (
        "en,zh,zh-Hant,variants,case,dnt,forbidden,note\n"
        '"""run"" movement",“润”运动,,,,,跑步运动|奔跑运动,\n'
        'CCP,,中共,C.C.P.,insensitive,,,"a, b"\n'
        "HRD,,,,,yes,,\n"
    )
    assert table_text(g, tsv=True).splitlines()[1] == '"run" movement\t“润”运动\t\t\t\t\t跑步运动|奔跑运动\t'
    assert table_text(Glossary()) == "en,zh,variants,case,dnt,forbidden,note\n"  # still loadable: a zh column


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_write_csv_round_trip_and_atomic(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "g.csv"
    src.write_text(CSV, encoding="utf-8")
    original = load_glossary(src)
    out = tmp_path / f"out{suffix}"
    out.write_text("old", encoding="utf-8")
    write_csv(original, out)
    assert strip_origin(load_glossary(out)) == strip_origin(original)
    assert ("\t" in out.read_text(encoding="utf-8")) == (suffix == ".tsv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["g.csv", out.name])


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (Term(source="#MeToo", targets={"zh": "我也是"}), "starts with '#'"),
        (Term(source="exit ban", targets={"zh": "出境禁令"}, forbidden=("出口|禁止",)), "contains '|'"),
        (Term(source="exit ban", targets={"zh": "出境禁令"}, variants=("a|b",)), "contains '|'"),
    ],
)
def test_table_cannot_hold_the_term(tmp_path: Path, term: Term, message: str) -> None:
    with pytest.raises(GlossaryError) as info:
        write_csv(Glossary(terms=(term,)), tmp_path / "out.csv")
    assert message in info.value.message and info.value.hint
    assert not list(tmp_path.iterdir())  # nothing written
