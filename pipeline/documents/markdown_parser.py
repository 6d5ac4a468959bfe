"""The one markdown-it setup: CommonMark with GFM tables, configured here and nowhere else.

Readers need each token's source form (``\\*`` stays an escape, ``&amp;`` an
entity), so they use the parser without markdown-it's ``text_join`` rule;
the editions render with it, and with raw HTML escaped. Block structure is
read without parsing any inline content (:func:`block_tokens`): each slot's
inline text is parsed when, and if, it is needed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore, block, normalize
from markdown_it.token import Token


@lru_cache(maxsize=4)
def markdown_parser(*, source_forms: bool = False, raw_html: bool = True) -> MarkdownIt:
    """CommonMark with GFM tables.

    *source_forms*: escapes and entities stay tokens of their own (markdown-it's
    ``text_join`` off), as the readers need to locate them in the source.
    *raw_html*: inline HTML is HTML (off for rendering a translation, where it is escaped).
    """
    md = MarkdownIt("commonmark", {"html": raw_html}).enable("table")
    return md.disable("text_join") if source_forms else md


def block_tokens(text: str, env: MutableMapping[str, Any]) -> list[Token]:
    """The block tokens of *text* (``inline`` tokens keep their content unparsed); *env* gains its link references."""
    state = StateCore(text, markdown_parser(source_forms=True), env)
    normalize(state)
    block(state)
    return state.tokens
