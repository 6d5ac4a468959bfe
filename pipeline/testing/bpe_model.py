"""The word-for-word TEST model with a BPE tokenizer (``bpe.model``), as converted OPUS-MT packages ship.

``python -m pipeline.testing.bpe_model OUT.argosmodel`` builds an Argos package
that Argos's own ``BPETokenizer`` reads: the input is Moses-normalised and
-tokenised (``sacremoses``), each token is cut by subword-nmt BPE merges
(``#version: 0.2``, ``@@`` joiners), the CTranslate2 network of
:mod:`pipeline.testing.lexical_model` maps each token to one token, and the
output is Moses-detokenised for Chinese. It is **not a translator**.

The merges build every English lexicon word left to right, so a lexicon word
standing alone is one token and maps to its Chinese word; every other word
is spelt in characters and copied. The vocabulary holds every character of
the lexical model's alphabet in both BPE forms (``c`` and ``c@@``), every
prefix the merges can leave inside a longer word, and the Chinese words.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from pipeline.errors import InputError, PipelineError
from pipeline.fsutil import atomic_write_bytes
from pipeline.testing.lexical_model import (
    DEFAULT_LEXICON,
    ctranslate2_files,
    package_metadata,
    zip_package,
    load_lexicon,
    report_error,
)
from pipeline.testing.lexical_tokenizer import CHARACTERS

__all__ = ["BPE_PACKAGE_DIR_NAME", "build_bpe_model", "main"]

BPE_PACKAGE_DIR_NAME = "translate-en_zh-mtpipe_bpe_test"
"""Top folder inside the zip, i.e. the folder name once installed."""

JOINER = "@@"
"""subword-nmt's mark on a token that continues into the next one."""

_SPECIALS = ("<unk>", "<s>", "</s>")

MAX_REPAIR_ROUNDS = 20
"""Rounds of joining the pieces of lexicon words that other merges cut."""


def build_bpe_model(out: Path, *, lexicon: Path | None = None) -> Path:
    """Build the BPE word-for-word test model as an Argos package zip at *out* (atomically); returns *out*.

    Rebuilding from the same lexicon gives a byte-identical file.
    """
    out = Path(out)
    entries = load_lexicon(DEFAULT_LEXICON if lexicon is None else lexicon)
    codes = _merges(entries)
    _check_whole_words(codes, entries)
    tokens = _vocabulary(entries, codes)
    files: dict[str, bytes] = {
        "metadata.json": package_metadata("mtpipe word-for-word BPE TEST model (not a translator)"),
        "README.md": _README.encode("utf-8"),
        "lexicon.tsv": "".join(f"{en}\t{zh}\n" for en, zh in entries.items()).encode("utf-8"),
        "bpe.model": _codes_file(codes).encode("utf-8"),
    }
    for name, data in ctranslate2_files(tokens, _token_mapping(tokens, entries)).items():
        files[f"model/{name}"] = data
    atomic_write_bytes(out, zip_package(files, top=BPE_PACKAGE_DIR_NAME))
    return out


def _merges(lexicon: Mapping[str, str]) -> list[tuple[str, str]]:
    """Merges under which every English lexicon word is one token.

    Left-to-right merges spell each word (shorter words first); where an
    earlier merge of another word cuts a word differently, merges that join
    its pieces are appended (they apply last), until every word is whole.
    """
    from argostranslate.apply_bpe import BPE

    merges: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def spell(symbols: Sequence[str]) -> None:
        built = symbols[0]
        for symbol in symbols[1:]:
            pair = (built, symbol)
            if pair not in seen:
                seen.add(pair)
                merges.append(pair)
            built += symbol

    for word in sorted(lexicon, key=lambda w: (len(w), w)):
        spell([*word[:-1], word[-1] + "</w>"])
    for _ in range(MAX_REPAIR_ROUNDS):
        bpe = BPE(io.StringIO(_codes_file(merges)))
        broken = {word: bpe.segment_tokens([word]) for word in lexicon}
        broken = {word: pieces for word, pieces in broken.items() if pieces != [word]}
        if not broken:
            break
        for word, pieces in sorted(broken.items()):
            parts = [p.removesuffix(JOINER) for p in pieces]
            spell([*parts[:-1], parts[-1] + "</w>"])
    return merges


def _codes_file(merges: Sequence[tuple[str, str]]) -> str:
    return "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges)


def _check_whole_words(merges: Sequence[tuple[str, str]], lexicon: Mapping[str, str]) -> None:
    """Every lexicon word must come out of Argos's BPE as one token (else the lexicon is unusable)."""
    from argostranslate.apply_bpe import BPE

    bpe = BPE(io.StringIO(_codes_file(merges)))
    for word in lexicon:
        if bpe.segment_tokens([word]) != [word]:
            raise InputError(
                f"lexicon word {word!r} does not come out of the BPE merges as one token",
                hint="remove or rename the lexicon entry that interferes with it",
            )


def _vocabulary(lexicon: Mapping[str, str], merges: Sequence[tuple[str, str]]) -> list[str]:
    """Specials, then every token the merges can produce, in both joiner forms, and the Chinese words."""
    words: set[str] = set()
    for a, b in merges:
        merged = (a + b).removesuffix("</w>")
        words.update((merged, merged + JOINER))
    for ch in CHARACTERS:
        words.update((ch, ch + JOINER))
    words.update(("&amp;", "&apos;", "&quot;", "&lt;", "&gt;", "&#124;", "&#91;", "&#93;"))
    for chinese in lexicon.values():
        words.update((chinese, chinese + JOINER))
    words.difference_update(_SPECIALS)
    return [*_SPECIALS, *sorted(words)]


def _token_mapping(tokens: Sequence[str], lexicon: Mapping[str, str]) -> np.ndarray:
    """Target id for each source id: the lexicon's word (same joiner form), else itself."""
    index = {token: i for i, token in enumerate(tokens)}
    mapping = np.arange(len(tokens))
    for english, chinese in lexicon.items():
        for joiner in ("", JOINER):
            mapping[index[english + joiner]] = index[chinese + joiner]
    return mapping


_README = """\
# mtpipe word-for-word BPE TEST model (English → Chinese)

**This is a test model, not a translator.** Built by
`python -m pipeline.testing.bpe_model`. It ships `bpe.model` (subword-nmt
merges) instead of a SentencePiece model: Argos tokenises the input with Moses
and BPE, the network replaces each lexicon word by its Chinese word and copies
every other token, and Moses detokenises the output.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.testing.bpe_model OUT.argosmodel [--lexicon FILE.tsv]``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.testing.bpe_model",
        description="Build the word-for-word en→zh BPE TEST model (not a translator) as an Argos package.",
        epilog="example: python -m pipeline.testing.bpe_model /tmp/test-bpe-en_zh.argosmodel",
    )
    parser.add_argument("out", type=Path, help="the .argosmodel file to write")
    parser.add_argument("--lexicon", type=Path, default=None, help="english<TAB>chinese TSV (default: the built-in one)")
    args = parser.parse_args(argv)
    try:
        path = build_bpe_model(args.out, lexicon=args.lexicon)
    except PipelineError as exc:
        return report_error(exc)
    print(f"wrote {path}: word-for-word BPE TEST model, not a translator")
    return 0


if __name__ == "__main__":
    sys.exit(main())
