"""Build the joint model: the capital model, then the table of contents of ``models/joint.md``."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from netopt.models.capital.build import FAMILIES as CAPITAL_FAMILIES
from netopt.models.capital.build import build_capital_model
from netopt.models.joint.constraints import (
    add_clinical_hours,
    add_exam_reporting,
    add_headcount_balance,
    add_passport_cover,
    add_passport_holders,
    add_recruitment_limit,
    add_report_outsourcing_limit,
    add_revenue_budget,
    add_scanner_staffing,
    add_skill_mix,
    add_staffing_expressions,
    add_staffing_shortfall_variables,
    add_staffing_variables,
    add_training_intake,
    add_training_places,
)
from netopt.models.joint.data import JointData
from netopt.models.joint.objective import add_joint_objective
from netopt.solve.clock import Deadline

JointStep = Callable[[pyo.ConcreteModel, JointData], None]
"""One step of adding the workforce years to a built capital model."""

FAMILIES: dict[str, JointStep] = {
    "headcount_balance": add_headcount_balance,
    "recruitment_limit": add_recruitment_limit,
    "training_places": add_training_places,
    "training_intake": add_training_intake,
    "clinical_hours": add_clinical_hours,
    "scanner_staffing": add_scanner_staffing,
    "skill_mix": add_skill_mix,
    "exam_reporting": add_exam_reporting,
    "report_outsourcing_limit": add_report_outsourcing_limit,
    "passport_cover": add_passport_cover,
    "passport_holders": add_passport_holders,
    "revenue_budget": add_revenue_budget,
}
"""Each constraint family of ``models/joint.md``, in the document's order -> the function
``add_<family>`` that adds the constraint of that name."""

REPLACED = tuple(name for name in CAPITAL_FAMILIES if name in FAMILIES)
"""Families of the capital model the joint plan builds itself, after its staff (whose running
costs ``revenue_budget`` counts): the capital model is built without them."""

BUILD_STEPS: tuple[JointStep, ...] = (
    add_staffing_variables,
    add_staffing_shortfall_variables,
    add_staffing_expressions,
    *FAMILIES.values(),
    add_joint_objective,
)
"""The workforce years, step by step, on top of the capital model."""


def build_joint_model(data: JointData, deadline: Deadline | None = None) -> pyo.ConcreteModel:
    """The capital model of ``data.capital`` with the workforce years added and the joint
    objective (its families of :data:`REPLACED` the joint plan's own); the elastic model when
    the data has shortfall penalties; with a ``deadline``, checked after each step."""
    m = build_capital_model(data.capital, deadline, deferred=REPLACED)
    m.name = "netopt_joint"
    for step in BUILD_STEPS:
        step(m, data)
        if deadline is not None:
            deadline.check("building the model")
    return m
