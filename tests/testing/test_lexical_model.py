"""The deterministic word-for-word test model: a real Argos package that CTranslate2 runs exactly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import ctranslate2
import numpy as np
import pytest
import sentencepiece as spm
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.testing.lexical_model import (
    DEFAULT_LEXICON,
    FREQUENCIES,
    MAX_POSITIONS,
    PACKAGE_DIR_NAME,
    build_lexical_model,
    load_lexicon,
    main,
)

SPACE = "\u2581"
ARTICLE = Path(__file__).resolve().parents[2] / "articles" / "run-movement.txt"
LEXICON = load_lexicon(DEFAULT_LEXICON)
ASCII_WORD = re.compile(r"[A-Za-z]+")
CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Built:
    archive: Path
    package: Path
    translator: ctranslate2.Translator
    tokenizer: spm.SentencePieceProcessor

    def translate(self, texts: list[str], *, beam_size: int = 1) -> list[list[str]]:
        return self.run([self.tokenizer.encode(text, out_type=str) for text in texts], beam_size=beam_size)

    def run(self, pieces: list[list[str]], *, beam_size: int = 1) -> list[list[str]]:
        results = self.translator.translate_batch(
            pieces,
            beam_size=beam_size,
            max_batch_size=32,
            max_input_length=0,
            max_decoding_length=MAX_POSITIONS,
        )
        return [result.hypotheses[0] for result in results]


def unpack(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    return folder / PACKAGE_DIR_NAME


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("lexical-model")
    archive = build_lexical_model(root / "test-en_zh.argosmodel")
    package = unpack(archive, root / "packages")
    return Built(
        archive=archive,
        package=package,
        translator=ctranslate2.Translator(str(package / "model"), device="cpu", intra_threads=1),
        tokenizer=spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model")),
    )


def mapped(piece: str) -> str:
    """What the model must output for *piece*: the lexicon's word, same ▁ form, else the piece."""
    word = piece.removeprefix(SPACE)
    return piece[: len(piece) - len(word)] + LEXICON[word] if word in LEXICON else piece


def gloss(text: str) -> str:
    """*text* with every whole ASCII word of the lexicon replaced, as the decoded output must read."""
    return " ".join(ASCII_WORD.sub(lambda m: LEXICON.get(m.group(), m.group()), text).split())


# --- the package -------------------------------------------------------------


def test_archive_is_a_sorted_argos_package_with_fixed_timestamps(built: Built) -> None:
    with zipfile.ZipFile(built.archive) as zipped:
        infos = zipped.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert all(name.startswith(PACKAGE_DIR_NAME + "/") for name in names)
    files = {name.removeprefix(PACKAGE_DIR_NAME + "/") for name in names if not name.endswith("/")}
    assert {"metadata.json", "README.md", "sentencepiece.model", "model/model.bin", "model/config.json"} <= files
    size = built.archive.stat().st_size
    assert 50_000 < size < 1_500_000


def test_metadata_and_readme_say_it_is_a_test_model(built: Built) -> None:
    metadata = json.loads((built.package / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["from_code"], metadata["to_code"]) == ("en", "zh")
    assert (metadata["from_name"], metadata["to_name"]) == ("English", "Chinese")
    assert metadata["package_version"] and metadata["argos_version"]
    assert "TEST" in metadata["name"] and "not a translator" in metadata["name"]
    readme = (built.package / "README.md").read_text(encoding="utf-8")
    assert "test model, not a translator" in readme
    assert "word" in readme.lower()
    config = json.loads((built.package / "model" / "config.json").read_text(encoding="utf-8"))
    assert config["add_source_eos"] is True


def test_argos_loads_the_package_and_its_tokenizer(built: Built) -> None:
    from argostranslate.package import Package
    from argostranslate.tokenizer import SentencePieceTokenizer

    package = Package(built.package)
    assert (package.from_code, package.to_code) == ("en", "zh")
    assert package.get_readme() is not None and "not a translator" in package.get_readme()
    assert isinstance(package.tokenizer, SentencePieceTokenizer)
    pieces = package.tokenizer.encode("The exit ban was lifted.")
    assert package.tokenizer.decode(built.run([pieces])[0]) == "The 出口 禁止 was lifted."


def test_rebuild_is_byte_identical(built: Built, tmp_path: Path) -> None:
    again = build_lexical_model(tmp_path / "again.argosmodel")
    assert again == tmp_path / "again.argosmodel"
    assert again.read_bytes() == built.archive.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.argosmodel"]  # no temp files left


@pytest.mark.slow
def test_command_line_builds_the_same_file(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "cli.argosmodel"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.testing.lexical_model", str(out)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "TEST model" in done.stdout
    assert out.read_bytes() == built.archive.read_bytes()


# --- behaviour ---------------------------------------------------------------

GOLDEN = [
    ("The exit ban was lifted.", "The 出口 禁止 was lifted."),
    ("The CCP’s exit bans and other actions", "The CCP’s 出口 禁止 and other actions"),
    ("to focus on the “run” movement in the county.", "to focus on the “跑” 运动 in the 县."),
    ("The Chinese Communist Party’s (CCP) national security", "The 中国 共产 党’s (CCP) 国家 安全"),
    ("Mr. Lu told The Epoch Times.People with funds", "先生. Lu 告诉 The 大纪元 时报.人们 with funds"),
    ("XQZ1 and TERM0 stay; so do 2023 and 25 minutes.", "XQZ1 and TERM0 stay; so do 2023 and 25 minutes."),
    ("exit XQZ12 ban", "出口 XQZ12 禁止"),
    ("Exit, run!", "Exit, 跑!"),
    ("Bangkok Hong Kong", "Bangkok Hong Kong"),
    ("human rights", "人 权利"),
]


@pytest.mark.parametrize("beam_size", [1, 4])
def test_golden_sentences(built: Built, beam_size: int) -> None:
    outputs = built.translate([source for source, _ in GOLDEN], beam_size=beam_size)
    assert [built.tokenizer.decode_pieces(output) for output in outputs] == [target for _, target in GOLDEN]


def test_glossary_phrase_renders_word_by_word(built: Built) -> None:
    (output,) = built.translate(["exit ban"])
    assert output == [SPACE + "出口", SPACE + "禁止"]
    assert CJK_GAP.sub("", built.tokenizer.decode_pieces(output)) == "出口禁止"


def test_unknown_characters_come_out_as_unk_unless_replaced(built: Built) -> None:
    pieces = built.tokenizer.encode("Жук exit 😀", out_type=str)
    assert pieces == [SPACE, "Жук", SPACE + "exit", SPACE, "😀"]
    (output,) = built.run([pieces])
    assert output == [SPACE, "<unk>", SPACE + "出口", SPACE, "<unk>"]
    # The attention sits on the source piece, so replace_unknowns copies it back.
    for beam_size in (1, 4):
        (result,) = built.translator.translate_batch([pieces], beam_size=beam_size, replace_unknowns=True)
        assert built.tokenizer.decode_pieces(result.hypotheses[0]) == "Жук 出口 😀"


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_sample_article_is_glossed_word_for_word(built: Built, beam_size: int) -> None:
    lines = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    pieces = [built.tokenizer.encode(line, out_type=str) for line in lines]
    outputs = built.run(pieces, beam_size=beam_size)
    for line, source, output in zip(lines, pieces, outputs):
        assert output == [mapped(piece) for piece in source]
        assert built.tokenizer.decode_pieces(output) == gloss(line)


@pytest.mark.parametrize("word", sorted(LEXICON))
def test_every_lexicon_word_is_one_piece_in_any_context(built: Built, word: str) -> None:
    contexts = [(word, SPACE + word), (f"a {word}.", SPACE + word), (f"“{word}”", word), (f"({word}", word)]
    for text, piece in contexts:
        assert piece in built.tokenizer.encode(text, out_type=str), text


@pytest.mark.slow
def test_random_piece_sequences_map_exactly(built: Built) -> None:
    vocabulary = [built.tokenizer.id_to_piece(i) for i in range(built.tokenizer.get_piece_size())]
    choices = [piece for piece in vocabulary if piece not in ("<s>", "</s>")]
    rng = np.random.default_rng(7)
    sequences = [list(rng.choice(choices, size=rng.integers(30, 61))) for _ in range(200)]
    expected = [[mapped(piece) for piece in sequence] for sequence in sequences]
    assert built.run(sequences) == expected
    assert built.run(sequences[:32], beam_size=4) == expected[:32]


def test_beam_search_ends_at_the_end_of_the_input(built: Built) -> None:
    # Runners-up must finish on the same step as the best hypothesis: otherwise
    # CTranslate2 decodes on past the input until it has beam_size finished ones.
    source = built.tokenizer.encode("The exit ban was lifted.", out_type=str)
    (result,) = built.translator.translate_batch([source], beam_size=4, num_hypotheses=4, return_scores=True)
    assert result.hypotheses[0] == [mapped(piece) for piece in source]
    assert [len(hypothesis) for hypothesis in result.hypotheses] == [len(source)] * 4
    assert result.scores[0] > -0.01 and max(result.scores[1:]) < -1.0


def test_empty_input_gives_empty_output(built: Built) -> None:
    assert built.run([[]]) == [[]]
    assert built.run([[]], beam_size=4) == [[]]


@pytest.mark.slow
def test_long_inputs_up_to_the_position_table(built: Built) -> None:
    words = sorted(LEXICON)
    rng = np.random.default_rng(3)
    longest = [SPACE + words[i] for i in rng.integers(0, len(words), MAX_POSITIONS - 1)]
    thousand = longest[:1000]
    assert built.run([thousand, longest]) == [[mapped(p) for p in thousand], [mapped(p) for p in longest]]
    with pytest.raises(Exception, match="position"):
        built.run([longest + [SPACE + "exit"]])


settings_for_text = settings(max_examples=60, deadline=None)
WORDS = (
    st.sampled_from(sorted(LEXICON))
    | st.sampled_from(["the", "and", "was", "of", "to", "lifted", "Lu", "CCP", "U"])
    | st.sampled_from(sorted(set(LEXICON.values())))
    | st.from_regex(r"[A-Z]{2,5}[0-9]{1,3}", fullmatch=True)
    | st.integers(0, 99_999).map(str)
)
SEPARATORS = st.sampled_from([" ", ", ", " “", "” ", " (", ") ", "—", ". ", ".", "’s ", ": ", "-"])


@pytest.mark.slow
@settings_for_text
@given(st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=25))
def test_texts_of_words_placeholders_and_numbers(built: Built, parts: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in parts).strip()
    (output,) = built.translate([text])
    assert built.tokenizer.decode_pieces(output) == gloss(text)


def test_position_code_keeps_other_positions_far_below_the_diagonal() -> None:
    offsets = np.arange(1, MAX_POSITIONS)
    correlation = np.cos(np.outer(offsets, np.asarray(FREQUENCIES))).mean(axis=1)
    assert correlation.max() < 0.45


# --- custom lexicons -----------------------------------------------------------


def test_custom_lexicon_changes_the_mapping(tmp_path: Path) -> None:
    lexicon = tmp_path / "mini.tsv"
    lexicon.write_text("# tiny\nexit\t离开\n\nlifted\t解除\n", encoding="utf-8")
    package = unpack(build_lexical_model(tmp_path / "mini.argosmodel", lexicon=lexicon), tmp_path / "pkg")
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package / "model"), device="cpu", intra_threads=1)
    pieces = tokenizer.encode("The exit ban was lifted.", out_type=str)
    (result,) = translator.translate_batch([pieces])
    assert tokenizer.decode_pieces(result.hypotheses[0]) == "The 离开 ban was 解除."
    assert (package / "lexicon.tsv").read_text(encoding="utf-8") == "exit\t离开\nlifted\t解除\n"


BAD_LEXICONS = [
    ("exit 出口\n", "two tab-separated fields"),
    ("exit\t出口\textra\n", "found 3"),
    ("exit ban\t出口禁止\n", "not two or more ASCII letters"),
    ("a\t一\n", "not two or more ASCII letters"),
    ("exit2\t出口\n", "not two or more ASCII letters"),
    ("exit\texit\n", "non-ASCII letters only"),
    ("exit\t出_口\n", "non-ASCII letters only"),
    ("exit\t出口。\n", "non-ASCII letters only"),
    ("exit\t出口\nexit\t退出\n", "listed twice"),
    ("# only a comment\n\n", "no entries"),
]


@pytest.mark.parametrize(("content", "message"), BAD_LEXICONS)
def test_bad_lexicon_lines_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        load_lexicon(path)
    assert caught.value.hint


def test_command_line_reports_a_bad_lexicon(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "never.argosmodel"
    assert main([str(out), "--lexicon", str(tmp_path / "missing.tsv")]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Error: cannot read lexicon")
    assert captured.out == ""
    assert not out.exists()
