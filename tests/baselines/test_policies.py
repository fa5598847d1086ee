"""Known-answer tests of the baseline policies, on tiny instances derived by hand.

Unless a test says otherwise (see ``tests/capital/builders.py``): one site A of trust T1 with two
CT rooms, one exam = one scanner hour, 10 exams a year, outsourcing GBP 20 an exam, no
discounting, a catalogue CT ``ct-std`` of GBP 100 with 10 hours a year. Each test also solves
the optimiser exactly (mip_gap 0): its optimum is never above a baseline's, since a baseline is a
feasible plan of the same model. Every baseline plan is written and passes ``netopt.verify``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from netopt import SolveStatus, solve_capital, verify, write_capital_plan
from netopt.baselines import (
    Baseline,
    BaselinePlan,
    BaselinePolicy,
    baseline_capital,
    compare_with_baselines,
)
from netopt.schema import Instance
from tests.capital.builders import BASE, EXACT, assert_verified, tiny

OLD = {"profile": "old", "age": 0, "maintenance_cost": 30, "resale_value": 10}
"""An existing scanner's profile: GBP 30 a year to maintain and worth 10, at any age."""
NEW = [
    {"profile": "new", "age": 0, "maintenance_cost": 0, "resale_value": 80},
    {"profile": "new", "age": 1, "maintenance_cost": 5, "resale_value": 60},
    {"profile": "new", "age": 2, "maintenance_cost": 5, "resale_value": 50},
]
"""A new scanner's profile: maintenance 0, 5, 5; value 80, 60, 50 at ages 0, 1, 2 and after."""
CT_STD = {
    "id": "ct-std",
    "modality": "CT",
    "price": 100,
    "hours_per_year": 10,
    "lifetime_years": 10,
    "age_profile": "new",
}


def years(n: int) -> dict[str, Any]:
    return {"name": "t", "first_year": 2030, "horizon_years": n, "discount_rate": 0.0}


def asset(name: str = "old", **fields: Any) -> dict[str, Any]:
    row = {"id": name, "site": "A", "modality": "CT", "install_year": 2021, "hours_per_year": 10}
    row.update(fields)
    return row


def run(data: dict[str, Any], policy: str) -> BaselinePlan:
    """The baseline's plan, which must exist, pass the verifier, and cost no less than the
    optimiser's exact optimum."""
    instance = Instance.model_validate(data)
    plan = baseline_capital(instance, policy, EXACT)
    assert plan.status is SolveStatus.OPTIMAL, plan.notes
    assert plan.report.objective is not None
    assert plan.size.integer_variables == 0  # the capital decisions are all fixed: an LP
    assert_verified(plan, instance)
    assert optimum(data) <= plan.report.objective + 1e-6
    return plan


def optimum(data: dict[str, Any]) -> float:
    plan = solve_capital(Instance.model_validate(data), EXACT)
    assert plan.status is SolveStatus.OPTIMAL and plan.objective is not None
    return plan.objective


# --------------------------------------------------------------------------- parsing


def test_policies_parse() -> None:
    assert Baseline.parse("age:10") == Baseline(BaselinePolicy.AGE, 10)
    assert Baseline.parse(" AGE : 7 ") == Baseline(BaselinePolicy.AGE, 7)
    assert Baseline.parse("priority") == Baseline(BaselinePolicy.PRIORITY, 10)
    assert Baseline.parse("priority:8") == Baseline(BaselinePolicy.PRIORITY, 8)
    assert [str(Baseline.parse(t)) for t in ("age:10", "priority", "priority:8")] == [
        "age:10",
        "priority",
        "priority:8",
    ]
    for bad, words in [
        ("age", "give the replacement age"),
        ("age:ten", "whole years"),
        ("age:0", "at least 1"),
        ("oldest-first", "unknown baseline policy"),
    ]:
        with pytest.raises(ValueError, match=words):
            Baseline.parse(bad)


# --------------------------------------------------------------------------- age:N


def age_instance() -> dict[str, Any]:
    """2030-2032; a scanner installed in 2021 (profile OLD, maximum age 15: it may be kept)."""
    return tiny(
        network=years(3),
        age_profiles=[*BASE["age_profiles"], OLD, *NEW],
        catalogue=[CT_STD],
        assets=[asset(age_profile="old")],
    )


def test_age_replaces_at_age_n_like_for_like() -> None:
    """age:10: the 2021 scanner leaves at age 10, in 2031, and ct-std is bought that year.
    Old: maintenance 30 (2030) - resale 10 (2031). New: 100 + maintenance 0 + 5 - residual 50
    (age 2 at the end, 2033) = 55. Total 75.
    age:9: it leaves in 2030: -10 + 100 + (0 + 5 + 5) - 50 (age 3: last row) = 50, the optimum.
    age:20: it is kept to its maximum age, past the horizon: 3 x 30 - residual 10 = 80."""
    data = age_instance()
    plan = run(data, "age:10")
    assert plan.objective == pytest.approx(75)
    decision = plan.asset_decisions.iloc[0]
    assert (decision["decision"], decision["year"], decision["age"]) == ("replace", 2031, 10)
    assert decision["replaced_by"] == "ct-std"
    bought = plan.purchases.iloc[0]
    assert (bought["model"], bought["year"], bought["units"]) == ("ct-std", 2031, 1)
    assert plan.purchases["retire_year"].isna().all()  # new units are kept
    assert run(data, "age:9").objective == pytest.approx(50)
    assert optimum(data) == pytest.approx(50)
    kept = run(data, "age:20")
    assert kept.objective == pytest.approx(80)
    assert kept.purchases.empty and kept.asset_decisions.iloc[0]["decision"] == "keep"


def test_age_buys_the_cheapest_model_with_the_old_scanners_capabilities() -> None:
    """A cardiac CT installed in 2015 is already past 10 in 2030, so age:10 replaces it in the
    first year. ct-std (100) lacks cardiac; ct-cardiac-b (120) may only stand at site B and
    ct-cardiac-2031 (110) is sold from 2031; so ct-cardiac (150) is bought: 150. The optimiser
    would buy ct-std (demand needs no cardiac scanner): 100."""
    card = {**CT_STD, "age_profile": "flat", "capabilities": ["cardiac"]}
    data = tiny(
        sites=[
            *BASE["sites"],
            {"id": "B", "owner": "T1", "latitude": 52.5, "longitude": -1.0},
        ],
        catalogue=[
            {**CT_STD, "age_profile": "flat"},
            {**card, "id": "ct-cardiac", "price": 150},
            {**card, "id": "ct-cardiac-b", "price": 120, "sites": ["B"]},
            {**card, "id": "ct-cardiac-2031", "price": 110, "first_year": 2031},
        ],
        assets=[asset(install_year=2015, capabilities=["cardiac"])],
    )
    plan = run(data, "age:10")
    assert list(plan.purchases["model"]) == ["ct-cardiac"]
    assert plan.objective == pytest.approx(150)
    assert plan.asset_decisions.iloc[0]["year"] == 2030
    assert optimum(data) == pytest.approx(100)


def test_age_replacement_enters_service_after_its_lead_time() -> None:
    """ct-std now takes a year to arrive; 20 exams a year. X (2020) leaves at 10 in 2030 and its
    replacement, bought then, serves from 2031: 10 exams outsourced in 2030 (200). Y (2022)
    leaves in 2032, too late to buy anything that enters service in the plan, so it retires
    without replacement: 10 more exams outsourced (200). 100 + 200 + 200 = 500. The optimiser
    keeps both (maximum age 15, no costs): 0."""
    data = tiny(
        network=years(3),
        catalogue=[{**CT_STD, "age_profile": "flat", "lead_time_years": 1}],
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 20}],
        assets=[asset("X", install_year=2020), asset("Y", install_year=2022)],
    )
    plan = run(data, "age:10")
    assert plan.objective == pytest.approx(500)
    decisions = plan.asset_decisions.set_index("asset")
    assert (decisions.loc["X", "decision"], decisions.loc["X", "year"]) == ("replace", 2030)
    assert (decisions.loc["Y", "decision"], decisions.loc["Y", "year"]) == ("retire", 2032)
    assert plan.outsourced.set_index("year")["exams"].to_dict() == {2030: 10, 2032: 10}
    assert any("Y (A) leaves in 2032 without replacement" in n for n in plan.notes)


def test_age_committed_purchase_is_the_due_scanners_replacement() -> None:
    """One CT room. age:10 would replace the 2019 scanner in 2030, but a committed ct-std is
    bought in 2031: it is that scanner's replacement, so the scanner stays until 2031 and nothing
    else is bought (buying both would need two rooms in 2031). Cost: the committed 100."""
    data = tiny(
        network=years(3),
        rooms=[{"site": "A", "modality": "CT", "rooms": 1}],
        catalogue=[{**CT_STD, "age_profile": "flat"}],
        assets=[asset(install_year=2019)],
        committed_purchases=[{"site": "A", "model": "ct-std", "year": 2031}],
    )
    plan = run(data, "age:10")
    assert plan.objective == pytest.approx(100)
    assert list(plan.purchases["year"]) == [2031]
    decision = plan.asset_decisions.iloc[0]
    assert (decision["decision"], decision["year"]) == ("replace", 2031)


def test_age_volume_discount_applies_when_reached() -> None:
    """Three 2015 scanners are replaced together in 2030; three units reach the 10% tier:
    3 x 90 = 270."""
    data = tiny(
        rooms=[{"site": "A", "modality": "CT", "rooms": 3}],
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 30}],
        catalogue=[{**CT_STD, "age_profile": "flat"}],
        discount_tiers=[{"model": "ct-std", "min_units": 3, "discount": 0.1}],
        assets=[asset(f"s{i}", install_year=2015) for i in range(3)],
    )
    plan = run(data, "age:10")
    assert plan.objective == pytest.approx(270)
    assert plan.purchases["discount"].tolist() == [pytest.approx(0.1)]


def test_age_over_budget_is_infeasible_with_the_reason(tmp_path: Path) -> None:
    """With a budget of 50 a year the age:10 replacement (100 in 2031) cannot be paid: the plan
    is infeasible, the notes say by how much, and what it would cost were the money found (75).
    Its folder holds only summary.json, which the verifier reports as no plan."""
    data = age_instance()
    data["trusts"][0]["capital_budget"] = 50.0
    instance = Instance.model_validate(data)
    plan = baseline_capital(instance, "age:10", EXACT)
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.objective is None and plan.purchases.empty
    text = " ".join(plan.notes)
    assert "capital_budget: T1 would spend GBP 100 in 2031 but has GBP 50: GBP 50 short" in text
    assert "would cost GBP 75" in text
    assert plan.cost_without_budgets == pytest.approx(75)
    write_capital_plan(plan, instance, tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["status"] == "infeasible"
    assert summary["baseline"]["policy"] == "age:10"
    assert any("GBP 50 short" in n for n in summary["baseline"]["notes"])
    assert summary["baseline"]["cost_without_budgets"] == pytest.approx(75)
    report = verify(instance, tmp_path / "out")
    assert not report.ok and report.status == "infeasible"


# --------------------------------------------------------------------------- priority


def priority_instance(budget: float, carry_over: bool = False) -> dict[str, Any]:
    """2030-2031, budget ``budget`` a year; X (2015) and Y (2018), both with profile OLD and a
    maximum age of 20 (neither must go), serve 20 exams a year in two rooms."""
    return tiny(
        network=years(2),
        trusts=[
            {"id": "T1", "capital_budget": budget, "capital_share": 100, "carry_over": carry_over}
        ],
        age_profiles=[*BASE["age_profiles"], {**OLD, "resale_value": 0}, *NEW],
        catalogue=[CT_STD],
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 20}],
        assets=[
            asset("X", install_year=2015, age_profile="old", max_age_years=20),
            asset("Y", install_year=2018, age_profile="old", max_age_years=20),
        ],
    )


def test_priority_funds_the_highest_score_first_within_budget() -> None:
    """Budget 100 a year buys one scanner a year. Scores in 2030: X 15/20 + 0 + 30/100 = 1.05,
    Y 12/20 + 0.3 = 0.9: X is replaced in 2030, Y waits and is replaced in 2031.
    X's replacement: 100 + maintenance 5 (age 1) - residual 50 (age 2) = 55. Y: maintenance 30
    (2030), then 100 + 0 - residual 60 (age 1) = 70. Total 125, spending 100 each year. The
    optimiser replaces one and keeps the other (55 + 60 = 115)."""
    data = priority_instance(100.0)
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(125)
    decisions = plan.asset_decisions.set_index("asset")
    assert decisions.loc["X", "year"] == 2030 and decisions.loc["Y", "year"] == 2031
    assert set(decisions["decision"]) == {"replace"}
    assert plan.spend["spend"].tolist() == [pytest.approx(100), pytest.approx(100)]
    assert optimum(data) == pytest.approx(115)


def test_priority_plan_is_the_optimisers_start() -> None:
    """``priority_decisions`` gives every integer variable of the capital model a value: the
    priority plan of the test above (125); fixing them leaves a linear programme whose optimum
    is that plan's cost. ``netopt.solve_capital`` starts from it (the model's ``solve_capital``
    when given it as its ``start`` rule), and the optimum (115) is the same with or without
    the start."""
    import pyomo.environ as pyo

    from netopt.baselines.capital import policy_start, priority_decisions
    from netopt.models.capital import solve_capital as solve_capital_model
    from netopt.models.capital.build import build_capital_model
    from netopt.models.capital.data import build_capital_data
    from netopt.models.capital.decisions import decision_values, fix_capital_decisions
    from netopt.solve.highs import solve_model

    instance = Instance.model_validate(priority_instance(100.0))
    data = build_capital_data(instance)
    model = build_capital_model(data)
    decisions = priority_decisions(instance, data)
    start = decision_values(model, data, decisions)
    integers = [v for v in model.component_data_objects(pyo.Var) if v.is_integer()]
    assert integers and all(v in start for v in integers)
    assert [(v.name, x) for v, x in policy_start(instance, data, model).items()] == [
        (v.name, x) for v, x in start.items()
    ]
    fix_capital_decisions(model, data, decisions)
    assert all(v.fixed and v.value == start[v] for v in integers)
    report = solve_model(model, EXACT)
    assert report.objective == pytest.approx(125)
    for with_start in (True, False):
        plan = solve_capital(instance, EXACT, baseline_start=with_start)
        assert plan.objective == pytest.approx(115)
        rule = priority_decisions if with_start else None
        assert solve_capital_model(instance, EXACT, start=rule).objective == pytest.approx(115)


def test_priority_saves_with_carry_over() -> None:
    """One scanner X, budget 60 a year. Without carry-over a replacement (100) is never
    affordable, and X is not at its maximum age, so it is kept: 2 x 30 = 60. With carry-over
    2031 has 60 + 60 = 120: X is replaced then: 30 + 100 - 60 (age 1) = 70."""
    data = priority_instance(60.0)
    data["assets"] = data["assets"][:1]
    data["demand"][0]["exams"] = 10
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(60) and plan.purchases.empty
    data["trusts"][0]["carry_over"] = True
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(70)
    assert list(plan.purchases["year"]) == [2031]
    assert plan.spend.set_index("year").loc[2031, "carried_in"] == pytest.approx(60)


def test_priority_shares_a_network_site_and_retires_what_it_cannot_fund() -> None:
    """Site C belongs to the network (T1 pays 30%, T2 70%); its 2016 scanner reaches its maximum
    age of 15 in 2031 and must go. T1's budget of 29 cannot pay its 30: the scanner is not
    replaced in 2030 (age 14, a candidate) nor in 2031, so it retires and 2031's 10 exams are
    outsourced: 200. With 30 the replacement is funded in 2030, when it first ranks: 100, of
    which T1 pays 30 and T2 70."""
    data = tiny(
        network=years(2),
        sites=[{"id": "C", "owner": "network", "latitude": 52.0, "longitude": -1.0}],
        trusts=[
            {"id": "T1", "capital_budget": 29.0, "capital_share": 30},
            {"id": "T2", "capital_budget": 1000.0, "capital_share": 70},
        ],
        rooms=[{"site": "C", "modality": "CT", "rooms": 1}],
        catalogue=[{**CT_STD, "age_profile": "flat"}],
        demand=[{"site": "C", "exam_type": "ct", "year": 2030, "exams": 10}],
        assets=[asset(site="C", install_year=2016)],
    )
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(200)
    decision = plan.asset_decisions.iloc[0]
    assert (decision["decision"], decision["year"]) == ("retire", 2031)
    assert any("T1 has GBP 29 for its GBP 30" in n for n in plan.notes)
    data["trusts"][0]["capital_budget"] = 30.0
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(100)
    assert list(plan.purchases["year"]) == [2030]
    assert plan.payments.set_index("trust")["amount"].to_dict() == {"T1": 30, "T2": 70}


def test_priority_candidates_start_at_the_given_age() -> None:
    """A 2025 scanner (age 5, profile OLD) with an ample budget, one year: priority (from age 10)
    keeps it: 30 - residual 10 = 20; priority:5 replaces it in 2030: 100 + maintenance 0 -
    residual 60 (age 1 at the end) - resale 10 = 30."""
    data = tiny(
        age_profiles=[*BASE["age_profiles"], OLD, *NEW],
        catalogue=[CT_STD],
        assets=[asset(install_year=2025, age_profile="old")],
    )
    assert run(data, "priority").objective == pytest.approx(20)
    plan = run(data, "priority:5")
    assert plan.objective == pytest.approx(30)
    assert plan.asset_decisions.iloc[0]["decision"] == "replace"


def test_priority_pays_committed_purchases_first() -> None:
    """Budget 150; a committed ct-std (100) in 2030 replaces X (2015, due first); Y (2016) is a
    candidate but the 50 left cannot pay for its replacement: it is kept. Cost 100."""
    data = tiny(
        trusts=[{"id": "T1", "capital_budget": 150.0, "capital_share": 100}],
        catalogue=[{**CT_STD, "age_profile": "flat"}],
        assets=[asset("X", install_year=2015), asset("Y", install_year=2016)],
        committed_purchases=[{"site": "A", "model": "ct-std", "year": 2030}],
    )
    plan = run(data, "priority")
    assert plan.objective == pytest.approx(100)
    decisions = plan.asset_decisions.set_index("asset")["decision"].to_dict()
    assert decisions == {"X": "replace", "Y": "keep"}


def test_a_plan_needing_more_rooms_is_infeasible_with_the_reason() -> None:
    """One CT room and two committed units in 2030: the first replaces the existing scanner,
    the second has no room. Money would not help, so there is no cost without budgets."""
    data = tiny(
        rooms=[{"site": "A", "modality": "CT", "rooms": 1}],
        assets=[asset(install_year=2025)],
        committed_purchases=[{"site": "A", "model": "ct-std", "year": 2030, "units": 2}],
    )
    plan = baseline_capital(Instance.model_validate(data), "priority", EXACT)
    assert plan.status is SolveStatus.INFEASIBLE
    assert (
        "infeasible for priority: rooms_limit: 2 CT scanners would be in service at A in 2030, "
        "with 1 rooms" in plan.notes
    )
    assert plan.cost_without_budgets is None


def test_a_plan_outsourcing_beyond_the_limit_is_infeasible_with_the_reason() -> None:
    """An existing scanner of 5 hours (installed 2025, far from any replacement age); 10 exams
    in 2030, of which the outsourcing companies take 3. Both policies keep the scanner and buy
    nothing, leaving 5 exams to outsource: 2 more than the limit, so the plan is infeasible,
    named ``outsourcing_limit`` with the exam type, year and shortfall; money would not help.
    The optimiser buys a second scanner (100) and outsources nothing: 100."""
    data = tiny(
        assets=[asset(install_year=2025, hours_per_year=5)],
        exam_types=[
            {
                "id": "ct",
                "modality": "CT",
                "scan_minutes": 60,
                "outsourcing_cost": 20,
                "outsourcing_capacity": 3,
            }
        ],
    )
    instance = Instance.model_validate(data)
    for policy in ("age:10", "priority"):
        plan = baseline_capital(instance, policy, EXACT)
        assert plan.status is SolveStatus.INFEASIBLE
        assert (
            f"infeasible for {policy}: outsourcing_limit: the fleet it keeps leaves 2 ct exams "
            "in 2030 neither scanned nor outsourced: the outsourcing companies take at most 3"
            in plan.notes
        ), plan.notes
        assert plan.cost_without_budgets is None
    best = solve_capital(instance, EXACT)
    assert best.objective == pytest.approx(100)
    frame = compare_with_baselines(instance, best, ["priority"], EXACT)
    assert frame.set_index("plan").loc["priority", "status"] == "infeasible"


def test_a_plan_missing_the_access_target_is_infeasible_with_the_reason() -> None:
    """An existing scanner of 10 hours at A (installed 2025) scans A's 10 exams; B, about 16
    minutes away, refers 10 more, has no scanner but may hold one (a room). With an access
    target of 75% within 10 minutes of home, 15 exams must be scanned at home: both policies
    keep A's scanner and buy nothing where it is not replacing one, leaving B's 10 to travel
    or be outsourced: 5 too few, named ``access_target``. The optimiser buys a scanner at B
    (100)."""
    data = tiny(
        sites=[
            {"id": "A", "owner": "T1", "latitude": 52.0, "longitude": -1.0},
            {"id": "B", "owner": "T1", "latitude": 52.09, "longitude": -1.0},
        ],
        rooms=[
            {"site": "A", "modality": "CT", "rooms": 1},
            {"site": "B", "modality": "CT", "rooms": 1},
        ],
        assets=[asset(install_year=2025, hours_per_year=10)],
        demand=[
            {"site": "A", "exam_type": "ct", "year": 2030, "exams": 10},
            {"site": "B", "exam_type": "ct", "year": 2030, "exams": 10},
        ],
        policy={"access_minutes": 10, "access_share": 0.75, "residual_value": "resale"},
    )
    instance = Instance.model_validate(data)
    for policy in ("age:10", "priority"):
        plan = baseline_capital(instance, policy, EXACT)
        assert plan.status is SolveStatus.INFEASIBLE
        assert (
            f"infeasible for {policy}: access_target: the fleet it keeps scans 5 CT exams in "
            "2030 too few within 10 minutes of home: the access target asks for 75% of 20"
            in plan.notes
        ), plan.notes
    best = solve_capital(instance, EXACT)
    assert best.objective == pytest.approx(100)


# --------------------------------------------------------------------------- comparison


def test_compare_with_baselines() -> None:
    """The age:10 instance above: optimum 50, age:10 75 (saving 25, a third of 75), age:9 50
    (saving 0); no exams outsourced; capital 100 each."""
    instance = Instance.model_validate(age_instance())
    plan = solve_capital(instance, EXACT)
    frame = compare_with_baselines(instance, plan, ["age:10", "age:9"], EXACT)
    assert list(frame.columns) == [
        "plan",
        "objective",
        "saving_vs_plan",
        "saving_pct",
        "exams_outsourced",
        "demand_met_pct",
        "capital_spend",
        "status",
        "cost_if_funded",
        "saving_if_funded",
    ]
    rows = frame.set_index("plan")
    assert rows.loc["optimised", "objective"] == pytest.approx(50)
    assert rows.loc["age:10", "saving_vs_plan"] == pytest.approx(25)
    assert rows.loc["age:10", "saving_pct"] == pytest.approx(100 / 3)
    assert rows.loc["age:9", "saving_vs_plan"] == pytest.approx(0)
    assert rows["exams_outsourced"].tolist() == [0, 0, 0]
    assert rows["demand_met_pct"].tolist() == [100, 100, 100]
    assert rows["capital_spend"].tolist() == [100, 100, 100]


def test_compare_reports_an_infeasible_baseline_without_figures() -> None:
    data = age_instance()
    data["trusts"][0]["capital_budget"] = 50.0
    instance = Instance.model_validate(data)
    plan = solve_capital(instance, EXACT)
    frame = compare_with_baselines(instance, plan, ["age:10"], EXACT)
    row = frame.set_index("plan").loc["age:10"]
    funded = ["cost_if_funded", "saving_if_funded"]
    assert row["status"] == "infeasible" and row.drop(["status", *funded]).isna().all()
    # it breaks only the budget: its cost were the money found, and what the plan saves on it
    # (negative: breaking the budget is cheaper)
    assert row["cost_if_funded"] == pytest.approx(75.0)
    assert row["saving_if_funded"] == pytest.approx(75.0 - plan.objective)


def test_written_baseline_summary_names_the_policy() -> None:
    instance = Instance.model_validate(age_instance())
    plan = baseline_capital(instance, Baseline(BaselinePolicy.AGE, 10), EXACT)
    with tempfile.TemporaryDirectory() as folder:
        write_capital_plan(plan, instance, folder)
        summary = json.loads((Path(folder) / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["model"] == "capital"
    assert summary["baseline"]["policy"] == "age:10"
    assert "leaves at age 10" in summary["baseline"]["rules"]
