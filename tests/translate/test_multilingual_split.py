"""The multilingual (NLLB) engine splits long inputs as the Argos engine does: at clause boundaries, joined again."""

from __future__ import annotations

import pytest

from pipeline.languages.table import resolve
from pipeline.translate.multilingual import MultilingualEngine, load_multilingual, new_translator

LONG = (
    "The exit ban on Chinese citizens is illegal, the authorities said, and the authorities said that the exit ban "
    "on Chinese citizens is illegal; the exit ban is illegal, the authorities said, and Chinese citizens said that "
    "the exit ban on Chinese citizens is illegal, while the authorities said the ban is illegal."
)


def compact(text: str) -> str:
    return text.replace(" ", "")


@pytest.fixture(scope="module")
def nllb(tmp_path_factory):
    from pipeline.testing.multilingual_model import build_multilingual_model

    model = load_multilingual(build_multilingual_model(tmp_path_factory.mktemp("nllb") / "nllb-test"))
    return model, new_translator(model)


def _engine(nllb, code="fr", **options) -> MultilingualEngine:
    model, translator = nllb
    return MultilingualEngine(model, resolve(code), beam_size=1, translator=translator, **options)


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_an_input_over_the_limit_is_split_at_clauses_and_joined(nllb, code):
    whole, split = _engine(nllb, code), _engine(nllb, code, max_input_tokens=12)
    (reference,) = whole.translate_batch([LONG])
    (pieced,) = split.translate_batch([LONG])
    assert split.stats.segments > 3 and whole.stats.segments == 1  # the model saw pieces, not the sentence
    assert compact(pieced) == compact(reference)  # word for word: the pieces give back the whole translation
    assert "interdiction" in pieced or "حظر" in pieced
    assert not split.truncated and not whole.truncated


def test_an_output_at_the_decoding_limit_is_retranslated_in_halves(nllb):
    whole, capped = _engine(nllb), _engine(nllb, max_decoding_length=30)
    (reference,) = whole.translate_batch([LONG])
    (pieced,) = capped.translate_batch([LONG])
    assert compact(pieced) == compact(reference)
    assert capped.stats.calls > 1 and not capped.truncated


def test_an_output_still_cut_in_pieces_is_reported_not_shipped_silently(nllb):
    hopeless = _engine(nllb, max_decoding_length=8)
    hopeless.translate_batch([LONG, "Exit."])
    assert hopeless.truncated == {LONG}


def test_the_argos_engine_and_the_multilingual_one_split_with_the_same_function(nllb, monkeypatch):
    """One splitting function for both engines: a change to it shows in both."""
    import pipeline.translate.engine as engine_module
    import pipeline.translate.multilingual as multilingual_module

    assert multilingual_module.translate_in_pieces is engine_module.translate_in_pieces
    seen: list[int] = []
    real = engine_module.input_pieces

    def spy(text, *, tokens, max_input_tokens):
        seen.append(max_input_tokens)
        return real(text, tokens=tokens, max_input_tokens=max_input_tokens)

    monkeypatch.setattr(engine_module, "input_pieces", spy)
    _engine(nllb, max_input_tokens=12).translate_batch([LONG])
    assert seen == [12]
