"""``mtpipe.toml``: found upward, its settings as option defaults, the command line over them, clear errors;
and re-runs that say when the drafts were made with another glossary or model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import GLOSSARY, error_lines
from pipeline.catalog import CONTEXT_HEADER, load_catalog
from pipeline.catalog.notes import DraftedWith, parse_context
from pipeline.project import PROJECT_FILE, SETTINGS, find_project_file, load_project
from pipeline.translate.context import context_change

TEXT = "The minister resigned on Monday.\n\nAn exit ban stopped him at the border.\n"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with an article and a glossary; the working folder is a subfolder of it."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "news.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    shutil.copy(GLOSSARY, tmp_path / "glossary" / "terms.csv")
    monkeypatch.chdir(tmp_path / "articles")
    return tmp_path


def write_project(folder: Path, text: str) -> Path:
    path = folder / PROJECT_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_found_upward_and_the_nearest_wins(tmp_path):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    assert find_project_file(inner) is None
    outer = write_project(tmp_path, 'out = "x"\n')
    assert find_project_file(inner) == outer
    nearer = write_project(tmp_path / "a", 'out = "y"\n')
    assert find_project_file(inner) == nearer


def test_paths_are_relative_to_the_file(tmp_path):
    path = write_project(tmp_path, 'glossary = ["g/terms.csv"]\nout = "translations"\nvariants = ["zh-TW"]\nbeam = 3\n')
    project = load_project(path)
    assert project.defaults_for("translate") == {
        "glossary": [str(tmp_path / "g" / "terms.csv")],
        "out": str(tmp_path / "translations"),
        "variant": ["zh-TW"],
        "beam": 3,
    }
    assert project.defaults_for("check") == {"glossary": [str(tmp_path / "g" / "terms.csv")]}
    assert project.defaults_for("build") == {}  # build's --out is the editions' folder, not translate's


def test_every_key_names_an_option_of_its_commands():
    import typer.main

    from pipeline.cli import app

    group = typer.main.get_command(app)
    for key, setting in SETTINGS.items():
        for path in setting.commands:
            command = group
            for name in path.split():
                command = command.commands[name]
            assert setting.param in {p.name for p in command.params}, (key, path)


def test_settings_apply_to_translate(cli, project):
    write_project(project, 'glossary = ["glossary/terms.csv"]\nvariants = ["zh-TW"]\nout = "translations"\n')
    result = cli("translate", "news.txt", "--engine", "none")
    assert result.exit_code == 0, result.output
    folder = project / "translations" / "news"
    assert sorted(p.name for p in folder.iterdir()) == ["news.pot", "zh_Hans.po", "zh_TW.po"]
    notes = [n for e in load_catalog(folder / "zh_Hans.po").active for n in e.notes]
    assert "glossary: exit ban → 出境禁令" in notes


def test_the_command_line_overrides_the_file(cli, project):
    write_project(project, 'variants = ["zh-TW"]\nout = "translations"\n')
    result = cli("translate", "news.txt", "--engine", "none", "--out", "elsewhere", "--variant", "zh-HK")
    assert result.exit_code == 0, result.output
    folder = project / "articles" / "elsewhere" / "news"
    assert sorted(p.name for p in folder.iterdir()) == ["news.pot", "zh_HK.po", "zh_Hans.po"]
    assert not (project / "translations").exists()


def test_memory_commands_use_the_files_memory(cli, project):
    write_project(project, 'memory = "tm.sqlite3"\n')
    result = cli("memory", "stats", "--json")
    assert result.exit_code == 0, result.output
    assert str(project / "tm.sqlite3") in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('glosary = ["g.csv"]\n', "Error: unknown key 'glosary' in project file {path}"),
        ('beam = "four"\n', "Error: key 'beam' in project file {path} must be an integer, not 'four'"),
        ("glossary = [1]\n", "Error: key 'glossary' in project file {path} must be a list of paths, not [1]"),
        ("[translate]\nout = 'x'\n", "Error: unknown key 'translate' in project file {path}"),
        ('engine = "deepl"\n', "Error: key 'engine' in project file {path}: unknown engine 'deepl'"),
        ('variants = ["zh-XX"]\n', "Error: key 'variants' in project file {path}: "),
    ],
)
def test_a_bad_key_is_one_error_line_naming_it_and_the_file(cli, project, text, expected):
    path = write_project(project, text)
    result = cli("translate", "news.txt", "--engine", "none")
    assert result.exit_code == 2
    lines = error_lines(result.output)
    assert len(lines) == 1 and lines[0].startswith(expected.format(path=path))
    assert "Traceback" not in result.output
    assert not (project / "articles" / "translations").exists()


def test_invalid_toml_is_one_error_line(cli, project):
    path = write_project(project, "beam = \n")
    result = cli("stats", "nothing.po")
    assert result.exit_code == 2
    lines = error_lines(result.output)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path} is not valid TOML: ")


# --------------------------------------------------------------------------- the context of the drafts


def test_context_header_round_trip_and_old_values():
    value = DraftedWith("3f2a9c1b0d12ab34", "mtpipe-test en→zh@1.0 beam", "5e0c2a7d9b1f")
    assert parse_context(str(value)) == value
    assert " " not in str(value).split(" ", 1)[1].split(" glossary=")[0].removeprefix("model=")
    assert parse_context(str(DraftedWith("3f2a", "m", ""))) == DraftedWith("3f2a", "m", "")
    assert parse_context("3f2a9c1b0d12ab34") == DraftedWith("3f2a9c1b0d12ab34")  # written before the parts


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (DraftedWith("a", "m1", "g"), DraftedWith("b", "m1", ""), "a glossary (g) and this run has none"),
        (DraftedWith("a", "m1", ""), DraftedWith("b", "m1", "g"), "no glossary (this run has one)"),
        (DraftedWith("a", "m1", "g1"), DraftedWith("b", "m1", "g2"), "another glossary (g1; this run: g2)"),
        (DraftedWith("a", "m1", "g"), DraftedWith("b", "m2", "g"), "model m1 (this run: m2)"),
        (DraftedWith("a", "m1", "g"), DraftedWith("b", "m1", "g"), "other decoding options"),
        (DraftedWith("a"), DraftedWith("b", "m1", "g"), "another model, decoding options or glossary"),
    ],
)
def test_what_changed_in_words(old, new, said):
    assert context_change(old, new) == said


def _glossary_drafts(po: Path) -> int:
    return sum(1 for e in load_catalog(po).active if any(n.startswith("glossary: ") for n in e.notes))


def test_forgetting_the_glossary_warns_with_counts(cli, project, installed_model):
    out = project / "translations"
    first = cli("translate", "news.txt", "--out", out, "--glossary", project / "glossary" / "terms.csv")
    assert first.exit_code == 0, first.output
    po = out / "news" / "zh_Hans.po"
    assert "glossary=none" not in load_catalog(po).header[CONTEXT_HEADER]
    again = cli("translate", "news.txt", "--out", out)
    assert again.exit_code == 0, again.output
    warnings = [line for line in again.output.splitlines() if line.startswith("WARNING:")]
    assert len(warnings) == 1
    assert warnings[0].startswith("WARNING: 2 untouched machine drafts in 1 article were made with a glossary (")
    assert warnings[0].endswith(
        "and this run has none: drafted again (reviewed and edited entries are kept); "
        "to keep the glossary's terms, pass --glossary or set glossary in mtpipe.toml"
    )


def test_with_a_project_file_the_glossary_is_remembered(cli, project, installed_model):
    write_project(project, 'glossary = ["glossary/terms.csv"]\nout = "translations"\n')
    first = cli("translate", "news.txt")
    assert first.exit_code == 0, first.output
    po = project / "translations" / "news" / "zh_Hans.po"
    before = po.read_bytes()
    assert _glossary_drafts(po) == 1
    again = cli("translate", "news.txt")
    assert again.exit_code == 0, again.output
    assert "WARNING" not in again.output
    assert po.read_bytes() == before


def test_a_context_header_of_an_older_mtpipe_stays_as_written(cli, project, installed_model):
    out = project / "translations"
    assert cli("translate", "news.txt", "--out", out).exit_code == 0
    po = out / "news" / "zh_Hans.po"
    text = po.read_text(encoding="utf-8")
    value = load_catalog(po).header[CONTEXT_HEADER]
    fingerprint_only = text.replace(value, value.split()[0])
    assert fingerprint_only != text
    po.write_text(fingerprint_only, encoding="utf-8")
    again = cli("translate", "news.txt", "--out", out)
    assert again.exit_code == 0, again.output
    assert "WARNING" not in again.output
    assert po.read_text(encoding="utf-8") == fingerprint_only


def test_fuzzy_threshold_from_the_file_and_over_it(cli, project, installed_model):
    from conftest import reviewed_po

    reviewed_po(cli, project, "The minister resigned on Monday after the vote.\n", "old.txt", {})
    out = project / "out"  # where reviewed_po put the reviewed article
    (project / "articles" / "news.txt").write_text("The minister resigned on Tuesday after the vote.\n", encoding="utf-8")
    write_project(project, 'out = "out"\nfuzzy-threshold = 0\n')
    assert cli("translate", "news.txt", "--no-memory").exit_code == 0
    entry = load_catalog(out / "news" / "zh_Hans.po").active[0]
    assert "mt" in entry.flags and entry.previous_msgid is None
    shutil.rmtree(out / "news")
    assert cli("translate", "news.txt", "--no-memory", "--fuzzy-threshold", "75").exit_code == 0
    entry = load_catalog(out / "news" / "zh_Hans.po").active[0]
    assert entry.flags == ("fuzzy",) and entry.previous_msgid == "The minister resigned on Monday after the vote."


def test_wrapping_from_the_file(cli, project):
    long = "The minister said that " + "the long sentence goes on and on " * 4 + "until the end.\n"
    (project / "articles" / "news.txt").write_text(long, encoding="utf-8")
    write_project(project, 'out = "translations"\nwidth = 40\n')
    assert cli("translate", "news.txt", "--engine", "none").exit_code == 0
    pot = (project / "translations" / "news" / "news.pot").read_text(encoding="utf-8")
    wrapped = [line for line in pot.splitlines() if line.startswith('"') and "sentence" in line]
    assert wrapped and all(len(line) <= 40 for line in wrapped)
