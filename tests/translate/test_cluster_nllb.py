"""`mtpipe translate --engine nllb:PATH --cluster ADDRESS`: the multilingual model on Dask workers, read from PATH."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from conftest import SAMPLE, error_lines, time_limit

from pipeline.translate.cluster_worker import PLUGIN_NAME

distributed = pytest.importorskip("distributed")

#: Every cluster test here is stopped after this many seconds, whatever it waits for.
TIME_LIMIT = 180

GLOSSARY = """\
en,ja,fr,ar
exit ban,出国禁止,interdiction de sortie,حظر السفر
hostage diplomacy,人質外交,diplomatie des otages,دبلوماسية الرهائن
"""


@pytest.fixture(scope="module")
def nllb_folder(tmp_path_factory):
    from pipeline.testing.multilingual_model import build_multilingual_model

    return build_multilingual_model(tmp_path_factory.mktemp("nllb") / "nllb-test")


@pytest.fixture
def time_bound():
    with time_limit(TIME_LIMIT, "cluster test"):
        yield


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.po*"))}


@pytest.mark.slow
def test_the_nllb_run_on_the_cluster_gives_the_bytes_of_a_local_run(cli, tmp_path, nllb_folder, fixed_dates, time_bound):
    glossary = tmp_path / "g.csv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "ban.txt"
    article.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    args = ("translate", article, "--engine", f"nllb:{nllb_folder}", "--to", "ja", "--to", "fr", "--to", "ar",
            "--glossary", glossary, "--no-memory")
    local = cli(*args, "--out", tmp_path / "local")
    assert local.exit_code == 0, local.output
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
    ) as cluster:
        result = cli(*args, "--out", tmp_path / "remote", "--cluster", cluster.scheduler_address, "--report", tmp_path / "r.json")
        served = languages_served(cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    assert _files(tmp_path / "remote") == _files(tmp_path / "local")
    assert sorted(str(p) for p in _files(tmp_path / "local")) == ["ban/ar.po", "ban/ban.pot", "ban/fr.po", "ban/ja.po"]
    fr = (tmp_path / "local" / "ban" / "fr.po").read_text(encoding="utf-8")
    assert "interdiction de sortie" in fr and "diplomatie des otages" in fr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["cluster"]["scheduler"] == cluster.scheduler_address
    assert sum(report["cluster"]["tasks_by_worker"].values()) >= 3  # at least one task per language
    assert report["routes"]["fr"] == "en→fr (nllb: nllb-test)"
    # The workers' model plugins (registered once) served all three languages: not reloaded per language.
    assert served == {"ja", "fr", "ar"}


def languages_served(address: str) -> set[str]:
    """The languages the workers' current model plugins translated into (a plugin registered again starts empty)."""
    with distributed.Client(address, set_as_default=False) as client:
        found = client.run(lambda dask_worker: sorted(
            code for name, plugin in dask_worker.plugins.items() if name.startswith(PLUGIN_NAME) for code in plugin._engines))
    return {code for codes in found.values() for code in codes}


def test_ship_model_is_refused_with_nllb_in_one_line(cli, tmp_path, nllb_folder):
    result = cli("translate", SAMPLE, "--engine", f"nllb:{nllb_folder}", "--to", "fr", "--out", tmp_path / "out",
                 "--cluster", "tcp://127.0.0.1:8786", "--ship-model")
    assert error_lines(result.output) == [
        "Error: --ship-model uploads Argos packages; with --engine nllb:PATH each worker reads the model from PATH"
    ]
    assert not (tmp_path / "out").exists()


def _worker():
    return SimpleNamespace(name="w1", address="tcp://127.0.0.1:1", state=SimpleNamespace(nthreads=1))


def test_a_worker_with_another_model_at_the_path_is_named(nllb_folder, tmp_path):
    from pipeline.translate.cluster_worker import ModelPlugin, WorkerModelMissing
    from pipeline.translate.multilingual import load_multilingual

    model = load_multilingual(nllb_folder)
    plugin = ModelPlugin(name=model.identity + "x", version="", beam_size=2, compute_type="int8", max_batch_tokens=512,
                         multilingual=str(nllb_folder))
    with pytest.raises(WorkerModelMissing, match=r"worker w1 \(tcp://127.0.0.1:1\) has another model at .*nllb-test"):
        plugin.setup(_worker())
    missing = ModelPlugin(name=model.identity, version="", beam_size=2, compute_type="int8", max_batch_tokens=512,
                          multilingual=str(tmp_path / "nowhere"))
    with pytest.raises(WorkerModelMissing, match=r"worker w1 \(tcp://127.0.0.1:1\) cannot read the model: .*no model.bin"):
        missing.setup(_worker())


def test_a_worker_translates_each_language_with_the_model_loaded_once(nllb_folder):
    from pipeline.languages.table import resolve
    from pipeline.translate.cluster_worker import ModelPlugin
    from pipeline.translate.multilingual import MultilingualEngine, load_multilingual

    model = load_multilingual(nllb_folder)
    plugin = ModelPlugin(name=model.identity, version="", beam_size=2, compute_type="int8", max_batch_tokens=512,
                         multilingual=str(nllb_folder))
    plugin.setup(_worker())
    text = ["The exit ban on Chinese citizens is illegal, the authorities said."]
    for code in ("ja", "fr", "ar"):
        engine = plugin.engine_for(code)
        assert engine is plugin.engine_for(code) and engine.translator is plugin.engine  # one translator for every language
        assert engine.translate_batch(text) == MultilingualEngine(model, resolve(code)).translate_batch(text)
