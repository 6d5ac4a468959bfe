"""Every command that takes a variant uses the one vocabulary of pipeline.languages.variants."""

from __future__ import annotations

import pytest

from conftest import GLOSSARY


@pytest.mark.slow
@pytest.mark.parametrize("spelling,stem", [("zh-CN", "zh_Hans"), ("zh_cn", "zh_Hans"), ("ZH-tw", "zh_TW"), ("zh_hk", "zh_HK"), ("zh-MO", "zh_HK")])
def test_translate_accepts_any_spelling_of_a_variant(cli, sample, tmp_path, spelling, stem):
    out = tmp_path / "out"
    result = cli("translate", sample, "--engine", "none", "--out", out, "--variant", spelling)
    assert result.exit_code == 0, result.output
    assert (out / "run-movement" / f"{stem}.po").exists()


@pytest.mark.parametrize("command", [
    ("translate", "{article}", "--engine", "none", "--out", "{out}", "--variant", "fr"),
    ("glossary", "find", "{article}", "--glossary", str(GLOSSARY), "--variant", "fr"),
])
def test_an_unknown_variant_is_one_line_and_nothing_is_written(cli, sample, tmp_path, command):
    out = tmp_path / "out"
    result = cli(*(c.format(article=sample, out=out) for c in command))
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown Chinese variant 'fr'")
    assert "zh-TW" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_glossary_find_shows_the_variant_it_was_given(cli, sample):
    result = cli("glossary", "find", sample, "--glossary", GLOSSARY, "--variant", "zh_tw")
    assert result.exit_code == 0, result.output
    assert "→ 出境禁令" in result.output or "運動" in result.output
