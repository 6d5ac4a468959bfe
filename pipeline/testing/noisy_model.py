"""A noisy word-for-word en→zh TEST model: placeholders mangled, terms rendered by context.

``python -m pipeline.testing.noisy_model OUT.argosmodel [--rate 0.2] [--seed 0]``
builds a real Argos package, like :mod:`pipeline.testing.lexical_model` (the
same CTranslate2 network: output piece *t* is the image of input piece *t*),
whose tokenizer and lexicon make it misbehave the way real NMT does. It is
**not a translator**. The misbehaviour lives in extra SentencePiece pieces,
each scored above every split of its text so that the tokenizer always takes
it, and mapped by the network to one target piece:

* **Placeholders** (``ZQ0`` … after a space, or after punctuation): each
  placeholder form is, with probability *rate* (seeded), dropped, split
  (``ZQ 0``), lower-cased (``zq0``), doubled (``ZQ0 ZQ0``) or moved past
  the next word (``ZQ0 on`` → ``on ZQ0``), the kind drawn uniformly. The
  same placeholder is mangled the same way wherever it stands in that form.
* **Glossary terms seen unmasked** are rendered by their neighbours: ``exit
  ban`` alone is 禁止出境, after some words 出境禁令, after others 出国禁令;
  ``CCP`` alone is 中共, after some words 中国共产党. The choice per
  neighbour word is seeded. A term's rendering in context therefore need not
  match its rendering alone, which is what glossary recovery has to cope with.

Everything else is the lexical model's word-for-word behaviour.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sentencepiece import sentencepiece_model_pb2 as sp_pb2

from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import atomic_write_bytes
from pipeline.segmentation.spans import PLACEHOLDER_PREFIXES
from pipeline.testing.lexical_model import (
    DEFAULT_LEXICON,
    ctranslate2_files,
    piece_mapping,
    zip_package,
    load_lexicon,
    report_error,
)
from pipeline.testing.lexical_tokenizer import piece_list, train_tokenizer
from pipeline.testing.lexical_model import package_metadata as lexical_metadata

__all__ = ["MANGLES", "NOISY_PACKAGE_DIR_NAME", "build_noisy_model", "noise_table", "main"]

NOISY_PACKAGE_DIR_NAME = "translate-en_zh-mtpipe_noisy_test"

#: What the model does to a mangled placeholder.
MANGLES = ("drop", "split", "lower", "double", "move")

#: Placeholders ``ZQ0`` … ``ZQ{PLACEHOLDERS - 1}`` get noisy forms.
PLACEHOLDERS = 32

#: Words a moved placeholder jumps over (the commonest after a term in news text).
MOVE_OVER = ("on", "and", "to", "in", "of", "the", "was", "is", "for", "that", "with", "by", "has", "from", "as")

#: Context renderings: term → (rendering alone, renderings a neighbour may choose).
RENDERINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "exit ban": ("禁止出境", ("出境禁令", "禁止出境", "出国禁令")),
    "exit bans": ("禁止出境", ("出境禁令", "禁止出境", "出国禁令")),
    "CCP": ("中共", ("中共", "中国共产党")),
}

#: Neighbour words (the word before a term) that get their own rendering.
NEIGHBOURS = (
    "the", "an", "a", "of", "by", "on", "and", "to", "in", "under", "their", "his", "her", "its",
    "with", "from", "for", "that", "as", "against", "The", "An", "A",
)

_SPACE = "\u2581"
_PLACEHOLDER_PREFIX = PLACEHOLDER_PREFIXES[0]
LEAD_SCORE, BARE_SCORE = 1000.0, 500.0


def noise_table(rate: float, seed: int) -> dict[str, str]:
    """Source text → output text of every noisy piece (``▁`` marks a space)."""
    rng = random.Random(seed)
    table: dict[str, str] = {}
    for n in range(PLACEHOLDERS):
        for lead in (_SPACE, ""):
            ph = f"{_PLACEHOLDER_PREFIX}{n}"
            table[lead + ph] = lead + ph  # one piece, copied (so "ZQ10" is never read as "ZQ1" + "0")
            if rng.random() >= rate:
                continue
            kind = MANGLES[rng.randrange(len(MANGLES))]
            if kind == "move":
                for word in MOVE_OVER:
                    table[f"{lead}{ph}{_SPACE}{word}"] = f"{lead}{word}{_SPACE}{ph}"
            else:
                table[lead + ph] = {
                    "drop": _SPACE,
                    "split": f"{lead}{_PLACEHOLDER_PREFIX}{_SPACE}{n}",
                    "lower": lead + ph.lower(),
                    "double": f"{lead}{ph}{_SPACE}{ph}",
                }[kind]
    for term, (alone, choices) in RENDERINGS.items():
        source = term.replace(" ", _SPACE)
        for lead in (_SPACE, ""):
            table[lead + source] = lead + alone
        for word in NEIGHBOURS:
            table[f"{_SPACE}{word}{_SPACE}{source}"] = f"{_SPACE}{word}{_SPACE}{rng.choice(choices)}"
    return table


def build_noisy_model(out: Path, *, rate: float = 0.2, seed: int = 0, lexicon: Path | None = None) -> Path:
    """Build the noisy test model as an Argos package zip at *out* (atomically); returns *out*.

    *rate* is the share of placeholder forms that are mangled. The same
    arguments give a byte-identical file.
    """
    if not 0.0 <= rate <= 1.0:
        raise InputError(f"noise rate {rate} is not between 0 and 1", hint="give a share such as 0.2")
    out = Path(out)
    entries = load_lexicon(DEFAULT_LEXICON if lexicon is None else lexicon)
    table = noise_table(rate, seed)
    tokenizer = _add_noisy_pieces(train_tokenizer(entries), table)
    pieces = piece_list(tokenizer)
    mapping = piece_mapping(pieces, entries)
    index = {piece: i for i, piece in enumerate(pieces)}
    for source, target in table.items():
        mapping[index[source]] = index[target]
    files: dict[str, bytes] = {
        "metadata.json": package_metadata(rate, seed),
        "README.md": (__doc__ or "").encode("utf-8"),
        "lexicon.tsv": "".join(f"{en}\t{zh}\n" for en, zh in entries.items()).encode("utf-8"),
        "noise.json": (json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        "sentencepiece.model": tokenizer,
    }
    for name, data in ctranslate2_files(pieces, np.asarray(mapping)).items():
        files[f"model/{name}"] = data
    atomic_write_bytes(out, zip_package(files, top=NOISY_PACKAGE_DIR_NAME))
    return out


def _add_noisy_pieces(tokenizer: bytes, table: Mapping[str, str]) -> bytes:
    """Add each noisy source text as a piece that always wins, and each output as a piece never chosen."""
    proto: Any = sp_pb2.ModelProto()  # type: ignore[attr-defined]  # generated protobuf code
    proto.ParseFromString(tokenizer)
    normal = proto.SentencePiece.Type.NORMAL
    existing = {p.piece: p for p in proto.pieces}
    for text in sorted(set(table.values()) - set(table)):
        if text not in existing:
            existing[text] = proto.pieces.add(piece=text, score=-1000.0, type=normal)
    for text in sorted(table, key=lambda t: (len(t), t)):
        # Every other score is negative: a noisy piece always beats the splits
        # of its text, a longer one beats a shorter one ("▁ZQ10" over "▁ZQ1"
        # + "0"), and after a space the form with the space wins (no "▁" +
        # "ZQ0▁on" where "▁ZQ0" is meant).
        piece = existing.get(text) or proto.pieces.add(piece=text, type=normal)
        piece.score = (LEAD_SCORE if text.startswith(_SPACE) else BARE_SCORE) + float(len(text))
        existing[text] = piece
    return proto.SerializeToString(deterministic=True)


def package_metadata(rate: float, seed: int) -> bytes:
    return lexical_metadata(
        "mtpipe noisy word-for-word TEST model (not a translator)",
        description=f"Word-for-word en→zh test model that mangles {rate:.0%} of placeholder forms "
        f"(seed {seed}) and renders glossary terms by context.",
        version="1.0",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.testing.noisy_model OUT.argosmodel [--rate R] [--seed S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.testing.noisy_model",
        description="Build the noisy word-for-word en→zh TEST model (not a translator) as an Argos package.",
    )
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--rate", type=float, default=0.2, help="share of placeholder forms mangled (default 0.2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the noise (default 0)")
    args = parser.parse_args(argv)
    try:
        path = build_noisy_model(args.out, rate=args.rate, seed=args.seed)
    except PipelineError as exc:
        return report_error(exc)
    print(f"wrote {path}: noisy word-for-word TEST model, not a translator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
