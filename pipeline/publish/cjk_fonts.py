"""Finds the installed CJK font of a variant and subsets it for embedding in an EPUB."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.languages.variants import Variant


@dataclass(frozen=True)
class EmbeddedFont:
    family: str  #: the font family the book's CSS names
    weight: int
    data: bytes  #: OpenType (CFF) subset
    original: str  #: the system font it was cut from


def _fc_match(family: str, weight: str) -> tuple[Path, int] | None:
    """The file and face index fontconfig has for *family* at *weight*, if it really is that family."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        proc = subprocess.run(
            [fc_match, "-f", "%{file}|%{index}|%{family}", f"{family}:weight={weight}"],
            capture_output=True, text=True, timeout=20, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = proc.stdout.split("|", 2)
    if proc.returncode != 0 or len(parts) != 3 or family not in [f.strip() for f in parts[2].split(",")]:
        return None
    try:
        return Path(parts[0]), int(parts[1] or 0)
    except ValueError:
        return None


def find_cjk_font(variant: Variant, *, bold: bool = False) -> tuple[str, Path, int] | None:
    """The first family of the variant's stack installed here: (family, file, face index)."""
    for family in variant.fonts:
        found = _fc_match(family, "bold" if bold else "regular")
        if found is not None and found[0].suffix.lower() in (".otf", ".ttf", ".ttc", ".otc"):
            return family, found[0], found[1]
    return None


def subset_font(path: Path, index: int, text: str) -> bytes:
    """The face *index* of *path*, cut down to the glyphs of *text* (layout features kept)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # vert/vrt2 for vertical text, locl for the variant's glyph forms
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    with TTFont(str(path), fontNumber=index, lazy=False) as font:
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def embedded_fonts(variant: Variant, text: str) -> list[EmbeddedFont]:
    """Regular (and bold, when installed) CJK font subsets for *text*; InputError when none is installed."""
    chars = "".join(sorted(set(text) | set("。，、；：？！「」『』“”‘’（）《》〈〉—…·")))
    fonts: list[EmbeddedFont] = []
    for weight in (400, 700):
        found = find_cjk_font(variant, bold=weight == 700)
        if found is None:
            if weight == 400:
                raise InputError(
                    f"--embed-fonts: none of the {variant.code} fonts is installed ({', '.join(variant.fonts[:2])}, ...)",
                    hint="install Noto CJK (apt-get install fonts-noto-cjk), or leave out --embed-fonts to reference the fonts by name",
                )
            continue
        family, path, index = found
        if weight == 700 and fonts and fonts[0].original == f"{path}#{index}":
            continue  # no bold face: the regular one is synthesised bold by the reader
        fonts.append(EmbeddedFont(family, weight, subset_font(path, index, chars), f"{path}#{index}"))
    return fonts
