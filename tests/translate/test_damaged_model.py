"""A damaged installed model (CTranslate2 or its tokenizer cannot load it) is one error naming the package, never a traceback."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, error_lines


def _install_pairs(pair_model_files):
    from pipeline.models.packages import install_from_file

    return {target: install_from_file(path) for target, path in pair_model_files.items()}


@pytest.mark.slow
def test_an_emptied_model_bin_fails_its_language_and_the_others_are_written(cli, tmp_path, pair_model_files):
    models = _install_pairs(pair_model_files)
    (models["ar"].model_dir / "model.bin").write_bytes(b"")
    out = tmp_path / "out"
    result = cli("translate", SAMPLE, "--to", "ja", "--to", "ar", "--to", "fr", "--out", out, "--no-memory")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = error_lines(result.output)
    assert line.startswith(f"Error: these languages failed: ar: {models['ar'].path}: the installed model cannot be loaded (File model.bin is incomplete")
    assert line.endswith("Written: ja, fr.")
    assert "Hint: the package is damaged: reinstall it with `mtpipe models remove en ar` then `mtpipe models install en ar`" in result.output
    assert sorted(p.name for p in (out / "run-movement").iterdir()) == ["fr.po", "ja.po", "run-movement.pot"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda m: (m.model_dir / "model.bin").write_bytes(b""), id="empty-model-bin"),
        pytest.param(lambda m: (m.model_dir / "config.json").write_text("{"), id="bad-config"),
        pytest.param(lambda m: m.sentencepiece_model.write_bytes(b"garbage"), id="bad-tokenizer"),
    ],
)
def test_a_single_language_run_prints_one_error_line(cli, tmp_path, own_installed_model, damage):
    damage(own_installed_model)
    result = cli("translate", SAMPLE, "--out", tmp_path / "out", "--no-memory", "--offline")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    [line] = error_lines(result.output)
    assert line.startswith(f"Error: {own_installed_model.path}: the installed model cannot be loaded (")
    assert "Hint: the package is damaged: reinstall it with `mtpipe models remove en zh`" in result.output
    assert not (tmp_path / "out" / "run-movement" / "zh_Hans.po").exists()


def test_the_engine_raises_a_model_error(own_installed_model):
    from pipeline.errors import ModelError
    from pipeline.translate.engine import ArgosEngine

    (own_installed_model.model_dir / "model.bin").write_bytes(b"\0\0")
    with pytest.raises(ModelError, match="cannot be loaded") as caught:
        ArgosEngine(own_installed_model)
    assert str(own_installed_model.path) in caught.value.message
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_a_damaged_multilingual_model_is_one_error_line(cli, tmp_path):
    from pipeline.testing.multilingual_model import build_multilingual_model

    model = build_multilingual_model(tmp_path / "nllb")
    (model / "model.bin").write_bytes(b"")
    result = cli("translate", SAMPLE, "--engine", f"nllb:{model}", "--to", "ja", "--out", tmp_path / "out", "--no-memory")
    assert result.exit_code != 0 and "Traceback" not in result.output
    [line] = error_lines(result.output)
    assert f"{model}: the model cannot be loaded (File model.bin is incomplete" in line
    assert "Hint: the model folder is damaged" in result.output


def test_on_a_gpu_the_hint_tries_the_cpu_first(own_installed_model):
    from pipeline.translate.engine import damaged_model_error

    error = damaged_model_error(own_installed_model, RuntimeError("CUDA failed"), device="cuda")
    assert error.hint.startswith("try --device cpu; if the model fails there too, the package is damaged: reinstall it")
    assert damaged_model_error(own_installed_model, RuntimeError("x")).hint.startswith("the package is damaged")
