"""MyST roles in the HTML and text editions: no edition runs Sphinx, so a role shows as a reader of the site
sees it: a text role's text (or an explicit title) as text, another role's target as code, never ``{term}``."""

from __future__ import annotations

import pytest

from conftest import reviewed_po

from pipeline.publish.inline import without_roles

ARTICLE = "# Roles\n\nThe {term}`translation memory` keeps every sentence.\n\nRead {ref}`the guide <guide-label>` or {ref}`guide-label`.\n"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("The {term}`translation memory` is here.", "The translation memory is here."),
        ("See {ref}`The guide <guide-label>`.", "See The guide."),
        ("Use {ref}`guide-label`.", "Use `guide-label`."),
        ("{term}`出境*禁令* <exit ban>` 生效", "出境\\*禁令\\* 生效"),
        ("No role: `code` and {braces}.", "No role: `code` and {braces}."),
    ],
)
def test_a_role_as_a_reader_sees_it(text, shown):
    assert without_roles(text) == shown


@pytest.mark.parametrize(("fmt", "layout"), [("html", "side-by-side"), ("html", "target-only"), ("txt", "target-only")])
def test_roles_in_the_editions(cli, tmp_path, fmt, layout):
    po = reviewed_po(cli, tmp_path, ARTICLE, "roles.md", {})
    out = tmp_path / f"roles.{fmt}"
    result = cli("build", po, "--format", fmt, "--layout", layout, "--out", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "{term}" not in page and "{ref}" not in page
    assert "translation memory keeps every sentence" in page.replace("\n", " ")
