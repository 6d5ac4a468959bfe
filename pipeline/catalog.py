"""PO catalogs: the one module that knows gettext semantics (through polib).

The model follows babel's ``Catalog``: entries keyed by ``(msgctxt, msgid)``,
plain frozen :class:`Entry` values, separate :func:`load_catalog` /
:func:`dumps_catalog`, and :func:`merge` as the update from a fresh template:

* an entry whose msgctxt and msgid are unchanged keeps its msgstr, flags and
  translator comments exactly (a reviewed entry is kept byte for byte);
* the same msgid under another msgctxt (a paragraph was inserted or removed,
  so ids shifted) keeps its translation and state;
* a changed sentence whose old version is close (similarity ≥
  :data:`FUZZY_THRESHOLD`) keeps the old human translation, marked fuzzy,
  with ``#| msgid`` holding the previous source; an old *machine* draft is
  replaced by a fresh one (still with ``#|``), since re-translating is better
  than keeping a draft of another sentence;
* a new sentence gets the fresh machine draft (fuzzy);
* an old entry that matches nothing becomes obsolete (``#~``), never deleted;
* a plural entry (``msgid_plural``/``msgstr[N]``), which mtpipe never makes,
  is carried whole: kept on its id, never drafted over or taken as a near
  match, and left active when the article has no such sentence.

The header's PO-Revision-Date and Last-Translator stay as the translator
left them; POT-Creation-Date moves only when the template's sentences do.
:func:`load_catalog` records what it read (:class:`FileStamp`) so a writer
can tell whether the file changed under it. Files are validated strictly before polib reads them (polib
itself accepts truncated files), and written atomically.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path

from pipeline import __version__, notes
from pipeline.errors import CatalogError
from pipeline.fsutil import atomic_write_text, decode_utf8
from pipeline.notes import CONTEXT_HEADER, DRAFTS_HEADER, kind_of


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
class Entry:
    """One message of a catalog."""

    msgctxt: str
    msgid: str
    msgstr: str = ""
    flags: tuple[str, ...] = ()
    #: Extracted comments (``#.``): glossary notes, kind, memory origin.
    notes: tuple[str, ...] = ()
    #: Translator comment (``#``), owned by the reviewer.
    comment: str = ""
    references: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    #: ``msgid_plural`` of a plural entry (mtpipe never makes one; a person may).
    msgid_plural: str = ""
    #: ``msgstr[N]`` of a plural entry, as ``((0, "..."), (1, "..."))``.
    msgstr_plural: tuple[tuple[int, str], ...] = ()

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
    def translated(self) -> bool:
        """Reviewed: has a msgstr (or plural msgstr) and is not fuzzy."""
        return self.has_translation and not self.fuzzy

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


@dataclass
class Catalog:
    language: str
    header: dict[str, str]
    entries: list[Entry] = field(default_factory=list)
    header_comment: str = ""
    path: Path | None = None
    #: The file as it was read (see :func:`file_stamp`); None for a new catalog.
    stamp: FileStamp | None = None

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]

    def counts(self) -> dict[str, int]:
        active = self.active
        return {
            "translated": sum(e.translated for e in active),
            "fuzzy": sum(e.has_translation and e.fuzzy for e in active),
            "untranslated": sum(not e.has_translation for e in active),
            "obsolete": len(self.obsolete),
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
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": translator or MACHINE_TRANSLATOR,
        "Language-Team": f"Chinese ({language})" if language else "Chinese",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
        "X-Generator": f"mtpipe {__version__}",
    }


# -- reading -----------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_RE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*{_STRING}\s*$")
_CONT_RE = re.compile(rf"^{_STRING}\s*$")


def validate_po_text(text: str, name: str) -> None:
    """Refuse what polib would silently accept: bad lines, unterminated strings, cut entries."""
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


def _entry_from_polib(e) -> Entry:  # noqa: ANN001 - polib.POEntry
    return Entry(
        msgctxt=e.msgctxt or "",
        msgid=e.msgid,
        msgstr=e.msgstr,
        flags=tuple(e.flags),
        notes=tuple(n for n in (e.comment or "").split("\n") if n),
        comment=e.tcomment or "",
        references=tuple((str(f), str(l)) for f, l in e.occurrences),
        previous_msgid=e.previous_msgid or None,
        previous_msgctxt=e.previous_msgctxt or None,
        obsolete=bool(e.obsolete),
        msgid_plural=e.msgid_plural or "",
        msgstr_plural=tuple(sorted((int(n), str(t)) for n, t in (e.msgstr_plural or {}).items())),
    )


#: Header charsets read as UTF-8: UTF-8 itself, its ASCII subset, and
#: xgettext's ``CHARSET`` placeholder of a fresh template.
_UTF8_CHARSETS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "charset"})
_CHARSET_RE = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: size, modification time (ns), SHA-256 of its bytes."""

    size: int
    mtime_ns: int
    sha256: str


def file_stamp(path: Path) -> FileStamp | None:
    """The file's current :class:`FileStamp`, or None when it does not exist."""
    try:
        st = os.stat(path)
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror})") from exc
    return FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _check_charset(header: Mapping[str, str], path: Path) -> None:
    """Refuse a PO whose header declares another charset than UTF-8 (mtpipe would mislabel its output)."""
    match = _CHARSET_RE.search(header.get("Content-Type", ""))
    if match and match.group(1).lower() not in _UTF8_CHARSETS:
        raise CatalogError(
            f"{path}: the PO header declares charset {match.group(1)}; mtpipe reads and writes UTF-8 only",
            hint=f"convert it first (msgconv --to-code=UTF-8 {path} -o {path}); nothing was written",
        )


def load_catalog(path: Path) -> Catalog:
    """Read and validate a PO/POT file; :class:`CatalogError` names the bad line.

    Refused: malformed syntax, a header charset other than UTF-8, an entry
    repeated with the same msgctxt and msgid, and two entries sharing one
    msgctxt with different msgids (the id would publish one sentence in the
    other's place). The result's :attr:`Catalog.stamp` records the file as read.
    """
    import polib

    path = Path(path)
    try:
        st = os.stat(path)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: no such PO file", hint="check the path") from exc
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror})") from exc
    stamp = FileStamp(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())
    text = decode_utf8(
        data, name=str(path), error=CatalogError, what="malformed PO file: ", hint="restore the file from a backup; nothing was written"
    )
    validate_po_text(text, str(path))
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f":{match.group(1)}" if match else ""
        raise CatalogError(f"{path}{where}: malformed PO file: {exc}") from exc
    header = dict(po.metadata)
    _check_charset(header, path)
    seen: dict[tuple[str, str], int] = {}
    by_context: dict[str, tuple[str, int]] = {}
    entries = []
    for e in po:
        entry = _entry_from_polib(e)
        if entry.key in seen and not entry.obsolete:
            raise CatalogError(
                f"{path}:{e.linenum}: malformed PO file: duplicate entry {entry.msgctxt!r} (first at line {seen[entry.key]})",
                hint="remove one of the duplicates",
            )
        if not entry.obsolete:
            seen[entry.key] = e.linenum
            if entry.msgctxt:
                first = by_context.get(entry.msgctxt)
                if first is not None and first[0] != entry.msgid:
                    raise CatalogError(
                        f"{path}:{e.linenum}: malformed PO file: msgctxt {entry.msgctxt!r} is also used at line {first[1]} "
                        "for another msgid",
                        hint="give one of the two entries another msgctxt, or remove it; nothing was written",
                    )
                by_context.setdefault(entry.msgctxt, (entry.msgid, e.linenum))
        entries.append(entry)
    return Catalog(
        language=header.get("Language", ""),
        header=header,
        entries=entries,
        header_comment=po.header or "",
        path=path,
        stamp=stamp,
    )


# -- writing -----------------------------------------------------------------


def dumps_catalog(catalog: Catalog) -> str:
    """The catalog as PO text (no line wrapping, so diffs stay one line per change)."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.header = catalog.header_comment
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = False
    for e in catalog.entries:
        po.append(
            polib.POEntry(
                msgctxt=e.msgctxt or None,
                msgid=e.msgid,
                msgstr=e.msgstr,
                flags=list(e.flags),
                comment="\n".join(e.notes),
                tcomment=e.comment,
                occurrences=list(e.references),
                # polib cannot read back ``#~|`` lines: an obsolete entry keeps no previous msgid.
                previous_msgid=None if e.obsolete else e.previous_msgid,
                previous_msgctxt=None if e.obsolete else e.previous_msgctxt,
                obsolete=e.obsolete,
                msgid_plural=e.msgid_plural,
                msgstr_plural=dict(e.msgstr_plural),
            )
        )
    # One blank line after the last entry, as every PO mtpipe has written ends.
    return str(po).rstrip("\n") + "\n\n"


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write *catalog* atomically; a file that already holds exactly this text is left alone.

    Returns whether the file was written (a re-run that changes nothing
    touches no byte and no modification time).
    """
    text = dumps_catalog(catalog)
    path = Path(path)
    try:
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            return False
    except OSError:
        pass
    atomic_write_text(path, text)
    return True


# -- merging -------------------------------------------------------------------


def draft_fingerprint(entry: Entry) -> str:
    return notes.draft_fingerprint(entry.msgid, entry.msgstr)


def untouched_drafts(catalog: Catalog | None) -> set[tuple[str, str]]:
    """Keys of entries still fuzzy, uncommented and exactly the machine draft mtpipe wrote."""
    if catalog is None:
        return set()
    recorded = notes.parse_drafts(catalog.header.get(DRAFTS_HEADER, ""))
    return {
        e.key
        for e in catalog.active
        if e.fuzzy and e.msgstr and not e.comment and recorded.get(e.msgctxt) == draft_fingerprint(e)
    }


@dataclass(frozen=True)
class Match:
    """How a fresh template entry relates to the existing catalog."""

    kind: str  # "exact" | "moved" | "fuzzy" | "new"
    old: Entry | None = None
    #: The old entry is an untouched machine draft (see :func:`untouched_drafts`).
    untouched: bool = False

    @property
    def keeps_translation(self) -> bool:
        """True when the old msgstr is kept and no new draft is needed.

        A changed sentence keeps a translation a person made or touched (as a
        fuzzy candidate); an untouched machine draft of the old sentence is
        not worth keeping: the sentence gets a fresh draft instead.
        """
        if self.old is None or not self.old.has_translation:
            return False
        if self.kind in ("exact", "moved"):
            return True
        return self.kind == "fuzzy" and not self.untouched


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def match_entries(
    existing: Sequence[Entry], template: Sequence[Entry], untouched: Collection[tuple[str, str]] = ()
) -> dict[str, Match]:
    """For each template msgctxt, the old entry it continues (see the module docstring)."""
    by_key = {e.key: e for e in existing if not e.obsolete}
    by_key.update({e.key: e for e in existing if e.obsolete and e.key not in by_key})
    used: set[tuple[str, str]] = set()
    result: dict[str, Match] = {}
    pending: list[Entry] = []
    for t in template:
        old = by_key.get(t.key)
        if old is not None:
            result[t.msgctxt] = Match("exact", old, old.key in untouched)
            used.add(old.key)
        else:
            pending.append(t)
    by_msgid: dict[str, list[Entry]] = {}
    for e in existing:
        # A translation, or a translator's comment on an untranslated entry,
        # follows its sentence to a new id.
        if e.key not in used and (e.has_translation or (e.comment and not e.obsolete)):
            by_msgid.setdefault(e.msgid, []).append(e)
    still: list[Entry] = []
    for t in pending:
        moved = [e for e in by_msgid.get(t.msgid, []) if e.key not in used]
        if moved:
            result[t.msgctxt] = Match("moved", moved[0], moved[0].key in untouched)
            used.add(moved[0].key)
        else:
            still.append(t)
    # A plural entry is never taken as a near match: its msgid_plural and
    # msgstr[N] belong to its own msgid.
    candidates = [e for e in existing if e.msgstr and not e.plural and e.key not in used]
    for t in still:
        best: Entry | None = None
        best_score = 0.0
        # Prefer the entry that had the same id; then the most similar.
        ordered = sorted(candidates, key=lambda e: e.msgctxt != t.msgctxt)
        for e in ordered:
            if e.key in used:
                continue
            score = _similarity(e.msgid, t.msgid)
            if score > best_score:
                best, best_score = e, score
        if best is not None and best_score >= FUZZY_THRESHOLD:
            result[t.msgctxt] = Match("fuzzy", best, best.key in untouched)
            used.add(best.key)
        else:
            result[t.msgctxt] = Match("new")
    return result


def merge(
    existing: Catalog | None,
    template: Sequence[Entry],
    drafts: Mapping[str, Entry],
    *,
    header: Mapping[str, str],
    refresh: Collection[str] = (),
) -> Catalog:
    """Update *existing* (or start a new catalog) from *template*.

    ``drafts`` maps msgctxt → a fresh draft entry (msgstr, flags, notes) for
    the template entries that need one; see :func:`match_entries` and
    :attr:`Match.keeps_translation`. ``refresh`` names unchanged entries
    whose old msgstr is an untouched machine draft that should take the
    fresh draft (the model, options or glossary changed). The result's
    :data:`DRAFTS_HEADER` fingerprints every machine draft (``mt`` flag) it
    holds, as written.
    """
    still_untouched: set[str] = set()
    if existing is None:
        entries = [drafts.get(t.msgctxt, t) for t in template]
        merged_header = dict(header)
    else:
        entries, still_untouched = _merged_entries(existing, template, drafts, refresh)
        merged_header = dict(existing.header)
        # The template's date (and the generator) move only when its sentences changed.
        same_template = [e.key for e in existing.active] == [t.key for t in template]
        for key, value in header.items():
            if key == CONTEXT_HEADER:
                continue  # set below, only beside drafts
            if key in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
                merged_header.setdefault(key, value)
            elif key in ("POT-Creation-Date", "X-Generator"):
                if not (same_template and key in merged_header):
                    merged_header[key] = value
            elif key.startswith(SOURCE_HEADERS) or key in notes.ID_HEADERS:
                # The source document and the ids' high-water marks: kept up to date where
                # the PO records them; added when the PO changes anyway (a quiet re-run adds nothing).
                if key in existing.header or entries != list(existing.entries):
                    merged_header[key] = value
            elif key.startswith(("X-Markdown", "X-MT-")) or key not in merged_header:
                merged_header[key] = value
    if existing is not None and notes.NEXT_PARAGRAPH_HEADER in header:
        for key in notes.ID_HEADERS:
            if key not in header:  # no paragraph needs the mark any more
                merged_header.pop(key, None)
    fingerprints = [
        f"{e.msgctxt}={draft_fingerprint(e)}"
        for e in entries
        if not e.obsolete
        and e.fuzzy
        and e.msgstr
        and (
            (e.machine and e.msgctxt in drafts and drafts[e.msgctxt].msgstr == e.msgstr)
            or e.msgctxt in still_untouched
        )
    ]
    if fingerprints:
        merged_header[DRAFTS_HEADER] = notes.format_drafts(dict(item.split("=", 1) for item in fingerprints))
        # What made the drafts: recorded only while the catalog holds some,
        # so a fully reviewed PO gains no machine header.
        if CONTEXT_HEADER in header:
            merged_header[CONTEXT_HEADER] = header[CONTEXT_HEADER]
    else:
        merged_header.pop(DRAFTS_HEADER, None)
        if existing is None:
            merged_header.pop(CONTEXT_HEADER, None)
    if existing is None:
        return Catalog(language=header.get("Language", ""), header=merged_header, entries=entries)
    return Catalog(
        language=existing.language or header.get("Language", ""),
        header=merged_header,
        entries=entries,
        header_comment=existing.header_comment,
        path=existing.path,
    )


def _added_flags(old: Entry, new: Entry) -> tuple[str, ...]:
    """Flags a person added to *old* (no-wrap, ...): they stay on whatever replaces it."""
    return tuple(f for f in old.flags if f not in ("fuzzy", MT_FLAG) and f not in new.flags)


def _merged_entries(
    existing: Catalog,
    template: Sequence[Entry],
    drafts: Mapping[str, Entry],
    refresh: Collection[str],
) -> tuple[list[Entry], set[str]]:
    """The merged entries, and the msgctxt of kept entries that are still untouched drafts."""
    matches = match_entries(existing.entries, template, untouched_drafts(existing))
    # By identity: obsolete entries may share a key, and each one not continued is kept.
    used = {id(m.old) for m in matches.values() if m.old is not None}
    entries: list[Entry] = []
    still_untouched: set[str] = set()
    for t in template:
        match = matches[t.msgctxt]
        draft = drafts.get(t.msgctxt, t)
        old = match.old
        if match.kind in ("exact", "moved") and match.untouched and old is not None:
            if t.msgctxt in refresh and t.msgctxt in drafts:
                entries.append(replace(draft, flags=draft.flags + _added_flags(old, draft)))
                continue
            still_untouched.add(t.msgctxt)
        if match.kind == "exact" and old is not None:
            if old.has_translation or old.plural:
                # Kept exactly (a reviewed entry byte for byte; a draft with the
                # notes that describe it); only the source line may have moved.
                entries.append(replace(old, references=t.references, obsolete=False))
            else:  # untranslated: the fresh draft, with the translator's comment and flags
                entries.append(replace(draft, comment=old.comment, flags=draft.flags + _added_flags(old, draft)))
        elif match.kind == "moved" and old is not None and not old.has_translation and not old.plural:
            # An untranslated entry that moved: the fresh draft, with the translator's comment and flags.
            entries.append(replace(draft, comment=old.comment, flags=draft.flags + _added_flags(old, draft)))
        elif match.kind == "moved" and old is not None:
            entries.append(replace(old, msgctxt=t.msgctxt, references=t.references, notes=t.notes, obsolete=False, previous_msgctxt=None))
        elif match.kind == "fuzzy" and old is not None:
            base = old if match.keeps_translation else draft
            # The translation was made from the first source: an entry already
            # fuzzy with ``#|`` keeps that original (as GNU msgmerge does).
            original = match.keeps_translation and old.fuzzy and old.previous_msgid is not None
            flags = tuple(dict.fromkeys(("fuzzy",) + tuple(f for f in base.flags if f != "fuzzy") + _added_flags(old, base)))
            entries.append(
                replace(
                    base,
                    msgctxt=t.msgctxt,
                    msgid=t.msgid,
                    flags=flags,
                    notes=draft.notes,
                    references=t.references,
                    comment=old.comment,
                    previous_msgid=old.previous_msgid if original else old.msgid,
                    previous_msgctxt=(old.previous_msgctxt if original else old.msgctxt if old.msgctxt != t.msgctxt else None),
                    obsolete=False,
                )
            )
        else:
            entries.append(draft)
    # A plural entry is a person's work that mtpipe never makes: one the
    # article does not continue stays active, whole, unless the article now
    # uses its msgctxt for another sentence (then it is kept whole as obsolete).
    taken = {t.msgctxt for t in template}
    kept_plurals = [e for e in existing.entries if id(e) not in used and e.plural and not e.obsolete and e.msgctxt not in taken]
    entries.extend(kept_plurals)
    kept = {id(e) for e in kept_plurals}
    for e in existing.entries:
        if id(e) not in used and id(e) not in kept and (e.has_translation or e.comment or e.obsolete or e.plural):
            entries.append(replace(e, obsolete=True, references=()))
    return entries, still_untouched
