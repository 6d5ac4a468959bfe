"""Reading articles: structure, line numbers, and refusing bad input."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from pipeline.documents.article import BlockKind, parse_text, read_article, segment_article, slugify
from pipeline.errors import InputError


def test_sample_structure():
    article = read_article(SAMPLE)
    assert article.slug == "run-movement"
    assert len(article.blocks) == 28
    kinds = {b.number: b.kind for b in article.blocks}
    assert kinds[3] is BlockKind.HEADING and kinds[14] is BlockKind.HEADING
    assert [b.text for b in article.blocks if b.kind is BlockKind.HEADING] == [
        "Different Routes",
        "CCP Tightens Control to Save Face",
    ]
    assert all(b.line == b.number for b in article.blocks)


def test_sample_segments_are_lossless_and_unique():
    article = read_article(SAMPLE)
    segments = segment_article(article)
    ids = [s.id for s in segments]
    assert len(ids) == len(set(ids))
    for block in article.blocks:
        own = [s for s in segments if s.block == block.number]
        assert own, block
        assert [s.index for s in own] == list(range(1, len(own) + 1))
        # Nothing lost: the sentences are exactly the block's non-space text.
        assert "".join(s.text for s in own).replace(" ", "") == block.text.replace(" ", "")
        for s in own:
            assert block.text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank-line separated paragraphs, wrapped lines joined
        ("Title Here\n\nFirst line\nwraps here.\n\nSecond.\n", [("title", "Title Here", 1), ("paragraph", "First line wraps here.", 3), ("paragraph", "Second.", 6)]),
        # one paragraph per line
        ("A first paragraph.\nA Heading\nAnother one.", [("paragraph", "A first paragraph.", 1), ("heading", "A Heading", 2), ("paragraph", "Another one.", 3)]),
        # a heading with blank lines around it, mid-article
        ("Intro text.\n\nMiddle Heading\n\nBody text.", [("paragraph", "Intro text.", 1), ("heading", "Middle Heading", 3), ("paragraph", "Body text.", 5)]),
        # a group of sentence lines after a blank line is still one paragraph per line
        ("Title Here\n\nFirst one.\nA Heading\nSecond one.", [("title", "Title Here", 1), ("paragraph", "First one.", 3), ("heading", "A Heading", 4), ("paragraph", "Second one.", 5)]),
        # regression: a hard-wrapped paragraph with one line ending a sentence stays one paragraph
        ("T\n\nOfficials said it would take five years.\nCritics disagreed and said it hurt rural\ntowns most.", [("title", "T", 1), ("paragraph", "Officials said it would take five years. Critics disagreed and said it hurt rural towns most.", 3)]),
        # CRLF and trailing spaces
        ("Title\r\n\r\nBody.  \r\n", [("title", "Title", 1), ("paragraph", "Body.", 3)]),
    ],
)
def test_parse_text_golden(text, expected):
    blocks = parse_text(text.replace("\r\n", "\n"))
    assert [(b.kind.value, b.text, b.line) for b in blocks] == expected


def test_wrapped_paragraph_line_numbers():
    blocks = parse_text("Para one starts and\nit goes on here.\n\nNext.")
    assert blocks[0].line_at(0) == 1
    assert blocks[0].line_at(blocks[0].text.index("it goes")) == 2


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHello there. Second sentence.\n".encode())
    article = read_article(path)
    assert article.blocks[0].text.startswith("Hello")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.mkdir(), p)[1], "is a folder"),
        (lambda p: (p.write_text(""), p)[1], "is empty"),
        (lambda p: (p.write_text("  \n\t\n"), p)[1], "is empty"),
        (lambda p: (p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), p)[1], "binary"),
        (lambda p: (p.write_bytes(b"Fine line.\nBad \xff byte.\n"), p)[1], ":2: not valid UTF-8"),
    ],
)
def test_bad_inputs_are_refused(tmp_path, make, message):
    path = make(tmp_path / "article.txt")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert message in info.value.message
    assert "\n" not in info.value.message


@pytest.mark.parametrize(
    ("name", "slug"),
    [("run-movement", "run-movement"), ("The Run Movement (2024)", "the-run-movement-2024"), ("北京报道", "北京报道"), ("Ünïcode_name", "unicode-name"), ("--", "article")],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_atomic_write_keeps_usual_permissions(tmp_path):
    import os

    from pipeline.fsutil import atomic_write_text

    new = tmp_path / "new.txt"
    atomic_write_text(new, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    existing = tmp_path / "existing.txt"
    existing.write_text("old")
    existing.chmod(0o640)
    atomic_write_text(existing, "new")
    assert existing.stat().st_mode & 0o777 == 0o640 and existing.read_text() == "new"


def test_one_stray_blank_line_changes_nothing(tmp_path):
    """Regression: a single blank line used to merge the whole body into one paragraph."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "blank.txt"
    path.write_text("\n".join(lines[:1] + [""] + lines[1:]), encoding="utf-8")
    original = [(s.id, s.text, s.kind) for s in segment_article(read_article(SAMPLE))]
    changed = [(s.id, s.text, s.kind) for s in segment_article(read_article(path))]
    assert changed == original
