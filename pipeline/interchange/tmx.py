"""TMX 1.4b: export reviewed pairs, import a publisher's memory into reuse.

Export writes one ``<tu>`` per distinct reviewed pair (msgstr, not fuzzy) of
the PO files given, ``xml:lang="en"`` for the source and the PO's language
as a BCP 47 tag (``zh-Hans``, ``zh-TW``) for the target; segments are plain
text (TMX level 1), as the PO holds them.

Import reads TMX written by other tools: language tags in any spelling
(``zh-CN``, ``ZH-TW``, ``zh_Hans``; see :func:`pipeline.languages.variants.resolve`),
entities and character references in ``<seg>``, inline codes (``<bpt>``,
``<ept>``, ``<ph>``, ``<it>``, ``<ut>``: the other tool's formatting, dropped;
``<hi>``: its text kept). Each English→Chinese pair is stored in the
translation memory (:meth:`pipeline.memory.TranslationMemory.store_imported`);
``translate`` then reuses a pair whose source is an article sentence as a
fuzzy draft with a ``memory: reused from <file> (TMX)`` note. Parsing is safe
(:mod:`pipeline.interchange.xmlsafe`): no external entity is fetched, no entity declared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.catalog import load_catalog
from pipeline.errors import InputError
from pipeline.fsutil import atomic_write_text, check_writable_file
from pipeline.interchange.xmlsafe import XNode, parse_xml, xml_attr, xml_text

__all__ = ["TmxPair", "dumps_tmx", "export_tmx", "import_tmx", "read_tmx", "tmx_variant"]

SOURCE_LANG = "en"
#: Inline codes whose content is another tool's native formatting.
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
_HINT = "give a TMX file with English source and Chinese target segments; nothing was imported"


def tmx_variant(lang: str) -> str | None:
    """The output variant a TMX language tag stands for (``zh-CN`` → ``zh-Hans``,
    ``ZH-TW`` → ``zh-TW``); None when it is not Chinese."""
    from pipeline.languages.variants import find

    known = find(lang)
    if known is None and lang.strip().replace("_", "-").lower().split("-")[0] == "zh":
        return "zh-Hans"  # another zh region (zh-SG-x-...): Simplified unless the table says otherwise
    return known.code if known is not None else None


def _is_english(lang: str) -> bool:
    return lang.strip().replace("_", "-").split("-")[0].lower() == SOURCE_LANG


@dataclass(frozen=True)
class TmxPair:
    source: str
    target: str
    variant: str
    line: int = 0


# --------------------------------------------------------------------------- export


def dumps_tmx(pairs: Sequence[TmxPair], *, now: str | None = None) -> str:
    """TMX 1.4b text for *pairs*."""
    now = now or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="mtpipe" creationtoolversion={xml_attr(__version__)} datatype="plaintext" '
        f'segtype="sentence" adminlang="en" srclang="{SOURCE_LANG}" o-tmf="mtpipe" creationdate="{now}"/>',
        "  <body>",
    ]
    for pair in pairs:
        out.append("    <tu>")
        out.append(f'      <tuv xml:lang="{SOURCE_LANG}"><seg>{xml_text(pair.source)}</seg></tuv>')
        out.append(f"      <tuv xml:lang={xml_attr(pair.variant)}><seg>{xml_text(pair.target)}</seg></tuv>")
        out.append("    </tu>")
    out += ["  </body>", "</tmx>"]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class TmxExport:
    out: Path
    files: int
    pairs: int


def export_tmx(*, po_paths: Sequence[Path], out: Path) -> TmxExport:
    """Write the distinct reviewed pairs of *po_paths* to *out* as TMX 1.4b."""
    check_writable_file(out, what="--to")
    pairs: dict[tuple[str, str, str], None] = {}
    for path in po_paths:
        catalog = load_catalog(path)
        variant = tmx_variant(catalog.language)
        if variant is None:
            raise InputError(f"{path}: Language {catalog.language!r} is not Chinese", hint="give the Chinese PO files of a project")
        lang = catalog.language.replace("_", "-")
        for entry in catalog.active:
            if entry.translated:
                pairs.setdefault((entry.msgid, entry.msgstr, lang), None)
    atomic_write_text(out, dumps_tmx([TmxPair(s, t, lang) for s, t, lang in pairs]))
    return TmxExport(out=Path(out), files=len(po_paths), pairs=len(pairs))


# --------------------------------------------------------------------------- import


def _seg_text(node: XNode) -> str:
    parts: list[str] = []
    for child in node.children:
        if child.tag == "#text":
            parts.append(child.text)
        elif child.tag not in _CODES:
            parts.append(_seg_text(child))
    return " ".join("".join(parts).split()) if node.tag == "seg" else "".join(parts)


def _lang(node: XNode, default: str = "") -> str:
    return node.attrs.get("xml:lang") or node.attrs.get("lang") or default


def read_tmx(path: Path) -> tuple[list[TmxPair], int]:
    """English→Chinese pairs of TMX *path* and the number of ``<tu>`` without one.

    :class:`InputError` naming the file and line when the XML is not
    well-formed or unsafe, the root is not ``<tmx>``, or no unit pairs
    English with Chinese (another language pair).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", hint="check the path") from exc
    root = parse_xml(data, name=path, kind="TMX", error=InputError, hint=_HINT)
    if root.tag != "tmx":
        raise InputError(f"{path}:{root.line}: not a TMX file (root element <{root.tag}>)", hint=_HINT)
    header = root.child("header")
    srclang = header.attrs.get("srclang", "") if header is not None else ""
    pairs: list[TmxPair] = []
    skipped = 0
    langs: Counter[str] = Counter()
    for tu in root.iter("tu"):
        english = ""
        targets: dict[str, str] = {}
        for tuv in tu.elements("tuv"):
            seg = tuv.child("seg")
            lang = _lang(tuv)
            langs[lang] += 1
            if seg is None:
                continue
            text = _seg_text(seg)
            if _is_english(lang):
                english = english or text
            elif (variant := tmx_variant(lang)) is not None:
                targets.setdefault(variant, text)
        if english and targets:
            pairs.extend(TmxPair(english, target, variant, tu.line) for variant, target in targets.items() if target)
        else:
            skipped += 1
    if not pairs:
        found = ", ".join(sorted(langs)) or "none"
        line = header.line if header is not None else root.line
        raise InputError(
            f"{path}:{line}: no English→Chinese pairs (source language {srclang or '?'}; languages found: {found})",
            hint=_HINT,
        )
    return pairs, skipped


@dataclass
class TmxImport:
    path: Path
    memory: Path
    pairs: int = 0
    skipped: int = 0
    by_variant: dict[str, int] = field(default_factory=dict)


def import_tmx(*, path: Path, memory_path: Path | None = None) -> TmxImport:
    """Store the English→Chinese pairs of *path* in the translation memory at *memory_path*
    (default: the user's). The file is read completely before anything is stored."""
    from pipeline.memory import TranslationMemory

    pairs, skipped = read_tmx(path)
    memory_path = Path(memory_path).expanduser() if memory_path is not None else TranslationMemory.default_path()
    with TranslationMemory(memory_path) as memory:
        memory.store_imported([(p.source, p.variant, p.target) for p in pairs], origin=f"{Path(path).name} (TMX)")
    return TmxImport(
        path=Path(path),
        memory=memory_path,
        pairs=len(pairs),
        skipped=skipped,
        by_variant=dict(Counter(p.variant for p in pairs)),
    )
