"""The fault suite, inputs: each bad article, glossary, PO or memory is refused
with one ``Error:`` line and its exit code, and nothing on disk changes.

Rows are ``(name, make, args, exit code, message)``: *make* builds the input
in a fresh folder and returns its path; *args* follow the command, with
``{in}`` standing for that path and ``{dir}`` for the folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import GLOSSARY, REVIEWED_PO, SAMPLE, error_lines, tree_snapshot

Make = Callable[[Path], Path]


def _write(name: str, data: bytes) -> Make:
    def make(d: Path) -> Path:
        (d / name).write_bytes(data)
        return d / name

    return make


def _sample_with(tail: bytes) -> Make:
    """The sample article with *tail* appended after more than 8 KB of text."""
    return _write("late.txt", SAMPLE.read_bytes() + b"\n" + b"Filler text here. " * 600 + b"\n\n" + tail)


#: The line of the NUL byte in :func:`_sample_with`'s file: the sample's lines, then 3 more.
_NUL_LINE = SAMPLE.read_bytes().count(b"\n") + 4


def _link(name: str, target: str) -> Make:
    def make(d: Path) -> Path:
        os.symlink(target, d / name)
        return d / name

    return make


def _loop(d: Path) -> Path:
    os.symlink("loop-b.txt", d / "loop-a.txt")
    os.symlink("loop-a.txt", d / "loop-b.txt")
    return d / "loop-a.txt"


def _fifo(d: Path) -> Path:
    os.mkfifo(d / "pipe.txt")
    return d / "pipe.txt"


def _empty_folder(d: Path) -> Path:
    (d / "empty").mkdir()
    return d / "empty"


def _memory(d: Path, *, version: int | None) -> Path:
    path = d / "memory.sqlite3"
    if version is None:
        path.write_bytes(b"this is not a database, just text that happens to be here\n" * 20)
    else:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")  # as mtpipe's memories are
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("CREATE TABLE t (a)")
        conn.commit()
        conn.close()
    return path


_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + ']>\n<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en"><tig><term>&l9;</term></tig>'
    "</langSet></termEntry></body></text></martif>\n"
).encode()
_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
    b'<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig>'
    b'</langSet></termEntry></body></text></martif>\n'
)

TRANSLATE = ["translate", "{in}", "--engine", "none", "--out", "{dir}/out"]

#: Inputs refused: (name, make, command, exit code, message in the Error line).
REFUSED: list[tuple[str, Make, list[str], int, str]] = [
    ("missing article", lambda d: d / "nope.txt", TRANSLATE, 2, "nope.txt: no such file"),
    ("empty article", _write("empty.txt", b" \n\n"), TRANSLATE, 2, "empty.txt is empty"),
    ("binary article", _write("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), TRANSLATE, 2, "is a binary file"),
    ("bad UTF-8 article", _write("latin1.txt", "Café au lait.\n\nOlé.\n".encode("latin-1")), TRANSLATE, 2,
     "latin1.txt:1: not valid UTF-8 (byte 0xe9)"),
    ("NUL after the first 8 KB", _sample_with(b"A NUL \x00 here.\n"), TRANSLATE, 2, f"late.txt:{_NUL_LINE}: contains a NUL byte"),
    ("UTF-16 with BOM", _write("u16.txt", "Hello world.\n".encode("utf-16")), TRANSLATE, 2, "u16.txt is UTF-16 text"),
    ("UTF-16 without BOM", _write("u16le.txt", "Hello world.\n\nAgain.\n".encode("utf-16-le")), TRANSLATE, 2,
     "u16le.txt is UTF-16 text"),
    ("symlink loop", _loop, TRANSLATE, 2, "loop-a.txt is a symlink loop"),
    ("broken symlink", _link("dangling.txt", "gone.txt"), TRANSLATE, 2, "dangling.txt is a broken symlink (to gone.txt)"),
    ("FIFO article", _fifo, TRANSLATE, 2, "pipe.txt is a FIFO (named pipe), not an article file"),
    ("folder without articles", _empty_folder, TRANSLATE, 2, "folder has no .txt, .md or .html articles"),
    ("malformed PO in check", _write("bad.po", b'msgid "a"\nmsgstr "b\n'), ["check", "{in}"], 2,
     "bad.po:2: malformed PO file"),
    ("malformed PO in build", _write("bad.po", b'msgid "a"\nmsgstr "b\n'), ["build", "{in}"], 2,
     "bad.po:2: malformed PO file"),
    ("damaged memory", lambda d: _memory(d, version=None), ["memory", "stats", "--memory", "{in}"], 2,
     "is not a translation memory database"),
    ("future-schema memory", lambda d: _memory(d, version=99), ["memory", "stats", "--memory", "{in}"], 2,
     "memory.sqlite3 is not a translation memory database"),
]

#: Glossaries `glossary check` reports as errors (exit 1), one finding line each.
BAD_GLOSSARIES: list[tuple[str, Make, str]] = [
    ("malformed CSV", _write("bad.csv", b'en,zh\n"unterminated,x\n'), "bad.csv:2: error: malformed CSV"),
    ("malformed TBX", _write("bad.tbx", b"<martif><text><body><termEntry>"), "bad.tbx:1: error: not well-formed TBX"),
    ("XXE in TBX", _write("xxe.tbx", _XXE), "xxe.tbx:2: error: unsafe TBX: entity declarations are not accepted"),
    ("billion laughs in TBX", _write("bomb.tbx", _BOMB), "bomb.tbx:2: error: unsafe TBX: entity declarations are not accepted"),
]

#: Articles that are fine: (name, make, the text of segment p1.s1).
ACCEPTED: list[tuple[str, Make, str]] = [
    ("BOM", _write("bom.txt", b"\xef\xbb\xbfThe Title\n\nFirst sentence here.\n"), "The Title"),
    ("CRLF", _write("crlf.txt", b"The Title\r\n\r\nFirst sentence here.\r\n"), "The Title"),
    ("huge line", _write("huge.txt", b"The Title\n\n" + b"A long sentence with words, " * 4000 + b"end.\n"), "The Title"),
    ("right-to-left text", _write("rtl.txt", "The Title\n\nHe said \u202bשלום\u202c to them.\n".encode()), "The Title"),
]


def _args(args: list[str], path: Path, folder: Path) -> list[str]:
    return [a.replace("{in}", str(path)).replace("{dir}", str(folder)) for a in args]


def _run(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, time-bounded (a FIFO must not hang the suite)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=folder, capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make", "command", "code", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_input_is_refused_in_one_line_and_nothing_changes(tmp_path, name, make, command, code, message):
    folder = tmp_path / "work"
    folder.mkdir()
    path = make(folder)
    before = tree_snapshot(folder)
    result = _run(folder, _args(command, path, folder))
    errors = error_lines(result.stderr)
    assert result.returncode == code, result.stderr
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert tree_snapshot(folder) == before


@pytest.mark.parametrize(("name", "make", "message"), BAD_GLOSSARIES, ids=[r[0] for r in BAD_GLOSSARIES])
def test_bad_glossary_is_reported_with_its_line(cli, tmp_path, name, make, message):
    path = make(tmp_path)
    before = tree_snapshot(tmp_path)
    result = cli("glossary", "check", path)
    assert result.exit_code == 1
    findings = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(findings) == 1 and findings[0].startswith(f"{tmp_path}/{message}"), result.output
    assert "root:" not in result.output and "Traceback" not in result.output
    assert tree_snapshot(tmp_path) == before


@pytest.mark.parametrize(("name", "make", "first"), ACCEPTED, ids=[r[0] for r in ACCEPTED])
def test_unusual_but_valid_articles_are_translated(cli, tmp_path, name, make, first):
    path = make(tmp_path)
    result = cli("translate", path, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = (tmp_path / "out" / path.stem / "zh_Hans.po").read_text(encoding="utf-8")
    assert f'msgid "{first}"' in po and "\x00" not in po and "\r" not in po


def test_a_missing_glossary_and_article_change_nothing(cli, tmp_path):
    shutil.copy(GLOSSARY, tmp_path / "g.csv")
    shutil.copy(REVIEWED_PO, tmp_path / "zh_Hans.po")
    before = tree_snapshot(tmp_path)
    result = cli("translate", tmp_path / "missing.txt", "--glossary", tmp_path / "g.csv", "--out", tmp_path)
    assert result.exit_code == 2 and len(error_lines(result.output)) == 1
    assert tree_snapshot(tmp_path) == before
