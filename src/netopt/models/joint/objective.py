"""Objective of the joint plan: the capital model's net present cost plus the workforce's, in
the same discounted GBP (``models/joint.md``)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pyomo.environ as pyo

from netopt.models.joint.data import JointData


class StaffCost(StrEnum):
    """A component of the workforce's net present cost, in the order of the ``costs`` table."""

    SALARIES = "salaries"
    RECRUITMENT = "recruitment"
    TRAINING = "training"
    AGENCY = "agency"
    REPORT_OUTSOURCING = "report_outsourcing"
    PASSPORT_ONBOARDING = "passport_onboarding"


def salaries(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y] * salary_ro * wte[em, ro, y]."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[y] * st.roles[ro].salary * m.wte[em, ro, y]
        for em, ro, y in m.staff_years
        if st.roles[ro].salary
    )


def recruitment(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y - lead_ro] * hire_cost_ro * hires[em, ro, y] (paid when the hire is decided)."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[y - st.roles[ro].hire_lead_years] * st.roles[ro].hire_cost * m.hires[em, ro, y]
        for em, ro, y in m.hire_keys
        if st.roles[ro].hire_cost
    )


def training(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y] * cost_per_year_pw * in_training[em, pw, y]."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[y] * st.pathways[pw].cost_per_year * m.in_training[em, pw, y]
        for em, pw, y in m.training_years
        if st.pathways[pw].cost_per_year
    )


def agency(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y] * agency_hour_cost_ro * agency[em, ro, y]."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[y] * (st.roles[ro].agency_hour_cost or 0.0) * m.agency[em, ro, y]
        for em, ro, y in m.agency_keys
    )


def report_outsourcing(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y] * report_outsourcing_cost_e * reports_outsourced[em, e, y]."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[y] * st.report_outsourcing_cost[e] * m.reports_outsourced[em, e, y]
        for em, e, y in m.report_outsourcing
    )


def passport_onboarding(m: pyo.ConcreteModel, data: JointData) -> Any:
    """sum df[y] * onboarding_cost * passports_granted[em, ro, em2, y]."""
    st = data.staffing
    df = st.discount_factor
    return sum(
        df[k[3]] * st.onboarding_cost * m.passports_granted[k]
        for k in m.passport_keys
        if st.onboarding_cost
    )


STAFF_COSTS: dict[StaffCost, Callable[[pyo.ConcreteModel, JointData], Any]] = {
    StaffCost.SALARIES: salaries,
    StaffCost.RECRUITMENT: recruitment,
    StaffCost.TRAINING: training,
    StaffCost.AGENCY: agency,
    StaffCost.REPORT_OUTSOURCING: report_outsourcing,
    StaffCost.PASSPORT_ONBOARDING: passport_onboarding,
}
"""Each component of the workforce's net present cost -> its expression (GBP, discounted)."""


def add_joint_objective(m: pyo.ConcreteModel, data: JointData) -> None:
    """``joint_cost`` = the capital model's ``net_present_cost`` (its in-house cost less the
    staff share) + ``staff_cost[component]`` summed over :class:`StaffCost`: salaries,
    recruitment, training, agency, report outsourcing and passport onboarding, each
    discounted to the first plan year. The capital model's own objective is deactivated."""
    m.staff_cost_components = pyo.Set(initialize=[c.value for c in StaffCost], ordered=True)
    m.staff_cost = pyo.Expression(
        m.staff_cost_components, rule=lambda m, c: STAFF_COSTS[StaffCost(c)](m, data)
    )
    m.net_present_cost.deactivate()
    m.joint_cost = pyo.Objective(
        expr=m.net_present_cost_value + sum(m.staff_cost[c] for c in m.staff_cost_components),
        sense=pyo.minimize,
    )
