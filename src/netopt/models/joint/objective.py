"""Objective of the joint plan: the capital model's net present cost plus the workforce's, in
the same discounted GBP (``models/joint.md``)."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt.models.joint.costs import StaffCost, staff_cost
from netopt.models.joint.data import JointData


def add_joint_objective(m: pyo.ConcreteModel, data: JointData) -> None:
    """``joint_cost`` = the capital model's ``net_present_cost`` (its in-house cost less the
    staff share) + ``staff_cost[component]`` summed over :class:`StaffCost`: salaries,
    recruitment, training, agency, report outsourcing and passport onboarding, each the cash
    of :data:`~netopt.models.joint.costs.STAFF_CASH` discounted from the year it is paid to the
    first plan year (recruitment from the year the hire is decided). The capital model's own
    objective is deactivated."""
    m.staff_cost_components = pyo.Set(initialize=[c.value for c in StaffCost], ordered=True)
    m.staff_cost = pyo.Expression(
        m.staff_cost_components, rule=lambda m, c: staff_cost(m, data, StaffCost(c))
    )
    m.net_present_cost.deactivate()
    m.joint_cost = pyo.Objective(
        expr=m.net_present_cost_value + sum(m.staff_cost[c] for c in m.staff_cost_components),
        sense=pyo.minimize,
    )
