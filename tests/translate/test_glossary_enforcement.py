"""Glossary enforcement in the whole pipeline, with the word-for-word test model."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import pytest

from conftest import GLOSSARY
from pipeline.catalog import load_catalog
from pipeline.glossary import load_glossaries
from pipeline.segmentation.spans import PLACEHOLDER_PREFIXES
from pipeline.translate.verify import verify_terms
from pipeline.translate import translate_articles

EXIT_BAN_SENTENCE = "p28.s1"  # "The CCP’s exit ban and other actions are ..."


def translate(cli, sample, out, *extra):
    result = cli("translate", sample, "--out", out, "--no-memory", *extra)
    assert result.exit_code == 0, result.output
    return result, {e.msgctxt: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}


@pytest.mark.slow
def test_without_glossary_the_test_model_says_export_prohibition(cli, installed_model, sample, tmp_path):
    _, entries = translate(cli, sample, tmp_path / "plain")
    assert "出口禁止" in entries[EXIT_BAN_SENTENCE].msgstr
    assert "出境禁令" not in entries[EXIT_BAN_SENTENCE].msgstr


@pytest.mark.slow
def test_with_glossary_every_term_is_rendered_as_required(cli, installed_model, sample, tmp_path):
    report = tmp_path / "r.json"
    result, entries = translate(cli, sample, tmp_path / "gl", "--glossary", GLOSSARY, "--report", report)
    text = entries[EXIT_BAN_SENTENCE].msgstr
    assert "出境禁令" in text and "出口禁止" not in text
    assert "glossary: exit ban → 出境禁令" in entries[EXIT_BAN_SENTENCE].notes
    data = json.loads(report.read_text())
    assert data["terms_required"] > 40
    assert data["terms_applied"] == data["terms_required"] and data["term_consistency"] == 1.0
    assert "term consistency" in result.stderr and "100.0%" in result.stderr
    glossary = load_glossaries([GLOSSARY])
    for e in entries.values():
        assert verify_terms(e.msgid, e.msgstr, glossary, "zh-Hans") == [], e.msgctxt
        assert not re.search("|".join(PLACEHOLDER_PREFIXES), e.msgstr)


@pytest.mark.slow
def test_notes_list_each_term_and_its_rendering(cli, installed_model, sample, tmp_path):
    _, entries = translate(cli, sample, tmp_path / "gl", "--glossary", GLOSSARY)
    notes = entries["p1.s1"].notes
    for expected in ("glossary: Chinese Communist Party → 中国共产党", "glossary: CCP → 中共", "glossary: zero-COVID → 清零"):
        assert expected in notes
    # "Chinese Communist Party’s (CCP)" is two terms, not one inside the other.
    assert not any("Chinese →" in n for n in notes)


class PlaceholderLosingEngine:
    """Drops every placeholder, and never renders the words 'exit ban' itself."""

    identity = "losing@1"

    def __init__(self):
        self.calls = 0

    def options(self):
        return {}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.calls += 1
        out = []
        for text in texts:
            text = re.sub(rf"({'|'.join(PLACEHOLDER_PREFIXES)})\s*\d+", "", text)
            text = re.sub(r"(?i)exit[- ]bans?", "", text)
            out.append(text)
        return out


def test_lost_placeholders_leave_the_entry_fuzzy_with_a_not_applied_note(sample, tmp_path):
    glossary = load_glossaries([GLOSSARY])
    engine = PlaceholderLosingEngine()
    report = translate_articles([sample], out_dir=tmp_path / "out", engine=engine, glossary=glossary)
    assert engine.calls >= 2  # the recovery round ran
    entry = next(e for e in load_catalog(tmp_path / "out" / "run-movement" / "zh_Hans.po").active if e.msgctxt == EXIT_BAN_SENTENCE)
    assert entry.fuzzy
    assert any(n.startswith("glossary: exit ban → 出境禁令 NOT applied") for n in entry.notes)
    assert report.term_consistency is not None and report.term_consistency < 1.0


def test_project_glossary_passes_glossary_check(cli):
    result = cli("glossary", "check", GLOSSARY)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


@pytest.mark.slow
def test_term_figure_is_the_same_from_the_memory(cli, installed_model, sample, tmp_path):
    memory, report = tmp_path / "tm.sqlite3", tmp_path / "r.json"
    for out in ("first", "second"):
        result = cli("translate", sample, "--out", tmp_path / out, "--memory", memory, "--glossary", GLOSSARY, "--report", report)
        assert result.exit_code == 0
        data = json.loads(report.read_text())
        figures = (data["terms_applied"], data["terms_required"])
        if out == "first":
            first = figures
        else:
            assert data["engine_calls"] == 0 and figures == first


def test_a_term_inside_a_url_is_not_matched(tmp_path):
    """One recognizer of URLs for glossary matching too: the term in the link stays as written."""
    from pipeline.glossary import load_glossary, required_matches

    path = tmp_path / "g.csv"
    path.write_text("en,zh\nexit ban,出境禁令\n", encoding="utf-8")
    text = "See https://example.org/exit-ban for the exit ban."
    matches = required_matches(load_glossary(path), text)
    assert [text[m.start:m.end] for m in matches] == ["exit ban"]
    assert matches[0].start > text.index(" for ")
