"""Hostile and broken packages in ``mtpipe models install``: refused, nothing installed, nothing replaced.

Every archive is built in tmp from the test model; none is big on disk (a
bomb is a small, highly compressible member, or a declared size patched into
the central directory).
"""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.models import archive as model_archive

from pipeline.models import packages as models
from pipeline.errors import ModelError
from pipeline.models.packages import install_from_file, list_models, packages_dir
from pipeline.testing.lexical_model import PACKAGE_DIR_NAME

TOP = PACKAGE_DIR_NAME


def _repack(
    source: Path,
    out: Path,
    *,
    rename: Callable[[str], str] = lambda name: name,
    replace: dict[str, bytes] | None = None,
    extra: list[tuple[zipfile.ZipInfo, bytes]] = (),  # type: ignore[assignment]
) -> Path:
    """A copy of the *source* archive with members renamed, replaced or added."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name = rename(info.filename)
            data = replace.get(info.filename, src.read(info))
            copy = zipfile.ZipInfo(name, date_time=info.date_time)
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            copy.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(copy, data)
        for info, data in extra:
            dst.writestr(info, data)
    return out


def _patch_declared_size(path: Path, member: str, size: int) -> None:
    """Overwrite *member*'s uncompressed size in the central directory."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        name_len = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, start + 24, size)
            path.write_bytes(bytes(data))
            return
        start += 4
    raise AssertionError(f"{member} not in the central directory")


def _link(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info, target.encode()


def _snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_refused(path: Path, message: str) -> None:
    before = _snapshot(packages_dir())
    with pytest.raises(ModelError, match=message):
        install_from_file(path)
    assert _snapshot(packages_dir()) == before
    leftovers = [p.name for p in packages_dir().iterdir() if p.name.startswith(".")] if packages_dir().exists() else []
    assert leftovers == []


def test_highly_compressed_member_is_refused_before_it_is_inflated(tmp_path, test_model_file, monkeypatch):
    bomb = _repack(
        test_model_file, tmp_path / "bomb.argosmodel", replace={f"{TOP}/model/model.bin": bytes(8 << 20)}
    )
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    _assert_refused(bomb, r"model.bin' is compressed [\d,]+:1 \(8.0 MiB from [\d,]+ bytes\); refused as a possible")
    assert f"{TOP}/model/model.bin" not in opened


def test_member_declared_huge_is_refused_from_the_central_directory(tmp_path, test_model_file):
    bomb = _repack(test_model_file, tmp_path / "huge.argosmodel")
    _patch_declared_size(bomb, f"{TOP}/README.md", 0xFFFF0000)
    _assert_refused(bomb, r"unpacks to more than 2,048.0 MiB \(member .*README.md' alone declares 4,095.9 MiB\)")


def test_member_inflating_past_its_declared_size_is_refused(tmp_path, test_model_file):
    liar = _repack(test_model_file, tmp_path / "liar.argosmodel")
    _patch_declared_size(liar, f"{TOP}/lexicon.tsv", 10)
    _assert_refused(liar, "corrupt archive .*nothing installed")


def test_byte_budget_counts_real_bytes_while_extracting(tmp_path, test_model_file):
    """Extraction counts the bytes it really writes, whatever the archive declared."""
    limits = model_archive.ArchiveLimits(max_bytes=1 << 20)
    with zipfile.ZipFile(test_model_file) as zf, pytest.raises(ModelError) as info:
        model_archive.extract_archive(test_model_file, zf, tmp_path / "staging", limits)
    assert info.value.message == (
        f"{test_model_file}: member '{TOP}/model/model.bin' inflates past the archive's budget of 1.0 MiB; "
        "refused as a possible zip bomb"
    )
    assert (tmp_path / "staging" / TOP / "model" / "model.bin").stat().st_size <= 1 << 20


def test_too_little_disk_space_is_refused_before_extracting(tmp_path, test_model_file, monkeypatch):
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=1000))
    _assert_refused(test_model_file, r"unpacks to [\d.,]+ MiB but .* has only 0.0 MiB free; nothing installed")


@pytest.mark.parametrize(
    "extra",
    [
        [_link(f"{TOP}/evil", "/etc/passwd")],
        # A folder that is a link, and a member written through it.
        [_link(f"{TOP}/through", "/tmp"), (zipfile.ZipInfo(f"{TOP}/through/x"), b"x")],
    ],
    ids=["symlink-member", "member-through-symlink-folder"],
)
def test_symbolic_links_are_refused(tmp_path, test_model_file, extra):
    path = _repack(test_model_file, tmp_path / "links.argosmodel", extra=extra)
    _assert_refused(path, "is a symbolic link; model archives may hold only files and folders")


def test_member_inside_a_file_is_refused(tmp_path, test_model_file):
    path = _repack(
        test_model_file, tmp_path / "nested.argosmodel", extra=[(zipfile.ZipInfo(f"{TOP}/README.md/x"), b"x")]
    )
    _assert_refused(path, "lies inside .*README.md', which is a file, not a folder")


def test_symlink_folder_through_the_cli_is_one_error_line(tmp_path, test_model_file, cli):
    path = _repack(
        test_model_file,
        tmp_path / "links.argosmodel",
        extra=[_link(f"{TOP}/through", "/tmp"), (zipfile.ZipInfo(f"{TOP}/through/x"), b"x")],
    )
    result = cli("models", "install", path)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}: member '{TOP}/through' is a symbolic link")
    assert "Traceback" not in result.output and list_models() == []


def _de_fr(test_model_file: Path, out: Path, top: str = TOP) -> Path:
    with zipfile.ZipFile(test_model_file) as zf:
        meta = json.loads(zf.read(f"{TOP}/metadata.json"))
    meta.update(from_code="de", to_code="fr")
    return _repack(
        test_model_file,
        out,
        rename=lambda name: name.replace(TOP, top, 1),
        replace={f"{TOP}/metadata.json": json.dumps(meta).encode()},
    )


def test_folder_named_for_another_pair_is_refused(tmp_path, test_model_file, own_installed_model):
    hostile = _de_fr(test_model_file, tmp_path / "hostile.argosmodel")
    _assert_refused(hostile, f"the folder '{TOP}' names en→zh, but its metadata.json says de→fr")
    assert models.find_model("en", "zh") == own_installed_model


@pytest.mark.parametrize(
    ("top", "pair", "accepted"),
    [
        ("translate-en_zh-1_9", ("en", "zh"), True),
        ("translate-en_zh-1_9", ("en", "zh-Hans"), True),
        ("translate-en_zt-1_0", ("en", "zt"), True),
        ("my-own-model", ("de", "fr"), True),  # not named for a pair: the replace check guards it
        ("translate-en_zh-1_9", ("de", "fr"), False),
        ("translate-en_zh", ("en", "de"), False),
    ],
)
def test_folder_name_and_metadata_must_agree(top, pair, accepted):
    meta = {"from_code": pair[0], "to_code": pair[1]}
    if accepted:
        model_archive.check_folder_name(Path("p.argosmodel"), top, meta)
    else:
        with pytest.raises(ModelError, match="names en→zh, but its metadata.json says"):
            model_archive.check_folder_name(Path("p.argosmodel"), top, meta)


@pytest.mark.slow
def test_package_never_replaces_one_for_another_pair(tmp_path, test_model_file):
    mine = _repack(test_model_file, tmp_path / "mine.argosmodel", rename=lambda n: n.replace(TOP, "mymodel", 1))
    installed = install_from_file(mine)
    assert installed.name == "mymodel" and (installed.from_code, installed.to_code) == ("en", "zh")
    hostile = _de_fr(test_model_file, tmp_path / "hostile.argosmodel", top="mymodel")
    _assert_refused(hostile, "would replace the installed en→zh package mymodel with a de→fr package")
    assert models.find_model("en", "zh") == installed


def test_model_ctranslate2_cannot_load_is_refused_at_install(tmp_path, test_model_file, own_installed_model):
    broken = _repack(
        test_model_file, tmp_path / "broken.argosmodel", replace={f"{TOP}/model/model.bin": b"not a model" * 100}
    )
    _assert_refused(broken, "CTranslate2 cannot load the package's model/model.bin .*nothing installed")
    # The working model is untouched and still loads.
    model_archive.check_loadable(broken, own_installed_model.path)


def test_a_good_package_still_installs_and_loads(test_model_file):
    model = install_from_file(test_model_file)
    model_archive.check_loadable(test_model_file, model.path)
    assert [p.name for p in packages_dir().iterdir()] == [TOP]


def _with_metadata(source: Path, out: Path, change: Callable[[dict], object]) -> Path:
    with zipfile.ZipFile(source) as zf:
        meta = json.loads(zf.read(f"{TOP}/metadata.json"))
    data = change(meta)
    return _repack(source, out, replace={f"{TOP}/metadata.json": data if isinstance(data, bytes) else json.dumps(data).encode()})


def test_a_version_of_thousands_of_digits_is_refused_at_install(tmp_path, test_model_file):
    """Issue 25: it installed, then every translate died comparing versions (int past 4,300 digits)."""
    bad = _with_metadata(test_model_file, tmp_path / "v.argosmodel", lambda m: {**m, "package_version": "9" * 4400})
    _assert_refused(bad, "metadata.json has an invalid package_version")


def test_metadata_nested_100k_deep_is_one_error_not_a_recursion_error(tmp_path, test_model_file):
    nested = _with_metadata(
        test_model_file, tmp_path / "deep.argosmodel",
        lambda m: json.dumps(m)[:-1].encode() + b', "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    )
    _assert_refused(nested, "nested more than")


def test_an_installed_package_with_a_huge_version_or_deep_metadata_is_skipped(own_installed_model):
    """Installed by hand (or by an older mtpipe): listing and finding models do not die."""
    meta_path = own_installed_model.path / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "package_version": "9" * 4400}))
    assert list_models() == []
    meta_path.write_text("[" * 100_000 + "]" * 100_000)
    assert list_models() == []


def test_a_fifo_model_file_is_refused_without_opening_it(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.argosmodel")
    with pytest.raises(ModelError, match=r"is a FIFO \(named pipe\), not a model file"):
        install_from_file(tmp_path / "pipe.argosmodel")
