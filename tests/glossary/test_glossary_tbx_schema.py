"""`glossary export` against TBX-Basic's own validators (issue 22).

TBX 2 (``martif``, ISO 30042:2008): the integrated TBX-Basic RELAX NG schema
``TBXBasicRNGV02.rng`` with the Schematron rules embedded in it, and TBX
Checker 1.2.9 (the Java validating parser for TBX 2, run when ``java`` is
found). The schemas, the XCS and the checker are kept in
``tests/data/tbx/tbx-basic-v2/``; origins and licences in
``tests/data/tbx/README.md``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, isoschematron

from conftest import GLOSSARY
from pipeline.glossary import Glossary, Term, tbx_text

V2 = Path(__file__).resolve().parents[1] / "data" / "tbx" / "tbx-basic-v2"
SCHEMATRON_15 = "http://www.ascc.net/xml/schematron"
ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"

TERMS = Glossary(
    terms=(
        Term(source="CCP", targets={"zh": "中共"}, case_sensitive=True, note="the party <CCP> & its organs"),
        Term(source="HRD", targets={}, dnt=True),
        Term(source="exit ban", targets={"zh": "出境禁令", "zh-TW": "出境禁令"}, variants=("exit-ban",),
             forbidden=("出口禁止", "出口禁令", "出境禁止令"), match_flags=frozenset({"no-verb"}), case_sensitive=False,
             alternatives=(("zh", "离境禁令"), ("zh-TW", "離境禁令"))),
        Term(source="Safeguard Defenders", targets={"zh-TW": "保護衛士"}, note="an NGO; Traditional only"),
    )
)


def _rng_v2() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(V2 / "TBXBasicRNGV02.rng")))


def _schematron_v2() -> isoschematron.Schematron:
    """The Schematron 1.5 rules embedded in TBXBasicRNGV02.rng, as ISO Schematron (namespace and ``name`` → ``id``)."""
    schema = etree.Element(f"{{{ISO_SCHEMATRON}}}schema", nsmap={"sch": ISO_SCHEMATRON})
    for pattern in etree.parse(str(V2 / "TBXBasicRNGV02.rng")).getroot().iter(f"{{{SCHEMATRON_15}}}pattern"):
        iso = etree.fromstring(etree.tostring(pattern).decode().replace(SCHEMATRON_15, ISO_SCHEMATRON))
        iso.set("id", iso.attrib.pop("name"))
        schema.append(iso)
    assert len(schema) == 15  # every rule of the schema is applied
    return isoschematron.Schematron(schema)


def _errors(validator: etree._Validator, text: str) -> list[str]:
    doc = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    return [] if validator.validate(doc) else [f"{e.line}: {e.message}" for e in validator.error_log]


def test_v2_export_is_valid_against_the_tbx_basic_rng_and_its_schematron_rules():
    text = tbx_text(TERMS)
    assert text.splitlines()[1] == '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
    assert _errors(_rng_v2(), text) == []
    assert _errors(_schematron_v2(), text) == []


def test_the_v2_validators_catch_what_mtpipe_wrote_before():
    """Issue 22's finding: <admin type="x-mtpipe-case"> and <descrip type="Translation needed"> fail the schema."""
    text = tbx_text(TERMS).replace(
        "<note>mtpipe:case=sensitive</note>", '<admin type="x-mtpipe-case">sensitive</admin>'
    ).replace("<note>mtpipe:dnt=yes</note>", '<descrip type="Translation needed">no</descrip>')
    assert len(_errors(_rng_v2(), text)) >= 2
    misplaced = tbx_text(TERMS).replace("</tig>", '<descrip type="definition">x</descrip></tig>', 1)
    assert _errors(_rng_v2(), misplaced) == []  # structurally fine ...
    assert any("definition must occur" in e for e in _errors(_schematron_v2(), misplaced))  # ... the rule is not


def _tbx_checker(folder: Path, text: str, languages: list[str]) -> str:
    """Run TBX Checker on *text* beside TBX-Basic's DTD and XCS, the XCS declaring *languages*.

    TBX 2 wants every language of a document declared in its XCS; TBX-Basic's
    stock XCS declares en, fr and de "for demonstration purposes" and tells the
    user to declare their own, which is done here.
    """
    shutil.copy(V2 / "TBXBasiccoreStructV02.dtd", folder)
    shutil.copy(V2 / "tbxxcsdtd.dtd", folder)
    xcs = etree.parse(str(V2 / "TBXBasicXCSV02.xcs"))
    declared = xcs.find(".//languages")
    assert declared is not None
    for old in list(declared):
        declared.remove(old)
    for code in languages:
        info = etree.SubElement(declared, "langInfo")
        etree.SubElement(info, "langCode").text = code
        etree.SubElement(info, "langName").text = code
    xcs.write(str(folder / "TBXBasicXCSV02.xcs"), xml_declaration=True, encoding="UTF-8")
    (folder / "glossary.tbx").write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["java", "-cp", str(V2 / "tbxcheck-1.2.9.jar"), "org.ttt.salt.Main", "--loglevel=WARNING", "glossary.tbx"],
        cwd=folder, capture_output=True, text=True, timeout=120, check=False,
    )
    return done.stdout + done.stderr  # it exits 0 either way; "Valid file:" or "INVALID FILE:" says which


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="TBX Checker is a Java program; no java on PATH")


@pytest.mark.slow
@needs_java
def test_v2_export_is_tbx_checker_clean(tmp_path):
    text = tbx_text(TERMS)
    report = _tbx_checker(tmp_path, text, ["en", "zh-Hans", "zh-TW"])
    assert report.startswith("Valid file:"), report


@pytest.mark.slow
@needs_java
def test_tbx_checker_refuses_a_custom_data_category(tmp_path):
    text = tbx_text(TERMS).replace("<note>mtpipe:dnt=yes</note>", '<descrip type="Translation needed">no</descrip>')
    report = _tbx_checker(tmp_path, text, ["en", "zh-Hans", "zh-TW"])
    assert report.startswith("INVALID FILE:") and "Unknown specification pair (descrip, Translation needed)" in report


@pytest.mark.slow
@needs_java
def test_the_projects_glossary_exported_by_the_cli_is_clean(cli, tmp_path):
    """The user's path: `mtpipe glossary export` of the project's glossary (every column kind), both validators."""
    out = tmp_path / "out" / "glossary.tbx"
    out.parent.mkdir()
    assert cli("glossary", "export", GLOSSARY, "--to", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert _errors(_rng_v2(), text) == [] and _errors(_schematron_v2(), text) == []
    languages = sorted(set(re.findall(r'xml:lang="([^"]+)"', text)))
    assert {"en", "zh-Hans", "zh-Hant"} <= set(languages)
    report = _tbx_checker(tmp_path, text, languages)
    assert report.startswith("Valid file:"), report


# --------------------------------------------------------------------------- TBX 3, read

V3 = Path(__file__).resolve().parents[1] / "data" / "tbx" / "tbx-basic-v3"

#: TBX-Basic 3 in DCA style, as LTAC's dialect defines it: a forbidden rendering (deprecated), a superseded
#: one, an admitted alternative, a superseded English term and a definition.
DCA = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>a termbase</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">politics</descrip>
      <langSec xml:lang="en">
        <descrip type="definition">A ban on leaving the country.</descrip>
        <termSec><term>exit ban</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>exit prohibition</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="zh-Hans">
        <termSec><term>出境禁令</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>离境禁令</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>出口禁止</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
        <termSec><term>出口禁令</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def _schematron_v3_dca() -> isoschematron.Schematron:
    """LTAC's TBX-Basic DCA Schematron, run by lxml's XSLT 1 implementation.

    It declares ``queryBinding="xslt2"`` but uses only two XPath 2 forms, each
    rewritten here to its XPath 1 equal: ``./local-name()`` as ``local-name()``
    and ``matches(@target,'https?://.+')`` as two ``starts-with``. The file kept
    is unchanged.
    """
    text = (V3 / "TBX-Basic_DCA.sch").read_text(encoding="utf-8-sig")
    rewrites = {
        'queryBinding="xslt2"': 'queryBinding="xslt1"',
        "./local-name()": "local-name()",
        "matches(@target,'https?://.+')": "(starts-with(@target,'http://') or starts-with(@target,'https://'))",
    }
    for old, new in rewrites.items():
        assert old in text, old
        text = text.replace(old, new)
    assert "matches(" not in text and "()/" not in text
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")))


def test_the_tbx3_dca_sample_is_valid_tbx_basic_3():
    """The sample the reader is tested on is what LTAC's validators accept (so the reading is of real TBX 3)."""
    assert _errors(etree.RelaxNG(etree.parse(str(V3 / "TBXcoreStructV03.rng"))), DCA) == []
    assert _errors(_schematron_v3_dca(), DCA) == []
    bad = DCA.replace('<descrip type="subjectField">politics</descrip>', '<descrip type="Translation needed">no</descrip>')
    assert any("Permitted type value(s): subjectField, context, definition" in e for e in _errors(_schematron_v3_dca(), bad))


def test_tbx3_dca_is_read(tmp_path):
    from pipeline.glossary import load_tbx

    path = tmp_path / "dca.tbx"
    path.write_text(DCA, encoding="utf-8")
    (term,) = load_tbx(path).terms
    assert (term.source, term.targets, term.variants) == ("exit ban", {"zh": "出境禁令"}, ())
    assert term.alternatives == (("zh", "离境禁令"),)
    assert term.forbidden == ("出口禁止", "出口禁令")
    assert "A ban on leaving the country." in term.note


def test_translate_toolkit_reads_the_export_and_not_tbx3():
    """Why the export is TBX 2: Translate Toolkit (Weblate's and Pootle's TBX reader) reads TBX 2 only."""
    from translate.storage import tbx

    store = tbx.tbxfile.parsestring(tbx_text(TERMS).encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [
        ("CCP", "中共"), ("HRD", None), ("exit ban", "出境禁令"), ("Safeguard Defenders", "保護衛士")
    ]
    with pytest.raises(AssertionError):  # its reader asserts a <martif> root
        tbx.tbxfile.parsestring(DCA.encode("utf-8"))
