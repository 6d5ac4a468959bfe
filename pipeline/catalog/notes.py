"""The data mtpipe carries in PO comments and headers: one builder and one parser for each.

PO files travel through CAT tools, so what mtpipe needs to remember about an
entry rides in its extracted comments (``#.``) and in ``X-`` header fields.
Every such note is built and read here, side by side, and nowhere else:

=====================  ==================================================
``#.`` note            meaning
=====================  ==================================================
``glossary: S → T``    glossary term S was rendered T (``NOT applied``
                       and a reason when enforcement failed)
``kind: heading 2``    the block's kind (title, heading + level, ...)
``memory: reused       the translation was copied from a reviewed entry
from ORIGIN``          (or an imported memory) and needs confirming
``converted from       a Traditional draft made by OpenCC
zh_Hans.po with
OpenCC``
=====================  ==================================================

Header fields: ``X-MT-Drafts`` (fingerprints of untouched machine drafts,
``p1.s1=3f2a9c1b0d ...``), ``X-MT-Context`` (what produced them), and the
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_PREFIX = "glossary: "
KIND_PREFIX = "kind: "
REUSE_PREFIX = "memory: reused from "
_ARROW = " → "
_NOT_APPLIED = " NOT applied"

#: Header field: fingerprints of the machine drafts as mtpipe wrote them.
DRAFTS_HEADER = "X-MT-Drafts"
#: Header field: what produced the drafts (model, options, glossary).
CONTEXT_HEADER = "X-MT-Context"


@dataclass(frozen=True)
class GlossaryNote:
    """``glossary: exit ban → 出境禁令`` (or ``... NOT applied (why)``)."""

    source: str
    target: str
    applied: bool = True
    why: str = ""  #: e.g. `` (forbidden rendering '出境禁止' present)``, with its leading space

    def __str__(self) -> str:
        text = f"{GLOSSARY_PREFIX}{self.source}{_ARROW}{self.target}"
        return text if self.applied else f"{text}{_NOT_APPLIED}{self.why}"


def parse_glossary_note(note: str) -> GlossaryNote | None:
    """The :class:`GlossaryNote` a ``#.`` note holds, or ``None`` for any other note."""
    if not note.startswith(GLOSSARY_PREFIX) or _ARROW not in note:
        return None
    source, _, rest = note[len(GLOSSARY_PREFIX):].partition(_ARROW)
    target, found, why = rest.partition(_NOT_APPLIED)
    return GlossaryNote(source, target, applied=not found, why=why)


def glossary_notes(notes: Iterable[str]) -> list[GlossaryNote]:
    """Every glossary note among *notes*, in order."""
    return [g for g in map(parse_glossary_note, notes) if g is not None]


@dataclass(frozen=True)
class KindNote:
    """``kind: title`` or ``kind: heading 2``: what kind of block a sentence opens."""

    kind: str
    level: int | None = None

    def __str__(self) -> str:
        return f"{KIND_PREFIX}{self.kind}" + (f" {self.level}" if self.level is not None else "")


def parse_kind_note(note: str) -> KindNote | None:
    if not note.startswith(KIND_PREFIX):
        return None
    words = note[len(KIND_PREFIX):].split()
    if not words:
        return None
    level = int(words[1]) if len(words) > 1 and words[1].isdigit() else None
    return KindNote(words[0], level)


def kind_of(notes: Iterable[str]) -> KindNote | None:
    """The first kind note among *notes*."""
    return next((k for k in map(parse_kind_note, notes) if k is not None), None)


def reuse_note(origin: str) -> str:
    """``memory: reused from run-movement/zh_Hans.po p3.s2``."""
    return f"{REUSE_PREFIX}{origin}"


def parse_reuse_note(note: str) -> str | None:
    """The origin a reuse note names, or ``None``."""
    return note[len(REUSE_PREFIX):] if note.startswith(REUSE_PREFIX) else None


def converted_note(po_stem: str) -> str:
    """``converted from zh_Hans.po with OpenCC``: a Traditional draft made by conversion."""
    return f"converted from {po_stem}.po with OpenCC"


def draft_fingerprint(msgid: str, msgstr: str) -> str:
    """A short hash of a machine draft as mtpipe wrote it."""
    return hashlib.sha1(f"{msgid}\0{msgstr}".encode()).hexdigest()[:10]


def format_drafts(fingerprints: Mapping[str, str]) -> str:
    """``p1.s1=3f2a9c1b0d p1.s2=...`` for the ``X-MT-Drafts`` header (in the given order)."""
    return " ".join(f"{ctxt}={fp}" for ctxt, fp in fingerprints.items())


def parse_drafts(value: str) -> dict[str, str]:
    """The ``X-MT-Drafts`` header as ``{msgctxt: fingerprint}`` (malformed items ignored)."""
    return dict(item.split("=", 1) for item in value.split() if "=" in item)


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
