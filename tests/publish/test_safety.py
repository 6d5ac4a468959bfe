"""The one HTML safety policy (pipeline.publish.safety): what check reports is what build refuses and the renderer escapes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.catalog import load_catalog, write_catalog
from pipeline.publish import load_edition
from pipeline.publish.book import _read_page
from pipeline.publish.html import render_html
from pipeline.publish.safety import (
    foreign_markdown_html,
    foreign_markup,
    html_tokens,
    safe_html,
    safe_url,
    url_scheme,
)
from pipeline.qa.checks import CheckContext, check_markup

HTML_ARTICLE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252"><title>Runners</title></head>
<body>
<h1>Runners</h1>
<p>People <em>run</em> fast.</p>
<p>See <a href="https://x.org/">the site</a> today.</p>
<p>Pic <img src="p.png" alt="a dog"> here.</p>
<p>Last paragraph here.</p>
</body></html>
"""

#: msgid → reviewed msgstr, harmless.
HTML_TABLE = {
    "Runners": "跑者",
    "People <em>run</em> fast.": "人们<em>跑</em>得快。",
    'See <a href="https://x.org/">the site</a> today.': '今天看<a href="https://x.org/">网站</a>。',
    'Pic <img src="p.png" alt="a dog"> here.': '图<img src="p.png" alt="a dog">在此。',
    "a dog": "一只狗",
    "Last paragraph here.": "最后一段。",
}

ATTACKS = {
    "backslash": "人们\\<img src=y onerror=alert(1)>跑",
    "slash": "人们<img/src=x onerror=alert(1)>跑",
    "code span": "人们`<img src=x onerror=alert(1)>`跑",
    "script": "人们<script>alert(1)</script>跑",
    "svg": "人们<svg onload=alert(1)>跑",
    "source tag, new attribute": '人们<em onmouseover="alert(1)">跑</em>',
}


def reviewed(cli, tmp_path: Path, text: str, name: str, table: dict[str, str], **overrides: str) -> Path:
    """Translate *text* with --engine none and review every entry from *table* (then *overrides*, by msgid)."""
    source = tmp_path / "articles" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / source.stem / "zh_Hans.po"
    catalog = load_catalog(po)
    wanted = {**table, **overrides}
    catalog.entries = [replace(e, msgstr=wanted.get(e.msgid, e.msgid), flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    return po


# -- the tokens --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["人们<!--跑", "<em>a</em><!--x", "&amp;<!--x", "a<script>alert(1)", "a < b > c", "&#x3c;img&gt;", "<![CDATA[x]]>y",
     "<?php x ?>", "<scr<script>ipt>", "x &lt y", ""],
)  # fmt: skip
def test_tokens_join_back_into_the_text(text: str) -> None:
    assert "".join(t.raw for t in html_tokens(text)) == text


SAFE_HTML = [
    # (source, target, written)
    ("People <em>run</em>.", "人们\\<img src=y onerror=alert(1)>跑<em>得</em>。", "人们\\&lt;img src=y onerror=alert(1)&gt;跑<em>得</em>。"),
    ("People run.", "<img/src=x onerror=alert(1)>", "&lt;img/src=x onerror=alert(1)&gt;"),
    ("See <a href='x'>it</a>.", "看<a href='x'>它</a><!--", "看<a href='x'>它</a>&lt;!--"),
    ("One <b>b</b>.", "<b>一</b><b>二</b>", "<b>一</b>&lt;b&gt;二&lt;/b&gt;"),  # as often as the source: once
    ("Run <script>x()</script>.", "跑<script>alert(1)</script>", "跑&lt;script&gt;alert(1)</script>"),  # a stray end tag is harmless
    ("Run <script>x()</script>.", "跑<script>x()</script>。", "跑<script>x()</script>。"),
    ("Run.", "跑<script>alert(1)", "跑&lt;script&gt;alert(1)"),
    ("Run.", "&lt;b&gt; &amp;<!--x", "&lt;b&gt; &amp;&lt;!--x"),
    ("a < b", "a < b", "a &lt; b"),
    ('A <a href="javascript:x()">link</a>.', '一<a href="javascript:x()">链接</a>。', "一<a>链接</a>。"),
]


@pytest.mark.parametrize("source, target, written", SAFE_HTML)
def test_safe_html_keeps_only_the_source_markup(source: str, target: str, written: str) -> None:
    assert safe_html(source, target) == written


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS)
def test_foreign_markup_in_an_html_article_is_an_error(attack: str) -> None:
    source = "People <em>run</em> fast."
    assert foreign_markup(source, attack, fmt="html")
    messages = check_markup.messages(source, attack, CheckContext(document_format="html"))
    assert any("in the target is not in the source" in m for m in messages), messages
    assert "<" not in safe_html(source, attack).replace("<em>", "").replace("</em>", "")


def test_html_markup_lost_is_an_error_and_kept_markup_is_fine() -> None:
    context = CheckContext(document_format="html")
    assert check_markup.messages("People <em>run</em>.", "人们<em>跑</em>。", context) == []
    assert check_markup.messages("People <em>run</em>.", "人们<em>跑。", context) == ["HTML </em> missing or changed in the target"]
    # an HTML article's * and ` are text, not Markdown
    assert check_markup.messages("5 * 3 and `x`.", "5 * 3 和 x。", context) == []


URLS = [
    ("javascript:alert(1)", "javascript"),
    ("jav\tascript:alert(1)", "javascript"),
    ("jav\nascr\ript:alert(1)", "javascript"),
    ("jav&#x09;ascript:alert(1)", "javascript"),
    ("&#106;avascript:alert(1)", "javascript"),
    ("JaVaScRiPt:alert(1)", "javascript"),
    (" \x01\x1f javascript:alert(1)", "javascript"),
    ("vbscript:x", "vbscript"),
    ("data:text/html,<script>alert(1)</script>", "data"),
    ("https://x.org/a:b", "https"),
    ("p.png", ""),
    ("/a:b", ""),
    ("#top", ""),
]


@pytest.mark.parametrize("url, scheme", URLS)
def test_url_scheme_is_read_as_browsers_read_it(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme
    assert safe_url(url) == (scheme in ("", "https"))


# -- Markdown editions -------------------------------------------------------------------------


def test_markdown_edition_html_is_compared_with_the_source_document() -> None:
    source = "Use `x` and `y` here.\n\n<div class=\"box\">\nText\n</div>\n"
    assert foreign_markdown_html(source, "用 `x` 和 `y`。\n\n<div class=\"box\">\n文字\n</div>\n") == []
    # one sentence ends with a backtick, the next "code span" then opens outside any span
    joined = "用 `x` 和` `<img src=x onerror=alert(1)>`。\n"
    assert foreign_markdown_html(source, joined) == ["<img src=x onerror=alert(1)>"]


MD_ARTICLE = "# Runners\n\nUse `run` now. Then `stop` here.\n"


def test_new_html_in_a_markdown_code_span_never_reaches_an_edition(cli, tmp_path: Path) -> None:
    """Each sentence alone holds its HTML in a code span; joined, the spans pair differently."""
    po = reviewed(
        cli, tmp_path, MD_ARTICLE, "run.md", {"Runners": "跑者"},
        **{"Use `run` now.": "用 `run`。`", "Then `stop` here.": "然后`<img src=x onerror=alert(1)>`"},
    )  # fmt: skip
    for fmt in ("md", "html"):
        out = tmp_path / f"x.{fmt}"
        result = cli("build", po, "-f", fmt, "-l", "target-only", "-o", out, "--allow-draft")
        if result.exit_code == 0:
            text = out.read_text(encoding="utf-8")
            assert "<img" not in text, text
        else:
            assert "raw HTML" in result.output and not out.exists()
    assert cli("build", po, "-f", "md", "-o", tmp_path / "y.md", "--allow-draft").exit_code != 0


# -- HTML articles through the CLI -----------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS)
def test_html_article_injection_is_reported_and_refused(cli, tmp_path: Path, attack: str) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE, **{"People <em>run</em> fast.": attack})
    check = cli("check", po, "--severity", "error")
    assert check.exit_code == 1 and "p3.s1: error: [markup] HTML" in check.output
    for args in ((), ("--allow-draft",)):
        for layout in ("target-only", "side-by-side"):
            out = tmp_path / f"{layout}.html"
            result = cli("build", po, "-l", layout, "-o", out, *args)
            assert result.exit_code != 0 and "not in the source in p3.s1" in result.output and not out.exists()
    # the renderer itself writes it as text, whatever the gate said
    edition = load_edition(po)
    for layout in ("target-only", "side-by-side"):
        page = render_html(edition, layout=layout)
        assert "onerror=alert(1)>" not in page and "<script>alert" not in page and "<svg" not in page
        assert 'onmouseover="alert(1)">' not in page


def test_reviewed_html_article_builds_with_its_own_markup(cli, tmp_path: Path) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE)
    assert cli("check", po, "--severity", "error").exit_code == 0
    out = tmp_path / "t.html"
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<p>人们<em>跑</em>得快。</p>' in page and '<a href="https://x.org/">网站</a>' in page
    assert '<img src="p.png" alt="一只狗">' in page


def test_unterminated_comment_does_not_swallow_the_page(cli, tmp_path: Path) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE, **{"People <em>run</em> fast.": "人们<em>跑</em><!--"})
    for layout in ("target-only", "side-by-side"):
        out = tmp_path / f"{layout}.html"
        assert cli("build", po, "-l", layout, "-o", out).exit_code == 0
        page = out.read_text(encoding="utf-8")
        assert "<!--" not in page and "&lt;!--" in page
        assert "最后一段。" in "".join(_read_page(page).out)  # the rest of the page is still read as the page


def test_declared_charset_is_utf8_in_the_edition(cli, tmp_path: Path) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE)
    out = tmp_path / "t.html"
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_bytes().decode("utf-8")
    assert "windows-1252" not in page and '<meta charset="utf-8">' in page
    legacy = HTML_ARTICLE.replace('<meta charset="windows-1252">', '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">')
    po = reviewed(cli, tmp_path / "2", legacy, "a.html", HTML_TABLE)
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "iso-8859-1" not in page and 'content="text/html; charset=utf-8"' in page
    bare = HTML_ARTICLE.replace('<meta charset="windows-1252">', "")
    po = reviewed(cli, tmp_path / "3", bare, "a.html", HTML_TABLE)
    assert cli("build", po, "-l", "target-only", "-o", out).exit_code == 0
    assert '<head>\n<meta charset="utf-8">' in out.read_text(encoding="utf-8")


def test_self_closing_notranslate_image_keeps_its_alt(cli, tmp_path: Path) -> None:
    text = HTML_ARTICLE.replace('<img src="p.png" alt="a dog">', '<img src="p.png" alt="a dog" class="notranslate"/>')
    po = reviewed(cli, tmp_path, text, "a.html", HTML_TABLE)
    assert "a dog" not in [e.msgid for e in load_catalog(po).entries]
    text = HTML_ARTICLE.replace('<img src="p.png" alt="a dog">', '<img src="p.png" alt="a dog" translate="no" />')
    po = reviewed(cli, tmp_path / "2", text, "a.html", HTML_TABLE)
    assert "a dog" not in [e.msgid for e in load_catalog(po).entries]


def test_markdown_edition_of_an_html_article_is_refused_in_one_line(cli, tmp_path: Path) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE)
    result = cli("build", po, "-f", "md", "-o", tmp_path / "x.md")
    assert result.exit_code != 0 and not (tmp_path / "x.md").exists()
    assert result.output.startswith("Error: zh_Hans.po: an HTML article has no Markdown edition")
    assert "--format html" in result.output and "Traceback" not in result.output
