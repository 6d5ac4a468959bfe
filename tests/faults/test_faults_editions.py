"""Issue 25's edition rows through the CLI: each case that let markup in, swallowed a page or broke a file.

The policy's own tables are in ``tests/publish/test_safety.py``; the same
cases in a browser with scripts on are in ``tests/publish/test_safety_browser.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalog import load_catalog
from pipeline.publish import load_edition
from pipeline.publish.book import _read_page
from pipeline.publish.html import render_html
from conftest import HTML_ARTICLE, HTML_ATTACKS, HTML_TABLE, reviewed_po as reviewed


MD_ARTICLE = "# Runners\n\nUse `run` now. Then `stop` here.\n"


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("attack", HTML_ATTACKS.values(), ids=HTML_ATTACKS)
def test_html_article_injection_is_reported_and_refused(cli, tmp_path: Path, attack: str) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE, **{"People <em>run</em> fast.": attack})
    check = cli("check", po, "--severity", "error")
    assert check.exit_code == 1 and ": error: [xmltags] HTML" in check.output
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


# -- EPUB and PDF metadata -------------------------------------------------------------------


@pytest.mark.parametrize("fmt, option", [("epub", "--title"), ("epub", "--author"), ("pdf", "--title")])
def test_control_characters_in_title_or_author_are_refused_in_one_line(cli, tmp_path: Path, fmt: str, option: str) -> None:
    po = reviewed(cli, tmp_path, HTML_ARTICLE, "a.html", HTML_TABLE)
    out = tmp_path / f"x.{fmt}"
    result = cli("build", po, "-f", fmt, option, "Runners\x07 weekly", "-o", out)
    assert result.exit_code != 0 and not out.exists()
    assert result.output.startswith(f"Error: {option} contains a control character (U+0007)")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "page",
    [
        "<p>People <em>run</em> fast.</p>\n<p>Last paragraph here.</p>\n",
        "<!DOCTYPE html>\n<title>Runners</title>\n<p>People <em>run</em> fast.</p>\n<p>Last paragraph here.</p>\n",
        "<!-- <body> -->\n<html><head><title>Runners</title></head><p>People <em>run</em> fast.</p><p>Last paragraph here.</p></html>\n",
    ],
    ids=["fragment", "no body tag", "body in a comment"],
)
def test_draft_banner_of_an_html_article_without_a_body_tag(cli, tmp_path: Path, page: str) -> None:
    table = {"People <em>run</em> fast.": "人们<em>跑</em>得快。", "Runners": "跑者", "Last paragraph here.": ""}  # one untranslated
    po = reviewed(cli, tmp_path, page, "frag.html", table)
    out = tmp_path / "t.html"
    assert cli("build", po, "-l", "target-only", "-o", out, "--allow-draft").exit_code == 0
    written = out.read_text(encoding="utf-8")
    assert 'class="draft-banner"' in written
    banner = written.index('class="draft-banner"')
    assert written.index("<p>") > banner  # above the text
    if "<!DOCTYPE" in page:
        assert written.startswith("<!DOCTYPE html>\n")  # never before the doctype (quirks mode)
    if "</head>" in page:
        assert banner > written.index("</head>")
    assert written.count("<!-- <body> -->") == page.count("<!-- <body> -->")
