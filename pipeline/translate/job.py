"""One article on its way through a translate run: what was read, what needs drafting, what it produced."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.documents.article import Article, Segment
from pipeline.documents.blocks import DocumentFormat
from pipeline.catalog import Catalog, Entry
from pipeline.catalog.notes import IdMarks
from pipeline.translate.report import ArticleReport

#: Protected character spans of a segment (inline markup: link URLs, code).
Spans = Sequence[tuple[int, int]]


class MarkupSpans(Mapping[str, Spans]):
    """The inline markup of each segment text of a Markdown or HTML article, found when first asked for.

    Only the engine, glossary notes and variant conversion need it: a run
    with none of them never parses a sentence for it.
    """

    def __init__(self, document: DocumentFormat, texts: Iterable[str], references: Mapping[str, Mapping[str, object]]) -> None:
        self._document = document
        self._references = references
        self._found: dict[str, Spans | None] = dict.fromkeys(texts)

    def __getitem__(self, text: str) -> Spans:
        spans = self._found[text]  # KeyError for a text that is not a segment's
        if spans is None:
            spans = self._found[text] = self._document.markup_spans(text, references=self._references)
        return spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


@dataclass
class Job:
    """One article on its way through the run (internal, mutable by design)."""

    report: ArticleReport
    article: Article | None = None
    segments: list[Segment] = field(default_factory=list)
    template: list[Entry] = field(default_factory=list)
    existing: dict[str, Catalog | None] = field(default_factory=dict)
    #: Segments whose template entry needs a fresh Simplified draft.
    needed: list[Segment] = field(default_factory=list)
    #: msgctxt of untouched machine drafts to replace with a fresh draft.
    refresh: set[str] = field(default_factory=set)
    #: Protected inline markup of each segment text (Markdown and HTML articles; see :class:`MarkupSpans`).
    markup: Mapping[str, Spans] = field(default_factory=dict)
    #: The ``--select`` the article was read with (HTML).
    select: str | None = None
    #: The ``--front-matter-key`` choice the article was read with (None: the default keys).
    front_matter_keys: tuple[str, ...] | None = None
    #: The template already in the article's folder (None on a first run).
    old_pot: Catalog | None = None
    #: The high-water marks of the article's ids, for the headers (see :mod:`pipeline.translate.ids`).
    id_marks: IdMarks = field(default_factory=IdMarks)
    #: The language the engine drafts in (its PO is the base of the others): zh-Hans, ja, fr...
    language: str = "zh-Hans"
    #: Whether this run writes the article's POT (a multilingual run writes it once).
    write_template: bool = True


def article_dir(out_dir: Path, article: Article) -> Path:
    """The article's output folder: ``OUT/<slug>/``."""
    return Path(out_dir) / article.slug
