"""An edition's images: resolved relative to the source document, copied, embedded, or turned into links.

The renderers write ``<img src>`` as the source gave it; :func:`place_images`
then settles each one for the edition being made:

- ``copy`` (the HTML edition): a local image keeps a relative ``src`` and is
  listed, so the writer copies it beside the page (:func:`copy_images`);
- ``embed`` (``--embed-images``) and ``book`` (EPUB and PDF): a local image
  becomes a ``data:`` URI (the EPUB writer turns those into manifest items);
- a remote image (``https://...``) stays as it is in an HTML edition; a
  book (``book``) has no network, so it becomes a link to the image, with a warning;
- a missing image becomes its alt text, with a warning naming it: never a
  broken reference.

Warnings go through the *warn* callback; the library never prints.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from pipeline.fsutil import atomic_write_bytes
from pipeline.publish.safety import start_tag

Warn = Callable[[str], None]

#: Media types of the images an edition can carry (EPUB 3 core media types, and what browsers show).
IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp",
}  # fmt: skip
#: An ``<img>`` start tag (in the HTML the renderers write).
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    """A page whose images are settled, and the local files it refers to by relative path."""

    page: str
    copies: tuple[tuple[str, Path], ...] = ()  #: (src as written, file to copy there)


def _attrs(tag: str) -> dict[str, str]:
    found = start_tag(tag)
    return {name.lower(): value or "" for name, value in found[1]} if found is not None else {}


def media_type(path: Path) -> str | None:
    return IMAGE_TYPES.get(path.suffix.lower()) or (mimetypes.guess_type(path.name)[0] or None)


def place_images(
    page: str, *, base: Path | None, mode: str, warn: Warn | None = None, keep_missing: bool = False
) -> Placed:
    """Settle each ``<img>`` of *page* (see the module docstring); *base* is the source document's folder.

    *keep_missing*: a missing image keeps its tag (still warned): the page is the source page itself.
    """
    copies: dict[str, Path] = {}
    warned: set[str] = set()

    def say(message: str) -> None:
        if warn is not None and message not in warned:
            warned.add(message)
            warn(message)

    def settle(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = _attrs(tag)
        src, alt = attrs.get("src", ""), attrs.get("alt", "")
        parts = urlsplit(src)
        if src.startswith("data:"):
            return tag
        if parts.scheme or src.startswith("//"):
            if mode != "book":
                return tag  # an HTML page: the browser fetches it
            say(f"remote image {src} is not included (a book is built without network): shown as a link")
            return f'<a class="remote-image" href="{html.escape(src)}">{html.escape(alt or src)}</a>'
        relative = PurePosixPath(unquote(parts.path))
        path = (base / relative) if base is not None else Path(relative)
        if not src or base is None or not path.is_file():
            if keep_missing:
                say(f"image {src} not found" + (f" (looked for {path.resolve()})" if base is not None else ""))
                return tag
            say(f"image {src} not found" + (f" (looked for {path.resolve()})" if base is not None else "") + ": its alt text is shown")
            return f'<span class="missing-image">{html.escape(alt)}</span>' if alt else ""
        kind = media_type(path)
        if kind is None or not kind.startswith("image/"):
            say(f"image {src} is not an image type an edition can carry: its alt text is shown")
            return f'<span class="missing-image">{html.escape(alt)}</span>' if alt else ""
        if mode in ("embed", "book"):
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return _SRC.sub(f'src="data:{kind};base64,{data}"', tag, count=1)
        if relative.is_absolute() or ".." in relative.parts:
            name = f"images/{path.name}"  # outside the source's folder: copied into images/
            copies[name] = path
            return _SRC.sub(f'src="{html.escape(name)}"', tag, count=1)
        copies[str(relative)] = path
        return tag

    page = IMG_TAG.sub(settle, page)
    return Placed(page, tuple(copies.items()))


def copy_images(copies: tuple[tuple[str, Path], ...], *, folder: Path) -> None:
    """Copy each image beside the page written in *folder* (same relative path), atomically."""
    for name, path in copies:
        target = folder / name
        if target.resolve() == path.resolve():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, path.read_bytes())


__all__ = ["IMAGE_TYPES", "IMG_TAG", "Placed", "copy_images", "media_type", "place_images"]
