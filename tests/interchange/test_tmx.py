"""TMX 1.4b: ``mtpipe memory export`` of reviewed pairs, ``mtpipe memory import`` into reuse."""

from __future__ import annotations

import shutil

import pytest

from conftest import REVIEWED_PO
from conftest import source_reviewed_po
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.parametrize(
    ("lang", "variant"),
    [
        ("zh-CHT", "zh-Hant"),
        ("zh-CHS", "zh-Hans"),
        ("zho-CN", "zh-Hans"),
        ("chi", "zh-Hans"),
        ("zh-Hant-TW", "zh-TW"),
        ("zh-yue", None),  # Cantonese is not Mandarin written in Simplified
        ("yue-HK", None),
        ("zh-HK-yue", None),
    ],
)
def test_legacy_and_cantonese_tags(lang, variant):
    assert tmx_variant(lang) == variant


def one_tu_file(tmp_path, english, target, lang="zh-CN"):
    path = tmp_path / "t.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        f'<tu><tuv xml:lang="en"><seg>{english}</seg></tuv><tuv xml:lang="{lang}"><seg>{target}</seg></tuv></tu></body></tmx>'
    )
    return path


@pytest.mark.parametrize(
    ("seg", "text"),
    [
        ('This is<ph x="1">&lt;br/&gt;</ph>a test', "This is a test"),
        ('This is <ph x="1">&lt;br/&gt;</ph> a test', "This is a test"),
        ('Line<it pos="begin">&lt;i&gt;</it>two', "Line two"),
        ('un<bpt i="1">&lt;b&gt;</bpt>believ<ept i="1">&lt;/b&gt;</ept>able', "unbelievable"),  # formatting inside a word
        ("end.<ph>&lt;br/&gt;</ph>", "end."),
        ("One.<ph>&lt;br/&gt;</ph>Two.", "One. Two."),
    ],
)
def test_inline_codes_never_glue_words(tmp_path, seg, text):
    pairs, _ = read_tmx(one_tu_file(tmp_path, seg, '换行<ph x="1">&lt;br/&gt;</ph>和'))
    assert (pairs[0].source, pairs[0].target) == (text, "换行和")


def test_a_cantonese_target_is_not_stored_as_simplified(cli, tmp_path):
    memory = tmp_path / "tm.sqlite3"
    result = cli("memory", "import", one_tu_file(tmp_path, "Hello.", "你好呀。", lang="zh-yue"), "--memory", memory)
    assert result.exit_code == 2 and "no English→Chinese pairs" in result.stderr


def test_memory_stats_counts_imported_pairs(cli, tmp_path):
    import json

    memory = tmp_path / "tm.sqlite3"
    path = tmp_path / "other.tmx"
    path.write_text(OTHER_TOOL.replace("ZH-TW", "zh-CHT"))
    assert cli("memory", "import", path, "--memory", memory).exit_code == 0
    data = json.loads(cli("memory", "stats", "--memory", memory, "--json").stdout)
    assert data["imported"] == {"zh-Hans": 2, "zh-Hant": 1}
    table = cli("memory", "stats", "--memory", memory).stdout
    assert "Imported pairs (TMX)  3" in " ".join(table.split("  ")).replace("   ", "  ") or "Imported pairs (TMX)" in table
    import re

    assert re.search(r"Imported pairs \(TMX\)\s+3", table)


def test_context_travels_as_an_x_context_prop(cli, tmp_path):
    po = tmp_path / "a" / "zh_Hans.po"
    po.parent.mkdir()
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p4.s2", "Fine.", "好。")]))
    out = tmp_path / "r.tmx"
    assert cli("memory", "export", po, "--to", out).exit_code == 0
    assert '<prop type="x-context">p4.s2</prop>' in out.read_text()
    from translate.storage import tmx

    (unit,) = tmx.tmxfile.parsefile(str(out)).units
    assert (unit.source, unit.target) == ("Fine.", "好。")
    assert read_tmx(out)[0][0].context == "p4.s2"


def test_control_characters_are_exported_as_codes_not_raw(cli, tmp_path):
    po = tmp_path / "a" / "zh_Hans.po"
    po.parent.mkdir()
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "Page\fbreak \x1b here.", "分\f页。")]))
    out = tmp_path / "r.tmx"
    assert cli("memory", "export", po, "--to", out).exit_code == 0
    text = out.read_text()
    assert "\f" not in text and "\x1b" not in text and '<ph type="x-control">U+000C</ph>' in text
    from translate.storage import tmx

    assert len(tmx.tmxfile.parsefile(str(out)).units) == 1  # well-formed: other tools read it


@pytest.mark.slow
def test_pairs_imported_for_zh_tw_are_used_by_translate_variant_zh_tw(cli, installed_model, sample, tmp_path):
    sentence = "Most of the individuals have taken various routes to the United States, their ideal destination."
    path = one_tu_file(tmp_path, sentence, "臺灣出版社的譯文。", lang="zh-TW")
    memory = tmp_path / "tm.sqlite3"
    assert cli("memory", "import", path, "--memory", memory).exit_code == 0
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--memory", memory, "--variant", "zh-TW").exit_code == 0
    tw = {e.msgid: e for e in load_catalog(out / "run-movement" / "zh_TW.po").active}
    assert tw[sentence].msgstr == "臺灣出版社的譯文。" and tw[sentence].fuzzy
    assert "memory: reused from t.tmx (TMX)" in tw[sentence].notes
    assert not any(n.startswith("converted from") for n in tw[sentence].notes)
    hans = {e.msgid: e for e in load_catalog(out / "run-movement" / "zh_Hans.po").active}
    assert hans[sentence].msgstr != "臺灣出版社的譯文。"  # the Simplified PO does not take the Taiwanese text


def _peak_reading(tmp_path, units):
    import tracemalloc

    from pipeline.interchange.tmx import _iter_tmx, _Tally

    path = tmp_path / f"big{units}.tmx"
    unit = '<tu><prop type="x-context">p{n}.s1</prop><tuv xml:lang="en"><seg>Sentence number {n} of a long memory.</seg></tuv><tuv xml:lang="zh-CN"><seg>长记忆的第{n}句。</seg></tuv></tu>\n'
    with path.open("w") as fh:
        fh.write('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>\n')
        for n in range(units):
            fh.write(unit.format(n=n))
        fh.write("</body></tmx>\n")
    tracemalloc.start()
    tally = _Tally()
    count = sum(1 for _ in _iter_tmx(path, tally))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == tally.pairs == units
    return peak, path.stat().st_size


@pytest.mark.slow
def test_a_large_tmx_is_read_in_bounded_memory(tmp_path):
    small, _ = _peak_reading(tmp_path, 1500)
    large, size = _peak_reading(tmp_path, 12000)
    assert large < 1.5 * small  # eight times the units, about the same memory
    assert large < size  # a whole tree would be many times the file


def test_a_utf16_tmx_is_read(tmp_path):
    path = tmp_path / "u16.tmx"
    text = '<?xml version="1.0" encoding="UTF-16"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi there.</seg></tuv><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv></tu></body></tmx>'
    path.write_bytes(text.encode("utf-16"))
    assert read_tmx(path) == ([TmxPair("Hi there.", "你好。", "zh-Hans", 1)], 0)


def test_markdown_markup_travels_as_codes_and_round_trips(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "news.md"
    article.write_text("Read **this** and `code` now.\n")
    assert cli("translate", article, "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    po = tmp_path / "out" / "news" / "zh_Hans.po"
    catalog = load_catalog(po)
    (entry,) = catalog.entries
    write_catalog(po, Catalog(language=catalog.language, header=catalog.header, entries=[Entry(entry.msgctxt, entry.msgid, "现在读**这个**和`code`。", references=entry.references)]))
    out = tmp_path / "r.tmx"
    assert cli("memory", "export", po, "--to", out).exit_code == 0
    text = out.read_text()
    assert '<seg>Read <ph type="x-mtpipe-markup">**</ph>this<ph type="x-mtpipe-markup">**</ph> and <ph type="x-mtpipe-markup">`code`</ph> now.</seg>' in text
    pairs, _ = read_tmx(out)
    assert (pairs[0].source, pairs[0].target) == ("Read **this** and `code` now.", "现在读**这个**和`code`。")


@pytest.mark.parametrize("name", ["corpus/cargo-README.md", "corpus/rustfmt-README.md", "corpus-html/Introduction.html"])
def test_real_articles_round_trip_through_tmx(cli, tmp_path, monkeypatch, name):
    from pipeline.memory.keys import normalize_source

    monkeypatch.chdir(tmp_path)
    po = source_reviewed_po(cli, tmp_path, name, keep_notes=False)
    entries = load_catalog(po).entries
    out = tmp_path / "r.tmx"
    assert cli("memory", "export", po, "--to", out).exit_code == 0
    from translate.storage import tmx

    assert len(tmx.tmxfile.parsefile(str(out)).units) == len({e.msgid for e in entries})
    pairs, _ = read_tmx(out)
    # as the memory keys them: markup kept, whitespace collapsed
    assert {(p.source, p.target) for p in pairs} == {(normalize_source(e.msgid), normalize_source(e.msgid)) for e in entries}


@pytest.mark.slow
def test_a_zh_hant_pair_serves_zh_tw_when_no_zh_tw_pair_exists(cli, installed_model, sample, tmp_path):
    sentence = "Most of the individuals have taken various routes to the United States, their ideal destination."
    memory = tmp_path / "tm.sqlite3"
    assert cli("memory", "import", one_tu_file(tmp_path, sentence, "繁體的譯文。", lang="zh-CHT"), "--memory", memory).exit_code == 0
    out = tmp_path / "out"
    assert cli("translate", sample, "--out", out, "--memory", memory, "--variant", "zh-TW").exit_code == 0
    tw = {e.msgid: e for e in load_catalog(out / "run-movement" / "zh_TW.po").active}
    assert tw[sentence].msgstr == "繁體的譯文。" and tw[sentence].fuzzy
