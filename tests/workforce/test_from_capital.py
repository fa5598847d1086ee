"""Rostering a capital plan: its fleet's scanner sessions and its scanned exams of a year."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netopt import (
    JointPlanWarning,
    RosteredWeek,
    SolveStatus,
    capital_plan_week,
    load_instance,
    plan_summary,
    solve_capital,
    workforce_from_capital_plan,
    write_capital_plan,
)
from netopt import solve_workforce as netopt_solve_workforce
from netopt.cli import app
from netopt.io import instance_hash
from netopt.io.capital_plan import FleetUnits, ScannedExams, read_capital_plan
from netopt.models.workforce.from_capital import roster_capital_plan
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance, InstanceError, Staff
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


# --------------------------------------------------------------------------- the joint plan's rows


def joint_week(**tables: Any) -> dict[str, Any]:
    """Sites A and B of trust T1 and the network's CDC C, each with CT rooms; the roles
    ``rad`` (radiographer, CT), ``rr`` (reporting radiographer: CT, reports ct; no agency) and
    ``cons`` (consultant, reports ct; agency at 150 an hour); the staff ``r`` (2 radiographers
    at A) and ``rr-C`` (a reporting radiographer at C holding a passport to A, reporting ct
    in 75 minutes), unless ``tables`` replace them."""
    data = tiny(**tables)
    data["network"]["horizon_years"] = 2
    data["sites"].append({"id": "C", "owner": "network", "latitude": 52.0, "longitude": -1.1})
    data["rooms"].append({"site": "C", "modality": "CT", "rooms": 2})
    data["travel_matrix"] += [
        {"origin": o, "destination": d, "minutes": 30}
        for o, d in [("A", "C"), ("C", "A"), ("B", "C"), ("C", "B")]
    ]
    data.setdefault(
        "staff_roles",
        [
            {"id": "rad", "tier": "radiographer", "scans": ["CT"], "agency_hour_cost": 75},
            {"id": "rr", "name": "Reporting radiographer", "tier": "advanced_practitioner",
             "scans": ["CT"], "reports": ["ct"]},
            {"id": "cons", "name": "Consultant", "tier": "consultant_radiologist",
             "reports": ["ct"], "agency_hour_cost": 150},
        ],
    )  # fmt: skip
    data.setdefault(
        "staff",
        [
            staff("r", "A", "radiographer", count=2, scans=["CT"], role="rad"),
            staff("rr-C", "C", "advanced_practitioner", sessions=8, max_extra_sessions=2,
                  extra_session_cost=300, session_pay=40, scans=["CT"], home_reporting=True,
                  passports=["A"], role="rr"),
        ],
    )  # fmt: skip
    data.setdefault(
        "staff_reporting", [{"staff": "rr-C", "exam_type": "ct", "minutes_per_report": 75}]
    )
    return data


def joint_folder(folder: Path, fleet: list[str], flows: list[str], staffing: list[str]) -> Path:
    """A joint plan's result folder with the columns read: ``fleet.csv`` (site, modality, year,
    units), ``flows.csv`` (site, exam_type, year, exams) and ``staffing.csv`` (employer, role,
    year, wte, agency_hours)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "fleet.csv": ("site,modality,year,units", fleet),
        "flows.csv": ("site,exam_type,year,exams", flows),
        "staffing.csv": ("employer,role,year,wte,agency_hours", staffing),
    }
    for name, (header, rows) in tables.items():
        (folder / name).write_text("\n".join([header, *rows]) + "\n")
    return folder


def added_rows(instance: Instance, week: Instance) -> dict[str, Staff]:
    """The staff rows of the rostered ``week`` that ``instance`` does not have."""
    ids = {p.id for p in instance.staff}
    return {p.id: p for p in week.staff if p.id not in ids}


def test_a_role_new_to_an_employer_is_added_as_a_copy_of_its_template(tmp_path: Path) -> None:
    """The joint plan trains 2.5 WTE of reporting radiographers at T1 by 2031 (none in 2030):
    the week gets ``T1-rr-joint``, 3 people (2.5 rounded half up) with the job plan and reporting
    skill of the only ``rr`` row (``rr-C`` at the network's CDC) but no passport, based at B,
    T1's site with most CT scanners (2 against A's 1). The CDC's ``rr`` row is scaled (1 WTE
    both years: 1 person); 0.4 WTE of ``rad`` at the network is nobody; 3.7 WTE of
    consultants at the network have no row to copy: a warning, and no row."""
    instance = Instance.model_validate(joint_week())
    folder = joint_folder(
        tmp_path / "joint",
        ["A,CT,2031,1", "B,CT,2031,2", "C,CT,2031,1"],
        [],
        [
            "T1,rad,2030,2,0", "T1,rad,2031,2,0", "T1,rr,2030,0,0", "T1,rr,2031,2.5,0",
            "network,rr,2030,1,0", "network,rr,2031,1,0", "network,rad,2031,0.4,0",
            "network,cons,2031,3.7,0",
        ],
    )  # fmt: skip
    plan = read_capital_plan(folder)
    with pytest.warns(JointPlanWarning) as heard:
        week = roster_capital_plan(instance, plan, 2031)
    assert [str(w.message) for w in heard] == [
        "the joint plan employs 3.7 WTE of Consultant at 'network' in 2031, but no staff row "
        "has the role 'cons' to copy a job plan from: the week is rostered without them (add "
        "a staff row with role 'cons')"
    ]
    (new,) = added_rows(instance, week).values()
    assert new.model_dump() == {
        "id": "T1-rr-joint",
        "name": "Reporting radiographer, T1: from the joint plan (2.5 WTE in 2031)",
        "count": 3,
        "home_site": "B",
        "tier": "advanced_practitioner",
        "sessions": 8,
        "max_extra_sessions": 2,
        "extra_session_cost": 300.0,
        "session_pay": 40.0,
        "scans": ["CT"],
        "home_reporting": True,
        "passports": [],
        "role": "rr",
    }
    assert [(r.staff, r.exam_type, r.minutes_per_report) for r in week.staff_reporting] == [
        ("rr-C", "ct", 75.0),
        ("T1-rr-joint", "ct", 75.0),
    ]
    assert {p.id: p.count for p in week.staff} == {"r": 2, "rr-C": 1, "T1-rr-joint": 3}
    # in 2030 the plan employs no one new: the week is the instance's staff, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert added_rows(instance, roster_capital_plan(instance, plan, 2030)) == {}


@pytest.mark.parametrize(
    ("role", "fleet", "flows", "home"),
    [
        ("rr", ["A,CT,2031,1", "B,CT,2031,2"], [], "B"),  # most scanners of its modality
        ("rr", ["A,CT,2031,1", "B,CT,2031,1"], [], "A"),  # a tie: the first site id
        ("rr", ["A,CT,2031,2", "B,CT,2031,1"], ["B,ct,2031,50"], "A"),  # scanning first
        ("cons", ["A,CT,2031,2", "B,CT,2031,1"], ["A,ct,2031,5", "B,ct,2031,10"], "B"),
        ("cons", [], [], "A"),  # no work anywhere: the first site id
    ],
)
def test_the_new_row_is_based_where_its_work_is_most_needed(
    tmp_path: Path, role: str, fleet: list[str], flows: list[str], home: str
) -> None:
    """A role that scans goes to the employer's site with most scanners of its modalities in
    the week's sessions; one that only reports (a consultant: its template ``cons-C`` reports
    ct) to the site acquiring most exams it reports; ties to the first site id."""
    data = joint_week()
    data["staff"].append(staff("cons-C", "C", "consultant_radiologist", role="cons"))
    data["staff_reporting"].append({"staff": "cons-C", "exam_type": "ct"})
    instance = Instance.model_validate(data)
    folder = joint_folder(tmp_path / "joint", fleet, flows, [f"T1,{role},2031,1,0"])
    week = roster_capital_plan(instance, read_capital_plan(folder), 2031)
    assert [(p.id, p.home_site, p.count) for p in added_rows(instance, week).values()] == [
        (f"T1-{role}-joint", home, 1)
    ]


@pytest.mark.parametrize(
    ("own_row", "people", "sessions"), [(True, 2, 4), (False, 3, 5)], ids=["own", "fullest"]
)
def test_the_template_is_the_employers_own_row_else_the_fullest_job_plan(
    tmp_path: Path, own_row: bool, people: int, sessions: int
) -> None:
    """The network's CDC has two consultant rows, ``cons-pt`` (3 sessions, first) and
    ``cons-ft`` (5). The joint plan employs 3 WTE of consultants at T1 in 2031 and none in its
    first year, so T1's own consultant row ``cons-A`` (1 person, 4 sessions), when there is
    one, is not scaled: the week adds the 2 people it lacks with ``cons-A``'s job plan;
    without ``cons-A``, 3 people with ``cons-ft``'s, the fullest."""
    data = joint_week()
    data["staff"] += [
        staff("cons-pt", "C", "consultant_radiologist", sessions=3, role="cons"),
        staff("cons-ft", "C", "consultant_radiologist", sessions=5, role="cons"),
    ]
    if own_row:
        data["staff"].append(
            staff("cons-A", "A", "consultant_radiologist", sessions=4, role="cons")
        )
    instance = Instance.model_validate(data)
    folder = joint_folder(tmp_path / "joint", [], [], ["T1,cons,2030,0,0", "T1,cons,2031,3,0"])
    week = roster_capital_plan(instance, read_capital_plan(folder), 2031)
    assert [(p.id, p.count, p.sessions) for p in added_rows(instance, week).values()] == [
        ("T1-cons-joint", people, sessions)
    ]


def test_agency_hours_become_extra_sessions_of_a_row_with_no_contract(tmp_path: Path) -> None:
    """52 weeks, 4-hour sessions. T1's 840 consultant agency hours a year are 840 / 52 / 4 =
    4.04, so 5 extra sessions a week of one person at 150 x 4 = GBP 600 a session, based at
    A (most ct exams) with the consultant template's skill; its 10,000 radiographer hours
    are 48.08, so 49 sessions: 3 people (21 a person at most) of 17 each at 75 x 4 = 300.
    The radiographers' own row is scaled (2 WTE both years), not copied. The reporting
    radiographers' 100 agency hours have no agency rate: a warning."""
    data = joint_week(workforce={"weeks_per_year": 52.0})
    data["staff"].append(
        staff("cons-C", "C", "consultant_radiologist", sessions=5, session_pay=90, role="cons")
    )
    data["staff_reporting"].append({"staff": "cons-C", "exam_type": "ct"})
    instance = Instance.model_validate(data)
    folder = joint_folder(
        tmp_path / "joint",
        ["A,CT,2031,1", "B,CT,2031,1"],
        ["A,ct,2031,520", "B,ct,2031,52"],
        ["T1,cons,2031,0,840", "T1,rad,2030,2,0", "T1,rad,2031,2,10000", "T1,rr,2031,0,100"],
    )
    plan = read_capital_plan(folder)
    assert [r.agency_hours for r in plan.staffing] == [840, 0, 10000, 100]
    with pytest.warns(JointPlanWarning, match="100 agency hours of Reporting radiographer at "
                      "'T1' in 2031, but the role has no agency_hour_cost"):  # fmt: skip
        week = roster_capital_plan(instance, plan, 2031)
    rows = added_rows(instance, week)
    assert sorted(rows) == ["T1-cons-agency", "T1-rad-agency"]
    jobs = {
        k: (p.count, p.sessions, p.max_extra_sessions, p.extra_session_cost, p.session_pay,
            p.home_site, p.tier.value, p.passports)
        for k, p in rows.items()
    }  # fmt: skip
    assert jobs == {
        "T1-cons-agency": (1, 0, 5, 600.0, 0.0, "A", "consultant_radiologist", []),
        "T1-rad-agency": (3, 0, 17, 300.0, 0.0, "A", "radiographer", []),
    }
    assert rows["T1-cons-agency"].name == (
        "Consultant, agency hours at T1: from the joint plan (840 hours in 2031, 5 sessions a week)"
    )
    assert [(r.staff, r.exam_type) for r in week.staff_reporting][-1] == ("T1-cons-agency", "ct")
    assert {p.id: p.count for p in week.staff}["r"] == 2


def cdc_week(tmp_path: Path, agency_hours: float) -> Instance:
    """The network's CDC C runs one CT scanner on Monday AM and PM (2031), 2 staff each: 4
    staff places. Nobody in the instance works there: its only staff are the radiographers
    ``r`` at A (no passports). The joint plan employs 1 WTE of radiographers at the network
    (none in 2030) and buys ``agency_hours`` of them."""
    only_r = joint_week(staff=[staff("r", "A", "radiographer", scans=["CT"], role="rad")])
    instance = Instance.model_validate(only_r | {"staff_reporting": []})
    folder = joint_folder(
        tmp_path / "joint",
        ["C,CT,2031,1"],
        [],
        ["network,rad,2030,0,0", f"network,rad,2031,1,{agency_hours:g}", "T1,rad,2030,1,0"],
    )
    return roster_capital_plan(instance, read_capital_plan(folder), 2031)


def test_the_joint_plans_people_and_agency_staff_the_cdc(tmp_path: Path) -> None:
    """One weekly week at 4-hour sessions: 8 agency hours are 2 sessions at 75 x 4 = 300. The
    joint plan's radiographer (``network-rad-joint``, a copy of ``r``) works both sessions at C
    within the contract, the agency row the other 2 places: GBP 600 a year. Without the
    agency hours the CDC's sessions cannot be staffed: no roster."""
    week = cdc_week(tmp_path / "with", agency_hours=8)
    assert {p.id: (p.home_site, p.count) for p in week.staff} == {
        "r": ("A", 1),
        "network-rad-joint": ("C", 1),
        "network-rad-agency": ("C", 1),
    }
    plan = solve_workforce(week, EXACT)
    assert plan.status.has_plan
    assert plan.objective == pytest.approx(600.0)
    worked = plan.roster.groupby(["staff", "place"]).size().to_dict()
    assert worked == {("network-rad-agency", "C"): 2, ("network-rad-joint", "C"): 2}
    assert plan.insourced.set_index("staff")["extra_sessions"].to_dict() == {
        "network-rad-agency": pytest.approx(2.0)
    }
    without = solve_workforce(cdc_week(tmp_path / "without", agency_hours=0), EXACT)
    assert without.status is SolveStatus.INFEASIBLE


def test_the_command_names_the_rows_added_and_warns_of_those_left_out(tmp_path: Path) -> None:
    """``solve workforce --capital-plan`` with a joint plan's folder lists the rows it added
    and warns of the consultants it could not add."""
    source = tmp_path / "week.json"
    source.write_text(json.dumps(joint_week()))
    folder = joint_folder(
        tmp_path / "joint",
        ["C,CT,2031,1"],
        [],
        ["network,rad,2031,2,0", "network,cons,2031,1,0"],
    )
    out = tmp_path / "out"
    args = ["solve", "workforce", str(source), "--out", str(out), "--capital-plan", str(folder)]
    result = CliRunner().invoke(app, [*args, "--year", "2031", "--no-report"])
    assert result.exit_code == 0, result.output
    assert "staff rows added from the joint plan's 2031 workforce:" in result.output
    assert (
        "  - network-rad-joint: 2 at C, rad, network: from the joint plan (2.0 WTE in 2031)"
        in result.output
    )
    assert "warning: the joint plan employs 1.0 WTE of Consultant at 'network'" in result.output
    staff_rows = (out / "utilisation_staff.csv").read_text()
    assert "network-rad-joint" in staff_rows


def test_a_bad_agency_hours_cell_is_located(tmp_path: Path) -> None:
    folder = joint_folder(tmp_path, [], [], ["T1,rad,2031,1,many"])
    with pytest.raises(InstanceError) as caught:
        read_capital_plan(folder)
    assert "staffing.csv line 2, column 'agency_hours': 'many' is not a number" in (
        caught.value.render()
    )


# --------------------------------------------------------------------------- the week written


def test_the_week_is_netopts_file_of_the_folder(tmp_path: Path) -> None:
    """The week is written into the result folder as ``week.yaml``, listed as netopt's: solving
    again into the folder replaces it, and an ordinary solve there removes it (netopt wrote
    it). A ``week.yaml`` of the user's in a folder is never touched: the command refuses it."""
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(capital_and_workforce()))
    folder = capital_folder(
        tmp_path / "capital", ["A,CT,CT,2030,existing,2020,10,1,100.0"], ["A,A,ct,CT,2030,10,3,0,0"]
    )
    out = tmp_path / "out"
    solve = ["solve", "workforce", str(source), "--out", str(out), "--no-report", "-q"]
    rostered = [*solve, "--capital-plan", str(folder), "--year", "2030"]
    for _ in range(2):
        result = CliRunner().invoke(app, rostered)
        assert result.exit_code == 0, result.output
        summary = json.loads((out / "summary.json").read_text())
        assert "week.yaml" in summary["result_files"]
        assert summary["capital_plan"]["folder"] == str(folder)
        assert load_instance(out / "week.yaml").scanner_sessions  # the plan's scanner
    result = CliRunner().invoke(app, solve)
    assert result.exit_code == 0, result.output
    assert not (out / "week.yaml").exists()
    assert "capital_plan" not in json.loads((out / "summary.json").read_text())
    (out / "week.yaml").write_text("# my own notes\n")
    result = CliRunner().invoke(app, rostered)
    assert result.exit_code == 2
    assert "holds files netopt did not write (week.yaml)" in result.output
    assert (out / "week.yaml").read_text() == "# my own notes\n"


def test_the_plan_remembers_the_week_it_was_solved_for(tmp_path: Path) -> None:
    """``netopt.solve_workforce`` of a :class:`netopt.RosteredWeek` solves the week and keeps
    it with the plan; ``summary.json``'s ``capital_plan`` (also in ``plan_summary``) says
    where it came from. ``workforce_from_capital_plan`` is the same week, as an instance."""
    instance = Instance.model_validate(capital_and_workforce())
    folder = capital_folder(
        tmp_path / "capital", ["A,CT,CT,2030,existing,2020,10,1,100.0"], ["A,A,ct,CT,2030,10,3,0,0"]
    )
    week = capital_plan_week(instance, folder, 2030)
    assert week == RosteredWeek(
        workforce_from_capital_plan(instance, folder, 2030), folder, 2030, joint=False
    )
    plan = netopt_solve_workforce(week, EXACT)
    assert plan.week is week and plan.year == 2030
    assert plan_summary(plan, instance)["capital_plan"] == {
        "folder": str(folder),
        "model": "capital",
        "year": 2030,
        "week_file": "week.yaml",
        "week_sha256": instance_hash(week.instance),
    }
