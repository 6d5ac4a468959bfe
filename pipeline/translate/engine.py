"""Translation engines behind one small protocol.

:class:`ArgosEngine` runs an installed Argos package directly through
CTranslate2: the package's tokenizer (SentencePiece, or BPE as Argos runs it:
see :func:`load_tokenizer`), ``model/`` loaded once,
and every segment of a run translated in token-sized batches sorted by
length (``translate_batch``), never one call per sentence and never through
``argostranslate.translate`` (whose sentencizer downloads a model).

Segments longer than the model should take are split at clause boundaries
before translation and joined after; a translation that still reaches the
decoding limit is reported in :attr:`ArgosEngine.truncated` so the pipeline
flags the entry instead of shipping a silently cut sentence.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pipeline.errors import ModelError
from pipeline.models.packages import InstalledModel

log = logging.getLogger(__name__)

#: Inputs longer than this (SentencePiece tokens) are split before translation.
MAX_INPUT_TOKENS = 200
#: CTranslate2's output cap; reaching it means the output was cut.
MAX_DECODING_LENGTH = 256
#: Rounds of halving a source whose translation reached the cap.
MAX_SPLIT_DEPTH = 3


class Engine(Protocol):
    """What the pipeline needs from a translator."""

    @property
    def identity(self) -> str:
        """Model identity for the translation memory (package name@version)."""
        ...

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """Raw target text, one per input, in input order."""
        ...

    def options(self) -> dict[str, object]:
        """Decoding options that change the output (memory key)."""
        ...


def default_threads() -> tuple[int, int]:
    """``(inter_threads, intra_threads)``: one translator replica per core.

    Measured on 2-core machines (see the README): two int8 replicas with one
    thread each beat one replica with two threads, especially on small
    batches.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores), 1


def default_batch_tokens(beam_size: int) -> int:
    """Batch tokens × beam ≈ 1024, within 256..512.

    Chosen with ``benchmarks/bench_translate.py``'s batch sweep (beam 2):
    larger batches ran somewhat faster but with peak memory past 1.5× Argos's;
    the README's speed section gives the figures of the latest run.
    """
    return max(256, min(512, 1024 // max(1, beam_size)))


class Tokenizer(Protocol):
    """Text to model tokens and back (Argos's ``Tokenizer`` interface)."""

    def encode(self, sentence: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...


class SentencePieceTokenizer:
    """The package's ``sentencepiece.model``."""

    def __init__(self, model_file: os.PathLike[str] | str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, sentence: str) -> list[str]:
        return list(self._sp.encode(sentence, out_type=str))

    def decode(self, tokens: list[str]) -> str:
        return str(self._sp.decode_pieces(tokens))


def load_tokenizer(model: InstalledModel) -> Tokenizer:
    """The tokenizer the package ships, chosen as Argos's ``package.py`` does.

    ``sentencepiece.model`` first; else ``bpe.model`` (converted OPUS-MT
    packages), run through Argos's own ``BPETokenizer``: Moses punctuation
    normalisation and tokenisation (``sacremoses``), subword-nmt BPE with
    ``@@`` joiners, Moses detokenisation for the target language.
    """
    sentencepiece_model = model.path / "sentencepiece.model"
    bpe_model = model.path / "bpe.model"
    if sentencepiece_model.is_file():
        return SentencePieceTokenizer(sentencepiece_model)
    if bpe_model.is_file():
        from argostranslate.tokenizer import BPETokenizer

        return BPETokenizer(bpe_model, model.from_code, model.to_code)  # type: ignore[return-value]
    raise ModelError(
        f"{model.path}: no tokenizer (sentencepiece.model or bpe.model) in the package",
        hint="reinstall the model with `mtpipe models install`",
    )


def damaged_model_error(model: InstalledModel, exc: BaseException, *, device: str = "cpu") -> ModelError:
    """CTranslate2's or the tokenizer's load error: the package folder, what went wrong, how to reinstall.

    On a GPU the device may be the cause rather than the package: the hint says to try the CPU first.
    """
    pair = f"{model.from_code} {model.to_code}"
    reinstall = (
        f"reinstall it with `mtpipe models remove {pair}` then `mtpipe models install {pair}` "
        "(or `mtpipe models install FILE.argosmodel` offline)"
    )
    return ModelError(
        f"{model.path}: the installed model cannot be loaded ({exc})",
        hint=f"the package is damaged: {reinstall}" if device == "cpu"
        else f"try --device cpu; if the model fails there too, the package is damaged: {reinstall}",
    )


@dataclass
class EngineStats:
    """What an engine did; rounds run on two threads at once, so counts are added under a lock."""

    calls: int = 0
    segments: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, *, calls: int = 0, segments: int = 0, tokens_in: int = 0, tokens_out: int = 0) -> None:
        with self._lock:
            self.calls += calls
            self.segments += segments
            self.tokens_in += tokens_in
            self.tokens_out += tokens_out


@dataclass
class ArgosEngine:
    """CTranslate2 on an installed Argos package."""

    model: InstalledModel
    beam_size: int = 2
    inter_threads: int | None = None
    intra_threads: int | None = None
    compute_type: str = "int8"
    #: "cpu" or "cuda" (checked: :func:`pipeline.translate.multilingual.check_device`).
    device: str = "cpu"
    #: Tokens per batch; default: :func:`default_batch_tokens` for the beam.
    max_batch_tokens: int | None = None
    max_input_tokens: int = MAX_INPUT_TOKENS
    max_decoding_length: int = MAX_DECODING_LENGTH
    stats: EngineStats = field(default_factory=EngineStats)
    #: Sources whose translation reached the decoding limit even in pieces.
    truncated: set[str] = field(default_factory=set)
    #: Called as ``progress(inputs done, inputs in this run)`` while translating.
    progress: Callable[[int, int], None] | None = None

    def __post_init__(self) -> None:
        import ctranslate2

        if self.device != "cpu":
            from pipeline.translate.device import check_device

            check_device(self.device)
        self.max_batch_tokens = self.max_batch_tokens or default_batch_tokens(self.beam_size)
        inter, intra = default_threads()
        self.inter_threads = self.inter_threads or inter
        self.intra_threads = self.intra_threads if self.intra_threads is not None else intra
        try:  # a damaged package (emptied model.bin, bad config.json or tokenizer) is one error naming it
            self._tokenizer = load_tokenizer(self.model)
            self._translator = ctranslate2.Translator(
                str(self.model.model_dir),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise damaged_model_error(self.model, exc, device=self.device) from exc

    @property
    def identity(self) -> str:
        return self.model.identity

    def options(self) -> dict[str, object]:
        return {"beam_size": self.beam_size, "compute_type": self.compute_type, "engine": "ctranslate2"}

    # -- tokenization -------------------------------------------------------
    def _encode(self, text: str) -> list[str]:
        return self._tokenizer.encode(text)

    def _decode(self, pieces: list[str]) -> str:
        prefix = self.model.target_prefix
        if prefix and pieces and pieces[0] == prefix:
            pieces = pieces[1:]
        return self._tokenizer.decode(pieces).strip()

    # -- translation --------------------------------------------------------
    def _run(self, tokenized: list[list[str]]) -> list[list[str]]:
        """All inputs in one stream of token-sized batches, sorted by length.

        ``translate_iterable`` keeps every translator replica busy (batches
        run asynchronously) and hands results back one by one, so
        :attr:`progress` moves during a long run. The call reports to the
        callback it started with; a callback that raises ends the call at
        that result (the round stream does so after Ctrl-C).
        """
        if not tokenized:
            return []
        order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
        batch = [tokenized[i] for i in order]
        prefix = [[self.model.target_prefix]] * len(batch) if self.model.target_prefix else None
        progress = self.progress
        results = self._translator.translate_iterable(
            batch,
            target_prefix=prefix,
            max_batch_size=self.max_batch_tokens,
            batch_type="tokens",
            beam_size=self.beam_size,
            max_decoding_length=self.max_decoding_length,
            replace_unknowns=True,
        )
        self.stats.add(calls=1, segments=len(batch), tokens_in=sum(len(t) for t in batch))
        out: list[list[str]] = [[] for _ in tokenized]
        for done, (position, result) in enumerate(zip(order, results), start=1):
            out[position] = list(result.hypotheses[0])
            if progress is not None:
                progress(done, len(batch))
        self.stats.add(tokens_out=sum(len(t) for t in out))
        return out

    def _pieces_of(self, text: str) -> list[str]:
        """Split an over-long source into clause-sized pieces (lossless): :func:`input_pieces`."""
        return input_pieces(text, tokens=len(self._encode(text)), max_input_tokens=self.max_input_tokens)

    def _translate_tokens(self, texts: list[str]) -> list[tuple[str, bool]]:
        """One pass of the model: each output, and whether it reached the decoding limit."""
        limit = self.max_decoding_length - (1 if self.model.target_prefix else 0)
        return [(self._decode(h), len(h) >= limit) for h in self._run([self._encode(t) for t in texts])]

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        outputs, cut = translate_in_pieces(
            texts, count_tokens=lambda t: len(self._encode(t)), translate=self._translate_tokens, max_input_tokens=self.max_input_tokens
        )
        for text, is_cut in zip(texts, cut):
            if is_cut:
                self.truncated.add(text)
        return outputs


def input_pieces(text: str, *, tokens: int, max_input_tokens: int) -> list[str]:
    """*text* (of *tokens* model tokens) as it goes to the model: whole, or split at clause boundaries when longer
    than *max_input_tokens* (lossless: the pieces join back into *text*, whitespace aside)."""
    from pipeline.segmentation.segment import split_long

    if tokens <= max_input_tokens:
        return [text]
    # Characters per token of this text, to turn the token limit into characters.
    max_chars = max(20, int(len(text) * max_input_tokens / tokens))
    return [text[s:e] for s, e in split_long(text, max_chars) if text[s:e].strip()]


def _halves(text: str) -> list[str]:
    from pipeline.segmentation.segment import split_long

    return [text[a:b] for a, b in split_long(text, max(10, len(text) // 2 + 1)) if text[a:b].strip()]


#: One pass of a model over some texts: each output, and whether it reached the decoding limit.
PassFunction = Callable[[list[str]], list[tuple[str, bool]]]


def _translate_halving(texts: list[str], translate: PassFunction, depth: int = 0) -> tuple[list[str], list[bool]]:
    """Translate; an output that reached the decoding limit is re-translated in halves.

    Returns the outputs and, per text, whether it is still cut after
    :data:`MAX_SPLIT_DEPTH` rounds of halving.
    """
    results = translate(texts)
    outputs = [text for text, _ in results]
    cut = [is_cut for _, is_cut in results]
    redo = {i: _halves(texts[i]) for i, c in enumerate(cut) if c and depth < MAX_SPLIT_DEPTH}
    redo = {i: halves for i, halves in redo.items() if len(halves) > 1}
    if redo:
        sub_out, sub_cut = _translate_halving([h for halves in redo.values() for h in halves], translate, depth + 1)
        position = 0
        for i, halves in redo.items():
            outputs[i] = " ".join(sub_out[position : position + len(halves)])
            cut[i] = any(sub_cut[position : position + len(halves)])
            position += len(halves)
    return outputs, cut


def translate_in_pieces(
    texts: Sequence[str], *, count_tokens: Callable[[str], int], translate: PassFunction, max_input_tokens: int = MAX_INPUT_TOKENS
) -> tuple[list[str], list[bool]]:
    """Translate *texts* as every CTranslate2 engine does (Argos packages, multilingual models, on a cluster's workers).

    A text longer than *max_input_tokens* goes to the model in clause-sized
    pieces (:func:`input_pieces`) and its translation is the pieces'
    translations joined with a space (typography then settles the spaces);
    an output that reaches the decoding limit is re-translated in halves.
    Returns the outputs and, per text, whether it is still cut (logged).
    """
    pieces_per_text = [input_pieces(t, tokens=count_tokens(t), max_input_tokens=max_input_tokens) for t in texts]
    outputs, cut = _translate_halving([p for pieces in pieces_per_text for p in pieces], translate)
    result: list[str] = []
    still_cut: list[bool] = []
    position = 0
    for text, pieces in zip(texts, pieces_per_text):
        result.append(" ".join(outputs[position : position + len(pieces)]))
        still_cut.append(any(cut[position : position + len(pieces)]))
        if still_cut[-1]:
            log.warning("translation reached the decoding limit even in pieces: %.60s…", text)
        position += len(pieces)
    return result, still_cut
