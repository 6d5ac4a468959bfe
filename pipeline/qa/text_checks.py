"""QA checks of the target's own text: unchanged, unbalanced, too long or short, and its typography as the languages table gives it.

Decisions, each documented on its check:

* length: the en→zh band :data:`LENGTH_BANDS` was calibrated on the
  reviewed ``translations/run-movement/zh_Hans.po`` (48 entries, target
  characters without spaces / source characters: mean 0.275, sd 0.042,
  range 0.18-0.37); sources shorter than :data:`LENGTH_MIN_SOURCE` are not
  checked.
* Latin leftovers: words that occur in the source are *not* allowed as such
  (every leftover comes from the source, so that would disable the check);
  allowed are all-caps abbreviations (see
  :func:`pipeline.languages.typography.has_latin_leftovers`), and with a glossary the
  forms of its do-not-translate terms and the Latin words of its targets.
* Every check that reads punctuation (``brackets``, ``startpunc``,
  ``endpunc``, ``punctuation``) or script (``latin``) asks the languages
  table (:mod:`pipeline.languages.table`) for the target's conventions: its
  quotation marks, its sentence-final marks and the marks that open a
  sentence (Spanish ``¿``), whether it is written with full-width
  punctuation, and its script. None names a language.
* Markup is never text: ``brackets``, ``length``, ``latin``,
  ``punctuation``, ``startpunc`` and ``endpunc`` (and the glossary check)
  read both texts with the markup of the article's format blanked out
  (:meth:`pipeline.qa.framework.CheckContext.visible`): HTML tags with their
  attributes, and whole ``<code>``/``<kbd>``/``<samp>``/``<var>`` and
  ``translate="no"`` elements, as Markdown code spans and link destinations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache

from pipeline.languages.convert import find_misconversions
from pipeline.languages.table import SOURCE, Language
from pipeline.languages.typography import (
    PAIRED_MARKS,
    find_halfwidth_punctuation,
    has_latin_leftovers,
    paired_mark_balance,
)
from pipeline.qa.framework import ERROR, WARNING, CheckContext, check
from pipeline.qa.markup_checks import without_protected


# -------------------------------------------------------------------------- untranslated

_WORD_RE = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


@check("unchanged", ERROR)
def check_untranslated(source: str, target: str, context: CheckContext) -> list[str]:
    """Target identical to the source.

    Not reported when the source has no word with a lower-case letter
    outside its markup (``2023``, ``COVID-19``, ``CCP``, an HTML
    ``<code>ls -l</code>``): such a text may stay as it is.
    """
    if " ".join(source.split()) != " ".join(target.split()):
        return []
    if not any(len(w) > 1 for w in _WORD_RE.findall(without_protected(context.visible(source)))):
        return []
    return ["target is the untranslated source"]


# -------------------------------------------------------------------------- quotes and brackets

def _describe_balance(opened: int, closed: int) -> str:
    parts = []
    if opened:
        parts.append(f"{opened} opening mark{'s' if opened > 1 else ''} not closed")
    if closed:
        parts.append(f"{closed} closing mark{'s' if closed > 1 else ''} not opened")
    return " and ".join(parts) or "all marks paired"


@check("newlines", ERROR)
def check_newlines(source: str, target: str, context: CheckContext) -> list[str]:
    """A line break at the start or end of one text and not the other.

    GNU ``msgfmt --check`` rejects the whole file for it (an editor such as
    Poedit adds one when Enter is pressed at the end of the target).
    """
    found = []
    for where, test in (("ends", str.endswith), ("starts", str.startswith)):
        if test(source, "\n") != test(target, "\n"):
            found.append(f"the {'source' if test(source, chr(10)) else 'target'} {where} with a line break and the other does not")
    return found


@check("brackets", ERROR)
def check_brackets(source: str, target: str, context: CheckContext) -> list[str]:
    """Unbalanced quotation marks or brackets in the target.

    Compared with the source: a quotation that spans sentences opens in one
    entry and closes in a later one, so a target as unbalanced as its source
    is fine. A balanced target is never reported, even when its source is
    not (the translator fixed a typo of the source). The target's quotation
    marks are read as its language writes them (the table's marks): ``„ “``
    opens and closes a German quotation, ``” “`` a Hebrew one, and ``„ “`` is
    a Russian quotation inside ``« »``. Markup is not text.
    """
    language = context.target_language(target)
    source_balance = paired_mark_balance(context.visible(source))
    target_balance = paired_mark_balance(context.visible(target).translate(_as_english_marks(language)))
    messages = []
    for label, src, tgt in zip(_mark_labels(language), source_balance, target_balance):
        if tgt != (0, 0) and src != tgt:
            message = f"unbalanced {label}: {_describe_balance(*tgt)} in the target"
            if src != (0, 0):
                message += f" (source: {_describe_balance(*src)})"
            messages.append(message)
    return messages


@cache
def _as_english_marks(language: Language) -> dict[int, str]:
    """A :meth:`str.translate` table: the language's quotation marks as the English ones of the same role.

    Only marks :data:`PAIRED_MARKS` does not read in that role are changed:
    German ``„Ja“`` reads as ``“Ja”``, while ``「」``, ``« »`` and French
    inner ``“ ”`` already read as they are written; marks that open and close alike
    (Swedish ``”``) read as a straight quote, which closes an open quote or opens one.
    """
    all_openers = "".join(openers for _, openers, _ in PAIRED_MARKS)
    all_closers = "".join(closers for _, _, closers in PAIRED_MARKS)
    table: dict[int, str] = {}
    for family, (open_, close) in enumerate(_pairs(language.marks)):
        _, openers, closers = PAIRED_MARKS[family]
        if open_ == close:
            table[ord(open_)] = '"'
            continue
        for ours, same_role, english in ((open_, all_openers, openers[0]), (close, all_closers, closers[0])):
            if ours not in same_role:
                table[ord(ours)] = english
    return table


def _pairs(marks: str) -> list[tuple[str, str]]:
    return [(marks[0], marks[1]), (marks[2], marks[3])]


@cache
def _mark_labels(language: Language) -> tuple[str, ...]:
    """The labels of :data:`PAIRED_MARKS` for messages; a quote family the language writes with marks
    read otherwise (:func:`_as_english_marks`) is named by them (German ``„ “``)."""
    labels = [label for label, _, _ in PAIRED_MARKS]
    read_otherwise = _as_english_marks(language)
    for family, (open_, close) in enumerate(_pairs(language.marks)):
        if ord(open_) in read_otherwise or ord(close) in read_otherwise:
            labels[family] = f"{open_} {close}"
    return tuple(labels)


# -------------------------------------------------------------------------- length

#: Accepted target/source character ratio by target language (ISO 639 prefix).
#: Target characters are counted without whitespace. zh: the reviewed sample
#: has mean 0.275, sd 0.042, range 0.18-0.37; the band leaves room for wordier
#: or terser styles (about mean ± 3.5 sd, rounded outwards).
LENGTH_BANDS: Mapping[str, tuple[float, float]] = {"zh": (0.12, 0.50)}
#: Sources shorter than this are not length-checked: headings and names vary too much.
LENGTH_MIN_SOURCE = 20


@check("length", WARNING)
def check_length(source: str, target: str, context: CheckContext) -> list[str]:
    """Target too long or too short for the source.

    The ratio of target characters (without spaces) to source characters
    must lie in the band of :data:`LENGTH_BANDS` for the target language.
    URLs, e-mail addresses, inline code, placeholders and markup (HTML tags
    and their attributes, Markdown delimiters) count on neither side. Languages without a band, and sources
    under :data:`LENGTH_MIN_SOURCE` characters, are not checked.
    """
    band = LENGTH_BANDS.get(context.lang.split("-")[0].lower())
    source_len = len(" ".join(without_protected(context.visible(source)).split()))
    if band is None or source_len < LENGTH_MIN_SOURCE:
        return []
    target_len = len("".join(without_protected(context.visible(target)).split()))
    ratio = target_len / source_len
    low, high = band
    if low <= ratio <= high:
        return []
    what = "short" if ratio < low else "long"
    return [
        f"target too {what}: {target_len} characters for a {source_len}-character source "
        f"(ratio {ratio:.2f}, expected {low:.2f}-{high:.2f})"
    ]


# -------------------------------------------------------------------------- Chinese typography


@check("latin", WARNING)
def check_latin(source: str, target: str, context: CheckContext) -> list[str]:
    """Latin-script words left in a target written in another script.

    Run for the languages whose script (in the languages table) is not
    Latin: Chinese, Japanese, Korean, Russian, Arabic, Hindi... All-caps
    abbreviations (CCP, COVID-19) and, with a glossary, its
    do-not-translate terms and Latin-script targets are allowed; markup
    (tags, attributes, code) is not text.
    """
    if context.target_language(target).script == "Latn":
        return []
    words = has_latin_leftovers(context.visible(target), allowed=context.latin_allowed)
    if not words:
        return []
    shown = ", ".join(words[:6]) + (", ..." if len(words) > 6 else "")
    return [f"Latin-script word{'s' if len(words) > 1 else ''} in the target: {shown}"]


@check("punctuation", WARNING)
def check_punctuation(source: str, target: str, context: CheckContext) -> list[str]:
    """Half-width punctuation in a target written with full-width punctuation.

    Run for the languages the table writes with full-width marks (Chinese,
    Japanese): the marks :func:`pipeline.languages.typography.clean_translation`
    would make full-width, ``,`` ``.`` ``?`` ``!`` ``:`` ``;`` ``()`` ``""`` in
    CJK context. Markup is not text.
    """
    if not context.target_language(target).fullwidth_punctuation:
        return []
    found = find_halfwidth_punctuation(context.visible(target))
    if not found:
        return []
    shown = ", ".join(f"{ch!r} at {offset}" for offset, ch in found[:6]) + (", ..." if len(found) > 6 else "")
    return [f"half-width punctuation in the target: {shown}"]


#: The English sentence-final marks ``endpunc`` compares; the target's are the table's
#: (:meth:`pipeline.languages.table.Language.end_marks_for`).
END_PUNCTUATION = ".?!:;"
#: Closing quotes and brackets after the final mark (``."``, ``。”``): skipped to find it
#: (with the target language's own closing marks: German ``“``, French ``»``).
_END_CLOSERS = "\"'”’)]）」』》〉»"


def _final_mark(text: str, closers: str) -> str:
    """The last character of *text* before closing quotes, brackets and spaces (no-break ones too)."""
    end = len(text)
    while end and (text[end - 1] in closers or text[end - 1].isspace()):
        end -= 1
    return text[end - 1 : end]


@check("endpunc", WARNING)
def check_endpunc(source: str, target: str, context: CheckContext) -> list[str]:
    """The target does not end with the punctuation its source ends with.

    As ``pofilter``'s check of that name, closing quotes, brackets and
    markup set aside: a source ending ``.``, ``?``, ``!``, ``:`` or ``;``
    needs the target language's form of that mark at the target's end, as
    the languages table gives it (``。`` ``？`` ``！`` in Chinese and
    Japanese, ``؟`` in Arabic, ``।`` for the full stop in Hindi, ``;`` for
    the question mark in Greek, none for the full stop in Thai); ``…`` may
    end a sentence, and in a language written with full-width punctuation a
    half-width mark is left to the ``punctuation`` check. A source ending
    without one (a heading) needs a target without one.
    """
    language = context.target_language(target)
    source_end = _final_mark(context.visible(source), _END_CLOSERS)
    target_end = _final_mark(context.visible(target), _END_CLOSERS + language.closing_marks)
    marks = language.sentence_marks | SOURCE.sentence_marks
    if source_end not in END_PUNCTUATION:
        if target_end in marks:
            return [f"the target ends with {target_end!r}, the source with no sentence punctuation"]
        return []
    accepted = language.end_marks_for(source_end)
    wanted = set(accepted)
    if language.fullwidth_punctuation:
        wanted.add(source_end)
    if source_end == ".":
        wanted.add("…")
    if target_end in wanted or ("" in wanted and target_end not in marks):
        return []
    expected = repr(accepted[0]) if accepted[0] else "no mark"
    return [f"the source ends with {source_end!r}, the target with {target_end!r} (expected {expected})"]


def _first_mark(text: str) -> str:
    """The first character of *text* after spaces when it is punctuation, else ``""``."""
    stripped = text.lstrip()
    return stripped[:1] if stripped and unicodedata.category(stripped[0]).startswith("P") else ""


def _mark_key(mark: str, language: Language) -> tuple[str, int] | str:
    """What a leading mark is, whichever form it takes: its family of quotes or brackets (read as
    *language* writes its quotation marks; either way round, as a source typed ``”`` for ``“``),
    else its compatibility form (``（`` is ``(``)."""
    english = mark.translate(_as_english_marks(language))
    english = {'"': "“", "'": "‘"}.get(english, english)
    for family, (_, openers, closers) in enumerate(PAIRED_MARKS):
        if english in openers or english in closers:
            return ("paired", family)
    return unicodedata.normalize("NFKC", mark)[:1]


@check("startpunc", WARNING)
def check_startpunc(source: str, target: str, context: CheckContext) -> list[str]:
    """The target does not start with the punctuation its source starts with.

    As ``pofilter``'s check of that name, each mark read as the target
    language writes it (the languages table): a source opening with ``“``
    needs the language's opening quotation mark (``「`` in Traditional
    Chinese and Japanese, ``«`` in French, ``„`` in German), ``(`` may be
    full-width, and ``…`` is ``...``. A mark the language opens a sentence
    with where English has none (Spanish ``¿`` and ``¡``) is not compared;
    it is required instead: a Spanish question needs its ``¿``. Markup is
    not text.
    """
    language = context.target_language(target)
    source_text, target_text = context.visible(source), context.visible(target)
    messages = []
    final = _final_mark(source_text, _END_CLOSERS)
    lead = language.lead_mark_for(final)
    if lead and lead not in target_text:
        messages.append(f"the source ends with {final!r} and the target has no opening {lead!r}")
    leads = {mark for _, mark in language.lead_marks}
    stripped = target_text.lstrip()
    while stripped[:1] in leads and stripped:
        stripped = stripped[1:]
    source_mark, target_mark = _first_mark(source_text), _first_mark(stripped)
    if source_mark == target_mark or (
        source_mark and target_mark and _mark_key(source_mark, SOURCE) == _mark_key(target_mark, language)
    ):
        return messages
    if not target_mark:
        messages.append(f"the source starts with {source_mark!r}, the target with no punctuation")
    elif not source_mark:
        messages.append(f"the target starts with {target_mark!r}, the source with no punctuation")
    else:
        messages.append(f"the source starts with {source_mark!r}, the target with {target_mark!r}")
    return messages


@check("doublespacing", WARNING)
def check_doublespacing(source: str, target: str, context: CheckContext) -> list[str]:
    """Double spaces in the target that the source does not have.

    As ``pofilter``'s check of that name: a run of two or more spaces counts
    once, and the target may have as many as the source (a Markdown hard
    line break, two spaces before a newline, is in both).
    """
    have, want = len(_DOUBLE_SPACE.findall(target)), len(_DOUBLE_SPACE.findall(source))
    if have <= want:
        return []
    return [f"{have} double space{'s' if have > 1 else ''} in the target, {want} in the source"]


_DOUBLE_SPACE = re.compile(r" {2,}")


@check("misconversion", ERROR)
def check_misconversion(source: str, target: str, context: CheckContext) -> list[str]:
    """Known OpenCC mis-conversions in a Traditional target.

    OpenCC segments some phrases wrongly (被发布 → 被髮布, "with dishevelled
    hair"); :mod:`pipeline.languages.convert` fixes them with its phrase table, and
    this finds them in drafts converted before, or typed by hand
    (:func:`pipeline.languages.convert.find_misconversions`).
    """
    if context.variant is None:
        return []
    found = find_misconversions(target, context.variant)
    return [f"{wrong} is an OpenCC mis-conversion: write {right}" for wrong, right in dict.fromkeys((w, r) for _, w, r in found)]
