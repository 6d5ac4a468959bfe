"""`models list` and `models install` by language pair: --from/--to over the installed packages and the index."""

from __future__ import annotations

import json

import pytest

from conftest import error_lines


@pytest.fixture
def four_pairs(test_model_file, pair_model_files):
    """en→zh, ja, fr, ar installed in this test's own package folder."""
    from pipeline.models.packages import install_from_file

    return [install_from_file(path) for path in (test_model_file, *pair_model_files.values())]


@pytest.fixture
def local_index(tmp_path, monkeypatch, test_model_file, pair_model_files):
    """A package index as Argos publishes it (index.json), read from a file:// address."""
    index = tmp_path / "index.json"
    packages = [
        {"package_name": "translate-en_ja", "package_version": "1.1", "from_code": "en", "to_code": "ja",
         "from_name": "English", "to_name": "Japanese", "links": [pair_model_files["ja"].as_uri()]},
        {"package_name": "translate-en_ja", "package_version": "1.10", "from_code": "en", "to_code": "ja",
         "links": [pair_model_files["ja"].as_uri()]},
        {"package_name": "translate-ja_en", "package_version": "1.1", "from_code": "ja", "to_code": "en",
         "links": ["file:///nowhere/ja_en.argosmodel"]},
        {"package_name": "translate-en_zh", "package_version": "1.0", "from_code": "en", "to_code": "zh",
         "links": [test_model_file.as_uri()]},
        {"package_name": "translate-en_de", "package_version": "1.0", "from_code": "en", "to_code": "de", "links": []},
    ]
    index.write_text(json.dumps(packages), encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    return index


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(
    ("args", "pairs"),
    [
        ((), [("en", "ar"), ("en", "fr"), ("en", "ja"), ("en", "zh")]),
        (("--to", "ja"), [("en", "ja")]),
        (("--to", "ja_JP"), [("en", "ja")]),  # codes read through the languages table
        (("--to", "zh-TW"), [("en", "zh")]),  # a Chinese variant is served by the en→zh package
        (("--from", "en", "--to", "fr"), [("en", "fr")]),
        (("--from", "eng_Latn", "--to", "arb_Arab"), [("en", "ar")]),
        (("--from", "ja"), []),
    ],
)
def test_list_installed_by_pair(cli, four_pairs, args, pairs):
    result = cli("models", "list", *args, "--json")
    assert result.exit_code == 0, result.output
    assert [(m["from"], m["to"]) for m in _json_lines(result.output)] == pairs


def test_list_installed_by_pair_as_a_table_and_when_none(cli, four_pairs):
    result = cli("models", "list", "--to", "fr")
    assert result.exit_code == 0, result.output
    assert "fr" in result.output and "ja" not in result.output.replace("translate", "")
    result = cli("models", "list", "--to", "ko")
    assert result.exit_code == 0
    assert "No en→*" not in result.output and "No *→ko models installed in" in result.output
    assert "mtpipe models install en ko" in result.output


def test_list_the_index_by_pair_newest_first_marking_what_is_installed(cli, local_index, test_model_file):
    from pipeline.models.packages import install_from_file

    install_from_file(test_model_file)  # en→zh 1.0
    result = cli("models", "list", "--available", "--json")
    assert result.exit_code == 0, result.output
    assert [(p["from"], p["to"], p["version"], p["installed"]) for p in _json_lines(result.output)] == [
        ("en", "ja", "1.10", False), ("en", "ja", "1.1", False), ("en", "zh", "1.0", True), ("ja", "en", "1.1", False),
    ]  # en→de has no download link: not installable, not listed
    result = cli("models", "list", "--available", "--from", "en", "--to", "ja", "--json")
    assert [(p["name"], p["version"]) for p in _json_lines(result.output)] == [("translate-en_ja", "1.10"), ("translate-en_ja", "1.1")]
    result = cli("models", "list", "--available", "--to", "zh-Hant", "--json")
    assert [(p["from"], p["to"], p["installed"]) for p in _json_lines(result.output)] == [("en", "zh", True)]
    result = cli("models", "list", "--available", "--from", "fr")
    assert result.exit_code == 0 and f"The package index at {local_index.as_uri()} has no fr→* package." in result.output


def test_list_available_without_the_index_is_one_error_line(cli):
    result = cli("models", "list", "--available", "--to", "ja")
    assert result.exit_code != 0
    (line,) = error_lines(result.output)
    assert line.startswith("Error: cannot reach http://127.0.0.1:9/index.json")


def test_install_by_pair_from_the_index_and_a_missing_pair_names_what_the_index_has(cli, local_index):
    result = cli("models", "install", "en", "ja_JP")
    assert result.exit_code == 0, result.output
    assert "(en→ja)" in result.output
    assert [(m["to"],) for m in _json_lines(cli("models", "list", "--to", "ja", "--json").output)] == [("ja",)]
    result = cli("models", "install", "en", "ko")
    assert error_lines(result.output) == ["Error: the package index has no en→ko package"]
    assert "the index has en→ja, zh (`mtpipe models list --available --from en`)" in result.output
