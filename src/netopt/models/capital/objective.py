"""Objective of the capital model: net present cost from named components (GBP, discounted)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.data import CapitalData


class CostComponent(StrEnum):
    """A component of the net present cost, in the order of the ``costs`` table."""

    CAPITAL = "capital"
    ENABLING_WORKS = "enabling_works"
    MAINTENANCE = "maintenance"
    OUTSOURCING = "outsourcing"
    IN_HOUSE_SCANNING = "in_house_scanning"
    PATIENT_TRAVEL = "patient_travel"
    RESALE = "resale"
    RESIDUAL_VALUE = "residual_value"

    @property
    def sign(self) -> int:
        """+1 for a cost, -1 for a value (subtracted from the net present cost)."""
        return -1 if self in VALUE_COMPONENTS else 1


COST_COMPONENTS = (
    CostComponent.CAPITAL,
    CostComponent.ENABLING_WORKS,
    CostComponent.MAINTENANCE,
    CostComponent.OUTSOURCING,
    CostComponent.IN_HOUSE_SCANNING,
    CostComponent.PATIENT_TRAVEL,
)
"""Components added to the net present cost."""
VALUE_COMPONENTS = (CostComponent.RESALE, CostComponent.RESIDUAL_VALUE)
"""Components subtracted from it."""


def capital(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """sum df[v] * purchase_cost[s, k, v] (volume discounts included)."""
    df = data.discount_factor
    return sum(df[v] * m.purchase_cost[s, k, v] for (s, k, v) in data.purchases)


def enabling_works(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """sum df[y] * new_room_cost[s, mo] * new_rooms[s, mo, y] + sum df[v] *
    installation_works[s, k, v] (works to install each scanner bought)."""
    df = data.discount_factor
    return sum(
        df[y] * data.new_room_cost[(s, mo)] * m.new_rooms[s, mo, y]
        for (s, mo, y) in data.room_builds
    ) + sum(df[v] * m.installation_works[s, k, v] for (s, k, v) in m.works_keys)


def maintenance(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """Units held in each window times its discounted maintenance by age (precomputed)."""
    return sum(w.maintenance_npv * m.retire[key] for key, w in data.cohort_windows.items()) + sum(
        w.maintenance_npv * m.buy[key] for key, w in data.buy_windows.items()
    )


def outsourcing(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """sum df[y] * outsourcing_cost[e] * outsourced[o, e, y]."""
    df = data.discount_factor
    return sum(
        df[y] * data.outsourcing_cost[e] * m.outsourced[o, e, y] for (o, e, y) in m.outsourcing
    )


def in_house_scanning(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """sum df[y] * in_house_cost[e] * flow[o, s, e, y]: staff and consumables of every exam
    scanned in the network, wherever it is scanned."""
    df = data.discount_factor
    cost = data.in_house_cost
    return sum(df[y] * cost[e] * m.flow[o, s, e, y] for (o, s, e, y) in data.flows if e in cost)


def patient_travel(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """sum df[y] * travel_cost_per_minute * minutes[o, s] * flow[o, s, e, y]."""
    df = data.discount_factor
    return sum(
        df[y] * data.travel_cost[(o, s)] * m.flow[o, s, e, y]
        for (o, s, e, y) in data.flows
        if data.travel_cost[(o, s)] > 0
    )


def resale(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """Value by age of scanners retired within the horizon, discounted to their year."""
    return sum(
        w.resale_npv * m.retire[key] for key, w in data.cohort_windows.items() if w.resale_npv
    ) + sum(w.resale_npv * m.buy[key] for key, w in data.buy_windows.items() if w.resale_npv)


def residual_value(m: pyo.ConcreteModel, data: CapitalData) -> Any:
    """Value at the horizon end of scanners still in service (by the residual value rule),
    discounted."""
    return sum(
        w.residual_npv * m.retire[key] for key, w in data.cohort_windows.items() if w.residual_npv
    ) + sum(w.residual_npv * m.buy[key] for key, w in data.buy_windows.items() if w.residual_npv)


COMPONENTS: dict[CostComponent, Callable[[pyo.ConcreteModel, CapitalData], Any]] = {
    CostComponent.CAPITAL: capital,
    CostComponent.ENABLING_WORKS: enabling_works,
    CostComponent.MAINTENANCE: maintenance,
    CostComponent.OUTSOURCING: outsourcing,
    CostComponent.IN_HOUSE_SCANNING: in_house_scanning,
    CostComponent.PATIENT_TRAVEL: patient_travel,
    CostComponent.RESALE: resale,
    CostComponent.RESIDUAL_VALUE: residual_value,
}
"""Each component of the net present cost -> its expression (GBP, discounted)."""


def add_objective(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``net_present_cost`` = capital + enabling_works + maintenance + outsourcing +
    in_house_scanning + patient_travel - resale - residual_value, each discounted to the first
    plan year:

    - capital = sum df[v] * purchase_cost[s, k, v] (volume discounts included);
    - enabling_works = sum df[y] * new_room_cost[s, mo] * new_rooms[s, mo, y] + sum df[v] *
      installation_works[s, k, v];
    - maintenance = sum over windows of units * discounted maintenance by age (precomputed);
    - outsourcing = sum df[y] * outsourcing_cost[e] * outsourced[o, e, y];
    - in_house_scanning = sum df[y] * in_house_cost[e] * flow[o, s, e, y];
    - patient_travel = sum df[y] * travel_cost_per_minute * minutes[o, s] * flow[o, s, e, y];
    - resale = value by age of scanners retired within the horizon, discounted to their year;
    - residual_value = value at the horizon end of scanners still in service, by the residual
      value rule (``policy.residual_value``, or the age profile's own residual values).
    Each component is an entry ``cost[component]`` of an indexed Expression (one function
    each below, in :data:`COMPONENTS`), for the cost breakdown.

    The elastic model (``data.shortfall``) minimises instead ``least_shortfall`` = the penalised
    shortfalls + a small weight x net present cost.
    """
    m.cost_components = pyo.Set(initialize=[c.value for c in CostComponent], ordered=True)
    m.cost = pyo.Expression(
        m.cost_components, rule=lambda m, c: COMPONENTS[CostComponent(c)](m, data)
    )
    costs = sum(m.cost[c] for c in COST_COMPONENTS)
    values = sum(m.cost[c] for c in VALUE_COMPONENTS)
    m.net_present_cost_value = pyo.Expression(expr=costs - values)
    if data.shortfall is None:
        m.net_present_cost = pyo.Objective(expr=m.net_present_cost_value, sense=pyo.minimize)
        return
    p = data.shortfall
    m.shortfall_penalty = pyo.Expression(
        expr=p.unmet_exam * sum(m.unmet.values())
        + p.budget_overrun * sum(m.budget_overrun.values())
        + p.extra_room * sum(m.extra_rooms.values())
        + p.committed_unit * sum(m.committed_shortfall.values())
        + p.access_exam * sum(m.access_shortfall.values())
        + p.revenue_overrun * sum(m.revenue_overrun.values())
    )
    m.least_shortfall = pyo.Objective(
        expr=m.shortfall_penalty + p.cost_weight * m.net_present_cost_value, sense=pyo.minimize
    )
