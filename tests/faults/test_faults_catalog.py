"""Faults in PO files and interrupted runs: a clear one-line error, nothing written, no work lost."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

import pipeline.translate as tr
from pipeline.catalog import load_catalog
from pipeline.errors import CatalogError
from pipeline.memory import TranslationMemory
from pipeline.translate import translate_articles

HEADER = '''msgid ""
msgstr ""
"Language: zh_Hans\\n"
"Content-Type: text/plain; charset={charset}\\n"
"Content-Transfer-Encoding: 8bit\\n"
'''

SAME_CONTEXT = HEADER.format(charset="UTF-8") + '''
msgctxt "p1.s1"
msgid "Headline"
msgstr "标题"

msgctxt "p2.s1"
msgid "The first sentence is here."
msgstr "第一句。"

msgctxt "p2.s1"
msgid "The second sentence follows it."
msgstr "第二句。"
'''

ARTICLE = "Headline\n\nThe first sentence is here. The second sentence follows it.\n"


def setup_article(tmp_path, po_text):
    article = tmp_path / "news.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    po = tmp_path / "out" / "news" / "zh_Hans.po"
    po.parent.mkdir(parents=True)
    po.write_text(po_text, encoding="utf-8")
    return article, po


def test_two_entries_with_one_msgctxt_are_refused_with_both_lines(tmp_path):
    _, po = setup_article(tmp_path, SAME_CONTEXT)
    with pytest.raises(CatalogError) as info:
        load_catalog(po)
    assert f"{po}:15:" in info.value.message and "line 11" in info.value.message and "'p2.s1'" in info.value.message


@pytest.mark.parametrize("command", ["translate", "check", "build"])
def test_translate_check_and_build_refuse_a_shared_msgctxt(cli, tmp_path, command):
    article, po = setup_article(tmp_path, SAME_CONTEXT)
    before = po.read_bytes()
    args = {
        "translate": ("translate", article, "--out", tmp_path / "out", "--engine", "none"),
        "check": ("check", po),
        "build": ("build", po, "-o", tmp_path / "edition.html"),
    }[command]
    result = cli(*args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "msgctxt 'p2.s1' is also used at line 11" in result.output
    assert po.read_bytes() == before
    assert not (tmp_path / "edition.html").exists()
    assert not (tmp_path / "out" / "news" / "news.pot").exists()


def test_an_obsolete_entry_may_share_a_msgctxt():
    from pipeline.catalog import Catalog, Entry, dumps_catalog, new_header

    catalog = Catalog(
        language="zh_Hans",
        header=new_header("x", "zh_Hans"),
        entries=[Entry("p1.s1", "New text.", "新。"), Entry("p1.s1", "Old text.", "旧。", obsolete=True)],
    )
    from pipeline.catalog import write_catalog

    assert "New text." in dumps_catalog(catalog)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        write_catalog(path, catalog)
        assert load_catalog(path).entries == catalog.entries


@pytest.mark.parametrize("charset", ["ISO-8859-1", "BOGUS-42", "windows-1252"])
def test_a_po_in_another_charset_is_refused_and_left_alone(cli, tmp_path, charset):
    text = HEADER.format(charset=charset) + '\nmsgctxt "p1.s1"\nmsgid "Headline"\nmsgstr "Titre"\n'
    article, po = setup_article(tmp_path, text)
    before = po.read_bytes()
    with pytest.raises(CatalogError) as info:
        load_catalog(po)
    assert f"charset {charset}" in info.value.message and "msgconv" in (info.value.hint or "")
    for args in (("translate", article, "--out", tmp_path / "out", "--engine", "none"), ("check", po)):
        result = cli(*args)
        assert result.exit_code == 2
        assert f"Error: {po}: the PO header declares charset {charset}" in result.output
        assert "Traceback" not in result.output
    assert po.read_bytes() == before


@pytest.mark.parametrize("charset", ["UTF-8", "utf-8", "ASCII", "CHARSET"])
def test_utf8_ascii_and_the_template_placeholder_are_read(tmp_path, charset):
    _, po = setup_article(tmp_path, HEADER.format(charset=charset) + '\nmsgctxt "p1.s1"\nmsgid "Headline"\nmsgstr ""\n')
    assert load_catalog(po).entries[0].msgid == "Headline"


class CountingEngine:
    """Echoes; counts inputs; raises KeyboardInterrupt (Ctrl-C) on a batch holding ``interrupt_on``."""

    identity = "echo@1"

    def __init__(self, interrupt_on=None):
        self.inputs: list[str] = []
        self.calls = 0
        self.interrupt_on = interrupt_on
        self._lock = threading.Lock()  # rounds run on two threads at once

    def options(self):
        return {}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if self.interrupt_on is not None and self.interrupt_on in texts:
            raise KeyboardInterrupt
        with self._lock:
            self.calls += 1
            self.inputs.extend(texts)
        return [f"译{t}" for t in texts]


def test_ctrl_c_inside_one_large_article_keeps_the_finished_rounds(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10)
    article = tmp_path / "big.txt"
    sentences = [f"Sentence number {i} is unique." for i in range(35)]
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    first = CountingEngine(interrupt_on=sentences[10])  # Ctrl-C while the second round is in the engine
    report = translate_articles([article], out_dir=out, engine=first, memory=memory)
    assert report.interrupted
    assert set(sentences[:10]) <= set(first.inputs)
    # The first round was committed before Ctrl-C; the rounds still in the engine are lost
    # (at most ROUNDS_IN_FLIGHT of them: the third may have been translated, never stored).
    assert memory.stats().entries == 10
    assert len(first.inputs) <= 10 * tr.ROUNDS_IN_FLIGHT
    assert not (out / "big" / "zh_Hans.po").exists()
    again = CountingEngine()
    report = translate_articles([article], out_dir=out, engine=again, memory=memory)
    memory.close()
    assert not report.interrupted and report.total("from_memory") == 10
    assert sorted(again.inputs) == sorted(sentences[10:])
    assert len(load_catalog(out / "big" / "zh_Hans.po").active) == 35


def test_progress_moves_across_the_rounds_of_one_article(tmp_path, monkeypatch):
    monkeypatch.setattr(tr.drafting, "ROUND_SEGMENTS", 10)

    class ReportingEngine(CountingEngine):
        progress = None

        def translate_batch(self, texts):
            result = super().translate_batch(texts)
            if self.progress is not None:
                self.progress(len(texts), len(texts))
            return result

    article = tmp_path / "big.txt"
    article.write_text("\n\n".join(f"Sentence number {i} is unique." for i in range(35)) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    translate_articles([article], out_dir=tmp_path / "out", engine=ReportingEngine(), on_progress=lambda d, t: seen.append((d, t)))
    middle = [d for d, t in seen if 0 < d < t]
    assert middle == sorted(middle) and len(set(middle)) >= 3  # 10, 20, 30 of 35: not full after the first round
    assert seen[-1] == (35, 35)
