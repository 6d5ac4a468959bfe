"""One exception hierarchy for the whole library.

The CLI alone catches :class:`PipelineError`, prints ``Error: <message>`` and
the hint, and exits with :attr:`PipelineError.exit_code`.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class InputError(PipelineError):
    """An input file (article, option value) cannot be used."""


class ModelError(PipelineError):
    """No usable translation model, or a model cannot be installed."""


class GlossaryError(PipelineError):
    """A glossary file is malformed."""


class CatalogError(PipelineError):
    """A PO/POT file is malformed or cannot be merged."""


class OutputError(PipelineError):
    """An output file or folder cannot be written."""


class DiskFullError(OutputError):
    """The disk (or the user's quota) filled up while writing; the target was left as it was."""


class DraftError(PipelineError):
    """A catalog still has fuzzy or untranslated entries where a finished one is required."""

    exit_code = 1


class ClusterError(PipelineError):
    """The Dask cluster cannot be reached, or a worker cannot translate."""
