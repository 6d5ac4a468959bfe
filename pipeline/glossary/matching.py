"""Finding glossary terms in text: the tokenizer, English plural and possessive forms, and the token trie.

Words (letters and digits, inner apostrophes) and single punctuation marks are
tokens; spaces and hyphens only separate them; every quote mark is one token.
:class:`TermMatcher` is built once per glossary and finds the longest,
non-overlapping matches in about one dictionary lookup per token.

This module knows nothing of :mod:`pipeline.glossary.model`: it needs of a
term only what :class:`MatchableTerm` names, so imports run one way
(model → matching).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

from pipeline.glossary.forms import expand_form


class MatchableTerm(Protocol):
    """What the matcher needs of a glossary term (:class:`pipeline.glossary.Term` is one)."""

    @property
    def source(self) -> str: ...

    @property
    def variants(self) -> tuple[str, ...]: ...

    @property
    def match_flags(self) -> frozenset[str]: ...

    @property
    def forms(self) -> tuple[str, ...]: ...

    def is_case_sensitive(self, form: str) -> bool: ...


#: The term type a :class:`TermMatcher` was built over, carried into its :class:`TermMatch` values.
TermT = TypeVar("TermT", bound=MatchableTerm)


#: Every quote mark is the same token in matching.
QUOTE_CHARS = "\"'“”„‟«»‘’‚‛`´″′「」『』"
_APOSTROPHE_TABLE = str.maketrans({"’": "'", "ʼ": "'"})

# Words (letters/digits with inner apostrophes) or single punctuation marks.
# Whitespace, hyphens and invisible marks are separators and yield no token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*|[^\s\w\-\u2010\u2011\u00ad\u200b\u200c\u200d\ufeff]|_")

#: Words ending in -s that are not plurals (never singularized).
NOT_PLURAL = frozenset(
    {"news", "series", "species", "means", "always", "perhaps", "whereas", "towards", "afterwards", "does", "goes"}
)


#: Hyphens that glue a compound (``COVID-19``): a term does not match when one follows it, then a letter or digit.
_HYPHENS = "-\u2010\u2011"
#: Capitalised words that do not make a name longer (``The Health Service``, ``In Health Service news``).
NAME_OPENERS = frozenset(
    {
        "the", "a", "an", "in", "on", "at", "of", "for", "and", "or", "but", "by", "to", "from", "with", "as",
        "if", "when", "while", "after", "before", "since", "under", "over", "this", "that", "these", "those",
        "his", "her", "its", "their", "our", "my", "your", "both", "all", "every", "each", "some", "many",
        "most", "no", "not", "why", "how", "what", "where", "who", "mr", "mrs", "ms", "dr", "i", "we", "it",
    }
)
#: Entry modes (bits): only the forms as written; may match inside a larger unit; the form is a capitalised name;
#: a form made from the entry's (a verb form, a compound); reached through a plural fold of the entry's last word.
_LITERAL, _INSIDE, _NAME, _DERIVED, _FOLDED, _LOWER = 1, 2, 4, 8, 16, 32
#: Small words inside a capitalised name (``Journal of Medicine``).
_NAME_JOINERS = frozenset({"of", "for", "on", "and", "de"})


@dataclass(frozen=True)
class TermMatch(Generic[TermT]):
    """A glossary term found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    term: TermT




_QUOTE_MAP = {c: '"' for c in QUOTE_CHARS}


def _tokens(text: str) -> list[re.Match[str]]:
    """Token matches over *text* with apostrophes straightened (same offsets as *text*)."""
    return list(_TOKEN_RE.finditer(text.translate(_APOSTROPHE_TABLE)))


def _raw_tokens(text: str) -> list[str]:
    """Case-preserving normal forms of *text*'s tokens: quotes unified, apostrophes straightened."""
    quote = _QUOTE_MAP
    return [t if t[0].isalnum() else quote.get(t, t) for t in _TOKEN_RE.findall(text.translate(_APOSTROPHE_TABLE))]


def _norm_token(tok: str) -> str:
    """A token from the apostrophe-straightened text with every quote mark made ``"``."""
    return tok if tok[0].isalnum() else _QUOTE_MAP.get(tok, tok)


def _singulars(word: str) -> list[str]:
    """Possible singulars of an English plural (case preserved), most likely first."""
    low = word.lower()
    if len(low) < 4 or low[-1] != "s" or low.endswith(("ss", "us", "is")) or low in NOT_PLURAL:
        return []
    out = []
    if low.endswith("ies"):
        out.append(word[:-3] + ("Y" if word[-3].isupper() else "y"))
    if low.endswith("es"):
        out.append(word[:-2])
    out.append(word[:-1])
    return out


def _final_forms(raw: str) -> list[tuple[str, int]]:
    """Forms the last word of a term may take in text: ``(base, chars cut from the end)``.

    ``Party's`` → Party's, Party (cut 2); ``bans`` → bans, ban.
    """
    if len(raw) > 2 and raw.endswith("'s") and raw[0].isalnum():
        base = raw[:-2]
        return [(raw, 0), (base, 2), *((s, 2) for s in _singulars(base))]
    return [(raw, 0), *((s, 0) for s in _singulars(raw))]


@lru_cache(maxsize=65536)
def _final_keys(raw: str) -> tuple[tuple[str, str, int], ...]:
    """``(form, case-folded form, cut)`` for :func:`_final_forms`, cached per token."""
    if not raw[0].isalnum():
        return ((raw, raw, 0),)
    return tuple((f, f.casefold(), cut) for f, cut in _final_forms(raw))


@lru_cache(maxsize=262144)
def form_key(form: str) -> tuple[str, ...]:
    """A form's tokens, normalized and case-folded: ``"Exit-Ban"`` → ``("exit", "ban")``."""
    return tuple(_raw_tokens(form.casefold()))



# A trie node is a 2-list: [next: {token key: node}, ends: {last token key: [entry]}].
# An entry is (priority, term, raw tokens or None when case-insensitive).
_Entry = tuple[int, Any, "tuple[str, ...] | None", int]


class TermMatcher(Generic[TermT]):
    """Token trie over every form of every term; built once per glossary."""

    __slots__ = ("root",)

    def __init__(self, terms: Sequence[TermT]) -> None:
        root: list[Any] = [{}, {}]
        for priority, term in enumerate(terms):
            flags = term.match_flags
            for form in (term.source, *term.variants) if term.variants else (term.source,):
                sensitive = term.is_case_sensitive(form)
                mode = (_LITERAL if "as-written" in flags else 0) | (_INSIDE if "inside" in flags else 0)
                if _is_multiword_name(form):
                    mode |= _NAME
                elif form[:1].islower():
                    mode |= _LOWER
                for index, expanded in enumerate(expand_form(form, flags)):
                    self._insert(root, priority, term, expanded, sensitive, mode | (_DERIVED if index else 0))
        self.root = root

    @staticmethod
    def _insert(root: list[Any], priority: int, term: TermT, form: str, sensitive: bool, mode: int) -> None:
        raws = _raw_tokens(form)
        if not raws or not any(r[0].isalnum() for r in raws):
            return  # only punctuation: cannot be matched
        node = root
        for raw in raws[:-1]:
            key = raw.casefold()
            nxt = node[0].get(key)
            if nxt is None:
                nxt = node[0][key] = [{}, {}]
            node = nxt
        exact = tuple(raws) if sensitive else None
        last = raws[-1]
        finals = [(last.casefold(), mode)]
        if last[0].isalnum() and not mode & _LITERAL:
            finals += [(s.casefold(), mode | _FOLDED) for s in _singulars(last)]
        ends = node[1]
        for key, key_mode in finals:
            entry: _Entry = (priority, term, exact, key_mode)
            lst = ends.get(key)
            if lst is None:
                ends[key] = [entry]
            elif entry not in lst:
                lst.append(entry)

    def find(self, text: str) -> list[TermMatch[TermT]]:
        toks = _tokens(text)
        n = len(toks)
        if not n:
            return []
        raws = [_norm_token(m.group()) for m in toks]
        keys = [r.casefold() for r in raws]
        finals: list[tuple[tuple[str, str, int], ...] | None] = [None] * n
        root = self.root
        headline: bool | None = None  # title case throughout (found when first needed)
        # Candidates: (-tokens, -chars, start char, -priority, serial, first tok, last tok, end char, term)
        # rank 0: the text has a form exactly as the entry writes it; 1: a plural, verb or compound form of it.
        # A row written as the text is wins over one reached by folding (``pneumonia`` over ``pneumonias``).
        cands: list[tuple[int, int, int, int, int, int, int, int, int, TermT]] = []
        for i in range(n):
            node = root
            j = i
            while True:
                ends = node[1]
                if ends:
                    ff = finals[j]
                    if ff is None:
                        ff = finals[j] = _final_keys(raws[j])
                    for fold, (raw_form, key, cut) in enumerate(ff):
                        entries = ends.get(key)
                        if not entries:
                            continue
                        for priority, term, exact, mode in entries:
                            if exact is not None and not _case_ok(exact, raws, i, j, raw_form):
                                continue
                            if mode & _LITERAL and (cut or key != keys[j]):
                                continue
                            start = toks[i].start()
                            end = toks[j].end() - cut
                            if not mode & _INSIDE and _in_larger_unit(text, toks, i, start, end, mode & _NAME):
                                continue
                            if (
                                mode & _LOWER
                                and not mode & _INSIDE
                                and text[start].isupper()
                                and _in_title_name(text, toks, i, start)
                            ):
                                if headline is None:
                                    headline = _is_headline(toks)
                                if not headline:
                                    continue
                            rank = 1 if fold or mode & (_DERIVED | _FOLDED) else 0
                            cands.append((i - j - 1, start - end, start, rank, -priority, len(cands), i, j, end, term))
                if j + 1 >= n:
                    break
                nxt = node[0].get(keys[j])
                if nxt is None:
                    break
                node = nxt
                j += 1
        if not cands:
            return []
        cands.sort()
        taken = bytearray(n)
        chosen: list[TermMatch[TermT]] = []
        for _, _, start, _, _, _, i, j, end, term in cands:
            if any(taken[i : j + 1]):
                continue
            taken[i : j + 1] = b"\x01" * (j - i + 1)
            chosen.append(TermMatch(start=start, end=end, text=text[start:end], term=term))
        chosen.sort(key=lambda m: m.start)
        return chosen


def _is_multiword_name(form: str) -> bool:
    """A name of several words, the first capitalised and not an abbreviation: ``Health Service``
    (not ``Coronavirus``, ``CDC``, ``SARS-CoV-2`` or ``US Army``)."""
    words = form.split()
    return len(words) > 1 and words[0][:1].isupper() and not words[0].isupper()


def _in_larger_unit(text: str, toks: list[re.Match[str]], i: int, start: int, end: int, name: int) -> bool:
    """Whether ``text[start:end]`` is part of a larger unit: a hyphenated compound that goes on
    (``COVID`` in ``COVID-19``), or, for a capitalised name, a longer name (``Health Service``
    in ``National Health Service``)."""
    if end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum():
        return True
    if name and i:
        before = toks[i - 1]
        word = before.group()
        return (
            word[:1].isupper()
            and text[before.end() : start].isspace()
            and "\n" not in text[before.end() : start]
            and word.casefold() not in NAME_OPENERS
            and not word.endswith(("'s", "’s"))
        )
    return False


def _capitalised_word(word: str) -> bool:
    return word[:1].isupper() and word.casefold() not in NAME_OPENERS and not word.endswith(("'s", "’s"))


def _in_title_name(text: str, toks: list[re.Match[str]], i: int, start: int) -> bool:
    """Whether a lower-case term written with a capital at ``toks[i]`` sits inside a longer
    capitalised name: ``Medicine`` in ``New England Journal of Medicine``, ``Infectious`` in
    ``The Lancet Infectious Diseases``."""
    if not i or not text[toks[i - 1].end() : start].isspace():
        return False
    word = toks[i - 1].group()
    if _capitalised_word(word):
        return True
    return word in _NAME_JOINERS and i > 1 and _capitalised_word(toks[i - 2].group())


def _is_headline(toks: list[re.Match[str]]) -> bool:
    """Title case throughout: most words of four letters or more are capitalised, the last one too
    (``China Extends Exit Bans``; not ``The New England Journal of Medicine reports``)."""
    words = [t.group() for t in toks if t.group()[:1].isalpha() and len(t.group()) >= 4]
    return bool(words) and words[-1][0].isupper() and sum(w[0].isupper() for w in words) * 2 > len(words)


def _case_ok(exact: tuple[str, ...], raws: list[str], i: int, j: int, raw_form: str) -> bool:
    """Case-sensitive check of text tokens ``i..j`` against a form's raw tokens."""
    if tuple(raws[i:j]) != exact[:-1]:
        return False
    last = exact[-1]
    return raw_form == last or raw_form in _singulars(last)


def near_duplicates(terms: Sequence[MatchableTerm]) -> list[tuple[int, int, str, str, str]]:
    """Pairs of terms whose written forms match each other's text: ``(earlier, later, kind, earlier form, later form)``.

    *kind* is ``plural`` (``pneumonia``, ``pneumonias``) or ``verb, spelling
    or compound`` (``infect``, ``infected``). Forms with equal
    :func:`form_key` (exact and case duplicates) are not listed: loading
    already merges them. Indexes are positions in *terms*.
    """
    written: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for index, term in enumerate(terms):
        for form in term.forms:
            written.setdefault(form_key(form), []).append((index, form))
    pairs: dict[tuple[int, int], tuple[str, str, str]] = {}
    for index, term in enumerate(terms):
        for form in term.forms:
            expanded = expand_form(form, term.match_flags)
            if len(expanded) == 1 and not form.endswith(("s", "S")):
                continue  # the fast path: no other form, no plural to fold
            own = form_key(form)
            reach: dict[tuple[str, ...], str] = {}
            for n, other_form in enumerate(expanded):
                key = form_key(other_form) if n else own
                if n:
                    reach.setdefault(key, "verb, spelling or compound")
                if key and key[-1][:1].isalnum() and "as-written" not in term.match_flags:
                    for singular in _singulars(key[-1]):
                        reach.setdefault((*key[:-1], singular), "plural")
            for key, kind in reach.items():
                if key == own:
                    continue
                for other, other_form in written.get(key, ()):
                    if other == index:
                        continue
                    first, second = sorted((index, other))
                    forms = (form, other_form) if first == index else (other_form, form)
                    pairs.setdefault((first, second), (kind, *forms))
    return [(a, b, kind, fa, fb) for (a, b), (kind, fa, fb) in sorted(pairs.items())]
