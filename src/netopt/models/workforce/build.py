"""Build the workforce model: the table of contents of ``models/workforce.md``."""

from __future__ import annotations

import pyomo.environ as pyo

from netopt.models.workforce.constraints import (
    add_acquisition_constraints,
    add_continuity_constraints,
    add_reporting_constraints,
    add_staff_constraints,
    add_transfer_constraints,
    add_variables,
    add_worklist_constraints,
)
from netopt.models.workforce.data import WorkforceData
from netopt.models.workforce.objective import add_objective
from netopt.solve.clock import Deadline

BUILD_STEPS = (
    add_variables,
    # constraint families, in the order of models/workforce.md
    add_staff_constraints,  # one_place_per_session, contracted_sessions, passport_required
    add_acquisition_constraints,  # scanner_staffing, skill_mix
    add_reporting_constraints,  # reporting_time, exam_reporting, outsourcing_capacity
    add_worklist_constraints,  # worklist_balance, turnaround
    add_transfer_constraints,  # transfer_routing, link_capacity
    add_continuity_constraints,  # session_continuity (travel_limit lives in its index set)
    add_objective,
)
"""The model, step by step: variables, each family, the objective."""


def build_workforce_model(
    data: WorkforceData, deadline: Deadline | None = None
) -> pyo.ConcreteModel:
    """The workforce and reporting MIP for ``data``; with a ``deadline``, checked after each
    step (raises :class:`~netopt.solve.clock.TimeLimitReached`)."""
    m = pyo.ConcreteModel(name="netopt_workforce")
    for step in BUILD_STEPS:
        step(m, data)
        if deadline is not None:
            deadline.check("building the model")
    return m
