"""Markup is never text for the text checks: an HTML article's tags, attributes and kept elements
(``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``translate="no"``, ``class="notranslate"``) are read as
the article's format object reads them, as a Markdown article's code spans and link destinations are."""

from __future__ import annotations

import pytest
from conftest import reviewed_po

from pipeline.qa.framework import CheckContext
from pipeline.qa.text_checks import (
    check_brackets,
    check_endpunc,
    check_latin,
    check_length,
    check_punctuation,
    check_untranslated,
)

HTML = CheckContext(language="zh_Hans", document_format="html")
MD = CheckContext(language="zh_Hans", document_format="md")

#: (source, reviewed target): markup that the target keeps as its source has it.
KEPT_MARKUP = [
    ("Use <code>exit ban</code> in searches.", "搜索时使用<code>exit ban</code>。"),
    ("Press <kbd>Ctrl</kbd> and <kbd>Enter</kbd> to send.", "按<kbd>Ctrl</kbd>和<kbd>Enter</kbd>发送。"),
    ("The tool printed <samp>file not found</samp> twice.", "工具两次打印<samp>file not found</samp>。"),
    ("Set <var>offsets</var> before the call.", "调用前设置<var>offsets</var>。"),
    ('The group <span translate="no">Open Roads</span> ran too.', '<span translate="no">Open Roads</span>团体也跑了。'),
    ('The group <span class="brand notranslate">Open Roads</span> ran too.', '<span class="brand notranslate">Open Roads</span>团体也跑了。'),
    ('Read <a href="https://example.org/run-guide" title="guide">the guide</a> first.', '先阅读<a href="https://example.org/run-guide" title="guide">指南</a>。'),
    ('She <em class="highlight">really</em> ran the whole course.', '她<em class="highlight">真的</em>跑完了全程。'),
]


@pytest.mark.parametrize(("source", "target"), KEPT_MARKUP)
def test_html_tags_attributes_and_kept_elements_are_not_latin_words(source, target):
    assert check_latin.messages(source, target, HTML) == []


def test_visible_text_outside_markup_is_still_checked():
    source = 'By <span class="author">Maria Lopez</span>'
    assert check_latin.messages(source, '作者：<span class="author">Maria Lopez</span>', HTML) == [
        "Latin-script words in the target: Maria, Lopez"
    ]
    assert check_latin.messages("Use <em>this</em> now.", "现在使用<em>this</em>。", HTML) == [
        "Latin-script word in the target: this"
    ]


def test_markdown_markup_is_not_latin_words_either():
    source = "Read [the guide](https://example.org/run-guide) and use `exit ban`."
    assert check_latin.messages(source, "阅读[指南](https://example.org/run-guide)并使用`exit ban`。", MD) == []


@pytest.mark.parametrize(("source", "target"), KEPT_MARKUP)
def test_html_markup_is_not_counted_by_length(source, target):
    assert check_length.messages(source, target, HTML) == []


def test_length_counts_the_text_a_reader_sees():
    source = '<span class="dateline">Berlin</span> runners set out before the sun rose over the city.'
    assert check_length.messages(source, '<span class="dateline">柏林</span>跑者们在太阳升起前出发了。', HTML) == []
    long = '<span class="dateline">柏林</span>' + "跑者们在太阳升起前出发了" * 4 + "。"
    (message,) = check_length.messages(source, long, HTML)
    assert message.startswith("target too long: 51 characters for a 57-character source (ratio 0.89")


def test_endpunc_reads_through_closing_tags():
    assert check_endpunc.messages("<em>It is over.</em>", "<em>结束了。</em>", HTML) == []
    assert check_endpunc.messages('Run <code>ls -l</code>', "运行<code>ls -l</code>", HTML) == []
    assert check_endpunc.messages("**It is over.**", "**结束了。**", MD) == []
    assert check_endpunc.messages("<em>It is over.</em>", "<em>结束了</em>", HTML) == [
        "the source ends with '.', the target with '了' (expected '。')"
    ]


def test_quotes_inside_attributes_are_not_quotation_marks():
    source = "She said <q>go</q> and left."
    target = '她说<span title="“quoted">走</span>然后离开了。'
    assert check_brackets.messages(source, target, HTML) == []
    assert check_brackets.messages(source, "她说“走然后离开了。", HTML) == [
        "unbalanced “ ” / 「 」: 1 opening mark not closed in the target"
    ]


def test_half_width_marks_inside_markup_are_not_punctuation():
    assert check_punctuation.messages("Use <code>a, b</code> here.", "此处使用<code>a, b</code>。", HTML) == []
    assert check_punctuation.messages("Use it here, now.", "此处使用,现在。", HTML) != []


def test_a_source_of_only_code_may_stay_as_it_is():
    assert check_untranslated.messages("<code>ls -l</code>", "<code>ls -l</code>", HTML) == []
    assert check_untranslated.messages('<kbd>Ctrl</kbd> + <kbd>Enter</kbd>', '<kbd>Ctrl</kbd> + <kbd>Enter</kbd>', HTML) == []
    assert check_untranslated.messages("Run <code>ls -l</code> now", "Run <code>ls -l</code> now", HTML) == [
        "target is the untranslated source"
    ]


def test_inline_html_in_markdown_is_read_as_html_reads_it():
    """A Markdown article's inline ``<code>`` is read as an HTML article's is: its content is kept, not text
    (``translate`` never sends it to the engine either); its tag names are no words."""
    assert check_latin.messages("Use <code>exit ban</code> here.", "此处使用<code>exit ban</code>。", MD) == []
    assert check_latin.messages("Use <b>exit ban</b> here.", "此处使用<b>exit ban</b>。", MD) == [
        "Latin-script words in the target: exit, ban"
    ]


# -------------------------------------------------------------------------- the command

ARTICLE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Searches</title></head>
<body>
<h1>Searches</h1>
<p class="byline">By <span class="author">Maria Lopez</span></p>
<p>Use <code>exit ban</code> in searches.</p>
<p>Press <kbd>Ctrl</kbd> and type <var>query</var> to see the <span class="notranslate">Open Roads</span> results.</p>
</body></html>
"""

TABLE = {
    "Searches": "搜索",
    'By <span class="author">Maria Lopez</span>': '作者：<span class="author">Maria Lopez</span>',
    "Use <code>exit ban</code> in searches.": "搜索时使用<code>exit ban</code>。",
    'Press <kbd>Ctrl</kbd> and type <var>query</var> to see the <span class="notranslate">Open Roads</span> results.':
        '按<kbd>Ctrl</kbd>并输入<var>query</var>即可看到<span class="notranslate">Open Roads</span>的结果。',
}


def test_check_on_an_html_po_reads_markup_as_markup(cli, tmp_path):
    """Issue 22 point 6: tags, attributes and code elements were Latin words, lengths and glossary terms."""
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,zh\nexit ban,出境禁令\nOpen Roads,开放之路\n", encoding="utf-8")
    po = reviewed_po(cli, tmp_path, ARTICLE, "searches.html", TABLE)
    result = cli("check", po, "--glossary", glossary)
    assert result.exit_code == 0, result.output
    found = [l.split(": ", 1)[1] for l in result.output.splitlines() if l.startswith(f"{po}:")]
    assert found == ["warning: [latin] Latin-script words in the target: Maria, Lopez"]
