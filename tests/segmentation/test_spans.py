"""Golden table for the one markup recognizer, :func:`pipeline.segmentation.spans.protected_spans`.

Each case is ``(text, expected [(span text, kind), ...])``; every case also
checks that the spans are in order, do not overlap, and cut the text where
the expected span texts are.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.segmentation.spans
from pipeline.segmentation.segment import split_sentences
from pipeline.segmentation.spans import PLACEHOLDER_PREFIXES, SpanKind, protected_spans

URL, EMAIL, PLACEHOLDER = SpanKind.URL, SpanKind.EMAIL, SpanKind.PLACEHOLDER

URLS = [
    ("See https://example.org for more.", [("https://example.org", URL)]),
    ("See http://example.org/a/b.html.", [("http://example.org/a/b.html", URL)]),
    ("Get ftp://files.example.org/x.tar.gz now.", [("ftp://files.example.org/x.tar.gz", URL)]),
    ("Visit www.example.com. It has the details.", [("www.example.com", URL)]),
    ("HTTPS://EXAMPLE.ORG/A. Done.", [("HTTPS://EXAMPLE.ORG/A", URL)]),
    # Trailing sentence punctuation goes back to the sentence.
    ("Go to https://example.com/path, then click.", [("https://example.com/path", URL)]),
    ("Is it at https://a.org/x?Y=1? Yes.", [("https://a.org/x?Y=1", URL)]),
    ("Wow, https://a.org/x!", [("https://a.org/x", URL)]),
    ("It is https://a.org/x: a site.", [("https://a.org/x", URL)]),
    ("It is https://a.org/x; a site.", [("https://a.org/x", URL)]),
    ("It ends https://a.org/x...", [("https://a.org/x", URL)]),
    ("It ends https://a.org/x…", [("https://a.org/x", URL)]),
    ("Say 'https://a.org/x' twice.", [("https://a.org/x", URL)]),
    ("Bold **https://a.org/x** here.", [("https://a.org/x", URL)]),
    ("Visit www.example.com's page.", [("www.example.com", URL)]),
    # Query strings and fragments stay whole.
    (
        "The report is at https://example.org/Report.PDF?Id=5&Lang=En today.",
        [("https://example.org/Report.PDF?Id=5&Lang=En", URL)],
    ),
    ("See https://a.org/search?q=a+b&page=2#results.", [("https://a.org/search?q=a+b&page=2#results", URL)]),
    ("See https://a.org/x,y,z for it.", [("https://a.org/x,y,z", URL)]),
    ("Profile: https://medium.com/@someone/post-1.", [("https://medium.com/@someone/post-1", URL)]),
    ("Port https://localhost:8080/api/v1/ here.", [("https://localhost:8080/api/v1/", URL)]),
    # Parentheses and brackets: kept when balanced inside the URL.
    ("(see https://example.org/a)", [("https://example.org/a", URL)]),
    ("(see https://en.wikipedia.org/wiki/Foo_(bar)).", [("https://en.wikipedia.org/wiki/Foo_(bar)", URL)]),
    ("Read [the report](https://example.org/r) now.", [("https://example.org/r", URL)]),
    ("[https://example.org/r]", [("https://example.org/r", URL)]),
    ("Links like <https://a.b/c.D> are common.", [("https://a.b/c.D", URL)]),
    # A Markdown link title is never part of the URL.
    ('阅读[报告](https://example.org/r "Title")并立即运行。', [("https://example.org/r", URL)]),
    ('Read [it](https://example.org/r "Title").', [("https://example.org/r", URL)]),
    ('<a href="https://example.org/r">it</a>', [("https://example.org/r", URL)]),
    # Chinese text and full-width punctuation end a URL.
    ("访问https://example.org/路径获取。", [("https://example.org/", URL)]),
    ("详见https://example.org/a。谢谢", [("https://example.org/a", URL)]),
    ("网址：https://example.org/a，请访问", [("https://example.org/a", URL)]),
    ("见“https://example.org/a”", [("https://example.org/a", URL)]),
    ("见（https://example.org/a）", [("https://example.org/a", URL)]),
    ("见 www.example.org 网站", [("www.example.org", URL)]),
    # Not URLs.
    ("A bare www. is nothing.", []),
    ("The scheme https:// alone is nothing.", []),
    ("The word awww.com is not a URL.", []),
    ("Mixed case wWw.example.org is not one, even next to a@b.org.", [("a@b.org", EMAIL)]),
    ("No links here.", []),
    ("Two: https://a.org and http://b.org/x.", [("https://a.org", URL), ("http://b.org/x", URL)]),
    ("Write mailto:press@un.org today.", [("mailto:press@un.org", URL)]),
]

EMAILS = [
    ("Her email is Jane.Doe@example.com. I sent her one.", [("Jane.Doe@example.com", EMAIL)]),
    ("Contact press@un.org for details.", [("press@un.org", EMAIL)]),
    ("Write to Info.Desk@Example.org!", [("Info.Desk@Example.org", EMAIL)]),
    ("Mail first.last+tag@mail.example.co.uk, please.", [("first.last+tag@mail.example.co.uk", EMAIL)]),
    ("请联系press@un.org获取详情。", [("press@un.org", EMAIL)]),
    ("(press@un.org)", [("press@un.org", EMAIL)]),
    ("Follow @mtpipe on social media.", []),
    ("Meet at 5 @ noon.", []),
]

PLACEHOLDERS = [
    ("ZQ0 met ZQ1.", [("ZQ0", PLACEHOLDER), ("ZQ1", PLACEHOLDER)]),
    ("我们在ZQ12见面。", [("ZQ12", PLACEHOLDER)]),
    ("ZXQ3 and QXZ4 and XQZ5", [("ZXQ3", PLACEHOLDER), ("QXZ4", PLACEHOLDER), ("XQZ5", PLACEHOLDER)]),
    ("Flight QZ8501 and JQ7 are flights, not placeholders.", []),
    ("A damaged zq1 or AZQ1 is not one.", []),
    ("ZQ without a number is not one.", []),
]

MIXED = [
    (
        "Mail a@b.org or see https://b.org/ZQ0 and ZQ1.",
        [("a@b.org", EMAIL), ("https://b.org/ZQ0", URL), ("ZQ1", PLACEHOLDER)],
    ),
    ("A URL with a mail: https://x.org/?to=a@b.org done.", [("https://x.org/?to=a@b.org", URL)]),
]

CASES = {"url": URLS, "email": EMAILS, "placeholder": PLACEHOLDERS, "mixed": MIXED}


def _params():  # type: ignore[no-untyped-def]
    for category, cases in CASES.items():
        for i, (text, expected) in enumerate(cases, start=1):
            yield pytest.param(text, expected, id=f"{category}-{i}")


@pytest.mark.parametrize(("text", "expected"), list(_params()))
def test_protected_spans(text: str, expected: list[tuple[str, SpanKind]]) -> None:
    spans = protected_spans(text)
    assert [(text[s:e], kind) for s, e, kind in spans] == expected
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


#: Text rich in what the recognizer looks at.
_PIECES = st.sampled_from(
    ["https://", "http://", "www.", "WWW.", "mailto:", "@", ".", ",", "?", "!", "'s", "'", "(", ")", "[", "]",
     "a", "B", "0", "org", "/", "-", "_", "*", " ", "\n", "“", "”", '"', "见", "。", "ZQ", "QZ", "1", "…"]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=40).map("".join)))
def test_spans_are_ordered_and_each_stands_alone(text: str) -> None:
    """Spans are in order and apart, and each is found again, whole, on its own."""
    spans = protected_spans(text)
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for start, end, kind in spans:
        assert protected_spans(text[start:end]) == [(0, end - start, kind)]


def test_kinds_are_plain_strings() -> None:
    (span,) = protected_spans("see https://a.org")
    assert span == (4, 17, "url")
    assert span.kind.value == "url"


def test_placeholder_prefixes_match_the_masking_module() -> None:
    """One table: the recognizer knows every prefix :mod:`pipeline.translate.masking` may use."""
    from pipeline.translate.masking import PLACEHOLDER_PREFIXES as MASKING_PREFIXES

    assert PLACEHOLDER_PREFIXES == MASKING_PREFIXES
    # The recognizer's fast path skips texts without a Q.
    assert all("Q" in prefix for prefix in PLACEHOLDER_PREFIXES)


def test_module_example() -> None:
    assert doctest.testmod(pipeline.segmentation.spans).failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "See https://example.org/a.b?c=1.d. Then go.",
            ["See https://example.org/a.b?c=1.d.", "Then go."],
        ),
        ("Write to A.B@Example.Org. They answer.", ["Write to A.B@Example.Org.", "They answer."]),
        (
            "(see https://en.wikipedia.org/wiki/U.S._(bar)). It works.",
            ["(see https://en.wikipedia.org/wiki/U.S._(bar)).", "It works."],
        ),
        ("Visit www.Example.com's Page. It is new.", ["Visit www.Example.com's Page.", "It is new."]),
    ],
)
def test_segmentation_never_splits_a_protected_span(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert [text[s:e].strip() for s, e in spans] == expected
