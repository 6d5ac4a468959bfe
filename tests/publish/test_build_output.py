"""Where ``mtpipe build`` writes: ``--out DIR/`` (a trailing slash) is a folder, even before it exists."""

from __future__ import annotations

import pytest

from conftest import REVIEWED_PO


def _other_article(tmp_path):
    other = tmp_path / "other-article" / "zh_Hans.po"
    other.parent.mkdir()
    other.write_bytes(REVIEWED_PO.read_bytes())
    return other


def test_out_with_a_trailing_slash_is_a_folder_named_by_article(cli, tmp_path):
    """Regression: ``--out site/`` with no folder yet wrote a FILE named site, and the next build replaced it."""
    site = f"{tmp_path / 'site'}/"
    first = cli("build", REVIEWED_PO, "--out", site)
    assert first.exit_code == 0, first.output
    second = cli("build", _other_article(tmp_path), "--out", site)
    assert second.exit_code == 0, second.output
    assert sorted(str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*.*")) == [
        "other-article/zh_Hans.side-by-side.html", "run-movement/zh_Hans.side-by-side.html"]
    assert first.output.strip() == str(tmp_path / "site" / "run-movement" / "zh_Hans.side-by-side.html")


def test_a_book_of_one_po_into_a_folder_is_named_by_article(cli, tmp_path):
    result = cli("build", REVIEWED_PO, "--format", "epub", "--layout", "target-only", "--out", f"{tmp_path / 'books'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "books" / "run-movement" / "zh_Hans.target-only.epub").is_file()


def test_a_book_of_several_pos_into_a_folder_is_refused(cli, tmp_path):
    result = cli("build", REVIEWED_PO, _other_article(tmp_path), "--format", "epub", "--out", f"{tmp_path / 'books'}/")
    assert result.exit_code == 2 and result.output.startswith("Error: --out"), result.output
    assert not (tmp_path / "books").exists()


@pytest.mark.parametrize("name", ["page.html", "-"])
def test_out_without_a_slash_is_still_a_file(cli, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = cli("build", REVIEWED_PO, "--out", name)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page.html").is_file() == (name == "page.html")
