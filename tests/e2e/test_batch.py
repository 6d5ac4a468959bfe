"""Many articles: folders and globs, failures that don't stop the batch, the memory."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from conftest import SAMPLE
from pipeline.memory import TranslationMemory
from pipeline.translate import translate_articles


def make_articles(folder, count=20):
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = "\n".join([f"Report number {i} from the desk."] + lines[1:])
        path = folder / f"article-{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


class CountingEngine:
    """A stand-in engine: echoes the source, counts what it is asked."""

    def __init__(self, identity="fake@1"):
        self.identity = identity
        self.seen: list[str] = []

    def options(self):
        return {"beam_size": 1}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.seen.extend(texts)
        return [f"译{t}" for t in texts]


@pytest.mark.slow
def test_batch_over_a_folder_with_one_broken_file(cli, installed_model, tmp_path):
    folder = tmp_path / "in"
    paths = make_articles(folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    (folder / "notes.csv").write_text("ignored,because,not an article")
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = cli("translate", folder, "--out", out, "--report", report, "--io-threads", "2", "--memory", tmp_path / "tm.sqlite3")
    assert result.exit_code == 1, result.output
    for p in paths:
        assert (out / p.stem / "zh_Hans.po").is_file() and (out / p.stem / f"{p.stem}.pot").is_file()
    assert not (out / "broken").exists()
    data = json.loads(report.read_text())
    assert data["articles"] == 21 and data["failed"] == 1
    failed = [a for a in data["per_article"] if a["error"]]
    assert failed[0]["path"].endswith("broken.txt") and "binary" in failed[0]["error"]
    assert data["segments"] == 20 * 48
    # The 20 articles share all sentences but the first: the engine saw each unique one once.
    assert data["engine_inputs"] == 47 + 20 and 0 < data["engine_calls"] <= data["engine_inputs"]
    assert "engine inputs in" in result.stderr and "broken.txt" in result.stderr


@pytest.mark.slow
def test_rerun_makes_zero_engine_calls_and_one_edit_makes_one(cli, installed_model, tmp_path):
    paths = make_articles(tmp_path / "in", count=3)
    out, memory, report = tmp_path / "out", tmp_path / "tm.sqlite3", tmp_path / "r.json"
    args = ["translate", tmp_path / "in", "--out", out, "--memory", memory, "--report", report]
    assert cli(*args).exit_code == 0
    first = (out / "article-00" / "zh_Hans.po").read_bytes()
    # Delete the outputs: only the memory can save the engine work now.
    import shutil

    shutil.rmtree(out)
    assert cli(*args).exit_code == 0
    data = json.loads(report.read_text())
    assert data["engine_calls"] == 0 and data["from_memory"] == 3 * 48
    # Editing one sentence of one article: exactly one engine call.
    text = paths[1].read_text(encoding="utf-8").replace("Others fly to Turkey via Hong Kong.", "Others fly to Turkey via Macau.")
    paths[1].write_text(text, encoding="utf-8")
    assert cli(*args).exit_code == 0
    assert json.loads(report.read_text())["engine_calls"] == 1
    # The untouched article's PO is unchanged apart from the header dates.
    strip = lambda b: [l for l in b.decode().splitlines() if "Date:" not in l]  # noqa: E731
    assert strip((out / "article-00" / "zh_Hans.po").read_bytes()) == strip(first)


def test_memory_invalidation_by_model_and_glossary(tmp_path):
    from pipeline.glossary import load_glossaries

    paths = make_articles(tmp_path / "in", count=1)
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    glossary_a = tmp_path / "a.csv"
    glossary_a.write_text("en,zh\nexit ban,出境禁令\n", encoding="utf-8")
    glossary_b = tmp_path / "b.csv"
    glossary_b.write_text("en,zh\nexit ban,离境禁令\n", encoding="utf-8")

    def run(engine, glossary_file, out):
        glossary = load_glossaries([glossary_file])
        return translate_articles(paths, out_dir=tmp_path / out, engine=engine, glossary=glossary, memory=memory)

    engine = CountingEngine("fake@1")
    first = run(engine, glossary_a, "o1")
    assert first.engine_inputs == 48
    same = run(CountingEngine("fake@1"), glossary_a, "o2")
    assert same.engine_calls == 0
    new_model = run(CountingEngine("fake@2"), glossary_a, "o3")
    assert new_model.engine_inputs == 48
    new_glossary = run(CountingEngine("fake@1"), glossary_b, "o4")
    assert new_glossary.engine_inputs == 48
    memory.close()


def test_globs_and_missing_inputs(cli, tmp_path):
    make_articles(tmp_path / "in", count=2)
    out = tmp_path / "out"
    result = cli("translate", str(tmp_path / "in" / "*.txt"), str(tmp_path / "nothing-*.md"), "--out", out, "--engine", "none")
    assert result.exit_code == 1
    assert "pattern matched no files" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["article-00", "article-01"]


def test_interrupt_leaves_finished_articles_complete(tmp_path, monkeypatch):
    import pipeline.translate as tr

    paths = make_articles(tmp_path / "in", count=3)
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 48)  # one article per engine round

    class InterruptingEngine(CountingEngine):
        """Ctrl-C while the second round (the other articles' first lines) is in the engine."""

        def translate_batch(self, texts):
            if any(t.startswith("Report number 1 ") for t in texts):
                raise KeyboardInterrupt
            return super().translate_batch(texts)

    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    report = translate_articles(paths, out_dir=tmp_path / "out", engine=InterruptingEngine(), memory=memory)
    assert report.interrupted
    assert (tmp_path / "out" / "article-00" / "zh_Hans.po").is_file()
    assert not (tmp_path / "out" / "article-01").exists()
    # What was translated before the interrupt is in the memory.
    assert memory.stats().entries == 48
    memory.close()


def test_two_articles_with_one_slug_do_not_overwrite_each_other(cli, tmp_path):
    for folder, text in (("x", "Hello world."), ("y", "The exit ban is here.")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "news.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("translate", tmp_path / "in", "--out", out, "--engine", "none")
    assert result.exit_code == 1
    assert "already used by" in result.output
    from pipeline.catalog import load_catalog

    (entry,) = load_catalog(out / "news" / "zh_Hans.po").active
    assert entry.msgid == "Hello world."
