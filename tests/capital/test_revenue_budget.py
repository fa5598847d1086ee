"""Revenue budgets (``revenue_budget`` of ``models/capital.md``): known answers on tiny instances.

The base instance (``tests/capital/builders.py``): site A of trust T1 with two CT rooms, a
catalogue CT at GBP 100 scanning 10 one-hour exams a year, one plan year, no discounting. Here
outsourcing costs GBP 5 an exam (10 exams: GBP 50, cheaper than a scanner) and a scanner's
maintenance is GBP 10 a year. Every plan is checked by the verifier.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from netopt import SolveStatus, baseline_capital, diagnose_capital, verify, write_capital_plan
from netopt.schema import Instance, InstanceError
from tests.capital.builders import EXACT, solve, tiny

EXAM = [{"id": "ct", "modality": "CT", "scan_minutes": 60, "outsourcing_cost": 5}]
PROFILE = [{"profile": "flat", "age": 0, "maintenance_cost": 10, "resale_value": 0}]


def _data(revenue: float | None = None, **tables: Any) -> dict[str, Any]:
    trust: dict[str, Any] = {"id": "T1", "capital_budget": 1000.0, "capital_share": 100}
    if revenue is not None:
        trust["revenue_budget"] = revenue
    return tiny(**{"trusts": [trust], "exam_types": EXAM, "age_profiles": PROFILE, **tables})


def test_without_a_revenue_budget_outsourcing_is_cheapest() -> None:
    """10 exams outsourced at 5: GBP 50, against a scanner's 100 + 10 maintenance."""
    plan = solve(_data())
    assert plan.objective == pytest.approx(50.0)
    row = plan.revenue.iloc[0]
    assert row["outsourcing"] == pytest.approx(50.0) and row["spend"] == pytest.approx(50.0)
    assert row["budget"] is None or row["budget"] != row["budget"]  # blank: no limit


def test_a_revenue_budget_of_30_buys_the_scanner_instead() -> None:
    """Revenue 30: outsourcing (50) no longer fits, the scanner's maintenance (10) does; the
    capital budget pays its price: 100 + 10 = 110. The revenue table shows 10 spent of 30."""
    plan = solve(_data(revenue=30.0))
    assert plan.objective == pytest.approx(110.0)
    assert plan.purchases["units"].tolist() == [1]
    row = plan.revenue.iloc[0].to_dict()
    assert row["budget"] == 30.0 and row["maintenance"] == pytest.approx(10.0)
    assert row["outsourcing"] == 0.0 and row["spend"] == pytest.approx(10.0)
    assert row["headroom"] == pytest.approx(20.0)


def test_in_house_costs_count_against_the_revenue_budget() -> None:
    """In-house cost 2 an exam: the scanner's year costs 10 + 20 = 30 of revenue; with a
    revenue budget of 25 neither the scanner (30) nor outsourcing (50) fits, but a mix does:
    scanning x exams and outsourcing 10 - x costs 10 + 2x + 5(10 - x) <= 25, x >= 35/3. Only
    10 exams exist, so no plan: infeasible, and the diagnosis names 5 GBP of revenue short
    (10 + 2 x 10 = 30 against 25)."""
    exam = [{**EXAM[0], "in_house_cost": 2}]
    data = _data(revenue=25.0, exam_types=exam)
    instance = Instance.model_validate(data)
    diagnosis = diagnose_capital(instance, EXACT)
    assert not diagnosis.feasible
    [finding] = [f for f in diagnosis.findings if f.kind.value == "revenue"]
    assert finding.amount == pytest.approx(5.0)
    assert finding.where == {"trust": "T1", "year": 2030}
    plan = solve(_data(revenue=30.0, exam_types=exam))
    assert plan.objective == pytest.approx(130.0)
    assert plan.revenue.iloc[0]["in_house_scanning"] == pytest.approx(20.0)


def test_a_year_row_replaces_the_trusts_revenue_budget() -> None:
    """The trust's 1000 would let it outsource (50); the 2030 row of 30 makes it buy (110)."""
    rows = [{"trust": "T1", "year": 2030, "revenue_budget": 30.0}]
    assert solve(_data(revenue=1000.0, revenue_budgets=rows)).objective == pytest.approx(110.0)


def test_the_verifier_finds_a_broken_revenue_budget_and_a_changed_cell() -> None:
    """The unlimited plan (outsourcing 50) checked against a revenue budget of 30 breaks
    ``revenue_budget``; a changed ``spend`` cell is found in ``revenue.csv``."""
    plan = solve(_data())
    with tempfile.TemporaryDirectory() as folder:
        out = write_capital_plan(plan, Instance.model_validate(_data()), Path(folder) / "plan")
        strict = Instance.model_validate(_data(revenue=30.0))
        report = verify(strict, out)
        assert "revenue_budget" in report.families()
        tampered = Path(folder) / "tampered"
        shutil.copytree(out, tampered)
        text = (tampered / "revenue.csv").read_text().splitlines()
        header, row = text[0].split(","), text[1].split(",")
        row[header.index("spend")] = "49"
        (tampered / "revenue.csv").write_text("\n".join([text[0], ",".join(row), *text[2:]]))
        report = verify(Instance.model_validate(_data()), tampered)
        assert any(v.where.get("file") == "revenue.csv" for v in report.violations)


def test_a_baseline_that_outsources_beyond_the_revenue_budget_says_so() -> None:
    """``priority`` buys nothing (no scanner to replace) and outsources 50 against 30:
    infeasible, with the revenue breach; ``practice`` buys the scanner (demand 100% over an
    empty fleet) and keeps within it: 110."""
    instance = Instance.model_validate(_data(revenue=30.0))
    priority = baseline_capital(instance, "priority", EXACT)
    assert priority.status is SolveStatus.INFEASIBLE
    assert any("revenue_budget: T1's running costs in 2030" in n for n in priority.notes)
    practice = baseline_capital(instance, "practice", EXACT)
    assert practice.objective == pytest.approx(110.0)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"trust": "T9", "year": 2030, "revenue_budget": 1.0}, "unknown trust 'T9'"),
        ({"trust": "T1", "year": 2040, "revenue_budget": 1.0}, "outside the plan"),
    ],
)
def test_bad_revenue_budget_rows_are_located(row: dict[str, Any], message: str) -> None:
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(_data(revenue_budgets=[row]))
    assert any(
        message in p.message and "revenue_budgets" in str(p.loc) for p in caught.value.problems
    ), caught.value.problems
