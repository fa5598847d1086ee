"""The verifier re-derives residual values from the instance alone (``policy.residual_value``,
purchase prices, profiles in fractions of the price) and catches a plan whose residual value
is wrong: one costed by the other rule, or a kept scanner's value edited."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import netopt
from netopt.schema import Instance
from netopt.verify import verify_capital
from tests.capital.builders import BASE, EXACT, tiny
from tests.verify.tamper import read_table, set_cell

PROFILE = [
    {"profile": "flat", "age": a, "maintenance_fraction": 0.1, "resale_fraction": 0.1}
    for a in range(3)
]
"""Maintenance 10% of the price a year, resale 10% of it."""


def instance(rule: str) -> Instance:
    """A 2-year plan: an existing scanner bought for 500 in 2027 (age 3 at the start, 5 at the
    end, maximum age 10) and the catalogue unit (price 100, lifetime 10); 20 one-hour exams a
    year need both. Kept to the end: straight line 500 x 0.5 = 250 and 100 x 0.8 = 80; by
    resale 50 and 10. (Under the straight line the old scanner is kept: 2 x 50 maintenance
    less 250 residual beats its resale 50 now plus a second new unit, 100 + 2 x 10 - 80.)"""
    asset = {
        "id": "old",
        "site": "A",
        "modality": "CT",
        "install_year": 2027,
        "hours_per_year": 10,
        "purchase_price": 500,
    }
    data: dict[str, Any] = tiny(
        network={"name": "tiny", "first_year": 2030, "horizon_years": 2, "discount_rate": 0.0},
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 20}],
        age_profiles=PROFILE,
        assets=[asset],
        modalities=[{**BASE["modalities"][0], "max_age_years": 10}],
        policy={"residual_value": rule},
    )
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    straight = instance("straight_line")
    plan = netopt.solve_capital(straight, EXACT)
    folder = tmp_path_factory.mktemp("residual")
    netopt.write_capital_plan(plan, straight, folder)
    return straight, folder


def test_straight_line_plan_verifies(written: tuple[Instance, Path]) -> None:
    """Both kept: residual 250 + 80 = 330; the kept asset's ``value`` is 250."""
    straight, folder = written
    report = verify_capital(straight, folder)
    assert report.ok, report.render()
    costs = read_table(folder, "costs").set_index("component")["npv"].astype(float)
    assert costs["residual_value"] == pytest.approx(-330.0)
    decisions = read_table(folder, "asset_decisions")
    assert float(decisions.loc[0, "value"]) == pytest.approx(250.0)


def test_a_plan_costed_by_the_other_rule_is_caught(written: tuple[Instance, Path]) -> None:
    """Checked against the instance with ``residual_value: resale``, the plan's residual value
    is 330 where it should be 60: the objective, its residual value component, the trust's
    residual value and the kept scanner's value are found wrong."""
    _, folder = written
    report = verify_capital(instance("resale"), folder)
    assert not report.ok
    found = {(v.constraint, v.where.get("component")) for v in report.violations}
    assert ("objective", "residual_value") in found
    files = {v.where.get("file") for v in report.violations}
    assert {"trust_costs.csv", "asset_decisions.csv"} <= files, report.render()


def test_an_edited_residual_value_is_caught(written: tuple[Instance, Path], tmp_path: Path) -> None:
    """The kept scanner's ``value`` written as its resale value (250 -> 50): caught at that
    cell."""
    straight, original = written
    folder = tmp_path / "plan"
    shutil.copytree(original, folder)
    set_cell(folder, "asset_decisions", 0, "value", "50")
    report = verify_capital(straight, folder)
    (violation,) = report.violations
    assert violation.where.get("file") == "asset_decisions.csv"
    assert violation.where.get("column") == "value"
    assert "residual value at age 5" in violation.message
