"""Rostering a capital plan: its fleet's scanner sessions and its scanned exams of a year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt import solve_capital, workforce_from_capital_plan, write_capital_plan
from netopt.cli import app
from netopt.io.capital_plan import FleetUnits, ScannedExams, read_capital_plan
from netopt.models.workforce.from_capital import roster_capital_plan
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


# --------------------------------------------------------------------------- reading the folder

FLEET_HEADER = "site,modality,kind,year,scanner,install_year,age,units,hours\n"
FLOWS_HEADER = "origin,site,exam_type,modality,year,exams,scan_hours,travel_minutes,travel_cost\n"


def capital_folder(folder: Path, fleet: list[str], flows: list[str]) -> Path:
    """A capital plan's result folder as netopt writes it, holding the given rows."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fleet.csv").write_text(FLEET_HEADER + "".join(f"{r}\n" for r in fleet))
    (folder / "flows.csv").write_text(FLOWS_HEADER + "".join(f"{r}\n" for r in flows))
    return folder


def test_escaped_and_spreadsheet_like_ids_stay_the_sites_ids(tmp_path: Path) -> None:
    """A site whose id begins like a formula is written escaped (``'=A``) and a site called
    ``NA`` is written as is: both are read back as the instance's ids (pandas read ``NA`` as a
    missing value and kept the apostrophe)."""
    data = capital_and_workforce()
    data["sites"][0]["id"], data["sites"][1]["id"] = "=A", "NA"
    data["rooms"] = [{"site": s, "modality": "CT", "rooms": 2} for s in ("=A", "NA")]
    data["travel_matrix"] = [
        {"origin": "=A", "destination": "NA", "minutes": 30},
        {"origin": "NA", "destination": "=A", "minutes": 30},
    ]
    for row in data["staff"]:
        row["home_site"] = "=A"
    data["demand"][0]["site"] = "=A"
    instance = Instance.model_validate(data)
    folder = capital_folder(
        tmp_path / "capital",
        ["'=A,CT,CT,2030,existing,2020,10,1,100.0", "NA,CT,CT,2030,ct-std,2030,0,2,100.0"],
        ["'=A,NA,ct,CT,2030,10.0,3.3,30.0,0.0"],
    )
    week = workforce_from_capital_plan(instance, folder, 2030)
    assert sorted({(s.site, s.scanners) for s in week.scanner_sessions}) == [("=A", 1), ("NA", 2)]
    assert [(d.site, d.exams_per_week) for d in week.reporting_demand] == [("NA", 10.0)]


def test_the_rows_read_are_typed_and_only_the_plan_year_counts(tmp_path: Path) -> None:
    folder = capital_folder(
        tmp_path,
        [
            "A,CT,CT,2030,existing,2020,10,1,100.0",
            "A,CT,CT,2030,ct-std,2030,0,1,100.0",
            "A,CT,CT,2031,ct-std,2030,1,5,100.0",
        ],
        ["A,A,ct,CT,2030,4.5,1.5,0.0,0.0", "B,A,ct,CT,2030,5.5,1.8,30.0,0.0"],
    )
    plan = read_capital_plan(folder)
    assert plan.fleet[0] == FleetUnits("A", "CT", 2030, 1)
    assert plan.flows[1] == ScannedExams("A", "ct", 2030, 5.5)
    week = roster_capital_plan(Instance.model_validate(capital_and_workforce()), plan, 2030)
    assert {s.scanners for s in week.scanner_sessions} == {2}
    assert [d.exams_per_week for d in week.reporting_demand] == [10.0]


@pytest.mark.parametrize(
    ("fleet_text", "expected"),
    [
        (  # a cell of the plan year that is not a number: a traceback before
            FLEET_HEADER + "A,CT,CT,2030,existing,2020,10,x,100.0\n",
            "fleet.csv line 2, column 'units': 'x' is not a number",
        ),
        (
            FLEET_HEADER + "A,CT,CT,2030,existing,2020,10,1.5,100.0\n",
            "fleet.csv line 2, column 'units': '1.5' is not a whole number",
        ),
        (
            FLEET_HEADER + "A,CT,CT,,existing,2020,10,1,100.0\n",
            "fleet.csv line 2, column 'year': is empty",
        ),
        (
            "site,modality,kind,year\nA,CT,CT,2030\n",
            "fleet.csv line 1: lacks the column(s) units",
        ),
        ("", "fleet.csv line 1: is empty: it has no header line"),
    ],
)
def test_a_bad_fleet_file_is_located(tmp_path: Path, fleet_text: str, expected: str) -> None:
    folder = capital_folder(tmp_path / "capital", [], [])
    (folder / "fleet.csv").write_text(fleet_text)
    instance = Instance.model_validate(capital_and_workforce())
    with pytest.raises(InstanceError) as caught:
        workforce_from_capital_plan(instance, folder, 2030)
    assert expected in caught.value.render()


def test_bytes_that_are_not_text_and_every_bad_cell_are_named(tmp_path: Path) -> None:
    folder = capital_folder(
        tmp_path, ["A,CT,CT,2030,existing,2020,10,one,100.0"], ["A,A,ct,CT,2030,inf,0,0,0"]
    )
    with pytest.raises(InstanceError) as caught:
        read_capital_plan(folder)
    text = caught.value.render()
    assert "fleet.csv line 2, column 'units': 'one' is not a number" in text
    assert "flows.csv line 2, column 'exams': 'inf' is not a finite number" in text
    (folder / "flows.csv").write_bytes(FLOWS_HEADER.encode() + b"A,\xff\n")
    with pytest.raises(InstanceError) as caught:
        read_capital_plan(folder)
    assert "flows.csv line 2: byte 0xff is not UTF-8 text" in caught.value.render()


def test_no_folder(tmp_path: Path) -> None:
    with pytest.raises(InstanceError) as caught:
        read_capital_plan(tmp_path / "nowhere")
    assert "nowhere: no such folder; give a capital plan's result folder" in caught.value.render()
    (tmp_path / "file").write_text("x")
    with pytest.raises(InstanceError) as caught:
        read_capital_plan(tmp_path / "file")
    assert "file: is a file, not a folder" in caught.value.render()


def test_the_command_exits_2_with_the_place_and_writes_nothing(tmp_path: Path) -> None:
    """``solve workforce --capital-plan`` with a bad cell: exit 2, the file, line and column,
    no traceback, nothing written."""
    folder = capital_folder(tmp_path / "capital", ["A,CT,CT,2030,existing,2020,10,x,1"], [])
    source = tmp_path / "week.json"
    source.write_text(json.dumps(capital_and_workforce()))
    out = tmp_path / "out"
    args = ["solve", "workforce", str(source), "--out", str(out), "--capital-plan", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "fleet.csv line 2, column 'units': 'x' is not a number" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- a joint plan's year


def test_a_joint_plans_workforce_of_the_year_counts_the_staff(tmp_path: Path) -> None:
    """A joint plan's ``staffing.csv`` scales each staff row with a role: 3 radiographers with
    the plan's 10 WTE of 2030 become 6 with its 20 WTE of 2031 (3 x 20 / 10); a row of a role
    the plan shrinks to nothing keeps one person; a row without a role stays as it is."""
    data = capital_and_workforce()
    data["network"]["horizon_years"] = 2
    data["staff"] = [
        staff("r", "A", "radiographer", count=3, scans=["CT"]) | {"role": "rad"},
        staff("old", "A", "radiographer", count=2, scans=["CT"]) | {"role": "gone"},
        staff("c", "A", "consultant_radiologist", sessions=1),
    ]
    data["staff_roles"] = [
        {"id": "rad", "tier": "radiographer", "scans": ["CT"]},
        {"id": "gone", "tier": "radiographer", "scans": ["CT"]},
    ]
    instance = Instance.model_validate(data)
    folder = tmp_path / "joint"
    folder.mkdir()
    (folder / "fleet.csv").write_text("site,modality,year,units\nA,CT,2031,1\n")
    (folder / "flows.csv").write_text("site,exam_type,year,exams\nA,ct,2031,10\n")
    (folder / "staffing.csv").write_text(
        "employer,role,year,wte\nT1,rad,2030,10\nT1,rad,2031,20\nT1,gone,2030,4\nT1,gone,2031,0\n"
    )
    plan = read_capital_plan(folder)
    assert [r.wte for r in plan.staffing] == [10, 20, 4, 0]
    week = roster_capital_plan(instance, plan, 2031)
    assert {s.id: s.count for s in week.staff} == {"r": 6, "old": 1, "c": 1}
    assert {s.id: s.count for s in roster_capital_plan(instance, plan, 2030).staff} == {
        "r": 3,
        "old": 2,
        "c": 1,
    }


def test_a_staff_row_of_an_unknown_role_is_refused() -> None:
    data = capital_and_workforce()
    data["staff"][0]["role"] = "sonographer"
    with pytest.raises(InstanceError, match="unknown staff role 'sonographer'"):
        Instance.model_validate(data)
