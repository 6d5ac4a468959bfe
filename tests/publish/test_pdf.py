"""`mtpipe build --format pdf`: the HTML edition printed by headless Chromium.

The PDFs are read back with poppler-utils: ``pdfinfo`` (pages, paper),
``pdftotext`` (text in both languages, page numbers, where each column is)
and ``pdftoppm`` (a page as pixels: the Chinese column is really drawn).
Skipped when Chromium or poppler-utils is missing, unless ``CI`` is set:
then they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import REVIEWED_PO, ROOT

REVIEWED_TW = ROOT / "translations" / "run-movement" / "zh_TW.po"
POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def tools() -> None:
    from pipeline.publish.pdf import CHROMIUM_NAMES

    missing = [name for name in POPPLER if shutil.which(name) is None]
    if not any(shutil.which(name) for name in CHROMIUM_NAMES):
        missing.append("chromium")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} not installed (CI is set, so the PDF test must run)")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium fonts-noto-cjk poppler-utils)")


def run(*args: str | Path) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout


def build(*args: str | Path) -> Path:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Path(result.output.strip().splitlines()[-1])


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", pdf).splitlines() if ":" in line)


def page_size(pdf: Path) -> tuple[float, float]:
    width, height = re.findall(r"[\d.]+", info(pdf)["Page size"])[:2]
    return float(width), float(height)


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def page_text(pdf: Path, page: int, *, box: tuple[float, float, float, float] | None = None) -> str:
    """The text of one page, or of the box (x, y, width, height in points) on it."""
    crop = []
    if box is not None:
        crop = ["-x", str(int(box[0])), "-y", str(int(box[1])), "-W", str(int(box[2])), "-H", str(int(box[3]))]
    return run("pdftotext", "-r", "72", "-f", str(page), "-l", str(page), *crop, pdf, "-")


def gray_pixels(pdf: Path, page: int, tmp: Path) -> tuple[int, int, bytes]:
    """Page *page* rendered in gray at 36 dpi: width, height, one byte per pixel."""
    prefix = tmp / f"page{page}"
    run("pdftoppm", "-gray", "-r", "36", "-f", str(page), "-l", str(page), "-singlefile", pdf, prefix)
    data = prefix.with_suffix(".pgm").read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(width), int(height), pixels[: int(width) * int(height)]


@pytest.fixture(scope="module")
def pdfs(tools, tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("pdf")
    draft = tmp / "draft" / "zh_Hans.po"
    draft.parent.mkdir()
    po = polib.pofile(str(REVIEWED_PO), wrapwidth=0)
    po.find("p5.s1", by="msgctxt").flags.append("fuzzy")
    po.save(str(draft))
    return {
        "a4": build("build", REVIEWED_PO, "--format", "pdf", "--out", tmp / "a4.pdf"),
        "letter": build("build", REVIEWED_TW, "--format", "pdf", "--paper", "letter", "--layout", "interleaved", "--out", tmp / "letter.pdf"),
        "draft": build("build", draft, "--format", "pdf", "--allow-draft", "--out", tmp / "draft.pdf"),
    }


@pytest.mark.slow
def test_a4_side_by_side_text_in_both_languages_and_page_numbers(pdfs):
    pdf = pdfs["a4"]
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (596, 842)  # A4 in points
    pages = page_count(pdf)
    assert 2 <= pages <= 8, pages  # 28 paragraphs side by side at 10 pt
    text = "".join(page_text(pdf, n) for n in range(1, pages + 1))
    assert "Different Routes" in text and "不同的路线" in text
    assert "“润”运动" in text.replace("\n", "")
    for n in range(1, pages + 1):  # the footer: page n of N, at the bottom of every page
        bottom = page_text(pdf, n, box=(0, height - 50, width, 50))
        assert re.search(rf"\b{n}\s*/\s*{pages}\b", bottom), (n, bottom)


@pytest.mark.slow
def test_a4_keeps_the_two_columns_on_paper(pdfs, tmp_path):
    pdf = pdfs["a4"]
    width, height = page_size(pdf)
    left = page_text(pdf, 1, box=(0, 40, width / 2, height - 100))
    right = page_text(pdf, 1, box=(width / 2, 40, width / 2, height - 100))
    assert len(HAN.findall(right)) > 200 and not HAN.search(left)
    assert "The sharp increase of Chinese citizens" in left and not re.search(r"[a-z]{4,} [a-z]{4,}", right)
    # and the right half of the page is really inked: the Chinese column is drawn
    w, h, pixels = gray_pixels(pdf, 1, tmp_path)
    half = (w // 2) * h

    def inked(xs: range, level: int) -> int:
        return sum(1 for y in range(h) for x in xs if pixels[y * w + x] < level)

    # the Chinese column is inked as much as the English one (an embedded TrueType font is anti-aliased: grey at 36 dpi)
    assert inked(range(w // 2, w), 200) > 0.02 * half
    assert inked(range(w // 2), 200) > 0.02 * half


@pytest.mark.slow
def test_no_row_is_split_across_pages(pdfs):
    """Every paragraph's translation is whole on one page (each fits on one)."""
    from pipeline.publish import load_edition

    pdf = pdfs["a4"]
    width, height = page_size(pdf)
    # The Chinese column alone: pdftotext may join the lines of the two columns that share a baseline.
    pages = ["".join(page_text(pdf, n, box=(width / 2, 0, width / 2, height - 40)).split()) for n in range(1, page_count(pdf) + 1)]
    for block in load_edition(REVIEWED_PO).blocks:
        target = "".join(block.target.split())
        assert any(target in page for page in pages), f"{block.id} is split across pages"


@pytest.mark.slow
def test_letter_interleaved_traditional(pdfs):
    pdf = pdfs["letter"]
    assert tuple(round(v) for v in page_size(pdf)) == (612, 792)
    text = "".join(page_text(pdf, n) for n in range(1, page_count(pdf) + 1))
    assert "Different Routes" in text and "不同的路線" in text and "「" in text


@pytest.mark.slow
def test_draft_is_marked_on_every_page(pdfs):
    pdf = pdfs["draft"]
    pages = page_count(pdf)
    width, height = page_size(pdf)
    for n in range(1, pages + 1):
        assert "DRAFT" in page_text(pdf, n, box=(0, height - 50, width, 50)), n
    assert "DRAFT" in page_text(pdf, 1) and "p5.s1" in page_text(pdf, 1)


# -- refusals: nothing written (no browser needed) ----------------------------------------------


def test_chromium_missing_one_line_nothing_written(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "x.pdf"
    result = cli("build", REVIEWED_PO, "--format", "pdf", "--out", out)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Error: --format pdf needs Chromium") and lines[1].startswith("Hint: install it")
    assert not out.exists()


def test_unknown_paper_one_line_nothing_written(cli, tmp_path):
    out = tmp_path / "x.pdf"
    result = cli("build", REVIEWED_PO, "--format", "pdf", "--paper", "A5", "--out", out)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "Error: unknown paper size 'A5'"
    assert "--paper A4 or --paper Letter" in result.output and not out.exists()


def test_draft_refused_without_allow_draft(cli, tmp_path):
    draft = tmp_path / "zh_Hans.po"
    draft.write_text(
        REVIEWED_PO.read_text(encoding="utf-8").replace('msgctxt "p5.s2"', '#, fuzzy\nmsgctxt "p5.s2"', 1), encoding="utf-8"
    )
    out = tmp_path / "x.pdf"
    result = cli("build", draft, "--format", "pdf", "--out", out)
    assert result.exit_code == 1 and "p5.s2" in result.output and not out.exists()
