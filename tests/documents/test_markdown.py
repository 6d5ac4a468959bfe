"""Markdown articles: blocks, source lines, inline markup spans, rebuilding."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents.article import BlockKind, read_article
from pipeline.documents.markdown import MARKDOWN, parse_markdown
from pipeline.documents.markdown_inline import inline_markup_spans, markdown_references, unsplittable_spans
from pipeline.documents.markdown_placing import render_markdown_block
from pipeline.segmentation.segment import split_sentences

DOC = """\
# The “run” movement

Chinese citizens are fleeing by *legal or illegal* means.
Most take routes to the
United States.

## Different Routes

- Fly to **Thailand**, then Turkey.
- Cross the [U.S. border](https://example.org/border.html "Map").
  1. Via Ecuador.

  A later paragraph of the item.

> “It is rather scary,” he said.
> Then he left.

```
code is not translated
```

<div>raw html</div>

---

Setext heading
--------------

# Another level one
"""


def _summary(text: str) -> list[tuple[str, int, int, str, str]]:
    return [(b.kind.value, b.line, b.level, b.marker, b.text) for b in parse_markdown(text)]


def test_blocks_kinds_lines_levels_and_markers() -> None:
    assert _summary(DOC) == [
        ("title", 1, 1, "", "The “run” movement"),
        ("paragraph", 3, 0, "", "Chinese citizens are fleeing by *legal or illegal* means. "
                                "Most take routes to the United States."),
        ("heading", 7, 2, "", "Different Routes"),
        ("list-item", 9, 1, "-", "Fly to **Thailand**, then Turkey."),
        ("list-item", 10, 1, "-", "Cross the [U.S. border](https://example.org/border.html \"Map\")."),
        ("link-title", 10, 0, "", "Map"),  # translated inside its link
        ("list-item", 11, 2, "1.", "Via Ecuador."),
        ("list-item", 13, 1, "", "A later paragraph of the item."),
        ("quote", 15, 1, "", "“It is rather scary,” he said. Then he left."),
        ("paragraph", 22, 0, "", "raw html"),  # an HTML block goes through the HTML reader
        ("heading", 26, 2, "", "Setext heading"),
        ("heading", 29, 1, "", "Another level one"),
    ]  # fmt: skip
    assert [b.number for b in parse_markdown(DOC)] == list(range(1, 13))


def test_wrapped_paragraph_keeps_its_source_lines() -> None:
    paragraph = parse_markdown(DOC)[1]
    assert paragraph.line_offsets == (58, 82)
    assert paragraph.line_at(0) == 3
    assert paragraph.line_at(paragraph.text.index("Most")) == 4
    assert paragraph.line_at(paragraph.text.index("United")) == 5


def test_title_only_when_first_block_is_level_one() -> None:
    assert _summary("Intro text.\n\n# Heading\n")[1][0] == "heading"
    assert _summary("## Small\n\nText.\n")[0][0] == "heading"
    assert _summary("Big\n===\n\nText.\n")[0][:3] == ("title", 1, 1)


def test_nested_quotes_and_lists_inside_quotes() -> None:
    assert _summary("> outer\n>\n> > inner\n\n> - quoted item\n") == [
        ("quote", 1, 1, "", "outer"),
        ("quote", 3, 2, "", "inner"),
        ("list-item", 5, 1, "-", "quoted item"),
    ]


def test_hard_line_break_is_kept() -> None:
    [block] = parse_markdown("First line  \nsecond line\\\nthird line\n")
    assert block.text == "First line\\\nsecond line\\\nthird line"
    assert block.line_at(block.text.index("third")) == 3


def test_empty_document_has_no_blocks() -> None:
    assert parse_markdown("") == []
    assert parse_markdown("```\nonly code\n```\n\n---\n") == []


# --- inline markup spans: (text, expected markup substrings, in order) ---
INLINE_CASES = [
    ("Plain text, no markup.", []),
    ("Read the [report](https://x.org/r) on *exit bans*.", ["[", "](https://x.org/r)", "*", "*"]),
    ("A **strong** and __strong__ and _em_ word.", ["**", "**", "__", "__", "_", "_"]),
    ("Nested ***both*** here.", ["*", "**", "**", "*"]),
    ("Run `mtpipe segment` now.", ["`mtpipe segment`"]),
    ("Double ``a ` b`` ticks.", ["``a ` b``"]),
    ("See <https://example.org/a.b> for it.", ["<https://example.org/a.b>"]),
    ("Mail <press@example.org> now.", ["<press@example.org>"]),
    ("A <b>bold</b> move.", ["<b>", "</b>"]),
    ('Titled [link](https://x.org "The Title") here.', ["[", '](https://x.org "The Title")']),
    ("Angle [link](<https://x.org/a b>) here.", ["[", "](<https://x.org/a b>)"]),
    ("Parens [link](https://x.org/a_(b)) here.", ["[", "](https://x.org/a_(b))"]),
    ("Link with [*emphasis* inside](https://x.org).", ["[", "*", "*", "](https://x.org)"]),
    ("An image ![alt text](img.png) here.", ["![alt text](img.png)"]),
    ("Escaped \\*not emphasis\\* here.", ["\\", "\\"]),
    ("Entity &amp; is markup (issue 20).", ["&amp;"]),
    ("Lone * star and [bracket] stay text.", []),
    ("Line one\\\nline two.", ["\\\n"]),
    ("Intra*word*emphasis.", ["*", "*"]),
    ("Two [a](https://a.org) and [b](https://b.org/x.y).", ["[", "](https://a.org)", "[", "](https://b.org/x.y)"]),
]


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize(("text", "expected"), INLINE_CASES, ids=[c[0][:30] for c in INLINE_CASES])
def test_inline_markup_spans_are_exact(text: str, expected: list[str]) -> None:
    spans = inline_markup_spans(text)
    _check_spans(text, spans)
    assert [text[s:e] for s, e in spans] == expected


def test_link_urls_are_inside_markup_and_labels_are_not() -> None:
    text = 'Read the [U.S. report](https://a.b/c.d) and [the ban](https://x.org/ban "Ban").'
    spans = inline_markup_spans(text)
    protected = "".join(text[s:e] for s, e in spans)
    for url in ("https://a.b/c.d", "https://x.org/ban"):
        start = text.index(url)
        assert any(s <= start and start + len(url) <= e for s, e in spans)
    assert "U.S. report" not in protected and "the ban" not in protected
    # Everything outside the spans is what the engine sees: no URL in it.
    visible = "".join(text[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(text)]))
    assert "http" not in visible
    assert visible == "Read the U.S. report and the ban."


def test_reference_links_need_the_document_definitions() -> None:
    doc = "A [ref link][r] and [short], but [sic] is text.\n\n[r]: https://x.org/r\n[short]: https://y.org\n"
    [block] = parse_markdown(doc)
    refs = markdown_references(doc)
    spans = inline_markup_spans(block.text, references=refs)
    assert [block.text[s:e] for s, e in spans] == ["[", "][r]", "[", "]"]
    assert inline_markup_spans(block.text) == []


def test_sentences_never_split_inside_links_or_code() -> None:
    text = "Read the [U.S. report. It said](https://a.b/c.d). See `a. B` too. It was *bad.* Then it ended."
    spans = split_sentences(text, protected=unsplittable_spans(text))
    assert [text[s:e].strip() for s, e in spans] == [
        "Read the [U.S. report. It said](https://a.b/c.d).",
        "See `a. B` too.",
        "It was *bad.*",
        "Then it ended.",
    ]
    assert [text[s:e] for s, e in unsplittable_spans(text)] == ["[U.S. report. It said](https://a.b/c.d)", "`a. B`"]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["*", "**", "_", "[", "]", "(", ")", "`", "<", ">", "\\", "!", "\n", "  \n", " ", "a", "B.",
                             "https://x.y", "&amp;", "\"t\"", "<b>", "</b>"]),
            st.text(max_size=3),
        ),
        max_size=40,
    ).map("".join)
)  # fmt: skip
def test_inline_spans_are_well_formed_on_any_text(text: str) -> None:
    _check_spans(text, inline_markup_spans(text))
    _check_spans(text, unsplittable_spans(text))


# --- rebuilding ---
@pytest.mark.parametrize(
    ("kind", "level", "marker", "text", "expected"),
    [
        (BlockKind.TITLE, 1, "", "Title", "# Title"),
        (BlockKind.HEADING, 3, "", "Sub *x*", "### Sub *x*"),
        (BlockKind.PARAGRAPH, 0, "", "Text.", "Text."),
        (BlockKind.LIST_ITEM, 1, "-", "Item.", "- Item."),
        (BlockKind.LIST_ITEM, 2, "1.", "Nested.", "    1. Nested."),
        (BlockKind.LIST_ITEM, 1, "", "More.", "    More."),
        (BlockKind.QUOTE, 2, "", "Deep.", "> > Deep."),
        (BlockKind.QUOTE, 1, "", "A\\\nB", "> A\\\n> B"),
    ],
)
def test_render_markdown_block(kind: BlockKind, level: int, marker: str, text: str, expected: str) -> None:
    assert render_markdown_block(kind, level, marker, text) == expected


SAMPLE_MD = """\
# The Run Movement

Chinese nationals take different routes, according to [media reports](https://example.org/reports?id=4.5) and what
fleeing citizens told *The Epoch Times*.People with sufficient funds can enter Mexico. Some cross the U.S. southern border.

## Different Routes

“The authorities are worried,” he said. “Some people told me they’re all **interrogated**.”
"""


def test_markdown_sample_article_reads_and_segments(tmp_path: Path) -> None:
    path = tmp_path / "run-movement.md"
    path.write_text(SAMPLE_MD, encoding="utf-8")
    article = read_article(path)
    assert article.format is MARKDOWN
    assert [b.kind for b in article.blocks] == [
        BlockKind.TITLE,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    paragraph = article.blocks[1]
    spans = split_sentences(paragraph.text, protected=unsplittable_spans(paragraph.text))
    assert [paragraph.text[s:e].strip() for s, e in spans] == [
        "Chinese nationals take different routes, according to [media reports](https://example.org/reports?id=4.5) "
        "and what fleeing citizens told *The Epoch Times*.",
        "People with sufficient funds can enter Mexico.",
        "Some cross the U.S. southern border.",
    ]
    assert paragraph.line_at(spans[1][0]) == 4
    markup = [paragraph.text[s:e] for s, e in inline_markup_spans(paragraph.text)]
    assert markup == ["[", "](https://example.org/reports?id=4.5)", "*", "*"]
    quote = article.blocks[3]
    assert [quote.text[s:e].strip() for s, e in split_sentences(quote.text)] == [
        "“The authorities are worried,” he said.",
        "“Some people told me they’re all **interrogated**.”",
    ]


def test_reference_labels_are_read_once_per_document_not_per_segment() -> None:
    """Issue 25: each segment sorted and copied every label, n segments x n definitions."""
    from collections.abc import Mapping

    class Counted(Mapping):
        def __init__(self, data: dict) -> None:
            self.data, self.reads = data, 0

        def __getitem__(self, key):
            self.reads += 1
            return self.data[key]

        def __iter__(self):
            for key in self.data:
                self.reads += 1
                yield key

        def __len__(self) -> int:
            return len(self.data)

    n = 400
    refs = Counted({f"R{i}": {"href": f"https://x.org/{i}", "title": ""} for i in range(n)})
    for i in range(n):
        text = f"See [item {i}][r{i}] now."
        assert unsplittable_spans(text, references=refs) == [(4, len(text) - 5)]
    assert refs.reads <= 2 * n
