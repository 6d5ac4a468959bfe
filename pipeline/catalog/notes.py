"""The data mtpipe carries in PO comments and headers: one builder and one parser for each.

PO files travel through CAT tools and GNU gettext's tools, so what mtpipe
needs to remember about an entry rides in its comments and in ``X-`` header
fields. Every such note is a typed :class:`Note` built and read here, side by
side, and nowhere else; notes stay typed until the PO writer writes them.

=============================  ====================================  ==========
note                           meaning                               PO line
=============================  ====================================  ==========
``glossary: S → T``            glossary term S must be rendered T    ``# mt:``
                               in this PO's variant (``NOT applied``
                               and a reason when enforcement failed)
``memory: reused from ORIGIN`` copied from a reviewed entry (or an   ``# mt:``
                               imported memory); needs confirming
``memory: 87% match from       the reviewed translation of a similar ``# mt:``
ORIGIN``                       sentence (the old source is the
                               entry's ``#| msgid``); to adapt
``converted from zh_Hans.po    a Traditional draft made by OpenCC    ``# mt:``
with OpenCC``
``truncated: ...``             the draft reached the model's length  ``# mt:``
                               limit
``markup NOT applied``         protected markup the draft lost       ``# mt:``
``kind: heading 2``            the block's kind (title, heading +    ``#.``
                               level, ...), as in the POT
``previous source: ...``       the ``#| msgid`` in an XLIFF note     (XLIFF)
=============================  ====================================  ==========

Why two places: GNU ``msgmerge`` (what Weblate and Pootle run when the
source changes) replaces every ``#.`` comment with the template's, and
``msgcat``, ``msgattrib``, ``msguniq`` and ``msgmerge`` drop unknown flags
such as ``mt``; all four keep translator comments. So whatever differs from
PO to PO (a Traditional rendering, a reuse origin, a conversion) is a
``# mt: ...`` translator-comment line, and ``#.`` holds only what the POT
holds too. A reviewer's own ``#`` lines stay the entry's comment. Notes
read from ``#.`` lines of older files are understood as well, and move to
``# mt:`` when the entry is next written.

Header fields: ``X-MT-Drafts`` (fingerprints of untouched machine drafts,
``p1.s1=3f2a9c1b0d ...``), ``X-MT-Context`` (what produced them: a
fingerprint, then the model and glossary readable, :class:`DraftedWith`), and the
source document: ``X-Source-Document`` (a path relative to the PO),
``X-Source-Hash`` (``sha256:...`` of its text) and ``X-Source-Select`` (an
HTML article's ``--select``); ``X-Markdown-References``: a Markdown article's
link reference definitions as JSON (:func:`format_link_references`).
``X-MT-Next-Paragraph`` and ``X-MT-Next-Sentence`` (``p3=5 p7=2``) are the
high-water marks of the ids an article has used (:class:`IdMarks`). The POT
always carries the source fields; a PO
gains them when it is made or next changes, so a re-run that changes nothing
rewrites no reviewed PO.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from functools import lru_cache
from typing import ClassVar, TypeVar

GLOSSARY_PREFIX = "glossary: "
KIND_PREFIX = "kind: "
REUSE_PREFIX = "memory: reused from "
FUZZY_PREFIX = "memory: "
_FUZZY = re.compile(r"^memory: (\d{1,3})% match from (.+)$", re.DOTALL)
TRUNCATED_PREFIX = "truncated: "
PREVIOUS_PREFIX = "previous source: "
#: Prefix of the translator-comment lines (``# mt: ...``) that hold mtpipe's per-PO notes.
MT_COMMENT = "mt: "
_ARROW = " → "
_NOT_APPLIED = " NOT applied"
_CONVERTED = re.compile(r"^converted from (\S+)\.po with OpenCC$")
_UNAPPLIED = re.compile(r"^([a-z][a-z -]*) NOT applied(.*)$", re.DOTALL)
#: What the length-limit note said before it had its own prefix (still read).
_OLD_TRUNCATED = "mt: the translation reached the model's length limit"

#: Header field: fingerprints of the machine drafts as mtpipe wrote them.
DRAFTS_HEADER = "X-MT-Drafts"
#: Header field: what produced the drafts (model, options, glossary).
CONTEXT_HEADER = "X-MT-Context"


# -- entry notes ---------------------------------------------------------------


class Note(str):
    """A note on an entry. The string is its text as the PO shows it; each kind
    (a subclass) carries its data as attributes, built by its constructor and
    read back by :func:`parse_note`. A note is immutable.

    :attr:`per_po` says where the PO writer puts it. Notes that depend on the
    PO's language or on how its draft was made (glossary renderings, reuse,
    conversion, length limit) are written as translator comments
    ``# mt: ...``, which ``msgmerge``, ``msgcat``, ``msgattrib`` and
    ``msguniq`` all keep. The others (the block's kind, notes from other
    tools) are extracted comments ``#.``, which msgmerge replaces with the
    template's: the POT carries the same ones.
    """

    per_po: ClassVar[bool] = False

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Callable[[str], Note], tuple[str]]:
        return (parse_note, (str(self),))

    @classmethod
    def _make(cls: type[_N], text: str, **fields: object) -> _N:
        note = str.__new__(cls, text)
        for name, value in fields.items():
            object.__setattr__(note, name, value)
        return note


_N = TypeVar("_N", bound=Note)


class GlossaryNote(Note):
    """``glossary: exit ban → 出境禁令`` (or ``... NOT applied (why)``): the rendering this PO's variant requires."""

    per_po = True
    source: str
    target: str
    applied: bool
    why: str  #: e.g. `` (forbidden rendering '出境禁止' present)``, with its leading space

    def __new__(cls, source: str, target: str, applied: bool = True, why: str = "") -> GlossaryNote:
        text = f"{GLOSSARY_PREFIX}{source}{_ARROW}{target}"
        return cls._make(text if applied else f"{text}{_NOT_APPLIED}{why}", source=source, target=target, applied=applied, why=why)


class KindNote(Note):
    """``kind: title`` or ``kind: heading 2``: what kind of block a sentence opens (the same in the POT)."""

    kind: str
    level: int | None

    def __new__(cls, kind: str, level: int | None = None) -> KindNote:
        return cls._make(f"{KIND_PREFIX}{kind}" + (f" {level}" if level is not None else ""), kind=kind, level=level)


class ReuseNote(Note):
    """``memory: reused from run-movement/zh_Hans.po p3.s2``: copied from a reviewed translation, to confirm."""

    per_po = True
    origin: str

    def __new__(cls, origin: str) -> ReuseNote:
        return cls._make(f"{REUSE_PREFIX}{origin}", origin=origin)


class FuzzyNote(Note):
    """``memory: 87% match from other/zh_Hans.po p3.s2``: the reviewed translation of a similar sentence
    (:mod:`pipeline.memory.fuzzy`), its score (whole percent, rounded down) and origin; the old source is the ``#| msgid``."""

    per_po = True
    percent: int
    origin: str

    def __new__(cls, percent: int, origin: str) -> FuzzyNote:
        return cls._make(f"{FUZZY_PREFIX}{percent}% match from {origin}", percent=percent, origin=origin)


class ConvertedNote(Note):
    """``converted from zh_Hans.po with OpenCC``: a Traditional draft made by conversion."""

    per_po = True
    po_stem: str

    def __new__(cls, po_stem: str) -> ConvertedNote:
        return cls._make(f"converted from {po_stem}.po with OpenCC", po_stem=po_stem)


class TruncatedNote(Note):
    """The engine's output reached the model's length limit: the draft may be cut short."""

    per_po = True

    def __new__(cls) -> TruncatedNote:
        return cls._make(f"{TRUNCATED_PREFIX}the translation reached the model's length limit; check that it is complete")


class UnappliedNote(Note):
    """``markup NOT applied``: protected text (not a glossary term) the draft lost or altered."""

    per_po = True
    label: str
    why: str

    def __new__(cls, label: str, why: str = "") -> UnappliedNote:
        return cls._make(f"{label}{_NOT_APPLIED}{why}", label=label, why=why)


class PreviousSourceNote(Note):
    """``previous source: ...``: the English an entry changed from (the ``#| msgid``), where a file has no field for it (XLIFF)."""

    source: str

    def __new__(cls, source: str) -> PreviousSourceNote:
        return cls._make(f"{PREVIOUS_PREFIX}{source}", source=source)


#: The ``# mt:`` line that repeats a fuzzy entry's ``#| msgid`` (GNU ``msgmerge`` without ``--previous`` drops ``#|`` lines).
PREVIOUS_LINE = f"{MT_COMMENT}{PREVIOUS_PREFIX}"


def previous_source_line(source: str) -> str:
    """The comment text keeping *source* (a ``#| msgid``) where tools drop ``#|``: one line, ``\\`` and line breaks escaped."""
    return PREVIOUS_LINE + source.replace("\\", "\\\\").replace("\n", "\\n")


def split_previous_source(comment: str) -> tuple[str | None, str]:
    """The previous source kept by :func:`previous_source_line` in *comment* (or None), and the comment without it."""
    lines = comment.split("\n")
    kept = [line for line in lines if not line.startswith(PREVIOUS_LINE)]
    if len(kept) == len(lines):
        return None, comment
    first = next(line for line in lines if line.startswith(PREVIOUS_LINE))[len(PREVIOUS_LINE):]
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), first), "\n".join(kept)


def parse_note(text: str) -> Note:
    """The typed note *text* holds; a :class:`Note` of no kind for any other text (another tool's note)."""
    return text if isinstance(text, Note) else _parse_text(str(text))


@lru_cache(maxsize=8192)  # notes repeat (the same terms, the same kinds) and are immutable: shared
def _parse_text(text: str) -> Note:
    if text.startswith(GLOSSARY_PREFIX) and _ARROW in text:
        source, _, rest = text[len(GLOSSARY_PREFIX):].partition(_ARROW)
        target, found, why = rest.partition(_NOT_APPLIED)
        return GlossaryNote(source, target, applied=not found, why=why)
    if text.startswith(KIND_PREFIX):
        words = text[len(KIND_PREFIX):].split()
        if words:
            kind = KindNote(words[0], int(words[1]) if len(words) > 1 and words[1].isdigit() else None)
            if kind == text:  # else another text: kept as it is
                return kind
    if text.startswith(REUSE_PREFIX):
        return ReuseNote(text[len(REUSE_PREFIX):])
    fuzzy = _FUZZY.match(text)
    if fuzzy:
        return FuzzyNote(int(fuzzy.group(1)), fuzzy.group(2))
    if text.startswith(PREVIOUS_PREFIX):
        return PreviousSourceNote(text[len(PREVIOUS_PREFIX):])
    if text == TruncatedNote() or text.startswith(_OLD_TRUNCATED):
        return TruncatedNote()
    converted = _CONVERTED.match(text)
    if converted:
        return ConvertedNote(converted.group(1))
    unapplied = _UNAPPLIED.match(text)
    if unapplied:
        return UnappliedNote(unapplied.group(1), unapplied.group(2))
    return Note._make(text)


def parse_notes(texts: Iterable[str]) -> tuple[Note, ...]:
    """Each of *texts* as its typed note (notes kept as text elsewhere, e.g. in the memory)."""
    return tuple(map(parse_note, texts))


def ordered_notes(notes: Iterable[str]) -> tuple[Note, ...]:
    """*notes* typed, in the order a PO holds them: the per-PO notes (``# mt:``) first, then the others (``#.``)."""
    typed = tuple(n if isinstance(n, Note) else _parse_text(str(n)) for n in notes)
    others = False
    for note in typed:
        if not note.per_po:
            others = True
        elif others:  # a per-PO note after another one: reorder
            return tuple(n for n in typed if n.per_po) + tuple(n for n in typed if not n.per_po)
    return typed


def po_comment_lines(notes: Iterable[str]) -> tuple[list[str], list[str]]:
    """The ``# `` and ``#. `` line texts of *notes* (see :class:`Note`): ``(["mt: glossary: ..."], ["kind: heading"])``."""
    mine: list[str] = []
    others: list[str] = []
    for note in notes:
        if parse_note(note).per_po:
            mine.append(f"{MT_COMMENT}{note}")
        else:
            others.append(note)
    extracted = "\n".join(others)  # one ``#.`` line per line of the notes (none for a lone empty note)
    return mine, extracted.split("\n") if extracted else []


def notes_from_po(extracted: str, tcomment: str) -> tuple[tuple[Note, ...], str]:
    """An entry's notes and its reviewer's comment, from its ``#.`` and ``#`` comment texts (lines joined by ``\\n``).

    A ``# mt: ...`` line holding a per-PO note is a note; any other
    translator-comment line (a reviewer's ``mt: ...`` too) stays the comment.
    When an entry has ``# mt:`` notes, per-PO notes in its ``#.`` lines are
    not its own (``msgmerge`` copied them from an older template) and are left out.
    """
    found = [n for n in extracted.split("\n") if n] if extracted else []
    if MT_COMMENT not in tcomment:
        return ordered_notes(found), tcomment
    kept: list[str] = []
    mine: list[Note] = []
    for line in tcomment.split("\n"):
        note = parse_note(line[len(MT_COMMENT):]) if line.startswith(MT_COMMENT) else None
        if note is not None and note.per_po:
            mine.append(note)
        else:
            kept.append(line)
    if mine:
        found = [n for n in found if not parse_note(n).per_po]
    return ordered_notes([*mine, *found]), "\n".join(kept)


def glossary_notes(notes: Iterable[str]) -> list[GlossaryNote]:
    """Every glossary note among *notes*, in order."""
    return [n for n in map(parse_note, notes) if isinstance(n, GlossaryNote)]


def kind_of(notes: Iterable[str]) -> KindNote | None:
    """The first kind note among *notes*."""
    return next((n for n in map(parse_note, notes) if isinstance(n, KindNote)), None)


def draft_fingerprint(msgid: str, msgstr: str) -> str:
    """A short hash of a machine draft as mtpipe wrote it."""
    return hashlib.sha1(f"{msgid}\0{msgstr}".encode()).hexdigest()[:10]


def format_drafts(fingerprints: Mapping[str, str]) -> str:
    """``p1.s1=3f2a9c1b0d p1.s2=...`` for the ``X-MT-Drafts`` header (in the given order)."""
    return " ".join(f"{ctxt}={fp}" for ctxt, fp in fingerprints.items())


def parse_drafts(value: str) -> dict[str, str]:
    """The ``X-MT-Drafts`` header as ``{msgctxt: fingerprint}`` (malformed items ignored)."""
    return dict(item.split("=", 1) for item in value.split() if "=" in item)


@dataclass(frozen=True)
class DraftedWith:
    """The ``X-MT-Context`` value: ``3f2a9c1b0d12ab34 model=translate-en_zh%401.9 glossary=5e0c2a7d9b1f``.

    The fingerprint alone decides whether drafts are current; the model and
    the glossary hash (``none`` without a glossary) are there so a run can
    say what changed. Values written before they were added parse with
    ``model`` and ``glossary`` None (unknown).
    """

    fingerprint: str
    model: str | None = None
    glossary: str | None = None  #: a short content hash, "" for no glossary

    def __str__(self) -> str:
        if self.model is None:
            return self.fingerprint
        from urllib.parse import quote

        return f"{self.fingerprint} model={quote(self.model, safe='')} glossary={self.glossary or 'none'}"


def parse_context(value: str) -> DraftedWith:
    """The :class:`DraftedWith` an ``X-MT-Context`` value holds (unknown parts None)."""
    from urllib.parse import unquote

    words = value.split()
    if not words:
        return DraftedWith("")
    parts = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    model = unquote(parts["model"]) if "model" in parts else None
    glossary = parts.get("glossary")
    return DraftedWith(words[0], model, None if glossary is None else ("" if glossary == "none" else glossary))


#: PO header field: the source document, relative to the PO's folder (``/`` separators).
SOURCE_HEADER = "X-Source-Document"
#: PO header field: ``sha256:<hex>`` of the source document's text (UTF-8, LF line ends).
SOURCE_HASH_HEADER = "X-Source-Hash"
#: PO header field: the CSS selector an HTML document was translated with (``--select``).
SOURCE_SELECT_HEADER = "X-Source-Select"
#: The front-matter keys translated, when chosen with ``--front-matter-key`` (comma-separated).
FRONT_MATTER_KEYS_HEADER = "X-Front-Matter-Keys"


def source_fields(
    source_path: Path, po_folder: Path, digest: str, *, select: str | None = None, front_matter_keys: Sequence[str] | None = None
) -> dict[str, str]:
    """The PO header fields recording *source_path* (relative to *po_folder*), its hash, selector and front-matter keys."""
    relative = os.path.relpath(Path(source_path).resolve(), Path(po_folder).resolve())
    fields = {SOURCE_HEADER: Path(relative).as_posix(), SOURCE_HASH_HEADER: digest}
    if select:
        fields[SOURCE_SELECT_HEADER] = select
    if front_matter_keys is not None:
        fields[FRONT_MATTER_KEYS_HEADER] = ",".join(front_matter_keys)
    return fields


def front_matter_keys_from_header(header: Mapping[str, str]) -> tuple[str, ...] | None:
    """The ``--front-matter-key`` choice a PO was made with (None: the default keys)."""
    if FRONT_MATTER_KEYS_HEADER not in header:
        return None
    return tuple(k.strip() for k in header[FRONT_MATTER_KEYS_HEADER].split(",") if k.strip())


def selector_from_header(header: Mapping[str, str]) -> str | None:
    """The ``--select`` a PO was made with (None without one)."""
    return header.get(SOURCE_SELECT_HEADER, "").strip() or None


def source_from_header(header: Mapping[str, str], po_path: Path) -> tuple[Path | None, str]:
    """The source path (resolved against the PO's folder) and hash a PO header records."""
    relative = header.get(SOURCE_HEADER, "").strip()
    digest = header.get(SOURCE_HASH_HEADER, "").strip()
    if not relative:
        return None, digest
    return Path(po_path).parent / relative, digest


#: PO header field: a Markdown article's link reference definitions, as JSON
#: ``{"LABEL": {"href": "...", "title": "..."}}`` (they are not entries).
MARKDOWN_REFERENCES_HEADER = "X-Markdown-References"


def format_link_references(references: Mapping[str, Mapping[str, object]]) -> str:
    """The ``X-Markdown-References`` value: each label's ``href`` and ``title`` as JSON (sorted keys)."""
    refs = {
        label: {k: v for k, v in ref.items() if k in ("href", "title")}
        for label, ref in references.items()
        if isinstance(ref, Mapping)
    }
    return json.dumps(refs, ensure_ascii=False, sort_keys=True)


def parse_link_references(value: str) -> dict[str, dict[str, str]]:
    """The ``X-Markdown-References`` value as ``{label: {"href": ..., "title": ...}}`` ({} when empty).

    Raises :class:`ValueError` saying what is wrong: not JSON, not an
    object, or a reference without an ``href`` string.
    """
    if not value.strip():
        return {}
    try:
        data = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the {MARKDOWN_REFERENCES_HEADER} header is not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"the {MARKDOWN_REFERENCES_HEADER} header is not a JSON object")
    out: dict[str, dict[str, str]] = {}
    for label, ref in data.items():
        if not isinstance(ref, dict) or not isinstance(ref.get("href"), str) or not isinstance(ref.get("title", ""), str):
            raise ValueError(f"{MARKDOWN_REFERENCES_HEADER}: reference {label!r} has no href string")
        out[label] = {"href": ref["href"], "title": ref.get("title") or ""}
    return out


#: PO header field: the paragraph number the next new paragraph gets (never used before).
NEXT_PARAGRAPH_HEADER = "X-MT-Next-Paragraph"
#: PO header field: ``p3=5 p7=2``, a paragraph's next sentence number where its entries do not show it.
NEXT_SENTENCE_HEADER = "X-MT-Next-Sentence"
#: The header fields of :class:`IdMarks`.
ID_HEADERS = (NEXT_PARAGRAPH_HEADER, NEXT_SENTENCE_HEADER)


@dataclass(frozen=True)
class IdMarks:
    """High-water marks of the ``p<n>.s<m>`` ids an article's catalogs have used.

    ``next_paragraph`` is the number of the next new paragraph;
    ``next_sentence`` holds ``(paragraph, next sentence number)`` for the
    paragraphs that lost their last sentences (their entries alone would
    let those numbers be given again, once the obsolete entries are purged).
    """

    next_paragraph: int = 1
    next_sentence: tuple[tuple[int, int], ...] = ()

    def fields(self) -> dict[str, str]:
        """The header fields (``X-MT-Next-Sentence`` only when there is something to say)."""
        fields = {NEXT_PARAGRAPH_HEADER: str(self.next_paragraph)}
        if self.next_sentence:
            fields[NEXT_SENTENCE_HEADER] = " ".join(f"p{p}={s}" for p, s in self.next_sentence)
        return fields


_MARK_RE = re.compile(r"^p(\d+)=(\d+)$")


def parse_id_marks(header: Mapping[str, str]) -> IdMarks:
    """The :class:`IdMarks` a header records (missing or malformed fields count as none)."""
    value = header.get(NEXT_PARAGRAPH_HEADER, "").strip()
    next_paragraph = int(value) if value.isdigit() else 1
    sentences = []
    for item in header.get(NEXT_SENTENCE_HEADER, "").split():
        match = _MARK_RE.match(item)
        if match:
            sentences.append((int(match.group(1)), int(match.group(2))))
    return IdMarks(max(1, next_paragraph), tuple(sentences))
