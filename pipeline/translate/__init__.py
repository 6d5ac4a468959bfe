"""The translate job: articles → segments → drafts → merged PO files.

=============  ==========================================================
module         its one job
=============  ==========================================================
``setup``      what a run is given: its articles, engine and memory
``run``        orchestration: read, segment, draft, write, report
``prepare``    one article read, segmented, given ids, matched to its POs
``context``    the drafts' context (``X-MT-Context``) and what changed
``previous``   what earlier runs left: segment ids, reviewed translations
``ids``        stable msgctxt ids, aligned with the previous template
``drafting``   drafts from the memory or the engine; Traditional drafts
``terms``      glossary enforcement: translate masked, recover failures
``masking``    protected spans, their placeholders and required targets
``restore``    an engine output read back, targets put in
``verify``     glossary violations in an existing translation
``engine``     the Argos model run through CTranslate2
``cluster``    the engine's work on Dask workers
``scheduler``  reaching a Dask scheduler, with a deadline
``writing``    one article's POT and POs, merged and written safely
``job``        one article's state on its way through a run
``report``     what a run did (summary and ``--report`` JSON)
=============  ==========================================================

What produced the drafts (model, options, glossary) is one
:class:`pipeline.memory.DraftContext`: the memory's key and, as its
fingerprint, the PO header ``X-MT-Context``.
"""

from __future__ import annotations

from pipeline.translate.drafting import ROUND_SEGMENTS, ROUNDS_IN_FLIGHT, TRUNCATED_NOTE, term_notes
from pipeline.translate.job import article_dir
from pipeline.translate.report import ArticleReport, RunReport
from pipeline.translate.context import draft_context
from pipeline.translate.previous import reviewed_translations
from pipeline.translate.run import ProgressCallback, translate_articles
from pipeline.translate.writing import REMERGE_ATTEMPTS, article_lock

__all__ = [
    "REMERGE_ATTEMPTS",
    "ROUNDS_IN_FLIGHT",
    "ROUND_SEGMENTS",
    "TRUNCATED_NOTE",
    "ArticleReport",
    "ProgressCallback",
    "RunReport",
    "article_dir",
    "article_lock",
    "draft_context",
    "reviewed_translations",
    "term_notes",
    "translate_articles",
]
