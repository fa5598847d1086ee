"""Objective of the joint plan: the capital model's net present cost plus the workforce's, in
the same discounted GBP (``models/joint.md``); in the elastic model, the least shortfall."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from netopt.models.joint.costs import StaffCost, staff_cost
from netopt.models.joint.data import JointData


def add_joint_objective(m: pyo.ConcreteModel, data: JointData) -> None:
    """``joint_cost`` = the capital model's ``net_present_cost`` (its in-house cost less the
    staff share) + ``staff_cost[component]`` summed over :class:`StaffCost`: salaries,
    recruitment, training, agency, report outsourcing and passport onboarding, each the cash
    of :data:`~netopt.models.joint.costs.STAFF_CASH` discounted from the year it is paid to the
    first plan year (recruitment from the year the hire is decided). The capital model's own
    objective is deactivated.

    The elastic model (``data.staffing.shortfall``) has no ``joint_cost`` objective: the
    capital model's ``least_shortfall`` is deactivated and the diagnosis minimises first
    ``joint_shortfall_penalty`` = the capital model's ``shortfall_penalty`` +
    ``staff_shortfall_penalty`` (``unstaffed_hour`` x sum ``unstaffed_hours`` +
    ``assistant_hour`` x sum ``assistant_hours_over`` + ``unreported_exam`` x sum
    ``unreported``), then, with that penalty capped at its least, ``shortfall_plan_cost`` =
    ``lent_hour`` x ``lent_hours`` + the joint cost (deactivated here): among the
    least-shortfall plans, staff work for another employer only where that makes the shortfall
    smaller, so each shortfall shows where it arises, and then the plan costs least.
    """
    m.staff_cost_components = pyo.Set(initialize=[c.value for c in StaffCost], ordered=True)
    m.staff_cost = pyo.Expression(
        m.staff_cost_components, rule=lambda m, c: staff_cost(m, data, StaffCost(c))
    )
    cost = m.net_present_cost_value + sum(m.staff_cost[c] for c in m.staff_cost_components)
    p = data.staffing.shortfall
    if p is None:
        m.net_present_cost.deactivate()
        m.joint_cost = pyo.Objective(expr=cost, sense=pyo.minimize)
        return
    m.least_shortfall.deactivate()
    m.staff_shortfall_penalty = pyo.Expression(
        expr=p.unstaffed_hour * sum(m.unstaffed_hours.values())
        + p.assistant_hour * sum(m.assistant_hours_over.values())
        + p.unreported_exam * sum(m.unreported.values())
    )
    m.joint_shortfall_penalty = pyo.Expression(expr=m.shortfall_penalty + m.staff_shortfall_penalty)
    m.lent_hours = pyo.Expression(expr=lent_hours(m, data))
    m.shortfall_plan_cost = pyo.Objective(
        expr=p.lent_hour * m.lent_hours + cost, sense=pyo.minimize
    )
    m.shortfall_plan_cost.deactivate()


def lent_hours(m: pyo.ConcreteModel, data: JointData) -> Any:
    """Hours staff work for another employer: ``scan_work[em, ro, em2, mo, y]`` and
    ``rh[ro, e] * report_work[em, ro, em2, e, y]`` summed over ``em2 != em``."""
    st = data.staffing
    scanning = sum(m.scan_work[k] for k in st.scan_work if k[0] != k[2])
    reporting = sum(
        st.report_hours[(k[1], k[3])] * m.report_work[k] for k in st.report_work if k[0] != k[2]
    )
    return scanning + reporting
