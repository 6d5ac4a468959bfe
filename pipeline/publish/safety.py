"""The one HTML safety policy of every edition: text from a PO is escaped unless the source had that markup there.

A translation is untrusted text: a reviewer, a CAT tool's target or a
machine draft may carry ``<img src=x onerror=…>``. The source document is
trusted: its markup is the article's own. So, for the text of one sentence:

* **HTML articles.** :func:`html_tokens` cuts a text into tokens with the
  standard library's :class:`html.parser.HTMLParser` (the parser the HTML
  reader uses): text, character references, and *markup* (start and end
  tags, comments, declarations, processing instructions, and the content of
  ``<script>`` and ``<style>``, which is code, not text). A markup token of the
  translation is kept only when the sentence's source has the very same
  token (same bytes, as often); everything else is text, and text is
  written with ``<`` and ``>`` escaped (:func:`safe_html`). So every ``<``
  an edition writes starts a tag copied from the source. An unterminated
  ``<!--`` or ``<script`` is text too: it cannot swallow the page.
* **Markdown articles.** markdown-it reads the text with raw HTML on; in
  the HTML edition an inline HTML token of a translation (``<abbr
  title="…">``, ``<kbd>``, ``<br>``) is HTML only when the sentence's source
  has the very same token, as often (:func:`kept_inline_html`), and is
  written without unsafe URLs; every other one is text. The raw HTML of a
  Markdown edition is compared, token by token, with the source
  document's (:func:`foreign_markdown_html`).

:func:`foreign_markup` is what ``mtpipe check`` reports and what ``build``
refuses (even with ``--allow-draft``); :func:`safe_html` is what the HTML
renderer writes whatever the gate said, so the two cannot disagree about
what reaches a page.

URLs are judged by :func:`safe_url` after the normalisation browsers apply
(:func:`url_scheme`): tabs and newlines removed, leading spaces and control
characters stripped, character references decoded, scheme lower-cased.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Literal

TokenKind = Literal["text", "reference", "markup"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    raw: str  #: the token exactly as written


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
#: Elements whose content a browser runs or applies (code, not text): their content is markup.
_CODE_ELEMENTS = frozenset({"script", "style"})


class _Tokens(HTMLParser):
    """Records where each token starts; the raw token is the text up to the next one."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())
        self.marks: list[tuple[int, TokenKind]] = []

    def _mark(self, kind: TokenKind) -> None:
        line, col = self.getpos()
        self.marks.append((self.starts[line - 1] + col, kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark("markup")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark("markup")

    def handle_endtag(self, tag: str) -> None:
        self._mark("markup")

    def handle_comment(self, data: str) -> None:
        self._mark("markup")

    def handle_decl(self, decl: str) -> None:
        self._mark("markup")

    def handle_pi(self, data: str) -> None:
        self._mark("markup")

    def unknown_decl(self, data: str) -> None:
        self._mark("markup")

    def handle_entityref(self, name: str) -> None:
        self._mark("reference")

    def handle_charref(self, name: str) -> None:
        self._mark("reference")

    def handle_data(self, data: str) -> None:
        # In <script> and <style> the parser hands the content over as data: it is code.
        self._mark("markup" if getattr(self, "cdata_elem", None) in _CODE_ELEMENTS else "text")


def html_tokens(text: str) -> tuple[Token, ...]:
    """*text* as HTML tokens; joined, their ``raw`` give *text* back."""
    return _tokens(text) if len(text) < 4096 else _tokenize(text)


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[Token, ...]:
    """A sentence's tokens, worked out once (check, gate and renderer all ask)."""
    return _tokenize(text)


def _tokenize(text: str) -> tuple[Token, ...]:
    if "<" not in text and "&" not in text:
        return (Token("text", text),) if text else ()
    parser = _Tokens(text)
    parser.feed(text)
    parser.close()
    marks = sorted(set(parser.marks))  # a data token may be reported in pieces
    tokens: list[Token] = []
    if not marks or marks[0][0] > 0:  # nothing reported before the first mark: text
        marks.insert(0, (0, "text"))
    for (start, kind), (end, _) in zip(marks, [*marks[1:], (len(text), "text")]):
        if end <= start:
            continue
        raw = text[start:end]
        if kind == "markup" and not raw.startswith("<") and tokens and tokens[-1].kind == "markup":
            tokens[-1] = Token("markup", tokens[-1].raw + raw)  # script or style content, after its tag
            continue
        if kind == "reference" and not _REFERENCE.fullmatch(raw):
            kind = "text"  # a reference followed by what the parser left unreported: text
        tokens.append(Token(kind, raw))
    return tuple(tokens)


def html_markup(text: str) -> tuple[str, ...]:
    """The markup tokens of an HTML text (tags, comments, declarations, script and style content), in order."""
    if "<" not in text:
        return ()
    return tuple(t.raw for t in html_tokens(text) if t.kind == "markup")


def _missing(items: Iterable[str], available: Iterable[str]) -> list[str]:
    """Items (with repeats) that *available* does not hold as many times."""
    have = Counter(available)
    out = []
    for item in items:
        if have[item] > 0:
            have[item] -= 1
        else:
            out.append(item)
    return out


def foreign_markup(source: str, target: str, *, fmt: str = "md") -> list[str]:
    """Markup in *target* that *source* does not have there: never published, even in a draft.

    *fmt* is the article's format: ``html`` reads both texts as HTML
    (:func:`html_tokens`), anything else as CommonMark (the raw HTML
    markdown-it finds, :func:`pipeline.documents.inline_markup.markup_of`).
    """
    if "<" not in target:
        return []
    from pipeline.documents.blocks import InlineSyntax
    from pipeline.documents.formats import inline_syntax

    if inline_syntax(fmt) is InlineSyntax.HTML:
        return _missing(html_markup(target), html_markup(source))
    from pipeline.documents.inline_markup import markup_of

    raw = markup_of(target).html
    return _missing(raw, markup_of(source).html) if raw else []


def missing_markup(source: str, target: str) -> list[str]:
    """Markup tokens of an HTML *source* that *target* lost or changed."""
    if "<" not in source:
        return []
    return _missing(html_markup(source), html_markup(target))


def escape_text(text: str) -> str:
    """Text for HTML: ``<`` and ``>`` escaped (``&`` and quotes need nothing outside attributes)."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def safe_html(source: str, target: str) -> str:
    """*target* with every markup token its *source* does not have (as often) written as text.

    What is kept is markup copied from the source; a tag that carries an
    unsafe URL (:func:`safe_url`) is kept without that attribute.
    """
    if "<" not in target and ">" not in target:
        return target
    have = Counter(html_markup(source))
    out: list[str] = []
    for token in html_tokens(target):
        if token.kind == "markup" and have[token.raw] > 0:
            have[token.raw] -= 1
            out.append(without_unsafe_urls(token.raw))
        elif token.kind == "reference":
            out.append(token.raw)
        else:
            out.append(escape_text(token.raw))
    return "".join(out)


def text_escaped(text: str) -> str:
    """*text* with its text tokens escaped and its markup as written (what :func:`safe_html` writes when nothing is foreign)."""
    if ">" not in text and "<" not in text:
        return text
    return "".join(escape_text(t.raw) if t.kind == "text" else t.raw for t in html_tokens(text))


# -- URLs ----------------------------------------------------------------------------------

#: Schemes an edition may link to or load; a URL without a scheme is relative (same folder).
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "news", "irc", "ircs", "xmpp", "sms", "geo"})
#: Attributes whose value is a URL (or, for srcset, a list of them).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "background", "longdesc", "usemap", "data",
     "srcset", "xlink:href", "manifest", "ping", "lowsrc", "dynsrc", "codebase", "classid", "archive", "profile"}
)  # fmt: skip
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme a browser reads in *url* (lower case), or ``""`` for a relative URL.

    Normalised as the WHATWG URL parser does first: character references
    decoded (an attribute value is decoded before it is a URL), tabs and
    newlines removed anywhere, leading and trailing C0 controls and spaces
    stripped.
    """
    value = _TAB_OR_NEWLINE.sub("", html.unescape(url))
    value = value.strip("".join(map(chr, range(0x21))))
    m = _SCHEME.match(value)
    return m.group(1).lower() if m else ""


def safe_url(url: str) -> bool:
    """Whether an edition may keep *url*: relative, or of a :data:`SAFE_SCHEMES` scheme (no ``javascript:``, ``data:``, ``file:``)."""
    scheme = url_scheme(url)
    return not scheme or scheme in SAFE_SCHEMES


def safe_attribute(name: str, value: str | None) -> bool:
    """Whether an attribute may stay: no event handler (``on…``), no unsafe URL."""
    name = name.lower()
    if name.startswith("on"):
        return False
    if value is None or name not in URL_ATTRIBUTES:
        return True
    if name == "srcset":
        return all(safe_url(part.strip().split(" ")[0]) for part in value.split(",") if part.strip())
    return safe_url(value)


class _StartTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, list[tuple[str, str | None]], bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = self.found or (tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = self.found or (tag, attrs, True)


def start_tag(raw: str) -> tuple[str, list[tuple[str, str | None]], bool] | None:
    """A start tag's name, attributes (references decoded) and whether it ends in ``/>``; None for other markup."""
    if not raw.startswith("<") or raw.startswith(("</", "<!", "<?")):
        return None
    parser = _StartTag()
    parser.feed(raw)
    parser.close()
    return parser.found


def without_unsafe_urls(raw: str) -> str:
    """A start tag as written, or re-written without its unsafe URL attributes (:func:`safe_url`)."""
    found = start_tag(raw)
    if found is None:
        return raw
    tag, attrs, closed = found
    if all(safe_url(v) for n, v in attrs if v is not None and n in URL_ATTRIBUTES and n != "srcset") and all(
        safe_attribute(n, v) for n, v in attrs if n == "srcset"
    ):
        return raw
    kept = "".join(
        f' {n}="{html.escape(v, quote=True)}"' if v is not None else f" {n}"
        for n, v in attrs
        if n not in URL_ATTRIBUTES or safe_attribute(n, v)
    )
    return f"<{tag}{kept}{' /' if closed else ''}>"


# -- Markdown editions ---------------------------------------------------------------------


def markdown_raw_html(document: str) -> list[str]:
    """The raw HTML markup a CommonMark renderer passes through from *document*.

    Inline HTML tokens as they are; an HTML block cut into its markup tokens
    (its text is text). Read by markdown-it with HTML on, as a site
    generator reads the edition.
    """
    from markdown_it import MarkdownIt

    found: list[str] = []
    for token in MarkdownIt("commonmark", {"html": True}).parse(document):
        if token.type == "html_block":
            found.extend(html_markup(token.content))
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child.content)
    return found


def foreign_markdown_html(source_document: str, edition: str) -> list[str]:
    """Raw HTML a Markdown *edition* passes through that its source document nowhere has."""
    if "<" not in edition:
        return []
    allowed = set(markdown_raw_html(source_document))
    return list(dict.fromkeys(h for h in markdown_raw_html(edition) if h not in allowed))


#: Attributes whose value is text a translation may change (the reader makes them slots of their own).
TEXT_ATTRIBUTES = frozenset({"alt", "title"})


def _same_tag_but_text(raw: str, source_raw: str) -> bool:
    """Whether start tag *raw* is *source_raw* with only its text attributes (:data:`TEXT_ATTRIBUTES`) changed."""
    found, source = start_tag(raw), start_tag(source_raw)
    if found is None or source is None or found[0] != source[0] or len(found[1]) != len(source[1]):
        return False
    return all(n == m and (v == w or n in TEXT_ATTRIBUTES) for (n, v), (m, w) in zip(found[1], source[1]))


def kept_inline_html(source: str, raw: Sequence[str]) -> list[bool]:
    """Which of a Markdown translation's inline HTML tokens *raw* (in order) an HTML edition writes as HTML.

    Those its *source* text has (the same bytes, as often), or a start tag of the source with only its
    translated alt text or title changed; the others are written as text.
    """
    from pipeline.documents.inline_markup import markup_of

    have = list(markup_of(source).html) if "<" in source else []
    kept = []
    for token in raw:
        match = next((i for i, h in enumerate(have) if h == token), None)
        if match is None and token.startswith("<") and not token.startswith("</"):
            match = next((i for i, h in enumerate(have) if _same_tag_but_text(token, h)), None)
        kept.append(match is not None)
        if match is not None:
            del have[match]
    return kept


# -- XML -----------------------------------------------------------------------------------

#: Characters XML 1.0 cannot carry (C0 controls but tab, newline and return; surrogates; U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """*text* without the characters XML 1.0 cannot carry (a control character in a translation is dropped)."""
    return _NOT_XML.sub("", text)


def control_characters(text: str) -> Sequence[str]:
    """The control characters (Unicode category Cc) in *text*, as ``U+0007`` names."""
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(text) if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
