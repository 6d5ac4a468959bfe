"""The CLI's rough edges (issue 12, item 5): help that reads like a manual,
-h and --version, one --offline flag, option names whose difference is
obvious, tables that fit 80 columns without cutting ids, plurals, a
confirmation before removing a model, many POs per build, and an offline
hint a newcomer can follow."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import REVIEWED_PO, SAMPLE


def _all_help(cli) -> dict[str, str]:
    from typer.main import get_command

    from pipeline.cli import app
    from pipeline.cli.reference import _walk

    texts = {}
    for path, _command, _ctx in _walk(get_command(app), ["mtpipe"]):
        texts[" ".join(path)] = cli(*path[1:], "--help").output
    return texts


@pytest.mark.slow
def test_help_shows_no_python_types(cli):
    texts = _all_help(cli)
    assert len(texts) > 10
    for name, text in texts.items():
        assert not re.search(r"<(?:file|path|directory|int|float|str|text|bool)\b|list\[|\{[a-z_]+\}|int range", text), f"{name}:\n{text}"
    assert "ARTICLE..." in texts["mtpipe translate"]
    assert "--glossary FILE" in texts["mtpipe translate"]
    assert "--format html|md|txt" in texts["mtpipe build"]


def test_dash_h_and_version(cli):
    from pipeline import __version__

    assert cli("-h").output == cli("--help").output
    assert cli("translate", "-h").output == cli("translate", "--help").output
    result = cli("--version")
    assert result.exit_code == 0 and result.output == f"mtpipe {__version__}\n"


def test_one_offline_flag_and_obvious_thread_options(cli, sample, tmp_path):
    text = cli("translate", "--help").output
    assert "--offline " in text and "--no-offline" not in text
    assert "--io-threads N" in text and "--translators N" in text
    assert "--jobs" not in text and "--threads" not in text
    result = cli("translate", sample, "--engine", "none", "--out", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 2 and "No such option: --jobs" in result.output  # the old hidden names are gone


def test_examples_in_help_are_on_separate_lines(cli):
    text = cli("models", "install", "--help").output
    lines = [line.strip() for line in text.splitlines()]
    assert "mtpipe models install en zh" in lines
    assert "mtpipe models install ./translate-en_zh-1_9.argosmodel" in lines


def test_counts_are_singular_for_one(cli, sample, tmp_path):
    result = cli("translate", sample, "--engine", "none", "--out", tmp_path / "out")
    assert "1 article, 48 segments, 0 engine inputs in 0 calls" in result.output.replace("\n", " ")
    assert "1 articles" not in result.output


def test_a_run_with_nothing_to_do_shows_no_empty_progress_bar(cli, installed_model, tmp_path):
    shutil.copy(SAMPLE, tmp_path / "run-movement.txt")
    (tmp_path / "out" / "run-movement").mkdir(parents=True)
    shutil.copy(REVIEWED_PO, tmp_path / "out" / "run-movement" / "zh_Hans.po")
    result = cli("translate", tmp_path / "run-movement.txt", "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 0, result.output
    assert "0/0" not in result.output and "Translating" not in result.output


def test_the_summary_fits_80_columns_without_cutting_names(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    name = "a-rather-long-article-file-name-about-the-run-movement-and-its-many-consequences"
    shutil.copy(SAMPLE, tmp_path / f"{name}.txt")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / name).write_text("a file where the article's folder should be\n")
    result = cli("translate", tmp_path / f"{name}.txt", tmp_path / "missing.txt", "--engine", "none", "--out", tmp_path / "out")
    table = [line for line in result.output.splitlines() if line.startswith(("│", "┃", "┏", "└"))]
    assert table and all(len(line) <= 80 for line in table), "\n".join(table)
    cells = "".join(line.split("│")[1].strip() for line in table if line.startswith("│"))
    assert name in cells and "…" not in result.output


def test_memory_stats_keeps_a_long_model_id_whole(cli, tmp_path, monkeypatch):
    from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

    monkeypatch.setenv("COLUMNS", "80")
    model = "translate-en_zh-with-a-very-long-package-name-that-does-not-fit@1.9.0-build-2026"
    context = DraftContext(model=model, options={}, glossary_hash="", variant="zh-Hans")
    with TranslationMemory(tmp_path / "tm.sqlite3") as tm:
        tm.store_many([("Hello.", MemoryRecord("你好。"))], context)
    result = cli("memory", "stats", "--memory", tmp_path / "tm.sqlite3")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 for line in rows)
    assert model in "".join(line.split("│")[1].strip() for line in rows) and "…" not in result.output


def test_models_remove_asks_first(cli, runner, own_installed_model):
    from pipeline.cli import app
    from pipeline.models.packages import find_model

    answer = runner.invoke(app, ["models", "remove", "en", "zh"], input="n\n")
    assert answer.exit_code == 1 and "Nothing removed." in answer.output
    assert own_installed_model.path.exists() and find_model("en", "zh") is not None
    answer = runner.invoke(app, ["models", "remove", "en", "zh"], input="y\n")
    assert answer.exit_code == 0 and not own_installed_model.path.exists()


def test_build_takes_many_pos_and_a_quoted_glob_into_a_folder(cli, tmp_path):
    for slug in ("first", "second"):
        (tmp_path / "tr" / slug).mkdir(parents=True)
        shutil.copy(REVIEWED_PO, tmp_path / "tr" / slug / "zh_Hans.po")
    site = tmp_path / "site"
    site.mkdir()
    result = cli("build", f"{tmp_path}/tr/*/zh_Hans.po", "--out", site, "-f", "txt")
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.txt"))
    assert built == ["first/zh_Hans.target-only.txt", "second/zh_Hans.target-only.txt"]
    assert result.output.split() == [str(site / b) for b in built]


def test_build_of_many_reports_each_refusal_and_builds_the_rest(cli, tmp_path):
    shutil.copy(REVIEWED_PO, tmp_path / "good.po")
    (tmp_path / "bad.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = cli("build", tmp_path / "good.po", tmp_path / "bad.po", "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if line.startswith("Error:")] == [
        f"Error: {tmp_path / 'bad.po'}:2: malformed PO file: unterminated or badly quoted string"
    ]
    assert (tmp_path / "site" / tmp_path.name / "good.side-by-side.html").exists()


@pytest.mark.parametrize("offline", [True, False])
def test_the_no_model_hint_offers_what_works_offline(cli, sample, tmp_path, offline):
    result = cli("translate", sample, "--out", tmp_path / "out", *(["--offline"] if offline else []))
    assert result.exit_code == 2
    hint = " ".join(line for line in result.output.splitlines() if not line.startswith("Error:"))
    assert "mtpipe demo" in hint and "mtpipe models install FILE.argosmodel" in hint
    assert "models install en zh" not in hint and "mtpipe translate" not in hint


def test_models_list_fits_80_columns_and_has_json(cli, installed_model, monkeypatch):
    import json

    monkeypatch.setenv("COLUMNS", "80")
    table = cli("models", "list").output
    rows = [line for line in table.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 for line in rows) and "…" not in table
    assert installed_model.name in "".join(line.split("│")[3].strip() for line in rows)
    listed = [json.loads(line) for line in cli("models", "list", "--json").output.splitlines()]
    assert listed == [{"from": "en", "to": "zh", "name": installed_model.name,
                       "version": installed_model.package_version, "path": str(installed_model.path)}]
