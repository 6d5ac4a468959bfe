"""Bad input: any text is read as CommonMark and browsers read it, never with a crash,
and whatever is not translated comes back byte for byte."""

from __future__ import annotations

import pytest

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents.skeleton import Skeleton, rebuild
from pipeline.documents.html import html_skeleton
from pipeline.documents.markdown import markdown_skeleton

pytestmark = pytest.mark.slow

MARKUP = st.sampled_from(
    ["<p>", "</p>", "<li>", "<a href='x' title=\"t\">", "</a>", "<img alt=a>", "<!--", "-->", "<script>", "&amp;",
     "# ", "> ", "- ", "1. ", "```", "\n", "\n\n", "    ", "|", "---", "*", "_", "`", "[", "](", ")", "\\", "![", "\t",
     "Word. ", "Another sentence. ", "\r", "translate=no", "<pre>", "</pre>", "<td>", "title: x\n"]
)  # fmt: skip
# No NUL: a document with one is refused before any reader sees it (fsutil.read_text_file),
# and the round-trip check below marks slots with NUL-delimited numbers.
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=30).map(lambda parts: "".join(parts).replace("\x00", ""))


def _outside_is_kept(text: str, skeleton: Skeleton) -> None:
    top = [s for s in skeleton.slots if s.parent < 0]
    assert all(a.end <= b.start for a, b in zip(top, top[1:])), "slots overlap"
    out = rebuild(skeleton, [f"\x00{i}\x00" for i in range(len(skeleton.slots))])
    restored = re.sub("\x00(\\d+)\x00", lambda m: (s := skeleton.slots[int(m.group(1))]) and text[s.start : s.end], out)
    assert restored == text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_reader_never_crashes(text: str) -> None:
    _outside_is_kept(text, markdown_skeleton(text))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_html_reader_never_crashes(text: str) -> None:
    _outside_is_kept(text, html_skeleton(text))
