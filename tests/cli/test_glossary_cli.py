"""``mtpipe glossary check`` and ``mtpipe glossary find`` (the sub-app, run directly)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.glossary import app

GLOSSARY = "en,zh,zh-Hant,dnt\nexit ban,出境禁令,出境禁令,\nCCP,中共,中共,\nThe Epoch Times,,,yes\n"
ARTICLE = "Exit Bans Spread\nThe CCP imposed an exit ban on him. He told The Epoch Times.\nNothing else.\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return glossary, article


def test_check_clean(files: tuple[Path, Path]) -> None:
    glossary, _ = files
    result = CliRunner().invoke(app, ["check", str(glossary)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{glossary}: 3 terms, 0 errors, 0 warnings\n"


def test_check_errors_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "en,zh,colour\nexit ban,出境禁令,\nexit ban,出口禁止,\nnational security,国家安全,\n"
        "national security police,国保,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:1: error: unknown column 'colour'; ignored (known: a language code, variants, case, dnt, forbidden, match, note)",
        f"{path}:3: error: source 'exit ban' is also on line 2 with different targets (zh=出境禁令 vs zh=出口禁止); "
        "the later line wins",
        f"{path}:4: warning: 'national security' overlaps 'national security police' (line 5); the longer match wins",
        f"{path}: 3 terms, 2 errors, 1 warning",
    ]


def test_check_warnings_only_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("en,zh\nFujian,福建\nFujian Province,福建省\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"{path}: 2 terms, 0 errors, 1 warning"


def test_check_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("en,zh\ncaf\xe9,x\n".encode("latin-1"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:2: error: not valid UTF-8 (byte 0xe9)",
        f"{path}: 1 error, 0 warnings",
    ]


def test_find(files: tuple[Path, Path]) -> None:
    glossary, article = files
    result = CliRunner().invoke(app, ["find", str(article), "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "p1.s1 (line 1)",
        "  0-9  Exit Bans  =  exit ban → 出境禁令  (g.csv:2)",
        "p2.s1 (line 2)",
        "  4-7  CCP  =  CCP → 中共  (g.csv:3)",
        "  19-27  exit ban  =  exit ban → 出境禁令  (g.csv:2)",
        "p2.s2 (line 2)",
        "  8-23  The Epoch Times  =  The Epoch Times → The Epoch Times  (g.csv:4)",
        "4 matches of 3 entries in 3 of 4 segments",
    ]


def test_find_json_and_overrides(files: tuple[Path, Path], tmp_path: Path) -> None:
    glossary, article = files
    override = tmp_path / "override.tsv"
    override.write_text("en\tzh\nCCP\t中国共产党\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["find", str(article), "-g", str(glossary), "-g", str(override), "--json", "--variant", "zh-TW"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines if line.startswith("{")]
    assert [(o["segment"], o["text"], o["target"], o["origin"]) for o in objects] == [
        ("p1.s1", "Exit Bans", "出境禁令", "g.csv:2"),
        ("p2.s1", "CCP", "中國共產黨", "override.tsv:2"),
        ("p2.s1", "exit ban", "出境禁令", "g.csv:2"),
        ("p2.s2", "The Epoch Times", "The Epoch Times", "g.csv:4"),
    ]
    assert objects[1] == {
        "segment": "p2.s1",
        "line": 2,
        "start": 4,
        "end": 7,
        "text": "CCP",
        "source": "CCP",
        "target": "中國共產黨",
        "dnt": False,
        "origin": "override.tsv:2",
    }
    assert "glossary: 'CCP' from override.tsv:2 overrides g.csv:3" in result.output


def test_find_requires_a_glossary(files: tuple[Path, Path]) -> None:
    _, article = files
    result = CliRunner().invoke(app, ["find", str(article)])
    assert result.exit_code == 2
    assert "--glossary" in result.output


def test_bad_glossary_propagates_pipeline_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, article = files
    bad = tmp_path / "bad.csv"
    bad.write_text("exit ban,出境禁令\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["find", str(article), "-g", str(bad)])
    from pipeline.errors import GlossaryError

    assert isinstance(result.exception, GlossaryError)
    assert "no header row" in result.exception.message


@pytest.mark.parametrize("command", ["check", "find", "export", "import"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: mtpipe glossary {command} " in result.output


def test_no_args_shows_help() -> None:
    result = CliRunner().invoke(app, [])
    assert all(c in result.output for c in ("check", "find", "export", "import"))


PROJECT_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary" / "run-movement.csv"


def test_check_passes_on_the_project_glossary() -> None:
    result = CliRunner().invoke(app, ["check", str(PROJECT_GLOSSARY)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(f"{PROJECT_GLOSSARY}: ")
    assert " 0 errors" in result.output.splitlines()[-1]


# --------------------------------------------------------------------------- export / import


def test_export_then_import(files: tuple[Path, Path], tmp_path: Path) -> None:
    from dataclasses import replace

    from pipeline.glossary import load_glossary

    glossary, _ = files
    tbx = tmp_path / "g.tbx"
    result = CliRunner().invoke(app, ["export", str(glossary), "--to", str(tbx)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{tbx}: 3 terms written\n"
    assert tbx.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    back = tmp_path / "back.csv"
    result = CliRunner().invoke(app, ["import", str(tbx), "--to", str(back)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{back}: 3 terms written\n"
    assert back.read_text(encoding="utf-8") == (
        "en,zh,zh-Hant,variants,case,dnt,forbidden,note\n"
        "exit ban,出境禁令,出境禁令,,,,,\nCCP,中共,中共,,,,,\nThe Epoch Times,,,,,yes,,\n"
    )

    def terms(path: Path) -> list:
        return [replace(t, origin="") for t in load_glossary(path).terms]

    assert terms(back) == terms(glossary)


@pytest.mark.parametrize(("command", "out", "wanted"), [("export", "new.csv", ".tbx"), ("import", "new.tbx", ".csv")])
def test_export_import_check_the_output_suffix(files: tuple[Path, Path], command: str, out: str, wanted: str) -> None:
    glossary, _ = files
    target = glossary.parent / out
    from pipeline.cli import app as root

    result = CliRunner().invoke(root, ["glossary", command, str(glossary), "--to", str(target)], env={"COLUMNS": "300"})
    assert result.exit_code == 2 and f"Error: --to: {target} does not end in {wanted}" in result.output
    assert not target.exists()


def test_import_reports_skipped_entries(tmp_path: Path) -> None:
    tbx = tmp_path / "w.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX" xml:lang="en"><text><body>\n'
        '<termEntry><langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>'
        '<langSet xml:lang="zh"><tig><term>出境禁令</term></tig></langSet></termEntry>\n'
        '<termEntry><langSet xml:lang="en"><tig><term>orphan</term></tig></langSet></termEntry>\n'
        "</body></text></martif>\n",
        encoding="utf-8",
    )
    out = tmp_path / "w.csv"
    from pipeline.cli import app as root_app

    result = CliRunner().invoke(root_app, ["glossary", "import", str(tbx), "--to", str(out)])
    # a monolingual entry (IATE and Microsoft termbases have some) is skipped, not the whole termbase
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:1] == [f"{tbx}:4: warning: 'orphan' has no target (a monolingual entry); skipped"]
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("exit ban,出境禁令")
    assert result.stdout == f"{out}: 1 term written\n"
