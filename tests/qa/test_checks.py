"""QA checks: one golden table per check, (source, target, expected messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog
from pipeline.qa.checks import CHECKS, check_catalog
from pipeline.qa.framework import CheckContext, Finding
from pipeline.qa.glossary_checks import check_glossary
from pipeline.qa.markup_checks import check_emails, check_markup, check_numbers, check_placeholders, check_urls
from pipeline.qa.text_checks import (
    LENGTH_BANDS,
    LENGTH_MIN_SOURCE,
    check_brackets,
    check_latin,
    check_length,
    check_misconversion,
    check_punctuation,
    check_untranslated,
)
from pipeline.languages.numbers import chinese_numeral_value
from pipeline.languages.typography import paired_mark_balance
from pipeline.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[2]
REVIEWED_PO = ROOT / "translations" / "run-movement" / "zh_Hans.po"
PROJECT_GLOSSARY = ROOT / "glossary" / "run-movement.csv"

ZH = CheckContext(language="zh_Hans")

# (source, target, expected messages)
NUMBERS = [
    ("the shortest questioning time was 25 minutes.", "最短的也问了25分钟。", []),
    ("the shortest questioning time was 25 minutes.", "最短的也问了二十五分钟。", []),
    ("the shortest questioning time was 25 minutes.", "最短的也问了52分钟。", ["number 25 missing from the target"]),
    ("the shortest questioning time was 25 minutes.", "最短的也问了很久。", ["number 25 missing from the target"]),
    ("About 1,000 people, or 4.5 percent.", "约1000人，占4.5%。", []),
    ("About 1,000 people, or 4.5 percent.", "约1,000人，占4.5%。", []),
    ("About 1,000 people, or 4.5 percent.", "约一千人，占4.5%。", []),
    ("About 1,000 people, or 4.5 percent.", "约100人，占45%。", ["numbers 1,000, 4.5 missing from the target"]),
    ("Some 1.4 million people left.", "约140万人离开。", []),
    ("Some 1.4 million people left.", "约一百四十万人离开。", []),
    ("Some 1.4 million people left.", "约14万人离开。", ["number 1.4 million missing from the target"]),
    ("in September 2023", "2023年9月", []),  # extra target numbers are fine
    ("in 2023.", "二〇二三年。", []),
    ("at 11:45 on the 3rd", "3日11:45", []),
    ("It took ２５ minutes.", "花了25分钟。", []),
    # identifiers, URLs and placeholders are not numbers
    ("after COVID-19 and the G7 summit", "新冠疫情与七国集团峰会后", []),
    ("see https://example.org/2023/05 about ZQ0", "见https://example.org/2023/05，关于ZQ0", []),
]

URLS = [
    ("Details at https://example.org/report.", "详情见https://example.org/report。", []),
    ("Details at https://example.org/report.", "详情见 https://example.org/report 。", []),
    ("See (https://example.org/a).", "见（https://example.org/a）。", []),
    ("See www.example.org/x, now.", "现在就看www.example.org/x。", []),
    (
        "Details at https://example.org/report.",
        "详情见https://example.org/repot。",
        ["URL https://example.org/report missing or changed in the target"],
    ),
    (
        "Details at https://example.org/a.",
        "详情见https://example.org/ab。",
        ["URL https://example.org/a missing or changed in the target"],
    ),
    ("Details at https://example.org/a.", "详情见网站。", ["URL https://example.org/a missing or changed in the target"]),
]

EMAILS = [
    ("Write to tips@example.com.", "请写信至tips@example.com。", []),
    ("Write to tips@example.com.", "请写信至 tips@example.com 。", []),
    ("Write to tips@example.com.", "请写信至tip@example.com。", ["e-mail address tips@example.com missing or changed in the target"]),
    ("Write to tips@example.com.", "请来信。", ["e-mail address tips@example.com missing or changed in the target"]),
]

PLACEHOLDERS = [
    ("The exit ban was imposed.", "出境禁令已实施。", []),
    ("The exit ban was imposed.", "ZQ0已实施。", ["placeholder ZQ0 in the target is not in the source"]),
    ("The exit ban was imposed.", "ZQ 0已实施。", ["a garbled placeholder (ZQ0, ZXQ0, …) is left in the target"]),
    ("Keep ZXQ1 here.", "保留ZXQ1。", []),
    ("Keep ZXQ1 here.", "保留。", ["placeholder ZXQ1 missing from the target"]),
    ("Benz first-quarter sales rose.", "Benz Q1销量上升。", []),  # a word's last letter, not a placeholder
    ("Flight QZ8501 was lost.", "QZ 8501航班失踪。", []),  # an airline code
    ("Plan Z quickly failed.", "Plan Z quickly失败了。", []),  # the source's own Z q
    ("Plan Z quickly failed.", "Plan Z quickly失败了 zxq。", ["a garbled placeholder (ZQ0, ZXQ0, …) is left in the target"]),
]

MARKUP = [
    ("A *very* **bold** [link](https://x.org/a) with `code`.", "一个*非常*的**粗体**[链接](https://x.org/a)，含`code`。", []),
    ("A *very* thing.", "一个*非常*的东西。", []),
    ("A *very* thing.", "一个非常的东西。", ["*emphasis* spans: 1 in the source, 0 in the target"]),
    ("A **bold** claim.", "一个大胆的说法。", ["**strong** spans: 1 in the source, 0 in the target"]),
    ("Run `mtpipe check` now.", "现在运行`mtpipe 检查`。", ["inline code `mtpipe check` missing or changed in the target"]),
    (
        "Read [the report](https://x.org/a).",
        "阅读[报告](https://x.org/b)。",
        ["link to https://x.org/a missing or changed in the target", "link to https://x.org/b in the target is not in the source"],
    ),
    ("a snake_case_name and 2*3*4", "一个snake_case_name和2*3*4", []),
    ("A **very *nested* bold** claim.", "一个**非常*嵌套*的粗体**说法。", []),
    ("A **very *nested* bold** claim.", "一个**非常嵌套的粗体**说法。", ["*emphasis* spans: 1 in the source, 0 in the target"]),
    ("A __strong__ and _em_ word.", "一个 __强__ 和 _强调_ 的词。", []),
    # CommonMark: an underscore run between two letters neither opens nor closes.
    (
        "A __strong__ and _em_ word.",
        "一个__强__和_强调_的词。",
        ["**strong** spans: 1 in the source, 0 in the target", "*emphasis* spans: 1 in the source, 0 in the target"],
    ),
    # Issue 12: a * run between letters is emphasis (CommonMark flanking).
    ("The *Schengen visa* rules.", "The*申根签证*rules。", []),
    ("Read [it](https://x.org/r \"Title\").", "阅读[它](https://x.org/r “Title”)。", [
        'link to https://x.org/r "Title" missing or changed in the target',
    ]),
    ("Read [it](https://x.org/r \"Title\").", "阅读[它](https://x.org/r \"标题\")。", [
        'link to https://x.org/r "Title" missing or changed in the target',
        'link to https://x.org/r "标题" in the target is not in the source',
    ]),
    # Issue 9 item 7: raw HTML the source does not have.
    ("A plain sentence.", "一个<img src=x onerror=alert(1)>句子。", ["raw HTML <img src=x onerror=alert(1)> in the target is not in the source"]),
    ("Press <kbd>Ctrl</kbd> now.", "现在按<kbd>Ctrl</kbd>。", []),
    ("See ![a map](map.png).", "见![地图](other.png)。", ["image map.png missing or changed in the target", "image other.png in the target is not in the source"]),
]

UNTRANSLATED = [
    ("Different Routes", "不同的路线", []),
    ("Different Routes", "Different Routes", ["target is the untranslated source"]),
    ("Different  Routes ", "Different Routes", ["target is the untranslated source"]),
    ("COVID-19", "COVID-19", []),
    ("CCP", "CCP", []),
    ("2023", "2023", []),
]

BRACKETS = [
    ("“He said so,” Lu said.", "“他这么说，”卢说。", []),
    ("“He said so,” Lu said.", "“他这么说，卢说。", ["unbalanced “ ” / 「 」: 1 opening mark not closed in the target"]),
    ("“He said so,” Lu said.", "他这么说，”卢说。", ["unbalanced “ ” / 「 」: 1 closing mark not opened in the target"]),
    ("“He said so,” Lu said.", "「他這麼說，」盧說。", []),
    ("“He said so,” Lu said.", "「他這麼說，盧說。", ["unbalanced “ ” / 「 」: 1 opening mark not closed in the target"]),
    ('He said "run".', '他说"润"。', []),
    ('He said "run".', '他说"润。', ["unbalanced “ ” / 「 」: 1 opening mark not closed in the target"]),
    # a quotation over several sentences: as unbalanced as the source is fine
    ("“He bought a ticket.", "“他买了票。", []),
    ("he flew to Turkey,” he said.", "他飞去土耳其。”他说。", []),
    ("he flew to Turkey,” he said.", "他飞去土耳其。他说。", []),  # balanced targets are never reported
    (
        "“He bought a ticket.",
        "“他买了“票。",
        ["unbalanced “ ” / 「 」: 2 opening marks not closed in the target (source: 1 opening mark not closed)"],
    ),
    ("The Epoch Times (ET) said", "《大纪元时报》（ET）说", []),
    ("The Epoch Times (ET) said", "《大纪元时报（ET）说", ["unbalanced 《 》 / 〈 〉: 1 opening mark not closed in the target"]),
    ("The Epoch Times (ET) said", "大纪元时报（ET说", ["unbalanced ( ) / （ ）: 1 opening mark not closed in the target"]),
    ("The Epoch Times (ET) said", "大纪元时报（ET)说", []),
    (
        "“Leave (now),” he said.",
        "“离开（现在”，）他说。",
        [
            "unbalanced ( ) / （ ）: 1 opening mark not closed and 1 closing mark not opened in the target",
        ],
    ),
    ("The CCP’s ‘zero’ policy", "中共的‘清零’政策", []),
    ("The CCP’s ‘zero’ policy", "中共的‘清零政策", ["unbalanced ‘ ’ / 『 』: 1 opening mark not closed in the target"]),
    ("Mr. Lu’s friends’ homes", "Lu’s friends’ homes", []),  # apostrophes, not quotes
    ("A [sic] note", "一条【原文如此】说明", []),
    ("A [sic] note", "一条【原文如此说明", ["unbalanced [ ] / 【 】: 1 opening mark not closed in the target"]),
]

LONG_SOURCE = "Mr. Lu, who is doing business in Thailand, told The Epoch Times that the regime tightened controls."
LENGTH = [
    (LONG_SOURCE, "在泰国经商的卢先生告诉《大纪元时报》，中共当局已收紧管控。", []),
    (LONG_SOURCE, "卢先生说。", ["target too short: 5 characters for a 99-character source (ratio 0.05, expected 0.12-0.50)"]),
    (
        LONG_SOURCE,
        "在泰国经商的卢先生告诉《大纪元时报》，中共当局已收紧管控。" * 2,
        ["target too long: 58 characters for a 99-character source (ratio 0.59, expected 0.12-0.50)"],
    ),
    ("Different Routes", "不", []),  # under LENGTH_MIN_SOURCE: not checked
]

LATIN = [
    ("He got a Schengen visa.", "他拿到了申根签证。", []),
    ("He got a Schengen visa.", "他拿到了Schengen签证。", ["Latin-script word in the target: Schengen"]),
    ("He got a Schengen visa.", "他拿到了Schengen visa。", ["Latin-script words in the target: Schengen, visa"]),
    ("The CCP's rule after COVID-19.", "新冠之后CCP的统治。", []),
    ("See https://example.org/news.", "见https://example.org/news。", []),
]

PUNCTUATION = [
    ("He said so.", "他这么说。", []),
    ("He said so.", "他这么说.", ["half-width punctuation in the target: '.' at 4"]),
    ("Yes, he said so.", "是的,他这么说.", ["half-width punctuation in the target: ',' at 2, '.' at 7"]),
    ("It was 3.5 percent in 2023.", "2023年为3.5%。", []),
]

TABLES = [
    (check_numbers, NUMBERS),
    (check_urls, URLS),
    (check_emails, EMAILS),
    (check_placeholders, PLACEHOLDERS),
    (check_markup, MARKUP),
    (check_untranslated, UNTRANSLATED),
    (check_brackets, BRACKETS),
    (check_length, LENGTH),
    (check_latin, LATIN),
    (check_punctuation, PUNCTUATION),
]
CASES = [
    pytest.param(check, source, target, expected, id=f"{check.name}-{i}")
    for check, table in TABLES
    for i, (source, target, expected) in enumerate(table)
]


@pytest.mark.parametrize(("check", "source", "target", "expected"), CASES)
def test_check_golden(check, source, target, expected):
    assert check.messages(source, target, ZH) == expected


def test_run_makes_findings_with_msgctxt_and_severity():
    entry = Entry("p3.s2", "It took 25 minutes.", "花了52分钟.")
    findings = [f for c in CHECKS for f in c.run(entry, ZH)]
    assert findings == [
        Finding("numbers", "error", "p3.s2", "number 25 missing from the target"),
        Finding("punctuation", "warning", "p3.s2", "half-width punctuation in the target: '.' at 6"),
    ]


def test_checks_are_listed_with_names_severities_and_docstring_titles():
    assert [(c.name, c.severity) for c in CHECKS] == [
        ("numbers", "error"),
        ("urls", "error"),
        ("emails", "error"),
        ("placeholders", "error"),
        ("xmltags", "error"),
        ("reflinks", "error"),
        ("unchanged", "error"),
        ("newlines", "error"),
        ("brackets", "error"),
        ("length", "warning"),
        ("latin", "warning"),
        ("punctuation", "warning"),
        ("startpunc", "warning"),
        ("endpunc", "warning"),
        ("doublespacing", "warning"),
        ("misconversion", "error"),
        ("glossary", "error"),
    ]
    for c in CHECKS:
        assert c.title == c.function.__doc__.strip().splitlines()[0]
        assert c.title.endswith(".")
    assert check_numbers.title == "Numbers of the source missing from the target."


def test_chinese_checks_skip_other_languages():
    french = CheckContext(language="fr")
    assert check_latin.messages("He got a Schengen visa.", "Il a obtenu un visa Schengen.", french) == []
    assert check_punctuation.messages("He said so.", "Il l'a dit.", french) == []
    assert check_length.messages(LONG_SOURCE, "Non.", french) == []  # no band calibrated for fr


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十五", 15),
        ("二十五", 25),
        ("一百零五", 105),
        ("两千", 2000),
        ("一万二千", 12000),
        ("一百四十万", 1_400_000),
        ("三亿五千万", 350_000_000),
        ("一万亿", 10**12),
        ("二〇二三", 2023),
        ("万", None),
    ],
)
def test_chinese_numeral_value(text, value):
    assert chinese_numeral_value(text) == value


@pytest.mark.parametrize(
    ("text", "balance"),
    [
        ("“a” (b) [c] 《d》 {e}", [(0, 0)] * 6),
        ("“a", [(1, 0)] + [(0, 0)] * 5),
        ("a”", [(0, 1)] + [(0, 0)] * 5),
        ('"a" "b', [(1, 0)] + [(0, 0)] * 5),
        ("CCP’s", [(0, 0)] * 6),
        ("“（”）", [(0, 0), (0, 0), (1, 1), (0, 0), (0, 0), (0, 0)]),
    ],
)
def test_paired_mark_balance(text, balance):
    assert paired_mark_balance(text) == balance


# -------------------------------------------------------------------------- glossary


@pytest.fixture
def exit_ban_glossary(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(
        "en,zh,dnt,forbidden\nexit ban,出境禁令,,出口禁止\nSafeguard Defenders,,yes,\n", encoding="utf-8"
    )
    return load_glossary(path)


def test_glossary_check_finds_missing_and_forbidden_renderings(exit_ban_glossary):
    context = CheckContext(language="zh_Hans", glossary=exit_ban_glossary)
    assert check_glossary.messages("The exit ban was imposed.", "出境禁令已实施。", context) == []
    messages = check_glossary.messages("The exit ban was imposed.", "出口禁止已实施。", context)
    assert len(messages) == 2
    assert "出境禁令" in messages[0] and "exit ban" in messages[0]
    assert "出口禁止" in messages[1]
    # a leftover placeholder is the placeholders check's, not reported twice
    assert check_glossary.messages("The exit ban was imposed.", "出境禁令已实施ZQ1。", context) == []


def test_glossary_check_uses_the_catalog_variant(exit_ban_glossary):
    context = CheckContext(language="zh_TW", glossary=exit_ban_glossary)
    assert context.lang == "zh-TW"
    assert check_glossary.messages("The exit ban was imposed.", "出境禁令已實施。", context) == []
    assert check_glossary.messages("The exit ban was imposed.", "出口禁止已實施。", context) != []


def test_glossary_check_needs_a_glossary():
    assert check_glossary.messages("The exit ban was imposed.", "出口禁止已实施。", ZH) == []


def test_latin_allows_do_not_translate_terms(exit_ban_glossary):
    context = CheckContext(language="zh_Hans", glossary=exit_ban_glossary)
    source, target = "Safeguard Defenders said so.", "Safeguard Defenders这么说。"
    assert check_latin.messages(source, target, context) == []
    assert check_latin.messages(source, target, ZH) == ["Latin-script words in the target: Safeguard, Defenders"]


# -------------------------------------------------------------------------- catalogs


def test_check_catalog_skips_untranslated_and_obsolete_entries_and_counts(tmp_path):
    path = tmp_path / "zh_Hans.po"
    entries = [
        Entry("p1.s1", "It took 25 minutes.", "花了52分钟。"),  # reviewed
        Entry("p1.s2", "It took 30 minutes.", "花了3分钟。", flags=("fuzzy",)),  # fuzzy: checked too
        Entry("p2.s1", "It took 40 minutes.", ""),  # untranslated: nothing to check
        Entry("p0.s9", "It took 50 minutes.", "花了5分钟。", obsolete=True),
    ]
    write_catalog(path, Catalog("zh_Hans", new_header("test", "zh_Hans"), entries))
    report = check_catalog(path)
    assert report.counts == {"translated": 1, "fuzzy": 1, "untranslated": 1, "obsolete": 1}
    assert report.language == "zh_Hans"
    assert [(f.msgctxt, f.check) for f in report.findings] == [("p1.s1", "numbers"), ("p1.s2", "numbers")]
    assert report.errors == 2 and report.warnings == 0
    assert report.by_check() == {"numbers": 2}
    assert report.to_dict()["findings"][0] == {
        "check": "numbers",
        "severity": "error",
        "msgctxt": "p1.s1",
        "line": report.findings[0].line,
        "message": "number 25 missing from the target",
    }


def test_check_catalog_with_a_subset_of_checks(tmp_path):
    path = tmp_path / "zh_Hans.po"
    entries = [Entry("p1.s1", "It took 25 minutes.", "花了52分钟.")]
    write_catalog(path, Catalog("zh_Hans", new_header("test", "zh_Hans"), entries))
    assert [f.check for f in check_catalog(path).findings] == ["numbers", "punctuation"]
    assert [f.check for f in check_catalog(path, checks=[check_punctuation]).findings] == ["punctuation"]


def test_reviewed_sample_is_clean():
    """Regression: no false positive on the careful human translation of the sample."""
    glossary = load_glossary(PROJECT_GLOSSARY)
    report = check_catalog(REVIEWED_PO, glossary=glossary)
    assert report.findings == ()
    assert report.counts["translated"] > 0


def test_length_band_holds_the_reviewed_sample():
    """The en→zh band was calibrated on the reviewed sample: every entry lies inside it."""
    low, high = LENGTH_BANDS["zh"]
    ratios = [
        len("".join(e.msgstr.split())) / len(e.msgid.strip())
        for e in load_catalog(REVIEWED_PO).active
        if e.msgstr and len(e.msgid.strip()) >= LENGTH_MIN_SOURCE
    ]
    assert len(ratios) >= 20
    assert low < min(ratios) and max(ratios) < high


# -- OpenCC mis-conversions ------------------------------------------------------------

TW = CheckContext(language="zh_TW")


@pytest.mark.parametrize(
    ("context", "target", "expected"),
    [
        (TW, "新規定已被髮布。", ["被髮布 is an OpenCC mis-conversion: write 被釋出"]),
        (TW, "新規定已被發布，又被髮布。被髮布", ["被髮布 is an OpenCC mis-conversion: write 被釋出"]),
        (TW, "新規定已被發布。", []),
        (CheckContext(language="zh_HK"), "衛星被髮射。", ["被髮射 is an OpenCC mis-conversion: write 被發射"]),
        (ZH, "新规定已被髮布。", []),  # Simplified: not a converted text
    ],
)
def test_misconversion(context: CheckContext, target: str, expected: list[str]) -> None:
    assert check_misconversion.messages("The rule was published.", target, context) == expected


def test_misconversion_is_run_on_a_traditional_catalog(tmp_path: Path) -> None:
    catalog = Catalog(
        language="zh_TW",
        header=new_header("art", "zh_TW"),
        entries=[Entry(msgctxt="p1.s1", msgid="The rule was published.", msgstr="規定被髮布了。")],
    )
    path = tmp_path / "zh_TW.po"
    write_catalog(path, catalog)
    report = check_catalog(path)
    assert [(f.check, f.msgctxt) for f in report.findings if f.severity == "error"] == [("misconversion", "p1.s1")]
