"""A small joint instance with rows in every workforce table: the two-trust capital network
with a network CDC (``tests.verify.networks.with_cdc``) staffed by four roles, two training
pathways (one from outside), agency staff, reporting outsourced within a limit and passports
across employers."""

from __future__ import annotations

from typing import Any

from netopt.schema import Instance
from tests.verify.networks import with_cdc

STAFFING: dict[str, Any] = {
    "staffing_rules": [{"modality": "CT", "staff_per_scanner": 3, "max_assistants_per_scanner": 1}],
    "staff_roles": [
        {
            "id": "ct-radiographer",
            "tier": "radiographer",
            "scans": ["CT"],
            "salary": 45_000,
            "attrition": 0.1,
            "hire_cost": 6_000,
            "max_hires_per_year": 0.5,
            "agency_hour_cost": 70,
        },
        {
            "id": "assistant",
            "tier": "assistant_practitioner",
            "scans": ["CT"],
            "salary": 30_000,
            "attrition": 0.08,
            "hire_cost": 2_000,
            "max_hires_per_year": 0.5,
        },
        {
            "id": "radiologist",
            "tier": "consultant_radiologist",
            "reports": ["ct-gen", "ct-cardiac"],
            "clinical_hours": 1_400,
            "salary": 160_000,
            "attrition": 0.05,
            "hire_cost": 30_000,
            "hire_lead_years": 1,
            "max_hires_per_year": 0.5,
            "agency_hour_cost": 180,
        },
        {
            "id": "reporting-radiographer",
            "tier": "advanced_practitioner",
            "reports": ["ct-gen"],
            "report_minutes_factor": 1.3,
            "salary": 55_000,
            "attrition": 0.05,
            "max_hires_per_year": 0,
        },
    ],
    "staff_in_post": [
        {"employer": "A", "role": "ct-radiographer", "wte": 4},
        {"employer": "A", "role": "radiologist", "wte": 1.5},
        {"employer": "B", "role": "ct-radiographer", "wte": 3},
        {"employer": "B", "role": "assistant", "wte": 1},
        {"employer": "B", "role": "radiologist", "wte": 1},
    ],
    "training_pathways": [
        {
            "id": "reporting",
            "from_role": "ct-radiographer",
            "to_role": "reporting-radiographer",
            "years": 1,
            "cost_per_year": 8_000,
            "study_share": 0.2,
            "max_starts_per_year": 2,
        },
        {
            "id": "apprentice",
            "to_role": "assistant",
            "years": 2,
            "cost_per_year": 20_000,
            "max_starts_per_year": 1,
        },
    ],
    "report_outsourcing_limits": [{"year": 2028, "exam_type": "ct-cardiac", "max_reports": 1_500}],
    "workforce": {"onboarding_cost": 500},
    "staff_planning": {"in_house_cost_staff_share": 0.6},
}
"""The staffing tables added to the two-trust network."""

REPORTING = {"ct-gen": (8, 40), "ct-cardiac": (25, 20)}
"""Exam type -> (report minutes, report outsourcing cost in GBP)."""


def staffed_cdc() -> Instance:
    """The two-trust network with a CDC (``with_cdc``) and :data:`STAFFING`: CT exams need two
    staff per running scanner (one may be an assistant) and a report by a radiologist, a
    reporting radiographer (general CT only) or an outsourcing company."""
    data = with_cdc().model_dump(mode="json", exclude_unset=True)
    for exam in data["exam_types"]:
        minutes, cost = REPORTING[exam["id"]]
        exam.update(report_minutes=minutes, report_outsourcing_cost=cost)
    data.update(STAFFING)
    return Instance.model_validate(data)
