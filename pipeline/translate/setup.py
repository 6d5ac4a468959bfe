"""What a translate run drafts with: the engine (local or on a Dask cluster) and the translation memory.

:func:`open_drafting` finds (or downloads) the model, starts the engine,
opens the memory, and closes them again on the way out, so the CLI and batch
code set a run up in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError, ModelError

if TYPE_CHECKING:
    from pipeline.documents.inputs import Inputs
    from pipeline.memory import TranslationMemory
    from pipeline.translate.engine import Engine

#: The hint when no model can be had: steps that work offline, never the command that just failed.
NO_MODEL_HINT = (
    "try the whole pipeline offline now with `mtpipe demo`; to translate, copy a model file "
    "(translate-en_zh-*.argosmodel) here from a machine with a network and run "
    "`mtpipe models install FILE.argosmodel`, or draft by hand with --engine none"
)

#: ``(bytes done, bytes total or None)`` while a model downloads.
DownloadCallback = Callable[[int, "int | None"], None]


#: Layouts of the editions ``mtpipe build`` writes beside a PO (``<stem>.<layout>.<suffix>``).
_EDITION_LAYOUTS = (".side-by-side", ".interleaved", ".target-only", ".polyglot")


def _is_edition(path: Path) -> bool:
    """An edition mtpipe built (``run.side-by-side.html``), not an article."""
    return Path(path.stem).suffix in _EDITION_LAYOUTS


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def article_inputs(items: list[str], *, out_dir: Path, select: str | None = None) -> Inputs:
    """The articles a translate run is given: files as named, folders and patterns expanded.

    What mtpipe wrote itself is left out of folders and patterns, so a run
    never translates its own outputs: the output folder *out_dir*, and
    editions ``<stem>.<layout>.<suffix>``. A file named on its own is kept.
    Nothing found is an :class:`InputError`; so is a lone article that
    cannot be read (refused before any model work).
    """
    from dataclasses import replace

    from pipeline.documents.inputs import expand_inputs

    inputs = expand_inputs(items)
    named = {Path(item) for item in items}
    out = Path(out_dir).resolve()
    inputs = replace(
        inputs, paths=tuple(p for p in inputs.paths if p in named or not (_inside(p, out) or _is_edition(p)))
    )
    if not inputs.paths and len(inputs.missing) == 1:
        item, reason = inputs.missing[0]
        raise InputError(f"{item}: {reason}", hint="check the path of the article")
    if not inputs.paths and not inputs.missing:
        raise InputError("no articles to translate", hint="give .txt, .md or .html files, folders or glob patterns")
    if len(inputs.paths) == 1 and not inputs.missing:
        from pipeline.documents.article import read_article
        from pipeline.translate.prepare import check_file_name

        check_file_name(inputs.paths[0])
        read_article(inputs.paths[0], select=select)
    return inputs


@dataclass(frozen=True)
class Drafting:
    """The run's engine (None: entries stay untranslated) and memory (None: not used)."""

    engine: Engine | None
    memory: TranslationMemory | None


@contextmanager
def open_drafting(
    *,
    machine: bool,
    offline: bool = False,
    use_memory: bool = True,
    memory_path: Path | None = None,
    beam: int | None = None,
    translators: int | None = None,
    cluster: str | None = None,
    ship_model: bool = False,
    on_download: DownloadCallback | None = None,
    device: str = "cpu",
) -> Iterator[Drafting]:
    """The engine and memory of a run, closed (memory, cluster connection) on exit.

    *machine*: draft with the installed Argos model (found, or downloaded
    unless *offline*); without it nothing is opened. *cluster*: a Dask
    scheduler address, the engine then runs on its workers.
    """
    if not machine:
        yield Drafting(engine=None, memory=None)
        return
    from pipeline.models.packages import ensure_model
    from pipeline.translate.engine import ArgosEngine

    try:
        model = ensure_model("en", "zh", offline=offline, progress=on_download)
    except ModelError as exc:
        # Not "run the command that just failed": what a newcomer without a network can do next.
        raise ModelError(exc.message, hint=NO_MODEL_HINT) from exc
    with ExitStack() as stack:
        engine: Engine
        if cluster:
            from pipeline.translate.cluster import ClusterEngine

            remote = ClusterEngine(model, cluster, beam_size=beam or ArgosEngine.beam_size, ship_model=ship_model)
            stack.callback(remote.close)
            engine = remote
        else:
            engine = ArgosEngine(model, beam_size=beam or ArgosEngine.beam_size, inter_threads=translators, device=device)
        memory = None
        if use_memory:
            from pipeline.memory import TranslationMemory

            memory = TranslationMemory(memory_path or TranslationMemory.default_path())
            stack.callback(memory.close)
        yield Drafting(engine=engine, memory=memory)
