"""Model management: offline install with validation, list, remove, the index path."""

from __future__ import annotations

import json
import time
import zipfile

import pytest

from pipeline.errors import ModelError
from pipeline.models.packages import ensure_model, find_model, install_from_file, list_models, packages_dir, remove_model


def test_packages_dir_follows_argos_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "elsewhere"))
    assert packages_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    config = tmp_path / "cfg" / "argos-translate"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "from-json")}))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert packages_dir() == tmp_path / "from-json"
    (config / "settings.json").unlink()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert packages_dir() == tmp_path / "data" / "argos-translate" / "packages"


def test_install_list_remove(test_model_file):
    assert list_models() == []
    model = install_from_file(test_model_file)
    assert (model.from_code, model.to_code) == ("en", "zh")
    assert model.model_dir.joinpath("model.bin").is_file()
    assert find_model("en", "zh") == model
    assert [m.path for m in list_models()] == [model.path]
    # Installing again replaces the package in place.
    again = install_from_file(test_model_file)
    assert again.path == model.path and len(list_models()) == 1
    removed = remove_model("en", "zh")
    assert [m.path for m in removed] == [model.path]
    assert find_model("en", "zh") is None and not model.path.exists()


def _zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "not a zip"),
        ({"a/metadata.json": "{}", "b/x": ""}, "exactly one top folder"),
        ({"pkg/model/model.bin": "x"}, "no pkg/metadata.json"),
        ({"pkg/metadata.json": "{not json", "pkg/model/model.bin": "x"}, "not valid JSON"),
        ({"pkg/metadata.json": json.dumps({"from_code": "en"}), "pkg/model/model.bin": "x"}, "from_code and to_code"),
        ({"pkg/metadata.json": json.dumps({"from_code": "en", "to_code": "zh"}), "pkg/sentencepiece.model": "x"}, "no CTranslate2 model"),
        ({"pkg/metadata.json": json.dumps({"from_code": "en", "to_code": "zh"}), "pkg/model/model.bin": "x"}, "no tokenizer"),
        ({"pkg/../evil": "x"}, "unsafe path"),
    ],
)
def test_bad_archives_are_refused_and_nothing_installed(tmp_path, files, message):
    path = tmp_path / "bad.argosmodel"
    if files is None:
        path.write_bytes(b"not a zip at all")
    else:
        _zip(path, files)
    with pytest.raises(ModelError, match=message):
        install_from_file(path)
    assert list_models() == []
    assert not packages_dir().exists() or not any(packages_dir().iterdir())


def test_offline_without_model_names_both_install_ways():
    with pytest.raises(ModelError) as info:
        ensure_model("en", "zh", offline=True)
    text = info.value.message + " " + (info.value.hint or "")
    assert "mtpipe models install en zh" in text and "mtpipe models install PATH.argosmodel" in text


def test_unreachable_index_fails_fast():
    start = time.monotonic()
    with pytest.raises(ModelError) as info:
        ensure_model("en", "zh", offline=False, timeout=2)
    assert time.monotonic() - start < 12
    assert "downloading one failed" in info.value.message


@pytest.mark.slow
def test_silent_server_does_not_hang(monkeypatch):
    """A server that accepts the connection but never answers: the timeout ends it."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{server.getsockname()[1]}/")
        start = time.monotonic()
        with pytest.raises(ModelError):
            ensure_model("en", "zh", timeout=1)
        assert time.monotonic() - start < 5
    finally:
        server.close()


def test_install_from_index_over_a_local_file_index(tmp_path, test_model_file, monkeypatch):
    """The download path end to end, with the index and the package as file:// URLs."""
    index = tmp_path / "index.json"
    index.write_text(json.dumps([
        {"from_code": "en", "to_code": "zh", "package_version": "0.1", "links": [test_model_file.as_uri()]}
    ]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    seen = []
    model = ensure_model("en", "zh", progress=lambda done, total: seen.append(done))
    assert model.path.is_dir() and seen and seen[-1] == test_model_file.stat().st_size


def test_index_install_picks_the_newest_version(tmp_path, test_model_file, monkeypatch):
    index = tmp_path / "index.json"
    broken = tmp_path / "old.argosmodel"
    broken.write_bytes(b"not a model")
    index.write_text(json.dumps([
        {"from_code": "en", "to_code": "zh", "package_version": "1.10", "links": [test_model_file.as_uri()]},
        {"from_code": "en", "to_code": "zh", "package_version": "1.9", "links": [broken.as_uri()]},
    ]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    assert ensure_model("en", "zh").path.is_dir()


def test_the_package_folder_is_the_one_argos_itself_uses(tmp_path):
    """mtpipe reads Argos's settings at call time (Argos's own module reads them once, at import, and
    creates folders in the home directory as it is imported); both must name the same folder."""
    import subprocess
    import sys

    home = tmp_path / "home"
    config = home / ".config" / "argos-translate"
    config.mkdir(parents=True)
    probe = (
        "import argostranslate.settings as s\n"
        "from pipeline.models.packages import packages_dir, package_index_url\n"
        "print(s.package_data_dir == packages_dir(), s.remote_package_index == package_index_url())\n"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    cases = [
        {},
        {"ARGOS_PACKAGES_DIR": str(tmp_path / "env-dir"), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"},
    ]
    for extra in cases:
        proc = subprocess.run([sys.executable, "-c", probe], env={**env, **extra}, capture_output=True, text=True, check=True)
        assert proc.stdout.split() == ["True", "True"], (extra, proc.stdout, proc.stderr)
    (config / "settings.json").write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "json-dir")}))
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert proc.stdout.split()[0] == "True", proc.stderr
