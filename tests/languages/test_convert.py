"""Variant conversion: OpenCC plus the project phrase table and word-scoped glossary overrides."""

from __future__ import annotations

import pytest

from pipeline.languages.convert import find_misconversions, known_misconversions, localize, to_variant

# (Simplified, variant, overrides, expected): OpenCC's own output where no override applies.
GOLDEN = [
    # The phrase table: 被发 is not 被髮 before a verb in 发.
    ("他的作品被发布了。", "zh-Hant", None, "他的作品被發佈了。"),
    ("卫星被发射升空。", "zh-TW", None, "衛星被發射升空。"),
    ("文章被发表后", "zh-HK", None, "文章被發表後"),
    ("头发被剪短了", "zh-Hant", None, "頭髮被剪短了"),  # a real 髮 stays
    # Overrides apply where the term stands alone ...
    ("看了视频。", "zh-TW", {"视频": "影片"}, "看了影片。"),
    ("实施出境禁令。", "zh-TW", {"出境禁令": "出境禁令"}, "實施出境禁令。"),
    # ... and never reach into another word that OpenCC converts as a phrase.
    ("我们开了视频会议。", "zh-TW", {"视频": "影音"}, "我們開了視訊會議。"),
    ("打开文件夹。", "zh-TW", {"文件": "文件"}, "開啟資料夾。"),
    ("视频会议之后看了视频。", "zh-TW", {"视频": "影音"}, "視訊會議之後看了影音。"),
    # Simplified passes through.
    ("被发布", "zh-Hans", {"发布": "X"}, "被发布"),
]


@pytest.mark.parametrize("text,variant,overrides,expected", GOLDEN)
def test_to_variant_golden(text, variant, overrides, expected):
    assert to_variant(text, variant, overrides) == expected


def test_phrase_table_fixes_what_plain_opencc_gets_wrong():
    import opencc

    for config, variant in [("s2t", "zh-Hant"), ("s2tw", "zh-TW"), ("s2hk", "zh-HK")]:
        assert opencc.OpenCC(config).convert("被发布") == "被髮布"  # the defect is real
        assert "髮" not in to_variant("被发布", variant)


def test_known_misconversions_are_found_in_traditional_text_only():
    assert "被髮布" in known_misconversions("zh-TW")
    found = find_misconversions("消息被髮布後，衛星被髮射。", "zh-TW")
    assert [(i, w) for i, w, _ in found] == [(2, "被髮布"), (9, "被髮射")]
    assert all("髮" not in right for _, _, right in found)
    assert find_misconversions("被髮布", "zh-Hans") == []
    assert find_misconversions("頭髮很長", "zh-Hant") == []


def test_localize_converts_quotes_after_overrides():
    assert localize("“视频”", "zh-TW", {"视频": "影片"}) == "「影片」"
    assert localize("「视频」", "zh-Hans") == "“视频”"
