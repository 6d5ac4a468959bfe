"""XLIFF import reading: the units of an XLIFF file, with their targets, states, notes and export record.

On import ``translated``, ``final`` and ``signed-off`` mean reviewed; every
``needs-*`` state and ``new`` mean fuzzy. Without a state, a Trados
confirmation (``sdl:conf`` of the unit's segments: Translated,
ApprovedTranslation, ApprovedSignOff) or a memoQ one (``mq:status``
ManuallyConfirmed, Reviewer1Confirmed, Reviewer2Confirmed, Proofread)
or a Phrase (Memsource) one (``m:confirmed`` 1 or more: confirmed at a
workflow level; 0: not) means reviewed, any other value fuzzy; then
``approved`` decides; with none of these, an unchanged target keeps the
entry's state and a changed one becomes fuzzy.

A Phrase segment that is locked (``m:locked="true"``) and not confirmed
says nothing of review: the translator could not edit or confirm it (Phrase
locks what its project manager froze, such as the reviewed units it was
given). Phrase's ``m:trans-origin`` and ``m:score`` say where an
unconfirmed target came from: ``mt`` (its machine translation: a machine
draft again) or ``tm`` (its memory, with the match score: 1.0 and more is
an exact match).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.interchange.xliff_codes import Piece, read_pieces
from pipeline.interchange.xliff_record import BASE_CONTEXT, PLURALS_RESTYPE, Base, parse_base
from pipeline.interchange.xmlsafe import XNode

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
_HINT = "export the PO files again with `mtpipe export`; no PO file was changed"


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
    #: Where the CAT tool says an unconfirmed target came from: ``mt``, ``tm`` or empty (a person, or not said).
    origin: str = ""
    #: The memory match score of a ``tm`` target (Phrase ``m:score``: 0.75 is 75%, 1.01 a context match).
    score: float | None = None


def fail(path: Path, line: int, what: str) -> InputError:
    """The error for what is wrong at *line* of the XLIFF file *path*."""
    return InputError(f"{path}:{line}: {what}", hint=_HINT)


def find_po(xliff_path: Path, original: str, line: int) -> Path:
    """The PO file a ``<file original=...>`` names: as given, or beside the XLIFF file."""
    candidate = Path(original)
    options = [candidate] if candidate.is_absolute() else [candidate, xliff_path.parent / candidate]
    for option in options:
        if option.is_file():
            return option
    raise fail(xliff_path, line, f"the PO file {original!r} of this <file> does not exist")


def _phrase_confirmed(unit: XNode) -> bool | None:
    """Phrase's ``m:confirmed`` (the workflow level it was confirmed at; 0 is not confirmed); None without it,
    and for a locked segment that is not confirmed (its state is not the translator's to say)."""
    value = unit.attrs.get("m:confirmed", "").strip().lower()
    if not value:
        return None
    confirmed = value == "true" or (value.isdigit() and int(value) >= 1)
    if not confirmed and unit.attrs.get("m:locked", "").strip().lower() == "true":
        return None
    return confirmed


def _confirmation(unit: XNode) -> bool | None:
    """Trados (``sdl:conf`` of every segment), memoQ (``mq:status``) or Phrase (``m:confirmed``) confirmation;
    None without one."""
    confs = [seg.attrs.get("conf", "") for seg in unit.iter("seg") if "conf" in seg.attrs]
    if confs:
        return all(conf in SDL_CONFIRMED for conf in confs)
    status = unit.attrs.get("mq:status")
    if status:
        return status in MEMOQ_CONFIRMED
    if "m:confirmed" in unit.attrs:
        return _phrase_confirmed(unit)
    return None


def _origin(unit: XNode) -> tuple[str, float | None]:
    """Phrase's ``m:trans-origin`` (``mt`` or ``tm``, else empty) and, for ``tm``, its ``m:score``."""
    origin = unit.attrs.get("m:trans-origin", "").strip().lower()
    if origin not in ("mt", "tm"):
        return "", None
    try:
        score = float(unit.attrs.get("m:score", ""))
    except ValueError:
        score = None
    return origin, score if origin == "tm" and score is not None and 0 <= score <= 2 else None


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
        raise fail(path, unit.line, f"unit {unit_id!r} has no <source>")
    target = unit.child("target")
    origin, score = _origin(unit)
    return UnitIn(
        line=unit.line,
        id=unit_id,
        sources=(tuple(read_pieces(source)),),
        targets=(tuple(read_pieces(target)) if target is not None else None,),
        reviewed=_reviewed_state(target, unit) if target is not None else None,
        notes=_notes_in(unit),
        base=_base_in(unit),
        origin=origin,
        score=score,
    )


def _read_plural(group: XNode, path: Path) -> UnitIn:
    units = group.elements("trans-unit")
    group_id = group.attrs.get("resname") or group.attrs.get("id", "")
    if not units:
        raise fail(path, group.line, f"plural group {group_id!r} has no <trans-unit>")
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


def units_of(file_node: XNode, path: Path) -> list[UnitIn]:
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
