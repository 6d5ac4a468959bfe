"""The project file ``mtpipe.toml``: settings a project keeps so every run uses them.

Found upward from the working folder, as ``pyproject.toml`` is (the nearest
one wins), and read with :mod:`tomllib`. It holds option values under the
options' own names; the command line overrides them::

    glossary = ["glossary/terms.csv"]   # --glossary, repeatable
    variants = ["zh-TW"]                 # --variant, repeatable
    out = "translations"                 # --out of translate
    memory = "memory.sqlite3"            # --memory
    select = "article"                   # --select
    engine = "argos"                     # --engine (argos, none or nllb:PATH), and its options:
    beam = 4
    translators = 2
    fuzzy-threshold = 80
    width = 79                           # --width (or no-wrap = true)

Paths are relative to the file's folder, the model folder of
``engine = "nllb:models/nllb-200"`` too. An unknown key, or a value of the
wrong type, is an :class:`~pipeline.errors.InputError` naming the key and
the file. :data:`SETTINGS` is the one table of what the file may hold and
which commands each key applies to.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError

#: The file's name.
PROJECT_FILE = "mtpipe.toml"


@dataclass(frozen=True)
class Setting:
    """One key of the project file: the option it gives a default to, its kind, and the commands that have it."""

    param: str  #: the option's parameter name (``no_memory`` for ``--no-memory``)
    kind: str  #: path, paths, text, texts, variants, integer, number, flag
    commands: tuple[str, ...]  #: command paths, e.g. ``translate`` or ``memory stats``
    choices: tuple[str, ...] = ()  #: the values a text may take (none: any)


#: Every key the project file may hold.
SETTINGS: dict[str, Setting] = {
    "glossary": Setting("glossary", "paths", ("translate", "check", "stats", "glossary find")),
    "variants": Setting("variant", "variants", ("translate", "glossary find")),
    "out": Setting("out", "path", ("translate",)),
    "memory": Setting("memory", "path", ("translate", "memory stats", "memory clear", "memory import")),
    "no-memory": Setting("no_memory", "flag", ("translate",)),
    "select": Setting("select", "text", ("translate",)),
    "engine": Setting("engine", "engine", ("translate",)),
    "offline": Setting("offline", "flag", ("translate",)),
    "beam": Setting("beam", "integer", ("translate",)),
    "translators": Setting("translators", "integer", ("translate",)),
    "cluster": Setting("cluster", "text", ("translate",)),
    "fuzzy-threshold": Setting("fuzzy_threshold", "number", ("translate",)),
    "width": Setting("width", "integer", ("translate",)),
    "no-wrap": Setting("no_wrap", "flag", ("translate",)),
}

_KIND_WORDS = {
    "path": "a path (string)",
    "paths": "a list of paths",
    "text": "a string",
    "texts": "a list of strings",
    "variants": "a list of Chinese variants",
    "integer": "an integer",
    "number": "a number",
    "flag": "true or false",
    "engine": "argos, none or nllb:PATH (a string)",
}


#: The engines ``--engine`` and the ``engine`` key name: ``argos``, ``none``, or a CTranslate2 multilingual
#: model folder as ``nllb:PATH`` (``m2m:PATH``, an M2M-100 one, is read the same way).
ENGINE_KINDS = ("argos", "none")
MODEL_ENGINE_KINDS = ("nllb", "m2m")
ENGINE_HINT = "use argos, none or nllb:PATH (a CTranslate2 NLLB-200 or M2M-100 model folder)"


def parse_engine(value: str, *, base: Path | None = None) -> tuple[str, Path | None]:
    """``argos``, ``none`` or ``nllb:PATH`` → (kind, model folder): kind ``argos``, ``none`` or ``nllb``.

    A relative PATH is taken from *base* (the project file's folder) when given, else from the working folder.
    Anything else is an :class:`~pipeline.errors.InputError`.
    """
    kind, _, path = value.strip().partition(":")
    if kind in ENGINE_KINDS and not path:
        return kind, None
    if kind in MODEL_ENGINE_KINDS and path:
        folder = Path(path).expanduser()
        return "nllb", (base / folder if base is not None and not folder.is_absolute() else folder)
    raise InputError(f"unknown engine {value!r}", hint=ENGINE_HINT)


@dataclass(frozen=True)
class Project:
    """A loaded project file: its path and its values, keyed by the file's keys (paths made absolute)."""

    path: Path
    values: Mapping[str, object] = field(default_factory=dict)

    def defaults_for(self, command: str) -> dict[str, object]:
        """``{parameter name: value}`` of the settings that apply to *command* (``translate``, ``memory stats``)."""
        return {SETTINGS[key].param: value for key, value in self.values.items() if command in SETTINGS[key].commands}


def find_project_file(start: Path) -> Path | None:
    """The nearest ``mtpipe.toml`` in *start* or a folder above it; None if there is none."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def load_project(path: Path) -> Project:
    """Read and check the project file at *path*."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}", hint="fix the line it names") from None
    except OSError as exc:
        raise InputError(f"cannot read project file {path}: {exc.strerror or exc}") from None
    values: dict[str, object] = {}
    for key, value in data.items():
        setting = SETTINGS.get(key)
        if setting is None:
            raise InputError(
                f"unknown key {key!r} in project file {path}",
                hint="the keys are " + ", ".join(SETTINGS),
            )
        values[key] = _checked(key, value, setting.kind, path)
        if setting.choices and values[key] not in setting.choices:
            raise InputError(
                f"key {key!r} in project file {path} must be one of {', '.join(setting.choices)}, not {value!r}"
            )
    return Project(path=path, values=values)


def _checked(key: str, value: object, kind: str, path: Path) -> object:
    folder = path.parent

    def wrong() -> InputError:
        return InputError(
            f"key {key!r} in project file {path} must be {_KIND_WORDS[kind]}, not {value!r}",
            hint=f"e.g. {key} = " + _EXAMPLES[kind],
        )

    if kind in ("path", "text"):
        if not isinstance(value, str) or not value:
            raise wrong()
        return str(folder / value) if kind == "path" else value
    if kind in ("paths", "texts", "variants"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise wrong()
        if kind == "variants":
            from pipeline.languages.variants import resolve

            for item in items:
                try:
                    resolve(item)
                except InputError as exc:
                    raise InputError(f"key {key!r} in project file {path}: {exc.message}", hint=exc.hint) from None
        return [str(folder / v) for v in items] if kind == "paths" else list(items)
    if kind == "engine":
        if not isinstance(value, str) or not value:
            raise wrong()
        try:
            engine, model = parse_engine(value, base=folder)
        except InputError as exc:
            raise InputError(f"key {key!r} in project file {path}: {exc.message}", hint=exc.hint) from None
        return engine if model is None else f"{value.strip().partition(':')[0]}:{model}"
    if kind == "flag":
        if not isinstance(value, bool):
            raise wrong()
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong()
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise wrong()
    return float(value)


_EXAMPLES = {
    "path": '"translations"',
    "paths": '["glossary/terms.csv"]',
    "text": '"article"',
    "texts": '["a", "b"]',
    "variants": '["zh-TW"]',
    "integer": "4",
    "number": "80",
    "flag": "true",
    "engine": '"nllb:models/nllb-200-distilled-600M"',
}
