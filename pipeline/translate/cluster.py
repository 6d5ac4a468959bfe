"""The engine's work on a Dask cluster (``mtpipe translate --cluster tcp://HOST:8786``).

:class:`ClusterEngine` has the same interface as :class:`~pipeline.translate.engine.ArgosEngine`,
so :func:`pipeline.translate.translate_articles` does not know the difference:
the client keeps reading, segmenting, masking, merging, writing and the
translation memory, and stays the only writer; only ``translate_batch`` runs
remotely.

* Each worker loads the model once, through
  :class:`~pipeline.translate.cluster_worker.ModelPlugin` (a Dask ``WorkerPlugin``): from its own Argos package folder (same package name and
  version as the client's), or from the package the client uploaded with the
  plugin (``ship_model``). A worker without the model fails the registration,
  and the error names that worker.
* A multilingual model (``--engine nllb:PATH``) is read by every worker from
  PATH (the same folder, or a copy at the same path: its ``model.bin`` must
  have the client's size and time). It is loaded once per worker for all the
  languages of a run: the engines of the other languages share the first
  one's connection (:attr:`ClusterEngine.shared`), and each task names its
  target language.
* Inputs are sorted by length and cut into tasks of about
  :data:`DEFAULT_TASK_TOKENS` tokens; results come back as they finish
  (``as_completed``) and are put in place by position, so a task that Dask runs
  again after a worker died is still used once.
* Every wait has a deadline. Connecting and the handshake:
  :class:`~pipeline.errors.ClusterError` within :data:`CONNECT_TIMEOUT`
  seconds, before anything is written (a port that accepts and never answers,
  or an HTTP server, included). While tasks run: no worker left for
  :data:`NO_WORKER_GRACE` seconds, the scheduler lost, or no task finished for
  :data:`TASK_TIMEOUT` seconds, each is one ClusterError; the rounds already
  drafted are in the memory and the articles already written stay.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ClusterError
from pipeline.languages.table import Language
from pipeline.models.packages import InstalledModel
from pipeline.translate.cluster_worker import ModelPlugin, plugin_name, WorkerModelMissing, pack_package, translate_task
from pipeline.translate.engine import EngineStats, SentencePieceTokenizer, Tokenizer, default_batch_tokens, load_tokenizer
from pipeline.translate.multilingual import MultilingualModel
from pipeline.translate.scheduler import CLUSTER_ENV, CONNECT_TIMEOUT, check_address, connection_args, probe_scheduler

log = logging.getLogger(__name__)

#: Seconds between health checks of the cluster while tasks run.
HEALTH_POLL = 1.0
#: Seconds between looks at the tasks for finished ones.
RESULT_POLL = 0.02
#: Seconds the cluster may have no worker while tasks wait (a restarting worker comes back sooner).
NO_WORKER_GRACE = 10.0
#: Seconds without any task finishing before the cluster is given up on.
TASK_TIMEOUT = 600.0
#: Source tokens per Dask task: one CTranslate2 batch at beam 2. Measured with
#: ``benchmarks/bench_cluster.py`` (2 workers, 96 segments): 512-token tasks
#: reached 0.92 of the in-process engine, 1024 and 2048 only 0.66-0.78 (too
#: few tasks: a worker idles while the other finishes the last one).
DEFAULT_TASK_TOKENS = 512
@dataclass
class ClusterEngine:
    """The engine interface of :class:`~pipeline.translate.engine.ArgosEngine` (or, with a
    :class:`~pipeline.translate.multilingual.MultilingualModel` and its :attr:`target`, of
    :class:`~pipeline.translate.multilingual.MultilingualEngine`), run on Dask workers."""

    model: InstalledModel | MultilingualModel
    address: str
    #: The target language of a multilingual model (None for an Argos package).
    target: Language | None = None
    #: An engine of the same multilingual model whose connection (and the workers' loaded model) this one uses.
    shared: ClusterEngine | None = None
    beam_size: int = 2
    compute_type: str = "int8"
    #: CTranslate2 batch tokens on the workers; default as the local engine.
    max_batch_tokens: int | None = None
    #: Source tokens per Dask task.
    task_tokens: int = DEFAULT_TASK_TOKENS
    #: Upload the client's installed package to the workers.
    ship_model: bool = False
    connect_timeout: float = CONNECT_TIMEOUT
    #: Seconds without any task finishing before the cluster is given up on.
    task_timeout: float = TASK_TIMEOUT
    #: Seconds the cluster may have no worker while tasks wait.
    no_worker_grace: float = NO_WORKER_GRACE
    stats: EngineStats = field(default_factory=EngineStats)
    truncated: set[str] = field(default_factory=set)
    progress: Callable[[int, int], None] | None = None
    #: Tasks run and results used, per worker address (a rerun task counts once).
    tasks_by_worker: dict[str, int] = field(default_factory=dict)
    #: Seconds the workers spent translating (results used), for overhead figures.
    worker_seconds: float = 0.0

    def __post_init__(self) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ClusterError(
                "--cluster needs Dask distributed, which is not installed",
                hint="pip install 'mtpipe[cluster]'",
            ) from exc
        check_address(self.address)
        self.max_batch_tokens = self.max_batch_tokens or default_batch_tokens(self.beam_size)
        self._tokenizer: Tokenizer
        self._client: Any = None
        if isinstance(self.model, MultilingualModel):
            if self.target is None:
                raise ClusterError("a multilingual model on the cluster needs its target language")
            if self.ship_model:
                raise ClusterError(
                    "--ship-model uploads Argos packages; with --engine nllb:PATH each worker reads the model from PATH",
                    hint="leave out --ship-model, and make PATH readable on every worker",
                )
            self._tokenizer = SentencePieceTokenizer(self.model.tokenizer)
        else:
            self._tokenizer = load_tokenizer(self.model)
        if self.shared is not None:  # another language of the same model: its connection, its loaded model
            if self.shared.model != self.model or self.shared._client is None:
                raise ClusterError("a shared cluster engine must be open and of the same model")
            self._client = self.shared._client
            return
        probe_scheduler(self.address, timeout=self.connect_timeout)
        try:
            self._client = Client(
                self.address, timeout=self.connect_timeout, set_as_default=False, **connection_args(self.address)
            )
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.address} within {self.connect_timeout:.0f} s ({exc})",
                hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`, or check --cluster / "
                + CLUSTER_ENV,
            ) from exc
        try:
            self._register_plugin()
        except BaseException:
            self.close()
            raise

    def _register_plugin(self) -> None:
        if not self._client.scheduler_info().get("workers"):
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no workers",
                hint="start workers with `dask worker " + self.address + "`",
            )
        if isinstance(self.model, MultilingualModel):
            plugin = ModelPlugin(
                name=self.model.identity, version="", beam_size=self.beam_size, compute_type=self.compute_type,
                max_batch_tokens=int(self.max_batch_tokens or 0), multilingual=str(self.model.path.resolve()),
            )
        else:
            plugin = ModelPlugin(
                name=self.model.name,
                version=self.model.package_version,
                beam_size=self.beam_size,
                compute_type=self.compute_type,
                max_batch_tokens=int(self.max_batch_tokens or 0),
                payload=pack_package(self.model.path) if self.ship_model else None,
            )
        try:
            self._client.register_plugin(plugin, name=plugin_name(plugin.identity))
        except WorkerModelMissing as exc:
            if isinstance(self.model, MultilingualModel):
                raise ClusterError(
                    str(exc), hint=f"give every worker the same model at {self.model.path.resolve()} (a shared folder, or a copy)"
                ) from exc
            raise ClusterError(
                str(exc),
                hint=f"install the model on that worker (`mtpipe models install`), or pass --ship-model "
                f"to upload {self.model.identity} from this machine",
            ) from exc

    def close(self) -> None:
        """Disconnect from the scheduler (the workers and their models stay); a sharing engine leaves the connection to its owner."""
        if self._client is not None and self.shared is None:
            self._client.close()
        self._client = None

    @property
    def identity(self) -> str:
        """As the local engine's: the memory and the PO drafts match a local run."""
        if isinstance(self.model, MultilingualModel):
            assert self.target is not None
            return f"{self.model.identity}→{self.model.token(self.target)}"
        return self.model.identity

    @property
    def _target_code(self) -> str | None:
        return self.target.code if isinstance(self.model, MultilingualModel) and self.target is not None else None

    @property
    def _plugin_identity(self) -> str:
        """The model the workers hold (one for every language of a multilingual model)."""
        return self.model.identity

    def options(self) -> dict[str, object]:
        """The same options as the local engine: the memory and the PO drafts match a local run."""
        engine = "ctranslate2-multilingual" if isinstance(self.model, MultilingualModel) else "ctranslate2"
        return {"beam_size": self.beam_size, "compute_type": self.compute_type, "engine": engine}

    def placement(self) -> dict[str, object]:
        """Where the work ran, for the run's report: the scheduler and tasks per worker."""
        return {"scheduler": self.address, "tasks_by_worker": dict(sorted(self.tasks_by_worker.items()))}

    def tasks_for(self, texts: Sequence[str]) -> list[list[int]]:
        """Input positions per task: sorted by token length, about :attr:`task_tokens` tokens each."""
        lengths = [len(self._tokenizer.encode(t)) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        tasks: list[list[int]] = []
        current: list[int] = []
        tokens = 0
        for i in order:
            if current and tokens + lengths[i] > self.task_tokens:
                tasks.append(current)
                current, tokens = [], 0
            current.append(i)
            tokens += lengths[i]
        if current:
            tasks.append(current)
        return tasks

    def _check_health(self, *, no_worker_since: float | None, idle_since: float) -> float | None:
        """Raise ClusterError when the scheduler is lost, no worker is left, or nothing finished for too long.

        Returns since when the cluster has had no worker (None: it has some).
        """
        import time

        now = time.monotonic()
        if self._client.status not in ("running", "connecting"):
            raise ClusterError(
                f"lost the connection to the Dask scheduler at {self.address}",
                hint="the drafts finished so far are in the translation memory: restart the scheduler and run again",
            )
        try:
            workers = self._client.sync(self._client.scheduler.ncores, callback_timeout=self.connect_timeout)
        except Exception as exc:  # noqa: BLE001 - any failure to get an answer is a lost scheduler
            raise ClusterError(
                f"the Dask scheduler at {self.address} stopped answering ({type(exc).__name__})",
                hint="the drafts finished so far are in the translation memory: restart the scheduler and run again",
            ) from exc
        if workers:
            no_worker_since = None
        elif no_worker_since is None:
            no_worker_since = now
        elif now - no_worker_since > self.no_worker_grace:
            raise ClusterError(
                f"the Dask cluster at {self.address} has had no worker for {self.no_worker_grace:.0f} s",
                hint="the drafts finished so far are in the translation memory: start workers and run again",
            )
        if now - idle_since > self.task_timeout:
            raise ClusterError(
                f"no translation came back from the Dask cluster at {self.address} in {self.task_timeout:.0f} s",
                hint="check the workers (their logs, memory); the drafts finished so far are in the translation memory",
            )
        return no_worker_since

    def _results(self, futures: list[Any]) -> Iterator[tuple[Any, tuple[list[str], list[int], str, float]]]:
        """Each future with its result as it finishes; every wait is against a clock (see :meth:`_check_health`)."""
        import time
        from concurrent.futures import CancelledError

        pending = list(futures)
        idle_since = checked = time.monotonic()
        no_worker_since: float | None = None
        while pending:
            done = [future for future in pending if future.done()]
            if not done:
                if time.monotonic() - checked >= HEALTH_POLL:
                    no_worker_since = self._check_health(no_worker_since=no_worker_since, idle_since=idle_since)
                    checked = time.monotonic()
                time.sleep(RESULT_POLL)
                continue
            idle_since = time.monotonic()
            for future in done:
                pending.remove(future)
                try:
                    result = future.result(timeout=self.connect_timeout)
                except WorkerModelMissing as exc:
                    raise ClusterError(str(exc), hint="install the model on that worker, or pass --ship-model") from exc
                except (CancelledError, OSError, TimeoutError) as exc:
                    raise ClusterError(
                        f"lost the connection to the Dask scheduler at {self.address} ({type(exc).__name__})",
                        hint="the drafts finished so far are in the translation memory: restart the scheduler and run again",
                    ) from exc
                except Exception as exc:  # noqa: BLE001 - a task that failed on its worker
                    from distributed.scheduler import KilledWorker

                    if isinstance(exc, KilledWorker):
                        raise ClusterError(
                            f"Dask workers kept dying while translating ({exc})",
                            hint="check the workers' memory and logs; the drafts finished so far are in the translation memory",
                        ) from exc
                    raise
                yield future, result

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        if self._client is None:
            raise ClusterError("the cluster connection is closed", hint="create a new ClusterEngine")
        run = uuid.uuid4().hex[:12]
        tasks = self.tasks_for(texts)
        positions_of: dict[str, list[int]] = {}
        futures = []
        for number, positions in enumerate(tasks):
            future = self._client.submit(
                translate_task, self._plugin_identity, [texts[i] for i in positions], self._target_code,
                key=f"mtpipe-{run}-{number}", pure=False,
            )
            positions_of[future.key] = positions
            futures.append(future)
        out: list[str | None] = [None] * len(texts)
        done = 0
        progress = self.progress  # the call reports to the callback it started with, whatever is set meanwhile
        try:
            for future, (outputs, cut, worker, seconds) in self._results(futures):
                positions = positions_of[future.key]
                for position, text in zip(positions, outputs, strict=True):
                    if out[position] is None:
                        done += 1
                    out[position] = text
                for i in cut:
                    self.truncated.add(texts[positions[i]])
                self.tasks_by_worker[worker] = self.tasks_by_worker.get(worker, 0) + 1
                self.worker_seconds += seconds
                if progress is not None:
                    progress(done, len(texts))
        finally:
            if self._client is not None and self._client.status == "running":
                for future in futures:
                    future.release()
        self.stats.add(calls=1, segments=len(texts))
        result = [text for text in out if text is not None]
        if len(result) != len(texts):
            raise ClusterError(f"{len(texts) - len(result)} inputs came back from the cluster without a translation")
        return result
