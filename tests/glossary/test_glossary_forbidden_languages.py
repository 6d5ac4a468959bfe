"""Forbidden renderings per language: `forbidden:fr` columns (CSV, TSV), TBX deprecated terms per langSet; each language reads its own list."""

from __future__ import annotations

import pytest

from pipeline.catalog import Catalog, Entry, new_header, write_catalog
from pipeline.glossary import load_glossary
from pipeline.glossary.coverage import language_hash
from pipeline.glossary.tabular import table_text
from pipeline.translate.masking import protected_for_matches

CSV = """\
en,zh,fr,ja,zh-TW,forbidden,forbidden:fr,forbidden:JA,forbidden:zh-TW
exit ban,出境禁令,interdiction de sortie,出国禁止,,出口禁止,sortie interdite|ban de sortie,出口禁止令,出口禁令
"""

TBX = """\
<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="t1">
    <langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>
    <langSet xml:lang="zh-Hans">
      <tig><term>出境禁令</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>出口禁止</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
    <langSet xml:lang="fr">
      <tig><term>interdiction de sortie</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>sortie interdite</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      <tig><term>ban de sortie</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
      <tig><term>interdiction de quitter le territoire</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    </langSet>
    <langSet xml:lang="ja">
      <tig><term>出国禁止</term><termNote type="usageStatus">preferred</termNote></tig>
      <tig><term>出口禁止令</term><termNote type="usageStatus">notRecommended</termNote></tig>
    </langSet>
  </termEntry>
</body></text></martif>
"""


def _write(tmp_path, kind: str):
    if kind == "tbx":
        path = tmp_path / "g.tbx"
        path.write_text(TBX, encoding="utf-8")
    else:
        path = tmp_path / f"g.{kind}"
        text = CSV if kind == "csv" else CSV.replace(",", "\t")
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["csv", "tsv"])
def test_a_table_gives_each_language_its_own_list(tmp_path, kind):
    (term,) = load_glossary(_write(tmp_path, kind)).terms
    assert term.forbidden == ("出口禁止",)  # the forbidden column: the Chinese list
    assert term.forbidden_in == (("fr", "sortie interdite"), ("fr", "ban de sortie"), ("ja", "出口禁止令"), ("zh-TW", "出口禁令"))
    assert term.forbidden_for("fr") == ("sortie interdite", "ban de sortie")
    assert term.forbidden_for("ja") == ("出口禁止令",)  # not the Chinese list, not French
    assert term.forbidden_for("de") == ()
    assert term.forbidden_for("zh-Hans") == ("出口禁止",)
    assert term.forbidden_for("zh-TW") == ("出口禁止", "出口禁令")  # the Chinese list and its own column
    assert term.forbidden_for("zh-HK") == ("出口禁止",)


def test_tbx_deprecated_superseded_and_not_recommended_terms_are_forbidden_in_their_langset_only(tmp_path):
    (term,) = load_glossary(_write(tmp_path, "tbx")).terms
    assert term.forbidden == ("出口禁止",)
    assert term.forbidden_for("fr") == ("sortie interdite", "ban de sortie")
    assert term.forbidden_for("ja") == ("出口禁止令",)
    assert term.alternatives_for("fr") == ("interdiction de quitter le territoire",)  # admitted: kept, never forbidden
    assert "interdiction de quitter le territoire" not in term.forbidden_for("fr")


def test_the_table_writes_each_list_back_under_its_language(tmp_path):
    glossary = load_glossary(_write(tmp_path, "csv"))
    text = table_text(glossary)
    assert text.splitlines()[0] == "en,zh,fr,ja,variants,case,dnt,forbidden,forbidden:fr,forbidden:ja,forbidden:zh-TW,note"
    again = tmp_path / "again.csv"
    again.write_text(text, encoding="utf-8")
    (back,) = load_glossary(again).terms
    (term,) = glossary.terms
    assert (back.forbidden, back.forbidden_in) == (term.forbidden, term.forbidden_in)
    assert table_text(load_glossary(again)) == text


def test_enforcement_passes_each_language_its_own_list(tmp_path):
    glossary = load_glossary(_write(tmp_path, "csv"))
    matches = glossary.find("The exit ban stays.")
    assert [p.forbidden for p in protected_for_matches(matches, "fr")] == [("sortie interdite", "ban de sortie")]
    assert [p.forbidden for p in protected_for_matches(matches, "ja")] == [("出口禁止令",)]
    assert [p.forbidden for p in protected_for_matches(matches, "zh-Hans")] == [("出口禁止",)]


def test_editing_one_language_s_list_changes_only_that_language_s_memory_key(tmp_path):
    before = load_glossary(_write(tmp_path, "csv"))
    edited = tmp_path / "edited.csv"
    edited.write_text(CSV.replace("ban de sortie", "sortie bannie"), encoding="utf-8")
    after = load_glossary(edited)
    assert language_hash(before, "fr") != language_hash(after, "fr")
    assert language_hash(before, "ja") == language_hash(after, "ja")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("en,fr,forbidden:fr\nexit ban,interdiction de sortie,interdiction de sortie\n",
         (2, "error", "forbidden fr rendering 'interdiction de sortie' is also the fr target")),
        ("en,fr,forbidden:fr\nexit ban,interdiction de sortie|sortie interdite,sortie interdite\n",
         (2, "error", "forbidden fr rendering 'sortie interdite' is also an admitted fr alternative")),
        ("en,fr,forbidden\nexit ban,interdiction de sortie,sortie interdite\n",
         (1, "warning", "the forbidden column holds Chinese renderings, and this glossary has no Chinese column: "
                        "name the language of each list, e.g. forbidden:fr")),
        ("en,fr,forbidden:fr,forbidden:fr-FR,forbidden:FR\nexit ban,interdiction de sortie,,,\n",
         (1, "error", "column 'forbidden:FR' appears twice; the first is used")),
        ("en,fr,forbidden:\nexit ban,interdiction de sortie,\n",
         (1, "error", "unknown column 'forbidden:'; ignored (known: a language code, variants, case, dnt, forbidden, match, note)")),
    ],
)
def test_glossary_check_reports_per_language_problems(tmp_path, text, problem):
    from pipeline.glossary import check_glossary

    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    found = [(p.line, p.severity, p.message) for p in check_glossary(path)]
    assert problem in found, found


FR_PO_ENTRIES = [
    Entry("p1.s1", "He was placed under an exit ban last year.", "Il a été placé sous une interdiction de sortie, une sortie interdite."),
    Entry("p2.s1", "The exit ban stays.", "L'interdiction de sortie reste, 出口禁止令."),
]


@pytest.mark.parametrize("kind", ["csv", "tsv", "tbx"])
def test_check_reports_only_the_target_language_s_forbidden_renderings(cli, tmp_path, kind):
    po = tmp_path / "fr.po"
    write_catalog(po, Catalog("fr", new_header("test", "fr"), list(FR_PO_ENTRIES)))
    result = cli("check", po, "--glossary", _write(tmp_path, kind))
    assert result.exit_code != 0
    problems = [line for line in result.output.splitlines() if "[glossary]" in line]
    # The French list is read (p1.s1); the Japanese one (出口禁止令 in p2.s1) and the Chinese one are not.
    assert len(problems) == 1, result.output
    assert "error: [glossary] 'exit ban': forbidden rendering 'sortie interdite' (use 'interdiction de sortie')" in problems[0]
