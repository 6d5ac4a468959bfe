"""A glossary with a target column per language: lookup per language and `glossary check`'s missing-column warning."""

from __future__ import annotations

from pipeline.glossary import check_glossary, load_glossary
from pipeline.translate.masking import required_target

TABLE = """\
en,zh,ja,fr,ar,dnt
exit ban,出境禁令,出国禁止,interdiction de sortie,حظر السفر,
hostage diplomacy,人质外交,,diplomatie des otages,,
HRD,,,,,yes
"""


def test_each_language_reads_its_own_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(TABLE, encoding="utf-8")
    glossary = load_glossary(path)
    [term] = [t for t in glossary.terms if t.source == "exit ban"]
    assert [required_target(term, lang) for lang in ("zh-Hans", "ja", "fr", "ar")] == [
        "出境禁令", "出国禁止", "interdiction de sortie", "حظر السفر",
    ]
    assert required_target(term, "zh-TW") == "出境禁令"  # converted from zh (no zh-TW column)
    assert required_target(term, "de") is None  # no column: nothing enforced in German
    [dnt] = [t for t in glossary.terms if t.source == "HRD"]
    assert required_target(dnt, "ar") == "HRD"


def test_check_reports_a_language_with_no_target_for_a_term(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(TABLE, encoding="utf-8")
    warnings = [(p.line, p.message) for p in check_glossary(path) if p.severity == "warning"]
    assert warnings == [(3, "'hostage diplomacy' has no ja, ar target: not enforced in those languages")]


def test_cli_check_lists_the_warning_and_exits_0(cli, tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(TABLE, encoding="utf-8")
    result = cli("glossary", "check", path)
    assert result.exit_code == 0
    assert f"{path}:3: warning: 'hostage diplomacy' has no ja, ar target: not enforced in those languages" in result.output


def test_the_glossary_hash_is_keyed_by_language(tmp_path):
    from pipeline.glossary.coverage import language_hash

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(TABLE, encoding="utf-8")
    second.write_text(TABLE.replace("interdiction de sortie", "interdiction de quitter le territoire"), encoding="utf-8")
    a, b = load_glossary(first), load_glossary(second)
    assert language_hash(a, "fr") != language_hash(b, "fr")  # the French column changed
    assert language_hash(a, "ja") == language_hash(b, "ja")  # Japanese drafts stay valid
    assert language_hash(a, "ja") != language_hash(a, "ar")
    assert language_hash(a, "zh-Hans") == a.content_hash  # Simplified keeps its historical key


def test_a_glossary_with_only_non_chinese_columns_is_accepted(tmp_path):
    path = tmp_path / "fr-ja.csv"
    path.write_text("en,fr,ja\nexit ban,interdiction de sortie,出国禁止\n", encoding="utf-8")
    assert [p for p in check_glossary(path) if p.severity == "error"] == []


TBX = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>
    <termEntry id="exit ban">
        <langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>
        <langSet xml:lang="zh_Hans"><tig><term>出境禁令</term></tig></langSet>
        <langSet xml:lang="jpn"><tig><term>出国禁止</term></tig></langSet>
        <langSet xml:lang="fr"><tig><term>interdiction de sortie</term></tig>
            <tig><term>interdiction d'exportation</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        </langSet>
        <langSet xml:lang="ar"><tig><term>حظر السفر</term></tig></langSet>
    </termEntry>
</body></text>
</martif>
"""


def test_every_language_of_a_tbx_is_a_target(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(TBX, encoding="utf-8")
    [term] = load_glossary(path).terms
    assert [required_target(term, lang) for lang in ("zh-Hans", "ja", "fr", "ar")] == [
        "出境禁令", "出国禁止", "interdiction de sortie", "حظر السفر",
    ]
    assert term.forbidden_for("fr") == ("interdiction d'exportation",) and term.forbidden_for("ja") == ()  # its langSet's only
