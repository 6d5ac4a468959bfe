"""Typography per language family: Japanese, Korean, French, German, Spanish, Russian, right-to-left."""

from __future__ import annotations

import pytest

from pipeline.languages.table import resolve
from pipeline.languages.typography_families import NNBSP, clean_for

GOLDEN = [
    ("fr", 'Il a dit : "non" ; pourquoi ?', f"Il a dit{NNBSP}: «{NNBSP}non{NNBSP}»{NNBSP}; pourquoi{NNBSP}?"),
    ("fr", "« oui »!", f"«{NNBSP}oui{NNBSP}»{NNBSP}!"),
    ("de", 'Er sagte "nein".', "Er sagte „nein“."),
    ("es", 'Dijo "no".', "Dijo «no»."),
    ("ru", 'Он сказал "нет".', "Он сказал «нет»."),
    ("ja", "彼は“いいえ”と言った, 本当に.", "彼は「いいえ」と言った、本当に。"),
    ("ko", '그는  "아니요" 라고 했다.', "그는 “아니요” 라고 했다."),
    ("ar", "قال , هل ?", "قال ، هل ؟"),
    ("ar", "1,000 dollars, ok", "1,000 dollars, ok"),  # numbers and Latin runs keep ASCII punctuation
    ("he", 'הוא אמר "לא".', "הוא אמר ”לא“."),
]


@pytest.mark.parametrize(("code", "raw", "expected"), GOLDEN)
def test_golden(code, raw, expected):
    assert clean_for(raw, language=resolve(code)) == expected


@pytest.mark.parametrize(("code", "raw", "expected"), GOLDEN)
def test_idempotent(code, raw, expected):
    language = resolve(code)
    assert clean_for(expected, language=language) == expected


@pytest.mark.parametrize("code", ["fr", "de", "ja", "ar", "ko"])
def test_typography_never_touches_urls_or_protected_markup(code):
    raw = 'Voir https://example.com/a?b=1 ou "x" [lien](https://e.org/x?y "t")'
    out = clean_for(raw, language=resolve(code))
    assert "https://example.com/a?b=1" in out
    protected = (raw.index("(https://e.org"), len(raw))
    out = clean_for(raw, language=resolve(code), protected=[protected])
    assert out.endswith('(https://e.org/x?y "t")')


def test_chinese_is_the_chinese_module():
    from pipeline.languages.typography import clean_translation

    raw = "他说, “好”."
    assert clean_for(raw, language=resolve("zh-Hans")) == clean_translation(raw)
