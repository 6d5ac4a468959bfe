"""A linked image alone (README badges) is no entry of its own, as an image alone is: each alt text is one (issue 20).

A reviewer shown ``[![Build Status](https://…svg)](https://…)`` as an entry has nothing to
translate in it and every chance to break it; the alt text reaches the PO as an ``alt-text``
entry, and the editions show the link with its alt text translated.
"""

from __future__ import annotations

import pytest
from conftest import reviewed_po

from pipeline.catalog import load_catalog
from pipeline.documents.article import images_only

BADGES = """\
# Tool

[![Build Status](https://ci.example.org/b.svg)](https://ci.example.org/) [![PyPI version](https://img.example.org/v.svg)](https://pypi.org/p/tool)

[![Coverage][cov-img]][cov]

[![Docs](d.svg)](https://docs.example.org/) is the manual.

[cov-img]: https://img.example.org/c.svg
[cov]: https://cov.example.org/
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![A chart](chart.png)", True),
        ("[![Build Status](b.svg)](https://ci.example.org/)", True),
        ("[![A](a.svg)](x) [![B](b.svg)](y)", True),
        ("[![A](a.svg) the manual](x)", False),  # words in the link
        ("[![A](a.svg)](x) is the manual.", False),
        ("[Docs](x)", False),  # a link with no image
        ("*![A](a.svg)*", False),
        ("", False),
    ],
)
def test_images_only(text: str, expected: bool) -> None:
    assert images_only(text) is expected


def test_linked_images_alone_are_no_entries_but_their_alt_texts_are(cli, tmp_path) -> None:
    po = reviewed_po(
        cli, tmp_path, BADGES, "tool.md", {"Build Status": "构建状态", "Coverage": "覆盖率", "Tool": "工具"}
    )
    entries = load_catalog(po).active
    assert [e.msgid for e in entries] == [
        "Tool", "Build Status", "PyPI version", "Coverage", "[![Docs](d.svg)](https://docs.example.org/) is the manual.", "Docs",
    ]  # fmt: skip
    out = tmp_path / "tool.zh.md"
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        BADGES.replace("# Tool", "# 工具").replace("[Build Status]", "[构建状态]").replace("[Coverage]", "[覆盖率]")
    )


def test_a_linked_image_in_a_container_uses_the_documents_references(cli, tmp_path) -> None:
    """mkdocs-material's content tabs page: the definitions are outside the tab that uses them."""
    text = (
        '=== "Feature enabled"\n\n'
        "    [![Linked tabs enabled]][Linked tabs enabled]\n\n"
        "    See the [report] too.\n\n"
        "  [Linked tabs enabled]: ../assets/tabs.png\n"
        "  [report]: https://example.org/report\n"
    )
    po = reviewed_po(cli, tmp_path, text, "tabs.md", {"Linked tabs enabled": "已链接", "See the [report] too.": "见[报告]。"})
    assert [e.msgid for e in load_catalog(po).active] == ["Feature enabled", "Linked tabs enabled", "See the [report] too."]
    out = tmp_path / "tabs.zh.md"
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    built = out.read_text(encoding="utf-8")
    assert "    [![已链接]][Linked tabs enabled]\n" in built
    assert "    见[报告][report]。\n" in built  # the reference link still resolves
