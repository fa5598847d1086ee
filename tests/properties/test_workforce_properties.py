"""Properties every workforce plan must have, on small random instances (real HiGHS).

Each property compares two exact solves whose feasible sets are nested, so the inequality
follows from the mathematics of ``models/workforce.md`` alone; instances without a roster are
skipped with ``assume``.
"""

from __future__ import annotations

import copy
import tempfile
from typing import Any

import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st

from netopt import SolveOptions, diagnose_workforce, write_workforce_plan
from netopt.models.workforce.plan import WorkforcePlan, solve_workforce
from netopt.schema import Instance, InstanceError, PassportPolicy
from tests.properties.workforce_strategies import workforce_data

pytestmark = pytest.mark.slow  # property tests: run with -m slow (CI runs them)

EXACT = SolveOptions(mip_gap=0.0)
TOL = 1e-6


def solved(data: dict[str, Any], passport: PassportPolicy | None = None) -> WorkforcePlan | None:
    """The exact plan, or None when the instance has no roster (or an unstaffable session)."""
    try:
        instance = Instance.model_validate(data)
        plan = solve_workforce(instance, EXACT, passport)
    except InstanceError:
        return None
    return plan if plan.status.has_plan else None


def objective(plan: WorkforcePlan | None) -> float:
    assert plan is not None and plan.objective is not None
    return plan.objective


def no_more_than(a: float, b: float) -> bool:
    return a <= b + TOL * max(1.0, abs(b))


@given(workforce_data())
def test_passports_never_raise_the_cost(data: dict[str, Any]) -> None:
    """Each passport policy only adds options to the one before: network <= trust <= none."""
    none = solved(data, PassportPolicy.NONE)
    assume(none is not None)
    trust = solved(data, PassportPolicy.TRUST)
    network = solved(data, PassportPolicy.NETWORK)
    note(f"none {objective(none)}, trust {objective(trust)}, network {objective(network)}")
    assert no_more_than(objective(trust), objective(none))
    assert no_more_than(objective(network), objective(trust))


@given(workforce_data())
def test_elastic_has_no_shortfall_when_a_roster_exists(data: dict[str, Any]) -> None:
    plan = solved(data)
    assume(plan is not None)
    diagnosis = diagnose_workforce(Instance.model_validate(data), EXACT)
    assert diagnosis.feasible, diagnosis.render()


@given(workforce_data(), st.sampled_from([1.25, 2.0]))
def test_more_reporting_demand_never_lowers_the_cost(data: dict[str, Any], factor: float) -> None:
    plan = solved(data)
    assume(plan is not None)
    more = copy.deepcopy(data)
    for row in more["reporting_demand"]:
        row["exams_per_week"] *= factor
    assert no_more_than(objective(plan), objective(solved(more)))


@given(workforce_data())
def test_a_longer_turnaround_never_raises_the_cost(data: dict[str, Any]) -> None:
    plan = solved(data)
    assume(plan is not None)
    longer = copy.deepcopy(data)
    longer["workforce"]["turnaround_days"] = data["workforce"]["turnaround_days"] + 7
    assert no_more_than(objective(solved(longer)), objective(plan))


@given(workforce_data())
def test_wider_links_never_raise_the_cost(data: dict[str, Any]) -> None:
    plan = solved(data)
    assume(plan is not None)
    wider = copy.deepcopy(data)
    for link in wider["transfer_links"]:
        link["studies_per_day"] = None
    assert no_more_than(objective(solved(wider)), objective(plan))


@given(workforce_data())
def test_a_looser_travel_limit_never_raises_the_cost(data: dict[str, Any]) -> None:
    plan = solved(data)
    assume(plan is not None)
    looser = copy.deepcopy(data)
    looser["workforce"]["max_travel_minutes_between_sessions"] = None
    assert no_more_than(objective(solved(looser)), objective(plan))


@given(workforce_data(), st.sampled_from([0.5, 3.0, 1000.0]))
def test_scaling_money_scales_the_cost(data: dict[str, Any], k: float) -> None:
    plan = solved(data)
    assume(plan is not None)
    scaled = copy.deepcopy(data)
    for e in scaled["exam_types"]:
        e["report_outsourcing_cost"] *= k
    for s in scaled["staff"]:
        if "extra_session_cost" in s:
            s["extra_session_cost"] *= k
    for field in ("onboarding_cost", "travel_cost_per_minute", "backlog_cost"):
        scaled["workforce"][field] *= k
    assert objective(solved(scaled)) == pytest.approx(k * objective(plan), rel=1e-6, abs=1e-6)


@given(workforce_data())
def test_bound_never_exceeds_the_cost(data: dict[str, Any]) -> None:
    plan = solved(data)
    assume(plan is not None)
    assert plan is not None and plan.report.bound is not None
    assert no_more_than(plan.report.bound, objective(plan))


@given(workforce_data())
def test_every_plan_verifies(data: dict[str, Any]) -> None:
    """The independent verifier (no model code) accepts every plan the model writes."""
    from netopt.verify import verify_workforce

    plan = solved(data)
    assume(plan is not None)
    assert plan is not None
    instance = Instance.model_validate(data)
    with tempfile.TemporaryDirectory() as folder:
        write_workforce_plan(plan, instance, folder)
        from pathlib import Path

        report = verify_workforce(instance, Path(folder))
        assert report.ok, report.render()
