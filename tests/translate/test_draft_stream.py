"""The engine work of a run is one stream of rounds: the next round is in the engine while the last one is written.

Each test's engine waits (with a time bound) for something that only
happens if the rounds overlap; without the overlap the wait runs out and the
test fails, instead of hanging.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pipeline.translate as tr
from pipeline.catalog import load_catalog
from pipeline.memory import TranslationMemory
from pipeline.translate import translate_articles

WAIT = 10.0  # seconds an engine waits for the overlap before it gives up


def write_articles(folder: Path, count: int, sentences: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in range(count):
        path = folder / f"article-{a}.txt"
        path.write_text("\n\n".join(f"Article {a} sentence {s} is new." for s in range(sentences)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class EchoEngine:
    identity = "echo@1"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self._lock = threading.Lock()

    def options(self):
        return {}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        with self._lock:
            self.batches.append(list(texts))
        return [f"译{t}" for t in texts]


def test_the_next_round_enters_the_engine_before_the_last_one_is_done(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10)
    (path,) = write_articles(tmp_path / "in", 1, 30)
    second_started = threading.Event()
    overlapped: list[bool] = []

    class Engine(EchoEngine):
        def translate_batch(self, texts):
            if "Article 0 sentence 10 is new." in texts:
                second_started.set()
            if "Article 0 sentence 0 is new." in texts:  # the first round waits for the second
                overlapped.append(second_started.wait(WAIT))
            return super().translate_batch(texts)

    engine = Engine()
    report = translate_articles([path], out_dir=tmp_path / "out", engine=engine)
    assert overlapped == [True]
    assert report.total("drafted") == 30 and report.engine_inputs == 30
    entries = load_catalog(tmp_path / "out" / "article-0" / "zh_Hans.po").active
    assert all(e.msgstr.startswith(f"译{e.msgid[:-1]}") for e in entries)  # typography ends it with 。


def test_an_article_is_written_while_the_engine_translates_a_later_round(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10)
    paths = write_articles(tmp_path / "in", 3, 10)  # one round per article
    out = tmp_path / "out"
    first_po = out / "article-0" / "zh_Hans.po"
    written_meanwhile: list[bool] = []

    class Engine(EchoEngine):
        def translate_batch(self, texts):
            if "Article 2 sentence 0 is new." in texts:  # the third round waits for the first article's PO
                written_meanwhile.append(_wait_for(first_po))
            return super().translate_batch(texts)

    seen: list[str] = []
    translate_articles(paths, out_dir=out, engine=Engine(), on_article=lambda r: seen.append(r.slug))
    assert written_meanwhile == [True]
    assert seen == ["article-0", "article-1", "article-2"]  # articles are reported in order


def _wait_for(path: Path) -> bool:
    done = threading.Event()
    for _ in range(int(WAIT * 20)):
        if path.exists():
            return True
        done.wait(0.05)
    return False


def test_rounds_write_the_same_files_as_one_big_round(tmp_path, monkeypatch, fixed_dates):
    paths = write_articles(tmp_path / "in", 4, 9)
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 7)  # rounds cross article boundaries
    translate_articles(paths, out_dir=tmp_path / "small", engine=EchoEngine(), variants=["zh-Hans", "zh-TW"])
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10_000)
    one = EchoEngine()
    translate_articles(paths, out_dir=tmp_path / "one", engine=one, variants=["zh-Hans", "zh-TW"])
    assert len(one.batches) == 1

    def files(root: Path) -> dict[Path, bytes]:
        return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.po*"))}

    assert files(tmp_path / "small") == files(tmp_path / "one")
    assert len(files(tmp_path / "one")) == 12


def test_memory_hits_and_engine_rounds_mix_in_one_stream(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 4)
    monkeypatch.setattr(tr.drafting, "LOOKUP_BLOCK", 6)
    paths = write_articles(tmp_path / "in", 3, 8)
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        translate_articles(paths[1:2], out_dir=tmp_path / "warm", engine=EchoEngine(), memory=memory)
        engine = EchoEngine()
        report = translate_articles(paths, out_dir=tmp_path / "out", engine=engine, memory=memory)
    sent = [t for batch in engine.batches for t in batch]
    assert sorted(sent) == sorted(f"Article {a} sentence {s} is new." for a in (0, 2) for s in range(8))
    assert all(len(batch) <= 4 for batch in engine.batches)
    assert report.total("from_memory") == 8 and report.total("drafted") == 16
    for a in range(3):
        entries = load_catalog(tmp_path / "out" / f"article-{a}" / "zh_Hans.po").active
        assert len(entries) == 8 and all(e.msgstr.startswith(f"译{e.msgid[:-1]}") for e in entries)  # typography ends it with 。


def test_ctrl_c_stops_the_rounds_in_the_engine_at_their_next_result(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10)
    (path,) = write_articles(tmp_path / "in", 1, 40)

    class SlowEngine(EchoEngine):
        """Reports each result as it comes, 0.1 s apart, like ArgosEngine (to the callback the call started with)."""

        progress = None

        def __init__(self) -> None:
            super().__init__()
            self.results = 0

        def translate_batch(self, texts):
            progress = self.progress
            for i in range(1, len(texts) + 1):
                time.sleep(0.1)
                with self._lock:
                    self.results += 1
                if progress is not None:
                    progress(i, len(texts))
            return super().translate_batch(texts)

    def ctrl_c(*_args):
        raise KeyboardInterrupt

    engine = SlowEngine()
    previous = signal.signal(signal.SIGALRM, ctrl_c)
    signal.setitimer(signal.ITIMER_REAL, 0.45)  # Ctrl-C while the first two rounds are half done
    try:
        report = translate_articles([path], out_dir=tmp_path / "out", engine=engine)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert report.interrupted
    for _ in range(100):  # the rounds end within a result or two (bounded wait)
        if not any(t.name.startswith("mtpipe-round") for t in threading.enumerate()):
            break
        time.sleep(0.05)
    assert not any(t.name.startswith("mtpipe-round") for t in threading.enumerate())
    assert engine.results <= 14  # two rounds of 10 ran on: they stopped after a result or two each
    assert not (tmp_path / "out" / "article-0" / "zh_Hans.po").exists()
