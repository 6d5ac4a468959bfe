"""pySBD's 48 English Golden Rules, as a golden table for mtpipe's segmenter.

The rules are pySBD's peer test suite (``benchmarks/english_golden_rules.py``
in the pysbd 0.3.4 package, MIT licence, by Nipun Sadvilkar), copied verbatim
with their numbers and titles. Each case is ``(number, title, text,
expected sentences)``; segments are compared stripped, as pySBD's benchmark
does, and every case also checks that the spans join back into the input.
Known failures stay visible as ``xfail`` with the reason.
"""

from __future__ import annotations

import re

import pytest

from conftest import checked_sentences as _segments

GOLDEN_EN_RULES = [
    (1, "Simple period to end sentence", "Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
    (
        2,
        "Question mark to end sentence",
        "What is your name? My name is Jonas.",
        ["What is your name?", "My name is Jonas."],
    ),
    (3, "Exclamation point to end sentence", "There it is! I found it.", ["There it is!", "I found it."]),
    (4, "One letter upper case abbreviations", "My name is Jonas E. Smith.", ["My name is Jonas E. Smith."]),
    (5, "One letter lower case abbreviations", "Please turn to p. 55.", ["Please turn to p. 55."]),
    (
        6,
        "Two letter lower case abbreviations in the middle of a sentence",
        "Were Jane and co. at the party?",
        ["Were Jane and co. at the party?"],
    ),
    (
        7,
        "Two letter upper case abbreviations in the middle of a sentence",
        "They closed the deal with Pitt, Briggs & Co. at noon.",
        ["They closed the deal with Pitt, Briggs & Co. at noon."],
    ),
    (
        8,
        "Two letter lower case abbreviations at the end of a sentence",
        "Let's ask Jane and co. They should know.",
        ["Let's ask Jane and co.", "They should know."],
    ),
    (
        9,
        "Two letter upper case abbreviations at the end of a sentence",
        "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
        ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."],
    ),
    (
        10,
        "Two letter (prepositive) abbreviations",
        "I can see Mt. Fuji from here.",
        ["I can see Mt. Fuji from here."],
    ),
    (
        11,
        "Two letter (prepositive & postpositive) abbreviations",
        "St. Michael's Church is on 5th st. near the light.",
        ["St. Michael's Church is on 5th st. near the light."],
    ),
    (12, "Possessive two letter abbreviations", "That is JFK Jr.'s book.", ["That is JFK Jr.'s book."]),
    (
        13,
        "Multi-period abbreviations in the middle of a sentence",
        "I visited the U.S.A. last year.",
        ["I visited the U.S.A. last year."],
    ),
    (
        14,
        "Multi-period abbreviations at the end of a sentence",
        "I live in the E.U. How about you?",
        ["I live in the E.U.", "How about you?"],
    ),
    (
        15,
        "U.S. as sentence boundary",
        "I live in the U.S. How about you?",
        ["I live in the U.S.", "How about you?"],
    ),
    (
        16,
        "U.S. as non sentence boundary with next word capitalized",
        "I work for the U.S. Government in Virginia.",
        ["I work for the U.S. Government in Virginia."],
    ),
    (
        17,
        "U.S. as non sentence boundary",
        "I have lived in the U.S. for 20 years.",
        ["I have lived in the U.S. for 20 years."],
    ),
    (
        18,
        "A.M. / P.M. as non sentence boundary and sentence boundary",
        "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.",
        [
            "At 5 a.m. Mr. Smith went to the bank.",
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store.",
        ],
    ),
    (19, "Number as non sentence boundary", "She has $100.00 in her bag.", ["She has $100.00 in her bag."]),
    (
        20,
        "Number as sentence boundary",
        "She has $100.00. It is in her bag.",
        ["She has $100.00.", "It is in her bag."],
    ),
    (
        21,
        "Parenthetical inside sentence",
        "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
        ["He teaches science (He previously worked for 5 years as an engineer.) at the local University."],
    ),
    (
        22,
        "Email addresses",
        "Her email is Jane.Doe@example.com. I sent her an email.",
        ["Her email is Jane.Doe@example.com.", "I sent her an email."],
    ),
    (
        23,
        "Web addresses",
        "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out.",
        ["The site is: https://www.example.50.com/new-site/awesome_content.html.", "Please check it out."],
    ),
    (
        24,
        "Single quotations inside sentence",
        "She turned to him, 'This is great.' she said.",
        ["She turned to him, 'This is great.' she said."],
    ),
    (
        25,
        "Double quotations inside sentence",
        'She turned to him, "This is great." she said.',
        ['She turned to him, "This is great." she said.'],
    ),
    (
        26,
        "Double quotations at the end of a sentence",
        'She turned to him, "This is great." She held the book out to show him.',
        ['She turned to him, "This is great."', "She held the book out to show him."],
    ),
    (27, "Double punctuation (exclamation point)", "Hello!! Long time no see.", ["Hello!!", "Long time no see."]),
    (28, "Double punctuation (question mark)", "Hello?? Who is there?", ["Hello??", "Who is there?"]),
    (
        29,
        "Double punctuation (exclamation point / question mark)",
        "Hello!? Is that you?",
        ["Hello!?", "Is that you?"],
    ),
    (
        30,
        "Double punctuation (question mark / exclamation point)",
        "Hello?! Is that you?",
        ["Hello?!", "Is that you?"],
    ),
    (
        31,
        "List (period followed by parens and no period to end item)",
        "1.) The first item 2.) The second item",
        ["1.) The first item", "2.) The second item"],
    ),
    (
        32,
        "List (period followed by parens and period to end item)",
        "1.) The first item. 2.) The second item.",
        ["1.) The first item.", "2.) The second item."],
    ),
    (
        33,
        "List (parens and no period to end item)",
        "1) The first item 2) The second item",
        ["1) The first item", "2) The second item"],
    ),
    (
        34,
        "List (parens and period to end item)",
        "1) The first item. 2) The second item.",
        ["1) The first item.", "2) The second item."],
    ),
    (
        35,
        "List (period to mark list and no period to end item)",
        "1. The first item 2. The second item",
        ["1. The first item", "2. The second item"],
    ),
    (
        36,
        "List (period to mark list and period to end item)",
        "1. The first item. 2. The second item.",
        ["1. The first item.", "2. The second item."],
    ),
    (
        37,
        "List with bullet",
        "• 9. The first item • 10. The second item",
        ["• 9. The first item", "• 10. The second item"],
    ),
    (
        38,
        "List with hyphen",
        "⁃9. The first item ⁃10. The second item",
        ["⁃9. The first item", "⁃10. The second item"],
    ),
    (
        39,
        "Alphabetical list",
        "a. The first item b. The second item c. The third list item",
        ["a. The first item", "b. The second item", "c. The third list item"],
    ),
    (
        40,
        "Geo Coordinates",
        "You can find it at N°. 1026.253.553. That is where the treasure is.",
        ["You can find it at N°. 1026.253.553.", "That is where the treasure is."],
    ),
    (
        41,
        "Named entities with an exclamation point",
        "She works at Yahoo! in the accounting department.",
        ["She works at Yahoo! in the accounting department."],
    ),
    (
        42,
        "I as a sentence boundary and I as an abbreviation",
        "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
        ["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"],
    ),
    (
        43,
        "Ellipsis at end of quotation",
        "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”",
        [
            "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less "
            "complex. . . .”",
        ],
    ),
    (
        44,
        "Ellipsis with square brackets",
        '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',
        ['"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).'],
    ),
    (
        45,
        "Ellipsis as sentence boundary (standard ellipsis rules)",
        "If words are left off at the end of a sentence, and that is all that is omitted, indicate the "
        "omission with ellipsis marks (preceded and followed by a space) and then indicate the end of the "
        "sentence with a period . . . . Next sentence.",
        [
            "If words are left off at the end of a sentence, and that is all that is omitted, indicate the "
            "omission with ellipsis marks (preceded and followed by a space) and then indicate the end of "
            "the sentence with a period . . . .",
            "Next sentence.",
        ],
    ),
    (
        46,
        "Ellipsis as sentence boundary (non-standard ellipsis rules)",
        "I never meant that.... She left the store.",
        ["I never meant that....", "She left the store."],
    ),
    (
        47,
        "Ellipsis as non sentence boundary",
        "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
        ["I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it."],
    ),
    (
        48,
        "4-dot ellipsis",
        "One further habit which was somewhat weakened . . . was that of combining words into "
        "self-interpreting compounds. . . . The practice was not abandoned. . . .",
        [
            "One further habit which was somewhat weakened . . . was that of combining words into "
            "self-interpreting compounds.",
            ". . . The practice was not abandoned. . . .",
        ],
    ),
]

#: Texts next to the rules above that must not be swept along by the rules
#: that pass them (``text``, expected sentences, what it guards).
NEAR_MISSES = [
    # Inline lists (31-39) need a run of consecutive markers that starts a sentence.
    ("He listed 1) cost and 2) time.", ["He listed 1) cost and 2) time."], "lower-case items"),
    ("He listed 1) Cost and 2) Time as reasons.", ["He listed 1) Cost and 2) Time as reasons."], "mid-sentence"),
    (
        "In 2019 he scored 9. In 2020 he scored 10. In 2021 he retired.",
        ["In 2019 he scored 9.", "In 2020 he scored 10.", "In 2021 he retired."],
        "consecutive numbers ending sentences",
    ),
    ("The score was 1. Then it was 2. The end.", ["The score was 1.", "Then it was 2.", "The end."], "scores"),
    ("Vitamin E. F. Scott Fitzgerald wrote.", ["Vitamin E. F. Scott Fitzgerald wrote."], "capital initials"),
    ("a. The first item", ["a. The first item"], "one marker is no list"),
    ("Reasons: 1. Cost 2. Time 3. Risk", ["Reasons: 1. Cost", "2. Time", "3. Risk"], "a list after a colon"),
    ("1. The first item\n2. The second item", ["1. The first item", "2. The second item"], "a list over lines"),
    ("Items: a) One b) Two", ["Items: a) One", "b) Two"], "lettered with parentheses"),
    (
        "Steps to take\n  3. Open the box\n  4. Take it out",
        ["Steps to take", "3. Open the box", "4. Take it out"],
        "a list that starts a line starts a sentence",
    ),
    (
        "Steps to take 3. Open the box 4. Take it out",
        ["Steps to take 3.", "Open the box 4.", "Take it out"],
        "a run must start a sentence or a line",
    ),
    # N° (40) is a number abbreviation.
    ("Room N°. 5 is closed.", ["Room N°. 5 is closed."], "N° before a number"),
    # A citation (44) ends the quotation's sentence only when the sentence ends after it.
    (
        '"It is over..." (Lee, p. 12-14). Then it ended.',
        ['"It is over..." (Lee, p. 12-14).', "Then it ended."],
        "a citation with a page range",
    ),
    (
        "The study was done in 2010. (Smith 2012) disagrees.",
        ["The study was done in 2010.", "(Smith 2012) disagrees."],
        "a parenthesis opening a sentence",
    ),
    # Spaced ellipses (47): three periods go on, four end the sentence.
    ("He hesitated . . . Then he spoke.", ["He hesitated . . . Then he spoke."], "spaced three-dot ellipsis"),
    ("He waited . . . . Then he spoke.", ["He waited . . . .", "Then he spoke."], "spaced four-dot ellipsis"),
    ("It was over... The crowd left.", ["It was over...", "The crowd left."], "unspaced ellipsis"),
    # Clock times (18): a time that opens its sentence keeps the title after it.
    ("He left at 6 p.m. Mr. Smith stayed.", ["He left at 6 p.m.", "Mr. Smith stayed."], "time then title"),
    ("On Tuesday at 5 p.m. Mr. Smith spoke.", ["On Tuesday at 5 p.m. Mr. Smith spoke."], "fronted after a day"),
    ("Shortly after 6 a.m. Dr. Lee arrived.", ["Shortly after 6 a.m. Dr. Lee arrived."], "fronted after an adverb"),
    ("It ended. At 7:30 p.m. Mr. Lee left.", ["It ended.", "At 7:30 p.m. Mr. Lee left."], "fronted, second sentence"),
    ("The flight leaves at 6 p.m. Monday.", ["The flight leaves at 6 p.m. Monday."], "time then a day"),
]

#: Rules mtpipe does not follow, by number, with the reason.
KNOWN_FAILURES = {
    48: "mtpipe keeps a four-dot ellipsis with the sentence it ends ('She waited. . . . Nobody came.' in "
    "the mtpipe golden table, and rule 45 here); pySBD gives its last three dots to the next sentence",
}

#: The least number of rules that must pass (the issue's target: pySBD itself passes 47).
TARGET = 47


def _params():  # type: ignore[no-untyped-def]
    for number, title, text, expected in GOLDEN_EN_RULES:
        marks = []
        if number in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[number], strict=True))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        yield pytest.param(text, expected, id=f"{number}-{slug}", marks=marks)


@pytest.mark.parametrize(("text", "expected"), list(_params()))
def test_golden_rule(text: str, expected: list[str]) -> None:
    assert _segments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=guard.replace(" ", "-")) for text, expected, guard in NEAR_MISSES],
)
def test_near_miss(text: str, expected: list[str]) -> None:
    assert _segments(text) == expected


#: Marker styles of inline lists, beyond the exact texts of rules 31-39.
LIST_STYLES = {
    "dot": lambda k: f"{k}.",
    "paren": lambda k: f"{k})",
    "dot-paren": lambda k: f"{k}.)",
    "bullet": lambda k: f"• {k + 7}.",
    "hyphen-bullet": lambda k: f"⁃{k + 98}.",
    "letter": lambda k: f"{'abcdefgh'[k - 1]}.",
    "letter-paren": lambda k: f"{'abcdefgh'[k - 1]})",
}


@pytest.mark.parametrize("style", sorted(LIST_STYLES))
@pytest.mark.parametrize("count", [2, 3, 6])
@pytest.mark.parametrize("end", ["", "."])
def test_inline_list_items_become_sentences(style: str, count: int, end: str) -> None:
    marker = LIST_STYLES[style]
    items = [f"{marker(k)} Item number {k} is “{'xyz' * k}”{end}" for k in range(1, count + 1)]
    assert _segments(" ".join(items)) == items
    assert _segments("Steps: " + " ".join(items)) == ["Steps: " + items[0], *items[1:]]


def test_all_48_rules_and_at_least_47_pass() -> None:
    assert [number for number, *_ in GOLDEN_EN_RULES] == list(range(1, 49))
    assert len(GOLDEN_EN_RULES) - len(KNOWN_FAILURES) >= TARGET


def test_docs_state_the_pass_count() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "segmentation.md").read_text(encoding="utf-8")
    passed = len(GOLDEN_EN_RULES) - len(KNOWN_FAILURES)
    assert f"of which mtpipe passes {passed}" in " ".join(readme.split())
