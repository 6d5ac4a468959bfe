"""An engine output read back: placeholders restored, the model's own renderings replaced, forbidden ones found."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.translate.masking import GAP, Protected, index_digits, placeholder_patterns
from pipeline.translate.verify import loose_form


@dataclass
class Candidate:
    """An engine output read back with some spans masked."""

    masked: tuple[int, ...]
    output: str
    valid: bool = False
    #: Pieces of the translation: text, or the index of a span whose target goes there.
    pieces: list[str | int] = field(default_factory=list)
    applied: set[int] = field(default_factory=set)
    forbidden_hits: dict[int, list[str]] = field(default_factory=dict)


def read_candidate(
    masked: Sequence[int],
    output: str,
    spans: Sequence[Protected],
    prefix: str,
    renderings: dict[int, str],
) -> Candidate:
    """Read the engine *output* of a text whose spans *masked* (indexes into *spans*) were placeholders of *prefix*.

    Each placeholder found becomes its span's index among the pieces; for a span left
    unmasked, the model's own rendering of it (*renderings*) is replaced by its target.
    """
    cand = Candidate(tuple(masked), output)
    pattern, remnant = placeholder_patterns(prefix)
    masked_set = set(masked)
    counts = dict.fromkeys(masked, 0)
    pieces: list[str | int] = []
    pos = 0
    unknown = False
    m = pattern.search(output)
    while m is not None:
        end = m.start(1) + index_digits(m.group(1), masked_set)
        index = int(output[m.start(1) : end])
        pieces.append(output[pos : m.start()])
        if index in masked_set:
            counts[index] += 1
            pieces.append(index)
        else:
            unknown = True
            pieces.append(output[m.start() : end])
        pos = end
        m = pattern.search(output, pos)
    pieces.append(output[pos:])
    model_text = "".join(p for p in pieces if isinstance(p, str))
    cand.valid = not unknown and all(c == 1 for c in counts.values()) and not remnant.search(model_text)
    cand.applied = {i for i, c in counts.items() if c == 1}
    # Spans the model translated itself: replace its own rendering by the target,
    # longest rendering first (a short one may be part of a longer one), then in source order.
    forbidden = tuple(dict.fromkeys(f for span in spans for f in span.forbidden))
    unmasked = set(range(len(spans))) - masked_set
    for index in sorted(unmasked, key=lambda i: (-len(renderings.get(i, "")), spans[i].start)):
        rendering = renderings.get(index)
        if rendering and _substitute(pieces, index, rendering, forbidden):
            cand.applied.add(index)
    cand.pieces = pieces
    # Forbidden renderings are looked for in the assembled text, each target
    # blanked out (a target may contain a forbidden form, 国保 in 国保警察) and
    # kept as a separator (text on both sides of a target must not join up).
    loose = loose_form("".join(p if isinstance(p, str) else "\x00" for p in pieces))
    for index, span in enumerate(spans):
        hits = [f for f in span.forbidden if loose_form(f) and loose_form(f) in loose]
        if hits:
            cand.forbidden_hits[index] = hits
    return cand


def _rendering_pattern(text: str) -> re.Pattern[str] | None:
    text = text.strip().rstrip("。．.!！?？;；,，:：").strip()
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    return re.compile(GAP.join(re.escape(c) for c in chars))


def _latin(ch: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not CJK)."""
    return ch.isalnum() and unicodedata.east_asian_width(ch) not in ("W", "F")


def _whole(piece: str, start: int, end: int) -> bool:
    """Whether ``piece[start:end]`` does not cut a Latin word (or number) in two."""
    if _latin(piece[start]) and start > 0 and _latin(piece[start - 1]):
        return False
    return not (_latin(piece[end - 1]) and end < len(piece) and _latin(piece[end]))


def _substitute(pieces: list[str | int], index: int, rendering: str, forbidden: Sequence[str] = ()) -> bool:
    """Replace the first acceptable occurrence of *rendering* in the text pieces by span *index*.

    An occurrence is acceptable when it covers whole words (a Latin rendering
    must not start or end inside a word) and does not cut an occurrence of a
    *forbidden* rendering (one wholly inside it is fine: it is replaced too).
    ``禁`` found inside ``出口禁止`` is a piece of the model's wrong rendering,
    not its rendering of the term; replacing it would garble the text and
    hide the forbidden form from the check.
    """
    pattern = _rendering_pattern(rendering)
    if pattern is None:
        return False
    bad = [p for p in map(_rendering_pattern, forbidden) if p is not None]
    for k, piece in enumerate(pieces):
        if isinstance(piece, int):
            continue
        taken = [(f.start(), f.end()) for p in bad for f in p.finditer(piece)]
        for m in pattern.finditer(piece):
            if not _whole(piece, m.start(), m.end()):
                continue
            if any(a < m.end() and m.start() < b and not m.start() <= a < b <= m.end() for a, b in taken):
                continue  # cuts a forbidden rendering (one wholly inside is replaced with it)
            pieces[k : k + 1] = [piece[: m.start()], index, piece[m.end() :]]
            return True
    return False


def assemble(cand: Candidate, spans: Sequence[Protected]) -> str:
    """The text of *cand*: its pieces, each placeholder replaced by its span's target."""
    return "".join(p if isinstance(p, str) else spans[p].target for p in cand.pieces)


def candidate_score(cand: Candidate) -> int:
    """How good *cand* is: the terms it applied whose forbidden renderings it does not carry."""
    return len(cand.applied - set(cand.forbidden_hits))
