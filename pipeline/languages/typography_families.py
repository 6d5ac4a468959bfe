"""Typography per language family: the clean-up of a raw machine translation for any target.

:func:`clean_for` picks the family's rule from the languages table
(:attr:`pipeline.languages.table.Language.family`) and the language's own
quotation marks (:attr:`~pipeline.languages.table.Language.marks`):

* ``chinese``: :func:`pipeline.languages.typography.clean_translation`;
* ``japanese``: the Chinese clean-up (full-width punctuation, no spaces between
  CJK characters), then Japanese marks: 、 for the comma and 「」『』 quotes;
* ``korean``: spaces between words are kept (Korean is written with them);
  ASCII punctuation stays; “” quotes;
* ``french``: « » quotes with narrow no-break spaces inside, and a narrow
  no-break space (U+202F) before ``; : ! ?``;
* ``latin`` (German, Spanish, Russian...): straight quotes become the
  language's own (``„“`` German, ``«»`` Spanish and Russian);
* ``rtl`` (Arabic, Persian, Urdu, Hebrew): Arabic-script comma, semicolon and
  question mark (، ؛ ؟) after right-to-left text; Latin runs, numbers and
  placeholders are left as they are, with no invisible controls added to
  the PO: direction is set where the text is shown (``dir="rtl"`` on the
  elements of an edition, whose browser bidi algorithm orders the runs).

Typography never touches markup: URLs, e-mail addresses, code spans, link
targets and the *protected* spans are masked first (the Chinese module's
masking) and put back unchanged. Every rule is idempotent.

Typography applies only to text written in the language (:func:`in_language`),
as Chinese typography applies only to text with Chinese characters: a
segment the engine left in English keeps English punctuation. Where the
language has a script of its own (Han, kana, Hangul, Arabic, Hebrew,
Cyrillic), the text must contain letters of it. A Latin-script language
cannot be told from English by its letters, so the source decides: a target
whose every word is a word of its English source (the source itself, or the
engine's echo of it, with names and numbers) is left in English; any word of
its own makes it the language's. Without a source (an edition's reviewed
text) a Latin-script text is taken as the language's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.languages.table import Language
from pipeline.languages.typography import mask_protected, unmask_protected, clean_translation, has_han

__all__ = ["clean_for", "in_language", "NNBSP"]

#: Narrow no-break space: French spacing before ; : ! ? and inside « ».
NNBSP = "\u202f"

_SPACES = re.compile(r"[ \t\r\n]+")
#: A straight double-quoted run (no quote inside), not inside a word.
_STRAIGHT_QUOTED = re.compile(r'(?<![\w"])"([^"\n]+)"(?![\w"])')
_CURLY_QUOTED = re.compile(r"“([^“”\n]+)”")
_RTL_CHAR = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Arabic-script punctuation after right-to-left text (Hebrew keeps ASCII punctuation).
_ARABIC_PUNCT = {",": "\u060c", ";": "\u061b", "?": "\u061f"}
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _requote(text: str, marks: str, *, inner: str = "") -> str:
    """Straight and English curly double quotes → the language's primary marks."""
    open_, close = marks[0], marks[1]
    replace = lambda m: f"{open_}{inner}{m.group(1).strip()}{inner}{close}"  # noqa: E731
    return _CURLY_QUOTED.sub(replace, _STRAIGHT_QUOTED.sub(replace, text))


def _japanese(text: str, language: Language) -> str:
    cleaned = clean_translation(text)
    cleaned = cleaned.replace("，", "、")
    cleaned = cleaned.replace("“", language.marks[0]).replace("”", language.marks[1])
    return _SINGLE_QUOTED.sub(lambda m: f"{language.marks[2]}{m.group(1)}{language.marks[3]}", cleaned)


#: A ‘…’ pair: a ’ with no ‘ open before it is an apostrophe (``Party’s``) and stays as it is.
_SINGLE_QUOTED = re.compile(r"‘([^‘’]*(?:’(?=[A-Za-z])[^‘’]*)*)’")


def _korean(text: str, language: Language) -> str:
    return _requote(_collapse(text), language.marks)


_FRENCH_BEFORE = re.compile(r"[ \u00a0\u202f]*([;:!?])(?=\s|$)")
_FRENCH_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FRENCH_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def _french(text: str, language: Language) -> str:
    text = _requote(_collapse(text), language.marks)
    text = _FRENCH_BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    text = _FRENCH_OPEN.sub("«" + NNBSP, text)
    return _FRENCH_CLOSE.sub(NNBSP + "»", text)


def _latin(text: str, language: Language) -> str:
    return _requote(_collapse(text), language.marks)


def _rtl(text: str, language: Language) -> str:
    text = _requote(_collapse(text), language.marks)
    if language.script != "Arab":
        return text
    out = list(text)
    for i, ch in enumerate(out):
        if ch in _ARABIC_PUNCT and i > 0:
            before = text[:i].rstrip()
            after = text[i + 1 : i + 2]
            # Only after Arabic-script text, never inside numbers (1,000) or Latin runs.
            if before and _ARABIC_SCRIPT.match(before[-1]) and not after.isdigit():
                out[i] = _ARABIC_PUNCT[ch]
    return "".join(out)


_FAMILIES: dict[str, Callable[[str, Language], str]] = {
    "japanese": _japanese,
    "korean": _korean,
    "french": _french,
    "latin": _latin,
    "rtl": _rtl,
}


#: Letters of each script that has its own (ISO 15924 codes of the languages table); Han and kana: :func:`has_han`.
_SCRIPT_LETTERS = {
    "Kore": re.compile(r"[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]"),
    "Arab": _ARABIC_SCRIPT,
    "Hebr": re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]"),
    "Cyrl": re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
}
_HAN_SCRIPTS = frozenset({"Hans", "Hant", "Jpan"})
#: A word: a run of letters (digits and punctuation are the same in both languages).
_WORD = re.compile(r"[^\W\d_]+")


def in_language(text: str, *, language: Language, source: str | None = None) -> bool:
    """Whether *text* is written in *language*, so its typography applies (see the module docstring).

    Han, kana, Hangul, Arabic, Hebrew and Cyrillic: the text holds a letter of
    the script. Latin script: some word of *text* is not a word of its English
    *source* (case aside); with no source, True.
    """
    if language.script in _HAN_SCRIPTS:
        return has_han(text)
    letters = _SCRIPT_LETTERS.get(language.script)
    if letters is not None:
        return letters.search(text) is not None
    if source is None:
        return True
    words = {w.casefold() for w in _WORD.findall(source)}
    return any(w.casefold() not in words for w in _WORD.findall(text))


def clean_for(
    text: str, *, language: Language, protected: Sequence[tuple[int, int]] = (), source: str | None = None
) -> str:
    """The typography of *language* for a raw machine translation; markup and *protected* spans untouched.

    A text not in the language (:func:`in_language`; *source* is the English
    it was translated from) only has its whitespace collapsed.
    """
    if language.family == "chinese":
        return clean_translation(text, protected=protected)
    masked, saved = mask_protected(text, protected)
    if not in_language(masked, language=language, source=source):
        return unmask_protected(_collapse(masked), saved)
    rule = _FAMILIES.get(language.family, _latin)
    return unmask_protected(rule(masked, language), saved)


def is_rtl_text(text: str) -> bool:
    """Whether *text* has right-to-left letters (Arabic, Hebrew...)."""
    return _RTL_CHAR.search(text) is not None
