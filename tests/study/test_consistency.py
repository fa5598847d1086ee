"""Consistent answers across scenarios: another scenario's plan, fixed in this one and costed
by its linear programme, replaces this scenario's plan when it is cheaper, and the folder written
for it verifies against this scenario's instance; a plan that does not fit (a scanner the
scenario does not have) or is infeasible there (less budget) is never taken."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import netopt
from netopt.models.capital.data import build_capital_data
from netopt.models.capital.transfer import DecisionsDoNotFit, FixedPlanCosting, plan_decisions
from netopt.schema import Instance
from netopt.solve.highs import SolveOptions
from netopt.study.consistency import DECISION_TABLES, TransferJob, trial_order, try_other_plans
from tests.verify.networks import with_cdc

EXACT = SolveOptions(mip_gap=0.0, time_limit=60)


def variant(change: str) -> Instance:
    data = with_cdc().model_dump()
    if change == "more-budget":
        for trust in data["trusts"]:
            trust["capital_budget"] *= 1.5
    elif change == "less-budget":
        for trust in data["trusts"]:
            trust["capital_budget"] *= 0.5
    elif change == "one-scanner-fewer":
        data["assets"] = data["assets"][1:]
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def base_plan() -> netopt.CapitalPlan:
    plan = netopt.solve_capital(with_cdc(), EXACT)
    assert plan.status is netopt.SolveStatus.OPTIMAL
    return plan


def decisions(plan: netopt.CapitalPlan) -> dict[str, pd.DataFrame]:
    tables = plan.tables()
    return {name: tables[name] for name in DECISION_TABLES}


def test_a_plan_costed_in_its_own_instance_costs_what_it_did(
    base_plan: netopt.CapitalPlan,
) -> None:
    report, tables = FixedPlanCosting(with_cdc(), SolveOptions()).cost(decisions(base_plan))
    assert report.objective == pytest.approx(base_plan.objective, rel=1e-9)
    assert tables["purchases"]["units"].sum() == base_plan.purchases["units"].sum()


def test_a_poor_plan_is_replaced_by_a_cheaper_plan_of_another_scenario(
    base_plan: netopt.CapitalPlan, tmp_path: Path
) -> None:
    """With more budget the base plan is still feasible: it replaces a (pretend) poor plan of
    the richer scenario, costed there, with that scenario's bound; the folder verifies."""
    richer = variant("more-budget")
    richer_optimum = netopt.solve_capital(richer, EXACT)
    poor = 2.0 * float(base_plan.objective or 0)
    job = TransferJob(
        "more-budget",
        richer,
        EXACT,
        own_objective=poor,
        own_bound=richer_optimum.report.bound,
        own_start_objective=None,
        candidates=(("base", float(base_plan.objective or 0), decisions(base_plan)),),
    )
    result = try_other_plans(job)
    assert result.source == "base" and result.tried == 1
    assert result.objective == pytest.approx(
        base_plan.objective, rel=1e-9
    )  # same decisions, same money
    assert result.objective >= richer_optimum.objective - 1e-6
    assert result.files is not None
    folder = tmp_path / "more-budget"
    folder.mkdir()
    for name, content in result.files.items():
        (folder / name).write_bytes(content)
    report = netopt.verify(richer, folder)
    assert report.ok, report.render()


def test_a_plan_that_breaks_this_scenarios_budget_is_not_taken(
    base_plan: netopt.CapitalPlan,
) -> None:
    poorer = variant("less-budget")
    job = TransferJob(
        "less-budget", poorer, EXACT, None, None, None,
        (("base", float(base_plan.objective or 0), decisions(base_plan)),),
    )  # fmt: skip
    result = try_other_plans(job)
    assert result.source is None and result.tried == 1


def test_a_plan_that_does_not_fit_is_skipped(base_plan: netopt.CapitalPlan) -> None:
    fewer = variant("one-scanner-fewer")
    with pytest.raises(DecisionsDoNotFit, match="is not in this instance"):
        plan_decisions(build_capital_data(fewer), decisions(base_plan))
    job = TransferJob(
        "fewer", fewer, EXACT, 1e12, None, None,
        (("base", float(base_plan.objective or 0), decisions(base_plan)),),
    )  # fmt: skip
    assert try_other_plans(job).tried == 0


def test_plans_cheaper_than_its_own_are_tried_nearest_first() -> None:
    """The plans that can beat a scenario's own are those cheaper in their own scenario; the
    nearest in cost (a neighbour's) first, then the rest, cheapest first."""
    candidates = [("rich", 50.0, {}), ("near", 95.0, {}), ("mid", 80.0, {}), ("dear", 120.0, {})]
    order = [name for name, _, _ in trial_order(candidates, 100.0)]
    assert order == ["near", "mid", "rich", "dear"]
    assert [name for name, _, _ in trial_order(candidates, None)] == [
        "rich",
        "mid",
        "near",
        "dear",
    ]
