"""Tiny workforce instances for known-answer tests, built as plain dicts and then validated.

The base network: two sites A and B of one trust, 30 travel minutes apart (a travel matrix),
one CT scanner type, one exam type ``ct`` (60 report minutes per exam), a one-day template
(Monday AM and PM, 240 minutes each), no staff. Tests add the tables they need.
"""

from __future__ import annotations

import copy
from typing import Any

from netopt import SolveOptions
from netopt.models.workforce.plan import WorkforcePlan, solve_workforce
from netopt.schema import Instance, PassportPolicy

EXACT = SolveOptions(mip_gap=0.0)
"""Zero gap, so objectives are exact optima."""

BASE: dict[str, Any] = {
    "network": {"name": "tiny", "first_year": 2030, "horizon_years": 1, "discount_rate": 0.0},
    "trusts": [{"id": "T1", "capital_budget": 0.0, "capital_share": 100}],
    "sites": [
        {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
        {"id": "B", "owner": "T1", "latitude": 52.1, "longitude": -1.0},
    ],
    "rooms": [
        {"site": "A", "modality": "CT", "rooms": 2},
        {"site": "B", "modality": "CT", "rooms": 2},
    ],
    "travel": {"method": "matrix"},
    "travel_matrix": [
        {"origin": "A", "destination": "B", "minutes": 30},
        {"origin": "B", "destination": "A", "minutes": 30},
    ],
    "modalities": [{"id": "CT", "default_age_profile": "flat"}],
    "exam_types": [
        {
            "id": "ct",
            "modality": "CT",
            "scan_minutes": 20,
            "report_minutes": 60,
            "report_outsourcing_cost": 100,
        }
    ],
    "age_profiles": [{"profile": "flat", "age": 0, "maintenance_cost": 0, "resale_value": 0}],
    "catalogue": [
        {
            "id": "ct-std",
            "modality": "CT",
            "price": 100,
            "hours_per_year": 10,
            "lifetime_years": 10,
            "age_profile": "flat",
        }
    ],
    "workforce": {"weeks_per_year": 1.0, "backlog_cost": 1e6},
    "sessions": [
        {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
        {"day": "mon", "session": "pm", "start": "13:00", "minutes": 240},
    ],
    "staffing_rules": [{"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 1}],
}


def tiny(**tables: Any) -> dict[str, Any]:
    """A copy of the base instance with whole tables or sections replaced."""
    out = copy.deepcopy(BASE)
    for name, value in copy.deepcopy(tables).items():
        if name == "workforce":
            out["workforce"].update(value)
        else:
            out[name] = value
    return out


def staff(id: str, home: str, tier: str, **fields: Any) -> dict[str, Any]:
    """A staff row with 10 contracted sessions unless given."""
    return {"id": id, "home_site": home, "tier": tier, "sessions": 10, **fields}


def solve(data: dict[str, Any], passport: PassportPolicy | None = None) -> WorkforcePlan:
    """Validate and solve exactly; the plan must exist."""
    instance = Instance.model_validate(data)
    plan = solve_workforce(instance, EXACT, passport=passport)
    assert plan.status.has_plan, plan.status
    return plan
