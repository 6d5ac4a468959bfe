"""Safe XML reading and writing for interchange files (TBX, XLIFF, TMX), with line numbers.

The standard library's expat parser building a small tree that keeps each
element's line (ElementTree does not). It never fetches anything: external
entities and external DTDs are refused, and so is any entity declaration in
an internal DTD subset, which is how entity bombs ("billion laughs") are
built; this is what ``defusedxml`` does with ``forbid_entities``. The five
predefined entities and character references are read as usual.

Input files are opened by :func:`pipeline.fsutil.open_input` only: what is not a regular
file (a FIFO, a device such as ``/dev/zero``) is refused before it is read,
so nothing blocks or reads forever, and :func:`pipeline.fsutil.read_input` bounds the size.
:func:`iter_elements` streams a large file (TMX) element by element with the
same safety, in memory bounded by the largest element.

Writing: :func:`xml_text` and :func:`xml_attr` are the one escaping of
XLIFF, TMX and TBX output. A character XML 1.0 cannot hold at all (a
control character such as form feed or escape, U+FFFE, U+FFFF; not even as
``&#12;``) raises :class:`IllegalXmlChar`; :func:`illegal_xml_spans` finds
them first, so a writer can carry them as inline codes instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.parsers import expat

from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import atomic_write_text

__all__ = [
    "ExportResult",
    "IllegalXmlChar",
    "XML_ILLEGAL",
    "XNode",
    "illegal_xml_spans",
    "iter_elements",
    "parse_xml",
    "write_xml_file",
    "xml_attr",
    "xml_text",
]



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


class _TreeBuilder:
    """Expat handlers building :class:`XNode` trees, refusing entities and deep nesting.

    With *emit* and *tag*, each finished element *tag* is handed to *emit*
    and dropped from its parent, so memory holds one such element at a time.
    """

    def __init__(self, *, kind: str, max_depth: int, tag: str | None = None, emit: Callable[[XNode], None] | None = None) -> None:
        self.parser = parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.stack: list[XNode] = []
        self.roots: list[XNode] = []
        self.kind = kind
        self.max_depth = max_depth
        self.tag = tag
        self.emit = emit
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.EntityDeclHandler = self.entity_decl
        parser.UnparsedEntityDeclHandler = self.entity_decl
        parser.ExternalEntityRefHandler = self.external
        parser.SkippedEntityHandler = self.skipped

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if len(self.stack) >= self.max_depth:
            raise _Refused(self.parser.CurrentLineNumber, f"elements nested more than {self.max_depth} deep; not a {self.kind} file", unsafe=False)
        node = XNode(tag.rpartition(":")[2], attrs, self.parser.CurrentLineNumber)
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        if self.emit is not None and node.tag == self.tag:
            if self.stack:
                self.stack[-1].children.pop()
            self.emit(node)

    def chars(self, text: str) -> None:
        if self.stack:
            parent = self.stack[-1]
            if self.emit is not None and self.tag is not None and not any(n.tag == self.tag for n in self.stack) and not text.strip():
                return  # whitespace between streamed elements: not kept
            parent.children.append(XNode("#text", {}, self.parser.CurrentLineNumber, text=text))

    def entity_decl(self, entity_name: str, *args: object) -> None:
        raise _Refused(self.parser.CurrentLineNumber, f"entity declarations are not accepted (<!ENTITY {entity_name} ...>)")

    def external(self, *args: object) -> int:
        raise _Refused(self.parser.CurrentLineNumber, "external entities are not accepted")

    def skipped(self, entity_name: str, is_parameter: int) -> None:
        raise _Refused(self.parser.CurrentLineNumber, f"entity &{entity_name}; is not defined")


def parse_xml(
    data: bytes, *, name: str | Path, kind: str, error: type[PipelineError], hint: str, max_depth: int = 256
) -> XNode:
    """The root element of *data*; *error* (``"<name>:<line>: ..."``) if it is
    not well-formed, declares entities, or nests elements deeper than *max_depth*."""
    builder = _TreeBuilder(kind=kind, max_depth=max_depth)
    for _ in _feed(builder, [data], name=name, kind=kind, error=error, hint=hint):
        pass
    return builder.roots[0]


def _feed(builder: _TreeBuilder, chunks: Iterable[bytes], *, name: str | Path, kind: str, error: type[PipelineError], hint: str) -> Iterator[None]:
    """Parse *chunks*, yielding after each; parse errors become one *error* naming the line."""
    parser = builder.parser
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise error(f"{name}:{exc.lineno}: not well-formed {kind} ({expat.ErrorString(exc.code)})", hint=hint) from None
    except _Refused as exc:
        raise error(f"{name}:{exc.line}: {'unsafe ' + kind + ': ' if exc.unsafe else ''}{exc.what}", hint=hint) from None
    yield


def iter_elements(
    fh: IO[bytes],
    *,
    tag: str,
    name: str | Path,
    kind: str,
    error: type[PipelineError],
    hint: str,
    max_depth: int = 256,
    chunk_size: int = 1 << 16,
    root: list[XNode] | None = None,
) -> Iterator[XNode]:
    """Stream each element *tag* of the XML in *fh*, in document order.

    Safe as :func:`parse_xml`. Each element is dropped once yielded, so memory
    holds the root's other children (a TMX ``<header>``) and one chunk of
    elements, never the whole document. The root element (without the
    streamed elements) is put in the list *root* as soon as it starts.
    """
    ready: list[XNode] = []
    builder = _TreeBuilder(kind=kind, max_depth=max_depth, tag=tag, emit=ready.append)
    if root is not None:
        builder.roots = root

    def chunks() -> Iterator[bytes]:
        while True:
            data = fh.read(chunk_size)
            if not data:
                return
            yield data

    for _ in _feed(builder, chunks(), name=name, kind=kind, error=error, hint=hint):
        yield from ready
        ready.clear()


# --------------------------------------------------------------------------- writing

#: Characters XML 1.0 cannot carry, not even as character references.
#: (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF).
XML_ILLEGAL = _ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class IllegalXmlChar(ValueError):
    """Text holds a character that XML 1.0 cannot carry (see :func:`illegal_xml_spans`)."""

    def __init__(self, text: str, index: int) -> None:
        self.char = text[index]
        super().__init__(f"U+{ord(self.char):04X} cannot be written in XML (at character {index + 1} of {text[:40]!r})")


def illegal_xml_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each character XML 1.0 cannot carry (form feed, escape...)."""
    return [m.span() for m in _ILLEGAL_XML.finditer(text)]


def describe_char(char: str) -> str:
    """``U+000C``: how a character XML cannot carry is shown inside an inline code."""
    return f"U+{ord(char):04X}"


def xml_text(text: str) -> str:
    """*text* escaped for element content; :class:`IllegalXmlChar` for a character XML cannot hold."""
    bad = _ILLEGAL_XML.search(text)
    if bad is not None:
        raise IllegalXmlChar(text, bad.start())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class ExportResult:
    """An interchange file written: where, from how many PO files, how many units (XLIFF units, TMX ``<tu>``)."""

    out: Path
    files: int
    units: int


def write_xml_file(out: Path, render: Callable[[], str], *, hint: str) -> None:
    """Write the XML text *render* returns to *out* atomically.

    A character XML cannot hold that *render* meets (in a name or a header: segment text
    carries them as inline codes) becomes one :class:`~pipeline.errors.InputError` with *hint*,
    and nothing is written.
    """
    try:
        text = render()
    except IllegalXmlChar as exc:
        raise InputError(f"cannot export: {exc}", hint=hint) from None
    atomic_write_text(out, text)


def xml_attr(text: str) -> str:
    """*text* escaped and double-quoted as an attribute value."""
    return '"' + xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'
