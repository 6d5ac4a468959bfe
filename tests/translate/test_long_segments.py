"""Long sentences: split for the model, joined after, never truncated silently."""

from __future__ import annotations

import pytest

from conftest import GLOSSARY
from pipeline.catalog import load_catalog
from pipeline.glossary import load_glossaries
from pipeline.memory import TranslationMemory
from pipeline.translate.engine import ArgosEngine
from pipeline.translate import TRUNCATED_NOTE, translate_articles

LONG = (
    "Mr. Lu said that customs agents interrogated people for extended periods about their reasons for going to Thailand, "
    "and that the authorities are worried that after people go to Thailand, they may go from Thailand to Turkey, "
    "South America, and then enter the United States; many Chinese people have taken longer routes, first flying to "
    "Thailand, then to Turkey, then to Ecuador, while others fly to Turkey via Hong Kong."
)


def compact(text: str) -> str:
    return text.replace(" ", "")


def test_input_over_the_limit_is_split_and_joined(installed_model):
    whole = ArgosEngine(installed_model, beam_size=1)
    split = ArgosEngine(installed_model, beam_size=1, max_input_tokens=20)
    assert len(split._pieces_of(LONG)) > 3
    (reference,) = whole.translate_batch([LONG])
    (pieced,) = split.translate_batch([LONG])
    # Word for word, so the pieces must give back the whole translation.
    assert compact(pieced) == compact(reference)
    assert split.stats.segments > whole.stats.segments
    assert not split.truncated


def test_output_at_the_decoding_limit_is_retranslated_in_pieces(installed_model):
    whole = ArgosEngine(installed_model, beam_size=1)
    capped = ArgosEngine(installed_model, beam_size=1, max_decoding_length=40)
    (reference,) = whole.translate_batch([LONG])
    (pieced,) = capped.translate_batch([LONG])
    assert compact(pieced) == compact(reference)
    assert capped.stats.calls > 1 and not capped.truncated


@pytest.mark.slow
@pytest.mark.parametrize("with_glossary", [False, True])
def test_hopelessly_capped_output_is_flagged_not_shipped(installed_model, tmp_path, with_glossary):
    article = tmp_path / "long.txt"
    article.write_text(LONG + "\n", encoding="utf-8")
    engine = ArgosEngine(installed_model, beam_size=1, max_decoding_length=3)
    # With a glossary the engine sees masked text (ZQ0 ...), not the source.
    glossary = load_glossaries([GLOSSARY]) if with_glossary else None
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    translate_articles([article], out_dir=tmp_path / "out", engine=engine, glossary=glossary, memory=memory)
    assert engine.truncated
    assert memory.stats().entries == 0  # a cut translation is never remembered
    memory.close()
    (entry,) = load_catalog(tmp_path / "out" / "long" / "zh_Hans.po").active
    assert entry.msgid == LONG  # one entry per sentence, whatever the pieces
    assert entry.fuzzy and TRUNCATED_NOTE in entry.notes
