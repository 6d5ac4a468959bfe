"""XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ, Phrase): export PO files, import the targets back.

Export writes one ``<file>`` per PO (``original`` is the PO's path) and one
``<trans-unit>`` per active entry, ``id`` and ``resname`` = the entry's
msgctxt; a plural entry is a ``<group restype="x-gettext-plurals">`` of one
trans-unit per form (``p1.s1[0]``, ``p1.s1[1]``), as Translate Toolkit
writes it. States map both ways:

============================  ===========================================
PO                            XLIFF ``<target>``
============================  ===========================================
reviewed (msgstr, not fuzzy)  ``state="translated"``, ``approved="yes"``
fuzzy (machine draft)         ``state="needs-review-translation"`` and
                              ``state-qualifier="mt-suggestion"``
                              (``tm-suggestion`` when reused,
                              ``fuzzy-match`` when the source changed)
untranslated                  no ``<target>``
============================  ===========================================

On import ``translated``, ``final`` and ``signed-off`` mean reviewed; every
``needs-*`` state and ``new`` mean fuzzy. Without a state, a Trados
confirmation (``sdl:conf`` of the unit's segments: Translated,
ApprovedTranslation, ApprovedSignOff) or a memoQ one (``mq:status``
ManuallyConfirmed, Reviewer1Confirmed, Reviewer2Confirmed, Proofread)
means reviewed, any other value fuzzy; then ``approved`` decides; with
none of these, an unchanged target keeps the entry's state and a changed
one becomes fuzzy. Extracted notes (glossary, kind) travel as ``<note
from="developer">``, the translator comment as ``<note
from="translator">``. Tools drop the ``from`` attribute, so mtpipe's own
notes are also recognised by their content (:func:`is_own_note`) and never
become the translator comment.

**The export record.** Each unit carries what it was exported from: the
entry's state and the SHA-256 of its msgstr (every plural form) and of its
translator comment, as ``<context-group purpose="information"><context
context-type="x-mtpipe-base">reviewed sha256:… sha256:…</context></context-group>``
(unnamed: a group's ``name`` must be unique in the file).
A context group is standard XLIFF 1.2 (strict schema), shown by CAT tools
as read-only information, and kept by the tools that write the original
file back with its targets (Okapi/OmegaT, Trados, memoQ, Translate
Toolkit); an attribute of our own namespace is the first thing such tools
drop. Import applies a target only where the PO still holds that record.
When a reviewer changed the entry since the export, a target the CAT tool
left as exported is ignored (a stale file never reverts a fix), and one it
changed is a conflict: the PO keeps the reviewer's text and the CAT target
becomes a suggestion: a line of the
translator comment (``#``), which Poedit, Lokalize and Weblate show beside
the entry and which ``msgmerge`` keeps (``#|`` is recomputed by msgmerge,
and holds a previous *source*, not a translation). A unit without the
record (a tool dropped it) never replaces a reviewed translation.

The entry's ``#:`` references travel as ``<context-group
purpose="location">`` (source file and line, read by Translate Toolkit as
its ``po2xliff`` locations), its ``#|`` previous source as a developer note
``previous source: …``.

Inline codes: Markdown inline markup (emphasis marks, link syntax, code
spans, inline HTML), an HTML article's tags and character references, and
characters XML cannot carry (form feed, escape)
travel as ``<ph>`` codes. A CAT tool may send them back as ``<ph>``,
``<x/>``, ``<g>``, ``<bx/>``/``<ex/>`` or ``<bpt>``/``<ept>``, inside
segment ``<mrk>``: the source's codes are matched to the PO's markup in
order, and a target's codes become that markup again. A target that lost
or added a code stays fuzzy, with a warning and a translator-comment line.

Import never loses work: a reviewer's edit is never overwritten (above),
an empty or whitespace-only target never clears or replaces a msgstr, a
missing note never clears a comment, a unit whose English changed since
the export is kept as a fuzzy suggestion (or a comment line when the entry
has a translation), a unit given twice with different targets is applied
neither time, and the PO file is checked again right before it is replaced
(as ``translate`` does), so a reviewer's save during the import is merged,
not lost. A unit the PO does not have, a file for another language pair,
or XML that is not well-formed stops the import before any PO is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.catalog import Catalog, Entry, entry_state, file_stamp, load_catalog, write_catalog
from pipeline.catalog.notes import PREVIOUS_PREFIX, ConvertedNote, Note, PreviousSourceNote, parse_note
from pipeline.errors import CatalogError, InputError
from pipeline.fsutil import atomic_write_text, check_writable_file
from pipeline.interchange.codes import Finder, code_content, markup_finder
from pipeline.interchange.langtags import is_english, same_language
from pipeline.languages.variants import VARIANTS
from pipeline.fsutil import read_input
from pipeline.interchange.xmlsafe import IllegalXmlChar, XNode, parse_xml, xml_attr, xml_text

__all__ = [
    "Base",
    "ExportResult",
    "FileImport",
    "ImportResult",
    "Skipped",
    "base_of",
    "dumps_xliff",
    "export_xliff",
    "import_xliff",
    "is_own_note",
    "parse_base",
    "read_segment",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANG = "en"
#: Target states read as reviewed.
REVIEWED_STATES = frozenset({"translated", "final", "signed-off"})
#: Target states read as fuzzy.
FUZZY_STATES = frozenset(
    {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}
)
#: Trados ``sdl:conf`` values read as reviewed (Draft and the Rejected ones are fuzzy).
SDL_CONFIRMED = frozenset({"Translated", "ApprovedTranslation", "ApprovedSignOff"})
#: memoQ ``mq:status`` values read as reviewed (every other status is fuzzy).
MEMOQ_CONFIRMED = frozenset({"ManuallyConfirmed", "Confirmed", "Reviewer1Confirmed", "Reviewer2Confirmed", "Proofread"})
#: ``state-qualifier`` of each fuzzy kind of :func:`pipeline.catalog.state.entry_state`.
_QUALIFIERS = {"machine": "mt-suggestion", "reused": "tm-suggestion", "changed": "fuzzy-match"}
#: Notes from these authors are ours (extracted notes), not the translator's.
_OWN_NOTES = frozenset({"developer", "mtpipe"})
#: ``context-type`` of the export record.
BASE_CONTEXT = "x-mtpipe-base"
PLURALS_RESTYPE = "x-gettext-plurals"
#: First words of a translator-comment line that holds a CAT target not applied.
SUGGESTION_PREFIX = "CAT suggestion"
_HINT = "export the PO files again with `mtpipe export`; no PO file was changed"
#: The OpenCC conversion notes a Traditional PO's entries carry.
_CONVERTED_NOTES = frozenset(ConvertedNote(v.po_stem) for v in VARIANTS.values())
#: How often import reads a PO again that changed while it was being merged.
REMERGE_ATTEMPTS = 5


def bcp47(po_language: str) -> str:
    """``zh_Hans`` → ``zh-Hans`` (the PO's Language header as an XML language tag)."""
    return po_language.replace("_", "-")


# --------------------------------------------------------------------------- the export record


@dataclass(frozen=True)
class Base:
    """What a unit was exported from: the entry's state and digests of its msgstr and translator comment."""

    state: str
    text: str
    comment: str

    def __str__(self) -> str:
        return f"{self.state} sha256:{self.text} sha256:{self.comment}"


def _forms(entry: Entry) -> list[str]:
    """The entry's translations: ``[msgstr]``, or each ``msgstr[N]`` of a plural entry."""
    return [text for _, text in entry.msgstr_plural] if entry.plural else [entry.msgstr]


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def base_of(entry: Entry) -> Base:
    """The record :func:`export_xliff` writes for *entry* (and import compares with)."""
    return Base(entry_state(entry), _digest(_forms(entry)), _digest([entry.comment]))


def parse_base(text: str) -> Base | None:
    """The :class:`Base` of ``<state> sha256:<text> sha256:<comment>``; None for anything else."""
    words = text.split()
    if len(words) != 3 or not all(w.startswith("sha256:") for w in words[1:]):
        return None
    return Base(words[0], words[1][len("sha256:"):], words[2][len("sha256:"):])


def suggestion_line(*, xliff_name: str, why: str, target: str) -> str:
    """``CAT suggestion (a.xlf; the PO changed since the export): 译文``: a target not applied."""
    return f"{SUGGESTION_PREFIX} ({xliff_name}; {why}): {target}"


def is_own_note(text: str, entry: Entry) -> bool:
    """Whether an XLIFF note is one mtpipe wrote (an extracted note, the previous
    source, the export record), whatever its ``from`` says."""
    lines = [line for line in text.split("\n") if line]  # Translate Toolkit joins the notes of an entry
    return bool(lines) and all(_is_own_line(line, entry) for line in lines)


def _is_own_line(text: str, entry: Entry) -> bool:
    if text in entry.notes or text.startswith(PREVIOUS_PREFIX) or parse_base(text) is not None:
        return True
    if text in _CONVERTED_NOTES:
        return True
    return type(parse_note(text)) is not Note  # a note of one of mtpipe's kinds


# --------------------------------------------------------------------------- inline codes


def _render(text: str, spans: Sequence[tuple[int, int]], numbering: dict[str, list[int]], *, source: bool) -> str:
    """*text* as XLIFF content, each span a ``<ph>``. Source codes are numbered
    from 1 and recorded in *numbering* (code → ids); a target code takes the
    id of a source code with the same content, or a new one."""
    out: list[str] = []
    cursor = 0
    unused = {code: list(ids) for code, ids in numbering.items()}
    next_id = 1 + sum(len(ids) for ids in numbering.values())
    for start, end in spans:
        out.append(xml_text(text[cursor:start]))
        code = text[start:end]
        if not source and unused.get(code):
            number = unused[code].pop(0)
        else:
            number = next_id
            next_id += 1
            if source:
                numbering.setdefault(code, []).append(number)
        out.append(f'<ph id="{number}">{code_content(code)}</ph>')
        cursor = end
    out.append(xml_text(text[cursor:]))
    return "".join(out)


@dataclass(frozen=True)
class Code:
    """An inline code met in a segment: its key (id and role) and its content, if it has one."""

    key: str
    content: str | None


Piece = str | Code


def _pair_key(attrs: dict[str, str]) -> str:
    """What links a begin code to its end: ``rid`` when given (memoQ, Trados), else ``id``."""
    return "r" + attrs["rid"] if "rid" in attrs else attrs.get("id", "")


def _pieces(node: XNode) -> list[Piece]:
    """A ``<source>``/``<target>`` as text and codes, in order (``<mrk>`` and unknown elements read through).

    ``<ph>``, ``<it>``, ``<x/>``: one code (key = id); ``<bpt>``/``<ept>`` and
    ``<bx/>``/``<ex/>``: opening and closing codes linked by ``rid`` (or
    else ``id``); ``<g>``: an opening code, its content, a closing code.
    """
    out: list[Piece] = []
    for child in node.children:
        tag, attrs = child.tag, child.attrs
        if tag == "#text":
            out.append(child.text)
        elif tag in ("ph", "it", "x"):
            out.append(Code(attrs.get("id", ""), child.itertext() if tag != "x" else None))
        elif tag in ("bpt", "bx"):
            out.append(Code(_pair_key(attrs) + "<", child.itertext() if tag == "bpt" else None))
        elif tag in ("ept", "ex"):
            out.append(Code(_pair_key(attrs) + ">", child.itertext() if tag == "ept" else None))
        elif tag == "g":
            key = attrs.get("id", "")
            out += [Code(key + "<", None), *_pieces(child), Code(key + ">", None)]
        elif tag != "sub":
            out += _pieces(child)
    return out


def read_segment(node: XNode, codes: dict[str, str] | None = None) -> str:
    """The plain text of a ``<source>``/``<target>``: each code becomes its markup again,
    from *codes* (key → markup) or else the code's own content."""
    return read_from(_pieces(node), codes or {})


def _align(pieces: Sequence[Piece], text: str, find: Finder) -> dict[str, str] | None:
    """Match a source's codes to the PO text's inline markup: code key → markup;
    None when the source is not *text* (the English changed)."""
    spans = find(text)
    markup = [text[a:b] for a, b in spans]
    slots = [p for p in pieces if isinstance(p, Code)]
    if len(slots) == len(markup):
        mapping: dict[str, str] = {}
        for slot, code in zip(slots, markup):
            if mapping.setdefault(slot.key, code) != code:
                break
        else:
            if read_from(pieces, mapping) == text:
                return mapping
    # The codes' own content is the markup (mtpipe's <ph>), or codes the tool added
    mapping = {p.key: p.content or "" for p in slots}
    return mapping if read_from(pieces, mapping) == text else None


def read_from(pieces: Sequence[Piece], codes: dict[str, str]) -> str:
    return "".join(p if isinstance(p, str) else codes.get(p.key, p.content or "") for p in pieces)


# --------------------------------------------------------------------------- export


def _original(path: Path) -> str:
    """The PO path as ``original``: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _notes(entry: Entry, indent: str) -> list[str]:
    lines = [f'{indent}<note from="developer">{code_content(note)}</note>' for note in entry.notes]
    if entry.previous_msgid is not None:
        lines.append(f'{indent}<note from="developer">{code_content(PreviousSourceNote(entry.previous_msgid))}</note>')
    if entry.comment:
        lines.append(f'{indent}<note from="translator">{code_content(entry.comment)}</note>')
    return lines


def _record(entry: Entry, indent: str) -> str:
    """The export record, and the entry's ``#:`` references as Translate Toolkit writes them."""
    lines = [
        f'{indent}<context-group purpose="information">'
        f'<context context-type="{BASE_CONTEXT}">{base_of(entry)}</context></context-group>'
    ]
    for path, line in entry.references:
        number = f'<context context-type="linenumber">{code_content(line)}</context>' if line else ""
        lines.append(
            f'{indent}<context-group purpose="location">'
            f'<context context-type="sourcefile">{code_content(path)}</context>{number}</context-group>'
        )
    return "\n".join(lines)


def _target_attrs(state: str) -> str:
    if state == "reviewed":
        return 'state="translated"'
    return f'state="needs-review-translation" state-qualifier="{_QUALIFIERS.get(state, "mt-suggestion")}"'


def _unit(entry: Entry, find: Finder) -> str:
    state = entry_state(entry)
    approved = ' approved="yes"' if state == "reviewed" else ""
    ctx = xml_attr(entry.msgctxt)
    if entry.plural:
        return _plural_unit(entry, find, state, approved)
    ids: dict[str, list[int]] = {}
    source = _render(entry.msgid, find(entry.msgid), ids, source=True)
    lines = [f'      <trans-unit id={ctx} resname={ctx} xml:space="preserve"{approved}>']
    lines.append(f"        <source xml:lang={xml_attr(SOURCE_LANG)}>{source}</source>")
    if entry.msgstr:
        target = _render(entry.msgstr, find(entry.msgstr), ids, source=False)
        lines.append(f"        <target {_target_attrs(state)}>{target}</target>")
    lines.append(_record(entry, "        "))
    lines += _notes(entry, "        ")
    lines.append("      </trans-unit>")
    return "\n".join(lines)


def _plural_unit(entry: Entry, find: Finder, state: str, approved: str) -> str:
    ctx = xml_attr(entry.msgctxt)
    lines = [f'      <group id={ctx} resname={ctx} restype="{PLURALS_RESTYPE}"{approved}>']
    lines.append(_record(entry, "        "))
    lines += _notes(entry, "        ")
    translations = dict(entry.msgstr_plural)
    for n in range(max(2, len(translations))):
        ids: dict[str, list[int]] = {}
        text = entry.msgid if n == 0 else entry.msgid_plural
        unit_id = xml_attr(f"{entry.msgctxt}[{n}]")
        lines.append(f'        <trans-unit id={unit_id} resname={unit_id} xml:space="preserve"{approved}>')
        lines.append(f"          <source xml:lang={xml_attr(SOURCE_LANG)}>{_render(text, find(text), ids, source=True)}</source>")
        if translations.get(n):
            target = _render(translations[n], find(translations[n]), ids, source=False)
            lines.append(f"          <target {_target_attrs(state)}>{target}</target>")
        lines.append("        </trans-unit>")
    lines.append("      </group>")
    return "\n".join(lines)


def dumps_xliff(catalogs: Sequence[tuple[str, Catalog]]) -> str:
    """XLIFF 1.2 text for ``(original, catalog)`` pairs."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<xliff version="1.2" xmlns="{XLIFF_NS}">']
    for original, catalog in catalogs:
        find = markup_finder(catalog)
        out.append(
            f"  <file original={xml_attr(original)} source-language={xml_attr(SOURCE_LANG)} "
            f'target-language={xml_attr(bcp47(catalog.language))} datatype="po">'
        )
        out.append("    <header>")
        out.append(f'      <tool tool-id="mtpipe" tool-name="mtpipe" tool-version={xml_attr(__version__)}/>')
        out.append("    </header>")
        out.append("    <body>")
        out.extend(_unit(e, find) for e in catalog.active)
        out.append("    </body>")
        out.append("  </file>")
    out.append("</xliff>")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ExportResult:
    out: Path
    files: int
    units: int


def export_xliff(*, po_paths: Sequence[Path], out: Path) -> ExportResult:
    """Write the active entries of *po_paths* to *out* as XLIFF 1.2."""
    check_writable_file(out, what="--to")
    catalogs = []
    for path in po_paths:
        catalog = load_catalog(path)
        if not catalog.language:
            raise InputError(f"{path}: the PO file has no Language header", hint="give a translation (.po), not a template")
        catalogs.append((_original(path), catalog))
    try:
        text = dumps_xliff(catalogs)
    except IllegalXmlChar as exc:  # only names and paths are left: text became inline codes
        raise InputError(f"cannot export: {exc}", hint="rename the file so its path has no control characters") from None
    atomic_write_text(out, text)
    return ExportResult(out=Path(out), files=len(catalogs), units=sum(len(c.active) for _, c in catalogs))


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Skipped:
    """A unit reported: not applied (``conflict``: kept as a suggestion), or applied with a ``warning``."""

    line: int
    unit: str
    reason: str
    kind: str = "skipped"


@dataclass
class FileImport:
    po: Path
    updated: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def not_applied(self) -> int:
        return sum(s.kind != "warning" for s in self.skipped)

    @property
    def conflicts(self) -> int:
        """Units not applied because the PO changed (or the English did): kept as suggestions."""
        return sum(s.kind == "conflict" for s in self.skipped)


@dataclass
class ImportResult:
    xliff: Path
    files: list[FileImport] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return sum(len(f.updated) for f in self.files)

    @property
    def skipped(self) -> list[Skipped]:
        return [s for f in self.files for s in f.skipped]


@dataclass(frozen=True)
class UnitIn:
    """One unit as the XLIFF file has it (a plural group: one form per trans-unit)."""

    line: int
    id: str
    sources: tuple[tuple[Piece, ...], ...]
    targets: tuple[tuple[Piece, ...] | None, ...]
    reviewed: bool | None
    notes: tuple[tuple[str, str], ...]  #: (text, from)
    base: Base | None


def _fail(path: Path, line: int, what: str) -> InputError:
    return InputError(f"{path}:{line}: {what}", hint=_HINT)


def _find_po(xliff_path: Path, original: str, line: int) -> Path:
    candidate = Path(original)
    options = [candidate] if candidate.is_absolute() else [candidate, xliff_path.parent / candidate]
    for option in options:
        if option.is_file():
            return option
    raise _fail(xliff_path, line, f"the PO file {original!r} of this <file> does not exist")


def _confirmation(unit: XNode) -> bool | None:
    """Trados (``sdl:conf`` of every segment) or memoQ (``mq:status``) confirmation; None without one."""
    confs = [seg.attrs.get("conf", "") for seg in unit.iter("seg") if "conf" in seg.attrs]
    if confs:
        return all(conf in SDL_CONFIRMED for conf in confs)
    status = unit.attrs.get("mq:status")
    if status:
        return status in MEMOQ_CONFIRMED
    return None


def _reviewed_state(target: XNode, unit: XNode) -> bool | None:
    """True (reviewed), False (fuzzy) or None (the file does not say).

    The target's ``state`` decides, then a Trados or memoQ confirmation,
    then ``approved`` (a tool may leave a stale ``approved="yes"`` when it
    sends a unit back, so a state wins over it).
    """
    state = target.attrs.get("state", "")
    if state in REVIEWED_STATES:
        return True
    if state in FUZZY_STATES:
        return False
    confirmed = _confirmation(unit)
    if confirmed is not None:
        return confirmed
    approved = unit.attrs.get("approved")
    return True if approved == "yes" else False if approved == "no" else None


def _base_in(node: XNode) -> Base | None:
    for context in node.iter("context"):
        if context.attrs.get("context-type") == BASE_CONTEXT:
            return parse_base(context.itertext())
    for note in node.elements("note"):  # a tool that turned it into a note
        if (found := parse_base(note.itertext())) is not None:
            return found
    return None


def _notes_in(node: XNode) -> tuple[tuple[str, str], ...]:
    return tuple((n.itertext(), n.attrs.get("from", "")) for n in node.elements("note"))


def _read_unit(unit: XNode, path: Path) -> UnitIn:
    unit_id = unit.attrs.get("resname") or unit.attrs.get("id", "")
    source = unit.child("source")
    if source is None:
        raise _fail(path, unit.line, f"unit {unit_id!r} has no <source>")
    target = unit.child("target")
    return UnitIn(
        line=unit.line,
        id=unit_id,
        sources=(tuple(_pieces(source)),),
        targets=(tuple(_pieces(target)) if target is not None else None,),
        reviewed=_reviewed_state(target, unit) if target is not None else None,
        notes=_notes_in(unit),
        base=_base_in(unit),
    )


def _read_plural(group: XNode, path: Path) -> UnitIn:
    units = group.elements("trans-unit")
    group_id = group.attrs.get("resname") or group.attrs.get("id", "")
    if not units:
        raise _fail(path, group.line, f"plural group {group_id!r} has no <trans-unit>")
    forms = [_read_unit(u, path) for u in units]
    first = forms[0].id
    if first.endswith("[0]") or first.endswith("-0"):
        # Translate Toolkit names the forms p1.s1[0], p1.s1[1]; Okapi p1.s1-0, p1.s1-1 (its group id is its own)
        group_id = first[:-3] if first.endswith("[0]") else first[:-2]
    states = [f.reviewed for f in forms if f.targets[0] is not None]
    reviewed = None if not states or None in states else all(states)
    if reviewed is None and group.attrs.get("approved") in ("yes", "no"):
        reviewed = group.attrs["approved"] == "yes"
    return UnitIn(
        line=group.line,
        id=group_id,
        sources=tuple(f.sources[0] for f in forms),
        targets=tuple(f.targets[0] for f in forms),
        reviewed=reviewed,
        notes=_notes_in(group) + tuple(n for f in forms for n in f.notes),
        base=_base_in(group) or next((f.base for f in forms if f.base is not None), None),
    )


def _units_of(file_node: XNode, path: Path) -> list[UnitIn]:
    """The file's units in order: trans-units, and plural groups as one unit each."""
    out: list[UnitIn] = []
    stack = list(reversed(file_node.children))
    while stack:
        node = stack.pop()
        if node.tag == "group" and node.attrs.get("restype") == PLURALS_RESTYPE:
            out.append(_read_plural(node, path))
        elif node.tag == "trans-unit" and node.attrs.get("translate") != "no" and node.attrs.get("restype") != "x-gettext-domain-header":
            out.append(_read_unit(node, path))
        elif node.tag != "#text":
            stack.extend(reversed(node.children))
    return out


def _newlines_agree(source: str, target: str) -> str:
    """*target* with a leading and trailing newline as *source* has them (``msgfmt -c`` demands it)."""
    if source.endswith("\n") != target.endswith("\n"):
        target = target + "\n" if source.endswith("\n") else target.rstrip("\n")
    if source.startswith("\n") != target.startswith("\n"):
        target = "\n" + target if source.startswith("\n") else target.lstrip("\n")
    return target


def _entry_sources(entry: Entry) -> list[str]:
    return [entry.msgid, entry.msgid_plural] if entry.plural else [entry.msgid]


def _with_suggestion(entry: Entry, line: str) -> Entry:
    lines = entry.comment.split("\n") if entry.comment else []
    if line in lines:
        return entry
    return replace(entry, comment="\n".join([*lines, line]))


def _set_forms(entry: Entry, texts: Sequence[str]) -> Entry:
    if entry.plural:
        plural = dict(entry.msgstr_plural)
        plural.update(enumerate(texts))
        return replace(entry, msgstr_plural=tuple(sorted(plural.items())))
    return replace(entry, msgstr=texts[0])


def merge_unit(entry: Entry, unit: UnitIn, *, find: Finder, xliff_name: str) -> tuple[Entry, list[tuple[str, str]]]:
    """*entry* with what *unit* brings, and what to report (``(kind, reason)``).

    Pure: no file is read or written. Never replaces a translation the PO
    changed since the export, never clears one, never loses a CAT target
    (kept as a suggestion when not applied).
    """
    reports: list[tuple[str, str]] = []
    sources = _entry_sources(entry)
    if len(unit.sources) < len(sources) or (not entry.plural and len(unit.sources) != 1):
        return entry, [("skipped", "it is not the same kind of entry (plural or not) as in the PO; not applied")]
    mappings = [_align(pieces, text, find) for pieces, text in zip(unit.sources, sources)]
    forms = _forms(entry)
    targets: list[str | None] = []
    for n, target in enumerate(unit.targets[: len(forms) if entry.plural else 1]):
        mapping = mappings[min(n, len(mappings) - 1)] or {}
        targets.append(read_from(target, mapping) if target is not None else None)
    # The English changed since the export: the target is a suggestion only.
    if any(m is None for m in mappings):
        given = [t for t in targets if t and t.strip()]
        if not given:
            return entry, [("skipped", "its source no longer matches the PO (the article changed); no target to keep")]
        old_source = read_from(unit.sources[0], {})
        if not entry.has_translation and not entry.plural:
            kept = replace(
                entry,
                msgstr=_newlines_agree(entry.msgid, given[0]),
                flags=tuple(dict.fromkeys(["fuzzy", *(f for f in entry.flags if f != "mt")])),
                previous_msgid=old_source,
            )
            return kept, [("warning", "its source changed since the export; the target was kept as a fuzzy suggestion (previous source recorded)")]
        line = suggestion_line(xliff_name=xliff_name, why="its source changed since the export", target=given[0])
        return _with_suggestion(entry, line), [("conflict", "its source changed since the export; the target was added to the translator comment as a suggestion")]
    new_forms = list(forms)
    for n, text in enumerate(targets):
        if text is None or n >= len(new_forms):
            continue
        if not text.strip():
            if text and new_forms[n]:
                reports.append(("skipped", "a whitespace-only target never replaces a translation"))
            continue
        agreed = _newlines_agree(sources[min(n, len(sources) - 1)], text)
        if agreed != text:
            reports.append(("warning", "the target's leading/trailing newline did not match the source's; made to match (msgfmt -c)"))
        new_forms[n] = agreed
    reviewed = unit.reviewed
    text_changed = new_forms != forms
    codes_lost = False
    for target_pieces, codes, new, old in zip(unit.targets, mappings, new_forms, forms):
        if target_pieces is None or not codes or new == old:
            continue  # a target the CAT tool left as it was is never judged by its codes
        if {p.key for p in target_pieces if isinstance(p, Code)} != set(codes):
            codes_lost = True
    if codes_lost:
        reports.append(("warning", "the target lost or added an inline code; kept fuzzy for review"))
        reviewed = False
    notes = [text for text, author in unit.notes if author not in _OWN_NOTES and not is_own_note(text, entry)]
    comment = "\n".join(notes)
    comment_changed = bool(notes) and comment != entry.comment
    state_matters = any(t is not None and t.strip() for t in targets)
    if not (text_changed or comment_changed or state_matters):
        return entry, reports
    current = base_of(entry)
    base = unit.base
    text_ok = comment_ok = True
    if base is not None:
        text_ok = (base.state, base.text) == (current.state, current.text)
        comment_ok = base.comment == current.comment
        if not text_ok and text_changed and _digest(new_forms) != base.text:
            # The reviewer changed the entry since the export, and so did the CAT tool: theirs stays.
            suggested = next(t for t, old in zip(new_forms, forms) if t != old)
            line = suggestion_line(xliff_name=xliff_name, why="the PO changed since the export", target=suggested)
            reports.append(("conflict", "the PO entry changed since the export; kept the PO's text, the target was added to the translator comment as a suggestion"))
            return _with_suggestion(entry, line), reports
        if comment_changed and not comment_ok:
            reports.append(("warning", "the PO's translator comment changed since the export; the CAT tool's note was not applied"))
    elif entry.translated and text_changed:
        suggested = next(t for t, old in zip(new_forms, forms) if t != old)
        line = suggestion_line(xliff_name=xliff_name, why="no export record; the PO entry is reviewed", target=suggested)
        reports.append(("conflict", "the unit has no export record (the CAT tool dropped it) and the PO entry is reviewed; the target was added to the translator comment as a suggestion"))
        return _with_suggestion(entry, line), reports
    result = entry
    if state_matters and text_ok:
        flags = list(entry.flags)
        if text_changed:
            flags = [f for f in flags if f != "mt"]  # a person wrote it now
        if reviewed is None:
            reviewed = entry.translated if not text_changed else False
        if reviewed:
            flags = [f for f in flags if f != "fuzzy"]
        elif "fuzzy" not in flags:
            flags.insert(0, "fuzzy")
        result = replace(_set_forms(result, new_forms), flags=tuple(flags))
        if reviewed:
            result = replace(result, previous_msgid=None, previous_msgctxt=None)
    if comment_changed and comment_ok:
        result = replace(result, comment=comment)
    if codes_lost and state_matters and text_ok:
        result = _with_suggestion(result, f"{SUGGESTION_PREFIX} ({xliff_name}): the target lost or added an inline code; check its markup")
    return result, reports


@dataclass
class _Plan:
    """The units of the XLIFF file for one PO file."""

    po: Path
    units: list[UnitIn] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)


def _merge(plan: _Plan, catalog: Catalog, *, xliff: Path) -> tuple[Catalog, FileImport]:
    """*catalog* with the plan's units merged; :class:`InputError` for a unit it lacks."""
    find = markup_finder(catalog)
    by_id = {e.msgctxt: i for i, e in enumerate(catalog.entries) if not e.obsolete}
    entries = list(catalog.entries)
    report = FileImport(po=plan.po, skipped=list(plan.duplicates))
    for unit in plan.units:
        if unit.id not in by_id:
            raise _fail(xliff, unit.line, f"unit {unit.id!r} is not in {plan.po}")
        index = by_id[unit.id]
        merged, reports = merge_unit(entries[index], unit, find=find, xliff_name=xliff.name)
        report.skipped += [Skipped(unit.line, unit.id, reason, kind) for kind, reason in reports]
        if merged != entries[index]:
            entries[index] = merged
            report.updated.append(unit.id)
    if not report.updated:
        return catalog, report
    header = dict(catalog.header)
    header["PO-Revision-Date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    return replace(catalog, entries=entries, header=header), report


def _untouched(unit: UnitIn) -> bool:
    """The unit's targets are what was exported (its record says so)."""
    if unit.base is None:
        return False
    texts = [read_from(t, {}) if t is not None else "" for t in unit.targets]
    return _digest(texts) == unit.base.text


def _same_unit(a: UnitIn, b: UnitIn) -> bool:
    return (a.sources, a.targets, a.reviewed) == (b.sources, b.targets, b.reviewed)


def _plans(root: XNode, path: Path) -> tuple[dict[Path, _Plan], dict[Path, Catalog]]:
    """Each PO file's units (checked: languages, originals, duplicates) and the catalog as read."""
    plans: dict[Path, _Plan] = {}
    catalogs: dict[Path, Catalog] = {}
    seen: dict[tuple[Path, str], UnitIn] = {}
    refused: set[tuple[Path, str]] = set()
    for file_node in root.elements("file"):
        line = file_node.line
        source_lang = file_node.attrs.get("source-language", "")
        if not is_english(source_lang):
            raise _fail(path, line, f"source language {source_lang!r} is not English; this is another language pair")
        original = file_node.attrs.get("original", "")
        if not original:
            raise _fail(path, line, "<file> has no original attribute naming its PO file")
        po_path = _find_po(path, original, line)
        key = po_path.resolve()
        if key not in catalogs:
            catalogs[key] = load_catalog(po_path)
            plans[key] = _Plan(po=po_path)
        catalog = catalogs[key]
        target_lang = file_node.attrs.get("target-language", "")
        if target_lang and not same_language(target_lang, catalog.language):
            raise _fail(path, line, f"target language {target_lang!r} does not match {po_path} (Language: {catalog.language})")
        plan = plans[key]
        for unit in _units_of(file_node, path):
            ident = (key, unit.id)
            if ident in refused:
                continue
            first = seen.get(ident)
            if first is None:
                seen[ident] = unit
                plan.units.append(unit)
            elif _untouched(unit) and not _untouched(first):
                continue  # the other copy is the one the CAT tool changed
            elif _untouched(first) and not _untouched(unit):
                plan.units[plan.units.index(first)] = seen[ident] = unit
            elif not _same_unit(first, unit):
                plan.units.remove(first)
                refused.add(ident)
                plan.duplicates.append(
                    Skipped(unit.line, unit.id, f"the unit appears twice (lines {first.line} and {unit.line}) with different targets; neither was applied")
                )
    return plans, catalogs


def _write_checked(po_path: Path, plan: _Plan, catalog: Catalog, merged: Catalog, *, xliff: Path) -> tuple[Catalog, FileImport | None]:
    """Write *merged* unless the PO changed since *catalog* was read; then merge again
    from the file as it is now (up to :data:`REMERGE_ATTEMPTS` times), as ``translate`` does."""
    from pipeline.translate.writing import article_lock

    report: FileImport | None = None
    with article_lock(po_path.parent):
        for _attempt in range(REMERGE_ATTEMPTS):
            if catalog.stamp != file_stamp(po_path):
                # A reviewer saved the PO since it was read: merge into what is there now.
                catalog = load_catalog(po_path)
                merged, report = _merge(plan, catalog, xliff=xliff)
            if catalog.stamp == file_stamp(po_path):
                if merged is not catalog:
                    write_catalog(po_path, merged)
                return merged, report
    raise CatalogError(
        f"{po_path}: the PO file kept changing while mtpipe was importing into it",
        hint="save your edits, close the PO editor and run import again; this PO file was not written",
    )


def import_xliff(*, path: Path, dry_run: bool = False) -> ImportResult:
    """Merge the targets of XLIFF *path* into the PO files it was exported from.

    Every file and unit is checked before any PO is written; :class:`InputError`
    (naming the XLIFF file and line) for a unit the PO lacks, another language
    pair, a file that is not a regular file, or XML that is not well-formed.
    """
    path = Path(path)
    data = read_input(path, what="XLIFF file", hint="give the .xlf/.xliff file the CAT tool wrote")
    root = parse_xml(data, name=path, kind="XLIFF", error=InputError, hint="the file is damaged; export it from the CAT tool again")
    if root.tag != "xliff":
        raise _fail(path, root.line, f"not an XLIFF file (root element <{root.tag}>)")
    version = root.attrs.get("version", "")
    if not version.startswith("1."):
        raise _fail(path, root.line, f"XLIFF {version or '(no version)'} is not supported; export XLIFF 1.2 from the CAT tool")
    plans, catalogs = _plans(root, path)
    merged = {key: _merge(plan, catalogs[key], xliff=path) for key, plan in plans.items()}
    result = ImportResult(xliff=path)
    for key, plan in plans.items():
        new, report = merged[key]
        if not dry_run and report.updated:
            _, again = _write_checked(key, plan, catalogs[key], new, xliff=path)
            report = again or report
        result.files.append(report)
    return result
