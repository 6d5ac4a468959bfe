"""The NLLB-style multilingual test model and the multilingual engine that runs it."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError, ModelError
from pipeline.languages.table import resolve
from pipeline.translate.device import check_device
from pipeline.translate.multilingual import MultilingualEngine, load_multilingual

SOURCE = "The exit ban on Chinese citizens is illegal, the authorities said."
EXPECTED = {
    "fr": "The sortie interdiction on chinois citoyens is illégal, the autorités dit.",
    "ja": "The 出口 禁止 on 中国 市民 is 違法, the 当局 言った.",
    "de": "The Ausreise Verbot on chinesische Bürger is illegal, the Behörden sagte.",
    "es": "The salida prohibición on chino ciudadanos is ilegal, the autoridades dijo.",
    "ru": "The выезд запрет on китайский граждане is незаконный, the власти сказал.",
    "ar": "The خروج حظر on الصيني المواطنين is غير, the السلطات قال.",
}


@pytest.fixture
def nllb_model(multilingual_model):
    return multilingual_model


def test_the_folder_looks_like_a_converted_nllb_model(nllb_model):
    model = load_multilingual(nllb_model)
    assert model.scheme == "nllb"
    assert model.tokenizer.name == "sentencepiece.bpe.model"
    assert model.token(resolve("fr")) == "fra_Latn" and model.serves(resolve("ar"))
    assert not model.serves(resolve("zh-Hans"))


@pytest.mark.slow
def test_one_model_every_language_chosen_by_the_prefix_token(nllb_model):
    from pipeline.translate.multilingual import new_translator

    model = load_multilingual(nllb_model)
    shared = new_translator(model)
    for code, expected in EXPECTED.items():
        engine = MultilingualEngine(model, resolve(code), translator=shared)
        assert engine.translate_batch([SOURCE, "Exit."]) == [expected, "Exit."], code
        assert engine.identity.endswith("→" + resolve(code).nllb_code)


def test_a_language_the_model_lacks_is_refused(nllb_model):
    with pytest.raises(ModelError, match="zho_Hans"):
        MultilingualEngine(load_multilingual(nllb_model), resolve("zh-Hans"))


def test_a_folder_that_is_not_a_model(tmp_path):
    with pytest.raises(ModelError, match="no model.bin"):
        load_multilingual(tmp_path)


def test_cuda_without_a_gpu_is_one_clear_error(monkeypatch):
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    with pytest.raises(ModelError, match="sees no CUDA GPU"):
        check_device("cuda")
    check_device("cpu")
    with pytest.raises(InputError, match="unknown device"):
        check_device("tpu")
