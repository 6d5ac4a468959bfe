"""Glossary enforcement in the engine path: mask, translate, restore, verify, recover.

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

:func:`enforce` checks every segment after the restore: each masked span's
placeholder must appear exactly once, no unknown or garbled placeholder may
be left, and no forbidden rendering of the segment's terms may appear (a
term whose forbidden rendering appears counts as not applied). A segment
whose placeholders did not all come through gets one recovery round
(batched across segments), with several candidates translated together:

* **survivors**: only the spans whose placeholder survived are masked;
* **one at a time**: each failed span masked alone;
* **plain**: nothing masked;
* **renderings**: each span's own source text translated alone, so the
  model's own rendering of a span left unmasked can be found in a candidate
  and replaced by the target. Only an occurrence that covers whole words is
  replaced (a Latin rendering must not start or end inside a word) and that
  does not cut a forbidden rendering of the segment's terms in two: ``禁``
  inside ``出口禁止`` is left alone, since replacing it would garble the text
  and hide the forbidden form.

Forbidden renderings are then looked for in the assembled candidate, each
restored target blanked out (a target may contain a forbidden form) and
acting as a separator (text on both sides of it must not join up).

The candidate that applies the most spans (without a forbidden rendering),
with no placeholder lost, wins (ties: survivors, then one at a time, then
plain). A span that the chosen candidate does not apply is reported in
:attr:`TermOutcome.failed` with a ``NOT applied`` note.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Protocol

from pipeline.errors import ModelError
from pipeline.glossary import Glossary, Term, TermMatch, required_matches
from pipeline.catalog.notes import GlossaryNote, UnappliedNote
from pipeline.segmentation.spans import PLACEHOLDER_PREFIXES
from pipeline.languages.variants import find as find_variant

_GAP = r"[^\S\n]*"  # spaces a decoder may put inside a placeholder (not newlines)


class BatchTranslator(Protocol):
    """What :func:`enforce` needs from a translation engine (:class:`pipeline.translate.engine.Engine` has it)."""

    def translate_batch(self, texts: Sequence[str]) -> list[str]: ...


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


@dataclass(frozen=True)
class TermOutcome:
    """The enforced translation of one segment."""

    #: Translation with targets restored (not yet typographically cleaned).
    text: str
    #: Terms whose target is in :attr:`text`, one per occurrence in the source.
    applied: tuple[Term, ...]
    #: Terms required but not applied, one per occurrence.
    failed: tuple[Term, ...]
    #: PO ``#.`` notes: ``glossary: exit ban → 出境禁令`` and ``... NOT applied``.
    notes: tuple[str, ...]
    #: Engine inputs this segment consumed (1 when nothing needed recovery).
    engine_calls: int
    #: The engine reported the chosen translation as cut at its length limit.
    truncated: bool = False


@dataclass(frozen=True)
class TermProblem:
    """A glossary violation in an existing translation (see :func:`verify_terms`)."""

    kind: str  # "missing" | "forbidden" | "placeholder"
    message: str
    term: Term | None = None


# --------------------------------------------------------------------------- placeholders


def _letter_class(ch: str) -> str:
    up, low = ch.upper(), ch.lower()
    return f"[{up}{low}{chr(ord(up) + 0xFEE0)}{chr(ord(low) + 0xFEE0)}]"


#: A placeholder never continues a Latin word: ``Benz Q1`` holds no ``ZQ1``.
_NOT_AFTER_A_LETTER = r"(?<![A-Za-z\uff21-\uff3a\uff41-\uff5a])"


@cache
def _patterns(prefix: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(placeholder with its index, any remnant of the prefix).

    A placeholder exactly as written (``ZQ1``) is read anywhere, also glued to
    a word (``councilZQ1``, as markup around a link's text is masked); one a
    decoder changed (spaces inside, lower case, full width) only where it does
    not continue a Latin word.
    """
    loose = _NOT_AFTER_A_LETTER + _GAP.join(_letter_class(c) for c in prefix)
    exact = re.escape(prefix)
    return re.compile(f"(?:{exact}|{loose}{_GAP})(\\d+)"), re.compile(f"{exact}|{loose}")


def _index_digits(digits: str, wanted: Container[int]) -> int:
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
        _patterns(p)[1].search(text) and not _patterns(p)[1].search(source) for p in PLACEHOLDER_PREFIXES
    )


def _prefix_for(source: str) -> str:
    for prefix in PLACEHOLDER_PREFIXES:
        if not _patterns(prefix)[1].search(source):
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


def _forbidden_for(term: Term, variant: str, convert: Callable[[str], str] | None) -> tuple[str, ...]:
    forms = list(term.forbidden)
    if term.forbidden and _is_traditional(variant):
        conv = convert or default_converter(variant)
        forms += [conv(f) for f in term.forbidden]
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
                forbidden=tuple(f for f in _forbidden_for(term, variant, convert) if f != target),
            )
        )
    return out


# --------------------------------------------------------------------------- one candidate


@dataclass
class _Candidate:
    """An engine output read back with some spans masked."""

    masked: tuple[int, ...]
    output: str
    valid: bool = False
    #: Pieces of the translation: text, or the index of a span whose target goes there.
    pieces: list[str | int] = field(default_factory=list)
    applied: set[int] = field(default_factory=set)
    forbidden_hits: dict[int, list[str]] = field(default_factory=dict)


def _read_candidate(
    masked: Sequence[int],
    output: str,
    spans: Sequence[Protected],
    prefix: str,
    renderings: dict[int, str],
) -> _Candidate:
    cand = _Candidate(tuple(masked), output)
    pattern, remnant = _patterns(prefix)
    masked_set = set(masked)
    counts = dict.fromkeys(masked, 0)
    pieces: list[str | int] = []
    pos = 0
    unknown = False
    m = pattern.search(output)
    while m is not None:
        end = m.start(1) + _index_digits(m.group(1), masked_set)
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
    loose = _loose("".join(p if isinstance(p, str) else "\x00" for p in pieces))
    for index, span in enumerate(spans):
        hits = [f for f in span.forbidden if _loose(f) and _loose(f) in loose]
        if hits:
            cand.forbidden_hits[index] = hits
    return cand


def _rendering_pattern(text: str) -> re.Pattern[str] | None:
    text = text.strip().rstrip("。．.!！?？;；,，:：").strip()
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    return re.compile(_GAP.join(re.escape(c) for c in chars))


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


def _assemble(cand: _Candidate, spans: Sequence[Protected]) -> str:
    return "".join(p if isinstance(p, str) else spans[p].target for p in cand.pieces)


def _score(cand: _Candidate) -> int:
    return len(cand.applied - set(cand.forbidden_hits))


# --------------------------------------------------------------------------- enforce


class _Batch:
    """Engine inputs of one round, deduplicated."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.index: dict[str, int] = {}
        self.results: list[str] = []

    def add(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.texts)
            self.texts.append(text)
        return found

    def run(self, engine: BatchTranslator) -> None:
        if not self.texts:
            return
        results = engine.translate_batch(self.texts)
        if len(results) != len(self.texts):
            raise ModelError(
                f"the engine returned {len(results)} translations for {len(self.texts)} inputs",
                hint="this is a bug in the engine; try another model",
            )
        self.results = list(results)

    def __getitem__(self, i: int) -> str:
        return self.results[i]


def _check_spans(source: str, spans: Sequence[Protected]) -> list[Protected]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise ValueError(f"protected spans overlap: {a.label!r} and {b.label!r}")
    for s in ordered:
        if not 0 <= s.start < s.end <= len(source):
            raise ValueError(f"protected span {s.label!r} [{s.start}:{s.end}] is outside the segment")
    return ordered


def enforce(
    engine: BatchTranslator, sources: Sequence[str], protected: Sequence[Sequence[Protected]]
) -> list[TermOutcome]:
    """Translate *sources* with their protected spans enforced; one outcome per source.

    One batched engine call for all segments, and at most one more, batched
    too, for the segments that need recovery.
    """
    if len(sources) != len(protected):
        raise ValueError("sources and protected must have the same length")
    all_spans = [_check_spans(src, spans) for src, spans in zip(sources, protected)]
    prefixes = [_prefix_for(src) for src in sources]

    first = _Batch()
    first_ids = [
        first.add(mask(src, spans, range(len(spans)), prefix))
        for src, spans, prefix in zip(sources, all_spans, prefixes)
    ]
    first.run(engine)
    cut: Container[str] = getattr(engine, "truncated", ())

    outcomes: list[TermOutcome | None] = [None] * len(sources)
    retry: list[tuple[int, _Candidate]] = []
    for seg, (spans, prefix) in enumerate(zip(all_spans, prefixes)):
        cand = _read_candidate(range(len(spans)), first[first_ids[seg]], spans, prefix, {})
        if cand.valid:
            outcomes[seg] = _outcome(cand, spans, 1, truncated=first.texts[first_ids[seg]] in cut)
        else:
            retry.append((seg, cand))
    if not retry:
        return [o for o in outcomes if o is not None]

    # Recovery round: every candidate of every failing segment in one batch.
    second = _Batch()
    plans: list[tuple[int, _Candidate, list[tuple[tuple[int, ...], int]], dict[int, int], int]] = []
    for seg, cand in retry:
        spans = all_spans[seg]
        src = sources[seg]
        n = len(spans)
        survivors = tuple(sorted(cand.applied))
        failed = [i for i in range(n) if i not in cand.applied]
        masks: list[tuple[int, ...]] = []
        if survivors and failed:
            masks.append(survivors)
        if n > 1:
            masks.extend((i,) for i in failed if (i,) != survivors)
        masks.append(())
        jobs = [(m, second.add(mask(src, spans, m, prefixes[seg]))) for m in masks]
        renders = {i: second.add(src[spans[i].start : spans[i].end]) for i in range(n)}
        plans.append((seg, cand, jobs, renders, 1 + len(jobs) + len(renders)))
    second.run(engine)

    for seg, first_cand, jobs, renders, calls in plans:
        spans = all_spans[seg]
        renderings = {i: second[j] for i, j in renders.items()}
        best: _Candidate | None = None
        best_input = first.texts[first_ids[seg]]
        for masked, j in jobs:
            cand = _read_candidate(masked, second[j], spans, prefixes[seg], renderings)
            if cand.valid and (best is None or _score(cand) > _score(best)):
                best, best_input = cand, second.texts[j]
        if best is None:  # pragma: no cover - the plain candidate is valid unless the model invents ZQ
            best = first_cand
        outcomes[seg] = _outcome(best, spans, calls, truncated=best_input in cut)
    return [o for o in outcomes if o is not None]


def _outcome(cand: _Candidate, spans: Sequence[Protected], calls: int, *, truncated: bool = False) -> TermOutcome:
    applied: list[Term] = []
    failed: list[Term] = []
    ok_notes: dict[str, None] = {}
    bad_notes: dict[str, str] = {}  # one note per term (or markup label), the first failure's
    for index, span in enumerate(spans):
        hits = cand.forbidden_hits.get(index)
        good = index in cand.applied and not hits
        # Applied, but the model also wrote a forbidden rendering elsewhere: say which.
        why = f" (forbidden rendering {hits[0]!r} present)" if hits and index in cand.applied else ""
        if span.term is not None:
            (applied if good else failed).append(span.term)
            key = GlossaryNote(span.term.source, span.target)
            if good:
                ok_notes.setdefault(key, None)
            else:
                bad_notes.setdefault(key, GlossaryNote(span.term.source, span.target, applied=False, why=why))
        elif not good:
            bad_notes.setdefault(span.label, UnappliedNote(span.label, why))
    notes = [note for note in ok_notes if note not in bad_notes]
    notes += list(bad_notes.values())
    return TermOutcome(
        text=_assemble(cand, spans),
        applied=tuple(applied),
        failed=tuple(failed),
        notes=tuple(notes),
        engine_calls=calls,
        truncated=truncated,
    )


# --------------------------------------------------------------------------- verify


def _loose(text: str) -> str:
    """For presence tests: NFKC, every quote mark alike, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\"'“”„‟«»‘’‚‛`´″′「」『』]", '"', text)
    return "".join(text.split())


def verify_terms(
    source: str,
    target: str,
    glossary: Glossary,
    variant: str,
    *,
    convert: Callable[[str], str] | None = None,
    markup: Sequence[tuple[int, int]] = (),
) -> list[TermProblem]:
    """Glossary violations in an existing translation (e.g. a reviewed PO entry).

    The terms required are :func:`pipeline.glossary.required_matches` of
    *source* (*markup*: its protected inline markup, e.g. code spans).

    Finds a missing required target, a forbidden rendering (outside the
    required targets), or a leftover placeholder. Comparison ignores
    whitespace, quote style and full/half width.
    """
    problems: list[TermProblem] = []
    loose = _loose(target)
    seen: set[Term] = set()
    required: list[tuple[Term, str]] = []
    for match in required_matches(glossary, source, markup=markup):
        if match.term in seen:
            continue
        seen.add(match.term)
        want = required_target(match.term, variant, as_written=match.text, convert=convert)
        if want:
            required.append((match.term, want))
    without_targets = loose
    for _, want in required:
        without_targets = without_targets.replace(_loose(want), "\x00")
    for term, want in required:
        if _loose(want) not in loose:
            problems.append(TermProblem("missing", f"{term.source!r} must be rendered {want!r}", term))
        for bad in _forbidden_for(term, variant, convert):
            if bad != want and _loose(bad) and _loose(bad) in without_targets:
                problems.append(
                    TermProblem("forbidden", f"{term.source!r}: forbidden rendering {bad!r} (use {want!r})", term)
                )
    if has_placeholder(target, source):
        problems.append(TermProblem("placeholder", "a placeholder (ZQ0, ZXQ0, …) was left in the translation"))
    return problems
