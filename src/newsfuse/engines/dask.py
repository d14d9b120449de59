"""The Dask engine: an ingest's batches prepared on Dask workers, stories briefed there.

Workers run :func:`newsfuse.pipeline.prepare_batch` and :func:`newsfuse.pipeline.fuse`,
the functions the local engine runs. The driver (the process running ``newsfuse
ingest`` or ``refresh``) reads the inputs, sends batches of raw articles, and is the
store's one writer: workers never open the store. At most ``in_flight`` batches are
out at once, so the driver's memory follows the window, not the corpus.

A worker that dies has its batch run again elsewhere (``retries``); a batch that still
fails is reported article by article, and the rest of the ingest goes on.

A scheduler that cannot be reached within ``connect_timeout`` seconds raises
:class:`SchedulerUnreachable`, naming its address. :func:`quiet` silences
distributed's logs and warnings in this process (the CLI does, unless ``--verbose``).
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Iterable, Iterator

from newsfuse.config import Config
from newsfuse.model import Article, Skipped


CONNECT_TIMEOUT = 5  # seconds to reach a scheduler before giving up (distributed's own default is 30)


class SchedulerUnreachable(ConnectionError):
    """The scheduler at ``address`` did not answer; the message names it and says why."""

    def __init__(self, address: str, why: object):
        super().__init__(f"cannot reach the Dask scheduler at {address}: {why}")
        self.address = address


def quiet() -> None:
    """distributed's logs below errors and its warnings ("Sending large graph", a port in
    use...) off, in this process; LocalCluster's workers are started with their logs at
    errors (``silence_logs``)."""
    import distributed  # noqa: F401 - its logging configuration first, then ours over it

    names = [n for n in logging.root.manager.loggerDict if n.startswith("distributed.")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"distributed(\..*)?$")


class DaskEngine:
    """Use as a context manager: ``with DaskEngine(workers=2) as engine: ingest(..., engine=engine)``.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``); without one, a
    ``distributed.LocalCluster`` of ``workers`` processes (one thread each: the parser is
    not thread-parallel) is started here and stopped at the end. ``verbose``: the workers of
    that cluster log at distributed's usual level instead of errors only."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None, *, in_flight: int | None = None,
                 retries: int = 2, processes: bool = True, prepare=None, connect_timeout: float = CONNECT_TIMEOUT,
                 verbose: bool = False):
        self.prepare = prepare  # what workers run on a batch: prepare_batch unless given (tests give others)
        self.scheduler = scheduler
        self.workers = workers
        self.in_flight = in_flight
        self.retries = retries
        self.processes = processes
        self.connect_timeout = connect_timeout
        self.verbose = verbose
        self.client = None
        self._cluster = None

    def __enter__(self) -> "DaskEngine":
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, ValueError) as e:  # refused, timed out (OSError), an address distributed cannot read
                raise SchedulerUnreachable(self.scheduler, e) from e
        else:
            self._cluster = LocalCluster(n_workers=self.workers or 2, threads_per_worker=1, processes=self.processes,
                                         dashboard_address=None,
                                         silence_logs=logging.WARNING if self.verbose else logging.ERROR)
            self.client = Client(self._cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {}))) if self.client else 1

    def _window(self) -> int:
        return self.in_flight or 2 * self.n_workers

    def _map(self, fn, items: Iterable, *args) -> Iterator[tuple[object, object, BaseException | None]]:
        """(item, result, error) for each item, in the order they finish; at most the window out."""
        from distributed import as_completed

        pending: dict = {}
        items = iter(items)
        queue = as_completed()

        def submit_next() -> bool:
            for item in items:
                future = self.client.submit(fn, item, *args, retries=self.retries, pure=False)
                pending[future] = item
                queue.add(future)
                return True
            return False

        for _ in range(self._window()):
            if not submit_next():
                break
        for future in queue:
            item = pending.pop(future)
            try:
                yield item, future.result(), None
            except Exception as e:  # noqa: BLE001 - a task that failed on every try: reported, the rest go on
                yield item, None, e
            future.release()
            submit_next()

    def run(self, batches: Iterable[list[Article]], config: Config) -> Iterator:
        """Prepared batches, in the order they finish."""
        from newsfuse.pipeline import Prepared, prepare_batch

        # one process per worker already: no parsing pool inside a worker
        config = dataclasses.replace(config, annotate=dataclasses.replace(config.annotate, n_process=1))
        for batch, result, error in self._map(self.prepare or prepare_batch, batches, config):
            if error is None:
                yield result
            else:
                yield Prepared([], [Skipped(a.origin or a.id, f"could not be prepared on a worker "
                                                             f"({type(error).__name__}: {error})") for a in batch])

    def brief(self, stories: Iterable[tuple[int, list]], config: Config) -> Iterator[tuple[int, str | None, str, list]]:
        """(story, brief JSON or None, error, its articles annotated for it on the worker) for
        each (story id, prepared articles)."""
        for (story, _), result, error in self._map(_brief_json, stories, config):
            if error is None:
                yield story, result[0], "", result[1]
            else:
                yield story, None, f"{type(error).__name__}: {error}", []


def _brief_json(item: tuple[int, list], config: Config) -> tuple[str, list]:
    from newsfuse.pipeline import brief_json

    return brief_json(item[1], config)
