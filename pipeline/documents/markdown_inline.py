"""Inline Markdown spans: the exact character spans of a text's inline markup, and the constructs no sentence may cut.

:func:`inline_markup_spans` gives the exact character spans of the inline
markup in a block's text (emphasis delimiters, the ``[`` and ``](url)`` of
links, code spans, autolinks, inline HTML, images, escapes, hard breaks),
which the translation must carry through untouched; link URLs are inside
them, so they never reach the engine. :func:`unsplittable_spans` gives the
whole constructs (a link with its text, a code span) that no sentence
boundary may cut: pass them to :func:`pipeline.segmentation.segment.split_sentences` as
``protected``. The block reader (:mod:`pipeline.documents.markdown`) builds on this
module, never the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from pipeline.documents.blocks import BlockKind, References, Slot, Span
from pipeline.documents.html_markup import ATTR_RE, NOT_RENDERED, VOID, kept_reason
from pipeline.documents.html_markup import sentence_markup as html_sentence_markup
from pipeline.documents.markdown_parser import markdown_parser
from pipeline.documents.markdown_syntax import (
    MAY_PROTECT, PROTECTED_SYNTAX, TEMPLATE_END, TEMPLATE, TEMPLATE_LINE, TEMPLATE_TAG, TEMPLATE_TEXT_ATTRIBUTES, TEXT_ROLES, role_text_span,
    syntax_kind, template_attribute_slots,
)

#: A line break in inline source, with the spaces or backslash before it.
_BREAK = re.compile(r"(?:\\|[ \t]*)\n[ \t]*")


def _parser() -> MarkdownIt:
    # text_join would merge escapes and entities into plain text, losing
    # their source form; the spans below need it.
    return markdown_parser(source_forms=True)


@dataclass(frozen=True)
class _Construct:
    """One piece of inline markup: its protected spans and its whole extent."""

    spans: tuple[Span, ...]
    whole: Span
    #: A link, code span, image, autolink or HTML: never cut by a sentence end.
    unit: bool = False
    #: ``image`` or ``link`` (an inline link or image, whose alt text and title are translatable), ``role``,
    #: ``html`` (a tag), ``entity`` (a character reference), and for :data:`PROTECTED_SYNTAX`: ``template``,
    #: ``footnote`` (a reference), ``syntax``; empty for the rest.
    kind: str = ""


def _closing_backticks(text: str, start: int, run: int) -> int:
    """End of the code span whose opening run of *run* backticks ends at *start*."""
    pattern = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
    m = pattern.search(text, start)
    return m.end() if m else len(text)


def _label_end(text: str, start: int) -> int:
    """Index of the ``]`` closing the link label whose ``[`` is at *start*."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            i = _closing_backticks(text, i + run, run)
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _link_tail_end(text: str, close: int) -> int:
    """End of the link tail (``](url "title")``, ``][ref]``, ``]``) starting at *close*."""
    n = len(text)
    pos = close + 1
    if pos < n and text[pos] == "(":
        p = pos + 1
        while p < n and text[p] in " \t\n":
            p += 1
        if p < n and text[p] == ")":
            return p + 1
        dest = parseLinkDestination(text, p, n)
        if dest.ok:
            p = dest.pos
            q = p
            while q < n and text[q] in " \t\n":
                q += 1
            if q > p and q < n:
                title = parseLinkTitle(text, q, n)
                if title.ok:
                    p = title.pos
                    while p < n and text[p] in " \t\n":
                        p += 1
                else:
                    p = q
            else:
                p = q
            if p < n and text[p] == ")":
                return p + 1
    if pos < n and text[pos] == "[":
        end = _label_end(text, pos)
        return min(n, end + 1)
    return pos


def _title_span(text: str, close: int) -> Span | None:
    """The inside of the title of the inline link tail at *close* (its ``]``), or None."""
    n = len(text)
    pos = close + 1
    if pos >= n or text[pos] != "(":
        return None
    p = pos + 1
    while p < n and text[p] in " \t\n":
        p += 1
    dest = parseLinkDestination(text, p, n)
    if not dest.ok:
        return None
    q = dest.pos
    while q < n and text[q] in " \t\n":
        q += 1
    if q == dest.pos or q >= n:
        return None
    title = parseLinkTitle(text, q, n)
    if not title.ok or title.pos - 1 <= q + 1:
        return None
    return q + 1, title.pos - 1


def _sub_slots(parent: int, slot: Slot, references: References) -> list[Slot]:
    """Slots for the alt text of images and the titles of inline links and images in *slot*."""
    if "](" not in slot.text and "![" not in slot.text and "{" not in slot.text:
        return []
    text = slot.text
    found: list[Slot] = []
    for construct in _constructs(text, references):
        if construct.kind == "template":
            found.extend(template_attribute_slots(parent, slot, construct.whole))
            continue
        if construct.kind not in ("image", "link"):
            continue
        a, b = construct.whole
        close = _label_end(text, a + 1) if construct.kind == "image" else construct.spans[1][0]
        if construct.kind == "link":
            a = close  # a link's text is translated with its sentence: only its tail ](url "title") is fixed
        inner: list[tuple[Span, BlockKind, str]] = []
        if construct.kind == "image" and close > a + 2:
            inner.append(((a + 2, close), BlockKind.ALT_TEXT, "md-alt"))
        title = _title_span(text, close)
        if title is not None:
            inner.append((title, BlockKind.LINK_TITLE, "md-title" + text[title[0] - 1]))
        for (start, end), kind, escape in inner:
            if "\n" in text[a:b]:
                continue  # a construct over several lines: kept as it is
            found.append(
                Slot(
                    start=slot.start,
                    end=slot.start,
                    text=text[start:end],
                    kind=kind,
                    line=slot.line,
                    escape=escape,
                    parent=parent,
                    construct=text[a:b],
                    inner=(start - a, end - a),
                )
            )
    return found


def markdown_references(text: str) -> References:
    """The link reference definitions (``[label]: url``) of a Markdown document.

    Pass them to :func:`inline_markup_spans` so that ``[text][label]`` links
    in a block are recognised; without them, only inline links are.
    """
    env: dict[str, object] = {}
    _parser().parse(text, env)
    refs = env.get("references", {})
    return dict(refs) if isinstance(refs, dict) else {}


#: Every construct :func:`_walk_constructs` reports starts with or holds one of these (escapes,
#: character references, hard breaks, emphasis, code spans, raw HTML and autolinks, links and
#: images, task boxes): a text without them has none, and is not parsed.
_CONSTRUCT_CHARS = re.compile(r"[\\\n*_`<\[${&]")


class _Labels:
    """The labels of a document's link reference definitions, hashed once: part of the construct cache's key.

    Only the labels matter for where the constructs are, not the targets. A
    document's segments share one :class:`_Labels`, so a segment costs no
    work proportional to the number of definitions (issue 25: it sorted and
    copied every label).
    """

    __slots__ = ("labels", "references", "_hash")

    def __init__(self, labels: frozenset[str]) -> None:
        self.labels = labels
        self.references = {label: {"href": "#", "title": ""} for label in labels}
        self._hash = hash(labels)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, _Labels) and self.labels == other.labels)


_NO_LABELS = _Labels(frozenset())
#: The :class:`_Labels` of the reference mappings seen last (by identity; the mapping is held, so its id stays its own).
_labels_seen: dict[int, tuple[References, _Labels]] = {}


def _labels_of(references: References | None) -> _Labels:
    if not references:
        return _NO_LABELS
    seen = _labels_seen.get(id(references))
    if seen is not None and seen[0] is references:
        return seen[1]
    labels = _Labels(frozenset(references))
    if len(_labels_seen) >= 16:
        _labels_seen.pop(next(iter(_labels_seen)))
    _labels_seen[id(references)] = (references, labels)
    return labels


def _constructs(text: str, references: References | None = None) -> tuple[_Construct, ...]:
    """The inline constructs of *text* (cached: a text is parsed once per set of reference labels)."""
    if not _CONSTRUCT_CHARS.search(text):
        return ()
    return _cached_constructs(text, _labels_of(references))




@lru_cache(maxsize=65536)
def _cached_constructs(text: str, labels: _Labels) -> tuple[_Construct, ...]:
    found = _with_kept_elements(text, tuple(_walk_constructs(text, labels.references)))
    if not MAY_PROTECT.search(text):
        return found
    # Code spans, raw HTML, autolinks and character references win, and a link that is a task
    # box's brackets (``[x]`` with a reference ``x``); math and templates take what they cover of the rest.
    units = [c.whole for c in found if (c.unit and c.kind in ("", "html", "entity")) or (c.kind == "link" and c.whole[1] - c.whole[0] == 3)]
    extra = [
        m.span() for m in PROTECTED_SYNTAX.finditer(text)
        if not any(a < m.end() and m.start() < b for a, b in units)
    ]
    if not extra:
        return found
    kept = [c for c in found if not any(a <= c.whole[0] and c.whole[1] <= b for a, b in extra)]
    kept.extend(_Construct((span,), span, unit=True, kind=syntax_kind(text[span[0] : span[1]])) for span in extra)
    return _with_roles(text, sorted(kept, key=lambda c: c.whole))


_HTML_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")


def _html_tag(text: str, construct: _Construct) -> tuple[str, bool] | None:
    """``(name, is an end tag)`` of an inline HTML construct, or None for any other construct (a comment too)."""
    m = _HTML_TAG.match(text, construct.whole[0]) if construct.kind == "html" else None
    return (m.group(2).lower(), bool(m.group(1))) if m else None


def _with_kept_elements(text: str, found: tuple[_Construct, ...]) -> tuple[_Construct, ...]:
    """*found* with each inline HTML element whose content is not prose (``<code>…</code>``, ``<kbd>``,
    ``<script>``, ``translate="no"``: :func:`pipeline.documents.html_markup.kept_reason`) as one construct,
    from its start tag to its end tag, as the HTML format reads it: its content never reaches the engine."""
    if not any(c.kind == "html" for c in found):
        return found
    out: list[_Construct] = []
    i = 0
    while i < len(found):
        construct = found[i]
        tag = _html_tag(text, construct)
        if tag is not None and not tag[1] and tag[0] not in VOID:
            raw = text[construct.whole[0] : construct.whole[1]]
            attrs: dict[str, str | None] = {
                m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "") for m in ATTR_RE.finditer(raw)
            }
            if not raw.endswith("/>") and (tag[0] in NOT_RENDERED or kept_reason(tag[0], attrs)):
                depth, j = 1, i + 1
                while j < len(found):
                    inner = _html_tag(text, found[j])
                    if inner is not None and inner[0] == tag[0]:
                        depth += -1 if inner[1] else 1
                        if depth == 0:
                            break
                    j += 1
                if j < len(found):
                    whole = (construct.whole[0], found[j].whole[1])
                    out.append(_Construct((whole,), whole, unit=True, kind="html"))
                    i = j + 1
                    continue
        out.append(construct)
        i += 1
    return tuple(out)


def _with_roles(text: str, constructs: list[_Construct]) -> tuple[_Construct, ...]:
    """*constructs* with each MyST role whose content is text (:data:`TEXT_ROLES`, or an explicit
    title) as one construct whose text is translated: ``{term}``` and ````` are markup."""
    out: list[_Construct] = []
    i = 0
    while i < len(constructs):
        c = constructs[i]
        if (text[c.whole[0]] == "{" and text[c.whole[1] - 1] == "}" and i + 1 < len(constructs)
                and constructs[i + 1].whole[0] == c.whole[1] and text[c.whole[1]] == "`"):
            code = constructs[i + 1].whole
            name = text[c.whole[0] + 1 : c.whole[1] - 1]
            run = len(text[code[0] : code[1]]) - len(text[code[0] : code[1]].lstrip("`"))
            span = role_text_span(name, text[code[0] + run : code[1] - run])
            if span is not None:
                start, end = code[0] + run + span[0], code[0] + run + span[1]
                out.append(_Construct(((c.whole[0], start), (end, code[1])), (c.whole[0], code[1]), unit=True, kind="role"))
                i += 2
                continue
        out.append(c)
        i += 1
    return tuple(out)


def _walk_constructs(text: str, references: References | None = None) -> Iterator[_Construct]:
    """Walk markdown-it's inline tokens, locating each in the source *text* (*references* are read, never copied)."""
    env: dict[str, object] = {"references": references} if references else {}
    tokens = _parser().parseInline(text, env)
    children = tokens[0].children or [] if tokens else []
    cursor = 0
    n = len(text)
    links: list[int] = []  # start of each open link's "["
    i = 0
    while i < len(children):
        tok = children[i]
        t = tok.type
        if t == "text":
            found = text.find(tok.content, cursor) if tok.content else cursor
            if found >= 0:
                cursor = found + len(tok.content)
        elif t == "text_special":
            source = tok.markup or tok.content
            found = text.find(source, cursor)
            if found >= 0:
                end = found + len(source)
                if tok.info == "escape":
                    yield _Construct(((found, found + 1),), (found, end))
                elif tok.info == "entity":  # a character reference: markup, written as it was
                    yield _Construct(((found, end),), (found, end), unit=True, kind="entity")
                cursor = end
        elif t in ("softbreak", "hardbreak"):
            nl = text.find("\n", cursor)
            m = _BREAK.search(text, cursor, nl + 1) if nl >= 0 else None
            if m:
                if t == "hardbreak":
                    yield _Construct((m.span(),), m.span())
                cursor = m.end()
        elif t in ("em_open", "em_close", "strong_open", "strong_close"):
            found = text.find(tok.markup, cursor)
            if found >= 0:
                span = (found, found + len(tok.markup))
                yield _Construct((span,), span)
                cursor = span[1]
        elif t == "code_inline":
            found = text.find(tok.markup, cursor)
            if found >= 0:
                end = _closing_backticks(text, found + len(tok.markup), len(tok.markup))
                yield _Construct(((found, end),), (found, end), unit=True)
                cursor = end
        elif t == "html_inline":
            found = text.find(tok.content, cursor)
            if found >= 0:
                span = (found, found + len(tok.content))
                yield _Construct((span,), span, unit=True, kind="html")
                cursor = span[1]
        elif t == "image":
            found = text.find("![", cursor)
            if found >= 0:
                end = _link_tail_end(text, _label_end(text, found + 1))
                yield _Construct(((found, end),), (found, end), unit=True, kind="image")
                cursor = end
        elif t == "link_open" and tok.markup == "autolink":
            found = text.find("<", cursor)
            if found >= 0:
                end = text.find(">", found)
                end = n if end < 0 else end + 1
                yield _Construct(((found, end),), (found, end), unit=True)
                cursor = end
            # Skip the autolink's text and its link_close.
            while i + 1 < len(children) and children[i].type != "link_close":
                i += 1
        elif t == "link_open":
            found = text.find("[", cursor)
            if found >= 0:
                links.append(found)
                cursor = found + 1
        elif t == "link_close" and links:
            start = links.pop()
            close = _label_end(text, start)
            end = _link_tail_end(text, close)
            yield _Construct(((start, start + 1), (close, end)), (start, end), unit=True, kind="link")
            cursor = end
        i += 1


def inline_markup_spans(text: str, *, references: References | None = None) -> list[Span]:
    """Sorted character spans of the inline markup in Markdown *text*.

    Emphasis delimiters (``*``, ``_``, ``**``), the ``[`` and the
    ``](url "title")`` / ``][ref]`` of links, whole code spans, autolinks,
    images, inline HTML, the backslash of escapes and hard breaks. The text
    between them (a link's label, emphasised words) is translatable.
    """
    spans = [span for construct in _constructs(text, references) for span in construct.spans]
    return sorted(spans)


def protected_markup_spans(text: str, *, references: References | None = None) -> list[Span]:
    """Sorted spans of *text* that typography must leave exactly as they are.

    Link and image tails (``](url "title")``), whole code spans, autolinks,
    images, inline HTML, escapes with their escaped character, and hard
    breaks. Emphasis delimiters and a link's ``[`` are not included: they
    are Markdown markup the spacing rules know (:data:`pipeline.languages.typography.MARKUP`).
    """
    spans: list[Span] = []
    for construct in _constructs(text, references):
        if construct.kind == "link":  # "[" and its tail
            spans.append(construct.spans[1])
        elif construct.kind == "role":  # "{term}`" and "`"
            spans.extend(construct.spans)
        elif construct.unit or construct.whole != construct.spans[0]:  # whole units, escapes
            spans.append(construct.whole)
        elif text[construct.whole[0] : construct.whole[1]].strip("*_~") and "\n" in text[construct.whole[0] : construct.whole[1]]:
            spans.append(construct.whole)  # a hard break
    return sorted(spans)


def unsplittable_spans(text: str, *, references: References | None = None) -> list[Span]:
    """Whole inline constructs no sentence boundary may cut (links with
    their text, code spans, autolinks, images, inline HTML).

    For ``split_sentences(text, protected=unsplittable_spans(text))``.
    Emphasis is not included: a sentence may end inside ``*...*``.
    """
    return sorted(c.whole for c in _constructs(text, references) if c.unit)


def sentence_markup(text: str, *, references: References | None = None) -> list[tuple[int, int, str, bool]]:
    """What the sentence splitter reads for the markup of Markdown *text*: ``(start, end, reads_as, closing)``
    (see :meth:`pipeline.documents.blocks.DocumentFormat.sentence_markup`).

    Inline HTML and character references read as the HTML format reads them (a tag as nothing, an end tag
    closing, ``<br>`` as a line break, ``&nbsp;`` as a space, ``&quot;`` as ``"``); a footnote reference
    (``[^1]``) reads as nothing and closes its sentence (``airport.[^1] The`` ends after ``[^1]``); a
    template tag (``{% if x %}``, ``{{< alert >}}``) reads as nothing, an end tag (``{% endif %}``,
    ``{{< /alert >}}``) closing.
    """
    out: list[tuple[int, int, str, bool]] = []
    for construct in _constructs(text, references):
        a, b = construct.whole
        if construct.kind in ("html", "entity"):
            out.extend((a + s, a + e, reads_as, closing) for s, e, reads_as, closing in html_sentence_markup(text[a:b]))
        elif construct.kind == "footnote":
            out.append((a, b, "", True))
        elif construct.kind == "template" and TEMPLATE_TAG.fullmatch(text, a, b):
            out.append((a, b, "", TEMPLATE_END.match(text, a) is not None))
    return sorted(out)
