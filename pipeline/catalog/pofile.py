"""Reading and writing PO files: strict validation, :func:`load_catalog`, :func:`dumps_catalog`, :func:`write_catalog`.

Files are validated strictly before they are read (polib itself accepts
truncated files), and written atomically. The PO text itself is written and
read by :mod:`pipeline.catalog.po_reader`, as polib would; a file that reader
leaves to polib is read by polib. :func:`load_catalog` records what
it read (:class:`FileStamp`) so a writer can tell whether the file changed
under it. This is the only module that touches polib.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from pathlib import Path

from pipeline.bulk import gc_paused
from pipeline.errors import CatalogError
from pipeline.fsutil import atomic_write_text, decode_utf8, read_input
from pipeline.catalog.model import Catalog, Entry, FileStamp, Layout
from pipeline.catalog.po_reader import Unusual, entry_from_parsed, parse_po_layout
from pipeline.catalog.po_writer import detect_width, format_po


# -- reading -----------------------------------------------------------------

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # a quoted string, escapes allowed (unrolled: fast on long lines)
_KEYWORD_RE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_STRING}\s*$")
_CONT_RE = re.compile(rf"^{_STRING}\s*$")


_QUOTED = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_BETWEEN = r"(?:#(?!~)[^\n]*+\n|\n)*+"  # comments (not obsolete lines) and blank lines
#: A file of entries as mtpipe writes them (comments, msgctxt, msgid, msgstr and its
#: continuation lines): valid as a whole, without the line-by-line walk.
_WELL_FORMED = re.compile(
    rf'{_BETWEEN}(?:(?:msgctxt {_QUOTED}\n)?+msgid {_QUOTED}\nmsgstr {_QUOTED}\n(?:{_QUOTED}\n)*+{_BETWEEN})*+\Z'
)


def validate_po_text(text: str, name: str) -> None:
    """Refuse what polib would silently accept: bad lines, unterminated strings, cut entries."""
    if not _WELL_FORMED.match(text):  # else every line is a comment, a blank or part of a whole entry
        _validate_lines(text, name)


def _validate_lines(text: str, name: str) -> None:
    """:func:`validate_po_text` line by line: the first bad line raises."""
    state = "start"  # start | msgctxt | msgid | msgid_plural | msgstr
    active_state = "start"
    entry_line = 0

    def fail(line_no: int, what: str) -> None:
        raise CatalogError(
            f"{name}:{line_no}: malformed PO file: {what}",
            hint="fix the file (msgfmt --check shows details) or restore it from a backup; nothing was written",
        )

    for line_no, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        obsolete = line.startswith("#~")
        if line.startswith("#") and not obsolete:
            continue
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|") or not line:
                continue
        keyword = _KEYWORD_RE.match(line)
        if keyword:
            word = keyword.group(1)
            base = "msgstr" if word.startswith("msgstr") else word
            if base == "msgctxt":
                if active_state in ("msgctxt", "msgid", "msgid_plural"):
                    fail(line_no, "msgctxt inside an unfinished entry")
                entry_line = line_no
            elif base == "msgid":
                if active_state in ("msgid", "msgid_plural"):
                    fail(line_no, "msgid without msgstr before it")
                if active_state != "msgctxt":
                    entry_line = line_no
            elif base == "msgid_plural":
                if active_state != "msgid":
                    fail(line_no, "msgid_plural without msgid")
            elif base == "msgstr":
                if active_state not in ("msgid", "msgid_plural", "msgstr"):
                    fail(line_no, "msgstr without msgid")
            active_state = base
            state = base
            continue
        if _CONT_RE.match(line):
            if active_state == "start":
                fail(line_no, "string outside an entry")
            continue
        if line.startswith(('"', "msg")):
            fail(line_no, "unterminated or badly quoted string")
        fail(line_no, f"unexpected text {line[:30]!r}")
    if active_state in ("msgctxt", "msgid", "msgid_plural"):
        fail(entry_line, "entry cut off before its msgstr (truncated file?)")
    del state


#: Header charsets read as UTF-8: UTF-8 itself, its ASCII subset, and
#: xgettext's ``CHARSET`` placeholder of a fresh template.
_UTF8_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "charset"})
_CHARSET_RE = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


def file_stamp(path: Path) -> FileStamp | None:
    """The file's current :class:`FileStamp`, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror})") from exc
    data = read_input(path, what="PO file", error=CatalogError)
    return FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _check_charset(header: Mapping[str, str], path: Path) -> None:
    """Refuse a PO whose header declares another charset than UTF-8 (mtpipe would mislabel its output)."""
    match = _CHARSET_RE.search(header.get("Content-Type", ""))
    if match and match.group(1).lower() not in _UTF8_CHARSETS:
        raise CatalogError(
            f"{path}: the PO header declares charset {match.group(1)}; mtpipe reads and writes UTF-8 only",
            hint=f"convert it first (msgconv --to-code=UTF-8 {path} -o {path}); nothing was written",
        )


def _read_with_polib(text: str, path: Path) -> tuple[str, dict[str, str], list[tuple[Entry, int]]]:
    """What :func:`pipeline.catalog.po_reader.parse_po` gives, read by polib (for the files that reader leaves to it)."""
    import polib

    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f":{match.group(1)}" if match else ""
        raise CatalogError(f"{path}{where}: malformed PO file: {exc}") from exc
    return po.header or "", dict(po.metadata), [(entry_from_parsed(e), e.linenum) for e in po]


def load_catalog(path: Path) -> Catalog:
    """Read and validate a PO/POT file; :class:`CatalogError` names the bad line.

    Refused: malformed syntax, a header charset other than UTF-8, an entry
    repeated with the same msgctxt and msgid, and two entries sharing one
    msgctxt with different msgids (the id would publish one sentence in the
    other's place). The result's :attr:`Catalog.stamp` records the file as read.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise CatalogError(f"{path}: no such PO file", hint="check the path")
    data = read_input(path, what="PO file", error=CatalogError)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror})") from exc
    stamp = FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())
    text = decode_utf8(
        data, name=str(path), error=CatalogError, what="malformed PO file: ", hint="restore the file from a backup; nothing was written"
    )
    validate_po_text(text, str(path))
    with gc_paused():
        try:
            header_comment, header, items, layout = parse_po_layout(text)
        except Unusual:
            header_comment, header, items = _read_with_polib(text, path)
            layout = Layout(width=detect_width(text), ending="\n" if not text.endswith("\n\n") else "\n\n")
    _check_charset(header, path)
    seen: dict[tuple[str, str], int] = {}
    by_context: dict[str, tuple[str, int]] = {}
    entries = []
    for entry, line in items:
        if entry.key in seen and not entry.obsolete:
            raise CatalogError(
                f"{path}:{line}: malformed PO file: duplicate entry {entry.msgctxt!r} (first at line {seen[entry.key]})",
                hint="remove one of the duplicates",
            )
        if not entry.obsolete:
            seen[entry.key] = line
            if entry.msgctxt:
                first = by_context.get(entry.msgctxt)
                if first is not None and first[0] != entry.msgid:
                    raise CatalogError(
                        f"{path}:{line}: malformed PO file: msgctxt {entry.msgctxt!r} is also used at line {first[1]} "
                        "for another msgid",
                        hint="give one of the two entries another msgctxt, or remove it; nothing was written",
                    )
                by_context.setdefault(entry.msgctxt, (entry.msgid, line))
        entries.append(entry)
    return Catalog(
        language=header.get("Language", ""),
        header=header,
        entries=entries,
        header_comment=header_comment,
        path=path,
        stamp=stamp,
        layout=layout,
        lines=seen,
    )


# -- writing -----------------------------------------------------------------


def dumps_catalog(catalog: Catalog, *, width: int | None = None) -> str:
    """The catalog as PO text, laid out as the file it was read from (:attr:`Catalog.layout`).

    A new catalog is written without line wrapping (diffs stay one line per
    change), byte for byte as polib writes at wrap width 0. A catalog read
    from a file keeps that file's wrapping: its unchanged entries are written
    as they were read, the others wrapped as the file is. *width* asks for
    another wrapping (0: none; see :func:`pipeline.catalog.po_writer.format_po`).
    """
    with gc_paused():
        return format_po(catalog.header_comment, catalog.header, catalog.entries, layout=catalog.layout, width=width)


def write_catalog(path: Path, catalog: Catalog, *, width: int | None = None) -> bool:
    """Write *catalog* atomically; a file that already holds exactly this text is left alone.

    Returns whether the file was written (a re-run that changes nothing
    touches no byte and no modification time). *width*: as :func:`dumps_catalog`.
    """
    text = dumps_catalog(catalog, width=width)
    path = Path(path)
    try:
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            return False
    except OSError:
        pass
    atomic_write_text(path, text)
    return True

