"""Build an Argos package with the architecture of Argos's en→zh model: the benchmarks' speed model.

The benchmark needs a model that costs what the real one costs: transformer-base
(6 encoder + 6 decoder layers, d_model 512, 8 heads, FFN 2048, pre-norm, ReLU),
a shared ~32k vocabulary tied across source embeddings, target embeddings and
output projection, weights saved as int8 (as Argos packages ship them), packed as
a real ``.argosmodel`` (one top folder with ``metadata.json``, ``model/`` and
``sentencepiece.model``) that Argos and mtpipe both install and load.

Tokenizer. A real SentencePiece unigram model is trained on a generated English
corpus (pseudo-words drawn from syllables, common English words and any
``extra_text``) to ``trained_pieces`` pieces, then its ``ModelProto`` is padded
with single CJK ideographs (U+4E00...) and CJK pairs, scored below every trained
piece, up to ``vocab_size``. The padding never matches English input, so English
tokenizes exactly as the trained model does, while the output side decodes to
Chinese characters as a real shared en/zh vocabulary would. The CTranslate2
vocabulary is the padded piece list, so tokenizer and model agree.

Two wirings share those dimensions (CTranslate2's cost depends on them and on
the decoding lengths, not on the weight values):

* ``copy`` (the default, :func:`build_copy_spec`): the wiring of
  ``pipeline.testing.lexical_model`` padded to these dimensions. Output piece
  *t* is source piece *t*, so glossary placeholders (``ZQ0``) come back as a
  real model mostly returns them and the pipeline does not fall into term
  recovery on every segment. What it leaves out: outputs are exactly as long
  as the source (real en→zh outputs vary), attention is one sharp diagonal
  rather than learnt, and nothing is translated.
* ``eos`` (:func:`build_spec`, ``ARGOS_EN_ZH_RANDOM``): random weights with the
  length wiring below. It never copies a placeholder.
* ``ratio`` (``ARGOS_EN_ZH_REALISTIC``): the ``eos`` model whose output length
  is a per-sentence ratio (drawn from a seeded distribution, 0.6 to 1.6) times
  the source length; see :class:`RatioWiring`. It never copies a placeholder.

Length wiring ("the model counts source positions"). Random weights never pick
``</s>``; every sentence would decode to the 256-token cap. Six model dimensions
(the last six) are reserved and a few weights are set so the decoder emits
``</s>`` at step ``t == S`` (``S`` = source tokens), so output length = source
length:

* Encoder: the token embeddings are zero in the reserved dims, the position
  table holds ``c·(2s+1)`` in dim ``A`` (and 0 in dim ``B``), and no sublayer
  writes to ``A``, ``B``, ``Z1``, ``Z2`` (those output rows are zero). The last
  encoder FFN bias writes ``+R``/``-R`` into ``Z1``/``Z2``: with ``R`` huge the
  final layer norm's standard deviation is the constant ``R·sqrt(2/d)``, so the
  encoder output carries ``g·c·(2s+1)/σ`` in ``A - B`` for every position
  (``B`` cancels the layer norm's mean).
* Decoder, last layer, cross-attention head 0: its query weights are zero, so it
  attends uniformly over the ``S`` source positions and averages its value, which
  reads ``v·(A - B)``. The mean of ``2s+1`` over ``s < S`` is exactly ``S``, so
  the head outputs ``S``; the output projection writes ``-k·S`` into dim ``E``.
* Decoder position table: dim ``E`` holds ``k·(t + 1/2)``; nothing else writes
  to ``E`` or ``F``. So at the top of the decoder ``x[E] = k·(t - S + 1/2)``,
  negative before step ``S`` and positive from step ``S`` on.
* The final layer norm scales ``E`` and ``F`` by a large gain, and the ``</s>``
  row of the (tied) output projection is ``+K`` at ``E``, ``-K`` at ``F``, 0
  elsewhere (``F`` stays 0 and cancels the layer norm's mean), so the ``</s>``
  logit is ``K·gain·x[E]/σ``: far below every random logit until step ``S``,
  far above them from step ``S`` on. Beam search then ends every beam there.

All of this is a handful of rows, columns and biases; the compute is the real
architecture's, at the real decoding lengths. The reserved rows survive int8
quantization exactly (each such row holds one or two equal magnitudes).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

#: Bump when the built model changes; it keys the cache.
BUILDER_VERSION = 4

PACKAGE_NAME = "translate-en_zh-argoslike"


@dataclass(frozen=True)
class ModelShape:
    """Sizes of the model and its tokenizer."""

    encoder_layers: int = 6
    decoder_layers: int = 6
    d_model: int = 512
    heads: int = 8
    ffn: int = 2048
    #: Pieces in the SentencePiece model and the CTranslate2 vocabulary.
    vocab_size: int = 32000
    #: Pieces learnt by SentencePiece training; the rest is CJK padding.
    trained_pieces: int = 8000
    #: Rows of the position tables (the longest sequence the model accepts).
    max_positions: int = 1024
    #: Sentences in the generated training corpus.
    corpus_sentences: int = 40000
    #: Saved weight type: ``int8`` like Argos packages, or ``float32``.
    quantization: str = "int8"
    #: ``copy``: output piece *t* is source piece *t* (placeholders survive, as
    #: with a real model); ``eos``: random weights that end at the source length.
    wiring: str = "copy"

    def key(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:10]


#: The architecture of Argos's en→zh package.
ARGOS_EN_ZH = ModelShape()
#: The same architecture with random weights and the ``</s>`` length wiring only.
ARGOS_EN_ZH_RANDOM = ModelShape(wiring="eos")
#: A small variant of the copy wiring (it needs a head of 64 dims), built in seconds (for tests).
TINY_COPY = ModelShape(
    encoder_layers=1,
    decoder_layers=1,
    d_model=256,
    heads=4,
    ffn=256,
    vocab_size=1000,
    trained_pieces=400,
    max_positions=512,
    corpus_sentences=2000,
)
#: The same architecture with random weights and realistic output lengths (see :class:`RatioWiring`).
ARGOS_EN_ZH_REALISTIC = ModelShape(wiring="ratio")
#: A small variant of the ``</s>`` wiring, built in a second or two (for tests).
TINY = ModelShape(
    wiring="eos",
    encoder_layers=1,
    decoder_layers=1,
    d_model=64,
    heads=2,
    ffn=256,
    vocab_size=1000,
    trained_pieces=400,
    max_positions=512,
    corpus_sentences=2000,
)
#: A small variant of the realistic-length wiring (for tests).
TINY_RATIO = ModelShape(
    wiring="ratio",
    encoder_layers=1,
    decoder_layers=1,
    d_model=64,
    heads=2,
    ffn=256,
    vocab_size=1000,
    trained_pieces=400,
    max_positions=512,
    corpus_sentences=2000,
)


@dataclass(frozen=True)
class EosWiring:
    """Constants of the length wiring (see the module docstring)."""

    #: Encoder position scale: dim A holds ``c·(2s+1)``.
    c: float = 0.02
    #: Constant written to Z1/Z2 by the last encoder FFN bias.
    big: float = 1.0e4
    #: Encoder final layer-norm gain on A and B.
    enc_gain: float = 1000.0
    #: Decoder scale: dim E holds ``k·(t - S + offset)``.
    k: float = 0.1
    offset: float = 0.5
    #: Decoder final layer-norm gain on E and F.
    dec_gain: float = 100.0
    #: ``</s>`` output weight on E (and minus it on F).
    eos_weight: float = 20.0

    @staticmethod
    def dims(d_model: int) -> dict[str, int]:
        names = ("A", "B", "Z1", "Z2", "E", "F")
        return {name: d_model - len(names) + i for i, name in enumerate(names)}


WIRING = EosWiring()


@dataclass(frozen=True)
class BuiltPackage:
    """A built package: the ``.argosmodel`` archive and an extracted copy."""

    archive: Path
    package_dir: Path
    shape: ModelShape

    @property
    def model_dir(self) -> Path:
        return self.package_dir / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.package_dir / "sentencepiece.model"


# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

_COMMON_WORDS = (
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or "
    "have an they which one you were her all she there would their we him been has when who will more "
    "no if out so said what up its about into than them can only other new some could time these two "
    "may then do first any my now such like our over man me even most made after also did many before "
    "must through back years where much your way well down should because each just those people how "
    "too little state good very make world still own see men work long get here between both life being "
    "under never day same another know while last might us great old year off come since against go came "
    "right used take three government china chinese country police border united states president party "
    "city report according media said told officials million percent week month during group law border "
    "security international national migrants visa flight travel route family money help children women"
).split()

_ONSETS = ("", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "br", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "st", "str", "th", "tr", "ch", "sp")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "ou", "io", "y")
_CODAS = ("", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ck", "ng", "rt", "ss")
_SUFFIXES = ("", "", "", "s", "ed", "ing", "ly", "tion", "er", "al", "ment", "ness", "ive", "ity")


def _pseudo_words(rng: np.random.Generator, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        syllables = int(rng.integers(1, 4))
        word = "".join(
            _ONSETS[rng.integers(len(_ONSETS))] + _VOWELS[rng.integers(len(_VOWELS))] + _CODAS[rng.integers(len(_CODAS))]
            for _ in range(syllables)
        )
        words.add(word + _SUFFIXES[rng.integers(len(_SUFFIXES))])
    return sorted(words)


def generate_corpus(sentences: int, *, seed: int = 0, extra_text: str = "") -> list[str]:
    """English-like training text: Zipf-distributed words, punctuation, numbers."""
    rng = np.random.default_rng(seed)
    extra_words = re.findall(r"[A-Za-z][A-Za-z'’-]*", extra_text)
    lexicon = list(dict.fromkeys([*_COMMON_WORDS, *(w.lower() for w in extra_words)]))
    lexicon += _pseudo_words(rng, max(2000, sentences // 2))
    ranks = np.arange(1, len(lexicon) + 1, dtype=np.float64)
    weights = 1.0 / ranks**1.05
    weights /= weights.sum()
    out: list[str] = []
    for _ in range(sentences):
        n = int(rng.integers(4, 36))
        words = [lexicon[i] for i in rng.choice(len(lexicon), size=n, p=weights)]
        for j in range(n):
            roll = rng.random()
            if roll < 0.06:
                words[j] = words[j].capitalize()
            elif roll < 0.08:
                words[j] = str(int(rng.integers(1, 3000)))
            elif roll < 0.13:
                words[j] += ","
        words[0] = words[0].capitalize()
        out.append(" ".join(words) + (".", ".", ".", "?", "!", ":")[int(rng.integers(6))])
    lines = [line.strip() for line in extra_text.splitlines() if line.strip()]
    out.extend(lines * 3)
    out.append(" ".join(chr(code) for code in range(0x21, 0x7F)))  # every printable ASCII character is a piece
    return out


def _cjk_padding(count: int, taken: set[str]) -> list[str]:
    singles = [chr(cp) for cp in range(0x4E00, 0x9FA6)]
    pieces = [p for p in singles if p not in taken][:count]
    i = 0
    while len(pieces) < count:
        pair = singles[i // 500] + singles[i % 500]
        if pair not in taken:
            pieces.append(pair)
        i += 1
    return pieces


def train_tokenizer(shape: ModelShape, out_path: Path, *, seed: int = 0, extra_text: str = "") -> list[str]:
    """Train a SentencePiece unigram model and pad it to ``shape.vocab_size`` pieces."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as sp_pb2

    corpus = generate_corpus(shape.corpus_sentences, seed=seed, extra_text=extra_text)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "sp"
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(corpus),
            model_prefix=str(prefix),
            model_type="unigram",
            vocab_size=shape.trained_pieces,
            character_coverage=1.0,
            num_threads=os.cpu_count() or 1,
            minloglevel=2,
            hard_vocab_limit=False,
        )
        proto = sp_pb2.ModelProto()
        proto.ParseFromString((prefix.with_suffix(".model")).read_bytes())
    taken = {p.piece for p in proto.pieces}
    floor = min(p.score for p in proto.pieces) - 10.0
    missing = shape.vocab_size - len(proto.pieces)
    if missing < 0:
        raise ValueError(f"trained {len(proto.pieces)} pieces, more than vocab_size {shape.vocab_size}")
    for n, piece in enumerate(_cjk_padding(missing, taken)):
        new = proto.pieces.add()
        new.piece = piece
        new.score = floor - n * 1e-3
        new.type = sp_pb2.ModelProto.SentencePiece.NORMAL
    out_path.write_bytes(proto.SerializeToString())
    return [p.piece for p in proto.pieces]


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------


def _sinusoids(positions: int, d: int) -> np.ndarray:
    half = d // 2
    inv = np.exp(-np.log(10000.0) * np.arange(half) / max(half - 1, 1))
    angles = np.arange(positions)[:, None] * inv[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


@dataclass(frozen=True)
class RatioWiring:
    """Realistic output lengths: the target/source ratio drawn per sentence (``wiring="ratio"``).

    Every vocabulary piece draws a priority (uniform) and a ratio
    ``clip(exp(N(log median, sigma)), low, high)``; a sentence's ratio is the one
    of its highest-priority piece, so sentences draw their ratios from that
    distribution (en→zh outputs are usually shorter in tokens). The encoder
    embeddings carry ``M·(p, 1/r, q)`` in three reserved dims (``q`` makes the
    three a constant norm ``C``, so every encoder LayerNorm reads them exactly).
    In the last encoder layer, self-attention head 0 has a constant query (a
    bias) and keys reading ``p``: it attends to the highest-priority piece and
    writes ``±big/r`` into ``Z1``/``Z2`` at every position (in place of the
    ``±big`` of the length wiring). The final LayerNorm's σ becomes
    ``big·sqrt(2/d)/r``, so the decoder's uniform head reads ``r·S`` instead of
    ``S`` and ``</s>`` comes at step ``r·S``. The decoder embeddings and output
    projection leave the three dims out.
    """

    median: float = 0.85
    sigma: float = 0.3
    low: float = 0.6
    high: float = 1.6
    #: Scale of the three dims in the encoder embeddings, and their norm.
    m: float = 100.0
    norm: float = 2.0
    #: Constant query of the selecting head.
    query: float = 1000.0


RATIO = RatioWiring()


def length_draws(vocab_size: int, *, seed: int = 0, ratio: RatioWiring = RATIO) -> tuple[np.ndarray, np.ndarray]:
    """Each piece's (priority, ratio), as the ``ratio`` wiring draws them for *seed*."""
    rng = np.random.default_rng([seed, 1])
    priority = rng.random(vocab_size)
    drawn = np.exp(rng.normal(np.log(ratio.median), ratio.sigma, vocab_size))
    return priority, np.clip(drawn, ratio.low, ratio.high)


def sentence_ratio(ids: Sequence[int], draws: tuple[np.ndarray, np.ndarray]) -> float:
    """The output/source length ratio the ``ratio`` wiring gives a sentence of piece *ids*."""
    priority, ratio = draws
    ids = np.asarray(ids)
    return float(ratio[ids[np.argmax(priority[ids])]])


def build_spec(shape: ModelShape, vocabulary: Sequence[str], *, seed: int = 0, wiring: EosWiring = WIRING):
    """A CTranslate2 ``TransformerSpec`` with random weights and the length wiring (or the ratio wiring)."""
    from ctranslate2.specs import transformer_spec

    d, V, hd = shape.d_model, len(vocabulary), shape.d_model // shape.heads
    if V != shape.vocab_size:
        raise ValueError(f"vocabulary has {V} entries, shape says {shape.vocab_size}")
    dims = EosWiring.dims(d)
    A, B, Z1, Z2, E, F = (dims[n] for n in ("A", "B", "Z1", "Z2", "E", "F"))
    eos = list(vocabulary).index("</s>")
    rng = np.random.default_rng(seed)

    def normal(rows: int, cols: int, scale: float = 1.0) -> np.ndarray:
        return (rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(scale / np.sqrt(cols)))

    def layer_norm(spec, gamma: np.ndarray | None = None) -> None:
        spec.gamma = np.ones(d, np.float32) if gamma is None else gamma
        spec.beta = np.zeros(d, np.float32)

    def linear(spec, weight: np.ndarray, protect: Sequence[int] = ()) -> None:
        bias = (rng.standard_normal(weight.shape[0], dtype=np.float32) * np.float32(0.02))
        weight[list(protect)] = 0.0
        bias[list(protect)] = 0.0
        spec.weight = weight
        spec.bias = bias

    spec = transformer_spec.TransformerSpec.from_config((shape.encoder_layers, shape.decoder_layers), shape.heads)

    # Tied embeddings / output projection; reserved dims are zero except the </s> row.
    emb = normal(V, d)
    emb[:, [A, B, Z1, Z2, E, F]] = 0.0
    emb[eos] = 0.0
    emb[eos, E] = wiring.eos_weight
    emb[eos, F] = -wiring.eos_weight
    ratio_mode = shape.wiring == "ratio"
    P, G, Q = d - 9, d - 8, d - 7
    if ratio_mode:
        emb[:, [P, G, Q]] = 0.0
        priority, ratios = length_draws(V, seed=seed)
        inverse = 1.0 / ratios
        slack = np.sqrt(RATIO.norm**2 - priority**2 - inverse**2)
        emb_enc = emb.copy()
        emb_enc[:, P], emb_enc[:, G], emb_enc[:, Q] = (RATIO.m * v for v in (priority, inverse, slack))
        spec.encoder.embeddings[0].weight = emb_enc
    else:
        spec.encoder.embeddings[0].weight = emb
    spec.decoder.embeddings.weight = emb
    spec.decoder.projection.weight = emb
    spec.decoder.projection.bias = np.zeros(V, np.float32)

    positions = np.arange(shape.max_positions, dtype=np.float32)
    enc_pe = _sinusoids(shape.max_positions, d)
    enc_pe[:, [A, B, Z1, Z2, E, F]] = 0.0
    enc_pe[:, A] = wiring.c * (2 * positions + 1)
    dec_pe = _sinusoids(shape.max_positions, d)
    dec_pe[:, E] = wiring.k * (positions + wiring.offset)
    dec_pe[:, F] = 0.0
    spec.encoder.position_encodings.encodings = enc_pe
    spec.decoder.position_encodings.encodings = dec_pe

    enc_protect = (A, B, Z1, Z2, P, G, Q) if ratio_mode else (A, B, Z1, Z2)
    if ratio_mode:
        enc_pe[:, [P, G, Q]] = 0.0
    for layer in spec.encoder.layer:
        layer_norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], normal(3 * d, d))
        linear(layer.self_attention.linear[1], normal(d, d, 0.5), enc_protect)
        layer_norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, normal(shape.ffn, d))
        linear(layer.ffn.linear_1, normal(d, shape.ffn, 0.5), enc_protect)
    if ratio_mode:  # last encoder layer, self-attention head 0: select the top-priority piece, write ±big/r
        att = spec.encoder.layer[-1].self_attention
        qkv, qkv_bias = att.linear[0].weight, att.linear[0].bias
        for block in (0, d, 2 * d):
            qkv[block : block + hd] = 0.0
            qkv_bias[block : block + hd] = 0.0
        qkv_bias[0] = RATIO.query
        qkv[d, P] = 1.0
        qkv[2 * d, G] = 1.0
        out = att.linear[1]
        out.weight[:, 0] = 0.0
        out.weight[Z1, 0] = wiring.big * RATIO.norm / np.sqrt(d)
        out.weight[Z2, 0] = -wiring.big * RATIO.norm / np.sqrt(d)
    else:
        last_ffn = spec.encoder.layer[-1].ffn.linear_1
        last_ffn.bias[Z1] = wiring.big
        last_ffn.bias[Z2] = -wiring.big
    enc_gamma = np.ones(d, np.float32)
    enc_gamma[[A, B]] = wiring.enc_gain
    enc_gamma[[Z1, Z2]] = 0.0
    if ratio_mode:
        enc_gamma[[P, G, Q]] = 0.0
    layer_norm(spec.encoder.layer_norm, enc_gamma)

    dec_protect = (E, F)
    for layer in spec.decoder.layer:
        layer_norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], normal(3 * d, d))
        linear(layer.self_attention.linear[1], normal(d, d, 0.5), dec_protect)
        layer_norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], normal(d, d))
        linear(layer.attention.linear[1], normal(2 * d, d))
        linear(layer.attention.linear[2], normal(d, d, 0.5), dec_protect)
        layer_norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, normal(shape.ffn, d))
        linear(layer.ffn.linear_1, normal(d, shape.ffn, 0.5), dec_protect)

    # Last decoder layer, cross-attention head 0: uniform attention, value = S.
    cross = spec.decoder.layer[-1].attention
    cross.linear[0].weight[:hd] = 0.0
    cross.linear[0].bias[:hd] = 0.0
    sigma_enc = wiring.big * np.sqrt(2.0 / d)
    value_row = np.zeros(d, np.float32)
    value_row[A] = sigma_enc / (wiring.enc_gain * wiring.c)
    value_row[B] = -value_row[A]
    cross.linear[1].weight[d] = value_row
    cross.linear[1].bias[d] = 0.0
    cross.linear[2].weight[:, 0] = 0.0
    cross.linear[2].weight[E, 0] = -wiring.k

    dec_gamma = np.ones(d, np.float32)
    dec_gamma[[E, F]] = wiring.dec_gain
    layer_norm(spec.decoder.layer_norm, dec_gamma)

    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    return spec


@dataclass(frozen=True)
class CopyWiring:
    """Constants of the copy wiring (see :func:`build_copy_spec`)."""

    #: Position-code frequencies: the first 14 of the lexical test model's.
    frequency_count: int = 14
    #: Cross-attention logit on the diagonal (off-diagonal ones are at most half).
    attention_scale: float = 80.0
    #: Logit of the copied piece; any other piece scores ``copy_logit·cos``.
    copy_logit: float = 50.0
    #: ``</s>``: its logit at the source's end, and its bias before it.
    end_logit: float = 90.0
    end_penalty: float = 10.0
    #: Scale of the random weights in sublayers that take no part in the copy.
    noise: float = 1e-3


COPY = CopyWiring()


def build_copy_spec(shape: ModelShape, vocabulary: Sequence[str], *, seed: int = 0, wiring: CopyWiring = COPY):
    """A ``TransformerSpec`` whose output piece *t* is source piece *t*, at *shape*'s cost.

    The wiring of ``pipeline.testing.lexical_model`` (position-code
    cross-attention, LayerNorms kept identities), with two changes so it fits a
    real model's dimensions: pieces are random unit-norm vectors in the token
    dims instead of one-hot (the tied output projection then scores the copied
    piece ``copy_logit`` and every other one about ``copy_logit·N(0, 1/n)``,
    n = token dims), and every head of the last decoder layer's cross-attention
    reads the same position code, so together their values copy the whole
    token block. ``</s>`` has a dimension of its own and the model appends it to
    the source, so the output ends where the source does. Every other sublayer
    holds random weights scaled by ``wiring.noise``: the work is done, the copy
    is left intact.
    """
    from ctranslate2.specs import transformer_spec

    d, heads, V = shape.d_model, shape.heads, len(vocabulary)
    head_dim = d // heads
    code_width = 4 * wiring.frequency_count
    if code_width > head_dim or d - code_width - 2 < 64:
        raise ValueError(f"the copy wiring needs heads of >= {code_width} dims and room for tokens (d_model {d})")
    tokens = np.arange(d - code_width - 2)
    end_dim, balance = d - code_width - 2, d - code_width - 1
    code = np.arange(d - code_width, d)
    copied = np.arange(d - code_width)
    eos = list(vocabulary).index("</s>")
    rng = np.random.default_rng(seed)

    def noise(rows: int, cols: int) -> np.ndarray:
        return rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(wiring.noise)

    # Token vectors: zero-mean over all d dims, squared norm d/2 (the code has the other d/2),
    # so every encoder input has norm √d and mean 0 and each LayerNorm is an identity.
    emb = np.zeros((V, d), np.float32)
    raw = rng.standard_normal((V, len(tokens)))
    raw -= raw.mean(axis=1, keepdims=True)
    raw *= np.sqrt(d / 2) / np.linalg.norm(raw, axis=1, keepdims=True)
    emb[:, tokens] = raw
    emb[eos] = 0.0
    emb[eos, end_dim], emb[eos, balance] = np.sqrt(d) / 2, -np.sqrt(d) / 2

    frequencies = np.asarray(_LEXICAL_FREQUENCIES[: wiring.frequency_count])
    angles = np.arange(shape.max_positions)[:, None] * frequencies[None, :]
    scale = np.sqrt(d / (4 * len(frequencies)))
    positions = np.zeros((shape.max_positions, d), np.float32)
    positions[:, code] = np.concatenate([np.cos(angles), np.sin(angles), -np.cos(angles), -np.sin(angles)], axis=1) * scale

    # Query gain: the decoder state P[t] has squared norm d/2, so its LayerNorm multiplies
    # it by √2; CTranslate2 scales queries by 1/√head_dim. Score = attention_scale·mean cos.
    query_gain = wiring.attention_scale * np.sqrt(head_dim) / (np.sqrt(2) * d / 2)
    queries = np.zeros((d, d), np.float32)
    keys_values = np.zeros((2 * d, d), np.float32)
    for h in range(heads):
        rows = h * head_dim + np.arange(code_width)
        queries[rows, code] = query_gain
        keys_values[rows, code] = 1.0
    keys_values[d + copied, copied] = 1.0
    output = np.zeros((d, d), np.float32)
    output[copied, copied] = 1.0
    projection = emb * np.float32(wiring.copy_logit / (d / 2))
    projection[eos] = 0.0
    projection[eos, end_dim] = (wiring.end_logit + wiring.end_penalty) / (np.sqrt(d) / 2)
    projection_bias = np.zeros(V, np.float32)
    projection_bias[eos] = -wiring.end_penalty

    def layer_norm(spec) -> None:
        spec.gamma = np.ones(d, np.float32)
        spec.beta = np.zeros(d, np.float32)

    spec = transformer_spec.TransformerSpec.from_config((shape.encoder_layers, shape.decoder_layers), heads)
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = positions
        layer_norm(stack.layer_norm)
        for layer in stack.layer:
            layer_norm(layer.self_attention.layer_norm)
            layer.self_attention.linear[0].weight = noise(3 * d, d)
            layer.self_attention.linear[1].weight = noise(d, d)
            layer_norm(layer.ffn.layer_norm)
            layer.ffn.linear_0.weight = noise(shape.ffn, d)
            layer.ffn.linear_1.weight = noise(d, shape.ffn)
    for layer in spec.decoder.layer[:-1]:
        layer_norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = noise(d, d)
        layer.attention.linear[1].weight = noise(2 * d, d)
        layer.attention.linear[2].weight = noise(d, d)
    cross = spec.decoder.layer[-1].attention
    layer_norm(cross.layer_norm)
    cross.linear[0].weight = queries
    cross.linear[1].weight = keys_values
    cross.linear[2].weight = output
    spec.encoder.embeddings[0].weight = emb
    spec.decoder.embeddings.weight = noise(V, d)
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = projection_bias
    spec.config.add_source_eos = True
    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    return spec


#: The lexical test model's position-code frequencies (``pipeline.testing.lexical_model.FREQUENCIES``).
_LEXICAL_FREQUENCIES = (
    0.418113, 0.763452, 0.984845, 0.989212, 1.114669, 1.231944, 1.431984, 1.614624,
    1.719003, 1.785604, 1.807091, 2.156774, 2.427533, 2.455697, 2.698444, 2.933419,
)


def _metadata(shape: ModelShape) -> dict:
    return {
        "package_version": f"0.{BUILDER_VERSION}",
        "argos_version": "1.9",
        "from_code": "en",
        "from_name": "English",
        "to_code": "zh",
        "to_name": "Chinese",
        "type": "translate",
        "description": (
            "Benchmark model: Argos en->zh architecture "
            f"({shape.encoder_layers}+{shape.decoder_layers} layers, d_model {shape.d_model}, "
            f"{shape.heads} heads, FFN {shape.ffn}, vocab {shape.vocab_size}); "
            + (
                "wired so that output piece t copies source piece t (not a translator)."
                if shape.wiring == "copy"
                else "random weights; output length equals source length."
                if shape.wiring == "eos"
                else "random weights; output length = a per-sentence drawn ratio times the source length."
            )
        ),
    }


def default_cache_dir() -> Path:
    return Path(os.environ.get("MTPIPE_BENCH_CACHE") or Path(tempfile.gettempdir()) / "mtpipe-bench-cache")


def build_package(
    shape: ModelShape = ARGOS_EN_ZH,
    *,
    cache_dir: Path | None = None,
    seed: int = 0,
    extra_text: str = "",
) -> BuiltPackage:
    """Build (or reuse from the cache) the package for *shape*.

    The cache entry is keyed by :data:`BUILDER_VERSION`, the shape, the seed
    and the extra corpus text, and is written to a temp folder then renamed,
    so a killed build leaves no half entry behind.
    """
    from ctranslate2.specs import transformer_spec  # noqa: F401  (fail early if missing)

    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    text_key = hashlib.sha256(extra_text.encode()).hexdigest()[:8]
    entry = cache_dir / f"v{BUILDER_VERSION}-{shape.key()}-s{seed}-t{text_key}"
    built = BuiltPackage(entry / f"{PACKAGE_NAME}.argosmodel", entry / PACKAGE_NAME, shape)
    if built.archive.is_file() and (built.model_dir / "model.bin").is_file():
        return built

    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".building-"))
    try:
        pkg = staging / PACKAGE_NAME
        pkg.mkdir()
        vocabulary = train_tokenizer(shape, pkg / "sentencepiece.model", seed=seed, extra_text=extra_text)
        spec = (build_copy_spec if shape.wiring == "copy" else build_spec)(shape, vocabulary, seed=seed)
        spec.validate()
        spec.optimize(quantization=shape.quantization)
        (pkg / "model").mkdir()
        spec.save(str(pkg / "model"))
        (pkg / "metadata.json").write_text(json.dumps(_metadata(shape), indent=2) + "\n", encoding="utf-8")
        (pkg / "README.md").write_text(_metadata(shape)["description"] + "\n", encoding="utf-8")
        archive = staging / built.archive.name
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
            for path in sorted(pkg.rglob("*")):
                zf.write(path, path.relative_to(staging).as_posix())
        try:
            os.replace(staging, entry)
        except OSError:
            if not built.archive.is_file():  # lost a race with a concurrent build? use theirs
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return built


# --------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LengthCheck:
    source_tokens: tuple[int, ...]
    output_tokens: tuple[int, ...]

    @property
    def worst(self) -> int:
        return max((abs(o - s) for s, o in zip(self.source_tokens, self.output_tokens)), default=0)

    def ok(self, tolerance: int = 2) -> bool:
        return self.worst <= tolerance


def check_lengths(
    built: BuiltPackage,
    sentences: Iterable[str],
    *,
    beam_size: int = 4,
    compute_type: str = "int8",
    inter_threads: int = 1,
    intra_threads: int = 1,
    max_decoding_length: int = 256,
) -> LengthCheck:
    """Translate *sentences* and compare output to source lengths, in tokens."""
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(built.sentencepiece_model))
    tokenized = [sp.encode(s, out_type=str) for s in sentences]
    translator = ctranslate2.Translator(
        str(built.model_dir),
        device="cpu",
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
    )
    results = translator.translate_batch(
        tokenized, beam_size=beam_size, max_decoding_length=max_decoding_length, max_batch_size=1024,
        batch_type="tokens",
    )
    return LengthCheck(
        tuple(len(t) for t in tokenized),
        tuple(len(r.hypotheses[0]) for r in results),
    )
