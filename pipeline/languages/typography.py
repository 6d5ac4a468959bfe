"""Chinese typography: the clean-up of machine output, and the language tests the checks use.

Pure functions on strings. :func:`clean_translation` turns a raw machine
translation into Chinese typography: no spaces between CJK characters
(SentencePiece leaves them), full-width punctuation where the sentence is
Chinese, Chinese quotation marks; numbers, URLs, Latin names and ASCII
placeholders stay as they are. URLs and e-mail addresses are those of
:func:`pipeline.segmentation.spans.protected_spans`; Markdown code spans and link targets
are kept too. Conversion to a Traditional variant (OpenCC, the variant's
quotation marks) is :mod:`pipeline.languages.convert`'s job, on the variants of
:mod:`pipeline.languages.variants`.

Spacing decision: no space between CJK and Latin letters or digits either
(mainland news style, and what the real Argos model emits); a browser may add
visual spacing with CSS ``text-autospace``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.segmentation.spans import SpanKind, protected_spans

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

#: Han ideographs, kana and bopomofo: the characters that make a text CJK.
HAN_RANGES = (
    "\u2e80-\u2eff"  # CJK radicals supplement
    "\u2f00-\u2fdf"  # Kangxi radicals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-G
)
#: Full-width and CJK punctuation, plus the curly quotes Chinese uses.
FULLWIDTH_PUNCT_RANGES = (
    "\u3000-\u303f"  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕
    "\uff00-\uffef"  # half- and full-width forms: ，！？：；（）
    "\u201c\u201d\u2018\u2019"  # “ ” ‘ ’
    "\u00b7"  # · (between parts of a transliterated name)
)

_HAN = re.compile(f"[{HAN_RANGES}]")
_CJKISH = re.compile(f"[{HAN_RANGES}{FULLWIDTH_PUNCT_RANGES}]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

#: ASCII punctuation → its Chinese full-width form.
FULLWIDTH = {",": "，", ".": "。", "?": "？", "!": "！", ":": "：", ";": "；", "(": "（", ")": "）"}

#: Markdown markup characters: spaces next to them are never removed.
MARKUP = frozenset("*_~`[]")
#: Punctuation that this module converts, in both forms, plus quotes and
#: brackets: skipped when looking for the "content" neighbour of a character,
#: so a decision never depends on a neighbour this module itself rewrites
#: (that is what makes :func:`clean_translation` idempotent).
_TRANSPARENT = frozenset(" \t\n\r\u00a0\u3000") | MARKUP | frozenset(
    ",.;:?!()\"" "，。；：？！（）“”"
)

#: Latin words that end with a dot which does not end the sentence.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st", "mt", "inc", "ltd", "co",
        "corp", "etc", "vs", "no", "gen", "gov", "sen", "rep", "lt", "col", "capt",
        "sgt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m",
    }
)

#: Markdown constructs masked (kept verbatim, never re-spaced) while cleaning,
#: besides the URLs and e-mail addresses of :func:`pipeline.segmentation.spans.protected_spans`:
#: inline code and the target of a Markdown link.
_MARKDOWN_PROTECTED = re.compile(r"`[^`\n]+`|(?<=\])\([^()\s]*\)")
#: The kinds of protected span kept verbatim (placeholders are plain ASCII words here).
_VERBATIM = frozenset({SpanKind.URL, SpanKind.EMAIL})
#: Private-use characters that stand in for protected text (two, alternating,
#: so two adjacent protected spans stay distinguishable).
_MASK_CHARS = ("\ue000", "\ue001")


def has_han(text: str) -> bool:
    """True when *text* contains at least one CJK ideograph (or kana)."""
    return _HAN.search(text) is not None


def _is_cjkish(ch: str | None) -> bool:
    return ch is not None and _CJKISH.match(ch) is not None


def is_wide(ch: str) -> bool:
    """True for a CJK character or full-width/Chinese punctuation (one character)."""
    return _is_cjkish(ch)


# --------------------------------------------------------------------------
# clean_translation
# --------------------------------------------------------------------------


def _protected(text: str, extra: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans kept verbatim: URLs, e-mails, code, link targets, plus *extra* (Markdown markup)."""
    spans = list(extra)
    spans.extend((span.start, span.end) for span in protected_spans(text) if span.kind in _VERBATIM)
    spans.extend(m.span() for m in _MARKDOWN_PROTECTED.finditer(text))
    return sorted(spans)


def mask_protected(text: str, extra: Sequence[tuple[int, int]] = ()) -> tuple[str, list[str]]:
    """Replace protected spans with same-length runs of private-use chars."""
    saved: list[str] = []
    out: list[str] = []
    pos = 0
    for start, end in _protected(text, extra):
        if start < pos or end <= start:
            continue
        out.append(text[pos:start])
        out.append(_MASK_CHARS[len(saved) % 2] * (end - start))
        saved.append(text[start:end])
        pos = end
    out.append(text[pos:])
    return "".join(out), saved


def unmask_protected(text: str, saved: list[str]) -> str:
    """*text* with the protected spans :func:`mask_protected` saved put back, in order."""
    if not saved:
        return text
    it = iter(saved)
    return re.sub("\ue000+|\ue001+", lambda m: next(it), text)


def _neighbour(chars: list[str], i: int, step: int) -> str | None:
    """The nearest content character left (step -1) or right (+1) of *i*."""
    j = i + step
    while 0 <= j < len(chars):
        if chars[j] not in _TRANSPARENT:
            return chars[j]
        j += step
    return None


def _in_chinese(chars: list[str], open_i: int, close_i: int) -> bool:
    """A pair of marks encloses Chinese, or stands next to it."""
    return (
        has_han("".join(chars[open_i + 1 : close_i]))
        or _is_cjkish(_neighbour(chars, open_i, -1))
        or _is_cjkish(_neighbour(chars, close_i, +1))
    )


def _convert_quotes(chars: list[str]) -> None:
    """Straight double quotes in Chinese context → “ ”, pair by pair."""
    positions = [i for i, c in enumerate(chars) if c == '"']
    for open_i, close_i in zip(positions[0::2], positions[1::2]):
        if _in_chinese(chars, open_i, close_i):
            chars[open_i], chars[close_i] = "“", "”"


def _convert_parens(chars: list[str]) -> None:
    """ASCII parentheses in Chinese context → （ ）, outermost pair first."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            pairs.append((stack.pop(), i))
    for open_i, close_i in sorted(pairs):
        if open_i > 0 and chars[open_i - 1] == "]":
            continue  # a Markdown link target
        if _in_chinese(chars, open_i, close_i):
            chars[open_i], chars[close_i] = "（", "）"


_WORD_BEFORE_DOT = re.compile(r"([A-Za-z]+(?:\.[A-Za-z]+)*)$")


def _is_abbreviation(prefix: str) -> bool:
    """Does *prefix* end with a word whose following dot is an abbreviation's?"""
    m = _WORD_BEFORE_DOT.search(prefix)
    if not m:
        return False
    word = m.group(1)
    if "." in word or len(word) == 1:  # U.S, e.g, a single initial
        return True
    return word.lower() in ABBREVIATIONS


def _sentence_final(prev: str | None, nxt: str | None) -> bool:
    """A dot/question/exclamation after a Latin word or number that ends the text."""
    return prev is not None and not _is_cjkish(prev) and nxt is None


def _convert_punctuation(chars: list[str], chinese: bool) -> None:
    """ASCII , . ? ! : ; → full-width where a CJK neighbour makes it Chinese."""
    n = len(chars)
    for i, c in enumerate(chars):
        if c not in ",.?!:;":
            continue
        prev = _neighbour(chars, i, -1)
        nxt = _neighbour(chars, i, +1)
        cjk_context = _is_cjkish(prev) or _is_cjkish(nxt)
        both_digits = prev is not None and nxt is not None and prev.isdigit() and nxt.isdigit()
        if c in ",;:":
            convert = cjk_context and not both_digits
        elif c in "?!":
            convert = cjk_context or (chinese and _sentence_final(prev, nxt))
        else:  # "."
            if (i > 0 and chars[i - 1] == ".") or (i + 1 < n and chars[i + 1] == "."):
                continue  # an ellipsis: handled after spacing
            if both_digits or (i + 1 < n and chars[i + 1].isalnum() and chars[i + 1].isascii()):
                continue  # 3.5, a domain name
            if _is_cjkish(prev) or (
                prev in _MASK_CHARS and (nxt is None or _is_cjkish(nxt))
            ):
                convert = True
            else:
                convert = (
                    chinese
                    and _sentence_final(prev, nxt)
                    and not _is_abbreviation("".join(chars[:i]))
                )
        if convert:
            chars[i] = FULLWIDTH[c]


_SPACE_RUN = re.compile(r"\s+")
#: Spaces next to these are kept (markup, masked URLs/code) unless the other
#: side is full-width punctuation.
_GUARDED = MARKUP | frozenset(_MASK_CHARS)


def _beyond_markup(text: str, i: int, step: int) -> str:
    """The first character from *i* (going *step*) that is neither Markdown markup nor a space."""
    while 0 <= i < len(text) and (text[i] in MARKUP or text[i].isspace()):
        i += step
    return text[i] if 0 <= i < len(text) else ""


_EMPHASIS = "*~"


def _is_punct(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch).startswith("P")


def _emphasis_needs_space(text: str, start: int, end: int) -> bool:
    """CommonMark: an emphasis run with punctuation just inside it must have
    whitespace or punctuation just outside, or it is not emphasis at all
    ("这个 *“润”运动*" keeps its space; "这个*“润”运动*" would show the stars)."""
    if end < len(text) and text[end] in _EMPHASIS:  # an opening run after the space
        k = end
        while k < len(text) and text[k] in _EMPHASIS:
            k += 1
        inner, outer = (text[k] if k < len(text) else ""), text[start - 1]
        if _is_punct(inner) and not _is_punct(outer):
            return True
    if start > 0 and text[start - 1] in _EMPHASIS:  # a closing run before the space
        j = start - 1
        while j >= 0 and text[j] in _EMPHASIS:
            j -= 1
        inner, outer = (text[j] if j >= 0 else ""), (text[end] if end < len(text) else "")
        if _is_punct(inner) and not _is_punct(outer):
            return True
    return False


def _fix_spacing(text: str) -> str:
    """Drop whitespace next to CJK characters; collapse the rest to one space."""

    def repl(m: re.Match[str]) -> str:
        start, end = m.span()
        if start == 0 or end == len(text):
            return ""
        left, right = text[start - 1], text[end]
        if left in _GUARDED or right in _GUARDED:
            if "_" in (left, right) or left in _MASK_CHARS or right in _MASK_CHARS:
                # Keep the space next to "_" (no emphasis inside a word) and
                # around bare URLs, e-mails and code (autolinks need the
                # boundary), except next to full-width punctuation.
                other = right if left in _GUARDED else left
                return "" if _is_cjkish(other) and not has_han(other) else " "
            if _emphasis_needs_space(text, start, end):
                return " "
            # Markdown emphasis and link brackets: judged by the text beyond
            # them, so "阅读 **润** 运动" → "阅读**润**运动" (valid CommonMark).
            left, right = _beyond_markup(text, start - 1, -1), _beyond_markup(text, end, +1)
        if _is_cjkish(left) or _is_cjkish(right):
            return ""
        return " "

    return _SPACE_RUN.sub(repl, text)


_ELLIPSIS = re.compile(f"(?<=[{HAN_RANGES}{FULLWIDTH_PUNCT_RANGES}])(?:\\.{{3}}(?!\\.)|…(?!…))")


def clean_translation(text: str, *, protected: Sequence[tuple[int, int]] = ()) -> str:
    """Chinese typography for a raw machine translation; idempotent.

    Only a text that contains CJK characters is changed (apart from
    whitespace, which is always collapsed); numbers (``3.5``, ``11:45``,
    ``1,000``), URLs, e-mail addresses, abbreviations (``U.S.``, ``Mr.``),
    ASCII placeholders (``ZQ0``) and Markdown markup are kept. The
    *protected* spans (a Markdown text's link targets and titles, code
    spans, inline HTML, hard breaks: :func:`pipeline.documents.markdown_inline.protected_markup_spans`)
    are never changed, not even their whitespace.
    """
    if not has_han(text):
        if not protected:
            return _SPACE_RUN.sub(" ", text).strip()
        masked, saved = mask_protected(text, protected)
        return unmask_protected(_SPACE_RUN.sub(" ", masked).strip(), saved)
    masked, saved = mask_protected(text, protected)
    chars = list(masked)
    _convert_quotes(chars)
    _convert_parens(chars)
    _convert_punctuation(chars, chinese=True)
    spaced = _fix_spacing("".join(chars))
    spaced = _ELLIPSIS.sub("……", spaced)
    return unmask_protected(spaced, saved)


# --------------------------------------------------------------------------
# Language tests used by QA checks
# --------------------------------------------------------------------------

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’\-]*")

#: Minimum share of Han characters among letters for :func:`is_chinese`.
CHINESE_MIN_SHARE = 0.2


def is_chinese(text: str) -> bool:
    """True when *text* reads as Chinese.

    It must contain Han characters, and they must make up at least
    :data:`CHINESE_MIN_SHARE` of all letters (Han + Latin), so a target that
    is an untranslated English sentence with one stray character is not
    Chinese, while a Chinese sentence naming ``Safeguard Defenders`` is.
    """
    han = len(_HAN.findall(text))
    if han == 0:
        return False
    latin = len(_LATIN_LETTER.findall(text))
    return han / (han + latin) >= CHINESE_MIN_SHARE


def _allowed_latin(word: str) -> bool:
    core = word.strip("'’-")
    if len(core) < 2:
        return True  # single letters: A股, T恤, initials
    letters = [c for c in core if c.isalpha()]
    return all(c.isupper() for c in letters)  # CCP, COVID-19, HRD, ZQ0


def has_latin_leftovers(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """Latin-script words left in a Chinese target, in order, without repeats.

    Ignored: numbers, URLs and e-mail addresses, single letters, all-caps
    abbreviations and placeholders (``CCP``, ``COVID-19``, ``ZQ0``), and
    the words of *allowed* (case-insensitive; e.g. names the glossary keeps
    in Latin script).
    """
    allowed_lower = {w.lower() for phrase in allowed for w in _LATIN_WORD.findall(phrase)}
    masked, _ = mask_protected(text)
    found: list[str] = []
    for word in _LATIN_WORD.findall(masked):
        word = word.rstrip("'’-")
        if _allowed_latin(word) or word.lower() in allowed_lower or word in found:
            continue
        found.append(word)
    return found


def find_halfwidth_punctuation(text: str) -> list[tuple[int, str]]:
    """Offsets and characters of ASCII punctuation that should be full-width.

    Exactly the characters :func:`clean_translation` would convert.
    """
    if not has_han(text):
        return []
    masked, _ = mask_protected(text)
    chars = list(masked)
    _convert_quotes(chars)
    _convert_parens(chars)
    _convert_punctuation(chars, chinese=True)
    return [(i, text[i]) for i, (a, b) in enumerate(zip(masked, chars)) if a != b]


# --------------------------------------------------------------------------
# Paired quotation marks and brackets (the brackets check)
# --------------------------------------------------------------------------

#: Families of paired marks: (label, openers, closers). English and Chinese
#: forms of one family are counterparts: “” in the source may become 「」.
PAIRED_MARKS = (
    ("“ ” / 「 」", "“「«", "”」»"),
    ("‘ ’ / 『 』", "‘『", "’』"),
    ("( ) / （ ）", "(（", ")）"),
    ("[ ] / 【 】", "[【〔［", "]】〕］"),
    ("《 》 / 〈 〉", "《〈", "》〉"),
    ("{ }", "{｛", "}｝"),
)
_OPENERS = {c: i for i, (_, opens, _) in enumerate(PAIRED_MARKS) for c in opens}
_CLOSERS = {c: i for i, (_, _, closes) in enumerate(PAIRED_MARKS) for c in closes}
_DOUBLE, _SINGLE = 0, 1


def paired_mark_balance(text: str) -> list[tuple[int, int]]:
    """Per family of :data:`PAIRED_MARKS`: (opening marks never closed, closing marks never opened).

    A straight ``"`` closes an open double quote, else opens one. ``’``
    between Latin letters (``CCP’s``), or with no ``‘`` open, is an apostrophe;
    straight ``'`` is ignored. A closing mark whose opener is further down
    closes it and leaves the marks opened since unclosed.
    """
    stack: list[int] = []
    unmatched = [0] * len(PAIRED_MARKS)
    unclosed: Counter[int] = Counter()
    for i, c in enumerate(text):
        if c == '"':
            family, closing = _DOUBLE, _DOUBLE in stack[-1:]
        elif c == "’":
            between_letters = (
                0 < i < len(text) - 1 and _LATIN_LETTER.match(text[i - 1]) and _LATIN_LETTER.match(text[i + 1])
            )
            if between_letters or _SINGLE not in stack:
                continue
            family, closing = _SINGLE, True
        elif c in _OPENERS:
            family, closing = _OPENERS[c], False
        elif c in _CLOSERS:
            family, closing = _CLOSERS[c], True
        else:
            continue
        if not closing:
            stack.append(family)
        elif family in stack:
            while (top := stack.pop()) != family:
                unclosed[top] += 1  # closed over: never closed itself
        else:
            unmatched[family] += 1
    unclosed.update(stack)
    return [(unclosed[i], unmatched[i]) for i in range(len(PAIRED_MARKS))]
