"""An XLIFF as Weblate keeps it (issue 22): no ``version`` (the namespace says 1.1), no languages on ``<file>``,
placeholders as ``<x equiv-text="{{count}}"/>``. The sample is kept verbatim in ``tests/data/cat-wild/``;
the test names the PO in its ``<file>`` and makes its Czech targets Chinese."""

from __future__ import annotations

from pathlib import Path

from conftest import error_lines, msgfmt_check
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "cat-wild" / "weblate-ids-translated.xliff"


def weblate_project(tmp_path: Path) -> tuple[Path, Path]:
    po = tmp_path / "zh_Hans.po"
    entries = [
        Entry("hello", "Hello, world!\n", ""),
        Entry("orangutan", "Orangutan has {{count}} banana.\n", ""),
        Entry("try", "Try Weblate at <https://demo.weblate.org/>!\n", ""),
        Entry("thanks", "{{count}}{{unit}}", ""),
    ]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=entries))
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in (("<file>", '<file original="zh_Hans.po">'), ("Ahoj, svete!", "你好，世界！"), ("Opicka ma ", "猩猩有 "), (" banan.", " 根香蕉。")):
        assert old in text
        text = text.replace(old, new)
    xliff = tmp_path / "weblate.xliff"
    xliff.write_text(text, encoding="utf-8")
    return po, xliff


def test_weblate_xliff_imports_with_its_placeholders(cli, tmp_path, monkeypatch):
    """Before: refused as "XLIFF (no version)", then as "source language ''", then the <x/> lost {{count}}."""
    monkeypatch.chdir(tmp_path)
    po, xliff = weblate_project(tmp_path)
    result = cli("import", xliff.name)
    assert result.exit_code == 0, result.output
    assert "updated 2 entries, 0 not applied" in result.stdout and result.stderr == ""
    after = {e.msgctxt: e for e in load_catalog(po).entries}
    assert after["hello"].msgstr == "你好，世界！\n" and after["hello"].fuzzy  # no state: a changed target is fuzzy
    assert after["orangutan"].msgstr == "猩猩有 {{count}} 根香蕉。\n" and after["orangutan"].previous_msgid is None
    assert after["try"].msgstr == "" and after["thanks"].msgstr == ""
    msgfmt_check(po)


def test_the_namespace_gives_the_version_when_the_attribute_is_missing(cli, tmp_path):
    xliff = tmp_path / "two.xlf"
    xliff.write_text('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"/>\n', encoding="utf-8")
    result = cli("import", xliff)
    assert error_lines(result.output) == [f"Error: {xliff}:2: XLIFF 2.0 is not supported; export XLIFF 1.2 from the CAT tool"]
