"""The shortcuts that make a 1 MB document fast give exactly what the full work gives.

* A text without inline-Markdown characters is not parsed: its constructs
  (:mod:`pipeline.documents.markdown_inline`), its markup (:func:`markup_of`) and its
  HTML rendering are what markdown-it gives for it.
* Reading a document, segmenting it, reading and writing a catalog and
  building an edition run with the cyclic garbage collector paused, and
  leave it as they found it.
"""

from __future__ import annotations

import gc

import pytest
from conftest import IdentityEngine
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.bulk import gc_paused
from pipeline.documents.markdown import MARKDOWN

# Inline-Markdown characters, entities, line ends and plain text, mixed.
TEXTS = st.lists(st.sampled_from(list("ab C.,:;!?-+=#>|~&$%@^{}()'\"\\\n\r\t\0 *_`<[]") + ["中", "“", "&amp;", "é", "  \n"]), max_size=40).map("".join)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_constructs_of_an_unparsed_text_are_the_parsed_ones(text):
    from pipeline.documents.markdown_inline import _cached_constructs, _constructs, _labels_of

    refs = {"ref": {"href": "#", "title": ""}}
    assert _constructs(text) == _cached_constructs.__wrapped__(text, _labels_of(None))
    assert _constructs(text, refs) == _cached_constructs.__wrapped__(text, _labels_of(refs))


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_markup_of_an_unparsed_text_is_the_parsed_one(text):
    from pipeline.documents.inline_markup import _parsed_markup, markup_of

    assert markup_of(text) == _parsed_markup(text)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_plain_text_renders_as_markdown_it_renders_it(text):
    from pipeline.publish.html import _html_text
    from pipeline.publish.inline import inline_markdown

    env = {"references": {}}
    assert _html_text(text, env) == inline_markdown().renderInline(text, dict(env))


def test_gc_paused_restores_the_collector_as_it_found_it():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the block that disabled it enables it again
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()


def test_document_work_runs_with_the_collector_paused(tmp_path, monkeypatch):
    """The parse, the segmentation and the catalog writer see the collector off; it is back on after."""
    import pipeline.catalog.pofile as pofile
    import pipeline.documents.markdown as markdown
    import pipeline.segmentation.segment as segment
    from pipeline.documents.article import read_article, segment_article
    from pipeline.catalog import Catalog, Entry, dumps_catalog, load_catalog

    seen: list[tuple[str, bool]] = []

    def spy(name, real):
        def wrapper(*args, **kwargs):
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(markdown, "_inline_slot", spy("parse", markdown._inline_slot))
    monkeypatch.setattr(segment, "split_sentences", spy("segment", segment.split_sentences))
    monkeypatch.setattr(pofile, "format_po", spy("write", pofile.format_po))
    monkeypatch.setattr(pofile, "parse_po_layout", spy("read", pofile.parse_po_layout))
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\nOne sentence. Another one.\n", encoding="utf-8")
    segments = segment_article(read_article(doc))
    po = tmp_path / "a.po"
    po.write_text(dumps_catalog(Catalog("zh_Hans", {"Language": "zh_Hans"}, [Entry(s.id, s.text) for s in segments])), encoding="utf-8")
    load_catalog(po)
    assert {name for name, _ in seen} == {"parse", "segment", "write", "read"}
    assert not any(enabled for _, enabled in seen)
    assert gc.isenabled()


def test_markup_spans_are_found_when_first_asked_for(monkeypatch, tmp_path):
    """Markup spans are found when first asked for, once each; a run parses only the sentences that can hold
    markup (for its word count, which leaves markup out), and each of those once."""
    from pipeline.documents.markdown import MARKDOWN
    from pipeline.translate import translate_articles
    from pipeline.translate.job import MarkupSpans

    real = MARKDOWN.markup_spans
    calls: list[str] = []
    monkeypatch.setattr(MARKDOWN, "markup_spans", lambda text, references=None: calls.append(text) or real(text, references=references))
    linked, plain = "See [the report](https://example.org/r) now.", "Plain."
    spans = MarkupSpans(MARKDOWN, [linked, plain, linked], {})
    assert calls == [] and list(spans) == [linked, plain] and len(spans) == 2
    assert spans[linked] == real(linked) and spans[linked] == real(linked)
    assert calls == [linked]  # found once
    with pytest.raises(KeyError):
        spans["not a segment"]
    doc = tmp_path / "a.md"
    doc.write_text(f"# Title\n\n{linked} {plain}\n", encoding="utf-8")
    translate_articles([doc], out_dir=tmp_path / "out", engine=None)
    assert calls == [linked, linked]  # the run's own MarkupSpans: "Title" and "Plain." are never parsed


def test_a_run_parses_markup_only_for_the_texts_it_sends_to_the_engine(monkeypatch, tmp_path):
    """Memory hits need no markup for drafting: a re-run from the memory parses only what the word count
    needs (sentences that can hold markup, once each)."""
    from pipeline.documents.markdown import MARKDOWN
    from pipeline.memory import TranslationMemory
    from pipeline.translate import translate_articles

    real = MARKDOWN.markup_spans
    calls: list[str] = []
    monkeypatch.setattr(MARKDOWN, "markup_spans", lambda text, references=None: calls.append(text) or real(text, references=references))
    doc = tmp_path / "a.md"
    doc.write_text("# Title\n\nSee [the report](https://example.org/r) now. Plain words here.\n", encoding="utf-8")
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        translate_articles([doc], out_dir=tmp_path / "first", engine=IdentityEngine(), memory=memory)
        assert sorted(calls) == sorted(set(calls)) and len(calls) == 3  # each text sent, once
        calls.clear()
        report = translate_articles([doc], out_dir=tmp_path / "again", engine=IdentityEngine(), memory=memory)
    assert report.articles[0].from_memory == 3 and calls == ["See [the report](https://example.org/r) now."]


@pytest.mark.slow
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["One", " two", ".", "?", "!", "…", ")", "(", "1.", " a.", "\n", " ", "Mr.", "”", "U.S."]), max_size=12).map("".join))
def test_a_one_sentence_text_splits_as_the_rules_split_it(text):
    import pipeline.segmentation.segment as segment

    fast = segment.split_sentences(text)
    original = segment._one_sentence
    segment._one_sentence = lambda text, candidates: False
    try:
        assert fast == segment.split_sentences(text)
    finally:
        segment._one_sentence = original


def test_a_sentence_kept_as_it_is_is_not_checked_again(monkeypatch):
    """A translation identical to its source cannot differ from it in URLs or markup: the gate skips it, and still refuses a changed one."""
    import pipeline.qa.markup_checks as checks
    from pipeline.errors import DraftError
    from pipeline.publish.checks import check_protected
    from pipeline.publish.model import REVIEWED, Block, Edition, Sentence
    from pipeline.languages.variants import SIMPLIFIED

    source = "Read [the report](https://example.org/r)."
    kept = Edition("a.po", SIMPLIFIED, (Block(1, "paragraph", 0, (Sentence("p1.s1", source, source, REVIEWED),)),), document=MARKDOWN)
    changed = Edition("a.po", SIMPLIFIED, (Block(1, "paragraph", 0, (Sentence("p1.s1", source, "阅读[报告](https://example.org/x)。", REVIEWED),)),), document=MARKDOWN)
    check_protected(changed, allow_draft=True)  # a changed URL is allowed in a draft ...
    with pytest.raises(DraftError):
        check_protected(changed, allow_draft=False)  # ... and refused otherwise
    monkeypatch.setattr(checks, "foreign_html", lambda *a: pytest.fail("an identical sentence was checked"))
    check_protected(kept, allow_draft=False)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["a", " b", "\n", "[", "]", "(", ")", "![", "](", "](x)", "<", ">", "`", "``", "\\", '"', " <b>", "](u \"t", "*", "[a](b", "[a", "\n)", "\n](b)", "\n]"]), max_size=10).map("".join))
def test_a_paragraph_not_parsed_for_its_line_ends_has_no_construct_over_one(raw):
    """The reader skips parsing a wrapped paragraph when no code span, HTML or link can hold one of its line ends."""
    from pipeline.documents.markdown_slots import _may_hold_line_end
    from pipeline.documents.markdown_inline import _walk_constructs

    if _may_hold_line_end(raw):
        return
    for construct in _walk_constructs(raw, {"x": {"href": "#", "title": ""}}):
        if construct.unit:
            a, b = construct.whole
            assert "\n" not in raw[a:b], (raw, construct)


def test_an_edition_renders_each_distinct_text_once(monkeypatch):
    import pipeline.publish.html as page
    from pipeline.publish.model import REVIEWED, Block, Edition, Sentence

    calls: list[str] = []
    real = page._html_text
    monkeypatch.setattr(page, "_html_text", lambda text, env, source="": calls.append(text) or real(text, env, source))
    kept = Sentence("p1.s1", "See *this*.", "See *this*.", REVIEWED)
    cell = Sentence("p2.s1", "Ecuador", "厄瓜多尔", REVIEWED)
    edition = Edition("a.po", page.VARIANTS["zh-Hans"], (Block(1, "paragraph", 0, (kept,)), Block(2, "table-cell", 0, (cell,)), Block(3, "table-cell", 0, (cell,))), document=MARKDOWN)
    html = page.render_html(edition, layout="side-by-side")
    assert sorted(calls) == ["Ecuador", "See *this*.", "厄瓜多尔"]
    assert html.count("<em>this</em>") == 2 and html.count("厄瓜多尔") >= 2


def test_an_edition_works_out_its_sentences_and_draft_ids_once():
    from pipeline.publish.model import FUZZY, REVIEWED, UNTRANSLATED, Block, Edition, Sentence
    from pipeline.languages.variants import SIMPLIFIED

    blocks = (
        Block(1, "paragraph", 0, (Sentence("p1.s1", "A.", "甲。", REVIEWED), Sentence("p1.s2", "B.", "乙。", FUZZY))),
        Block(2, "paragraph", 0, (Sentence("p2.s1", "C.", "C.", UNTRANSLATED),)),
    )
    edition = Edition("a.po", SIMPLIFIED, blocks)
    assert [s.id for s in edition.sentences] == ["p1.s1", "p1.s2", "p2.s1"]
    assert edition.sentences is edition.sentences
    assert edition.fuzzy_ids == ("p1.s2",) and edition.fuzzy_ids is edition.fuzzy_ids
    assert edition.untranslated_ids == ("p2.s1",) and edition.untranslated_ids is edition.untranslated_ids
    assert edition.is_draft and edition == Edition("a.po", SIMPLIFIED, blocks)
