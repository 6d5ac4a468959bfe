"""TBX import and export keep everything: alternatives, definitions, notes once, case as data, scripts apart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from pipeline.glossary import Glossary, Term, check_glossary, load_glossary, load_tbx, table_text, tbx_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

LOKALIZE_STYLE = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="1">
  <descrip type="definition">A ban on leaving the country.</descrip>
  <note>leaving, not exporting</note>
  <langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>
  <langSet xml:lang="zh-CN">
    <tig><term>出境禁令</term></tig>
    <tig><term>离境禁令</term></tig>
    <tig><term>限制出境</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="zh-TW"><tig><term>出境禁令</term></tig><tig><term>離境禁令</term></tig></langSet>
  <note>leaving, not exporting</note>
  <descrip type="context">Used of China since 2020.</descrip>
</termEntry>
</body></text></martif>
"""


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text.split("\n", 2)[2])


def test_import_keeps_every_target_as_an_admitted_alternative(tmp_path: Path) -> None:
    path = tmp_path / "lokalize.tbx"
    path.write_text(LOKALIZE_STYLE, encoding="utf-8")
    (term,) = load_tbx(path).terms
    assert dict(term.targets) == {"zh": "出境禁令", "zh-TW": "出境禁令"}
    assert term.alternatives == (("zh", "离境禁令"), ("zh", "限制出境"), ("zh-TW", "離境禁令"))
    assert term.alternatives_for("zh") == ("离境禁令", "限制出境")


def test_definitions_are_notes_and_a_repeated_note_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "lokalize.tbx"
    path.write_text(LOKALIZE_STYLE, encoding="utf-8")
    (term,) = load_tbx(path).terms
    assert term.note == "A ban on leaving the country.; leaving, not exporting; context: Used of China since 2020."


def test_alternatives_survive_tbx_csv_tbx(tmp_path: Path) -> None:
    path = tmp_path / "lokalize.tbx"
    path.write_text(LOKALIZE_STYLE, encoding="utf-8")
    imported = load_tbx(path)
    table = table_text(imported)
    assert table.splitlines()[1].startswith("exit ban,出境禁令|离境禁令|限制出境,出境禁令|離境禁令,")
    (tmp_path / "g.csv").write_text(table, encoding="utf-8")
    from_table = load_glossary(tmp_path / "g.csv")
    assert [replace(t, origin="") for t in from_table.terms] == [replace(t, origin="") for t in imported.terms]
    root = _parse(tbx_text(from_table))
    zh = root.find("./text/body/termEntry/langSet[2]")
    assert zh is not None and zh.get(XML_LANG) == "zh-Hans"
    assert [(t.findtext("term"), t.findtext("termNote")) for t in zh.findall("tig")] == [
        ("出境禁令", "preferredTerm-admn-sts"),
        ("离境禁令", "admittedTerm-admn-sts"),
        ("限制出境", "admittedTerm-admn-sts"),
    ]


def test_alternatives_are_not_enforced() -> None:
    term = Term(source="exit ban", targets={"zh": "出境禁令"}, alternatives=(("zh", "离境禁令"),))
    assert term.target_for("zh") == "出境禁令"
    assert Glossary(terms=(term,)).content_hash == Glossary(terms=(replace(term, alternatives=()),)).content_hash


def test_case_is_written_as_a_prefixed_note_tbx_basic_allows(tmp_path: Path) -> None:
    g = Glossary(
        terms=(
            Term(source="CCP", targets={"zh": "中共"}, case_sensitive=True, note="the party"),
            Term(source="Epoch Times", targets={"zh": "大纪元"}, case_sensitive=False),
        )
    )
    text = tbx_text(g)
    root = _parse(text)
    entries = root.findall("./text/body/termEntry")
    assert not list(root.iter("admin"))  # no custom admin type: TBX-Basic has none
    assert [[n.text for n in e.findall("note")] for e in entries] == [
        ["the party", "mtpipe:case=sensitive"],
        ["mtpipe:case=insensitive"],
    ]
    (tmp_path / "g.tbx").write_text(text, encoding="utf-8")
    assert [t.case_sensitive for t in load_tbx(tmp_path / "g.tbx").terms] == [True, False]


def test_the_old_case_note_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "old.tbx"
    path.write_text(
        '<martif xml:lang="en"><text><body><termEntry><note>mtpipe:case=sensitive</note>'
        '<langSet xml:lang="en"><tig><term>CCP</term></tig></langSet>'
        '<langSet xml:lang="zh"><tig><term>中共</term></tig></langSet></termEntry></body></text></martif>',
        encoding="utf-8",
    )
    (term,) = load_tbx(path).terms
    assert term.case_sensitive is True and term.note == ""


def test_forbidden_traditional_forms_are_written_under_their_own_language() -> None:
    g = Glossary(
        terms=(
            Term(
                source='"run" movement',
                targets={"zh": "“润”运动", "zh-TW": "「潤」運動"},
                forbidden=("跑步运动", "跑步運動", "奔跑运动", "奔跑運動"),
            ),
            Term(source="exit ban", targets={"zh": "出境禁令"}, forbidden=("出口禁令", "出口禁止", "離境禁令")),
        )
    )
    run, ban = _parse(tbx_text(g)).findall("./text/body/termEntry")

    def deprecated(entry: ET.Element) -> dict[str | None, list[str | None]]:
        return {
            ls.get(XML_LANG): [
                t.findtext("term") for t in ls.findall("tig") if t.findtext("termNote") == "deprecatedTerm-admn-sts"
            ]
            for ls in entry.findall("langSet")
        }

    assert deprecated(run) == {"en": [], "zh-Hans": ["跑步运动", "奔跑运动"], "zh-TW": ["跑步運動", "奔跑運動"]}
    assert deprecated(ban) == {"en": [], "zh-Hans": ["出口禁令", "出口禁止"], "zh-Hant": ["離境禁令"]}


def test_a_glossary_without_a_chinese_column_is_an_error(tmp_path: Path) -> None:
    csv = tmp_path / "xx.csv"
    csv.write_text("en,xx\nexit ban,出境禁令\n", encoding="utf-8")
    tbx = tmp_path / "xx.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<martif xml:lang="en"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>'
        '<langSet xml:lang="xx"><tig><term>出境禁令</term></tig></langSet></termEntry></body></text></martif>',
        encoding="utf-8",
    )
    message = (
        "no Chinese target language (found: xx), so translate enforces none of its terms; "
        "name the Chinese column or xml:lang zh (or zh-Hant, zh-TW, zh-HK)"
    )
    for path, line in ((csv, 1), (tbx, 2)):
        assert [(p.line, p.severity, p.message) for p in check_glossary(path)] == [(line, "error", message)]


def test_check_and_translate_say_so_loudly(tmp_path: Path, cli, sample) -> None:
    csv = tmp_path / "xx.csv"
    csv.write_text("en,xx\nexit ban,出境禁令\n", encoding="utf-8")
    result = cli("glossary", "check", csv)
    assert result.exit_code == 1 and f"{csv}:1: error: no Chinese target language (found: xx)" in result.output
    result = cli("translate", sample, "--out", tmp_path / "out", "--engine", "none", "--glossary", csv)
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert f"warning: {csv}:1: no Chinese target language (found: xx)" in warning
    assert "more)" not in warning and "glossary check" in warning


def test_an_alternative_that_is_also_forbidden_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("en,zh,forbidden\nexit ban,出境禁令|出口禁令,出口禁令\n", encoding="utf-8")
    problems = [(p.line, p.severity, p.message) for p in check_glossary(path)]
    assert problems == [(2, "error", "forbidden rendering '出口禁令' is also an admitted alternative")]


def test_translate_names_the_first_bad_line_and_counts_the_rest(tmp_path: Path, cli, sample) -> None:
    csv = tmp_path / "short.csv"
    csv.write_text("en,zh\nexit ban,\nCCP,中共\n,中国\n", encoding="utf-8")
    result = cli("translate", sample, "--out", tmp_path / "out", "--engine", "none", "--glossary", csv)
    assert result.exit_code == 0
    warning = " ".join(result.stderr.split())
    assert f"warning: {csv}:2: 'exit ban' has no target; entry ignored (and 1 more)" in warning
