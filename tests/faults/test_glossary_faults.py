"""Hostile and broken glossaries in import, export and check: one clear error, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import MAX_TBX_DEPTH, check_glossary, load_glossary, load_tbx

ENTRY = (
    '<termEntry><langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>'
    '<langSet xml:lang="zh"><tig><term>出境禁令</term></tig></langSet></termEntry>\n'
)


def _tbx(path: Path, body: str) -> Path:
    path.write_text(
        f'<?xml version="1.0"?>\n<martif type="TBX" xml:lang="en"><text><body>\n{body}</body></text></martif>\n',
        encoding="utf-8",
    )
    return path


def test_tbx_nested_a_thousand_deep_is_a_clear_error(tmp_path, cli):
    deep = _tbx(tmp_path / "deep.tbx", ENTRY + "<note>" * 1000 + "x" + "</note>" * 1000 + "\n")
    with pytest.raises(GlossaryError) as info:
        load_tbx(deep)
    assert info.value.message == f"{deep}:4: elements nested more than {MAX_TBX_DEPTH} deep; not a TBX file"
    (problem,) = check_glossary(deep)
    assert (problem.line, problem.severity) == (4, "error")
    out = tmp_path / "deep.csv"
    result = cli("glossary", "import", deep, "--to", out)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {deep}:4: elements nested more than 64 deep")
    assert not out.exists()


def test_import_after_errors_exits_non_zero_and_leaves_the_output_alone(tmp_path, cli):
    tbx = _tbx(
        tmp_path / "w.tbx",
        ENTRY + '<termEntry><langSet xml:lang="en"><tig><term> </term></tig></langSet></termEntry>\n',  # no term at all (a monolingual entry is skipped instead)
    )
    out = tmp_path / "w.csv"
    out.write_bytes(b"en,zh\nmine,\xe6\x88\x91\xe7\x9a\x84\n")
    before = out.read_bytes()
    result = cli("glossary", "import", tbx, "--to", out)
    assert result.exit_code == 2
    assert f"{tbx}:4: error: entry has no en term; ignored" in result.stderr
    assert f"Error: {tbx}: 1 error (above); nothing written to {out}" in result.stderr
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["w.csv", "w.tbx"]


def test_import_of_a_tbx_without_entries_writes_nothing(tmp_path, cli):
    empty = _tbx(tmp_path / "empty.tbx", "")
    out = tmp_path / "empty.csv"
    result = cli("glossary", "import", empty, "--to", out)
    assert result.exit_code == 2
    assert f"Error: {empty}: no terms; nothing written to {out}" in result.stderr and not out.exists()


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x1b"])
def test_export_refuses_a_control_character_with_its_line(tmp_path, cli, char):
    src = tmp_path / "g.csv"
    src.write_text(f"en,zh,note\nexit ban,出境禁令,\nCCP,中{char}共,a note\n", encoding="utf-8")
    out = tmp_path / "g.tbx"
    result = cli("glossary", "export", src, "--to", out)
    assert result.exit_code == 2
    error = f"Error: g.csv:3: {'中' + char + '共'!r} contains the control character U+{ord(char):04X}, "
    assert error + "which XML cannot hold; nothing written" in result.stderr.splitlines()
    assert not out.exists()
    problems = [(p.line, p.severity, p.message) for p in check_glossary(src)]
    assert problems == [(3, "error", f"{'中' + char + '共'!r} contains the control character U+{ord(char):04X}")]


def test_export_without_control_characters_is_read_back_by_import(tmp_path, cli):
    src = tmp_path / "g.csv"
    src.write_text("en,zh,note\nexit ban,出境禁令,tab\tand ümlaut & <tag>\n", encoding="utf-8")
    assert cli("glossary", "export", src, "--to", tmp_path / "g.tbx").exit_code == 0
    result = cli("glossary", "import", tmp_path / "g.tbx", "--to", tmp_path / "back.csv")
    assert result.exit_code == 0, result.output
    assert load_glossary(tmp_path / "back.csv").terms[0].note == "tab and ümlaut & <tag>"
