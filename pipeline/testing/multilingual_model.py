"""An NLLB-style multilingual TEST model: one CTranslate2 model, the target language set by a prefix token.

``python -m pipeline.testing.multilingual_model OUT_DIR`` writes, in about a
second, a folder laid out as CTranslate2's converter leaves NLLB-200
(``model.bin``, ``config.json``, ``shared_vocabulary.json``) plus the
SentencePiece model (``sentencepiece.bpe.model``), so ``--engine nllb:OUT_DIR``
runs offline. It is **not a translator**: like :mod:`pipeline.testing.lexical_model`
it translates word for word through the shipped lexicons (ja, fr, de, es, ru,
ar), and which lexicon is chosen by the target-language token the engine
forces first (``fra_Latn``, ``jpn_Jpan``...), as NLLB's ``target_prefix``.

Inputs are NLLB's: ``[src_lang] + pieces + ["</s>"]``, target prefix
``[tgt_lang]``; output piece *t* is the image of input piece *t*.

How the network carries the language (on top of the lexical model's design):
the target-language tokens are the only decoder embeddings that are not zero,
each one dimension of its own; decoder self-attention has a constant query (its
bias) and keys that read those dimensions, so every step attends to the
prefix token and copies its language dimension into the state. The output
projection adds :data:`WORD_LOGIT` for every image of the source piece (in any
language, or the piece itself when no lexicon has it) and :data:`LANGUAGE_LOGIT`
for every word of the chosen language: only the chosen language's image gets
both. The build refuses lexicons where that would tie.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import atomic_write_bytes
from pipeline.testing.lexical_model import (
    ATTENTION_SCALE,
    END_MARGIN,
    END_PENALTY,
    FREQUENCIES,
    default_lexicon,
    load_lexicon,
    one_layer_spec,
    report_error,
    saved_spec_files,
    zeros,
)
from pipeline.testing.lexical_tokenizer import TARGET_ONLY_SCORE, SPACE, piece_list, train_word_tokenizer

__all__ = ["LANGUAGES", "build_multilingual_model", "main"]

#: The pairs of the multilingual test model (Argos codes; NLLB codes come from the languages table).
LANGUAGES = ("ja", "fr", "de", "es", "ru", "ar")
#: Logit of an image of the source piece (any language).
WORD_LOGIT = 40.0
#: Logit added to every word of the chosen target language.
LANGUAGE_LOGIT = 20.0
#: Self-attention score of the prefix token against any other decoder position.
PREFIX_SCORE = 40.0


def _language_tokens() -> dict[str, str]:
    from pipeline.languages.table import SOURCE, resolve

    return {SOURCE.argos_code: SOURCE.nllb_code, **{code: resolve(code).nllb_code for code in LANGUAGES}}


def build_multilingual_model(out: Path) -> Path:
    """Write the multilingual test model folder at *out* (created; files written atomically). Returns *out*."""
    out = Path(out)
    lexicons = {code: load_lexicon(default_lexicon(code), target=code) for code in LANGUAGES}
    tokens = _language_tokens()
    # One tokenizer for all: every English word and every target word of every pair a piece.
    tokenizer = train_word_tokenizer(
        sources=sorted({en for lexicon in lexicons.values() for en in lexicon}),
        targets=sorted({word for lexicon in lexicons.values() for word in lexicon.values()}),
    )
    tokenizer = _add_language_tokens(tokenizer, sorted(tokens.values()))
    pieces = piece_list(tokenizer)
    files = _ctranslate2_files(pieces, lexicons, tokens)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out / "sentencepiece.bpe.model", tokenizer)
    for name, data in files.items():
        atomic_write_bytes(out / name, data)
    atomic_write_bytes(out / "README.md", _README.encode("utf-8"))
    return out


def _add_language_tokens(tokenizer: bytes, tokens: Sequence[str]) -> bytes:
    from sentencepiece import sentencepiece_model_pb2 as sp_pb2

    proto = sp_pb2.ModelProto()  # type: ignore[attr-defined]  # generated protobuf code
    proto.ParseFromString(tokenizer)
    present = {p.piece for p in proto.pieces}
    for token in tokens:
        if token not in present:
            proto.pieces.add(piece=token, score=TARGET_ONLY_SCORE, type=proto.SentencePiece.Type.NORMAL)
    return bytes(proto.SerializeToString(deterministic=True))


def _ctranslate2_files(pieces: Sequence[str], lexicons: Mapping[str, Mapping[str, str]], tokens: Mapping[str, str]) -> dict[str, bytes]:
    vocab = len(pieces)
    index = {p: i for i, p in enumerate(pieces)}
    end = index["</s>"]
    languages = list(LANGUAGES)
    code_width = 4 * len(FREQUENCIES)
    n = len(languages)
    d = -(-(vocab + 1 + 2 * n + code_width) // 16) * 16
    balance = vocab
    # Two dimensions per language: the prefix token's embedding (read by the keys) and the
    # copy self-attention writes at every step (read by the output projection), so the
    # prefix position itself does not count its language twice.
    lang_in = {code: vocab + 1 + i for i, code in enumerate(languages)}
    lang_dim = {code: vocab + 1 + n + i for i, code in enumerate(languages)}
    code = slice(vocab + 1 + 2 * n, vocab + 1 + 2 * n + code_width)
    copied = np.arange(vocab + 1)
    alpha = math.sqrt(d) / 2
    gamma = math.sqrt(d / 2)

    # Images of each source piece (any language), and the words of each language.
    images: dict[int, set[int]] = {i: set() for i in range(vocab)}
    words: dict[str, set[int]] = {c: set() for c in languages}
    choice: dict[tuple[int, str], int] = {}
    for language, lexicon in lexicons.items():
        for en, word in lexicon.items():
            for prefix in (SPACE, ""):
                s, y = index[prefix + en], index[prefix + word]
                images[s].add(y)
                words[language].add(y)
                choice[(s, language)] = y
    for s in range(vocab):
        if not images[s]:
            images[s].add(s)  # no lexicon has it: copied
    for (s, language), y in choice.items():
        rivals = [z for z in images[s] if z != y and z in words[language]]
        if rivals:
            raise InputError(
                f"multilingual test model: {pieces[s]!r} has two renderings that are both {language} words",
                hint="keep the lexicons' target words apart",
            )

    embeddings = zeros(vocab, d)
    embeddings[np.arange(vocab), np.arange(vocab)] = alpha
    embeddings[:, balance] = -alpha
    target_embeddings = zeros(vocab, d)
    for language in languages:
        target_embeddings[index[tokens[language]], lang_in[language]] = gamma
    in_dims = np.array([lang_in[c] for c in languages])
    lang_dims = np.array([lang_dim[c] for c in languages])

    # Decoder self-attention: a constant query (bias), keys reading the language dimensions.
    self_qkv = zeros(3 * d, d)
    self_bias = zeros(3 * d)
    flag = in_dims[0]  # the key's one dimension: "this position holds a language token"
    self_bias[flag] = 1.0
    # Keys: LayerNorm(P[1] + γ u_L) has about γ·(√d/|x|) = γ in u_L; sum the language dims into one.
    key_gain = PREFIX_SCORE * math.sqrt(d) / gamma
    self_qkv[d + flag, in_dims] = key_gain
    self_qkv[2 * d + in_dims, in_dims] = 1.0
    self_out = zeros(d, d)
    self_out[lang_dims, in_dims] = 1.0  # adds ≈ γ u_L: the state now carries the language

    projection = zeros(vocab, d)
    for s, ys in images.items():
        for y in ys:
            projection[y, s] = WORD_LOGIT / alpha
    for language, ys in words.items():
        for y in ys:
            projection[y, lang_dim[language]] = LANGUAGE_LOGIT / gamma
    projection[end, end] = (END_MARGIN + END_PENALTY) / alpha
    projection_bias = zeros(vocab)
    projection_bias[end] = -END_PENALTY

    # Cross-attention as in the lexical model; with the language dims present, the LayerNorm gain is 1, not √2.
    spec = one_layer_spec(d, code=code, copied=copied, query_gain=ATTENTION_SCALE * math.sqrt(d) / (d / 2))
    decoder_self = spec.decoder.layer[0].self_attention
    decoder_self.linear[0].weight = self_qkv
    decoder_self.linear[0].bias = self_bias
    decoder_self.linear[1].weight = self_out
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = target_embeddings
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = projection_bias
    spec.config.add_source_eos = False  # NLLB inputs carry their own </s>
    spec.config.decoder_start_token = "</s>"  # as CTranslate2's NLLB conversion
    return saved_spec_files(spec, pieces, prefix="multilingual-model-")


_README = """\
# mtpipe multilingual TEST model (NLLB-style; not a translator)

Built by `python -m pipeline.testing.multilingual_model`. One CTranslate2 model
whose target language is set by NLLB's prefix token (`fra_Latn`, `jpn_Jpan`,
`deu_Latn`, `spa_Latn`, `rus_Cyrl`, `arb_Arab`); it translates word for word
through mtpipe's test lexicons. Use it with `mtpipe translate --engine nllb:PATH`.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.testing.multilingual_model OUT_DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.testing.multilingual_model",
        description="Build the NLLB-style multilingual word-for-word TEST model (not a translator).",
    )
    parser.add_argument("out", type=Path, help="the folder to write")
    args = parser.parse_args(argv)
    try:
        path = build_multilingual_model(args.out)
    except PipelineError as exc:
        return report_error(exc)
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    print(f"wrote {path} (decoder start {config.get('decoder_start_token')}): multilingual TEST model, not a translator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
