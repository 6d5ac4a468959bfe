"""Routes of a multilingual run: grouping, pivots, and a failing language named in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE
from pipeline.errors import InputError, ModelError
from pipeline.languages.table import resolve
from pipeline.models.packages import InstalledModel
from pipeline.translate.targets import PivotEngine, find_chain, plan_routes, translate_targets


def _model(source: str, target: str) -> InstalledModel:
    return InstalledModel(path=Path(f"/m/{source}-{target}"), from_code=source, to_code=target, package_version="1", argos_version="1")


def test_chinese_variants_share_the_simplified_route():
    routes = plan_routes(["zh-TW", "ja", "zh-Hans", "fr", "JA"])
    assert [(r.language.code, r.variants) for r in routes] == [
        ("zh-Hans", ["zh-Hans", "zh-TW"]), ("ja", ["ja"]), ("fr", ["fr"]),
    ]


def test_an_unknown_target_is_refused_before_any_route():
    with pytest.raises(InputError, match="unknown language 'klingon'"):
        plan_routes(["ja", "klingon"])


def test_direct_model_first_then_a_pivot_then_none():
    models = [_model("en", "es"), _model("es", "fr"), _model("en", "fr")]
    assert [m.to_code for m in find_chain(resolve("fr"), models)] == ["fr"]
    assert [(m.from_code, m.to_code) for m in find_chain(resolve("fr"), models[:2])] == [("en", "es"), ("es", "fr")]
    assert find_chain(resolve("ja"), models) is None


class Upper:
    identity = "upper@1"

    def options(self):
        return {}

    def translate_batch(self, texts):
        return [t.upper() for t in texts]


class Suffix(Upper):
    identity = "suffix@1"

    def translate_batch(self, texts):
        return [t + "!" for t in texts]


def test_a_pivot_runs_both_engines_and_names_both():
    engine = PivotEngine(Upper(), Suffix(), pivot="es")
    assert engine.translate_batch(["a b"]) == ["A B!"]
    assert engine.identity == "upper@1 → es → suffix@1"


def test_a_failing_language_is_named_and_the_others_are_written(tmp_path):
    routes = plan_routes(["ja", "fr", "ar"])

    def engine_for(route):
        if route.language.code == "fr":
            raise ModelError("the fr model is broken")
        return Upper()

    report = translate_targets([SAMPLE], out_dir=tmp_path, routes=routes, engine_for=engine_for)
    assert report.failed == {"fr": "the fr model is broken"}
    assert sorted(p.name for p in (tmp_path / "run-movement").iterdir()) == ["ar.po", "ja.po", "run-movement.pot"]
    assert report.as_dict()["failed_languages"] == {"fr": "the fr model is broken"}


def test_the_cli_says_which_languages_failed(cli, tmp_path, pair_model_files, monkeypatch):
    from pipeline.models.packages import install_from_file
    from pipeline.translate import engine as engine_module

    for path in pair_model_files.values():
        install_from_file(path)
    original = engine_module.ArgosEngine.__post_init__

    def broken_for_fr(self):
        if self.model.to_code == "fr":
            raise ModelError("cannot load the en→fr model")
        original(self)

    monkeypatch.setattr(engine_module.ArgosEngine, "__post_init__", broken_for_fr)
    result = cli("translate", SAMPLE, "--to", "ja", "--to", "fr", "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code == 1
    assert "Error: these languages failed: fr: cannot load the en→fr model. Written: ja." in result.output
    assert (tmp_path / "out" / "run-movement" / "ja.po").is_file()
    assert not (tmp_path / "out" / "run-movement" / "fr.po").exists()


def test_the_memory_is_keyed_by_language(tmp_path):
    """Two languages drafted by engines of one identity never share drafts; a rerun reuses its own."""
    from pipeline.catalog import load_catalog
    from pipeline.memory import TranslationMemory

    article = tmp_path / "a.txt"
    article.write_text("The exit ban.\n", encoding="utf-8")

    class SameIdentity(Upper):
        identity = "upper@1"  # as Upper: only the language tells their drafts apart

        def translate_batch(self, texts):
            return [t.lower() for t in texts]

    memory = TranslationMemory(tmp_path / "memory.db")
    try:
        engines = {"ja": Upper(), "fr": SameIdentity()}
        first = translate_targets([article], out_dir=tmp_path / "out", routes=plan_routes(["ja", "fr"]),
                                  engine_for=lambda r: engines[r.language.code], memory=memory)
        assert not first.failed
        assert [e.msgstr for e in load_catalog(tmp_path / "out" / "a" / "fr.po").active] == ["the exit ban."]
        assert [e.msgstr for e in load_catalog(tmp_path / "out" / "a" / "ja.po").active] == ["THE EXIT BAN."]
        again = translate_targets([article], out_dir=tmp_path / "again", routes=plan_routes(["fr"]),
                                  engine_for=lambda r: Upper(), memory=memory)
        assert [e.msgstr for e in load_catalog(tmp_path / "again" / "a" / "fr.po").active] == ["the exit ban."]
        assert again.runs["fr"].total("from_memory") == 1
    finally:
        memory.close()
