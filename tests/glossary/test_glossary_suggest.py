"""mtpipe glossary suggest: candidate terms from articles, ranked, with counts, contexts and reviewers' renderings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import GLOSSARY, ROOT, SAMPLE

from pipeline.catalog import Catalog, Entry, new_header, write_catalog
from pipeline.glossary import Glossary, Term, load_glossary
from pipeline.glossary.suggest import candidates_csv, suggest_terms

TEXTS = [
    "The Chinese Communist Party’s (CCP) rule tightened.",
    "The CCP imposed an exit ban on him.",
    "Rights groups punish human rights defenders (HRD) often.",
    "He joined the \"run\" movement last year.",
    "The “run” movement grew fast.",
    "Safeguard Defenders published a report. Safeguard Defenders said more.",
    "An exit ban was imposed. Another exit ban followed. The third exit ban came.",
    "The ministry said so.",
]


def _by_term(candidates):  # type: ignore[no-untyped-def]
    return {c.term: c for c in candidates}


def test_the_four_kinds_are_found_with_counts_and_two_contexts() -> None:
    found = _by_term(suggest_terms(texts=TEXTS))
    ccp = found["Chinese Communist Party"]
    assert (ccp.kind, ccp.variant, ccp.count) == ("acronym", "CCP", 2)
    assert found["human rights defenders"].variant == "HRD"
    assert found['"run" movement'].kind == "coinage" and found['"run" movement'].count == 2
    assert found["Safeguard Defenders"].kind == "name"
    exit_ban = found["exit ban"]
    assert (exit_ban.kind, exit_ban.count) == ("phrase", 4)
    assert len(exit_ban.contexts) == 2 and all("[exit ban]" in c for c in exit_ban.contexts)
    assert "ministry said" not in found and "The ministry" not in found


def test_ranked_by_count() -> None:
    ranked = [c.term for c in suggest_terms(texts=TEXTS)]
    assert ranked[0] == "exit ban"


def test_terms_in_the_glossary_are_left_out() -> None:
    glossary = Glossary(terms=(Term("exit ban", {"zh": "出境禁令"}), Term("CCP", {"zh": "中共"}, variants=("Chinese Communist Party",))))
    terms = {c.term for c in suggest_terms(texts=TEXTS, glossary=glossary)}
    assert "exit ban" not in terms and "Chinese Communist Party" not in terms
    assert "Safeguard Defenders" in terms


def test_the_rendering_reviewers_used_most() -> None:
    reviewed = [
        ("An exit ban was imposed.", "被施以出境禁令。"),
        ("Another exit ban followed.", "又一项出境禁令随之而来。"),
        ("The exit ban hurt him.", "出境限制伤害了他。"),
        ("He left the country.", "他离开了这个国家。"),
    ]
    found = _by_term(suggest_terms(texts=TEXTS, reviewed=reviewed))
    assert (found["exit ban"].rendering, found["exit ban"].rendering_support) == ("出境禁令", (2, 3))
    assert found["Safeguard Defenders"].rendering == ""


def test_the_csv_is_a_glossary_table(tmp_path: Path) -> None:
    text = candidates_csv(suggest_terms(texts=TEXTS))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["en", "zh", "variants", "note"]
    assert ["Chinese Communist Party", "", "CCP"] == rows[[r[0] for r in rows].index("Chinese Communist Party")][:3]
    path = tmp_path / "candidates.csv"
    path.write_text(text.replace(',,CCP,', ',中国共产党,CCP,'), encoding="utf-8")
    assert "Chinese Communist Party" in {t.source for t in load_glossary(path).terms}


def test_cli_suggest_with_from_po(tmp_path: Path, cli) -> None:
    article = tmp_path / "a.txt"
    article.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,zh\nSafeguard Defenders,保护卫士\n", encoding="utf-8")
    po_dir = tmp_path / "po"
    po_dir.mkdir()
    entries = [
        Entry("p1.s1", "An exit ban was imposed.", "被施以出境禁令。"),
        Entry("p1.s2", "Another exit ban followed.", "又一项出境禁令。"),
        Entry("p1.s3", "The exit ban stays.", "出境禁令仍在。", flags=("fuzzy",)),
    ]
    write_catalog(po_dir / "zh_Hans.po", Catalog("zh_Hans", new_header("t", "zh_Hans"), entries))
    out = tmp_path / "candidates.csv"
    result = cli("glossary", "suggest", article, "--glossary", glossary, "--from-po", po_dir, "--to", out)
    assert result.exit_code == 0, result.output
    rows = {r[0]: r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))}
    assert rows["exit ban"][1] == "出境禁令" and "zh used in 2 of 2 reviewed translations" in rows["exit ban"][3]
    assert "Safeguard Defenders" not in rows
    assert "4 candidates from 11 segments and 2 reviewed translations; written to" in result.output


def test_golden_sample_no_neighbouring_terms_rendering(tmp_path: Path, cli) -> None:
    """On the committed sample, "human rights" was given 出境禁令 ("exit ban", 4 of 4): the glossary
    rendering of exit ban, which shares its sentences, and counted once per PO file."""
    out = tmp_path / "candidates.csv"
    result = cli("glossary", "suggest", SAMPLE, "--glossary", GLOSSARY, "--from-po", ROOT / "translations", "--to", out)
    assert result.exit_code == 0, result.output
    rows = {r[0]: r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))}
    glossary = load_glossary(GLOSSARY)
    renderings = {text for term in glossary.terms for text in term.targets.values()}
    assert "human rights" in rows
    zh = rows["human rights"][1]
    assert zh != "出境禁令" and zh not in renderings
    assert zh in ("", "人权")  # one free occurrence per PO: too little evidence for any rendering


EXIT_BAN = Glossary(terms=(Term("exit ban", {"zh": "出境禁令", "zh-Hant": "出境禁令"}),))
HUMAN_RIGHTS_TEXTS = ["Human rights groups condemned it.", "It violates human rights.", "He spoke about human rights."]


def test_a_neighbouring_glossary_terms_rendering_is_not_the_terms() -> None:
    reviewed = [
        ("Human rights groups condemned the exit ban.", "人权组织谴责出境禁令。"),
        ("The exit ban violates human rights.", "出境禁令侵犯人权。"),
        ("He spoke about human rights and the exit ban.", "他谈到了人权和出境禁令。"),
        ("He left.", "他离开了。"),
    ]
    found = _by_term(suggest_terms(texts=HUMAN_RIGHTS_TEXTS, glossary=EXIT_BAN, reviewed=reviewed))
    assert (found["human rights"].rendering, found["human rights"].rendering_support) == ("人权", (3, 3))


def test_a_string_as_common_without_the_term_is_no_rendering() -> None:
    reviewed = [
        ("Human rights matter, he said.", "他说，这很重要。"),
        ("He said human rights were violated.", "他说，权利受到侵犯。"),
        ("He said the ban stays.", "他说，禁令仍在。"),
        ("He said nothing more.", "他说，没有更多了。"),
    ]
    found = _by_term(suggest_terms(texts=HUMAN_RIGHTS_TEXTS, reviewed=reviewed))
    assert found["human rights"].rendering == ""


def test_one_sentence_in_two_variants_is_one_piece_of_evidence() -> None:
    reviewed = [
        ("Human rights groups met in Japan.", "人权团体在日本开会。"),  # zh_Hans.po
        ("Human rights groups met in Japan.", "人權團體在日本開會。"),  # zh_TW.po: 在日本 in both
    ]
    found = _by_term(suggest_terms(texts=HUMAN_RIGHTS_TEXTS, reviewed=reviewed))
    assert found["human rights"].rendering == ""


def test_an_occurrence_inside_a_glossary_term_is_not_evidence() -> None:
    glossary = Glossary(terms=(Term("human rights defender", {"zh": "人权捍卫者"}),))
    reviewed = [
        ("Human rights defenders were jailed.", "人权捍卫者被监禁。"),
        ("Two human rights defenders were jailed.", "两名人权捍卫者被监禁。"),
        ("Human rights groups protested.", "人权团体抗议。"),
        ("He spoke about human rights.", "他谈到了人权。"),
    ]
    found = _by_term(suggest_terms(texts=HUMAN_RIGHTS_TEXTS, glossary=glossary, reviewed=reviewed))
    assert (found["human rights"].rendering, found["human rights"].rendering_support) == ("人权", (2, 2))
