"""XLIFF import never loses review: the export record, conflicts, a save during import, blank targets (issue 25)."""

from __future__ import annotations

import contextlib
import re

import pytest

from conftest import export_xliff as export
from conftest import msgfmt_check
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog

ENTRIES = [
    Entry("p1.s1", "A reviewed sentence.", "已审句子。", comment="checked twice"),
    Entry("p1.s2", "A machine draft.", "机器草稿。", flags=("fuzzy", "mt")),
    Entry("p2.s1", "Another reviewed one.", "另一句。"),
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "t" / "zh_Hans.po"
    po.parent.mkdir()
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=list(ENTRIES)))
    return po


def edit_po(po, msgctxt, **changes):
    catalog = load_catalog(po)
    entries = [Entry(**{**e.__dict__, **changes}) if e.msgctxt == msgctxt else e for e in catalog.entries]
    write_catalog(po, Catalog(language=catalog.language, header=catalog.header, entries=entries))


def entries(po):
    return {e.msgctxt: e for e in load_catalog(po).entries}


def test_each_unit_records_what_it_was_exported_from(cli, project, tmp_path):
    from pipeline.interchange.xliff_record import base_of, parse_base

    text = export(cli, project, tmp_path / "a.xlf").read_text()
    records = re.findall(r'<context context-type="x-mtpipe-base">([^<]*)</context>', text)
    assert [parse_base(r) for r in records] == [base_of(e) for e in ENTRIES]
    assert records[0].startswith("reviewed sha256:") and records[1].startswith("machine sha256:")
    from translate.storage import xliff

    assert len(xliff.xlifffile.parsefile(str(tmp_path / "a.xlf")).units) == 3  # still XLIFF to other tools


def test_a_stale_xliff_never_reverts_a_reviewers_fix(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    edit_po(project, "p2.s1", msgstr="审校者改过的。")
    edit_po(project, "p1.s2", msgstr="审校者的定稿。", flags=())
    result = cli("import", xlf)  # the file the CAT vendor sends back, p2.s1 and p1.s2 untouched
    assert result.exit_code == 0, result.output
    after = entries(project)
    assert after["p2.s1"].msgstr == "审校者改过的。" and after["p1.s2"].msgstr == "审校者的定稿。"
    assert not after["p1.s2"].fuzzy and after["p2.s1"].comment == ""
    assert "updated 0 entries" in result.stdout


def test_a_cat_edit_of_an_entry_the_reviewer_changed_is_a_conflict(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">另一句。<", ">译者的新版本。<"))
    edit_po(project, "p2.s1", msgstr="审校者改过的。")
    result = cli("import", xlf)
    assert result.exit_code == 0
    assert re.search(r"conflict: .*a\.xlf:\d+: unit p2\.s1: the PO entry changed since the export", result.stderr)
    after = entries(project)["p2.s1"]
    assert after.msgstr == "审校者改过的。" and not after.fuzzy
    assert after.comment == "CAT suggestion (a.xlf; the PO changed since the export): 译者的新版本。"
    assert "updated 1 entry, 1 not applied (1 conflict kept as a suggestion in the translator comment)" in result.stdout
    msgfmt_check(project)
    cli("import", xlf)  # again: the suggestion is not added twice
    assert entries(project)["p2.s1"].comment == after.comment


def test_a_state_change_in_the_po_is_a_change_too(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">机器草稿。<", ">译者改的草稿。<"))
    edit_po(project, "p1.s2", flags=())  # the reviewer approved the draft as it stood
    cli("import", xlf)
    after = entries(project)["p1.s2"]
    assert after.msgstr == "机器草稿。" and not after.fuzzy and "译者改的草稿。" in after.comment


def test_a_unit_without_its_record_never_replaces_a_reviewed_translation(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = re.sub(r"\s*<context-group .*?</context-group>", "", xlf.read_text())
    xlf.write_text(text.replace(">另一句。<", ">新的。<").replace(">机器草稿。<", ">人工译文。<"))
    result = cli("import", xlf)
    assert "no export record" in result.stderr
    after = entries(project)
    assert after["p2.s1"].msgstr == "另一句。" and "新的。" in after["p2.s1"].comment
    assert after["p1.s2"].msgstr == "人工译文。"  # a machine draft is still replaced


def test_a_reviewers_save_during_import_is_merged_not_lost(cli, project, tmp_path, monkeypatch):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">机器草稿。<", ">译者的译文。<"))
    import pipeline.translate.writing as writing

    real_lock = writing.article_lock

    @contextlib.contextmanager
    def lock_after_a_save(folder):
        edit_po(project, "p2.s1", msgstr="审校者刚存的。")  # Poedit saves while import merges
        with real_lock(folder):
            yield

    monkeypatch.setattr(writing, "article_lock", lock_after_a_save)
    result = cli("import", xlf)
    assert result.exit_code == 0, result.output
    after = entries(project)
    assert after["p2.s1"].msgstr == "审校者刚存的。"
    assert after["p1.s2"].msgstr == "译者的译文。"


def test_a_po_that_keeps_changing_is_not_written(project, tmp_path, monkeypatch):
    from pipeline.errors import CatalogError
    from pipeline.interchange import xliff_import as xl
    from pipeline.interchange.xliff_export import dumps_xliff
    from pipeline.interchange.xliff_import import import_xliff

    catalog = load_catalog(project)
    xlf = tmp_path / "a.xlf"
    xlf.write_text(dumps_xliff([("t/zh_Hans.po", catalog)]).replace(">机器草稿。<", ">新。<"))
    saves = iter(range(100))
    real_stamp = xl.file_stamp
    monkeypatch.setattr(xl, "file_stamp", lambda path: (real_stamp(path), next(saves)))
    before = project.read_bytes()
    with pytest.raises(CatalogError, match="kept changing"):
        import_xliff(path=xlf)
    assert project.read_bytes() == before


@pytest.mark.parametrize("blank", ["   ", "\n", " \t "])
def test_a_whitespace_only_target_never_replaces_a_translation(cli, project, tmp_path, blank):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">已审句子。<", f">{blank}<").replace(">机器草稿。<", f">{blank}<"))
    before = project.read_bytes()
    result = cli("import", xlf)
    assert result.exit_code == 0
    assert project.read_bytes() == before
    assert "a whitespace-only target never replaces a translation" in result.stderr


def test_dry_run_lists_the_ids_it_would_change(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">机器草稿。<", ">新。<"))
    before = project.read_bytes()
    result = cli("import", xlf, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("would update 1 entry, 0 not applied: p1.s2")
    assert project.read_bytes() == before


def test_a_unit_whose_source_changed_fills_an_empty_entry_as_a_fuzzy_suggestion(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "The old sentence.", "")]))
    xlf = export(cli, po, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("</source>", '</source><target state="translated">旧句子。</target>'))
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "The new sentence.", "")]))
    result = cli("import", xlf)
    assert result.exit_code == 0 and "kept as a fuzzy suggestion" in result.stderr
    assert "updated 1 entry, 0 not applied" in result.stdout
    (entry,) = load_catalog(po).entries
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("旧句子。", True, "The old sentence.")
    msgfmt_check(po)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">机器草稿。<", ">译者的译文。<").replace(">另一句。<", ">另一句，改过。<"))
    assert "updated 2 entries" in cli("import", xlf).stdout
    after_first = project.read_bytes()
    result = cli("import", xlf)
    assert "updated 0 entries, 0 not applied" in result.stdout and result.stderr == ""
    assert project.read_bytes() == after_first
