"""Protected spans: the one recognizer of URLs, e-mail addresses and placeholders.

:func:`protected_spans` finds the spans of text that no other stage may cut,
re-space, re-punctuate or match terms inside. Segmentation, typography
clean-up, glossary matching and checks all call it, so they agree on where a
URL ends. Markdown and HTML markup are found by their parsers, not here.

* **URL**: ``http://``, ``https://``, ``ftp://``, ``mailto:`` or ``www.``,
  not glued to a letter or digit before it. It runs up to whitespace, a
  quotation mark (``"``, curly quotes), ``<``, ``>``, a backtick, an ellipsis
  character, or CJK text and full-width punctuation; then the sentence
  punctuation after it is given back (``. , : ; ! ? ' * _`` and a
  possessive ``'s``), and so is a closing bracket that does not close one
  opened inside the URL (``(see https://en.wikipedia.org/wiki/Foo_(bar)).``
  keeps ``Foo_(bar)``).
  A Markdown title (``https://example.org/r "Title"``) is never part of it.
* **E-mail**: an ASCII local part, ``@``, and a dotted ASCII domain; a final
  period is sentence punctuation.
* **Placeholder**: one of mtpipe's term placeholders, exactly as
  :mod:`pipeline.terms` writes them (``ZXQ0``, ``QXZ12``), not glued to a
  Latin letter or digit.

Spans never overlap; the leftmost wins (a URL holding an ``@`` stays one URL).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

#: Placeholder prefixes, in the order :mod:`pipeline.terms` tries them.
PLACEHOLDER_PREFIXES = ("ZXQ", "QXZ", "XQZ", "ZQX")


class SpanKind(str, Enum):
    """What a protected span holds."""

    URL = "url"
    EMAIL = "email"
    PLACEHOLDER = "placeholder"


class ProtectedSpan(NamedTuple):
    """``text[start:end]`` is a URL, e-mail address or placeholder."""

    start: int
    end: int
    kind: SpanKind


#: CJK ideographs, kana, Hangul, CJK and full-width punctuation: a URL never
#: runs into them (``见https://example.org/a。``).
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
#: Characters a URL never contains.
_URL_STOP = rf"\s<>\"“”‘’`…{_CJK}"
#: Punctuation after a URL that belongs to the sentence, not the URL.
_URL_TRAILING = ".,:;!?'*_"
#: Closing brackets kept only when they close one opened inside the URL.
_CLOSERS = {")": "(", "]": "[", "}": "{"}

_PATTERN = re.compile(
    rf"""
      (?P<url>(?<![A-Za-z0-9+.-])(?:(?:https?|ftp)://|mailto:|www\.)[^{_URL_STOP}]+)
    | (?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{{1,64}}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)
    | (?P<placeholder>(?<![A-Za-z0-9])(?:{"|".join(PLACEHOLDER_PREFIXES)})[0-9]+(?![0-9]))
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: Placeholders are case-sensitive (``zxq1`` is a damaged one, see :mod:`pipeline.terms`).
_PLACEHOLDER = re.compile(rf"(?:{'|'.join(PLACEHOLDER_PREFIXES)})[0-9]+\Z")
#: Text without any of these holds no protected span (a fast path).
_TRIGGER = re.compile(rf"@|://|www\.|mailto:|{'|'.join(PLACEHOLDER_PREFIXES)}", re.IGNORECASE)
#: What a URL must have after its scheme or ``www.``.
_URL_PREFIX = re.compile(r"(?:(?:https?|ftp)://|mailto:|www\.)", re.IGNORECASE)


def _url_end(text: str, start: int, end: int) -> int:
    """The end of the URL matched at ``text[start:end]``, sentence punctuation given back."""
    while end > start:
        last = text[end - 1]
        if text.startswith("'s", end - 2) and end - 2 > start:
            end -= 2  # a possessive: ``www.example.com's``
        elif last in _URL_TRAILING:
            end -= 1
        elif last in _CLOSERS:
            url = text[start:end]
            if url.count(last) > url.count(_CLOSERS[last]):
                end -= 1
            else:
                break
        else:
            break
    return end


def protected_spans(text: str) -> list[ProtectedSpan]:
    """The URLs, e-mail addresses and placeholders in *text*, in order.

    >>> protected_spans('Read https://example.org/r "Title". Mail a@b.org, or ZXQ0.')
    [ProtectedSpan(start=5, end=26, kind=<SpanKind.URL: 'url'>), \
ProtectedSpan(start=41, end=48, kind=<SpanKind.EMAIL: 'email'>), \
ProtectedSpan(start=53, end=57, kind=<SpanKind.PLACEHOLDER: 'placeholder'>)]
    """
    if not _TRIGGER.search(text):
        return []
    spans: list[ProtectedSpan] = []
    for m in _PATTERN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup
        if kind == "url":
            end = _url_end(text, start, end)
            prefix = _URL_PREFIX.match(text, start)
            if prefix is None or end <= prefix.end():
                continue  # a bare ``www.`` or ``https://``
            spans.append(ProtectedSpan(start, end, SpanKind.URL))
        elif kind == "email":
            spans.append(ProtectedSpan(start, end, SpanKind.EMAIL))
        elif _PLACEHOLDER.match(text, start, end):
            spans.append(ProtectedSpan(start, end, SpanKind.PLACEHOLDER))
    return spans
