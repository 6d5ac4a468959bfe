"""A sentence that appears twice keeps its own translation in the edition after paragraphs are inserted above it."""

from __future__ import annotations

import pytest

from dataclasses import replace

from pipeline.catalog import load_catalog, write_catalog

TRANSLATIONS = {"Title": "标题", "Yes.": None, "No.": "不。", "Alpha.": "甲。", "Beta.": "乙。"}


def review(po, yes_texts):
    """Fill every entry (the twins in order of appearance get *yes_texts*), fuzzy cleared."""
    catalog = load_catalog(po)
    twins = iter(yes_texts)
    entries = []
    for e in catalog.entries:
        if e.obsolete:
            entries.append(e)
            continue
        text = e.msgstr or (next(twins) if e.msgid == "Yes." else TRANSLATIONS[e.msgid])
        entries.append(replace(e, msgstr=text, flags=tuple(f for f in e.flags if f != "fuzzy")))
    write_catalog(po, replace(catalog, entries=entries))


@pytest.mark.slow
def test_twins_keep_their_own_translations_after_an_insertion(cli, tmp_path):
    article = tmp_path / "news.txt"
    article.write_text("Title\n\nYes.\n\nNo.\n\nYes.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli("translate", article, "--engine", "none", "--out", out).exit_code == 0
    po = out / "news" / "zh_Hans.po"
    review(po, ["是的一。", "是的二。"])
    article.write_text("Title\n\nAlpha.\n\nBeta.\n\nYes.\n\nNo.\n\nYes.\n", encoding="utf-8")
    assert cli("translate", article, "--engine", "none", "--out", out).exit_code == 0
    review(po, [])
    result = cli("build", po, "--format", "txt", "--layout", "target-only", "--out", tmp_path / "e.txt")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "e.txt").read_text(encoding="utf-8")
    order = [text.index(t) for t in ("标题", "甲。", "乙。", "是的一。", "不。", "是的二。")]
    assert order == sorted(order), text
