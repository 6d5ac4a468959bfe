"""The one language-tag parser of XLIFF, TMX and TBX: golden table and its use by each format."""

from __future__ import annotations

import pytest

from pipeline.interchange.langtags import chinese_variant, glossary_column, is_english, parse_tag, same_language

#: (tag as a tool writes it, English?, Chinese variant, glossary column)
GOLDEN = [
    ("en", True, None, "en"),
    ("en-US", True, None, "en-US"),
    ("en_GB", True, None, "en-GB"),
    ("EN-us", True, None, "en-US"),
    ("eng", True, None, "en"),
    ("zh", False, "zh-Hans", "zh"),
    ("zh-CN", False, "zh-Hans", "zh"),
    ("zh_Hans", False, "zh-Hans", "zh"),
    ("zh-CHS", False, "zh-Hans", "zh"),  # .NET's legacy Simplified
    ("zh-CHT", False, "zh-Hant", "zh-Hant"),  # .NET's legacy Traditional
    ("zho-CN", False, "zh-Hans", "zh"),  # ISO 639-2/T
    ("chi", False, "zh-Hans", "zh"),  # ISO 639-2/B
    ("zh-cmn-Hans", False, "zh-Hans", "zh"),
    ("cmn-Hant-TW", False, "zh-TW", "zh-TW"),
    ("zh-TW", False, "zh-TW", "zh-TW"),
    ("ZH-tw", False, "zh-TW", "zh-TW"),
    ("zh-Hant-TW", False, "zh-TW", "zh-TW"),
    ("zh-HK", False, "zh-HK", "zh-HK"),
    ("zh-MO", False, "zh-HK", "zh-HK"),
    ("zh-Hant-CN", False, "zh-Hant", "zh-Hant"),  # the script written wins over the region
    ("zh-SG", False, "zh-Hans", "zh"),
    ("zh-yue", False, None, "zh-yue"),  # Cantonese: not a variant mtpipe writes
    ("yue-HK", False, None, "zh-yue-HK"),
    ("zh-min-nan", False, None, "zh-min"),
    ("fr-FR", False, None, "fr-FR"),
    ("", False, None, ""),
]


@pytest.mark.parametrize(("tag", "english", "variant", "column"), GOLDEN)
def test_golden_table(tag, english, variant, column):
    assert (is_english(tag), chinese_variant(tag), glossary_column(tag)) == (english, variant, column)


def test_parse_tag_takes_a_tag_apart():
    assert parse_tag("zh_Hant_TW-x-private") == parse_tag("zh-Hant-TW")
    assert str(parse_tag("ZHO-hant-tw")) == "zh-Hant-TW"


@pytest.mark.parametrize(("a", "b", "same"), [("en-US", "en", True), ("zh-CHS", "zh_Hans", True), ("zh-CHT", "zh_Hans", False), ("zh-TW", "zh_TW", True), ("fr", "en", False)])
def test_same_language(a, b, same):
    assert same_language(a, b) is same


def test_tbx_reads_legacy_and_regional_tags(tmp_path):
    from pipeline.glossary.tbx import load_tbx

    path = tmp_path / "g.tbx"
    path.write_text(
        '<?xml version="1.0"?><martif type="TBX-Basic" xml:lang="en-US"><text><body>'
        '<termEntry id="t1">'
        '<langSet xml:lang="en-US"><tig><term>exit ban</term></tig></langSet>'
        '<langSet xml:lang="zh-CHS"><tig><term>出境禁令</term></tig></langSet>'
        '<langSet xml:lang="zh-CHT"><tig><term>出境禁令</term></tig></langSet>'
        '<langSet xml:lang="en-GB"><tig><term>exit-ban</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    glossary = load_tbx(path)
    (term,) = glossary.terms
    assert glossary.source_lang == "en-US"
    assert term.source == "exit ban" and "exit-ban" in term.variants  # en-GB is English too: a variant, not a target
    assert dict(term.targets) == {"zh": "出境禁令", "zh-Hant": "出境禁令"}
