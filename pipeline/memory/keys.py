"""Translation-memory keys: :class:`DraftContext`, the record values, and the key recipe.

An entry is keyed by everything that decides the engine's output:

* the source sentence, normalised (Unicode NFC, runs of whitespace collapsed to
  one space, ends stripped; quotes, dashes and case are kept, since they change
  meaning);
* the model identity (package name and version, a string the engine gives);
* the decoding options (beam size, compute type, ...) as canonical JSON;
* the glossary content hash (``''`` when there is no glossary);
* the output variant (``zh-Hans``, ``zh-Hant``, ...).

The primary key is the SHA-256 of those parts, so changing any one of them
misses exactly the entries it should, and nothing else.  The readable parts are
stored beside the key for ``stats`` and ``clear --model``.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


#: Bumped if the key recipe (normalisation, parts) ever changes.
_KEY_VERSION = "mtpipe-tm-1"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class DraftContext:
    """Everything besides the source text that decides a machine draft.

    One object, two uses: the translation memory's key (with the source
    text), and the PO header ``X-MT-Context`` (:attr:`fingerprint`), whose
    change makes a run re-translate the drafts nobody touched.
    """

    model: str
    options: Mapping[str, object] = field(default_factory=dict)
    glossary_hash: str = ""
    variant: str = "zh-Hans"

    def __post_init__(self) -> None:
        self.options_json  # noqa: B018 - fail early on options JSON cannot hold

    @property
    def options_json(self) -> str:
        """The decoding options as canonical JSON (sorted keys, no spaces)."""
        try:
            return json.dumps(
                dict(self.options), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
        except (TypeError, ValueError) as exc:
            raise TypeError(f"memory context options must be JSON values: {exc}") from None

    @property
    def fingerprint(self) -> str:
        """A short hash of model, options and glossary: the ``X-MT-Context`` header value.

        The variant is left out: every variant's drafts derive from the same
        Simplified drafts.
        """
        parts = [self.model, dict(self.options), self.glossary_hash]
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MemoryRecord:
    """What the memory keeps for one source sentence."""

    target: str
    notes: tuple[str, ...] = ()
    complete: bool = True  #: every glossary term was applied


@dataclass(frozen=True)
class MemoryHit(MemoryRecord):
    """A record found by :meth:`TranslationMemory.lookup_many`."""

    hits: int = 0  #: times this entry has been reused, this lookup included


@dataclass(frozen=True)
class MemoryStats:
    """A summary of one memory database."""

    path: Path
    entries: int = 0
    hits: int = 0  #: total reuses over all entries
    incomplete: int = 0  #: entries where some glossary term was not applied
    size_bytes: int = 0  #: database file plus its write-ahead log
    by_model: Mapping[str, int] = field(default_factory=dict)
    by_variant: Mapping[str, int] = field(default_factory=dict)
    #: pairs imported from TMX (``mtpipe memory import``), by variant
    imported: Mapping[str, int] = field(default_factory=dict)
    oldest: float | None = None  #: creation time of the oldest entry (Unix seconds)
    last_used: float | None = None  #: most recent store or hit (Unix seconds)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (timestamps as ISO 8601 UTC)."""
        return {
            "path": str(self.path),
            "entries": self.entries,
            "hits": self.hits,
            "incomplete": self.incomplete,
            "size_bytes": self.size_bytes,
            "by_model": dict(self.by_model),
            "by_variant": dict(self.by_variant),
            "imported": dict(self.imported),
            "oldest": _iso(self.oldest),
            "last_used": _iso(self.last_used),
        }


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- keys


def normalize_source(text: str) -> str:
    """The form of *text* the memory is keyed on: NFC, whitespace collapsed, ends stripped.

    Only whitespace and Unicode composition are normalised: quotes, dashes,
    case and punctuation all change what the engine produces, so they stay.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def memory_key(source: str, context: DraftContext) -> str:
    """The entry key (SHA-256 hex) of *source* under *context*."""
    return normalized_key(normalize_source(source), context, context.options_json)


def normalized_key(normalized: str, context: DraftContext, options_json: str) -> str:
    """The memory key of an already normalized source (see :func:`memory_key`)."""
    parts = [
        _KEY_VERSION,
        normalized,
        context.model,
        options_json,
        context.glossary_hash,
        context.variant,
    ]
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()

