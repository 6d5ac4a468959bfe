"""TMX 1.4b: export reviewed pairs, import a publisher's memory into reuse.

Export writes one ``<tu>`` per distinct reviewed pair (msgstr, not fuzzy) of
the PO files given, ``xml:lang="en"`` for the source and the PO's language
as a BCP 47 tag (``zh-Hans``, ``zh-TW``) for the target, and the entry's
msgctxt as ``<prop type="x-context">`` (as Translate Toolkit's ``po2tmx``
writes it). Inline markup (a Markdown article's marks and link syntax, an
HTML article's tags) becomes ``<ph type="x-mtpipe-markup">`` codes whose
content is the markup (read back as text by mtpipe; another tool sees a
tag), and a character XML cannot carry (form feed, escape) a ``<ph
type="x-control">`` code naming it.

Import reads TMX written by other tools: language tags in any spelling
(``zh-CN``, ``ZH-TW``, ``zh_Hans``, ``zh-CHT``, ``zho-CN``; see
:mod:`pipeline.interchange.langtags`; Cantonese ``zh-yue`` is not a variant
mtpipe writes and is skipped), entities and character references in
``<seg>``, inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``:
the other tool's formatting, dropped; ``<hi>``: its text kept). A
standalone code (``<ph>``, ``<it>``, ``<ut>``: a line break, an image)
between two words leaves a space, so they are not glued ("This is a", not
"This isa"); paired formatting (``<bpt>``/``<ept>``) may sit inside a word
and leaves nothing. Each English→Chinese pair is stored in the translation
memory (:meth:`pipeline.memory.TranslationMemory.store_imported`) for its
variant; ``translate`` reuses a pair whose source is an article sentence as
a fuzzy draft with a ``memory: reused from <file> (TMX)`` note.

The file is streamed (:func:`pipeline.interchange.xmlsafe.iter_elements`):
memory holds one chunk of units, never the whole tree, so a 400k-unit TMX
imports in bounded memory. It is read twice: once to check all of it (a
damaged file stores nothing), once to store it in one transaction. Parsing
is safe: no external entity is fetched, no entity declared, and a FIFO or
device is refused before it is opened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__
from pipeline.catalog import load_catalog
from pipeline.errors import InputError
from pipeline.fsutil import check_writable_file, open_input
from pipeline.interchange.codes import code_content, markup_finder
from pipeline.interchange.langtags import chinese_variant, is_english
from pipeline.interchange.xmlsafe import ExportResult, XNode, describe_char, illegal_xml_spans, iter_elements, write_xml_file, xml_attr, xml_text

__all__ = ["TmxPair", "dumps_tmx", "export_tmx", "import_tmx", "read_tmx", "tmx_variant"]

SOURCE_LANG = "en"
#: Inline codes whose content is another tool's native formatting.
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
#: ``type`` of the ``<ph>`` codes mtpipe writes for inline markup; their content is the markup.
MARKUP_CODE = "x-mtpipe-markup"
#: Codes that stand alone (a line break, an image): between two words they leave a space.
_STANDALONE = frozenset({"ph", "it", "ut"})
#: Where a standalone code sat, until it is known whether it separates two words.
_GAP = "\x00"
#: A character of a script that separates words with spaces: not a space, not CJK.
_SPACED = r"[^\s\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_GAP_RE = re.compile(f"(?<={_SPACED}){_GAP}+(?={_SPACED})")
_HINT = "give a TMX file with English source and Chinese target segments; nothing was imported"


def tmx_variant(lang: str) -> str | None:
    """The output variant a TMX language tag stands for (``zh-CN`` → ``zh-Hans``,
    ``ZH-TW`` → ``zh-TW``, ``zh-CHT`` → ``zh-Hant``); None when it is not written
    Mandarin Chinese (another language, Cantonese ``zh-yue``)."""
    return chinese_variant(lang)


@dataclass(frozen=True)
class TmxPair:
    source: str
    target: str
    variant: str
    line: int = 0
    context: str = ""
    #: Inline markup of the source and target (Markdown marks, HTML tags), written as codes.
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()


# --------------------------------------------------------------------------- export


def _seg(text: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    """*text* as ``<seg>`` content: inline markup becomes ``<ph type="x-mtpipe-markup">``
    codes (their content is the markup itself, read back as text), a character XML
    cannot carry a ``<ph type="x-control">`` naming it."""
    found = sorted({*spans, *((a, b) for a, b in illegal_xml_spans(text) if not any(x <= a < y for x, y in spans))})
    out: list[str] = []
    cursor = 0
    for start, end in found:
        out.append(xml_text(text[cursor:start]))
        code = text[start:end]
        if end - start == 1 and illegal_xml_spans(code):
            out.append(f'<ph type="x-control">{describe_char(code)}</ph>')
        else:
            out.append(f'<ph type="{MARKUP_CODE}">{code_content(code)}</ph>')
        cursor = end
    out.append(xml_text(text[cursor:]))
    return "".join(out)


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
        if pair.context:
            out.append(f'      <prop type="x-context">{_seg(pair.context)}</prop>')
        out.append(f'      <tuv xml:lang="{SOURCE_LANG}"><seg>{_seg(pair.source, pair.source_spans)}</seg></tuv>')
        out.append(f"      <tuv xml:lang={xml_attr(pair.variant)}><seg>{_seg(pair.target, pair.target_spans)}</seg></tuv>")
        out.append("    </tu>")
    out += ["  </body>", "</tmx>"]
    return "\n".join(out) + "\n"


def export_tmx(*, po_paths: Sequence[Path], out: Path) -> ExportResult:
    """Write the distinct reviewed pairs of *po_paths* to *out* as TMX 1.4b."""
    check_writable_file(out, what="--to")
    pairs: dict[tuple[str, str, str], TmxPair] = {}
    for path in po_paths:
        catalog = load_catalog(path)
        find = markup_finder(catalog)
        variant = tmx_variant(catalog.language)
        if variant is None:
            raise InputError(f"{path}: Language {catalog.language!r} is not Chinese", hint="give the Chinese PO files of a project")
        lang = catalog.language.replace("_", "-")
        for entry in catalog.active:
            if entry.translated:
                key = (entry.msgid, entry.msgstr, lang)
                if key not in pairs:
                    source_spans, target_spans = tuple(find(entry.msgid)), tuple(find(entry.msgstr))
                    pairs[key] = TmxPair(entry.msgid, entry.msgstr, lang, context=entry.msgctxt, source_spans=source_spans, target_spans=target_spans)
    write_xml_file(out, lambda: dumps_tmx(list(pairs.values())), hint="fix the PO file's Language header")
    return ExportResult(out=Path(out), files=len(po_paths), units=len(pairs))


# --------------------------------------------------------------------------- import


def _seg_text(node: XNode) -> str:
    parts: list[str] = []
    for child in node.children:
        if child.tag == "#text":
            parts.append(child.text)
        elif child.tag == "ph" and child.attrs.get("type") == MARKUP_CODE:
            parts.append(child.itertext())  # mtpipe's own code: the markup itself
        elif child.tag in _STANDALONE:
            parts.append(_GAP)
        elif child.tag not in _CODES:
            parts.append(_seg_text(child))
    text = "".join(parts)
    if node.tag != "seg":
        return text
    return " ".join(_GAP_RE.sub(" ", text).replace(_GAP, "").split())


def _lang(node: XNode, default: str = "") -> str:
    return node.attrs.get("xml:lang") or node.attrs.get("lang") or default


@dataclass
class _Tally:
    pairs: int = 0
    skipped: int = 0
    langs: Counter[str] = field(default_factory=Counter)
    srclang: str = ""
    header_line: int = 0


def _iter_tmx(path: Path, tally: _Tally) -> Iterator[TmxPair]:
    """Stream the English→Chinese pairs of TMX *path*, counting into *tally*;
    :class:`InputError` at the end when there was none."""
    roots: list[XNode] = []
    with open_input(path, what="TMX file", hint=_HINT) as fh:
        for tu in iter_elements(fh, tag="tu", name=path, kind="TMX", error=InputError, hint=_HINT, root=roots):
            if roots[0].tag != "tmx":
                break
            english = ""
            targets: dict[str, str] = {}
            context = ""
            for prop in tu.elements("prop"):
                if prop.attrs.get("type") == "x-context":
                    context = prop.itertext()
            for tuv in tu.elements("tuv"):
                seg = tuv.child("seg")
                lang = _lang(tuv)
                tally.langs[lang] += 1
                if seg is None:
                    continue
                text = _seg_text(seg)
                if is_english(lang):
                    english = english or text
                elif (variant := tmx_variant(lang)) is not None:
                    targets.setdefault(variant, text)
            found = [TmxPair(english, target, variant, tu.line, context) for variant, target in targets.items() if target] if english else []
            if found:
                tally.pairs += len(found)
                yield from found
            else:
                tally.skipped += 1
    root = roots[0] if roots else None
    if root is not None and root.tag != "tmx":
        raise InputError(f"{path}:{root.line}: not a TMX file (root element <{root.tag}>)", hint=_HINT)
    header = root.child("header") if root is not None else None
    tally.srclang = header.attrs.get("srclang", "") if header is not None else ""
    if not tally.pairs:
        found_langs = ", ".join(sorted(tally.langs)) or "none"
        line = header.line if header is not None else root.line if root is not None else 1
        raise InputError(
            f"{path}:{line}: no English→Chinese pairs (source language {tally.srclang or '?'}; languages found: {found_langs})",
            hint=_HINT,
        )


def read_tmx(path: Path) -> tuple[list[TmxPair], int]:
    """English→Chinese pairs of TMX *path* and the number of ``<tu>`` without one.

    :class:`InputError` naming the file and line when the XML is not
    well-formed or unsafe, the root is not ``<tmx>``, no unit pairs English
    with Chinese (another language pair), or the path is not a regular file.
    """
    tally = _Tally()
    pairs = list(_iter_tmx(Path(path), tally))
    return pairs, tally.skipped


@dataclass
class TmxImport:
    path: Path
    memory: Path
    pairs: int = 0
    skipped: int = 0
    by_variant: dict[str, int] = field(default_factory=dict)


def import_tmx(*, path: Path, memory_path: Path | None = None) -> TmxImport:
    """Store the English→Chinese pairs of *path* in the translation memory at *memory_path*
    (default: the user's), streaming. The whole file is checked first (nothing is
    stored from a damaged file), then stored in one transaction."""
    from pipeline.memory import TranslationMemory

    path = Path(path)
    check = _Tally()
    for _ in _iter_tmx(path, check):
        pass
    memory_path = Path(memory_path).expanduser() if memory_path is not None else TranslationMemory.default_path()
    by_variant: Counter[str] = Counter()

    def pairs() -> Iterator[tuple[str, str, str]]:
        for pair in _iter_tmx(path, _Tally()):
            by_variant[pair.variant] += 1
            yield pair.source, pair.variant, pair.target

    with TranslationMemory(memory_path) as memory:
        memory.store_imported(pairs(), origin=f"{path.name} (TMX)")
    return TmxImport(path=path, memory=memory_path, pairs=check.pairs, skipped=check.skipped, by_variant=dict(by_variant))
