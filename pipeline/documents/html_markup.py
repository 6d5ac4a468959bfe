"""HTML text helpers: the markup spans in a slot's HTML text, what the sentence splitter and a reader see of it, and a page's lang attribute."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from pipeline.documents.blocks import Span


#: Elements no reader sees (``display: none``, or not shown with scripts on): passed through, never listed.
NOT_RENDERED = frozenset({"script", "style", "template", "noscript"})
#: Elements a reader sees that are not prose: passed through, listed as untranslated.
KEPT = frozenset({"pre", "code", "kbd", "samp", "var", "textarea", "svg", "math", "xmp", "listing", "plaintext"})
#: Void elements: they have no end tag and no content.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

ATTR_RE = re.compile(r"""\s([A-Za-z][A-Za-z0-9_:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
#: A tag, a comment, a declaration or processing instruction, or a character reference.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<![^>]*>?|<\?[^>]*>?"
    r"""|<(/?)([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>"""
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.DOTALL,
)
SPACE_RE = re.compile(r"\s+")
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")


def kept_reason(tag: str, attrs: dict[str, str | None]) -> str:
    """Why an element's text is left as it is (``<pre>``, ``translate="no"``), or ``""``."""
    if tag in KEPT:
        return f"<{tag}>"
    if (attrs.get("translate") or "").strip().lower() == "no":
        return 'translate="no"'
    if "notranslate" in (attrs.get("class") or "").split():
        return 'class="notranslate"'
    return ""


def _tag_attrs(raw: str) -> dict[str, str | None]:
    return {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "") for m in ATTR_RE.finditer(raw)}


@dataclass(frozen=True)
class _Markup:
    start: int
    end: int
    #: ``""`` for a character reference, comment or declaration; the tag name otherwise.
    tag: str
    closing: bool


def _scan(text: str) -> list[_Markup]:
    found = []
    for m in _MARKUP.finditer(text):
        found.append(_Markup(m.start(), m.end(), (m.group(2) or "").lower(), bool(m.group(1))))
    return found


def _elements(text: str, items: list[_Markup]) -> list[Span]:
    """Whole elements whose content is markup: not rendered, kept, ``translate="no"``."""
    spans: list[Span] = []
    open_tag, depth, start = "", 0, 0
    for item in items:
        if not item.tag:
            continue
        if open_tag:
            if item.tag == open_tag and item.tag not in VOID and not text[item.end - 2 : item.end] == "/>":
                depth += -1 if item.closing else 1
                if depth == 0:
                    spans.append((start, item.end))
                    open_tag = ""
            continue
        if item.closing or item.tag in VOID:
            continue
        raw = text[item.start : item.end]
        if item.tag in NOT_RENDERED or kept_reason(item.tag, _tag_attrs(raw)):
            open_tag, depth, start = item.tag, 1, item.start
    if open_tag:
        spans.append((start, len(text)))
    return spans


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def markup_spans(text: str) -> list[Span]:
    """Tags, comments, character references and whole kept elements (``<code>…</code>``,
    ``<script>…</script>``, ``translate="no"``) in an HTML text: kept verbatim, never sent to the engine."""
    if "<" not in text and "&" not in text:
        return []
    items = _scan(text)
    return _merged([(m.start, m.end) for m in items] + _elements(text, items))


#: Inline elements no sentence boundary may cut: a link with its text, a date.
_UNITS = re.compile(r"<(a|time)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def unsplittable_spans(text: str) -> list[Span]:
    """Markup (:func:`markup_spans`) and whole ``<a>…</a>`` and ``<time>…</time>`` elements: no sentence ends inside them."""
    if "<" not in text and "&" not in text:
        return []
    return _merged(markup_spans(text) + [m.span() for m in _UNITS.finditer(text)])


#: Character references a reader sees as a space.
_SPACE_CHARS = frozenset("\u00a0\u2002\u2003\u2009\u202f\u200a")


def sentence_markup(text: str) -> list[tuple[int, int, str, bool]]:
    """What the sentence splitter reads for each piece of markup: ``(start, end, reads_as, closing)``.

    A tag reads as nothing (an end tag *closing*: it stays with the sentence
    before it), ``<br>`` as a line break, a character reference as its
    character (``&nbsp;`` as a space, ``&quot;`` as ``"``).
    """
    if "<" not in text and "&" not in text:
        return []
    out: list[tuple[int, int, str, bool]] = []
    for m in _scan(text):
        raw = text[m.start : m.end]
        if raw.startswith("&"):
            char = html.unescape(raw)
            out.append((m.start, m.end, " " if char in _SPACE_CHARS else char, False))
        elif m.tag == "br":
            out.append((m.start, m.end, "\n", True))
        else:
            out.append((m.start, m.end, "", m.closing))
    return out


def _tag_at(text: str, at: int) -> str:
    m = _TAG_NAME.match(text, at)
    return m.group(1).lower() if m else ""


def plain_text(text: str) -> str:
    """What a reader sees of an HTML text: tags and unrendered elements (``<script>…</script>``) removed, references decoded."""
    if "<" not in text and "&" not in text:
        return text
    items = _scan(text)
    hidden = [span for span in _elements(text, items) if _tag_at(text, span[0]) in NOT_RENDERED]
    out, pos = [], 0
    for a, b in _merged([(m.start, m.end) for m in items if not text[m.start : m.end].startswith("&")] + hidden):
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return html.unescape("".join(out))


def collapse_space(text: str) -> str:
    """Runs of whitespace as one space, outside markup (a tag, a ``<code>`` element keep theirs)."""
    spans = markup_spans(text)
    if not spans:
        return SPACE_RE.sub(" ", text)
    out, pos = [], 0
    for a, b in spans:
        out.append(SPACE_RE.sub(" ", text[pos:a]))
        out.append(text[a:b])
        pos = b
    out.append(SPACE_RE.sub(" ", text[pos:]))
    return "".join(out)


_HTML_LANG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTR = re.compile(r"""\slang\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


_DIR_ATTR = re.compile(r"""\sdir\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _set_attribute(tag: str, pattern: re.Pattern[str], name: str, value: str) -> str:
    if pattern.search(tag):
        return pattern.sub(f' {name}="{value}"', tag, count=1)
    return tag[:5] + f' {name}="{value}"' + tag[5:]


def set_lang(document: str, lang: str) -> str:
    """*document* with ``lang`` set on its ``<html>`` element (added when there is none), and its direction:
    ``dir="rtl"`` for a right-to-left language (the languages table), ``dir="ltr"`` where the source set a direction
    the language does not have."""
    from pipeline.languages.table import find

    m = _HTML_LANG.search(document)
    if m is None:
        return document
    tag = _set_attribute(m.group(0), _LANG_ATTR, "lang", lang)
    language = find(lang)
    if language is not None and language.is_rtl:
        tag = _set_attribute(tag, _DIR_ATTR, "dir", "rtl")
    elif _DIR_ATTR.search(tag):
        tag = _set_attribute(tag, _DIR_ATTR, "dir", "ltr")
    return document[: m.start()] + tag + document[m.end() :]
