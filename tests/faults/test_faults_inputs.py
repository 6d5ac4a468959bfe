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


def _fifo_named(name: str) -> Make:
    def make(d: Path) -> Path:
        os.mkfifo(d / name)
        return d / name

    return make


def _dev_zero(d: Path) -> Path:
    return Path("/dev/zero")


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
    # Issue 19 bug 4 / issue 25: every input goes through one reader; a FIFO is never opened, nothing hangs.
    ("FIFO glossary", _fifo_named("pipe.csv"), ["translate", str(SAMPLE), "--engine", "none", "--out", "{dir}/out", "-g", "{in}"], 2,
     "pipe.csv is a FIFO (named pipe), not a glossary"),
    ("FIFO PO in check", _fifo_named("pipe.po"), ["check", "{in}"], 2, "pipe.po is a FIFO (named pipe), not a PO file"),
    ("FIFO PO in build", _fifo_named("pipe.po"), ["build", "{in}"], 2, "pipe.po is a FIFO (named pipe), not a PO file"),
    ("FIFO table of contents", _fifo_named("toc.txt"), ["build", "--format", "epub", "--toc", "{in}", "-o", "{dir}/b.epub"], 2,
     "toc.txt is a FIFO (named pipe), not a table of contents"),
    ("FIFO cover", _fifo_named("cover.png"), ["build", str(REVIEWED_PO), "-f", "epub", "--cover", "{in}", "-o", "{dir}/b.epub"],
     2, "cover.png is a FIFO (named pipe), not a cover image"),
    ("/dev/zero cover", _dev_zero, ["build", str(REVIEWED_PO), "-f", "epub", "--cover", "{in}", "-o", "{dir}/b.epub"], 2,
     "/dev/zero is a device, not a cover image"),
    ("FIFO model file", _fifo_named("m.argosmodel"), ["models", "install", "{in}"], 2,
     "m.argosmodel is a FIFO (named pipe), not a model file"),
    ("table of contents past its size limit", _write("toc.txt", b"# padding\n" * 200_000),
     ["build", "--format", "epub", "--toc", "{in}", "-o", "{dir}/b.epub"], 2, "more than the 1 MiB a table of contents may be"),
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
        [sys.executable, "-m", "pipeline", *args], cwd=folder, capture_output=True, text=True, timeout=30
    )


class _Hung(Exception):
    pass


def _run_in_process(cli, folder: Path, args: list[str], monkeypatch) -> tuple[int, str]:
    """The command in this process, from *folder*, time-bounded by SIGALRM (a FIFO must not hang the
    suite: the alarm interrupts a blocking open or read): its exit code and standard error."""
    import signal

    def hung(signum, frame):
        raise _Hung(f"{args[0]} still running after 30 s")

    monkeypatch.chdir(folder)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        result = cli(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("name", "make", "command", "code", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_input_is_refused_in_one_line_and_nothing_changes(cli, tmp_path, monkeypatch, name, make, command, code, message):
    folder = tmp_path / "work"
    folder.mkdir()
    path = make(folder)
    before = tree_snapshot(folder)
    returncode, stderr = _run_in_process(cli, folder, _args(command, path, folder), monkeypatch)
    errors = error_lines(stderr)
    assert returncode == code, stderr
    assert len(errors) == 1 and message in errors[0], stderr
    assert "Traceback" not in stderr
    assert tree_snapshot(folder) == before


@pytest.mark.slow
@pytest.mark.parametrize("name", ["FIFO glossary", "FIFO PO in check"])
def test_the_real_command_refuses_a_fifo_in_one_line(tmp_path, name):
    """As above, through ``python -m pipeline`` in a process of its own (the table runs in-process)."""
    _, make, command, code, message = next(row for row in REFUSED if row[0] == name)
    folder = tmp_path / "work"
    folder.mkdir()
    path = make(folder)
    result = _run(folder, _args(command, path, folder))
    errors = error_lines(result.stderr)
    assert result.returncode == code, result.stderr
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.stderr


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


# -- article file names (issue 25) ------------------------------------------------------


def test_a_file_name_with_a_line_break_is_refused_in_one_line(cli, tmp_path):
    """It wrote a PO that msgfmt rejects (the name is in `#: name:line`), which mtpipe then refused to read."""
    bad = tmp_path / "b\nc.txt"
    shutil.copy(SAMPLE, bad)
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    result = cli("translate", bad, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    (line,) = error_lines(result.output)
    assert "b\\nc.txt: the file name holds a line break" in line
    assert not (tmp_path / "out" / "b-c").exists()
    # In a batch, that article fails and the others are written.
    result = cli("translate", tmp_path, "--engine", "none", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "out" / "good" / "zh_Hans.po").is_file() and not (tmp_path / "out" / "b-c").exists()


def test_a_legal_255_byte_name_is_translated_and_built(cli, tmp_path):
    """The temp file beside `<slug>.pot` was `.<name>.<random>.tmp`: past 255 bytes, "File name too long"."""
    from conftest import msgfmt_check

    name = "a" * 251 + ".txt"
    shutil.copy(SAMPLE, tmp_path / name)
    out = tmp_path / "out"
    result = cli("translate", tmp_path / name, "--engine", "none", "--out", out)
    assert result.exit_code == 0, result.output
    pot = out / ("a" * 251) / (("a" * 251) + ".pot")
    assert pot.is_file()
    msgfmt_check(pot)
    result = cli("build", out / ("a" * 251) / "zh_Hans.po", "--allow-draft")
    assert result.exit_code == 0, result.output


def test_the_output_folder_inside_the_articles_folder_is_not_translated_again(cli, tmp_path):
    """`translate arts -o arts/out`, then `build`: the next run translated mtpipe's own editions as articles."""
    arts = tmp_path / "arts"
    arts.mkdir()
    shutil.copy(SAMPLE, arts / "news.txt")
    assert cli("translate", arts, "--engine", "none", "-o", arts / "out").exit_code == 0
    assert cli("build", arts / "out" / "news" / "zh_Hans.po", "--allow-draft", "-f", "txt").exit_code == 0
    assert cli("build", arts / "out" / "news" / "zh_Hans.po", "--allow-draft", "-f", "md", "-o", arts / "news.interleaved.md").exit_code == 0
    result = cli("translate", arts, "--engine", "none", "-o", arts / "out", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    import json

    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [a["path"] for a in report["per_article"]] == [str(arts / "news.txt")]
    assert sorted(p.name for p in (arts / "out").iterdir()) == ["news"]


# -- the one reader (issue 25 item 3) ----------------------------------------------------


def test_the_reader_bounds_size_before_and_while_reading(tmp_path):
    from pipeline.errors import InputError
    from pipeline.fsutil import open_input, read_input

    path = tmp_path / "big.po"
    path.write_bytes(b"x" * 2000)
    assert read_input(path, what="PO file", limit=2000) == b"x" * 2000
    with pytest.raises(InputError, match="big.po is 2 KiB, more than the 1000 bytes a PO file may be"):
        read_input(path, what="PO file", limit=1000)
    with open_input(path, what="TMX file", limit=5000) as fh:
        assert fh.read() == b"x" * 2000
    with open_input(path, what="TMX file", limit=5000) as fh:
        path.write_bytes(b"x" * 8000)  # it grew after the check: the read itself stops at the limit
        with pytest.raises(InputError, match="more than the 4.9 KiB a TMX file may be"):
            fh.read()


def test_the_reader_never_opens_a_fifo_or_a_device(tmp_path):
    from pipeline.errors import CatalogError
    from pipeline.fsutil import open_input, read_input

    os.mkfifo(tmp_path / "pipe.po")
    with pytest.raises(CatalogError, match=r"pipe.po is a FIFO \(named pipe\), not a PO file"):
        read_input(tmp_path / "pipe.po", what="PO file", error=CatalogError)
    with pytest.raises(CatalogError, match="/dev/zero is a device, not a TMX file"):
        with open_input("/dev/zero", what="TMX file", error=CatalogError):
            pass


def test_json_nested_past_the_limit_is_one_error(tmp_path):
    from pipeline.errors import InputError
    from pipeline.fsutil import MAX_NESTING, parse_json

    assert parse_json('{"a": [[1]], "b": "[[[[["}', name="x.json") == {"a": [[1]], "b": "[[[[["}
    assert parse_json("[" * MAX_NESTING + "]" * MAX_NESTING, name="x.json") is not None
    with pytest.raises(InputError, match=f"x.json: nested more than {MAX_NESTING} levels deep"):
        parse_json("[" * 100_000 + "]" * 100_000, name="x.json")
    with pytest.raises(InputError, match="x.json: not valid JSON"):
        parse_json('{"a": ', name="x.json")
