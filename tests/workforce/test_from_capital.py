"""Rostering a capital plan: its fleet's scanner sessions and its scanned exams of a year."""

from __future__ import annotations

from pathlib import Path

import pytest

from netopt import solve_capital, workforce_from_capital_plan, write_capital_plan
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance, InstanceError
from tests.workforce.builders import EXACT, staff, tiny


def capital_and_workforce() -> dict:
    """A must buy one CT scanner for its 10 exams (no outsourcing, budget for one unit); two
    radiographers and a consultant work at A."""
    data = tiny(
        staff=[
            staff("r", "A", "radiographer", count=2, scans=["CT"]),
            staff("c", "A", "consultant_radiologist", sessions=1),
        ],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
    )
    data["trusts"][0]["capital_budget"] = 150.0
    data["demand"] = [{"site": "A", "exam_type": "ct", "year": 2030, "exams": 10}]
    return data


def test_the_plans_fleet_and_exams_become_the_week(tmp_path: Path) -> None:
    instance = Instance.model_validate(capital_and_workforce())
    capital = solve_capital(instance, EXACT)
    assert capital.status.has_plan
    write_capital_plan(capital, instance, tmp_path / "capital")
    week = workforce_from_capital_plan(instance, tmp_path / "capital", 2030)
    assert sorted((s.site, s.day.value, s.session, s.scanners) for s in week.scanner_sessions) == [
        ("A", "mon", "am", 1),
        ("A", "mon", "pm", 1),
    ]
    (demand,) = week.reporting_demand
    assert (demand.site, demand.exam_type) == ("A", "ct")
    assert demand.exams_per_week == pytest.approx(10.0)  # one week a year in the base
    plan = solve_workforce(week, EXACT)
    # 4 staff places for 2 radiographers; 10 reports, 4 in house, 6 outsourced at 100
    assert plan.objective == pytest.approx(600.0)


def test_not_a_result_folder(tmp_path: Path) -> None:
    instance = Instance.model_validate(capital_and_workforce())
    with pytest.raises(InstanceError) as caught:
        workforce_from_capital_plan(instance, tmp_path)
    assert "fleet.csv: no such file" in caught.value.render()
