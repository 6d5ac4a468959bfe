"""`mtpipe segment` and `glossary find` print the PO's stable ids, not positional ones (issue 19 bug 6)."""

from __future__ import annotations

import json

from conftest import GLOSSARY
from pipeline.catalog import load_catalog


def _translate_then_insert(cli, sample, out):
    result = cli("translate", sample, "--engine", "none", "--out", out)
    assert result.exit_code == 0, result.output
    text = sample.read_text(encoding="utf-8")
    sample.write_text("A brand new opening paragraph about the run movement.\n\n" + text, encoding="utf-8")
    result = cli("translate", sample, "--engine", "none", "--out", out)
    assert result.exit_code == 0, result.output
    return {e.msgid: e.msgctxt for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}


def test_segment_prints_the_po_ids_after_a_paragraph_is_inserted(cli, sample, tmp_path):
    out = tmp_path / "out"
    po_ids = _translate_then_insert(cli, sample, out)
    result = cli("segment", sample, "--out", out, "--json")
    assert result.exit_code == 0, result.output
    printed = {row["text"]: row["id"] for row in map(json.loads, result.output.splitlines())}
    assert printed == po_ids
    assert printed["A brand new opening paragraph about the run movement."] != "p1.s1"  # positional would say p1.s1


def test_segment_without_a_po_numbers_in_order(cli, sample, tmp_path):
    result = cli("segment", sample, "--out", tmp_path / "nothing-here")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[0] == "p1.s1"


def test_glossary_find_prints_the_po_ids(cli, sample, tmp_path):
    out = tmp_path / "out"
    po_ids = _translate_then_insert(cli, sample, out)
    result = cli("glossary", "find", sample, "--glossary", GLOSSARY, "--out", out, "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and set(row["segment"] for row in rows) <= set(po_ids.values())
    by_id = {v: k for k, v in po_ids.items()}
    for row in rows:
        assert row["text"].lower() in by_id[row["segment"]].lower()
