"""A multilingual CTranslate2 engine: NLLB-200 or M2M-100, one model for every target language.

``--engine nllb:PATH`` names a folder as CTranslate2's converters leave it
(``ct2-transformers-converter --model facebook/nllb-200-distilled-600M``):
``model.bin``, ``config.json`` and ``shared_vocabulary.json`` (or ``.txt``),
with the model's SentencePiece file copied beside them
(``sentencepiece.bpe.model``; ``spm.128k.model`` and ``sentencepiece.model``
are read too). The target language is set by a prefix token, as NLLB and
M2M-100 are run: the source is ``[src_lang] + pieces + ["</s>"]`` and the
target prefix ``[tgt_lang]``, with the codes from the languages table
(NLLB: ``eng_Latn`` → ``fra_Latn``; M2M-100: ``__en__`` → ``__fr__``).

``device="cuda"`` runs the model on a GPU; where CTranslate2 sees none, the
engine refuses with one clear error before loading anything. Inputs longer
than the model should take are split at clause boundaries and joined again,
and an output cut at the decoding limit is re-translated in halves, by the
same function as the Argos engine's
(:func:`pipeline.translate.engine.translate_in_pieces`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.languages.table import SOURCE, Language
from pipeline.translate.device import check_device
from pipeline.translate.engine import (
    MAX_DECODING_LENGTH,
    MAX_INPUT_TOKENS,
    EngineStats,
    SentencePieceTokenizer,
    default_batch_tokens,
    default_threads,
    translate_in_pieces,
)

log = logging.getLogger(__name__)

__all__ = ["MultilingualEngine", "check_device", "load_multilingual", "MultilingualModel"]

#: SentencePiece files looked for in a converted model's folder, in order.
TOKENIZER_FILES = ("sentencepiece.bpe.model", "spm.128k.model", "sentencepiece.model")


@dataclass(frozen=True)
class MultilingualModel:
    """A converted NLLB-200 or M2M-100 folder: its scheme of language tokens and tokenizer."""

    path: Path
    scheme: str  #: "nllb" or "m2m"
    tokenizer: Path
    vocabulary: frozenset[str]

    def token(self, language: Language) -> str:
        """The language's prefix token in this model: ``fra_Latn`` (NLLB) or ``__fr__`` (M2M-100)."""
        return language.nllb_code if self.scheme == "nllb" else f"__{language.m2m_code}__"

    def serves(self, language: Language) -> bool:
        return self.token(language) in self.vocabulary

    @property
    def identity(self) -> str:
        return f"{self.scheme}:{self.path.name}@{_model_stamp(self.path)}"


def _model_stamp(path: Path) -> str:
    """Size and modification time of ``model.bin``: a model replaced in place changes the memory key."""
    stat = (path / "model.bin").stat()
    return f"{stat.st_size}-{int(stat.st_mtime)}"


def _vocabulary(path: Path) -> frozenset[str]:
    json_file, text_file = path / "shared_vocabulary.json", path / "shared_vocabulary.txt"
    if json_file.is_file():
        return frozenset(json.loads(json_file.read_text(encoding="utf-8")))
    if text_file.is_file():
        return frozenset(text_file.read_text(encoding="utf-8").splitlines())
    raise ModelError(
        f"{path}: no shared_vocabulary.json or .txt: not a CTranslate2 NLLB/M2M-100 model",
        hint="convert one with `ct2-transformers-converter --model facebook/nllb-200-distilled-600M --output_dir PATH`",
    )


def load_multilingual(path: Path) -> MultilingualModel:
    """Read a converted model folder; one error saying what is missing."""
    path = Path(path)
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{path}: no model.bin: not a CTranslate2 model folder",
            hint="give --engine nllb:FOLDER, the folder ct2-transformers-converter wrote",
        )
    vocabulary = _vocabulary(path)
    tokenizer = next((path / name for name in TOKENIZER_FILES if (path / name).is_file()), None)
    if tokenizer is None:
        raise ModelError(
            f"{path}: no SentencePiece model ({', '.join(TOKENIZER_FILES)})",
            hint="copy the model's sentencepiece.bpe.model from its Hugging Face repository into the folder",
        )
    if SOURCE.nllb_code in vocabulary:
        scheme = "nllb"
    elif f"__{SOURCE.m2m_code}__" in vocabulary:
        scheme = "m2m"
    else:
        raise ModelError(f"{path}: its vocabulary has no English token (eng_Latn or __en__)", hint="use an NLLB-200 or M2M-100 model")
    return MultilingualModel(path=path, scheme=scheme, tokenizer=tokenizer, vocabulary=vocabulary)


@dataclass
class MultilingualEngine:
    """CTranslate2 on a multilingual model, translating English into :attr:`target`."""

    model: MultilingualModel
    target: Language
    beam_size: int = 2
    device: str = "cpu"
    inter_threads: int | None = None
    compute_type: str = "int8"
    max_decoding_length: int = MAX_DECODING_LENGTH
    #: Inputs longer than this (SentencePiece tokens) are split at clause boundaries, as on the Argos path.
    max_input_tokens: int = MAX_INPUT_TOKENS
    stats: EngineStats = field(default_factory=EngineStats)
    truncated: set[str] = field(default_factory=set)
    progress: Callable[[int, int], None] | None = None
    #: A translator shared with the engines of the other target languages (one model in memory).
    translator: object | None = None

    def __post_init__(self) -> None:
        if not self.model.serves(self.target):
            raise ModelError(
                f"{self.model.path} has no {self.model.token(self.target)} token: it does not translate into {self.target.code}",
                hint="choose a language the model serves, or another engine",
            )
        self._tokenizer = SentencePieceTokenizer(self.model.tokenizer)
        if self.translator is None:
            self.translator = new_translator(self.model, device=self.device, inter_threads=self.inter_threads, compute_type=self.compute_type)

    @property
    def identity(self) -> str:
        return f"{self.model.identity}→{self.model.token(self.target)}"

    def options(self) -> dict[str, object]:
        return {"beam_size": self.beam_size, "compute_type": self.compute_type, "engine": "ctranslate2-multilingual"}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """As the Argos engine: long inputs split at clause boundaries and joined again (:func:`translate_in_pieces`)."""
        outputs, cut = translate_in_pieces(
            texts, count_tokens=lambda t: len(self._tokenizer.encode(t)), translate=self._translate_tokens,
            max_input_tokens=self.max_input_tokens,
        )
        self.truncated.update(text for text, is_cut in zip(texts, cut) if is_cut)
        return outputs

    def _translate_tokens(self, texts: list[str]) -> list[tuple[str, bool]]:
        """One pass of the model: each output, and whether it reached the decoding limit."""
        if not texts:
            return []
        source_token, target_token = self.model.token(SOURCE), self.model.token(self.target)
        tokenized = [[source_token, *self._tokenizer.encode(t), "</s>"] for t in texts]
        order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
        batch = [tokenized[i] for i in order]
        results = self.translator.translate_iterable(  # type: ignore[attr-defined]
            batch,
            target_prefix=[[target_token]] * len(batch),
            max_batch_size=default_batch_tokens(self.beam_size),
            batch_type="tokens",
            beam_size=self.beam_size,
            max_decoding_length=self.max_decoding_length,
        )
        self.stats.add(calls=1, segments=len(batch), tokens_in=sum(len(t) for t in batch))
        out: list[tuple[str, bool]] = [("", False)] * len(texts)
        progress = self.progress
        for done, (position, result) in enumerate(zip(order, results), start=1):
            pieces = list(result.hypotheses[0])
            if pieces and pieces[0] == target_token:
                pieces = pieces[1:]
            out[position] = (self._tokenizer.decode(pieces).strip(), len(pieces) >= self.max_decoding_length - 1)
            if progress is not None:
                progress(done, len(batch))
        return out


def new_translator(model: MultilingualModel, *, device: str = "cpu", inter_threads: int | None = None, compute_type: str = "int8") -> object:
    """One CTranslate2 translator for *model* (shared by the engines of every target language of a run)."""
    import ctranslate2

    check_device(device)
    inter, intra = default_threads()
    try:
        return ctranslate2.Translator(
            str(model.path), device=device, compute_type=compute_type, inter_threads=inter_threads or inter, intra_threads=intra
        )
    except (RuntimeError, ValueError, OSError) as exc:  # a damaged model.bin or config.json: one error naming the folder
        raise ModelError(
            f"{model.path}: the model cannot be loaded ({exc})",
            hint="the model folder is damaged: convert or copy it again (ct2-transformers-converter)",
        ) from exc
