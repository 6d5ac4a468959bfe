"""`mtpipe build` option checks: an option the format would ignore is refused in one line."""

from __future__ import annotations

import pytest

from conftest import REVIEWED_PO, SAMPLE, error_lines


@pytest.mark.parametrize(
    ("fmt", "option"),
    [
        ("epub", ("--source", "x.txt")),  # issue 19 bug 5: was ignored while its hint said to pass it
        ("pdf", ("--source", "x.txt")),
        ("epub", ("--footer",)),
        ("pdf", ("--no-footer",)),
        ("md", ("--footer",)),
        ("txt", ("--no-footer",)),
    ],
)
def test_an_option_the_format_ignores_is_refused(cli, tmp_path, fmt, option):
    out = tmp_path / f"book.{fmt}"
    result = cli("build", REVIEWED_PO, "--format", fmt, *option, "--out", out)
    assert result.exit_code == 2, result.output
    (line,) = error_lines(result.output)
    assert f"{option[0]} applies to --format" in line and f"not to --format {fmt}" in line
    assert not out.exists()


def test_source_and_footer_still_apply_to_html(cli, tmp_path):
    out = tmp_path / "e.html"
    result = cli("build", REVIEWED_PO, "--source", SAMPLE, "--no-footer", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Built by mtpipe" not in out.read_text(encoding="utf-8")


def test_several_pos_into_one_file_refused_by_the_plan(tmp_path):
    from pipeline.errors import InputError
    from pipeline.publish.edition import plan_editions

    a, b = tmp_path / "a" / "zh_Hans.po", tmp_path / "b" / "zh_Hans.po"
    (tmp_path / "one.html").write_text("x")
    with pytest.raises(InputError, match="must be a folder"):
        plan_editions([a, b], out=tmp_path / "one.html", fmt="html")
    plan = plan_editions([a, b], out=tmp_path / "site", fmt="html")
    assert plan == {a: tmp_path / "site" / "a" / "zh_Hans.side-by-side.html", b: tmp_path / "site" / "b" / "zh_Hans.side-by-side.html"}
