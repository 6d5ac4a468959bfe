"""XLIFF 1.2 export: PO files written as one XLIFF file for CAT tools (OmegaT, Trados, memoQ, Phrase).

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

The entry's ``#:`` references travel as ``<context-group
purpose="location">`` (source file and line, read by Translate Toolkit as
its ``po2xliff`` locations), its ``#|`` previous source as a developer note
``previous source: …``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.catalog import Catalog, Entry, entry_state, load_catalog
from pipeline.catalog.notes import PreviousSourceNote
from pipeline.errors import InputError
from pipeline.fsutil import check_writable_file
from pipeline.interchange.codes import Finder, code_content, markup_finder
from pipeline.interchange.xliff_codes import render_codes
from pipeline.interchange.xliff_record import BASE_CONTEXT, PLURALS_RESTYPE, base_of
from pipeline.interchange.xmlsafe import ExportResult, write_xml_file, xml_attr

__all__ = [
    "ExportResult",
    "dumps_xliff",
    "export_xliff",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SOURCE_LANG = "en"
#: ``state-qualifier`` of each fuzzy kind of :func:`pipeline.catalog.state.entry_state`.
_QUALIFIERS = {"machine": "mt-suggestion", "reused": "tm-suggestion", "changed": "fuzzy-match", "fuzzy_match": "fuzzy-match"}


def bcp47(po_language: str) -> str:
    """``zh_Hans`` → ``zh-Hans`` (the PO's Language header as an XML language tag)."""
    return po_language.replace("_", "-")


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
    source = render_codes(entry.msgid, find(entry.msgid), ids, source=True)
    lines = [f'      <trans-unit id={ctx} resname={ctx} xml:space="preserve"{approved}>']
    lines.append(f"        <source xml:lang={xml_attr(SOURCE_LANG)}>{source}</source>")
    if entry.msgstr:
        target = render_codes(entry.msgstr, find(entry.msgstr), ids, source=False)
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
        lines.append(f"          <source xml:lang={xml_attr(SOURCE_LANG)}>{render_codes(text, find(text), ids, source=True)}</source>")
        if translations.get(n):
            target = render_codes(translations[n], find(translations[n]), ids, source=False)
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


def export_xliff(*, po_paths: Sequence[Path], out: Path) -> ExportResult:
    """Write the active entries of *po_paths* to *out* as XLIFF 1.2."""
    check_writable_file(out, what="--to")
    catalogs = []
    for path in po_paths:
        catalog = load_catalog(path)
        if not catalog.language:
            raise InputError(f"{path}: the PO file has no Language header", hint="give a translation (.po), not a template")
        catalogs.append((_original(path), catalog))
    write_xml_file(out, lambda: dumps_xliff(catalogs), hint="rename the file so its path has no control characters")
    return ExportResult(out=Path(out), files=len(catalogs), units=sum(len(c.active) for _, c in catalogs))
