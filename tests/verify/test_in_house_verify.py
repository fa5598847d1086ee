"""The verifier on the in-house cost, the outsourcing limits and ``scanning_split.csv``.

The plan is the two-trust network with a CDC (``tests.verify.networks.with_cdc``) with an
in-house cost on every exam type, so that ``in_house_scanning`` is a cost of the plan, of
``trust_costs.csv`` and of ``scanning_split.csv``. Each case changes one thing consistently (the
CSV file and ``plan.xlsx``, see ``tests.verify.tamper``) and the verifier must name it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import netopt
from netopt.schema import Instance
from netopt.verify import VerificationReport, verify_capital
from tests.verify.networks import with_cdc
from tests.verify.tamper import change_cell, read_table, set_cell, write_table

IN_HOUSE = {0: 25.0, 1: 60.0}
"""In-house cost per exam of the network's exam types, by position."""


def in_house_instance() -> Instance:
    data = with_cdc().model_dump()
    for i, cost in IN_HOUSE.items():
        data["exam_types"][i]["in_house_cost"] = cost
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    instance = in_house_instance()
    solved = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=0.0))
    assert solved.status is netopt.SolveStatus.OPTIMAL
    assert not solved.outsourced.empty, "the plan outsources nothing"
    folder = tmp_path_factory.mktemp("in_house") / "plan"
    return instance, netopt.write_capital_plan(solved, instance, folder)


def tampered(plan: tuple[Instance, Path], tmp_path: Path, change: Callable[[Path], None]) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(plan[1], folder)
    change(folder)
    return folder


def found(report: VerificationReport, family: str, **where: Any) -> bool:
    return any(
        v.constraint == family and all(v.where.get(k) == x for k, x in where.items())
        for v in report.violations
    )


def test_untouched_plan_verifies_with_in_house_costs(plan: tuple[Instance, Path]) -> None:
    report = verify_capital(*plan)
    assert report.ok, report.render()
    assert report.components["in_house_scanning"] > 0
    costs = read_table(plan[1], "trust_costs")
    assert "in_house_scanning" in set(costs["component"])


def test_verified_against_another_in_house_cost(
    plan: tuple[Instance, Path], tmp_path: Path
) -> None:
    """The same folder checked against an instance whose in-house cost differs: the
    objective's ``in_house_scanning`` no longer adds up."""
    instance, folder = plan
    data = instance.model_dump()
    data["exam_types"][0]["in_house_cost"] = IN_HOUSE[0] + 5
    report = verify_capital(Instance.model_validate(data), folder)
    assert not report.ok
    assert found(report, "objective", component="in_house_scanning"), report.render()


def test_in_house_cost_row_changed(plan: tuple[Instance, Path], tmp_path: Path) -> None:
    """``costs.csv``'s in-house row raised by 1000: an ``objective`` violation naming it."""
    costs = read_table(plan[1], "costs")
    row = int(costs.index[costs["component"] == "in_house_scanning"][0])
    folder = tampered(
        plan,
        tmp_path,
        lambda f: change_cell(f, "costs", row, "npv", lambda v: v + 1000),
    )
    report = verify_capital(plan[0], folder)
    assert found(report, "objective", component="in_house_scanning"), report.render()


def test_in_house_trust_cost_changed(plan: tuple[Instance, Path], tmp_path: Path) -> None:
    costs = read_table(plan[1], "trust_costs")
    row = int(costs.index[costs["component"] == "in_house_scanning"][0])
    folder = tampered(
        plan, tmp_path, lambda f: change_cell(f, "trust_costs", row, "cash", lambda v: v + 100)
    )
    report = verify_capital(plan[0], folder)
    where = {"file": "trust_costs.csv", "line": row + 2, "column": "cash"}
    assert found(report, "tables", **where), report.render()


def test_outsourcing_beyond_the_limit(plan: tuple[Instance, Path]) -> None:
    """The folder checked against the instance with an outsourcing capacity of 1 exam a year
    for the exam type the plan outsources most: ``outsourcing_limit`` at that exam type and
    each year it outsources more than 1."""
    instance, folder = plan
    out = read_table(folder, "outsourced")
    out["exams"] = out["exams"].astype(float)
    totals = out.groupby(["exam_type", "year"])["exams"].sum()
    (exam, year) = totals.idxmax()
    data = instance.model_dump()
    for e in data["exam_types"]:
        if e["id"] == exam:
            e["outsourcing_capacity"] = 1.0
    report = verify_capital(Instance.model_validate(data), folder)
    assert not report.ok
    assert found(report, "outsourcing_limit", exam_type=exam, year=int(year)), report.render()
    violation = next(v for v in report.violations if v.constraint == "outsourcing_limit")
    assert "at most 1" in violation.message


def test_a_year_row_overrides_the_capacity(plan: tuple[Instance, Path]) -> None:
    """An ``outsourcing_limits`` row of 0 for one year the plan outsources in is broken there
    even though the exam type's capacity is ample."""
    instance, folder = plan
    out = read_table(folder, "outsourced")
    exam, year = str(out.loc[0, "exam_type"]), int(out.loc[0, "year"])
    data = instance.model_dump()
    for e in data["exam_types"]:
        if e["id"] == exam:
            e["outsourcing_capacity"] = 1e8
    data["outsourcing_limits"] = [{"exam_type": exam, "year": year, "max_exams": 0.0}]
    report = verify_capital(Instance.model_validate(data), folder)
    assert {(v.where.get("exam_type"), v.where.get("year")) for v in report.violations if v.constraint == "outsourcing_limit"} == {(exam, year)}, report.render()  # fmt: skip


@pytest.mark.parametrize(
    "column",
    ["exams_in_house", "exams_outsourced", "outsourced_share", "in_house_cost", "outsourcing_cost"],
)
def test_scanning_split_column_changed(
    plan: tuple[Instance, Path], tmp_path: Path, column: str
) -> None:
    split = read_table(plan[1], "scanning_split")
    row = int((split["exams_outsourced"].astype(float) > 0).idxmax())
    folder = tampered(
        plan,
        tmp_path,
        lambda f: change_cell(f, "scanning_split", row, column, lambda v: v + 0.1 + abs(v) / 10),
    )
    report = verify_capital(plan[0], folder)
    where = {"file": "scanning_split.csv", "line": row + 2, "column": column}
    assert found(report, "tables", **where), report.render()


def test_scanning_split_row_dropped_or_unknown(plan: tuple[Instance, Path], tmp_path: Path) -> None:
    folder = tampered(
        plan,
        tmp_path,
        lambda f: write_table(f, "scanning_split", read_table(f, "scanning_split").iloc[1:]),
    )
    report = verify_capital(plan[0], folder)
    assert any("scanning_split.csv has no row for trust" in v.message for v in report.violations)
    folder = tampered(
        plan, tmp_path / "unknown", lambda f: set_cell(f, "scanning_split", 0, "trust", "Z")
    )
    report = verify_capital(plan[0], folder)
    assert found(report, "tables", file="scanning_split.csv", line=2, column="trust")


def test_scanning_split_adds_up_to_flows_and_outsourced(plan: tuple[Instance, Path]) -> None:
    """Summed over trusts, the split's exams are those of ``flows`` and ``outsourced`` (a
    network site's patients are shared by capital share, which sums to 1)."""
    folder = plan[1]
    split = read_table(folder, "scanning_split")
    flows, out = read_table(folder, "flows"), read_table(folder, "outsourced")
    assert split["exams_in_house"].astype(float).sum() == pytest.approx(
        flows["exams"].astype(float).sum()
    )
    assert split["exams_outsourced"].astype(float).sum() == pytest.approx(
        out["exams"].astype(float).sum()
    )
