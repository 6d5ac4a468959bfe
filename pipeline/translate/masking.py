"""Protected spans and their placeholders: what a glossary term requires, and the source masked for the engine.

Each protected span of a source segment (a glossary term, or markup the
caller wants carried through) is replaced by a placeholder ``ZQ0``,
``ZQ1``, ... before translation, and the span's target is put back where the
engine left the placeholder.

Why ``ZQ<n>``: capital ASCII letters and digits only. No underscore (the
Argos/SentencePiece decoder turns ``_``/``▁`` into a space), no brackets or
markup (NMT models drop or translate them), no real word (the model would
translate it). SentencePiece splits ``ZQ0`` into a few Latin pieces and one
digit piece (digits are split one by one by ``split_digits`` models); models
copy such unknown Latin pieces and digits into the output, the way they copy
product codes and numbers (checked with the project's test models). Two
letters, not three: every piece of a placeholder is a decoder step, and news
text is term-dense (the sample has two terms per sentence): on a 32k-piece
tokenizer ``ZQ0`` is four pieces (``▁ Z Q 0``). The bigram ZQ does not occur in English words and practically never in
Chinese text, so a leftover is unambiguous; a placeholder never continues a
Latin word, so ``Benz Q1`` in a translation is left alone. The restore is
tolerant of what decoders do to it: spaces inside (``ZQ 1``, ``Z Q1``),
lower case (``zq1``) and full-width forms (``ＺＱ１``); digits must stay
together (``ZQ1 0`` is ZQ1 followed by 0), and a placeholder followed by a
digit keeps it (``ZQ00.3.0`` is ZQ0 before ``0.3.0``: the index is the
longest run of the digits that is a masked span's). Written exactly, a
placeholder is read even glued to a word (``ZQ0councilZQ1``). Should a source already contain
the bigram in any of these forms (``Plan Z quickly``, ``Gen Z Q1``), the
next prefix from :data:`PLACEHOLDER_PREFIXES` (three letters, ``ZXQ``...) is
used for that segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import cache, partial

from pipeline.glossary import Term, TermMatch
from pipeline.languages.variants import find as find_variant
from pipeline.segmentation.spans import PLACEHOLDER_PREFIXES

GAP = r"[^\S\n]*"  # spaces a decoder may put inside a placeholder (not newlines)


@dataclass(frozen=True)
class Protected:
    """A span of the source carried through the engine by a placeholder."""

    start: int
    end: int
    #: What goes into the translation in its place.
    target: str
    #: For notes, e.g. ``exit ban → 出境禁令`` or ``markup``.
    label: str
    #: ``None`` for non-glossary spans (Markdown markup, URLs).
    term: Term | None = None
    #: Renderings that must not appear in the translation.
    forbidden: tuple[str, ...] = ()


# --------------------------------------------------------------------------- placeholders


def _letter_class(ch: str) -> str:
    up, low = ch.upper(), ch.lower()
    return f"[{up}{low}{chr(ord(up) + 0xFEE0)}{chr(ord(low) + 0xFEE0)}]"


#: A placeholder never continues a Latin word: ``Benz Q1`` holds no ``ZQ1``.
_NOT_AFTER_A_LETTER = r"(?<![A-Za-z\uff21-\uff3a\uff41-\uff5a])"


@cache
def placeholder_patterns(prefix: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(placeholder with its index, any remnant of the prefix).

    A placeholder exactly as written (``ZQ1``) is read anywhere, also glued to
    a word (``councilZQ1``, as markup around a link's text is masked); one a
    decoder changed (spaces inside, lower case, full width) only where it does
    not continue a Latin word.
    """
    loose = _NOT_AFTER_A_LETTER + GAP.join(_letter_class(c) for c in prefix)
    exact = re.escape(prefix)
    return re.compile(f"(?:{exact}|{loose}{GAP})(\\d+)"), re.compile(f"{exact}|{loose}")


def index_digits(digits: str, wanted: Container[int]) -> int:
    """How many of a placeholder's *digits* are its index: the longest canonical
    prefix that is a masked span's index (``ZQ00.3.0`` is ZQ0 before ``0.3.0``), else all."""
    for k in range(len(digits), 0, -1):
        head = digits[:k]
        if (k == 1 or head[0] != "0") and int(head) in wanted:
            return k
    return len(digits)


def placeholder(index: int, prefix: str = PLACEHOLDER_PREFIXES[0]) -> str:
    """The placeholder text for span *index*: ``ZQ0``."""
    return f"{prefix}{index}"


def has_placeholder(text: str, source: str = "") -> bool:
    """Whether *text* holds a placeholder or a remnant of one (any prefix).

    A prefix that *source* itself contains (``Plan Z quickly`` for ``ZQ``) is
    no sign of a placeholder in its translation and is not looked for.
    """
    return any(
        placeholder_patterns(p)[1].search(text) and not placeholder_patterns(p)[1].search(source) for p in PLACEHOLDER_PREFIXES
    )


def placeholder_prefix_for(source: str) -> str:
    """The placeholder prefix for *source*: the first of :data:`PLACEHOLDER_PREFIXES` whose placeholders it cannot be confused with."""
    for prefix in PLACEHOLDER_PREFIXES:
        if not placeholder_patterns(prefix)[1].search(source):
            return prefix
    return PLACEHOLDER_PREFIXES[0]  # pragma: no cover - a source containing all four


def mask(source: str, spans: Sequence[Protected], masked: Sequence[int], prefix: str) -> str:
    """*source* with the spans whose index is in *masked* replaced by placeholders."""
    out: list[str] = []
    pos = 0
    for index in sorted(masked, key=lambda i: spans[i].start):
        span = spans[index]
        out.append(source[pos : span.start])
        out.append(placeholder(index, prefix))
        pos = span.end
    out.append(source[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- targets


@cache
def default_converter(variant: str) -> Callable[[str], str]:
    """Simplified → *variant* as the rest of the pipeline converts it (:func:`pipeline.languages.convert.to_variant`).

    Identity for Simplified and non-Chinese variants.
    """
    if not _is_traditional(variant):
        return lambda text: text
    from pipeline.languages.convert import to_variant

    return partial(to_variant, variant=variant)


def _is_traditional(variant: str) -> bool:
    known = find_variant(variant)
    return known is not None and known.is_traditional


def required_target(
    term: Term, variant: str, *, as_written: str = "", convert: Callable[[str], str] | None = None
) -> str | None:
    """The rendering *term* requires in *variant*; ``None`` when the glossary gives none.

    ``dnt`` terms require the source as written; Traditional variants without
    their own column convert the ``zh`` target.
    """
    if term.dnt:
        return as_written or term.source
    target = term.target_for(variant)
    if target is None and _is_traditional(variant) and term.targets.get("zh"):
        target = (convert or default_converter(variant))(term.targets["zh"])
    return target


def forbidden_for(term: Term, variant: str, convert: Callable[[str], str] | None) -> tuple[str, ...]:
    """*term*'s forbidden renderings in *variant* (its language's list only): as written, and converted too for a Traditional variant."""
    own = term.forbidden_for(variant)
    forms = list(own)
    if own and _is_traditional(variant):
        conv = convert or default_converter(variant)
        forms += [conv(f) for f in own]
    return tuple(dict.fromkeys(f for f in forms if f))


def protected_for_matches(
    matches: Sequence[TermMatch], variant: str, convert: Callable[[str], str] | None = None
) -> list[Protected]:
    """One :class:`Protected` per match that has a target for *variant*.

    The target is the variant's own column, else *convert* (OpenCC by
    default) of the ``zh`` target for Traditional variants; a ``dnt`` term
    keeps the source text as written. Matches without any target for the
    variant are left out (there is nothing to enforce).
    """
    out: list[Protected] = []
    for match in matches:
        term = match.term
        target = required_target(term, variant, as_written=match.text, convert=convert)
        if not target:
            continue
        out.append(
            Protected(
                start=match.start,
                end=match.end,
                target=target,
                label=f"{term.source} → {target}",
                term=term,
                forbidden=tuple(f for f in forbidden_for(term, variant, convert) if f != target),
            )
        )
    return out
