"""`mtpipe build` rebuilds the edition from the source document the PO records."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pipeline.catalog import load_catalog, write_catalog

ARTICLE = """\
---
title: The run movement
---

# The run movement

阅读 placeholder.

Read [the report](https://example.org/r "Title") now.

> A quote
> over two lines.

```python
print("code is kept")
```

| Route | Cost |
| --- | --- |
| Mexico | high |
"""

#: msgid → reviewed msgstr.
TRANSLATIONS = {
    "The run movement": "润运动",
    "阅读 placeholder.": "阅读占位。",
    'Read [the report](https://example.org/r "Title") now.': '阅读[报告](https://example.org/r "Title")并立即运行。',
    "A quote over two lines.": "一段引文。",
    "Route": "路线",
    "Cost": "费用",
    "Mexico": "墨西哥",
    "high": "高",
}


def translated(cli, tmp_path: Path, text: str = ARTICLE, name: str = "article.md", table=TRANSLATIONS) -> Path:
    """Translate *text* with --engine none, then review every entry from *table*."""
    source = tmp_path / "articles" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / source.stem / "zh_Hans.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr=table.get(e.msgid, e.msgid), flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    return po


def test_po_header_records_the_source(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    header = load_catalog(po).header
    assert header["X-Source-Document"] == "../../articles/article.md"
    assert header["X-Source-Hash"].startswith("sha256:")


def test_markdown_edition_is_the_source_with_its_text_replaced(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    out = tmp_path / "zh.md"
    result = cli("build", po, "-f", "md", "-l", "target-only", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        ARTICLE.replace("title: The run movement", "title: 润运动")
        .replace("# The run movement", "# 润运动")
        .replace("阅读 placeholder.", "阅读占位。")
        .replace('Read [the report](https://example.org/r "Title") now.', '阅读[报告](https://example.org/r "Title")并立即运行。')
        .replace("> A quote\n> over two lines.", "> 一段引文。")
        .replace("| Route | Cost |", "| 路线 | 费用 |")
        .replace("| Mexico | high |", "| 墨西哥 | 高 |")
    )


def test_link_title_is_not_glued_to_its_url(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    page = tmp_path / "zh.html"
    assert cli("build", po, "-l", "target-only", "-o", page).exit_code == 0
    assert '<a href="https://example.org/r" title="Title">报告</a>' in page.read_text(encoding="utf-8")


def test_interleaved_markdown_keeps_the_code_block(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    out = tmp_path / "both.md"
    assert cli("build", po, "-f", "md", "-l", "interleaved", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert '```python\nprint("code is kept")\n```' in text
    assert "# The run movement / 润运动" in text
    assert "> A quote over two lines.\n>\n> 一段引文。" in text
    assert "| Route / 路线 | Cost / 费用 |" in text


def test_moved_source_is_refused_until_source_is_given(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    moved = tmp_path / "elsewhere.md"
    shutil.move(tmp_path / "articles" / "article.md", moved)
    result = cli("build", po, "-f", "md", "-o", tmp_path / "x.md")
    assert result.exit_code != 0 and not (tmp_path / "x.md").exists()
    assert "article.md is missing" in result.output and "--source PATH" in result.output
    assert "Traceback" not in result.output
    assert cli("build", po, "-f", "md", "--source", moved, "-o", tmp_path / "x.md").exit_code == 0


def test_changed_source_is_refused(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    source = tmp_path / "articles" / "article.md"
    source.write_text(ARTICLE.replace("now.", "today."), encoding="utf-8")
    result = cli("build", po, "-o", tmp_path / "x.html")
    assert result.exit_code != 0 and not (tmp_path / "x.html").exists()
    assert "changed since the PO was made" in result.output and "mtpipe translate" in result.output


def test_raw_html_not_in_the_source_is_refused(cli, tmp_path: Path) -> None:
    table = {**TRANSLATIONS, "A quote over two lines.": "一段<img src=x onerror=alert(1)>引文。"}
    po = translated(cli, tmp_path, table=table)
    for args in ((), ("--allow-draft",)):
        result = cli("build", po, "-f", "md", "-o", tmp_path / "x.md", *args)
        assert result.exit_code != 0 and "raw HTML" in result.output
        assert not (tmp_path / "x.md").exists()
    check = cli("check", po)
    assert check.exit_code != 0 and "raw HTML <img src=x onerror=alert(1)> in the target is not in the source" in check.output


def test_changed_link_is_refused_unless_draft(cli, tmp_path: Path) -> None:
    key = 'Read [the report](https://example.org/r "Title") now.'
    po = translated(cli, tmp_path, table={**TRANSLATIONS, key: "阅读[报告](https://evil.example/r)。"})
    result = cli("build", po, "-o", tmp_path / "x.html")
    assert result.exit_code != 0 and "URLs or markup differ" in result.output
    assert cli("build", po, "-o", tmp_path / "x.html", "--allow-draft").exit_code == 0


def test_plain_text_markdown_edition_escapes_the_list_marker(cli, tmp_path: Path) -> None:
    text = "1989. It was a year of change.\n"
    po = translated(cli, tmp_path, text=text, name="year.txt", table={})  # msgstr = msgid
    out = tmp_path / "year.md"
    assert cli("build", po, "-f", "md", "-l", "target-only", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == "1989\\. It was a year of change.\n"  # not "\\1989. It was"


def test_footer_only_in_bilingual_html_by_default(cli, tmp_path: Path) -> None:
    po = translated(cli, tmp_path)
    pages = {}
    for name, args in {
        "only": ("-l", "target-only"),
        "only-footer": ("-l", "target-only", "--footer"),
        "both": ("-l", "side-by-side"),
        "both-none": ("-l", "side-by-side", "--no-footer"),
    }.items():
        out = tmp_path / f"{name}.html"
        assert cli("build", po, *args, "-o", out).exit_code == 0
        pages[name] = out.read_text(encoding="utf-8")
    assert "<footer" not in pages["only"] and "Built by" not in pages["only"]
    assert '<footer lang="zh-Hans">' in pages["only-footer"] and "Built by" not in pages["only-footer"]
    assert '<footer lang="en">Built by mtpipe' in pages["both"]
    assert "<footer" not in pages["both-none"]
    assert "<title>润运动</title>" in pages["only"]
    assert "<title>润运动 / The run movement</title>" in pages["both"]


def test_alt_text_and_link_titles_are_translated_in_place(cli, tmp_path: Path) -> None:
    text = 'See ![a map](m.png "The map") and [the report](https://x.org/r "Report").\n'
    table = {
        'See ![a map](m.png "The map") and [the report](https://x.org/r "Report").': '见![a map](m.png "The map")和[报告](https://x.org/r "Report")。',
        "a map": "一张[地图]",
        "The map": '"地图"',
        "Report": "报告",
    }
    po = translated(cli, tmp_path, text=text, name="pics.md", table=table)
    kinds = [n for e in load_catalog(po).entries for n in e.notes if n.startswith("kind:")]
    assert kinds == ["kind: alt-text", "kind: link-title", "kind: link-title"]
    out = tmp_path / "pics.zh.md"
    assert cli("build", po, "-f", "md", "-l", "target-only", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == '见![一张[地图]](m.png "“地图”")和[报告](https://x.org/r "报告")。\n'
    page = tmp_path / "pics.html"
    (tmp_path / "articles" / "m.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # present: a missing image shows as its alt text
    assert cli("build", po, "-l", "target-only", "-o", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert 'alt="一张[地图]"' in html and 'title="报告"' in html
