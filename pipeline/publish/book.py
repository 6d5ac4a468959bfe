"""A book: one chapter per reviewed PO file, taken from its HTML edition.

The EPUB and PDF editions do not render articles themselves. Each PO goes
through the public HTML edition (:func:`pipeline.publish.build_edition`),
and :func:`chapter_from_po` — the one adapter between the two — turns that
page into a :class:`Chapter`: its ``<body>`` re-serialised as well-formed
XHTML (``xml:lang`` beside every ``lang``, no script, style or footer), its
stylesheet, its ``<title>`` as the chapter's label, and its headings in both
languages (read from the side-by-side edition, where every heading has an
English and a Chinese cell under one block id).

:func:`load_book` checks that the POs make one book (every PO exists, all
of one Chinese variant, reviewed unless ``allow_draft``) before anything is
written; the variant and draft state come from :mod:`pipeline.catalog`.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipeline.catalog import load_catalog
from pipeline.languages.variants import Variant
from pipeline.documents.html_markup import VOID
from pipeline.errors import InputError
from pipeline.fsutil import decode_utf8, read_input
from pipeline.publish.images import Warn
from pipeline.publish.safety import control_characters, safe_attribute, url_scheme, xml_safe

SOURCE_LANG = "en"
#: HTML elements that never reach a book: their content is dropped too.
_DROPPED = frozenset({"script", "style", "footer", "iframe", "object", "embed", "template", "noscript", "form"})
#: An embedded raster image (:mod:`pipeline.publish.images`): passive data, kept on an ``<img>``
#: (markdown-it, too, lets these ``data:`` URLs through).
_EMBEDDED = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*\Z")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


@dataclass(frozen=True)
class Heading:
    """A heading of an article, in both languages, for the table of contents."""

    anchor: str  #: id of its block in the chapter (``p3``)
    level: int  #: 1 for the article's title, 2.. for its headings
    source: str  #: English text
    target: str  #: typeset Chinese text


@dataclass(frozen=True)
class Chapter:
    """One article of a book."""

    po_path: Path
    variant: Variant
    #: The edition's ``<title>``: ``中文标题 / English title``, or the
    #: article's name when it has no title; ``[DRAFT] `` first for a draft.
    label: str
    #: The article's title (level 1) in both languages, when it has one.
    title: Heading | None
    #: Headings below the title (level ≥ 2), in document order.
    headings: tuple[Heading, ...]
    #: The edition's body as an XHTML fragment (no footer, no script).
    body: str
    #: The edition's own stylesheet (CSS text).
    stylesheet: str
    draft: bool
    #: The edition's ``<meta name content>`` pairs (``description``, ``author``, ``dcterms.date``).
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Book:
    chapters: tuple[Chapter, ...]
    variant: Variant
    layout: str

    @property
    def draft(self) -> bool:
        return any(c.draft for c in self.chapters)


# -- HTML page → XHTML fragment ---------------------------------------------------


def _attr(name: str, value: str | None) -> str:
    return f' {name}="{html.escape(value if value is not None else name, quote=True)}"'


class _Page(HTMLParser):
    """Reads an HTML edition: title, style, body as XHTML, headings with their language and block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.style = ""
        self.out: list[str] = []
        self.open: list[str] = []  # open elements inside <body>
        self.context: list[tuple[str, str | None, str | None]] = []  # (tag, lang, id) of every open element
        self.in_body = False
        self.dropping = 0  # depth inside a dropped element
        self.where: str | None = None  # "title" | "style" | None
        self.heading: list | None = None  # [level, lang, anchor, text parts]
        self.headings: list[tuple[int, str, str, str]] = []
        self.meta: dict[str, str] = {}  # <meta name content> of the head

    def _nearest(self, index: int) -> str:
        for entry in reversed(self.context):
            if entry[index]:
                return str(entry[index])
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "body":
            self.in_body = True
            return
        if not self.in_body:
            if tag in ("title", "style"):
                self.where = tag
            elif tag == "meta" and values.get("name") and values.get("content"):
                self.meta.setdefault(str(values["name"]), xml_safe(str(values["content"])))
            return
        if self.dropping or tag in _DROPPED:
            if tag not in VOID:
                self.dropping += 1
            return
        if tag == "details" and "open" not in values:
            attrs = [*attrs, ("open", None)]  # a collapsible box is open in a book: paper cannot be clicked, readers vary
        if tag not in VOID:
            self.context.append((tag, values.get("lang"), values.get("id")))
        out = [f"<{tag}"]
        for name, value in attrs:
            if name in ("xml:lang", "xmlns", "style") or not (
                safe_attribute(name, value) or (tag == "img" and name == "src" and _EMBEDDED.match(value or ""))
            ):
                continue  # no script, no javascript: URL however spelt; xml:lang follows lang; styling comes from the book's CSS
            if tag == "a" and name == "href" and value is not None and not value.startswith("#") and not url_scheme(value):
                continue  # a link into the article's site (/, ../page.html) leads nowhere in a book: its text stays
            value = xml_safe(value) if value is not None else None
            out.append(_attr(name, value))
            if name == "lang" and value:
                out.append(_attr("xml:lang", value))
        if tag in VOID:
            self.out.append("".join(out) + "/>")
            return
        self.out.append("".join(out) + ">")
        self.open.append(tag)
        if tag in _HEADINGS:
            self.heading = [_HEADINGS[tag], self._nearest(1), self._nearest(2), []]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.in_body:
            self.where = None
            return
        if tag == "body":
            self.in_body = False
            return
        if self.dropping:
            if tag not in VOID:
                self.dropping -= 1
            return
        if tag not in self.open:
            return  # a stray end tag
        while self.open:  # close what HTML left implicitly open
            name = self.open.pop()
            self.context.pop()
            self.out.append(f"</{name}>")
            if name in _HEADINGS and self.heading is not None:
                level, lang, anchor, parts = self.heading
                self.headings.append((level, lang, anchor, " ".join("".join(parts).split())))
                self.heading = None
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        data = xml_safe(data)  # a control character from a PO would make the XHTML ill-formed
        if not self.in_body:
            if self.where == "title":
                self.title += data
            elif self.where == "style":
                self.style += data
            return
        if self.dropping:
            return
        self.out.append(html.escape(data, quote=False))
        if self.heading is not None:
            self.heading[3].append(data)

    def body(self) -> str:
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip()


def _read_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _headings(page: _Page) -> tuple[Heading, ...]:
    """Headings of a bilingual page grouped by block: English from the ``en`` cell, Chinese from the other."""
    found: dict[str, dict] = {}
    for level, lang, anchor, text in page.headings:
        item = found.setdefault(anchor or f"h{len(found)}", {"level": level, "source": "", "target": ""})
        side = "source" if lang.split("-")[0].lower() == SOURCE_LANG else "target"
        item[side] = item[side] or text
    return tuple(Heading(anchor, item["level"], item["source"], item["target"]) for anchor, item in found.items())


# -- the adapter ---------------------------------------------------------------------


def catalog_facts(po_path: Path) -> tuple[Variant, bool]:
    """The PO's Chinese variant, and whether it is a draft (fuzzy or untranslated entries)."""
    catalog = load_catalog(po_path)
    counts = catalog.counts()
    from pipeline.publish.model import catalog_variant

    return catalog_variant(catalog.language, Path(po_path)), bool(counts["fuzzy"] or counts["untranslated"])


def chapter_from_po(po_path: Path, *, layout: str, allow_draft: bool, warn: Warn | None = None) -> Chapter:
    """The one adapter from the HTML edition of *po_path* to a :class:`Chapter`.

    Its images are embedded as ``data:`` URIs (the EPUB writer makes them
    files of its own); remote and missing ones are reported to *warn*.
    Raises what :func:`pipeline.publish.build_edition` raises (a draft
    without *allow_draft*, a malformed PO, ...).
    """
    from pipeline.publish.edition import build_edition

    page = _read_page(build_edition(po_path, fmt="html", layout=layout, allow_draft=allow_draft, images="book", warn=warn))
    outline = page if layout == "side-by-side" else _read_page(
        build_edition(po_path, fmt="html", layout="side-by-side", allow_draft=allow_draft)
    )
    headings = _headings(outline)
    variant, draft = catalog_facts(po_path)
    return Chapter(
        po_path=Path(po_path),
        variant=variant,
        label=" ".join(outline.title.split()) or Path(po_path).stem,
        title=next((h for h in headings if h.level == 1), None),
        headings=tuple(h for h in headings if h.level >= 2),
        body=page.body(),
        stylesheet=page.style,
        draft=draft,
        meta=dict(page.meta),
    )


# -- a set of POs as a book ----------------------------------------------------------


def read_toc(toc: Path) -> list[Path]:
    """The PO files a ``--toc`` file lists, one per line, relative to its folder.

    Blank lines and lines starting with ``#`` are skipped.
    """
    toc = Path(toc)
    if not os.path.lexists(toc):
        raise InputError(f"table of contents {toc} does not exist", hint="give --toc a text file listing one PO file per line")
    data = read_input(toc, what="table of contents", hint="give --toc a text file listing one PO file per line")
    text = decode_utf8(data, name=str(toc), error=InputError, what="", hint="save the table of contents as UTF-8")
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            path = Path(line)
            paths.append(path if path.is_absolute() else toc.parent / path)
    if not paths:
        raise InputError(f"table of contents {toc} lists no PO file", hint="write one PO path per line (relative to the file)")
    return paths


def check_po_files(pos: Sequence[Path]) -> list[Path]:
    """Every PO given exists and is a file; at least one is given."""
    if not pos:
        raise InputError("no PO file given", hint="name the reviewed PO files, e.g. translations/run-movement/zh_Hans.po, or give --toc")
    for po in pos:
        if not Path(po).is_file():
            what = "is a folder" if Path(po).is_dir() else "does not exist"
            raise InputError(f"PO file {po} {what}", hint="check the path (run 'mtpipe translate' to make the PO first)")
    return [Path(p) for p in pos]


def check_one_variant(pos: Sequence[Path]) -> Variant:
    """The variant shared by all *pos*; a mixed set is refused with the list."""
    variants = [(Path(po), catalog_facts(Path(po))[0]) for po in pos]
    codes = {v.code for _, v in variants}
    if len(codes) > 1:
        listing = ", ".join(f"{po} ({v.code})" for po, v in variants)
        raise InputError(
            f"a book is of one Chinese variant, but these POs mix {len(codes)}: {listing}",
            hint="build one book per variant",
        )
    return variants[0][1]


def load_book(pos: Sequence[Path], *, layout: str, allow_draft: bool = False, warn: Warn | None = None) -> Book:
    """Every PO as a chapter, in the order given; nothing is written."""
    pos = check_po_files(pos)
    variant = check_one_variant(pos)
    chapters = tuple(chapter_from_po(po, layout=layout, allow_draft=allow_draft, warn=warn) for po in pos)
    return Book(chapters=chapters, variant=variant, layout=layout)




def check_option_text(**fields: str | None) -> None:
    """Refuse a book option (``--title``, ``--author``, ``--publisher``…) holding a control character: XML cannot carry most, no reader shows any."""
    for option, value in fields.items():
        found = control_characters(value or "")
        if found:
            raise InputError(
                f"--{option} contains a control character ({', '.join(found[:3])})",
                hint=f"give --{option} as one line of text",
            )


def default_title(book: Book) -> str:
    """The label of the only chapter, or of the first with how many follow."""
    first = book.chapters[0].label
    rest = len(book.chapters) - 1
    return first if not rest else f"{first} (+{rest} more)"
