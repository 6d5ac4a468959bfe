"""The Chinese variants: the rows of the one languages table (:mod:`pipeline.languages.table`) written in Chinese.

Everything that depends on a variant reads it from :data:`VARIANTS` through
:func:`resolve`: the command line (``--variant zh-CN``, ``zh_cn``, ``ZH-tw``),
PO file stems and ``Language`` headers, glossary columns and their fallback
chain, the OpenCC configuration, quotation marks, fonts and labels. Other target
languages are rows of the same table (``--to``).

::

    code     PO stem  glossary column  fallback           HTML lang   OpenCC  quotes
    -------  -------  ---------------  -----------------  ----------  ------  ------
    zh-Hans  zh_Hans  zh               zh                 zh-Hans     (none)  “” ‘’
    zh-Hant  zh_Hant  zh-Hant          zh-Hant            zh-Hant     s2t     「」『』
    zh-TW    zh_TW    zh-TW            zh-TW, zh-Hant     zh-Hant-TW  s2twp   「」『』
    zh-HK    zh_HK    zh-HK            zh-HK, zh-Hant     zh-Hant-HK  s2hk    「」『』

Why these OpenCC configurations: ``s2t`` is region-neutral (glyphs and common
phrases only); ``s2twp`` adds Taiwan vocabulary (信息→資訊, 网络→網路),
without which Taiwanese readers see mainland text in Traditional dress;
``s2hk`` follows the Hong Kong glyph standard (着, 裏, 羣) since HK written
Chinese shares most mainland vocabulary. Mainland publishing (GB/T 15834)
quotes with “” and ‘’; Taiwan and Hong Kong publishing with 「」 and 『』.

A glossary's Simplified column is ``zh`` (its historical name); ``zh-Hans``,
``zh-CN`` and the other aliases of zh-Hans name the same column.

This module imports nothing heavy: ``mtpipe --help`` reads it.
"""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.languages.table import LANGUAGES, Language, code_key
from pipeline.languages.table import find as find_language


#: A written form of Chinese: a row of the languages table whose family is Chinese.
Variant = Language

VARIANTS: dict[str, Variant] = {code: lang for code, lang in LANGUAGES.items() if lang.is_chinese}

#: The engine's own output, from which every other variant is converted.
SIMPLIFIED = VARIANTS["zh-Hans"]

def find(code: str) -> Variant | None:
    """The variant a code names (any spelling :func:`pipeline.languages.table.find` accepts), or ``None``."""
    language = find_language(code)
    return language if language is not None and language.is_chinese else None


def resolve(code: str) -> Variant:
    """The variant a code names: ``zh-CN``, ``zh_cn``, ``ZH-tw``, ``zh_Hant``, ``zh``...

    Raises :class:`~pipeline.errors.InputError` naming the known codes.
    """
    variant = find(code)
    if variant is None:
        raise InputError(
            f"unknown Chinese variant {code!r}",
            hint="use one of " + ", ".join(VARIANTS) + " (or an alias such as zh-CN, zh_TW, zh-MO)"
            + (f"; for {other.name} use --to {other.code}" if (other := find_language(code)) is not None else ""),
        )
    return variant


def canonical_lang(code: str) -> str:
    """A language code as glossary columns and TBX use it.

    A Chinese variant becomes its glossary column (``zh-Hans``/``zh-CN`` →
    ``zh``, ``zh_Hant`` → ``zh-Hant``, ``zh-hant-tw`` → ``zh-TW``); any other
    code gets BCP 47 casing (``EN`` → ``en``, ``pt_br`` → ``pt-BR``,
    ``sr-latn`` → ``sr-Latn``).
    """
    variant = find(code)
    if variant is not None:
        return variant.column
    # Another language of the table by a name without a region (jpn, iw, farsi); a regional
    # tag (fr-FR) stays as written, a column of its own.
    other = find_language(code) if "-" not in code_key(code) else None
    if other is not None and other.code != "en":
        return other.column
    parts = code_key(code).split("-")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)

