"""Objective of the capital model: net present cost from named components (GBP, discounted)."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt.models.capital.data import CapitalData

COST_COMPONENTS = (
    "capital",
    "enabling_works",
    "maintenance",
    "outsourcing",
    "patient_travel",
)
"""Components added to the net present cost."""
VALUE_COMPONENTS = ("resale", "residual_value")
"""Components subtracted from it."""


def add_objective(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``net_present_cost`` = capital + enabling_works + maintenance + outsourcing +
    patient_travel - resale - residual_value, each discounted to the first plan year:

    - capital = sum df[v] * purchase_cost[s, k, v] (volume discounts included);
    - enabling_works = sum df[y] * new_room_cost[s, mo] * new_rooms[s, mo, y];
    - maintenance = sum over windows of units * discounted maintenance by age (precomputed);
    - outsourcing = sum df[y] * outsourcing_cost[e] * outsourced[o, e, y];
    - patient_travel = sum df[y] * travel_cost_per_minute * minutes[o, s] * flow[o, s, e, y];
    - resale = value by age of scanners retired within the horizon, discounted to their year;
    - residual_value = value by age at the horizon end of scanners still in service.
    Each component is a named Expression ``cost_<component>`` for the cost breakdown.

    The elastic model (``data.shortfall``) minimises instead ``least_shortfall`` = the penalised
    shortfalls + a small weight x net present cost.
    """
    df = data.discount_factor
    m.cost_capital = pyo.Expression(
        expr=sum(df[v] * m.purchase_cost[s, k, v] for (s, k, v) in data.purchases)
    )
    m.cost_enabling_works = pyo.Expression(
        expr=sum(
            df[y] * data.new_room_cost[(s, mo)] * m.new_rooms[s, mo, y]
            for (s, mo, y) in data.room_builds
        )
    )
    m.cost_maintenance = pyo.Expression(
        expr=sum(w.maintenance_npv * m.retire[key] for key, w in data.cohort_windows.items())
        + sum(w.maintenance_npv * m.buy[key] for key, w in data.buy_windows.items())
    )
    m.cost_outsourcing = pyo.Expression(
        expr=sum(
            df[y] * data.outsourcing_cost[e] * m.outsourced[o, e, y] for (o, e, y) in m.outsourcing
        )
    )
    m.cost_patient_travel = pyo.Expression(
        expr=sum(
            df[y] * data.travel_cost[(o, s)] * m.flow[o, s, e, y]
            for (o, s, e, y) in data.flows
            if data.travel_cost[(o, s)] > 0
        )
    )
    m.cost_resale = pyo.Expression(
        expr=sum(
            w.resale_npv * m.retire[key] for key, w in data.cohort_windows.items() if w.resale_npv
        )
        + sum(w.resale_npv * m.buy[key] for key, w in data.buy_windows.items() if w.resale_npv)
    )
    m.cost_residual_value = pyo.Expression(
        expr=sum(
            w.residual_npv * m.retire[key]
            for key, w in data.cohort_windows.items()
            if w.residual_npv
        )
        + sum(w.residual_npv * m.buy[key] for key, w in data.buy_windows.items() if w.residual_npv)
    )
    costs = sum(getattr(m, f"cost_{name}") for name in COST_COMPONENTS)
    values = sum(getattr(m, f"cost_{name}") for name in VALUE_COMPONENTS)
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
    )
    m.least_shortfall = pyo.Objective(
        expr=m.shortfall_penalty + p.cost_weight * m.net_present_cost_value, sense=pyo.minimize
    )
