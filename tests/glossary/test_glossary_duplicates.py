"""Duplicate and near-duplicate rows (issue 24, point 3): glossary check warns with both lines; loading names the row that wins."""

from __future__ import annotations

import pytest

from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli.glossary import app
from pipeline.glossary import Glossary, Term, check_glossary, load_glossary

ROWS = "en,zh\npneumonia,肺炎\npneumonias,肺炎\ninfect,感染\ninfected,受感染\nCoNLL,CoNLL会议\nCONLL,CoNLL\nexit ban,出境禁令\n"


def _write(tmp_path: Path, text: str = ROWS) -> Path:
    path = tmp_path / "dup.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_check_warns_on_plural_verb_and_case_variants(tmp_path: Path) -> None:
    path = _write(tmp_path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"{path}:3: warning: 'pneumonias' is a plural form of 'pneumonia' (line 2), with the same target: "
        "text written as either takes its own line, any other form line 3; keep one row",
        f"{path}:5: warning: 'infected' is a verb, spelling or compound form of 'infect' (line 4), with a different "
        "target (zh=感染 vs zh=受感染): text written as either takes its own line, any other form line 5",
        f"{path}:7: error: source 'CONLL' is also on line 6 with different targets (zh=CoNLL会议 vs zh=CoNLL); "
        "the later line wins; 'CONLL' is in capitals, so it matches case-sensitively and 'CoNLL' no longer matches",
        f"{path}: 6 terms, 1 error, 2 warnings",
    ]


def test_case_variant_with_the_same_target_is_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "en,zh\nCoNLL,会议\nCONLL,会议\n")
    assert [(p.line, p.severity, p.message) for p in check_glossary(path)] == [
        (3, "warning", "duplicate source 'CONLL': same as line 2; 'CONLL' is in capitals, so it matches "
         "case-sensitively and 'CoNLL' no longer matches")
    ]


def test_no_warning_for_unrelated_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "en,zh\nban,禁令\nexit ban,出境禁令\nbank,银行\n")
    assert [p for p in check_glossary(path) if "form of" in p.message] == []


def test_loading_names_the_row_that_wins(tmp_path: Path) -> None:
    glossary = load_glossary(_write(tmp_path))
    assert (
        "glossary: 'pneumonia' (dup.csv:2) and its plural form 'pneumonias' (dup.csv:3) match each other's text: "
        "text written 'pneumonia' takes dup.csv:2, 'pneumonias' dup.csv:3, any other form dup.csv:3"
    ) in glossary.notes
    assert "glossary: 'CONLL' from dup.csv:7 overrides dup.csv:6" in glossary.notes


def test_the_row_written_as_the_text_wins() -> None:
    g = Glossary(terms=(Term("pneumonia", {"zh": "A"}), Term("pneumonias", {"zh": "B"})))
    found = [(m.text, m.term.targets["zh"]) for m in g.find("Pneumonia, two pneumonias, pneumonia's cause.")]
    assert found == [("Pneumonia", "A"), ("pneumonias", "B"), ("pneumonia", "B")]
    g = Glossary(terms=(Term("infected", {"zh": "A"}), Term("infect", {"zh": "B"})))
    assert [m.term.targets["zh"] for m in g.find("It infected many; infecting more.")] == ["A", "B"]


class _Echo:
    identity = "echo@1"

    def options(self) -> dict[str, object]:
        return {}

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [f"译{t}" for t in texts]


def test_translate_reports_the_row_that_wins(tmp_path: Path) -> None:
    from pipeline.translate import translate_articles

    article = tmp_path / "a.txt"
    article.write_text("Two pneumonias were found.\n", encoding="utf-8")
    report = translate_articles(
        [article], out_dir=tmp_path / "out", engine=_Echo(), glossary=load_glossary(_write(tmp_path))  # type: ignore[arg-type]
    )
    assert any("'pneumonias' dup.csv:3" in note for note in report.notes), report.notes
