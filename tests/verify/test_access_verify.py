"""The verifier on travel limits per exam type and per origin, the access target and
``access.csv`` (the equity view).

The plan is the two-trust network with a CDC (``tests.verify.networks.with_cdc``): CT's limit
is 45 minutes; from 2026 SA's cardiac exams travel 20 minutes to the CDC (and some general ones
from 2027), SB's cardiac exams 25; everything else is scanned at home; some 2025 exams are
outsourced. The folder is checked against instances changed one way each, or changed itself
consistently (the CSV file and ``plan.xlsx``, see ``tests.verify.tamper``).
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


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    instance = with_cdc()
    solved = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=0.0))
    assert solved.status is netopt.SolveStatus.OPTIMAL
    assert (solved.flows["travel_minutes"] > 0).any(), "no patient travels"
    folder = tmp_path_factory.mktemp("access") / "plan"
    return instance, netopt.write_capital_plan(solved, instance, folder)


def changed(instance: Instance, **tables: Any) -> Instance:
    data = instance.model_dump()
    data.update(tables)
    return Instance.model_validate(data)


def tampered(plan: tuple[Instance, Path], tmp_path: Path, change: Callable[[Path], None]) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(plan[1], folder)
    change(folder)
    return folder


def violations(report: VerificationReport, family: str) -> list[netopt.verify.Violation]:
    return [v for v in report.violations if v.constraint == family]


def test_untouched_plan_verifies_with_its_access_table(plan: tuple[Instance, Path]) -> None:
    report = verify_capital(*plan)
    assert report.ok, report.render()
    access = read_table(plan[1], "access")
    assert set(access["origin"]) == {"SA", "SB"}
    assert len(access) == 8


def test_an_exam_types_own_limit_is_checked(plan: tuple[Instance, Path]) -> None:
    """Cardiac CT limited to 15 minutes: every cardiac flow to the CDC (20 and 25 minutes)
    breaks ``travel_limit``, naming the exam type's limit; the general exams' do not."""
    instance, folder = plan
    data = instance.model_dump()
    data["exam_types"] = [
        {**e, "max_travel_minutes": 15.0} if e["id"] == "ct-cardiac" else e
        for e in data["exam_types"]
    ]
    report = verify_capital(Instance.model_validate(data), folder)
    found = violations(report, "travel_limit")
    flows = read_table(folder, "flows")
    cardiac = flows[(flows["exam_type"] == "ct-cardiac") & (flows["site"] == "CDC")]
    assert len(found) == len(cardiac) > 0, report.render()
    assert all(v.where["exam_type"] == "ct-cardiac" for v in found)
    assert "beyond the ct-cardiac limit of 15 minutes" in found[0].message


def test_an_origin_row_is_checked_and_may_loosen(plan: tuple[Instance, Path]) -> None:
    """A ``travel_limits`` row of 22 minutes for SB's CT patients: SB's 25-minute trips break
    it (SA's 20-minute ones do not). With CT's own limit cut to 10 minutes, every trip breaks
    it; rows letting SA's and SB's patients travel 30 then make the plan verify again, and a
    row for one exam type alone replaces the modality's row for it. (The folder was written
    for the original instance, so ``instance`` is broken too; only ``travel_limit`` counts.)"""
    instance, folder = plan
    tighter = changed(
        instance, travel_limits=[{"origin": "SB", "modality": "CT", "max_travel_minutes": 22.0}]
    )
    found = violations(verify_capital(tighter, folder), "travel_limit")
    assert found and {v.where["origin"] for v in found} == {"SB"}
    assert "SB's CT travel limit of 22 minutes" in found[0].message

    data = instance.model_dump()
    data["modalities"][0]["max_travel_minutes"] = 10.0
    short = Instance.model_validate(data)
    assert {v.where["origin"] for v in violations(verify_capital(short, folder), "travel_limit")} == {"SA", "SB"}  # fmt: skip
    rows = [
        {"origin": "SA", "modality": "CT", "max_travel_minutes": 30.0},
        {"origin": "SB", "modality": "CT", "exam_type": "ct-cardiac", "max_travel_minutes": 30.0},
    ]
    report = verify_capital(changed(short, travel_limits=rows), folder)
    assert violations(report, "travel_limit") == [], report.render()


def test_access_target_is_checked(plan: tuple[Instance, Path]) -> None:
    """A target of 95% within 10 minutes of home: in 2025 the plan scans everything it scans
    at home but outsources some (outsourced exams are not within), and from 2026 patients
    travel 20-25 minutes, so ``access_target`` is broken in years whose share is below 95%;
    a target of 70% within 30 minutes is met."""
    instance, folder = plan
    access = read_table(folder, "access")
    for column in ("exams_demanded", "exams_within_30"):
        access[column] = access[column].astype(float)
    strict = changed(instance, policy={**instance.policy.model_dump(), "access_minutes": 10.0, "access_share": 0.95})  # fmt: skip
    found = violations(verify_capital(strict, folder), "access_target")
    flows = read_table(folder, "flows")
    flows["exams"] = flows["exams"].astype(float)
    home = flows[flows["origin"] == flows["site"]].groupby("year")["exams"].sum()
    demanded = access.groupby("year")["exams_demanded"].sum()
    short = sorted(int(y) for y in demanded.index if home[y] < 0.95 * demanded[y])
    assert short and sorted(int(v.where["year"]) for v in found) == short
    assert "within 10 minutes of home" in found[0].message

    easy = changed(instance, policy={**instance.policy.model_dump(), "access_minutes": 30.0, "access_share": 0.7})  # fmt: skip
    assert violations(verify_capital(easy, folder), "access_target") == []


@pytest.mark.parametrize(
    "column",
    [
        "exams_demanded",
        "exams_within_30",
        "exams_within_45",
        "exams_within_60",
        "exams_outsourced",
        "share_within_30",
        "share_within_45",
        "share_within_60",
        "mean_travel_minutes",
        "max_travel_minutes",
    ],
)
def test_access_column_changed(plan: tuple[Instance, Path], tmp_path: Path, column: str) -> None:
    """A figure of SA's 2026 row (it travels) changed a little: a ``tables`` violation at that
    cell."""
    access = read_table(plan[1], "access")
    row = int(access.index[(access["origin"] == "SA") & (access["year"] == "2026")][0])
    folder = tampered(
        plan,
        tmp_path,
        lambda f: change_cell(f, "access", row, column, lambda v: v + 0.01 + abs(v) / 10),
    )
    report = verify_capital(plan[0], folder)
    where = {"file": "access.csv", "line": row + 2, "column": column}
    assert any(
        v.constraint == "tables" and all(v.where.get(k) == x for k, x in where.items())
        for v in report.violations
    ), report.render()


def test_access_ranks_swapped(plan: tuple[Instance, Path], tmp_path: Path) -> None:
    """In 2025 SB (79% within 45 minutes, some outsourced) is the worst served, rank 1; with
    the ranks of SA and SB swapped, the rank column is wrong."""
    access = read_table(plan[1], "access")
    rows = access.index[access["year"] == "2025"].tolist()
    ranks = {r: str(access.loc[r, "rank"]) for r in rows}

    def swap(f: Path) -> None:
        for r, other in zip(rows, reversed(rows), strict=True):
            set_cell(f, "access", r, "rank", ranks[other])

    report = verify_capital(plan[0], tampered(plan, tmp_path, swap))
    assert any(
        v.constraint == "tables" and v.where.get("file") == "access.csv"
        and v.where.get("column") == "rank"
        for v in report.violations
    ), report.render()  # fmt: skip


def test_access_row_dropped(plan: tuple[Instance, Path], tmp_path: Path) -> None:
    folder = tampered(
        plan, tmp_path, lambda f: write_table(f, "access", read_table(f, "access").iloc[1:])
    )
    report = verify_capital(plan[0], folder)
    assert any("access.csv has no row for origin SA" in v.message for v in report.violations)
