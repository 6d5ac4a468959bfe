"""PO text read without polib's objects: :func:`parse_po` reads it as polib would, or gives up (:class:`Unusual`).

polib builds a ``POEntry`` per message, which made reading a 30 000-entry
catalog take seconds. :func:`parse_po` does the same work straight into
:class:`Entry` values:

* :func:`parse_po` reads the lines such files hold (and GNU gettext's
  wrapped strings) the way polib's state machine reads them. A line of any
  other shape, or a header it would have to guess at, makes it give up
  (:class:`Unusual`): the caller then reads the file with polib, so every
  file reads as it always has.

Tests compare it with polib on generated catalogs (``tests/catalog/test_po_text.py``).
"""

from __future__ import annotations

import re

from pipeline.catalog.model import Entry, Layout
from pipeline.catalog.notes import notes_from_po, parse_note, split_previous_source
from pipeline.catalog.po_writer import detect_width

__all__ = ["Unusual", "parse_po", "parse_po_layout"]


# -- reading -------------------------------------------------------------------


class Unusual(Exception):
    """A line or header :func:`parse_po` does not read the way polib would for sure: read it with polib."""


_UNESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}
#: A keyword line (after an optional ``#~ `` or ``#| ``): keyword, one space, one quoted string.
_KEYWORD = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr|msgstr\[[0-9]\]) ("[^"\\]*(?:\\.[^"\\]*)*")\Z')
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"\Z')
#: Characters other than ``\n`` at which polib (``str.splitlines``) would cut a line, and a BOM.
_ODD = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\ufeff]")
_STATE = {"msgctxt": "ct", "msgid": "mi", "msgid_plural": "mp", "msgstr": "ms"}
#: A keyword with the one space before its string → polib's symbol.
_KEYWORDS = {**{f"{word} ": sym for word, sym in _STATE.items()}, **{f"msgstr[{n}] ": "mx" for n in range(10)}}
_PREVIOUS = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}
#: polib's transitions: symbol → the states it may follow.
_ALL = frozenset({"st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"})
_FROM = {
    "gc": _ALL,
    "oc": _ALL,
    "fl": _ALL,
    "pc": _ALL,
    "pm": _ALL,
    "pp": _ALL,
    "tc": _ALL - {"ct"},
    "ct": frozenset({"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mi": frozenset({"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"}),
    "mp": frozenset({"tc", "gc", "pc", "pm", "pp", "mi"}),
    "ms": frozenset({"mi", "mp", "tc"}),
    "mx": frozenset({"mi", "mx", "mp", "tc"}),
    "mc": frozenset({"ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"}),
}
#: Symbols that start a new entry when the current one has its msgstr.
_STARTS = frozenset({"tc", "gc", "oc", "fl", "pc", "pm", "pp", "ct", "mi"})


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], text) if "\\" in text else text


class _Draft:
    """An entry being read (polib's ``POEntry`` fields that :class:`Entry` keeps)."""

    __slots__ = ("msgctxt", "msgid", "msgstr", "flags", "comment", "tcomment", "occurrences", "previous_msgid",
                 "previous_msgctxt", "obsolete", "msgid_plural", "msgstr_plural", "linenum", "end")  # fmt: skip

    def __init__(self, linenum: int) -> None:
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgstr = ""
        self.flags: list[str] = []
        self.comment = ""
        self.tcomment = ""
        self.occurrences: list[tuple[str, str]] = []
        self.previous_msgid: str | None = None
        self.previous_msgctxt: str | None = None
        self.obsolete = False
        self.msgid_plural = ""
        self.msgstr_plural: dict[int, str] = {}
        self.linenum = linenum
        self.end = 0  #: where its last keyword or string line ends in the text

    def entry(self) -> Entry:
        return entry_from_parsed(self)


def entry_from_parsed(e) -> Entry:  # noqa: ANN001 - a _Draft or a polib.POEntry: the same field names
    """The :class:`Entry` of an entry as read, by this reader or by polib (whose ``POEntry`` fields it mirrors)."""
    notes, comment = notes_from_po(e.comment or "", e.tcomment or "") if e.comment or e.tcomment else ((), "")
    previous_msgid = e.previous_msgid or None
    kept_previous, comment = split_previous_source(comment)
    if previous_msgid is None and "fuzzy" in e.flags and not e.obsolete:
        previous_msgid = kept_previous  # a tool dropped the ``#|`` lines; the ``# mt:`` copy survived
    return Entry(
        msgctxt=e.msgctxt or "",
        msgid=e.msgid,
        msgstr=e.msgstr,
        flags=tuple(e.flags),
        notes=notes,
        comment=comment,
        references=tuple((str(f), str(l)) for f, l in e.occurrences),
        previous_msgid=previous_msgid,
        previous_msgctxt=e.previous_msgctxt or None,
        obsolete=bool(e.obsolete),
        msgid_plural=e.msgid_plural or "",
        msgstr_plural=tuple(sorted((int(n), str(t)) for n, t in (e.msgstr_plural or {}).items())),
    )


def parse_po(text: str) -> tuple[str, dict[str, str], list[tuple[Entry, int]]]:
    """The header comment, header fields and ``(entry, line number)`` items of PO *text*, as polib reads them.

    The text must have passed :func:`pipeline.catalog.pofile.validate_po_text`.
    Raises :class:`Unusual` for anything this reader does not know polib's
    reading of for sure (the caller reads the file with polib then).
    """
    header_comment, header, items, _ = parse_po_layout(text)
    return header_comment, header, items


def parse_po_layout(text: str) -> tuple[str, dict[str, str], list[tuple[Entry, int]], Layout]:
    """:func:`parse_po`, and the file's :class:`Layout`: its wrapping and each entry's text as read."""
    if _ODD.search(text):
        raise Unusual("a line end other than \\n, or a byte-order mark")
    header_comment = ""
    drafts: list[_Draft] = []
    current = _Draft(0)
    state = "st"
    plural = 0  # the index of the last msgstr[N] (a continuation line in state mx extends it)
    last_comment = False  # the last non-blank line was a comment
    pos, number, size = 0, 0, len(text)
    while pos < size:
        if state in _ENTRY_STATES and text[pos] in "#m":
            # A whole entry in the shape mtpipe writes, read at once (what the lines below would do).
            whole = _ENTRY.match(text, pos)
            # (``# `` lines before any entry are the header comment: read line by line.)
            if whole is not None and _plain(whole) and not (whole.group("mine") and state in ("st", "he")):
                if state in ("ms", "mx"):
                    drafts.append(current)
                    current = _Draft(number + 1)
                _take_entry(current, whole)
                current.end = whole.end()
                state, last_comment = "ms", False
                number += whole.group().count("\n")
                pos = whole.end()
                continue
        end = text.find("\n", pos)
        if end < 0:
            end = size
        raw, pos = text[pos:end], end + 1
        number += 1
        line = raw.strip()
        if not line:
            continue
        obsolete = False
        if line[0] == "#":
            if line.startswith("#~"):
                if line.startswith("#~|") and (len(line) == 3 or line[3] in " \t"):
                    last_comment = True
                    continue  # polib skips previous fields of obsolete entries
                if not line.startswith("#~ ") or line[3:4].isspace():
                    raise Unusual(line)
                line = line[3:]
                obsolete = True
            else:
                last_comment = True
                symbol, rest = line[:2], line[3:]
                if symbol in ("#.", "#:", "#,", "#|") and line[2:3] != " ":
                    if len(line) == 2:
                        if symbol == "#|":
                            raise Unusual(line)
                        continue  # polib skips an empty #. #: #, line
                    raise Unusual(line)
                if symbol == "#.":
                    sym = "gc"
                elif symbol == "#:":
                    sym = "oc"
                elif symbol == "#,":
                    sym = "fl"
                elif symbol == "#|":
                    keyword = _KEYWORD.match(rest)
                    if keyword is not None and keyword.group(1) in _PREVIOUS:
                        sym, rest = _PREVIOUS[keyword.group(1)], keyword.group(2)
                    elif _STRING.match(rest):
                        sym = "mc"
                    else:
                        raise Unusual(line)
                elif line == "#" or line.startswith("# ") or line.startswith("##"):
                    sym = "tc"
                else:
                    raise Unusual(line)
                if state not in _FROM[sym]:
                    raise Unusual(line)
                if sym in _STARTS and state in ("ms", "mx"):
                    drafts.append(current)
                    current = _Draft(number)
                if sym == "tc" and state in ("st", "he"):
                    header_comment = f"{header_comment}\n{line[2:]}" if header_comment else line[2:]
                    state = "he"
                    continue
                if sym == "tc":
                    comment = line.lstrip("#")
                    comment = comment[1:] if comment.startswith(" ") else comment
                    current.tcomment = f"{current.tcomment}\n{comment}" if current.tcomment else comment
                elif sym == "gc":
                    current.comment = f"{current.comment}\n{line[3:]}" if current.comment else line[3:]
                elif sym == "oc":
                    for occurrence in line[3:].split():
                        path, colon, at = occurrence.rpartition(":")
                        current.occurrences.append((path, at) if colon and at.isdigit() else (occurrence, ""))
                elif sym == "fl":
                    current.flags += [flag.strip() for flag in line[3:].split(",")]
                elif sym == "mc":
                    _extend(current, state, _unescape(rest[1:-1]), plural)
                    continue
                else:  # a previous msgctxt, msgid or msgid_plural
                    value = _unescape(rest[1:-1])
                    if sym == "pm":
                        current.previous_msgid = value
                    elif sym == "pc":
                        current.previous_msgctxt = value
                state = sym
                continue
        last_comment = False
        # The validation made this line a keyword and a quoted string, or a quoted string.
        if line[0] == '"':
            if state not in _FROM["mc"]:
                raise Unusual(line)
            _extend(current, state, _unescape(line[1:-1]), plural)
            current.end = pos
            continue
        quote = line.find('"')
        word = line[:quote]
        sym = _KEYWORDS.get(word, "")
        if not sym or state not in _FROM[sym]:
            raise Unusual(line)
        value = _unescape(line[quote + 1 : -1])
        if sym in _STARTS and state in ("ms", "mx"):
            drafts.append(current)
            current = _Draft(number)
        if sym == "ct":
            current.msgctxt = value
        elif sym == "mi":
            current.obsolete = obsolete
            current.msgid = value
        elif sym == "mp":
            current.msgid_plural = value
        elif sym == "ms":
            current.msgstr = value
        else:
            plural = int(word[7])  # polib reads one digit
            current.msgstr_plural[plural] = value
        current.end = pos
        state = sym
    if state != "st" and not last_comment:
        drafts.append(current)
    ends = [0] + [d.end for d in drafts]
    chunks = {id(d): _chunk(text, start, end) for d, start, end in zip(drafts, ends, ends[1:])}
    header_entries = [d for d in drafts if d.msgid == ""]
    if len(header_entries) > 1 or (header_entries and (header_entries[0].obsolete or header_entries[0].msgctxt is not None)):
        raise Unusual("more than one header entry, or an odd one")
    header: dict[str, str] = {}
    if header_entries:
        drafts.remove(header_entries[0])
        key = None
        for line in header_entries[0].msgstr.splitlines():
            name, colon, value = line.partition(":")
            if colon:
                key = name
                header[key] = value.strip()
            elif key is not None:
                header[key] += "\n" + line.strip()
    items = [(d.entry(), d.linenum) for d in drafts]
    header_text = None
    if header_entries and ends[1] == header_entries[0].end:  # the header comes first
        header_text = _chunk(text, 0, header_entries[0].end)
    layout = Layout(
        width=detect_width(text),
        # An entry whose per-PO notes sit in ``#.`` lines (an older layout) is written anew.
        entries={entry: chunks[id(d)] for d, (entry, _) in zip(drafts, items) if not (d.comment and _moves_notes(d.comment))},
        header_text=header_text,
        header_comment=header_comment,
        header=dict(header),
        ending=text[len(text.rstrip()) :] or "\n",
    )
    return header_comment, header, items, layout


def _moves_notes(extracted: str) -> bool:
    """Do these ``#.`` lines hold a note the writer puts in a ``# mt:`` line?"""
    return any(parse_note(line).per_po for line in extracted.split("\n"))


def _chunk(text: str, start: int, end: int) -> str:
    """The lines of ``text[start:end]`` from the first with text to the last (without its line end)."""
    return _LEADING_BLANKS.sub("", text[start:end]).rstrip(" \t\n")


_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\n)+")


#: States at which a whole entry may follow (the previous one has its msgstr, or only comments are read).
_ENTRY_STATES = frozenset({"st", "he", "ms", "mx", "tc"})
_QUOTED = r'[^"\\\n]*(?:\\.[^"\\\n]*)*'
#: An entry as mtpipe writes it: ``# mt:`` notes, ``#.`` notes, one references line, one flags line, msgctxt, msgid, msgstr.
_ENTRY = re.compile(
    rf"""(?P<mine>(?:\#\ mt:\ [^\n]*\n)*)
    (?P<notes>(?:\#\.\ [^\n]*\n)*)
    (?:\#:\ (?P<refs>[^\n]*)\n)?
    (?:\#,\ (?P<flags>[^\n]*)\n)?
    (?:msgctxt\ "(?P<msgctxt>{_QUOTED})"\n)?
    msgid\ "(?P<msgid>{_QUOTED})"\n
    msgstr\ "(?P<msgstr>{_QUOTED})"(?:\n|\Z)""",
    re.VERBOSE,
)


def _plain(m: re.Match[str]) -> bool:
    """Comment lines polib reads as matched: no note ends in whitespace, no flags or references line is blank (polib strips lines)."""
    mine, notes, flags, refs = m.group("mine"), m.group("notes"), m.group("flags"), m.group("refs")
    if (flags is not None and not flags.strip()) or (refs is not None and not refs.strip()):
        return False  # polib skips a blank flags or references line: its entry starts below it
    return all(not lines or all(not line[-1].isspace() for line in lines.split("\n")[:-1]) for lines in (mine, notes))


def _take_entry(draft: _Draft, m: re.Match[str]) -> None:
    """Fill *draft* from an :data:`_ENTRY` match, as the line-by-line reading would."""
    mine, notes, refs, flags, msgctxt, msgid, msgstr = m.groups()
    if mine:
        found = "\n".join(line[2:] for line in mine.split("\n")[:-1])
        draft.tcomment = f"{draft.tcomment}\n{found}" if draft.tcomment else found
    if notes:
        found = "\n".join(line[3:] for line in notes.split("\n")[:-1])
        draft.comment = f"{draft.comment}\n{found}" if draft.comment else found
    if refs:
        for occurrence in refs.split():
            path, colon, at = occurrence.rpartition(":")
            draft.occurrences.append((path, at) if colon and at.isdigit() else (occurrence, ""))
    if flags is not None:
        draft.flags += [flag.strip() for flag in flags.split(",")]
    if msgctxt is not None:
        draft.msgctxt = _unescape(msgctxt)
    draft.obsolete = False
    draft.msgid = _unescape(msgid)
    draft.msgstr = _unescape(msgstr)


def _extend(draft: _Draft, state: str, value: str, plural: int) -> None:
    """A continuation line: *value* extends the field the last keyword opened."""
    if state == "ct":
        draft.msgctxt = (draft.msgctxt or "") + value
    elif state == "mi":
        draft.msgid += value
    elif state == "mp":
        draft.msgid_plural += value
    elif state == "ms":
        draft.msgstr += value
    elif state == "mx":
        draft.msgstr_plural[plural] += value
    elif state == "pm":
        draft.previous_msgid = (draft.previous_msgid or "") + value
    elif state == "pc":
        draft.previous_msgctxt = (draft.previous_msgctxt or "") + value
