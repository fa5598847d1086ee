"""Build the capital model: the table of contents of ``models/capital.md``."""

from __future__ import annotations

from collections.abc import Callable, Collection

import pyomo.environ as pyo

from netopt.models.capital.constraints import (
    add_access_target,
    add_capability_cover,
    add_capacity_rounding,
    add_capital_budget,
    add_committed_purchase,
    add_demand_balance,
    add_discount_tier_choice,
    add_discount_tier_threshold,
    add_discount_tier_units,
    add_discounted_units_bought,
    add_existing_fleet,
    add_expressions,
    add_new_rooms_limit,
    add_outsourcing_limit,
    add_revenue_budget,
    add_rooms_limit,
    add_scan_capacity,
    add_shortfall_variables,
    add_single_scanner_link,
    add_variables,
)
from netopt.models.capital.data import CapitalData
from netopt.models.capital.objective import add_objective
from netopt.solve.clock import Deadline

ModelStep = Callable[[pyo.ConcreteModel, CapitalData], None]
"""One step of building the model: adds components to it from the data."""

FAMILIES: dict[str, ModelStep] = {
    "existing_fleet": add_existing_fleet,
    "demand_balance": add_demand_balance,
    "outsourcing_limit": add_outsourcing_limit,
    "access_target": add_access_target,
    "scan_capacity": add_scan_capacity,
    "capability_cover": add_capability_cover,
    "capacity_rounding": add_capacity_rounding,
    "single_scanner_link": add_single_scanner_link,
    "rooms_limit": add_rooms_limit,
    "new_rooms_limit": add_new_rooms_limit,
    "capital_budget": add_capital_budget,
    "revenue_budget": add_revenue_budget,
    "discount_tier_choice": add_discount_tier_choice,
    "discount_tier_units": add_discount_tier_units,
    "discount_tier_threshold": add_discount_tier_threshold,
    "discounted_units_bought": add_discounted_units_bought,
    "committed_purchase": add_committed_purchase,
}
"""Each constraint family of ``models/capital.md``, in the document's order -> the function
``add_<family>`` that adds the constraint of that name."""

BUILD_STEPS: tuple[ModelStep, ...] = (
    add_variables,
    add_shortfall_variables,
    add_expressions,
    *FAMILIES.values(),
    add_objective,
)
"""The model, step by step: variables, shared expressions, each family, the objective."""


def build_capital_model(
    data: CapitalData, deadline: Deadline | None = None, *, deferred: Collection[str] = ()
) -> pyo.ConcreteModel:
    """The capital replacement and placement MIP for ``data``; with a ``deadline``, checked
    after each step (raises :class:`~netopt.solve.clock.TimeLimitReached`). ``deferred``:
    families of :data:`FAMILIES` left out, for a model built on this one to add once its own
    variables exist (the joint plan's ``revenue_budget``, which counts its staff)."""
    left_out = {FAMILIES[name] for name in deferred}
    m = pyo.ConcreteModel(name="netopt_capital")
    for step in BUILD_STEPS:
        if step in left_out:
            continue
        step(m, data)
        if deadline is not None:
            deadline.check("building the model")
    return m
