"""Loading CSV/TSV glossaries: columns, origins, variants' targets, combining files, malformed files."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import Term, canonical_lang, load_glossaries, load_glossary

FULL_CSV = """\
en,zh,zh-Hant,zh-TW,variants,case,dnt,forbidden,note
exit ban,出境禁令,出境禁令,,exit-ban|travel ban,,,出口禁止|出口禁令,exit here means leaving the country
CCP,中共,中共,,,,,,
The Epoch Times,大纪元时报,,,Epoch Times,insensitive,,,
HRD,,,,,,yes,,keep the abbreviation
\"\"\"run\"\" movement\",“润”运动,,「潤」運動,,,,,
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_all_columns(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.csv", FULL_CSV))
    assert [t.source for t in g.terms] == ["exit ban", "CCP", "The Epoch Times", "HRD", '"run" movement']
    ban, ccp, epoch, hrd, run = g.terms
    assert dict(ban.targets) == {"zh": "出境禁令", "zh-Hant": "出境禁令"}
    assert ban.variants == ("exit-ban", "travel ban")
    assert ban.forbidden == ("出口禁止", "出口禁令")
    assert ban.note == "exit here means leaving the country"
    assert ban.origin == "g.csv:2"
    assert (ban.case_sensitive, ban.is_case_sensitive()) == (None, False)
    assert (ccp.case_sensitive, ccp.is_case_sensitive()) == (None, True)  # all caps
    assert (epoch.case_sensitive, epoch.is_case_sensitive("EPOCH TIMES")) == (False, False)
    assert hrd.dnt and not hrd.targets and hrd.note == "keep the abbreviation"
    assert dict(run.targets) == {"zh": "“润”运动", "zh-TW": "「潤」運動"}
    assert run.origin == "g.csv:6"
    assert g.source_lang == "en"
    assert g.target_langs == ("zh", "zh-Hant", "zh-TW")


def test_tsv_keeps_straight_quotes_literally(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.tsv", 'en\tzh\n"run" movement\t“润”运动\n'))
    assert g.terms[0].source == '"run" movement'
    assert [m.text for m in g.find("the “run” movement")] == ["“run” movement"]


def test_delimiter_sniffed_from_header_for_other_suffixes(tmp_path: Path) -> None:
    assert load_glossary(write(tmp_path, "g.txt", "en\tzh\nexit ban\t出境禁令\n")).terms[0].targets["zh"] == "出境禁令"
    assert load_glossary(write(tmp_path, "h.txt", "en,zh\nexit ban,出境禁令\n")).terms[0].targets["zh"] == "出境禁令"


def test_bom_comments_blank_lines_and_whitespace(tmp_path: Path) -> None:
    text = "\ufeffen,zh\n# a comment line\n\n  exit   ban ,  出境禁令 \n"
    g = load_glossary(write(tmp_path, "g.csv", text))
    assert [(t.source, t.targets["zh"], t.origin) for t in g.terms] == [("exit ban", "出境禁令", "g.csv:4")]


def test_language_columns_are_canonical(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.csv", "EN,zh-Hans,zh_hant,zh-tw,ja\nban,禁令,禁令,禁令,禁止\n"))
    assert list(g.terms[0].targets) == ["zh", "zh-Hant", "zh-TW", "ja"]
    assert [canonical_lang(c) for c in ("zh-CN", "zh_Hant_TW", "zh-hk", "pt_br")] == ["zh", "zh-TW", "zh-HK", "pt-BR"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("targets", "variant", "expected"),
    [
        ({"zh": "简", "zh-Hant": "繁"}, "zh", "简"),
        ({"zh": "简", "zh-Hant": "繁"}, "zh-Hans", "简"),
        ({"zh": "简", "zh-Hant": "繁"}, "zh-Hant", "繁"),
        ({"zh": "简", "zh-Hant": "繁"}, "zh-TW", "繁"),
        ({"zh": "简", "zh-Hant": "繁", "zh-TW": "台"}, "zh-TW", "台"),
        ({"zh": "简", "zh-Hant": "繁", "zh-HK": "港"}, "zh-HK", "港"),
        ({"zh": "简", "zh-Hant": "繁", "zh-TW": "台"}, "zh-HK", "繁"),
        ({"zh": "简"}, "zh-Hant", None),
        ({"zh": "简"}, "zh-TW", None),
        ({"zh-Hant": "繁"}, "zh", None),
        ({"zh": "简", "ja": "日"}, "ja", "日"),
        ({"zh": "简"}, "ko", None),
    ],
)
def test_target_for(targets: dict[str, str], variant: str, expected: str | None) -> None:
    assert Term(source="x", targets=targets).target_for(variant) == expected


def test_terms_are_hashable_and_picklable() -> None:
    a = Term(source="exit ban", targets={"zh": "出境禁令"}, forbidden=["出口禁止"])
    b = Term(source="exit ban", targets={"zh": "出境禁令"}, forbidden=("出口禁止",))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert pickle.loads(pickle.dumps(a)) == a
    with pytest.raises(TypeError):
        a.targets["zh"] = "x"  # type: ignore[index]


def test_glossary_pickles_without_its_trie(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.csv", FULL_CSV))
    back = pickle.loads(pickle.dumps(g))
    assert back == g and back.content_hash == g.content_hash
    assert [m.text for m in back.find("the CCP’s exit-bans")] == ["CCP", "exit-bans"]


def test_later_file_overrides_and_says_so(tmp_path: Path) -> None:
    a = write(tmp_path, "a.csv", "en,zh\nCCP,中共\nexit ban,出境禁令\n")
    b = write(tmp_path, "b.csv", "en,zh\nnational security,国家安全\nExit-Ban,禁止出境\n")
    g = load_glossaries([a, b])
    assert {t.source: t.targets["zh"] for t in g.terms} == {
        "CCP": "中共",
        "national security": "国家安全",
        "Exit-Ban": "禁止出境",
    }
    assert g.notes == ("glossary: 'Exit-Ban' from b.csv:3 overrides a.csv:3",)
    assert [m.term.targets["zh"] for m in g.find("an exit ban")] == ["禁止出境"]
    # the other order: a wins
    assert [m.term.targets["zh"] for m in load_glossaries([b, a]).find("an exit ban")] == ["出境禁令"]


def test_repeated_source_in_one_file_later_line_wins(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "g.csv", "en,zh\nexit ban,出口禁止\nexit ban,出境禁令\n"))
    assert [t.targets["zh"] for t in g.terms] == ["出境禁令"]
    assert g.notes == ("glossary: 'exit ban' from g.csv:3 overrides g.csv:2",)


def test_no_glossaries_is_empty() -> None:
    g = load_glossaries([])
    assert g.terms == () and g.find("exit ban") == []


def test_content_hash(tmp_path: Path) -> None:
    base = load_glossary(write(tmp_path, "a.csv", "en,zh,note\nexit ban,出境禁令,one\nCCP,中共,\n"))
    reordered = load_glossary(write(tmp_path, "b.csv", "en,zh,note\n\nCCP,中共,\nexit ban,出境禁令,other note\n"))
    changed = load_glossary(write(tmp_path, "c.csv", "en,zh\nexit ban,出境禁止\nCCP,中共\n"))
    assert len(base.content_hash) == 64
    assert base.content_hash == reordered.content_hash  # order, notes and origins do not matter
    assert base.content_hash != changed.content_hash


@pytest.mark.parametrize(
    ("name", "content", "message", "hint"),
    [
        ("latin1.csv", "en,zh\nexit ban,x\ncafé,y\n".encode("latin-1"), "latin1.csv:3: not valid UTF-8", "UTF-8"),
        ("nohead.csv", "exit ban,出境禁令\nCCP,中共\n", "nohead.csv:1: no header row", "header"),
        ("notarget.csv", "en,note\nexit ban,a note\n", "notarget.csv:1: no target language column", "zh"),
        ("empty.csv", "\n\n", "empty.csv:1: empty glossary", "header"),
        ("quotes.csv", 'en,zh\nCCP,中共\n"run" movement,“润”运动\n', "quotes.csv:3: malformed CSV", '"""run""'),
        # A quote that never closes: the line where it opens, not the end of the file.
        ("open.csv", 'en,zh\n"exit ban,出境禁令\nCCP,中共\nTurkey,土耳其\n', "open.csv:2: malformed CSV (a quote", "quoted"),
        ("open2.csv", 'en,zh\nCCP,中共\n"a\nb",c\n"exit ban,出境禁令\nTurkey,土耳其\n', "open2.csv:5: malformed CSV", "quoted"),
        ("bad.tbx", "<martif><text><body></martif>", "bad.tbx:1: not well-formed TBX", "TBX"),
    ],
)
def test_malformed_files_raise_with_line_and_hint(
    tmp_path: Path, name: str, content: str | bytes, message: str, hint: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert info.value.message.startswith(f"{path.parent}/{message}")
    assert info.value.hint and hint in info.value.hint


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.csv")
    with pytest.raises(GlossaryError, match="is a folder"):
        load_glossary(tmp_path)


def test_combining_different_source_languages_is_refused(tmp_path: Path) -> None:
    a = write(tmp_path, "a.csv", "en,zh\nban,禁令\n")
    b = write(tmp_path, "b.csv", "de,zh\nVerbot,禁令\n")
    with pytest.raises(GlossaryError, match="source language 'de'"):
        load_glossaries([a, b])
