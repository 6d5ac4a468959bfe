"""Front matter of a Markdown document: YAML (``---``), TOML (``+++``) or JSON (``{ … }``), read with real parsers.

The block is kept byte for byte, except the values of the translatable keys
(:data:`FRONT_MATTER_KEYS` by default: ``title``, ``description``,
``summary``) when they are one-line strings: each is a slot, and its
translation is written back escaped for its syntax (:func:`place_front_matter`).
Nothing else of it is ever sent to the engine. PyYAML gives the exact
source span of each value (``yaml.compose``); TOML and JSON values are found
by their key and checked against what :mod:`tomllib` and :mod:`json` read.
A value that cannot be carried safely (a block scalar, escapes, several
lines) is named in a warning and left as it is.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.documents.blocks import BlockKind, Slot

#: Front-matter keys translated by default (``translate --front-matter-key`` chooses others).
FRONT_MATTER_KEYS = ("title", "description", "summary")

_YAML_OPEN = re.compile(r"\A---[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_OPEN = re.compile(r"\A\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    """Where a front matter block ends (0: none), its slots and its warnings."""

    end: int = 0
    slots: list[Slot] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _kind(key: str) -> BlockKind:
    return BlockKind.TITLE if key == "title" else BlockKind.METADATA


def read_front_matter(text: str, keys: Sequence[str] = FRONT_MATTER_KEYS) -> FrontMatter:
    """The front matter at the start of *text* (YAML, TOML or JSON), if any."""
    if _YAML_OPEN.match(text):
        close = _YAML_CLOSE.search(text, text.index("\n") + 1)
        if close is not None:
            return _yaml(text, text.index("\n") + 1, close.start(), close.end(), keys)
    if _TOML_OPEN.match(text):
        close = _TOML_CLOSE.search(text, text.index("\n") + 1)
        if close is not None:
            return _toml(text, text.index("\n") + 1, close.start(), close.end(), keys)
    if text.startswith("{"):
        try:
            data, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            return FrontMatter()
        if isinstance(data, dict):
            return _json(text, end, data, keys)
    return FrontMatter()


def front_matter_data(text: str) -> dict[str, object]:
    """The values of the front matter at the start of *text* (YAML, TOML or JSON) as its parser reads them;
    empty when there is none, or it is not a mapping or not valid."""
    import yaml

    try:
        if _YAML_OPEN.match(text) and (close := _YAML_CLOSE.search(text, text.index("\n") + 1)) is not None:
            data: object = yaml.safe_load(text[text.index("\n") + 1 : close.start()])
        elif _TOML_OPEN.match(text) and (close := _TOML_CLOSE.search(text, text.index("\n") + 1)) is not None:
            data = tomllib.loads(text[text.index("\n") + 1 : close.start()])
        elif text.startswith("{"):
            data = json.JSONDecoder().raw_decode(text)[0]
        else:
            return {}
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
        return {}
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else {}


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _yaml(text: str, start: int, stop: int, end: int, keys: Sequence[str]) -> FrontMatter:
    import yaml

    found = FrontMatter(end=end)
    try:
        root = yaml.compose(text[start:stop], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        found.warnings.append("line 1: the front matter is not valid YAML and is not translated")
        return found
    if not isinstance(root, yaml.MappingNode):
        return found
    for key_node, value in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None or key not in keys or not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str":
            continue
        a, b = start + value.start_mark.index, start + value.end_mark.index
        line = _line(text, a)
        raw = text[a:b]
        if value.style in ("|", ">"):
            slot = _block_scalar(text, a, b, value.value, _kind(key))
            if slot is None:
                found.warnings.append(f"line {line}: front-matter {key} is a block scalar and is not translated")
            else:
                found.slots.append(slot)
        elif "\n" in raw:
            found.warnings.append(f"line {line}: front-matter {key} is not a one-line string and is not translated")
        elif value.style == '"':
            if "\\" in raw:
                found.warnings.append(f"line {line}: front-matter {key} has escapes and is not translated")
            else:
                found.slots.append(Slot(a + 1, b - 1, value.value, _kind(key), line, escape="yaml-double", level=1))
        elif value.style == "'":
            found.slots.append(Slot(a + 1, b - 1, value.value, _kind(key), line, escape="yaml-single", level=1))
        elif value.value:
            found.slots.append(Slot(a, b, value.value, _kind(key), line, escape="yaml-plain", level=1))
    return found


def _block_scalar(text: str, a: int, b: int, value: str, kind: BlockKind) -> Slot | None:
    """A ``|`` or ``>`` block scalar's content lines as a slot (each further line of a translation gets its indentation)."""
    first = text.find("\n", a) + 1  # the content starts on the line after the indicator
    lines = text[first:b].rstrip().split("\n")
    indents = {len(line) - len(line.lstrip(" ")) for line in lines if line.strip()}
    if not first or len(indents) != 1:
        return None  # nested indentation (a literal block of code, a list): kept as it is
    indent = " " * indents.pop()
    start = first + len(indent)
    end = first + len(text[first:b].rstrip())
    body = value.rstrip("\n")
    if "\n\n" in body:
        return None  # several paragraphs
    return Slot(start, end, body, kind, _line(text, start), escape="yaml-block", level=1, prefixes=(indent,))


def _toml(text: str, start: int, stop: int, end: int, keys: Sequence[str]) -> FrontMatter:
    found = FrontMatter(end=end)
    block = text[start:stop]
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        found.warnings.append("line 1: the front matter is not valid TOML and is not translated")
        return found
    table = re.search(r"^[ \t]*\[", block, re.MULTILINE)  # keys after a [table] header are not top-level
    top = block[: table.start()] if table else block
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        m = re.search(rf"""^[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*(?:#.*)?$""", top, re.MULTILINE)
        a = start + (m.start(1) if m else 0)
        if m is None or tomllib.loads(f"v = {m.group(1)}")["v"] != value:
            found.warnings.append(f"line {_line(text, a)}: front-matter {key} is not a one-line string and is not translated")
            continue
        found.slots.append(Slot(a, a + len(m.group(1)), value, _kind(key), _line(text, a), escape="toml", level=1))
    return found


def _json(text: str, end: int, data: dict[str, object], keys: Sequence[str]) -> FrontMatter:
    found = FrontMatter(end=end)
    block = text[:end]
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        m = re.search(rf'"{re.escape(key)}"\s*:\s*("(?:[^"\\\n]|\\.)*")', block)
        if m is None or json.loads(m.group(1)) != value:
            continue
        a = m.start(1) + 1  # inside the quotes
        found.slots.append(Slot(a, m.end(1) - 1, value, _kind(key), _line(text, a), escape="json", level=1))
    return found


# -------------------------------------------------------------------------- placing


def _yaml_needs_quotes(value: str) -> bool:
    return (
        not value
        or value != value.strip()
        or value[0] in "!&*?|>'\"%@`#,[]{}-:"
        or ": " in value
        or " #" in value
        or "\n" in value
    )


#: The escapes of front-matter slots (:func:`place_front_matter`).
ESCAPES = frozenset({"yaml-plain", "yaml-double", "yaml-single", "yaml-block", "toml", "json"})


def place_front_matter(slot: Slot, translation: str) -> str:
    """A front-matter value's translation, escaped for its syntax (a TOML value gets its quotes)."""
    esc = slot.escape
    if esc == "yaml-block":
        indent = slot.prefixes[0] if slot.prefixes else "  "
        return ("\n" + indent).join(line.strip() for line in translation.strip().split("\n"))
    one = translation.replace("\n", " ")
    if esc == "yaml-double":
        return one.replace("\\", "\\\\").replace('"', '\\"')
    if esc == "yaml-single":
        return one.replace("'", "''")
    if esc == "toml":
        return json.dumps(one, ensure_ascii=False)  # a TOML basic string is a JSON string
    if esc == "json":
        return json.dumps(one, ensure_ascii=False)[1:-1]
    if _yaml_needs_quotes(one):
        return '"' + one.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return one
