"""Ingest on a Dask cluster: sources are read, and documents parsed and analysed, on the workers; this
process decides what is stored and writes it, in order, as `ingest.batch` does in one process.

    with connect(workers=2) as runner:                       # a LocalCluster of 2 processes here
        outcomes = list(ingest(paths, store, settings, runner=runner))
    with connect(scheduler="tcp://10.0.0.5:8786") as runner:  # a cluster already running
        ...

1. Sources go out in chunks of `READ_CHUNK` to be read (`sources.read_one`); standard input is read here.
2. What a reading holds that the store lacks goes out in batches of `Settings.batch_size` documents to be
   analysed (`pipeline.analyse`), so that spaCy still parses in batches.
3. At most `in_flight` chunks of each kind are out at a time (what waits to be written stays bounded), and
   results are taken in the order they went out: the writer sees the sources in the order given.

Each worker loads the spaCy model once (`nlp.load` is cached per process; a worker plugin loads it when
the worker joins, so the first batch does not wait for it); the model never leaves the worker. What comes
back are plain records: Readings and Extractions, and `Unread` for a source that could not be read.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from distributed import Client, Future, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from ..config import Settings
from ..errors import ConfigError, InputError, ModelError
from ..pipeline import analyse
from ..records import Document, Extraction
from .batch import ReadJob, Request, read_or_error
from .fetch import FetchError
from .sources import Reading, read_one

#: Sources read by one task: reading a file takes milliseconds, so one task per source would cost more in
#: scheduling than in reading; a URL waits on the network, so not too many behind one another either.
READ_CHUNK = 8
#: How long to wait for a scheduler to answer, and for a first worker to join it (seconds).
CONNECT_TIMEOUT = 30.0
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})")


@dataclass(frozen=True)
class Unread:
    """A source that a worker could not read: the InputError as a record, since a FetchError's `url` and
    `status` (a 404 or a 410 withdraws figures) would not survive pickling as an exception."""

    error: type[InputError]
    message: str
    url: str | None = None
    status: int | None = None

    @classmethod
    def of(cls, exc: InputError) -> Unread:
        return cls(type(exc), str(exc), getattr(exc, "url", None), getattr(exc, "status", None))

    def exception(self) -> InputError:
        if issubclass(self.error, FetchError):
            return self.error(self.message, url=self.url, status=self.status)
        return self.error(self.message)


def read_sources(requests: list[Request], job: ReadJob) -> list[Reading | Unread]:
    """On a worker: read each source, as `ingest` would here."""
    readings: list[Reading | Unread] = []
    for item, options in requests:
        try:
            etag, last_modified = options.get("etag"), options.get("last_modified")
            readings.append(read_one(item, **job.arguments(), etag=etag, last_modified=last_modified))
        except InputError as exc:
            readings.append(Unread.of(exc))
    return readings


def analyse_documents(documents: list[Document], settings: Settings) -> list[Extraction]:
    """On a worker: the Extraction of each document, parsed in one batch with the worker's model."""
    return list(analyse(documents, settings))


#: Written for the warm-up: a figure, a place and a date, so that what loads on first use has loaded.
WARM_UP = "title: Warm-up\ndate: 2024-01-01\n\nPolice in Almaty said 12 people were detained on Monday.\n"


def warm_up(settings: Settings) -> None:
    """Load the model, and what the extractors load on first use (the gazetteer), by analysing a report."""
    list(analyse([Document.from_text(WARM_UP)], settings))


class WarmUp(WorkerPlugin):
    """Warm a worker up when it joins (`warm_up`), off its event loop (so that its heartbeats go on)."""

    idempotent = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"crisisledger-warm-up-{settings.model}"

    async def setup(self, worker: Any) -> None:
        with suppress(ModelError):  # raised again, and reported, by the first batch this worker analyses
            await asyncio.get_running_loop().run_in_executor(None, warm_up, self.settings)


class DaskRunner:
    """An `ingest.batch.Runner` that reads and analyses on the workers of a Dask client."""

    def __init__(self, client: Client, in_flight: int | None = None) -> None:
        self.client = client
        self._in_flight = in_flight

    @property
    def in_flight(self) -> int:
        """How many chunks of each kind may be out at once: two a worker thread (one running, one waiting
        to start when it is done), counting the threads there are when an ingest starts."""
        if self._in_flight is not None:
            return self._in_flight
        return 2 * max(sum(self.client.nthreads().values()), 1)

    def readings(
        self, requests: Iterable[Request], job: ReadJob, local: Callable[[Request], Reading]
    ) -> Iterator[Reading | InputError]:
        window: deque[Future | list[Reading | Unread | InputError]] = deque()
        in_flight = self.in_flight
        try:
            chunk: list[Request] = []
            for request in requests:
                if request[0] == "-":  # standard input is this process's
                    if chunk:
                        window.append(self.client.submit(read_sources, chunk, job, pure=False))
                        chunk = []
                    window.append([read_or_error(local, request)])
                else:
                    chunk.append(request)
                    if len(chunk) < READ_CHUNK:
                        continue
                    window.append(self.client.submit(read_sources, chunk, job, pure=False))
                    chunk = []
                while len(window) > in_flight:
                    yield from _taken(window.popleft())
            if chunk:
                window.append(self.client.submit(read_sources, chunk, job, pure=False))
            while window:
                yield from _taken(window.popleft())
        finally:
            self.client.cancel([f for f in window if isinstance(f, Future)])

    def analyses(self, documents: Iterable[Document], settings: Settings) -> Iterator[Extraction]:
        remote = for_workers(settings)
        window: deque[Future] = deque()
        in_flight = self.in_flight
        try:
            stream = iter(documents)
            while batch := list(islice(stream, settings.batch_size)):
                window.append(self.client.submit(analyse_documents, batch, remote, pure=False))
                while len(window) > in_flight:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        finally:
            self.client.cancel(list(window))


def for_workers(settings: Settings) -> Settings:
    """The settings a worker analyses with: without the store's address, which stays with the writer, and
    with one parser per worker: the cluster spreads the parsing, and a Dask worker (a daemon process) may not
    start processes of its own."""
    return replace(settings, db="", processes=1)


def _taken(results: Future | list[Reading | Unread | InputError]) -> Iterator[Reading | InputError]:
    for result in results.result() if isinstance(results, Future) else results:
        yield result.exception() if isinstance(result, Unread) else result


def scheduler_address(address: str) -> str:
    """A scheduler's address as Dask takes it (tcp://host:port), or a ConfigError that says what is wrong."""
    match = _ADDRESS.fullmatch(address.strip())
    if match is None or not 0 < int(match[3]) < 65536:
        raise ConfigError(
            f"--scheduler must be a Dask scheduler's address such as tcp://10.0.0.5:8786 (got {address!r})."
        )
    return f"{match[1] or 'tcp'}://{match[2]}:{match[3]}"


def local_cluster(workers: int) -> LocalCluster:
    """A LocalCluster of `workers` processes on this machine: one thread each, bound to 127.0.0.1, quiet."""
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        # no dashboard, but the scheduler still serves /health: on a free port, not 8787, which another cluster
        # on this machine may hold
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    )


@contextmanager
def connect(
    workers: int | None = None,
    scheduler: str | None = None,
    *,
    timeout: float | None = None,
    settings: Settings | None = None,
) -> Iterator[DaskRunner]:
    """A runner on a LocalCluster of `workers` processes on this machine (one thread each, no dashboard,
    bound to 127.0.0.1), or on the running cluster whose scheduler is at `scheduler`; closed on exit,
    Ctrl-C included. With `settings`, every worker loads their model (`warm_up`) before the first batch;
    without, on first use."""
    if (workers is None) == (scheduler is None):
        raise ConfigError("give either a number of local workers or a scheduler's address, not both or neither.")
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    _quiet()
    with ExitStack() as stack:
        if scheduler is not None:
            address = scheduler_address(scheduler)
            try:
                client = stack.enter_context(Client(address, timeout=timeout, set_as_default=False))
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"no Dask scheduler answered at {address} within {timeout:g} s ({exc.__class__.__name__}); "
                    "start one with `dask scheduler`, or check the address and that its port is open."
                ) from None
            try:
                client.wait_for_workers(1, timeout=timeout)
            except TimeoutError:
                raise ConfigError(
                    f"no worker has joined the Dask scheduler at {address} within {timeout:g} s; start one with "
                    f"`dask worker {address}` where crisisledger is installed."
                ) from None
        else:
            if workers is None or workers < 1:
                raise ConfigError(f"--workers must be 1 or more (got {workers!r}).")
            with _without_ctrl_c():
                cluster = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(Client(cluster, timeout=timeout, set_as_default=False))
        if settings is not None:
            client.register_plugin(WarmUp(for_workers(settings)))
        yield DaskRunner(client)


@contextmanager
def _without_ctrl_c() -> Iterator[None]:
    """Ignore Ctrl-C while the local workers start, so that they inherit ignoring it: the terminal sends it
    to every process of the command, and a worker would die with a traceback of its own. This process
    stops on it, and closing the cluster stops the workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _quiet() -> None:
    """Only errors from distributed's loggers: its INFO lines (workers starting, stopping) are not news."""
    for name in ("distributed", "dask"):
        logging.getLogger(name).setLevel(logging.ERROR)
