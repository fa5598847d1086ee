"""Build the workforce model: the table of contents of ``models/workforce.md``."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from netopt.models.workforce.constraints import (
    add_contracted_sessions,
    add_exam_reporting,
    add_link_capacity,
    add_minimum_rest,
    add_one_place_per_session,
    add_outsourcing_capacity,
    add_passport_required,
    add_remote_reporting_passport,
    add_reporting_time,
    add_scan_capacity,
    add_scanner_staffing,
    add_session_continuity,
    add_sessions_per_day,
    add_skill_mix,
    add_transfer_routing,
    add_turnaround,
    add_variables,
    add_worklist_balance,
)
from netopt.models.workforce.data import WorkforceData
from netopt.models.workforce.objective import add_objective
from netopt.solve.clock import Deadline

Step = Callable[[pyo.ConcreteModel, WorkforceData], None]
"""A step of the build: adds components to the model from the data."""

FAMILIES: dict[str, Step] = {
    "one_place_per_session": add_one_place_per_session,
    "contracted_sessions": add_contracted_sessions,
    "sessions_per_day": add_sessions_per_day,
    "minimum_rest": add_minimum_rest,
    "passport_required": add_passport_required,
    "scanner_staffing": add_scanner_staffing,
    "skill_mix": add_skill_mix,
    "scan_capacity": add_scan_capacity,
    "reporting_time": add_reporting_time,
    "exam_reporting": add_exam_reporting,
    "remote_reporting_passport": add_remote_reporting_passport,
    "outsourcing_capacity": add_outsourcing_capacity,
    "worklist_balance": add_worklist_balance,
    "turnaround": add_turnaround,
    "transfer_routing": add_transfer_routing,
    "link_capacity": add_link_capacity,
    "session_continuity": add_session_continuity,
}
"""Every constraint family of ``models/workforce.md`` (its ``###`` headings) and the function
that adds its constraint of the same name, in the order of the document."""

INDEX_SET_FAMILIES: dict[str, str] = {
    "travel_limit": "moves",
}
"""Families of ``models/workforce.md`` that add no constraint: the field of
:class:`WorkforceData` whose index set enforces each (no move longer than the limit exists)."""

BUILD_STEPS: tuple[Step, ...] = (add_variables, *FAMILIES.values(), add_objective)
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
