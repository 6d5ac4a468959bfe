"""The document skeleton: slots, rebuild byte for byte, escaping per slot kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.documents.article import BlockKind
from pipeline.documents.text import TEXT
from pipeline.documents.skeleton import rebuild, source_fields, source_from_header, source_hash
from pipeline.documents.markdown import markdown_skeleton
from pipeline.documents.markdown_placing import escape_block_start

DOC = """\
---
title: "The *run* movement"
description: Why people leave, a report
summary: |
  A block scalar.
tags: [a, b]
---

# Heading one

> - a *b*\\
>   c

| x | y \\| z |
|---|---|
| `1` | two |

```
code stays
```

<div>html stays</div>

***

1. first
2. second
"""


def test_everything_outside_the_slots_is_kept_byte_for_byte() -> None:
    skeleton = markdown_skeleton(DOC)
    out = rebuild(skeleton, [f"⟨{i}⟩" for i in range(len(skeleton.slots))])
    restored = re.sub(r"⟨(\d+)⟩", lambda m: (s := skeleton.slots[int(m.group(1))]) and DOC[s.start : s.end], out)
    assert restored == DOC


def test_slots_kinds_and_texts() -> None:
    skeleton = markdown_skeleton(DOC)
    assert [(s.kind, s.text, s.escape) for s in skeleton.slots] == [
        (BlockKind.TITLE, "The *run* movement", "yaml-double"),
        (BlockKind.METADATA, "Why people leave, a report", "yaml-plain"),
        (BlockKind.METADATA, "A block scalar.", "yaml-block"),
        (BlockKind.HEADING, "Heading one", "md-heading"),
        (BlockKind.LIST_ITEM, "a *b*\\\nc", "md"),
        (BlockKind.TABLE_CELL, "x", "md-cell"),
        (BlockKind.TABLE_CELL, "y \\| z", "md-cell"),
        (BlockKind.TABLE_CELL, "`1`", "md-cell"),
        (BlockKind.TABLE_CELL, "two", "md-cell"),
        (BlockKind.PARAGRAPH, "html stays", "html"),  # an HTML block goes through the HTML reader
        (BlockKind.LIST_ITEM, "first", "md"),
        (BlockKind.LIST_ITEM, "second", "md"),
    ]
    assert skeleton.warnings == ()
    assert skeleton.body_start == DOC.index("---\n\n#") + 3


def test_translations_are_escaped_for_their_place() -> None:
    skeleton = markdown_skeleton(DOC)
    texts = ['他说"润"', "原因: 一份报告", "一个块", "标题", "甲\\\n乙", "x | y", "y \\| z", "`1`", "二", "留下", "1. 一", "二"]
    out = rebuild(skeleton, texts)
    assert 'title: "他说\\"润\\""\n' in out
    assert 'description: "原因: 一份报告"\n' in out  # ": " needs quotes in YAML
    assert "summary: |\n  一个块\n" in out
    assert "> - 甲\\\n>   乙\n" in out  # a hard break continues inside the quote and the item
    assert "| x \\| y | y \\| z |" in out
    assert "1. 1\\. 一\n2. 二\n" in out  # a translation cannot start a new list
    assert "<div>留下</div>" in out


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1989. It was", "1989\\. It was"),
        ("3) Three", "3\\) Three"),
        ("# Not a heading", "\\# Not a heading"),
        ("- not an item", "\\- not an item"),
        ("> not a quote", "\\> not a quote"),
        ("***", "\\***"),
        ("===", "\\==="),
        ("```", "\\```"),
        ("1989 was a year.", "1989 was a year."),
        ("A plain line.", "A plain line."),
    ],
)
def test_escape_block_start(line: str, expected: str) -> None:
    assert escape_block_start(line) == expected


def test_setext_heading_and_lazy_lines_rebuild() -> None:
    text = "Title\nover two lines\n===\n\n> quoted\nlazy line\n"
    skeleton = markdown_skeleton(text)
    assert [s.text for s in skeleton.slots] == ["Title over two lines", "quoted lazy line"]
    assert rebuild(skeleton, ["标题", "引文"]) == "标题\n===\n\n> 引文\n"


def test_a_new_line_in_a_one_line_slot_stays_in_its_containers() -> None:
    text = "> - item\n\nafter\n"
    skeleton = markdown_skeleton(text)
    assert rebuild(skeleton, ["甲\\\n乙", "后"]) == "> - 甲\\\n>   乙\n\n后\n"


def test_text_skeleton_replaces_paragraphs_only() -> None:
    text = "Title line\n\n  First paragraph\nwrapped here and\nthere.\n\nSecond.\n"
    skeleton = TEXT.read(text)
    assert [s.text for s in skeleton.slots] == ["Title line", "First paragraph wrapped here and there.", "Second."]
    assert rebuild(skeleton, ["T", "P", "S"]) == "T\n\n  P\n\nS\n"


def test_source_header_fields_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "articles" / "a.md"
    po = tmp_path / "out" / "a" / "zh_Hans.po"
    fields = source_fields(source, po.parent, source_hash("text"))
    assert fields["X-Source-Document"] == "../../articles/a.md"
    path, digest = source_from_header(fields, po)
    assert path is not None and path.resolve() == source.resolve()
    assert digest == source_hash("text") and digest.startswith("sha256:")
    assert source_from_header({}, po) == (None, "")


def test_alt_text_and_titles_are_escaped_inside_their_construct() -> None:
    text = 'See ![a map](m.png "The map") and [it](https://x.org \'T\').\n'
    skeleton = markdown_skeleton(text)
    assert [(s.kind, s.text, s.parent) for s in skeleton.slots] == [
        (BlockKind.PARAGRAPH, text.strip(), -1),
        (BlockKind.ALT_TEXT, "a map", 0),
        (BlockKind.LINK_TITLE, "The map", 0),
        (BlockKind.LINK_TITLE, "T", 0),
    ]
    out = rebuild(skeleton, ["见![a map](m.png \"The map\")和[它](https://x.org 'T')。", "地图]", 'say "map"', "it's"])
    assert out == "见![地图\\]](m.png \"say \\\"map\\\"\")和[它](https://x.org 'it\\'s')。\n"
