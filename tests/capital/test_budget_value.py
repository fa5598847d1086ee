"""The value of capital (``spend.value_per_gbp``): known answers on tiny instances.

One CT unit costs GBP 100 and scans 10 one-hour exams a year; an outsourced exam costs GBP 20;
one plan year, no discounting, no running costs, no resale. A pound more buys 1/100 of a unit:
0.1 hours, which saves 0.1 outsourced exams (GBP 2) and costs the pound itself: the value of a
pound is 10 / 100 * 20 - 1 = GBP 1 wherever the budget stops a purchase that would pay.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
import pytest

from netopt import SolveOptions, verify, write_capital_plan
from netopt.models.capital.budget_value import CapitalValueWarning, budget_values
from netopt.models.capital.data import build_capital_data
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from tests.capital.builders import solve, tiny

ONE_YEAR = [{"site": "A", "exam_type": "ct", "year": 2030}]


def _values(budget: float, exams: float) -> tuple[pd.DataFrame, float]:
    data = tiny(
        trusts=[{"id": "T1", "capital_budget": budget, "capital_share": 100}],
        demand=[{**ONE_YEAR[0], "exams": exams}],
    )
    plan = solve(data)
    assert plan.objective is not None
    return plan.spend, plan.objective


def test_a_budget_too_small_for_a_scanner_is_worth_a_pound_more_per_pound() -> None:
    """Budget 50 buys no scanner: the plan outsources all 10 exams (GBP 200); a pound more is
    worth GBP 1 (the budget's 50 already buys half a unit's worth at the margin)."""
    spend, cost = _values(50.0, 10.0)
    assert cost == pytest.approx(200.0)
    assert spend["value_per_gbp"].tolist() == pytest.approx([1.0])


def test_money_left_after_demand_is_met_is_worth_nothing() -> None:
    """Budget 1000 buys the one unit the 10 exams need (cost 100): a pound more saves nothing."""
    spend, cost = _values(1000.0, 10.0)
    assert cost == pytest.approx(100.0)
    assert spend["value_per_gbp"].tolist() == [0.0]


def test_a_binding_budget_after_a_purchase_is_worth_the_part_scanner_it_buys() -> None:
    """Budget 150, 20 exams: one unit (100) and 10 outsourced (200); the 50 left buys half a
    unit at the margin and 5 exams are still outsourced, so a pound more is worth GBP 1."""
    spend, cost = _values(150.0, 20.0)
    assert cost == pytest.approx(300.0)
    assert spend["value_per_gbp"].tolist() == pytest.approx([1.0])


def test_discounting_and_years_of_service_scale_the_value() -> None:
    """Two plan years at 10%: a unit bought in 2030 serves 2030 and 2031 (discount factors 1
    and 1/1.1), so a 2030 pound saves 0.1 * 20 * (1 + 1/1.1) and costs 1: value 2.8182; a 2031
    pound buys a part of a unit serving 2031 only, paid in 2031: (0.1 * 20 - 1) / 1.1 per pound of
    2031 cash, the saving and the cost are both discounted by 1/1.1."""
    data = tiny(
        network={"name": "tiny", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.1},
        trusts=[{"id": "T1", "capital_budget": 50.0, "capital_share": 100}],
        demand=[
            {**ONE_YEAR[0], "exams": 10.0},
            {"site": "A", "exam_type": "ct", "year": 2031, "exams": 10.0},
        ],
    )
    plan = solve(data)
    values = dict(zip(plan.spend["year"], plan.spend["value_per_gbp"], strict=True))
    assert values[2030] == pytest.approx(0.1 * 20 * (1 + 1 / 1.1) - 1)
    assert values[2031] == pytest.approx((0.1 * 20 - 1) / 1.1)


def test_the_verifier_refuses_a_value_no_pound_could_earn(tmp_path: Path) -> None:
    """The most a pound can save here is 10 / 100 * 20 = 2 (no running costs counted): a
    written 2.5 is refused, a negative value too; the true 1.0 and a blank (not computed)
    pass (the workbook, left as written, then disagrees: a separate check)."""
    data = tiny(
        trusts=[{"id": "T1", "capital_budget": 50.0, "capital_share": 100}],
        demand=[{**ONE_YEAR[0], "exams": 10.0}],
    )
    instance = Instance.model_validate(data)
    plan = solve(data)
    for written, ok in ((1.0, True), (2.5, False), (-0.5, False), (math.nan, True)):
        with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
            write_capital_plan(plan, instance, folder)
            path = Path(folder) / "spend.csv"
            frame = pd.read_csv(path)
            frame["value_per_gbp"] = [written]
            frame.to_csv(path, index=False)
            report = verify(instance, folder)
            problems = [
                v
                for v in report.violations
                if "value_per_gbp" in v.message and v.constraint != "workbook"
            ]
            assert (not problems) is ok, report.render()


def test_a_failure_leaves_the_values_out_with_a_warning_not_the_plan() -> None:
    """The value of capital is a derived figure: if it cannot be computed (here, a model with
    nothing of the capital model in it) it is left out with a warning, never raised."""
    data = build_capital_data(Instance.model_validate(tiny()))
    with pytest.warns(CapitalValueWarning, match="left out"):
        assert budget_values(pyo.ConcreteModel(), data, SolveOptions(), Deadline(10)) == {}
