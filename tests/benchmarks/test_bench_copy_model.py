"""The benchmark's speed model copies its source, so glossary placeholders survive as with a real model.

Builds the small variant of ``benchmarks/argos_like_model.py``'s copy wiring
(``TINY_COPY``: the same wiring as the transformer-base speed model) and runs it
through CTranslate2 and through mtpipe's engine with the project glossary.
"""

from __future__ import annotations

import json

import pytest

from conftest import DECODINGS, GLOSSARY, SAMPLE, load_benchmark

alm = load_benchmark("argos_like_model")

SENTENCES = [
    "Yes.",
    "Officials said ZQ0 on Monday.",
    "The ZQ0 and the ZQ12 were lifted, according to ZQ3.",
    "Most of the individuals have taken various routes to the United States, their ideal destination.",
]


@pytest.fixture(scope="module")
def tiny_copy(argos_like_cache):
    return alm.build_package(alm.TINY_COPY, cache_dir=argos_like_cache)


@pytest.mark.slow
@DECODINGS
def test_every_source_piece_is_copied(tiny_copy, beam_size, compute_type):
    import ctranslate2
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(tiny_copy.sentencepiece_model))
    tokens = [sp.encode(s, out_type=str) for s in SENTENCES]
    translator = ctranslate2.Translator(str(tiny_copy.model_dir), compute_type=compute_type)
    results = translator.translate_batch(tokens, beam_size=beam_size)
    outputs = [r.hypotheses[0] for r in results]
    assert outputs == tokens
    assert sp.decode(outputs[2]) == SENTENCES[2]


@pytest.mark.slow
def test_a_placeholder_costs_at_most_four_pieces(tiny_copy):
    """``▁``, two letters, one digit: each piece is a decoder step, and news text is term-dense.

    (The three-letter fallback prefixes are for the rare segment that holds the first's letters.)
    """
    import sentencepiece

    from pipeline.translate.masking import placeholder

    sp = sentencepiece.SentencePieceProcessor(model_file=str(tiny_copy.sentencepiece_model))
    base = len(sp.encode("They imposed an on him."))
    assert len(sp.encode(f"They imposed an {placeholder(0)} on him.")) - base <= 4


@pytest.mark.slow
def test_the_copy_wiring_is_the_default_and_the_random_one_stays(tiny_copy):
    assert alm.ARGOS_EN_ZH.wiring == "copy" and alm.ARGOS_EN_ZH_RANDOM.wiring == "eos"
    assert (alm.ARGOS_EN_ZH.d_model, alm.ARGOS_EN_ZH.heads, alm.ARGOS_EN_ZH.ffn) == (512, 8, 2048)
    config = json.loads((tiny_copy.model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["add_source_eos"] is True


@pytest.mark.slow
def test_glossary_terms_need_no_recovery(tiny_copy, isolated_env):
    """Every placeholder comes back, so each segment with terms is one engine input."""
    from pipeline.translate.engine import ArgosEngine
    from pipeline.models.packages import install_from_file
    from pipeline.testing.term_audit import audit_terms

    model = install_from_file(tiny_copy.archive)
    audit = audit_terms(ArgosEngine(model), article=SAMPLE, glossaries=[GLOSSARY])
    assert audit.required > 0
    assert audit.applied == audit.required
    assert audit.engine_inputs == audit.segments_with_terms
