"""What an edition's page says about itself: front-matter fields as ``<meta>`` tags (description, author, date)."""

from __future__ import annotations

import html
import re

from pipeline.publish.inline import markdown_env, plain_target
from pipeline.publish.model import Edition

_FRONT_MATTER_FIELD = re.compile(r"^(author|date):[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def front_matter_fields(edition: Edition) -> dict[str, str]:
    """A Markdown article's front-matter ``description`` (translated: the target; in both languages in a bilingual
    layout's caller), ``author`` and ``date`` (one-line plain values)."""
    skeleton = edition.skeleton
    if skeleton is None or skeleton.format.native_edition != "md" or not skeleton.body_start:
        return {}
    fields: dict[str, str] = {}
    for key, value in _FRONT_MATTER_FIELD.findall(skeleton.source[: skeleton.body_start]):
        value = value.split(" #", 1)[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value and value[0] not in "[{|>&*!":
            fields[key] = value
    for slot, block in zip(skeleton.slots, edition.blocks):
        if slot.start < skeleton.body_start and block.kind == "metadata" and block.sentences:
            fields.setdefault("description", block.target)
            fields.setdefault("description-source", block.source)
    return fields


def meta_tags(edition: Edition, layout: str) -> str:
    """``<meta>`` tags for the front matter's description, author and date."""
    fields = front_matter_fields(edition)
    env = markdown_env(edition)
    out = []
    if "description" in fields:
        text = plain_target(fields["description"], env, edition.variant, urls=False, source=fields.get("description-source"))
        out.append(f'<meta name="description" content="{html.escape(text)}">\n')
    if "author" in fields:
        out.append(f'<meta name="author" content="{html.escape(fields["author"])}">\n')
    if "date" in fields:
        out.append(f'<meta name="dcterms.date" content="{html.escape(fields["date"])}">\n')
    return "".join(out)
