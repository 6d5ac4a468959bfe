"""TBX as other tools write and read it: the export uses TBX-Basic's data categories only,
TBX 3 DCT statuses are read, monolingual entries (IATE, Microsoft) are skipped with a warning.

Samples and their origins: ``tests/data/tbx/README.md``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.glossary import Glossary, Term, load_tbx, tbx_text
from pipeline.glossary.loading import check_glossary

DATA = Path(__file__).resolve().parents[1] / "data" / "tbx"

#: TBX-Basic (LISA 2009, ``TBXBasicXCSV02.xcs``; the TBX-Basic data category
#: specification): the elements of a ``martif`` document and, per meta data
#: category, the ``type`` values it allows. A custom type (``x-...``) or
#: another ``descrip``/``admin`` type fails the schema and TBX Checker.
TBX_BASIC_ELEMENTS = {
    "martif", "martifHeader", "fileDesc", "titleStmt", "title", "sourceDesc", "encodingDesc", "p", "text", "body",
    "termEntry", "langSet", "tig", "term", "termNote", "descrip", "descripGrp", "admin", "transacGrp", "transac",
    "transacNote", "date", "note", "ref", "xref",
}
TBX_BASIC_TYPES = {
    "descrip": {"definition", "context", "subjectField"},
    "admin": {"customerSubset", "projectSubset", "source"},
    "termNote": {"administrativeStatus", "geographicalUsage", "grammaticalGender", "partOfSpeech", "termLocation", "termType"},
    "transac": {"transactionType"},
    "ref": {"crossReference"},
    "xref": {"externalCrossReference", "xGraphic"},
    "p": {"XCSURI"},
}
ADMINISTRATIVE_STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}

TERMS = Glossary(
    terms=(
        Term(source="CCP", targets={"zh": "中共"}, case_sensitive=True, note="the party"),
        Term(source="HRD", targets={}, dnt=True),
        Term(source="exit ban", targets={"zh": "出境禁令", "zh-TW": "出境禁令"}, variants=("exit-ban",),
             forbidden=("出口禁止", "出口禁令"), match_flags=frozenset({"no-verb"}), case_sensitive=False),
    )
)


def test_export_uses_tbx_basic_data_categories_only():
    root = ET.fromstring(tbx_text(TERMS).split("\n", 2)[2])
    assert root.get("type") == "TBX-Basic"
    for element in root.iter():
        assert element.tag in TBX_BASIC_ELEMENTS, element.tag
        kind = element.get("type")
        if element.tag in TBX_BASIC_TYPES and (kind is not None or element.tag != "p"):  # a plain <p> has no type
            assert kind in TBX_BASIC_TYPES[element.tag], (element.tag, kind)
        if element.tag == "termNote" and kind == "administrativeStatus":
            assert element.text in ADMINISTRATIVE_STATUS
    notes = [[n.text for n in e.findall("note")] for e in root.iter("termEntry")]
    assert notes == [
        ["the party", "mtpipe:case=sensitive"],
        ["mtpipe:dnt=yes"],
        ["mtpipe:case=insensitive", "mtpipe:match=no-verb"],
    ]


def test_what_the_prefixed_notes_carry_comes_back(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(tbx_text(TERMS), encoding="utf-8")
    back = load_tbx(path).terms
    assert [(t.case_sensitive, t.dnt, t.match_flags, t.note) for t in back] == [
        (True, False, frozenset(), "the party"),
        (None, True, frozenset(), ""),
        (False, False, frozenset({"no-verb"}), ""),
    ]
    assert back[2].forbidden == ("出口禁止", "出口禁令")


def test_earlier_exports_and_weblate_dnt_are_still_read(tmp_path):
    path = tmp_path / "old.tbx"
    path.write_text(
        '<martif xml:lang="en"><text><body>'
        '<termEntry><descrip type="Translation needed">no</descrip><admin type="x-mtpipe-case">sensitive</admin>'
        '<admin type="x-mtpipe-match">no-verb</admin>'
        '<langSet xml:lang="en"><tig><term>HRD</term></tig></langSet></termEntry>'
        '<termEntry><langSet xml:lang="en"><tig><term>Safeguard Defenders</term>'
        '<termNote type="translationNote">no</termNote></tig></langSet></termEntry>'
        "</body></text></martif>",
        encoding="utf-8",
    )
    old, weblate = load_tbx(path).terms
    assert (old.dnt, old.case_sensitive, old.match_flags) == (True, True, frozenset({"no-verb"}))
    assert weblate.dnt and weblate.note == ""


def test_tbx3_dct_superseded_english_term_is_no_variant():
    """LTAC's own DCT example: 'galactic cluster' is superseded, so it is not matched as 'open cluster'."""
    terms = {t.source: t for t in load_tbx(DATA / "ltac-astronomy-dct-excerpt.tbx").terms}
    assert terms["open cluster"].variants == ()
    assert terms["open cluster"].targets == {"es": "cúmulo abierto"}
    assert "A group of stars formed together in the spiral arms of a galaxy." in terms["open cluster"].note
    assert terms["circumstellar accretion disk"].variants == ("accretion disc",)  # admitted: a variant
    assert terms["circumstellar accretion disk"].alternatives == (("es", "disco de acrecimiento"),)


DCT_FORBIDDEN = """<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="en">
    <termSec><term>exit ban</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
    <termSec><term>exit prohibition</term><basic:normativeAuthorization>deprecatedTerm-admn-sts</basic:normativeAuthorization></termSec>
  </langSec>
  <langSec xml:lang="zh-Hans">
    <termSec><term>出境禁令</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
    <termSec><term>出口禁止</term><min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>
    <termSec><term>出口禁令</term><min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus></termSec>
  </langSec>
</conceptEntry>
</body></text></tbx>
"""


def test_tbx3_dct_forbidden_renderings_stay_forbidden(tmp_path):
    path = tmp_path / "dct.tbx"
    path.write_text(DCT_FORBIDDEN, encoding="utf-8")
    (term,) = load_tbx(path).terms
    assert list(term.targets.values()) == ["出境禁令"]
    assert term.forbidden == ("出口禁止", "出口禁令")
    assert term.alternatives == () and term.variants == ()


def test_microsoft_terminology_export_is_read():
    terms = load_tbx(DATA / "microsoft-terminology-zh-Hant.tbx").terms
    assert [(t.source, t.targets) for t in terms] == [("context", {"zh-Hant": "上下文"}), ("task ID", {"zh-Hant": "任務識別碼"})]
    assert terms[1].note.startswith("A number that Project automatically assigns")


def test_monolingual_entries_are_skipped_with_a_warning_not_refused():
    path = DATA / "iate-risk-margin.tbx"
    (term,) = load_tbx(path).terms
    assert term.source == "risk margin" and term.targets == {"fi": "riskimarginaali", "fr": "marge de risque"}
    skipped = [(p.severity, p.message) for p in check_glossary(path) if "skipped" in p.message]
    assert skipped == [
        ("warning", "'technical provisions' has no target (a monolingual entry); skipped"),
        ("warning", "entry has terms in fr only, no en term; skipped"),
    ]
