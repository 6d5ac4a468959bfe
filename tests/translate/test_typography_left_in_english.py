"""Typography applies only to text in the target language: a draft the engine left in English keeps
English punctuation, for every family; markup and attribute values inside a segment are never touched."""

from __future__ import annotations

import pytest

from pipeline.catalog import load_catalog
from pipeline.languages.table import resolve
from pipeline.languages.typography_families import NNBSP, clean_for

MARKDOWN = "# T\n\nSee [this](https://ex.org/a?x=1;y=2) now: ok!\n\nThe airport authorities said: exit ban!\n"
HTML = '<html><body><p>See <a href="https://ex.org/a?x=1;y=2" title="Note: here">this</a> now: ok!</p></body></html>\n'


@pytest.mark.slow
def test_a_french_run_leaves_english_drafts_and_attribute_values_alone(cli, tmp_path, pair_model_files):
    from pipeline.models.packages import install_from_file

    install_from_file(pair_model_files["fr"])
    (tmp_path / "fr.md").write_text(MARKDOWN)
    (tmp_path / "frh.html").write_text(HTML)
    out = tmp_path / "o"
    result = cli("translate", tmp_path / "fr.md", tmp_path / "frh.html", "--to", "fr", "--out", out, "--no-memory")
    assert result.exit_code == 0, result.output
    md = {e.msgid: e.msgstr for e in load_catalog(out / "fr" / "fr.po").active}
    assert md["See [this](https://ex.org/a?x=1;y=2) now: ok!"] == "See [this](https://ex.org/a?x=1;y=2) now: ok!"
    translated = md["The airport authorities said: exit ban!"]
    assert translated.startswith("The aéroport autorités dit") and translated.endswith(f"{NNBSP}: sortie interdiction{NNBSP}!")
    html = {e.msgid: e.msgstr for e in load_catalog(out / "frh" / "fr.po").active}
    assert html["Note: here"] == "Note: here"  # the title attribute's own segment, left in English
    sentence = 'See <a href="https://ex.org/a?x=1;y=2" title="Note: here">this</a> now: ok!'
    assert html[sentence] == sentence


ENGLISH = 'He said "no": why? See “this”; ok!'


@pytest.mark.parametrize("code", ["fr", "de", "es", "ru", "uk", "ja", "ko", "ar", "fa", "he", "pt-BR"])
def test_english_left_by_the_engine_keeps_english_punctuation(code):
    assert clean_for(ENGLISH, language=resolve(code), source=ENGLISH) == ENGLISH


@pytest.mark.parametrize("code", ["ja", "ko", "ar", "he", "ru"])
def test_a_script_of_its_own_decides_without_the_source(code):
    assert clean_for(ENGLISH, language=resolve(code)) == ENGLISH


@pytest.mark.parametrize(
    ("text", "source", "french"),
    [
        ("See this now: ok!", "See this now: ok!", False),  # the source itself
        ("see  THIS now : ok !", "See this now: ok!", False),  # the engine's echo: case and spaces aside
        ("Xi Jinping: 2024!", "Xi Jinping said: 2024!", False),  # names and numbers only
        ("Voir ceci maintenant : ok !", "See this now: ok!", True),
        ("See this maintenant: ok!", "See this now: ok!", True),  # one word of its own is French
        ("Brexit !", "Brexit!", False),  # cannot be told: left for the reviewer
    ],
)
def test_latin_script_is_told_by_the_source(text, source, french):
    from pipeline.languages.typography_families import in_language

    assert in_language(text, language=resolve("fr"), source=source) is french


def test_without_a_source_latin_script_text_is_the_languages():
    assert clean_for("Il a dit: oui!", language=resolve("fr")) == f"Il a dit{NNBSP}: oui{NNBSP}!"
