"""Tiny joint instances for known-answer tests: the tiny capital instance of
``tests/capital/builders.py`` with staff roles, staff in post and a staffing rule."""

from __future__ import annotations

import copy
from typing import Any

from netopt import JointPlan, solve_joint
from netopt.schema import Instance
from tests.capital.builders import BASE, EXACT, assert_verified


def role(id: str = "rad", **fields: Any) -> dict[str, Any]:
    """A role whose WTE gives 10 clinical hours a year (one scanner-year of the tiny
    instance), free unless a test prices it."""
    row: dict[str, Any] = {"id": id, "tier": "radiographer", "scans": ["CT"], "clinical_hours": 10}
    row.update(fields)
    return row


JOINT_BASE: dict[str, Any] = {
    **copy.deepcopy(BASE),
    # Reports are free to outsource unless a test says otherwise.
    "exam_types": [
        {
            "id": "ct",
            "modality": "CT",
            "scan_minutes": 60,
            "report_minutes": 60,
            "outsourcing_cost": 20,
            "report_outsourcing_cost": 0,
        }
    ],
    "staffing_rules": [{"modality": "CT", "staff_per_scanner": 1}],
    "staff_roles": [role()],
}


def tiny_joint(**tables: Any) -> dict[str, Any]:
    """A copy of the joint base instance with whole tables or sections replaced."""
    out = copy.deepcopy(JOINT_BASE)
    out.update(copy.deepcopy(tables))
    return out


OLD_CT: dict[str, Any] = {
    "id": "old",
    "site": "A",
    "modality": "CT",
    "install_year": 2029,
    "hours_per_year": 10,
}


def no_outsourced_scanning(**tables: Any) -> dict[str, Any]:
    """The tiny joint instance, its trust and site named (Kent Trust, Alpha Hospital), with
    the existing CT (free, 10 hours a year) and exams that must be scanned in house (no
    ``outsourcing_cost``): for diagnosing a plan that cannot be staffed."""
    data = tiny_joint(assets=[OLD_CT], **tables)
    del data["exam_types"][0]["outsourcing_cost"]
    data["trusts"][0]["name"] = "Kent Trust"
    data["sites"][0]["name"] = "Alpha Hospital"
    return data


def solve(data: dict[str, Any], **kwargs: Any) -> JointPlan:
    """Validate and solve exactly; the plan must exist and pass the independent verifier."""
    instance = Instance.model_validate(data)
    plan = solve_joint(instance, EXACT, **kwargs)
    assert plan.status.has_plan, plan.status
    assert_verified(plan, instance)
    return plan
