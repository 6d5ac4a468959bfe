"""Merging a fresh template into an existing catalog (babel's ``Catalog.update``).

:func:`merge` is the update from a fresh template:

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

A machine draft is known by its fingerprint in the ``X-MT-Drafts`` header,
which every gettext tool keeps; the ``mt`` flag beside ``fuzzy`` is a hint
for people (GNU tools drop it, and a re-run does not put it back into a file
it leaves alone). The header's PO-Revision-Date and Last-Translator stay as
the translator left them; POT-Creation-Date moves only when the template's sentences do.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import pipeline.catalog.notes as notes
from pipeline.catalog.notes import CONTEXT_HEADER, DRAFTS_HEADER
from pipeline.catalog.model import FUZZY_THRESHOLD, MT_FLAG, SOURCE_HEADERS, Catalog, Entry


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


def prune_drafts(catalog: Catalog) -> Catalog:
    """*catalog* with ``X-MT-Drafts`` fingerprinting only the entries that are still untouched machine drafts.

    What :func:`merge` records for an unchanged re-run: an entry a person
    edited, reviewed or commented (an XLIFF import, say) is no longer a
    machine draft, so whatever writes that change drops its fingerprint in
    the same write, and the next unchanged ``translate`` leaves the file alone.
    """
    if DRAFTS_HEADER not in catalog.header:
        return catalog
    untouched = untouched_drafts(catalog)
    fingerprints = {e.msgctxt: draft_fingerprint(e) for e in catalog.active if e.key in untouched}
    header = dict(catalog.header)
    if fingerprints:
        header[DRAFTS_HEADER] = notes.format_drafts(fingerprints)
    else:
        header.pop(DRAFTS_HEADER)
    return catalog if header == catalog.header else replace(catalog, header=header)


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
    fingerprints = {
        e.msgctxt: draft_fingerprint(e)
        for e in entries
        if not e.obsolete
        and e.fuzzy
        and e.msgstr
        and (
            (e.machine and e.msgctxt in drafts and drafts[e.msgctxt].msgstr == e.msgstr)
            or e.msgctxt in still_untouched
        )
    }
    if fingerprints:
        merged_header[DRAFTS_HEADER] = notes.format_drafts(fingerprints)
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
        layout=existing.layout,  # written back as the file was laid out
    )


def _unmarked(entry: Entry) -> Entry:
    """*entry* without the ``mt`` flag."""
    return replace(entry, flags=tuple(f for f in entry.flags if f != MT_FLAG)) if MT_FLAG in entry.flags else entry


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
                fresh = replace(draft, flags=draft.flags + _added_flags(old, draft))
                # The same draft again (a GNU tool only dropped its mt flag): the entry stays as it is.
                entries.append(old if _unmarked(fresh) == _unmarked(replace(old, references=t.references)) else fresh)
                if entries[-1] is old:
                    still_untouched.add(t.msgctxt)
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
