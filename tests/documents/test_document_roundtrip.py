"""The identity round trip: segment, set every msgstr = msgid, build the
target-only Markdown edition, and render source and result with markdown-it.

Over the whole CommonMark 0.30 spec (``tests/data/commonmark-0.30.json``),
GFM tables, front matter and real documents. The build goes through the
shipped path (PO on disk, source hash, typesetting, :func:`pipeline.documents.skeleton.rebuild`);
a second transform wraps every translation in markers and checks that the
block structure is unchanged, so a rebuild that short-circuits "translation
equals source" cannot pass.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pipeline.documents.article import article_from_text, segment_article
from pipeline.catalog import Catalog, Entry, dumps_catalog, new_header
from pipeline.documents.skeleton import source_fields
from pipeline.publish import build_edition

DATA = Path(__file__).resolve().parents[1] / "data"
SPEC = json.loads((DATA / "commonmark-0.30.json").read_text(encoding="utf-8"))
#: Share of spec examples with translatable text that must round-trip.
SPEC_TARGET = 0.98


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Soft breaks are joined into spaces in a msgid; HTML treats both alike.
    md.add_render_rule("softbreak", lambda *args, **kwargs: " ")
    return md


MD = _renderer()


def build_md(tmp: Path, text: str, transform: Callable[[str], str] = lambda s: s, name: str = "doc.md") -> str:
    """Write *text*, a reviewed PO whose msgstr = transform(msgid), and build the target-only edition."""
    tmp.mkdir(parents=True, exist_ok=True)
    source = tmp / name
    source.write_text(text, encoding="utf-8")
    article = article_from_text(source, text)
    entries = [
        Entry(msgctxt=s.id, msgid=s.text, msgstr=transform(s.text), references=((name, str(s.line)),))
        for s in segment_article(article)
    ]
    po = tmp / "po" / "zh_Hans.po"
    header = {**new_header("doc", "zh_Hans"), **source_fields(source, po.parent, article.source_hash)}
    po.parent.mkdir(exist_ok=True)
    po.write_text(dumps_catalog(Catalog(language="zh_Hans", header=header, entries=entries)), encoding="utf-8")
    return build_edition(po, fmt="md", layout="target-only")


def structure(text: str) -> list[tuple[str, str, str, int]]:
    """The block structure of a Markdown text: token types, tags, markers and nesting."""
    return [(t.type, t.tag, t.markup if t.type != "inline" else "", t.level) for t in MD.parse(text)]


@pytest.mark.slow
def test_spec_identity_round_trip(tmp_path: Path) -> None:
    total: Counter[str] = Counter()
    same: Counter[str] = Counter()
    failed = []
    for example in SPEC:
        text = example["markdown"]
        out = build_md(tmp_path, text)
        if not article_from_text(Path("x.md"), text).blocks:
            assert out == text, f"example {example['example']}: nothing to translate must build a copy"
            continue
        total[example["section"]] += 1
        if MD.render(out) == MD.render(text):
            same[example["section"]] += 1
        else:
            failed.append(example["example"])
    share = sum(same.values()) / sum(total.values())
    report = {section: f"{same[section]}/{total[section]}" for section in total}
    print(json.dumps(report, indent=1), failed)
    assert share >= SPEC_TARGET, (share, failed)


MARK_OPEN, MARK_CLOSE = "《", "》"


def _wrap(text: str) -> str:
    return MARK_OPEN + text + MARK_CLOSE


@pytest.mark.slow
def test_spec_marked_translations_keep_the_structure(tmp_path: Path) -> None:
    """Every translation wrapped in markers: the markers show up, the block structure stays."""
    changed = []
    for example in SPEC:
        text = example["markdown"]
        segments = segment_article(article_from_text(Path("x.md"), text))
        if not segments:
            continue
        out = build_md(tmp_path, text, _wrap)
        assert out.count(MARK_OPEN) == len(segments), example["example"]
        if structure(out) != structure(text):
            changed.append(example["example"])
    assert len(changed) <= 0.02 * len(SPEC), changed


GFM_TABLES = json.loads((DATA / "gfm-tables.json").read_text(encoding="utf-8"))
CORPUS = sorted((DATA / "corpus").glob("*.md"))


@pytest.mark.parametrize("example", GFM_TABLES, ids=lambda e: str(e["example"]))
def test_gfm_table_examples_round_trip(tmp_path: Path, example: dict) -> None:
    text = example["markdown"]
    assert MD.render(build_md(tmp_path, text)) == MD.render(text)
    marked = build_md(tmp_path, text, _wrap)
    assert structure(marked) == structure(text)


@pytest.mark.slow
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_real_documents_round_trip(tmp_path: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert article_from_text(path, text).blocks, "a corpus document has text to translate"
    assert MD.render(build_md(tmp_path, text, name=path.name)) == MD.render(text)
    marked = build_md(tmp_path, text, _wrap, name=path.name)
    assert structure(marked) == structure(text)
