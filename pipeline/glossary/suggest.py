"""Candidate glossary terms from articles: what a terminologist would add next.

:func:`suggest_terms` looks at the sentences of some articles (and, if given,
at reviewed translations) and ranks what is not in the glossary yet, the way
Translate Toolkit's ``poterminology`` and the term extraction of memoQ and
Trados do:

* **acronyms** with their expansion: ``Chinese Communist Party (CCP)``
  (the capitals of the expansion spell the acronym);
* **quoted coinages**: a short quoted word and the noun after it
  (``"run" movement``);
* **names**: runs of two or more capitalised words that recur
  (``Epoch Times``, ``Suvarnabhumi Airport``);
* **noun phrases**: runs of two or three lower-case words that recur, with
  no function word at either end (``exit ban``, ``visa policy``).

Each candidate has a count and two contexts. With reviewed translations, the
rendering reviewers used most is proposed as its target: the Chinese string
found in the translations of the most sentences holding the term (at least
two of them, and at least half), more often than in translations of
sentences without it. Other glossary terms' renderings are cut out of the
translations first, occurrences inside a glossary term are not evidence, and
a sentence reviewed in several variants counts once; with weaker support no
rendering is proposed. :func:`candidates_csv` writes them as a glossary
table ready to edit.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.glossary.matching import TermMatch, form_key
from pipeline.glossary.model import Glossary, Term

#: Words that never start or end a noun phrase or a name (function words, auxiliaries, pronouns).
FUNCTION_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your
    said says say told tells according would could may might must shall one two three four five six seven eight
    nine ten many much new last first year years people time times week weeks day days month months
    """.split()
)
#: Capitalised words that open sentences or titles, not names.
NAME_STOPWORDS = frozenset(
    "The A An In On At For And But Or If When While After Before He She It They We I You His Her Their Its This "
    "That These Those There Here Mr Mrs Ms Dr What Why How Who Where As By From With To Of Some Many Most".split()
)

_QUOTES = "\"“”「」'‘’"
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
#: Words an acronym skips in its expansion (``Ministry of Public Security (MPS)``).
_SKIPPED = frozenset("of the and for on in de du to".split())
_COINAGE = re.compile(r"[\"“‘']([A-Za-z][\w'’-]*(?:\s[\w'’-]+){0,2})[\"”’']\s+([a-z][a-z-]{2,})")
_NAME = re.compile(r"\b[A-Z][\w’'-]*[A-Za-z](?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'-]*[A-Za-z])+")
_WORD = re.compile(r"[A-Za-z][a-z]*(?:[-'’][a-z]+)*")
#: Chinese (Han) runs, for renderings found in reviewed translations.
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
#: Longest rendering looked for, in characters.
MAX_RENDERING = 8
_CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Candidate:
    """A suggested glossary entry."""

    term: str
    kind: str  # "acronym" | "coinage" | "name" | "phrase"
    count: int
    contexts: tuple[str, ...]
    #: The acronym of an expansion (``CCP``), written as a variant.
    variant: str = ""
    #: The rendering reviewers used most (``""``: none found), and in the translations of how many of how
    #: many source sentences holding the term.
    rendering: str = ""
    rendering_support: tuple[int, int] = (0, 0)


def _expansion(text: str, paren: int, acronym: str) -> tuple[int, str] | None:
    """``(start, expansion)`` of the words just before ``(ACRONYM)`` whose initials spell it, or ``None``."""
    words = list(_WORD.finditer(text[max(0, paren - 160) : paren]))
    base = max(0, paren - 160)
    letters = acronym.replace("&", "").upper()
    if text[base + words[-1].end() : paren].strip() if words else True:
        return None  # something other than a space between the words and the parenthesis
    for k in range(len(words) - 1, -1, -1):
        run = [w.group() for w in words[k:]]
        if run[0].lower() in _SKIPPED:
            continue
        initials = "".join(w[0] for w in run if w.lower() not in _SKIPPED).upper()
        if initials == letters:
            start = base + words[k].start()
            expansion = text[start : base + words[-1].end()]
            if re.search(r"[^\w\s'’-]", expansion):
                return None  # punctuation inside: not one name
            return start, re.sub(r"['’]s\Z", "", expansion)
        if len(initials) >= len(letters):
            return None
    return None


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT_CHARS) : start].lstrip()
    right = text[end : end + _CONTEXT_CHARS].rstrip()
    return f"{'…' if start > _CONTEXT_CHARS else ''}{left}[{text[start:end]}]{right}{'…' if end + _CONTEXT_CHARS < len(text) else ''}"


class _Tally:
    def __init__(self) -> None:
        self.count: Counter[tuple[str, str]] = Counter()
        self.contexts: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.spelling: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.variant: dict[tuple[str, str], str] = {}

    def add(self, kind: str, term: str, text: str, start: int, end: int, variant: str = "") -> None:
        key = (kind, " ".join(form_key(term)))
        self.count[key] += 1
        self.spelling[key][term] += 1
        if variant:
            self.variant[key] = variant
        if len(self.contexts[key]) < 2:
            context = _context(text, start, end)
            if context not in self.contexts[key]:
                self.contexts[key].append(context)


def _phrases(text: str) -> Iterable[tuple[int, int]]:
    """Spans of lower-case runs of two or three words with no function word at either end."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    for i in range(len(words)):
        for n in (2, 3):
            run = words[i : i + n]
            if len(run) < n:
                break
            if any(not w[2].islower() or len(w[2]) < 3 for w in (run[0], run[-1])):
                continue
            if run[0][2] in FUNCTION_WORDS or run[-1][2] in FUNCTION_WORDS:
                continue
            if any(not w[2].islower() for w in run):
                continue
            if any(text[a[1] : b[0]].strip(" -") for a, b in zip(run, run[1:])):
                continue  # punctuation between the words
            yield run[0][0], run[-1][1]


def suggest_terms(
    *,
    texts: Sequence[str],
    glossary: Glossary | None = None,
    reviewed: Sequence[tuple[str, str]] = (),
    min_count: int = 2,
    limit: int | None = None,
) -> list[Candidate]:
    """Ranked candidates from *texts* (sentences) that *glossary* lacks.

    *reviewed*: ``(source, translation)`` pairs of reviewed entries, for the
    rendering reviewers used. Acronyms with an expansion and quoted coinages
    are kept from one occurrence on; names and phrases from *min_count*.
    Ranked by count (acronyms and coinages first among equals), then longest.
    """
    tally = _Tally()
    for text in texts:
        taken: list[tuple[int, int]] = []
        for m in _ACRONYM.finditer(text):
            found = _expansion(text, m.start(), m.group(1))
            if found is not None:
                start, expansion = found
                tally.add("acronym", expansion, text, start, m.end(), variant=m.group(1))
                taken.append((start, m.end()))
        for m in _COINAGE.finditer(text):
            if m.group(2) in FUNCTION_WORDS:
                continue
            term = f'"{m.group(1)}" {m.group(2)}'
            tally.add("coinage", term, text, m.start(), m.end())
            taken.append((m.start(), m.end()))
        for m in _NAME.finditer(text):
            words = m.group().split()
            while words and words[0] in NAME_STOPWORDS:
                words = words[1:]
            if len(words) < 2 or any(a <= m.start() < b for a, b in taken):
                continue
            name = " ".join(words)
            offset = m.group().find(name)
            start = m.start() + max(offset, 0)
            tally.add("name", name, text, start, m.end())
        for start, end in _phrases(text):
            tally.add("phrase", text[start:end], text, start, end)

    known: set[tuple[str, ...]] = set()
    if glossary is not None:
        for entry in glossary.terms:
            known.update(form_key(form) for form in entry.forms)
    candidates: list[Candidate] = []
    for key, count in tally.count.items():
        kind = key[0]
        if kind in ("name", "phrase") and count < min_count:
            continue
        term = tally.spelling[key].most_common(1)[0][0]
        if form_key(term) in known or (glossary is not None and _covered(glossary, term)):
            continue
        variant = tally.variant.get(key, "")
        if variant:  # an acronym: every later use of it, or of its expansion, counts too
            count = sum(len(_occurrences(term, variant).findall(text)) for text in texts)
        candidates.append(Candidate(term=term, kind=kind, count=count, contexts=tuple(tally.contexts[key]),
                                    variant=variant))
    # A phrase inside a longer candidate that is as frequent adds nothing.
    longer = [c for c in candidates if len(c.term.split()) > 2]
    candidates = [
        c for c in candidates
        if not any(c is not o and c.count <= o.count and f" {c.term.lower()} " in f" {o.term.lower()} " for o in longer)
    ]
    order = {"acronym": 0, "coinage": 1, "name": 2, "phrase": 3}
    candidates.sort(key=lambda c: (-c.count, order[c.kind], -len(c.term), c.term.lower()))
    if reviewed:
        in_sources = [glossary.find(source) if glossary is not None else [] for source, _ in reviewed]
        candidates = [_with_rendering(c, reviewed, in_sources) for c in candidates]
    return candidates[:limit] if limit is not None else candidates


def _occurrences(term: str, variant: str = "") -> re.Pattern[str]:
    """*term* (any spacing or hyphens, any case) or its acronym *variant*, as whole words."""
    words = r"[\s-]+".join(re.escape(t) for t in term.split())
    alternatives = [f"(?i:{words})", *([re.escape(variant)] if variant else [])]
    if variant:  # ``Chinese Communist Party's (CCP)`` is one use
        alternatives.insert(0, rf"(?i:{words})(?:['’]s)?\s*\({re.escape(variant)}\)")
    return re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})(?![\w])")


def _covered(glossary: Glossary, term: str) -> bool:
    """Whether one glossary match covers all of *term*."""
    return any(m.start == 0 and m.end >= len(term.rstrip()) - 1 for m in glossary.find(term))


@lru_cache(maxsize=None)
def _renderings(term: Term) -> frozenset[str]:
    """Every rendering *term* stands for in a translation: its targets, admitted alternatives and what
    each Chinese variant requires (the ``zh`` target converted where the variant has no column)."""
    from pipeline.languages.variants import VARIANTS
    from pipeline.translate.masking import required_target

    found = {text for text in term.targets.values() if text}
    found.update(text for _, text in term.alternatives if text)
    found.update(t for code in VARIANTS if (t := required_target(term, code)))
    return frozenset(found)


def _masked(target: str, renderings: Iterable[str]) -> str:
    """*target* with each of *renderings* (longest first) cut out, so that no string is found in or across them."""
    ordered = sorted({r for r in renderings if r}, key=len, reverse=True)
    return re.sub("|".join(map(re.escape, ordered)), "\x00", target) if ordered else target


def _with_rendering(
    candidate: Candidate, reviewed: Sequence[tuple[str, str]], found: Sequence[Sequence[TermMatch[Term]]]
) -> Candidate:
    """*candidate* with the Chinese string found in the most reviewed translations of sentences holding it.

    *found*: the glossary terms found in each source of *reviewed*. Their renderings are cut out of the
    translation first (出境禁令 for ``exit ban`` is no rendering of ``human rights`` in the same sentence),
    and an occurrence inside one of them (``human rights`` in ``human rights defender``) is theirs, not
    evidence. Support is counted in source sentences (translations of one sentence into several variants
    count once): the string must be in the translations of at least two sentences holding the term and of
    at least half, and in a larger share of them than of the translations of sentences without it;
    otherwise no rendering is proposed.
    """
    pattern = _occurrences(candidate.term, candidate.variant)
    holding: dict[str, list[str]] = defaultdict(list)  # source → its translations (one per PO)
    others: list[str] = []
    for (source, target), matches in zip(reviewed, found):
        spans = [(m.start(), m.end()) for m in pattern.finditer(source)]
        free = [(a, b) for a, b in spans if not any(g.start <= a and b <= g.end for g in matches)]
        if spans and not free:
            continue  # only inside other terms: neither evidence nor background
        # Other terms' renderings go, but not those of terms inside the candidate's own occurrences.
        cut = [r for g in matches if not any(g.start < b and a < g.end for a, b in free) for r in _renderings(g.term)]
        (holding[source] if free else others).append(_masked(target, cut))
    if len(holding) < 2:
        return candidate
    # Support counts source sentences: the zh_Hans and zh_TW translations of one sentence are one piece of evidence.
    support: Counter[str] = Counter()
    for targets in holding.values():
        seen: set[str] = set()
        for run in (run for target in targets for run in _HAN.findall(target)):
            for size in range(2, min(MAX_RENDERING, len(run)) + 1):
                for i in range(len(run) - size + 1):
                    seen.add(run[i : i + size])
        support.update(seen)
    eligible = [s for s, n in support.items() if n >= 2 and n * 2 >= len(holding)]
    background = Counter(s for target in others for s in eligible if s in target)
    rate = {s: background[s] / len(others) if others else 0.0 for s in eligible}
    # More often with the term than without it: 报告 in every sentence about a report is no rendering.
    eligible = [s for s in eligible if support[s] / len(holding) > rate[s]]
    if not eligible:
        return candidate
    # Support beyond what the string has in other translations, weighted by length:
    # 出境禁令 (2 of 3) over its part 出境 (3 of 3, also in 出境限制).
    best = max(eligible, key=lambda s: ((support[s] - rate[s] * len(holding)) * len(s), support[s]))
    hits = support[best]
    return Candidate(candidate.term, candidate.kind, candidate.count, candidate.contexts, candidate.variant,
                     best, (hits, len(holding)))


def candidates_csv(candidates: Sequence[Candidate]) -> str:
    """A glossary table (``en,zh,variants,note``) of *candidates*, ready to edit: the note holds
    the kind, the count, the reviewers' support of the target and two contexts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["en", "zh", "variants", "note"])
    for c in candidates:
        parts = [f"suggested {c.kind}", f"{c.count}×"]
        if c.rendering:
            parts.append(f"zh used in {c.rendering_support[0]} of {c.rendering_support[1]} reviewed translations")
        parts += c.contexts
        writer.writerow([c.term, c.rendering, c.variant, "; ".join(parts)])
    return out.getvalue()
