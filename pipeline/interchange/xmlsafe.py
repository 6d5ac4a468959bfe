"""Safe XML reading for interchange files (TBX, XLIFF, TMX) with line numbers.

The standard library's expat parser building a small tree that keeps each
element's line (ElementTree does not). It never fetches anything: external
entities and external DTDs are refused, and so is any entity declaration in
an internal DTD subset, which is how entity bombs ("billion laughs") are
built; this is what ``defusedxml`` does with ``forbid_entities``. The five
predefined entities and character references are read as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import PipelineError

__all__ = ["XNode", "parse_xml", "xml_attr", "xml_text"]


@dataclass
class XNode:
    """An element (``tag``, ``attrs``, ``line``, ``children``) or a text node (tag ``#text``)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[XNode] = field(default_factory=list)
    text: str = ""

    def iter(self, *tags: str) -> Iterator[XNode]:
        """This node and its descendants whose tag is one of *tags*, in document order (no recursion)."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.tag in tags:
                yield node
            stack.extend(reversed(node.children))

    def child(self, tag: str) -> XNode | None:
        """The first direct child element *tag*."""
        return next((c for c in self.children if c.tag == tag), None)

    def elements(self, tag: str) -> list[XNode]:
        """The direct child elements *tag*."""
        return [c for c in self.children if c.tag == tag]

    def itertext(self) -> str:
        return "".join(n.text for n in self.iter("#text"))

    def lang(self) -> str:
        """The element's ``xml:lang`` (or ``lang``), empty when it has none."""
        return self.attrs.get("xml:lang") or self.attrs.get("lang") or ""


class _Refused(Exception):
    def __init__(self, line: int, what: str, *, unsafe: bool = True) -> None:
        super().__init__(what)
        self.line = line
        self.what = what
        self.unsafe = unsafe


def parse_xml(
    data: bytes, *, name: str | Path, kind: str, error: type[PipelineError], hint: str, max_depth: int = 256
) -> XNode:
    """The root element of *data*; *error* (``"<name>:<line>: ..."``) if it is
    not well-formed, declares entities, or nests elements deeper than *max_depth*."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[XNode] = []
    roots: list[XNode] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= max_depth:
            raise _Refused(parser.CurrentLineNumber, f"elements nested more than {max_depth} deep; not a {kind} file", unsafe=False)
        node = XNode(tag.rpartition(":")[2], attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].children.append(XNode("#text", {}, parser.CurrentLineNumber, text=text))

    def entity_decl(entity_name: str, *args: object) -> None:
        raise _Refused(parser.CurrentLineNumber, f"entity declarations are not accepted (<!ENTITY {entity_name} ...>)")

    def external(*args: object) -> int:
        raise _Refused(parser.CurrentLineNumber, "external entities are not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity_decl
    parser.UnparsedEntityDeclHandler = entity_decl
    parser.ExternalEntityRefHandler = external

    def skipped(entity_name: str, is_parameter: int) -> None:
        raise _Refused(parser.CurrentLineNumber, f"entity &{entity_name}; is not defined")

    parser.SkippedEntityHandler = skipped
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise error(f"{name}:{exc.lineno}: not well-formed {kind} ({expat.ErrorString(exc.code)})", hint=hint) from None
    except _Refused as exc:
        raise error(f"{name}:{exc.line}: {'unsafe ' + kind + ': ' if exc.unsafe else ''}{exc.what}", hint=hint) from None
    return roots[0]


def xml_text(text: str) -> str:
    """*text* escaped for element content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """*text* escaped and double-quoted as an attribute value."""
    return '"' + xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'
