"""Verb forms, British/American spellings, compounds, and matches inside larger units (issue 24, points 1-2)."""

from __future__ import annotations

import pytest

from pipeline.glossary import Glossary, Term, load_glossary, write_csv, write_tbx, load_tbx
from pipeline.glossary.forms import expand_form, verb_forms


def _found(source: str, text: str, **kw: object) -> list[str]:
    glossary = Glossary(terms=(Term(source, {"zh": "译"}, **kw),))  # type: ignore[arg-type]
    return [m.text for m in glossary.find(text)]


# (term, text, what is found)
GOLDEN = [
    ("ban", "They banned it; banning it failed; more bans came.", ["banned", "banning", "bans"]),
    ("quarantine", "He was quarantined, and quarantining others is hard.", ["quarantined", "quarantining"]),
    ("apply", "The rules applied to all.", ["applied"]),
    ("run", "She ran, and they are running.", ["ran", "running"]),
    ("spread", "The virus is spreading; it spread fast.", ["spreading", "spread"]),
    ("flee", "Thousands fled the city.", ["fled"]),
    ("exit ban", "Two were exit banned last year.", ["exit banned"]),
    ("wash hands", "She washed hands often.", ["washed hands"]),
    ("hand washing", "Handwashing, hand-washing and hand washing all help.", ["Handwashing", "hand-washing", "hand washing"]),
    ("handwashing", "Frequent hand washing helps.", ["hand washing"]),
    ("face mask", "Facemasks were sold out.", ["Facemasks"]),
    ("COVID", "COVID-19 is a disease; COVID spread.", ["COVID"]),
    ("COVID-19", "COVID-19 is a disease.", ["COVID-19"]),
    ("Health Service", "The National Health Service and the Health Service said so.", ["Health Service"]),
    ("Health Service", "Health Service staff struck.", ["Health Service"]),
    ("Hong Kong", "Hong Kong's police, in Hong Kong.", ["Hong Kong", "Hong Kong"]),
    # a lower-case term inside a title-case name, but not in a title-case headline
    ("medicine", "The New England Journal of Medicine reports on medicine.", ["medicine"]),
    ("infectious", "It ran in the Lancet Infectious Diseases last year.", []),
    ("medicine", "Medicine is hard. He said Medicine helps.", ["Medicine", "Medicine"]),
    ("exit ban", "China Extends Exit Bans To Officials", ["Exit Bans"]),
]


@pytest.mark.parametrize(("term", "text", "found"), GOLDEN)
def test_golden_forms(term: str, text: str, found: list[str]) -> None:
    assert _found(term, text) == found


def test_all_caps_and_names_are_not_inflected() -> None:
    assert expand_form("COVID") == ["COVID"]
    assert expand_form("Hong Kong") == ["Hong Kong"]


def test_irregular_verbs_come_from_the_table() -> None:
    assert set(verb_forms("run")) >= {"ran", "running"}
    assert "fled" in verb_forms("flee")
    assert verb_forms("pneumonia") == ()


def test_false_compound_guard() -> None:
    # parts of fewer than 4 letters never join: "any one" is not "anyone"
    assert _found("any one", "Anyone can come.") == []
    assert _found("outbreak", "They broke out.") == []


def test_as_written_opts_out() -> None:
    flags = frozenset({"as-written"})
    assert _found("ban", "They banned bans, a ban.", match_flags=flags) == ["ban"]


def test_no_verb_keeps_plurals() -> None:
    assert _found("ban", "They banned bans.", match_flags=frozenset({"no-verb"})) == ["bans"]


def test_no_compound() -> None:
    assert _found("hand washing", "Handwashing helps.", match_flags=frozenset({"no-compound"})) == []


def test_uk_us_opt_in() -> None:
    text = "She was hospitalized; he was hospitalised."
    assert _found("hospitalise", text) == ["hospitalised"]
    assert _found("hospitalise", text, match_flags=frozenset({"uk-us"})) == ["hospitalized", "hospitalised"]
    assert _found("hospitalization", "Hospitalisations rose.", match_flags=frozenset({"uk-us"})) == ["Hospitalisations"]


def test_inside_opt_in() -> None:
    flags = frozenset({"inside"})
    assert _found("COVID", "COVID-19 spread.", match_flags=flags) == ["COVID"]
    assert _found("Health Service", "The National Health Service.", match_flags=flags) == ["Health Service"]


def test_match_column_is_read_checked_and_written(tmp_path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("en,zh,match\nban,禁令,no-verb|uk-us\nCOVID,新冠,inside\nrun,跑,sometimes\n", encoding="utf-8")
    from pipeline.glossary import check_glossary

    glossary = load_glossary(path)
    assert [sorted(t.match_flags) for t in glossary.terms] == [["no-verb", "uk-us"], ["inside"], []]
    problems = check_glossary(path)
    assert any(p.line == 4 and "match flag 'sometimes' unknown" in p.message for p in problems)
    out = tmp_path / "out.csv"
    write_csv(glossary, out)
    assert out.read_text(encoding="utf-8").splitlines()[:2] == ["en,zh,variants,case,dnt,forbidden,match,note", "ban,禁令,,,,,no-verb|uk-us,"]
    tbx = tmp_path / "g.tbx"
    write_tbx(glossary, tbx)
    assert [t.match_flags for t in load_tbx(tbx).terms] == [t.match_flags for t in glossary.terms]


def test_content_hash_sees_the_flags() -> None:
    plain = Glossary(terms=(Term("ban", {"zh": "禁令"}),))
    flagged = Glossary(terms=(Term("ban", {"zh": "禁令"}, match_flags=frozenset({"no-verb"})),))
    assert plain.content_hash != flagged.content_hash
