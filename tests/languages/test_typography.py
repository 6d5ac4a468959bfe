"""Chinese typography clean-up of machine output: golden table + properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.languages.typography import (
    clean_translation,
    find_halfwidth_punctuation,
    has_han,
    has_latin_leftovers,
    is_chinese,
)

# (name, raw machine output, expected)
GOLDEN = [
    # spacing left over from SentencePiece
    ("cjk_spaces", "中国 公民 加入 了 运动", "中国公民加入了运动"),
    ("ideographic_space", "中国\u3000公民", "中国公民"),
    ("leading_trailing_space", "  中国公民 ", "中国公民"),
    ("cjk_digit_spaces", "他 在 2023 年 9 月 离开", "他在2023年9月离开"),
    ("cjk_latin_spaces", "大纪元 The Epoch Times 报道", "大纪元The Epoch Times报道"),
    ("latin_words_single_space", "据 The   Epoch  Times 报道", "据The Epoch Times报道"),
    ("space_before_fullwidth", "中国 ， 美国 。", "中国，美国。"),
    ("space_after_fullwidth", "他说： 好", "他说：好"),
    # punctuation in Chinese context
    ("comma_period", "中国 公民 , 已经 离开 .", "中国公民，已经离开。"),
    ("question", "你 去过 泰国 吗 ?", "你去过泰国吗？"),
    ("exclamation", "太 可怕 了 !", "太可怕了！"),
    ("question_exclamation", "什么 ?!", "什么？！"),
    ("colon_semicolon", "他说 : 好 ; 走", "他说：好；走"),
    ("parens_latin_inside", "中国共产党 (CCP) 的 封锁", "中国共产党（CCP）的封锁"),
    ("parens_chinese_inside", "人权 捍卫者 (人权 律师) 被 捕", "人权捍卫者（人权律师）被捕"),
    ("nested_parens", "见 (注 (一)) 说明", "见（注（一））说明"),
    ("period_after_latin_word_at_end", "他 住在 Bangkok.", "他住在Bangkok。"),
    ("period_after_number_at_end", "人数 为 25.", "人数为25。"),
    ("comma_after_latin_before_cjk", "COVID-19, 他说", "COVID-19，他说"),
    ("ellipsis", "他说 ...", "他说……"),
    ("single_ellipsis_char", "他说…", "他说……"),
    # quotes
    ("straight_quotes_chinese", '加入 "逃跑" 运动', "加入“逃跑”运动"),
    ("straight_quotes_latin_in_chinese", '所谓 "run" 运动', "所谓“run”运动"),
    ("curly_quote_spaces", "加入 “ 逃跑 ” 运动", "加入“逃跑”运动"),
    ("punct_before_closing_quote", '他说 : "太 可怕 了 ."', "他说：“太可怕了。”"),
    # kept as they are
    ("decimal", "价格 3.5 元", "价格3.5元"),
    ("time", "时间 是 11:45", "时间是11:45"),
    ("thousands", "共 1,000 人", "共1,000人"),
    ("us_abbreviation", "他 穿过 U.S. 南部 边境 .", "他穿过U.S.南部边境。"),
    ("mr_abbreviation", "Mr. Lu 说", "Mr. Lu说"),
    ("latin_comma_list", "Chengdu, Luoyang, 和 其他 地方", "Chengdu, Luoyang，和其他地方"),
    ("url", "请 访问 https://example.com/a?b=1, 了解", "请访问 https://example.com/a?b=1，了解"),
    ("url_at_end", "请 访问 https://example.com/a.", "请访问 https://example.com/a。"),
    ("email", "写信 给 info@example.org .", "写信给 info@example.org。"),
    # regression (helper seg): the e-mail ends at its ASCII domain, it does not swallow the Chinese around it
    ("email_glued_to_chinese", "请联系press@un.org获取 更多 信息", "请联系press@un.org获取更多信息"),
    ("url_glued_to_chinese", "见https://un.org/a获取 更多 信息", "见https://un.org/a获取更多信息"),
    ("placeholders", "ZQ0 运动 , ZQ1 .", "ZQ0运动，ZQ1。"),
    ("markdown_emphasis", "这是 **重要** 的 .", "这是**重要**的。"),
    ("markdown_link", "见 [链接](http://x.com/a_b) .", "见[链接](http://x.com/a_b)。"),
    ("markdown_emphasis_latin_kept", "用 *Epoch Times* 报道", "用*Epoch Times*报道"),
    ("markdown_underscore_kept", "这是 _重要_ 的", "这是 _重要_ 的"),
    ("url_before_han_stops", "士 (https://a.org/r)和", "士（https://a.org/r）和"),
    # regression: emphasis with punctuation just inside keeps its outer space (CommonMark flanking)
    ("emphasis_around_quotes", "这个 *“润”运动* 是", "这个 *“润”运动*是"),
    ("strong_around_parens", "是 **(出境禁令)** 的", "是 **（出境禁令）** 的"),
    ("emphasis_before_punct", "**重要** , 真的", "**重要**，真的"),
    ("inline_code", "运行 `a, b.c` 命令", "运行 `a, b.c` 命令"),
    # not Chinese: only whitespace is touched
    ("english_untouched", 'He said "run". Then: go (now)!', 'He said "run". Then: go (now)!'),
    ("english_curly_quotes_untouched", "the “run”  movement", "the “run” movement"),
    ("already_clean", "中共“清零”政策，导致了人道悲剧。", "中共“清零”政策，导致了人道悲剧。"),
]


@pytest.mark.parametrize(("raw", "expected"), [g[1:] for g in GOLDEN], ids=[g[0] for g in GOLDEN])
def test_clean_translation_golden(raw: str, expected: str) -> None:
    assert clean_translation(raw) == expected


@pytest.mark.parametrize("expected", [g[2] for g in GOLDEN], ids=[g[0] for g in GOLDEN])
def test_clean_translation_is_idempotent_on_golden(expected: str) -> None:
    assert clean_translation(expected) == expected


_PIECES = list('中国人 ab 12.,?!:;()"“”‘’*[]_`') + [
    "U.S.", "Mr.", "http://x.com/a", "...", "…", "ZQ0", "  ", "，", "。", "\u3000",
]
_BACK = {"，": ",", "。": ".", "？": "?", "！": "!", "：": ":", "；": ";", "（": "(", "）": ")", "“": '"', "”": '"', "…": "."}


def _skeleton(text: str) -> str:
    """Characters without whitespace, full-width forms mapped back to ASCII."""
    return "".join(_BACK.get(c, c) for c in text if not c.isspace())


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_clean_translation_idempotent_and_loses_nothing(raw: str) -> None:
    once = clean_translation(raw)
    assert clean_translation(once) == once
    # nothing but whitespace is dropped, nothing but punctuation changes form
    # (an ellipsis may change length: compare with dots collapsed)
    squash = lambda s: re.sub(r"\.+", ".", _skeleton(s))  # noqa: E731
    assert squash(once) == squash(raw)


def test_placeholders_survive_untouched() -> None:
    raw = "ZQ0 的 ZQ12 , 和 ZQ3."
    out = clean_translation(raw)
    assert re.findall(r"ZQ\d+", out) == ["ZQ0", "ZQ12", "ZQ3"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中共的出境管制", True),
        ("国际人权组织Safeguard Defenders去年发布报告", True),
        ("The Epoch Times报道", False),
        ("Hello world", False),
        ("", False),
        ("2023年", True),
    ],
)
def test_is_chinese(text: str, expected: bool) -> None:
    assert is_chinese(text) is expected


def test_has_han() -> None:
    assert has_han("a中b") and not has_han("abc，。")


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        ("中共CCP的COVID-19政策", (), []),
        ("被Safeguard Defenders批评", (), ["Safeguard", "Defenders"]),
        ("被Safeguard Defenders批评", ("Safeguard Defenders",), []),
        ("访问https://example.com/news或写信info@example.org", (), []),
        ("ZQ0和A股、T恤", (), []),
        ("他们 were 被 interrogated，were", (), ["were", "interrogated"]),
        ("iPhone手机", (), ["iPhone"]),
    ],
)
def test_has_latin_leftovers(text: str, allowed: tuple[str, ...], expected: list[str]) -> None:
    assert has_latin_leftovers(text, allowed=allowed) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国, 好. 3.5", [(2, ","), (5, ".")]),
        ("中国，好。", []),
        ("时间11:45", []),
        ("English, only.", []),
        ("他说(CCP)", [(2, "("), (6, ")")]),
    ],
)
def test_find_halfwidth_punctuation(text: str, expected: list[tuple[int, str]]) -> None:
    assert find_halfwidth_punctuation(text) == expected


def test_spacing_between_markup_runs_is_idempotent():
    """Regression (found by hypothesis): '中 * *' needed two passes."""
    from pipeline.languages.typography import clean_translation

    once = clean_translation("中 * *")
    assert clean_translation(once) == once
