"""Markdown from the wild: every construct's text reaches a slot, and its syntax survives a translation (issue 20)."""

from __future__ import annotations

import pytest

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


def test_attribute_lists_are_markup_and_braces_in_text_are_not() -> None:
    text = "Purpose {#purpose}, { .annotate }, {: .note}, {x} and $\\frac{.5}{2}$"
    assert [text[a:b] for a, b in inline_markup_spans(text)] == ["{#purpose}", "{ .annotate }", "{: .note}", "$\\frac{.5}{2}$"]


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


# --- each construct on its own: (name, source, slot texts, (line, reason) of what is left) ----------------
CONSTRUCTS = [
    ("myst title and options", "```{admonition} The title\n:class: tip\nThe body.\n```\n",
     ["The title", "The body."], []),
    ("myst note: text on the directive line is content", "```{note} Notes need **no** title.\n```\n",
     ["Notes need **no** title."], []),
    ("myst note in a colon fence, with a body", ":::{tip} First line.\nMore text.\n:::\n",
     ["First line. More text."], []),
    ("myst version note: version kept, explanation translated", "```{versionchanged} 20.3 The new resolver.\nIts body.\n```\n",
     ["The new resolver.", "Its body."], []),
    ("myst directive this reader does not know, in backticks: listed", "```{pip-cli}\n$ pip install x\n```\n",
     [], [(1, "```{pip-cli}")]),
    ("unknown directive with only an argument: listed", "```{myst-admonitions} note, tip\n```\n",
     [], [(1, "```{myst-admonitions}")]),
    ("unknown colon directive: body prose, argument listed", ":::{myst-example} some arg\nThe body.\n:::\n",
     ["The body."], [(1, "directive argument")]),
    ("myst roles stay markup", "See {ref}`the target` and {term}`word`.\n",
     ["See {ref}`the target` and {term}`word`."], []),
    ("pymdown block title and options", "/// settings | CSS Setup\n    type: warning\n\nThe body.\n///\n",
     ["CSS Setup", "The body."], []),
    ("pymdown blocks nest with more slashes", "/// settings | Setup\n\n//// tab | One\nIn one.\n////\n\n//// tab | Two\nIn two.\n////\n///\n",
     ["Setup", "One", "In one.", "Two", "In two."], []),
    ("pymdown html block: its argument is a tag", "/// html | div.result\nThe body.\n///\n", ["The body."], []),
    ("details with a title", '??? note "The title"\n\n    The body.\n', ["The title", "The body."], []),
    ("details open, no title", "???+ tip\n\n    The body.\n", ["The body."], []),
    ("admonition title", '!!! warning "Mind the gap"\n    The body.\n', ["Mind the gap", "The body."], []),
    ("math is protected in its sentence", "Euler: $e^{i\\pi} + 1 = 0$ holds.\n",
     ["Euler: $e^{i\\pi} + 1 = 0$ holds."], []),
    ("display math is left and listed", "Before.\n\n$$\nx = 1\n$$\n", ["Before."], [(3, "math or template")]),
    ("definition list, tight", "Apple\n:   A fruit.\n", ["Apple", "A fruit."], []),
    ("definition whose content is an admonition", "<!-- md:option type:note -->\n\n:   !!! note\n\n        The body.\n",
     ["The body."], []),
    ("definition with a second paragraph", "Term\n\n:   First.\n\n    Second.\n", ["Term", "First.", "Second."], []),
    ("a colon line that starts the document: no container, its marker still kept out", ":   a line\n", ["a line"], []),
    ("content tabs: a new set, selected", '===! "First"\n\n    One.\n\n===+ "Second"\n\n    Two.\n', ["First", "One.", "Second", "Two."], []),
    ("content tabs", '=== "Tab one"\n\n    One.\n\n=== "Tab two"\n\n    Two.\n', ["Tab one", "One.", "Tab two", "Two."], []),
    ("a README's details and picture: summary, alt text and the Markdown inside",
     '<picture>\n  <img alt="The logo" src="logo.png">\n</picture>\n\n<details>\n<summary>Show more</summary>\n\n'
     "The **folded** text.\n\n</details>\n",
     ["The logo", "Show more", "The **folded** text."], []),
    ("an HTML block of template syntax is left", "<p>{{</ math.inline >}}</p>\n", [], [(1, "template")]),
    ("docusaurus admonition, title in brackets", ":::note[The *title*]\n\nThe body.\n\n:::\n",
     ["The *title*", "The body."], []),
    ("docusaurus admonition, title after the type", ":::tip Pro tip\nThe body.\n:::\n", ["Pro tip", "The body."], []),
    ("docusaurus admonition, no title", ":::caution\n\nThe body.\n\n:::\n", ["The body."], []),
    ("myst list-table: caption and cells", ":::{list-table} Frozen treats\n:header-rows: 1\n\n* - Treat\n  - Price\n:::\n",
     ["Frozen treats", "Treat", "Price"], []),
    ("myst figure: its path is no text, its caption is", "```{figure} img.png\n:width: 50%\n\nThe caption.\n```\n",
     ["The caption."], []),
    ("myst csv-table: kept and listed", '```{csv-table} Caption\n"a", "b"\n```\n', [], [(1, "```{csv-table}")]),
    ("attribute lists stay in the text as markup", "## Purpose {#purpose}\n\nText { .annotate }\n",
     ["Purpose {#purpose}", "Text { .annotate }"], []),
    ("character references and task boxes stay in the text", "- [ ] Tom &amp; Jerry [x] done\n",
     ["Tom &amp; Jerry [x] done"], []),
]


@pytest.mark.parametrize(("name", "source", "texts", "left"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_each_construct_reaches_a_slot_or_the_list(name: str, source: str, texts: list[str], left: list[tuple[int, str]]) -> None:
    skeleton = markdown_skeleton(source)
    assert [s.text for s in skeleton.slots] == texts
    assert [(u.line, u.reason) for u in skeleton.untranslated] == left
    assert rebuild(skeleton, [s.text for s in skeleton.slots]) == source
    out = rebuild(skeleton, [f"T{i}" for i in range(len(skeleton.slots))])
    for syntax in ("```{", ":::{", "///", "!!!", "???", "===", "$$", ":   ", ":class:", "    type:", "- [ ] "):
        assert out.count(syntax) == source.count(syntax), (syntax, out)


# (text, its markup spans): a MyST role's text is translated when a reader sees it (a text role, an explicit title)
ROLES = [
    ("See {ref}`target-label`.", ["{ref}", "`target-label`"]),
    ("See {ref}`The guide <guide-label>`.", ["{ref}`", " <guide-label>`"]),
    ("Press {kbd}`Ctrl+C` or {sup}`2`.", ["{kbd}", "`Ctrl+C`", "{sup}`", "`"]),
    ("A {term}`exit ban` and {abbr}`CPU (central unit)`.", ["{term}`", "`", "{abbr}`", "`"]),
    ("Call {py:func}`open` or {doc}`Intro <intro>`.", ["{py:func}", "`open`", "{doc}`", " <intro>`"]),
]


@pytest.mark.parametrize(("text", "expected"), ROLES, ids=[r[0] for r in ROLES])
def test_myst_roles_keep_their_name_and_target_as_markup(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in inline_markup_spans(text)] == expected


def test_a_translated_term_keeps_linking_to_its_glossary_entry() -> None:
    doc = "See {term}`exit ban`, {ref}`The guide <guide>` and {term}`same`.\n"
    skeleton = markdown_skeleton(doc)
    out = rebuild(skeleton, ["见{term}`出口禁令`、{ref}`指南 <guide>`和{term}`same`。"])
    assert out == "见{term}`出口禁令 <exit ban>`、{ref}`指南 <guide>`和{term}`same`。\n"
    assert rebuild(skeleton, [skeleton.slots[0].text]) == doc


def test_the_markup_check_compares_a_role_by_its_name_and_target() -> None:
    from pipeline.documents.inline_markup import markup_of

    source = markup_of("See {term}`exit ban` and {ref}`The guide <guide>`, {kbd}`Ctrl+C`.")
    assert source == markup_of("见{term}`出口禁令`和{ref}`指南 <guide>`，{kbd}`Ctrl+C`。")
    assert source != markup_of("见{term}`出口禁令`和{ref}`指南 <other>`，{kbd}`Ctrl+C`。")
    assert source != markup_of("见{term}`出口禁令`和{ref}`指南 <guide>`，{kbd}`Ctrl+V`。")


def test_roles_translated_through_the_cli(cli, installed_model, tmp_path) -> None:
    from dataclasses import replace

    from pipeline.catalog import load_catalog, write_catalog

    source = tmp_path / "roles.md"
    source.write_text("See the {term}`report` and {ref}`The report <rep>` or {kbd}`report`.\n", encoding="utf-8")
    assert cli("translate", source, "--out", tmp_path / "out", "--no-memory").exit_code == 0
    po = tmp_path / "out" / "roles" / "zh_Hans.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, flags=()) for e in catalog.entries]
    write_catalog(po, catalog)
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", tmp_path / "roles.zh.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "roles.zh.md").read_text(encoding="utf-8") == (
        "See the {term}`报告 <report>` and {ref}`The报告 <rep>` or {kbd}`report`。\n"
    )
