"""EPUB 3 books of reviewed PO files, written by hand.

An EPUB is a zip file: ``mimetype`` first and stored (not compressed), then
``META-INF/container.xml`` pointing at the package document
(``OEBPS/content.opf``: metadata, manifest, spine), a navigation document
(``nav.xhtml``) and one XHTML content document per chapter. Writing those few
files directly takes less code than driving a library, keeps every attribute
under our control (``xml:lang``, ``properties``, the spine direction) and adds
no dependency.

* ``dc:language`` is the target variant (``zh-Hans``, ``zh-Hant-TW``…), then
  ``en`` for a bilingual layout; every source and target element carries
  ``lang`` and ``xml:lang``.
* The table of contents lists each chapter and its headings in both
  languages, in ``nav.xhtml`` (also a page of the reading order, after the
  cover) and, for EPUB 2 readers, in ``toc.ncx``.
* :class:`Metadata`: publisher, date, rights and identifier (an ISBN is
  checked and written ``urn:isbn:…``; by default a UUID made from the
  book's content). Zip members are regular files of mode 0644.
* CJK fonts are referenced by name (the variant's stack from
  :data:`pipeline.languages.variants.VARIANTS`); with ``embed_fonts`` the first
  installed Noto/Source Han font of the stack is subset with fontTools to the
  characters the book uses (regular and bold) and embedded as OpenType.
* ``vertical`` typesets top to bottom, columns right to left
  (``writing-mode: vertical-rl``, spine ``page-progression-direction="rtl"``).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import io
import os
import re
import stat
import time
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.languages.variants import Variant
from pipeline.publish.cjk_fonts import EmbeddedFont, embedded_fonts
from pipeline.publish.book import (
    SOURCE_LANG, Book, Chapter, Heading, chapter_links, check_option_text, default_title, load_book, untitled_warning,
)
from pipeline.errors import InputError
from pipeline.fsutil import atomic_write_bytes, check_writable_file, read_input
from pipeline.publish.images import IMAGE_TYPES, Warn

LAYOUTS = ("side-by-side", "interleaved", "target-only")
#: Cover images an EPUB 3 reader must show (core media types), by magic bytes.
_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png", "png"), (b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"GIF8", "image/gif", "gif"))
#: The "Contents" heading, per script.
_CONTENTS = {"simplified": "目录", "traditional": "目錄"}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _lang(code: str) -> str:
    from pipeline.languages.table import find

    known = find(code)  # right-to-left languages (the languages table) carry dir="rtl"
    return f'lang="{_esc(code)}" xml:lang="{_esc(code)}"' + (' dir="rtl"' if known is not None and known.is_rtl else "")


@dataclass(frozen=True)
class Metadata:
    """A book's publication fields beyond its title and author (Dublin Core in content.opf)."""

    publisher: str | None = None
    #: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the publication date, dc:date).
    date: str | None = None
    rights: str | None = None
    #: ``urn:isbn:…``, ``urn:uuid:…`` or another URN (dc:identifier); by default a UUID from the book's content.
    identifier: str | None = None


_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$", re.IGNORECASE)


def _isbn(text: str) -> str | None:
    """The digits of a valid ISBN-10 or ISBN-13 (hyphens and spaces allowed), else None."""
    digits = re.sub(r"[\s-]", "", text.removeprefix("ISBN").removeprefix("isbn").strip(": "))
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return digits if total % 10 == 0 else None
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        total = sum((10 - i) * (10 if d in "Xx" else int(d)) for i, d in enumerate(digits))
        return digits.upper() if total % 11 == 0 else None
    return None


def check_metadata_fields(metadata: Metadata) -> Metadata:
    """*metadata* with its identifier as a URN; InputError for a bad date or identifier, or a control character."""
    check_option_text(publisher=metadata.publisher, date=metadata.date, rights=metadata.rights, identifier=metadata.identifier)
    if metadata.date is not None and not _DATE.match(metadata.date.strip()):
        raise InputError(f"--date {metadata.date!r} is not a date", hint="give it as YYYY-MM-DD (or YYYY-MM, or YYYY)")
    identifier = metadata.identifier
    if identifier is not None:
        value = identifier.strip()
        isbn = _isbn(value) if not value.lower().startswith("urn:") else None
        if isbn is not None:
            identifier = f"urn:isbn:{isbn}"
        elif _URN.match(value):
            identifier = value
        else:
            try:
                identifier = uuid.UUID(value).urn
            except ValueError:
                raise InputError(
                    f"--identifier {identifier!r} is not an ISBN, a UUID or a URN",
                    hint="give an ISBN (978-…, with a valid check digit), a UUID, or a URN such as urn:isbn:…",
                ) from None
    return dataclasses.replace(metadata, date=metadata.date.strip() if metadata.date else None, identifier=identifier)


# -- checks before anything is built --------------------------------------------------


def check_layout(layout: str, *, vertical: bool = False) -> str:
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}", hint=f"use one of: {', '.join(LAYOUTS)}")
    if vertical and layout == "side-by-side":
        raise InputError(
            "--vertical does not combine with the side-by-side layout (English would run sideways beside each row)",
            hint="use --layout target-only or --layout interleaved with --vertical",
        )
    return layout


def read_cover(cover: Path) -> tuple[bytes, str, str]:
    """The cover image's bytes, media type and extension; PNG, JPEG or GIF."""
    cover = Path(cover)
    if not os.path.lexists(cover):
        raise InputError(f"cover image {cover} does not exist", hint="give --cover an existing PNG or JPEG file")
    if cover.is_dir():
        raise InputError(f"cover image {cover} is a folder", hint="give --cover a PNG or JPEG file")
    data = read_input(cover, what="cover image", hint="give --cover a PNG, JPEG or GIF file")
    for magic, media_type, ext in _IMAGE_TYPES:
        if data.startswith(magic):
            return data, media_type, ext
    raise InputError(f"cover image {cover} is not a PNG, JPEG or GIF image", hint="convert it, e.g. to PNG, and give that to --cover")


# -- the documents ------------------------------------------------------------------------


def _stylesheet(variant: Variant, fonts: Sequence[EmbeddedFont]) -> str:
    from pipeline.publish.html import structure_css

    css = resources.files("pipeline").joinpath("data/epub.css").read_text(encoding="utf-8") + "\n" + structure_css()
    faces = [
        f'@font-face {{ font-family: "mtpipe CJK"; font-weight: {f.weight}; font-style: normal; '
        f'src: url("fonts/cjk-{f.weight}.otf"); }}'
        for f in fonts
    ]
    stack = ", ".join(f'"{f}"' for f in (("mtpipe CJK",) if fonts else ()) + variant.fonts)
    return css + "\n/* CJK fonts of the book's variant (pipeline.languages.variants.VARIANTS) */\n" + "\n".join(
        [*faces, f":lang(zh) {{ font-family: {stack}, sans-serif; }}"]
    ) + "\n"


def _xhtml(*, lang: str, title: str, body: str, body_class: str = "", html_class: str = "") -> str:
    klass = f' class="{_esc(html_class)}"' if html_class else ""
    bclass = f' class="{_esc(body_class)}"' if body_class else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" {_lang(lang)}{klass}>\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{_esc(title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f"<body{bclass}>\n{body}\n</body>\n</html>\n"
    )


def _bilingual(heading: Heading, variant: Variant) -> str:
    """``<span lang="zh…">中文</span> / <span lang="en">English</span>`` (either side may be missing)."""
    parts = []
    if heading.target:
        parts.append(f"<span {_lang(variant.html_lang)}>{_esc(heading.target)}</span>")
    if heading.source and heading.source != heading.target:
        parts.append(f"<span {_lang(SOURCE_LANG)}>{_esc(heading.source)}</span>")
    return " / ".join(parts)


def _chapter_label(chapter: Chapter, variant: Variant) -> str:
    mark = '<span class="draft-mark" lang="en" xml:lang="en">[DRAFT]</span> ' if chapter.draft else ""
    if chapter.title is not None and (chapter.title.source or chapter.title.target):
        return mark + _bilingual(chapter.title, variant)
    label = chapter.label.removeprefix("[DRAFT] ")
    return mark + _esc(label)


def _nav(book: Book, files: Sequence[str], *, cover: bool) -> str:
    variant = book.variant
    items = []
    for chapter, name in zip(book.chapters, files, strict=True):
        sub = "".join(
            f'<li><a href="{name}#{_esc(h.anchor)}">{_bilingual(h, variant)}</a></li>' for h in chapter.headings if h.anchor
        )
        items.append(f'<li><a href="{name}">{_chapter_label(chapter, variant)}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
    contents = _CONTENTS["simplified" if variant.opencc_config is None else "traditional"]
    heading = f"<span {_lang(variant.html_lang)}>{contents}</span> / <span {_lang(SOURCE_LANG)}>Contents</span>"
    landmarks = [
        f'<li><a epub:type="toc" href="nav.xhtml#toc">{heading}</a></li>',
        f'<li><a epub:type="bodymatter" href="{files[0]}">{_chapter_label(book.chapters[0], variant)}</a></li>',
    ]
    if cover:
        landmarks.insert(0, '<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>')
    body = (
        f'<nav epub:type="toc" id="toc">\n<h1>{heading}</h1>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>\n"
        '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<ol>\n' + "\n".join(landmarks) + "\n</ol>\n</nav>"
    )
    return _xhtml(lang=variant.html_lang, title="Contents", body=body)


def _plain_heading(heading: Heading) -> str:
    parts = [heading.target] + ([heading.source] if heading.source and heading.source != heading.target else [])
    return " / ".join(p for p in parts if p)


def _ncx(book: Book, files: Sequence[str], *, title: str, identifier: str) -> str:
    """The EPUB 2 table of contents (toc.ncx), for readers that do not read nav.xhtml: chapters and their headings."""
    points: list[str] = []
    order = 0

    def point(label: str, src: str, inner: str = "") -> str:
        nonlocal order
        order += 1
        return (
            f'<navPoint id="np-{order}" playOrder="{order}"><navLabel><text>{_esc(label)}</text></navLabel>'
            f'<content src="{_esc(src)}"/>{inner}</navPoint>'
        )

    for chapter, name in zip(book.chapters, files, strict=True):
        label = _plain_heading(chapter.title) if chapter.title is not None and (chapter.title.source or chapter.title.target) else chapter.label
        if chapter.draft and not label.startswith("[DRAFT]"):
            label = "[DRAFT] " + label
        outer = order
        order += 1
        inner = "".join(point(_plain_heading(h), f"{name}#{h.anchor}") for h in chapter.headings if h.anchor)
        points.append(
            f'<navPoint id="np-{outer + 1}" playOrder="{outer + 1}"><navLabel><text>{_esc(label)}</text></navLabel>'
            f'<content src="{_esc(name)}"/>{inner}</navPoint>'
        )
    depth = 2 if any(c.headings for c in book.chapters) else 1
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="{book.variant.html_lang}">\n'
        f'<head>\n<meta name="dtb:uid" content="{_esc(identifier)}"/>\n<meta name="dtb:depth" content="{depth}"/>\n'
        '<meta name="dtb:totalPageCount" content="0"/>\n<meta name="dtb:maxPageNumber" content="0"/>\n</head>\n'
        f"<docTitle><text>{_esc(title)}</text></docTitle>\n"
        "<navMap>\n" + "\n".join(points) + "\n</navMap>\n</ncx>\n"
    )


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_TWO_DIGITS = re.compile(r"(?<![0-9A-Za-z.,])([0-9]{2})(?![0-9A-Za-z.,%])")


def upright_digits(fragment: str) -> str:
    """Two-digit numbers of an XHTML *fragment*'s text wrapped in ``<span class="tcy">`` (tate-chu-yoko in vertical text).

    CSS's ``text-combine-upright: digits 2`` would do it without spans, but
    Chromium and the reading systems built on it support only ``all``.
    """
    parts = _TAG_OR_TEXT.split(fragment)
    return "".join(
        part if i % 2 else _TWO_DIGITS.sub(r'<span class="tcy">\1</span>', part) for i, part in enumerate(parts)
    )


def _chapter_document(chapter: Chapter, book: Book, *, vertical: bool, names: Sequence[str]) -> str:
    title = chapter.label
    text = chapter_links(chapter.body, lambda number: names[number - 1])  # a link to another chapter: its file
    body = f'<section epub:type="chapter" id="chapter">\n{upright_digits(text) if vertical else text}\n</section>'
    return _xhtml(
        lang=book.variant.html_lang,
        title=title,
        body=body,
        body_class=book.layout + (" draft" if chapter.draft else ""),
        html_class="vertical" if vertical else "",
    )


def _modified() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _opf(
    book: Book,
    *,
    title: str,
    author: str | None,
    identifier: str,
    modified: datetime,
    manifest: Sequence[tuple[str, str, str, str]],
    spine: Sequence[str],
    vertical: bool,
    metadata: Metadata = Metadata(),
) -> str:
    languages = [book.variant.html_lang] + ([SOURCE_LANG] if book.layout != "target-only" else [])
    # Unless the options give them: the first article's front matter (author, date, description).
    found = book.chapters[0].meta if book.chapters else {}
    author = author or found.get("author")
    date = found.get("dcterms.date", "")
    if metadata.date is None and _DATE.match(date):
        metadata = dataclasses.replace(metadata, date=date)
    description = found.get("description")
    meta = [
        f'<dc:identifier id="uid">{_esc(identifier)}</dc:identifier>',
        f"<dc:title>{_esc(title)}</dc:title>",
        *(f"<dc:language>{lang}</dc:language>" for lang in languages),
        *([f"<dc:creator>{_esc(author)}</dc:creator>"] if author else []),
        *([f"<dc:publisher>{_esc(metadata.publisher)}</dc:publisher>"] if metadata.publisher else []),
        *([f"<dc:date>{_esc(metadata.date)}</dc:date>"] if metadata.date else []),
        *([f"<dc:rights>{_esc(metadata.rights)}</dc:rights>"] if metadata.rights else []),
        *([f"<dc:description>{_esc(description)}</dc:description>"] if description else []),
        f'<meta property="dcterms:modified">{modified.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>',
        f'<meta name="generator" content="mtpipe {__version__}"/>',
    ]
    items = [
        f'<item id="{iid}" href="{href}" media-type="{mtype}"' + (f' properties="{props}"' if props else "") + "/>"
        for iid, href, mtype, props in manifest
    ]
    # Pages turn right to left for vertical CJK, and for a right-to-left book with no English column.
    rtl_book = book.variant.is_rtl and book.layout == "target-only"
    direction = ' toc="ncx"' + (' page-progression-direction="rtl"' if vertical or rtl_book else "")
    refs = [f'<itemref idref="{iid}"/>' for iid in spine]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{book.variant.html_lang}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
        "<manifest>\n" + "\n".join(items) + "\n</manifest>\n"
        f"<spine{direction}>\n" + "\n".join(refs) + "\n</spine>\n</package>\n"
    )


_CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>\n'
    "</container>\n"
)


def render_epub(
    book: Book,
    *,
    title: str | None = None,
    author: str | None = None,
    cover: tuple[bytes, str, str] | None = None,
    fonts: Sequence[EmbeddedFont] = (),
    vertical: bool = False,
    metadata: Metadata = Metadata(),
    css: str = "",
) -> bytes:
    """The EPUB file of *book*, as bytes; *css* (``--css``) ends its stylesheet."""
    title = title or default_title(book)
    if book.draft and not title.startswith("[DRAFT]"):
        title = "[DRAFT] " + title
    files: dict[str, bytes] = {}
    manifest: list[tuple[str, str, str, str]] = [
        ("nav", "nav.xhtml", "application/xhtml+xml", "nav"),
        ("ncx", "toc.ncx", "application/x-dtbncx+xml", ""),
        ("css", "book.css", "text/css", ""),
    ]
    spine: list[str] = []
    if cover is not None:
        data, media_type, ext = cover
        files[f"cover.{ext}"] = data
        manifest.append(("cover-image", f"cover.{ext}", media_type, "cover-image"))
        page = f'<section class="cover" epub:type="cover"><img src="cover.{ext}" alt="{_esc(title)}"/></section>'
        files["cover.xhtml"] = _xhtml(lang=book.variant.html_lang, title=title, body=page).encode("utf-8")
        manifest.append(("cover", "cover.xhtml", "application/xhtml+xml", ""))
        spine.append("cover")
    spine.append("nav")  # the contents page, in the reading order before the first chapter
    names = [f"chapter-{i:03d}.xhtml" for i in range(1, len(book.chapters) + 1)]
    images: dict[str, str] = {}  # data: URI -> file name
    for number, (chapter, name) in enumerate(zip(book.chapters, names, strict=True), start=1):
        document = _image_files(_chapter_document(chapter, book, vertical=vertical, names=names), files, images)
        files[name] = document.encode("utf-8")
        manifest.append((f"c{number:03d}", name, "application/xhtml+xml", ""))
        spine.append(f"c{number:03d}")
    for number, image in enumerate(images.values(), start=1):
        manifest.append((f"img{number:03d}", image, IMAGE_TYPES[Path(image).suffix], ""))
    for font in fonts:
        files[f"fonts/cjk-{font.weight}.otf"] = font.data
        manifest.append((f"font-{font.weight}", f"fonts/cjk-{font.weight}.otf", "font/otf", ""))
    files["book.css"] = (_stylesheet(book.variant, fonts) + (f"\n/* --css */\n{css}\n" if css else "")).encode("utf-8")
    files["nav.xhtml"] = _nav(book, names, cover=cover is not None).encode("utf-8")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    identifier = metadata.identifier or uuid.uuid5(uuid.NAMESPACE_URL, "mtpipe:" + digest.hexdigest()).urn
    modified = _modified()
    files["toc.ncx"] = _ncx(book, names, title=title, identifier=identifier).encode("utf-8")
    files["content.opf"] = _opf(
        book, title=title, author=author, identifier=identifier, modified=modified,
        manifest=manifest, spine=spine, vertical=vertical, metadata=metadata,
    ).encode("utf-8")

    t = modified.timetuple()
    stamp = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        # mimetype: first, stored, no extra field (readers sniff it at offset 38)
        zf.writestr(_member("mimetype", stamp), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr(_member("META-INF/container.xml", stamp), _CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
        for name in ["content.opf", *sorted(n for n in files if n != "content.opf")]:
            zf.writestr(_member(f"OEBPS/{name}", stamp), files[name], compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_DATA_SRC = re.compile(r'src="data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=]+)"')
_SUFFIX_OF = {v: k for k, v in reversed(IMAGE_TYPES.items())}  # image/jpeg -> .jpg


def _image_files(document: str, files: dict[str, bytes], images: dict[str, str]) -> str:
    """*document* with each embedded image (``data:`` URI) made a file of the book (``images/imgN.ext``), once per image."""

    def to_file(match: re.Match[str]) -> str:
        kind, data = match.group(1), match.group(2)
        name = images.get(match.group(0))
        if name is None:
            name = images[match.group(0)] = f"images/img{len(images) + 1:03d}{_SUFFIX_OF.get(kind, '.png')}"
            files[name] = base64.b64decode(data)
        return f'src="{name}"'

    return _DATA_SRC.sub(to_file, document)


def _member(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A zip member readable by all once unpacked: a regular file, mode 0644, made on Unix."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.create_system = 3
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def write_epub(
    pos: Sequence[Path],
    *,
    out: Path,
    layout: str = "side-by-side",
    title: str | None = None,
    author: str | None = None,
    cover: Path | None = None,
    embed_fonts: bool = False,
    vertical: bool = False,
    allow_draft: bool = False,
    metadata: Metadata = Metadata(),
    warn: Warn | None = None,
    css: str = "",
) -> Path:
    """One EPUB of the POs (one chapter each, in order), written atomically to *out*.

    Every input is checked, and the whole book built, before *out* is touched.
    """
    check_layout(layout, vertical=vertical)
    check_option_text(title=title, author=author)
    metadata = check_metadata_fields(metadata)
    out = Path(out)
    check_writable_file(out, what="EPUB")
    cover_image = read_cover(cover) if cover is not None else None
    book = load_book(pos, layout=layout, allow_draft=allow_draft, warn=warn)
    if warn is not None and (untitled := untitled_warning(book, title)):
        warn(untitled)
    fonts: list[EmbeddedFont] = []
    if embed_fonts:
        text = "".join(c.body + c.label + "".join(h.target for h in c.headings) for c in book.chapters) + (title or "")
        fonts = embedded_fonts(book.variant, text)
    atomic_write_bytes(
        out, render_epub(book, title=title, author=author, cover=cover_image, fonts=fonts, vertical=vertical, metadata=metadata,
                         css=css)
    )
    return out
