"""Run independent solves in parallel worker processes.

Everything that runs many solves (imaging networks that share no budget, scenarios, baselines)
goes through :func:`run_in_processes`. Workers are processes started with ``spawn``, never
``fork`` or threads: HiGHS hangs or deadlocks otherwise. Each solve uses its own options (one
HiGHS thread by default), so ``workers`` solves run at once on ``workers`` cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_in_processes(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None
) -> list[Result]:
    """``[function(item) for item in items]``, computed in spawned worker processes, in order.

    ``function`` must be importable by name (a module-level function or a ``functools.partial``
    of one). With one worker or one item the work runs in this process: no start-up cost.
    """
    workers = min(workers or default_workers(), len(items))
    if workers <= 1:
        return [function(item) for item in items]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(function, items))
