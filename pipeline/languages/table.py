"""The one languages table: every language mtpipe writes, and how each code is spelled.

The rows live in ``data/languages.tsv`` beside this module (fonts in
``data/fonts.tsv``); this module reads them once and answers every question
about a language code: :func:`resolve` (any alias, PO stem, case or separator),
the PO stem and ``Plural-Forms`` header (from Babel's CLDR plural data, never
written by hand), script and direction, the glossary column and its fallback
chain, quotation marks and typography family, fonts, the OpenCC configuration
(Chinese only), and the codes engines use (Argos, NLLB-200, M2M-100).

Chinese variants keep their own view in :mod:`pipeline.languages.variants`
(``--variant``); they are rows of this table whose ``base`` is ``zh-Hans``:
the engine writes Simplified and OpenCC converts.

This module imports nothing heavy: ``mtpipe --help`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pipeline.errors import InputError

__all__ = [
    "Language",
    "LANGUAGES",
    "SOURCE",
    "find",
    "resolve",
    "resolve_targets",
    "plural_forms",
    "known_codes",
]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Language:
    """A language the pipeline reads or writes, with everything that depends on it."""

    code: str  #: BCP 47 code: zh-Hans, ja, fr, pt-BR, ar...
    aliases: tuple[str, ...]  #: other spellings (lower case, ``-``)
    po_stem: str  #: PO file stem and PO ``Language``: zh_Hans, ja, pt_BR...
    script: str  #: ISO 15924 script: Latn, Hans, Jpan, Arab...
    direction: str  #: "ltr" or "rtl"
    family: str  #: typography family (:mod:`pipeline.languages.typography_families`)
    column: str  #: the glossary column of its own targets
    fallback: tuple[str, ...]  #: glossary columns read for a target, in order
    html_lang: str  #: ``lang`` attribute of published documents
    opencc_config: str | None  #: OpenCC configuration from :attr:`base`; None = no conversion
    quotes: str  #: Chinese quote style ("curly", "corner"), or "" elsewhere
    marks: str  #: quotation marks: primary open, close, secondary open, close
    fonts: tuple[str, ...]  #: CSS font-family stack, most specific first
    argos_code: str  #: the Argos Translate package code (zh for every Chinese variant)
    nllb_code: str  #: NLLB-200 (FLORES-200) code: fra_Latn, zho_Hans...
    m2m_code: str  #: M2M-100 code: fr, zh...
    base: str  #: the language an engine writes, converted into this one (itself when no conversion)
    label: str  #: the language's name, in itself (column headings)
    name: str  #: its English name (messages)
    #: Sentence-final marks: for each English one (``.`` ``?`` ``!`` ``:`` ``;``), the marks a
    #: target may end with instead, the expected one first; ``""`` among them accepts no mark.
    end_marks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Marks that open a sentence for its final mark where English writes none (Spanish ``¿`` for ``?``, ``¡`` for ``!``).
    lead_marks: tuple[tuple[str, str], ...] = ()

    def lead_mark_for(self, mark: str) -> str:
        """The mark that opens a sentence ending with *mark* (Spanish ``¿`` for ``?``), or ``""``."""
        return dict(self.lead_marks).get(mark, "")

    def end_marks_for(self, mark: str) -> tuple[str, ...]:
        """The marks a target in this language may end with where the English ends with *mark* (the expected first).

        ``("。",)`` for ``.`` in Chinese and Japanese, ``("।",)`` in Hindi,
        ``("؟", "?")`` for ``?`` in Arabic, ``("",)`` (no mark) for ``.`` in Thai;
        *mark* itself for a mark the table does not map.
        """
        return dict(self.end_marks).get(mark, (mark,))

    @cached_property
    def sentence_marks(self) -> frozenset[str]:
        """Every sentence-final mark of the language (:attr:`end_marks`), the English ones included."""
        return frozenset(m for english, ours in self.end_marks for m in (english, *ours) if m)

    @cached_property
    def fullwidth_punctuation(self) -> bool:
        """Written with full-width punctuation (Chinese, Japanese): its expected full stop is a wide character."""
        import unicodedata

        stop = self.end_marks_for(".")[0]
        return bool(stop) and unicodedata.east_asian_width(stop) in ("W", "F")

    @property
    def closing_marks(self) -> str:
        """Its closing quotation marks (primary and secondary): what may follow a sentence's final mark."""
        return self.marks[1] + self.marks[3]

    @property
    def is_traditional(self) -> bool:
        """Written in Traditional Chinese characters (converted from Simplified by OpenCC)."""
        return self.opencc_config is not None

    @property
    def is_rtl(self) -> bool:
        """Written right to left (Arabic, Persian, Urdu, Hebrew)."""
        return self.direction == "rtl"

    @property
    def is_chinese(self) -> bool:
        return self.family == "chinese"

    @property
    def is_converted(self) -> bool:
        """Made from another language's drafts (OpenCC), not by an engine."""
        return self.base != self.code

    @property
    def plural_forms(self) -> str:
        """The gettext ``Plural-Forms`` header (Babel's CLDR data)."""
        return plural_forms(self.po_stem)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(",") if part.strip() and part.strip() != "-")


def _end_marks(cell: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``.=。 ?=؟?`` → ``(("." , ("。",)), ("?", ("؟", "?")))``; ``-`` is no mark."""
    pairs = []
    for group in cell.split():
        english, _, ours = group.partition("=")
        pairs.append((english, tuple("" if ch == "-" else ch for ch in ours)))
    return tuple(pairs)


def _read_fonts() -> dict[str, tuple[str, ...]]:
    fonts: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "fonts.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, stack = line.split("\t")
            fonts[key] = tuple(stack.split("|"))
    return fonts


def _read_table() -> dict[str, Language]:
    fonts = _read_fonts()
    table: dict[str, Language] = {}
    for line in (DATA / "languages.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        (code, aliases, stem, script, direction, family, column, fallback, html_lang, opencc, quotes, marks,
         font_key, argos, nllb, m2m, base, label, name, end_marks, lead_marks) = line.split("\t")
        table[code] = Language(
            code=code,
            aliases=tuple(a.lower() for a in _split(aliases)),
            po_stem=stem,
            script=script,
            direction=direction,
            family=family,
            column=column,
            fallback=_split(fallback),
            html_lang=html_lang,
            opencc_config=None if opencc == "-" else opencc,
            quotes="" if quotes == "-" else quotes,
            marks=marks,
            fonts=fonts[font_key],
            argos_code=argos,
            nllb_code=nllb,
            m2m_code=m2m,
            base=base,
            label=label,
            name=name,
            end_marks=_end_marks(end_marks),
            lead_marks=tuple((english, ours[0]) for english, ours in _end_marks("" if lead_marks == "-" else lead_marks)),
        )
    return table


#: Every language, by canonical code, in the data file's order.
LANGUAGES: dict[str, Language] = _read_table()

#: The language articles are written in.
SOURCE = LANGUAGES["en"]


def code_key(code: str) -> str:
    """A language code as the table looks it up: trimmed, lower case, ``_`` read as ``-``."""
    return code.strip().replace("_", "-").lower()


_BY_KEY: dict[str, str] = {}
for _lang in LANGUAGES.values():
    for _spelling in (_lang.code, _lang.po_stem, _lang.html_lang, _lang.nllb_code, *_lang.aliases):
        _BY_KEY.setdefault(code_key(_spelling), _lang.code)

def find(code: str) -> Language | None:
    """The language a code names (any alias, PO stem, NLLB code, case or separator), or ``None``."""
    found = _BY_KEY.get(code_key(code))
    return LANGUAGES[found] if found else None


def resolve(code: str) -> Language:
    """The language a code names: ``ja``, ``FR``, ``pt_br``, ``zh-TW``, ``fra_Latn``...

    Raises :class:`~pipeline.errors.InputError` naming the known codes.
    """
    language = find(code)
    if language is None:
        raise InputError(
            f"unknown language {code!r}",
            hint="use one of " + ", ".join(c for c in LANGUAGES if c != SOURCE.code) + " (or an alias such as zh-CN, pt_BR)",
        )
    return language


def resolve_targets(codes: list[str] | tuple[str, ...]) -> list[Language]:
    """Target languages in the order given, once each; the source language is refused."""
    out: dict[str, Language] = {}
    for code in codes:
        language = resolve(code)
        if language is SOURCE:
            raise InputError(f"{code!r} is the source language", hint="name a target language such as ja, fr or zh-Hans")
        out.setdefault(language.code, language)
    return list(out.values())


def known_codes() -> list[str]:
    """Every spelling :func:`resolve` accepts, canonical codes first (for help and completion)."""
    canonical = {c.lower() for c in LANGUAGES}
    return [*LANGUAGES, *sorted(k for k in _BY_KEY if k not in canonical)]


@cache
def plural_forms(locale: str) -> str:
    """``Plural-Forms`` of a gettext locale (``ja``, ``pt_BR``, ``zh_Hans``), from Babel's CLDR plural data.

    Babel is imported on first use only.
    """
    from babel.messages.plurals import get_plural

    return str(get_plural(locale).plural_forms)
