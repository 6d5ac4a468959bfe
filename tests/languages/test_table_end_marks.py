"""The languages table's sentence-final marks (``end_marks``), which the ``endpunc`` and ``punctuation`` checks ask."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.languages.table import LANGUAGES, resolve

#: (language, English mark, the marks a target may end with, the expected one first): the golden table.
END_MARKS = [
    ("zh-Hans", ".", ("。",)), ("zh-Hans", "?", ("？",)), ("zh-Hans", "!", ("！",)), ("zh-Hans", ":", ("：",)), ("zh-Hans", ";", ("；",)),
    ("zh-TW", ".", ("。",)), ("zh-TW", "?", ("？",)),
    ("ja", ".", ("。",)), ("ja", "!", ("！",)), ("ja", "?", ("？",)),
    ("ko", ".", (".",)), ("ko", "?", ("?",)),
    ("fr", ".", (".",)), ("fr", "?", ("?",)),
    ("de", ".", (".",)), ("es", "?", ("?",)), ("ru", "!", ("!",)),
    ("ar", ".", (".",)), ("ar", "?", ("؟", "?")), ("ar", ";", ("؛", ";")),
    ("fa", "?", ("؟", "?")), ("ur", ".", ("۔", ".")),
    ("hi", ".", ("।",)), ("hi", "?", ("?",)),
    ("el", "?", (";", "\u037e")), ("el", ";", ("\u00b7", "\u0387")),
    ("hy", ".", ("։", ":")),
    ("th", ".", ("",)), ("th", "?", ("?", "")),
]


@pytest.mark.parametrize(("code", "mark", "marks"), END_MARKS)
def test_end_marks_per_language(code, mark, marks):
    assert resolve(code).end_marks_for(mark) == marks


def test_every_row_maps_the_five_english_marks():
    for language in LANGUAGES.values():
        assert [english for english, _ in language.end_marks] == list(".?!:;"), language.code
        assert all(ours for _, ours in language.end_marks), language.code


def test_full_width_punctuation_is_read_from_the_marks():
    assert sorted(c for c, lang in LANGUAGES.items() if lang.fullwidth_punctuation) == ["ja", "zh-HK", "zh-Hans", "zh-Hant", "zh-TW"]
    assert unicodedata.east_asian_width(resolve("ja").end_marks_for(".")[0]) == "W"


def test_sentence_marks_and_closing_marks():
    assert {"।", "?", "!"} <= resolve("hi").sentence_marks
    assert "" not in resolve("th").sentence_marks
    assert resolve("de").closing_marks == "“‘"
    assert resolve("zh-TW").closing_marks == "」』"


@pytest.mark.parametrize(("spelling", "code", "script"), [("hi", "hi", "Deva"), ("hin_Deva", "hi", "Deva"), ("greek", "el", "Grek"), ("hye", "hy", "Armn"), ("th", "th", "Thai")])
def test_hindi_greek_armenian_and_thai_rows(spelling, code, script):
    language = resolve(spelling)
    assert (language.code, language.script, language.direction) == (code, script, "ltr")
    assert language.fonts and language.plural_forms.startswith("nplurals=")


def test_lead_marks_are_spanish_only():
    assert resolve("es").lead_mark_for("?") == "¿" and resolve("es").lead_mark_for("!") == "¡"
    assert resolve("es").lead_mark_for(".") == ""
    assert [c for c, lang in LANGUAGES.items() if lang.lead_marks] == ["es"]


# -------------------------------------------------------------------------- against CLDR

CLDR = Path(__file__).with_name("data") / "cldr_punctuation.tsv"

#: The table's language for each CLDR locale of the data file.
CLDR_LOCALES = {"zh": ("zh-Hans",), "zh-Hant": ("zh-Hant", "zh-TW", "zh-HK"), "ar": ("ar",), "fa": ("fa",), "ur": ("ur",), "hi": ("hi",), "el": ("el",), "hy": ("hy",)}

#: Expected marks CLDR's exemplar sets leave out, and why the table keeps them.
NOT_IN_CLDR = {
    ("el", "·"): "the ano teleia (U+0387, NFC U+00B7) is the Greek semicolon in print; CLDR's set has no mark for it",
    ("hy", "։"): "CLDR lists the colon that Armenian text types for the Armenian full stop (U+0589); the table accepts both, ։ expected",
    ("hy", ";"): "CLDR's Armenian set has no semicolon at all (the mijaket ․ serves); the table keeps the source's ; rather than guess",
}


def _cldr_punctuation() -> dict[str, frozenset[str]]:
    sets = {}
    for line in CLDR.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        locale, _commit, main, auxiliary = line.split("\t")
        sets[locale] = frozenset(unicodedata.normalize("NFC", ch) for ch in main + auxiliary if not ch.isspace())
    return sets


@pytest.mark.parametrize("locale", sorted(CLDR_LOCALES))
def test_expected_end_marks_are_cldr_punctuation_of_the_language(locale):
    """Each expected sentence-final mark (the first of its group) is in CLDR's punctuation exemplars of the locale."""
    punctuation = _cldr_punctuation()[locale]
    for code in CLDR_LOCALES[locale]:
        language = resolve(code)
        for english, _ in language.end_marks:
            expected = unicodedata.normalize("NFC", language.end_marks_for(english)[0])
            if (code, expected) in NOT_IN_CLDR:
                assert expected not in punctuation, f"{code} {expected!r} is in CLDR now: drop it from NOT_IN_CLDR"
                continue
            assert expected in punctuation, (code, english, expected)
