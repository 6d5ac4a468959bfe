"""The realistic-length speed model: output/source ratios drawn per sentence, through CTranslate2.

Builds the small variant (``TINY_RATIO``, the same wiring as
``ARGOS_EN_ZH_REALISTIC``) of ``benchmarks/argos_like_model.py``.
"""

from __future__ import annotations


import numpy as np
import pytest

from conftest import DECODINGS, SAMPLE, load_benchmark

alm = load_benchmark("argos_like_model")


@pytest.fixture(scope="module")
def tiny_ratio(argos_like_cache):
    return alm.build_package(
        alm.TINY_RATIO, cache_dir=argos_like_cache, extra_text=SAMPLE.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def sentences():
    from pipeline.documents.article import read_article, segment_article

    return [s.text for s in segment_article(read_article(SAMPLE))]


@pytest.mark.slow
def test_the_draws_cover_the_intended_range():
    _, ratios = alm.length_draws(32000)
    assert ratios.min() == pytest.approx(0.6) and ratios.max() == pytest.approx(1.6)
    assert 0.8 < float(np.median(ratios)) < 0.9  # en→zh: usually shorter


@pytest.mark.slow
@DECODINGS
def test_output_lengths_follow_the_drawn_ratios(tiny_ratio, sentences, beam_size, compute_type):
    import ctranslate2
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(tiny_ratio.sentencepiece_model))
    ids = [sp.encode(s) for s in sentences]
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    translator = ctranslate2.Translator(str(tiny_ratio.model_dir), compute_type=compute_type)
    results = translator.translate_batch(tokens, beam_size=beam_size, max_decoding_length=1024)
    draws = alm.length_draws(alm.TINY_RATIO.vocab_size)
    expected = [alm.sentence_ratio(i, draws) * len(i) for i in ids]
    lengths = [len(r.hypotheses[0]) for r in results]
    for want, got, n in zip(expected, lengths, map(len, ids)):
        assert abs(got - want) <= 0.1 * n + 1, (want, got, n)
    ratios = [got / n for got, n in zip(lengths, map(len, ids))]
    assert max(ratios) - min(ratios) > 0.5  # lengths really vary by sentence
    assert min(ratios) >= 0.55 and max(ratios) <= 1.7
