"""Sentence segmentation rules as data, one module per language.

A language module (``pipeline.segmentation.rules.en``) defines ``RULES``, a
:class:`LanguageRules`: which punctuation can end a sentence, how inline
list items look, and an ordered table of :class:`Rule` that decides, for
each candidate sentence end, whether it is one. URLs, e-mail addresses and
placeholders are never split in any language; :mod:`pipeline.segmentation.spans` finds
them. The generic
code in :mod:`pipeline.segmentation.segment` interprets these tables; it never rewrites
the text, so segmentation is lossless by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(str, Enum):
    """What a matching rule decides about a candidate sentence end."""

    BREAK = "break"
    KEEP = "keep"


@dataclass(frozen=True)
class Rule:
    """One row of a segmentation rule table.

    A candidate sentence end is a terminator (``.``, ``?``, ``!``, an
    ellipsis), the closing quotes and brackets glued to it, and the
    whitespace after them. A rule matches a candidate when every condition
    that is set holds; the first matching rule in the table decides.

    * ``term``: regex that must match the whole terminator (``r"\\."``).
    * ``glued``: True when no whitespace follows the sentence end
      (``Times.People``), False when some does.
    * ``quoted``: True when the closers after the terminator include a quote.
    * ``before``: regex that must match the whole word before the terminator
      (leading quotes and brackets removed), e.g. ``U.S`` or ``Mr``.
    * ``before_in``: set of lowercase words the word before must be one of.
    * ``after``: regex matched at the first character after the whitespace.
    * ``after_in``: set of words the next word (leading quotes and brackets
      skipped) must be one of; a one-letter word followed by a period (an
      initial) never counts.
    * ``at_start``: True when the word before starts the text (list numbers).
    * ``preceded_by``: regex that must match the text before the word before
      the terminator, up to that word (it is searched with ``\\Z`` appended,
      in a window of 64 characters; ``^`` matches only at the start of the
      text). ``At 5 a.m.`` opening a sentence, say.
    """

    name: str
    action: Action
    term: str | None = None
    glued: bool | None = None
    quoted: bool | None = None
    before: str | None = None
    before_in: frozenset[str] | None = None
    after: str | None = None
    after_in: frozenset[str] | None = None
    at_start: bool | None = None
    preceded_by: str | None = None


@dataclass(frozen=True)
class LanguageRules:
    """Everything :func:`pipeline.segmentation.segment.split_sentences` needs for a language."""

    lang: str
    #: Regex of sentence-final punctuation (one candidate per match).
    terminator: str
    #: Regex of one closing quote or bracket; those after a terminator stay
    #: with the sentence they follow.
    closers: str
    #: Characters among the closers that are quotation marks.
    quotes: str
    #: Regex character class of opening quotes and brackets a sentence may
    #: start with.
    openers: str
    #: Regex after whose match there is always a boundary (blank lines).
    hard_break: str | None
    #: The ordered decision table; the first matching rule decides.
    rules: tuple[Rule, ...]
    #: Regexes of clause boundaries for cutting an over-long sentence, best
    #: first; a cut goes after the match (see :func:`pipeline.segmentation.segment.split_long`).
    clause_breaks: tuple[str, ...] = ()
    #: Regex of an inline list-item marker (``2.)``, ``2)``, ``• 10.``,
    #: ``b.``), with a group ``n`` holding its number (digits) or its one
    #: letter. A marker ends with ``n`` then ``.``, ``.)`` or ``)``, is at
    #: most 8 characters long and is followed by :attr:`list_item`. Markers in
    #: a run of consecutive numbers or letters (``1. … 2. …``,
    #: ``a. … b. … c. …``) whose first marker starts a sentence (see
    #: :attr:`list_start`) never end a sentence themselves, and each later
    #: marker of the run starts one (the first too, when it begins a line).
    #: A marker outside such a run is ordinary text.
    list_marker: str | None = None
    #: Regex matched right after a list marker: the start of an item.
    list_item: str = r"\s"
    #: Regex that the text before the first marker of a run must match at
    #: its end (``\Z`` is appended): the end of a sentence or a line. The
    #: start of the text always qualifies.
    list_start: str = r"\n\s*"
    #: Regex a run's first value (``n`` of its first marker) must fully match.
    list_first: str = r".*"
    #: What happens when no rule matches a candidate followed by whitespace
    #: (a candidate with no whitespace after it is kept whole unless a rule
    #: says otherwise).
    default: Action = Action.BREAK
