"""Fuzzy memory matches: the best earlier translation of a sentence like a new one.

A :class:`FuzzyIndex` holds reviewed pairs (reviewed PO entries, imported
TMX pairs) and answers, for a new sentence, the most similar stored source
whose similarity reaches a threshold (75 % by default, as OmegaT, Weblate
and Poedit offer).

Similarity is :func:`rapidfuzz.fuzz.ratio` of the normalised sources
(:func:`~pipeline.memory.keys.normalize_source`): the Indel similarity,
``100 · 2·M / (len(a) + len(b))`` with M the characters the two share in
order, the figure msgmerge and difflib report as a ratio.

Finding the best match among 200 000 sources one by one is too slow, so
candidates are shortlisted first:

1. **length**: a ratio of *t* needs the shorter text to be at least
   ``t / (2 - t)`` of the longer one, so only sources of a length in that
   window can match (sources are kept sorted by length);
2. **rare words**: an inverted index from lower-cased words to the
   sources holding them; the query's :data:`RARE_WORDS` rarest words
   (frequent words like "the" say nothing) collect the sources that share
   them, and the :data:`SHORTLIST` sharing the most are scored with
   :func:`rapidfuzz.process.extract` and ``score_cutoff``. A query made only
   of frequent words scores its whole length window instead.

The shortlist is a heuristic: a source sharing none of the query's rare
words is not found, though its characters might reach the threshold (for
example the same sentence with every word respelled). A 75 % match of a
news sentence shares its names and numbers, which are its rare words.

Ties (same score) go to the pair of the earlier-ranked kind (a reviewed PO
before an imported TMX pair), then to the alphabetically first source, so
the result never depends on the order files were read in.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.memory.keys import normalize_source

#: The default threshold, in percent: matches below it are not offered.
DEFAULT_THRESHOLD = 75.0
#: Query words used to shortlist candidates (the rarest ones).
RARE_WORDS = 8
#: Candidates scored per query.
SHORTLIST = 64
#: Words held by more than this share of the sources are not used to shortlist.
COMMON_SHARE = 0.05

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class FuzzyMatch:
    """A stored pair similar to a new sentence."""

    source: str  #: the stored (normalised) source sentence
    target: str  #: its translation
    origin: str  #: where the pair came from, e.g. ``other/zh_Hans.po p3.s2`` or ``tm.tmx``
    score: float  #: similarity in percent, 0-100

    @property
    def percent(self) -> int:
        """The score rounded down to a whole percent (a 74.6 % match never shows as 75 %)."""
        return int(self.score)


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


class FuzzyIndex:
    """Reviewed pairs indexed for fuzzy lookup.

    >>> index = FuzzyIndex()
    >>> index.add_many([("The minister resigned on Monday.", "部长周一辞职。", "a/zh_Hans.po p1.s1")])
    1
    >>> index.best("The minister resigned on Tuesday.", threshold=75).percent
    89

    Pairs are added in rank order: for a source already held, the first
    pair added is kept (add reviewed POs before imported TMX).
    """

    def __init__(self) -> None:
        self._sources: list[str] = []
        self._targets: list[str] = []
        self._origins: list[str] = []
        self._ranks: list[int] = []
        self._seen: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._rank = 0
        self._by_length: tuple[list[int], list[int]] | None = None  # lengths sorted, and the ids in that order
        self._arrays: dict[str, Any] = {}  # word -> its postings as a numpy array, made on first use
        self._length_np: Any = None

    def __len__(self) -> int:
        return len(self._sources)

    def add_many(self, pairs: Iterable[tuple[str, str, str]]) -> int:
        """Add ``(source, target, origin)`` pairs, all of one rank (after those added before); returns how many were new."""
        rank = self._rank
        self._rank += 1
        added = 0
        postings = self._postings
        for source, target, origin in pairs:
            normalized = normalize_source(source)
            if not normalized or not target or normalized in self._seen:
                continue
            ident = len(self._sources)
            self._seen[normalized] = ident
            self._sources.append(normalized)
            self._targets.append(target)
            self._origins.append(origin)
            self._ranks.append(rank)
            for word in _words(normalized):
                postings.setdefault(word, []).append(ident)
            added += 1
        if added:
            self._by_length = None
            self._arrays.clear()
        return added

    def _lengths(self) -> tuple[list[int], list[int]]:
        if self._by_length is None:
            pairs = sorted((len(s), i) for i, s in enumerate(self._sources))
            self._by_length = ([n for n, _ in pairs], [i for _, i in pairs])
        return self._by_length

    def best(self, text: str, *, threshold: float = DEFAULT_THRESHOLD) -> FuzzyMatch | None:
        """The most similar stored pair with a score of at least *threshold* percent; None if there is none.

        Callers look for exact matches first; one found here (say, a source
        differing only in spacing) scores 100. *threshold* 0 disables fuzzy matching (always None).
        """
        if threshold <= 0 or not self._sources:
            return None
        query = normalize_source(text)
        if not query:
            return None
        ratio = min(threshold, 100.0) / 100.0
        low = len(query) * ratio / (2 - ratio)
        high = len(query) * (2 - ratio) / ratio
        from rapidfuzz import fuzz, process  # deferred: importing pipeline.memory stays light

        ids = self._shortlist(query, low, high)
        sources = self._sources
        scored = process.extract(
            query, [sources[i] for i in ids], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        best: tuple[float, int, str, int] | None = None  # (-score, rank, source, id): smallest wins
        for candidate, score, position in scored:
            if score <= 0:
                continue
            ident = ids[position]
            key = (-score, self._ranks[ident], candidate, ident)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        ident = best[3]
        return FuzzyMatch(sources[ident], self._targets[ident], self._origins[ident], -best[0])

    def _shortlist(self, query: str, low: float, high: float) -> list[int]:
        """Ids of the sources within the length window sharing the most of the query's rare words.

        Counted with numpy over the rare words' postings: ``unique`` with
        counts of the ids, the length window as a mask, and the :data:`SHORTLIST` best by
        (shared words, closeness of length) from ``argpartition``.
        """
        import numpy as np

        postings = self._postings
        limit = max(SHORTLIST, int(len(self._sources) * COMMON_SHARE))
        known = sorted((len(postings[w]), w) for w in _words(query) if w in postings)
        rare = [w for n, w in known if n <= limit][:RARE_WORDS]
        if not rare:
            # Only common words (or none) in the query: every source in the length
            # window is scored (rapidfuzz's own loop; slower, and rare in prose).
            lengths, ids = self._lengths()
            return ids[bisect_left(lengths, low) : bisect_right(lengths, high)]
        arrays = self._arrays
        for word in rare:
            if word not in arrays:
                arrays[word] = np.asarray(postings[word], dtype=np.int32)
        found = np.concatenate([arrays[w] for w in rare]) if len(rare) > 1 else arrays[rare[0]]
        candidates, shared = np.unique(found, return_counts=True)
        sizes = self._length_array()[candidates]
        fits = (sizes >= low) & (sizes <= high)
        candidates, shared, sizes = candidates[fits], shared[fits], sizes[fits]
        if len(candidates) > SHORTLIST:
            # More shared rare words first, then the length nearest the query's.
            rank = shared.astype(np.int64) * 100_000 - np.abs(sizes - len(query))
            top = np.argpartition(-rank, SHORTLIST - 1)[:SHORTLIST]
            candidates = candidates[top]
        return [int(i) for i in candidates]

    def _length_array(self) -> Any:
        """Every source's length, by id, as a numpy array (made again after additions)."""
        import numpy as np

        if self._length_np is None or len(self._length_np) != len(self._sources):
            self._length_np = np.fromiter((len(s) for s in self._sources), dtype=np.int64, count=len(self._sources))
        return self._length_np


def fuzzy_matches(
    texts: Iterable[str], index: FuzzyIndex, *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, FuzzyMatch]:
    """``{text: best match}`` for the *texts* with a match of at least *threshold* percent."""
    found: dict[str, FuzzyMatch] = {}
    if threshold <= 0 or not len(index):
        return found
    for text in texts:
        if text in found:
            continue
        match = index.best(text, threshold=threshold)
        if match is not None:
            found[text] = match
    return found
