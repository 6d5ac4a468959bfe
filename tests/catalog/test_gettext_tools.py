"""GNU gettext's tools never erase mtpipe's state (issue 22).

Weblate and Pootle run ``msgmerge`` from the POT when the source changes;
people run ``msgcat``, ``msgattrib`` and ``msguniq`` to tidy or combine
catalogs. These tools drop unknown flags (``#, mt``), and msgmerge replaces
every ``#.`` comment with the template's. mtpipe keeps what differs from PO
to PO in ``# mt:`` translator comments (which all four keep) and its machine
drafts' fingerprints in the ``X-MT-Drafts`` header (kept too), so after any of
them ``stats``, ``check`` and ``build`` answer as before, the drafts are still
known as the machine's, and a re-run of ``translate`` changes nothing.

Run on the committed reviewed POs and on a fresh run with the test model,
with the real tools.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import GLOSSARY, REVIEWED_PO, SAMPLE, tree_snapshot
from pipeline.catalog import load_catalog, untouched_drafts
from pipeline.catalog.notes import ConvertedNote, GlossaryNote, ReuseNote

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed"),
]

#: Each tool as Weblate or a person runs it on a PO, in place (POT beside it).
TOOLS = {
    "msgmerge": lambda po, pot: ["msgmerge", "--quiet", "--previous", "-o", po, po, pot],  # as Weblate runs it
    "msgmerge-plain": lambda po, pot: ["msgmerge", "--quiet", "-o", po, po, pot],
    "msgcat": lambda po, pot: ["msgcat", "-o", po, po],
    "msgcat-width-76": lambda po, pot: ["msgcat", "--width=76", "-o", po, po],
    "msgattrib": lambda po, pot: ["msgattrib", "-o", po, po],
    "msguniq": lambda po, pot: ["msguniq", "-o", po, po],
}

#: An article sharing a reviewed sentence (reused) and a heading with the sample, plus new text (machine drafts).
OTHER = (
    "Different Routes\n\n"
    "Most of the individuals have taken various routes to the United States, their ideal destination. "
    "The Chinese Communist Party watched the border.\n\n"
    "Some people fled China by sea.\n"
)


def translate(cli, out: Path, *articles: Path) -> None:
    result = cli("translate", *articles, "--out", out, "--glossary", GLOSSARY, "--variant", "zh-TW", "--no-memory", "--offline")
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(cli, installed_model, tmp_path):
    """out/run-movement: the committed reviewed POs (and their POT); out/other: fresh drafts, one reused."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE, articles / "run-movement.txt")
    (articles / "other.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"
    (out / "run-movement").mkdir(parents=True)
    for po in REVIEWED_PO.parent.glob("*.po"):
        shutil.copy(po, out / "run-movement" / po.name)
    translate(cli, out, articles / "run-movement.txt")
    translate(cli, out, articles / "other.txt")  # in a run of its own, it reuses run-movement's reviewed work
    return articles, out


def answers(cli, out: Path, tmp: Path) -> dict[str, object]:
    """What mtpipe reports about *out*: stats, check findings, built editions, and every entry's data."""
    pos = sorted(out.glob("*/*.po"))
    stats = json.loads(cli("stats", out, "--json").stdout)
    checks = {}
    for po in pos:
        result = cli("check", po, "--glossary", GLOSSARY, "--json")
        doc = json.loads(result.stdout)
        for finding in (f for file in doc["files"] for f in file["findings"]):
            del finding["line"]  # where the entry starts: a tool that re-wraps the file moves it
        checks[po.relative_to(out).as_posix()] = (result.exit_code, doc)
    built = tmp / "built"
    shutil.rmtree(built, ignore_errors=True)
    result = cli("build", *pos, "--allow-draft", "--out", built, "--format", "md")
    assert result.exit_code == 0, result.output
    editions = {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}
    entries = {
        po.relative_to(out).as_posix(): [
            (e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, tuple(f for f in e.flags if f != "mt"), e.notes, e.comment, e.previous_msgid, e.obsolete)
            for e in load_catalog(po).entries
        ]
        for po in pos
    }
    return {"stats": stats, "check": checks, "build": editions, "entries": entries}


def flags(out: Path) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {po.relative_to(out).as_posix(): [(e.msgctxt, e.flags) for e in load_catalog(po).entries] for po in sorted(out.glob("*/*.po"))}


def test_the_project_holds_every_kind_of_state(project):
    """The fixture is worth testing on: reviewed entries, machine drafts, a reuse, conversions, Traditional renderings."""
    _, out = project
    tw = load_catalog(out / "run-movement" / "zh_TW.po")
    assert GlossaryNote("Chinese Communist Party", "中國共產黨") in tw.entries[0].notes
    other_hans = load_catalog(out / "other" / "zh_Hans.po")
    other_tw = load_catalog(out / "other" / "zh_TW.po")
    states = {e.state.value for e in other_hans.active}
    assert {"reused", "machine"} <= states
    assert any(isinstance(n, ReuseNote) for e in other_hans.active for n in e.notes)
    assert all(any(isinstance(n, ConvertedNote) for n in e.notes) for e in other_tw.active if e.msgstr)
    assert any(GlossaryNote("Chinese Communist Party", "中國共產黨") in e.notes for e in other_tw.active)
    assert any("mt" in e.flags for e in other_tw.active)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_gnu_tools_change_nothing_mtpipe_reports(cli, project, tmp_path, tool):
    articles, out = project
    before = answers(cli, out, tmp_path)
    before_flags = flags(out)
    before_drafts = {po: untouched_drafts(load_catalog(po)) for po in out.glob("*/*.po")}
    assert any(before_drafts.values())
    for po in sorted(out.glob("*/*.po")):
        pot = next(po.parent.glob("*.pot"))
        proc = subprocess.run(TOOLS[tool](str(po), str(pot)), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert flags(out) != before_flags, "the tool was expected to drop the mt flag"
    assert answers(cli, out, tmp_path) == before
    # The machine drafts are still known as such (X-MT-Drafts): a re-run would refresh them.
    assert {po: untouched_drafts(load_catalog(po)) for po in out.glob("*/*.po")} == before_drafts
    # A re-run changes nothing: same answers, and the files the tool wrote stay byte for byte.
    after_tool = tree_snapshot(out)
    translate(cli, out, articles / "run-movement.txt")
    translate(cli, out, articles / "other.txt")
    assert tree_snapshot(out) == after_tool
    assert answers(cli, out, tmp_path) == before
    for po in sorted(out.glob("*/*.po")):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
