"""QA checks of what the target must keep as the source has it: numbers, URLs, e-mail addresses, placeholders and markup.

Numbers: see :mod:`pipeline.languages.numbers` (every source number must be
in the target, by value; Chinese numerals count).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.documents.inline_markup import markup_of
from pipeline.languages.numbers import source_numbers, target_numbers
from pipeline.qa.framework import ERROR, CheckContext, check
from pipeline.segmentation.spans import SpanKind, protected_spans
from pipeline.translate.masking import has_placeholder


# -------------------------------------------------------------------------- protected spans

#: A Markdown code span: kept verbatim, like the spans of :func:`pipeline.segmentation.spans.protected_spans`.
_CODE_RE = re.compile(r"`([^`\n]+)`")


def _spans_of(text: str, kind: SpanKind) -> list[str]:
    return [text[span.start : span.end] for span in protected_spans(text) if span.kind is kind]


def find_urls(text: str) -> list[str]:
    """URLs in *text*, without the sentence punctuation that may follow them."""
    return _spans_of(text, SpanKind.URL)


def find_emails(text: str) -> list[str]:
    """E-mail addresses in *text*."""
    return _spans_of(text, SpanKind.EMAIL)


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def without_protected(text: str, kinds: Iterable[SpanKind] = tuple(SpanKind)) -> str:
    """*text* with URLs, e-mails, placeholders (or the *kinds* given) and code spans blanked out."""
    wanted = set(kinds)
    spans = [(s.start, s.end) for s in protected_spans(text) if s.kind in wanted]
    if SpanKind.URL in wanted:
        spans += [m.span() for m in _CODE_RE.finditer(text)]
    return _blank_spans(text, spans)


# -------------------------------------------------------------------------- numbers

@check("numbers", ERROR)
def check_numbers(source: str, target: str, context: CheckContext) -> list[str]:
    """Numbers of the source missing from the target.

    ``25 minutes`` needs 25 (or 二十五) in the target, ``1,000`` needs 1000
    in some form, ``1.4 million`` needs 1400000 (140万, 一百四十万).
    Numbers only the target has are not reported: Chinese adds them
    (September → 9月, three-year → 三年).
    """
    available = target_numbers(without_protected(target))
    missing = [written for written, value in source_numbers(without_protected(source)) if value not in available]
    missing = list(dict.fromkeys(missing))
    if not missing:
        return []
    return [f"number{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing from the target"]


# -------------------------------------------------------------------------- kept verbatim


def _missing(items: Iterable[Any], available: Iterable[Any]) -> list[Any]:
    """Items (with repeats) that *available* does not hold as many times."""
    items = list(items)
    if not items:
        return []
    need = Counter(items)
    have = Counter(available)
    out = []
    for item, count in need.items():
        out.extend([item] * max(0, count - have[item]))
    return out


@check("urls", ERROR)
def check_urls(source: str, target: str, context: CheckContext) -> list[str]:
    """URLs of the source missing or changed in the target."""
    return [f"URL {url} missing or changed in the target" for url in _missing(find_urls(source), find_urls(target))]


@check("emails", ERROR)
def check_emails(source: str, target: str, context: CheckContext) -> list[str]:
    """E-mail addresses of the source missing or changed in the target."""
    return [
        f"e-mail address {address} missing or changed in the target"
        for address in _missing(find_emails(source), find_emails(target))
    ]


@check("placeholders", ERROR)
def check_placeholders(source: str, target: str, context: CheckContext) -> list[str]:
    """Placeholder tokens lost, added, duplicated or garbled in the target.

    Placeholders are the terms module's (``ZQ0``, see :mod:`pipeline.translate.masking`);
    a source normally has none, so this finds the leftovers of a failed
    restore, including garbled ones (``ZQ 1``, ``zq``). It runs with or
    without a glossary, so the glossary check leaves placeholders to it.
    """
    src = _spans_of(source, SpanKind.PLACEHOLDER)
    tgt = _spans_of(target, SpanKind.PLACEHOLDER)
    messages = [f"placeholder {p} missing from the target" for p in _missing(src, tgt)]
    messages += [f"placeholder {p} in the target is not in the source" for p in _missing(tgt, src)]
    if not messages and has_placeholder(without_protected(target, [SpanKind.PLACEHOLDER]), source):
        messages.append("a garbled placeholder (ZQ0, ZXQ0, …) is left in the target")
    return messages


def _link_label(link: tuple[str, str]) -> str:
    href, title = link
    return f'{href} "{title}"' if title else href


@check("xmltags", ERROR)
def check_markup(source: str, target: str, context: CheckContext) -> list[str]:
    """Markup of the source missing or changed in the target, or markup the source does not have.

    A Markdown (or plain-text) article's texts are read as CommonMark reads
    them: inline code must be identical, links and images must keep their
    URL and title, raw HTML must be the source's (HTML the source does not
    have is refused: it would reach the page), and the target needs as many
    ``**strong**`` and ``*emphasis*`` spans. An HTML article's texts are
    read by an HTML parser (:func:`pipeline.publish.safety.html_tokens`):
    every tag, comment and script of the source must be in the target as
    written, and the target may have no other (the build refuses it, and
    would write it as text).
    """
    from pipeline.documents.blocks import InlineSyntax
    from pipeline.documents.formats import inline_syntax

    if inline_syntax(context.document_format) is InlineSyntax.HTML:
        from pipeline.publish.safety import missing_markup

        messages = [f"HTML {h} missing or changed in the target" for h in missing_markup(source, target)]
        return messages + [_foreign_message(h, "html") for h in foreign_html(source, target, fmt="html")]
    s, t = markup_of(source), markup_of(target)
    if s == t:
        return []
    messages = [f"inline code `{c}` missing or changed in the target" for c in _missing(s.code, t.code)]
    messages += [f"link to {_link_label(u)} missing or changed in the target" for u in _missing(s.links, t.links)]
    messages += [f"link to {_link_label(u)} in the target is not in the source" for u in _missing(t.links, s.links)]
    messages += [f"image {_link_label(u)} missing or changed in the target" for u in _missing(s.images, t.images)]
    messages += [f"image {_link_label(u)} in the target is not in the source" for u in _missing(t.images, s.images)]
    messages += [f"raw HTML {h} missing or changed in the target" for h in _missing(s.html, t.html)]
    messages += [_foreign_message(h, "md") for h in foreign_html(source, target)]
    for label, a, b in (("**strong**", s.strong, t.strong), ("*emphasis*", s.em, t.em)):
        if a != b:
            messages.append(f"{label} spans: {a} in the source, {b} in the target")
    return messages


def _foreign_message(markup: str, fmt: str) -> str:
    return f"{'HTML' if fmt == 'html' else 'raw HTML'} {markup} in the target is not in the source"


def foreign_html(source: str, target: str, *, fmt: str = "md") -> list[str]:
    """Markup in *target* that *source* does not have (never published, even in a draft).

    *fmt*: the article's format; see :func:`pipeline.publish.safety.foreign_markup`.
    """
    if "<" not in target:
        return []
    from pipeline.publish.safety import foreign_markup

    return foreign_markup(source, target, fmt=fmt)


# -------------------------------------------------------------------------- reference links

#: A bracketed text not followed by a destination: ``[text]``, ``[text][]`` or ``[text][label]`` (group 2 the label).
_BRACKETED = re.compile(r"(?<![\\!\]])\[((?:[^\[\]\\\n]|\\.)+)\](?:\[((?:[^\[\]\\\n]|\\.)*)\])?(?![\[(])")


def _links(text: str, env: dict[str, Any]) -> list[tuple[str, str]]:
    """``(href, title)`` of the links of *text*, reference links resolved against *env*."""
    from pipeline.documents.markdown_parser import markdown_parser

    if "[" not in text:
        return []
    tokens = markdown_parser().parseInline(text, dict(env))
    return [
        (str(tok.attrs.get("href", "")), str(tok.attrs.get("title", "")))
        for tok in (tokens[0].children or [] if tokens else [])
        if tok.type == "link_open"
    ]


def _written_as(text: str, link: tuple[str, str], env: dict[str, Any]) -> str:
    """How *text* writes the reference link to *link* (``[text][label]``), or its URL when not found."""
    for m in _BRACKETED.finditer(text):
        if _links(m.group(0), env) == [link]:
            return m.group(0)
    return link[0]


def _unresolved(text: str, env: dict[str, Any]) -> list[str]:
    """Bracketed texts of *text* written as reference links (``[text][label]``, ``[text][]``) that resolve to nothing."""
    return [m.group(0) for m in _BRACKETED.finditer(text) if m.group(2) is not None and not _links(m.group(0), env)]


@check("reflinks", ERROR)
def check_reflinks(source: str, target: str, context: CheckContext) -> list[str]:
    """Reference links of the source that no longer resolve in the target (Markdown).

    ``[text][label]``, ``[text][]`` and ``[text]`` link through the
    document's link reference definitions (``[label]: https://…``). A
    target whose ``[译文][lable]`` names no defined label, or that lost the
    brackets, renders as literal text with no link. The target is read as
    the editions write it: a link the source writes ``[text]`` or
    ``[text][]`` is relabelled ``[译文][text]``
    (:func:`pipeline.documents.markdown_placing.relabel_references`), so
    translating its text alone is no finding. Reference links the target
    has and the source does not are findings too.
    """
    if not context.references or "[" not in source + target:
        return []
    from pipeline.documents.blocks import InlineSyntax
    from pipeline.documents.formats import inline_syntax
    from pipeline.documents.markdown_placing import relabel_references

    if inline_syntax(context.document_format) is InlineSyntax.HTML:
        return []
    env = context.reference_env
    target = relabel_references(source, target, env["references"])
    # A reference link resolves only with the definitions: those links, less the inline ones.
    source_refs = _missing(_links(source, env), _links(source, {}))
    target_refs = _missing(_links(target, env), _links(target, {}))
    lost = _missing(source_refs, _links(target, env))
    added = _missing(target_refs, _links(source, env))
    if not lost and not added:
        return []
    dangling = _unresolved(target, env)
    why = f"does not resolve in the target: {', '.join(dangling)} has no definition" if dangling else "missing from the target"
    messages = [f"reference link {_written_as(source, link, env)} ({_link_label(link)}) {why}" for link in lost]
    messages += [
        f"reference link {_written_as(target, link, env)} ({_link_label(link)}) in the target is not in the source"
        for link in added
    ]
    return messages
