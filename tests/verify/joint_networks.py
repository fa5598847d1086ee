"""Joint instances for the verifier tests: the two-trust capital network with a network CDC
(``tests.verify.networks.with_cdc``) with a workforce to staff it, as plain dicts."""

from __future__ import annotations

import copy
from typing import Any

from netopt.schema import Instance
from tests.verify.networks import with_cdc

ROLES: list[dict[str, Any]] = [
    {
        "id": "ct-rad",
        "tier": "radiographer",
        "scans": ["CT"],
        "salary": 45_000,
        "attrition": 0.1,
        "hire_cost": 5_000,
        "hire_lead_years": 1,
        "max_hires_per_year": 1,
        "agency_hour_cost": 60,
    },
    {
        "id": "ap",
        "tier": "assistant_practitioner",
        "scans": ["CT"],
        "salary": 30_000,
        "attrition": 0.08,
        "hire_cost": 2_000,
        "max_hires_per_year": 2,
    },
    {
        "id": "rr",
        "tier": "advanced_practitioner",
        "scans": ["CT"],
        "reports": ["ct-gen"],
        "report_minutes_factor": 1.5,
        "salary": 55_000,
        "max_hires_per_year": 0,
    },
    {
        "id": "cons",
        "tier": "consultant_radiologist",
        "reports": ["ct-gen", "ct-cardiac"],
        "salary": 120_000,
        "attrition": 0.05,
        "hire_cost": 20_000,
        "hire_lead_years": 1,
        "max_hires_per_year": 1,
        "agency_hour_cost": 150,
    },
]
"""A CT radiographer (agency to be had, recruited in a year), an assistant practitioner, a
reporting radiographer (trained only) and a consultant reporting both exam types."""

PATHWAYS: list[dict[str, Any]] = [
    {
        "id": "reporting",
        "from_role": "ct-rad",
        "to_role": "rr",
        "years": 1,
        "cost_per_year": 8_000,
        "study_share": 0.2,
        "supervision_hours": 50,
        "completion_rate": 0.9,
        "max_starts_per_year": 2,
    },
    {
        "id": "apprentice",
        "to_role": "ct-rad",
        "years": 2,
        "cost_per_year": 20_000,
        "completion_rate": 0.8,
        "max_starts_per_year": 3,
    },
]


def staffed(**changes: Any) -> dict[str, Any]:
    """The two-trust network with a CDC (2025-2028, discounting) and its workforce: trusts A
    and B employ radiographers and consultants, A an assistant practitioner and a reporting
    radiographer (who supervises radiographers training to report); nobody works for
    the network's CDC, which its own recruits, agency staff or the trusts' staff under
    passports (onboarding GBP 500 a WTE) must staff. Two staff per CT scanner, at most one an
    assistant; half the in-house cost is staff pay; reports are outsourced at GBP 30 (ct-gen)
    and 60 (ct-cardiac), at most 2,000 in 2025 and none from 2027 (of ct-gen in 2028)."""
    data = with_cdc().model_dump(mode="json", exclude_defaults=True)
    for exam, minutes, in_house, price in zip(
        data["exam_types"], (20, 30), (60, 120), (30, 60), strict=True
    ):
        exam.update(report_minutes=minutes, in_house_cost=in_house, report_outsourcing_cost=price)
    data.update(
        staffing_rules=[
            {"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}
        ],
        staff_roles=copy.deepcopy(ROLES),
        staff_in_post=[
            {"employer": "A", "role": "ct-rad", "wte": 3},
            {"employer": "A", "role": "ap", "wte": 1},
            {"employer": "A", "role": "rr", "wte": 1},
            {"employer": "A", "role": "cons", "wte": 2},
            {"employer": "B", "role": "ct-rad", "wte": 3},
            {"employer": "B", "role": "cons", "wte": 1},
        ],
        training_pathways=copy.deepcopy(PATHWAYS),
        report_outsourcing_limits=[
            {"year": 2025, "max_reports": 2_000},
            {"year": 2027, "max_reports": 0},
            {"year": 2028, "exam_type": "ct-gen", "max_reports": 0},
        ],
        staff_planning={"in_house_cost_staff_share": 0.5},
        workforce={"onboarding_cost": 500},
    )
    data.update(copy.deepcopy(changes))
    return data


def rich_joint(**changes: Any) -> Instance:
    """:func:`staffed`, validated."""
    return Instance.model_validate(staffed(**changes))
