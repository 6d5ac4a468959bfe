"""A run that changes nothing leaves every file byte-identical (issue 12, quiet re-runs)."""

from __future__ import annotations

import shutil

import pytest

from conftest import GLOSSARY, REVIEWED_PO, SAMPLE
from pipeline.catalog import CONTEXT_HEADER, MACHINE_TRANSLATOR, load_catalog

SHIPPED = REVIEWED_PO.parent.parent


def files(folder):
    """Every file's bytes and modification time (lock files aside)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("extra", [(), ("--glossary", GLOSSARY, "--variant", "zh-TW")])
def test_the_shipped_reviewed_sample_is_not_rewritten(cli, installed_model, tmp_path, extra):
    out = tmp_path / "translations"
    shutil.copytree(SHIPPED, out)
    folder = out / "run-movement"
    before = files(folder)
    result = cli("translate", SAMPLE, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    after = files(folder)
    for name in ("zh_Hans.po", "zh_TW.po"):
        assert after[name] == before[name], name
    assert CONTEXT_HEADER not in load_catalog(folder / "zh_Hans.po").header


@pytest.mark.slow
def test_a_second_run_touches_no_file_and_a_changed_article_moves_the_template_date(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--variant", "zh-TW").exit_code == 0
    folder = out / "run-movement"
    first = files(folder)
    assert set(first) == {"run-movement.pot", "zh_Hans.po", "zh_TW.po"}
    assert cli("translate", sample, "--out", out, "--variant", "zh-TW").exit_code == 0
    assert files(folder) == first
    pot = folder / "run-movement.pot"
    dated = pot.read_text(encoding="utf-8").replace(
        load_catalog(pot).header["POT-Creation-Date"], "2020-01-01 00:00+0000"
    )
    pot.write_text(dated, encoding="utf-8")
    po = folder / "zh_Hans.po"
    po.write_text(po.read_text(encoding="utf-8").replace(load_catalog(po).header["POT-Creation-Date"], "2020-01-01 00:00+0000"), encoding="utf-8")
    assert cli("translate", sample, "--out", out).exit_code == 0
    assert load_catalog(pot).header["POT-Creation-Date"] == "2020-01-01 00:00+0000"  # same template, same date
    assert load_catalog(po).header["POT-Creation-Date"] == "2020-01-01 00:00+0000"
    sample.write_text(sample.read_text(encoding="utf-8") + "\nA brand new closing paragraph.\n", encoding="utf-8")
    assert cli("translate", sample, "--out", out).exit_code == 0
    assert load_catalog(pot).header["POT-Creation-Date"] != "2020-01-01 00:00+0000"
    assert load_catalog(po).header["POT-Creation-Date"] != "2020-01-01 00:00+0000"


def test_engine_none_claims_no_machine_translation(cli, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--engine", "none").exit_code == 0
    header = load_catalog(out / "run-movement" / "zh_Hans.po").header
    assert header["Last-Translator"] != MACHINE_TRANSLATOR and "machine translation" not in header["Last-Translator"]
    assert CONTEXT_HEADER not in header


@pytest.mark.slow
def test_machine_drafts_do_record_their_translator_and_context(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out).exit_code == 0
    header = load_catalog(out / "run-movement" / "zh_Hans.po").header
    assert header["Last-Translator"] == MACHINE_TRANSLATOR
    assert header[CONTEXT_HEADER]
