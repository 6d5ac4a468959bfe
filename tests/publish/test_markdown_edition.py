"""The Markdown edition through ``mtpipe build --format md``: the DRAFT banner after any front matter (YAML,
TOML, JSON), and a side-by-side edition that keeps every construct of its article."""

from __future__ import annotations

from pathlib import Path

import pytest


def translated(cli, tmp_path: Path, name: str, text: str) -> Path:
    """*text* saved as *name*, translated with ``--engine none`` (every entry untranslated): its PO."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = cli("translate", source, "--engine", "none", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    return tmp_path / "o" / source.stem / "zh_Hans.po"


FRONT_MATTERS = {
    "yaml": '---\ntitle: "Exit bans"\n---\n',
    "toml": '+++\ntitle = "Exit bans"\n+++\n',
    "json": '{\n  "title": "Exit bans"\n}\n',
}


@pytest.mark.parametrize("layout", ["target-only", "interleaved"])
@pytest.mark.parametrize("syntax", sorted(FRONT_MATTERS))
def test_the_draft_banner_goes_after_yaml_toml_and_json_front_matter(cli, tmp_path, syntax, layout):
    """Regression: the banner went above ``+++`` and ``{``, so Hugo no longer saw front matter (issue 23, point 6)."""
    from pipeline.documents.front_matter import read_front_matter

    po = translated(cli, tmp_path, "post.md", FRONT_MATTERS[syntax] + "\nThe airport is busy.\n")
    result = cli("build", po, "--allow-draft", "--format", "md", "--layout", layout, "--out", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    end = read_front_matter(text).end
    assert end, text  # the output still opens with its front matter
    assert "DRAFT" not in text[:end]
    assert text[end:].startswith("\n\n> **DRAFT"), text
