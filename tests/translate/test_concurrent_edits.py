"""A reviewer's save during a run is never overwritten; two runs on one article serialise."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import pytest

import pipeline.translate as tr
from conftest import msgfmt_check
from pipeline.catalog import load_catalog
from pipeline.translate import translate_articles

ARTICLE = "Headline\n\nThe first sentence is here. The second sentence follows it.\n\nA last paragraph ends the text.\n"


class EchoEngine:
    """A stand-in engine; ``during`` runs once, while it translates (the reviewer's save)."""

    identity = "echo@1"

    def __init__(self, during=None):
        self.during = during

    def options(self):
        return {}

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if self.during is not None:
            self.during()
            self.during = None
        return [f"译{t}" for t in texts]


def review(po, msgctxt, msgstr):
    """Save an edit the way a PO editor does: the entry reviewed (fuzzy cleared), a new msgstr."""
    text = po.read_text(encoding="utf-8")
    start = text.index(f'msgctxt "{msgctxt}"')
    head = text.rfind("\n\n", 0, start) + 2
    block_end = text.find("\n\n", start)
    block = text[head : block_end if block_end != -1 else len(text)]
    lines = [line for line in block.split("\n") if not line.startswith("#,")]
    lines = [f'msgstr "{msgstr}"' if line.startswith("msgstr ") else line for line in lines]
    po.write_text(text[:head] + "\n".join(lines) + (text[block_end:] if block_end != -1 else "\n"), encoding="utf-8")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def first_run(article, out):
    translate_articles([article], out_dir=out, engine=EchoEngine())
    return out / "news" / "zh_Hans.po"


def test_an_edit_saved_while_the_engine_works_survives(article, tmp_path):
    out = tmp_path / "out"
    po = first_run(article, out)
    # The article grows, so the next run has engine work; the reviewer saves meanwhile.
    article.write_text(ARTICLE + "\nA new closing sentence arrives.\n", encoding="utf-8")
    report = translate_articles([article], out_dir=out, engine=EchoEngine(during=lambda: review(po, "p2.s1", "审校过的第一句。")))
    assert not report.failures
    entries = {e.msgctxt: e for e in load_catalog(po).active}
    assert entries["p2.s1"].msgstr == "审校过的第一句。" and entries["p2.s1"].translated
    assert entries["p4.s1"].msgstr .startswith("译A new closing sentence")
    msgfmt_check(po)


def test_an_edit_saved_after_the_first_check_is_merged_again(article, tmp_path, monkeypatch):
    out = tmp_path / "out"
    po = first_run(article, out)
    import pipeline.translate.writing as writing

    real = writing._catalogs
    calls = []

    def catalogs_then_save(*args, **kwargs):
        result = real(*args, **kwargs)
        if not calls:  # between the merge and the replace: the window a plain atomic write would lose
            review(po, "p3.s1", "审校过的最后一句。")
        calls.append(1)
        return result

    monkeypatch.setattr(writing, "_catalogs", catalogs_then_save)
    translate_articles([article], out_dir=out, engine=EchoEngine())
    assert len(calls) == 2  # merged once more, from the fresh file
    entries = {e.msgctxt: e for e in load_catalog(po).active}
    assert entries["p3.s1"].msgstr == "审校过的最后一句。" and entries["p3.s1"].translated


def test_a_file_that_never_settles_is_refused_and_left_as_the_reviewer_saved_it(article, tmp_path, monkeypatch):
    out = tmp_path / "out"
    po = first_run(article, out)
    import pipeline.translate.writing as writing

    real = writing._catalogs
    saves = iter(range(100))

    def catalogs_then_save(*args, **kwargs):
        result = real(*args, **kwargs)
        review(po, "p3.s1", f"第{next(saves)}次保存。")
        return result

    monkeypatch.setattr(writing, "_catalogs", catalogs_then_save)
    report = translate_articles([article], out_dir=out, engine=EchoEngine())
    assert report.failures and "kept changing" in (report.failures[0].error or "")
    saved = po.read_bytes()
    assert {e.msgctxt: e for e in load_catalog(po).active}["p3.s1"].msgstr == f"第{tr.REMERGE_ATTEMPTS - 1}次保存。"
    assert po.read_bytes() == saved


RUN = """
import sys, time
from pipeline.translate import translate_articles

class SlowEngine:
    identity = "echo@1"
    def options(self):
        return {}
    def translate_batch(self, texts):
        time.sleep(0.3)
        return ["译" + t for t in texts]

variants = sys.argv[3:] or ["zh-Hans"]
report = translate_articles([sys.argv[1]], out_dir=sys.argv[2], engine=SlowEngine(), variants=variants)
sys.exit(1 if report.failures else 0)
"""


@pytest.mark.slow
def test_two_processes_on_one_article_both_finish_and_keep_everything(article, tmp_path):
    out = tmp_path / "out"
    po = first_run(article, out)
    review(po, "p1.s1", "标题（已审校）")
    article.write_text(ARTICLE + "\nA new closing sentence arrives.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    procs = [
        subprocess.Popen([sys.executable, "-c", RUN, str(article), str(out), *variants], env=env, stderr=subprocess.PIPE)
        for variants in ([], ["zh-TW"])
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    entries = {e.msgctxt: e for e in load_catalog(po).active}
    assert entries["p1.s1"].msgstr == "标题（已审校）" and entries["p1.s1"].translated
    assert entries["p4.s1"].msgstr .startswith("译A new closing sentence")
    tw = {e.msgctxt: e for e in load_catalog(out / "news" / "zh_TW.po").active}
    assert set(tw) == set(entries)
    for path in (po, out / "news" / "zh_TW.po", out / "news" / "news.pot"):
        msgfmt_check(path)
    assert not list((out / "news").glob(".*.tmp"))


def test_the_lock_makes_a_second_run_wait(tmp_path):
    import fcntl

    folder = tmp_path / "news"
    with tr.article_lock(folder):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released after the block
    finally:
        os.close(fd)
    assert [p.name for p in folder.iterdir()] == []  # no lock file left in the user's tree
