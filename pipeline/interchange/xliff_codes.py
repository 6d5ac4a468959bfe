"""XLIFF inline codes: PO markup written as ``<ph>``, a CAT tool's codes read back as that markup.

Inline codes: Markdown inline markup (emphasis marks, link syntax, code
spans, inline HTML), an HTML article's tags and character references, and
characters XML cannot carry (form feed, escape)
travel as ``<ph>`` codes. A CAT tool may send them back as ``<ph>``,
``<x/>``, ``<g>``, ``<bx/>``/``<ex/>`` or ``<bpt>``/``<ept>``, inside
segment ``<mrk>``: the source's codes are matched to the PO's markup in
order, and a target's codes become that markup again. A target that lost
or added a code stays fuzzy, with a warning and a translator-comment line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.interchange.codes import Finder, code_content
from pipeline.interchange.xmlsafe import XNode, xml_text

__all__ = [
    "read_segment",
]


def render_codes(text: str, spans: Sequence[tuple[int, int]], numbering: dict[str, list[int]], *, source: bool) -> str:
    """*text* as XLIFF content, each span a ``<ph>``. Source codes are numbered
    from 1 and recorded in *numbering* (code → ids); a target code takes the
    id of a source code with the same content, or a new one."""
    out: list[str] = []
    cursor = 0
    unused = {code: list(ids) for code, ids in numbering.items()}
    next_id = 1 + sum(len(ids) for ids in numbering.values())
    for start, end in spans:
        out.append(xml_text(text[cursor:start]))
        code = text[start:end]
        if not source and unused.get(code):
            number = unused[code].pop(0)
        else:
            number = next_id
            next_id += 1
            if source:
                numbering.setdefault(code, []).append(number)
        out.append(f'<ph id="{number}">{code_content(code)}</ph>')
        cursor = end
    out.append(xml_text(text[cursor:]))
    return "".join(out)


@dataclass(frozen=True)
class Code:
    """An inline code met in a segment: its key (id and role) and its content, if it has one."""

    key: str
    content: str | None


Piece = str | Code


def _pair_key(attrs: dict[str, str]) -> str:
    """What links a begin code to its end: ``rid`` when given (memoQ, Trados), else ``id``."""
    return "r" + attrs["rid"] if "rid" in attrs else attrs.get("id", "")


def read_pieces(node: XNode) -> list[Piece]:
    """A ``<source>``/``<target>`` as text and codes, in order (``<mrk>`` and unknown elements read through).

    ``<ph>``, ``<it>``, ``<x/>``: one code (key = id); ``<bpt>``/``<ept>`` and
    ``<bx/>``/``<ex/>``: opening and closing codes linked by ``rid`` (or
    else ``id``); ``<g>``: an opening code, its content, a closing code. An
    empty code's content is its ``equiv-text`` (Weblate writes a placeholder
    as ``<x equiv-text="{{count}}"/>``).
    """
    out: list[Piece] = []
    for child in node.children:
        tag, attrs = child.tag, child.attrs
        if tag == "#text":
            out.append(child.text)
        elif tag in ("ph", "it", "x"):
            out.append(Code(attrs.get("id", ""), child.itertext() if tag != "x" else attrs.get("equiv-text")))
        elif tag in ("bpt", "bx"):
            out.append(Code(_pair_key(attrs) + "<", child.itertext() if tag == "bpt" else attrs.get("equiv-text")))
        elif tag in ("ept", "ex"):
            out.append(Code(_pair_key(attrs) + ">", child.itertext() if tag == "ept" else attrs.get("equiv-text")))
        elif tag == "g":
            key = attrs.get("id", "")
            out += [Code(key + "<", None), *read_pieces(child), Code(key + ">", None)]
        elif tag != "sub":
            out += read_pieces(child)
    return out


def read_segment(node: XNode, codes: dict[str, str] | None = None) -> str:
    """The plain text of a ``<source>``/``<target>``: each code becomes its markup again,
    from *codes* (key → markup) or else the code's own content."""
    return read_from(read_pieces(node), codes or {})


def align_codes(pieces: Sequence[Piece], text: str, find: Finder) -> dict[str, str] | None:
    """Match a source's codes to the PO text's inline markup: code key → markup;
    None when the source is not *text* (the English changed)."""
    spans = find(text)
    markup = [text[a:b] for a, b in spans]
    slots = [p for p in pieces if isinstance(p, Code)]
    if len(slots) == len(markup):
        mapping: dict[str, str] = {}
        for slot, code in zip(slots, markup):
            if mapping.setdefault(slot.key, code) != code:
                break
        else:
            if read_from(pieces, mapping) == text:
                return mapping
    # The codes' own content is the markup (mtpipe's <ph>), or codes the tool added
    mapping = {p.key: p.content or "" for p in slots}
    return mapping if read_from(pieces, mapping) == text else None


def read_from(pieces: Sequence[Piece], codes: dict[str, str]) -> str:
    return "".join(p if isinstance(p, str) else codes.get(p.key, p.content or "") for p in pieces)
