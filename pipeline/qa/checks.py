"""QA checks on the entries of a PO catalog.

Each check is a plain function ``(source, target, context) -> list[str]``
that returns one message per problem, wrapped by :func:`check` into a
:class:`Check` that carries its name and severity; its title is the first
line of the function's docstring. :data:`CHECKS` lists them explicitly, in
the order they run and report (nothing is discovered by reflection).

:func:`check_catalog` runs the checks on every non-obsolete entry with a
msgstr, reviewed and fuzzy alike, and returns a :class:`CatalogReport`.

Severities: ``error`` for what makes the translation wrong or the edition
broken (a lost number, URL, e-mail, placeholder or markup; a target equal to
its source; unbalanced quotes or brackets; a glossary violation) and
``warning`` for what a reviewer should look at but may accept (a length out
of the usual band, Latin-script words, half-width punctuation).

Decisions, each documented on its check:

* numbers: see :mod:`pipeline.languages.numbers` (every source number must be in the
  target, by value; Chinese numerals count).
* length: the en→zh band :data:`LENGTH_BANDS` was calibrated on the
  reviewed ``translations/run-movement/zh_Hans.po`` (48 entries, target
  characters without spaces / source characters: mean 0.275, sd 0.042,
  range 0.18-0.37); sources shorter than :data:`LENGTH_MIN_SOURCE` are not
  checked.
* Latin leftovers: words that occur in the source are *not* allowed as such
  (every leftover comes from the source, so that would disable the check);
  allowed are all-caps abbreviations (see
  :func:`pipeline.languages.typography.has_latin_leftovers`), and with a glossary the
  forms of its do-not-translate terms and the Latin words of its targets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pipeline.catalog import Entry, load_catalog
from pipeline.languages.convert import find_misconversions
from pipeline.glossary import Glossary
from pipeline.documents.inline_markup import markup_of
from pipeline.documents.markdown import inline_markup_spans
from pipeline.languages.numbers import source_numbers, target_numbers
from pipeline.segmentation.spans import SpanKind, protected_spans
from pipeline.translate.masking import has_placeholder
from pipeline.translate.verify import TermProblem, verify_terms
from pipeline.languages.typography import (
    PAIRED_MARKS,
    find_halfwidth_punctuation,
    has_han,
    has_latin_leftovers,
    paired_mark_balance,
)
from pipeline.languages.variants import canonical_lang, find

Severity = Literal["error", "warning"]

#: Inline Markdown needs one of these (code spans, links, autolinks, raw HTML, emphasis).
_MARKUP_CHARS = re.compile(r"[`\[<*_]")
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem of one entry."""

    check: str
    severity: str
    msgctxt: str
    message: str
    #: The line the entry starts at in its PO file (0 when not read from a file).
    line: int = 0

    def to_dict(self) -> dict[str, str | int]:
        return {"check": self.check, "severity": self.severity, "msgctxt": self.msgctxt, "line": self.line, "message": self.message}

    def location(self, path: Path | str) -> str:
        """``FILE:LINE: severity: [check] message``, as compilers and ``msgfmt`` report (``FILE: ...`` without a line)."""
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: {self.severity}: [{self.check}] {self.message}"


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the two texts: the catalog's language and the glossary."""

    #: The catalog's ``Language`` header (``zh_Hans``, ``zh_TW``, ...); empty when unknown.
    language: str = "zh_Hans"
    glossary: Glossary | None = None
    #: The article's format (``md``, ``html``, ``txt``; empty when unknown): how markup is read.
    #: An HTML article's texts are read as HTML (:mod:`pipeline.publish.safety`), others as CommonMark.
    document_format: str = ""

    @cached_property
    def variant(self) -> str | None:
        """The Chinese variant code (``zh-Hans``, ``zh-TW``...), or ``None`` for another language."""
        variant = find(self.language) if self.language else None
        return variant.code if variant is not None else None

    @property
    def lang(self) -> str:
        """The target language code: the variant, else the canonical Language, else ``zh-Hans``."""
        if self.variant:
            return self.variant
        return canonical_lang(self.language) if self.language else "zh-Hans"

    def is_chinese(self, target: str) -> bool:
        """Whether the Chinese-only checks apply: a zh catalog, or an unlabelled one with Han text."""
        if self.variant is not None or self.language.lower().startswith("zh"):
            return True
        return not self.language and has_han(target)

    @cached_property
    def latin_allowed(self) -> frozenset[str]:
        """Phrases the glossary keeps in Latin script: dnt terms, Latin words of targets."""
        if self.glossary is None:
            return frozenset()
        allowed: set[str] = set()
        for term in self.glossary.terms:
            if term.dnt:
                allowed.update(term.forms)
            allowed.update(t for t in term.targets.values() if re.search("[A-Za-z]", t))
        return frozenset(allowed)


CheckFunction = Callable[[str, str, CheckContext], list[str]]


@dataclass(frozen=True)
class Check:
    """A check function with its name and severity."""

    name: str
    severity: Severity
    function: CheckFunction = field(repr=False)

    @property
    def title(self) -> str:
        """The first line of the function's docstring."""
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.name

    def messages(self, source: str, target: str, context: CheckContext | None = None) -> list[str]:
        """The function's messages for one source/target pair."""
        return self.function(source, target, context or CheckContext())

    def run(self, entry: Entry, context: CheckContext, *, line: int = 0) -> list[Finding]:
        """Findings for one catalog entry (*line*: where it starts in its file)."""
        return [
            Finding(self.name, self.severity, entry.msgctxt, message, line)
            for message in self.function(entry.msgid, entry.msgstr, context)
        ]


def check(name: str, severity: Severity) -> Callable[[CheckFunction], Check]:
    """Decorator: make a plain check function a :class:`Check`."""

    def wrap(function: CheckFunction) -> Check:
        return Check(name, severity, function)

    return wrap


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
    if context.document_format == "html":
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


def document_format(header: Mapping[str, str], entries: Iterable[Entry]) -> str:
    """The name of the format of the article a catalog was made from (its recorded source's, else its references'); "" when unknown."""
    from pipeline.catalog.notes import SOURCE_HEADER
    from pipeline.documents.formats import format_for, format_of_references

    recorded = header.get(SOURCE_HEADER, "").strip()
    if recorded:
        return format_for(recorded).name
    references = [ref for e in entries for ref, _ in e.references[:1]]
    return format_of_references(references).name if references else ""


# -------------------------------------------------------------------------- untranslated

_WORD_RE = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")


@check("unchanged", ERROR)
def check_untranslated(source: str, target: str, context: CheckContext) -> list[str]:
    """Target identical to the source.

    Not reported when the source has no word with a lower-case letter
    (``2023``, ``COVID-19``, ``CCP``): such a text may stay as it is.
    """
    if " ".join(source.split()) != " ".join(target.split()):
        return []
    if not any(len(w) > 1 for w in _WORD_RE.findall(without_protected(source))):
        return []
    return ["target is the untranslated source"]


# -------------------------------------------------------------------------- quotes and brackets

def _describe_balance(opened: int, closed: int) -> str:
    parts = []
    if opened:
        parts.append(f"{opened} opening mark{'s' if opened > 1 else ''} not closed")
    if closed:
        parts.append(f"{closed} closing mark{'s' if closed > 1 else ''} not opened")
    return " and ".join(parts) or "all marks paired"


@check("brackets", ERROR)
def check_brackets(source: str, target: str, context: CheckContext) -> list[str]:
    """Unbalanced quotation marks or brackets in the target.

    Compared with the source: a quotation that spans sentences opens in one
    entry and closes in a later one, so a target as unbalanced as its source
    is fine. A balanced target is never reported, even when its source is
    not (the translator fixed a typo of the source).
    """
    messages = []
    for (label, _, _), src, tgt in zip(PAIRED_MARKS, paired_mark_balance(source), paired_mark_balance(target)):
        if tgt != (0, 0) and src != tgt:
            message = f"unbalanced {label}: {_describe_balance(*tgt)} in the target"
            if src != (0, 0):
                message += f" (source: {_describe_balance(*src)})"
            messages.append(message)
    return messages


# -------------------------------------------------------------------------- length

#: Accepted target/source character ratio by target language (ISO 639 prefix).
#: Target characters are counted without whitespace. zh: the reviewed sample
#: has mean 0.275, sd 0.042, range 0.18-0.37; the band leaves room for wordier
#: or terser styles (about mean ± 3.5 sd, rounded outwards).
LENGTH_BANDS: Mapping[str, tuple[float, float]] = {"zh": (0.12, 0.50)}
#: Sources shorter than this are not length-checked: headings and names vary too much.
LENGTH_MIN_SOURCE = 20


@check("length", WARNING)
def check_length(source: str, target: str, context: CheckContext) -> list[str]:
    """Target too long or too short for the source.

    The ratio of target characters (without spaces) to source characters
    must lie in the band of :data:`LENGTH_BANDS` for the target language.
    URLs, e-mail addresses, inline code and placeholders count on neither
    side (they are as long in both). Languages without a band, and sources
    under :data:`LENGTH_MIN_SOURCE` characters, are not checked.
    """
    band = LENGTH_BANDS.get(context.lang.split("-")[0].lower())
    source_len = len(" ".join(without_protected(source).split()))
    if band is None or source_len < LENGTH_MIN_SOURCE:
        return []
    target_len = len("".join(without_protected(target).split()))
    ratio = target_len / source_len
    low, high = band
    if low <= ratio <= high:
        return []
    what = "short" if ratio < low else "long"
    return [
        f"target too {what}: {target_len} characters for a {source_len}-character source "
        f"(ratio {ratio:.2f}, expected {low:.2f}-{high:.2f})"
    ]


# -------------------------------------------------------------------------- Chinese typography


@check("latin", WARNING)
def check_latin(source: str, target: str, context: CheckContext) -> list[str]:
    """Latin-script words left in a Chinese target.

    All-caps abbreviations (CCP, COVID-19) and, with a glossary, its
    do-not-translate terms and Latin-script targets are allowed.
    """
    if not context.is_chinese(target):
        return []
    words = has_latin_leftovers(target, allowed=context.latin_allowed)
    if not words:
        return []
    shown = ", ".join(words[:6]) + (", ..." if len(words) > 6 else "")
    return [f"Latin-script word{'s' if len(words) > 1 else ''} in the target: {shown}"]


@check("punctuation", WARNING)
def check_punctuation(source: str, target: str, context: CheckContext) -> list[str]:
    """Half-width punctuation in a Chinese target.

    The marks :func:`pipeline.languages.typography.clean_translation` would make
    full-width: ``,`` ``.`` ``?`` ``!`` ``:`` ``;`` ``()`` ``""`` in Chinese context.
    """
    if not context.is_chinese(target):
        return []
    found = find_halfwidth_punctuation(target)
    if not found:
        return []
    shown = ", ".join(f"{ch!r} at {offset}" for offset, ch in found[:6]) + (", ..." if len(found) > 6 else "")
    return [f"half-width punctuation in the target: {shown}"]


#: Sentence-final marks and their Chinese (full-width) forms, for ``endpunc``.
END_PUNCTUATION: Mapping[str, str] = {".": "。", "?": "？", "!": "！", ":": "：", ";": "；"}
#: Closing quotes and brackets after the final mark (``."``, ``。”``): skipped to find it.
_END_CLOSERS = "\"'”’)]）」』》〉"


def _final_mark(text: str) -> str:
    """The last character of *text* before closing quotes, brackets and spaces."""
    stripped = text.rstrip().rstrip(_END_CLOSERS + " \t\n")
    return stripped[-1:]


@check("endpunc", WARNING)
def check_endpunc(source: str, target: str, context: CheckContext) -> list[str]:
    """The target does not end with the punctuation its source ends with.

    As ``pofilter``'s check of that name, closing quotes and brackets set
    aside: a source ending ``.``, ``?``, ``!``, ``:`` or ``;`` needs the same
    mark at the target's end, full-width in a Chinese target (``。`` ``？``
    ``！`` ``：`` ``；``; a half-width one is left to the ``punctuation``
    check, and ``…`` may end a sentence); a source ending without one
    (a heading) needs a target without one.
    """
    source_end, target_end = _final_mark(source), _final_mark(target)
    chinese = context.is_chinese(target)
    marks = set(END_PUNCTUATION) | set(END_PUNCTUATION.values())
    if source_end not in END_PUNCTUATION:
        if target_end in marks:
            return [f"the target ends with {target_end!r}, the source with no sentence punctuation"]
        return []
    wanted = {source_end, END_PUNCTUATION[source_end]} if chinese else {source_end}
    if source_end == ".":
        wanted |= {"…"}
    if target_end in wanted:
        return []
    expected = END_PUNCTUATION[source_end] if chinese else source_end
    return [f"the source ends with {source_end!r}, the target with {target_end!r} (expected {expected!r})"]


@check("doublespacing", WARNING)
def check_doublespacing(source: str, target: str, context: CheckContext) -> list[str]:
    """Double spaces in the target that the source does not have.

    As ``pofilter``'s check of that name: a run of two or more spaces counts
    once, and the target may have as many as the source (a Markdown hard
    line break, two spaces before a newline, is in both).
    """
    have, want = len(_DOUBLE_SPACE.findall(target)), len(_DOUBLE_SPACE.findall(source))
    if have <= want:
        return []
    return [f"{have} double space{'s' if have > 1 else ''} in the target, {want} in the source"]


_DOUBLE_SPACE = re.compile(r" {2,}")


@check("misconversion", ERROR)
def check_misconversion(source: str, target: str, context: CheckContext) -> list[str]:
    """Known OpenCC mis-conversions in a Traditional target.

    OpenCC segments some phrases wrongly (被发布 → 被髮布, "with dishevelled
    hair"); :mod:`pipeline.languages.convert` fixes them with its phrase table, and
    this finds them in drafts converted before, or typed by hand
    (:func:`pipeline.languages.convert.find_misconversions`).
    """
    if context.variant is None:
        return []
    found = find_misconversions(target, context.variant)
    return [f"{wrong} is an OpenCC mis-conversion: write {right}" for wrong, right in dict.fromkeys((w, r) for _, w, r in found)]


# -------------------------------------------------------------------------- glossary


@check("glossary", ERROR)
def check_glossary(source: str, target: str, context: CheckContext) -> list[str]:
    """Glossary terms not rendered as the glossary requires.

    A required target missing, a forbidden rendering present, or a
    placeholder left over (see :func:`pipeline.translate.verify.verify_terms`). Runs
    only when a glossary is given; leftover placeholders are reported by the
    placeholders check, which runs always, so they are not reported twice.
    Terms inside the source's inline Markdown markup (code spans, link
    destinations, autolinks; read as the markup check reads it) and inside
    URLs are not required, as ``translate`` does not translate them.
    """
    return [problem.message for problem in glossary_problems(source, target, context) if problem.kind != "placeholder"]


def glossary_problems(source: str, target: str, context: CheckContext) -> list[TermProblem]:
    """:func:`pipeline.translate.verify.verify_terms` for a PO entry, its source's inline markup protected."""
    if context.glossary is None:
        return []
    markup = inline_markup_spans(source) if _MARKUP_CHARS.search(source) else ()
    return verify_terms(source, target, context.glossary, context.lang, markup=markup)


#: Former check names, still accepted by :func:`checks_named` (``check --test``).
ALIASES: Mapping[str, str] = {"markup": "xmltags", "untranslated": "unchanged"}

#: Every check, in the order it runs and reports. Where one does what a check of
#: Translate Toolkit's ``pofilter`` does, it has that check's name: ``numbers``,
#: ``urls``, ``emails``, ``xmltags`` (HTML tags, and Markdown markup, kept),
#: ``unchanged`` (target equal to the source; pofilter's ``untranslated`` is an
#: empty target, which is not a finding here), ``brackets``, ``endpunc`` and
#: ``doublespacing``. The others have
#: no pofilter twin: ``placeholders`` (mtpipe's term placeholders left over, not
#: program ``variables``), ``length`` (both ways, where pofilter has ``long`` and
#: ``short``), ``latin``, ``punctuation`` (half-width marks anywhere),
#: ``misconversion`` and ``glossary``.
CHECKS: tuple[Check, ...] = (
    check_numbers,
    check_urls,
    check_emails,
    check_placeholders,
    check_markup,
    check_untranslated,
    check_brackets,
    check_length,
    check_latin,
    check_punctuation,
    check_endpunc,
    check_doublespacing,
    check_misconversion,
    check_glossary,
)


# -------------------------------------------------------------------------- catalogs


def checks_named(names: Iterable[str]) -> tuple[Check, ...]:
    """The checks called *names* (or their :data:`ALIASES`), in :data:`CHECKS` order.

    :class:`~pipeline.errors.InputError` for a name that is no check.
    """
    from pipeline.errors import InputError

    by_name = {c.name: c for c in CHECKS}
    wanted = set()
    for name in names:
        name = ALIASES.get(name.strip().lower(), name.strip().lower())
        if name not in by_name:
            raise InputError(f"no check named {name!r}", hint=f"use one of: {', '.join(by_name)}")
        wanted.add(name)
    return tuple(c for c in CHECKS if c.name in wanted)


@dataclass(frozen=True)
class CatalogReport:
    """The checks' result for one PO file."""

    path: Path
    #: ``{"translated", "fuzzy", "untranslated", "obsolete"}`` from :meth:`Catalog.counts`.
    counts: Mapping[str, int]
    findings: tuple[Finding, ...]
    language: str = ""

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    def by_check(self) -> dict[str, int]:
        """Number of findings per check name, in the order of :data:`CHECKS` (others after)."""
        counts = Counter(f.check for f in self.findings)
        order = {c.name: i for i, c in enumerate(CHECKS)}
        return {name: counts[name] for name in sorted(counts, key=lambda n: order.get(n, len(order)))}

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "language": self.language,
            "counts": dict(self.counts),
            "errors": self.errors,
            "warnings": self.warnings,
            "by_check": self.by_check(),
            "findings": [f.to_dict() for f in self.findings],
        }


def check_entries(
    entries: Iterable[Entry],
    *,
    context: CheckContext,
    checks: Sequence[Check] = CHECKS,
    lines: Mapping[tuple[str, str], int] | None = None,
) -> list[Finding]:
    """Findings for every non-obsolete entry with a msgstr (reviewed or fuzzy), entry by entry.

    *lines*: where each entry starts in its file, by key (:attr:`Catalog.lines`).
    """
    findings: list[Finding] = []
    lines = lines or {}
    for entry in entries:
        if entry.obsolete or not entry.msgstr:
            continue
        for one in checks:
            findings.extend(one.run(entry, context, line=lines.get(entry.key, 0)))
    return findings


def check_catalog(
    path: Path,
    *,
    glossary: Glossary | None = None,
    checks: Sequence[Check] = CHECKS,
    severity: Severity | None = None,
    reviewed_only: bool = False,
) -> CatalogReport:
    """Load a PO file and run *checks* on it; :class:`~pipeline.errors.CatalogError` if it is malformed.

    *severity*: keep only the findings of that severity (``error`` or
    ``warning``); *reviewed_only*: check only reviewed entries (not fuzzy).
    """
    catalog = load_catalog(Path(path))
    context = CheckContext(
        language=catalog.language, glossary=glossary, document_format=document_format(catalog.header, catalog.entries)
    )
    entries = [e for e in catalog.entries if e.translated] if reviewed_only else catalog.entries
    chosen = [c for c in checks if c.severity == severity] if severity is not None else checks
    findings = check_entries(entries, context=context, checks=chosen, lines=catalog.lines)
    return CatalogReport(path=Path(path), counts=catalog.counts(), findings=tuple(findings), language=catalog.language)


#: How a finding is written into an annotated copy: a translator comment, as
#: ``pofilter`` writes ``# (pofilter) numbers: ...`` (Poedit, Lokalize and
#: Weblate show translator comments beside the entry).
ANNOTATION_PREFIX = "(mtpipe) "


def annotation(finding: Finding) -> str:
    """The translator-comment line for *finding*: ``(mtpipe) numbers: error: number 25 missing ...``."""
    return f"{ANNOTATION_PREFIX}{finding.check}: {finding.severity}: {finding.message}"


def annotate_catalog(*, report: CatalogReport, out: Path) -> Path:
    """Write a copy of *report*'s PO file to *out* with each finding as a translator comment of its entry.

    The original is never written: :class:`~pipeline.errors.InputError` if
    *out* is the same file. Entries keep their text and state; an entry's own
    comment comes first, the findings after it.
    """
    from dataclasses import replace

    from pipeline.catalog import write_catalog
    from pipeline.errors import InputError

    source, out = Path(report.path), Path(out)
    if out.resolve() == source.resolve():
        raise InputError(f"{out}: the annotated copy would replace the PO file checked", hint="give another folder")
    catalog = load_catalog(source)
    by_entry: dict[tuple[str, int], list[str]] = {}
    for f in report.findings:
        by_entry.setdefault((f.msgctxt, f.line), []).append(annotation(f))
    lines = catalog.lines
    entries = []
    for entry in catalog.entries:
        found = by_entry.get((entry.msgctxt, lines.get(entry.key, 0))) if not entry.obsolete else None
        if found:
            entry = replace(entry, comment="\n".join(([entry.comment] if entry.comment else []) + found))
        entries.append(entry)
    catalog.entries = entries
    out.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(out, catalog)
    return out


def annotate_reports(*, reports: Sequence[CatalogReport], out: Path) -> list[Path]:
    """:func:`annotate_catalog` for each report, into ``out/<its folder>/<its name>``.

    Every path is decided before anything is written: two PO files that
    would share a copy (``a/x/zh_Hans.po`` and ``b/x/zh_Hans.po``) raise
    :class:`~pipeline.errors.InputError`.
    """
    from pipeline.errors import InputError

    targets: dict[Path, tuple[Path, CatalogReport]] = {}
    for report in reports:
        path = Path(report.path)
        target = Path(out) / path.resolve().parent.name / path.name
        if target in targets and targets[target][0].resolve() != path.resolve():
            raise InputError(
                f"{targets[target][0]} and {path} would both be annotated as {target}; nothing written",
                hint="annotate them in two runs, into two folders",
            )
        targets[target] = (path, report)
    return [annotate_catalog(report=report, out=target) for target, (_, report) in targets.items()]
