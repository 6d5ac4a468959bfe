"""An entry's review state: the one place that decides it (``stats``, ``check``, ``build``, ``export`` and ``import`` ask here).

Each entry has exactly one :class:`State`, decided in this order:

==================  ===========================================================
``obsolete``        a ``#~`` entry, kept for history
``untranslated``    no translation, or a plural entry not fuzzy with some
                    ``msgstr[N]`` still empty (not finished, so not reviewed)
``reviewed``        every msgstr (each ``msgstr[N]`` of a plural entry) filled,
                    and not fuzzy
``fuzzy_match``     fuzzy, offered from a fuzzy memory match (a fuzzy-match
                    note ``memory: 87% match from ...``; the similar
                    sentence's source, when known, is the ``#| msgid``)
``changed``         fuzzy with a previous source (``#| msgid``): the sentence
                    changed since it was translated
``reused``          fuzzy, copied from another reviewed translation (a reuse
                    note: another article's PO or an imported TMX)
``machine``         any other fuzzy entry: a machine draft
==================  ===========================================================

A plural entry is judged on all its forms, as GNU ``msgfmt --statistics``
judges it; its publishable text is ``msgstr[0]`` (Chinese has one form).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol

from pipeline.catalog.notes import FuzzyNote, ReuseNote


class Entry(Protocol):
    """What the state is judged on (a :class:`pipeline.catalog.model.Entry`)."""

    @property
    def obsolete(self) -> bool: ...
    @property
    def msgstr(self) -> str: ...
    @property
    def msgstr_plural(self) -> Sequence[tuple[int, str]]: ...
    @property
    def previous_msgid(self) -> str | None: ...
    @property
    def notes(self) -> Sequence[str]: ...
    @property
    def has_translation(self) -> bool: ...
    @property
    def fuzzy(self) -> bool: ...


class State(str, Enum):
    """The review state of one entry; its value is the name ``stats --json`` prints.

    Members are named as their values, so a state equals, and hashes as, its name.
    """

    reviewed = "reviewed"
    machine = "machine"
    changed = "changed"
    reused = "reused"
    fuzzy_match = "fuzzy_match"
    untranslated = "untranslated"
    obsolete = "obsolete"

    @property
    def fuzzy(self) -> bool:
        """A translation waiting for review: machine draft, changed since review, reused or a fuzzy match."""
        return self in _FUZZY

    @property
    def label(self) -> str:
        """How people read the state (``stats``' table): ``changed since review``, ``fuzzy match``."""
        return _LABELS.get(self, self.value)

    def __str__(self) -> str:
        return self.value


_FUZZY = frozenset({State.machine, State.changed, State.reused, State.fuzzy_match})
_LABELS = {State.machine: "machine draft", State.changed: "changed since review", State.fuzzy_match: "fuzzy match"}

#: Every state, in display order.
STATES: tuple[State, ...] = tuple(State)


def complete(entry: Entry) -> bool:
    """Every form has a translation: the msgstr, or each ``msgstr[N]`` of a plural entry."""
    if entry.msgstr_plural:
        return all(text for _, text in entry.msgstr_plural)
    return bool(entry.msgstr)


def entry_state(entry: Entry) -> State:
    """The one :class:`State` of *entry* (see the module docstring)."""
    if entry.obsolete:
        return State.obsolete
    if not entry.has_translation:
        return State.untranslated
    if not entry.fuzzy:
        return State.reviewed if complete(entry) else State.untranslated
    if any(isinstance(note, FuzzyNote) for note in entry.notes):
        return State.fuzzy_match
    if entry.previous_msgid is not None:
        return State.changed
    if any(isinstance(note, ReuseNote) for note in entry.notes):
        return State.reused
    return State.machine
