"""XLIFF 1.2 for CAT tools (OmegaT, Trados, memoQ, Phrase): export PO files, import the targets back.

Export writes one ``<file>`` per PO (``original`` is the PO's path) and one
``<trans-unit>`` per active entry, ``id`` = the entry's msgctxt. States map
both ways:

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
``needs-*`` state and ``new`` mean fuzzy; without a state, ``approved``
decides; with neither, an unchanged target keeps the entry's state and a
changed one becomes fuzzy. Extracted notes (glossary, kind) travel as
``<note from="developer">``, the translator comment as ``<note
from="translator">``; any note not from ``developer`` comes back as the
translator comment.

Markdown inline markup (emphasis marks, link syntax, code spans, inline
HTML) travels as ``<ph>`` inline codes, so a CAT tool shows it as a tag
that cannot be edited; on import a code's content is the markup again.

Import never loses work: a unit whose source no longer matches the PO is
reported and not applied, an empty target never clears a msgstr, a missing
note never clears a comment. A unit the PO does not have, a file for
another language pair, or XML that is not well-formed stops the import
before any PO is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.catalog import Catalog, Entry, load_catalog, write_catalog
from pipeline.errors import InputError
from pipeline.fsutil import atomic_write_text, check_writable_file
from pipeline.catalog.notes import MARKDOWN_REFERENCES_HEADER
from pipeline.qa.stats import entry_state
from pipeline.interchange.xmlsafe import XNode, parse_xml, xml_attr, xml_text

__all__ = ["ImportResult", "Skipped", "export_xliff", "dumps_xliff", "import_xliff", "read_segment"]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANG = "en"
#: Target states read as reviewed.
REVIEWED_STATES = frozenset({"translated", "final", "signed-off"})
#: Target states read as fuzzy.
FUZZY_STATES = frozenset(
    {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}
)
#: ``state-qualifier`` of each fuzzy kind of :func:`pipeline.qa.stats.entry_state`.
_QUALIFIERS = {"machine": "mt-suggestion", "reused": "tm-suggestion", "changed": "fuzzy-match"}
#: Notes from these authors are ours (extracted notes), not the translator's.
_OWN_NOTES = frozenset({"developer", "mtpipe"})
_HINT = "export the PO files again with `mtpipe export`; no PO file was changed"


def bcp47(po_language: str) -> str:
    """``zh_Hans`` → ``zh-Hans`` (the PO's Language header as an XML language tag)."""
    return po_language.replace("_", "-")


def _same_language(a: str, b: str) -> bool:
    from pipeline.languages.variants import canonical_lang

    return canonical_lang(a) == canonical_lang(b)


# --------------------------------------------------------------------------- inline codes


def _markup_finder(catalog: Catalog) -> Callable[[str], list[tuple[int, int]]]:
    """Inline markup spans of the texts of a PO, as its document's format finds them (none for plain text)."""
    from pipeline.documents.formats import format_of_references

    document = format_of_references(ref for e in catalog.entries for ref, _ in e.references)
    if not document.has_markup:
        return lambda text: []
    try:
        references = json.loads(catalog.header.get(MARKDOWN_REFERENCES_HEADER, "{}"))
    except ValueError:
        references = {}
    return lambda text: document.markup_spans(text, references=references or None)


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
        out.append(f'<ph id="{number}">{xml_text(code)}</ph>')
        cursor = end
    out.append(xml_text(text[cursor:]))
    return "".join(out)


def read_segment(node: XNode, codes: dict[str, str] | None = None) -> str:
    """The plain text of a ``<source>``/``<target>``: inline codes become their content again.

    ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>`` carry the markup itself; ``<x>``,
    ``<bx>``, ``<ex>`` refer to the source code with the same id (*codes*);
    ``<g>`` and ``<mrk>`` are read through.
    """
    codes = codes if codes is not None else {}
    parts: list[str] = []
    for child in node.children:
        if child.tag == "#text":
            parts.append(child.text)
        elif child.tag in ("ph", "bpt", "ept", "it"):
            parts.append(child.itertext())
        elif child.tag in ("x", "bx", "ex"):
            parts.append(codes.get(child.attrs.get("id", ""), ""))
        else:
            parts.append(read_segment(child, codes))
    return "".join(parts)


def _codes_of(node: XNode) -> dict[str, str]:
    return {c.attrs.get("id", ""): c.itertext() for c in node.iter("ph", "bpt", "ept", "it")}


# --------------------------------------------------------------------------- export


def _original(path: Path) -> str:
    """The PO path as ``original``: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _unit(entry: Entry, find: Callable[[str], list[tuple[int, int]]]) -> str:
    ids: dict[str, list[int]] = {}
    source = _render(entry.msgid, find(entry.msgid), ids, source=True)
    state = entry_state(entry)
    approved = ' approved="yes"' if state == "reviewed" else ""
    lines = [f"      <trans-unit id={xml_attr(entry.msgctxt)} resname={xml_attr(entry.msgctxt)} xml:space=\"preserve\"{approved}>"]
    lines.append(f"        <source xml:lang={xml_attr(SOURCE_LANG)}>{source}</source>")
    if entry.msgstr:
        target = _render(entry.msgstr, find(entry.msgstr), ids, source=False)
        if state == "reviewed":
            attrs = 'state="translated"'
        else:
            attrs = f'state="needs-review-translation" state-qualifier="{_QUALIFIERS[state]}"'
        lines.append(f"        <target {attrs}>{target}</target>")
    for note in entry.notes:
        lines.append(f'        <note from="developer">{xml_text(note)}</note>')
    if entry.previous_msgid is not None:
        lines.append(f'        <note from="developer">previous source: {xml_text(entry.previous_msgid)}</note>')
    if entry.comment:
        lines.append(f'        <note from="translator">{xml_text(entry.comment)}</note>')
    lines.append("      </trans-unit>")
    return "\n".join(lines)


def dumps_xliff(catalogs: Sequence[tuple[str, Catalog]]) -> str:
    """XLIFF 1.2 text for ``(original, catalog)`` pairs."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<xliff version="1.2" xmlns="{XLIFF_NS}">']
    for original, catalog in catalogs:
        find = _markup_finder(catalog)
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
    atomic_write_text(out, dumps_xliff(catalogs))
    return ExportResult(out=Path(out), files=len(catalogs), units=sum(len(c.active) for _, c in catalogs))


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Skipped:
    """A unit reported and not applied."""

    line: int
    unit: str
    reason: str


@dataclass
class FileImport:
    po: Path
    updated: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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


def _fail(path: Path, line: int, what: str) -> InputError:
    return InputError(f"{path}:{line}: {what}", hint=_HINT)


def _find_po(xliff_path: Path, original: str, line: int) -> Path:
    candidate = Path(original)
    options = [candidate] if candidate.is_absolute() else [candidate, xliff_path.parent / candidate]
    for option in options:
        if option.is_file():
            return option
    raise _fail(xliff_path, line, f"the PO file {original!r} of this <file> does not exist")


def _reviewed_state(target: XNode, unit: XNode) -> bool | None:
    """True (reviewed), False (fuzzy) or None (the file does not say).

    The target's ``state`` decides; ``approved`` only when there is no state
    (a tool may leave a stale ``approved="yes"`` when it sends a unit back).
    """
    state = target.attrs.get("state", "")
    if state in REVIEWED_STATES:
        return True
    if state in FUZZY_STATES:
        return False
    approved = unit.attrs.get("approved")
    return True if approved == "yes" else False if approved == "no" else None


def _apply(entry: Entry, unit: XNode, codes: dict[str, str]) -> Entry:
    target = unit.child("target")
    result = entry
    if target is not None:
        text = read_segment(target, codes)
        reviewed = _reviewed_state(target, unit)
        if text:
            flags = list(entry.flags)
            changed = text != entry.msgstr
            if changed:
                flags = [f for f in flags if f != "mt"]  # a person wrote it now
            if reviewed is None:
                reviewed = entry.translated if not changed else False
            if reviewed:
                flags = [f for f in flags if f != "fuzzy"]
            elif "fuzzy" not in flags:
                flags.insert(0, "fuzzy")
            result = replace(result, msgstr=text, flags=tuple(flags))
            if reviewed:
                result = replace(result, previous_msgid=None, previous_msgctxt=None)
    notes = [n.itertext() for n in unit.elements("note") if n.attrs.get("from", "") not in _OWN_NOTES]
    if notes and "\n".join(notes) != entry.comment:
        result = replace(result, comment="\n".join(notes))
    return result


def import_xliff(*, path: Path, dry_run: bool = False) -> ImportResult:
    """Merge the targets of XLIFF *path* into the PO files it was exported from.

    Every file and unit is checked before any PO is written; :class:`InputError`
    (naming the XLIFF file and line) for a unit the PO lacks, another language
    pair, or XML that is not well-formed.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", hint="check the path") from exc
    root = parse_xml(data, name=path, kind="XLIFF", error=InputError, hint="the file is damaged; export it from the CAT tool again")
    if root.tag != "xliff":
        raise _fail(path, root.line, f"not an XLIFF file (root element <{root.tag}>)")
    version = root.attrs.get("version", "")
    if not version.startswith("1."):
        raise _fail(path, root.line, f"XLIFF {version or '(no version)'} is not supported; export XLIFF 1.2 from the CAT tool")
    result = ImportResult(xliff=path)
    #: Each PO once, with the changes of every <file> naming it.
    loaded: dict[Path, Catalog] = {}
    changed: list[Path] = []
    for file_node in root.elements("file"):
        line = file_node.line
        source_lang = file_node.attrs.get("source-language", "")
        if not _same_language(source_lang, SOURCE_LANG):
            raise _fail(path, line, f"source language {source_lang!r} is not English; this is another language pair")
        original = file_node.attrs.get("original", "")
        if not original:
            raise _fail(path, line, "<file> has no original attribute naming its PO file")
        po_path = _find_po(path, original, line)
        key = po_path.resolve()
        catalog = loaded[key] if key in loaded else load_catalog(po_path)
        loaded[key] = catalog
        target_lang = file_node.attrs.get("target-language", "")
        if target_lang and not _same_language(target_lang, catalog.language):
            raise _fail(path, line, f"target language {target_lang!r} does not match {po_path} (Language: {catalog.language})")
        by_id = {e.msgctxt: i for i, e in enumerate(catalog.entries) if not e.obsolete}
        report = FileImport(po=po_path)
        entries = list(catalog.entries)
        for unit in file_node.iter("trans-unit"):
            unit_id = unit.attrs.get("resname") or unit.attrs.get("id", "")
            if unit_id not in by_id:
                raise _fail(path, unit.line, f"unit {unit_id!r} is not in {po_path}")
            source = unit.child("source")
            if source is None:
                raise _fail(path, unit.line, f"unit {unit_id!r} has no <source>")
            index = by_id[unit_id]
            entry = entries[index]
            source_text = read_segment(source)
            if source_text != entry.msgid:
                report.skipped.append(Skipped(unit.line, unit_id, "its source no longer matches the PO (the article changed); not applied"))
                continue
            updated = _apply(entry, unit, _codes_of(source))
            if updated != entry:
                entries[index] = updated
                report.updated.append(unit_id)
        result.files.append(report)
        if report.updated:
            header = dict(catalog.header)
            header["PO-Revision-Date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
            loaded[key] = replace(catalog, entries=entries, header=header)
            changed.extend([key] if key not in changed else [])
    if not dry_run:
        for key in changed:
            write_catalog(key, loaded[key])
    return result
