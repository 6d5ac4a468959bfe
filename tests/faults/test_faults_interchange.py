"""Faults of XLIFF and TMX import (issue 25): files that are not files, trailing newlines, units given twice."""

from __future__ import annotations

import os
import re

import pytest

from conftest import export_xliff as export
from conftest import msgfmt_check
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "t" / "zh_Hans.po"
    po.parent.mkdir()
    entries = [Entry("p1.s1", "One.", "一。", flags=("fuzzy", "mt")), Entry("p1.s2", "Two.", "二。", flags=("fuzzy", "mt"))]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=entries))
    return po


def one_error(result):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    return line


@pytest.mark.parametrize("command", [("import",), ("memory", "import")])
def test_a_fifo_is_refused_without_blocking(cli, tmp_path, command):
    fifo = tmp_path / "pipe.xlf"
    os.mkfifo(fifo)
    line = one_error(cli(*command, fifo, *(("--memory", tmp_path / "m.sqlite3") if len(command) == 2 else ())))
    assert line == f"Error: {fifo} is a FIFO (named pipe), not a {'XLIFF' if len(command) == 1 else 'TMX'} file"


@pytest.mark.parametrize("command", [("import",), ("memory", "import")])
def test_a_device_that_never_ends_is_refused(cli, tmp_path, command):
    extra = ("--memory", tmp_path / "m.sqlite3") if len(command) == 2 else ()
    line = one_error(cli(*command, "/dev/zero", *extra))
    assert line.startswith("Error: /dev/zero is a device, not a")
    assert not (tmp_path / "m.sqlite3").exists()


@pytest.mark.parametrize("command", [("import",), ("memory", "import")])
def test_a_folder_is_refused(cli, tmp_path, command):
    extra = ("--memory", tmp_path / "m.sqlite3") if len(command) == 2 else ()
    assert "is a folder" in one_error(cli(*command, tmp_path, *extra))


def test_an_xliff_larger_than_the_limit_is_refused(tmp_path, monkeypatch, cli):
    """Through the one input reader (pipeline.fsutil), with its XLIFF limit lowered for the test."""
    from pipeline import fsutil

    monkeypatch.setitem(fsutil.INPUT_LIMITS, "XLIFF file", 1000)
    path = tmp_path / "big.xlf"
    path.write_bytes(b"<xliff>" + b" " * 2000 + b"</xliff>")
    result = cli("import", path)
    assert result.exit_code == 2 and "more than the 1000 bytes a XLIFF file may be" in result.output


@pytest.mark.parametrize(("target", "expected"), [("一个。&#10;", "一个。"), ("&#10;一个。", "一个。"), ("一&#10;个。&#10;&#10;", "一\n个。")])
def test_a_target_ending_in_a_newline_keeps_msgfmt_happy(cli, project, tmp_path, target, expected):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">一。<", f">{target}<"))
    result = cli("import", xlf)
    assert result.exit_code == 0
    assert "newline did not match the source's" in result.stderr
    assert {e.msgctxt: e.msgstr for e in load_catalog(project).entries}["p1.s1"] == expected
    msgfmt_check(project)


def test_a_source_ending_in_a_newline_keeps_it_in_the_target(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "Line\n", "")]))
    xlf = export(cli, po, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("</source>", '</source><target state="translated">行</target>'))
    assert cli("import", xlf).exit_code == 0
    assert load_catalog(po).entries[0].msgstr == "行\n"
    msgfmt_check(po)


def test_two_units_with_one_id_are_reported_and_neither_applied(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text()
    unit = re.search(r'      <trans-unit id="p1.s1".*?</trans-unit>\n', text, flags=re.S).group(0)
    xlf.write_text(text.replace(unit, unit.replace(">一。<", ">甲。<") + unit.replace(">一。<", ">乙。<")))
    before = project.read_bytes()
    result = cli("import", xlf)
    assert result.exit_code == 0
    assert re.search(r"unit p1\.s1: the unit appears twice \(lines \d+ and \d+\) with different targets; neither was applied", result.stderr)
    assert "updated 0 entries, 1 not applied" in result.stdout
    assert project.read_bytes() == before


def test_two_files_for_one_po_that_disagree_on_a_unit_are_reported(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text()
    block = re.search(r"  <file .*?</file>\n", text, flags=re.S).group(0)
    xlf.write_text(text.replace(block, block.replace(">一。<", ">甲。<") + block.replace(">一。<", ">乙。<").replace(">二。<", ">两。<")))
    result = cli("import", xlf)
    assert "appears twice" in result.stderr
    after = {e.msgctxt: e.msgstr for e in load_catalog(project).entries}
    assert after == {"p1.s1": "一。", "p1.s2": "两。"}  # the unit only one file changed is applied


def test_the_same_unit_twice_with_the_same_target_is_applied_once(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text().replace(">一。<", ">甲。<")
    unit = re.search(r'      <trans-unit id="p1.s1".*?</trans-unit>\n', text, flags=re.S).group(0)
    xlf.write_text(text.replace(unit, unit * 2))
    result = cli("import", xlf)
    assert "appears twice" not in result.stderr
    assert {e.msgctxt: e.msgstr for e in load_catalog(project).entries}["p1.s1"] == "甲。"


def test_a_po_path_with_a_control_character_is_one_error_not_malformed_xml(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "odd\x1bname"
    folder.mkdir()
    po = folder / "zh_Hans.po"
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "Hi.", "嗨。")]))
    result = cli("export", po, "--to", tmp_path / "a.xlf")
    assert one_error(result).startswith("Error: cannot export: U+001B cannot be written in XML")
    assert not (tmp_path / "a.xlf").exists()
