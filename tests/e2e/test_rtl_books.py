"""Right-to-left books: an Arabic EPUB turns its pages right to left and passes epubcheck; its chapters carry dir."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest


pytestmark = pytest.mark.slow


def _book(cli, po, path, layout):
    result = cli("build", po, "--format", "epub", "--layout", layout, "--allow-draft", "--out", path)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8", "replace") for name in zf.namelist() if name.endswith((".opf", ".xhtml"))}


def test_a_target_only_arabic_book_turns_right_to_left(cli, arabic_po, tmp_path):
    files = _book(cli, arabic_po, tmp_path / "ar.epub", "target-only")
    [opf] = [text for name, text in files.items() if name.endswith(".opf")]
    assert 'page-progression-direction="rtl"' in opf
    chapter = next(text for name, text in files.items() if re.search(r"chapter-\d+\.xhtml$", name))
    assert re.search(r'<html [^>]*lang="ar" xml:lang="ar" dir="rtl"', chapter)
    found = shutil.which("epubcheck")
    if found is not None:  # Debian's epubcheck is the jar itself (as in tests/publish/test_epub.py)
        real = os.path.realpath(found)
        command = ["java", "-jar", real] if real.endswith(".jar") else [found]
        proc = subprocess.run([*command, str(tmp_path / "ar.epub")], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_side_by_side_arabic_book_keeps_english_page_order(cli, arabic_po, tmp_path):
    files = _book(cli, arabic_po, tmp_path / "ar-sbs.epub", "side-by-side")
    [opf] = [text for name, text in files.items() if name.endswith(".opf")]
    assert "page-progression-direction" not in opf
    chapter = next(text for name, text in files.items() if re.search(r"chapter-\d+\.xhtml$", name))
    assert 'lang="ar"' in chapter and 'dir="rtl"' in chapter


def test_the_printed_page_of_a_target_only_arabic_pdf_is_right_to_left(arabic_po):
    from pipeline.publish.book import load_book
    from pipeline.publish.pdf import print_html

    page = print_html(load_book([arabic_po], layout="target-only", allow_draft=True))
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    side = print_html(load_book([arabic_po], layout="side-by-side", allow_draft=True))
    assert "<html lang=\"ar\">" in side and re.search(r"<div class=\"cell tgt\" lang=\"ar\"[^>]* dir=\"rtl\"", side)
