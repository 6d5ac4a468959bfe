"""TBX-Basic glossaries: read TBX 2 (``martif``) and TBX 3 (``tbx``, DCA and DCT style), and write TBX-Basic, losing nothing.

The export is TBX 2 (ISO 30042:2008, TBX-Basic 2009), valid against the
integrated TBX-Basic RELAX NG schema and TBX Checker: the tools it is for
read only TBX 2 (Translate Toolkit, so Weblate and Pootle, read no unit of a
TBX 3 file), and TBX Checker checks only TBX 2. TBX 3 is read.

Alternatives are admitted terms, forbidden renderings deprecated terms of
their own language. What TBX-Basic has no data category for is written as
an entry ``<note>`` with the prefix :data:`NOTE_PREFIX` (TBX-Basic allows
no custom ``admin`` or ``descrip`` type, and TBX Checker refuses one):
``mtpipe:dnt=yes``, ``mtpipe:case=sensitive`` (or ``insensitive``) and
``mtpipe:match=verb|compound`` (the ``match`` flags). Definitions and other
notes are notes.

Reading, a term's status is its ``administrativeStatus``,
``normativeAuthorization`` or ``usageStatus``, as a ``termNote`` of that
type (TBX 2, TBX 3 DCA) or as an element of that name (TBX 3 DCT:
``<min:administrativeStatus>``). Deprecated, superseded and forbidden
English terms are not variants, and such target terms are forbidden
renderings. ``dnt`` is also read from ``<descrip type="Translation
needed">no`` (Translate Toolkit, mtpipe before) and Weblate's ``<termNote
type="translationNote">no``; ``case`` and ``match`` from mtpipe's former
``<admin type="x-mtpipe-...">``. An entry with terms in one language only
(IATE and Microsoft termbases have some) is skipped with a warning.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.fsutil import atomic_write_text
from pipeline.glossary.forms import MATCH_FLAGS
from pipeline.glossary.languages import is_traditional
from pipeline.languages.variants import find as find_variant
from pipeline.interchange.langtags import glossary_column, parse_tag
from pipeline.interchange.xmlsafe import XML_ILLEGAL, XNode, parse_xml
from pipeline.glossary.model import (
    CASE_VALUES,
    Glossary,
    GlossaryProblem,
    ReadResult,
    Row,
    Term,
    clean_cell,
    gc_paused,
    language_problems,
    merge_reads,
    read_bytes,
)



_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DEPRECATED = ("deprecated", "superseded", "forbidden", "obsolete", "notrecommended")
#: Where a term's status is, as a ``termNote`` type or (TBX 3 DCT) an element name.
STATUS_TYPES = ("administrativeStatus", "normativeAuthorization", "usageStatus")
#: The prefix of the notes that carry what TBX-Basic has no data category for.
NOTE_PREFIX = "mtpipe:"
#: Deepest element nesting accepted; TBX-Basic needs about 8 levels.
MAX_TBX_DEPTH = 64
#: The ``admin`` type mtpipe wrote an explicit ``case`` in before (read, never written: not TBX-Basic).
CASE_ADMIN_TYPE = "x-mtpipe-case"
#: The ``admin`` type mtpipe wrote the ``match`` flags in before (read, never written).
MATCH_ADMIN_TYPE = "x-mtpipe-match"


def _parse_xml(path: Path, data: bytes) -> XNode:
    """A small tree with line numbers, read safely (:func:`pipeline.interchange.xmlsafe.parse_xml`)."""
    return parse_xml(
        data, name=path, kind="TBX", error=GlossaryError, max_depth=MAX_TBX_DEPTH,
        hint="export the glossary again as TBX, or use CSV",
    )


def _entry_notes(entry: XNode) -> tuple[list[str], bool, bool | None, frozenset[str]]:
    """An entry's notes (``note`` and ``descrip`` texts, each once), dnt, explicit case and match flags."""
    notes: list[str] = []
    dnt = False
    case: bool | None = None
    flags: frozenset[str] = frozenset()
    for node in entry.iter("note", "descrip", "admin", "termNote", "definition"):
        text = clean_cell(node.itertext())
        kind = node.attrs.get("type", "").strip()
        key, _, value = text[len(NOTE_PREFIX) :].partition("=") if text.startswith(NOTE_PREFIX) else ("", "", "")
        if node.tag == "termNote" and kind.lower() != "translationnote":
            continue
        if (node.tag == "descrip" and kind.lower() == "translation needed") or node.tag == "termNote":
            dnt = text.lower() == "no"
        elif node.tag == "note" and key.strip() == "dnt":
            dnt = value.strip().lower() in ("yes", "true", "1")
        elif (node.tag == "admin" and kind == CASE_ADMIN_TYPE) or (node.tag == "note" and key.strip() == "case"):
            case = CASE_VALUES.get((value if node.tag == "note" else text).strip().lower())
        elif (node.tag == "admin" and kind == MATCH_ADMIN_TYPE) or (node.tag == "note" and key.strip() == "match"):
            listed = value if node.tag == "note" else text
            flags = frozenset(f.strip().lower() for f in listed.split("|")) & MATCH_FLAGS.keys()
        elif node.tag == "admin" or not text:
            continue
        elif node.tag == "descrip" and kind and kind.lower() != "definition":
            notes.append(f"{kind}: {text}")
        else:
            notes.append(text)
    return list(dict.fromkeys(notes)), dnt, case, flags


def read_tbx(path: Path, data: bytes) -> ReadResult:
    root = _parse_xml(path, data)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(f"{path}:1: not a TBX file (root element <{root.tag}>)", hint="give a TBX-Basic file")
    source_lang = glossary_column(root.lang() or "en")
    primary = parse_tag(source_lang).language
    rows: list[Row] = []
    problems: list[GlossaryProblem] = []
    target_langs: dict[str, None] = {}
    for entry in root.iter("termEntry", "conceptEntry"):
        sources: list[str] = []
        targets: dict[str, str] = {}
        alternatives: list[tuple[str, str]] = []
        forbidden: list[str] = []
        forbidden_in: list[tuple[str, str]] = []  # another language's: forbidden in that language only
        notes, dnt, case, flags = _entry_notes(entry)
        for lang_set in entry.iter("langSet", "langSec"):
            lang = glossary_column(lang_set.lang() or source_lang)
            is_source = parse_tag(lang).language == primary and not parse_tag(lang).extlang
            if not is_source:
                target_langs.setdefault(lang, None)
            preferred: list[str] = []
            admitted: list[str] = []
            for group in lang_set.children:
                if group.tag not in ("tig", "ntig", "termSec"):
                    continue
                term_node = next(group.iter("term"), None)
                if term_node is None:
                    continue
                text = clean_cell(term_node.itertext())
                if not text:
                    continue
                status = " ".join(
                    clean_cell(n.itertext()).lower()
                    for n in group.iter("termNote", *STATUS_TYPES)
                    if (n.attrs.get("type") if n.tag == "termNote" else n.tag) in STATUS_TYPES
                )
                if any(d in status for d in _DEPRECATED):
                    if not is_source and find_variant(lang) is None:
                        forbidden_in.append((lang, text))
                    elif not is_source:
                        forbidden.append(text)
                elif "preferred" in status:
                    preferred.append(text)
                else:
                    admitted.append(text)
            forms = preferred + admitted
            if not forms:
                continue
            if is_source:
                sources.extend(forms)
                continue
            target = targets.setdefault(lang, forms[0])
            alternatives += ((lang, alt) for alt in forms if alt != target and (lang, alt) not in alternatives)
        line = entry.line
        if not sources:
            if targets:  # a monolingual entry of another language (IATE, Microsoft): skipped
                langs = ", ".join(targets)
                problems.append(GlossaryProblem(line, "warning", f"entry has terms in {langs} only, no {source_lang} term; skipped"))
            else:
                problems.append(GlossaryProblem(line, "error", f"entry has no {source_lang} term; ignored"))
            continue
        if not targets and not dnt:
            problems.append(GlossaryProblem(line, "warning", f"{sources[0]!r} has no target (a monolingual entry); skipped"))
            continue
        rows.append(
            Row(
                line,
                Term(
                    source=sources[0],
                    targets=targets,
                    variants=tuple(dict.fromkeys(s for s in sources[1:] if s != sources[0])),
                    case_sensitive=case,
                    dnt=dnt,
                    forbidden=tuple(dict.fromkeys(forbidden)),
                    note="; ".join(notes),
                    origin=f"{path.name}:{line}",
                    alternatives=tuple(alternatives),
                    match_flags=flags,
                    forbidden_in=tuple(dict.fromkeys(forbidden_in)),
                ),
            )
        )
    problems += language_problems(root.line, tuple(target_langs))
    return ReadResult(rows, problems, source_lang)


def load_tbx(path: Path) -> Glossary:
    """Read a TBX-Basic (TBX 2 ``martif`` or TBX 3 ``tbx``) glossary."""
    path = Path(path)
    with gc_paused():
        return merge_reads([read_tbx(path, read_bytes(path))], [path])


def _forbidden_by_lang(term: Term) -> dict[str, list[str]]:
    """Forbidden renderings by the language they are written in.

    Simplified (or script-neutral) forms go under ``zh``; Traditional ones
    under the term's first Traditional target language, else ``zh-Hant``.
    """
    traditional = next((lang for lang in term.targets if (v := find_variant(lang)) and v.is_traditional), "zh-Hant")
    out: dict[str, list[str]] = {}
    for bad in term.forbidden:
        out.setdefault(traditional if is_traditional(bad) else "zh", []).append(bad)
    for lang, bad in term.forbidden_in:  # another language's: under its own langSet
        out.setdefault(lang, []).append(bad)
    return out


def _xml_safe(term: Term) -> None:
    """Refuse a term with a character XML cannot hold (it would make the TBX unreadable)."""
    texts = (
        term.source, *term.variants, *term.targets.values(), *(t for _, t in term.alternatives),
        *term.forbidden, *(t for _, t in term.forbidden_in), term.note,
    )
    for text in texts:
        bad = XML_ILLEGAL.search(text)
        if bad is not None:
            where = f"{term.origin}: " if term.origin else ""
            raise GlossaryError(
                f"{where}{text!r} contains the control character U+{ord(bad.group()):04X}, which XML cannot hold; "
                "nothing written",
                hint="remove it from the glossary (`mtpipe glossary check` shows every such line)",
            )


def mtpipe_notes(term: Term) -> list[str]:
    """The :data:`NOTE_PREFIX` notes that carry *term*'s ``dnt``, explicit ``case`` and ``match`` flags."""
    notes = []
    if term.dnt:
        notes.append(f"{NOTE_PREFIX}dnt=yes")
    if term.case_sensitive is not None:
        notes.append(f"{NOTE_PREFIX}case={'sensitive' if term.case_sensitive else 'insensitive'}")
    if term.match_flags:
        notes.append(f"{NOTE_PREFIX}match=" + "|".join(flag for flag in MATCH_FLAGS if flag in term.match_flags))
    return notes


def tbx_text(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic (``martif``) document.

    Variants are admitted source terms and alternatives admitted target
    terms; forbidden renderings are deprecated terms of the language they are
    written in (``zh-Hans``, or the Traditional one); ``dnt``, an explicit
    ``case`` and ``match`` flags are ``<note>mtpipe:dnt=yes</note>``-style
    notes (:data:`NOTE_PREFIX`): TBX-Basic has no data category for them.
    Raises GlossaryError, before anything is written, for a term holding a
    character XML cannot hold.
    """
    import xml.etree.ElementTree as ET

    for term in glossary.terms:
        _xml_safe(term)
    src = glossary.source_lang
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: src})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "mtpipe glossary"
    encoding_desc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")

    def tig(parent: ET.Element, text: str, status: str) -> None:
        group = ET.SubElement(parent, "tig")
        ET.SubElement(group, "term").text = text
        ET.SubElement(group, "termNote", {"type": "administrativeStatus"}).text = f"{status}-admn-sts"

    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"t{number}"})
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        for line in mtpipe_notes(term):
            ET.SubElement(entry, "note").text = line
        source_set = ET.SubElement(entry, "langSet", {_XML_LANG: src})
        tig(source_set, term.source, "preferredTerm")
        for variant in term.variants:
            tig(source_set, variant, "admittedTerm")
        forbidden = _forbidden_by_lang(term)
        langs = list(dict.fromkeys([*term.targets, *(lang for lang, _ in term.alternatives)]))
        langs += [lang for lang in forbidden if lang not in langs]
        for lang in langs:
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: "zh-Hans" if lang == "zh" else lang})
            if lang in term.targets:
                tig(lang_set, term.targets[lang], "preferredTerm")
            for alternative in term.alternatives_for(lang):
                tig(lang_set, alternative, "admittedTerm")
            for bad in forbidden.get(lang, ()):
                tig(lang_set, bad, "deprecatedTerm")
    ET.indent(root, space="  ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + ET.tostring(root, encoding="unicode") + "\n"
    )


def write_tbx(glossary: Glossary, path: Path) -> None:
    """Write *glossary* as TBX-Basic to *path* (atomically)."""
    atomic_write_text(Path(path), tbx_text(glossary))
