"""Baselines on the tutorial network and on tutorial-like pieces of it (real HiGHS).

The pieces (a few sites, one modality, five years) are small enough for the optimiser to prove
optimality in seconds, so its plan must cost no more than any feasible baseline's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from netopt import SolveOptions, SolveStatus, load_instance, solve_capital
from netopt.baselines import baseline_capital, compare_with_baselines
from netopt.schema import Instance
from tests.capital.builders import assert_verified

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "instances/tutorial.yaml"

needs_tutorial = pytest.mark.skipif(not TUTORIAL.is_file(), reason="instances/tutorial.yaml")


WORKFORCE_TABLES = (
    "workforce",
    "sessions",
    "scanner_sessions",
    "staffing_rules",
    "staff",
    "staff_reporting",
    "passport_options",
    "transfer_links",
    "reporting_demand",
    "staff_planning",
    "staff_roles",
    "staff_in_post",
    "training_pathways",
    "report_outsourcing_limits",
)


def tutorial_piece(sites: set[str], modality: str, horizon: int) -> Instance:
    """The tutorial restricted to ``sites`` and one modality, over ``horizon`` years."""
    d: dict[str, Any] = yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))
    d["network"]["horizon_years"] = horizon
    for table in WORKFORCE_TABLES:  # the capital plan reads none of them
        d.pop(table, None)
    d["sites"] = [r for r in d["sites"] if r["id"] in sites]
    d["rooms"] = [r for r in d["rooms"] if r["site"] in sites and r["modality"] == modality]
    d["modalities"] = [r for r in d["modalities"] if r["id"] == modality]
    d["exam_types"] = [r for r in d["exam_types"] if r["modality"] == modality]
    exams = {r["id"] for r in d["exam_types"]}
    d["demand"] = [r for r in d["demand"] if r["site"] in sites and r["exam_type"] in exams]
    d["catalogue"] = [r for r in d["catalogue"] if r["modality"] == modality]
    for model in d["catalogue"]:
        if model.get("sites"):
            model["sites"] = [s for s in model["sites"] if s in sites]
    d["catalogue"] = [r for r in d["catalogue"] if r.get("sites", True)]
    models = {r["id"] for r in d["catalogue"]}
    d["discount_tiers"] = [r for r in d["discount_tiers"] if r["model"] in models]
    d["assets"] = [r for r in d["assets"] if r["site"] in sites and r["modality"] == modality]
    d["committed_purchases"] = [
        r for r in d["committed_purchases"] if r["site"] in sites and r["model"] in models
    ]
    return Instance.model_validate(d)


PIECES = {
    "ct-east": ({"RVV01", "RVVKC", "RPA02", "CDC-SWALE"}, "CT", 5),
    "mri-west": ({"RVV01", "RVVKC", "RWF03", "CDC-SWALE"}, "MRI", 5),
}


@needs_tutorial
@pytest.mark.parametrize("piece", sorted(PIECES))
def test_optimiser_never_above_a_baseline_on_tutorial_pieces(piece: str) -> None:
    """The optimiser (proven optimal) is never above a feasible baseline; every feasible
    baseline verifies; an infeasible one (age:N ignores budgets) says which budget it breaks."""
    instance = tutorial_piece(*PIECES[piece])
    plan = solve_capital(instance, SolveOptions(time_limit=120))
    assert plan.status is SolveStatus.OPTIMAL and plan.objective is not None
    frame = compare_with_baselines(instance, plan, ["age:10", "age:15", "priority"])
    feasible = frame[frame["status"] == "optimal"]
    assert len(feasible) >= 2  # the plan and at least priority
    assert (feasible["objective"] >= plan.objective * (1 - 1e-4)).all(), frame
    assert (feasible["saving_vs_plan"] >= -1e-4 * plan.objective).all(), frame
    for policy in ("age:10", "priority"):
        baseline = baseline_capital(instance, policy)
        if baseline.status.has_plan:
            assert_verified(baseline, instance)
        else:
            assert any("capital_budget" in note for note in baseline.notes), baseline.notes


@needs_tutorial
def test_tutorial_baselines() -> None:
    """priority respects the budgets by construction: a plan that verifies, with RPA unable to
    pay for an installed MRI (GBP 1.5m + 0.35m works against GBP 1.8m a year, no carry-over). age:10 replaces 2027's
    old scanners at once and breaks RVV's 2027 budget: infeasible, with the shortfall."""
    instance = load_instance(TUTORIAL)
    priority = baseline_capital(instance, "priority")
    assert priority.status is SolveStatus.OPTIMAL
    assert_verified(priority, instance)
    assert priority.new_rooms.empty
    assert any("RPA02-MRI1" in n and "not affordable" in n for n in priority.notes)
    spend = priority.spend
    assert (spend["spend"] <= spend["budget"] + spend["carried_in"] + 1e-6).all()
    age = baseline_capital(instance, "age:10")
    assert age.status is SolveStatus.INFEASIBLE
    assert any("RVV would spend GBP 8,184,000 in 2027" in n for n in age.notes), age.notes
