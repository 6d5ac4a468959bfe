"""``mtpipe.toml``'s ``engine`` key takes what ``--engine`` takes, ``nllb:PATH`` too (issue 22).

A relative model folder is taken from the project file's folder, as every
other path of the file is; a bad value is one ``Error:`` line naming the key
and the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import error_lines
from pipeline.errors import InputError
from pipeline.project import PROJECT_FILE, load_project, parse_engine

TEXT = "The exit ban on Chinese citizens is illegal, the authorities said.\n"


def write_project(folder: Path, text: str) -> Path:
    path = folder / PROJECT_FILE
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("argos", "argos"),
        ("none", "none"),
        ("nllb:models/nllb-200", "nllb:{folder}/models/nllb-200"),
        ("m2m:m2m100", "m2m:{folder}/m2m100"),
        ("nllb:/opt/models/nllb", "nllb:/opt/models/nllb"),
    ],
)
def test_the_key_takes_what_the_option_takes(tmp_path, value, expected):
    path = write_project(tmp_path, f'engine = "{value}"\n')
    engine = load_project(path).defaults_for("translate")["engine"]
    assert engine == expected.format(folder=tmp_path)
    kind, folder = parse_engine(str(engine))  # what translate then reads, from any working folder
    assert kind == ("nllb" if ":" in value else value)
    assert folder is None or folder.is_absolute()


def test_the_option_reads_a_relative_folder_from_the_working_folder():
    assert parse_engine("nllb:models/x") == ("nllb", Path("models/x"))
    assert parse_engine("nllb:models/x", base=Path("/p")) == ("nllb", Path("/p/models/x"))
    with pytest.raises(InputError, match="unknown engine 'nllb:'"):
        parse_engine("nllb:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('engine = "deepl"\n', "Error: key 'engine' in project file {path}: unknown engine 'deepl'"),
        ('engine = "nllb:"\n', "Error: key 'engine' in project file {path}: unknown engine 'nllb:'"),
        ('engine = "argos:models"\n', "Error: key 'engine' in project file {path}: unknown engine 'argos:models'"),
        ("engine = 5\n", "Error: key 'engine' in project file {path} must be argos, none or nllb:PATH (a string), not 5"),
    ],
)
def test_a_bad_engine_is_one_error_line(cli, tmp_path, monkeypatch, text, expected):
    path = write_project(tmp_path, text)
    (tmp_path / "news.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("translate", "news.txt")
    assert result.exit_code == 2
    assert error_lines(result.output) == [expected.format(path=path)]
    assert "argos, none or nllb:PATH" in result.output  # the hint
    assert "Traceback" not in result.output and not (tmp_path / "translations").exists()


@pytest.mark.slow
def test_translate_uses_the_nllb_model_the_project_file_names(cli, tmp_path, monkeypatch):
    from pipeline.testing.multilingual_model import build_multilingual_model

    build_multilingual_model(tmp_path / "models" / "nllb-test")
    write_project(tmp_path, 'engine = "nllb:models/nllb-test"\nout = "translations"\n')
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ban.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(articles)  # the model folder is found from the project file's folder, not from here
    result = cli("translate", "ban.txt", "--to", "fr", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["routes"]["fr"] == "en→fr (nllb: nllb-test)"
    po = (tmp_path / "translations" / "ban" / "fr.po").read_text(encoding="utf-8")
    assert "interdiction" in po
    # the command line still wins
    result = cli("translate", "ban.txt", "--to", "fr", "--engine", "none", "--out", tmp_path / "by-hand")
    assert result.exit_code == 0, result.output
    assert "interdiction" not in (tmp_path / "by-hand" / "ban" / "fr.po").read_text(encoding="utf-8")
