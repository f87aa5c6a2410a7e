"""The enrichment runner: in this process, on a process pool and on a Dask cluster of two
worker processes, the same real work gives the same results; a failing batch comes back as a
failure naming it; a scheduler that is not there is said so, fast."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cablearchive.enrich import Done, EnrichError, Failed, Task, run_batches
from cablearchive.enrich.runner import connect
from cablearchive.people.mentions import MentionRules, mention_rules
from cablearchive.sources import RawDocument, iter_documents
from tests.shared import shared_file

NARA = "corpora/nara-cfpf-1973-1979-entities.tar.xz"


def load_rules(context: Any) -> MentionRules:
    """The resource a worker prepares once: the titled-name rules."""
    return mention_rules()


def titled_names(batch: list[str], rules: MentionRules) -> list[list[tuple[int, int, str]]]:
    """Real work: the titled names of each text, with where they are."""
    return [[(m.start, m.end, m.name) for m in rules.find(text)] for text in batch]


def fail_on_marker(batch: list[str], rules: MentionRules) -> list[int]:
    if "BOOM" in batch:
        raise ValueError("a text says BOOM")
    return [len(text) for text in batch]


TASK = Task(titled_names, None, load_rules)


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> list[str]:
    docs = iter_documents([shared_file(shared_dir, NARA)])
    return [d.text for d in docs if isinstance(d, RawDocument)]


def batches_of(texts: list[str], size: int) -> list[list[str]]:
    return [texts[i : i + size] for i in range(0, len(texts), size)]


def by_batch(outcomes: list[Done[str, Any] | Failed[str]]) -> dict[int, Any]:
    assert all(isinstance(o, Done) for o in outcomes), [
        o.message for o in outcomes if isinstance(o, Failed)
    ]
    return {o.index: o.results for o in outcomes if isinstance(o, Done)}


def test_local_pool_and_dask_cluster_give_the_same_results(texts: list[str]) -> None:
    from distributed import LocalCluster

    batches = batches_of(texts, 16)
    here = by_batch(list(run_batches(batches, TASK, jobs=1)))
    assert sorted(here) == list(range(len(batches)))
    assert sum(len(found) for results in here.values() for found in results) > 50

    pool = by_batch(list(run_batches(batches, TASK, jobs=2, in_flight=3)))
    assert pool == here

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask = by_batch(list(run_batches(batches, TASK, scheduler=cluster.scheduler_address)))
    assert dask == here


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_batch_comes_back_as_a_failure_naming_it(jobs: int) -> None:
    batches = [["A", "B"], ["C", "BOOM"], ["D"]]
    outcomes = list(run_batches(batches, Task(fail_on_marker, None, load_rules), jobs=jobs))
    assert {o.index for o in outcomes} == {0, 1, 2}
    failed = [o for o in outcomes if isinstance(o, Failed)]
    assert len(failed) == 1
    assert failed[0].index == 1 and failed[0].batch == ["C", "BOOM"]
    assert "batch 1 (2 items) failed" in failed[0].message
    assert "a text says BOOM" in failed[0].message
    done = {o.index: o.results for o in outcomes if isinstance(o, Done)}
    assert done == {0: [1, 1], 2: [1]}


def test_an_unreachable_scheduler_is_a_clear_error_fast() -> None:
    started = time.perf_counter()
    with pytest.raises(
        EnrichError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        connect("tcp://127.0.0.1:9", timeout=2)
    assert time.perf_counter() - started < 10


def test_run_batches_with_an_unreachable_scheduler_raises_before_any_work() -> None:
    outcomes = run_batches([["A"]], TASK, scheduler="tcp://127.0.0.1:9", connect_timeout=2)
    with pytest.raises(EnrichError):
        next(outcomes)


def test_the_batches_in_flight_are_bounded() -> None:
    pulled = 0

    def batches() -> Iterator[list[str]]:
        nonlocal pulled
        for i in range(20):
            pulled += 1
            yield [f"TEXT {i}"]

    outcomes = run_batches(batches(), Task(fail_on_marker, None, load_rules), jobs=2, in_flight=3)
    first = next(outcomes)
    assert isinstance(first, Done) and pulled <= 3
    rest = list(outcomes)
    assert sorted(o.index for o in [first, *rest]) == list(range(20))


def test_a_caller_that_stops_early_is_not_kept_waiting() -> None:
    batches = ([f"TEXT {i}"] for i in range(10_000))
    outcomes = run_batches(batches, Task(fail_on_marker, None, load_rules), jobs=2, in_flight=4)
    assert isinstance(next(outcomes), Done)
    started = time.perf_counter()
    outcomes.close()  # the pool shut down: at most the batches in flight finish
    assert time.perf_counter() - started < 5
