"""The bilingual HTML edition in a real browser (headless Chromium).

Chromium is driven through the Chrome DevTools Protocol over
``--remote-debugging-pipe``: NUL-terminated JSON messages on file
descriptors 3 (to the browser) and 4 (from it). No port, no websocket, no
extra Python package. The test:

* builds the side-by-side HTML of the reviewed sample
  (``translations/run-movement/zh_Hans.po``);
* checks through the DOM that every row has a source and a target cell, that
  the two cells of a row start at the same height and rows do not overlap,
  that the rows stack on a narrow screen;
* checks with ``CSS.getPlatformFontsForNode`` that the Chinese glyphs were
  drawn with a CJK font (not a tofu fallback);
* writes a full-page screenshot to ``test-output/run-movement.zh_Hans.png``.

Skipped when Chromium is missing, unless ``CI`` is set: then it fails.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
from pathlib import Path

import pytest

from conftest import REVIEWED_PO, ROOT
from pipeline.publish.pdf import DevTools
from pipeline.publish import load_edition, write_edition

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = ROOT / "test-output" / "run-movement.zh_Hans.png"
WIDE, NARROW = 1280, 420
TIMEOUT = 60.0

def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI is set, so the browser test must run)")
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    return path


# The DevTools client the PDF edition uses: the test drives the same code it ships.
CDP = DevTools


MEASURE = """
(() => {
  const box = el => { const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, width: r.width}; };
  return [...document.querySelectorAll('article.edition > .row[id]')].map(row => {
    const src = row.querySelector(':scope > .cell.src'), tgt = row.querySelector(':scope > .cell.tgt');
    return {id: row.id, src: src && Object.assign(box(src), {lang: src.lang, text: src.innerText}),
            tgt: tgt && Object.assign(box(tgt), {lang: tgt.lang, text: tgt.innerText})};
  });
})()
"""


FONTS_LOADED = "document.fonts.ready.then(() => (document.body.offsetHeight, document.fonts.status))"


def evaluate(cdp: CDP, session: str, expression: str, *, await_promise: bool = False):
    params = {"expression": expression, "returnByValue": True, "awaitPromise": await_promise}
    result = cdp.send("Runtime.evaluate", params, session=session)
    assert "exceptionDetails" not in result, result
    return result["result"]["value"]


def set_width(cdp: CDP, session: str, width: int, height: int = 900) -> None:
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )


@pytest.fixture(scope="module")
def edition_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "run-movement.zh_Hans.html"
    write_edition(REVIEWED_PO, out=out, fmt="html", layout="side-by-side", allow_draft=False)
    return out, load_edition(REVIEWED_PO)


@pytest.fixture(scope="module")
def page(chromium, edition_html, tmp_path_factory):
    html_path, edition = edition_html
    cdp = CDP(chromium, tmp_path_factory.mktemp("profile"))
    try:
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "DOM", "CSS"):
            cdp.send(f"{domain}.enable", session=session)
        set_width(cdp, session, WIDE)
        cdp.send("Page.navigate", {"url": html_path.as_uri()}, session=session)
        cdp.wait_event("Page.loadEventFired", session)
        # Wait for the fonts to load (the promise, awaited), then lay the page out once more:
        # sampling the fonts before they are ready is what made the CJK font check flaky.
        assert evaluate(cdp, session, FONTS_LOADED, await_promise=True) == "loaded"
        yield cdp, session, edition
    finally:
        cdp.close()


def test_both_columns_aligned_row_by_row(page) -> None:
    cdp, session, edition = page
    rows = evaluate(cdp, session, MEASURE)
    assert [r["id"] for r in rows] == [b.id for b in edition.blocks]
    previous_bottom = 0.0
    for row in rows:
        src, tgt = row["src"], row["tgt"]
        assert src and tgt, f"{row['id']}: a column is missing"
        assert (src["lang"], tgt["lang"]) == ("en", "zh-Hans")
        assert src["text"].strip() and tgt["text"].strip(), row["id"]
        assert abs(src["top"] - tgt["top"]) < 0.5, f"{row['id']}: cells not aligned {src['top']} vs {tgt['top']}"
        assert tgt["left"] >= src["left"] + src["width"], f"{row['id']}: target not right of source"
        assert src["top"] >= previous_bottom - 0.5, f"{row['id']}: overlaps the row above"
        previous_bottom = max(src["bottom"], tgt["bottom"])
    # the columns really are columns: same x for every row
    assert len({round(r["tgt"]["left"]) for r in rows}) == 1
    assert re.search(r"[\u4e00-\u9fff]", "".join(r["tgt"]["text"] for r in rows))


def test_chinese_is_drawn_with_a_cjk_font(page) -> None:
    cdp, session, edition = page
    doc = cdp.send("DOM.getDocument", {"depth": 0}, session=session)
    node = cdp.send(
        "DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": ".row[id] .cell.tgt p span"}, session=session
    )["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
    text = evaluate(cdp, session, "document.querySelector('.row[id] .cell.tgt p span').textContent")
    cjk_glyphs = len(re.findall(r"[\u3000-\u9fff\uff00-\uffef“”]", text))
    cjk_fonts = [f for f in fonts if "CJK" in f["familyName"] or f["familyName"] in edition.variant.fonts]
    assert cjk_fonts, f"no CJK font used: {fonts}"
    assert sum(f["glyphCount"] for f in cjk_fonts) >= cjk_glyphs > 0
    # and it is the font asked for first in the stack when installed
    assert cjk_fonts[0]["familyName"].startswith("Noto Sans CJK")


def test_english_is_not_drawn_with_a_cjk_font(page) -> None:
    """A CJK font draws “quotes” and apostrophes full-width in English text."""
    cdp, session, _ = page
    doc = cdp.send("DOM.getDocument", {"depth": 0}, session=session)
    node = cdp.send(
        "DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": ".row[id] .cell.src p span"}, session=session
    )["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
    assert fonts and not [f for f in fonts if "CJK" in f["familyName"]], fonts


def test_columns_stack_on_a_narrow_screen(page) -> None:
    cdp, session, _ = page
    set_width(cdp, session, NARROW)
    try:
        rows = evaluate(cdp, session, MEASURE)
        for row in rows:
            src, tgt = row["src"], row["tgt"]
            assert tgt["top"] >= src["bottom"] - 0.5, f"{row['id']}: not stacked"
            assert abs(tgt["left"] - src["left"]) < 0.5
            assert tgt["left"] + tgt["width"] <= NARROW
    finally:
        set_width(cdp, session, WIDE)


def test_screenshot_for_a_person(page) -> None:
    cdp, session, _ = page
    height = evaluate(cdp, session, "Math.ceil(document.documentElement.scrollHeight)")
    set_width(cdp, session, WIDE, min(int(height), 16000))
    shot = cdp.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
    data = base64.b64decode(shot["data"])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, png_height = struct.unpack(">II", data[16:24])
    assert width == WIDE and png_height >= min(height, 16000) - 1
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_bytes(data)
