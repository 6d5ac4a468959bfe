"""Language codes of glossary columns and whether a text is written in Traditional characters.

Codes and their aliases come from the one variants table
(:mod:`pipeline.languages.variants`); this module adds only the shape of a code and the
script test that TBX export needs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.languages.variants import canonical_lang

__all__ = ["LANG_CODE_RE", "canonical_lang", "is_traditional"]


LANG_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@lru_cache(maxsize=4096)
def is_traditional(text: str) -> bool:
    """Whether *text* has characters that exist only in Traditional Chinese (OpenCC t2s changes it)."""
    return _t2s().convert(text) != text


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # lazy: keep CLI start-up fast

    return opencc.OpenCC("t2s")
