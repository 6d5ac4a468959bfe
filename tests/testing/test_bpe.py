"""Argos packages that ship ``bpe.model`` run through the real CTranslate2 path, tokenised as Argos does."""

from __future__ import annotations

import json
import shutil

import ctranslate2
import pytest

from conftest import GLOSSARY
from pipeline.catalog import load_catalog
from pipeline.translate.engine import ArgosEngine, SentencePieceTokenizer, load_tokenizer
from pipeline.errors import ModelError
from pipeline.testing.bpe_model import BPE_PACKAGE_DIR_NAME, build_bpe_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def bpe_model_file(tmp_path_factory):
    return build_bpe_model(tmp_path_factory.mktemp("bpe") / "mtpipe-bpe-test-en_zh.argosmodel")


@pytest.fixture
def bpe_model(bpe_model_file, isolated_env):
    from pipeline.models.packages import install_from_file

    return install_from_file(bpe_model_file)


def test_rebuilding_gives_the_same_bytes(bpe_model_file, tmp_path):
    again = build_bpe_model(tmp_path / "again.argosmodel")
    assert again.read_bytes() == bpe_model_file.read_bytes()


def test_package_ships_bpe_not_sentencepiece(bpe_model):
    assert bpe_model.path.name == BPE_PACKAGE_DIR_NAME
    assert (bpe_model.path / "bpe.model").is_file()
    assert not (bpe_model.path / "sentencepiece.model").exists()
    assert (bpe_model.path / "bpe.model").read_text(encoding="utf-8").startswith("#version: 0.2\n")


def test_tokenizer_is_chosen_from_the_package(bpe_model, installed_model):
    from argostranslate.tokenizer import BPETokenizer

    assert isinstance(load_tokenizer(bpe_model), BPETokenizer)
    assert isinstance(load_tokenizer(installed_model), SentencePieceTokenizer)


def test_a_package_without_tokenizer_is_refused(bpe_model):
    (bpe_model.path / "bpe.model").unlink()
    with pytest.raises(ModelError, match="no tokenizer"):
        ArgosEngine(bpe_model)


def test_engine_matches_argos_own_bpe_path(bpe_model):
    """Same tokens in, same text out as Argos's BPETokenizer + CTranslate2 by hand."""
    from argostranslate.tokenizer import BPETokenizer

    texts = [
        "The exit ban on Chinese Communist Party members & others.",
        "Hello, world: ZQ0 stays ZQ1!",
        "international nationals",
    ]
    tokenizer = BPETokenizer(bpe_model.path / "bpe.model", "en", "zh")
    translator = ctranslate2.Translator(str(bpe_model.model_dir), compute_type="int8")
    results = translator.translate_batch([tokenizer.encode(t) for t in texts], beam_size=2)
    expected = [tokenizer.decode(r.hypotheses[0]).strip() for r in results]
    assert ArgosEngine(bpe_model, beam_size=2).translate_batch(texts) == expected
    assert expected[0] == "The 出口禁止 on 中国共产党 members & others."
    assert "ZQ0" in expected[1] and "ZQ1" in expected[1]


def test_translate_cli_with_a_bpe_package(cli, bpe_model, sample, tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = cli("translate", sample, "--out", out, "--glossary", GLOSSARY, "--no-memory", "--report", report)
    assert result.exit_code == 0, result.output
    entries = load_catalog(out / "run-movement" / "zh_Hans.po").active
    assert entries and all(e.msgstr for e in entries)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["terms_required"] > 0
    assert data["terms_applied"] == data["terms_required"]
    by_id = {e.msgctxt: e.msgstr for e in entries}
    assert "中国" in by_id["p1.s1"]


def test_sentencepiece_wins_when_a_package_ships_both(bpe_model, installed_model):
    shutil.copy(installed_model.sentencepiece_model, bpe_model.path / "sentencepiece.model")
    assert isinstance(load_tokenizer(bpe_model), SentencePieceTokenizer)
