"""The plain-text edition: the translation alone, or each source paragraph followed by it.

A Markdown or HTML article's markup is reduced to text
(:func:`pipeline.publish.inline.plain`); a draft opens with a DRAFT line
and marks each unreviewed block with its ids.
"""

from __future__ import annotations

from pipeline.publish.inline import markdown_env, plain, plain_target
from pipeline.publish.model import Block, Edition


def _draft_mark(block: Block) -> str:
    return f"[draft: {' '.join(block.draft_ids)}] " if block.draft else ""


def plain_banner(edition: Edition) -> list[str]:
    """The DRAFT line of a draft edition, naming its unreviewed sentences (none when reviewed)."""
    if not edition.is_draft:
        return []
    return [f"DRAFT — not reviewed ({edition.unreviewed_summary})"]


def render_text(edition: Edition, *, layout: str) -> str:
    """Plain text: the translation alone, or each source paragraph followed by it.

    A Markdown article's markup is reduced to text: ``**x**`` → ``x``,
    `` `x` `` → ``x``, ``[x](url)`` (and ``[x][label]``) → ``x (url)``, the
    URL being all a plain-text reader can follow.
    """
    env = markdown_env(edition)
    out = list(plain_banner(edition))
    for block in edition.visible_blocks:
        target = _draft_mark(block) + plain_target(block.target, env, edition.variant)
        if block.kind == "list-item":
            target = "• " + target
        if layout == "interleaved":
            source = ("• " if block.kind == "list-item" else "") + plain(block.source, env)
            out.append(f"{source}\n{target}")
        else:
            out.append(target)
    return "\n\n".join(out) + "\n"
