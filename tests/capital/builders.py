"""Tiny capital instances for known-answer tests, built as plain dicts and then validated."""

from __future__ import annotations

import copy
import tempfile
from typing import Any

from netopt import CapitalPlan, SolveOptions, solve_capital, verify, write_capital_plan
from netopt.schema import Instance

EXACT = SolveOptions(mip_gap=0.0)
"""Zero gap, so objectives are exact optima."""

BASE: dict[str, Any] = {
    "network": {"name": "tiny", "first_year": 2030, "horizon_years": 1, "discount_rate": 0.0},
    "trusts": [{"id": "T1", "capital_budget": 1000.0, "capital_share": 100}],
    "sites": [{"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0}],
    "rooms": [{"site": "A", "modality": "CT", "rooms": 2}],
    "modalities": [{"id": "CT", "default_age_profile": "flat"}],
    # one exam = one scanner hour
    "exam_types": [{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 20}],
    "demand": [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 10}],
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
    # The known answers built on this instance value scanners held at the horizon end by the
    # resale curve (0 for ``flat``), as netopt did before residual value had a rule of its own;
    # the straight-line rule has tests of its own (tests/capital/test_residual_value.py).
    "policy": {"residual_value": "resale"},
}


def tiny(**tables: Any) -> dict[str, Any]:
    """A copy of the base instance with whole tables or sections replaced."""
    out = copy.deepcopy(BASE)
    out.update(copy.deepcopy(tables))
    return out


def solve(data: dict[str, Any]) -> CapitalPlan:
    """Validate and solve exactly; the plan must exist and pass the independent verifier."""
    instance = Instance.model_validate(data)
    plan = solve_capital(instance, EXACT)
    assert plan.status.has_plan, plan.status
    assert_verified(plan, instance)
    return plan


def assert_verified(plan: CapitalPlan, instance: Instance) -> None:
    """Write the plan and re-check it with :func:`netopt.verify` (no model code)."""
    with tempfile.TemporaryDirectory() as folder:
        write_capital_plan(plan, instance, folder)
        report = verify(instance, folder)
        assert report.ok, report.render()
