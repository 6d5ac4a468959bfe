"""Language codes of glossary columns: aliases, canonical spelling, which are Traditional.

Kept apart so that one variants table can replace it later (see issue 10).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


#: Spellings of language codes mapped to the codes the pipeline uses.
LANG_ALIASES = {
    "zh-hans": "zh",
    "zh-cn": "zh",
    "zh-hans-cn": "zh",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-TW",
    "zh-hant-tw": "zh-TW",
    "zh-hk": "zh-HK",
    "zh-hant-hk": "zh-HK",
}
#: Output variants that are written in Traditional characters.
TRADITIONAL_VARIANTS = frozenset({"zh-Hant", "zh-TW", "zh-HK"})

LANG_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def canonical_lang(code: str) -> str:
    """``zh_Hant`` → ``zh-Hant``, ``zh-Hans``/``zh-CN`` → ``zh``, ``EN`` → ``en``."""
    code = code.strip().replace("_", "-")
    low = code.lower()
    if low in LANG_ALIASES:
        return LANG_ALIASES[low]
    parts = low.split("-")
    out = [parts[0]]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)


@lru_cache(maxsize=4096)
def is_traditional(text: str) -> bool:
    """Whether *text* has characters that exist only in Traditional Chinese (OpenCC t2s changes it)."""
    return _t2s().convert(text) != text


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # lazy: keep CLI start-up fast

    return opencc.OpenCC("t2s")
