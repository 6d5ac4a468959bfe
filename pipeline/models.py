"""Argos Translate packages: find, list, install (index or file) and remove.

The package folder follows Argos's own settings: ``ARGOS_PACKAGES_DIR`` (the
environment variable, or the key in Argos's ``settings.json``), else
``$XDG_DATA_HOME/argos-translate/packages``. It is read at call time, so tests
and users can point it elsewhere per run.

Installing is our own code, not ``argostranslate.package.install_from_path``:
the archive is validated first from its central directory (a zip, one top
folder, a ``metadata.json`` naming the languages and agreeing with a folder
named ``translate-FROM_TO...``, a CTranslate2 ``model/`` and a tokenizer, no
path that escapes the folder, no symbolic link, declared sizes and compression
ratios within :class:`ArchiveLimits`), then extracted member by member into a
temp folder beside the packages with a byte budget, loaded once with
CTranslate2, and only then renamed into place, so a failed install leaves
nothing behind. A package never replaces an installed one for another language
pair. Downloads have a timeout and report progress through a callback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import ModelError

#: Argos's public package index (``index.json`` is appended).
DEFAULT_PACKAGE_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
#: Seconds to wait for the network before deciding it is unreachable.
NETWORK_TIMEOUT = 10.0

#: ``(bytes done, bytes total or None)``; called during downloads.
ProgressCallback = Callable[[int, "int | None"], None]

INSTALL_HINT = (
    "install a model with `mtpipe models install en zh` (downloads it from the Argos package index), "
    "or offline from a file with `mtpipe models install PATH.argosmodel`; "
    "`mtpipe demo` shows the whole pipeline with a built-in test model"
)


def _argos_setting(key: str) -> str | None:
    """An Argos setting: the environment first, then Argos's settings.json."""
    value = os.environ.get(key)
    if value:
        return value
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    settings_file = config_home / "argos-translate" / "settings.json"
    try:
        data = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if value else None


def packages_dir() -> Path:
    """The folder where Argos packages are installed (see the module docstring)."""
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured)
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def package_index_url() -> str:
    index = _argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_PACKAGE_INDEX
    return index if index.endswith(".json") else index.rstrip("/") + "/index.json"


@dataclass(frozen=True)
class InstalledModel:
    """An installed Argos package."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def identity(self) -> str:
        """Package name and version: part of every translation-memory key."""
        return f"{self.name}@{self.package_version}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"


def _read_metadata(folder: Path) -> dict:
    try:
        data = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{folder}: unreadable metadata.json ({exc})") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{folder}: metadata.json is not a JSON object")
    return data


def _model_from_folder(folder: Path) -> InstalledModel:
    meta = _read_metadata(folder)
    return InstalledModel(
        path=folder,
        from_code=str(meta.get("from_code") or ""),
        to_code=str(meta.get("to_code") or ""),
        package_version=str(meta.get("package_version") or ""),
        argos_version=str(meta.get("argos_version") or ""),
        from_name=str(meta.get("from_name") or ""),
        to_name=str(meta.get("to_name") or ""),
        target_prefix=str(meta.get("target_prefix") or ""),
    )


def list_models() -> list[InstalledModel]:
    """Installed translation packages, sorted by language pair and name."""
    root = packages_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and (folder / "metadata.json").is_file():
            try:
                found.append(_model_from_folder(folder))
            except ModelError:
                continue
    return sorted(found, key=lambda m: (m.from_code, m.to_code, m.name))


def _lang_matches(code: str, wanted: str) -> bool:
    return code == wanted or code.split("-")[0].split("_")[0] == wanted


def _version_key(version: str) -> tuple[int, object]:
    """Sort key: real versions by value (1.10 > 1.9), anything else below them."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def find_model(from_code: str = "en", to_code: str = "zh") -> InstalledModel | None:
    """The installed package for a language pair (the newest version if several)."""
    candidates = [
        m
        for m in list_models()
        if _lang_matches(m.from_code, from_code) and _lang_matches(m.to_code, to_code) and m.model_dir.is_dir()
    ]
    return max(candidates, key=lambda m: _version_key(m.package_version)) if candidates else None


def require_model(from_code: str = "en", to_code: str = "zh") -> InstalledModel:
    model = find_model(from_code, to_code)
    if model is None:
        raise ModelError(f"no {from_code}→{to_code} translation model is installed in {packages_dir()}", hint=INSTALL_HINT)
    return model


def remove_model(from_code: str, to_code: str) -> list[InstalledModel]:
    """Remove every installed package for the pair; returns what was removed."""
    removed = [
        m for m in list_models() if _lang_matches(m.from_code, from_code) and _lang_matches(m.to_code, to_code)
    ]
    if not removed:
        raise ModelError(f"no {from_code}→{to_code} model is installed in {packages_dir()}", hint="see `mtpipe models list`")
    for model in removed:
        shutil.rmtree(model.path)
    return removed


#: Most bytes an archive may unpack to (the largest Argos packages unpack to well under 1 GiB).
MAX_UNPACKED_BYTES = 2 << 30
#: Highest compression ratio a member over :data:`RATIO_FLOOR` bytes may have.
#: Real models compress about 1.1:1 (the built-in test model, mostly zeros, 64:1);
#: zip bombs compress 1,000:1 and more.
MAX_COMPRESSION_RATIO = 200
#: Members up to this size are not ratio-checked (a small zero-filled file is harmless).
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20
_PAIR_FOLDER_RE = re.compile(r"^translate-(?P<from>[A-Za-z0-9-]+)_(?P<to>[A-Za-z0-9-]+?)(?:-.*)?$")


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may unpack to; the defaults suit every Argos package."""

    max_bytes: int = MAX_UNPACKED_BYTES
    max_ratio: float = MAX_COMPRESSION_RATIO
    ratio_floor: int = RATIO_FLOOR


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _check_members(path: Path, infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> str:
    """Paths, kinds and declared sizes of every member; returns the one top folder.

    Runs on the central directory alone, before any member is inflated.
    """
    tops = set()
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    total = 0
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
            raise ModelError(f"{path}: unsafe path {name!r} in the archive")
        if _is_symlink(info):
            raise ModelError(
                f"{path}: member {name!r} is a symbolic link; model archives may hold only files and folders",
                hint="use a package from the Argos index or one you built yourself",
            )
        if pure in files or (not info.is_dir() and pure in folders):
            raise ModelError(f"{path}: member {name!r} appears twice in the archive")
        (folders if info.is_dir() else files).add(pure)
        tops.add(pure.parts[0])
        size = info.file_size
        total += size
        if total > limits.max_bytes:
            raise ModelError(
                f"{path}: the archive unpacks to more than {_mib(limits.max_bytes)} "
                f"(member {name!r} alone declares {_mib(size)}); refused as a possible zip bomb",
                hint="use a package from the Argos index",
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise ModelError(
                f"{path}: member {name!r} is compressed {size / max(info.compress_size, 1):,.0f}:1 "
                f"({_mib(size)} from {info.compress_size:,} bytes); refused as a possible zip bomb",
                hint="use a package from the Argos index",
            )
    for pure in files:
        for parent in list(pure.parents)[:-1]:
            if parent in files:
                raise ModelError(
                    f"{path}: member {str(pure)!r} lies inside {str(parent)!r}, which is a file, not a folder"
                )
    if len(tops) != 1:
        raise ModelError(
            f"{path}: an Argos model has exactly one top folder, found {len(tops)}",
            hint="the archive must hold one folder with metadata.json and model/",
        )
    top = tops.pop()
    if top.startswith(".") or PurePosixPath(top) in files:
        raise ModelError(f"{path}: the top folder {top!r} is not a usable package name")
    return top


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def _check_folder_name(path: Path, top: str, meta: dict) -> None:
    """A folder named ``translate-FROM_TO...`` must hold a FROM→TO package (languages compared without region)."""
    match = _PAIR_FOLDER_RE.match(top)
    if match is None:
        return

    def language(code: object) -> str:
        return re.split(r"[-_]", str(code).lower())[0]

    named = (language(match.group("from")), language(match.group("to")))
    if named != (language(meta["from_code"]), language(meta["to_code"])):
        raise ModelError(
            f"{path}: the folder {top!r} names {named[0]}→{named[1]}, but its metadata.json says "
            f"{meta['from_code']}→{meta['to_code']}; refused",
            hint="the package is mislabelled or tampered with; download it again",
        )


def validate_archive(path: Path, *, limits: ArchiveLimits | None = None) -> tuple[str, dict]:
    """Check an ``.argosmodel`` file; returns its top folder name and metadata.

    Only the central directory and ``metadata.json`` are read: no member is
    inflated here (see :func:`install_from_file` for the checks while extracting).
    """
    path = Path(path)
    limits = limits or ArchiveLimits()
    if not path.is_file():
        raise ModelError(f"{path}: no such model file", hint="give the path of an .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is not an Argos model (not a zip archive)", hint="download the .argosmodel file again")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            top = _check_members(path, infos, limits)
            if f"{top}/metadata.json" not in names:
                raise ModelError(f"{path}: no {top}/metadata.json in the archive")
            if zf.getinfo(f"{top}/metadata.json").file_size > 1 << 20:
                raise ModelError(f"{path}: {top}/metadata.json is over 1 MiB; not an Argos package")
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from exc
            if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
                raise ModelError(f"{path}: metadata.json must name from_code and to_code")
            _check_folder_name(path, top, meta)
            if f"{top}/model/model.bin" not in names:
                raise ModelError(f"{path}: no CTranslate2 model ({top}/model/model.bin) in the archive")
            if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
                raise ModelError(f"{path}: no tokenizer (sentencepiece.model or bpe.model) in the archive")
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{path} is not a readable zip archive ({exc})") from exc
    return top, meta


def _extract(path: Path, zf: zipfile.ZipFile, staging: Path, limits: ArchiveLimits) -> None:
    """Unpack every member into *staging*, counting the bytes really inflated.

    Files are created exclusively and never through a symbolic link; a member
    that inflates past its declared size, or the archive past the byte budget,
    stops the extraction.
    """
    budget = limits.max_bytes
    for info in zf.infolist():
        target = staging.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with zf.open(info) as source, os.fdopen(os.open(target, flags, 0o644), "wb") as sink:
            written = 0
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                budget -= len(chunk)
                if written > info.file_size or budget < 0:
                    limit = f"its declared size ({info.file_size:,} bytes)" if written > info.file_size else (
                        f"the archive's budget of {_mib(limits.max_bytes)}"
                    )
                    raise ModelError(
                        f"{path}: member {info.filename!r} inflates past {limit}; refused as a possible zip bomb",
                        hint="use a package from the Argos index",
                    )
                sink.write(chunk)


def _check_loadable(path: Path, folder: Path) -> None:
    """Load the unpacked model with CTranslate2 (and its SentencePiece model) before it goes live."""
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1)
        del translator
    except (RuntimeError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ModelError(
            f"{path}: CTranslate2 cannot load the package's model/model.bin ({reason}); nothing installed",
            hint="the file is damaged or not a CTranslate2 model; download it again",
        ) from exc
    tokenizer = folder / "sentencepiece.model"
    if tokenizer.is_file():
        try:
            sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        except (RuntimeError, OSError) as exc:
            raise ModelError(
                f"{path}: SentencePiece cannot load the package's sentencepiece.model; nothing installed",
                hint="the file is damaged; download it again",
            ) from exc


def _pair(meta: dict) -> tuple[str, str]:
    return (str(meta.get("from_code") or ""), str(meta.get("to_code") or ""))


def install_from_file(path: Path, *, limits: ArchiveLimits | None = None) -> InstalledModel:
    """Validate and install an ``.argosmodel`` file; replaces an older copy atomically.

    Steps: :func:`validate_archive` (paths, sizes, ratios, metadata, from the
    central directory), free-space check, extraction into a hidden staging
    folder with a byte budget, a CTranslate2 load of the model, and only then
    a rename into place. A package never replaces one for another language pair.
    """
    path = Path(path)
    limits = limits or ArchiveLimits()
    top, meta = validate_archive(path, limits=limits)
    root = packages_dir()
    target = root / top
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ModelError(f"{target} exists and is not a package folder; nothing installed", hint="move it away first")
    if (target / "metadata.json").is_file():
        try:
            existing = _pair(_read_metadata(target))
        except ModelError:
            existing = None
        if existing is not None and existing != _pair(meta):
            raise ModelError(
                f"{path}: would replace the installed {existing[0]}→{existing[1]} package {top} "
                f"with a {meta['from_code']}→{meta['to_code']} package; refused",
                hint=f"remove it first with `mtpipe models remove {existing[0]} {existing[1]}` if that is meant",
            )
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=".installing-"))
    except OSError as exc:
        raise ModelError(f"cannot write to the package folder {root}: {exc.strerror or exc}") from exc
    try:
        with zipfile.ZipFile(path) as zf:
            declared = sum(info.file_size for info in zf.infolist())
            free = shutil.disk_usage(root).free
            if declared > free:
                raise ModelError(
                    f"{path} unpacks to {_mib(declared)} but {root} has only {_mib(free)} free; nothing installed",
                    hint="free some disk space, or point ARGOS_PACKAGES_DIR elsewhere",
                )
            _extract(path, zf, staging, limits)
        _check_loadable(path, staging / top)
        old = None
        if target.exists():
            old = root / f".old-{top}-{os.getpid()}"
            os.replace(target, old)
        os.replace(staging / top, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ModelError(f"{path}: corrupt archive ({exc}); nothing installed", hint="download the file again") from exc
    except OSError as exc:
        raise ModelError(
            f"{path}: cannot unpack into {root} ({exc.strerror or exc}); nothing installed",
            hint="check the free space and permissions of the package folder",
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _model_from_folder(target)


def _fetch(url: str, *, progress: ProgressCallback | None, dest: Path | None, timeout: float) -> bytes:
    """GET *url* (to memory, or streamed to *dest*), with a hard deadline on connecting."""
    result: dict[str, object] = {}

    def opener() -> None:
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "mtpipe"})
            result["response"] = urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 - http(s) only
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    if not url.startswith(("https://", "http://", "file://")):
        raise ModelError(f"unsupported download address {url!r}")
    # DNS lookups ignore socket timeouts; a daemon thread bounds the wait.
    thread = threading.Thread(target=opener, daemon=True)
    thread.start()
    thread.join(timeout + 1)
    if thread.is_alive() or "response" not in result:
        error = result.get("error")
        reason = getattr(error, "reason", error) or f"no answer within {timeout:.0f} s"
        raise ModelError(f"cannot reach {url}: {reason}", hint=INSTALL_HINT)
    response: Any = result["response"]
    total_header = response.headers.get("Content-Length") if hasattr(response, "headers") else None
    total = int(total_header) if total_header and total_header.isdigit() else None
    chunks: list[bytes] = []
    done = 0
    try:
        with response:
            sink = open(dest, "wb") if dest is not None else None
            try:
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    done += len(chunk)
                    if sink is not None:
                        sink.write(chunk)
                    else:
                        chunks.append(chunk)
                    if progress is not None:
                        progress(done, total)
            finally:
                if sink is not None:
                    sink.close()
    except OSError as exc:
        raise ModelError(f"download from {url} failed: {exc}", hint=INSTALL_HINT) from exc
    return b"".join(chunks)


def available_models(*, timeout: float = NETWORK_TIMEOUT) -> list[dict]:
    """The package index (a list of metadata objects)."""
    url = package_index_url()
    data = _fetch(url, progress=None, dest=None, timeout=timeout)
    try:
        index = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"the package index at {url} is not valid JSON") from exc
    if not isinstance(index, list):
        raise ModelError(f"the package index at {url} is not a list of packages")
    return [p for p in index if isinstance(p, dict)]


def install_from_index(
    from_code: str = "en",
    to_code: str = "zh",
    *,
    progress: ProgressCallback | None = None,
    timeout: float = NETWORK_TIMEOUT,
) -> InstalledModel:
    """Download the pair's package from the Argos index and install it."""
    candidates = [
        p
        for p in available_models(timeout=timeout)
        if p.get("from_code") == from_code and p.get("to_code") == to_code and p.get("links")
    ]
    if not candidates:
        raise ModelError(f"the package index has no {from_code}→{to_code} package", hint=INSTALL_HINT)
    meta = max(candidates, key=lambda p: _version_key(str(p.get("package_version", ""))))
    errors = []
    with tempfile.TemporaryDirectory(prefix="mtpipe-download-") as tmp:
        dest = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        for link in meta["links"]:
            try:
                _fetch(str(link), progress=progress, dest=dest, timeout=timeout)
            except ModelError as exc:
                errors.append(exc.message)
                continue
            return install_from_file(dest)
    raise ModelError(f"download of the {from_code}→{to_code} model failed: {'; '.join(errors)}", hint=INSTALL_HINT)


def ensure_model(
    from_code: str = "en",
    to_code: str = "zh",
    *,
    offline: bool = False,
    progress: ProgressCallback | None = None,
    timeout: float = NETWORK_TIMEOUT,
) -> InstalledModel:
    """The installed model for the pair; downloads it from the index when missing (unless offline)."""
    model = find_model(from_code, to_code)
    if model is not None:
        return model
    if offline:
        raise ModelError(
            f"no {from_code}→{to_code} translation model is installed in {packages_dir()}, and --offline forbids downloading one",
            hint=INSTALL_HINT,
        )
    try:
        return install_from_index(from_code, to_code, progress=progress, timeout=timeout)
    except ModelError as exc:
        raise ModelError(
            f"no {from_code}→{to_code} translation model is installed, and downloading one failed: {exc.message}",
            hint=INSTALL_HINT,
        ) from exc
