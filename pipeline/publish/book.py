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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from pipeline.catalog import load_catalog
from pipeline.languages.variants import Variant
from pipeline.documents.html_markup import VOID
from pipeline.errors import InputError
from pipeline.fsutil import decode_utf8, read_input
from pipeline.publish.images import Warn
from pipeline.publish.safety import control_characters, safe_attribute, url_scheme, xml_safe

if TYPE_CHECKING:
    from pipeline.publish.model import Edition

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

    def __init__(self, links: Callable[[str], str | None] | None = None, drop: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.drop = drop  # ids of elements left out, with their content
        #: Where a link goes in the book (:func:`_link_resolver`); None: nowhere, its text is kept as text.
        self.links = links
        self.unlinked: dict[str, None] = {}  # the hrefs of links made plain text, in order
        self.close_as: dict[int, str] = {}  # depth in self.open -> the end tag written for it (an <a> made a <span>)
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
        if self.dropping or tag in _DROPPED or (values.get("id") or "") in self.drop:
            if tag not in VOID:
                self.dropping += 1
            return
        if tag == "details" and "open" not in values:
            attrs = [*attrs, ("open", None)]  # a collapsible box is open in a book: paper cannot be clicked, readers vary
        if tag not in VOID:
            self.context.append((tag, values.get("lang"), values.get("id")))
        written = tag
        if tag == "a" and values.get("href") is not None and self.links is not None:
            href = self.links(str(values["href"]))
            if href is None:  # a link out of the book with no address to give it: its text, in a <span>
                written = "span"
                self.unlinked[str(values["href"])] = None
                attrs = [(n, v) for n, v in attrs if n != "href"]
            else:
                attrs = [(n, href if n == "href" else v) for n, v in attrs]
        out = [f"<{written}"]
        for name, value in attrs:
            if name in ("xml:lang", "xmlns", "style") or not (
                safe_attribute(name, value) or (tag == "img" and name == "src" and _EMBEDDED.match(value or ""))
            ):
                continue  # no script, no javascript: URL however spelt; xml:lang follows lang; styling comes from the book's CSS
            if (tag == "a" and name == "href" and value is not None and self.links is None and not value.startswith("#")
                    and not url_scheme(value)):
                continue  # no resolver: a link into the article's site (/, ../page.html) leads nowhere in a book
            value = xml_safe(value) if value is not None else None
            out.append(_attr(name, value))
            if name == "lang" and value:
                out.append(_attr("xml:lang", value))
        if tag in VOID:
            self.out.append("".join(out) + "/>")
            return
        self.out.append("".join(out) + ">")
        if written != tag:
            self.close_as[len(self.open)] = written
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
            self.out.append(f"</{self.close_as.pop(len(self.open), name)}>")
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
            name = self.open.pop()
            self.out.append(f"</{self.close_as.pop(len(self.open), name)}>")
        return "".join(self.out).strip()


def _read_page(text: str, links: Callable[[str], str | None] | None = None, drop: frozenset[str] = frozenset()) -> _Page:
    page = _Page(links, drop)
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
    return catalog.target_language(), bool(counts["fuzzy"] or counts["untranslated"])


#: The ``href`` of a link to chapter N of the book until its writer gives the chapter's address (:func:`chapter_links`).
_CHAPTER_LINK = "mtpipe-chapter-"
_CHAPTER_HREF = re.compile(r'href="mtpipe-chapter-(\d+)"')


def chapter_links(body: str, address: Callable[[int], str]) -> str:
    """A chapter's *body* with its links to other chapters pointing at *address(chapter number)* (EPUB: a file, PDF: an anchor)."""
    return _CHAPTER_HREF.sub(lambda m: f'href="{html.escape(address(int(m.group(1))), quote=True)}"', body)


class _Addresses(HTMLParser):
    """The address an HTML page gives itself: ``<base href>``, ``<link rel=canonical>``, ``<meta property=og:url>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "base" and values.get("href"):
            self.found.setdefault("base", values["href"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split() and values.get("href"):
            self.found.setdefault("canonical", values["href"])
        elif tag == "meta" and values.get("property", "").lower() == "og:url" and values.get("content"):
            self.found.setdefault("og:url", values["content"])


#: Front-matter keys that may hold an article's address (an absolute URL is used; a site path is not).
_ADDRESS_KEYS = ("url", "permalink", "canonical", "canonicalURL", "canonical_url")


def _absolute(url: object) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def base_url(edition: Edition) -> str | None:
    """The address the article's relative links resolve against: an HTML page's ``<base>``, canonical link or
    ``og:url``; a Markdown article's front-matter ``url`` or ``permalink`` (when absolute). None when it gives none."""
    skeleton = edition.skeleton
    if skeleton is None:
        return None
    candidates: list[object]
    if skeleton.format.native_edition == "html":
        reader = _Addresses()
        reader.feed(skeleton.source)
        candidates = [reader.found.get(k) for k in ("base", "canonical", "og:url")]
    else:
        from pipeline.documents.front_matter import front_matter_data

        data = front_matter_data(skeleton.source)
        candidates = [data.get(k) for k in _ADDRESS_KEYS]
    return next((url for url in map(_absolute, candidates) if url), None)


def _link_resolver(edition: Edition, sources: Mapping[Path, int]) -> Callable[[str], str | None]:
    """Where a link of *edition* goes in a book: a fragment or a URL with a scheme as it is; a relative link to the
    source of another chapter (*sources*: resolved path → chapter number) to that chapter; any other relative or
    site link made absolute against the article's :func:`base_url`, or None (no address: plain text)."""
    base = base_url(edition)
    here = edition.source_path.resolve().parent if edition.source_path is not None else None

    def resolve(href: str) -> str | None:
        href = href.strip()
        parts = urlsplit(href)
        if not href or href.startswith("#") or parts.scheme:
            return href
        if parts.netloc:
            return "https:" + href  # //host/path
        if here is not None and parts.path and not parts.path.startswith("/"):
            number = sources.get(Path(os.path.normpath(here / unquote(parts.path))))
            if number is not None:
                return f"{_CHAPTER_LINK}{number}"
        return urljoin(base, href) if base else None

    return resolve


def chapter_from_po(po_path: Path, *, layout: str, allow_draft: bool, warn: Warn | None = None) -> Chapter:
    """The one adapter from the HTML edition of *po_path* to a :class:`Chapter` (see :func:`chapter_of`)."""
    from pipeline.publish.model import load_edition

    return chapter_of(Path(po_path), load_edition(po_path), layout=layout, allow_draft=allow_draft, warn=warn)


def chapter_of(
    po_path: Path, edition: Edition, *, layout: str, allow_draft: bool, warn: Warn | None = None,
    sources: Mapping[Path, int] | None = None,
) -> Chapter:
    """The HTML edition of *edition* (loaded from *po_path*) as a :class:`Chapter`.

    Its images are embedded as ``data:`` URIs (the EPUB writer makes them
    files of its own); remote and missing ones are reported to *warn*. Its
    links that lead out of the book are made absolute or plain text
    (:func:`_link_resolver`), counted in one warning. Raises what
    :func:`pipeline.publish.edition.render_edition` raises (a draft without
    *allow_draft*, ...).
    """
    from pipeline.publish.edition import render_edition

    links = _link_resolver(edition, sources or {})
    # An HTML page's <title> carries the site's name ("… | The Daily Example"): its <h1>, when it has one, is the
    # chapter's title, and the <title> has no row (Edition.hidden_title), so the headline shows once.
    hidden = edition.hidden_title
    drop = frozenset({hidden.id}) if hidden is not None else frozenset()
    page = _read_page(render_edition(edition, fmt="html", layout=layout, allow_draft=allow_draft, images="book", warn=warn).page,
                      links, drop)
    if page.unlinked and warn is not None:
        count, named = len(page.unlinked), ", ".join(list(page.unlinked)[:3]) + (", ..." if len(page.unlinked) > 3 else "")
        warn(
            f"{po_path}: {count} link{'s' if count != 1 else ''} to pages outside the book made plain text ({named}): "
            "the article gives no address to resolve them against (a front-matter url, or a page's <base>, "
            "canonical link or og:url)"
        )
    outline = page if layout == "side-by-side" else _read_page(
        render_edition(edition, fmt="html", layout="side-by-side", allow_draft=allow_draft).page, drop=drop
    )
    headings = _headings(outline)
    variant, draft = catalog_facts(po_path)
    title = next((h for h in headings if h.level == 1), None)
    label = " ".join(outline.title.split())
    if drop and title is not None:
        label = ("[DRAFT] " if draft else "") + " / ".join(t for t in (title.target, title.source) if t)
    return Chapter(
        po_path=Path(po_path),
        variant=variant,
        label=label or Path(po_path).stem,
        title=title,
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
    from pipeline.publish.model import load_edition

    editions = [load_edition(po) for po in pos]
    sources = {e.source_path.resolve(): n for n, e in enumerate(editions, start=1) if e.source_path is not None}
    chapters = tuple(chapter_of(po, e, layout=layout, allow_draft=allow_draft, warn=warn, sources=sources)
                     for po, e in zip(pos, editions))
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
    """The title of a book given no ``--title``: its one article's title; for several, ``N articles``.

    The first article's headline would name one article as if it were the
    collection (and read as a mistake on the cover); a neutral title that a
    warning (:func:`untitled_warning`) asks to replace does not mislead.
    """
    if len(book.chapters) == 1:
        return book.chapters[0].label
    return f"{len(book.chapters)} articles"


def untitled_warning(book: Book, title: str | None) -> str | None:
    """The warning for a book of several articles given no ``--title`` (None otherwise)."""
    if title or len(book.chapters) < 2:
        return None
    return f'the book of {len(book.chapters)} articles has no --title: it is titled "{default_title(book)}"; give --title TEXT'
