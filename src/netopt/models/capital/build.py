"""Build the capital model: the table of contents of ``models/capital.md``."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt.models.capital.constraints import (
    add_budget_constraints,
    add_capacity_constraints,
    add_capacity_rounding_cuts,
    add_committed_purchase_constraints,
    add_demand_constraints,
    add_existing_fleet_constraints,
    add_expressions,
    add_room_constraints,
    add_shortfall_variables,
    add_single_scanner_link_constraints,
    add_variables,
    add_volume_discount_constraints,
)
from netopt.models.capital.data import CapitalData
from netopt.models.capital.objective import add_objective
from netopt.solve.clock import Deadline

BUILD_STEPS = (
    add_variables,
    add_shortfall_variables,
    add_expressions,
    # constraint families, in the order of models/capital.md
    add_existing_fleet_constraints,
    add_demand_constraints,
    add_capacity_constraints,
    add_capacity_rounding_cuts,
    add_single_scanner_link_constraints,
    add_room_constraints,
    add_budget_constraints,
    add_volume_discount_constraints,
    add_committed_purchase_constraints,
    add_objective,
)
"""The model, step by step: variables, shared expressions, each family, the objective."""


def build_capital_model(data: CapitalData, deadline: Deadline | None = None) -> pyo.ConcreteModel:
    """The capital replacement and placement MIP for ``data``; with a ``deadline``, checked
    after each step (raises :class:`~netopt.solve.clock.TimeLimitReached`)."""
    m = pyo.ConcreteModel(name="netopt_capital")
    for step in BUILD_STEPS:
        step(m, data)
        if deadline is not None:
            deadline.check("building the model")
    return m
