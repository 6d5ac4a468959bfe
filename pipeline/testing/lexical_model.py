"""A deterministic word-for-word en→zh TEST model, packaged as a real Argos package.

``python -m pipeline.testing.lexical_model OUT.argosmodel [--lexicon FILE.tsv]``
builds, in well under a second and with numpy alone (no training framework), a
zip that Argos Translate and CTranslate2 load like any other en→zh package. It is **not a translator**:
each SentencePiece piece of the input is replaced by one piece through a small
lexicon (``lexicon.tsv`` beside this module), every other piece is copied, and
``</s>`` ends the output. Output piece *t* is always the image of input piece *t*.

How the network does that (d = V + 1 + 4K rounded up to 16; one attention head):

* Vector layout: a one-hot token block of V dimensions, one "balance" dimension,
  and a position code of K random frequencies (cos, sin and their negations).
* Encoder input ``E[s] + P[pos]`` with ``E[s] = α(u_s − u_balance)``, α = √d/2,
  and ``|P[pos]|² = d/2``: every vector is zero-mean with norm √d, so each
  LayerNorm (gamma 1, beta 0) is an identity. Encoder attention and FFN are zero.
* Decoder: zero target embeddings, so its input is the position code ``P[t]``;
  self-attention and FFN are zero.
* Cross-attention: queries and keys read only the position code; the score is
  ``A · mean_k cos(w_k (t − s))``, which peaks at s = t and stays below
  ``0.41 A`` elsewhere. Values and output copy the token and balance block, so
  the decoder state at step t is ``P[t] + E[source[t]]``.
* Output projection ``W[f(s), s] = λ``: the mapped piece wins by
  :data:`OUTPUT_MARGIN` logits, under greedy and beam search alike. ``</s>``
  is special (see :data:`END_MARGIN`, :data:`END_PENALTY`) so that beam search
  stops right at the end of the input.

The SentencePiece model (unigram, identity normalization, ``split_digits``) is
trained at build time on a small built-in corpus, with the Chinese lexicon
words as user-defined symbols (``"▁出口"`` and ``"出口"``). Every English
lexicon word is then added as a piece in both forms (``"▁exit"`` after a space,
``"exit"`` after punctuation such as ``“``), scored just above the best split of
the word into other pieces: a whole word always becomes the lexicon piece, and
a longer word (``bankruptcy``) only splits around it when the trained pieces
already split there.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from ctranslate2.specs import transformer_spec

from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import atomic_write_bytes
from pipeline.testing.lexical_tokenizer import SPACE, piece_list, train_tokenizer

__all__ = [
    "DEFAULT_LEXICON",
    "MAX_POSITIONS",
    "PACKAGE_DIR_NAME",
    "build_lexical_model",
    "default_lexicon",
    "package_dir_name",
    "load_lexicon",
    "main",
    "one_layer_spec",
    "report_error",
    "saved_spec_files",
    "zeros",
]

DEFAULT_LEXICON = Path(__file__).with_name("lexicon.tsv")
"""The built-in lexicon: the sample article's words, english<TAB>chinese."""

LEXICONS = Path(__file__).with_name("lexicons")
"""The built-in lexicons of the other pairs: ``lexicons/en-<target>.tsv`` (ja, fr, de, es, ru, ar)."""


def default_lexicon(target: str = "zh") -> Path:
    """The built-in lexicon of the en→*target* pair (Argos code: ``zh``, ``ja``, ``fr``...)."""
    if target == "zh":
        return DEFAULT_LEXICON
    path = LEXICONS / f"en-{target}.tsv"
    if not path.is_file():
        shipped = ["zh", *sorted(p.stem.removeprefix("en-") for p in LEXICONS.glob("en-*.tsv"))]
        raise InputError(
            f"no built-in test lexicon for en→{target}",
            hint=f"give one with --lexicon FILE.tsv (built in: {', '.join(shipped)})",
        )
    return path


def package_dir_name(target: str = "zh") -> str:
    """Top folder inside the zip of the en→*target* test model."""
    return PACKAGE_DIR_NAME if target == "zh" else f"translate-en_{target}-mtpipe_test"

PACKAGE_DIR_NAME = "translate-en_zh-mtpipe_test"
"""Top folder inside the zip, i.e. the folder name once Argos installs it."""

PACKAGE_VERSION = "1.0"

MAX_POSITIONS = 1100
"""Rows of the position table: source pieces + ``</s>`` must not exceed it."""

FREQUENCIES = (
    0.418113, 0.763452, 0.984845, 0.989212, 1.114669, 1.231944, 1.431984, 1.614624,
    1.719003, 1.785604, 1.807091, 2.156774, 2.427533, 2.455697, 2.698444, 2.933419,
)
"""Position-code frequencies (radians per position), found by a seeded random
search: ``max over 0 < Δ < MAX_POSITIONS of mean_k cos(w_k Δ)`` is 0.41."""

ATTENTION_SCALE = 80.0
"""A: cross-attention logit on the diagonal; off-diagonal ones are ≥ 47 lower."""

OUTPUT_MARGIN = 40.0
"""Logit by which the mapped target piece beats every other piece."""

END_MARGIN = 80.0
"""Logit of ``</s>`` at the end of the input, twice :data:`OUTPUT_MARGIN`: in a
beam search the runner-up hypotheses (one wrong piece behind the best) then end
on the same step as the best one, instead of decoding on past the input until
the search has collected ``beam_size`` finished hypotheses."""

END_PENALTY = 10.0
"""Logit of ``</s>`` below the other wrong pieces before the end of the input,
so that no hypothesis ends early on a tie between wrong pieces."""


def load_lexicon(path: Path, *, target: str = "zh") -> dict[str, str]:
    """Read an english<TAB>chinese lexicon; ``#`` lines and blank lines are skipped.

    English words are two or more ASCII letters (case-sensitive; one letter
    would also match inside every other word); Chinese words are
    non-ASCII letters only (no spaces, digits, ``_`` or punctuation, which the
    pipeline must see unchanged). Raises :class:`InputError` on any bad line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read lexicon {path}: {getattr(exc, 'strerror', None) or exc}",
            hint="give a UTF-8 file of english<TAB>chinese lines",
        ) from exc
    lexicon: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        where = f"{path}:{number}"
        if len(fields) != 2:
            raise InputError(
                f"{where}: expected two tab-separated fields, found {len(fields)}",
                hint="write one english<TAB>chinese entry a line",
            )
        english, chinese = fields
        if not (english.isascii() and english.isalpha() and len(english) >= 2):
            raise InputError(
                f"{where}: english word {english!r} is not two or more ASCII letters",
                hint="a lexicon entry maps one English word; leave punctuation and digits out",
            )
        if not chinese or not all(ch.isalpha() and (target != "zh" or not ch.isascii()) for ch in chinese):
            raise InputError(
                f"{where}: {'chinese' if target == 'zh' else 'target'} word {chinese!r} must be "
                f"{'non-ASCII ' if target == 'zh' else ''}letters only",
                hint="no spaces, digits, '_' or punctuation in the target word",
            )
        if english in lexicon:
            raise InputError(
                f"{where}: {english!r} is listed twice",
                hint="keep one entry per English word",
            )
        lexicon[english] = chinese
    if not lexicon:
        raise InputError(f"lexicon {path} has no entries", hint="add english<TAB>chinese lines")
    return lexicon


def build_lexical_model(out: Path, *, lexicon: Path | None = None, target: str = "zh", source: str = "en") -> Path:
    """Build the word-for-word test model as an Argos package zip at *out*.

    The zip holds ``PACKAGE_DIR_NAME/`` with ``metadata.json``, ``README.md``,
    ``lexicon.tsv``, ``sentencepiece.model`` and the CTranslate2 ``model/``.
    Rebuilding from the same lexicon gives a byte-identical file. The file is
    written atomically. Returns *out*.

    *target* is the pair's target language (its Argos code: ``zh``, ``ja``,
    ``fr``, ``de``, ``es``, ``ru``, ``ar``); without *lexicon* the built-in
    lexicon of the pair is used (:func:`default_lexicon`). *source* other than
    ``en`` makes a pivot pair (fr→de, say) from a lexicon of ASCII source words.
    """
    out = Path(out)
    from pipeline.languages.table import resolve

    language = resolve(target)
    target = language.argos_code
    if source != "en" and lexicon is None:
        raise InputError(f"no built-in test lexicon for {source}→{target}", hint="give one with --lexicon FILE.tsv")
    source = resolve(source).argos_code
    entries = load_lexicon(default_lexicon(target) if lexicon is None else lexicon, target=target)
    tokenizer = train_tokenizer(entries)
    pieces = piece_list(tokenizer)
    files: dict[str, bytes] = {
        "metadata.json": package_metadata(
            description=f"Deterministic word-for-word en→{target} test model for mtpipe's tests and demo.",
            to_code=target,
            to_name=language.name if target != "zh" else "Chinese",
            from_code=source,
            from_name=resolve(source).name,
        ),
        "README.md": _readme(entries, language_name="Chinese" if target == "zh" else language.name).encode("utf-8"),
        "lexicon.tsv": "".join(f"{en}\t{zh}\n" for en, zh in entries.items()).encode("utf-8"),
        "sentencepiece.model": tokenizer,
    }
    for name, data in ctranslate2_files(pieces, piece_mapping(pieces, entries)).items():
        files[f"model/{name}"] = data
    top = package_dir_name(target) if source == "en" else f"translate-{source}_{target}-mtpipe_test"
    atomic_write_bytes(out, zip_package(files, top=top))
    return out


def piece_mapping(pieces: Sequence[str], lexicon: Mapping[str, str]) -> np.ndarray:
    """Target id for each source id: the lexicon's word (same ▁ form), else itself."""
    index = {piece: i for i, piece in enumerate(pieces)}
    mapping = np.arange(len(pieces))
    for english, chinese in lexicon.items():
        for prefix in (SPACE, ""):
            mapping[index[prefix + english]] = index[prefix + chinese]
    return mapping


# --- CTranslate2 model -------------------------------------------------------


def _position_code(rows: int, width: int) -> np.ndarray:
    """Rows of cos, sin, −cos, −sin of each frequency: zero mean, squared norm ``d/2``."""
    frequencies = np.asarray(FREQUENCIES, dtype=np.float64)
    scale = math.sqrt(width / (4 * len(frequencies)))
    angles = np.arange(rows, dtype=np.float64)[:, None] * frequencies[None, :]
    cos, sin = np.cos(angles) * scale, np.sin(angles) * scale
    return np.concatenate([cos, sin, -cos, -sin], axis=1)


def zeros(*shape: int) -> np.ndarray:
    """A float32 array of zeros: the test models' weights start from these."""
    return np.zeros(shape, dtype=np.float32)


def ctranslate2_files(pieces: Sequence[str], mapping: np.ndarray) -> dict[str, bytes]:
    """The CTranslate2 model directory (``model.bin``, ``config.json``, vocabulary) as bytes."""
    vocab = len(pieces)
    end = pieces.index("</s>")
    code_width = 4 * len(FREQUENCIES)
    d = -(-(vocab + 1 + code_width) // 16) * 16
    balance = vocab
    code = slice(vocab + 1, vocab + 1 + code_width)
    copied = np.arange(vocab + 1)  # token block and balance dimension
    alpha = math.sqrt(d) / 2

    embeddings = zeros(vocab, d)
    embeddings[np.arange(vocab), np.arange(vocab)] = alpha
    embeddings[:, balance] = -alpha
    projection = zeros(vocab, d)
    projection[mapping, np.arange(vocab)] = OUTPUT_MARGIN / alpha
    projection[end, end] = (END_MARGIN + END_PENALTY) / alpha
    projection_bias = zeros(vocab)
    projection_bias[end] = -END_PENALTY

    # LayerNorm of the decoder state P[t] multiplies it by √2, and CTranslate2
    # scales queries by 1/√d: fold both in so the score is A·mean cos(w(t−s)).
    spec = one_layer_spec(d, code=code, copied=copied, query_gain=ATTENTION_SCALE * math.sqrt(d) / (math.sqrt(2) * d / 2))
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = zeros(vocab, d)
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = projection_bias
    spec.config.add_source_eos = True
    return saved_spec_files(spec, pieces, prefix="lexical-model-")


def one_layer_spec(d: int, *, code: slice, copied: np.ndarray, query_gain: float) -> Any:
    """A one-layer pre-norm transformer spec of width *d*, as both test models build it.

    Positions are encoded in the *code* dimensions only (:func:`_position_code`).
    Cross-attention aligns by position: its queries (scaled by *query_gain*) and
    keys read the position code, its values copy the *copied* dimensions. The
    self-attention and feed-forward blocks add nothing (zero weights). The caller
    sets the embeddings and the output projection.
    """
    positions = zeros(MAX_POSITIONS, d)
    positions[:, code] = _position_code(MAX_POSITIONS, d)
    spec = transformer_spec.TransformerSpec.from_config(1, 1, pre_norm=True)
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = positions
        _layer_norm(stack.layer_norm, d)
        layer = stack.layer[0]
        _layer_norm(layer.self_attention.layer_norm, d)
        layer.self_attention.linear[0].weight = zeros(3 * d, d)
        layer.self_attention.linear[1].weight = zeros(d, d)
        _layer_norm(layer.ffn.layer_norm, d)
        layer.ffn.linear_0.weight = zeros(1, d)
        layer.ffn.linear_1.weight = zeros(d, 1)
    code_width = code.stop - code.start
    queries = zeros(d, d)
    queries[code, code] = np.eye(code_width) * query_gain
    keys_values = zeros(2 * d, d)
    keys_values[code, code] = np.eye(code_width)
    keys_values[d + copied, copied] = 1.0
    output = zeros(d, d)
    output[copied, copied] = 1.0
    cross = spec.decoder.layer[0].attention
    _layer_norm(cross.layer_norm, d)
    cross.linear[0].weight = queries
    cross.linear[1].weight = keys_values
    cross.linear[2].weight = output
    return spec


def saved_spec_files(spec: Any, pieces: Sequence[str], *, prefix: str) -> dict[str, bytes]:
    """The files of a finished test model *spec* with vocabulary *pieces* (both sides), as bytes by name."""
    spec.register_source_vocabulary(list(pieces))
    spec.register_target_vocabulary(list(pieces))
    spec.validate()
    spec.optimize()
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        spec.save(folder)
        return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


def _layer_norm(norm: Any, width: int) -> None:
    norm.gamma = np.ones(width, dtype=np.float32)
    norm.beta = np.zeros(width, dtype=np.float32)


# --- package -----------------------------------------------------------------


def report_error(exc: PipelineError) -> int:
    """A builder's command line: the error and its hint on stderr, the exit code returned."""
    print(f"Error: {exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"Hint: {exc.hint}", file=sys.stderr)
    return exc.exit_code


def package_metadata(
    name: str = "mtpipe word-for-word TEST model (not a translator)",
    *,
    description: str = "Deterministic word-for-word en→zh test model for mtpipe's tests and demo.",
    version: str = PACKAGE_VERSION,
    to_code: str = "zh",
    to_name: str = "Chinese",
    from_code: str = "en",
    from_name: str = "English",
) -> bytes:
    """The package's ``metadata.json`` (every test model shares its shape)."""
    metadata = {
        "name": name,
        "description": description,
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_name,
        "to_code": to_code,
        "to_name": to_name,
        "type": "translate",
        "links": [],
    }
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _readme(lexicon: Mapping[str, str], *, language_name: str = "Chinese") -> str:
    example = ", ".join(f"{en} → {lexicon[en]}" for en in ("exit", "ban") if en in lexicon) or "see lexicon.tsv"
    return f"""\
# mtpipe word-for-word TEST model (English → {language_name})

**This is a test model, not a translator.** Do not use its output for anything
but testing and demonstrating mtpipe.

It was built by `python -m pipeline.testing.lexical_model`. It translates word
for word: the input is cut into SentencePiece pieces, and output piece *t* is
input piece *t* replaced through a lexicon of {len(lexicon)} English words
(`lexicon.tsv`, for example {example}), or copied unchanged.
Punctuation, digits, names and all other words are copied, so the output mixes
English and {language_name}. The model is deterministic: the same input always gives
the same output, under greedy and beam search alike.

Inputs may be up to {MAX_POSITIONS - 1} pieces long. For inputs over 256 pieces pass
a larger `max_decoding_length` to CTranslate2's `translate_batch` (its default
is 256), and for inputs over 1,023 pieces `max_input_length=0`.
"""


def zip_package(files: Mapping[str, bytes], *, top: str = PACKAGE_DIR_NAME) -> bytes:
    """Zip *files* under *top*/ with sorted entries and fixed timestamps."""
    entries = {f"{top}/{name}": data for name, data in files.items()}
    folders = {name[: i + 1] for name in entries for i, ch in enumerate(name) if ch == "/"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted([*entries, *folders]):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3  # Unix, so the permission bits below are honoured
            if name in folders:
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


# --- command line ------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.testing.lexical_model OUT.argosmodel [--lexicon FILE.tsv]``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.testing.lexical_model",
        description="Build the deterministic word-for-word en→zh TEST model (not a translator) "
        "as an Argos package.",
        epilog="example: python -m pipeline.testing.lexical_model /tmp/test-en_zh.argosmodel",
    )
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--to", dest="target", default="zh", help="target language of the pair (zh, ja, fr, de, es, ru, ar)")
    parser.add_argument(
        "--lexicon", type=Path, default=None, help="english<TAB>chinese TSV (default: the built-in one)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        path = build_lexical_model(args.out, lexicon=args.lexicon, target=args.target)
    except PipelineError as exc:
        return report_error(exc)
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 1024
    print(f"wrote {path} ({size:.0f} KiB) in {seconds:.2f} s: word-for-word TEST model, not a translator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
