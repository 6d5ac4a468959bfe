"""TMX 1.4b: ``mtpipe memory export`` of reviewed pairs, ``mtpipe memory import`` into reuse."""

from __future__ import annotations

import shutil

import pytest

from conftest import REVIEWED_PO
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog
from pipeline.interchange.tmx import TmxPair, read_tmx, tmx_variant

OTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SomeCAT" creationtoolversion="9" datatype="html" segtype="sentence"
          adminlang="EN-US" srclang="EN-US" o-tmf="xyz"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="EN-US"><seg>Tom &amp; Jerry <bpt i="1" x="1">&lt;b&gt;</bpt>fled<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>汤姆&amp;杰瑞<bpt i="1" x="1">&lt;b&gt;</bpt>逃走了<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
      <tuv xml:lang="ZH-TW"><seg>湯姆&amp;傑瑞逃走了。</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv lang="en"><seg>Line<ph x="2">&lt;br/&gt;</ph> break and <hi type="b">&#x4E2D; text</hi><it pos="begin">&lt;i&gt;</it></seg></tuv>
      <tuv xml:lang="zh_Hans"><seg>换行<ph x="2">&lt;br/&gt;</ph>和&#x4E2D;文</seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="en"><seg>French only.</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Seulement.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.mark.parametrize(
    ("lang", "variant"),
    [("zh-CN", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("ZH", "zh-Hans"), ("ZH-TW", "zh-TW"), ("zh-Hant", "zh-Hant"), ("zh-hk", "zh-HK"), ("fr", None), ("", None)],
)
def test_language_tags_in_any_spelling(lang, variant):
    assert tmx_variant(lang) == variant


def test_reads_tmx_written_by_other_tools(tmp_path):
    path = tmp_path / "other.tmx"
    path.write_text(OTHER_TOOL)
    pairs, skipped = read_tmx(path)
    assert pairs == [
        TmxPair("Tom & Jerry fled.", "汤姆&杰瑞逃走了。", "zh-Hans", 7),
        TmxPair("Tom & Jerry fled.", "湯姆&傑瑞逃走了。", "zh-TW", 7),
        TmxPair("Line break and 中 text", "换行和中文", "zh-Hans", 12),
    ]
    assert skipped == 1


def test_export_writes_reviewed_pairs_that_translate_toolkit_reads(cli, tmp_path):
    po = tmp_path / "a" / "zh_Hans.po"
    po.parent.mkdir()
    shutil.copy(REVIEWED_PO, po)
    draft = tmp_path / "b" / "zh_Hans.po"
    draft.parent.mkdir()
    entries = [Entry("p1.s1", "Only a draft.", "草稿。", flags=("fuzzy", "mt")), Entry("p1.s2", "Checked & fine.", "已查<好>。")]
    write_catalog(draft, Catalog(language="zh_Hans", header=new_header("b", "zh_Hans"), entries=entries))
    out = tmp_path / "reviewed.tmx"
    result = cli("memory", "export", tmp_path, "--to", out)
    assert result.exit_code == 0, result.output
    assert "Exported 49 reviewed pairs." in result.stderr

    from translate.storage import tmx

    store = tmx.tmxfile.parsefile(str(out))
    reviewed = [(e.msgid, e.msgstr) for e in load_catalog(REVIEWED_PO).active]
    assert [(u.source, u.target) for u in store.units] == reviewed + [("Checked & fine.", "已查<好>。")]
    assert store.units[0].getlanguageNodes()[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    # And it imports back into our own reader unchanged.
    pairs, _ = read_tmx(out)
    assert [(p.source, p.target) for p in pairs] == reviewed + [("Checked & fine.", "已查<好>。")]


def test_imported_pairs_become_fuzzy_drafts_with_an_origin_note(cli, installed_model, sample, tmp_path):
    sentence = "Most of the individuals have taken various routes to the United States, their ideal destination."
    tmx_file = tmp_path / "publisher.tmx"
    tmx_file.write_text(
        OTHER_TOOL.replace("French only.", "  Most of the individuals have taken various routes to the\n United States, their ideal destination.")
        .replace('<tuv xml:lang="fr-FR"><seg>Seulement.</seg></tuv>', '<tuv xml:lang="zh-CN"><seg>出版社的译文。</seg></tuv>')
    )
    memory = tmp_path / "tm.sqlite3"
    result = cli("memory", "import", tmx_file, "--memory", memory)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 4 pairs (zh-Hans: 3, zh-TW: 1) into")
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--memory", memory).exit_code == 0
    entries = {e.msgid: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}
    reused = entries[sentence]
    assert reused.msgstr == "出版社的译文。" and reused.flags == ("fuzzy",)
    assert "memory: reused from publisher.tmx (TMX)" in reused.notes
    assert sum("(TMX)" in n for e in entries.values() for n in e.notes) == 1
    from pipeline.catalog import entry_state

    assert entry_state(reused) == "reused"


def refused(cli, tmp_path, text):
    path = tmp_path / "bad.tmx"
    path.write_text(text)
    memory = tmp_path / "tm.sqlite3"
    result = cli("memory", "import", path, "--memory", memory)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not memory.exists()
    (line,) = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    return path, line


def test_not_well_formed_tmx_names_the_line(cli, tmp_path):
    path, line = refused(cli, tmp_path, OTHER_TOOL.replace("<seg>French only.</seg>", "<seg>French only."))
    broken = next(n for n, text in enumerate(OTHER_TOOL.splitlines(), 1) if "French only." in text)
    assert line.startswith(f"Error: {path}:{broken}: not well-formed TMX (mismatched tag)")


def test_another_language_pair_is_refused(cli, tmp_path):
    text = OTHER_TOOL.replace("zh-CN", "de").replace("ZH-TW", "fr").replace("zh_Hans", "it")
    path, line = refused(cli, tmp_path, text)
    assert line == f"Error: {path}:4: no English→Chinese pairs (source language EN-US; languages found: EN-US, de, en, fr, fr-FR, it)"


@pytest.mark.parametrize(
    ("doctype", "use"),
    [
        ('<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "&b;"),
        ('<!DOCTYPE tmx [<!ENTITY ext SYSTEM "file:///etc/passwd">]>', "&ext;"),
        ('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', "&nbsp;"),
    ],
)
def test_entities_are_never_expanded(cli, tmp_path, doctype, use):
    text = OTHER_TOOL.replace('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', doctype).replace("Seulement.", use)
    path, line = refused(cli, tmp_path, text)
    assert line.startswith(f"Error: {path}:") and "unsafe TMX" in line


def test_a_memory_of_schema_1_is_upgraded_and_keeps_its_entries(tmp_path):
    import sqlite3

    from pipeline.memory import schema as memory_mod
    from pipeline.memory import DraftContext, MemoryRecord, TranslationMemory

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    memory_mod._migrate_0_to_1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {memory_mod.APPLICATION_ID}")
    conn.commit()
    conn.close()
    with TranslationMemory(path) as tm:
        tm.store_many([("Old sentence.", MemoryRecord("旧的。"))], DraftContext(model="m"))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")  # as an older mtpipe left it, with an entry
    conn.execute("DROP TABLE imported")
    conn.commit()
    conn.close()
    with TranslationMemory(path) as tm:
        assert tm.lookup_many(["Old sentence."], DraftContext(model="m"))[0].target == "旧的。"
        tm.store_imported([("A  pair.", "zh-Hans", "一对。")], origin="x.tmx (TMX)")
        assert tm.lookup_imported(["A pair.", "Other."], variant="zh-Hans") == {"A pair.": ("一对。", "x.tmx (TMX)")}
        assert tm.lookup_imported(["A pair."], variant="zh-TW") == {}
