"""Every glyph of a PDF edition in an embedded named font: no Type 3 font, even for list markers (``pdffonts``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

LISTS_MD = "# Title\n\n1. Check your visa.\n2. Register.\n\n- Outer item\n  - Inner item\n    - Deepest item\n"
LISTS_HTML = (
    "<html><body><h1>Title</h1><ol><li>One item</li><li>Two items</li></ol>"
    "<ul><li>Bullet item<ul><li>Inner bullet</li></ul></li></ul></body></html>"
)


def reviewed_po(cli, tmp_path: Path, name: str, text: str) -> Path:
    """*text* translated with ``--engine none``, each entry reviewed as ``译`` + its English."""
    from pipeline.catalog import load_catalog, write_catalog

    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    assert cli("translate", source, "--engine", "none", "--out", tmp_path / "o").exit_code == 0
    po = tmp_path / "o" / source.stem / "zh_Hans.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr=("译" + e.msgid) if re.search("[A-Za-z]{3}", e.msgid) else e.msgid, flags=())
                       for e in catalog.entries]
    write_catalog(po, catalog)
    return po


@pytest.fixture
def pdf_tools():
    from pipeline.publish.pdf import CHROMIUM_NAMES

    if shutil.which("pdffonts") is None or not any(shutil.which(n) for n in CHROMIUM_NAMES):
        pytest.skip("pdffonts (poppler-utils) or Chromium is missing")


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text", "layout"), [
    ("lists.md", LISTS_MD, "side-by-side"),
    ("lists.html", LISTS_HTML, "target-only"),
])
def test_ordered_and_nested_lists_print_with_no_type3_font(cli, tmp_path, pdf_tools, name, text, layout):
    """Regression: a Chinese item's marker (``1.``, ``•``, ``◦``) was not in the CJK subset and came out as Type 3."""
    po = reviewed_po(cli, tmp_path, name, text)
    out = tmp_path / f"{name}.pdf"
    result = cli("build", po, "--format", "pdf", "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" not in fonts, fonts
