"""Markdown from the wild: every construct's text reaches a slot, and its syntax survives a translation (issue 20)."""

from __future__ import annotations

from pipeline.documents.markdown import markdown_skeleton
from pipeline.documents.markdown_inline import inline_markup_spans
from pipeline.documents.skeleton import rebuild

DOC = """\
# Guide

!!! note "A short title"

    The admonition body
    over two lines.

=== "Tab one"

    Tab text here.

```{note}
:class: tip
A MyST note.
```

:::{admonition} Custom title
The admonition text.
:::

:::{code-block} python
print("kept")
:::

> [!NOTE]
> Useful information.

Apple
:   A pomaceous fruit.

- [ ] A task to do.
- [x] A task done.

Text with a note.[^1]

[^1]: The footnote text
    continues here.

    A second footnote paragraph.

$$
x^2 + y^2 = z^2
$$

<div class="box">Boxed text.</div>

```
!!! note "not an admonition"
    inside a code block
```
"""


def test_every_construct_has_its_text_in_a_slot() -> None:
    skeleton = markdown_skeleton(DOC)
    assert [s.text for s in skeleton.slots] == [
        "Guide",
        "A short title",
        "The admonition body over two lines.",
        "Tab one",
        "Tab text here.",
        "A MyST note.",
        "Custom title",
        "The admonition text.",
        "Useful information.",
        "Apple",
        "A pomaceous fruit.",
        "A task to do.",
        "A task done.",
        "Text with a note.[^1]",
        "The footnote text continues here.",
        "A second footnote paragraph.",
        "Boxed text.",
    ]
    assert [(u.line, u.reason) for u in skeleton.untranslated] == [
        (21, ":::{code-block}"), (41, "math or template"), (47, "code block")
    ]


def test_a_translation_keeps_the_syntax_around_it() -> None:
    skeleton = markdown_skeleton(DOC)
    out = rebuild(skeleton, [f"T{i}" for i in range(len(skeleton.slots))])
    for kept in (
        '!!! note "T1"\n\n    T2\n',
        '=== "T3"\n\n    T4\n',
        "```{note}\n:class: tip\nT5\n```",
        ":::{admonition} T6\nT7\n:::",
        ':::{code-block} python\nprint("kept")\n:::',
        "> [!NOTE]\n> T8\n",
        "T9\n:   T10\n",
        "- [ ] T11\n- [x] T12\n",
        "[^1]: T14\n\n    T15\n",
        "$$\nx^2 + y^2 = z^2\n$$",
        '<div class="box">T16</div>',
        '```\n!!! note "not an admonition"\n    inside a code block\n```',
    ):
        assert kept in out, kept


def test_math_templates_and_footnote_marks_are_markup() -> None:
    text = "Sum $a+b$ at $5 and $6, {{ page.title }}, {% raw %}, \\(x\\) and note[^2]; see {ref}`target`."
    assert [text[a:b] for a, b in inline_markup_spans(text)] == [
        "$a+b$", "{{ page.title }}", "{% raw %}", "\\(x\\)", "[^2]", "{ref}", "`target`",
    ]  # fmt: skip


def test_a_reference_link_whose_label_is_its_text_keeps_resolving() -> None:
    doc = (
        "## [1.1.0] - 2019\n\nSee [the guide][] and [Unreleased], [x](http://a) and [y][1.1.0].\n\n"
        "| [Unreleased] | x |\n|---|---|\n\n[1.1.0]: https://x.org/1\n[unreleased]: https://x.org/u\n[the guide]: https://x.org/g\n"
    )
    skeleton = markdown_skeleton(doc)
    out = rebuild(skeleton, ["[1.1.0版] - 2019", "见[指南][]和[未发布]、[x](http://a)和[y][1.1.0]。", "[未发布]", "x"])
    assert out.startswith("## [1.1.0版][1.1.0] - 2019\n\n见[指南][the guide]和[未发布][Unreleased]、[x](http://a)和[y][1.1.0]。\n")
    assert "| [未发布][Unreleased] | x |" in out
    assert rebuild(skeleton, [s.text for s in skeleton.slots]) == doc
