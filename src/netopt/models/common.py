"""What every model's plan reports about how it was found: model size and phase timings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd
import pyomo.environ as pyo

from netopt.solve.highs import SolveReport, SolveStatus


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


def model_size(m: pyo.ConcreteModel) -> ModelSize:
    variables = integers = 0
    for var in m.component_data_objects(pyo.Var, active=True):
        variables += 1
        integers += int(var.is_integer() or var.is_binary())
    constraints = sum(1 for _ in m.component_data_objects(pyo.Constraint, active=True))
    return ModelSize(variables, integers, constraints)


def solve_summary(report: SolveReport, timings: Timings, size: ModelSize) -> dict[str, Any]:
    """The ``summary.json`` fields every plan shares: status, objective, bound, gap, solver,
    timings and model size."""
    return {
        "status": report.status.value,
        "objective": report.objective,
        "bound": report.bound,
        "gap": report.gap,
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
