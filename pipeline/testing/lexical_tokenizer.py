"""The shared SentencePiece tokenizer of the lexical test models: every lexicon word one piece."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as sp_pb2

SPLIT_MARGIN = 0.5
"""Score a lexicon piece gets above the best split of its word into other pieces."""

TRAINER_EXTRA_PIECES = 48
"""Trained English sub-word pieces, beyond characters and user-defined symbols."""

SPACE = "\u2581"  # SentencePiece's word-boundary mark "▁"

_TRAINING_TEXT = """\
The report said that many people left the country last year.
Officials at the border asked travellers about their plans and their families.
Some citizens fled by air, others by land, and a few by sea.
She told reporters that the new rules were stricter than before.
The government has tightened controls at airports and ports.
He said he would return home when the situation improved.
People who want to travel abroad must first apply for a passport.
A lawyer explained that the law does not allow this kind of restriction.
The company moved its office to another city in the south.
They waited for hours at the airport before the flight finally left.
Many students study overseas and come back after they graduate.
The meeting focused on trade, security and international cooperation.
According to local media, the police arrested several men on Monday.
Prices rose sharply in the second half of the year.
Two of the three groups agreed to continue the talks next month.
It is not clear whether the measures will be lifted soon.
Reporters interviewed residents who described the long queues.
The minister announced a plan to build new roads and bridges.
Families were separated for months because of the strict lockdowns.
Observers expect the number of applications to increase again.
The agency helps people who have lost their jobs to find new work.
Critics say the policy punishes ordinary people and their children.
The group published a statement calling for the release of the journalists.
Travel agencies offer tours to Europe, Asia and South America.
Customs officers checked every bag and questioned each passenger.
Nobody expected such a quick change, said one of the organizers.
In recent days, a post on social media drew wide attention.
After the war, thousands of refugees crossed into neighbouring countries.
The court ruled that the ban was illegal and should be withdrawn.
Experts warned that the economy could slow down later this year.
"""

CHARACTERS = (
    "".join(chr(code) for code in range(0x21, 0x7F))
    + "“”‘’«»—–…·°€£¥§©®"
    + "àáâäçèéêëíîïñóôöúûüßÀÁÄÇÉÈÑÖÜ"
    + "，。、；：？！（）《》「」"
)
"""Characters the tokenizer must know, so that they are copied rather than
turned into ``<unk>`` (rendered ``⁇``). Every printable ASCII character is here."""


def _training_sentences() -> list[str]:
    return [*_TRAINING_TEXT.splitlines(), " ".join(CHARACTERS)]


def train_tokenizer(lexicon: Mapping[str, str]) -> bytes:
    """Train the shared unigram SentencePiece model and add the lexicon's words."""
    return train_word_tokenizer(sources=list(lexicon), targets=list(lexicon.values()))


def train_word_tokenizer(*, sources: Sequence[str], targets: Sequence[str]) -> bytes:
    """The shared tokenizer with every source word and every target word a piece (several pairs share one)."""
    # Targets in another script are user-defined symbols, as Chinese always was; an
    # all-ASCII target (French "sortie") must never capture English input, so it is
    # added afterwards as a piece no English text is ever cut into (_add_target_words).
    user_symbols = [form for word in sorted(w for w in set(targets) if not w.isascii()) for form in (SPACE + word, word)]
    sentences = _training_sentences()
    characters = {ch for sentence in sentences for ch in sentence if not ch.isspace()}
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="unigram",
        vocab_size=3 + len(user_symbols) + len(characters) + TRAINER_EXTRA_PIECES,
        hard_vocab_limit=False,
        character_coverage=1.0,
        split_digits=True,
        normalization_rule_name="identity",
        user_defined_symbols=user_symbols,
        num_threads=1,
        minloglevel=2,
    )
    proto = sp_pb2.ModelProto()  # type: ignore[attr-defined]  # generated protobuf code
    proto.ParseFromString(model.getvalue())
    _add_source_words(proto, sources)
    _add_target_words(proto, targets)
    return proto.SerializeToString(deterministic=True)


#: Score of an all-ASCII target piece: far below any split into characters.
TARGET_ONLY_SCORE = -1.0e6


def _add_target_words(proto: Any, targets: Sequence[str]) -> None:
    """Make every all-ASCII target word a piece (both forms) that encoding never chooses."""
    normal = proto.SentencePiece.Type.NORMAL
    present = {p.piece for p in proto.pieces}
    words = sorted(w for w in set(targets) if w.isascii())
    for form in (f for word in words for f in (SPACE + word, word)):
        if form not in present:
            proto.pieces.add(piece=form, score=TARGET_ONLY_SCORE, type=normal)
            present.add(form)


def _add_source_words(proto: Any, words: Sequence[str]) -> None:
    """Make every English lexicon word one piece, in its ``▁word`` and ``word`` forms."""
    normal = proto.SentencePiece.Type.NORMAL
    scores = {p.piece: p.score for p in proto.pieces if p.type == normal}
    by_piece = {p.piece: p for p in proto.pieces}
    unknown_score = min(scores.values()) - 10.0  # SentencePiece's own unknown penalty
    forms = sorted({form for word in words for form in (SPACE + word, word)}, key=lambda f: (len(f), f))
    for form in forms:  # shorter forms first, so longer ones outscore splits that use them
        score = _best_split_score(form, scores, unknown_score) + SPLIT_MARGIN
        piece = by_piece.get(form)
        if piece is None:
            piece = proto.pieces.add(piece=form, score=score, type=normal)
            by_piece[form] = piece
        else:
            piece.score = max(piece.score, score)
        scores[form] = piece.score


def _best_split_score(word: str, scores: Mapping[str, float], unknown_score: float) -> float:
    """Best unigram score of *word* as two or more pieces (Viterbi over *scores*)."""
    best = [-math.inf] * (len(word) + 1)
    best[0] = 0.0
    for start in range(len(word)):
        if best[start] == -math.inf:
            continue
        for end in range(start + 1, len(word) + 1):
            if start == 0 and end == len(word):
                continue
            candidate = word[start:end]
            score = scores.get(candidate)
            if score is None and end - start == 1:
                score = unknown_score
            if score is not None:
                best[end] = max(best[end], best[start] + score)
    return best[-1]


def piece_list(tokenizer: bytes) -> list[str]:
    """Every piece of the SentencePiece model *tokenizer*, by id."""
    processor = spm.SentencePieceProcessor(model_proto=tokenizer)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
