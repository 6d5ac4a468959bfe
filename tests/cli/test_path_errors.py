"""Bad paths on the command line: mtpipe's one ``Error:`` line and a hint (exit 2), never Click's usage block.

Every option and argument declared with ``exists=``, ``dir_okay=False``,
``file_okay=False`` or ``readable=`` is checked the same way; an empty or
headerless PO is refused by ``check`` and ``stats`` as ``build`` refuses it.
"""

from __future__ import annotations

import pytest

from conftest import SAMPLE, error_lines


def _one_error(result, expected: str, hint: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Usage:" not in result.output and "Try 'mtpipe" not in result.output
    assert error_lines(result.output) == [f"Error: {expected}"]
    assert f"Hint: {hint}" in result.output


def test_a_folder_given_as_glossary(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir.md").mkdir()
    result = cli("translate", SAMPLE, "--glossary", "adir.md", "--engine", "none")
    _one_error(result, "--glossary: adir.md is a folder, not a file", "give a file to --glossary")


@pytest.mark.parametrize(
    ("args", "expected", "hint"),
    [
        (("glossary", "check", "adir.md"), "adir.md is a folder, not a file", "give a file"),
        (("glossary", "check", "missing.csv"), "missing.csv: no such file", "check the path"),
        (("check", "missing.po"), "missing.po: no such file", "check the path"),
        (("check", "a.po", "--annotate", "a.po"), "--annotate: a.po is a file, not a folder", "give a folder to --annotate"),
        (("check", "--consistency", "missing"), "--consistency: missing: no such file or folder", "check the path given to --consistency"),
        (("glossary", "find", "adir.md", "--glossary", "a.po"), "adir.md is a folder, not a file", "give a file"),
        (("check", "a.po", "--glossary", "adir.md"), "--glossary: adir.md is a folder, not a file", "give a file to --glossary"),
        (("memory", "export", "a.po", "--to", "adir.md"), "--to: adir.md is a folder, not a file", "give a file to --to"),
    ],
)
def test_every_checked_path_speaks_as_mtpipe(cli, tmp_path, monkeypatch, args, expected, hint):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir.md").mkdir()
    (tmp_path / "a.po").write_text('msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n')
    _one_error(cli(*args), expected, hint)


def test_no_po_files_to_check(cli):
    _one_error(cli("check"), "no PO files to check", "give PO files, or --consistency DIR")


@pytest.mark.parametrize("suffix", [".csv", ".tbx"])
def test_glossary_conversion_to_a_wrong_suffix(cli, tmp_path, suffix):
    from conftest import GLOSSARY

    command = "export" if suffix == ".csv" else "import"
    source = GLOSSARY if command == "export" else tmp_path / "g.tbx"
    if command == "import":
        assert cli("glossary", "export", GLOSSARY, "--to", source).exit_code == 0
    result = cli("glossary", command, source, "--to", tmp_path / f"out{suffix}.txt")
    assert result.exit_code == 2 and "Usage:" not in result.output
    [line] = error_lines(result.output)
    assert line.startswith(f"Error: --to: {tmp_path / f'out{suffix}.txt'} does not end in")


@pytest.mark.parametrize("command", ["check", "stats", "build"])
@pytest.mark.parametrize("text", ["", 'msgid "Hello."\nmsgstr "你好。"\n'], ids=["empty", "headerless"])
def test_an_empty_or_headerless_po_is_refused_as_build_refuses_it(cli, tmp_path, command, text):
    po = tmp_path / "empty.po"
    po.write_text(text)
    result = cli(command, po)
    _one_error(
        result,
        f"{po}: cannot tell the language (Language header '')",
        "set the PO header Language to one of zh_Hans, zh_Hant, zh_TW, zh_HK, ja, fr, ar... (pipeline.languages.table)",
    )


def test_a_headerless_po_named_for_its_language_is_checked(cli, tmp_path):
    po = tmp_path / "zh_TW.po"
    po.write_text('msgid "Hello."\nmsgstr "你好。"\n')
    for command in ("check", "stats"):
        result = cli(command, po)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", ["", 'msgid "Hello."\nmsgstr "你好。"\n'], ids=["empty", "headerless"])
def test_export_refuses_an_empty_or_headerless_po_too(cli, tmp_path, text):
    po = tmp_path / "empty.po"
    po.write_text(text)
    result = cli("export", po, "--to", tmp_path / "e.xlf")
    _one_error(result, f"{po}: the PO file has no Language header", "give a translation (.po), not a template")
    assert not (tmp_path / "e.xlf").exists()


def test_options_that_are_not_paths_are_left_to_their_own_checks(cli, tmp_path):
    """A text option is not a path: a NUL in it is the command's own error, not a path check's."""
    po = tmp_path / "zh_Hans.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\nmsgid "Hi."\nmsgstr "你好。"\n')
    result = cli("build", po, "--format", "epub", "--publisher", "Desk\x00", "--out", tmp_path / "b.epub")
    assert error_lines(result.output) == ["Error: --publisher contains a control character (U+0000)"]
