"""Simplified Chinese → a Traditional variant: OpenCC, a project phrase table, glossary overrides, quotes.

The variant's OpenCC configuration comes from :data:`pipeline.languages.variants.VARIANTS`.
Two corrections are layered on OpenCC:

* **Phrase breaks** (``pipeline/data/opencc-phrases.tsv``, data): phrases
  OpenCC segments wrongly (``被|发布``: OpenCC reads 被发 as 被髮, "with
  dishevelled hair") are cut where the ``|`` says before conversion.
  :func:`known_misconversions` lists the wrong forms for ``mtpipe check``.
* **Glossary overrides** win over OpenCC for their term, but only where the
  term stands as a word of its own: an occurrence that OpenCC converts as part
  of a longer phrase (视频 in 视频会议 → 視訊會議, 文件 in 文件夹 → 資料夾) is
  another word and left to OpenCC.

``opencc`` is imported lazily, on the first conversion, so ``mtpipe --help``
does not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from pipeline.languages.variants import Variant, resolve

#: Marks a forced phrase break; OpenCC passes plane-16 private-use characters through.
_BREAK = "\U0010fffd"
#: First private-use character standing for an override while OpenCC runs.
_OVERRIDE_BASE = 0xF0000
_OVERRIDE_RE = re.compile("[\U000f0000-\U000ffffd]")
#: Characters of context looked at on each side to tell a word from part of a phrase.
_CONTEXT = 4


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc  # lazy: keep CLI start-up fast

    return opencc.OpenCC(config)


@cache
def phrase_breaks() -> tuple[tuple[str, int], ...]:
    """The project phrase table: (Simplified phrase, offset of the break), longest first."""
    text = resources.files("pipeline").joinpath("data/opencc-phrases.tsv").read_text(encoding="utf-8")
    out: list[tuple[str, int]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append((line.replace("|", ""), line.index("|")))
    return tuple(sorted(out, key=lambda p: -len(p[0])))


@cache
def _breaks_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p, _ in phrase_breaks()))


def _insert_breaks(text: str) -> str:
    cuts = dict(phrase_breaks())
    return _breaks_re().sub(lambda m: m.group(0)[: cuts[m.group(0)]] + _BREAK + m.group(0)[cuts[m.group(0)]:], text)


def _opencc(text: str, variant: Variant) -> str:
    if variant.opencc_config is None:
        return text
    return _converter(variant.opencc_config).convert(text)


def _stands_alone(text: str, start: int, end: int, variant: Variant) -> bool:
    """Whether OpenCC converts ``text[start:end]`` as a word of its own, not inside a longer phrase."""
    left = text[max(0, start - _CONTEXT): start]
    word = text[start:end]
    right = text[end: end + _CONTEXT]
    return _opencc(left + word + right, variant) == _opencc(left, variant) + _opencc(word, variant) + _opencc(right, variant)


def to_variant(text: str, variant: str, overrides: Mapping[str, str] | None = None) -> str:
    """Convert Simplified *text* to *variant*'s characters (and vocabulary) with OpenCC.

    *overrides* maps a Simplified word (a glossary term's zh target) to the
    rendering the variant requires; it replaces OpenCC's conversion of that
    word where the word stands alone (see the module's docstring). Longer
    words are matched first. Quotes are left alone (:func:`localize`).
    """
    v = resolve(variant)
    if v.opencc_config is None:
        return text
    text = _insert_breaks(text)
    overrides = {k: val for k, val in (overrides or {}).items() if k}
    restored: list[str] = []
    if overrides:
        pattern = re.compile("|".join(re.escape(k) for k in sorted(overrides, key=len, reverse=True)))
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(text):
            if not _stands_alone(text, m.start(), m.end(), v):
                continue
            pieces.append(text[last: m.start()])
            restored.append(overrides[m.group(0)])
            pieces.append(chr(_OVERRIDE_BASE + len(restored) - 1))
            last = m.end()
        pieces.append(text[last:])
        text = "".join(pieces)
    converted = _opencc(text, v)
    converted = _OVERRIDE_RE.sub(lambda m: restored[ord(m.group(0)) - _OVERRIDE_BASE], converted)
    return converted.replace(_BREAK, "")


@cache
def known_misconversions(variant: str) -> dict[str, str]:
    """Wrong forms plain OpenCC gives for the phrase table's phrases, with the right ones, for *variant*."""
    v = resolve(variant)
    out: dict[str, str] = {}
    for phrase, _ in phrase_breaks():
        wrong = _opencc(phrase, v)
        right = to_variant(phrase, v.code)
        if wrong != right:
            out[wrong] = right
    return out


def find_misconversions(text: str, variant: str) -> list[tuple[int, str, str]]:
    """(offset, wrong form, right form) of each known OpenCC mis-conversion in a *variant* text."""
    v = resolve(variant)
    if not v.is_traditional:
        return []
    table = known_misconversions(v.code)
    if not table:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))
    return [(m.start(), m.group(0), table[m.group(0)]) for m in pattern.finditer(text)]


_CURLY_TO_CORNER = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_CORNER_TO_CURLY = {b: a for a, b in _CURLY_TO_CORNER.items()}
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _is_latin(text: str, i: int) -> bool:
    return 0 <= i < len(text) and _LATIN_LETTER.match(text[i]) is not None


def localize_quotes(text: str, variant: str, *, protected: Sequence[tuple[int, int]] = ()) -> str:
    """Quotation marks of *variant*: “” ‘’ for zh-Hans, 「」 『』 for the Traditional ones.

    Converts in both directions, so it also normalises a text written for
    another variant. A ’ becomes 』 only when it closes an open ‘ (nesting is
    tracked); otherwise it is an apostrophe and kept: ``中共’s``,
    ``Human Rights’ principle``. Between two Latin letters (``won’t``,
    ``CCP’s``) it is an apostrophe even inside ‘…’. The *protected* spans
    (markup: a link's title, code) are left as they are.
    """
    v = resolve(variant)
    kept = {i for a, b in protected for i in range(a, b)}
    if v.quotes == "curly":
        return "".join(c if i in kept else _CORNER_TO_CURLY.get(c, c) for i, c in enumerate(text))
    out: list[str] = []
    open_singles = 0
    for i, c in enumerate(text):
        if i in kept:
            out.append(c)
            continue
        if c == "‘":
            open_singles += 1
        elif c == "’":
            if open_singles == 0 or (_is_latin(text, i - 1) and _is_latin(text, i + 1)):
                out.append(c)  # an apostrophe
                continue
            open_singles -= 1
        out.append(_CURLY_TO_CORNER.get(c, c))
    return "".join(out)


def localize(text: str, variant: str, overrides: Mapping[str, str] | None = None) -> str:
    """Simplified Chinese → *variant*: OpenCC with the phrase table and overrides, then quotes."""
    return localize_quotes(to_variant(text, variant, overrides), variant)
