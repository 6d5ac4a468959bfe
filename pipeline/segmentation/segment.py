"""Sentence segmentation: character spans, never rewritten text.

:func:`split_sentences` returns contiguous ``(start, end)`` spans that cover
the whole text, so the sentences always join back into the paragraph
exactly. The decisions come from a per-language rule table
(:mod:`pipeline.segmentation.rules.en`); this module only interprets it:

1. every match of the language's terminator regex (``.``, ``?``, ``!``,
   ellipses), with the closing quotes/brackets glued to it and the
   whitespace after it, is a *candidate* sentence end;
2. candidates inside protected spans (URLs, e-mail addresses and
   placeholders from :func:`pipeline.segmentation.spans.protected_spans`, and any spans
   the caller passes, such as Markdown links and code) are dropped;
3. the first rule of the table that matches a candidate decides whether it
   ends a sentence; the whitespace after a sentence belongs to it.

:func:`split_long` cuts one over-long sentence at clause boundaries so that
each piece fits a model's input limit.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.errors import InputError
from pipeline.segmentation.rules import Action, LanguageRules, Rule
from pipeline.segmentation.spans import protected_spans

Span = tuple[int, int]

#: How far back the word before a sentence end is looked for.
_WORD_WINDOW = 64


@dataclass(frozen=True)
class _CompiledRule:
    name: str
    breaks: bool
    term: re.Pattern[str] | None
    glued: bool | None
    quoted: bool | None
    before: re.Pattern[str] | None
    before_in: frozenset[str] | None
    after: re.Pattern[str] | None
    after_in: frozenset[str] | None
    at_start: bool | None
    preceded_by: re.Pattern[str] | None


@dataclass(frozen=True)
class _Compiled:
    lang: str
    candidate: re.Pattern[str]
    next_word: re.Pattern[str]
    quotes: frozenset[str]
    hard_break: re.Pattern[str] | None
    rules: tuple[_CompiledRule, ...]
    default_breaks: bool
    clause_breaks: tuple[re.Pattern[str], ...]
    list_marker: re.Pattern[str] | None
    list_item: re.Pattern[str]
    list_start: re.Pattern[str]
    list_first: re.Pattern[str]
    #: Strips the opening punctuation before, and closing after, a word.
    trim: re.Pattern[str]

    def trim_word(self, token: str) -> str:
        m = self.trim.fullmatch(token)
        return m.group(1) if m else token


def _compile_rule(rule: Rule) -> _CompiledRule:
    def opt(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(pattern) if pattern is not None else None

    return _CompiledRule(
        name=rule.name,
        breaks=rule.action is Action.BREAK,
        term=opt(rule.term),
        glued=rule.glued,
        quoted=rule.quoted,
        before=opt(rule.before),
        before_in=rule.before_in,
        after=opt(rule.after),
        after_in=rule.after_in,
        at_start=rule.at_start,
        preceded_by=re.compile(rf"(?:{rule.preceded_by})\Z") if rule.preceded_by is not None else None,
    )


def compile_rules(rules: LanguageRules) -> _Compiled:
    """Compile a language's rule data once (regexes, lookups)."""
    return _Compiled(
        lang=rules.lang,
        candidate=re.compile(rf"(?P<term>{rules.terminator})(?P<close>{rules.closers}*)(?P<space>\s*)"),
        next_word=re.compile(rf"{rules.openers}*([^\W\d_]+)"),
        quotes=frozenset(rules.quotes),
        hard_break=re.compile(rules.hard_break) if rules.hard_break else None,
        rules=tuple(_compile_rule(rule) for rule in rules.rules),
        default_breaks=rules.default is Action.BREAK,
        clause_breaks=tuple(re.compile(pattern) for pattern in rules.clause_breaks),
        list_marker=re.compile(rf"(?:{rules.list_marker})\Z") if rules.list_marker else None,
        list_item=re.compile(rules.list_item),
        list_start=re.compile(rf"(?:{rules.list_start})\Z"),
        list_first=re.compile(rules.list_first),
        trim=re.compile(rf"{rules.openers}*(.*?){rules.closers}*", re.DOTALL),
    )


@cache
def _rules_for(lang: str) -> _Compiled:
    code = lang.lower().replace("-", "_").split("_")[0]
    if not code.isidentifier():
        code = ""
    try:
        module = importlib.import_module(f"pipeline.segmentation.rules.{code}")
        rules = module.RULES
    except (ImportError, AttributeError):
        raise InputError(
            f"no sentence segmentation rules for language {lang!r}",
            hint="add a rule module pipeline/segmentation/rules/<lang>.py (see pipeline/segmentation/rules/en.py)",
        ) from None
    return compile_rules(rules)


# English is compiled at import so the first call is fast.
_rules_for("en")


def _protected_spans(text: str, extra: Iterable[Span] | None) -> list[Span]:
    spans: list[Span] = [(start, end) for start, end, _ in protected_spans(text)]
    if extra:
        spans.extend((int(s), int(e)) for s, e in extra if e > s)
    spans.sort()
    # Merge overlapping spans so that a bisect finds the one that covers.
    merged: list[Span] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[Span], starts: list[int], pos: int, *, strict: bool) -> bool:
    """Is *pos* inside one of *spans* (``start <= pos < end``, or strictly)?"""
    i = bisect_right(starts, pos) - 1
    if i < 0:
        return False
    start, end = spans[i]
    return start < pos < end if strict else pos < end


def _decide(compiled: _Compiled, text: str, m: re.Match[str]) -> bool:
    """Does candidate *m* end a sentence?"""
    term_start = m.start()
    term = m.group("term")
    close = m.group("close")
    nxt = m.end()
    glued = not m.group("space")
    quoted = any(c in compiled.quotes for c in close)

    lo = max(0, term_start - _WORD_WINDOW)
    if term_start == 0 or text[term_start - 1].isspace():
        token = ""
        token_start = term_start
    else:
        parts = text[lo:term_start].split()
        token = parts[-1] if parts else ""
        token_start = term_start - len(token)
    word_token = compiled.trim_word(token)
    token_lower = word_token.lower()
    at_start = (
        token_start == 0
        or text[token_start - 1] == "\n"
        or (token_start <= _WORD_WINDOW and not text[:token_start].strip())
    )

    word = ""
    wm = compiled.next_word.match(text, nxt)
    if wm:
        word = wm.group(1)
        if len(word) == 1 and text[wm.end() : wm.end() + 1] == ".":
            word = ""  # an initial, not a word

    # Every condition must hold, so they are tested cheapest first.
    for rule in compiled.rules:
        if rule.glued is not None and rule.glued != glued:
            continue
        if rule.quoted is not None and rule.quoted != quoted:
            continue
        if rule.before_in is not None and token_lower not in rule.before_in:
            continue
        if rule.after_in is not None and word not in rule.after_in:
            continue
        if rule.at_start is not None and rule.at_start != at_start:
            continue
        if rule.term is not None and not rule.term.fullmatch(term):
            continue
        if rule.before is not None and not rule.before.fullmatch(word_token):
            continue
        if rule.after is not None and not rule.after.match(text, nxt):
            continue
        if rule.preceded_by is not None and not rule.preceded_by.search(text, lo, token_start):
            continue
        return rule.breaks
    return compiled.default_breaks and not glued


def _list_value(n: str) -> tuple[bool, int]:
    """(is a number, value) of a list marker's number or letter."""
    return (True, int(n)) if n.isdigit() else (False, ord(n))


#: How far back a list marker's start is looked for from its last character.
_MARKER_WINDOW = 8
#: A ``)`` that may end a list marker (``2) The second item``).
_PAREN_BEFORE_SPACE = re.compile(r"\)(?=\s)")


def _list_items(compiled: _Compiled, text: str, candidates: list[re.Match[str]]) -> tuple[list[Span], list[int]]:
    """The inline list markers of *text* that belong to a list, and where its items start.

    A marker ends in its number or letter, then ``.``, ``.)`` or ``)``, and
    an item follows it, so it is looked for only at each ``.`` candidate
    after a digit or a one-letter word, and at each ``)`` that whitespace
    follows. A run is a sequence of markers with consecutive
    values (``1``, ``2``, ...; ``a``, ``b``, ...) whose first marker starts a
    sentence and has a value :attr:`~pipeline.segmentation.rules.LanguageRules.list_first`
    allows. Runs of one marker are no list. Returns the markers of every run
    (no sentence ends inside them) and where a new sentence starts: at every
    marker but a run's first, and at the first too when it begins a line.
    """
    if compiled.list_marker is None:
        return [], []
    ends: set[int] = set()
    for candidate in candidates:
        dot = candidate.start()
        # A cheap first test before the marker regex.
        if dot and text[dot] == ".":
            before = text[dot - 1]
            if before.isdigit() or (before.isalpha() and (dot < 2 or not text[dot - 2].isalnum())):
                ends.add(dot + 2 if text[dot + 1 : dot + 2] == ")" else dot + 1)
    if ")" in text:
        ends.update(m.end() for m in _PAREN_BEFORE_SPACE.finditer(text))
    if len(ends) < 2:
        return [], []
    found: list[re.Match[str]] = []
    for end in sorted(ends):
        marker = compiled.list_marker.search(text, max(0, end - _MARKER_WINDOW), end)
        if marker and compiled.list_item.match(text, end) and not (found and marker.start() < found[-1].end()):
            found.append(marker)
    if len(found) < 2:
        return [], []

    markers: list[Span] = []
    starts: list[int] = []
    run: list[re.Match[str]] = []
    last = (False, 0)
    for m in found:
        value = _list_value(m.group("n"))
        if run and value == (last[0], last[1] + 1):
            run.append(m)
            last = value
            continue
        begins = m.start() <= _WORD_WINDOW and not text[: m.start()].strip()
        if not begins:
            begins = compiled.list_start.search(text, max(0, m.start() - _WORD_WINDOW), m.start()) is not None
        if begins and compiled.list_first.fullmatch(m.group("n")):
            _close_run(text, run, markers, starts)
            run = [m]
            last = value
        # Any other marker-like text inside an item is ordinary text.
    _close_run(text, run, markers, starts)
    return markers, starts


def _close_run(text: str, run: list[re.Match[str]], markers: list[Span], starts: list[int]) -> None:
    """Record a finished run of list markers (a list if it has two or more)."""
    if len(run) < 2:
        return
    markers.extend(r.span() for r in run)
    first = run[0].start()
    line_start = text.rfind("\n", 0, first) + 1
    if line_start and not text[line_start:first].strip():
        starts.append(first)  # a list that starts a line also starts a sentence
    starts.extend(r.start() for r in run[1:])


def is_inline_list(text: str, lang: str = "en") -> bool:
    """Whether *text* holds an inline list (``1.) The first item 2.) The second item``):
    a short line of list items, which a plain-text reader must not take for a heading."""
    compiled = _rules_for(lang)
    return bool(_list_items(compiled, text, list(compiled.candidate.finditer(text)))[0])


def _one_sentence(text: str, candidates: list[re.Match[str]]) -> bool:
    """No sentence end before the text's own end, no line break, no ``)`` of a list marker: one sentence, no rule to ask."""
    return (not candidates or (len(candidates) == 1 and candidates[0].end() >= len(text))) and "\n" not in text and ")" not in text


#: A piece of markup the splitter reads through: ``(start, end, reads_as, closing)``.
Markup = tuple[int, int, str, bool]


def split_sentences(
    text: str, lang: str = "en", *, protected: Iterable[Span] | None = None, markup: Sequence[Markup] | None = None
) -> list[Span]:
    """Split *text* into sentences, as contiguous character spans.

    ``spans[0][0] == 0``, ``spans[-1][1] == len(text)`` and each span ends
    where the next starts; the whitespace after a sentence belongs to it.
    Every span holds some non-space text, except that all-whitespace text
    gives one span and ``""`` gives none. No sentence ends inside a
    *protected* span (e.g. a Markdown link or code span).

    *markup* (sorted, not overlapping) is read as what a reader sees in its
    place: ``said.</span> <span>And`` reads ``said. And``, ``said.<br>And``
    reads ``said.\nAnd``, ``said.&nbsp;And`` reads ``said. And``. A cut
    between two sentences goes after the *closing* markup that follows the
    first one and before the markup that opens the next.
    """
    if markup:
        return _split_through(text, lang, protected, markup)
    return _split(text, lang, protected)


def _split_through(text: str, lang: str, protected: Iterable[Span] | None, markup: Sequence[Markup]) -> list[Span]:
    """:func:`split_sentences` on the text a reader sees, its cuts mapped back to *text*."""
    pieces: list[str] = []
    origin: list[int] = []  # where each visible character starts in text
    after: list[int] = []  # where it ends
    pos = 0
    for start, end, reads_as, _ in markup:
        if start < pos:
            continue
        pieces.append(text[pos:start])
        origin.extend(range(pos, start))
        after.extend(range(pos + 1, start + 1))
        pieces.append(reads_as)
        origin.extend([start] * len(reads_as))
        after.extend([end] * len(reads_as))
        pos = end
    pieces.append(text[pos:])
    origin.extend(range(pos, len(text)))
    after.extend(range(pos + 1, len(text) + 1))
    view = "".join(pieces)
    if not view.strip():
        return [(0, len(text))] if text else []
    # A protected span of text covers the visible characters that start inside it.
    seen = [(bisect_left(origin, a), bisect_left(origin, b)) for a, b in (protected or ())]
    cuts = _split(view, lang, [(a, b) for a, b in seen if b > a])
    # What may follow a sentence on its side of the cut: end tags, and markup read as space.
    trailing = {start: end for start, end, reads_as, close in markup if (close and not reads_as) or (reads_as and reads_as.isspace())}
    boundaries = []
    n = len(text)
    for start, end in cuts[:-1]:
        last = end - 1
        while last > start and view[last].isspace():
            last -= 1
        at = after[last]  # just after the sentence's last visible character
        while at < n:
            if at in trailing:
                at = trailing[at]
            elif text[at].isspace():
                at += 1
            else:
                break
        boundaries.append(at)
    return _spans_from_boundaries(text, boundaries)


def _split(text: str, lang: str, protected: Iterable[Span] | None) -> list[Span]:
    n = len(text)
    if n == 0:
        return []
    compiled = _rules_for(lang)
    candidates = list(compiled.candidate.finditer(text))
    if _one_sentence(text, candidates):
        return [(0, n)]
    prot = _protected_spans(text, protected)
    starts = [s for s, _ in prot]
    markers, item_starts = _list_items(compiled, text, candidates)
    marker_starts = [s for s, _ in markers]

    boundaries: list[int] = []
    for m in candidates:
        end = m.end()
        if end >= n:
            continue  # the end of the text ends the last span anyway
        if prot and (_inside(prot, starts, m.start(), strict=False) or _inside(prot, starts, end, strict=True)):
            continue
        if markers and _inside(markers, marker_starts, m.start(), strict=False):
            continue  # ``2.`` of an inline list
        if _decide(compiled, text, m):
            boundaries.append(end)
    for start in item_starts:
        if not (prot and _inside(prot, starts, start, strict=True)):
            boundaries.append(start)
    if compiled.hard_break is not None and "\n" in text:
        for m in compiled.hard_break.finditer(text):
            end = m.end()
            if 0 < end < n and not (prot and _inside(prot, starts, end, strict=True)):
                boundaries.append(end)
    if item_starts or "\n" in text:
        boundaries = sorted(set(boundaries))

    return _spans_from_boundaries(text, boundaries)


def _spans_from_boundaries(text: str, boundaries: Iterable[int]) -> list[Span]:
    """Contiguous spans cut at sorted *boundaries*, none without content."""
    n = len(text)
    spans: list[Span] = []
    prev = 0
    for b in boundaries:
        if b <= prev or b >= n or text[prev:b].isspace():
            continue  # never a span without content
        spans.append((prev, b))
        prev = b
    if spans and text[prev:].isspace():
        spans[-1] = (spans[-1][0], n)
    else:
        spans.append((prev, n))
    return spans


#: A cut at a clause boundary must leave at least this share of the limit
#: in the piece before it (so pieces are not tiny); else a weaker boundary
#: is tried.
_MIN_PIECE_SHARE = 3


def split_long(text: str, max_chars: int, lang: str = "en", *, protected: Iterable[Span] | None = None) -> list[Span]:
    """Cut one over-long sentence into contiguous spans of at most *max_chars*.

    Cuts go at the language's clause boundaries, best first (for English:
    ``;``, ``:``, dashes; a comma before ``and``, ``but``, ``which``...; any
    comma), then at the last whitespace before the limit, and, for a run
    with no whitespace at all, at the limit itself. The whitespace after a
    cut stays with the piece before it, so a piece may exceed the limit by
    its trailing whitespace; nothing is ever lost, and no cut falls inside a
    *protected* span. A text that fits comes back as one span.
    """
    n = len(text)
    if n == 0:
        return []
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    if n <= max_chars:
        return [(0, n)]
    compiled = _rules_for(lang)
    prot = _protected_spans(text, protected)
    starts = [s for s, _ in prot]

    def allowed(b: int) -> bool:
        return not (prot and _inside(prot, starts, b, strict=True))

    levels = (*compiled.clause_breaks, _WHITESPACE)
    boundaries: list[int] = []
    pos = 0
    while n - pos > max_chars and not text[pos:].isspace():
        limit = pos + max_chars
        cut = 0
        for pattern in levels:
            shortest = pos + 1 if pattern is _WHITESPACE else pos + max(1, max_chars // _MIN_PIECE_SHARE)
            for m in pattern.finditer(text, pos + 1, limit + 1):
                b = m.end()
                if shortest <= b <= limit and b > cut and allowed(b) and text[pos:b].strip():
                    cut = b
            if cut:
                break
        if not cut:
            # No whitespace before the limit: cut at the limit (or past the
            # protected span that holds it).
            cut = limit
            while cut < n and not allowed(cut):
                cut += 1
        # The whitespace after a cut belongs to the piece before it.
        ws = _WHITESPACE.match(text, cut)
        if ws:
            cut = ws.end()
        boundaries.append(cut)
        pos = cut
    return _spans_from_boundaries(text, boundaries)


_WHITESPACE = re.compile(r"\s+")


def sentences(text: str, lang: str = "en", *, protected: Iterable[Span] | None = None) -> list[str]:
    """The sentences of *text*, stripped of surrounding whitespace (a convenience)."""
    return [text[s:e].strip() for s, e in split_sentences(text, lang, protected=protected) if text[s:e].strip()]
