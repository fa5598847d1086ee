"""What every model's plan reports about how it was found: model size and phase timings."""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo


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
