"""A multilingual run that fails for some articles says truthfully what it wrote, by language."""

from __future__ import annotations

from conftest import error_lines

HTML = '<html lang="en"><body><p>The airport is busy.</p></body></html>\n'
MARKDOWN = "# A\n\nThe airport is busy.\n"


def test_a_language_written_for_some_articles_is_listed_with_its_count(cli, tmp_path):
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "a.md").write_text(MARKDOWN)  # same slug: its output folder is taken by a.html
    out = tmp_path / "o"
    result = cli("translate", tmp_path / "a.html", tmp_path / "a.md", "--to", "ar", "--to", "fr", "--out", out, "--engine", "none")
    assert result.exit_code == 1
    [line] = error_lines(result.output)
    assert line.startswith("Error: these languages failed: ar: 1 of 2 articles failed: ")
    assert line.endswith("Written: ar (1 of 2 articles), fr (1 of 2 articles).")
    assert (out / "a" / "ar.po").is_file() and (out / "a" / "fr.po").is_file()


def test_nothing_written_says_none(tmp_path):
    from pipeline.errors import ModelError
    from pipeline.translate.targets import plan_routes, translate_targets

    (tmp_path / "a.md").write_text(MARKDOWN)

    def engine_for(route):
        raise ModelError("broken", hint="reinstall")

    report = translate_targets([tmp_path / "a.md"], out_dir=tmp_path / "o", routes=plan_routes(["ja"]), engine_for=engine_for)
    assert report.written() == {"ja": 0}
    assert report.written_summary() == "none"
    assert report.hints == {"ja": "reinstall"}


def test_every_language_written_for_every_article_is_listed_bare(tmp_path):
    from pipeline.translate.targets import plan_routes, translate_targets

    (tmp_path / "a.md").write_text(MARKDOWN)
    (tmp_path / "b.md").write_text(MARKDOWN.replace("airport", "station"))
    report = translate_targets(
        [tmp_path / "a.md", tmp_path / "b.md"], out_dir=tmp_path / "o", routes=plan_routes(["ja", "zh-TW"]), engine_for=lambda r: None
    )
    assert report.written() == {"ja": 2, "zh-Hans": 2, "zh-TW": 2}
    assert report.written_summary() == "ja, zh-Hans, zh-TW"
    assert report.as_dict()["written_articles"] == {"ja": 2, "zh-Hans": 2, "zh-TW": 2}
