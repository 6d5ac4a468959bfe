"""The benchmark's random-weight model ends every output at the source length.

Builds the small variant of ``benchmarks/argos_like_model.py`` (same length
wiring as the full-size model) so a change that breaks the wiring fails here,
not silently in a benchmark that would decode 256 tokens per sentence.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from conftest import DECODINGS, load_benchmark

import ctranslate2  # noqa: F401,E402 - a dependency: never skip
import sentencepiece  # noqa: F401,E402

alm = load_benchmark("argos_like_model")

SENTENCES = [
    "Yes.",
    "Different Routes",
    "Most of the individuals have taken various routes to the United States, their ideal destination.",
    "Chinese nationals at various economic strata take different routes into the United States, "
    "according to media reports and what fleeing citizens told The Epoch Times.",
    "Other Chinese have taken longer routes, first flying to Thailand, then to Turkey, then to Ecuador, "
    "and from there overland through Colombia, Panama, Costa Rica, Nicaragua, Honduras, Guatemala and "
    "Mexico before they reach the southern border of the United States after weeks on the road.",
]


@pytest.fixture(scope="module")
def tiny(argos_like_cache):
    return alm.build_package(alm.TINY, cache_dir=argos_like_cache)


@pytest.mark.slow
@DECODINGS
def test_output_length_tracks_source_length(tiny, beam_size, compute_type):
    check = alm.check_lengths(tiny, SENTENCES, beam_size=beam_size, compute_type=compute_type)
    assert max(check.source_tokens) >= 8 * min(check.source_tokens)  # lengths really vary
    assert max(check.source_tokens) < 256  # so a missing </s> would show as 256
    assert check.ok(tolerance=2), list(zip(check.source_tokens, check.output_tokens))


@pytest.mark.slow
def test_package_has_the_argos_layout(tiny):
    with zipfile.ZipFile(tiny.archive) as zf:
        names = set(zf.namelist())
        top = alm.PACKAGE_NAME
        assert {f"{top}/metadata.json", f"{top}/model/model.bin", f"{top}/sentencepiece.model"} <= names
        assert {n.split("/")[0] for n in names} == {top}
        meta = json.loads(zf.read(f"{top}/metadata.json"))
    assert (meta["from_code"], meta["to_code"]) == ("en", "zh")


@pytest.mark.slow
def test_tokenizer_and_model_share_the_padded_vocabulary(tiny):

    sp = sentencepiece.SentencePieceProcessor(model_file=str(tiny.sentencepiece_model))
    vocab = json.loads((tiny.model_dir / "shared_vocabulary.json").read_text(encoding="utf-8"))
    assert sp.get_piece_size() == len(vocab) == alm.TINY.vocab_size
    assert [sp.id_to_piece(i) for i in range(len(vocab))] == vocab
    # English still tokenizes with trained pieces only; padding decodes to Chinese.
    assert all(sp.piece_to_id(p) < alm.TINY.trained_pieces for p in sp.encode(SENTENCES[2], out_type=str))
    assert sp.decode_pieces([vocab[-1]]) and "\u4e00" <= sp.decode_pieces([vocab[-1]])[0] <= "\u9fff"


@pytest.mark.slow
def test_cached_build_is_reused(tiny):
    before = tiny.archive.stat().st_mtime_ns
    again = alm.build_package(alm.TINY, cache_dir=tiny.archive.parent.parent)
    assert again == tiny
    assert again.archive.stat().st_mtime_ns == before
