"""benchmarks/bench_wild_speed.py: a news page through ``mtpipe translate`` against the same segments as plain
text (issue 20). No time is asserted; engine inputs per segment are counts, and the target holds on this page."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, load_benchmark

bench = load_benchmark("bench_wild_speed")
PAGE = ROOT / "tests" / "data" / "wild" / "news" / "readability-ars-1.html"


def test_plain_text_is_one_paragraph_per_segment_without_markup(tmp_path):
    from pipeline.documents.article import article_from_text, segment_article
    from pipeline.documents.text import TEXT

    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><p>Read <a href="/x">the <em>full</em> story</a>. Tom &amp; Jerry said &quot;no&quot;.</p>'
        "<p>A  b<br/>c <script>var x = 1;</script>d.</p></body></html>",
        encoding="utf-8",
    )
    sentences = bench.page_sentences(page)
    assert sentences == ["Read the full story.", 'Tom & Jerry said "no".', "A b c d."]
    plain = bench.plain_text(sentences)
    assert plain == 'Read the full story.\n\nTom & Jerry said "no".\n\nA b c d.\n'
    article = article_from_text(tmp_path / "plain.txt", plain)
    assert article.format is TEXT
    assert [s.text for s in segment_article(article)] == sentences


@pytest.mark.slow
def test_one_page_against_its_plain_text(tmp_path, test_model_file):
    corpus = tmp_path / "corpus"
    (corpus / "news").mkdir(parents=True)
    shutil.copy(PAGE, corpus / "news" / PAGE.name)
    lines: list[str] = []
    (result,) = bench.pages(corpus, runs=1, model_file=test_model_file, out=lines.append)
    assert lines[1] == bench.HEADER
    assert lines[2].startswith(PAGE.name) and lines[3].startswith("all 1 pages")
    assert result.segments > 100 and result.plain_segments == result.segments
    assert 0 < result.plain_inputs <= result.inputs
    assert result.inputs / result.segments <= 1.15  # issue 20: no recovery round for most segments with markup
    assert len(result.ratios) == len(result.cpu_ratios) == 1 and result.ratio > 0
