"""Ids that never shift: each sentence keeps its msgctxt from one run to the next.

Weblate and other CAT tools key a unit by msgctxt + msgid, so a sentence must
keep its ``p<n>.s<m>`` however the paragraphs around it change. The new
article is aligned against its previous template (the POT in the article's
folder, or the Simplified PO), as ``diff`` aligns lines:

* paragraphs are aligned with :class:`difflib.SequenceMatcher` on their
  sentences; an equal paragraph, the same paragraph moved elsewhere, or one
  similar enough (it shares a sentence, or its words are at least
  :data:`PARAGRAPH_THRESHOLD` similar) keeps its ``p<n>``;
* within a kept paragraph, sentences are aligned the same way: an equal or
  moved sentence, a 1:1 replaced one, or a similar one keeps its ``s<m>``; a
  new sentence gets the paragraph's next unused ``s`` number;
* a new paragraph gets the next paragraph number never used before.

"Never used" covers every id in the article's POT and PO files (obsolete
entries included) and the high-water marks their headers record
(:class:`pipeline.catalog.notes.IdMarks`), so an id given up once is not given to
another sentence, even after the user purged the obsolete entries. The
first run numbers paragraphs and sentences in order (``p1.s1``, ``p1.s2``,
``p2.s1``, ...), and a PO written by the old positional scheme is simply the
previous template: it migrates on its next run with nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TypeVar

from pipeline.documents.article import Segment
from pipeline.catalog import FUZZY_THRESHOLD, Catalog, Entry
from pipeline.catalog.notes import IdMarks, parse_id_marks

#: Similarity (difflib ratio of the paragraphs' words) from which a changed paragraph keeps its number.
PARAGRAPH_THRESHOLD = 0.5
#: In a changed stretch, how many old items after the last pair a new item is compared with
#: (keeps a rewritten document linear: no item is compared with every other).
SEARCH_WINDOW = 20

T = TypeVar("T", bound=Hashable)


def _word_ratio(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if matcher.real_quick_ratio() < PARAGRAPH_THRESHOLD or matcher.quick_ratio() < PARAGRAPH_THRESHOLD:
        return 0.0
    return matcher.ratio()


def align(
    old: Sequence[T],
    new: Sequence[T],
    *,
    similarity: Callable[[T, T], float],
    threshold: float,
    one_to_one: bool = False,
) -> dict[int, int]:
    """``{new index: old index}``: which old item each new item continues.

    Equal runs (difflib's opcodes) first, then equal items that moved, then,
    in each replaced stretch and in order, the most similar old item at or
    above *threshold* among the next :data:`SEARCH_WINDOW`. *one_to_one*: a replaced stretch of as many new items
    as old ones is paired in order whatever the similarity.
    """
    if old == new:
        return dict(enumerate(range(len(old))))
    if not old or not new:
        return {}  # a first run (or an emptied article): nothing to continue
    # As diff does: the common head and tail are paired first, difflib aligns the middle
    # (its autojunk heuristic keeps a long document with repeated items fast).
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    pairs: dict[int, int] = {j: j for j in range(head)}
    pairs.update({len(new) - 1 - k: len(old) - 1 - k for k in range(tail)})
    stretches: list[tuple[int, int, int, int]] = []
    matcher = SequenceMatcher(None, old[head : len(old) - tail], new[head : len(new) - tail])
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        i1, i2, j1, j2 = a1 + head, a2 + head, b1 + head, b2 + head
        if tag == "equal":
            pairs.update(zip(range(j1, j2), range(i1, i2)))
        elif tag == "replace" and one_to_one and i2 - i1 == j2 - j1:
            pairs.update(zip(range(j1, j2), range(i1, i2)))
        elif tag != "equal":
            stretches.append((i1, i2, j1, j2))
    taken = set(pairs.values())
    free: dict[T, list[int]] = {}
    for i, item in enumerate(old):
        if i not in taken:
            free.setdefault(item, []).append(i)
    for j, item in enumerate(new):
        if j not in pairs and free.get(item):
            pairs[j] = free[item].pop(0)
            taken.add(pairs[j])
    for i1, i2, j1, j2 in stretches:
        cursor = i1
        for j in range(j1, j2):
            if j in pairs:
                continue
            best, best_score = -1, threshold
            for i in range(cursor, min(i2, cursor + SEARCH_WINDOW)):
                if i in taken:
                    continue
                score = similarity(old[i], new[j])
                if score >= best_score and (best < 0 or score > best_score):
                    best, best_score = i, score
            if best >= 0:
                pairs[j] = best
                taken.add(best)
                cursor = best + 1
    return pairs


def _paragraph_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if set(a) & set(b):
        return 1.0
    return _word_ratio(" ".join(a), " ".join(b))


def _sentence_similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def previous_template(catalogs: Iterable[Catalog | None]) -> list[Entry]:
    """The first catalog's active entries: the template the article's ids were last given by."""
    for catalog in catalogs:
        if catalog is not None:
            return catalog.active
    return []


def used_marks(catalogs: Iterable[Catalog | None]) -> tuple[int, dict[int, int]]:
    """The next never-used paragraph number and each paragraph's next never-used sentence number.

    From every entry (obsolete ones too) and every header mark of *catalogs*.
    """
    next_paragraph = 1
    next_sentence: dict[int, int] = {}
    for catalog in catalogs:
        if catalog is None:
            continue
        marks = parse_id_marks(catalog.header)
        next_paragraph = max(next_paragraph, marks.next_paragraph)
        for paragraph, sentence in marks.next_sentence:
            next_sentence[paragraph] = max(next_sentence.get(paragraph, 1), sentence)
        for entry in catalog.entries:
            paragraph, sentence = entry.position
            if paragraph:
                next_paragraph = max(next_paragraph, paragraph + 1)
                next_sentence[paragraph] = max(next_sentence.get(paragraph, 1), sentence + 1)
    return next_paragraph, next_sentence


def _paragraphs_of(entries: Sequence[Entry]) -> list[tuple[int, list[tuple[int, str]]]]:
    """The previous template's paragraphs in order: ``(p, [(s, msgid), ...])``."""
    grouped: dict[int, list[tuple[int, str]]] = {}
    for entry in entries:
        paragraph, sentence = entry.position
        if paragraph:
            grouped.setdefault(paragraph, []).append((sentence, entry.msgid))
    return list(grouped.items())


def stable_ids(
    segments: Sequence[Segment], *, previous: Sequence[Entry], used: tuple[int, Mapping[int, int]] = (1, {})
) -> tuple[list[Segment], IdMarks]:
    """*segments* with the ids they keep from *previous* (a template's entries), and the marks to record.

    *used*: the next never-used paragraph number and per-paragraph sentence
    numbers (:func:`used_marks`). See the module docstring.
    """
    next_paragraph, marks = used[0], dict(used[1])
    old = _paragraphs_of(previous)
    for paragraph, sentences in old:
        next_paragraph = max(next_paragraph, paragraph + 1)
        marks[paragraph] = max(marks.get(paragraph, 1), max(s for s, _ in sentences) + 1)
    blocks: list[list[Segment]] = []
    for segment in segments:
        if blocks and blocks[-1][0].block == segment.block:
            blocks[-1].append(segment)
        else:
            blocks.append([segment])
    pairs = align(
        [tuple(text for _, text in sentences) for _, sentences in old],
        [tuple(s.text for s in block) for block in blocks],
        similarity=_paragraph_similarity,
        threshold=PARAGRAPH_THRESHOLD,
    )
    result: list[Segment] = []
    numbers: dict[int, list[int]] = {}
    for j, block in enumerate(blocks):
        if j in pairs:
            paragraph, sentences = old[pairs[j]]
            kept = align(
                [text for _, text in sentences],
                [s.text for s in block],
                similarity=_sentence_similarity,
                threshold=FUZZY_THRESHOLD,
                one_to_one=True,
            )
            given = []
            for k in range(len(block)):
                if k in kept:
                    given.append(sentences[kept[k]][0])
                else:
                    given.append(marks.get(paragraph, 1))
                    marks[paragraph] = given[-1] + 1
        else:
            paragraph = next_paragraph
            next_paragraph += 1
            given = list(range(1, len(block) + 1))
            marks[paragraph] = len(block) + 1
        numbers[paragraph] = given
        result.extend(
            s if s.id == f"p{paragraph}.s{n}" else replace(s, stable_id=f"p{paragraph}.s{n}") for s, n in zip(block, given)
        )
    # A paragraph's mark is worth recording only where its entries would not show it.
    recorded = tuple(
        (paragraph, marks[paragraph]) for paragraph, given in sorted(numbers.items()) if marks[paragraph] > max(given) + 1
    )
    return result, IdMarks(next_paragraph, recorded)


def assign_ids(segments: Sequence[Segment], catalogs: Sequence[Catalog | None]) -> tuple[list[Segment], IdMarks]:
    """Stable ids for *segments* from the article's catalogs (the POT first, then the POs)."""
    return stable_ids(segments, previous=previous_template(catalogs), used=used_marks(catalogs))
