"""Where a study's work runs: spawned local processes (:class:`LocalRunner`) or a Dask cluster
(:class:`netopt.study.cluster.DaskRunner`), behind one small interface (:class:`Runner`)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Protocol, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Runner(Protocol):
    """Runs a module-level function on many items somewhere, yielding each item with its result
    (or the exception that ended it, e.g. a worker process that died) as they end."""

    @property
    def name(self) -> str:
        """How it runs, for ``study.json`` (``processes``, ``dask``)."""

    @property
    def workers(self) -> int:
        """How many items it works on at once."""

    def map(
        self, function: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[tuple[Item, Result | BaseException]]: ...


@dataclass(frozen=True)
class LocalRunner:
    """``workers`` processes started with ``spawn`` (never fork or threads: HiGHS); with one
    worker, this process."""

    workers: int
    name: str = "processes"

    def map(
        self, function: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[tuple[Item, Result | BaseException]]:
        if self.workers <= 1 or len(items) <= 1:
            for item in items:
                try:
                    yield item, function(item)
                except Exception as error:  # reported with the item, as a worker's would be
                    yield item, error
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
            futures: dict[Future[Result], Item] = {pool.submit(function, i): i for i in items}
            for future in as_completed(futures):
                try:
                    yield futures[future], future.result()
                except Exception as error:  # the worker process died (e.g. out of memory)
                    yield futures[future], error
