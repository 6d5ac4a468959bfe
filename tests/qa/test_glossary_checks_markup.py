"""The glossary check leaves out the terms inside markup, read as the article's format reads it:
HTML ``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``translate="no"`` and ``class="notranslate"``
elements and attribute values, as Markdown code spans (what ``translate`` never translates)."""

from __future__ import annotations

import pytest
from conftest import reviewed_po

from pipeline.glossary import Glossary, Term
from pipeline.qa.framework import CheckContext
from pipeline.qa.glossary_checks import check_glossary

GLOSSARY = Glossary(terms=(Term("exit ban", {"zh": "出境禁令"}, forbidden=("离境禁令",)),))
HTML = CheckContext(language="zh_Hans", glossary=GLOSSARY, document_format="html")
MD = CheckContext(language="zh_Hans", glossary=GLOSSARY, document_format="md")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Use <code>exit ban</code> in searches.", "搜索时使用<code>exit ban</code>。"),
        ("Type <kbd>exit ban</kbd> to search.", "输入<kbd>exit ban</kbd>搜索。"),
        ("It printed <samp>exit ban: none</samp> once.", "它打印了一次<samp>exit ban: none</samp>。"),
        ("Set <var>exit ban</var> to true.", "将<var>exit ban</var>设为真。"),
        ('The <span translate="no">exit ban</span> tag.', '<span translate="no">exit ban</span>标签。'),
        ('The <b class="x notranslate">exit ban</b> tag.', '<b class="x notranslate">exit ban</b>标签。'),
        ('See <a href="/tags/exit ban" title="exit ban">the tag</a>.', '见<a href="/tags/exit ban" title="exit ban">该标签</a>。'),
    ],
)
def test_a_term_inside_html_markup_is_not_required(source, target):
    assert check_glossary.messages(source, target, HTML) == []


def test_a_term_outside_the_markup_is_still_required():
    source = "Use <code>exit ban</code> to find the exit ban."
    assert check_glossary.messages(source, "使用<code>exit ban</code>查找。", HTML) == [
        "'exit ban' must be rendered '出境禁令'"
    ]
    assert check_glossary.messages(source, "使用<code>exit ban</code>查找<em>出境禁令</em>。", HTML) == []
    assert check_glossary.messages("An <em>exit ban</em> was issued.", "发布了<em>出境禁令</em>。", HTML) == []


def test_a_forbidden_rendering_in_the_targets_markup_is_not_text():
    source = 'The exit ban <a href="https://example.org/离境禁令">report</a>.'
    assert check_glossary.messages(source, '出境禁令<a href="https://example.org/离境禁令">报告</a>。', HTML) == []
    assert check_glossary.messages("The exit ban was issued.", "出境禁令即离境禁令。", HTML) == [
        "'exit ban': forbidden rendering '离境禁令' (use '出境禁令')"
    ]


def test_markdown_code_spans_stay_protected():
    assert check_glossary.messages("Use `exit ban` in searches.", "搜索时使用`exit ban`。", MD) == []
    assert check_glossary.messages("Use `exit ban` in searches.", "搜索时使用`exit ban`。", CheckContext(glossary=GLOSSARY)) == []


def test_the_command_on_an_html_po_leaves_code_terms_out(cli, tmp_path):
    """Issue 22 point 6: ``error: [glossary] 'exit ban' must be rendered '出境禁令'`` (exit 1) for a term in ``<code>``."""
    article = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Searches</title></head>\n<body>\n'
        "<p>Use <code>exit ban</code> in searches.</p>\n<p>The exit ban was lifted.</p>\n</body></html>\n"
    )
    table = {
        "Searches": "搜索",
        "Use <code>exit ban</code> in searches.": "搜索时使用<code>exit ban</code>。",
        "The exit ban was lifted.": "出境禁令被解除了。",
    }
    glossary = tmp_path / "g.csv"
    glossary.write_text("en,zh\nexit ban,出境禁令\n", encoding="utf-8")
    po = reviewed_po(cli, tmp_path, article, "searches.html", table)
    result = cli("check", po, "--glossary", glossary)
    assert result.exit_code == 0, result.output
    assert [l for l in result.output.splitlines() if l.startswith(f"{po}:")] == []
    bad = reviewed_po(cli, tmp_path / "bad", article, "searches.html", table, **{"The exit ban was lifted.": "禁令被解除了。"})
    result = cli("check", bad, "--glossary", glossary)
    assert result.exit_code == 1
    found = [l.split(": ", 1)[1] for l in result.output.splitlines() if l.startswith(f"{bad}:")]
    assert found == ["error: [glossary] 'exit ban' must be rendered '出境禁令'"]


def test_stats_and_consistency_agree_with_check_on_an_html_po(cli, tmp_path):
    """``stats --glossary`` and ``check --consistency`` ask the same glossary check, with the PO's format."""
    from pipeline.glossary import load_glossary
    from pipeline.qa.consistency import check_consistency
    from pipeline.qa.stats import file_stats

    article = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Searches</title></head>\n<body>\n'
        "<p>Use <code>exit ban</code> in searches.</p>\n</body></html>\n"
    )
    table = {"Searches": "搜索", "Use <code>exit ban</code> in searches.": "搜索时使用<code>exit ban</code>。"}
    glossary_file = tmp_path / "g.csv"
    glossary_file.write_text("en,zh\nexit ban,出境禁令\n", encoding="utf-8")
    glossary = load_glossary(glossary_file)
    po = reviewed_po(cli, tmp_path, article, "searches.html", table)
    assert file_stats(po, glossary=glossary).glossary.violations == 0
    assert check_consistency(inputs=[po], glossary=glossary) == []
