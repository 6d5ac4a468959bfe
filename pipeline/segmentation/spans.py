"""Protected spans: the one recognizer of URLs, e-mail addresses and placeholders.

:func:`protected_spans` finds the spans of text that no other stage may cut,
re-space, re-punctuate or match terms inside. Segmentation, typography
clean-up, glossary matching and checks all call it, so they agree on where a
URL ends. Markdown and HTML markup are found by their parsers, not here.

* **URL**: ``http://``, ``https://`` or ``ftp://`` (in any case), or
  ``www.`` (``WWW.``, ``Www.``), not glued to a letter or digit before it;
  or ``mailto:`` and an e-mail address. It runs up to whitespace, a
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
  :mod:`pipeline.translate.masking` writes them (``ZQ0``, ``ZXQ12``), not glued to a
  Latin letter or digit.

Spans never overlap; the leftmost wins (a URL holding an ``@`` stays one URL).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

#: Placeholder prefixes: :mod:`pipeline.translate.masking` uses the first whose letters a segment
#: does not contain. The fallbacks have three letters: two-letter codes such as QZ,
#: JQ or XQ are airlines' (flight QZ8501), and a segment needs one only rarely.
PLACEHOLDER_PREFIXES = ("ZQ", "ZXQ", "QXZ", "XQZ")


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

_EMAIL = r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_WWW = ("www.", "WWW.", "Www.")
_PATTERN = re.compile(
    rf"""
      (?P<url>(?<![A-Za-z0-9+.-])(?:(?i:https?|ftp)://|{"|".join(re.escape(w) for w in _WWW)})[^{_URL_STOP}]+
             |(?<![A-Za-z0-9+.-])(?i:mailto):{_EMAIL})
    | (?P<email>(?<![A-Za-z0-9._%+-]){_EMAIL})
    | (?P<placeholder>(?<![A-Za-z0-9])(?:{"|".join(PLACEHOLDER_PREFIXES)})[0-9]+(?![0-9]))
    """,
    re.VERBOSE,
)
#: What a URL must have after its scheme or ``www.``.
_URL_PREFIX = re.compile(rf"(?i:https?|ftp)://|{'|'.join(re.escape(w) for w in _WWW)}|(?i:mailto):")


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

    >>> protected_spans('Read https://example.org/r "Title". Mail a@b.org, or ZQ0.')
    [ProtectedSpan(start=5, end=26, kind=<SpanKind.URL: 'url'>), \
ProtectedSpan(start=41, end=48, kind=<SpanKind.EMAIL: 'email'>), \
ProtectedSpan(start=53, end=56, kind=<SpanKind.PLACEHOLDER: 'placeholder'>)]
    """
    if not ("@" in text or "://" in text or "ww." in text or "WW." in text or "Q" in text):
        return []  # the fast path: no e-mail, URL or placeholder (every prefix holds a Q)
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
        else:
            spans.append(ProtectedSpan(start, end, SpanKind.PLACEHOLDER))
    return spans
