"""The passports-first strategy finds the same optimum as one plain HiGHS solve."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import build_workforce_data
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance
from netopt.solve.highs import SolveStatus, solve_model
from netopt.solve.progress import Progress
from tests.workforce.builders import EXACT
from tests.workforce.test_families import every_family_instance, travel_case, turnaround_case

HERE = Path(__file__).parent


def plain_optimum(instance: Instance) -> float:
    report = solve_model(build_workforce_model(build_workforce_data(instance)), EXACT)
    assert report.status is SolveStatus.OPTIMAL and report.objective is not None
    return report.objective


def per_person_instance() -> dict:
    """Every family, with passports granted per person at 10 each."""
    data = every_family_instance()
    data["workforce"].update({"passports_per_person": True, "onboarding_cost": 10.0})
    return data


@pytest.mark.parametrize(
    "data",
    [
        every_family_instance(),
        turnaround_case(1),
        travel_case(None),
        travel_case(20),
        per_person_instance(),
    ],
    ids=["every-family", "turnaround", "travel", "travel-limit", "per-person-passports"],
)
def test_staged_equals_plain(data: dict) -> None:
    instance = Instance.model_validate(
        {**data, "workforce": {**data["workforce"], "passport_policy": "network"}}
    )
    plan = solve_workforce(instance, EXACT)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(plain_optimum(instance), abs=1e-6)


def test_mip_start_whose_objective_presolve_changes() -> None:
    """Found by the property tests: HiGHS 1.16.0, given the fixed-passport plan (cost 22) as a
    MIP start, reported the optimum 21 but returned the start's values. The strategy notices
    and solves again without presolve, so the plan really costs 21."""
    data = yaml.safe_load((HERE / "highs_start_case.yaml").read_text(encoding="utf-8"))
    plan = solve_workforce(Instance.model_validate(data), EXACT)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(21.0)
    assert plan.costs.set_index("component").loc["onboarding", "annual"] == pytest.approx(1.0)


def test_staged_solve_reports_progress() -> None:
    """With passports to grant, the plans of runs 2 and 3 and the whole-model bounds are
    reported as they come, and they bracket the optimum."""
    instance = Instance.model_validate(
        {
            **every_family_instance(),
            "workforce": {**every_family_instance()["workforce"], "passport_policy": "network"},
        }
    )
    heard: list[Progress] = []
    plan = solve_workforce(instance, EXACT, progress=heard.append)
    assert plan.status is SolveStatus.OPTIMAL and plan.objective is not None
    plans = [p.objective for p in heard if p.objective is not None]
    bounds = [p.bound for p in heard if p.bound is not None]
    assert plans and bounds
    assert plans[-1] == pytest.approx(plan.objective, abs=1e-6)
    assert max(bounds) <= plan.objective + 1e-6
