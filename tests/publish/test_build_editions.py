"""`mtpipe build` on the committed reviewed translations: zh-Hans and zh-TW, every format."""

from __future__ import annotations

import re

import pytest

from conftest import REVIEWED_PO, ROOT

REVIEWED_TW = ROOT / "translations" / "run-movement" / "zh_TW.po"


@pytest.mark.parametrize(("po", "lang", "quote"), [(REVIEWED_PO, "zh-Hans", "“"), (REVIEWED_TW, "zh-Hant", "「")])
@pytest.mark.parametrize(("fmt", "layout"), [("html", "side-by-side"), ("md", "interleaved"), ("txt", "target-only")])
def test_reviewed_sample_builds(cli, tmp_path, po, lang, quote, fmt, layout):
    out = tmp_path / f"edition.{fmt}"
    result = cli("build", po, "--format", fmt, "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert quote in text
    assert '<div class="draft-banner"' not in text and "[DRAFT]" not in text and "(draft:" not in text and "[draft:" not in text
    assert "Different Routes" in text or fmt == "txt"
    if fmt == "html":
        assert f'lang="{lang}' in text and 'lang="en"' in text
        # one aligned row per paragraph of the article (28)
        assert len(re.findall(r'class="row', text)) >= 28
    if fmt == "txt":
        assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", text.split("\n", 2)[-1]), "target-only text has English prose"


def test_build_refuses_a_draft_and_lists_entries(cli, tmp_path):
    draft = tmp_path / "zh_Hans.po"
    draft.write_text(
        REVIEWED_PO.read_text(encoding="utf-8").replace('msgctxt "p5.s2"', '#, fuzzy\nmsgctxt "p5.s2"', 1),
        encoding="utf-8",
    )
    result = cli("build", draft, "--out", tmp_path / "x.html")
    assert result.exit_code == 1
    assert "p5.s2" in result.output and not (tmp_path / "x.html").exists()
    assert cli("build", draft, "--out", tmp_path / "x.html", "--allow-draft").exit_code == 0
