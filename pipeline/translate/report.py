"""What a translate run did: per-article and run summaries, as objects and as JSON for ``--report``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ArticleReport:
    path: Path
    slug: str = ""
    segments: int = 0
    #: English words in the segments (see :func:`pipeline.qa.stats.count_words`).
    words: int = 0
    #: Segments drafted by the engine in this run.
    drafted: int = 0
    #: Segments drafted from the translation memory.
    from_memory: int = 0
    #: Segments reusing a reviewed translation from another PO file.
    from_po: int = 0
    #: Of ``from_po``: fuzzy matches (a similar sentence's reviewed translation).
    fuzzy: int = 0
    #: Entries whose existing translation the merge kept.
    kept: int = 0
    terms_required: int = 0
    terms_applied: int = 0
    outputs: list[Path] = field(default_factory=list)
    #: Visible text the reader deliberately left untranslated: ``{"line", "reason", "text"}`` each.
    untranslated: list[dict[str, object]] = field(default_factory=list)
    error: str | None = None
    #: The error was in writing the outputs (disk full, read-only), not in the article.
    write_failed: bool = False


@dataclass
class RunReport:
    articles: list[ArticleReport] = field(default_factory=list)
    #: Segments sent to the engine, recovery rounds included (what the memory saves).
    engine_inputs: int = 0
    #: Batched calls the engine made (its own count, :class:`pipeline.translate.engine.EngineStats`).
    engine_calls: int = 0
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False
    #: Seconds spent in each stage: read (read, segment, load POs), draft (memory and engine), write (merge, write).
    timing: dict[str, float] = field(default_factory=lambda: {"read": 0.0, "draft": 0.0, "write": 0.0})
    #: Model identity, decoding options and glossary hash of the drafts (None without engine or glossary).
    model: str | None = None
    engine_options: dict | None = None
    glossary_hash: str | None = None
    #: Inputs that named no article: ``(what was given, why)``.
    missing_inputs: list[tuple[str, str]] = field(default_factory=list)
    #: Where the engine ran, with ``--cluster``: ``{"scheduler": address, "tasks_by_worker": {...}}``.
    cluster: dict | None = None

    def total(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.articles)

    @property
    def failures(self) -> list[ArticleReport]:
        return [a for a in self.articles if a.error]

    @property
    def term_consistency(self) -> float | None:
        required = self.total("terms_required")
        return None if required == 0 else self.total("terms_applied") / required

    def as_dict(self) -> dict:
        """The ``--report`` JSON."""
        data = {
            "articles": len(self.articles),
            "failed": len(self.failures),
            "segments": self.total("segments"),
            "words": self.total("words"),
            "engine_calls": self.engine_calls,
            "engine_inputs": self.engine_inputs,
            "model": self.model,
            "engine_options": self.engine_options,
            "glossary_hash": self.glossary_hash,
            "timing_s": {stage: round(seconds, 3) for stage, seconds in self.timing.items()},
            "drafted": self.total("drafted"),
            "from_memory": self.total("from_memory"),
            "from_po": self.total("from_po"),
            "fuzzy": self.total("fuzzy"),
            "kept": self.total("kept"),
            "terms_required": self.total("terms_required"),
            "terms_applied": self.total("terms_applied"),
            "term_consistency": self.term_consistency,
            "interrupted": self.interrupted,
            "notes": self.notes,
            "untranslated": sum(len(a.untranslated) for a in self.articles),
            "per_article": [
                {
                    "path": str(a.path),
                    "slug": a.slug or None,
                    "segments": a.segments,
                    "words": a.words,
                    "drafted": a.drafted,
                    "from_memory": a.from_memory,
                    "from_po": a.from_po,
                    "fuzzy": a.fuzzy,
                    "kept": a.kept,
                    "terms_required": a.terms_required,
                    "terms_applied": a.terms_applied,
                    "outputs": [str(p) for p in a.outputs],
                    "untranslated": a.untranslated,
                    "error": a.error,
                }
                for a in self.articles
            ],
            "missing_inputs": [{"input": item, "reason": reason} for item, reason in self.missing_inputs],
        }
        if self.cluster is not None:
            data["cluster"] = self.cluster
        return data
