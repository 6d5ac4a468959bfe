"""The one language-tag parser for XLIFF, TMX and TBX: what CAT tools and termbases write.

CAT tools label languages in many spellings: BCP 47 with regions
(``en-US``, ``en_GB``, ``ZH-tw``), Microsoft's legacy Chinese tags
(``zh-CHS``, ``zh-CHT``), ISO 639-2/3 codes (``eng``, ``zho-CN``, ``chi``),
extended language subtags (``zh-cmn-Hans``, ``zh-yue``) and old-style
``zh_Hant_TW``. :func:`parse_tag` reads any of them into a
:class:`LangTag`; :func:`is_english` and :func:`chinese_variant` answer the
two questions the interchange formats ask. Which Chinese variant a tag means
is the languages table's answer (:func:`pipeline.languages.variants.find`);
this module only brings a tag into a shape the table knows.

Cantonese (``yue``, ``zh-yue``, ``zh-HK-yue``...) and the other Chinese
languages (Min, Hakka, Wu) are not a written variant mtpipe produces, so
:func:`chinese_variant` answers None for them: a Cantonese target must never
be stored as Simplified Mandarin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.languages.table import Language

__all__ = ["LangTag", "chinese_variant", "glossary_column", "is_english", "parse_tag", "same_language", "target_fits"]

#: ISO 639-2/3 codes (and macrolanguage members) read as their ISO 639-1 language.
_LANGUAGE_ALIASES = {"eng": "en", "zho": "zh", "chi": "zh", "cmn": "zh"}
#: Chinese languages that are not Mandarin written in standard Chinese.
_OTHER_CHINESE = frozenset({"yue", "nan", "hak", "wuu", "gan", "hsn", "cjy", "cpx", "czh", "czo", "mnp", "cdo", "min"})
#: Microsoft's legacy subtags (.NET ``zh-CHS``/``zh-CHT``) as scripts.
_LEGACY_SCRIPTS = {"chs": "Hans", "cht": "Hant"}


@dataclass(frozen=True)
class LangTag:
    """A language tag taken apart: ``zh-Hant-TW`` → ``language="zh", script="Hant", region="TW"``."""

    language: str  #: lower case, ISO 639-1 where one exists (``eng`` → ``en``)
    script: str = ""  #: title case (``Hans``), or empty
    region: str = ""  #: upper case (``TW``) or three digits (``419``), or empty
    extlang: str = ""  #: the Chinese language for ``zh-yue``, ``yue``, ``zh-min-nan``...

    def __str__(self) -> str:
        return "-".join(p for p in (self.language, self.script, self.region) if p)


def parse_tag(tag: str) -> LangTag:
    """Read a language tag in any of the spellings CAT tools use; never raises.

    >>> parse_tag("en_US"), parse_tag("zh-CHT"), parse_tag("zho-CN"), parse_tag("zh-yue-HK")
    (LangTag(language='en', script='', region='US', extlang=''), LangTag(language='zh', script='Hant', region='', extlang=''), LangTag(language='zh', script='', region='CN', extlang=''), LangTag(language='zh', script='', region='HK', extlang='yue'))
    """
    parts = [p for p in tag.strip().replace("_", "-").split("-") if p]
    if not parts:
        return LangTag("")
    first = parts[0].lower()
    language = _LANGUAGE_ALIASES.get(first, first)
    extlang = ""
    if first in _OTHER_CHINESE:
        language, extlang = "zh", first
    script = region = ""
    for part in parts[1:]:
        low = part.lower()
        if low in ("x", "u", "t") or len(low) == 1:
            break  # private use and extensions: nothing more that matters here
        if language == "zh" and low in _LEGACY_SCRIPTS and not script:
            script = _LEGACY_SCRIPTS[low]
        elif language == "zh" and len(low) == 3 and low.isalpha() and not (script or region or extlang):
            if low == "cmn":
                continue  # zh-cmn: Mandarin is what zh means
            extlang = low  # zh-yue, zh-min-nan
        elif len(low) == 4 and low.isalpha() and not script:
            script = low.title()
        elif (len(low) == 2 and low.isalpha() or len(low) == 3 and low.isdigit()) and not region:
            region = low.upper()
        elif language == "zh" and low in _OTHER_CHINESE and not extlang:
            extlang = low  # zh-HK-yue, zh-min-nan
    return LangTag(language, script, region, extlang)


def is_english(tag: str) -> bool:
    """Any English: ``en``, ``en-US``, ``en_GB``, ``EN``, ``eng``."""
    return parse_tag(tag).language == "en"


def chinese_variant(tag: str) -> str | None:
    """The output variant code (``zh-Hans``, ``zh-TW``...) a tag stands for; None when it
    is not written Mandarin Chinese (another language, Cantonese, Min...).

    The languages table decides (region first, then script): ``zh-CN``,
    ``zh-CHS``, ``zho-CN``, ``chi`` → zh-Hans; ``zh-CHT``, ``zh-Hant`` → zh-Hant;
    ``zh-TW``, ``zh-Hant-TW`` → zh-TW; a region the table does not list
    follows its script, and Simplified when there is none.
    """
    from pipeline.languages.variants import find

    parsed = parse_tag(tag)
    if parsed.language != "zh" or parsed.extlang:
        return None
    for candidate in (
        f"zh-{parsed.script}-{parsed.region}" if parsed.script and parsed.region else "",
        f"zh-{parsed.region}" if parsed.region else "",
        f"zh-{parsed.script}" if parsed.script else "",
    ):
        if candidate and (variant := find(candidate)) is not None:
            if parsed.script and candidate == f"zh-{parsed.region}" and _script_of(variant.code) != parsed.script:
                continue  # zh-Hant-CN: the script written wins over the region's usual one
            return variant.code
    return "zh-Hant" if parsed.script == "Hant" else "zh-Hans"


def _script_of(code: str) -> str:
    from pipeline.languages.variants import VARIANTS

    return "Hant" if VARIANTS[code].is_traditional else "Hans"


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language for mtpipe: both English, or the same Chinese variant."""
    if is_english(a) or is_english(b):
        return is_english(a) and is_english(b)
    va, vb = chinese_variant(a), chinese_variant(b)
    if va is not None or vb is not None:
        return va == vb
    return str(parse_tag(a)).lower() == str(parse_tag(b)).lower()


def _table_row(tag: str) -> Language | None:
    """The languages-table row a tag names: the Chinese variant, else the tag as written
    (``pt-BR``), else its language and script, else its language alone (``fr-CA`` → fr)."""
    from pipeline.languages.table import find

    variant = chinese_variant(tag)
    if variant is not None:
        return find(variant)
    parsed = parse_tag(tag)
    if parsed.extlang:
        return None  # Cantonese, Min...: no row (never read as Mandarin)
    for spelling in (tag, f"{parsed.language}-{parsed.script}" if parsed.script else "", parsed.language):
        if spelling and (row := find(spelling)) is not None:
            return row
    return None


def target_fits(tag: str, language: str) -> bool:
    """Whether a translation tagged *tag* (an XLIFF ``target-language``) may fill a PO of *language*.

    The languages table's fallback chain decides, as it does for glossary
    columns and TMX pairs: a tag fits when it names the PO's own row
    (``zh-Hant-TW``, ``zh_TW``, ``ZH-TW`` for zh_TW; ``fr-FR`` for fr) or a
    row on the PO's chain (the bare Traditional ``zh-Hant``/``zh-CHT`` for
    zh_TW and zh_HK; ``pt`` for pt_BR) without naming another region
    (``pt-PT`` never fills pt_BR, ``zh-HK`` never zh_TW). Simplified
    spellings (``zh-CHS``, ``zh-Hans``, ``zh-CN``, ``zh-SG``) all name the
    zh_Hans row. Outside the table the same rule holds on the tags: the
    same language, and no other script or region (``nl-NL`` fills nl).
    """
    from pipeline.languages.table import find

    po, row = find(language), _table_row(tag)
    if po is not None and row is not None:
        return row == po or not _conflict(parse_tag(tag), parse_tag(po.code)) and row.column in po.fallback
    if chinese_variant(tag) or chinese_variant(language) or is_english(tag) or is_english(language):
        return same_language(tag, language)
    a, b = parse_tag(tag), parse_tag(language)
    return bool(a.language) and (a.language, a.extlang) == (b.language, b.extlang) and not _conflict(a, b)


def _conflict(a: LangTag, b: LangTag) -> bool:
    """Both tags name a script, or a region, and not the same one."""
    return bool(a.script and b.script and a.script != b.script or a.region and b.region and a.region != b.region)


def glossary_column(tag: str) -> str:
    """The glossary column a tag names: a Chinese variant's column (``zh-CHS`` → ``zh``,
    ``zh-CHT`` → ``zh-Hant``, ``zh-Hant-TW`` → ``zh-TW``), else the tag in BCP 47 casing
    with its ISO 639-1 language (``eng-US`` → ``en-US``, ``zh-yue`` → ``zh-yue``)."""
    from pipeline.languages.variants import VARIANTS, canonical_lang

    variant = chinese_variant(tag)
    if variant is not None:
        return VARIANTS[variant].column
    parsed = parse_tag(tag)
    if parsed.extlang:
        return f"{parsed.language}-{parsed.extlang}" + (f"-{parsed.region}" if parsed.region else "")
    return canonical_lang(str(parsed)) if parsed.language else tag
