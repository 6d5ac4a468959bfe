"""The worker side of the cluster engine: the model each Dask worker loads once, and the task it runs.

:class:`ModelPlugin` (a Dask ``WorkerPlugin``, registered by
:class:`pipeline.translate.cluster.ClusterEngine`) loads an Argos package
(from the worker's own package folder, or the one the client uploaded) or a
multilingual model (from its folder); :func:`translate_task` translates one
task's texts with it. A worker without the model raises
:class:`WorkerModelMissing`, naming itself.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.fsutil import sweep_stale, temp_prefix
from pipeline.models.packages import InstalledModel
from pipeline.translate.engine import ArgosEngine
from pipeline.translate.multilingual import MultilingualModel

#: Prefix of the worker plugins' names: one plugin per model, so the two legs of a pivot
#: (en→fr, fr→de) each keep their model loaded on a worker (:func:`plugin_name`).
PLUGIN_NAME = "mtpipe-model"


def plugin_name(identity: str) -> str:
    """The name of the worker plugin holding the model *identity* (``name@version``, or a multilingual model's)."""
    return f"{PLUGIN_NAME}:{identity}"


class WorkerModelMissing(Exception):
    """Raised on a worker that has no usable model (picklable: plain message)."""


def pack_package(folder: Path) -> bytes:
    """The installed package folder as a zip (for ``ship_model``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def _find_local_package(name: str, version: str) -> InstalledModel | None:
    from pipeline.models.packages import list_models

    for model in list_models():
        if model.name == name and model.package_version == version:
            return model
    return None


def _unpack_package(payload: bytes, name: str, into: Path) -> InstalledModel:
    from pipeline.models.packages import model_from_folder

    target = into / name
    if not (target / "metadata.json").is_file():
        into.mkdir(parents=True, exist_ok=True)
        sweep_stale(into)
        staging = Path(tempfile.mkdtemp(dir=into, prefix=temp_prefix("unpack")))
        try:
            with zipfile.ZipFile(io.BytesIO(payload)) as archive:
                archive.extractall(staging)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging / name, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return model_from_folder(target)


#: glibc ``mallopt`` parameters and the values of its dynamic defaults' ceiling on 64-bit.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_THRESHOLD, _MMAP_THRESHOLD = 64 << 20, 32 << 20


def _relax_malloc_trimming() -> bool:
    """Undo Dask's ``MALLOC_TRIM_THRESHOLD_=65536`` for CTranslate2 (glibc only).

    Dask's nanny starts workers with that variable so that memory goes back to
    the system sooner; it pins glibc's mmap and trim thresholds low, and
    CTranslate2's per-batch allocations then run 6-10x slower (measured: 10
    long inputs, 1.3 s in a plain process, 11.9-15.7 s on a worker, 1.8 s
    after this call). Returns whether the thresholds were set.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)) and bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD))


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - distributed is an optional extra
    _WorkerPluginBase = object  # type: ignore[misc,assignment]


class ModelPlugin(_WorkerPluginBase):  # type: ignore[misc,valid-type]
    """Loads the model once per worker; tasks use :attr:`engine`."""

    def __init__(
        self,
        *,
        name: str,
        version: str,
        beam_size: int,
        compute_type: str,
        max_batch_tokens: int,
        payload: bytes | None = None,
        multilingual: str | None = None,
    ) -> None:
        self.name = name
        self.version = version
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.max_batch_tokens = max_batch_tokens
        self.payload = payload
        #: A multilingual model's folder (then *name* is the model's identity, *version* empty).
        self.multilingual = multilingual
        self.engine: Any = None
        self.problem: str | None = None
        self._translator: object | None = None
        self._model: MultilingualModel | None = None
        self._engines: dict[str, Any] = {}

    @property
    def identity(self) -> str:
        return self.name if self.multilingual is not None else f"{self.name}@{self.version}"

    def engine_for(self, target: str | None) -> Any:
        """The engine of a task: the Argos package's, or the multilingual model's for *target* (made once per language)."""
        if target is None or self._model is None:
            return self.engine
        if target not in self._engines:
            from pipeline.languages.table import resolve
            from pipeline.translate.multilingual import MultilingualEngine

            self._engines[target] = MultilingualEngine(
                self._model, resolve(target), beam_size=self.beam_size, compute_type=self.compute_type, translator=self._translator
            )
        return self._engines[target]

    def _setup_multilingual(self, worker: Any, path: str) -> None:
        from pipeline.translate.multilingual import load_multilingual, new_translator

        where = f"worker {worker.name} ({worker.address})"
        try:
            model = load_multilingual(Path(path))
        except PipelineError as exc:
            self.problem = f"{where} cannot read the model: {exc.message}"
            raise WorkerModelMissing(self.problem) from None
        if model.identity != self.name:
            self.problem = f"{where} has another model at {path} ({model.identity}, not {self.name})"
            raise WorkerModelMissing(self.problem)
        self._model = model
        self._translator = new_translator(model, inter_threads=max(1, int(worker.state.nthreads)), compute_type=self.compute_type)
        self.engine = self._translator

    def setup(self, worker: Any) -> None:
        where = f"worker {worker.name} ({worker.address})"
        _relax_malloc_trimming()
        if self.multilingual is not None:
            self._setup_multilingual(worker, self.multilingual)
            return
        if self.payload is not None:
            model = _unpack_package(self.payload, self.name, Path(worker.local_directory) / "mtpipe-models")
        else:
            found = _find_local_package(self.name, self.version)
            if found is None:
                from pipeline.models.packages import packages_dir

                self.problem = (
                    f"{where} has no model {self.identity} in its Argos package folder {packages_dir()}"
                )
                raise WorkerModelMissing(self.problem)
            model = found
        self.engine = ArgosEngine(
            model,
            beam_size=self.beam_size,
            compute_type=self.compute_type,
            max_batch_tokens=self.max_batch_tokens,
            inter_threads=max(1, int(worker.state.nthreads)),
            intra_threads=1,
        )
        self.payload = None  # unpacked: free the memory


def translate_task(identity: str, texts: list[str], target: str | None = None) -> tuple[list[str], list[int], str, float]:
    """On a worker: translate *texts* (into *target*, with a multilingual model); returns outputs,
    indices of cut outputs, the worker's address, seconds."""
    import time

    from distributed import get_worker

    started = time.perf_counter()
    worker = get_worker()
    plugin: Any = worker.plugins.get(plugin_name(identity))
    engine = getattr(plugin, "engine", None)
    if engine is None or plugin.identity != identity:
        problem = getattr(plugin, "problem", None) or f"no model {identity} loaded"
        raise WorkerModelMissing(f"worker {worker.name} ({worker.address}): {problem}")
    engine = plugin.engine_for(target)
    before = set(engine.truncated)
    outputs = engine.translate_batch(texts)
    cut = [i for i, text in enumerate(texts) if text in engine.truncated and text not in before]
    return outputs, cut, str(worker.address), time.perf_counter() - started
