"""`mtpipe translate` end to end through the CLI, with the word-for-word test model."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SAMPLE, msgfmt_check
from pipeline.documents.article import read_article, segment_article
from pipeline.catalog import load_catalog


@pytest.mark.slow
def test_translate_sample_article(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    result = cli("translate", sample, "--out", out)
    assert result.exit_code == 0, result.output
    pot = out / "run-movement" / "run-movement.pot"
    po = out / "run-movement" / "zh_Hans.po"
    assert pot.is_file() and po.is_file()
    for path in (pot, po):
        msgfmt_check(path)
    segments = segment_article(read_article(sample))
    catalog = load_catalog(po)
    entries = catalog.active
    assert [e.msgctxt for e in entries] == [s.id for s in segments]
    assert [e.msgid for e in entries] == [s.text for s in segments]
    assert len({e.msgctxt for e in entries}) == len(entries)
    for e, s in zip(entries, segments):
        assert e.msgstr, e.msgctxt
        assert e.fuzzy and "mt" in e.flags
        assert e.references == (("run-movement.txt", str(s.line)),)
    header = catalog.header
    assert header["Language"] == "zh_Hans"
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    for key in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "X-Generator"):
        assert header[key]
    # The word-for-word model really ran: known words came out in Chinese.
    by_id = {e.msgctxt: e.msgstr for e in entries}
    assert "中国" in by_id["p1.s1"]
    # No spaces left between Chinese characters; Chinese full stops.
    assert all("中 国" not in e.msgstr for e in entries)
    assert by_id["p2.s1"].endswith("。")
    assert "run-movement.pot" in result.stdout and "zh_Hans.po" in result.stdout


def test_engine_none_writes_empty_msgstr_without_a_model(cli, sample, tmp_path):
    out = tmp_path / "out"
    result = cli("translate", sample, "--out", out, "--engine", "none")
    assert result.exit_code == 0, result.output
    catalog = load_catalog(out / "run-movement" / "zh_Hans.po")
    assert catalog.active and all(e.msgstr == "" and not e.fuzzy for e in catalog.active)
    msgfmt_check(out / "run-movement" / "zh_Hans.po")


@pytest.mark.parametrize("offline", [True, False])
def test_no_model_stops_with_exit_2_and_writes_nothing(cli, sample, tmp_path, offline):
    out = tmp_path / "out"
    args = ["translate", sample, "--out", out] + (["--offline"] if offline else [])
    result = cli(*args)
    assert result.exit_code == 2
    assert "mtpipe models install" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d.joinpath("empty.txt").write_text(" \n"), d / "empty.txt")[1], "is empty"),
        (lambda d: (d.joinpath("bin.txt").write_bytes(b"\x00\x01\x02"), d / "bin.txt")[1], "binary"),
        (lambda d: (d.joinpath("latin1.txt").write_bytes("Caf\xe9.".encode("latin-1")), d / "latin1.txt")[1], "not valid UTF-8"),
        (lambda d: (d.joinpath("folder").mkdir(), d / "folder")[1], "no .txt, .md or .html articles"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(cli, tmp_path, make, message):
    path = make(tmp_path)
    out = tmp_path / "out"
    result = cli("translate", path, "--out", out, "--engine", "none")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (out / path.stem).exists()


def test_unwritable_output_folder(cli, sample, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = cli("translate", sample, "--out", blocker / "sub", "--engine", "none")
    assert result.exit_code == 2
    assert "cannot be written" in result.output and "Traceback" not in result.output


def test_debug_shows_the_traceback(cli, tmp_path):
    with pytest.raises(Exception):
        cli("--debug", "segment", tmp_path / "missing.txt")


def test_segment_json(cli):
    import json

    result = cli("segment", SAMPLE, "--json")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    segments = segment_article(read_article(SAMPLE))
    assert [r["id"] for r in rows] == [s.id for s in segments]
    assert rows[2] == {"id": "p3.s1", "text": "Different Routes", "line": 3, "kind": "heading"}


@pytest.mark.slow
def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "translate" in proc.stdout


@pytest.mark.slow
def test_models_cli_install_list_remove(cli, test_model_file):
    result = cli("models", "install", test_model_file)
    assert result.exit_code == 0, result.output
    listed = cli("models", "list")
    assert "en" in listed.stdout and "zh" in listed.stdout
    assert cli("models", "remove", "en", "zh", "--yes").exit_code == 0
    assert cli("models", "remove", "en", "zh", "--yes").exit_code == 2


@pytest.mark.slow
def test_demo_runs_offline(cli, tmp_path):
    result = cli("demo", "--out", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    po = tmp_path / "demo" / "run-movement" / "zh_Hans.po"
    assert po.is_file()
    msgfmt_check(po)
    lines = [line for line in result.stderr.splitlines() if line.startswith("[demo")]
    assert lines and all("not a translator" in line for line in lines)
    for stem in ("ja", "fr"):  # three languages (issue 23)
        msgfmt_check(tmp_path / "demo" / "run-movement" / f"{stem}.po")


@pytest.mark.slow
def test_progress_moves_while_the_engine_works(installed_model, sample, tmp_path):
    from pipeline.translate.engine import ArgosEngine
    from pipeline.translate import translate_articles

    seen = []
    translate_articles([sample], out_dir=tmp_path / "out", engine=ArgosEngine(installed_model), on_progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _ in seen]
    assert seen[-1] == (48, 48)
    assert len(set(done)) > 10, "progress only jumped at the end"
    assert done == sorted(done)


def test_bad_report_path_is_refused_before_any_work(cli, sample, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = tmp_path / "out"
    result = cli("translate", sample, "--out", out, "--engine", "none", "--report", blocker / "r.json")
    assert result.exit_code == 2 and "--report" in result.output
    assert not out.exists()


def test_glossary_problems_are_warned_about(cli, sample, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("en,zh,colour\nexit ban,出境禁令,red\nrun,,\n", encoding="utf-8")
    result = cli("translate", sample, "--out", tmp_path / "out", "--engine", "none", "--glossary", bad)
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "mtpipe glossary check" in result.stderr


def test_a_mistyped_path_is_reported_before_any_model_download(cli, tmp_path, monkeypatch):
    import pipeline.models.packages as models

    monkeypatch.setattr(models, "install_from_index", lambda *a, **k: pytest.fail("tried to download a model"))
    result = cli("translate", tmp_path / "typo.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "typo.txt: no such file" in result.output
    assert result.output.count("Error:") == 1


def test_a_bad_single_article_is_refused_before_any_model_download(cli, tmp_path, monkeypatch):
    import pipeline.models.packages as models

    monkeypatch.setattr(models, "install_from_index", lambda *a, **k: pytest.fail("tried to download a model"))
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = cli("translate", binary, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "binary" in result.output


def test_shared_sentence_keeps_its_markup_in_the_second_article(cli, installed_model, tmp_path):
    """Issue 19 bug 1: the run's markup lookup keyed each text to the first article holding it.

    Here a.md keeps its entry (nothing to draft), so it is written, and its
    markup let go, as soon as b.md's memory hit comes in; the shared sentence,
    drafted afterwards for b.md, lost its code span protection and came out
    with `exit ban` translated inside the backticks.
    """
    from conftest import GLOSSARY

    shared = "Type `exit ban` in the box."
    folder = tmp_path / "arts"
    folder.mkdir()
    memory, out = tmp_path / "tm.sqlite3", tmp_path / "out"
    (folder / "c.md").write_text("The people run home.\n", encoding="utf-8")
    assert cli("translate", folder / "c.md", "-g", GLOSSARY, "--memory", memory, "--out", out).exit_code == 0
    (folder / "a.md").write_text(shared + "\n", encoding="utf-8")
    assert cli("translate", folder / "a.md", "-g", GLOSSARY, "--no-memory", "--out", out).exit_code == 0
    (folder / "b.md").write_text("The people run home.\n\n" + shared + "\n", encoding="utf-8")
    result = cli("translate", folder / "a.md", folder / "b.md", "-g", GLOSSARY, "--memory", memory, "--out", out)
    assert result.exit_code == 0, result.output
    entry = next(e for e in load_catalog(out / "b" / "zh_Hans.po").active if e.msgid == shared)
    assert "`exit ban`" in entry.msgstr, entry.msgstr


def test_ship_model_without_a_cluster_is_refused(cli, sample, tmp_path):
    result = cli("translate", sample, "--engine", "none", "--ship-model", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Error: --ship-model applies to --cluster runs" in result.output
    assert not (tmp_path / "out").exists()
