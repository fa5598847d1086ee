"""What every model shares: its plan's size and phase timings, and solver values cleaned of noise."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd
import pyomo.environ as pyo

from netopt.schema import Instance
from netopt.schema.tables import NETWORK_OWNER
from netopt.solve.clock import TimeLimitReached
from netopt.solve.highs import SolveReport, SolveStatus


class _TimeLimitNotAnError(logging.Filter):
    """Pyomo logs an ERROR when a rule raises while a model is built; the time limit's
    interruption (:class:`~netopt.solve.clock.TimeLimitReached`) is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return TimeLimitReached.__name__ not in record.getMessage()


logging.getLogger("pyomo.core").addFilter(_TimeLimitNotAnError())

RESULTS_SECONDS_PER_VARIABLE = 7e-5
"""Time kept at the end of a time limit for extracting and writing the result tables, per
model variable: measured 5-6e-5 s on the 2-core machine for the tutorial x30 and x100 (159k and
539k variables; the workbook is about half of it), with a margin for a busy machine."""
RESULTS_MIN_SECONDS = 0.25

NOISE = 1e-6
"""Solver values closer than this to 0 or to an integer are taken to be exactly that."""


def clean(x: float) -> float:
    """A solver value without noise: tiny values become 0 and near-integers integers."""
    if abs(x) < NOISE:
        return 0.0
    nearest = round(x)
    return float(nearest) if abs(x - nearest) < NOISE else round(x, 6)


def units(var: Any) -> int:
    """An integer variable's value as an int."""
    value: float = pyo.value(var)
    return round(value)


@dataclass(frozen=True)
class ModelSize:
    """Size of the optimisation model as handed to the solver."""

    variables: int
    integer_variables: int
    constraints: int


@dataclass(frozen=True)
class Timings:
    """Wall-clock seconds of each phase."""

    data: float
    build: float
    solve: float
    results: float

    @property
    def total(self) -> float:
        return self.data + self.build + self.solve + self.results


@dataclass
class Stopwatch:
    """Wall-clock seconds of a run's phases (``data``, ``build``, ``solve``, ``results``)."""

    seconds: dict[str, float] = field(default_factory=dict)
    _phase: str | None = None
    _since: float = 0.0

    def phase(self, name: str) -> None:
        """End the current phase and start ``name``."""
        self.stop()
        self._phase, self._since = name, time.perf_counter()

    def stop(self) -> None:
        if self._phase is not None:
            elapsed = time.perf_counter() - self._since
            self.seconds[self._phase] = self.seconds.get(self._phase, 0.0) + elapsed
            self._phase = None

    def timings(self) -> Timings:
        self.stop()
        get = self.seconds.get
        return Timings(get("data", 0.0), get("build", 0.0), get("solve", 0.0), get("results", 0.0))


def results_reserve(size: ModelSize) -> float:
    """Seconds to keep at the end of a time limit for the result tables of a model this size."""
    return max(RESULTS_MIN_SECONDS, RESULTS_SECONDS_PER_VARIABLE * size.variables)


def model_size(m: pyo.ConcreteModel) -> ModelSize:
    variables = integers = 0
    for var in m.component_data_objects(pyo.Var, active=True):
        variables += 1
        integers += int(var.is_integer() or var.is_binary())
    constraints = sum(1 for _ in m.component_data_objects(pyo.Constraint, active=True))
    return ModelSize(variables, integers, constraints)


def still_the_start(report: SolveReport) -> bool | None:
    """Whether the plan is no cheaper than the start plan the run began from (None: the run
    did not measure the start, or there is no plan)."""
    if report.objective is None or report.start_objective is None:
        return None
    start = report.start_objective
    return report.objective >= start - START_TOLERANCE * max(1.0, abs(start))


OPTIMAL_GAP = 1e-6
"""A proven gap this small is no gap worth mentioning."""
START_TOLERANCE = 1e-9
"""A plan cheaper than the start by less than this (relative) is the start."""


def quality_in_words(report: SolveReport) -> str:
    """How far from the best possible plan the plan may be, in a planner's words, and whether
    it is still the plan the run started from."""
    if report.objective is None:
        return "no plan"
    if report.status is SolveStatus.OPTIMAL:
        words = "optimal: no plan is cheaper"
        if report.gap is not None and report.gap > OPTIMAL_GAP:
            words = (
                f"optimal within the accepted gap: no plan is more than {_percent(report.gap)}"
                " cheaper"
            )
    elif report.bound is None:
        words = "no proven bound: how far this plan is from the best possible is unknown"
    elif report.bound > 0:
        over = max(report.objective - report.bound, 0.0) / report.bound
        words = f"costs at most {_percent(over)} more than the best possible plan"
    else:
        words = f"at most {_money(report.objective - report.bound)} above the best possible plan"
    if still_the_start(report):
        words += (
            f"; it is still {report.start} the search started from (nothing cheaper found in the"
            " time limit)"
        )
    return words


def _money(x: float) -> str:
    return f"GBP {max(x, 0.0):,.0f}"


def _percent(x: float) -> str:
    if x < 0.001:
        return f"{x:.3%}"
    return f"{x:.2%}" if x < 0.1 else f"{x:.1%}"


def solve_summary(report: SolveReport, timings: Timings, size: ModelSize) -> dict[str, Any]:
    """The ``summary.json`` fields every plan shares: status, objective, bound, gap, the plan's
    quality in words (and whether it is still the start plan), the time limit and whether it
    ended the run, solver, timings and model size."""
    limit = report.options.get("time_limit")
    return {
        "status": report.status.value,
        "objective": report.objective,
        "bound": report.bound,
        "gap": report.gap,
        "quality": quality_in_words(report),
        "start_objective": report.start_objective,
        "still_the_start": still_the_start(report),
        "time_limit": {
            "seconds": limit,
            "reached": report.limit_reached,
            "stage": report.stage if report.limit_reached else None,
        },
        "solver": {
            "name": report.solver,
            "version": report.solver_version,
            "termination": report.termination,
            "options": report.options,
        },
        "timings": {
            "data_seconds": round(timings.data, 4),
            "build_seconds": round(timings.build, 4),
            "solve_seconds": round(timings.solve, 4),
            "results_seconds": round(timings.results, 4),
            "total_seconds": round(timings.total, 4),
        },
        "model_size": {
            "variables": size.variables,
            "integer_variables": size.integer_variables,
            "constraints": size.constraints,
        },
    }


class PlanTables:
    """What every plan offers besides its own tables: status, objective, tables by name.

    Subclasses are frozen dataclasses with a ``report`` field and one DataFrame field per name
    in ``TABLES``.
    """

    TABLES: ClassVar[tuple[str, ...]]
    report: SolveReport

    @property
    def status(self) -> SolveStatus:
        return self.report.status

    @property
    def objective(self) -> float | None:
        """The plan's objective (GBP): net present cost or annual cost, by model."""
        return self.report.objective

    def tables(self) -> dict[str, pd.DataFrame]:
        """All result tables by name, in writing order."""
        return {name: getattr(self, name) for name in self.TABLES}


SITE_COLUMNS = ("site", "name", "trust", "trust_name", "kind", "latitude", "longitude")
"""The columns of the ``sites`` table, in order."""


def site_table(instance: Instance) -> pd.DataFrame:
    """The ``sites`` table: every site of the instance with its name, owning trust (and the
    trust's name; the network's name for a network site), kind and coordinates, so a result
    folder names and places what its other tables give by id."""
    trusts = {t.id: t.name or t.id for t in instance.trusts}
    trusts[NETWORK_OWNER] = instance.network.name or NETWORK_OWNER
    rows = [
        (
            s.id,
            s.name or s.id,
            s.owner,
            trusts.get(s.owner, s.owner),
            s.kind.value,
            s.latitude,
            s.longitude,
        )
        for s in instance.sites
    ]
    return pd.DataFrame(rows, columns=list(SITE_COLUMNS))
