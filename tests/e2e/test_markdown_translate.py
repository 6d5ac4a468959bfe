"""A Markdown article through the whole pipeline: markup and URLs survive, URLs never reach the engine."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from conftest import GLOSSARY, SAMPLE, msgfmt_check
from pipeline.documents.article import read_article, segment_article
from pipeline.catalog import load_catalog
from pipeline.translate.engine import ArgosEngine
from pipeline.glossary import load_glossaries
from pipeline.translate import translate_articles

REPORT_URL = "https://safeguarddefenders.com/en/blog/exit-bans-report"


def markdown_sample(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    body = []
    for i, line in enumerate(lines, start=1):
        if i in (3, 14):
            body.append(f"## {line}")
        elif i == 27:
            body.append(line.replace("Safeguard Defenders published a report", f"Safeguard Defenders published [a report]({REPORT_URL})"))
        elif i == 6:
            body.append(line.replace("tightened its exit controls", "tightened its *exit controls*"))
        else:
            body.append(line)
        body.append("")
    text = "# The “Run” Movement\n\n" + "\n".join(body)
    path = tmp_path / "run-movement.md"
    path.write_text(text, encoding="utf-8")
    return path


class RecordingEngine:
    """Wraps the real engine and records what it is sent."""

    def __init__(self, inner):
        self.inner = inner
        self.identity = inner.identity
        self.sent: list[str] = []

    def options(self):
        return self.inner.options()

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.sent.extend(texts)
        return self.inner.translate_batch(texts)


@pytest.mark.slow
def test_markdown_article_round_trips(installed_model, tmp_path):
    path = markdown_sample(tmp_path)
    segments = segment_article(read_article(path))
    kinds = {s.id: s.kind.value for s in segments}
    assert kinds["p1.s1"] == "title" and kinds["p4.s1"] == "heading"
    engine = RecordingEngine(ArgosEngine(installed_model))
    translate_articles([path], out_dir=tmp_path / "out", engine=engine, glossary=load_glossaries([GLOSSARY]))
    po = tmp_path / "out" / "run-movement" / "zh_Hans.po"
    msgfmt_check(po)
    entries = {e.msgctxt: e for e in load_catalog(po).active}
    assert [e for e in entries] == [s.id for s in segments]
    link = next(e for e in entries.values() if REPORT_URL in e.msgid)
    emphasis = next(e for e in entries.values() if "*exit controls*" in e.msgid)
    # Markup and URL come back intact in the translation ...
    assert f"]({REPORT_URL})" in link.msgstr and "[" in link.msgstr
    assert link.msgstr.index("[") < link.msgstr.index(f"]({REPORT_URL})")
    assert emphasis.msgstr.count("*") == 2 and "*出境管控*" in emphasis.msgstr.replace(" ", "")
    # ... and the URL never reached the engine.
    assert engine.sent and not any("safeguarddefenders" in text for text in engine.sent)
    # Every entry points back to its line of the Markdown file.
    assert all(e.references and e.references[0][0] == "run-movement.md" for e in entries.values())
    assert entries["p1.s1"].references[0][1] == "1"


def test_reference_link_definitions_are_kept_in_the_po_header(tmp_path):
    import json

    path = tmp_path / "refs.md"
    path.write_text("# Title\n\nRead [the report][sd] now.\n\n[sd]: https://example.org/report \"The report\"\n", encoding="utf-8")
    translate_articles([path], out_dir=tmp_path / "out", engine=None)
    for name in ("refs.pot", "zh_Hans.po"):
        header = load_catalog(tmp_path / "out" / "refs" / name).header
        refs = json.loads(header["X-Markdown-References"])
        assert refs == {"SD": {"href": "https://example.org/report", "title": "The report"}}
    msgfmt_check(tmp_path / "out" / "refs" / "zh_Hans.po")


def test_markdown_heading_levels_survive_to_the_edition(tmp_path):
    path = tmp_path / "levels.md"
    path.write_text("# Title\n\n## Section\n\nText here.\n\n### Sub-section\n\nMore text.\n", encoding="utf-8")
    translate_articles([path], out_dir=tmp_path / "out", engine=None)
    entries = {e.msgctxt: e for e in load_catalog(tmp_path / "out" / "levels" / "zh_Hans.po").active}
    assert "kind: title" in entries["p1.s1"].notes
    assert "kind: heading 2" in entries["p2.s1"].notes
    assert "kind: heading 3" in entries["p4.s1"].notes


def test_front_matter_keys_are_chosen_recorded_and_used_by_build(cli, tmp_path):
    """--front-matter-key: the chosen keys are translated, recorded in the PO header, and build reads the same way."""
    from pipeline.catalog import load_catalog

    doc = tmp_path / "post.md"
    doc.write_text('+++\ntitle = "The title"\nsubtitle = "A subtitle"\ndate = 2024-01-01\n+++\n\nBody text.\n', encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", doc, "--engine", "none", "--out", out, "--front-matter-key", "subtitle", "--front-matter-key", "title")
    assert result.exit_code == 0, result.output
    po = out / "post" / "zh_Hans.po"
    catalog = load_catalog(po)
    assert [e.msgid for e in catalog.active] == ["The title", "A subtitle", "Body text."]
    assert catalog.header["X-Front-Matter-Keys"] == "subtitle,title"
    from dataclasses import replace

    from pipeline.catalog import write_catalog

    catalog.entries = [replace(e, msgstr="译" + e.msgid, flags=()) for e in load_catalog(po).entries]
    write_catalog(po, catalog)
    built = cli("build", po, "--format", "md", "--layout", "target-only", "--out", tmp_path / "post.zh.md")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "post.zh.md").read_text(encoding="utf-8") == (
        '+++\ntitle = "译The title"\nsubtitle = "译A subtitle"\ndate = 2024-01-01\n+++\n\n译Body text。\n'
    )
