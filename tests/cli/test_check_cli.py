"""``mtpipe check``: planted errors in reviewed entries are found, with their msgctxt."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from pipeline.catalog import Catalog, Entry, new_header, write_catalog
from pipeline.cli import ErrorHandlingGroup
from pipeline.cli.check import check_cli

# Reviewed entries (no fuzzy flag), each with one planted error, and one clean entry.
PLANTED = [
    Entry("p1.s1", "The shortest questioning time was 25 minutes.", "最短的盘问也用了52分钟。"),
    Entry("p2.s1", "The full report is at https://example.org/report.", "完整报告见https://example.org/repot。"),
    Entry("p3.s1", "“The authorities are worried,” he said.", "“当局很担心，他说。"),
    Entry("p4.s1", "He was placed under an exit ban last year.", "他去年被施以出口禁止。"),
    Entry("p5.s1", "Others fly to Turkey via Hong Kong.", "还有人经香港飞往土耳其。"),
]
CLEAN = [
    Entry("p1.s1", "The shortest questioning time was 25 minutes.", "最短的盘问也用了25分钟。"),
    Entry("p2.s1", "He was placed under an exit ban last year.", "他去年被施以出境禁令。"),
    Entry("p3.s1", "A new sentence that nobody has translated yet.", ""),
    Entry("p9.s1", "An old sentence.", "一个旧句子。", obsolete=True),
]


@pytest.fixture
def app():
    app = typer.Typer(cls=ErrorHandlingGroup, add_completion=False, rich_markup_mode=None)
    app.command("check")(check_cli)

    @app.callback()
    def _root() -> None:
        """mtpipe (test app)"""

    return app


@pytest.fixture
def run(app):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, ["check", *map(str, args)], catch_exceptions=False)

    return invoke


def write_po(path, entries, language="zh_Hans"):
    write_catalog(path, Catalog(language, new_header("test", language), list(entries)))
    return path


@pytest.fixture
def glossary(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("en,zh,forbidden\nexit ban,出境禁令,出口禁止\n", encoding="utf-8")
    return path


def _line_of(po):
    """Where each entry starts in *po*, by msgctxt: found by reading the file's own lines."""
    lines = po.read_text(encoding="utf-8").split("\n")
    starts = {}
    for number, text in enumerate(lines, start=1):
        if text.startswith("msgctxt "):
            first = number
            while first > 1 and lines[first - 2].strip():  # back over the entry's comment lines
                first -= 1
            starts[text.split('"')[1]] = first
    return starts


def test_planted_errors_are_found_with_their_line(tmp_path, glossary, run):
    po = write_po(tmp_path / "zh_Hans.po", PLANTED)
    result = run(po, "--glossary", glossary)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    at = _line_of(po)
    assert lines[:3] == [
        f"{po}:{at['p1.s1']}: error: [numbers] number 25 missing from the target",
        f"{po}:{at['p2.s1']}: error: [urls] URL https://example.org/report missing or changed in the target",
        f"{po}:{at['p3.s1']}: error: [brackets] unbalanced “ ” / 「 」: 1 opening mark not closed in the target",
    ]
    # the glossary messages are pipeline.translate.verify.verify_terms' own wording
    assert lines[3].startswith(f"{po}:{at['p4.s1']}: error: [glossary] ") and "出境禁令" in lines[3]
    assert lines[4].startswith(f"{po}:{at['p4.s1']}: error: [glossary] ") and "出口禁止" in lines[4]
    assert not any(f":{at['p5.s1']}: " in line for line in lines)
    assert "5 errors, 0 warnings in 1 file" in result.output


def test_summary_counts_entries_and_findings_by_check(tmp_path, glossary, run):
    po = write_po(tmp_path / "zh_Hans.po", PLANTED)
    result = run(po, "--glossary", glossary)
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    assert rows["translated"] == ["5"]
    assert rows["fuzzy"] == ["0"]
    assert rows["numbers"] == ["(error)", "1"]
    assert rows["glossary"] == ["(error)", "2"]


def test_without_glossary_the_glossary_violation_is_not_reported(tmp_path, run):
    po = write_po(tmp_path / "zh_Hans.po", PLANTED)
    result = run(po)
    assert result.exit_code == 1
    assert "[glossary]" not in result.output
    assert "3 errors, 0 warnings in 1 file" in result.output


def test_clean_file_exits_0(tmp_path, glossary, run):
    po = write_po(tmp_path / "zh_Hans.po", CLEAN)
    result = run(po, "--glossary", glossary)
    assert result.exit_code == 0, result.output
    assert f"{po}: " not in result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    assert (rows["translated"], rows["untranslated"], rows["obsolete"]) == (["2"], ["1"], ["1"])
    assert "0 errors, 0 warnings in 1 file" in result.output


def test_warnings_alone_exit_0(tmp_path, run):
    po = write_po(tmp_path / "zh_Hans.po", [Entry("p1.s1", "He said so.", "他这么说.")])
    result = run(po)
    assert result.exit_code == 0
    assert f"{po}:{_line_of(po)['p1.s1']}: warning: [punctuation] half-width punctuation in the target: '.' at 4" in result.output
    assert "0 errors, 1 warning in 1 file" in result.output


def test_json_is_one_document(tmp_path, glossary, run):
    (tmp_path / "bad").mkdir()
    bad = write_po(tmp_path / "bad" / "zh_Hans.po", PLANTED)
    good = write_po(tmp_path / "zh_TW.po", [Entry("p1.s1", "It took 25 minutes.", "花了25分鐘。")], "zh_TW")
    result = run(bad, good, "--glossary", glossary, "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["errors"] == 5 and doc["warnings"] == 0
    assert [f["path"] for f in doc["files"]] == [str(bad), str(good)]
    first, second = doc["files"]
    assert first["counts"] == {"translated": 5, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    assert list(first["by_check"].items()) == [("numbers", 1), ("urls", 1), ("brackets", 1), ("glossary", 2)]
    assert first["findings"][0] == {
        "check": "numbers",
        "severity": "error",
        "msgctxt": "p1.s1",
        "line": _line_of(bad)["p1.s1"],
        "message": "number 25 missing from the target",
    }
    assert second["language"] == "zh_TW" and second["findings"] == []
    assert [c["name"] for c in doc["checks"]][:2] == ["numbers", "urls"]


def test_malformed_po_is_an_error_not_a_finding(tmp_path, run):
    po = tmp_path / "zh_Hans.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "p1.s1"\nmsgid "cut off', encoding="utf-8")
    result = run(po)
    assert result.exit_code == 2
    assert "Error:" in result.output and "malformed PO file" in result.output


def test_help_has_an_example_and_lists_the_checks(run):
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Example: mtpipe check translations/run-movement/zh_Hans.po --glossary" in text
    assert "warnings alone exit 0" in text
    assert "numbers (error): Numbers of the source missing from the target." in result.output
    assert "length (warning): Target too long or too short for the source." in result.output
