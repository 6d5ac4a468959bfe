"""Untrusted ``.argosmodel`` archives: check them, unpack them safely, and load the model once.

Everything here treats the archive as hostile. :func:`validate_archive` reads
only the zip's central directory and ``metadata.json``: paths, symbolic links,
declared sizes and compression ratios (:class:`ArchiveLimits`), one top
folder whose ``translate-FROM_TO`` name agrees with the metadata.
:func:`extract_archive` streams each member with a byte budget, never through
a link; :func:`check_loadable` loads the unpacked model with CTranslate2.
:func:`pipeline.models.packages.install_from_file` puts them together.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import ModelError
from pipeline.fsutil import check_input, parse_json

#: Most bytes an archive may unpack to (the largest Argos packages unpack to well under 1 GiB).
MAX_UNPACKED_BYTES = 2 << 30
#: Highest compression ratio a member over :data:`RATIO_FLOOR` bytes may have.
#: Real models compress about 1.1:1 (the built-in test models, mostly zeros, 64:1
#: and 239:1 for the BPE one); zip bombs compress 870:1 (1.2 MB to 1 GiB) up to
#: deflate's limit of about 1,030:1.
MAX_COMPRESSION_RATIO = 500
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
                f"{path}: the archive unpacks to more than {mib(limits.max_bytes)} "
                f"(member {name!r} alone declares {mib(size)}); refused as a possible zip bomb",
                hint="use a package from the Argos index",
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise ModelError(
                f"{path}: member {name!r} is compressed {size / max(info.compress_size, 1):,.0f}:1 "
                f"({mib(size)} from {info.compress_size:,} bytes); refused as a possible zip bomb",
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


def mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def check_folder_name(path: Path, top: str, meta: dict) -> None:
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


#: What the metadata fields mtpipe reads may hold: language codes and a version, short and plain.
_METADATA_FIELDS = {
    "from_code": re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}"),
    "to_code": re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}"),
    "package_version": re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]{0,63}"),
    "argos_version": re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]{0,63}"),
}


def check_metadata(path: Path, meta: dict) -> None:
    """Refuse metadata whose codes or versions are not short plain strings.

    A ``package_version`` of 4,300 digits once installed, and every later
    ``translate`` died comparing versions (Python's integer-string limit).
    """
    for key, pattern in _METADATA_FIELDS.items():
        value = meta.get(key)
        if value is None or (key.endswith("_version") and value == ""):
            continue
        if not isinstance(value, str) or not pattern.fullmatch(value):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            raise ModelError(
                f"{path}: metadata.json has an invalid {key} {shown}; not an Argos package",
                hint="use a package from the Argos index, or fix its metadata.json",
            )


def validate_archive(path: Path, *, limits: ArchiveLimits | None = None) -> tuple[str, dict]:
    """Check an ``.argosmodel`` file; returns its top folder name and metadata.

    Only the central directory and ``metadata.json`` are read: no member is
    inflated here (see :func:`install_from_file` for the checks while extracting).
    """
    path = Path(path)
    limits = limits or ArchiveLimits()
    if not os.path.lexists(path):
        raise ModelError(f"{path}: no such model file", hint="give the path of an .argosmodel file")
    check_input(path, what="model file", error=ModelError, hint="give the path of an .argosmodel file")
    if not zipfile.is_zipfile(path):
        raise ModelError(
            f"{path} is not an Argos model (not a zip archive)", hint="download the .argosmodel file again"
        )
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
                text = zf.read(f"{top}/metadata.json").decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from exc
            meta = parse_json(text, name=f"{path}: metadata.json", error=ModelError)
            if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
                raise ModelError(f"{path}: metadata.json must name from_code and to_code")
            check_metadata(path, meta)
            check_folder_name(path, top, meta)
            if f"{top}/model/model.bin" not in names:
                raise ModelError(f"{path}: no CTranslate2 model ({top}/model/model.bin) in the archive")
            if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
                raise ModelError(f"{path}: no tokenizer (sentencepiece.model or bpe.model) in the archive")
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{path} is not a readable zip archive ({exc})") from exc
    return top, meta


def extract_archive(path: Path, zf: zipfile.ZipFile, staging: Path, limits: ArchiveLimits) -> None:
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
                        f"the archive's budget of {mib(limits.max_bytes)}"
                    )
                    raise ModelError(
                        f"{path}: member {info.filename!r} inflates past {limit}; refused as a possible zip bomb",
                        hint="use a package from the Argos index",
                    )
                sink.write(chunk)


def check_loadable(path: Path, folder: Path) -> None:
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
