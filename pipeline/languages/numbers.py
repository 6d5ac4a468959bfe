"""Numbers in an English source and a Chinese target, by value: what the numbers check compares.

Decisions: every number of the source must be in the target; extra target
numbers are not reported (Chinese adds them: September → 9月, three-year →
三年). Chinese numerals count only to *accept* a source number (三 for 3,
一百四十万 for 1.4 million), never to report one. That is lenient by
design: the 一 of 一些 accepts a source 1; mapping is simple (digits,
十百千, 万亿, 两, digit-by-digit years like 二〇二三), no fractions or 半.
Numbers glued to a letter or hyphenated to a Latin word (G7, COVID-19,
ZQ0) are identifiers, not numbers. URLs, e-mail addresses, placeholders
and code spans hold no numbers (:func:`pipeline.qa.markup_checks.without_protected`
blanks them before these functions are called).
"""

from __future__ import annotations

import re
from decimal import Decimal

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
#: A number: thousands groups or plain digits, optional decimals. Not when
#: glued to a letter before it (G7, ZQ0) or part of a hyphenated Latin name
#: (COVID-19, F-16): those are identifiers, and translations may drop them.
_NUMBER_RE = re.compile(r"(?<![A-Za-z_\d.])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
#: English scale words after a number: ``1.4 million``.
SOURCE_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SOURCE_SCALE_RE = re.compile(r"\s*(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
#: Chinese multipliers after digits: ``140万``, ``1.4亿``, ``3千万``.
CHINESE_SCALES = {"百": 100, "千": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_TARGET_SCALE_RE = re.compile(r"\s*([百千万萬亿億]+)")
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMERAL_RE = re.compile(f"[{''.join(CHINESE_DIGITS)}{''.join(CHINESE_UNITS)}万萬亿億]+")


def chinese_numeral_value(text: str) -> int | None:
    """The value of a Chinese numeral: ``二十五`` → 25, ``一百四十万`` → 1400000, ``二〇二三`` → 2023.

    ``None`` when *text* is not one (a lone 万 or 亿).
    """
    if len(text) > 1 and all(c in CHINESE_DIGITS for c in text):
        return int("".join(str(CHINESE_DIGITS[c]) for c in text))  # digit by digit: 二〇二三
    if not any(c in CHINESE_DIGITS or c in CHINESE_UNITS for c in text):
        return None
    result = wan = section = number = 0
    for c in text:
        if c in CHINESE_DIGITS:
            number = CHINESE_DIGITS[c]
        elif c in CHINESE_UNITS:
            section += (number or 1) * CHINESE_UNITS[c]
            number = 0
        elif c in "万萬":
            wan = (wan + section + number or 1) * 10**4
            section = number = 0
        else:  # 亿
            result = (result + wan + section + number or 1) * 10**8
            wan = section = number = 0
    return result + wan + section + number


def _decimal(digits: str, decimals: str | None) -> Decimal:
    return Decimal(digits.replace(",", "") + (decimals or ""))


def source_numbers(text: str) -> list[tuple[str, Decimal]]:
    """The numbers of an English source as ``(as written, value)``; ``1.4 million`` is 1400000."""
    found = []
    for m in _NUMBER_RE.finditer(text):
        value = _decimal(m.group(1), m.group(2))
        written = m.group(0)
        scale = _SOURCE_SCALE_RE.match(text, m.end())
        if scale:
            value *= SOURCE_SCALES[scale.group(1).lower()]
            written = text[m.start() : scale.end()]
        found.append((written, value))
    return found


def target_numbers(text: str) -> set[Decimal]:
    """Every value a number of the target may stand for.

    Digits count as written and, before a Chinese multiplier, multiplied
    (``140万`` is 140 and 1400000); Chinese numerals count by value.
    """
    text = text.translate(_FULLWIDTH_DIGITS)
    values: set[Decimal] = set()
    for m in _NUMBER_RE.finditer(text):
        value = _decimal(m.group(1), m.group(2))
        values.add(value)
        scale = _TARGET_SCALE_RE.match(text, m.end())
        if scale:
            for c in scale.group(1):
                value *= CHINESE_SCALES[c]
            values.add(value)
    for m in _CHINESE_NUMERAL_RE.finditer(text):
        number = chinese_numeral_value(m.group(0))
        if number is not None:
            values.add(Decimal(number))
    return values
