"""A PO keeps its wrapping: Poedit, Weblate, Lokalize and msgcat wrap at 76-80 columns, mtpipe writes unwrapped.

An unchanged catalog is written back byte for byte, however the file was
wrapped; a changed entry changes only its own lines, wrapped as GNU gettext
wraps them (checked against the real ``msgcat``); ``width`` asks for another
wrapping, as ``msgcat --width`` and ``--no-wrap`` do.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import REVIEWED_PO
from pipeline.catalog import Catalog, Entry, dumps_catalog, load_catalog, new_header, write_catalog
from pipeline.catalog.po_writer import detect_width, format_po

SAMPLES = sorted(REVIEWED_PO.parent.glob("*.po"))
needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")


def msgcat(path: Path, *options: str) -> str:
    return subprocess.run(["msgcat", *options, str(path)], capture_output=True, text=True, check=True).stdout


def poedit_style(path: Path, tmp_path: Path) -> Path:
    """A PO as Poedit saves it: wrapped at 79 columns as gettext wraps, its own X-Generator."""
    text = msgcat(path, "--width=79").replace('"X-Generator: mtpipe 0.1.0\\n"', '"X-Generator: Poedit 3.4.2\\n"')
    out = tmp_path / f"poedit-{path.name}"
    out.write_text(text, encoding="utf-8")
    return out


def weblate_style(path: Path, tmp_path: Path) -> Path:
    """A PO as Weblate saves it: every unit written by Translate Toolkit's PO writer (its own wrapping)."""
    pypo = pytest.importorskip("translate.storage.pypo")
    store = pypo.pofile.parsefile(str(path))
    for unit in store.units:
        if not unit.isheader():
            unit.source, unit.target = unit.source, unit.target  # re-wrapped by Translate Toolkit
    out = tmp_path / f"weblate-{path.name}"
    out.write_bytes(bytes(store))
    return out


@needs_gettext
@pytest.mark.parametrize("width", [76, 77, 79, 40])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_wrapping_is_msgcats(sample, width):
    """Written anew at a width, the sample POs are what msgcat --width gives, line for line."""
    catalog = load_catalog(sample)
    ours = format_po(catalog.header_comment, catalog.header, catalog.entries, width=width)
    assert ours.rstrip("\n") == msgcat(sample, f"--width={width}").rstrip("\n")


@needs_gettext
@pytest.mark.parametrize(
    ("style", "width"),
    [("msgcat --width=76", 76), ("msgcat", 79), ("msgcat --no-wrap", 0), ("poedit", 79), ("weblate", None), ("mtpipe", 0)],
)
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_an_unchanged_catalog_comes_back_byte_identical(tmp_path, sample, style, width):
    if style == "poedit":
        path = poedit_style(sample, tmp_path)
    elif style == "weblate":
        path = weblate_style(sample, tmp_path)
    elif style == "mtpipe":
        path = sample
    else:
        path = tmp_path / sample.name
        path.write_text(msgcat(sample, *style.split()[1:]), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    if width is not None:
        assert detect_width(text) == width
    catalog = load_catalog(path)
    assert dumps_catalog(catalog) == text
    copy = tmp_path / "copy.po"
    copy.write_text(text, encoding="utf-8")
    stamp = copy.stat().st_mtime_ns
    assert write_catalog(copy, load_catalog(copy)) is False and copy.stat().st_mtime_ns == stamp


@needs_gettext
@pytest.mark.parametrize("options", [("--width=76",), (), ("--no-wrap",)])
def test_a_changed_entry_changes_only_its_own_lines(tmp_path, options):
    path = tmp_path / "zh_TW.po"
    path.write_text(msgcat(SAMPLES[-1], *options), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    catalog = load_catalog(path)
    index = next(i for i, e in enumerate(catalog.entries) if len(e.msgstr) > 45)
    old = catalog.entries[index]
    new = replace(old, msgstr=old.msgstr.replace("中國", "中华民国之外的中國"), flags=("fuzzy",))
    catalog.entries[index] = new
    after = dumps_catalog(catalog)
    before_blocks, after_blocks = text.split("\n\n"), after.split("\n\n")
    assert len(before_blocks) == len(after_blocks)
    differ = [i for i, (a, b) in enumerate(zip(before_blocks, after_blocks)) if a != b]
    assert differ == [index + 1]  # the header is block 0
    # The changed entry is written as msgcat writes it.
    reference = tmp_path / "reference.po"
    write_catalog(reference, Catalog("zh_TW", catalog.header, [new], header_comment=catalog.header_comment))
    assert after_blocks[index + 1] in msgcat(reference, *options).rstrip("\n").split("\n\n")


def test_a_new_catalog_is_unwrapped_as_mtpipe_always_wrote(tmp_path):
    long = "A sentence long enough to be wrapped by any tool that wraps lines at the usual seventy-nine columns."
    catalog = Catalog("zh_Hans", new_header("x", "zh_Hans"), [Entry("p1.s1", long, "一个足够长的句子。" * 6)])
    text = dumps_catalog(catalog)
    assert f'msgid "{long}"' in text and detect_width(text) == 0


@needs_gettext
def test_width_asks_for_another_wrapping(tmp_path):
    sample = SAMPLES[-1]
    wrapped = tmp_path / "wrapped.po"
    wrapped.write_text(msgcat(sample, "--width=76"), encoding="utf-8")
    # --no-wrap: every entry unwrapped again, as mtpipe writes a new file.
    assert dumps_catalog(load_catalog(wrapped), width=0).rstrip("\n") == sample.read_text(encoding="utf-8").rstrip("\n")
    # --width 76 on the unwrapped file: what msgcat --width=76 gives.
    assert dumps_catalog(load_catalog(sample), width=76).rstrip("\n") == wrapped.read_text(encoding="utf-8").rstrip("\n")
    # Entries already laid out for the width asked stay as they are.
    assert dumps_catalog(load_catalog(wrapped), width=76) == wrapped.read_text(encoding="utf-8")


def test_detect_width_rounds_up_to_a_common_width():
    lines = 'msgid ""\n"' + "a " * 36 + '"\n"b"\nmsgstr ""\n'
    assert detect_width(lines) == 76
    assert detect_width('msgid ""\n"one\\n"\n"two"\nmsgstr ""\n') == 0  # split at a line end only: not wrapped
    assert detect_width('msgid ""\n"' + "a" * 78 + '"\nmsgstr ""\n') == 80  # too long for its keyword's line


#: Strings whose line breaks are easy to get wrong: ids, URLs, Markdown, numbers, quotes, CJK with Latin, escapes.
TRICKY = [
    "p1.s1=4d384f9825 p4.s1=76745dbe2d p4.s3=29e67ce27c p5.s1=0240504bc6 p5.s2=1234567890",
    "aaaaaaaaaaaaaa3.14159265358979",
    "aaaaaaaaaaaaaaaa.“bbbbbbbbb",
    "aaaaaaaaaaaaaa)bbbbbbbbbbbbb",
    "https://example.com/some/long/path?x=1&y=2",
    'He said "no" to the U.S. and the E.U. in 2024, then left—quietly.',
    "中文（括号）和English混排，还有“引号”与数字3.14以及zero-COVID政策。" * 2,
    "Tab\there and a back\\slash and a line\nbreak in the middle of a long enough sentence to wrap.",
    "Line one\nLine two\n",
    "**Bold** and [a link](https://example.org/a-b_c) plus `code span` here, ok?",
]


@needs_gettext
@pytest.mark.parametrize("width", [20, 24, 30, 40, 79])
def test_tricky_strings_break_where_msgcat_breaks(tmp_path, width):
    catalog = Catalog("zh_Hans", {"Content-Type": "text/plain; charset=UTF-8"}, [Entry(f"p{i}.s1", text) for i, text in enumerate(TRICKY)])
    path = tmp_path / "tricky.po"
    write_catalog(path, catalog)
    ours = format_po(catalog.header_comment, catalog.header, catalog.entries, width=width)
    assert ours.rstrip("\n") == msgcat(path, f"--width={width}").rstrip("\n")
