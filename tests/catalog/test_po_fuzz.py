"""Fuzz: random valid and broken PO files through translate, check and build.

Whatever the file holds (reviewed entries, plurals, obsolete entries,
comments, flags, or broken syntax), ``translate`` never loses a reviewed
entry, and no command crashes with a traceback: a file mtpipe refuses is
left byte for byte as it was.
"""

from __future__ import annotations

import pytest

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalog import Entry, load_catalog
from pipeline.errors import CatalogError

SENTENCES = [
    "The ban was lifted in May.",
    "Thousands of people left the country.",
    "Officials declined to comment.",
    "The border reopened after three years.",
    "Families waited at the airport.",
]
OTHER = ["The bans were lifted in May.", "Nobody came back.", "Families waited at the airport for days."]
TARGETS = ["禁令于五月解除。", "数千人离开了这个国家。", '官员拒绝置评，称"无可奉告"。', "边境三年后重新开放。", "家属在机场\\n等候。"]

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: news\\n"\n"Language: zh_Hans\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
)


@st.composite
def po_entries(draw):
    msgid = draw(st.sampled_from(SENTENCES + OTHER))
    ctxt = f"p{draw(st.integers(1, 7))}.s{draw(st.integers(1, 2))}"
    msgstr = draw(st.sampled_from(TARGETS + [""]))
    lines = []
    if draw(st.booleans()):
        lines.append(f"# {draw(st.sampled_from(['checked with editor', 'keep this', '审校备注']))}")
    if draw(st.booleans()):
        lines.append("#. glossary: ban → 禁令")
    flags = draw(st.sampled_from(["", "fuzzy", "fuzzy, mt", "no-wrap"]))
    if flags:
        lines.append(f"#, {flags}")
    if flags.startswith("fuzzy") and draw(st.booleans()):
        lines.append(f'#| msgid "{draw(st.sampled_from(SENTENCES))}"')
    lines += [f'msgctxt "{ctxt}"', f'msgid "{msgid}"']
    if draw(st.integers(0, 4)) == 0:
        lines += [f'msgid_plural "{msgid} (many)"', f'msgstr[0] "{msgstr}"']
    else:
        lines.append(f'msgstr "{msgstr}"')
    if draw(st.integers(0, 4)) == 0:
        lines = [line if line.startswith(("#,", "#.", "# ", "#|")) else f"#~ {line}" for line in lines]
    return "\n".join(lines)


BREAKAGES = [
    lambda text: text[: len(text) // 2],  # truncated
    lambda text: text.replace('msgstr "', 'msgstr "unterminated\n', 1),
    lambda text: text + "\nthis is not a PO line\n",
    lambda text: text.replace("charset=UTF-8", "charset=ISO-8859-1"),
    lambda text: text + '\nmsgctxt "p1.s1"\nmsgid "Another msgid under a used context."\nmsgstr "x"\n',
    lambda text: text.encode("utf-8")[:-3].decode("utf-8", "ignore") + "\udcff",
]


@st.composite
def po_files(draw):
    body = "\n\n".join(draw(st.lists(po_entries(), min_size=1, max_size=8)))
    text = HEADER + "\n" + body + "\n"
    if draw(st.integers(0, 3)) == 0:
        text = draw(st.sampled_from(BREAKAGES))(text)
    return text


def reviewed(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.obsolete and e.translated]


def survives(old: Entry, new_entries: list[Entry]) -> bool:
    """The reviewed translation is still there: same text, for this sentence or as its previous msgid."""
    return any(
        e.msgstr == old.msgstr
        and e.msgstr_plural == old.msgstr_plural
        and e.comment == old.comment
        and (e.msgid == old.msgid or e.previous_msgid == old.msgid)
        for e in new_entries
    )


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], report_multiple_bugs=False)
@given(po_text=po_files(), drop=st.sets(st.integers(0, len(SENTENCES) - 1), max_size=2))
def test_random_po_files_never_lose_reviewed_work_or_crash(po_text, drop):
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        article = root / "news.txt"
        kept = [s for i, s in enumerate(SENTENCES) if i not in drop]
        article.write_text("Headline\n\n" + "\n\n".join(kept) + "\n", encoding="utf-8", errors="surrogateescape")
        po = root / "out" / "news" / "zh_Hans.po"
        po.parent.mkdir(parents=True)
        po.write_bytes(po_text.encode("utf-8", errors="surrogateescape"))
        before = po.read_bytes()
        try:
            old = load_catalog(po).entries
        except CatalogError:
            old = None

        for args in (("check", po), ("build", po, "-o", root / "edition.html", "--allow-draft")):
            result = run(*args)
            assert po.read_bytes() == before
            if old is None:
                assert result.exit_code == 2 and result.output.startswith("Error: ")

        result = run("translate", article, "--out", root / "out", "--engine", "none")
        if old is None:
            assert result.exit_code == 2 and "Error: " in result.output
            assert po.read_bytes() == before
            return
        assert result.exit_code == 0, result.output
        new = load_catalog(po).entries
        for entry in reviewed(old):
            assert survives(entry, new), entry
        for entry in old:
            if entry.plural:
                assert any(e.msgid == entry.msgid and e.msgstr_plural == entry.msgstr_plural for e in new), entry
        # A second run changes nothing.
        written = po.read_bytes()
        assert run("translate", article, "--out", root / "out", "--engine", "none").exit_code == 0
        assert po.read_bytes() == written


def test_an_untranslated_entry_keeps_its_flags_on_the_next_run(tmp_path, cli):
    """Found by the fuzz test: a flag a person added (no-wrap) to an untranslated entry
    survived the run that moved the entry, then vanished on the next, unchanged run."""
    article = tmp_path / "news.txt"
    article.write_text("Headline\n\nThe ban was lifted in May.\n", encoding="utf-8")
    po = tmp_path / "out" / "news" / "zh_Hans.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# checked with editor\n#, no-wrap\nmsgctxt "p1.s1"\nmsgid "The ban was lifted in May."\nmsgstr ""\n',
        encoding="utf-8",
    )
    for _ in range(2):
        assert cli("translate", article, "--out", tmp_path / "out", "--engine", "none").exit_code == 0
        (entry,) = [e for e in load_catalog(po).entries if e.msgid == "The ban was lifted in May."]
        assert "no-wrap" in entry.flags and entry.comment == "checked with editor"
