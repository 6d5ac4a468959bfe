"""``mtpipe stats`` and the words, timing and model in ``translate --report``."""

from __future__ import annotations

import json

import pytest

from conftest import GLOSSARY, REVIEWED_PO
from pipeline.catalog import Catalog, Entry, entry_state, load_catalog, new_header, write_catalog
from pipeline.qa.stats import count_words, project_stats

ENTRIES = [
    Entry("p1.s1", "Reviewed sentence here.", "已审句子。", notes=("glossary: CCP → 中共",)),
    Entry("p1.s2", "A machine draft.", "机器草稿。", flags=("fuzzy", "mt"), notes=("glossary: exit ban → 出境禁令 NOT applied",)),
    Entry("p2.s1", "A changed one.", "旧译文。", flags=("fuzzy",), previous_msgid="An old one."),
    Entry("p2.s2", "Reused from elsewhere.", "别处复用。", flags=("fuzzy",), notes=("memory: reused from b/zh_Hans.po p1.s1",)),
    Entry("p3.s1", "Nobody translated this yet.", ""),
    Entry("p9.s9", "Gone sentence.", "消失。", obsolete=True),
]


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "a" / "zh_Hans.po"
    path.parent.mkdir()
    write_catalog(path, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=list(ENTRIES)))
    return path


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Hello world.", 2),
        ("The U.S. didn't impose a zero-COVID policy in 2022.", 10),
        ("“Run” — away!", 2),
        ("", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_each_entry_has_one_state():
    assert [entry_state(e) for e in ENTRIES] == ["reviewed", "machine", "changed", "reused", "untranslated", "obsolete"]


def test_file_counts_segments_words_and_glossary_notes(po):
    stats = project_stats(inputs=[po])
    (f,) = stats.files
    assert {s: (t.segments, t.words) for s, t in f.states.items()} == {
        "reviewed": (1, 3),
        "machine": (1, 3),
        "changed": (1, 3),
        "reused": (1, 3),
        "fuzzy_match": (0, 0),
        "untranslated": (1, 4),
        "obsolete": (1, 2),
    }
    assert (f.segments, f.words) == (5, 16)
    assert f.glossary.terms == 2 and f.glossary.not_applied == 1 and f.glossary.violations is None


def test_a_reviewed_plural_entry_counts_as_reviewed(tmp_path):
    """Regression: stats counted a reviewed plural entry (msgstr[N], no msgstr) as untranslated."""
    path = tmp_path / "p" / "zh_Hans.po"
    path.parent.mkdir()
    plural = Entry("p1.s1", "One boat left.", msgid_plural="%d boats left.", msgstr_plural=((0, "%d 条船离开了。"),))
    write_catalog(path, Catalog(language="zh_Hans", header=new_header("p", "zh_Hans"), entries=[plural]))
    (f,) = project_stats(inputs=[path]).files
    assert (f.states["reviewed"].segments, f.states["untranslated"].segments) == (1, 0)


def test_list_prints_ids_per_state(cli, po):
    assert cli("stats", po, "--list", "fuzzy").stdout == f"{po}\tp1.s2\n{po}\tp2.s1\n{po}\tp2.s2\n"
    assert cli("stats", po, "--list", "changed").stdout == f"{po}\tp2.s1\n"
    assert cli("stats", po, "--list", "untranslated").stdout == f"{po}\tp3.s1\n"


def test_an_empty_list_says_so_on_stderr_only(cli, tmp_path):
    done = tmp_path / "done" / "zh_Hans.po"
    done.parent.mkdir()
    done.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_Hans\\n"\n\n'
        'msgctxt "p1.s1"\nmsgid "Hello."\nmsgstr "你好。"\n',
        encoding="utf-8",
    )
    result = cli("stats", done, "--list", "fuzzy")
    assert result.exit_code == 0 and result.stdout == "" and "no fuzzy entries" in result.stderr


def test_json_totals_over_a_folder(cli, po, tmp_path):
    other = tmp_path / "b" / "zh_Hans.po"
    other.parent.mkdir()
    other.write_bytes(REVIEWED_PO.read_bytes())
    result = cli("stats", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == [str(po), str(other)]
    reviewed_words = sum(count_words(e.msgid) for e in load_catalog(REVIEWED_PO).active)
    assert data["files"][1]["states"]["reviewed"] == {"segments": 48, "words": reviewed_words}
    assert data["total"]["states"]["reviewed"] == {"segments": 49, "words": reviewed_words + 3}
    assert data["total"]["segments"] == 53 and data["total"]["files"] == 2
    notes = REVIEWED_PO.read_text().count("# mt: glossary: ")
    assert data["total"]["glossary"] == {"terms": notes + 2, "not_applied": 1, "violations": None}


def test_table_names_every_state(cli, po):
    result = cli("stats", po)
    assert result.exit_code == 0
    for label in ("reviewed", "machine draft", "changed since review", "reused", "untranslated", "obsolete"):
        assert label in result.stdout
    assert "2 terms noted, 1 not applied" in result.stdout


def test_glossary_option_counts_violations(cli, tmp_path):
    path = tmp_path / "zh_Hans.po"
    entries = [Entry("p1.s1", "The CCP said so.", "中国共产党这样说。"), Entry("p1.s2", "The CCP agreed.", "中共同意。")]
    write_catalog(path, Catalog(language="zh_Hans", header=new_header("x", "zh_Hans"), entries=entries))
    data = json.loads(cli("stats", path, "--json", "--glossary", GLOSSARY).stdout)
    assert data["total"]["glossary"]["violations"] == 1


def test_missing_input_is_one_error_line(cli, tmp_path):
    result = cli("stats", tmp_path / "nope.po")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'nope.po'}: no such file")
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_translate_report_has_words_timing_model_and_failed_paths(cli, installed_model, sample, tmp_path):
    broken = sample.parent / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    report = tmp_path / "report.json"
    out = tmp_path / "out"
    result = cli("translate", sample, broken, "--out", out, "--report", report, "--glossary", GLOSSARY, "--memory", tmp_path / "tm.sqlite3")
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    done = [a for a in data["per_article"] if not a["error"]]
    failed = [a for a in data["per_article"] if a["error"]]
    po = load_catalog(out / "run-movement" / "zh_Hans.po")
    assert done[0]["words"] == data["words"] == sum(count_words(e.msgid) for e in po.active)
    assert failed[0]["path"] == str(broken) and failed[0]["slug"] is None
    assert data["segments"] == 48
    assert set(data["timing_s"]) == {"read", "draft", "write"}
    assert all(isinstance(v, float) and v >= 0 for v in data["timing_s"].values())
    assert data["model"] == f"{installed_model.path.name}@{installed_model.package_version}"
    assert data["engine_options"]["beam_size"] >= 1
    from pipeline.glossary import load_glossary

    assert data["glossary_hash"] == load_glossary(GLOSSARY).content_hash
    assert data["engine_inputs"] >= data["engine_calls"] > 0
