"""PDF editions: the HTML edition printed by headless Chromium.

The chapters of the book (:func:`pipeline.publish.book.load_book`: each the
HTML edition's body) are put in one page with the edition's own stylesheet
and a print stylesheet (``pipeline/data/pdf.css``: the two columns kept on
paper, no row split across pages where it fits, each article on a new page),
and printed with the DevTools protocol's ``Page.printToPDF``. Chromium is
driven over ``--remote-debugging-pipe`` (NUL-terminated JSON on file
descriptors 3 and 4: no port, no extra package). CSS ``@page`` margin boxes
are not printed by Chromium, so page numbers come from its footer template.

Printing never reaches the network: the page is written to a folder of its
own, and every request it makes outside that folder (http, https, a file
elsewhere) is failed through DevTools request interception
(:meth:`DevTools.offline`); Chromium also starts with no name resolution.
"""

from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import re
import select
import signal
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.publish.book import Book, chapter_links, check_option_text, default_title, load_book, untitled_warning
from pipeline.publish.epub import check_layout
from pipeline.errors import InputError, OutputError
from pipeline.fsutil import atomic_write_bytes, check_writable_file, sweep_stale, temp_prefix
from pipeline.publish.fonts import PRINT_CJK_FAMILY, print_font_faces
from pipeline.publish.images import Warn
from pipeline.publish.splice import style_text

#: Paper sizes in inches (what printToPDF takes).
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
#: Margins in inches: top, right, bottom (room for the page-number footer), left.
MARGINS = (0.55, 0.5, 0.65, 0.5)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds Chromium gets for each step (start, load, print) before it is given up.
TIMEOUT = 120.0
_CHROMIUM_FLAGS = (
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
    # No name resolves and no proxy is asked (the DevTools interception of print_to_pdf fails every request anyway).
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-proxy-server",
    "--dns-prefetch-disable",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
)


def check_paper(paper: str) -> str:
    """The canonical name of *paper* (``a4`` → ``A4``); InputError for an unknown size."""
    for name in PAPERS:
        if name.lower() == paper.strip().lower():
            return name
    raise InputError(f"unknown paper size {paper!r}", hint=f"use --paper {' or --paper '.join(PAPERS)}")


def find_chromium() -> str:
    """The Chromium (or Chrome) executable on PATH; InputError naming how to install it."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise InputError(
        "--format pdf needs Chromium, and none was found on PATH (chromium, chromium-browser, google-chrome)",
        hint="install it (Debian: apt-get install chromium fonts-noto-cjk), or build --format epub or html instead",
    )


# -- the page to print ---------------------------------------------------------------


_ID = re.compile(r'(?<![\w-])(id|href)="(#?)([^"]*)"')


def _chapter_ids(body: str, number: int) -> str:
    """A chapter's ids (and its links to them) prefixed ``c<number>-``: the chapters share one page."""

    def prefix(match: re.Match[str]) -> str:
        name, hash_, value = match.groups()
        if name == "href" and not hash_:
            return match.group(0)  # a link out of the book
        return f'{name}="{hash_}c{number}-{value}"'

    return _ID.sub(prefix, body)


def _front_pages(book: Book, title: str) -> str:
    """A title page and a contents page (linked: each entry is a link inside the PDF) for a book of several articles."""
    if len(book.chapters) < 2:
        return ""
    entries = []
    for number, chapter in enumerate(book.chapters, start=1):
        heads = "".join(
            f'<li><a href="#c{number}-{html.escape(h.anchor)}">{html.escape(h.target or h.source)}</a></li>'
            for h in chapter.headings
        )
        entries.append(
            f'<li><a href="#c{number}">{html.escape(chapter.label)}</a>' + (f"<ol>{heads}</ol>" if heads else "") + "</li>"
        )
    return (
        f'<section class="title-page"><h1 class="book-title">{html.escape(title)}</h1></section>\n'
        f'<nav class="contents" aria-label="{html.escape(CONTENTS_LABEL)}"><h2>{html.escape(CONTENTS_LABEL)}</h2>'
        f"<ol>{''.join(entries)}</ol></nav>\n"
    )


#: Characters Chromium draws that are in no text of the page: list markers (numbers, letters, roman numerals and
#: the disc, circle and square bullets). Missing from the CJK subset, a Chinese item's marker fell back to the
#: system's CFF font, which Chromium embeds as a Type 3 font.
MARKER_CHARACTERS = "0123456789.)(-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ•◦▪■□"

#: The contents page's heading (a bilingual book reads both languages).
CONTENTS_LABEL = "目录 Contents"


def print_html(book: Book, *, title: str | None = None, css: str = "", running_heads: bool = False) -> str:
    """One HTML page with every chapter, each starting a new sheet; for several articles, a title page and a
    contents page first. *css* (``--css``) is added last."""
    style = resources.files("pipeline").joinpath("data/pdf.css").read_text(encoding="utf-8")
    first = book.chapters[0]
    title = title or default_title(book)
    sections = "\n".join(
        f'<section class="chapter{" draft" if c.draft else ""}" id="c{n}">\n{chapter_links(_chapter_ids(c.body, n), lambda k: f"#c{k}")}\n</section>'
        for n, c in enumerate(book.chapters, start=1)
    )
    sections = _front_pages(book, title) + sections
    # Chinese in a TrueType-outline subset: embedded as a named CID font, not as Type 3 fonts (pipeline.publish.fonts).
    text = html.unescape(re.sub(r"<[^>]*>", "", sections)) + title + MARKER_CHARACTERS
    faces = "\n/* the CJK print font (pipeline.publish.fonts) */\n" + print_font_faces(book.variant, text)
    if running_heads:
        faces += _running_head(title)
    extra = f"<style>\n{style_text(css)}</style>\n" if css else ""
    direction = ' dir="rtl"' if book.variant.is_rtl and book.layout == "target-only" else ""  # a right-to-left page
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{book.variant.html_lang}"{direction}>\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{first.stylesheet}\n</style>\n<style>\n{style}{faces}</style>\n{extra}</head>\n"
        f'<body class="{book.layout}{" draft" if book.draft else ""}">\n{sections}\n</body>\n</html>\n'
    )


def _running_head(title: str) -> str:
    """The print CSS putting *title* at the top of every page (a page margin box of the main page, so it is set in
    the page's own fonts: Chromium's header template would draw its Chinese in Type 3 fonts)."""
    text = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return (
        f'@page {{ @top-center {{ content: "{text}"; font-size: 8pt; color: #555; '
        f'font-family: "{PRINT_CJK_FAMILY}", sans-serif; }} }}\n'
    )


def _footer(book: Book) -> str:
    """Chromium's footer template: page numbers, and DRAFT on every page of a draft."""
    draft = '<span style="color:#c9302c;font-weight:bold">DRAFT — not reviewed</span> · ' if book.draft else ""
    return (
        '<div style="font-size:8pt;width:100%;text-align:center;color:#555;font-family:sans-serif">'
        f'{draft}<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
    )


# -- Chromium over the DevTools pipe ---------------------------------------------------


def _end_group(pgid: int, *, wait: float = 5.0) -> None:
    """Kill Chromium's process group (its helpers too) and wait until none is left to write into the build's folder."""
    import time

    deadline = time.monotonic() + wait
    try:
        os.killpg(pgid, signal.SIGKILL)
        while time.monotonic() < deadline:
            os.killpg(pgid, 0)  # ProcessLookupError once the whole group is gone
            time.sleep(0.02)
    except (ProcessLookupError, PermissionError):
        pass


class DevTools:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The child must see the pipes as fds 3 and 4: close-on-exec copies
        # numbered 10+ are dup2'ed onto 3 and 4 between fork and exec.
        child_r, child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w))

        def remap() -> None:
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        try:
            self.proc = subprocess.Popen(
                [binary, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=False,  # close_fds would run after preexec_fn and close 3 and 4
                preexec_fn=remap,
                process_group=0,  # its helpers too are ended by close()
                # Chromium's own temp files go in the build's temp folder, removed (or swept) with it.
                env={**os.environ, "TMPDIR": str(profile.parent)},
            )
        except OSError as exc:
            for fd in (to_browser_r, from_browser_w, child_r, child_w, self._to_browser, self._from_browser):
                os.close(fd)
            raise InputError(f"Chromium ({binary}) cannot be started: {exc.strerror or exc}", hint="reinstall chromium") from exc
        try:
            for fd in (to_browser_r, from_browser_w, child_r, child_w):
                os.close(fd)
        except BaseException:  # Ctrl-C or SIGTERM right after the start: no Chromium left behind
            self.proc.kill()
            self.proc.wait()
            _end_group(self.proc.pid)
            raise
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        #: Event name → handler, called as the event arrives (while a reply or another event is awaited).
        self.handlers: dict[str, Callable[[dict], None]] = {}
        self._posted: set[int] = set()  # ids of commands whose reply nobody waits for

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OutputError("Chromium did not answer in time", hint="try again; a very long book may need more memory")
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise OutputError(f"Chromium stopped (exit code {self.proc.poll()})", hint="run it by hand to see why")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _write(self, method: str, params: dict | None, session: str | None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except BrokenPipeError as exc:
            raise OutputError(f"Chromium stopped (exit code {self.proc.poll()})", hint="run it by hand to see why") from exc
        return self._next_id

    def _keep(self, message: dict) -> None:
        """File a message that is not the awaited one: run its handler, drop a posted command's reply, keep an event."""
        if message.get("id") in self._posted:
            self._posted.discard(message["id"])
            return
        handler = self.handlers.get(message.get("method", ""))
        if handler is not None:
            handler(message)
        else:
            self.events.append(message)

    def post(self, method: str, params: dict | None = None, *, session: str | None = None) -> None:
        """Send a command without waiting for its reply (from an event handler)."""
        self._posted.add(self._write(method, params, session))

    def send(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        wanted = self._write(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise OutputError(f"Chromium could not {method}: {reply['error'].get('message', reply['error'])}")
                return reply["result"]
            self._keep(reply)

    def wait_event(self, method: str, session: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self._keep(self._read(deadline))

    def offline(self, session: str, folder: Path) -> list[str]:
        """Let the page in *session* load nothing but files in *folder*: every other request fails.

        DevTools request interception (``Fetch.enable`` with the pattern
        ``*``) pauses each request the page makes; a ``file:`` URL inside
        *folder* (or a ``data:`` URL) goes on, anything else (http, https,
        ws, files elsewhere) is failed as blocked by the client. Returns the
        list the refused URLs are added to.
        """
        refused: list[str] = []
        inside = folder.resolve().as_uri() + "/"

        def paused(event: dict) -> None:
            params = event.get("params", {})
            url = str(params.get("request", {}).get("url", ""))
            if url.startswith(inside) and ".." not in url or url.startswith("data:"):
                self.post("Fetch.continueRequest", {"requestId": params["requestId"]}, session=event.get("sessionId"))
            else:
                refused.append(url)
                self.post(
                    "Fetch.failRequest",
                    {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                    session=event.get("sessionId"),
                )

        self.handlers["Fetch.requestPaused"] = paused
        self.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session=session)
        return refused

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
        # helpers still starting when an interrupted build closed it would write on into its folder
        _end_group(self.proc.pid)
        os.close(self._to_browser)
        os.close(self._from_browser)


def print_to_pdf(page_html: str, *, chromium: str, paper: str, footer: str, header: str = "<span></span>") -> bytes:
    """*page_html* printed by Chromium on *paper*, with *header* and *footer* on every page."""
    width, height = PAPERS[check_paper(paper)]
    top, right, bottom, left = MARGINS
    sweep_stale(tempfile.gettempdir())  # what a killed build left
    with tempfile.TemporaryDirectory(prefix=temp_prefix("pdf", hidden=False)) as tmp:
        folder = Path(tmp) / "edition"
        folder.mkdir()
        page = folder / "edition.html"
        page.write_text(page_html, encoding="utf-8")
        browser: DevTools | None = None
        try:
            browser = DevTools(chromium, Path(tmp) / "profile")
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.offline(session, folder)  # printing never reaches the network
            browser.send("Page.enable", session=session)
            browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
            browser.wait_event("Page.loadEventFired", session)
            browser.send(
                "Runtime.evaluate",
                {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True},
                session=session,
            )
            result = browser.send(
                "Page.printToPDF",
                {
                    "paperWidth": width,
                    "paperHeight": height,
                    "marginTop": top,
                    "marginRight": right,
                    "marginBottom": bottom,
                    "marginLeft": left,
                    "printBackground": True,
                    "displayHeaderFooter": True,
                    "headerTemplate": header,
                    "footerTemplate": footer,
                    "preferCSSPageSize": False,
                    # bookmarks from the headings (Chromium builds the outline from the tagged structure)
                    "generateTaggedPDF": True,
                    "generateDocumentOutline": True,
                },
                session=session,
            )
        finally:
            if browser is not None:
                browser.close()
    data = base64.b64decode(result["data"])
    if not data.startswith(b"%PDF-"):
        raise OutputError("Chromium returned something that is not a PDF", hint="run with --debug and report it")
    return data


def write_pdf(
    pos: Sequence[Path],
    *,
    out: Path,
    layout: str = "side-by-side",
    paper: str = "A4",
    title: str | None = None,
    allow_draft: bool = False,
    warn: Warn | None = None,
    css: str = "",
    running_heads: bool = False,
) -> Path:
    """One PDF of the POs (each article from a new page), written atomically to *out*.

    Paper, Chromium and every PO are checked, and the PDF printed, before *out* is touched.
    """
    paper = check_paper(paper)
    check_layout(layout)
    check_option_text(title=title)
    out = Path(out)
    check_writable_file(out, what="PDF")
    chromium = find_chromium()
    book = load_book(pos, layout=layout, allow_draft=allow_draft, warn=warn)
    if warn is not None and (untitled := untitled_warning(book, title)):
        warn(untitled)
    page = print_html(book, title=title, css=css, running_heads=running_heads)
    data = print_to_pdf(page, chromium=chromium, paper=paper, footer=_footer(book))
    atomic_write_bytes(out, data)
    return out
