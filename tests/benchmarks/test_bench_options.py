"""The benchmarks refuse an option the engine would silently ignore."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT


@pytest.fixture
def bench_translate(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import bench_translate

    yield bench_translate
    sys.modules.pop("bench_translate", None)


def test_an_unknown_swept_option_stops_the_benchmark(bench_translate, installed_model):
    with pytest.raises(SystemExit, match="does not accept max_batch_sise"):
        bench_translate.make_engine(installed_model.path, beam_size=2, max_batch_sise=512)


def test_known_options_reach_the_engine(bench_translate, installed_model):
    engine = bench_translate.make_engine(installed_model.path, beam_size=3, max_batch_tokens=300, inter_threads=None)
    assert (engine.beam_size, engine.max_batch_tokens) == (3, 300)
