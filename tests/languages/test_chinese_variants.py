"""Simplified → Traditional variants (pipeline.languages.convert over pipeline.languages.variants): OpenCC, glossary overrides, quote styles."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.languages.convert import localize, localize_quotes, to_variant
from pipeline.errors import InputError
from pipeline.languages.variants import VARIANTS, resolve

# (variant, simplified, expected) — each row shows why its OpenCC config was chosen
GOLDEN = [
    ("zh-Hans", "中共收紧出境管制，信息", "中共收紧出境管制，信息"),
    ("zh-Hant", "中共收紧出境管制", "中共收緊出境管制"),
    ("zh-Hant", "台湾的网络信息", "臺灣的網絡信息"),  # s2t: characters only, no vocabulary
    ("zh-TW", "台湾的网络信息", "臺灣的網路資訊"),  # s2twp: Taiwan vocabulary
    ("zh-TW", "里面着", "裡面著"),  # Taiwan glyph standard
    ("zh-HK", "里面着", "裏面着"),  # Hong Kong glyph standard
    ("zh-HK", "台湾的网络信息", "台灣的網絡信息"),
    ("zh-TW", "他于2023年9月经土耳其离开中国。", "他於2023年9月經土耳其離開中國。"),
    ("zh-TW", "U.S. 11:45 ZQ0", "U.S. 11:45 ZQ0"),
]


@pytest.mark.parametrize(("variant", "text", "expected"), GOLDEN)
def test_to_variant_golden(variant: str, text: str, expected: str) -> None:
    assert to_variant(text, variant) == expected


def test_override_wins_over_opencc() -> None:
    text = "中共收紧出境管制，出境管制很严。"
    assert "出境管制" in to_variant(text, "zh-TW")
    out = to_variant(text, "zh-TW", {"出境管制": "出境管控"})
    assert out == "中共收緊出境管控，出境管控很嚴。"


def test_longest_override_first() -> None:
    out = to_variant("出境禁令和出境", "zh-TW", {"出境": "出國", "出境禁令": "限制出境令"})
    assert out == "限制出境令和出國"


def test_override_output_is_not_converted_again() -> None:
    # the required rendering is used verbatim, even if OpenCC would change it
    assert to_variant("信息", "zh-TW", {"信息": "信息"}) == "信息"


@pytest.mark.parametrize(
    ("variant", "text", "expected"),
    [
        ("zh-Hans", "他说“逃离‘润’”", "他说“逃离‘润’”"),
        ("zh-Hans", "他說「逃離『潤』」", "他說“逃離‘潤’”"),
        ("zh-TW", "他說“逃離‘潤’”", "他說「逃離『潤』」"),
        ("zh-HK", "他說“逃離”", "他說「逃離」"),
        ("zh-Hant", "他說“逃離”", "他說「逃離」"),
        ("zh-TW", "CCP’s “清零”", "CCP’s 「清零」"),  # an apostrophe is not a quote
        # regressions: a ’ that closes no ‘ is an apostrophe, not 』
        ("zh-TW", "The中共’s出境禁令", "The中共’s出境禁令"),
        ("zh-HK", "The中共’s出境禁令", "The中共’s出境禁令"),
        ("zh-Hant", "世界人權宣言’principle", "世界人權宣言’principle"),
        ("zh-TW", "Human Rights’ principle", "Human Rights’ principle"),
        ("zh-TW", "‘潤’的中共’s", "『潤』的中共’s"),  # the first ’ closes, the second does not
        ("zh-TW", "“逃離‘潤’和‘躺平’”", "「逃離『潤』和『躺平』」"),
        ("zh-TW", "‘外‘內’外’", "『外『內』外』"),  # nesting tracked
        ("zh-TW", "‘CCP’s rule’", "『CCP’s rule』"),  # inside a quote, between letters: apostrophe
        ("zh-TW", "‘未閉合", "『未閉合"),
    ],
)
def test_localize_quotes(variant: str, text: str, expected: str) -> None:
    assert localize_quotes(text, variant) == expected


def test_localize_combines_characters_overrides_and_quotes() -> None:
    out = localize("“润”运动的出境管制", "zh-TW", {"出境管制": "出境管控"})
    assert out == "「潤」運動的出境管控"


@pytest.mark.parametrize(
    ("code", "stem", "lang"),
    [
        ("zh-Hans", "zh_Hans", "zh-Hans"),
        ("zh_Hant", "zh_Hant", "zh-Hant"),
        ("zh_TW", "zh_TW", "zh-Hant-TW"),
        ("ZH-hk", "zh_HK", "zh-Hant-HK"),
        ("zh_CN", "zh_Hans", "zh-Hans"),
    ],
)
def test_resolve_variant(code: str, stem: str, lang: str) -> None:
    v = resolve(code)
    assert (v.po_stem, v.html_lang) == (stem, lang)


def test_unknown_variant() -> None:
    with pytest.raises(InputError):
        resolve("ja")


def test_variant_table_is_consistent() -> None:
    import opencc

    for code, v in VARIANTS.items():
        assert v.code == code and resolve(v.po_stem) is v
        assert v.quotes in ("curly", "corner")
        assert v.fonts, code
        if v.opencc_config:
            assert f"{v.opencc_config}.json" in opencc.CONFIGS


def test_importing_convert_or_typography_does_not_import_opencc() -> None:
    code = "import sys, pipeline.languages.convert, pipeline.languages.typography; print('opencc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
