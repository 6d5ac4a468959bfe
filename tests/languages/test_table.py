"""The one languages table: spellings, PO stems, plural forms from Babel, script and direction."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.languages.table import LANGUAGES, find, plural_forms, resolve, resolve_targets
from pipeline.languages.variants import VARIANTS

SPELLINGS = [
    ("ja", "ja"), ("JA", "ja"), ("jpn_Jpan", "ja"), ("fr", "fr"), ("fra_Latn", "fr"), ("pt_br", "pt-BR"),
    ("pt-BR", "pt-BR"), ("zh-CN", "zh-Hans"), ("zh_TW", "zh-TW"), ("zh", "zh-Hans"), ("arb_Arab", "ar"),
    ("iw", "he"), ("farsi", "fa"), ("zh_Hant", "zh-Hant"),
]


@pytest.mark.parametrize(("spelling", "code"), SPELLINGS)
def test_every_spelling_resolves_to_one_language(spelling, code):
    assert resolve(spelling).code == code


@pytest.mark.parametrize(
    ("code", "stem"), [("ja", "ja"), ("ko", "ko"), ("fr", "fr"), ("pt-BR", "pt_BR"), ("ar", "ar"), ("zh-Hans", "zh_Hans")]
)
def test_po_stems_are_gettext_locales(code, stem):
    assert resolve(code).po_stem == stem


def test_plural_forms_come_from_babel_for_every_language():
    from babel.messages.plurals import get_plural

    for language in LANGUAGES.values():
        assert language.plural_forms == get_plural(language.po_stem).plural_forms
    assert plural_forms("ja") == "nplurals=1; plural=0;"
    assert plural_forms("ru").startswith("nplurals=3;")


def test_right_to_left_languages():
    assert sorted(c for c, lang in LANGUAGES.items() if lang.is_rtl) == ["ar", "fa", "he", "ur"]


def test_chinese_variants_are_the_chinese_rows_of_the_table():
    assert list(VARIANTS) == ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"]
    assert all(v is LANGUAGES[c] for c, v in VARIANTS.items())
    assert {v.base for v in VARIANTS.values()} == {"zh-Hans"}
    assert all(lang.base == lang.code for lang in LANGUAGES.values() if not lang.is_chinese)


def test_every_row_is_complete():
    for language in LANGUAGES.values():
        assert language.fonts and language.nllb_code and language.argos_code and language.label
        assert language.column in language.fallback
        assert len(language.marks) == 4
        assert language.direction in ("ltr", "rtl")


def test_an_unknown_language_names_the_known_ones():
    with pytest.raises(InputError, match="unknown language 'xx'") as info:
        resolve("xx")
    assert "ja" in (info.value.hint or "")
    assert find("xx") is None


def test_targets_are_deduplicated_and_the_source_is_refused():
    assert [lang.code for lang in resolve_targets(["ja", "JA", "fr"])] == ["ja", "fr"]
    with pytest.raises(InputError, match="source language"):
        resolve_targets(["en"])


def test_glossary_columns_of_any_language_are_named_through_the_table():
    from pipeline.languages.variants import canonical_lang

    assert [canonical_lang(c) for c in ("JA", "pt_br", "zh-cn", "iw", "jpn", "sr-latn", "fr-FR")] == [
        "ja", "pt-BR", "zh", "he", "ja", "sr-Latn", "fr-FR",  # a regional tag is a column of its own
    ]


def test_argos_pair_codes_come_from_the_table():
    from pipeline.models.packages import argos_code

    assert [argos_code(c) for c in ("zh-TW", "zh_Hans", "ja-JP", "fra_Latn", "pt_BR", "xx")] == ["zh", "zh", "ja", "fr", "pt", "xx"]


def test_variant_ja_points_to_to(cli, tmp_path):
    from conftest import SAMPLE, error_lines

    result = cli("translate", SAMPLE, "--variant", "ja", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert error_lines(result.output) == ["Error: unknown Chinese variant 'ja'"]
    assert "for Japanese use --to ja" in result.output
