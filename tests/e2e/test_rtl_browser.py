"""The Arabic HTML edition renders right to left in Chromium (issue 23's second done-when line).

Drives headless Chromium through the DevTools client the PDF edition ships
(:class:`pipeline.publish.pdf.DevTools`), as ``tests/publish/test_browser.py``
does. Skipped when Chromium is missing, unless ``CI`` is set: then it fails.
"""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline.publish import write_edition
from pipeline.publish.pdf import DevTools

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CELLS = """
[...document.querySelectorAll('article.edition > .row[id]')].map(row => {
  const cell = row.querySelector(':scope > .cell.tgt'), src = row.querySelector(':scope > .cell.src');
  const span = cell.querySelector('span.seg'), c = cell.getBoundingClientRect(), s = span.getBoundingClientRect();
  const pad = parseFloat(getComputedStyle(cell).paddingRight), padLeft = parseFloat(getComputedStyle(cell).paddingLeft);
  return {dir: getComputedStyle(cell).direction, srcDir: getComputedStyle(src).direction, lang: cell.lang,
          gapRight: c.right - pad - s.right, gapLeft: s.left - c.left - padLeft, text: span.textContent};
})
"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (CI is set, so the browser test must run)")
    pytest.skip("chromium is not installed")


def _evaluate(page: DevTools, session: str, expression: str):
    result = page.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    assert "exceptionDetails" not in result, result
    return result["result"]["value"]


@pytest.fixture
def profile(tmp_path_factory):
    """Chromium's profile, in a folder with a short path: Chromium puts its singleton socket beside it, and a
    UNIX socket path over 107 bytes aborts it (a long test name, pytest's run number, xdist's popen-gw1/)."""
    return tmp_path_factory.mktemp("cdp") / "profile"


def _open(html, profile):
    cdp = DevTools(_chromium(), profile)
    target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime"):
        cdp.send(f"{domain}.enable", session=session)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    cdp.send("Page.navigate", {"url": html.as_uri()}, session=session)
    cdp.wait_event("Page.loadEventFired", session)
    return cdp, session


def test_the_arabic_column_of_a_side_by_side_edition_runs_right_to_left(arabic_po, tmp_path, profile):
    html = tmp_path / "ar.html"
    write_edition(arabic_po, out=html, fmt="html", layout="side-by-side", allow_draft=True)
    cdp, session = _open(html, profile)
    try:
        cells = _evaluate(cdp, session, CELLS)
    finally:
        cdp.close()
    assert cells
    for cell in cells:
        assert (cell["dir"], cell["srcDir"], cell["lang"]) == ("rtl", "ltr", "ar"), cell
    # A short line sits against the right edge of its column, not the left.
    short = [c for c in cells if c["gapLeft"] > 50]
    assert short, "no short line to tell the alignment by"
    assert all(abs(c["gapRight"]) < 2 for c in short), short


def test_a_target_only_arabic_page_is_right_to_left(arabic_po, tmp_path, profile):
    html = tmp_path / "ar-only.html"
    write_edition(arabic_po, out=html, fmt="html", layout="target-only", allow_draft=True)
    assert '<html lang="ar" dir="rtl">' in html.read_text(encoding="utf-8")
    cdp, session = _open(html, profile)
    try:
        direction = _evaluate(cdp, session, "getComputedStyle(document.body).direction")
    finally:
        cdp.close()
    assert direction == "rtl"


@pytest.fixture
def three_pos(pair_translations):
    return [pair_translations[stem] for stem in ("ja", "fr", "ar")]


def test_a_polyglot_edition_has_a_column_per_language_and_the_arabic_one_is_rtl(three_pos, tmp_path, profile):
    from pipeline.publish.polyglot import load_polyglot, render_polyglot

    page = tmp_path / "polyglot.html"
    page.write_text(render_polyglot(load_polyglot(three_pos, allow_draft=True)), encoding="utf-8")
    cdp, session = _open(page, profile)
    try:
        rows = _evaluate(cdp, session, """
[...document.querySelectorAll('article.edition > .row.polyglot[id]')].map(row =>
  [...row.querySelectorAll(':scope > .cell')].map(c => ({lang: c.lang, dir: getComputedStyle(c).direction,
                                                          left: c.getBoundingClientRect().left})))
""")
    finally:
        cdp.close()
    assert rows
    for cells in rows:
        assert [(c["lang"], c["dir"]) for c in cells] == [("en", "ltr"), ("ja", "ltr"), ("fr", "ltr"), ("ar", "rtl")]
        lefts = [c["left"] for c in cells]
        assert lefts == sorted(lefts) and len(set(lefts)) == 4  # four columns side by side


def test_a_polyglot_edition_refuses_pos_of_different_articles(three_pos, tmp_path, cli, pair_model_files):
    from pipeline.errors import CatalogError
    from pipeline.models.packages import install_from_file
    from pipeline.publish.polyglot import load_polyglot

    install_from_file(pair_model_files["fr"])

    other = tmp_path / "other.txt"
    other.write_text("Something else entirely.\n", encoding="utf-8")
    assert cli("translate", other, "--to", "fr", "--out", tmp_path / "o2", "--no-memory").exit_code == 0
    with pytest.raises(CatalogError, match="not a translation of the same article"):
        load_polyglot([three_pos[0], tmp_path / "o2" / "other" / "fr.po"], allow_draft=True)
    with pytest.raises(CatalogError, match="not reviewed yet"):
        load_polyglot(three_pos)
