"""PO text written without polib's objects: :func:`format_po`, unwrapped as polib or wrapped as GNU gettext (:func:`detect_width` finds a file's width).

polib builds a ``POEntry`` per message and re-examines every field when it
writes, which made writing and reading a 30 000-entry catalog take seconds.
:func:`format_po` does the same work straight on :class:`Entry` values, and
:func:`pipeline.catalog.po_reader.parse_po` reads it back:

* :func:`format_po` gives exactly the text polib gives at wrap width 0 (what
  :func:`pipeline.catalog.pofile.dumps_catalog` has always written): the
  header comment, the header entry (polib's field order, then the others
  in natural order), active entries, then obsolete ones; a field with line
  ends is written as ``""`` plus one quoted line per source line, as
  ``str.splitlines`` cuts it.

Tests compare it with polib on generated catalogs (``tests/catalog/test_po_text.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import partial

from pipeline.catalog.model import Entry, Layout
from pipeline.catalog.notes import po_comment_lines, previous_source_line

__all__ = ["detect_width", "format_po"]


# -- writing -------------------------------------------------------------------

#: polib's header field order; the other fields follow in natural order.
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
_ESCAPED = re.compile(r'[\\\t\r\n\v\b\f"]')
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"'}
#: Characters ``str.splitlines`` ends a line at.
_LINE_ENDS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_DIGITS = re.compile(r"([0-9]+)")


def _escape(text: str) -> str:
    return _ESCAPED.sub(lambda m: _ESCAPES[m.group()], text) if _ESCAPED.search(text) else text


#: A character to escape or a line end: a value without one is written as it is.
_SPECIAL = re.compile(_ESCAPED.pattern[:-1] + _LINE_ENDS.pattern[1:])


def _field(out: list[str], prefix: str, keyword: str, value: str) -> None:
    """``keyword "value"``, or ``keyword ""`` and one quoted line per line of a multi-line value."""
    if not _SPECIAL.search(value):
        out.append(f'{prefix}{keyword} "{value}"')
        return
    if _LINE_ENDS.search(value):
        lines = value.splitlines(True)
        if len(lines) > 1:
            out.append(f'{prefix}{keyword} ""')
            out.extend(f'{prefix}"{_escape(line)}"' for line in lines)
            return
    out.append(f'{prefix}{keyword} "{_escape(value)}"')


# -- wrapping (as GNU gettext, Poedit and Weblate write long strings) ---------------

#: Closing and non-starting punctuation: no line starts with one.
_NO_START = frozenset("、。，．：；？！）」』】〕〉》”’ー…々ゝ〜,.;:?!)]}%/")
#: Punctuation a line may break after (not before a digit or a quotation mark), as GNU gettext breaks ``p4.`` / ``s1``.
_BREAK_AFTER = frozenset(".,;:/!?}|-")
#: Quotation marks: no break next to one.
_QUOTES = frozenset("\"'“”‘’«»")
#: Opening punctuation: no line ends with one.
_NO_END = frozenset("（「『【〔〈《“‘([{")


def _columns(char: str) -> int:
    """The columns a character takes in a terminal (East Asian wide and full-width take two), as GNU counts them."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _pieces(escaped: str) -> list[tuple[str, int]]:
    """*escaped* (one line of an escaped string) cut where a line may break, each piece with its columns.

    A break may follow a space, fall between two wide (CJK) characters or
    between a wide character and a letter, on either side of an em dash, or
    follow ``. , ; : / ! ? } | -`` (not before a digit or a quotation mark);
    never before closing punctuation or after opening punctuation (a small
    part of Unicode line breaking, UAX #14, which GNU gettext applies).
    """
    units: list[str] = []
    i = 0
    while i < len(escaped):
        step = 2 if escaped[i] == "\\" and i + 1 < len(escaped) else 1
        units.append(escaped[i : i + step])
        i += step
    pieces: list[tuple[str, int]] = []
    text, cols = "", 0
    for index, unit in enumerate(units):
        text += unit
        cols += 2 if len(unit) == 2 else _columns(unit)
        after = units[index + 1] if index + 1 < len(units) else None
        if after is None:
            break
        if _breaks(unit, after, units[index - 1] if index else ""):
            pieces.append((text, cols))
            text, cols = "", 0
    if text:
        pieces.append((text, cols))
    return pieces


def _breaks(before: str, after: str, earlier: str) -> bool:
    """May a line break fall between the units *before* and *after*?"""
    if len(after) == 2 or len(before) == 2:  # an escape (\", \\, \t) sticks to its neighbours
        return before == " " and after != " "
    if after == " ":
        return False
    if before == " ":
        return True
    if after in _NO_START or before in _NO_END:
        return False
    if (before == "—") != (after == "—"):  # an em dash breaks on either side, never inside ——
        return True
    if before in ")]" and after in "([":  # ``[a link]`` / ``(https://...)``
        return True
    if before in _BREAK_AFTER:
        return not (after.isdigit() or after in _QUOTES)
    wide_before, wide_after = _columns(before) == 2, _columns(after) == 2
    if wide_before or wide_after:
        return (wide_before or before.isalnum()) and (wide_after or after.isalnum())
    return False


def _wrapped_field(out: list[str], prefix: str, keyword: str, value: str, width: int) -> None:
    """``keyword "value"`` as GNU gettext writes it at *width* columns: a value too long for one line,
    or with a line end inside, starts with ``keyword ""`` and goes on in lines of at most *width* columns."""
    escaped = _escape(value) if _SPECIAL.search(value) else value
    lines = escaped.split("\\n")
    lines = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines:
        lines = [""]
    first = f'{prefix}{keyword} "{escaped}"'
    # A string that fits, or that cannot be broken anywhere, stays on its keyword's line.
    if len(lines) == 1 and (sum(_columns(c) for c in first) <= width or len(_pieces(lines[0])) == 1):
        out.append(first)
        return
    out.append(f'{prefix}{keyword} ""')
    room = max(1, width - sum(_columns(c) for c in prefix) - 2)
    for line in lines:
        current, used = "", 0
        for piece, cols in _pieces(line):
            if current and used + cols > room:
                out.append(f'{prefix}"{current}"')
                current, used = "", 0
            current += piece
            used += cols
        out.append(f'{prefix}"{current}"')


def _natural_key(name: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(name)]


def _header_msgstr(header: Mapping[str, str]) -> str:
    rest = dict(header)
    fields = [(name, rest.pop(name)) for name in _HEADER_ORDER if name in rest]
    fields += [(name, rest[name]) for name in sorted(rest, key=_natural_key)]
    return "\n".join(f"{name}: {value}" for name, value in fields) + "\n" if fields else ""


_Field = Callable[[list[str], str, str, str], None]


def _entry_lines(out: list[str], e: Entry, field: _Field = _field) -> None:
    for line in e.comment.split("\n") if e.comment else ():
        out.append(f"# {line}")
    if not e.obsolete:
        mine, extracted = po_comment_lines(e.notes) if e.notes else ([], [])
        if e.previous_msgid is not None and e.fuzzy:
            mine.append(previous_source_line(e.previous_msgid))  # kept where ``msgmerge`` drops ``#|``
        out.extend(f"# {line}" for line in mine)
        out.extend(f"#. {line}" for line in extracted)
    if not e.obsolete:
        if e.references:
            out.append("#: " + " ".join(f"{path}:{line}" if line else path for path, line in e.references))
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    prefix = "#~ " if e.obsolete else ""
    if not e.obsolete:
        # polib cannot read back ``#~|`` lines: an obsolete entry keeps no previous msgid.
        if e.previous_msgctxt is not None:
            field(out, "#| ", "msgctxt", e.previous_msgctxt)
        if e.previous_msgid is not None:
            field(out, "#| ", "msgid", e.previous_msgid)
    if e.msgctxt:
        field(out, prefix, "msgctxt", e.msgctxt)
    field(out, prefix, "msgid", e.msgid)
    if e.msgid_plural:
        field(out, prefix, "msgid_plural", e.msgid_plural)
    if e.msgstr_plural:
        for index, text in sorted(dict(e.msgstr_plural).items()):
            field(out, prefix, f"msgstr[{index}]", text)
    else:
        field(out, prefix, "msgstr", e.msgstr)
    out.append("")


def format_po(
    header_comment: str,
    header: Mapping[str, str],
    entries: Iterable[Entry],
    *,
    layout: Layout | None = None,
    width: int | None = None,
) -> str:
    """PO text of a catalog.

    Without *layout* and *width*: byte for byte what polib writes at wrap
    width 0 (plus one closing blank line), as mtpipe always wrote. With the
    *layout* of the file as read, each entry (and the header) that did not
    change is written as it was read, and the others are wrapped as the file
    was (:func:`detect_width`). *width* asks for another wrapping (0: none, as
    polib writes): what is not already written that way is written anew.
    """
    wrap = width if width is not None else layout.width if layout is not None else 0
    field: _Field = _field if wrap == 0 else partial(_wrapped_field, width=wrap)  # type: ignore[assignment]

    def kept(text: str | None, fresh: list[str]) -> bool:
        """May *text* (as read) stand for the *fresh* lines?"""
        return text is not None and (width is None or text == "\n".join(fresh[:-1]))

    out: list[str] = []
    lines: list[str] = []
    for line in header_comment.split("\n"):
        lines.append("#" if not line else f"#{line}" if line[0] in ",:" else f"# {line}")
    lines.append('msgid ""')
    field(lines, "", "msgstr", _header_msgstr(header))
    lines.append("")  # each entry's lines end with an empty one: entries are separated by a blank line
    same_header = layout is not None and layout.header == header and layout.header_comment == header_comment
    if layout is not None and same_header and layout.header_text is not None and kept(layout.header_text, lines):
        out.extend((layout.header_text, ""))
    else:
        out.extend(lines)
    raw = layout.entries if layout is not None else {}
    entries = list(entries)
    for obsolete in (False, True):
        for e in entries:
            if e.obsolete is obsolete:
                text = raw.get(e)
                if text is not None and width is None:
                    out.extend((text, ""))
                    continue
                lines = []
                _entry_lines(lines, e, field)
                if text is not None and kept(text, lines):
                    out.extend((text, ""))
                else:
                    out.extend(lines)
    return "\n".join(out).rstrip("\n") + (layout.ending if layout is not None else "\n\n")


# -- a file's wrapping ----------------------------------------------------------

#: The start of a string line that continues the line before it.
_CONTINUATION = re.compile(r'\n[ \t]*(?:#[~|] )?"')
#: A keyword line whose string is empty: ``msgid ""``.
_EMPTY_KEYWORD = re.compile(r'^[ \t]*(?:#[~|] )?msg[a-z_]+(?:\[\d+\])?[ \t]+""$')


def _wrapped_somewhere(text: str) -> bool:
    """Is some string of PO *text* wrapped?

    A string is wrapped where a string line that does not end with ``\\n``
    goes on in the next line, or where a keyword with ``""`` is followed by
    one string line without ``\\n`` (a string too long for its keyword's line).
    """
    for found in _CONTINUATION.finditer(text):
        start = text.rfind("\n", 0, found.start()) + 1
        before = text[start : found.start()].rstrip()
        if not before.endswith('"'):
            continue
        if _EMPTY_KEYWORD.match(before):
            end = text.find("\n", found.end())
            line = text[found.start() + 1 : end if end >= 0 else len(text)].rstrip()
            if not line.endswith('\\n"') and (end < 0 or not _CONTINUATION.match(text, end)):
                return True
        elif not before.endswith('\\n"'):
            return True
    return False


#: Widths the common tools wrap at: gettext's --width=76 habit, Translate Toolkit (Weblate) 77, GNU and Poedit 79, Lokalize 80.
_COMMON_WIDTHS = (76, 77, 79, 80)


def detect_width(text: str) -> int:
    """The columns the strings of PO *text* were wrapped at, or 0 when none is wrapped.

    A wrapped file shows its width only as an upper bound on its lines: the
    longest string line, rounded up to the nearest common width (76, 77,
    79, 80) when it is at most 6 columns short of one.
    """
    if not _wrapped_somewhere(text):
        return 0
    longest = max(
        (sum(_columns(c) for c in line) for line in text.split("\n") if '"' in line and not line.startswith(("# ", "#.", "#:", "#,"))),
        default=0,
    )
    return next((w for w in _COMMON_WIDTHS if longest <= w), longest) if longest >= _COMMON_WIDTHS[0] - 6 else longest
