"""One way to run heavy per-cable work in batches: in this process, on a local process pool, or
on a Dask cluster, with the same results.

A `Task` names a module-level `work(batch, resource)` function, the picklable `context` it
needs (a model's folder) and a module-level `prepare(context)` that turns the context into
the resource (the loaded model). Each worker process prepares a context once and keeps it
(see `_resource`), so a model is loaded once per process, not once per batch.

`run_batches` yields one `Done` or `Failed` per batch *as batches complete* (not in input
order), each with the batch's index; at most `in_flight` batches are submitted and not yet
yielded, so memory stays bounded and a caller that commits each result as it comes loses at
most those batches when killed. A batch whose work raises, or whose worker dies, comes back
as `Failed` with the reason in words; it never ends the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cablearchive.workers import start_worker

T = TypeVar("T")
R = TypeVar("R")
# Batches in flight a worker: enough that no worker waits for the next batch while this
# process hands out and commits results, few enough that memory stays small.
IN_FLIGHT_PER_WORKER = 4
CONNECT_TIMEOUT_S = 10.0


class EnrichError(Exception):
    """The run cannot start: no Dask scheduler at the address, `distributed` not installed."""


@dataclass(frozen=True)
class Task(Generic[T, R]):
    """What to do with each batch. Picklable: `work` and `prepare` are module-level functions
    (pickled by name), `context` a small hashable value such as a folder path."""

    work: Callable[[list[T], Any], list[R]]
    context: Hashable = None
    prepare: Callable[[Any], Any] | None = None  # context -> resource; None: the context itself


@dataclass(frozen=True)
class Done(Generic[T, R]):
    index: int  # the batch's position in the input, from 0
    batch: list[T]
    results: list[R]


@dataclass(frozen=True)
class Failed(Generic[T]):
    index: int
    batch: list[T]
    message: str  # what went wrong, naming the batch


# The resources prepared in this process, by (prepare, context): a worker loads a model once
# and reuses it for every batch it runs (loading costs seconds; a batch, less). Per process
# by nature; the lock because a Dask worker runs tasks on several threads. Small: a run uses
# one context.
_resources: dict[tuple[Any, Hashable], Any] = {}
_resources_lock = threading.Lock()


def _resource(task: Task[Any, Any]) -> Any:
    if task.prepare is None:
        return task.context
    key = (task.prepare, task.context)
    with _resources_lock:
        if key not in _resources:
            _resources[key] = task.prepare(task.context)
        return _resources[key]


def _work(task: Task[T, R], batch: list[T]) -> tuple[list[R] | None, str]:
    """One batch's results, or its failure in words; run where the batch is run. Only the
    results travel back, not the batch: the caller still holds it."""
    try:
        return task.work(batch, _resource(task)), ""
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _outcome(
    index: int, batch: list[T], results: list[R] | None, error: str
) -> Done[T, R] | Failed[T]:
    if results is None:
        return Failed(index, batch, f"batch {index} ({len(batch)} items) failed: {error}")
    return Done(index, batch, results)


def _failure(index: int, batch: list[T], exc: BaseException) -> Done[T, Any] | Failed[T]:
    return _outcome(index, batch, None, f"{type(exc).__name__}: {exc}")


def run_batches(
    batches: Iterable[list[T]],
    task: Task[T, R],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    in_flight: int | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_S,
) -> Iterator[Done[T, R] | Failed[T]]:
    """Run `task` on every batch: with `scheduler` (a Dask scheduler address) on that cluster;
    else with `jobs` > 1 on a pool of so many processes; else here, one batch after another.
    Results come as batches complete; `in_flight` bounds the batches submitted and not yet
    yielded (default IN_FLIGHT_PER_WORKER a worker). Raises EnrichError before any work when
    the cluster cannot be used."""
    if scheduler is not None:
        yield from _run_on_dask(batches, task, connect(scheduler, connect_timeout), in_flight)
    elif jobs <= 1:
        for index, batch in enumerate(batches):
            yield _outcome(index, batch, *_work(task, batch))
    else:
        yield from _run_on_pool(batches, task, jobs, in_flight or jobs * IN_FLIGHT_PER_WORKER)


def _run_on_pool(
    batches: Iterable[list[T]], task: Task[T, R], jobs: int, in_flight: int
) -> Iterator[Done[T, R] | Failed[T]]:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(os.getpid(),))
    pending: dict[Future[tuple[list[R] | None, str]], tuple[int, list[T]]] = {}

    def finished() -> Iterator[Done[T, R] | Failed[T]]:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            index, batch = pending.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died (BrokenProcessPool), or unpicklable
                yield _failure(index, batch, exc)
            else:
                yield _outcome(index, batch, *outcome)

    try:
        for index, batch in enumerate(batches):
            pending[pool.submit(_work, task, batch)] = (index, batch)
            while len(pending) >= in_flight:
                yield from finished()
        while pending:
            yield from finished()
    finally:
        # A caller that stops early (or is interrupted) does not wait for the batches queued.
        pool.shutdown(wait=True, cancel_futures=True)


def connect(scheduler: str, timeout: float = CONNECT_TIMEOUT_S) -> Any:
    """A `distributed.Client` of the scheduler at `scheduler`, or EnrichError in words."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise EnrichError(
            "running on a Dask cluster needs the `distributed` package: "
            "pip install 'cablearchive[enrich]'"
        ) from exc
    try:
        # distributed's Client and as_completed are untyped: the ignores below.
        return Client(scheduler, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise EnrichError(
            f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s: is it "
            f"running, and is the address right? ({type(exc).__name__}: {exc})"
        ) from exc


def _run_on_dask(
    batches: Iterable[list[T]], task: Task[T, R], client: Any, in_flight: int | None
) -> Iterator[Done[T, R] | Failed[T]]:
    from distributed import as_completed

    try:
        workers = max(1, sum(client.nthreads().values()))
        limit = in_flight or workers * IN_FLIGHT_PER_WORKER
        pending: dict[Any, tuple[int, list[T]]] = {}
        # The client's loop given: else `as_completed` looks for a default client, and this
        # one is not made the default (it is this run's alone).
        completed = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]

        def finished() -> Iterator[Done[T, R] | Failed[T]]:
            future = next(completed)
            index, batch = pending.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # a worker died with it (KilledWorker), or lost
                yield _failure(index, batch, exc)
            else:
                yield _outcome(index, batch, *outcome)
            future.release()

        for index, batch in enumerate(batches):
            # pure=False: two equal batches are two pieces of work, not one cached result.
            future = client.submit(_work, task, batch, pure=False)
            pending[future] = (index, batch)
            completed.add(future)  # type: ignore[no-untyped-call]
            while len(pending) >= limit:
                yield from finished()
        while pending:
            yield from finished()
    finally:
        client.close()
