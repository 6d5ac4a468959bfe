"""XLIFF 1.2 import: merge the targets a CAT tool sends back into the PO files they were exported from.

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

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from pipeline.catalog import Catalog, file_stamp, load_catalog, prune_drafts, write_catalog
from pipeline.errors import CatalogError, InputError
from pipeline.fsutil import read_input
from pipeline.interchange.codes import markup_finder
from pipeline.interchange.langtags import is_english, target_fits
from pipeline.interchange.xliff_codes import read_from
from pipeline.interchange.xliff_merge import merge_unit
from pipeline.interchange.xliff_record import digest
from pipeline.interchange.xliff_units import UnitIn, fail, find_po, units_of
from pipeline.interchange.xmlsafe import XNode, parse_xml

__all__ = [
    "FileImport",
    "ImportResult",
    "Skipped",
    "import_xliff",
]

#: How often import reads a PO again that changed while it was being merged.
REMERGE_ATTEMPTS = 5


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
            raise fail(xliff, unit.line, f"unit {unit.id!r} is not in {plan.po}")
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
    # A reviewed or edited target is no longer a machine draft: its fingerprint goes in this same write.
    return prune_drafts(replace(catalog, entries=entries, header=header)), report


def _untouched(unit: UnitIn) -> bool:
    """The unit's targets are what was exported (its record says so)."""
    if unit.base is None:
        return False
    texts = [read_from(t, {}) if t is not None else "" for t in unit.targets]
    return digest(texts) == unit.base.text


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
        if source_lang and not is_english(source_lang):  # none given (Weblate's XLIFF 1.1): the PO's English
            raise fail(path, line, f"source language {source_lang!r} is not English; this is another language pair")
        original = file_node.attrs.get("original", "")
        if not original:
            raise fail(path, line, "<file> has no original attribute naming its PO file")
        po_path = find_po(path, original, line)
        key = po_path.resolve()
        if key not in catalogs:
            catalogs[key] = load_catalog(po_path)
            plans[key] = _Plan(po=po_path)
        catalog = catalogs[key]
        target_lang = file_node.attrs.get("target-language", "")
        if target_lang and not target_fits(target_lang, catalog.language):
            raise fail(path, line, f"target language {target_lang!r} does not match {po_path} (Language: {catalog.language})")
        plan = plans[key]
        for unit in units_of(file_node, path):
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


#: The namespace of XLIFF 1.x and 2.x documents, followed by the version (``...:document:1.2``).
_XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"


def _version(root: XNode) -> str:
    """The XLIFF version: the ``version`` attribute, else the namespace's (Weblate writes none: ``...:document:1.1``)."""
    version = root.attrs.get("version", "").strip()
    namespace = root.attrs.get("xmlns", "")
    if not version and namespace.startswith(_XLIFF_NAMESPACE):
        version = namespace[len(_XLIFF_NAMESPACE):]
    return version


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
        raise fail(path, root.line, f"not an XLIFF file (root element <{root.tag}>)")
    version = _version(root)
    if not version.startswith("1."):
        raise fail(path, root.line, f"XLIFF {version or '(no version)'} is not supported; export XLIFF 1.2 from the CAT tool")
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
