"""The text checks that read punctuation or script ask the languages table, for every language:
sentence-final marks (``endpunc``), quotation marks (``brackets``), full-width punctuation
(``punctuation``) and the script (``latin``). Golden tables, then the command users run."""

from __future__ import annotations

import pytest

from pipeline.catalog import Catalog, Entry, new_header, write_catalog
from pipeline.qa.framework import CheckContext
from pipeline.qa.text_checks import check_brackets, check_endpunc, check_latin, check_punctuation, check_startpunc

NNBSP = "\u202f"

#: (PO language, source, target, endpunc messages): the golden table of sentence-final marks.
ENDPUNC = [
    # Chinese: full-width marks; a half-width one is the punctuation check's.
    ("zh_Hans", "The runners left at dawn.", "跑者们黎明时出发了。", []),
    ("zh_Hans", "What a race!", "多么精彩的比赛！", []),
    ("zh_Hans", "Is it over?", "结束了吗？", []),
    ("zh_Hans", "Is it over?", "结束了吗。", ["the source ends with '?', the target with '。' (expected '？')"]),
    ("zh_Hans", "Runners", "跑者。", ["the target ends with '。', the source with no sentence punctuation"]),
    ("zh_TW", "He said: “Go.”", "他說：「走。」", []),
    ("zh_TW", "Is it over?", "結束了嗎？", []),
    # Japanese: as Chinese (issue 23 point 3: every 。 and ！ was reported).
    ("ja", "The runners left at dawn.", "ランナーたちは夜明けに出発した。", []),
    ("ja", "What a race!", "なんというレースだ！", []),
    ("ja", "Is it over?", "終わりましたか？", []),
    ("ja", "He said: “Go.”", "彼は「行け。」と言った。", []),
    ("ja", "Is it over?", "終わりましたか。", ["the source ends with '?', the target with '。' (expected '？')"]),
    # Korean: Latin punctuation.
    ("ko", "The runners left at dawn.", "주자들은 새벽에 출발했다.", []),
    ("ko", "Is it over?", "끝났나요?", []),
    ("ko", "The runners left at dawn.", "주자들은 새벽에 출발했다。", ["the source ends with '.', the target with '。' (expected '.')"]),
    # French: a narrow no-break space before ? ! : ; and inside « ».
    ("fr", "Is it over?", f"Est-ce fini{NNBSP}?", []),
    ("fr", "He said: “Yes.”", f"Il a dit{NNBSP}: «{NNBSP}Oui.{NNBSP}»", []),
    ("fr", "Is it over?", "Est-ce fini.", ["the source ends with '?', the target with '.' (expected '?')"]),
    # German: „ “ quotes, the closing “ after the full stop.
    ("de", "He said: “Yes.”", "Er sagte: „Ja.“", []),
    ("de", "What a race!", "Was für ein Rennen!", []),
    ("de", "Runners", "Läufer.", ["the target ends with '.', the source with no sentence punctuation"]),
    # Spanish: ¿ ¡ open, ? ! close.
    ("es", "Is it over?", "¿Ha terminado?", []),
    ("es", "What a race!", "¡Qué carrera!", []),
    # Russian: « » quotes.
    ("ru", "He said: “Yes.”", "Он сказал: «Да.»", []),
    ("ru", "Is it over?", "Всё кончено?", []),
    # Arabic: ؟ for the question mark (? after a Latin run, as the typography leaves it), ؛ for ;.
    ("ar", "Is it over?", "هل انتهى؟", []),
    ("ar", "Did you watch CNN?", "هل شاهدت CNN?", []),
    ("ar", "The runners left at dawn.", "غادر العداؤون عند الفجر.", []),
    ("ar", "Is it over?", "هل انتهى.", ["the source ends with '?', the target with '.' (expected '؟')"]),
    # Hindi: the danda । is the full stop.
    ("hi", "The runners left at dawn.", "धावक भोर में निकल गए।", []),
    ("hi", "Is it over?", "क्या यह खत्म हो गया?", []),
    ("hi", "The runners left at dawn.", "धावक भोर में निकल गए.", ["the source ends with '.', the target with '.' (expected '।')"]),
    # Greek: ; is the question mark.
    ("el", "Is it over?", "Τελείωσε;", []),
    ("el", "Is it over?", "Τελείωσε\u037e", []),
    ("el", "Is it over?", "Τελείωσε?", ["the source ends with '?', the target with '?' (expected ';')"]),
    # Armenian: ։ is the full stop.
    ("hy", "The runners left at dawn.", "Վազորդները լուսաբացին հեռացան։", []),
    # Thai: no final mark.
    ("th", "The runners left at dawn.", "นักวิ่งออกเดินทางตอนรุ่งสาง", []),
    ("th", "The runners left at dawn.", "นักวิ่งออกเดินทางตอนรุ่งสาง.", ["the source ends with '.', the target with '.' (expected no mark)"]),
]


@pytest.mark.parametrize(("language", "source", "target", "expected"), ENDPUNC, ids=lambda v: v if isinstance(v, str) and len(v) < 8 else None)
def test_endpunc_expects_the_tables_marks(language, source, target, expected):
    assert check_endpunc.messages(source, target, CheckContext(language=language)) == expected


def test_the_golden_table_covers_the_languages_asked_for():
    covered = {language for language, *_ in ENDPUNC}
    assert {"zh_Hans", "zh_TW", "ja", "ko", "fr", "de", "es", "ru", "ar", "hi"} <= covered


def test_an_unlabelled_catalog_with_han_text_is_read_as_chinese_and_one_without_as_english():
    assert check_endpunc.messages("Is it over?", "结束了吗？", CheckContext(language="")) == []
    assert check_endpunc.messages("Is it over?", "Fini?", CheckContext(language="")) == []
    assert check_endpunc.messages("Is it over?", "Fini.", CheckContext(language="sv")) == [
        "the source ends with '?', the target with '.' (expected '?')"
    ]


#: (PO language, source, target, brackets messages): quotation marks as each language writes them.
BRACKETS = [
    ("de", "He said “yes” and left.", "Er sagte „ja“ und ging.", []),
    ("de", "“Yes,” he said.", "„Ja“, sagte er.", []),
    ("de", "He said “yes” and left.", "Er sagte „ja und ging.", ["unbalanced „ “: 1 opening mark not closed in the target"]),
    ("de", "She said: “He said ‘no’.”", "Sie sagte: „Er sagte ‚nein‘.“", []),
    ("he", "He said “yes” and left.", "הוא אמר ”כן“ והלך.", []),
    ("ru", "He said “it is ‘over’” and left.", "Он сказал «это „конец“» и ушёл.", []),
    ("ru", "He said “yes” and left.", "Он сказал «да» и ушёл.", []),
    ("fr", "He said “yes” and left.", f"Il a dit «{NNBSP}oui{NNBSP}» et est parti.", []),
    ("fr", "He said “yes” and left.", "Il a dit “oui” et est parti.", []),
    ("zh_TW", "He said “yes” and left.", "他說「是」然後離開了。", []),
    ("zh_TW", "He said “yes” and left.", "他說「是然後離開了。", ["unbalanced “ ” / 「 」: 1 opening mark not closed in the target"]),
    ("ja", "He said “yes” and left.", "彼は「はい」と言って去った。", []),
    ("zh_Hans", "He said “yes” and left.", "他说“是”然后离开了。", []),
    # A quotation that spans entries: the target as unbalanced as its source.
    ("de", "“The race is over.", "„Das Rennen ist vorbei.", []),
    ("de", "It was long,” he said.", "Es war lang“, sagte er.", []),
]


@pytest.mark.parametrize(("language", "source", "target", "expected"), BRACKETS)
def test_brackets_reads_the_tables_quotation_marks(language, source, target, expected):
    assert check_brackets.messages(source, target, CheckContext(language=language)) == expected


@pytest.mark.parametrize(
    ("language", "target", "reported"),
    [
        ("zh_Hans", "他们在Berlin跑步。", True),
        ("ja", "彼らはBerlinで走った。", True),
        ("ko", "그들은 Berlin에서 달렸다.", True),
        ("ru", "Они бегали в Berlin.", True),
        ("ar", "ركضوا في Berlin.", True),
        ("hi", "वे Berlin में दौड़े।", True),
        ("fr", "Ils ont couru à Berlin.", False),
        ("de", "Sie liefen in Berlin.", False),
        ("es", "Corrieron en Berlín.", False),
    ],
)
def test_latin_runs_where_the_tables_script_is_not_latin(language, target, reported):
    found = check_latin.messages("They ran in Berlin.", target, CheckContext(language=language))
    assert found == (["Latin-script word in the target: Berlin"] if reported else [])


@pytest.mark.parametrize(
    ("language", "target", "reported"),
    [
        ("zh_Hans", "他们跑了,然后走了。", True),
        ("zh_TW", "他們跑了,然後走了。", True),
        ("ja", "彼らは走った,そして去った。", True),
        ("ko", "그들은 달렸고, 떠났다.", False),
        ("fr", "Ils ont couru, puis sont partis.", False),
        ("ar", "ركضوا, ثم غادروا.", False),
    ],
)
def test_punctuation_runs_where_the_table_writes_full_width(language, target, reported):
    found = check_punctuation.messages("They ran, then left.", target, CheckContext(language=language))
    assert bool(found) is reported


#: (PO language, source, target, startpunc messages): opening marks as each language writes them.
STARTPUNC = [
    ("zh_Hans", "“Go,” he said.", "“走，”他说。", []),
    ("zh_TW", "“Go,” he said.", "「走，」他說。", []),
    ("ja", "“Go,” he said.", "「行け」と彼は言った。", []),
    ("fr", "“Go,” he said.", f"«{NNBSP}Va{NNBSP}», dit-il.", []),
    ("de", "“Go,” he said.", "„Geh“, sagte er.", []),
    ("ru", "“Go,” he said.", "«Иди», — сказал он.", []),
    ("he", "“Go,” he said.", "”לך“, הוא אמר.", []),
    ("zh_Hans", "(AP) Runners left at dawn.", "（美联社）跑者们黎明时出发了。", []),
    ("zh_Hans", "...and then it was over.", "……然后就结束了。", []),
    ("ko", "“Go,” he said.", "“가라”고 그가 말했다.", []),
    # The source typed ” for “: the target's “ fixes it (as the brackets check accepts).
    ("zh_Hans", "”There are still more people leaving.”", "“现在仍有更多人在离开。”", []),
    # Spanish: ¿ and ¡ open what English does not; a question needs its ¿.
    ("es", "Is it over?", "¿Ha terminado?", []),
    ("es", "If it rains, will you come?", "Si llueve, ¿vendrás?", []),
    ("es", "What a race!", "¡Qué carrera!", []),
    ("es", "“Is it over?” she asked.", "«¿Ha terminado?», preguntó.", []),
    ("es", "Is it over?", "Ha terminado?", ["the source ends with '?' and the target has no opening '¿'"]),
    # Differences.
    ("zh_Hans", "“Go,” he said.", "走，他说。", ["the source starts with '“', the target with no punctuation"]),
    ("de", "Runners left.", "„Läufer“ gingen.", ["the target starts with '„', the source with no punctuation"]),
    ("fr", "(AP) Runners left.", "« AP » Les coureurs sont partis.", ["the source starts with '(', the target with '«'"]),
]


@pytest.mark.parametrize(("language", "source", "target", "expected"), STARTPUNC)
def test_startpunc_reads_the_tables_marks(language, source, target, expected):
    assert check_startpunc.messages(source, target, CheckContext(language=language)) == expected


def test_startpunc_reads_through_markup():
    html = CheckContext(language="zh_TW", document_format="html")
    assert check_startpunc.messages("<em>“Go,”</em> he said.", "<em>「走，」</em>他說。", html) == []
    assert check_startpunc.messages('<a href="/x">Runners</a> left.', '<a href="/x">跑者</a>離開了。', html) == []


# -------------------------------------------------------------------------- the command


def _po(tmp_path, language, entries):
    path = tmp_path / "art" / f"{language}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(path, Catalog(language, new_header("t", language), entries))
    return path


def test_check_endpunc_on_a_japanese_po_reports_nothing_for_its_own_marks(cli, tmp_path):
    """Issue 23 point 3: ``check --test endpunc`` warned on every Japanese sentence ending in 。 or ！."""
    po = _po(tmp_path, "ja", [
        Entry("p1.s1", "The runners left at dawn.", "ランナーたちは夜明けに出発した。"),
        Entry("p1.s2", "What a race!", "なんというレースだ！"),
        Entry("p1.s3", "Is it over?", "終わりましたか？"),
    ])
    result = cli("check", po, "--test", "endpunc")
    assert result.exit_code == 0, result.output
    assert [l for l in result.output.splitlines() if l.startswith(f"{po}:")] == []
    assert "0 errors, 0 warnings in 1 file" in result.output


def test_check_endpunc_names_the_tables_mark_where_one_is_missing(cli, tmp_path):
    po = _po(tmp_path, "hi", [
        Entry("p1.s1", "The runners left at dawn.", "धावक भोर में निकल गए।"),
        Entry("p1.s2", "They were tired.", "वे थके हुए थे."),
    ])
    result = cli("check", po, "--test", "endpunc")
    found = [l.split(": ", 1)[1] for l in result.output.splitlines() if l.startswith(f"{po}:")]
    assert found == ["warning: [endpunc] the source ends with '.', the target with '.' (expected '।')"]


def test_check_brackets_on_a_german_po_reads_german_quotes(cli, tmp_path):
    po = _po(tmp_path, "de", [Entry("p1.s1", "He said “yes” and left.", "Er sagte „ja“ und ging.")])
    result = cli("check", po)
    assert result.exit_code == 0, result.output
    assert [l for l in result.output.splitlines() if l.startswith(f"{po}:")] == []


def test_check_startpunc_on_a_spanish_po(cli, tmp_path):
    po = _po(tmp_path, "es", [
        Entry("p1.s1", "Is it over?", "¿Ha terminado?"),
        Entry("p1.s2", "What a race!", "¡Qué carrera!"),
        Entry("p1.s3", "Will they run again?", "Volverán a correr?"),
    ])
    result = cli("check", po, "--test", "startpunc", "--test", "endpunc")
    found = [l.split(": ", 1)[1] for l in result.output.splitlines() if l.startswith(f"{po}:")]
    assert found == ["warning: [startpunc] the source ends with '?' and the target has no opening '¿'"]
