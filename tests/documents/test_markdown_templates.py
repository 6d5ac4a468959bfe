"""Jekyll/Liquid and Hugo template syntax in Markdown, through the commands a user runs (issue 20: points 2 and 5).

- A template block whose body is code (``{% highlight %}``, ``{{< highlight >}}``) or no text
  (``{% comment %}``) is left as it is, line for line, and listed in the report with its line, as a code block is.
- ``{% raw %}`` only turns Liquid off: its body is Markdown a reader sees, translated; its tag lines are kept.
- A line of template tags (``{% endif %}``, ``{{< /alert >}}``) is no entry and no part of one: it stays on its line.
- Tags inside prose (``{% if x %}Hello there.{% endif %}``) are protected markup, written back byte for byte.
- The attributes of a tag that readers see (``caption``, ``alt``, ``title``) are entries of their own, as alt texts are.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import reviewed_po

from pipeline.catalog import load_catalog, write_catalog

DOC = """\
# Post

The report is short.

{% highlight ruby %}
def airport
  puts "passport"
end
{% endhighlight %}

{% comment %}
The airport report is a draft.
{% endcomment %}

{{< highlight go >}}
func main() {
  fmt.Println("airport. passport")
}
{{< /highlight >}}

{% raw %}
The report shows {{ page.title }} at the airport.
{% endraw %}

{% if page.comments %}
Leave a report below.
{% endif %}

{{< alert >}}
Bring your passport to the airport.
{{< /alert >}}

{% if x %}The airport is open.{% endif %}

{{< figure src="a.png" caption="The airport at night" alt="A passport" >}}

{{% /notice %}}
"""


def _translate(cli, tmp_path: Path, *options: str) -> tuple[Path, dict]:
    source = tmp_path / "post.md"
    source.write_text(DOC, encoding="utf-8")
    report = tmp_path / "report.json"
    result = cli("translate", source, "--out", tmp_path / "out", "--no-memory", "--report", report, *options)
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "post" / "zh_Hans.po", json.loads(report.read_text(encoding="utf-8"))


def _built(cli, po: Path, out: Path) -> str:
    result = cli("build", po, "--format", "md", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_template_syntax_is_never_an_entry(cli, tmp_path) -> None:
    po, report = _translate(cli, tmp_path, "--engine", "none")
    msgids = [e.msgid for e in load_catalog(po).active]
    assert msgids == [
        "Post",
        "The report is short.",
        "The report shows {{ page.title }} at the airport.",
        "Leave a report below.",
        "Bring your passport to the airport.",
        "{% if x %}The airport is open.{% endif %}",
        "The airport at night",  # the figure's caption and alt text: entries of their own
        "A passport",
    ]
    listed = [(u["line"], u["reason"]) for u in report["per_article"][0]["untranslated"]]
    assert listed == [
        (5, "{% highlight %}"),
        (11, "{% comment %}"),
        (15, "{{< highlight >}}"),
        (21, "template"), (23, "template"),
        (25, "template"), (27, "template"),
        (29, "template"), (31, "template"),
        (37, "template"),
    ]  # fmt: skip


def test_identity_round_trip_is_byte_exact(cli, tmp_path) -> None:
    po = reviewed_po(cli, tmp_path, DOC, "post.md", {})
    assert _built(cli, po, tmp_path / "post.zh.md") == DOC


def test_word_for_word_run_keeps_code_and_tags_line_for_line(cli, installed_model, tmp_path) -> None:
    po, _ = _translate(cli, tmp_path)
    catalog = load_catalog(po)
    catalog.entries = [replace(e, flags=()) for e in catalog.entries]  # the drafts accepted as they are
    write_catalog(po, catalog)
    built = _built(cli, po, tmp_path / "post.zh.md")
    for kept in (
        '{% highlight ruby %}\ndef airport\n  puts "passport"\nend\n{% endhighlight %}\n',
        "{% comment %}\nThe airport report is a draft.\n{% endcomment %}\n",
        '{{< highlight go >}}\nfunc main() {\n  fmt.Println("airport. passport")\n}\n{{< /highlight >}}\n',
        "{% raw %}\n",
        "\n{% endraw %}\n\n{% if page.comments %}\n",
        "\n{% endif %}\n\n{{< alert >}}\n",
        "\n{{< /alert >}}\n",
        "{{ page.title }}",
        "\n{{% /notice %}}\n",
    ):
        assert kept in built, kept
    assert "{% if x %}" in built and "{% endif %}\n\n{{< figure" in built
    assert built.count("机场") == 4 and built.count("护照") == 2  # the prose, the caption and the alt text
    assert '{{< figure src="a.png" caption="The机场at night" alt="A护照" >}}' in built


def test_a_translated_attribute_keeps_its_quotes_closed(cli, tmp_path) -> None:
    """Liquid has no escape in a quoted value: a quote of the translation is written as its typographic form."""
    text = """{{< figure src="a.png" caption="At night" >}}\n\nSee {% include fig.html title='The view' %} here.\n"""
    po = reviewed_po(cli, tmp_path, text, "fig.md", {"At night": 'At "night"', "The view": "It's the view"})
    built = _built(cli, po, tmp_path / "fig.zh.md")
    assert built == (
        """{{< figure src="a.png" caption="At “night”" >}}\n\nSee {% include fig.html title='It’s the view' %} here.\n"""
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "{% endif %}",
        "{% if page.x %}",
        "{{< /alert >}}",
        "{{% /notice %}}",
        '{{< figure src="a.png" >}}',
        "{% if a %}{% else %}",
        "{%- if page.x -%}\n{% endif %}",
    ],
)
def test_a_paragraph_of_template_tags_alone_is_no_entry(cli, tmp_path, paragraph: str) -> None:
    text = f"# Title\n\n{paragraph}\n\nThe report.\n"
    po = reviewed_po(cli, tmp_path, text, "tags.md", {})
    assert [e.msgid for e in load_catalog(po).active] == ["Title", "The report."]
    assert _built(cli, po, tmp_path / "tags.zh.md") == text


def test_an_unclosed_highlight_is_read_as_text(cli, tmp_path) -> None:
    text = "{% highlight ruby %}\nThe report.\n"
    po = reviewed_po(cli, tmp_path, text, "open.md", {})
    assert [e.msgid for e in load_catalog(po).active] == ["The report."]


def test_the_wild_corpus_harness_reads_template_code_blocks_as_code() -> None:
    """``benchmarks/bench_wild.py`` counts what a reader of the rendered page sees: not the code of a
    ``{% highlight %}`` block nor a ``{% comment %}``, as it already did not for Hugo's ``{{< highlight >}}``."""
    from conftest import load_benchmark

    bw = load_benchmark("bench_wild")
    assert bw.markdown_visible_runs(DOC) == [
        "Post", "The report is short.", "The report shows at the airport.", "Leave a report below.",
        "Bring your passport to the airport.", "The airport is open.",
    ]  # fmt: skip


def test_a_tag_over_several_lines_keeps_its_attributes_as_they_are(cli, tmp_path) -> None:
    text = 'See {% include figure.html\n   caption="The view" %} here.\n'
    po = reviewed_po(cli, tmp_path, text, "multi.md", {})
    assert [e.msgid for e in load_catalog(po).active] == ['See {% include figure.html caption="The view" %} here.']
    assert _built(cli, po, tmp_path / "multi.zh.md") == text
