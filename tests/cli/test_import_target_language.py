"""``mtpipe import``: an XLIFF's target-language fits a PO as the languages table's fallback chain says.

A bare Traditional tag (``zh-Hant``, .NET's ``zh-CHT``) fills any Traditional
PO (zh_TW, zh_HK), as TMX pairs tagged so serve them; a tag naming another
region or script is refused.
"""

from __future__ import annotations

import re

import pytest

from conftest import export_xliff as export
from pipeline.catalog import Catalog, Entry, new_header, write_catalog

LANGUAGE = re.compile(r'target-language="[^"]*"')


def _po(tmp_path, stem: str):
    po = tmp_path / "translations" / "a" / f"{stem}.po"
    po.parent.mkdir(parents=True)
    entries = [Entry("p1.s1", "A machine draft.", "機器草稿。", flags=("fuzzy", "mt"))]
    write_catalog(po, Catalog(language=stem, header=new_header("a", stem), entries=entries))
    return po


def _import_tagged(cli, tmp_path, monkeypatch, stem: str, tag: str):
    monkeypatch.chdir(tmp_path)
    po = _po(tmp_path, stem)
    xlf = export(cli, po, tmp_path / "a.xlf")
    text = LANGUAGE.sub(f'target-language="{tag}"', xlf.read_text()).replace("機器草稿。", "審過了。")
    xlf.write_text(text.replace('state="needs-review-translation"', 'state="translated"'))
    return po, cli("import", xlf)


@pytest.mark.parametrize(
    ("stem", "tag"),
    [
        ("zh_TW", "zh-CHT"), ("zh_TW", "zh-Hant"), ("zh_TW", "zh-Hant-TW"), ("zh_TW", "ZH-TW"),
        ("zh_HK", "zh-CHT"), ("zh_HK", "zh-Hant"), ("zh_HK", "zh-MO"),
        ("zh_Hans", "zh-CHS"), ("zh_Hans", "zh-Hans"), ("zh_Hans", "zh-SG"),
        ("zh_CN", "zh-Hans"), ("zh_CN", "zh-CHS"),
        ("fr", "fr-FR"), ("pt_BR", "pt"), ("ja", "ja-JP"),
    ],
)
def test_a_bare_script_tag_fills_every_po_of_its_script(cli, tmp_path, monkeypatch, stem, tag):
    po, result = _import_tagged(cli, tmp_path, monkeypatch, stem, tag)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower()
    assert "審過了。" in po.read_text()


@pytest.mark.parametrize(("stem", "tag"), [("zh_TW", "zh-HK"), ("zh_TW", "zh-CHS"), ("zh_HK", "zh-TW"), ("zh_Hans", "zh-CHT"), ("zh_Hant", "zh-TW"), ("pt_BR", "pt-PT")])
def test_another_region_or_script_is_refused(cli, tmp_path, monkeypatch, stem, tag):
    po, result = _import_tagged(cli, tmp_path, monkeypatch, stem, tag)
    assert result.exit_code == 2
    assert f"target language '{tag}' does not match" in result.output
    assert "審過了。" not in po.read_text()


@pytest.mark.parametrize(
    ("tag", "language", "fits"),
    [
        ("fr-FR", "fr", True), ("fr-CA", "fr", True), ("fra", "fr", True), ("ja-JP", "ja", True),
        ("pt", "pt_BR", True), ("pt-BR", "pt_BR", True), ("pt-PT", "pt_BR", False),
        ("en", "fr", False), ("zh-yue", "zh_HK", False), ("de", "fr", False),
        ("nl-NL", "nl", True), ("nl", "de", False),  # not in the table: compared as tags
    ],
)
def test_other_languages_follow_the_same_table(tag, language, fits):
    from pipeline.interchange.langtags import target_fits

    assert target_fits(tag, language) is fits
