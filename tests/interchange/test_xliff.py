"""XLIFF 1.2: ``mtpipe export`` for CAT tools and ``mtpipe import`` back into the PO."""

from __future__ import annotations

import shutil

import pytest

from conftest import REVIEWED_PO
from conftest import export_xliff as export
from conftest import source_reviewed_po
from pipeline.catalog import Catalog, Entry, load_catalog, new_header, write_catalog

ENTRIES = [
    Entry("p1.s1", "A reviewed sentence.", "已审句子。", notes=("glossary: CCP → 中共",), comment="checked twice"),
    Entry("p1.s2", "A machine draft.", "机器草稿。", flags=("fuzzy", "mt")),
    Entry("p2.s1", "A changed one.", "旧译文。", flags=("fuzzy",), previous_msgid="An old one."),
    Entry("p3.s1", "Nobody translated this.", ""),
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A PO with every state, and the working folder set to its project."""
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "translations" / "a" / "zh_Hans.po"
    po.parent.mkdir(parents=True)
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=list(ENTRIES)))
    return po


def test_translate_toolkit_reads_the_reviewed_sample(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    shutil.copy(REVIEWED_PO, po)
    xlf = export(cli, po, tmp_path / "out.xlf")
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(xlf))
    catalog = load_catalog(po)
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "zh-Hans"
    assert [u.source for u in store.units] == [e.msgid for e in catalog.active]
    assert [u.target for u in store.units] == [e.msgstr for e in catalog.active]
    assert all(u.isapproved() and not u.isfuzzy() for u in store.units)
    assert "glossary: " in store.units[0].getnotes("developer")


def test_states_and_notes_travel(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(xlf))
    reviewed, machine, changed, empty = store.units
    assert reviewed.isapproved() and not reviewed.isfuzzy()
    assert machine.isfuzzy() and changed.isfuzzy() and not machine.isapproved()
    assert not empty.target
    assert reviewed.getnotes("translator") == "checked twice"
    assert reviewed.getnotes("developer") == "glossary: CCP → 中共"
    assert changed.getnotes("developer") == "previous source: An old one."
    text = xlf.read_text()
    assert 'state-qualifier="mt-suggestion"' in text and 'state-qualifier="fuzzy-match"' in text


def test_import_merges_what_a_cat_tool_changed(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(xlf))
    reviewed, machine, changed, empty = store.units
    machine.target = "人工改好的译文。"
    machine.markfuzzy(False)
    machine.markapproved(True)
    changed.markfuzzy(False)  # approved as it stands
    changed.markapproved(True)
    reviewed.markfuzzy(True)  # sent back for review
    reviewed.markapproved(False)
    empty.target = "新译文。"
    empty.markfuzzy(True)
    empty.markapproved(False)
    empty.addnote("ask the editor", origin="translator")
    xlf.write_bytes(bytes(store))

    result = cli("import", xlf)
    assert result.exit_code == 0, result.output
    assert f"{project.relative_to(tmp_path)}: updated 4 entries, 0 not applied" in result.stdout
    after = {e.msgctxt: e for e in load_catalog(project).entries}
    assert after["p1.s2"].msgstr == "人工改好的译文。" and after["p1.s2"].flags == ()
    assert after["p2.s1"].msgstr == "旧译文。" and not after["p2.s1"].fuzzy and after["p2.s1"].previous_msgid is None
    assert after["p1.s1"].msgstr == "已审句子。" and after["p1.s1"].fuzzy and after["p1.s1"].comment == "checked twice"
    assert after["p3.s1"].msgstr == "新译文。" and after["p3.s1"].fuzzy and after["p3.s1"].comment == "ask the editor"
    assert after["p1.s1"].notes == ("glossary: CCP → 中共",)


def test_unchanged_import_rewrites_nothing(cli, project, tmp_path):
    before = project.read_bytes()
    xlf = export(cli, project, tmp_path / "a.xlf")
    result = cli("import", xlf)
    assert result.exit_code == 0 and "updated 0 entries" in result.stdout
    assert project.read_bytes() == before


def test_an_empty_target_never_clears_a_translation(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(">已审句子。</target>", "></target>"))
    cli("import", xlf)
    assert {e.msgctxt: e.msgstr for e in load_catalog(project).entries}["p1.s1"] == "已审句子。"


def test_a_unit_whose_source_changed_is_kept_as_a_suggestion(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("机器草稿。", "新的草稿。"))
    catalog = load_catalog(project)
    edited = [Entry(e.msgctxt, "A machine draft, rewritten.", e.msgstr, e.flags) if e.msgctxt == "p1.s2" else e for e in catalog.entries]
    write_catalog(project, Catalog(language=catalog.language, header=catalog.header, entries=edited))
    result = cli("import", xlf)
    assert result.exit_code == 0
    line = next(n for n, text in enumerate(xlf.read_text().splitlines(), 1) if 'id="p1.s2"' in text)
    assert f"conflict: {xlf}:{line}: unit p1.s2: its source changed since the export" in result.stderr
    assert "1 entry, 1 not applied" in result.stdout
    entry = {e.msgctxt: e for e in load_catalog(project).entries}["p1.s2"]
    assert entry.msgstr == "机器草稿。" and entry.fuzzy  # the PO's draft stays
    assert entry.comment == "CAT suggestion (a.xlf; its source changed since the export): 新的草稿。"


def bad(cli, project, xlf, text):
    xlf.write_text(text)
    before = project.read_bytes()
    result = cli("import", xlf)
    assert result.exit_code == 2
    assert project.read_bytes() == before
    assert "Traceback" not in result.output
    (line,) = [l for l in result.stderr.splitlines() if l.startswith("Error:")]
    return line


def test_a_unit_the_po_lacks_stops_the_import(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text().replace("机器草稿。", "改了。").replace('id="p3.s1" resname="p3.s1"', 'id="p7.s1" resname="p7.s1"')
    line = next(n for n, t in enumerate(text.splitlines(), 1) if 'id="p7.s1"' in t)
    assert bad(cli, project, xlf, text) == f"Error: {xlf}:{line}: unit 'p7.s1' is not in {project.relative_to(tmp_path)}"


def test_not_well_formed_xliff_names_the_line(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    lines = xlf.read_text().splitlines()
    cut = next(n for n, line in enumerate(lines) if "</target>" in line)
    lines[cut] = lines[cut].replace("</target>", "")
    closing = next(n for n in range(cut, len(lines)) if "</trans-unit>" in lines[n]) + 1  # where expat notices
    message = bad(cli, project, xlf, "\n".join(lines))
    assert message.startswith(f"Error: {xlf}:{closing}: not well-formed XLIFF (mismatched tag)")


def test_another_language_pair_is_refused(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    message = bad(cli, project, xlf, xlf.read_text().replace('target-language="zh-Hans"', 'target-language="fr"'))
    assert message == f"Error: {xlf}:3: target language 'fr' does not match {project.relative_to(tmp_path)} (Language: zh_Hans)"
    message = bad(cli, project, xlf, xlf.read_text().replace('target-language="fr"', 'target-language="zh-CN"').replace('source-language="en"', 'source-language="de"'))
    assert "source language 'de' is not English" in message


def test_a_cat_tool_spelling_of_the_language_is_accepted(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace('target-language="zh-Hans"', 'target-language="zh-CN"').replace("机器草稿。", "改了。"))
    assert cli("import", xlf).exit_code == 0
    assert "改了。" in project.read_text()


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE xliff [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_entities_are_never_expanded(cli, project, tmp_path, doctype):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text().replace("<xliff ", doctype + "\n<xliff ", 1).replace("机器草稿。", "&b;&ext;")
    assert "unsafe XLIFF: entity declarations are not accepted" in bad(cli, project, xlf, text)


def test_markdown_markup_travels_as_inline_codes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    source = "Read **the report** at [our site](https://example.com/a) today."
    entry = Entry("p1.s1", source, "今天在[我们的网站](https://example.com/a)阅读**报告**。", flags=("fuzzy", "mt"), references=(("news.md", "1"),))
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("n", "zh_Hans"), entries=[entry]))
    xlf = export(cli, po, tmp_path / "n.xlf")
    text = xlf.read_text()
    assert '<ph id="1">**</ph>the report<ph id="2">**</ph>' in text
    assert '<ph id="3">[</ph>our site<ph id="4">](https://example.com/a)</ph>' in text
    assert '<target state="needs-review-translation" state-qualifier="mt-suggestion">今天在<ph id="3">[</ph>' in text

    from translate.storage import xliff

    (unit,) = xliff.xlifffile.parsefile(str(xlf)).units
    assert unit.source == source  # Translate Toolkit reads the codes' content back

    # A CAT tool moves the codes with the words around them; their content is the markup again.
    moved = '<ph id="1">**</ph>报告<ph id="2">**</ph>今天在<ph id="3">[</ph>我们的网站<ph id="4">](https://example.com/a)</ph>阅读。'
    text = text.replace('state="needs-review-translation" state-qualifier="mt-suggestion"', 'state="final"')
    start = text.index('<target state="final">') + len('<target state="final">')
    xlf.write_text(text[:start] + moved + text[text.index("</target>") :])
    assert cli("import", xlf).exit_code == 0
    (after,) = load_catalog(po).active
    assert after.msgstr == "**报告**今天在[我们的网站](https://example.com/a)阅读。"
    assert after.translated and after.flags == ()


def test_xliff_2_is_refused_with_a_hint(cli, project, tmp_path):
    xlf = tmp_path / "two.xlf"
    message = bad(cli, project, xlf, '<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"/>\n')
    assert message == f"Error: {xlf}:2: XLIFF 2.0 is not supported; export XLIFF 1.2 from the CAT tool"


def test_dry_run_reports_and_writes_nothing(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("机器草稿。", "改了。"))
    before = project.read_bytes()
    result = cli("import", xlf, "--dry-run")
    assert result.exit_code == 0
    assert f"{project.relative_to(tmp_path)}: would update 1 entry, 0 not applied" in result.stdout
    assert project.read_bytes() == before


def test_a_template_cannot_be_exported(cli, tmp_path):
    pot = tmp_path / "a.pot"
    write_catalog(pot, Catalog(language="", header=new_header("a", ""), entries=[Entry("p1.s1", "Hi.")]))
    result = cli("export", pot, "--to", tmp_path / "a.xlf")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {pot}: the PO file has no Language header")
    assert not (tmp_path / "a.xlf").exists()


def test_two_files_naming_one_po_both_apply(cli, project, tmp_path):
    import re

    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text()
    head, _, rest = text.partition("  <file ")
    body, _, tail = rest.rpartition("  </file>")
    block = "  <file " + body + "  </file>\n"
    units = re.findall(r"      <trans-unit .*?</trans-unit>\n", block, flags=re.S)

    def only(unit_id: str, old: str, new: str) -> str:
        kept = "".join(u.replace(old, new) for u in units if f'id="{unit_id}"' in u)
        return block.replace("".join(units), kept)

    xlf.write_text(head + only("p1.s2", "机器草稿。", "第一处。") + only("p2.s1", "旧译文。", "第二处。") + tail.lstrip("\n"))
    assert cli("import", xlf).exit_code == 0
    after = {e.msgctxt: e.msgstr for e in load_catalog(project).entries}
    assert after["p1.s2"] == "第一处。" and after["p2.s1"] == "第二处。"


def test_reference_links_of_a_markdown_article_are_codes_too(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "news.md"
    article.write_text("See [our site][site] and `code` now.\n\n[site]: https://example.com/\n")
    assert cli("translate", article, "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    text = export(cli, tmp_path / "out" / "news" / "zh_Hans.po", tmp_path / "n.xlf").read_text()
    assert '<source xml:lang="en">See <ph id="1">[</ph>our site<ph id="2">][site]</ph> and <ph id="3">`code`</ph> now.</source>' in text


@pytest.mark.parametrize(
    ("approved", "target", "reviewed"),
    [
        ("", '<target state="final">X</target>', True),
        ("", '<target state="signed-off">X</target>', True),
        ("", '<target state="translated">X</target>', True),
        ("", '<target state="needs-review-translation">X</target>', False),
        (' approved="yes"', '<target state="needs-review-translation">X</target>', False),  # the state decides
        ("", '<target state="new">X</target>', False),
        (' approved="yes"', "<target>X</target>", True),
        (' approved="no"', "<target>X</target>", False),
        ("", "<target>X</target>", None),
    ],
)
def test_state_mapping_on_import(approved, target, reviewed):
    from pipeline.errors import InputError
    from pipeline.interchange.xliff_units import _reviewed_state
    from pipeline.interchange.xmlsafe import parse_xml

    unit = parse_xml(f"<trans-unit{approved}><source>S</source>{target}</trans-unit>".encode(), name="t", kind="XLIFF", error=InputError, hint="")
    assert _reviewed_state(unit.child("target"), unit) is reviewed


@pytest.mark.parametrize(
    ("xml", "text"),
    [
        ("<target>a<ph id='1'>**</ph>b<ph id='2'>**</ph></target>", "a**b**"),
        ("<target>a<x id='1'/>b<x id='2'/></target>", "a**b**"),
        ("<target><mrk mtype='seg' mid='1'>a<g id='9'>b</g></mrk></target>", "ab"),
        ("<target>&lt;b&gt; &amp; <bpt id='5'>[</bpt>c<ept id='5'>](u)</ept></target>", "<b> & [c](u)"),
    ],
)
def test_inline_codes_read_back_as_markup(xml, text):
    from pipeline.errors import InputError
    from pipeline.interchange.xliff_codes import read_segment
    from pipeline.interchange.xmlsafe import parse_xml

    node = parse_xml(xml.encode(), name="t", kind="XLIFF", error=InputError, hint="")
    assert read_segment(node, {"1": "**", "2": "**"}) == text


def test_po_paths_resolve_beside_the_xliff_from_another_folder(cli, project, tmp_path, monkeypatch):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace("机器草稿。", "改了。"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli("import", xlf).exit_code == 0
    assert "改了。" in project.read_text()
    xlf.write_text(xlf.read_text().replace('original="translations/a/zh_Hans.po"', 'original="gone/zh_Hans.po"'))
    result = cli("import", xlf)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {xlf}:3: the PO file 'gone/zh_Hans.po' of this <file> does not exist")


def test_notes_without_from_are_recognised_by_their_content(cli, project, tmp_path):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace(' from="developer"', "").replace(' from="translator"', ""))
    before = project.read_bytes()
    result = cli("import", xlf)
    assert result.exit_code == 0 and "updated 0 entries" in result.stdout
    assert project.read_bytes() == before  # no mtpipe note became a translator comment


@pytest.mark.parametrize(("source", "target"), [("en-US", "zh-CHS"), ("en_GB", "zho-CN"), ("EN", "chi"), ("eng", "zh-Hans-CN")])
def test_cat_tool_language_tags_are_accepted(cli, project, tmp_path, source, target):
    xlf = export(cli, project, tmp_path / "a.xlf")
    text = xlf.read_text().replace('source-language="en"', f'source-language="{source}"').replace('target-language="zh-Hans"', f'target-language="{target}"')
    xlf.write_text(text.replace("机器草稿。", "改了。"))
    result = cli("import", xlf)
    assert result.exit_code == 0, result.output
    assert "改了。" in project.read_text()


@pytest.mark.parametrize("target", ["zh-CHT", "zh-TW", "zh-yue"])
def test_a_traditional_or_cantonese_file_is_not_taken_for_simplified(cli, project, tmp_path, target):
    xlf = export(cli, project, tmp_path / "a.xlf")
    xlf.write_text(xlf.read_text().replace('target-language="zh-Hans"', f'target-language="{target}"'))
    result = cli("import", xlf)
    assert result.exit_code == 2 and f"target language '{target}' does not match" in result.stderr


def test_plural_entries_travel_as_gettext_plural_groups(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    entries = [Entry("p1.s1", "%d file", msgid_plural="%d files", msgstr_plural=((0, "%d 个文件"),), flags=("c-format",))]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=entries))
    xlf = export(cli, po, tmp_path / "p.xlf")
    text = xlf.read_text()
    assert '<group id="p1.s1" resname="p1.s1" restype="x-gettext-plurals"' in text
    assert '<trans-unit id="p1.s1[0]" resname="p1.s1[0]"' in text and '<trans-unit id="p1.s1[1]" resname="p1.s1[1]"' in text
    from translate.storage import xliff

    (unit,) = xliff.xlifffile.parsefile(str(xlf)).units
    assert unit.hasplural() and unit.source.strings == ["%d file", "%d files"] and unit.target.strings[0] == "%d 个文件"
    xlf.write_text(text.replace(">%d 个文件<", ">共 %d 个文件<"))
    result = cli("import", xlf)
    assert "updated 1 entry" in result.stdout
    (entry,) = load_catalog(po).entries
    assert entry.msgstr_plural == ((0, "共 %d 个文件"),) and "c-format" in entry.flags
    from conftest import msgfmt_check

    msgfmt_check(po)


def test_a_reviewed_plural_is_exported_approved(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    entries = [Entry("p1.s1", "%d file", msgid_plural="%d files", msgstr_plural=((0, "%d 个文件"),))]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=entries))
    text = export(cli, po, tmp_path / "p.xlf").read_text()
    assert 'restype="x-gettext-plurals" approved="yes"' in text and '<target state="translated">%d 个文件</target>' in text


def test_control_characters_travel_as_codes_and_come_back(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "Page\fbreak \x1b here.", "", flags=())]))
    xlf = export(cli, po, tmp_path / "c.xlf")
    text = xlf.read_text()
    assert "\f" not in text and "\x1b" not in text
    assert '<source xml:lang="en">Page<ph id="1">U+000C</ph>break <ph id="2">U+001B</ph> here.</source>' in text
    from translate.storage import xliff

    assert len(xliff.xlifffile.parsefile(str(xlf)).units) == 1  # well-formed XML
    xlf.write_text(text.replace("</source>", '</source><target state="translated">分<ph id="1">U+000C</ph>页<ph id="2">U+001B</ph>。</target>'))
    assert cli("import", xlf).exit_code == 0
    assert load_catalog(po).entries[0].msgstr == "分\f页\x1b。"


def test_the_shared_writer_refuses_what_xml_cannot_carry():
    from pipeline.interchange.xmlsafe import IllegalXmlChar, xml_attr, xml_text

    with pytest.raises(IllegalXmlChar, match="U\\+000C"):
        xml_text("a\fb")
    with pytest.raises(IllegalXmlChar):
        xml_attr("\x1b")
    assert xml_text("a & <b>\t\n") == "a &amp; &lt;b&gt;\t\n"


@pytest.mark.parametrize(
    ("xml", "text"),
    [
        ("<target>a<g id='1'>b</g>c</target>", "a**b**c"),
        ("<target>a<bx id='1'/>b<ex id='1'/>c</target>", "a**b**c"),
        ("<target>a<bpt id='2' rid='7'>{}</bpt>b<ept id='3' rid='7'>{}</ept></target>", "a**b**"),
    ],
)
def test_paired_codes_map_to_markup(xml, text):
    from pipeline.errors import InputError
    from pipeline.interchange.xliff_codes import read_segment
    from pipeline.interchange.xmlsafe import parse_xml

    node = parse_xml(xml.encode(), name="t", kind="XLIFF", error=InputError, hint="")
    assert read_segment(node, {"1<": "**", "1>": "**", "r7<": "**", "r7>": "**"}) == text


def test_references_travel_as_location_context(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[Entry("p1.s1", "Hi.", "嗨。", references=(("news.txt", "3"),))]))
    xlf = export(cli, po, tmp_path / "r.xlf")
    from translate.storage import xliff

    (unit,) = xliff.xlifffile.parsefile(str(xlf)).units
    # Translate Toolkit's XLIFF reader finds locations by purpose; its PO-flavoured one (datatype="po")
    # by the name "po-reference", which the schema forbids repeating in a file, so the groups are unnamed.
    assert xliff.xliffunit.getlocations(unit) == ["news.txt:3"]


def test_an_html_articles_tags_travel_as_codes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "news.html"
    article.write_text("<html><body><p>Read <em>this</em> &amp; that.</p></body></html>\n")
    assert cli("translate", article, "--engine", "none", "--out", tmp_path / "out").exit_code == 0
    po = tmp_path / "out" / "news" / "zh_Hans.po"
    xlf = export(cli, po, tmp_path / "h.xlf")
    text = xlf.read_text()
    assert '<source xml:lang="en">Read <ph id="1">&lt;em&gt;</ph>this<ph id="2">&lt;/em&gt;</ph> <ph id="3">&amp;amp;</ph> that.</source>' in text
    unit = text.split("<trans-unit ")[1]
    unit_id = unit.split('"')[1]
    xlf.write_text(text.replace("</source>", '</source><target state="translated">读<x id="1"/>这个<x id="2"/><x id="3"/>那个。</target>', 1))
    assert cli("import", xlf).exit_code == 0
    assert {e.msgctxt: e.msgstr for e in load_catalog(po).entries}[unit_id] == "读<em>这个</em>&amp;那个。"


def _xliff_schema():
    from pathlib import Path

    from lxml import etree

    folder = Path(__file__).resolve().parent.parent / "data" / "cat" / "schemas"
    text = (folder / "xliff-core-1.2-transitional.xsd").read_text()
    text = text.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"', f'schemaLocation="{(folder / "xml.xsd").as_uri()}"')
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(text.encode(), parser, base_url=folder.as_uri() + "/"))


def test_the_export_is_valid_xliff_1_2(cli, tmp_path, monkeypatch):
    from lxml import etree

    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    entries = [
        *ENTRIES,
        Entry("p4.s1", "Read **this** & <that>.", "读**这个**。", references=(("news.md", "4"),), comment="one\ntwo"),
        Entry("p5.s1", "%d file", msgid_plural="%d files", msgstr_plural=((0, "%d 个文件"),), notes=("kind: paragraph",)),
        Entry("p6.s1", "Page\fbreak.", "分\f页。", flags=("fuzzy", "mt")),
    ]
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=entries))
    xlf = export(cli, po, tmp_path / "all.xlf")
    schema = _xliff_schema()
    document = etree.parse(str(xlf))
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize(
    "note",
    ["kind: heading 2", "glossary: exit ban → 出境禁令", "memory: reused from a.tmx (TMX)", "converted from zh_Hans.po with OpenCC", "previous source: Old.", "kind: title\nglossary: CCP → 中共"],
)
def test_mtpipe_notes_are_recognised_whatever_their_author(note):
    from pipeline.interchange.xliff_record import is_own_note

    assert is_own_note(note, Entry("p1.s1", "A."))
    assert not is_own_note("please check the name", Entry("p1.s1", "A."))


def test_a_reviewed_target_with_other_markup_than_its_source_comes_back_unchanged(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    po = tmp_path / "zh_Hans.po"
    entry = Entry("p1.s1", "Read **this** now.", "现在读**这个**，`注意`。", references=(("news.md", "1"),))
    write_catalog(po, Catalog(language="zh_Hans", header=new_header("a", "zh_Hans"), entries=[entry]))
    before = po.read_bytes()
    xlf = export(cli, po, tmp_path / "m.xlf")
    result = cli("import", xlf)
    assert "updated 0 entries" in result.stdout and result.stderr == ""
    assert po.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("name", ["corpus/cargo-README.md", "corpus/pyparsing-best_practices.md", "corpus/rustfmt-README.md", "corpus-html/Introduction.html", "corpus-html/Size-and-Alignment.html"])
def test_real_articles_round_trip_unchanged(cli, tmp_path, monkeypatch, name):
    """Every entry of real Markdown and HTML articles, reviewed with its source as the
    translation, exports and imports back byte for byte (codes align with the markup)."""
    monkeypatch.chdir(tmp_path)
    po = source_reviewed_po(cli, tmp_path, name, keep_notes=True)
    before = po.read_bytes()
    xlf = export(cli, po, tmp_path / "a.xlf")
    result = cli("import", xlf)
    assert "updated 0 entries, 0 not applied" in result.stdout and result.stderr == ""
    assert po.read_bytes() == before
    # and a CAT tool that rewrote every <ph> as <x/> changes nothing either
    import re

    xlf.write_text(re.sub(r'<ph id="(\d+)">[^<]*</ph>', r'<x id="\1"/>', xlf.read_text()))
    result = cli("import", xlf)
    assert "updated 0 entries, 0 not applied" in result.stdout and result.stderr == ""
