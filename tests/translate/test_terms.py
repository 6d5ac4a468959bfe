"""Masking, restore, verification and recovery, with small fake engines behind the engine protocol."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import Glossary, Term
from pipeline.translate.masking import Protected, has_placeholder, mask, placeholder, protected_for_matches
from pipeline.translate.terms import TermOutcome, enforce
from pipeline.translate.verify import verify_terms

BAN = Term(source="exit ban", targets={"zh": "出境禁令"}, forbidden=("出口禁止",))
CCP = Term(source="CCP", targets={"zh": "中共", "zh-Hant": "中共"})
PARTY = Term(source="Chinese Communist Party", targets={"zh": "中国共产党"})
RUN = Term(source='"run" movement', targets={"zh": "“润”运动"})
EPOCH = Term(source="The Epoch Times", targets={}, dnt=True)
GLOSSARY = Glossary(terms=(BAN, CCP, PARTY, RUN, EPOCH))

LEXICON = {
    "they": "他们",
    "imposed": "实施了",
    "an": "一项",
    "exit": "出口",
    "ban": "禁止",
    "bans": "禁止",
    "on": "对",
    "him": "他",
    "the": "",
    "chinese": "中国",
    "communist": "共产",
    "party": "党",
    "run": "跑",
    "movement": "运动",
    "joined": "加入了",
    "told": "告诉",
    "epoch": "时代",
    "times": "时报",
    "and": "和",
}


class WordEngine:
    """Word for word, like the project's test model: known words translated, the rest copied."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def render(self, text: str) -> str:
        return re.sub(r"[A-Za-z]+", lambda m: LEXICON.get(m.group().lower(), m.group()), text)

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        self.batches.append(list(texts))
        return [self.render(t) for t in texts]


class UpperEngine(WordEngine):
    """The simplest copying engine: upper-cases everything."""

    def render(self, text: str) -> str:
        return text.upper()


class MangleEngine(WordEngine):
    """Word for word, then *mangle* the output when *when* says so for the input."""

    def __init__(self, mangle: Callable[[str], str], when: Callable[[str], bool] = lambda s: True) -> None:
        super().__init__()
        self.mangle = mangle
        self.when = when

    def render(self, text: str) -> str:
        out = super().render(text)
        return self.mangle(out) if self.when(text) else out


def placeholders_in(text: str) -> int:
    return len(re.findall(r"ZQ\d+", text))


def drop(out: str) -> str:
    return re.sub(r"\s?ZQ\d+", "", out)


def spans_for(text: str, variant: str = "zh") -> list[Protected]:
    return protected_for_matches(GLOSSARY.find(text), variant)


def run(engine: WordEngine, *texts: str, variant: str = "zh") -> list[TermOutcome]:
    return enforce(engine, list(texts), [spans_for(t, variant) for t in texts])


# --------------------------------------------------------------------------- happy path


def test_word_engine_without_glossary_renders_exit_ban_word_for_word() -> None:
    (out,) = enforce(WordEngine(), ["They imposed an exit ban on him."], [[]])
    assert out.text == "他们 实施了 一项 出口 禁止 对 他." and out.applied == out.failed == out.notes == ()


def test_happy_path_one_batched_call() -> None:
    engine = WordEngine()
    outcomes = run(
        engine,
        "They imposed an exit ban on him.",
        "The Chinese Communist Party’s (CCP) rule.",
        "No terms here.",
        "They joined the “run” movement and told The Epoch Times.",
    )
    assert len(engine.batches) == 1 and len(engine.batches[0]) == 4
    assert engine.batches[0][0] == "They imposed an ZQ0 on him."
    assert engine.batches[0][1] == "The ZQ0’s (ZQ1) rule."
    texts = [o.text for o in outcomes]
    assert texts == [
        "他们 实施了 一项 出境禁令 对 他.",
        " 中国共产党’s (中共) rule.",
        "No terms here.",
        "他们 加入了  “润”运动 和 告诉 The Epoch Times.",
    ]
    assert outcomes[0].applied == (BAN,) and outcomes[0].failed == ()
    assert outcomes[0].notes == ("glossary: exit ban → 出境禁令",)
    assert outcomes[1].applied == (PARTY, CCP)
    assert outcomes[1].notes == ("glossary: Chinese Communist Party → 中国共产党", "glossary: CCP → 中共")
    assert outcomes[3].notes == ('glossary: "run" movement → “润”运动', "glossary: The Epoch Times → The Epoch Times")
    assert [o.engine_calls for o in outcomes] == [1, 1, 1, 1]


def test_repeated_term_noted_once_counted_per_occurrence() -> None:
    (out,) = run(UpperEngine(), "exit ban, exit bans and an Exit-Ban")
    assert out.text == "出境禁令, 出境禁令 AND AN 出境禁令"
    assert out.applied == (BAN, BAN, BAN) and out.notes == ("glossary: exit ban → 出境禁令",)


def test_dnt_restored_as_written() -> None:
    (out,) = run(UpperEngine(), "told the Epoch Times")
    assert out.text == "TOLD the Epoch Times"


def test_traditional_variant_converts_zh_target_unless_given() -> None:
    (out,) = run(UpperEngine(), "The Chinese Communist Party (CCP) and an exit ban", variant="zh-TW")
    assert out.text == "THE 中國共產黨 (中共) AND AN 出境禁令"
    custom = protected_for_matches(GLOSSARY.find("Chinese Communist Party"), "zh-HK", convert=lambda s: f"<{s}>")
    assert [p.target for p in custom] == ["<中国共产党>"]


def test_terms_without_target_for_the_variant_are_not_protected() -> None:
    only_hant = Glossary(terms=(Term(source="exit ban", targets={"zh-Hant": "出境禁令"}),))
    assert protected_for_matches(only_hant.find("an exit ban"), "zh") == []


def test_identical_inputs_are_translated_once() -> None:
    engine = UpperEngine()
    outcomes = run(engine, "an exit ban", "an exit ban")
    assert engine.batches == [["an ZQ0"]] and outcomes[0] == outcomes[1]


def test_spans_other_than_terms_are_carried_too() -> None:
    source = "Read **this** now"
    spans = [Protected(5, 7, "**", "markup"), Protected(11, 13, "**", "markup")]
    (out,) = enforce(UpperEngine(), [source], [spans])
    assert out.text == "READ **THIS** NOW" and out.applied == out.failed == out.notes == ()


def test_mask_and_placeholder() -> None:
    spans = spans_for("an exit ban by the CCP")
    assert mask("an exit ban by the CCP", spans, [1], "ZQ") == "an exit ban by the ZQ1"
    assert placeholder(3) == "ZQ3"


def test_source_containing_the_prefix_gets_another_one() -> None:
    engine = UpperEngine()
    (out,) = run(engine, "ZQ1 is a code; an exit ban")
    assert engine.batches[0] == ["ZQ1 is a code; an ZXQ0"]
    assert out.text == "ZQ1 IS A CODE; AN 出境禁令" and out.applied == (BAN,)


@pytest.mark.parametrize(
    ("source", "masked"),
    [
        # The letters standing alone, in any case, spaced: "Z Q1" would be read back as placeholder 1.
        ("Gen Z Q1 spending and an exit ban", "Gen Z Q1 spending and an ZXQ0"),
        ("Plan Z quickly hit an exit ban", "Plan Z quickly hit an ZXQ0"),
        ("Plan Z quickly, zxq too, hit an exit ban", "Plan Z quickly, zxq too, hit an QXZ0"),
        # Inside a word they are no placeholder's: the short prefix stays.
        ("Mercedes-Benz Q1 sales and an exit ban", "Mercedes-Benz Q1 sales and an ZQ0"),
        ("Fritz quit over an exit ban", "Fritz quit over an ZQ0"),
    ],
)
def test_a_source_with_the_prefix_letters_gets_another_prefix(source: str, masked: str) -> None:
    engine = UpperEngine()
    (out,) = run(engine, source)
    assert engine.batches == [[masked]]
    assert out.text == source.upper().replace("EXIT BAN", "出境禁令") and out.applied == (BAN,)


@pytest.mark.parametrize("written", ["Mercedes-Benz Q1", "Benz q 1", "BENZ Q1"])
def test_a_word_ending_in_the_prefix_letter_is_not_read_as_a_placeholder(written: str) -> None:
    """The engine writes a name the source did not spell that way (first-quarter → Q1)."""
    engine = MangleEngine(lambda s: s.replace("一项", written))
    (out,) = run(engine, "They imposed an exit ban after first-quarter sales.")
    assert len(engine.batches) == 1 and out.applied == (BAN,)
    assert written in out.text and out.text.count("出境禁令") == 1


def test_overlapping_spans_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="overlap"):
        enforce(UpperEngine(), ["exit ban"], [[Protected(0, 4, "a", "a"), Protected(2, 8, "b", "b")]])


# --------------------------------------------------------------------------- decoder noise


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s.replace("ZQ", "ZQ "),  # space before the digits
        lambda s: s.replace("ZQ", "Z Q"),  # spaces inside
        lambda s: s.replace("ZQ", "zq"),  # lower case
        lambda s: re.sub(r"ZQ(\d)", lambda m: "ＺＱ" + chr(0xFF10 + int(m.group(1))), s),  # full width
    ],
    ids=["space", "spaced-letters", "lowercase", "fullwidth"],
)
def test_tolerated_decoder_noise_needs_no_recovery(mangle: Callable[[str], str]) -> None:
    engine = MangleEngine(mangle)
    (out,) = run(engine, "The CCP imposed an exit ban")
    assert len(engine.batches) == 1
    assert out.text == " 中共 实施了 一项 出境禁令" and out.applied == (CCP, BAN)


# --------------------------------------------------------------------------- recovery


def test_dropped_placeholders_recovered_by_the_models_own_rendering() -> None:
    engine = MangleEngine(drop)
    (out,) = run(engine, "They imposed an exit ban on him.")
    assert len(engine.batches) == 2  # first pass + one recovery round
    assert "They imposed an exit ban on him." in engine.batches[1]  # plain
    assert "exit ban" in engine.batches[1]  # the term alone
    assert out.text == "他们 实施了 一项 出境禁令 对 他."
    assert out.applied == (BAN,) and out.failed == ()
    assert out.notes == ("glossary: exit ban → 出境禁令",)
    assert out.engine_calls == 3


def test_confused_by_several_placeholders_recovered_one_at_a_time() -> None:
    """The engine loses placeholders when there are two or more: survivors/one-at-a-time masks help."""
    engine = MangleEngine(lambda s: drop(s), when=lambda src: placeholders_in(src) >= 2)
    (out,) = run(engine, "The CCP imposed an exit ban")
    assert len(engine.batches) == 2
    assert "The ZQ0 imposed an exit ban" in engine.batches[1]
    assert "The CCP imposed an ZQ1" in engine.batches[1]
    assert out.text == " 中共 实施了 一项 出境禁令"
    assert out.applied == (CCP, BAN) and out.failed == ()


def test_only_one_lost_placeholder_keeps_the_survivor_masked() -> None:
    engine = MangleEngine(lambda s: s.replace("ZQ1", ""), when=lambda src: "ZQ0" in src and "ZQ1" in src)
    (out,) = run(engine, "The CCP imposed an exit ban")
    assert engine.batches[1][0] == "The ZQ0 imposed an exit ban"  # survivors first
    assert out.text == " 中共 实施了 一项 出境禁令" and out.applied == (CCP, BAN)


def test_duplicated_placeholder_is_not_restored_twice() -> None:
    engine = MangleEngine(lambda s: re.sub(r"(ZQ\d+)", r"\1 \1", s), when=lambda src: placeholders_in(src) >= 1)
    (out,) = run(engine, "They imposed an exit ban on him.")
    assert len(engine.batches) == 2
    assert out.text.count("出境禁令") == 1
    assert out.text == "他们 实施了 一项 出境禁令 对 他." and out.applied == (BAN,)


def test_garbled_placeholder_is_never_left_in_the_text() -> None:
    engine = MangleEngine(lambda s: re.sub(r"ZQ(\d+)", r"Z-Q\1", s), when=lambda src: placeholders_in(src) >= 1)
    (out,) = run(engine, "They imposed an exit ban on him.")
    assert "Q0" not in out.text and not has_placeholder(out.text)
    assert out.applied == (BAN,)


def test_unknown_placeholder_index_is_garbled() -> None:
    engine = MangleEngine(lambda s: s.replace("ZQ0", "ZQ7"), when=lambda src: placeholders_in(src) >= 1)
    (out,) = run(engine, "an exit ban")
    assert len(engine.batches) == 2 and "ZQ7" not in out.text and out.applied == (BAN,)


def test_unrecoverable_term_is_reported_not_applied() -> None:
    """Placeholders always lost, and the term alone renders differently from in context."""

    class Hopeless(MangleEngine):
        def render(self, text: str) -> str:
            if text == "exit ban":
                return "离境禁制"
            return super().render(text)

    engine = Hopeless(drop)
    outcomes = run(engine, "They imposed an exit ban on him.", "The CCP said.")
    ban_out, ccp_out = outcomes
    assert len(engine.batches) == 2
    assert ban_out.text == "他们 实施了 一项 出口 禁止 对 他."  # the plain translation: nothing lost
    assert ban_out.applied == () and ban_out.failed == (BAN,)
    assert ban_out.notes == ("glossary: exit ban → 出境禁令 NOT applied",)
    # the other segment was recovered in the same round
    assert ccp_out.text == " 中共 said." and ccp_out.applied == (CCP,)


def test_forbidden_rendering_in_the_output_fails_the_term() -> None:
    engine = WordEngine()
    source = "an exit ban; exit bans"
    only_first = [spans_for(source)[0]]  # the second occurrence is left to the model
    (out,) = enforce(engine, [source], [only_first])
    assert out.text == "一项 出境禁令; 出口 禁止"
    assert out.failed == (BAN,)
    assert out.notes == ("glossary: exit ban → 出境禁令 NOT applied (forbidden rendering '出口禁止' present)",)


class ContextEngine:
    """Loses every placeholder; renders the term alone (*alone*) unlike in context (*in_context*)."""

    def __init__(self, alone: str, in_context: Callable[[str], str]) -> None:
        self.alone = alone
        self.in_context = in_context

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return [self.alone if t == "exit ban" else self.in_context(drop(t)) for t in texts]


def test_recovery_does_not_split_a_forbidden_rendering_to_substitute_the_term() -> None:
    """Regression: 禁 (the term alone) was replaced inside 出口禁止, giving The出口出境禁令止is bad。 at 100%."""
    engine = ContextEngine("禁", lambda s: s.replace(" exit ban ", "出口禁止").replace(".", "。"))
    (out,) = run(engine, "The exit ban is bad.")
    assert out.text == "The出口禁止is bad。"  # the plain translation, not garbled
    assert out.applied == () and out.failed == (BAN,)
    assert out.notes == ("glossary: exit ban → 出境禁令 NOT applied",)


def test_recovery_substitutes_a_latin_rendering_only_as_a_whole_word() -> None:
    """Regression: a Latin rendering was replaced inside a longer word (BAN in BANNER)."""
    engine = ContextEngine("BAN", lambda s: s.upper().replace("EXIT BAN", "BAN"))
    (out,) = run(engine, "The banner says exit ban")
    assert out.text == "THE BANNER SAYS 出境禁令" and out.applied == (BAN,)
    (none,) = run(ContextEngine("BAN", lambda s: s.upper().replace("EXIT BAN", "BANS")), "a banner: exit ban")
    assert none.text == "A BANNER: BANS" and none.failed == (BAN,)  # no whole-word BAN anywhere


def test_text_around_a_restored_target_does_not_join_into_a_forbidden_rendering() -> None:
    """Forbidden renderings are looked for in the assembled text, not in the model's text glued together."""
    engine = MangleEngine(lambda s: s.replace("ZQ0", "出口ZQ0禁止"))
    (out,) = run(engine, "an exit ban")
    assert out.text == "一项 出口出境禁令禁止" and out.applied == (BAN,) and out.failed == ()


# --------------------------------------------------------------------------- verify


@pytest.mark.parametrize(
    ("source", "target", "variant", "expected"),
    [
        ("They imposed an exit ban.", "他们实施了出境禁令。", "zh", []),
        ("They imposed an exit ban.", "他们实施了 出境 禁令。", "zh", []),  # spacing ignored
        ("They imposed an exit ban.", "他们实施了出口禁止。", "zh", ["missing", "forbidden"]),
        ("They imposed an exit ban.", "他们实施了出境禁令（出口禁止）。", "zh", ["forbidden"]),
        ("They imposed an exit ban.", "他们实施了ZQ0。", "zh", ["missing", "placeholder"]),
        ("They imposed an exit ban.", "他们实施了出境禁令 zq 1。", "zh", ["placeholder"]),
        ("Plan Z quickly hit the exit ban.", "Plan Z quickly，出境禁令。", "zh", []),  # the source's own Z q
        ("Plan Z quickly hit the exit ban.", "Plan Z quickly，出境禁令 zxq。", "zh", ["placeholder"]),
        ("Benz Q1 sales under the exit ban.", "Benz Q1销量受出境禁令影响。", "zh", []),  # a word's last letter
        ('the "run" movement', "「润」运动", "zh", []),  # quote style ignored
        ("The Chinese Communist Party", "中國共產黨", "zh-TW", []),
        ("The Chinese Communist Party", "中国共产党", "zh-TW", ["missing"]),
        ("told the Epoch Times", "告诉the Epoch Times", "zh", []),
        ("told the Epoch Times", "告诉大纪元时报", "zh", ["missing"]),
        ("No terms.", "没有术语。", "zh", []),
    ],
)
def test_verify_terms(source: str, target: str, variant: str, expected: list[str]) -> None:
    problems = verify_terms(source, target, GLOSSARY, variant)
    assert [p.kind for p in problems] == expected
    for p in problems:
        assert p.message


def test_verify_forbidden_inside_the_target_is_fine() -> None:
    g = Glossary(terms=(Term(source="national security police", targets={"zh": "国保警察"}, forbidden=("国保",)),))
    assert verify_terms("the national security police", "国保警察", g, "zh") == []
    assert [p.kind for p in verify_terms("the national security police", "国保警察和国保", g, "zh")] == ["forbidden"]


ACTIONS = {
    "keep": lambda m: m.group(0),
    "drop": lambda m: "",
    "dup": lambda m: m.group(0) + " " + m.group(0),
    "garble": lambda m: "Z-Q" + m.group(1),
    "lower": lambda m: m.group(0).lower(),
}
SENTENCE = "The Chinese Communist Party (CCP) imposed an exit ban on the “run” movement."


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(sorted(ACTIONS)), min_size=4, max_size=4), st.booleans())
def test_whatever_the_engine_does_to_placeholders(actions: list[str], only_when_crowded: bool) -> None:
    """Invariants: no placeholder left, every span accounted for, applied targets present once per span."""

    def mangle(out: str) -> str:
        return re.sub(r"ZQ(\d+)", lambda m: ACTIONS[actions[int(m.group(1))]](m), out)

    engine = MangleEngine(mangle, when=lambda src: placeholders_in(src) >= (2 if only_when_crowded else 1))
    (out,) = run(engine, SENTENCE)
    assert not has_placeholder(out.text) and "Q0" not in out.text
    assert len(out.applied) + len(out.failed) == 4
    assert len(engine.batches) <= 2
    for term in out.applied:
        assert term.targets["zh"] in out.text
    if set(actions) <= {"keep", "lower"}:
        assert len(engine.batches) == 1 and len(out.applied) == 4
    # the word engine renders every term alone as in context, so recovery always succeeds
    assert out.failed == ()


def test_engine_returning_the_wrong_number_of_outputs_is_a_model_error() -> None:
    from pipeline.errors import ModelError

    class Short:
        def translate_batch(self, texts: Sequence[str]) -> list[str]:
            return list(texts)[:-1]

    with pytest.raises(ModelError, match="returned 1 translations for 2 inputs"):
        enforce(Short(), ["a", "b"], [[], []])
