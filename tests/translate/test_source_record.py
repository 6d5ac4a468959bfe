"""The source document an edition is rebuilt from: recorded in the POT always, in a PO when it changes."""

from __future__ import annotations

import shutil

import pytest

from conftest import REVIEWED_PO
from pipeline.catalog import load_catalog
from pipeline.documents.skeleton import source_hash
from pipeline.catalog.notes import SOURCE_HASH_HEADER, SOURCE_HEADER


@pytest.mark.slow
def test_a_changed_article_updates_the_recorded_hash_and_still_builds(cli, installed_model, sample, tmp_path):
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out).exit_code == 0
    po = out / "run-movement" / "zh_Hans.po"
    assert load_catalog(po).header[SOURCE_HASH_HEADER] == source_hash(sample.read_text(encoding="utf-8"))
    sample.write_text(sample.read_text(encoding="utf-8") + "\nA brand new closing paragraph.\n", encoding="utf-8")
    assert cli("translate", sample, "--out", out).exit_code == 0
    assert load_catalog(po).header[SOURCE_HASH_HEADER] == source_hash(sample.read_text(encoding="utf-8"))
    result = cli("build", po, "--allow-draft", "--format", "txt", "--out", tmp_path / "e.txt")
    assert result.exit_code == 0, result.output


def test_a_quiet_reviewed_po_finds_its_source_through_the_template(cli, installed_model, sample, tmp_path):
    out = tmp_path / "translations"
    folder = out / "run-movement"
    folder.mkdir(parents=True)
    shutil.copy(REVIEWED_PO, folder / "zh_Hans.po")
    before = (folder / "zh_Hans.po").read_bytes()
    assert cli("translate", sample, "--out", out).exit_code == 0
    assert (folder / "zh_Hans.po").read_bytes() == before  # no header added to reviewed work
    assert SOURCE_HEADER in load_catalog(folder / "run-movement.pot").header
    assert cli("build", folder / "zh_Hans.po", "--out", tmp_path / "e.html").exit_code == 0
    sample.unlink()
    result = cli("build", folder / "zh_Hans.po", "--out", tmp_path / "e2.html")
    assert result.exit_code == 2 and "source document" in result.output and "is missing" in result.output
    assert not (tmp_path / "e2.html").exists()
