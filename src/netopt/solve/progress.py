"""Progress of a solve as it happens: the time so far, the best plan, the bound and the gap.

A :class:`ProgressTracker` keeps the cheapest plan and the highest bound reported so far and
hands a :class:`Progress` to the caller's function each time either moves. HiGHS reports
through its MIP callbacks (:meth:`ProgressTracker.watch`); a run strategy reports the plans it
accepts and the bounds it proves itself. Only bounds of the whole model count: a sub-MIP's
bound (some variables fixed) is none.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import highspy


@dataclass(frozen=True)
class Progress:
    """Where a solve stands."""

    seconds: float
    """Since the solve began (the tracker was made)."""
    objective: float | None
    """The cheapest plan so far (the model's objective; None: no plan yet)."""
    bound: float | None
    """The best proven lower bound so far (None: none yet)."""

    @property
    def gap(self) -> float | None:
        """(objective - bound) / |objective|, as HiGHS defines its gap; None without both."""
        if self.objective is None or self.bound is None:
            return None
        return max(self.objective - self.bound, 0.0) / max(abs(self.objective), 1e-10)


ProgressSink = Callable[[Progress], None]
"""Called with the new :class:`Progress` whenever the plan or the bound improves (possibly from
the solver's thread: keep it short)."""


class ProgressTracker:
    """The best plan and bound of one solve, reported to ``sink`` as they improve."""

    def __init__(self, sink: ProgressSink, began: float | None = None) -> None:
        self._sink = sink
        self._began = time.perf_counter() if began is None else began
        self._objective: float | None = None
        self._bound: float | None = None
        self._lock = threading.Lock()

    @property
    def latest(self) -> Progress:
        return Progress(time.perf_counter() - self._began, self._objective, self._bound)

    def plan(self, objective: float) -> None:
        """A plan of this objective exists (feasible for the whole model)."""
        if not math.isfinite(objective):
            return
        with self._lock:
            if self._objective is not None and objective >= self._objective:
                return
            self._objective = objective
        self._sink(self.latest)

    def bound(self, value: float) -> None:
        """No plan of the whole model is cheaper than ``value``."""
        if not math.isfinite(value):
            return
        with self._lock:
            if self._bound is not None and value <= self._bound:
                return
            self._bound = value
        self._sink(self.latest)

    @contextlib.contextmanager
    def watch(self, highs: highspy.Highs, bounds: bool) -> Iterator[None]:
        """Report the plans HiGHS finds while solving in the block (and its dual bounds when
        ``bounds``: only when it solves the whole model)."""

        def improving(event: Any) -> None:
            self.plan(float(event.data_out.objective_function_value))

        def logging(event: Any) -> None:
            self.plan(float(event.data_out.mip_primal_bound))
            if bounds:
                self.bound(float(event.data_out.mip_dual_bound))

        highs.cbMipImprovingSolution += improving
        highs.cbMipLogging += logging
        try:
            yield
        finally:
            highs.cbMipImprovingSolution -= improving
            highs.cbMipLogging -= logging


def watching(
    tracker: ProgressTracker | None, highs: highspy.Highs, bounds: bool
) -> contextlib.AbstractContextManager[None]:
    """``tracker.watch(highs, bounds)``, or nothing without a tracker."""
    return tracker.watch(highs, bounds) if tracker is not None else contextlib.nullcontext()
