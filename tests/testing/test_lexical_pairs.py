"""The word-for-word test model builder takes a lexicon per pair (en→ja, fr, de, es, ru, ar)."""

from __future__ import annotations

import json
import zipfile

import pytest

from pipeline.errors import InputError
from pipeline.testing.lexical_model import build_lexical_model, default_lexicon, load_lexicon

SHIPPED = ["ja", "fr", "de", "es", "ru", "ar"]


@pytest.mark.parametrize("target", SHIPPED)
def test_every_shipped_lexicon_loads(target):
    lexicon = load_lexicon(default_lexicon(target), target=target)
    assert {"exit", "ban", "authorities"} <= set(lexicon)


def test_a_pair_without_a_lexicon_is_one_error():
    with pytest.raises(InputError, match="no built-in test lexicon for en→ko"):
        default_lexicon("ko")


def test_ascii_targets_are_letters_for_latin_pairs_but_not_for_chinese(tmp_path):
    lexicon = tmp_path / "fr.tsv"
    lexicon.write_text("exit\tsortie\n", encoding="utf-8")
    assert load_lexicon(lexicon, target="fr") == {"exit": "sortie"}
    with pytest.raises(InputError, match="non-ASCII"):
        load_lexicon(lexicon, target="zh")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("fr", "The sortie interdiction on chinois citoyens is illégal, the autorités dit."),
        ("ja", "The 出口 禁止 on 中国 市民 is 違法, the 当局 言った."),
        ("ar", "The خروج حظر on الصيني المواطنين is غير, the السلطات قال."),
    ],
)
def test_a_pair_model_translates_word_for_word_and_names_its_pair(tmp_path, target, expected):
    import ctranslate2
    import sentencepiece as spm

    path = build_lexical_model(tmp_path / f"{target}.argosmodel", target=target)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "x")
    top = tmp_path / "x" / f"translate-en_{target}-mtpipe_test"
    assert json.loads((top / "metadata.json").read_text())["to_code"] == target
    sp = spm.SentencePieceProcessor(model_file=str(top / "sentencepiece.model"))
    source = "The exit ban on Chinese citizens is illegal, the authorities said."
    out = ctranslate2.Translator(str(top / "model")).translate_batch([sp.encode(source, out_type=str)], beam_size=2)
    assert sp.decode_pieces(out[0].hypotheses[0]) == expected


def test_ascii_target_words_never_capture_english_input(tmp_path):
    """"sortie" is a piece of the fr model, but an English "sortie" is still cut into ordinary pieces."""
    import sentencepiece as spm

    path = build_lexical_model(tmp_path / "fr.argosmodel", target="fr")
    with zipfile.ZipFile(path) as archive:
        sp = spm.SentencePieceProcessor(model_proto=archive.read("translate-en_fr-mtpipe_test/sentencepiece.model"))
    assert sp.piece_to_id("▁sortie") != sp.unk_id()
    assert "▁sortie" not in sp.encode("a sortie", out_type=str)
