"""The catalog's data model: :class:`Entry`, :class:`Catalog` and a fresh header.

Plain frozen values keyed by ``(msgctxt, msgid)``, as babel's ``Message`` and
``Catalog``; no file access here (see :mod:`pipeline.catalog.pofile`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.catalog.notes import kind_of, ordered_notes
from pipeline.catalog.state import State, entry_state
from pipeline.errors import CatalogError

if TYPE_CHECKING:
    from pipeline.languages.table import Language

#: Similarity (difflib ratio) from which a changed sentence keeps its old translation.
FUZZY_THRESHOLD = 0.6
#: Flag added to machine drafts beside ``fuzzy``.
MT_FLAG = "mt"
#: Header fields mtpipe keeps current (the source document's path, hash, selector).
SOURCE_HEADERS = "X-Source-"

_ID_RE = re.compile(r"^p(\d+)\.s(\d+)$")


def id_position(msgctxt: str) -> tuple[int, int]:
    """``(paragraph, sentence)`` of a ``p<n>.s<m>`` id; (0, 0) for any other msgctxt.

    The numbers name a sentence, not its place: ids outlive inserted, deleted
    and moved paragraphs (see :mod:`pipeline.translate.ids`), so the document
    order is the order of the entries.
    """
    match = _ID_RE.match(msgctxt)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: size, modification time (ns), SHA-256 of its bytes."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Entry:
    """One message of a catalog."""

    msgctxt: str
    msgid: str
    msgstr: str = ""
    flags: tuple[str, ...] = ()
    #: mtpipe's notes, each a typed :class:`~pipeline.catalog.notes.Note`
    #: (text given is parsed): glossary renderings, kind, reuse, conversion.
    #: The PO writer decides their lines (``# mt: ...`` or ``#.``).
    notes: tuple[str, ...] = ()
    #: Translator comment (``#`` lines other than mtpipe's ``# mt:`` notes), owned by the reviewer.
    comment: str = ""
    references: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    #: ``msgid_plural`` of a plural entry (mtpipe never makes one; a person may).
    msgid_plural: str = ""
    #: ``msgstr[N]`` of a plural entry, as ``((0, "..."), (1, "..."))``.
    msgstr_plural: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        if self.notes:
            object.__setattr__(self, "notes", ordered_notes(self.notes))

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def text(self) -> str:
        """The translation to publish: the msgstr, or ``msgstr[0]`` of a plural entry."""
        if self.msgstr or not self.msgstr_plural:
            return self.msgstr
        return dict(self.msgstr_plural).get(0, "")

    @property
    def has_translation(self) -> bool:
        """Some msgstr (or ``msgstr[N]``) is filled in."""
        return bool(self.msgstr) or any(text for _, text in self.msgstr_plural)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def machine(self) -> bool:
        return MT_FLAG in self.flags

    @property
    def state(self) -> State:
        """The entry's one review state (:func:`pipeline.catalog.state.entry_state`)."""
        return entry_state(self)

    @property
    def translated(self) -> bool:
        """Reviewed (:attr:`State.reviewed`): every form translated and not fuzzy."""
        return entry_state(self) is State.reviewed

    @property
    def kind(self) -> str:
        found = kind_of(self.notes)
        return found.kind if found is not None else "paragraph"

    @property
    def position(self) -> tuple[int, int]:
        """``(paragraph, sentence)`` from a ``p<n>.s<m>`` msgctxt; (0, 0) otherwise (see :func:`id_position`)."""
        return id_position(self.msgctxt)

    @property
    def key(self) -> tuple[str, str]:
        return (self.msgctxt, self.msgid)


@dataclass(frozen=True)
class Layout:
    """How a PO file was laid out when read, so a rewrite keeps it (see :mod:`pipeline.catalog.po_reader` and :mod:`pipeline.catalog.po_writer`).

    Poedit, Weblate, Lokalize and ``msgcat`` wrap long strings at 76 to 80
    columns; mtpipe writes them unwrapped. An entry that did not change is
    written back as it was read, byte for byte; a changed one is wrapped
    as the file is.
    """

    #: The columns long strings were wrapped at (an estimate: see :func:`~pipeline.catalog.po_writer.detect_width`); 0 for unwrapped.
    width: int = 0
    #: Each entry's text as read (comments to last msgstr line), by the entry's value.
    entries: Mapping[Entry, str] = field(default_factory=dict)
    #: The header comment and header entry as read, with the values they held.
    header_text: str | None = None
    header_comment: str = ""
    header: Mapping[str, str] = field(default_factory=dict)
    #: What follows the last entry: ``"\n"`` (GNU tools) or ``"\n\n"`` (polib, mtpipe).
    ending: str = "\n\n"


@dataclass
class Catalog:
    language: str
    header: dict[str, str]
    entries: list[Entry] = field(default_factory=list)
    header_comment: str = ""
    path: Path | None = None
    #: The file as it was read (see :func:`file_stamp`); None for a new catalog.
    stamp: FileStamp | None = None
    #: How the file was laid out (wrapping, each entry's text); None for a new catalog.
    layout: Layout | None = None
    #: The line each active entry starts at in the file read, by key; empty for a new catalog.
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    def target_language(self) -> Language:
        """The language this PO translates into: its ``Language`` header, else its file stem (``zh_TW.po``, ``ar.po``).

        What every command that reads a translation asks first (``build``,
        ``check``, ``stats``): :class:`~pipeline.errors.CatalogError` when
        neither names a language of the table (an empty or headerless PO, a template).
        """
        from pipeline.languages.table import find
        from pipeline.languages.variants import VARIANTS

        for candidate in (self.language, self.path.stem if self.path is not None else ""):
            language = find(candidate) if candidate else None
            if language is not None:
                return language
        known = ", ".join(v.po_stem for v in VARIANTS.values()) + ", ja, fr, ar... (pipeline.languages.table)"
        raise CatalogError(
            f"{self.path or 'the PO file'}: cannot tell the language (Language header {self.language!r})",
            hint=f"set the PO header Language to one of {known}",
        )

    def counts(self) -> dict[str, int]:
        """Entries by review state, the fuzzy ones together: ``translated`` (reviewed),
        ``fuzzy`` (machine, changed, reused, fuzzy match), ``untranslated`` and ``obsolete``."""
        states = Counter(entry_state(e) for e in self.entries)
        return {
            "translated": states[State.reviewed],
            "fuzzy": sum(n for s, n in states.items() if s.fuzzy),
            "untranslated": states[State.untranslated],
            "obsolete": states[State.obsolete],
        }


# -- headers -----------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


#: Last-Translator of a catalog whose drafts come from the engine.
MACHINE_TRANSLATOR = "mtpipe machine translation <mtpipe@localhost>"


def new_header(project: str, language: str, *, now: str | None = None, translator: str | None = None) -> dict[str, str]:
    """A complete header for a fresh PO (``language``) or POT (``""``).

    ``translator`` is the Last-Translator; by default the machine
    (:data:`MACHINE_TRANSLATOR`), which a run without an engine must not claim.
    """
    now = now or _now()
    from pipeline.languages.table import find as find_language

    # Language-Team and Plural-Forms come from the languages table (plural forms: Babel's CLDR data).
    known = find_language(language) if language else None
    team = "Chinese" if known is None or known.is_chinese else known.name
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": translator or MACHINE_TRANSLATOR,
        "Language-Team": f"{team} ({language})" if language else "Chinese",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": known.plural_forms if known is not None else "nplurals=1; plural=0;",
        "X-Generator": f"mtpipe {__version__}",
    }

