"""XLIFF import merging: one unit's targets merged into its PO entry, never overwriting a reviewer's work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.catalog import MT_FLAG, Entry
from pipeline.catalog.notes import FuzzyNote, ReuseNote
from pipeline.interchange.codes import Finder
from pipeline.interchange.xliff_codes import Code, align_codes, read_from
from pipeline.interchange.xliff_record import SUGGESTION_PREFIX, digest, forms_of, base_of, is_own_note, suggestion_line
from pipeline.interchange.xliff_units import UnitIn

#: Notes from these authors are ours (extracted notes), not the translator's.
_OWN_NOTES = frozenset({"developer", "mtpipe"})


def _newlines_agree(source: str, target: str) -> str:
    """*target* with a leading and trailing newline as *source* has them (``msgfmt -c`` demands it)."""
    if source.endswith("\n") != target.endswith("\n"):
        target = target + "\n" if source.endswith("\n") else target.rstrip("\n")
    if source.startswith("\n") != target.startswith("\n"):
        target = "\n" + target if source.startswith("\n") else target.lstrip("\n")
    return target


def _entry_sources(entry: Entry) -> list[str]:
    return [entry.msgid, entry.msgid_plural] if entry.plural else [entry.msgid]


def _with_suggestion(entry: Entry, line: str) -> Entry:
    lines = entry.comment.split("\n") if entry.comment else []
    if line in lines:
        return entry
    return replace(entry, comment="\n".join([*lines, line]))


def _set_forms(entry: Entry, texts: Sequence[str]) -> Entry:
    if entry.plural:
        plural = dict(entry.msgstr_plural)
        plural.update(enumerate(texts))
        return replace(entry, msgstr_plural=tuple(sorted(plural.items())))
    return replace(entry, msgstr=texts[0])


def _origin_marked(entry: Entry, unit: UnitIn, *, xliff_name: str) -> Entry:
    """*entry* (a draft the CAT tool just gave) marked with where the tool says the draft came from:
    its machine translation (the ``mt`` flag: a machine draft), or its memory (a reuse note for an
    exact match, a fuzzy-match note with the score for a partial one)."""
    if unit.origin == "mt":
        return replace(entry, flags=tuple(dict.fromkeys([*entry.flags, MT_FLAG])))
    if unit.origin != "tm" or unit.score is None:
        return entry
    origin = f"{xliff_name} (CAT tool memory)"
    note = ReuseNote(origin) if unit.score >= 1 else FuzzyNote(int(unit.score * 100), origin)
    kept = tuple(n for n in entry.notes if not isinstance(n, (ReuseNote, FuzzyNote)))
    return replace(entry, notes=(*kept, note))


def _same_state(recorded: str, current: str) -> bool:
    """A recorded state matches the current one; a fuzzy memory match was recorded as ``changed`` before it had a state of its own."""
    return recorded == current or {recorded, current} == {"changed", "fuzzy_match"}


def merge_unit(entry: Entry, unit: UnitIn, *, find: Finder, xliff_name: str) -> tuple[Entry, list[tuple[str, str]]]:
    """*entry* with what *unit* brings, and what to report (``(kind, reason)``).

    Pure: no file is read or written. Never replaces a translation the PO
    changed since the export, never clears one, never loses a CAT target
    (kept as a suggestion when not applied).
    """
    reports: list[tuple[str, str]] = []
    sources = _entry_sources(entry)
    if len(unit.sources) < len(sources) or (not entry.plural and len(unit.sources) != 1):
        return entry, [("skipped", "it is not the same kind of entry (plural or not) as in the PO; not applied")]
    mappings = [align_codes(pieces, text, find) for pieces, text in zip(unit.sources, sources)]
    forms = forms_of(entry)
    targets: list[str | None] = []
    for n, target in enumerate(unit.targets[: len(forms) if entry.plural else 1]):
        mapping = mappings[min(n, len(mappings) - 1)] or {}
        targets.append(read_from(target, mapping) if target is not None else None)
    # The English changed since the export: the target is a suggestion only.
    if any(m is None for m in mappings):
        given = [t for t in targets if t and t.strip()]
        if not given:
            return entry, [("skipped", "its source no longer matches the PO (the article changed); no target to keep")]
        old_source = read_from(unit.sources[0], {})
        if not entry.has_translation and not entry.plural:
            kept = replace(
                entry,
                msgstr=_newlines_agree(entry.msgid, given[0]),
                flags=tuple(dict.fromkeys(["fuzzy", *(f for f in entry.flags if f != "mt")])),
                previous_msgid=old_source,
            )
            return kept, [("warning", "its source changed since the export; the target was kept as a fuzzy suggestion (previous source recorded)")]
        line = suggestion_line(xliff_name=xliff_name, why="its source changed since the export", target=given[0])
        return _with_suggestion(entry, line), [("conflict", "its source changed since the export; the target was added to the translator comment as a suggestion")]
    new_forms = list(forms)
    for n, text in enumerate(targets):
        if text is None or n >= len(new_forms):
            continue
        if not text.strip():
            if text and new_forms[n]:
                reports.append(("skipped", "a whitespace-only target never replaces a translation"))
            continue
        agreed = _newlines_agree(sources[min(n, len(sources) - 1)], text)
        if agreed != text:
            reports.append(("warning", "the target's leading/trailing newline did not match the source's; made to match (msgfmt -c)"))
        new_forms[n] = agreed
    reviewed = unit.reviewed
    text_changed = new_forms != forms
    codes_lost = False
    for target_pieces, codes, new, old in zip(unit.targets, mappings, new_forms, forms):
        if target_pieces is None or not codes or new == old:
            continue  # a target the CAT tool left as it was is never judged by its codes
        if {p.key for p in target_pieces if isinstance(p, Code)} != set(codes):
            codes_lost = True
    if codes_lost:
        reports.append(("warning", "the target lost or added an inline code; kept fuzzy for review"))
        reviewed = False
    notes = [text for text, author in unit.notes if author not in _OWN_NOTES and not is_own_note(text, entry)]
    comment = "\n".join(notes)
    comment_changed = bool(notes) and comment != entry.comment
    state_matters = any(t is not None and t.strip() for t in targets)
    if not (text_changed or comment_changed or state_matters):
        return entry, reports
    current = base_of(entry)
    base = unit.base
    text_ok = comment_ok = True
    if base is not None:
        text_ok = _same_state(base.state, current.state) and base.text == current.text
        comment_ok = base.comment == current.comment
        if not text_ok and text_changed and digest(new_forms) != base.text:
            # The reviewer changed the entry since the export, and so did the CAT tool: theirs stays.
            suggested = next(t for t, old in zip(new_forms, forms) if t != old)
            line = suggestion_line(xliff_name=xliff_name, why="the PO changed since the export", target=suggested)
            reports.append(("conflict", "the PO entry changed since the export; kept the PO's text, the target was added to the translator comment as a suggestion"))
            return _with_suggestion(entry, line), reports
        if comment_changed and not comment_ok:
            reports.append(("warning", "the PO's translator comment changed since the export; the CAT tool's note was not applied"))
    elif entry.translated and text_changed:
        suggested = next(t for t, old in zip(new_forms, forms) if t != old)
        line = suggestion_line(xliff_name=xliff_name, why="no export record; the PO entry is reviewed", target=suggested)
        reports.append(("conflict", "the unit has no export record (the CAT tool dropped it) and the PO entry is reviewed; the target was added to the translator comment as a suggestion"))
        return _with_suggestion(entry, line), reports
    result = entry
    if state_matters and text_ok:
        flags = list(entry.flags)
        if text_changed:
            flags = [f for f in flags if f != "mt"]  # a person wrote it now
        if reviewed is None:
            reviewed = entry.translated if not text_changed else False
        if reviewed:
            flags = [f for f in flags if f != "fuzzy"]
        elif "fuzzy" not in flags:
            flags.insert(0, "fuzzy")
        result = replace(_set_forms(result, new_forms), flags=tuple(flags))
        if reviewed:
            result = replace(result, previous_msgid=None, previous_msgctxt=None)
        elif text_changed:
            result = _origin_marked(result, unit, xliff_name=xliff_name)
    if comment_changed and comment_ok:
        result = replace(result, comment=comment)
    if codes_lost and state_matters and text_ok:
        result = _with_suggestion(result, f"{SUGGESTION_PREFIX} ({xliff_name}): the target lost or added an inline code; check its markup")
    return result, reports
