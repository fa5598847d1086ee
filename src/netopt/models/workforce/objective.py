"""Objective of the workforce model: annual cost from named components (GBP/year)."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from netopt.models.workforce.data import WorkforceData

UNSTAFFED_PENALTY = 1e6
"""Elastic model: penalty per staff place a scanner session goes short (per week)."""
COST_WEIGHT = 1e-6
"""Elastic model: weight of the annual cost, so shortfalls come first and cost breaks ties."""


def outsourcing_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W sum price_e outsourced[o, e, d] (reports bought from outsourcing companies)."""
    return data.weeks_per_year * sum(
        data.outsourcing_price[e] * m.outsourced[o, e, d] for (o, e, d) in m.outsourcing
    )


def insourcing_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W sum_k rho_k extra_sessions[k] (extra paid sessions)."""
    return data.weeks_per_year * sum(
        k.extra_session_cost * m.extra_sessions[k.id]
        for k in data.cohorts.values()
        if k.extra_session_cost > 0 and k.max_extra_sessions > 0
    )


def travel_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W gamma (moves between sessions + the first and last legs of each day)."""
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
    return (
        data.weeks_per_year
        * data.travel_cost_per_minute
        * (
            sum(
                data.move_minutes[(k, a, b)] * m.move[k, d, g, a, b]
                for (k, d, g, a, b) in data.moves
                if data.move_minutes[(k, a, b)] > 0
            )
            + sum(minutes * m.assign[key] for minutes, key in legs)
        )
    )


def unsocial_hours_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W sum pay_k u[d, t] assign[k, l, d, t, a] (unsocial-hours enhancements of the sessions
    worked, and on-call availability payments)."""
    return data.weeks_per_year * sum(
        data.cohorts[k].session_pay * data.premium[(d, t)] * m.assign[k, place, d, t, a]
        for (k, place, d, t, a) in data.assignments
        if (d, t) in data.premium and data.cohorts[k].session_pay > 0
    )


def unscanned_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W sum price_e unscanned[o, e, d] (exams bought from the independent sector, or late,
    with ``scan_from_sessions``)."""
    price = data.unscanned_price or {}
    return data.weeks_per_year * sum(
        price[e] * m.unscanned[o, e, d] for (o, e, d) in m.scannable if price[e] > 0
    )


def onboarding_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """omega sum n_k passport[k, s] (one-off; omega sum passport[k, s] when passports are
    granted per person)."""
    return data.onboarding_cost * sum(
        data.people_per_passport(k) * m.passport[k, s] for (k, s) in m.grantable
    )


def backlog_cost(m: pyo.ConcreteModel, data: WorkforceData) -> pyo.Expression:
    """W beta sum late[o, e, d] (a penalty, not a cash cost)."""
    return data.weeks_per_year * data.backlog_cost * sum(m.late[key] for key in m.acquired)


COSTS: dict[str, Callable[[pyo.ConcreteModel, WorkforceData], pyo.Expression]] = {
    "outsourcing": outsourcing_cost,
    "insourcing": insourcing_cost,
    "travel": travel_cost,
    "unsocial_hours": unsocial_hours_cost,
    "unscanned": unscanned_cost,
    "onboarding": onboarding_cost,
    "backlog": backlog_cost,
}
"""The components of ``annual_cost`` and their expressions, in reporting order."""
COST_COMPONENTS = tuple(COSTS)
"""The components of ``annual_cost``, in reporting order."""


def add_objective(m: pyo.ConcreteModel, data: WorkforceData) -> None:
    """``annual_cost`` = W (outsourcing + insourcing + travel + unsocial_hours + unscanned +
    backlog) + onboarding:

    - outsourcing = sum price_e outsourced[o, e, d] (GBP/week);
    - insourcing = sum_k rho_k extra_sessions[k] (GBP/week);
    - travel = gamma (sum tau[l, l'] move[k, d, g, l, l'] + the first and last legs of each day,
      tau[b_k, l] times the people at l in the day's first and last sessions) (GBP/week);
    - backlog = beta sum late[o, e, d] (GBP/week; a penalty, not a cash cost);
    - unsocial_hours = sum pay_k u[d, t] assign[k, l, d, t, a] (GBP/week);
    - unscanned = sum price_e unscanned[o, e, d] (GBP/week);
    - onboarding = omega sum n_k passport[k, s] (GBP, one-off).
    Each is ``cost[component]`` (an Expression indexed by ``cost_components``) in annual GBP.

    The elastic model (``data.elastic``) minimises instead ``least_shortfall`` =
    ``shortfall_penalty`` (UNSTAFFED_PENALTY x sum unstaffed) + COST_WEIGHT x annual cost.
    """
    m.cost_components = pyo.Set(initialize=COST_COMPONENTS, ordered=True)
    m.cost = pyo.Expression(m.cost_components, rule=lambda m, name: COSTS[name](m, data))
    total = sum(m.cost[name] for name in m.cost_components)
    if data.elastic:
        m.shortfall_penalty = pyo.Expression(
            expr=UNSTAFFED_PENALTY * sum(m.unstaffed[key] for key in m.short_sessions)
        )
        m.least_shortfall = pyo.Objective(
            expr=m.shortfall_penalty + COST_WEIGHT * total, sense=pyo.minimize
        )
    else:
        m.annual_cost = pyo.Objective(expr=total, sense=pyo.minimize)
