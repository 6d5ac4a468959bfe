"""``check_glossary``: every problem with its line number and severity (golden table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import check_glossary, load_glossary

ROOT = Path(__file__).resolve().parents[2]
PROJECT_GLOSSARY = ROOT / "glossary" / "run-movement.csv"

# (file name, content, [(line, severity, message fragment)])
CASES: list[tuple[str, str | bytes, list[tuple[int, str, str]]]] = [
    ("clean.csv", "en,zh,note\nexit ban,出境禁令,\nCCP,中共,\n", []),
    (
        "duplicate.csv",
        "en,zh\nexit ban,出境禁令\nCCP,中共\nExit-Ban,出境禁令\n",
        [(4, "warning", "duplicate source 'Exit-Ban': same as line 2")],
    ),
    (
        "conflict.csv",
        "en,zh\nexit ban,出境禁令\nexit ban,出口禁止\n",
        [(3, "error", "source 'exit ban' is also on line 2 with different targets (zh=出境禁令 vs zh=出口禁止)")],
    ),
    (
        "variant-conflict.csv",
        "en,zh,variants\nCCP,中共,\nChinese Communist Party,中国共产党,CCP\n",
        [(3, "error", "variant 'CCP' is also on line 2 with different targets")],
    ),
    (
        "empty-target.csv",
        "en,zh,zh-Hant\nexit ban,,\nCCP,中共,\n",
        [(2, "error", "'exit ban' has no target; entry ignored")],
    ),
    ("empty-source.csv", "en,zh\n,出境禁令\n", [(2, "error", "empty source term")]),
    (
        "overlap.csv",
        "en,zh\nnational security,国家安全\nnational security police,国保\n",
        [(2, "warning", "'national security' overlaps 'national security police' (line 3); the longer match wins")],
    ),
    (
        "columns.csv",
        "en,zh,forbiden,note,zh\nexit ban,出境禁令,出口禁止,,\n",
        [
            (1, "error", "unknown column 'forbiden'"),
            (1, "error", "language column 'zh' appears twice"),
        ],
    ),
    (
        "values.csv",
        "en,zh,case,dnt\nexit ban,出境禁令,upper,\nHRD,,,maybe\n",
        [
            (2, "error", "case must be 'sensitive' or 'insensitive', not 'upper'"),
            (3, "error", "dnt must be yes or no, not 'maybe'"),
        ],
    ),
    (
        "forbidden.csv",
        "en,zh,forbidden\nexit ban,出境禁令,出口禁止|出境禁令\n",
        [(2, "error", "forbidden rendering '出境禁令' is also a target")],
    ),
    ("extra.csv", "en,zh\nexit ban,出境禁令,surplus\n", [(2, "warning", "3 fields but the header has 2")]),
    ("punct.csv", "en,zh\n“”,引号\n", [(2, "error", "'“”' has no letters or digits")]),
    ("encoding.csv", "en,zh\nexit ban,x\ncaf\xe9,y\n".encode("latin-1"), [(3, "error", "not valid UTF-8 (byte 0xe9)")]),
    ("noheader.csv", "exit ban,出境禁令\n", [(1, "error", "no header row")]),
    ("notarget.tsv", "en\tnote\nexit ban\tx\n", [(1, "error", "no target language column")]),
    (
        "entries.tbx",
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>exit ban</term></tig></langSet>
<langSet xml:lang="zh"><tig><term>出境禁令</term></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>CCP</term></tig></langSet></termEntry>
<termEntry id="c"><langSet xml:lang="zh"><tig><term>中共</term></tig></langSet></termEntry>
</body></text></martif>
""",
        # monolingual entries (IATE and Microsoft termbases have some) are skipped, not refused
        [(5, "warning", "'CCP' has no target"), (6, "warning", "entry has terms in zh only")],
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_problems(tmp_path: Path, name: str, content: str | bytes, expected: list[tuple[int, str, str]]) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    problems = check_glossary(path)
    assert len(problems) == len(expected), problems
    for problem, (line, severity, fragment) in zip(problems, expected):
        assert (problem.line, problem.severity) == (line, severity), problem
        assert fragment in problem.message, problem


def test_problems_are_sorted_by_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("en,zh,oops\nexit ban,出境禁令,\nexit ban,出口禁止,\nCCP,,\n", encoding="utf-8")
    assert [p.line for p in check_glossary(path)] == [1, 3, 4]


def test_check_and_load_agree_on_what_is_kept(tmp_path: Path) -> None:
    """An entry the check calls 'ignored' is not loaded; a warned one is."""
    path = tmp_path / "g.csv"
    path.write_text("en,zh\nexit ban,\nnational security,国家安全\nnational security police,国保\n", encoding="utf-8")
    assert [t.source for t in load_glossary(path).terms] == ["national security", "national security police"]


def test_unreadable_file_still_raises(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such glossary file"):
        check_glossary(tmp_path / "missing.csv")


def test_project_glossary_has_no_errors() -> None:
    problems = check_glossary(PROJECT_GLOSSARY)
    assert [p for p in problems if p.severity == "error"] == []
    glossary = load_glossary(PROJECT_GLOSSARY)
    sources = {t.source for t in glossary.terms}
    for required in ("exit ban", "CCP", "Chinese Communist Party", "national security", "The Epoch Times"):
        assert required in sources


def test_checked_load_reports_what_check_glossary_reports(tmp_path):
    from pipeline.glossary import load_glossaries_checked

    bad = tmp_path / "bad.csv"
    bad.write_text("en,zh,colour\nexit ban,出境禁令,red\nrun,,\nexit ban,出境禁令,\n", encoding="utf-8")
    glossary, problems = load_glossaries_checked([bad])
    assert [p for _, p in problems] == check_glossary(bad)
    assert any(t.source == "exit ban" for t in glossary.terms)
