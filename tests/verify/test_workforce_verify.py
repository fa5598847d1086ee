"""The independent workforce verifier against real HiGHS plans: solved plans verify; tampered
ones fail with the right constraint family.

The main instance (``rich``) extends ``tests.workforce.builders.BASE`` so that one plan uses
every family: sites A, B, C (A-B 30 minutes, B-C 40, A-C 60), a Monday and Tuesday AM/PM
template, CT scanner sessions at A (Monday and Tuesday AM), B (Monday PM) and C (Tuesday PM),
radiographers, an assistant practitioner, a passport held (rb to B) and one the plan grants (the
assistant to C), a consultant at A with an insourced session, a home-reporting consultant based
at C (home is the only place it reports from without travel: at B both were optima),
transfer links A-B (2 studies a day, used to capacity) and B-C, outsourcing capped at 3 reports
a week (used to capacity), travel at 1 GBP a minute within 45 minutes between sessions and a
two-day turnaround. Plans are solved once per module (exact gap) and written with
``netopt.api.write_workforce_plan``; each tampering test works on its own copy of the folder.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import netopt
from netopt.api import write_workforce_plan
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance, PassportPolicy
from netopt.verify import summary_model, verify_workforce
from netopt.verify.workforce import WorkforceVerificationReport
from netopt.verify.workforce.reference import build_workforce_reference
from netopt.verify.workforce.worklists import replay_worklist
from tests.verify.tamper import read_table, write_summary, write_table
from tests.verify.workforce_networks import TWO_DAYS, ct, rich
from tests.workforce.builders import EXACT, staff, tiny
from tests.workforce.test_families import remote_case, scan_case

REPO = Path(__file__).resolve().parents[2]


def travel_case() -> dict[str, Any]:
    """One staff per CT scanner, A scans Monday AM and B Monday PM; ``ra`` (based at A, with a
    passport to B) does both and travels A -> B -> A: 60 minutes at 1 GBP."""
    return tiny(
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct("A", "mon", "am"), ct("B", "mon", "pm")],
        staff=[staff("ra", "A", "radiographer", scans=["CT"], passports=["B"])],
        workforce={"travel_cost_per_minute": 1.0},
    )


def turnaround_case(days: int) -> dict[str, Any]:
    """12 exams a week at A, 6 on Monday and 6 on Tuesday; one consultant for 3 sessions with
    one extra at 150 (as ``tests/workforce``): same-day reporting needs the extra session."""
    return tiny(
        sessions=TWO_DAYS,
        scanner_sessions=[ct("A", "mon", "am"), ct("A", "tue", "am")],
        staff=[
            staff("r", "A", "radiographer", count=2, scans=["CT"]),
            staff(
                "c",
                "A",
                "consultant_radiologist",
                sessions=3,
                max_extra_sessions=1,
                extra_session_cost=150,
            ),
        ],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[{"site": "A", "exam_type": "ct", "exams_per_week": 12}],
        workforce={"turnaround_days": days},
    )


def fleet_case() -> dict[str, Any]:
    """Scanner sessions and reporting demand derived from the instance: two CT scanners at A
    in service in 2030 run every scanning session; 104 exams a year over 52 weeks (2 a week)."""
    data = tiny(
        assets=[
            {
                "id": f"ct{i}",
                "site": "A",
                "modality": "CT",
                "install_year": 2025,
                "hours_per_year": 2000,
            }
            for i in (1, 2)
        ],
        rooms=[{"site": "A", "modality": "CT", "rooms": 2}],
        demand=[{"site": "A", "exam_type": "ct", "year": 2030, "exams": 104}],
        staff=[
            staff("r", "A", "radiographer", count=4, scans=["CT"]),
            staff("c", "A", "consultant_radiologist", sessions=1),
        ],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        workforce={"weeks_per_year": 52.0},
    )
    data["modalities"][0]["max_age_years"] = 10
    return data


def sessions_case() -> dict[str, Any]:
    """Sessions that match reality: Monday AM, PM and EVE (18:00-22:00, time plus 30%) and
    Tuesday AM and PM (on call, availability 0.1 of a session's pay); a CT scanner at A (one
    staff) in every session. Three radiographers contracted for 2 sessions each, paid 100 a
    session, at most 2 sessions a day and 11 hours' rest: Monday's evening person is not
    Tuesday morning's."""
    template = [
        {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
        {"day": "mon", "session": "pm", "start": "13:00", "minutes": 240},
        {"day": "mon", "session": "eve", "start": "18:00", "minutes": 240, "premium": 0.3},
        {"day": "tue", "session": "am", "start": "08:00", "minutes": 240},
        {
            "day": "tue",
            "session": "pm",
            "start": "13:00",
            "minutes": 240,
            "on_call": True,
            "premium": 0.1,
        },
    ]
    return tiny(
        sessions=template,
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct("A", s["day"], s["session"]) for s in template],
        staff=[staff("r", "A", "radiographer", count=3, scans=["CT"], sessions=2, session_pay=100)],
        workforce={"max_sessions_per_day": 2, "min_rest_hours": 11},
    )


def per_person_case() -> dict[str, Any]:
    """B's CT scanner needs 2 staff Monday AM and PM; B's radiographer and one person of the
    cohort of 3 at A, granted a passport per person (50)."""
    return tiny(
        scanner_sessions=[ct("B", "mon", "am"), ct("B", "mon", "pm")],
        staff=[
            staff("rb", "B", "radiographer", scans=["CT"]),
            staff("ra", "A", "radiographer", scans=["CT"], count=3),
        ],
        workforce={
            "passport_policy": "network",
            "onboarding_cost": 50,
            "passports_per_person": True,
        },
    )


INSTANCES: dict[str, tuple[Callable[[], dict[str, Any]], PassportPolicy | None]] = {
    "sessions": (sessions_case, None),
    "per_person": (per_person_case, None),
    "scan": (lambda: scan_case(2000, scan_from_sessions=True), None),
    "remote": (
        lambda: remote_case(
            remote_reporting_passport="required", passport_policy="network", onboarding_cost=50
        ),
        None,
    ),
    "rich": (rich, None),
    "rich_trust": (rich, PassportPolicy.TRUST),
    "travel": (travel_case, None),
    "same_day": (lambda: turnaround_case(1), None),
    "fleet": (fleet_case, None),
}
"""Name -> (instance data, passport policy to solve under; None: the instance's)."""


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Instance, Path]]:
    """Each instance solved exactly and written to a result folder."""
    out = {}
    for name, (make, policy) in INSTANCES.items():
        instance = Instance.model_validate(make())
        plan = solve_workforce(instance, EXACT, passport=policy)
        assert plan.status is netopt.SolveStatus.OPTIMAL, (name, plan.status)
        folder = write_workforce_plan(plan, instance, tmp_path_factory.mktemp(name) / "plan")
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


def _verify(instance: Instance, folder: Path) -> WorkforceVerificationReport:
    report = verify_workforce(instance, folder)
    print(report.render())
    return report


def _of(report: WorkforceVerificationReport, family: str) -> list[Any]:
    return [v for v in report.violations if v.constraint == family]


# --------------------------------------------------------------------------- valid plans


@pytest.mark.parametrize("name", list(INSTANCES))
def test_solved_plans_verify(solved: dict[str, tuple[Instance, Path]], name: str) -> None:
    instance, folder = solved[name]
    report = _verify(instance, folder)
    assert report.ok, report.render()
    assert report.objective_reported is not None
    assert report.objective_recomputed == pytest.approx(report.objective_reported, abs=1e-6)
    assert "OK" in report.render()


def test_rich_plan_exercises_every_family(solved: dict[str, tuple[Instance, Path]]) -> None:
    """Guard: the rich plan really grants a passport, uses a held one, reports from home,
    fills a link and the outsourcing capacity, routes over two links, insources and travels,
    so that the verification above covers those rules."""
    instance, folder = solved["rich"]
    report = _verify(instance, folder)
    assert report.passport_policy == "network"
    assert set(_read(folder, "passports")["status"]) == {"held", "granted"}
    assert "home" in set(_read(folder, "reporting")["place"])
    flows = _read(folder, "link_flows")
    assert ("C", "B") in set(zip(flows["origin"], flows["destination"], strict=True))
    assert any(float(s) == pytest.approx(2.0) for s in flows["studies"])
    assert sum(map(float, _read(folder, "outsourced")["reports"])) == pytest.approx(3.0)
    assert report.components["onboarding"] == pytest.approx(50.0)
    assert report.components["insourcing"] > 0
    assert report.components["travel"] > 0
    assert any("as costs.csv" in note for note in report.notes)


def test_travel_is_the_day_path(solved: dict[str, tuple[Instance, Path]]) -> None:
    """ra goes A -> B -> A: 60 minutes, as the model's moves."""
    report = _verify(*solved["travel"])
    assert report.components["travel"] == pytest.approx(60.0)


def test_fleet_derived_sessions_and_demand(solved: dict[str, tuple[Instance, Path]]) -> None:
    """The verifier derives the scanner sessions from the fleet (2 scanners, both Monday
    sessions: 4 staff each) and the weekly demand from the year's demand (104 / 52)."""
    instance, folder = solved["fleet"]
    ref = build_workforce_reference(instance, PassportPolicy.NONE)
    assert ref.scanners == {("A", "CT", "mon", "am"): 2, ("A", "CT", "mon", "pm"): 2}
    assert ref.acquired == {("A", "ct", "mon"): pytest.approx(2.0)}
    assert _verify(instance, folder).ok


def test_tutorial_verifies(tmp_path: Path) -> None:
    """The tutorial network's workforce plan (30 s limit: optimal or feasible) verifies."""
    instance = netopt.load_instance(REPO / "instances/tutorial.yaml")
    if not instance.staff:
        pytest.skip("the tutorial has no staff yet")
    plan = solve_workforce(instance, netopt.SolveOptions(time_limit=30))
    assert plan.status.has_plan, plan.status
    report = _verify(instance, write_workforce_plan(plan, instance, tmp_path / "plan"))
    assert report.ok, report.render()


def test_summary_names_the_model(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """``summary_model`` tells the API which verifier applies; a capital folder checked as a
    workforce plan is a table problem, not a crash."""
    instance, folder = solved["travel"]
    assert summary_model(folder) == "workforce"
    assert summary_model(tmp_path / "nowhere") is None
    copy = _copy(solved, "travel", tmp_path)
    summary = json.loads((copy / "summary.json").read_text())
    write_summary(copy, {**summary, "model": "capital"})
    report = _verify(instance, copy)
    assert any("of a 'capital' plan" in v.message for v in _of(report, "tables"))


def test_no_plan_is_not_ok(tmp_path: Path) -> None:
    """Two scanners need 4 people; a cohort of 3 cannot: no plan, nothing to check."""
    data = tiny(
        scanner_sessions=[ct("A", "mon", "am", scanners=2)],
        staff=[staff("r", "A", "radiographer", count=3, scans=["CT"])],
    )
    instance = Instance.model_validate(data)
    plan = solve_workforce(instance, EXACT)
    report = _verify(instance, write_workforce_plan(plan, instance, tmp_path / "plan"))
    assert report.status == "infeasible"
    assert not report.ok
    assert report.violations == []
    assert "NO PLAN" in report.render()


# --------------------------------------------------------------------------- tampered plans


def test_removed_scanning_row(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """Without one of its two staff, B's Monday PM CT session is short."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    row = roster.index[(roster["place"] == "B") & (roster["activity"] == "scan")][0]
    _write(folder, "roster", roster.drop(index=row))
    report = _verify(instance, folder)
    (short,) = _of(report, "scanner_staffing")
    assert short.where == {"site": "B", "modality": "CT", "day": "mon", "session": "pm"}
    assert "CT at site B, mon pm: 1 staff rostered, 2 needed" in short.message


def test_person_in_two_places(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """rb person 1 also reports at A while scanning at B on Monday PM."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    twice = roster[(roster["staff"] == "rb") & (roster["place"] == "B")].copy()
    twice["place"] = "A"
    _write(folder, "roster", pd.concat([roster, twice]))
    report = _verify(instance, folder)
    (found,) = _of(report, "one_place_per_session")
    assert found.where == {"staff": "rb", "person": 1, "day": "mon", "session": "pm"}
    assert "rostered 2 times" in found.message


def test_site_without_passport(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """ra holds no passport to C and none was granted."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    row = roster.index[roster["staff"] == "ra"][0]
    roster.loc[row, "place"] = "C"
    _write(folder, "roster", roster)
    report = _verify(instance, folder)
    (found,) = _of(report, "passport_required")
    assert found.where == {"staff": "ra", "site": "C"}
    assert "without a passport" in found.message


def test_granted_passport_outside_the_policy(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The plan was solved under ``network``; said to be solved under ``none``, its granted
    passport is not allowed."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    summary = json.loads((folder / "summary.json").read_text())
    summary["passport_policy"] = "none"
    write_summary(folder, summary)
    report = _verify(instance, folder)
    found = _of(report, "passport_required")
    assert any("policy 'none' does not allow" in v.message for v in found)
    assert report.passport_policy == "none"


def test_outsourcing_beyond_capacity(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    out = _read(folder, "outsourced")
    out.loc[0, "reports"] = str(float(out.loc[0, "reports"]) + 2)
    _write(folder, "outsourced", out)
    report = _verify(instance, folder)
    (found,) = _of(report, "outsourcing_capacity")
    assert found.where == {"exam_type": "ct"}
    assert "5 ct reports a week are outsourced, above the outsourcers' capacity of 3" in (
        found.message
    )
    assert "exam_reporting" in report.families()  # 2 more than acquired


def test_changed_cost(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """A component of costs.csv changed alone is the one violation: summary.json's objective
    and costs are checked against the recomputed costs, not against costs.csv."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    costs = _read(folder, "costs")
    costs.loc[costs["component"] == "insourcing", "annual"] = "999.0"
    _write(folder, "costs", costs)
    report = _verify(instance, folder)
    assert report.families() == {"objective"}
    (found,) = report.violations
    assert found.where == {"component": "insourcing"}
    assert "costs.csv gives insourcing as GBP 999; recomputed it is GBP 150" in found.message


def test_changed_summary_cost(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """summary.json's cost breakdown changed alone: located at its field."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    summary = json.loads((folder / "summary.json").read_text())
    summary["costs"]["insourcing"] = 999.0
    write_summary(folder, summary)
    report = _verify(instance, folder)
    (found,) = report.violations
    assert found.constraint == "objective"
    assert found.where["field"] == "costs.insourcing" and found.where["file"] == "summary.json"
    assert "summary.json costs give insourcing as GBP 999; recomputed it is GBP 150" in (
        found.message
    )


def test_link_flow_beyond_capacity(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The A-B link carries 2 studies a day; the written flow says 4 (and is no longer
    conserved)."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    flows = _read(folder, "link_flows")
    row = flows.index[(flows["origin"] == "B") & (flows["destination"] == "A")][0]
    flows.loc[row, "studies"] = "4.0"
    _write(folder, "link_flows", flows)
    report = _verify(instance, folder)
    (found,) = _of(report, "link_capacity")
    assert found.where["origin"] == "B" and found.where["destination"] == "A"
    assert "above its capacity of 2 a day" in found.message
    assert "transfer_routing" in report.families()


def test_routing_beyond_link_capacity(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """Two more of B's Monday exams sent to A instead of outsourced: A's worklist gets 4 a
    day from B, but the A-B link carries 2 (whatever link_flows.csv says)."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    flows = _read(folder, "reporting_flows")
    row = flows.index[(flows["site"] == "B") & (flows["place"] == "A")][0]
    flows.loc[row, "exams"] = str(float(flows.loc[row, "exams"]) + 2)
    _write(folder, "reporting_flows", flows)
    out = _read(folder, "outsourced")
    out.loc[0, "reports"] = str(float(out.loc[0, "reports"]) - 2)
    _write(folder, "outsourced", out)
    report = _verify(instance, folder)
    capacity = _of(report, "link_capacity")
    assert [v.where for v in capacity] == [{"site": "A", "day": "mon"}]
    assert "can carry at most 2" in capacity[0].message
    assert "worklist_balance" in report.families()  # A's worklist gets 2 unreported exams


def test_broken_travel_limit(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """ap (based at B) scans at C on Tuesday PM; put her at A (60 minutes from C) on Tuesday
    AM: beyond the 45-minute limit."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    ap = roster[(roster["staff"] == "ap") & (roster["place"] == "C")].iloc[0]
    extra = ap.copy()
    extra["place"], extra["session"] = "A", "am"
    _write(folder, "roster", pd.concat([roster, extra.to_frame().T]))
    report = _verify(instance, folder)
    (found,) = _of(report, "travel_limit")
    assert found.where == {"staff": "ap", "person": 1, "day": "tue", "session": "pm"}
    assert "the trip takes 60 minutes, beyond the limit of 45 minutes" in found.message


def test_skill_mix(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """rb's place at B given to a second assistant practitioner (checked against the rich
    instance with two of them)."""
    folder = _copy(solved, "rich", tmp_path)
    data = rich()
    data["staff"][2]["count"] = 2
    bigger = Instance.model_validate(data)
    roster = _read(folder, "roster")
    row = roster.index[(roster["staff"] == "rb") & (roster["place"] == "B")][0]
    roster.loc[row, ["staff", "person"]] = ["ap", "2"]
    _write(folder, "roster", roster)
    report = _verify(bigger, folder)
    (found,) = _of(report, "skill_mix")
    assert "2 assistant practitioners rostered, at most 1 allowed" in found.message


def test_reporting_without_time(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """c's Tuesday PM reporting session removed: 8 reports (480 minutes) in 240."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    keep = ~((roster["staff"] == "c") & (roster["day"] == "tue") & (roster["session"] == "pm"))
    _write(folder, "roster", roster[keep])
    report = _verify(instance, folder)
    (found,) = _of(report, "reporting_time")
    assert found.where == {"staff": "c", "place": "A", "day": "tue"}
    assert "for 480 minutes" in found.message and "for 240 minutes" in found.message


def test_contracted_sessions(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """c's insourced session dropped: 4 sessions worked on a contract of 3."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    _write(folder, "insourced", _read(folder, "insourced").iloc[0:0])
    report = _verify(instance, folder)
    (found,) = _of(report, "contracted_sessions")
    assert found.where == {"staff": "c"}
    assert "works 4 sessions a week, 1 more than 3" in found.message


def test_scanning_untrained(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """A consultant put on a CT scanner."""
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    roster = _read(folder, "roster")
    row = roster.index[(roster["staff"] == "ra") & (roster["person"] == "2")][0]
    day, session = roster.loc[row, "day"], roster.loc[row, "session"]
    # the plan may staff the session beyond its need (2): take the others off but one
    others = roster.index[
        (roster["activity"] == "scan")
        & (roster["place"] == "A")
        & (roster["day"] == day)
        & (roster["session"] == session)
        & (roster.index != row)
    ]
    roster = roster.drop(index=others[1:])
    roster.loc[row, ["staff", "person"]] = ["c", "1"]
    _write(folder, "roster", roster)
    report = _verify(instance, folder)
    assert any(
        f"scans CT at A in {day} {session} but scans nothing" in v.message
        for v in _of(report, "roster")
    )
    assert "scanner_staffing" in report.families()  # she does not count


def test_turnaround(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """Same-day standard: report 2 of Monday's 6 exams on Tuesday instead (reporting minutes
    and the balance still hold)."""
    instance, _ = solved["same_day"]
    folder = _copy(solved, "same_day", tmp_path)
    reporting = _read(folder, "reporting")
    for day, change in (("mon", -2.0), ("tue", 2.0)):
        row = reporting.index[reporting["day"] == day][0]
        reporting.loc[row, "reports"] = str(float(reporting.loc[row, "reports"]) + change)
        reporting.loc[row, "minutes"] = str(60 * float(reporting.loc[row, "reports"]))
    _write(folder, "reporting", reporting)
    report = _verify(instance, folder)
    (found,) = _of(report, "turnaround")
    assert found.where == {"place": "A", "exam_type": "ct", "day": "mon"}
    assert "2 are still unreported at the end of that day, beyond the 1-day" in found.message


def test_routed_without_a_link(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """Some of A's exams sent to B's worklist: no transfer link joins A and B."""
    instance, _ = solved["same_day"]
    folder = _copy(solved, "same_day", tmp_path)
    flows = _read(folder, "reporting_flows")
    flows.loc[0, "place"] = "B"
    _write(folder, "reporting_flows", flows)
    report = _verify(instance, folder)
    (found,) = _of(report, "transfer_routing")
    assert "no transfer links join A to B" in found.message


def test_unknown_ids_are_table_problems(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    instance, _ = solved["rich"]
    folder = _copy(solved, "rich", tmp_path)
    flows = _read(folder, "reporting_flows")
    flows.loc[0, "site"] = "Z"
    _write(folder, "reporting_flows", flows)
    (folder / "backlog.csv").unlink()
    report = _verify(instance, folder)
    messages = [v.message for v in _of(report, "tables")]
    assert "reporting_flows.csv line 2, column site: unknown site 'Z'" in messages
    assert "backlog.csv is missing from the result folder" in messages
    wheres = [v.where for v in _of(report, "tables")]
    assert {"file": "reporting_flows.csv", "line": 2, "column": "site"} in wheres


def test_summary_of_another_instance_is_a_violation(
    solved: dict[str, tuple[Instance, Path]],
) -> None:
    """A plan checked against an instance it was not solved for: an ``instance`` violation
    (it was a note), and the rules of that instance applied all the same."""
    _, folder = solved["travel"]
    data = travel_case()
    data["workforce"]["travel_cost_per_minute"] = 2.0
    other = Instance.model_validate(data)
    report = _verify(other, folder)
    (found,) = _of(report, "instance")
    assert found.where["field"] == "instance_sha256"
    assert "written for another instance" in found.message
    assert report.components["travel"] == pytest.approx(120.0)  # at 2 GBP a minute
    assert "objective" in report.families()  # more than the 60 of costs.csv
    assert not report.ok


# --------------------------------------------------------------------------- the queue


def test_replay_worklist_by_hand() -> None:
    """6 exams on Monday, 4 reported Monday and 2 Tuesday: within 2 days, not within 1."""
    arrivals = [6.0, 0, 0, 0, 0, 0, 0]
    reports = [4.0, 2.0, 0, 0, 0, 0, 0]
    assert replay_worklist(arrivals, reports, 2, 1e-9) == []
    (late,) = replay_worklist(arrivals, reports, 1, 1e-9)
    assert (late.day, late.exams, late.arrived) == ("mon", pytest.approx(2.0), 6.0)
    # reported on Sunday: Monday's exams meet a 7-day standard, not a 6-day one
    assert replay_worklist(arrivals, [0, 0, 0, 0, 0, 0, 6.0], 7, 1e-9) == []
    assert replay_worklist(arrivals, [0, 0, 0, 0, 0, 0, 6.0], 6, 1e-9) != []
    # all reported on the day they arrive: a same-day standard holds
    assert replay_worklist(arrivals, [6.0, 0, 0, 0, 0, 0, 0], 1, 1e-9) == []


def test_replay_agrees_with_the_closed_form() -> None:
    """The first-in first-out replay and the closed form of models/workforce.md (the least
    cyclic queue holds only the last H - 1 days' arrivals) agree on random balanced weeks."""
    rng = random.Random(3)
    for _ in range(400):
        arrivals = [rng.choice([0.0, 0.0, 1.0, 2.5, 4.0]) for _ in range(7)]
        raw = [rng.random() * rng.choice([0, 1]) for _ in range(7)]
        if not sum(arrivals) or not sum(raw):
            continue
        reports = [x * sum(arrivals) / sum(raw) for x in raw]
        days = rng.choice([1, 2, 3, 5, 7, 8, 10, 15])
        cumulative, level = [], 0.0
        for a, r in zip(arrivals, reports, strict=True):
            level += a - r
            cumulative.append(level)
        queue = [c - min(cumulative) for c in cumulative]
        closed = all(
            queue[d] <= sum(arrivals[(d - j) % 7] for j in range(days - 1)) + 1e-9 for d in range(7)
        )
        assert closed == (replay_worklist(arrivals, reports, days, 1e-9) == []), (
            arrivals,
            reports,
            days,
        )


def test_verifier_source_is_independent_of_the_model() -> None:
    """No module of netopt/verify/workforce/ imports Pyomo, the model code or the API."""
    import ast
    import importlib

    # netopt.verify, the attribute, is the API function; import the package by name
    package = importlib.import_module("netopt.verify.workforce")
    paths = sorted(Path(str(package.__file__)).parent.glob("*.py"))
    assert len(paths) > 5
    nodes = [
        node for path in paths for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    ]
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert not name.startswith(("pyomo", "netopt.models", "netopt.api")), name


def test_sessions_that_match_reality(solved: dict[str, tuple[Instance, Path]]) -> None:
    """The unsocial-hours component is the evening's premium plus the on-call availability:
    0.3 x 100 + 0.1 x 100 = 40."""
    report = _verify(*solved["sessions"])
    assert report.components["unsocial_hours"] == pytest.approx(40.0)


def test_one_person_all_week(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """Everything handed to person 1: three sessions on Monday (at most 2) and Monday evening
    then Tuesday morning (10 hours' rest, 11 needed)."""
    instance, _ = solved["sessions"]
    folder = _copy(solved, "sessions", tmp_path)
    roster = _read(folder, "roster")
    roster["person"] = 1
    _write(folder, "roster", roster)
    report = _verify(instance, folder)
    (day,) = _of(report, "sessions_per_day")
    assert day.where == {"staff": "r", "person": 1, "day": "mon"}
    (rest,) = _of(report, "minimum_rest")
    assert "mon eve and tue am" in rest.message


def test_passport_per_person(solved: dict[str, tuple[Instance, Path]], tmp_path: Path) -> None:
    """One person of ra holds the passport to B; the roster handing B's PM session to another
    person of ra breaks ``passport_required``; a granted passport naming 4 people of a cohort
    of 3 too."""
    instance, folder = solved["per_person"]
    assert _verify(instance, folder).components["onboarding"] == pytest.approx(50.0)
    folder = _copy(solved, "per_person", tmp_path)
    roster = _read(folder, "roster")
    at_b = roster.index[(roster["staff"] == "ra") & (roster["session"] == "pm")]
    holder = int(roster.loc[at_b[0], "person"])
    roster.loc[at_b, "person"] = str(holder % 3 + 1)
    _write(folder, "roster", roster)
    (found,) = _of(_verify(instance, folder), "passport_required")
    assert "2 people of ra" in found.message
    passports = _read(folder, "passports")
    passports["people"] = "4"
    _write(folder, "passports", passports)
    found = _of(_verify(instance, folder), "passport_required")
    assert any("cohort has 3" in v.message for v in found)


def test_exams_tied_to_sessions_run(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """One CT session of two runs (12 exams); 18 are unscanned at 150: 2700. Writing them as
    scanned breaks ``scan_capacity`` (30 exams of 20 minutes in 240 minutes) and
    ``exam_reporting``."""
    instance, folder = solved["scan"]
    report = _verify(instance, folder)
    assert report.components["unscanned"] == pytest.approx(2700.0)
    folder = _copy(solved, "scan", tmp_path)
    unscanned = _read(folder, "unscanned")
    _write(folder, "unscanned", unscanned.iloc[0:0])
    report = _verify(instance, folder)
    (capacity,) = _of(report, "scan_capacity")
    assert "600 minutes" in capacity.message and "hold 240 minutes" in capacity.message
    assert _of(report, "exam_reporting")


def test_remote_reporting_needs_a_passport(
    solved: dict[str, tuple[Instance, Path]], tmp_path: Path
) -> None:
    """The consultant at A (trust T1) reports C's (trust T2) 8 exams with a passport to C;
    without the granted passport in passports.csv nobody there may report them."""
    instance, folder = solved["remote"]
    assert _verify(instance, folder).components["onboarding"] == pytest.approx(50.0)
    folder = _copy(solved, "remote", tmp_path)
    passports = _read(folder, "passports")
    _write(folder, "passports", passports.iloc[0:0])
    report = _verify(instance, folder)
    (found,) = _of(report, "remote_reporting_passport")
    assert "8 of the 8 ct exams" in found.message
