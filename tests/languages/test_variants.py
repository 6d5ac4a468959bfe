"""The one variants table: every spelling resolves to one variant; unknown codes are refused."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.languages.variants import VARIANTS, canonical_lang, find, resolve

SPELLINGS = [
    ("zh-Hans", "zh-Hans"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh_cn", "zh-Hans"),
    ("ZH-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("zh-Hans-CN", "zh-Hans"),
    ("zh-Hant", "zh-Hant"), ("zh_Hant", "zh-Hant"), ("ZH-HANT", "zh-Hant"),
    ("zh-TW", "zh-TW"), ("ZH-tw", "zh-TW"), ("zh_TW", "zh-TW"), ("zh-Hant-TW", "zh-TW"),
    ("zh-HK", "zh-HK"), ("zh_hk", "zh-HK"), ("zh-MO", "zh-HK"), ("zh-Hant-HK", "zh-HK"),
    (" zh-tw ", "zh-TW"),
]


@pytest.mark.parametrize("spelling,code", SPELLINGS)
def test_every_spelling_resolves(spelling, code):
    assert resolve(spelling).code == code


@pytest.mark.parametrize("bad", ["fr", "zh-XX", "", "chinese", "en"])
def test_unknown_variant_is_refused_with_the_known_codes(bad):
    with pytest.raises(InputError) as info:
        resolve(bad)
    assert "zh-Hans" in (info.value.hint or "") and "zh-TW" in (info.value.hint or "")
    assert find(bad) is None


def test_po_stem_and_html_lang_resolve_back_to_their_variant():
    for v in VARIANTS.values():
        assert resolve(v.po_stem) is v
        assert resolve(v.html_lang) is v


def test_no_spelling_names_two_variants():
    seen: dict[str, str] = {}
    for v in VARIANTS.values():
        for key in (v.code, v.po_stem, v.html_lang, *v.aliases):
            k = key.lower().replace("_", "-")
            assert seen.setdefault(k, v.code) == v.code, k


def test_fallback_chain_starts_with_the_own_column():
    for v in VARIANTS.values():
        assert v.fallback[0] == v.column
        assert v.is_traditional == (v.opencc_config is not None)


@pytest.mark.parametrize(
    "code,column",
    [("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh", "zh"), ("zh_Hant", "zh-Hant"), ("zh-hant-tw", "zh-TW"),
     ("zh-mo", "zh-HK"), ("EN", "en"), ("pt_br", "pt-BR"), ("sr-latn", "sr-Latn")],
)
def test_canonical_lang_gives_glossary_columns(code, column):
    assert canonical_lang(code) == column
