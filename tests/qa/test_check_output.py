"""``check`` as translators' tools report: ``FILE:LINE: severity: [check] message``,
pofilter's check names (the former ones as aliases), and ``--annotate`` into a copy."""

from __future__ import annotations

import pytest

from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog
from pipeline.errors import InputError
from pipeline.qa.checks import ALIASES, CHECKS, annotate_catalog, check_catalog, checks_named

checks_mod = pytest.importorskip("translate.filters.checks")

ENTRIES = [
    Entry("p1.s1", "It took 25 minutes.", "花了52分钟。", comment="reviewer: check the number"),
    Entry("p1.s2", "Fine sentence here.", "很好的句子。"),
    Entry("p2.s1", "Read <em>this</em> now, please.", "请现在读这个。"),
    Entry("p3.s1", "Nobody translated this sentence.", "Nobody translated this sentence."),
]


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "article" / "zh_Hans.po"
    path.parent.mkdir()
    write_catalog(path, Catalog("zh_Hans", new_header("t", "zh_Hans"), list(ENTRIES)))
    return path


def _start_line(po, msgctxt):
    """The first line of the entry holding ``msgctxt "<msgctxt>"``: its first comment line."""
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{msgctxt}"')
    while at > 0 and lines[at - 1].strip():
        at -= 1
    return at + 1


def test_findings_carry_the_line_their_entry_starts_at(po):
    report = check_catalog(po)
    assert [(f.check, f.msgctxt, f.line) for f in report.findings] == [
        ("numbers", "p1.s1", _start_line(po, "p1.s1")),
        ("xmltags", "p2.s1", _start_line(po, "p2.s1")),
        ("xmltags", "p2.s1", _start_line(po, "p2.s1")),
        ("unchanged", "p3.s1", _start_line(po, "p3.s1")),
        ("length", "p3.s1", _start_line(po, "p3.s1")),
        ("latin", "p3.s1", _start_line(po, "p3.s1")),
    ]
    assert len({f.line for f in report.findings}) == 3
    first = report.findings[0]
    assert first.location(po) == f"{po}:{_start_line(po, 'p1.s1')}: error: [numbers] {first.message}"


def test_cli_prints_file_line_severity_check_message(cli, po):
    result = cli("check", po)
    assert result.exit_code == 1
    line = _start_line(po, "p2.s1")
    assert f"{po}:{line}: error: [xmltags] raw HTML <em> missing or changed in the target" in result.output.splitlines()
    assert any(l.startswith(f"{po}:{_start_line(po, 'p3.s1')}: error: [unchanged] ") for l in result.output.splitlines())


def test_names_that_match_a_pofilter_check_are_pofilter_checks():
    """Every name shared with pofilter is one of its checks; the other names are none of pofilter's."""
    pofilter = set(checks_mod.StandardChecker().defaultfilters) | set(checks_mod.TranslationChecker().defaultfilters)
    ours = {c.name for c in CHECKS}
    assert {"numbers", "urls", "emails", "xmltags", "unchanged", "brackets", "endpunc", "doublespacing"} <= ours & pofilter
    assert ours - pofilter == {"placeholders", "reflinks", "length", "latin", "punctuation", "misconversion", "glossary"}


def test_test_option_takes_names_and_former_names(cli, po):
    assert [c.name for c in checks_named(["markup", "numbers"])] == ["numbers", "xmltags"]
    assert [c.name for c in checks_named(["untranslated"])] == ["unchanged"]
    assert set(ALIASES.values()) <= {c.name for c in CHECKS}
    with pytest.raises(InputError, match="no check named 'spelling'"):
        checks_named(["spelling"])
    result = cli("check", po, "--test", "markup")
    lines = [l for l in result.output.splitlines() if l.startswith(f"{po}:")]
    assert lines and all("[xmltags]" in l for l in lines)
    bad = cli("check", po, "-t", "spelling")
    assert bad.exit_code != 0 and "Error: no check named 'spelling'" in bad.output


def test_annotate_writes_findings_into_a_copy_never_the_original(cli, po, tmp_path):
    before = po.read_bytes()
    result = cli("check", po, "--annotate", tmp_path / "annotated")
    assert result.exit_code == 1
    assert po.read_bytes() == before
    copy = tmp_path / "annotated" / "article" / "zh_Hans.po"
    annotated = {e.msgctxt: e for e in load_catalog(copy).entries}
    assert annotated["p1.s1"].comment.split("\n")[0] == "reviewer: check the number"  # the reviewer's comment first
    assert annotated["p1.s1"].comment.split("\n")[1] == "(mtpipe) numbers: error: number 25 missing from the target"
    assert annotated["p1.s2"].comment == ""
    assert annotated["p2.s1"].comment.startswith("(mtpipe) xmltags: error: ")
    # the entries keep their text and state
    original = {e.msgctxt: e for e in load_catalog(po).entries}
    assert all(annotated[k].msgstr == e.msgstr and annotated[k].state == e.state for k, e in original.items())
    text = copy.read_text(encoding="utf-8")
    assert "# (mtpipe) unchanged: error: target is the untranslated source\n" in text


def test_annotate_refuses_to_replace_the_original(po):
    with pytest.raises(InputError, match="would replace the PO file"):
        annotate_catalog(report=check_catalog(po), out=po)


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        ("He left. Then she came.", "他走了。  然后她来了。", ["1 double space in the target, 0 in the source"]),
        ("Line one  \nline two.", "第一行  \n第二行。", []),  # a Markdown hard break in both
        ("Fine.", "好。", []),
    ],
)
def test_doublespacing_as_pofilter(source, target, messages):
    from pipeline.qa.text_checks import check_doublespacing

    assert check_doublespacing.messages(source, target) == messages
    assert bool(checks_mod.StandardChecker().run_filters(_unit(source, target)).get("doublespacing")) == bool(messages)


def _unit(source, target):
    from translate.storage.pypo import pounit

    unit = pounit(source)
    unit.target = target
    return unit


def test_annotate_refuses_two_files_that_would_share_a_copy(cli, tmp_path):
    first, second = tmp_path / "a" / "x" / "zh_Hans.po", tmp_path / "b" / "x" / "zh_Hans.po"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        write_catalog(path, Catalog("zh_Hans", new_header("t", "zh_Hans"), list(ENTRIES)))
    result = cli("check", first, second, "--annotate", tmp_path / "annotated")
    assert result.exit_code != 0
    assert "would both be annotated as" in result.output and "nothing written" in result.output
    assert not (tmp_path / "annotated").exists()
    same = cli("check", first, first, "--annotate", tmp_path / "annotated")  # the same file twice is one copy
    assert same.exit_code == 1 and (tmp_path / "annotated" / "x" / "zh_Hans.po").is_file()


@pytest.mark.parametrize(
    ("source", "target", "messages"),
    [
        ("He left.", "他走了。", []),
        ('He said "go."', "他说“走。”", []),  # closing quotes set aside
        ("Why?", "为什么？", []),
        ("Wait...", "等等……", []),
        ("He left.", "他走了.", []),  # half-width: the punctuation check's
        ("Exit ban", "出境禁令", []),  # a heading
        ("Why?", "为什么。", ["the source ends with '?', the target with '。' (expected '？')"]),
        ("He left.", "他走了", ["the source ends with '.', the target with '了' (expected '。')"]),
        ("Exit ban", "出境禁令。", ["the target ends with '。', the source with no sentence punctuation"]),
    ],
)
def test_endpunc(source, target, messages):
    from pipeline.qa.framework import CheckContext
    from pipeline.qa.text_checks import check_endpunc

    assert check_endpunc.messages(source, target, CheckContext(language="zh_Hans")) == messages
