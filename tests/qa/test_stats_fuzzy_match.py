"""``stats`` counts an entry offered from a fuzzy memory match as a fuzzy match, not as "changed since review" (issue 22)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from pipeline.catalog import Catalog, Entry, new_header, write_catalog

#: How ``translate`` writes a fuzzy match (pipeline.translate.run): fuzzy, the similar sentence's source
#: as ``#| msgid``, its score and origin in a ``# mt: memory: N% match from ...`` note.
FUZZY_MATCH = Entry(
    "p1.s1", "The ban was lifted on Monday.", "禁令于周二解除。", flags=("fuzzy",),
    previous_msgid="The ban was lifted on Tuesday.", notes=("memory: 92% match from other/zh_Hans.po p4.s2",),
)
CHANGED = Entry("p1.s2", "Police arrested five people.", "警方逮捕了三人。", flags=("fuzzy",), previous_msgid="Police arrested three people.")
REVIEWED = Entry("p1.s3", "It rained.", "下雨了。")


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "a" / "zh_Hans.po"
    path.parent.mkdir()
    write_catalog(path, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[FUZZY_MATCH, CHANGED, REVIEWED]))
    return path


def test_the_table_has_a_fuzzy_match_row_apart_from_changed_since_review(cli, po):
    out = cli("stats", po).stdout
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in out.splitlines() if line.count("│") == 4}
    assert rows["fuzzy match"] == "1"  # segments
    assert rows["changed since review"] == "1"
    assert rows["reviewed"] == "1"


def test_json_counts_it_as_fuzzy_match(cli, po):
    data = json.loads(cli("stats", po, "--json").stdout)
    states = data["files"][0]["states"]
    assert states["fuzzy_match"] == {"segments": 1, "words": 6}
    assert states["changed"] == {"segments": 1, "words": 4}
    assert data["total"]["states"]["fuzzy_match"]["segments"] == 1


def test_short_counts_it_as_fuzzy_and_lists_follow(cli, po):
    line = cli("stats", po, "--short").stdout
    assert "strings: total: 3\t| 1t\t2f\t0u\t| 33%t\t66%f\t0%u" in line
    assert cli("stats", po, "--list", "changed").stdout == f"{po}\tp1.s2\n"
    assert cli("stats", po, "--list", "fuzzy").stdout == f"{po}\tp1.s1\n{po}\tp1.s2\n"


def test_a_fuzzy_match_exported_to_xliff_is_a_fuzzy_match_there(cli, po, tmp_path):
    xlf = tmp_path / "a.xlf"
    assert cli("export", po, "--to", xlf).exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    assert text.count('state-qualifier="fuzzy-match"') == 2  # the memory match and the changed sentence


def test_an_xliff_exported_before_the_state_existed_still_imports(cli, po, tmp_path, monkeypatch):
    """An export record says ``changed`` for a fuzzy match (mtpipe before this state): the target still applies."""
    monkeypatch.chdir(tmp_path)
    xlf = tmp_path / "a.xlf"
    assert cli("export", po, "--to", xlf).exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    assert "fuzzy_match sha256:" in text
    text = text.replace("fuzzy_match sha256:", "changed sha256:").replace(">禁令于周二解除。</target>", ">禁令于周一解除。</target>")
    xlf.write_text(text, encoding="utf-8")
    result = cli("import", xlf)
    assert "updated 1 entry, 0 not applied" in result.stdout, result.output


def test_translate_offers_a_fuzzy_match_and_stats_counts_it_so(cli, installed_model, tmp_path):
    """The user's path: a reviewed article, then one with a similar sentence; stats says "fuzzy match"."""
    (tmp_path / "a.txt").write_text("The police arrested five protesters in Shanghai on Monday night.\n\nThe weather was cold.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The police arrested six protesters in Shanghai on Monday night.\n\nSomething new entirely here.\n", encoding="utf-8")
    out = tmp_path / "tr"
    assert cli("translate", tmp_path / "a.txt", "--out", out, "--no-memory").exit_code == 0
    a_po = out / "a" / "zh_Hans.po"
    a_po.write_text(a_po.read_text(encoding="utf-8").replace("#, fuzzy, mt\n", ""), encoding="utf-8")  # reviewed
    assert cli("translate", tmp_path / "b.txt", "--out", out, "--no-memory").exit_code == 0
    states = json.loads(cli("stats", out / "b" / "zh_Hans.po", "--json").stdout)["files"][0]["states"]
    assert (states["fuzzy_match"]["segments"], states["machine"]["segments"], states["changed"]["segments"]) == (1, 1, 0)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize(
    "tool",
    [
        ["msgmerge", "--quiet", "--previous", "-o", "{po}", "{po}", "{pot}"],  # as Weblate runs it
        ["msgmerge", "--quiet", "-o", "{po}", "{po}", "{pot}"],
        ["msgcat", "-o", "{po}", "{po}"],
        ["msgattrib", "-o", "{po}", "{po}"],
        ["msguniq", "-o", "{po}", "{po}"],
    ],
    ids=lambda t: " ".join(t[:2]),
)
def test_gettext_tools_keep_a_fuzzy_match_a_fuzzy_match(cli, po, tool):
    """The fuzzy-match note is a ``# mt:`` translator comment and the old source a ``#|``: GNU tools keep both."""
    from pipeline.catalog import Catalog, write_catalog as write

    pot = po.with_suffix(".pot")
    template = [Entry(e.msgctxt, e.msgid, "", references=e.references) for e in (FUZZY_MATCH, CHANGED, REVIEWED)]
    write(pot, Catalog(language="", header=new_header("a", ""), entries=template))
    before = json.loads(cli("stats", po, "--json").stdout)["files"][0]["states"]
    subprocess.run([part.format(po=po, pot=pot) for part in tool], check=True, capture_output=True)
    after = json.loads(cli("stats", po, "--json").stdout)["files"][0]["states"]
    assert after["fuzzy_match"] == before["fuzzy_match"] == {"segments": 1, "words": 6}
    assert after["reviewed"] == before["reviewed"]


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
def test_plain_msgmerge_keeps_changed_since_review(cli, po):
    from pipeline.catalog import Catalog, write_catalog as write

    pot = po.with_suffix(".pot")
    write(pot, Catalog(language="", header=new_header("a", ""), entries=[Entry(e.msgctxt, e.msgid, "") for e in (FUZZY_MATCH, CHANGED, REVIEWED)]))
    subprocess.run(["msgmerge", "--quiet", "-o", str(po), str(po), str(pot)], check=True, capture_output=True)
    assert json.loads(cli("stats", po, "--json").stdout)["files"][0]["states"]["changed"]["segments"] == 1
