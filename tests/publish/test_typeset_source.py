"""Editions typeset a translation knowing its English source: in a Latin-script target (fr), a draft left in
English keeps English punctuation in every edition (Markdown, text, HTML body and page title), while a French
translation still gets French spacing. The language of a PO is decided in one place (``Catalog.target_language``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

ARTICLE = "# Read *this*: now!\n\nIs it true? Yes: it is!\n"
#: The title left in English (its markup dropped: not the msgid, so not kept as it is); a sentence in French.
DRAFTS = {"Read *this*: now!": "Read this: now!", "Is it true?": "Est-ce vrai?", "Yes: it is!": "Yes: it is!"}
NNBSP = "\u202f"


@pytest.fixture
def french_po(cli, tmp_path) -> Path:
    from pipeline.catalog import load_catalog, write_catalog

    source = tmp_path / "a.md"
    source.write_text(ARTICLE, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--to", "fr", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    po = tmp_path / "out" / "a" / "fr.po"
    catalog = load_catalog(po)
    catalog.entries = [replace(e, msgstr=DRAFTS[e.msgid], flags=("fuzzy",)) for e in catalog.entries]
    write_catalog(po, catalog)
    return po


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_draft_left_in_english_keeps_english_punctuation(cli, french_po, tmp_path, fmt):
    out = tmp_path / f"e.{fmt}"
    result = cli("build", french_po, "--format", fmt, "--layout", "target-only", "--allow-draft", "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Read this: now!" in text
    assert f"this{NNBSP}:" not in text and f"now{NNBSP}!" not in text and f"is{NNBSP}!" not in text
    assert f"Est-ce vrai{NNBSP}?" in text  # the French sentence is typeset as French
    if fmt == "html":
        assert "<title>[DRAFT] Read this: now!</title>" in text


def test_typeset_tells_english_from_french_by_its_source():
    from pipeline.languages.table import find
    from pipeline.publish.model import typeset

    fr = find("fr")
    assert fr is not None
    assert typeset("Read this: now!", fr, source="Read *this*: now!") == "Read this: now!"
    assert typeset("Lisez ceci: maintenant!", fr, source="Read *this*: now!") == f"Lisez ceci{NNBSP}: maintenant{NNBSP}!"


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [("fr", "x.po", "fr"), ("", "zh_TW.po", "zh-TW"), ("zh_Hans", "other.po", "zh-Hans"), ("", "ar.po", "ar")],
)
def test_catalog_variant_is_the_catalogs_own_rule(language, name, expected):
    from pipeline.catalog import Catalog
    from pipeline.publish.model import catalog_variant

    found = catalog_variant(language, Path(name))
    assert found == Catalog(language=language, header={}, path=Path(name)).target_language()
    assert found.code == expected


def test_catalog_variant_refuses_an_unknown_language():
    from pipeline.errors import CatalogError
    from pipeline.publish.model import catalog_variant

    with pytest.raises(CatalogError, match="cannot tell the language"):
        catalog_variant("xx", Path("messages.po"))
