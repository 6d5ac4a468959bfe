"""The one table of target languages: every Chinese variant and how each code is spelled.

Everything that depends on a variant reads it from :data:`VARIANTS` through
:func:`resolve`: the command line (``--variant zh-CN``, ``zh_cn``, ``ZH-tw``),
PO file stems and ``Language`` headers, glossary columns and their fallback
chain, the OpenCC configuration, quotation marks, fonts and labels. A target
language other than Chinese would be added here.

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

from dataclasses import dataclass

from pipeline.errors import InputError


@dataclass(frozen=True)
class Variant:
    """A written form of Chinese that the pipeline can produce."""

    code: str  #: BCP 47 code: zh-Hans, zh-TW, ...
    aliases: tuple[str, ...]  #: other spellings that mean this variant (lower case, ``-``)
    po_stem: str  #: PO file stem and PO ``Language``: zh_Hans, zh_TW, ...
    column: str  #: the glossary column of its own targets
    fallback: tuple[str, ...]  #: glossary columns read for a target, in order
    html_lang: str  #: ``lang`` attribute of published documents
    opencc_config: str | None  #: OpenCC configuration from Simplified; None = no conversion
    quotes: str  #: "curly" (“” ‘’) or "corner" (「」 『』)
    fonts: tuple[str, ...]  #: CSS font-family stack, most specific first
    label: str  #: the variant's name, in itself (column headings)

    @property
    def is_traditional(self) -> bool:
        """Written in Traditional characters (converted from Simplified by OpenCC)."""
        return self.opencc_config is not None


_SANS_SC = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
            "Microsoft YaHei", "WenQuanYi Micro Hei")
_SANS_TC = ("Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei")
_SANS_HK = ("Noto Sans CJK HK", "Source Han Sans HK", "PingFang HK", "PingFang TC", "Microsoft JhengHei")

VARIANTS: dict[str, Variant] = {
    v.code: v
    for v in (
        Variant("zh-Hans", ("zh", "zh-cn", "zh-sg", "zh-hans-cn", "zh-hans-sg", "zh-my", "chs"),
                "zh_Hans", "zh", ("zh",), "zh-Hans", None, "curly", _SANS_SC, "简体中文"),
        Variant("zh-Hant", ("cht",), "zh_Hant", "zh-Hant", ("zh-Hant",), "zh-Hant", "s2t", "corner",
                _SANS_TC, "繁體中文"),
        Variant("zh-TW", ("zh-hant-tw",), "zh_TW", "zh-TW", ("zh-TW", "zh-Hant"), "zh-Hant-TW", "s2twp",
                "corner", _SANS_TC, "繁體中文（台灣）"),
        Variant("zh-HK", ("zh-hant-hk", "zh-mo", "zh-hant-mo"), "zh_HK", "zh-HK", ("zh-HK", "zh-Hant"),
                "zh-Hant-HK", "s2hk", "corner", _SANS_HK, "繁體中文（香港）"),
    )
}

#: The engine's own output, from which every other variant is converted.
SIMPLIFIED = VARIANTS["zh-Hans"]

#: Any spelling (lower case, ``-``) → canonical code.
_BY_KEY: dict[str, str] = {}
for _v in VARIANTS.values():
    for _spelling in (_v.code, _v.po_stem, _v.html_lang, *_v.aliases):
        _BY_KEY[_spelling.lower().replace("_", "-")] = _v.code


def _key(code: str) -> str:
    return code.strip().replace("_", "-").lower()


def find(code: str) -> Variant | None:
    """The variant a code names (any alias, PO stem, case or separator), or ``None``."""
    found = _BY_KEY.get(_key(code))
    return VARIANTS[found] if found else None


def resolve(code: str) -> Variant:
    """The variant a code names: ``zh-CN``, ``zh_cn``, ``ZH-tw``, ``zh_Hant``, ``zh``...

    Raises :class:`~pipeline.errors.InputError` naming the known codes.
    """
    variant = find(code)
    if variant is None:
        raise InputError(
            f"unknown Chinese variant {code!r}",
            hint="use one of " + ", ".join(VARIANTS) + " (or an alias such as zh-CN, zh_TW, zh-MO)",
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
    parts = _key(code).split("-")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)

