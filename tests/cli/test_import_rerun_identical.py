"""``import`` then an unchanged ``translate``: the re-run writes nothing, because import drops the
``X-MT-Drafts`` fingerprints of the drafts it replaced, in the same write."""

from __future__ import annotations

import re

import pytest

from conftest import SAMPLE
from conftest import export_xliff as export
from pipeline.catalog import DRAFTS_HEADER, load_catalog
from pipeline.catalog.notes import parse_drafts

TARGET = re.compile(r'(<trans-unit id="(p2\.s1|p3\.s1)"[^>]*>.*?<target) state="[^"]*"( state-qualifier="[^"]*")?>([^<]*)</target>', re.S)


@pytest.mark.slow
def test_an_unchanged_rerun_after_import_is_byte_identical(cli, tmp_path, installed_model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert cli("translate", SAMPLE, "--out", out, "--no-memory").exit_code == 0
    po = out / "run-movement" / "zh_Hans.po"
    drafts = parse_drafts(load_catalog(po).header[DRAFTS_HEADER])
    assert {"p2.s1", "p3.s1"} <= drafts.keys()
    xlf = export(cli, po, tmp_path / "a.xlf")
    text, edited = TARGET.subn(lambda m: f'{m[1]} state="translated">审过：{m[4]}</target>', xlf.read_text())
    assert edited == 2
    xlf.write_text(text)
    result = cli("import", xlf)
    assert result.exit_code == 0, result.output
    imported = po.read_bytes()
    left = parse_drafts(load_catalog(po).header[DRAFTS_HEADER])
    assert left == {k: v for k, v in drafts.items() if k not in ("p2.s1", "p3.s1")}  # the rest, in the same order
    assert list(left) == [k for k in drafts if k in left]
    assert cli("translate", SAMPLE, "--out", out, "--no-memory").exit_code == 0
    assert po.read_bytes() == imported


def test_importing_every_draft_drops_the_header(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from pipeline.catalog import Catalog, Entry, new_header, prune_drafts, write_catalog
    from pipeline.catalog.notes import format_drafts
    from pipeline.catalog.merge import draft_fingerprint

    draft = Entry("p1.s1", "A machine draft.", "机器草稿。", flags=("fuzzy", "mt"))
    header = {**new_header("a", "zh_Hans"), DRAFTS_HEADER: format_drafts({"p1.s1": draft_fingerprint(draft)})}
    catalog = Catalog(language="zh_Hans", header=header, entries=[draft])
    assert prune_drafts(catalog) is catalog  # still untouched: nothing to change
    po = tmp_path / "translations" / "a" / "zh_Hans.po"
    po.parent.mkdir(parents=True)
    write_catalog(po, catalog)
    xlf = export(cli, po, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("机器草稿。</target>", "人工译文。</target>").replace('state="needs-review-translation"', 'state="translated"'))
    assert cli("import", xlf).exit_code == 0
    after = load_catalog(po)
    assert DRAFTS_HEADER not in after.header
    assert after.entries[0].msgstr == "人工译文。" and not after.entries[0].fuzzy
