"""Objective of the workforce model: annual cost from named components (GBP/year)."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt.models.workforce.data import WorkforceData

COST_COMPONENTS = ("outsourcing", "insourcing", "travel", "onboarding", "backlog")
"""The components of ``annual_cost``, in reporting order."""
UNSTAFFED_PENALTY = 1e6
"""Elastic model: penalty per staff place a scanner session goes short (per week)."""
COST_WEIGHT = 1e-6
"""Elastic model: weight of the annual cost, so shortfalls come first and cost breaks ties."""


def add_objective(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``annual_cost`` = W (outsourcing + insourcing + travel + backlog) + onboarding:

    - outsourcing = sum price_e outsourced[o, e, d] (GBP/week);
    - insourcing = sum_k r_k extra_sessions[k] (GBP/week);
    - travel = v (sum tau[l, l'] move[k, d, g, l, l'] + the first and last legs of each day,
      tau[b_k, l] times the people at l in the day's first and last sessions) (GBP/week);
    - backlog = beta sum late[o, e, d] (GBP/week; a penalty, not a cash cost);
    - onboarding = omega sum n_k passport[k, s] (GBP, one-off).
    Each is a named Expression ``cost_<component>`` in annual GBP.

    The elastic model (``data.elastic``) minimises instead ``least_shortfall`` =
    ``shortfall_penalty`` (UNSTAFFED_PENALTY x sum unstaffed) + COST_WEIGHT x annual cost.
    """
    weeks = data.weeks_per_year
    m.cost_outsourcing = pyo.Expression(
        expr=weeks
        * sum(data.outsourcing_price[e] * m.outsourced[o, e, d] for (o, e, d) in m.outsourcing)
    )
    m.cost_insourcing = pyo.Expression(
        expr=weeks
        * sum(
            k.extra_session_cost * m.extra_sessions[k.id]
            for k in data.cohorts.values()
            if k.extra_session_cost > 0 and k.max_extra_sessions > 0
        )
    )
    v = data.travel_cost_per_minute
    firsts = {(d, sessions[0][1]) for d, sessions in data.day_slots.items()}
    lasts = {(d, sessions[-1][1]) for d, sessions in data.day_slots.items()}
    legs = [
        (
            data.leg_minutes[(k, place)] * ((d, t) in firsts)
            + data.leg_minutes[(k, place)] * ((d, t) in lasts),
            (k, place, d, t, a),
        )
        for (k, place, d, t, a) in data.assignments
        if data.leg_minutes.get((k, place), 0.0) > 0 and ((d, t) in firsts or (d, t) in lasts)
    ]
    m.cost_travel = pyo.Expression(
        expr=weeks
        * v
        * (
            sum(
                data.move_minutes[(k, a, b)] * m.move[k, d, g, a, b]
                for (k, d, g, a, b) in data.moves
                if data.move_minutes[(k, a, b)] > 0
            )
            + sum(minutes * m.assign[key] for minutes, key in legs)
        )
    )
    m.cost_backlog = pyo.Expression(
        expr=weeks * data.backlog_cost * sum(m.late[key] for key in m.acquired)
    )
    m.cost_onboarding = pyo.Expression(
        expr=data.onboarding_cost
        * sum(data.cohorts[k].count * m.passport[k, s] for (k, s) in m.grantable)
    )
    total = sum(getattr(m, f"cost_{name}") for name in COST_COMPONENTS)
    if data.elastic:
        m.shortfall_penalty = pyo.Expression(
            expr=UNSTAFFED_PENALTY * sum(m.unstaffed[key] for key in m.short_sessions)
        )
        m.least_shortfall = pyo.Objective(
            expr=m.shortfall_penalty + COST_WEIGHT * total, sense=pyo.minimize
        )
    else:
        m.annual_cost = pyo.Objective(expr=total, sense=pyo.minimize)
