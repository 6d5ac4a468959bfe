"""Japanese typography: a ’ with no ‘ open is an apostrophe, not a closing 』 (found by the qa checks)."""

from __future__ import annotations

import pytest

from pipeline.languages.table import resolve
from pipeline.languages.typography_families import clean_for


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("中国共産党’s の政策", "中国共産党’sの政策"),
        ("彼は‘走る’と言った", "彼は『走る』と言った"),
        ("‘Party’s line’ だ", "『Party’s line』だ"),
        ("“引用”です", "「引用」です"),
    ],
)
def test_single_quotes_and_apostrophes(draft, expected):
    assert clean_for(draft, language=resolve("ja")) == expected
