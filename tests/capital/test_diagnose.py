"""Infeasibility explained: the elastic model's smallest shortfalls, in planners' words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from netopt import SolveOptions, SolveStatus, diagnose_capital, solve_capital
from netopt.models.diagnosis import ShortfallKind, Verdict
from netopt.schema import Instance
from tests.capital.builders import EXACT, tiny

REPO = Path(__file__).resolve().parents[2]


def car(budget: float) -> Instance:
    data = yaml.safe_load((REPO / "instances/textbook/winston_car.yaml").read_text())
    data["trusts"][0]["capital_budget"] = budget
    return Instance.model_validate(data)


def test_budget_shortfall_names_trust_year_and_amount() -> None:
    """A car costs 12000 and the budget is 5000 a year: the strict model is infeasible; the
    smallest fix is 7000 more in the first year (one car kept for its five-year life)."""
    instance = car(5000)
    assert solve_capital(instance, EXACT).status is SolveStatus.INFEASIBLE
    diagnosis = diagnose_capital(instance, EXACT)
    assert not diagnosis.feasible
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.BUDGET
    assert finding.where == {"trust": "owner", "year": 2000}
    assert finding.amount == pytest.approx(7000)
    assert (
        "owner" in finding.message and "2000" in finding.message and "GBP 7,000" in finding.message
    )
    assert "capital_budget[owner,2000]" in diagnosis.conflict
    assert "the capital budget of Car owner (owner) in 2000 (with any carry-over)" in (
        diagnosis.conflict_words
    )
    assert len(diagnosis.conflict_words) == len(diagnosis.conflict)
    assert "[" not in diagnosis.render().split("even in fractions:")[1]


def test_feasible_instance_says_so() -> None:
    diagnosis = diagnose_capital(car(1_000_000), EXACT)
    assert diagnosis.feasible and not diagnosis.findings and not diagnosis.conflict
    assert "feasible" in diagnosis.render()


def test_unmet_demand_when_capacity_cannot_grow() -> None:
    """An existing scanner gives 5 of 10 hours; nothing can be bought or outsourced: 5 exams
    are unmet, and the diagnosis says where and when."""
    data = tiny(
        exam_types=[{"id": "ct", "modality": "CT", "scan_minutes": 60}],
        catalogue=[],
        assets=[
            {"id": "old", "site": "A", "modality": "CT", "install_year": 2025, "hours_per_year": 5}
        ],
    )
    diagnosis = diagnose_capital(Instance.model_validate(data), EXACT)
    [finding] = diagnosis.findings
    assert finding.kind is ShortfallKind.DEMAND
    assert finding.where == {"site": "A", "exam_type": "ct", "year": 2030}
    assert finding.amount == pytest.approx(5)


@pytest.mark.slow
def test_tutorial_with_budgets_cut_names_the_trust(tmp_path: Path) -> None:
    """The tutorial with every budget cut to GBP 1,000 cannot pay for its committed MRI."""
    data = yaml.safe_load((REPO / "instances/tutorial.yaml").read_text())
    for trust in data["trusts"]:
        trust["capital_budget"] = 1000
    data["budgets"] = []
    instance = Instance.model_validate(data)
    diagnosis = diagnose_capital(
        instance, EXACT.model_copy(update={"mip_gap": 1e-4, "time_limit": 60})
    )
    budget = [f for f in diagnosis.findings if f.kind is ShortfallKind.BUDGET]
    assert budget, diagnosis.render()
    committed = data["committed_purchases"][0]
    owner = next(s["owner"] for s in data["sites"] if s["id"] == committed["site"])
    assert any(f.where == {"trust": owner, "year": committed["year"]} for f in budget), (
        diagnosis.render()
    )


def test_tutorial_is_feasible_not_a_list_of_shortfalls() -> None:
    """Issue 10, finding 2: with a 20 s limit the tutorial was called infeasible (four budget
    shortfalls) while solve finds a plan that verify accepts. Feasibility is now settled first,
    from the priority baseline's plan, well within the limit."""
    instance = Instance.model_validate(
        yaml.safe_load((REPO / "instances/tutorial.yaml").read_text())
    )
    diagnosis = diagnose_capital(instance, SolveOptions(time_limit=20))
    assert diagnosis.verdict is Verdict.FEASIBLE and diagnosis.feasible, diagnosis.render()
    assert not diagnosis.findings
    assert diagnosis.to_dict()["feasible"] is True


def test_undecided_when_the_limit_ends_it_first() -> None:
    """No verdict is claimed without proof: out of time before either is proven, the diagnosis
    says undecided (neither feasible nor infeasible)."""
    diagnosis = diagnose_capital(car(5000), SolveOptions(time_limit=1e-6))
    assert diagnosis.verdict is Verdict.UNDECIDED and not diagnosis.feasible
    assert diagnosis.to_dict()["feasible"] is None
    assert diagnosis.to_dict()["verdict"] == "undecided"
    assert "Undecided" in diagnosis.render() and "No plan meets" not in diagnosis.render()


def test_diagnose_command_exit_codes() -> None:
    """0 feasible, 1 infeasible (proven), 3 undecided; --json carries the verdict."""
    from typer.testing import CliRunner

    from netopt.cli import app

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["diagnose", *args])
        return result.exit_code, result.stdout

    car_path = str(REPO / "instances/textbook/winston_car.yaml")
    code, out = run(car_path, "--json")
    assert code == 0 and json.loads(out)["verdict"] == "feasible"
    code, out = run(car_path, "--time-limit", "0.000001", "--json")
    assert code == 3 and json.loads(out)["verdict"] == "undecided"
