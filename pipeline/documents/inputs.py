"""Command-line inputs: files, folders (searched recursively) and glob patterns, expanded to files."""

from __future__ import annotations

import glob
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.documents.formats import FORMATS, article_suffixes
from pipeline.errors import InputError


@dataclass(frozen=True)
class Inputs:
    paths: tuple[Path, ...]
    #: Inputs that matched nothing: (input, reason).
    missing: tuple[tuple[str, str], ...]


def expand_inputs(items: Sequence[str | Path], *, suffixes: Collection[str] | None = None) -> Inputs:
    """Files as given; folders recursively (files ending in *suffixes*); glob patterns expanded.

    Each path appears once, in the order found; a folder's files are sorted.
    A file given explicitly is kept whatever its suffix (it is validated when
    read); a folder given explicitly contributes only files with *suffixes*
    (articles of every format by default, ``{".po"}`` for ``build``).
    """
    articles = suffixes is None
    wanted = article_suffixes() if suffixes is None else suffixes
    kinds = " or ".join(sorted(wanted))
    found: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    for item in items:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in wanted and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                missing.append((text, _no_articles() if articles else f"folder has no {kinds} files"))
            found.update(dict.fromkeys(files))
        elif path.exists() or path.is_symlink():
            found[path] = None  # validated when read (a broken link or a loop is named as such)
        elif not glob.has_magic(text):
            missing.append((text, "no such file"))
        else:
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                missing.append((text, "pattern matched no files"))
            found.update(dict.fromkeys(matches))
    return Inputs(paths=tuple(found), missing=tuple(missing))


def _no_articles() -> str:
    """``folder has no .txt, .md or .html articles``: each format's first suffix."""
    firsts = [f.suffixes[0] for f in FORMATS if f.suffixes]
    listed = ", ".join(firsts[:-1]) + " or " + firsts[-1] if len(firsts) > 1 else "".join(firsts)
    return f"folder has no {listed} articles"


def po_files(items: Sequence[str | Path]) -> list[Path]:
    """PO files as given, folders searched recursively for ``*.po``, glob patterns expanded.

    :class:`InputError` for the first item that names nothing, or when nothing is found.
    """
    inputs = expand_inputs(items, suffixes={".po"})
    if inputs.missing:
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="give PO files or folders of translations")
    if not inputs.paths:
        raise InputError("no PO files given", hint="give PO files or folders")
    return list(inputs.paths)
