"""Term matching: a golden table of (text, [(matched text, entry source)]) for every rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import Glossary, Term, load_glossary

GLOSSARY_CSV = """\
en,zh,variants,case
\"\"\"run\"\" movement\",“润”运动,,
exit ban,出境禁令,,
exit controls,出境管控,,
CCP,中共,,
Chinese Communist Party,中国共产党,,
national security,国家安全,,
national security police,国保,,
human rights defender,人权捍卫者,,
policy,政策,,
tax,税,,
city,城市,,
zero-COVID,清零,,
The Epoch Times,大纪元时报,Epoch Times,
Apple,苹果公司,,sensitive
US,美国,,
Korean visa,韩国签证,,
visa,签证,,
news,新闻,,
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory) -> Glossary:
    path = tmp_path_factory.mktemp("g") / "fixture.csv"
    path.write_text(GLOSSARY_CSV, encoding="utf-8")
    return load_glossary(path)


RUN = '"run" movement'
CCP_FULL = "Chinese Communist Party"

GOLDEN: list[tuple[str, list[tuple[str, str]]]] = [
    # straight and curly quotes alike
    ("joining the “run” movement—fleeing China", [("“run” movement", RUN)]),
    ('joining the "run" movement', [('"run" movement', RUN)]),
    ("joining the 'run' movement", [("'run' movement", RUN)]),
    ("joining the ‘run’ movement", [("‘run’ movement", RUN)]),
    # word boundaries: the verb never matches the quoted entry
    ("people run movement drills", []),
    ("they run. The movement grew", []),
    ("they “run” away from the movement", []),
    # case-insensitive by default
    ("an exit ban", [("exit ban", "exit ban")]),
    ("Exit Ban lifted", [("Exit Ban", "exit ban")]),
    # plural -s, -es, -ies
    ("Exit Bans were imposed", [("Exit Bans", "exit ban")]),
    ("new policies", [("policies", "policy")]),
    ("higher taxes", [("taxes", "tax")]),
    ("in many cities", [("cities", "city")]),
    ("human rights defenders", [("human rights defenders", "human rights defender")]),
    # a plural entry matches its singular too
    ("the exit control at many ports", [("exit control", "exit controls")]),
    ("tightened its exit controls", [("exit controls", "exit controls")]),
    # hyphen and space variants
    ("an exit-ban on him", [("exit-ban", "exit ban")]),
    ("an exit  ban", [("exit  ban", "exit ban")]),
    ("the exit-bans", [("exit-bans", "exit ban")]),
    ("three-year zero-COVID lockdowns", [("zero-COVID", "zero-COVID")]),
    ("zero COVID policy", [("zero COVID", "zero-COVID"), ("policy", "policy")]),
    ("Zero-Covid rules", [("Zero-Covid", "zero-COVID")]),
    # no match inside a longer word
    ("exit banner", []),
    ("the exit bank", []),
    ("policyholders", []),
    ("taxation", []),
    # all-caps abbreviations are case-sensitive
    ("the CCP said", [("CCP", "CCP")]),
    ("the ccp said", []),
    ("the Ccp said", []),
    ("anti-CCP protests", [("CCP", "CCP")]),
    ("tell us more", []),
    ("the US border", [("US", "US")]),
    # explicit case column
    ("Apple said", [("Apple", "Apple")]),
    ("an apple a day", []),
    # possessive 's and ’s stays outside the match
    ("the CCP’s rule", [("CCP", "CCP")]),
    ("the CCP's rule", [("CCP", "CCP")]),
    ("the CCPs of the world", [("CCPs", "CCP")]),
    ("human rights defenders’ families", [("human rights defenders", "human rights defender")]),
    ("the city's mayor", [("city", "city")]),
    # longest match first; adjacent entries both match
    ("Chinese Communist Party (CCP)", [(CCP_FULL, CCP_FULL), ("CCP", "CCP")]),
    ("the Chinese Communist Party’s (CCP) three-year", [(CCP_FULL, CCP_FULL), ("CCP", "CCP")]),
    ("national security police", [("national security police", "national security police")]),
    (
        "national security police and national security",
        [("national security police", "national security police"), ("national security", "national security")],
    ),
    ("a Korean visa and a visa", [("Korean visa", "Korean visa"), ("visa", "visa")]),
    # variants
    ("told The Epoch Times", [("The Epoch Times", "The Epoch Times")]),
    ("told the Epoch Times", [("the Epoch Times", "The Epoch Times")]),
    ("an Epoch Times report", [("Epoch Times", "The Epoch Times")]),
    # words ending in s that are not plurals are not singularized
    ("the news", [("news", "news")]),
    # nothing to find
    ("", []),
    ("   ", []),
    ("“”—", []),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN, ids=[t or "<empty>" for t, _ in GOLDEN])
def test_golden(glossary: Glossary, text: str, expected: list[tuple[str, str]]) -> None:
    matches = glossary.find(text)
    assert [(m.text, m.term.source) for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text


def test_later_entry_wins_for_the_same_form(tmp_path: Path) -> None:
    a = Term(source="exit ban", targets={"zh": "出境禁令"}, origin="a.csv:2")
    b = Term(source="Exit Bans", targets={"zh": "禁止出境"}, variants=("exit ban",), origin="b.csv:2")
    matches = Glossary(terms=(a, b)).find("an exit ban")
    assert [(m.text, m.term.targets["zh"]) for m in matches] == [("exit ban", "禁止出境")]


def test_case_column_applies_to_variants() -> None:
    term = Term(source="Chinese Communist Party", targets={"zh": "中共"}, variants=("CCP",))
    g = Glossary(terms=(term,))
    assert [m.text for m in g.find("the CCP and the ccp")] == ["CCP"]  # all-caps variant: sensitive
    loose = Glossary(terms=(Term(source="CCP", targets={"zh": "中共"}, case_sensitive=False),))
    assert [m.text for m in loose.find("the CCP and the ccp")] == ["CCP", "ccp"]


def test_unmatchable_forms_are_ignored() -> None:
    g = Glossary(terms=(Term(source="“”", targets={"zh": "x"}), Term(source="ban", targets={"zh": "禁令"})))
    assert [m.text for m in g.find("a “” ban")] == ["ban"]


WORDS = ["exit", "ban", "bans", "CCP", "ccp", "national", "security", "police", "“run”", "movement", "run", "-", "the"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.sampled_from([" ", "  ", "-", "\n"]))
def test_matches_are_ordered_disjoint_slices(glossary: Glossary, words: list[str], sep: str) -> None:
    text = sep.join(words)
    matches = glossary.find(text)
    previous_end = 0
    for m in matches:
        assert previous_end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        previous_end = m.end


@pytest.mark.slow
def test_large_glossary_loads_and_matches_every_term(tmp_path: Path) -> None:
    """A smaller cousin of benchmarks/bench_glossary.py (20,000 entries); timings live in the benchmark."""
    path = tmp_path / "big.tsv"
    rows = ["en\tzh"] + [f"term{i} word{i % 97}\t词{i}" for i in range(20_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    g = load_glossary(path)
    text = " ".join(f"term{i} word{i % 97} and more filler text" for i in range(0, 20_000, 40))
    matches = g.find(text)
    assert len(g.terms) == 20_000
    assert len(matches) == 500
    assert [m.term.source for m in matches] == [f"term{i} word{i % 97}" for i in range(0, 20_000, 40)]
