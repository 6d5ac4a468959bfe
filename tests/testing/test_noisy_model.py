"""The noisy test model: placeholders mangled and terms rendered by context, through CTranslate2."""

from __future__ import annotations

import json

import pytest

from conftest import GLOSSARY, SAMPLE
from pipeline.translate.engine import ArgosEngine
from pipeline.testing.noisy_model import NOISY_PACKAGE_DIR_NAME, RENDERINGS, build_noisy_model, noise_table
from pipeline.testing.term_audit import audit_terms

pytestmark = pytest.mark.slow


def noisy_engine(tmp_path, *, rate: float, seed: int) -> ArgosEngine:
    from pipeline.models.packages import install_from_file

    model = install_from_file(build_noisy_model(tmp_path / f"noisy-{rate}-{seed}.argosmodel", rate=rate, seed=seed))
    assert model.path.name == NOISY_PACKAGE_DIR_NAME
    return ArgosEngine(model, beam_size=2)


def test_same_arguments_same_bytes(tmp_path):
    a = build_noisy_model(tmp_path / "a.argosmodel", rate=0.2, seed=3)
    b = build_noisy_model(tmp_path / "b.argosmodel", rate=0.2, seed=3)
    c = build_noisy_model(tmp_path / "c.argosmodel", rate=0.2, seed=4)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


def test_a_bad_rate_is_refused(tmp_path):
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="between 0 and 1"):
        build_noisy_model(tmp_path / "x.argosmodel", rate=1.5)


def test_every_mangle_happens_through_the_real_engine(tmp_path, isolated_env):
    engine = noisy_engine(tmp_path, rate=1.0, seed=0)
    table = noise_table(1.0, 0)
    seen = set()
    for n in range(12):
        ph = f"ZQ{n}"
        out = engine.translate_batch([f"Officials said {ph} on Monday."])[0]
        target = table[f"\u2581{ph}"]
        if f"\u2581{ph}\u2581on" in table:
            kind, expected = "move", f"on {ph}" in out
        elif target == "\u2581":
            kind, expected = "drop", ph not in out and ph.lower() not in out
        elif target == f"\u2581ZQ\u2581{n}":
            kind, expected = "split", f"ZQ {n}" in out
        elif target == f"\u2581{ph.lower()}":
            kind, expected = "lower", ph.lower() in out
        else:
            kind, expected = "double", out.count(ph) == 2
        assert expected, (kind, out)
        seen.add(kind)
    assert seen == {"drop", "split", "lower", "double", "move"}


def test_terms_seen_unmasked_are_rendered_by_their_neighbours(tmp_path, isolated_env):
    engine = noisy_engine(tmp_path, rate=0.0, seed=0)
    alone, choices = RENDERINGS["exit ban"]
    assert engine.translate_batch(["exit ban"]) == [alone]
    words = ["the", "an", "of", "by", "under", "their", "against", "with", "from", "for"]
    outputs = engine.translate_batch([f"{w} exit ban" for w in words])
    renderings = {next(c for c in choices if c in out) for out in outputs}
    assert len(renderings) >= 2  # the neighbour changes the rendering
    ccp = engine.translate_batch(["CCP", *[f"{w} CCP" for w in words]])
    assert ccp[0] == "中共" and any("中国共产党" in out for out in ccp[1:])


@pytest.mark.parametrize(("rate", "seed"), [(0.2, 0), (0.2, 1), (0.2, 2), (0.5, 1)])
def test_every_term_is_applied_or_flagged_and_none_is_wrong(tmp_path, isolated_env, rate, seed):
    result = audit_terms(noisy_engine(tmp_path, rate=rate, seed=seed), article=SAMPLE, glossaries=[GLOSSARY])
    assert result.required > 50
    assert result.applied + result.flagged == result.required, result.as_dict()
    assert result.wrong == 0, result.wrong_examples


def test_the_noise_is_listed_in_the_package(tmp_path, isolated_env):
    engine = noisy_engine(tmp_path, rate=0.2, seed=0)
    listed = json.loads((engine.model.path / "noise.json").read_text(encoding="utf-8"))
    assert listed == noise_table(0.2, 0)
