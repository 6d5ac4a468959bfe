"""Two articles of one name in two folders never share a PO; bundles take their folder's name."""

from __future__ import annotations

from pipeline.documents.article import read_article
from pipeline.catalog import load_catalog
from pipeline.catalog.notes import SOURCE_HEADER

TEXT = "Headline\n\nThe first sentence is here. The second sentence follows it.\n"


def write(path, text=TEXT):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_second_article_of_the_same_name_is_refused_before_anything_is_written(cli, tmp_path):
    a = write(tmp_path / "a" / "news.txt")
    b = write(tmp_path / "b" / "news.txt", "Other headline\n\nA different story is told here.\n")
    out = tmp_path / "out"
    assert cli("translate", a, "--out", out, "--engine", "none").exit_code == 0
    pot = load_catalog(out / "news" / "news.pot")
    assert pot.header[SOURCE_HEADER] == "../../a/news.txt"
    before = snapshot(out / "news")
    result = cli("translate", b, "--out", out, "--engine", "none")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "a/news.txt" in result.output and "--out" in result.output
    assert snapshot(out / "news") == before


def test_the_same_article_again_and_a_moved_project_are_accepted(cli, tmp_path):
    a = write(tmp_path / "proj" / "a" / "news.txt")
    out = tmp_path / "proj" / "out"
    assert cli("translate", a, "--out", out, "--engine", "none").exit_code == 0
    assert cli("translate", a, "--out", out, "--engine", "none").exit_code == 0
    moved = tmp_path / "moved"
    (tmp_path / "proj").rename(moved)
    result = cli("translate", moved / "a" / "news.txt", "--out", moved / "out", "--engine", "none")
    assert result.exit_code == 0, result.output


def test_a_template_without_the_record_is_taken_as_this_articles(cli, tmp_path):
    a = write(tmp_path / "a" / "news.txt")
    out = tmp_path / "out"
    assert cli("translate", a, "--out", out, "--engine", "none").exit_code == 0
    pot = out / "news" / "news.pot"
    pot.write_text("".join(line for line in pot.read_text(encoding="utf-8").splitlines(True) if SOURCE_HEADER not in line), encoding="utf-8")
    assert cli("translate", a, "--out", out, "--engine", "none").exit_code == 0
    assert load_catalog(pot).header[SOURCE_HEADER] == "../../a/news.txt"


def test_bundle_index_files_take_their_folders_name(cli, tmp_path):
    a = write(tmp_path / "posts" / "run-movement" / "index.md", "# Run\n\nPeople leave.\n")
    b = write(tmp_path / "posts" / "exit-bans" / "index.md", "# Bans\n\nPeople stay.\n")
    assert read_article(a).slug == "run-movement"
    assert read_article(tmp_path / "posts" / "exit-bans" / "index.md").slug == "exit-bans"
    out = tmp_path / "out"
    result = cli("translate", a, b, "--out", out, "--engine", "none")
    assert result.exit_code == 0, result.output
    assert (out / "run-movement" / "zh_Hans.po").is_file() and (out / "exit-bans" / "zh_Hans.po").is_file()
    write(tmp_path / "plain" / "news.md", "# News\n\nText.\n")
    assert read_article(tmp_path / "plain" / "news.md").slug == "news"
