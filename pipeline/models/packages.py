"""Argos Translate packages: find, list, install (index or file) and remove.

The package folder follows Argos's own settings: ``ARGOS_PACKAGES_DIR`` (the
environment variable, or the key in Argos's ``settings.json``), else
``$XDG_DATA_HOME/argos-translate/packages``. It is read at call time, so tests
and users can point it elsewhere per run.

Why not ``argostranslate.settings`` and ``argostranslate.package``: importing
Argos's settings creates four folders under the home directory (and fails on
a read-only one), reads ``settings.json`` once at import and prints to
standard output when it is malformed; its index and downloads have no
timeout, no progress and hold the whole model in memory. The folder and index
found here are Argos's own (a test compares them with what Argos computes).

Installing is our own code, not ``argostranslate.package.install_from_path``:
the archive is checked and unpacked by :mod:`pipeline.models.archive` (which
treats it as hostile) into a temp folder beside the packages, loaded once with
CTranslate2, and only then renamed into place, so a failed install leaves
nothing behind. A package never replaces an installed one for another language
pair. Downloads have a timeout and report progress through a callback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError
from pipeline.fsutil import parse_json, read_input, sweep_stale, temp_prefix
from pipeline.models.archive import ArchiveLimits, check_loadable, check_metadata, extract_archive, mib, validate_archive

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
    if not settings_file.exists():
        return None
    try:
        data = parse_json(read_input(settings_file, what="settings file", error=ModelError).decode("utf-8"), name=str(settings_file), error=ModelError)
    except (ModelError, UnicodeDecodeError):
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
    path = folder / "metadata.json"
    data = read_input(path, what="model metadata", error=ModelError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{folder}: unreadable metadata.json ({exc})") from exc
    meta = parse_json(text, name=str(path), error=ModelError)
    if not isinstance(meta, dict):
        raise ModelError(f"{folder}: metadata.json is not a JSON object")
    check_metadata(path, meta)
    return meta


def model_from_folder(folder: Path) -> InstalledModel:
    """The installed model in the package *folder*, read from its ``metadata.json``."""
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
                found.append(model_from_folder(folder))
            except ModelError:
                continue
    return sorted(found, key=lambda m: (m.from_code, m.to_code, m.name))


def argos_code(code: str) -> str:
    """The Argos package code of a language code (the languages table), or *code* itself when the table lacks it."""
    from pipeline.languages.table import find

    language = find(code)
    return language.argos_code if language is not None else code


def lang_matches(code: str, wanted: str) -> bool:
    """Whether a package's language *code* is *wanted*, or a regional form of it (``zh_CN``, ``pt-BR``)."""
    return code == wanted or code.split("-")[0].split("_")[0] == wanted


@dataclass(frozen=True)
class PairFilter:
    """The language pair ``models list --from/--to`` asks for; either side may be open (None).

    Codes are read through the languages table, as ``models install`` reads
    them: ``--to zh-TW``, ``--to ja_JP`` and ``--to jpn_Jpan`` ask for the
    Argos pairs ``→zh`` and ``→ja``.
    """

    from_code: str | None = None
    to_code: str | None = None

    def __post_init__(self) -> None:
        for name in ("from_code", "to_code"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, argos_code(value))

    def matches(self, from_code: str, to_code: str) -> bool:
        return (self.from_code is None or lang_matches(from_code, self.from_code)) and (
            self.to_code is None or lang_matches(to_code, self.to_code)
        )

    @property
    def label(self) -> str:
        """``en→ja``, ``en→*``, ``*→ja``."""
        return f"{self.from_code or '*'}→{self.to_code or '*'}"


def installed_pairs(pair: PairFilter | None = None) -> list[InstalledModel]:
    """Installed packages of *pair* (every package without one), as :func:`list_models` sorts them."""
    return [m for m in list_models() if pair is None or pair.matches(m.from_code, m.to_code)]


@dataclass(frozen=True)
class IndexPackage:
    """One package of Argos's package index."""

    from_code: str
    to_code: str
    package_version: str
    name: str
    from_name: str = ""
    to_name: str = ""


def index_pairs(pair: PairFilter | None = None, *, timeout: float = NETWORK_TIMEOUT) -> list[IndexPackage]:
    """The index's packages of *pair* (installable ones: with a download link), sorted by pair, newest version first."""
    found = []
    for meta in available_models(timeout=timeout):
        from_code, to_code = _pair(meta)
        if not (from_code and to_code and meta.get("links")) or (pair is not None and not pair.matches(from_code, to_code)):
            continue
        version = str(meta.get("package_version") or "")
        found.append(IndexPackage(
            from_code=from_code, to_code=to_code, package_version=version,
            name=str(meta.get("package_name") or f"translate-{from_code}_{to_code}"),
            from_name=str(meta.get("from_name") or ""), to_name=str(meta.get("to_name") or ""),
        ))
    newest_first = sorted(found, key=lambda p: _version_key(p.package_version), reverse=True)
    return sorted(newest_first, key=lambda p: (p.from_code, p.to_code))


def _version_key(version: str) -> tuple[int, object]:
    """Sort key: real versions by value (1.10 > 1.9), anything else below them."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except (InvalidVersion, ValueError):  # ValueError: an integer past Python's 4,300-digit limit
        return (0, version)


def find_model(from_code: str = "en", to_code: str = "zh") -> InstalledModel | None:
    """The installed package for a language pair (the newest version if several)."""
    candidates = [
        m
        for m in list_models()
        if lang_matches(m.from_code, from_code) and lang_matches(m.to_code, to_code) and m.model_dir.is_dir()
    ]
    return max(candidates, key=lambda m: _version_key(m.package_version)) if candidates else None


def remove_model(from_code: str, to_code: str) -> list[InstalledModel]:
    """Remove every installed package for the pair; returns what was removed."""
    removed = [
        m for m in list_models() if lang_matches(m.from_code, from_code) and lang_matches(m.to_code, to_code)
    ]
    if not removed:
        raise ModelError(f"no {from_code}→{to_code} model is installed in {packages_dir()}", hint="see `mtpipe models list`")
    for model in removed:
        shutil.rmtree(model.path)
    return removed


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
        sweep_stale(root)  # what a killed install left
        staging = Path(tempfile.mkdtemp(dir=root, prefix=temp_prefix("install")))
    except OSError as exc:
        raise ModelError(f"cannot write to the package folder {root}: {exc.strerror or exc}") from exc
    try:
        with zipfile.ZipFile(path) as zf:
            declared = sum(info.file_size for info in zf.infolist())
            free = shutil.disk_usage(root).free
            if declared > free:
                raise ModelError(
                    f"{path} unpacks to {mib(declared)} but {root} has only {mib(free)} free; nothing installed",
                    hint="free some disk space, or point ARGOS_PACKAGES_DIR elsewhere",
                )
            extract_archive(path, zf, staging, limits)
        check_loadable(path, staging / top)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=root, prefix=temp_prefix("old"))) / top
            os.replace(target, old)
        os.replace(staging / top, target)
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ModelError(f"{path}: corrupt archive ({exc}); nothing installed", hint="download the file again") from exc
    except OSError as exc:
        raise ModelError(
            f"{path}: cannot unpack into {root} ({exc.strerror or exc}); nothing installed",
            hint="check the free space and permissions of the package folder",
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return model_from_folder(target)


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
        index = parse_json(data.decode("utf-8"), name=f"the package index at {url}", error=ModelError)
    except UnicodeDecodeError as exc:
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
    """Download the pair's package from the Argos index and install it.

    Codes are read through the languages table: ``en zh-TW``, ``en ja_JP``,
    ``eng_Latn fra_Latn`` name the Argos pairs ``en→zh``, ``en→ja``, ``en→fr``.
    """
    from_code, to_code = argos_code(from_code), argos_code(to_code)
    index = available_models(timeout=timeout)
    candidates = [p for p in index if p.get("from_code") == from_code and p.get("to_code") == to_code and p.get("links")]
    if not candidates:
        offered = sorted({str(p.get("to_code")) for p in index if p.get("from_code") == from_code and p.get("links")})
        hint = f"the index has {from_code}→{', '.join(offered)} (`mtpipe models list --available --from {from_code}`); " + INSTALL_HINT if offered else INSTALL_HINT
        raise ModelError(f"the package index has no {from_code}→{to_code} package", hint=hint)
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
