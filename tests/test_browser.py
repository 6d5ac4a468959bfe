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
import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REVIEWED_PO, ROOT
from pipeline.publish import load_edition, write_edition

pytestmark = pytest.mark.browser

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


class CDP:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The child must see the pipes as fds 3 and 4. Duplicates numbered 10+
        # (close-on-exec) are dup2'ed onto 3 and 4 between fork and exec; dup2
        # makes those inheritable, every other descriptor is closed on exec.
        child_r, child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w))

        def remap() -> None:
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--mute-audio",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # close_fds would run after preexec_fn and close 3 and 4
            preexec_fn=remap,
        )
        for fd in (to_browser_r, from_browser_w, child_r, child_w):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"chromium closed the pipe (exit code {self.proc.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_event(self, method: str, session: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:  # noqa: BLE001 - best effort, the process is killed below
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


# The layout, as the browser computed it.
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


def evaluate(cdp: CDP, session: str, expression: str):
    result = cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
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
        evaluate(cdp, session, "document.fonts.ready.then(() => true)")
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
