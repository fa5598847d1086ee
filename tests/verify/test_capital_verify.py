"""The independent verifier against real HiGHS plans: solved plans verify; tampered ones fail
with the right constraint family.

Plans are solved once per module (exact gap) and written with ``netopt.write_capital_plan``;
each tampering test works on its own copy of the folder.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import netopt
from netopt.schema import Instance
from netopt.verify import VerificationReport, verify_capital
from tests.verify.networks import SCANNING_REALISM, TWO_TRUSTS, two_trusts, with_cdc
from tests.verify.random_networks import random_instance
from tests.verify.tamper import read_table, write_summary, write_table

REPO = Path(__file__).resolve().parents[2]
EXACT = netopt.SolveOptions(mip_gap=0.0)


INSTANCES: dict[str, Callable[[], Instance]] = {
    "winston": lambda: netopt.load_instance(REPO / "instances/textbook/winston_car.yaml"),
    "two_trusts": two_trusts,
    "cdc": with_cdc,
}


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Instance, Path]]:
    """Each instance solved exactly and written to a result folder."""
    out = {}
    for name, make in INSTANCES.items():
        instance = make()
        plan = netopt.solve_capital(instance, EXACT)
        assert plan.status is netopt.SolveStatus.OPTIMAL, (name, plan.status)
        folder = netopt.write_capital_plan(plan, instance, tmp_path_factory.mktemp(name) / "plan")
        out[name] = (instance, folder)
    return out


def _copy(solved: dict[str, tuple[Instance, Path]], name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(solved[name][1], folder)
    return folder


def _read(folder: Path, table: str) -> pd.DataFrame:
    return read_table(folder, table)


def _write(folder: Path, table: str, frame: pd.DataFrame) -> None:
    """Tamper with a table in its CSV file and in ``plan.xlsx`` alike."""
    write_table(folder, table, frame)


def _verify(instance: Instance, folder: Path) -> VerificationReport:
    report = verify_capital(instance, folder)
    print(report.render())
    return report


# --------------------------------------------------------------------------- valid plans


def test_winston_car_verifies(solved: dict[str, tuple[Instance, Path]]) -> None:
    instance, folder = solved["winston"]
    report = _verify(instance, folder)
    assert report.ok
    assert report.violations == []
    assert report.status == "optimal"
    assert report.objective_recomputed == pytest.approx(31000, abs=1e-6)
    assert report.objective_reported == pytest.approx(31000, abs=1e-6)
    assert report.components["capital"] == pytest.approx(36000)
    assert "OK" in report.render()


@pytest.mark.parametrize("name", ["two_trusts", "cdc"])
def test_network_plans_verify(solved: dict[str, tuple[Instance, Path]], name: str) -> None:
    instance, folder = solved[name]
    report = _verify(instance, folder)
    assert report.ok, report.render()
    assert report.objective_recomputed == pytest.approx(report.objective_reported, rel=1e-9)


def test_cdc_plan_exercises_network_features(solved: dict[str, tuple[Instance, Path]]) -> None:
    """Guard: the CDC plan really uses a network site, new rooms, travel and a discount, so
    that the verification above covers those rules."""
    _, folder = solved["cdc"]
    report = _verify(*solved["cdc"])
    assert report.components["enabling_works"] > 0
    assert report.components["patient_travel"] > 0
    payments = pd.read_csv(folder / "payments.csv")
    assert set(payments.loc[payments["site"] == "CDC", "trust"]) == {"A", "B"}
    assert (pd.read_csv(folder / "purchases.csv")["discount"] > 0).any()


@pytest.mark.parametrize("seed", [0, 5, 7, 12, 24, 40])
def test_random_networks_verify(seed: int, tmp_path: Path) -> None:
    """Random small networks (fleets, lead times, tiers, shares, travel methods): the verifier
    agrees with every optimal plan."""
    instance = random_instance(seed)
    plan = netopt.solve_capital(instance, EXACT)
    assert plan.status is netopt.SolveStatus.OPTIMAL
    report = _verify(instance, netopt.write_capital_plan(plan, instance, tmp_path / "plan"))
    assert report.ok, report.render()


def test_no_plan_is_not_ok(tmp_path: Path) -> None:
    """An infeasible instance writes a folder without tables: nothing to check, not ok."""
    instance = netopt.load_instance(REPO / "instances/textbook/winston_car.yaml")
    data = instance.model_dump()
    data["trusts"][0]["capital_budget"] = 0.0
    broke = Instance.model_validate(data)
    plan = netopt.solve_capital(broke, EXACT)
    report = _verify(broke, netopt.write_capital_plan(plan, broke, tmp_path / "plan"))
    assert report.status == "infeasible"
    assert not report.ok
    assert report.violations == []
    assert "NO PLAN" in report.render()


# --------------------------------------------------------------------------- tampered plans


def test_removed_committed_purchase(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    purchases = _read(folder, "purchases")
    committed = (purchases["site"] == "SB") & (purchases["year"] == "2026")
    assert committed.any()
    _write(folder, "purchases", purchases[~committed])
    report = _verify(instance, folder)
    assert not report.ok
    assert "committed_purchase" in report.families()
    (found,) = [v for v in report.violations if v.constraint == "committed_purchase"]
    assert found.where == {"site": "SB", "model": "ct-std", "year": 2026}
    assert "buys 0" in found.message


def test_removed_purchase_leaves_capacity_short(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    purchases = _read(folder, "purchases")
    _write(folder, "purchases", purchases[purchases["site"] != "SA"])
    report = _verify(instance, folder)
    assert "scan_capacity" in report.families()
    assert any(
        v.where.get("site") == "SA" for v in report.violations if v.constraint == "scan_capacity"
    )
    assert "objective" in report.families()  # costs.csv no longer matches


def test_flow_beyond_travel_limit(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """SA to SB is 60 minutes, beyond the 45-minute CT limit."""
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    flows = _read(folder, "flows")
    row = flows.index[(flows["origin"] == "SA") & (flows["site"] == "SA")][0]
    flows.loc[row, "site"] = "SB"
    _write(folder, "flows", flows)
    report = _verify(instance, folder)
    limits = [v for v in report.violations if v.constraint == "travel_limit"]
    assert len(limits) == 1
    assert limits[0].where["origin"] == "SA" and limits[0].where["site"] == "SB"
    assert "60.0 minutes" in limits[0].message and "45 minutes" in limits[0].message


def test_raised_flow_breaks_demand_balance(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    flows = _read(folder, "flows")
    flows["exams"] = [str(float(x) + 100) if i == 0 else x for i, x in enumerate(flows["exams"])]
    _write(folder, "flows", flows)
    report = _verify(instance, folder)
    balance = [v for v in report.violations if v.constraint == "demand_balance"]
    assert len(balance) == 1
    assert "100 too many" in balance[0].message


def test_retirement_past_max_age(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """a1 (2014, max age 10) is past its maximum age in 2025: it must leave in 2025."""
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    decisions = _read(folder, "asset_decisions")
    decisions.loc[decisions["asset"] == "a1", ["decision", "year"]] = ["retire", "2027"]
    _write(folder, "asset_decisions", decisions)
    report = _verify(instance, folder)
    (found,) = [v for v in report.violations if v.constraint == "max_age"]
    assert found.where["asset"] == "a1"
    assert "must leave service by 2025" in found.message
    assert "already past it" in found.message


def test_kept_scanner_past_max_age(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """b1 (2017, max age 10) may not be kept to the horizon end (2029)."""
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    decisions = _read(folder, "asset_decisions")
    decisions.loc[decisions["asset"] == "b1", ["decision", "year"]] = ["keep", ""]
    _write(folder, "asset_decisions", decisions)
    report = _verify(instance, folder)
    assert any(v.where.get("asset") == "b1" for v in report.violations if v.constraint == "max_age")


def test_new_unit_past_its_lifetime(solved: dict[str, tuple[Instance, Path]]) -> None:
    """The same plan checked against a catalogue whose ct-std lasts two years."""
    _, folder = solved["two_trusts"]
    catalogue = copy.deepcopy(TWO_TRUSTS["catalogue"])
    catalogue[0]["lifetime_years"] = 2
    report = _verify(two_trusts(catalogue=catalogue), folder)
    assert "max_age" in report.families()


def test_purchase_before_model_available(solved: dict[str, tuple[Instance, Path]]) -> None:
    catalogue = copy.deepcopy(TWO_TRUSTS["catalogue"])
    catalogue[0]["first_year"] = 2027
    data = copy.deepcopy(TWO_TRUSTS)
    data["catalogue"] = catalogue
    data["committed_purchases"] = []
    report = _verify(Instance.model_validate(data), solved["two_trusts"][1])
    assert "buy_windows" in report.families()


def test_claimed_discount(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    purchases = _read(folder, "purchases")
    purchases.loc[0, ["unit_price", "discount", "cost"]] = ["490000.0", "0.3", "490000.0"]
    _write(folder, "purchases", purchases)
    report = _verify(instance, folder)
    (found,) = [v for v in report.violations if v.constraint == "discount_tier"]
    assert "30.0% off the list price of GBP 700,000" in found.message


def test_changed_objective(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, original = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    summary = json.loads((folder / "summary.json").read_text())
    summary["objective"] += 1000.0
    write_summary(folder, summary)
    report = _verify(instance, folder)
    assert report.families() == {"objective"}
    assert not report.ok
    assert report.objective_recomputed == pytest.approx(
        verify_capital(instance, original).objective_recomputed
    )
    assert "GBP 1,000 less than written" in report.violations[0].message


def test_changed_cost_component(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    costs = _read(folder, "costs")
    costs.loc[costs["component"] == "maintenance", "npv"] = "1.0"
    _write(folder, "costs", costs)
    report = _verify(instance, folder)
    (found,) = report.violations
    assert found.constraint == "objective" and found.where == {"component": "maintenance"}


def test_capability_cover(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """SB has no cardiac scanner: turning general exams there into cardiac ones of the same
    hours keeps the total but breaks the split by capability."""
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    flows = _read(folder, "flows")
    row = flows.index[(flows["site"] == "SB") & (flows["exam_type"] == "ct-gen")][0]
    flows.loc[row, "exam_type"] = "ct-cardiac"
    flows.loc[row, "exams"] = str(float(str(flows.at[row, "exams"])) / 2)
    _write(folder, "flows", flows)
    report = _verify(instance, folder)
    assert "capability_cover" in report.families()
    assert "scan_capacity" not in report.families()


def test_rooms_limit(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """SB has one CT room: a second unit bought in 2025 does not fit."""
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    purchases = _read(folder, "purchases")
    extra = purchases.iloc[[0]].copy()
    extra[["site", "model", "year", "in_service_year", "retire_year", "units"]] = [
        "SB",
        "ct-std",
        "2025",
        "2025",
        "",
        "1",
    ]
    extra[["list_price", "unit_price", "cost"]] = ["700000.0", "700000.0", "700000.0"]
    _write(folder, "purchases", pd.concat([purchases, extra]))
    report = _verify(instance, folder)
    assert "rooms_limit" in report.families()
    (found,) = [
        v for v in report.violations if v.constraint == "rooms_limit" and v.where["year"] == 2025
    ]
    assert "1 room(s)" in found.message


def test_budget_without_carry_over(solved: dict[str, tuple[Instance, Path]]) -> None:
    """Trust A (400k a year) can only buy a CT with last year's budget carried over: the same
    plan breaks the budget once carry-over is removed."""
    _, folder = solved["two_trusts"]
    spend = pd.read_csv(folder / "spend.csv")
    assert (spend.loc[spend["trust"] == "A", "spend"] > 400_000).any()  # the plan needs carry-over
    trusts = copy.deepcopy(TWO_TRUSTS["trusts"])
    trusts[0]["carry_over"] = False
    report = _verify(two_trusts(trusts=trusts), folder)
    # the plan was solved for the instance with carry-over: instance_sha256 and the carried_in
    # and headroom columns of spend.csv no longer match
    assert report.families() == {"capital_budget", "instance", "tables"}
    (found,) = [v for v in report.violations if v.constraint == "capital_budget"]
    assert found.where["trust"] == "A"
    assert "against a budget of GBP 400,000 (+GBP 0 carried in)" in found.message
    assert {v.where.get("column") for v in report.violations if v.constraint == "tables"} == {
        "carried_in",
        "headroom",
    }


def test_budget_table_overrides(solved: dict[str, tuple[Instance, Path]]) -> None:
    """A ``budgets`` row below what B spends in a year it buys."""
    _, folder = solved["two_trusts"]
    year = int(pd.read_csv(folder / "payments.csv").query("trust == 'B'")["year"].min())
    report = _verify(
        two_trusts(budgets=[{"trust": "B", "year": year, "capital_budget": 1000}]), folder
    )
    # another instance (instance_sha256) whose budgets differ from spend.csv's (tables)
    assert report.families() == {"capital_budget", "instance", "tables"}
    (found,) = [v for v in report.violations if v.constraint == "capital_budget"]
    assert found.where == {"trust": "B", "year": year}


def test_network_site_shares(solved: dict[str, tuple[Instance, Path]]) -> None:
    """CDC costs are shared 60/40; with B paying all of them B's budget breaks (2025: the
    cardiac CT and its works, GBP 1.05m, against B's 1m)."""
    _, folder = solved["cdc"]
    trusts = copy.deepcopy(TWO_TRUSTS["trusts"])
    trusts[0].update(capital_budget=1_200_000, capital_share=0)
    trusts[1]["capital_share"] = 100
    exams = copy.deepcopy(TWO_TRUSTS["exam_types"])
    exams[1]["outsourcing_cost"] = 3000
    report = _verify(two_trusts(trusts=trusts, exam_types=exams, **SCANNING_REALISM), folder)
    assert "capital_budget" in report.families()
    assert "payments" in report.families()  # payments.csv used the 60/40 shares


def test_payments_table(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    payments = _read(folder, "payments")
    payments.loc[0, "amount"] = "1.0"
    _write(folder, "payments", payments)
    report = _verify(instance, folder)
    assert report.families() == {"payments"}


def test_missing_asset(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    decisions = _read(folder, "asset_decisions")
    _write(folder, "asset_decisions", decisions[decisions["asset"] != "a2"])
    report = _verify(instance, folder)
    assert any(
        v.where.get("asset") == "a2" and "missing" in v.message
        for v in report.violations
        if v.constraint == "existing_fleet"
    )


def test_outsourcing_not_allowed(solved: dict[str, tuple[Instance, Path]]) -> None:
    _, folder = solved["two_trusts"]
    assert len(pd.read_csv(folder / "outsourced.csv"))
    exams = copy.deepcopy(TWO_TRUSTS["exam_types"])
    for exam in exams:
        exam["outsourcing_cost"] = None
    report = _verify(two_trusts(exam_types=exams), folder)
    assert any(
        "cannot be outsourced" in v.message
        for v in report.violations
        if v.constraint == "demand_balance"
    )


def test_missing_table(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    instance, _ = solved["two_trusts"]
    folder = _copy(solved, "two_trusts", tmp_path)
    (folder / "flows.csv").unlink()
    report = _verify(instance, folder)
    assert "tables" in report.families()
    assert "demand_balance" in report.families()


def test_render_lists_violations(solved: dict[str, tuple[Instance, Path]]) -> None:
    trusts = copy.deepcopy(TWO_TRUSTS["trusts"])
    trusts[0]["carry_over"] = False
    text = verify_capital(two_trusts(trusts=trusts), solved["two_trusts"][1]).render()
    assert "VIOLATIONS FOUND" in text
    assert "[capital_budget] trust=A" in text
    assert "Trust A spends GBP" in text
