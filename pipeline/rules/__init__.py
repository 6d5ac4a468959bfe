"""Sentence segmentation rules as data, one module per language.

A language module (``pipeline.rules.en``) defines ``RULES``, a
:class:`LanguageRules`: which punctuation can end a sentence, how inline
list items look, and an ordered table of :class:`Rule` that decides, for
each candidate sentence end, whether it is one. URLs, e-mail addresses and
placeholders are never split in any language; :mod:`pipeline.spans` finds
them. The generic
code in :mod:`pipeline.segment` interprets these tables; it never rewrites
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


@dataclass(frozen=True)
class LanguageRules:
    """Everything :func:`pipeline.segment.split_sentences` needs for a language."""

    lang: str
    #: Regex of sentence-final punctuation (one candidate per match).
    terminator: str
    #: Regex character class of closing quotes and brackets that stay with
    #: the sentence they follow.
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
    #: first; a cut goes after the match (see :func:`pipeline.segment.split_long`).
    clause_breaks: tuple[str, ...] = ()
    #: What happens when no rule matches a candidate followed by whitespace
    #: (a candidate with no whitespace after it is kept whole unless a rule
    #: says otherwise).
    default: Action = Action.BREAK
