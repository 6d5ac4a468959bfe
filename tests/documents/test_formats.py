"""Format objects: the registry finds them by suffix and name, and a new format needs nothing outside documents/."""

from __future__ import annotations

import re

import pytest

from pipeline.catalog import load_catalog
from pipeline.documents import formats
from pipeline.documents.article import read_article, segment_article
from pipeline.documents.blocks import BlockKind, DocumentFormat, Skeleton, Slot
from pipeline.documents.formats import HTML, MARKDOWN, TEXT, article_suffixes, format_for, format_named, format_of_references
from pipeline.documents.inputs import expand_inputs
from pipeline.documents.skeleton import rebuild


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.txt", TEXT), ("a.md", MARKDOWN), ("A.MARKDOWN", MARKDOWN), ("a.html", HTML), ("a.htm", HTML), ("a.rst", TEXT), ("noext", TEXT)],
)
def test_format_for_a_path(name: str, expected: DocumentFormat) -> None:
    assert format_for(name) is expected


def test_formats_by_name_and_suffixes() -> None:
    assert [format_named(n) for n in ("txt", "md", "html")] == [TEXT, MARKDOWN, HTML]
    with pytest.raises(KeyError):
        format_named("docx")
    assert article_suffixes() == {".txt", ".md", ".markdown", ".html", ".htm"}
    assert format_of_references(["notes.rst", "a.md"]) is MARKDOWN and format_of_references([]) is TEXT


def test_every_reader_gives_a_skeleton_of_its_own_format() -> None:
    for document_format, text in ((TEXT, "Hello there.\n"), (MARKDOWN, "# Hi\n\nHello *there*.\n"), (HTML, "<p>Hello <b>there</b>.</p>")):
        skeleton = document_format.read(text)
        assert skeleton.format is document_format
        assert rebuild(skeleton, [s.text for s in skeleton.slots]) == text


def test_markup_spans_come_from_the_format() -> None:
    text = "Read <b>this</b> [now](https://x.org)."
    assert TEXT.markup_spans(text) == []
    assert [text[a:b] for a, b in HTML.markup_spans(text)] == ["<b>", "</b>"]
    assert [text[a:b] for a, b in MARKDOWN.markup_spans(text)] == ["<b>", "</b>", "[", "](https://x.org)"]


class LinesFormat(DocumentFormat):
    """A tiny format for the test: every non-blank line is one slot; ``\\`` ends a line that continues."""

    name = "lines"
    title = "one sentence per line"
    suffixes = (".lines",)

    def read(self, text: str, *, select: str | None = None, front_matter_keys=None) -> Skeleton:
        slots = []
        for m in re.finditer(r"[^\n]+", text):
            line = text.count("\n", 0, m.start()) + 1
            if m.group().strip():
                slots.append(Slot(m.start(), m.end(), m.group(), BlockKind.PARAGRAPH, line, escape="line"))
        return Skeleton(source=text, format=self, slots=tuple(slots))

    def place(self, slot: Slot, translation: str) -> str:
        return translation.replace("\n", " ")


@pytest.fixture
def lines_format(monkeypatch):
    """The tiny format, registered for one test."""
    monkeypatch.setattr(formats, "FORMATS", list(formats.FORMATS))
    fmt = LinesFormat()
    formats.register(fmt)
    return fmt


def test_a_registered_format_reads_its_files(lines_format, tmp_path) -> None:
    doc = tmp_path / "talk.lines"
    doc.write_text("The council met.\nIt voted.\n", encoding="utf-8")
    article = read_article(doc)
    assert article.format is lines_format
    assert [s.text for s in segment_article(article)] == ["The council met.", "It voted."]
    assert expand_inputs([tmp_path]).paths == (doc,)


def test_a_new_format_runs_end_to_end_through_the_cli(lines_format, cli, installed_model, tmp_path) -> None:
    """translate and build a file of a format registered in the test: nothing outside documents/ knows it."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talk.lines").write_text("China is a country.\nThe people ran.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", folder, "--out", out)
    assert result.exit_code == 0, result.output
    po = out / "talk" / "zh_Hans.po"
    entries = load_catalog(po).active
    assert [e.msgid for e in entries] == ["China is a country.", "The people ran."]
    assert all(e.msgstr for e in entries) and "中国" in entries[0].msgstr
    for fmt in ("txt", "md", "html"):
        built = cli("build", po, "--format", fmt, "--allow-draft", "--out", tmp_path / f"talk.{fmt}")
        assert built.exit_code == 0, built.output
        text = (tmp_path / f"talk.{fmt}").read_text(encoding="utf-8")
        assert entries[0].msgstr.rstrip("。") in text
