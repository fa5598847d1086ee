"""Known-answer tests, one or more per constraint family of ``models/workforce.md``.

Every instance starts from ``builders.BASE``: sites A and B of one trust, 30 minutes apart;
CT with 2 staff per scanner, at most 1 of them an assistant; exam type ``ct`` taking 60 report
minutes and 100 GBP to outsource; a Monday AM and PM template of 240-minute sessions; one week
a year (so annual costs are weekly costs). Each docstring derives the optimum by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

from netopt.models.workforce.build import FAMILIES, INDEX_SET_FAMILIES, build_workforce_model
from netopt.models.workforce.constraints import add_variables
from netopt.models.workforce.data import build_workforce_data
from netopt.models.workforce.plan import solve_workforce
from netopt.schema import Instance, InstanceError, PassportPolicy
from netopt.solve.highs import SolveStatus
from tests.workforce.builders import EXACT, solve, staff, tiny

REPO = Path(__file__).resolve().parents[2]


def ct_session(site: str, session: str = "am", day: str = "mon", scanners: int = 1) -> dict:
    return {"site": site, "modality": "CT", "day": day, "session": session, "scanners": scanners}


def demand(site: str, exams: float) -> dict:
    return {"site": site, "exam_type": "ct", "exams_per_week": exams}


def cost(plan: Any, component: str) -> float:
    return float(plan.costs.set_index("component").loc[component, "annual"])


def status_of(data: dict) -> SolveStatus:
    return solve_workforce(Instance.model_validate(data), EXACT).status


# --------------------------------------------------------------------------- staff


def test_one_place_per_session() -> None:
    """`one_place_per_session`: two CT scanners at A on Monday AM need 4 people; a cohort of 3
    radiographers cannot be in 4 places at once, whatever their contract. With 4 people the
    roster costs nothing and each person appears once."""
    sessions = [ct_session("A", scanners=2)]
    three = tiny(
        scanner_sessions=sessions, staff=[staff("r", "A", "radiographer", count=3, scans=["CT"])]
    )
    assert status_of(three) is SolveStatus.INFEASIBLE
    four = tiny(
        scanner_sessions=sessions, staff=[staff("r", "A", "radiographer", count=4, scans=["CT"])]
    )
    plan = solve(four)
    assert plan.objective == pytest.approx(0.0)
    assert sorted(plan.roster["person"]) == [1, 2, 3, 4]


def test_contracted_sessions_bought_as_extra_sessions() -> None:
    """`contracted_sessions`: A runs a CT scanner AM and PM: 4 staff-sessions. Two radiographers
    contracted for 1 session each cover 2; the other 2 are insourced at 300 each: 600. With no
    extra sessions allowed there is no roster."""
    rows = [ct_session("A", "am"), ct_session("A", "pm")]
    team = staff("r", "A", "radiographer", count=2, scans=["CT"], sessions=1)
    plan = solve(
        tiny(
            scanner_sessions=rows,
            staff=[{**team, "max_extra_sessions": 1, "extra_session_cost": 300}],
        )
    )
    assert plan.objective == pytest.approx(600.0)
    assert plan.insourced["extra_sessions"].sum() == pytest.approx(2.0)
    assert len(plan.roster) == 4
    assert status_of(tiny(scanner_sessions=rows, staff=[team])) is SolveStatus.INFEASIBLE


def test_session_only_staffable_by_passporting() -> None:
    """`passport_required` and `scanner_staffing`: B runs a CT scanner on Monday AM; its one
    radiographer needs a second person. The only other is a radiographer based at A. Under a
    network passport policy the plan grants her a passport (onboarding 50); under ``none`` no
    roster exists; a passport she already holds costs nothing."""
    people = [
        staff("rb", "B", "radiographer", scans=["CT"]),
        staff("ra", "A", "radiographer", scans=["CT"]),
    ]
    data = tiny(
        scanner_sessions=[ct_session("B")],
        staff=people,
        workforce={"passport_policy": "network", "onboarding_cost": 50},
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(50.0)
    granted = plan.passports[plan.passports["status"] == "granted"]
    assert list(zip(granted["staff"], granted["site"], strict=True)) == [("ra", "B")]
    assert set(plan.roster.loc[plan.roster["staff"] == "ra", "place"]) == {"B"}
    assert status_of({**data, "workforce": {**data["workforce"], "passport_policy": "none"}}) is (
        SolveStatus.INFEASIBLE
    )
    held = tiny(
        scanner_sessions=[ct_session("B")],
        staff=[people[0], {**people[1], "passports": ["B"]}],
        workforce={"onboarding_cost": 50},
    )
    assert solve(held).objective == pytest.approx(0.0)


def test_passport_policy_trust_and_list() -> None:
    """`passport_required` under the other policies: ``trust`` grants sites of the home site's
    trust (A and B share one), ``list`` only the listed pairs."""
    people = [
        staff("rb", "B", "radiographer", scans=["CT"]),
        staff("ra", "A", "radiographer", scans=["CT"]),
    ]
    base = tiny(scanner_sessions=[ct_session("B")], staff=people, workforce={"onboarding_cost": 50})
    instance = Instance.model_validate(base)
    assert solve_workforce(instance, EXACT, PassportPolicy.TRUST).objective == pytest.approx(50.0)
    listed = tiny(
        scanner_sessions=[ct_session("B")],
        staff=people,
        passport_options=[{"staff": "ra", "site": "B"}],
        workforce={"onboarding_cost": 50, "passport_policy": "list"},
    )
    assert solve(listed).objective == pytest.approx(50.0)


def test_unstaffable_session_is_a_located_input_problem() -> None:
    """A scanner session nobody could ever work (no CT-trained staff may go to B) is bad input
    naming the scanner_sessions row, not a solver failure."""
    data = tiny(
        scanner_sessions=[ct_session("A"), ct_session("B")],
        staff=[staff("ra", "A", "radiographer", scans=["CT"], count=2)],
    )
    with pytest.raises(InstanceError) as caught:
        build_workforce_data(Instance.model_validate(data))
    (problem,) = caught.value.problems
    assert problem.loc == ("scanner_sessions", 1, "site")
    assert "site 'B'" in problem.message


# --------------------------------------------------------------------------- acquisition


def test_skill_mix_limits_assistant_practitioners() -> None:
    """`skill_mix`: B's CT scanner needs 2 staff, at most 1 an assistant practitioner. B has 2
    assistants; a radiographer from A must come (passport 50). If 2 assistants were allowed, the
    roster would cost nothing."""
    people = [
        staff("ap", "B", "assistant_practitioner", scans=["CT"], count=2),
        staff("ra", "A", "radiographer", scans=["CT"]),
    ]
    data = tiny(
        scanner_sessions=[ct_session("B")],
        staff=people,
        workforce={"passport_policy": "network", "onboarding_cost": 50},
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(50.0)
    at_b = plan.roster[plan.roster["place"] == "B"]
    assert sorted(at_b["staff"]) == ["ap", "ra"]
    relaxed = {
        **data,
        "staffing_rules": [
            {"modality": "CT", "staff_per_scanner": 2, "max_assistants_per_scanner": 2}
        ],
    }
    assert solve(relaxed).objective == pytest.approx(0.0)


# --------------------------------------------------------------------------- reporting


def consultant(**fields: Any) -> dict:
    return staff("c", "A", "consultant_radiologist", **{"sessions": 1, **fields})


def test_reporting_time_and_exam_reporting() -> None:
    """`reporting_time` and `exam_reporting`: 10 CT exams a week at A; one consultant with one
    240-minute session reports 4 at 60 minutes each; 6 are outsourced at 100: 600. At 40 minutes
    a report she makes 6, and 4 are outsourced: 400."""
    data = tiny(
        staff=[consultant()],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("A", 10)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(600.0)
    assert plan.reporting["reports"].sum() == pytest.approx(4.0)
    assert plan.outsourced["reports"].sum() == pytest.approx(6.0)
    faster = {
        **data,
        "staff_reporting": [{"staff": "c", "exam_type": "ct", "minutes_per_report": 40}],
    }
    assert solve(faster).objective == pytest.approx(400.0)


def test_outsourcing_capacity_leaves_a_backlog() -> None:
    """`outsourcing_capacity`: as above (4 reported in house) but outsourcers take only 2 a
    week: the other 4 are late, at a backlog cost of 1000 each: 2 x 100 + 4 x 1000 = 4200."""
    data = tiny(
        staff=[consultant()],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("A", 10)],
        workforce={"backlog_cost": 1000},
    )
    data["exam_types"][0]["report_outsourcing_capacity"] = 2
    plan = solve(data)
    assert plan.objective == pytest.approx(4200.0)
    assert plan.backlog["exams"].sum() == pytest.approx(4.0)
    assert plan.volumes.loc[0, "late"] == pytest.approx(4.0)


TWO_DAYS = [
    {"day": d, "session": s, "start": start, "minutes": 240}
    for d in ("mon", "tue")
    for s, start in (("am", "08:00"), ("pm", "13:00"))
]


def turnaround_case(days: int) -> dict:
    """12 exams a week acquired at A, 6 on Monday and 6 on Tuesday (A scans on both mornings,
    staffed by two radiographers); one consultant contracted for 3 sessions (4 reports each),
    with one extra session at 150."""
    return tiny(
        sessions=TWO_DAYS,
        scanner_sessions=[ct_session("A", day="mon"), ct_session("A", day="tue")],
        staff=[
            staff("r", "A", "radiographer", count=2, scans=["CT"]),
            consultant(sessions=3, max_extra_sessions=1, extra_session_cost=150),
        ],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("A", 12)],
        workforce={"turnaround_days": days},
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # 12 exams fit 3 sessions when Monday's may wait a day.
        (28, 0.0),
        # Tuesday's 6 must be reported on Tuesday (no Wednesday sessions): 2 sessions then,
        # Monday's 6 take Monday's session (4) and 2 of Tuesday's spare capacity: 3 sessions.
        (2, 0.0),
        # Same-day reporting: 6 each day need 2 sessions each day: 4 sessions, one insourced
        # (150 < outsourcing 2 reports at 100).
        (1, 150.0),
    ],
)
def test_turnaround_forces_insourcing(days: int, expected: float) -> None:
    """`turnaround`: the standard turns spare capacity on another day into insourcing."""
    plan = solve(turnaround_case(days))
    assert plan.objective == pytest.approx(expected)
    if days == 1:
        by_day = plan.reporting.groupby("day")["reports"].sum()
        assert by_day.to_dict() == pytest.approx({"mon": 6.0, "tue": 6.0})


def test_worklist_balance_carries_exams_to_the_next_day() -> None:
    """`worklist_balance`: 8 exams acquired on Monday (A scans only then); the consultant works
    one Monday and one Tuesday session (Monday PM is not in the template here), 4 reports each:
    4 exams wait overnight in A's worklist and nothing is outsourced. With same-day reporting,
    4 are outsourced: 400."""
    template = [
        {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
        {"day": "tue", "session": "am", "start": "08:00", "minutes": 240},
    ]
    data = tiny(
        sessions=template,
        scanner_sessions=[ct_session("A", day="mon")],
        staff=[staff("r", "A", "radiographer", count=2, scans=["CT"]), consultant(sessions=2)],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("A", 8)],
    )
    plan = solve(data)
    assert plan.objective == pytest.approx(0.0)
    assert plan.reporting.groupby("day")["reports"].sum().to_dict() == pytest.approx(
        {"mon": 4.0, "tue": 4.0}
    )
    assert solve({**data, "workforce": {**data["workforce"], "turnaround_days": 1}}).objective == (
        pytest.approx(400.0)
    )


def test_home_reporting() -> None:
    """`exam_reporting` to the HOME worklist: 4 exams at B, no transfer link, the consultant is
    based at A. Reporting from home she takes all 4 (no link needed): 0. Without home
    reporting all 4 are outsourced: 400."""
    base = tiny(
        staff=[consultant(home_reporting=True)],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("B", 4)],
    )
    plan = solve(base)
    assert plan.objective == pytest.approx(0.0)
    assert set(plan.reporting["place"]) == {"home"}
    assert plan.volumes.loc[0, "reported_at_home"] == pytest.approx(4.0)
    assert solve({**base, "staff": [consultant()]}).objective == pytest.approx(400.0)


# --------------------------------------------------------------------------- transfers


def transfer_case(links: list[dict], sites: list[dict] | None = None) -> dict:
    """8 exams acquired at B on Monday; the consultant at A has 2 sessions (8 reports)."""
    data = tiny(
        staff=[consultant(sessions=2)],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("B", 8)],
        transfer_links=links,
    )
    if sites:
        data["sites"] = data["sites"] + sites
    return data


def test_link_capacity_forces_outsourcing() -> None:
    """`link_capacity`: the A-B link carries 3 studies a day, so 3 of B's 8 exams reach A's
    worklist and 5 are outsourced: 500. Without a limit: 0. Without a link: 800."""
    plan = solve(transfer_case([{"origin": "A", "destination": "B", "studies_per_day": 3}]))
    assert plan.objective == pytest.approx(500.0)
    assert plan.link_flows["studies"].sum() == pytest.approx(3.0)
    assert solve(transfer_case([{"origin": "B", "destination": "A"}])).objective == (
        pytest.approx(0.0)
    )
    assert solve(transfer_case([])).objective == pytest.approx(800.0)


def test_transfer_routing_through_another_site() -> None:
    """`transfer_routing`: B reaches A only through C (links B-C for 5 studies a day, C-A for
    4): 4 exams reach A, 4 are outsourced: 400; the flow is conserved at C."""
    c = [{"id": "C", "owner": "T1", "latitude": 52.05, "longitude": -1.0}]
    links = [
        {"origin": "B", "destination": "C", "studies_per_day": 5},
        {"origin": "C", "destination": "A", "studies_per_day": 4},
    ]
    plan = solve(transfer_case(links, c))
    assert plan.objective == pytest.approx(400.0)
    flows = plan.link_flows.set_index(["origin", "destination"])["studies"]
    assert flows[("B", "C")] == pytest.approx(4.0)
    assert flows[("C", "A")] == pytest.approx(4.0)


# --------------------------------------------------------------------------- travel


def travel_case(limit: float | None) -> dict:
    """One staff per CT scanner; A scans Monday AM, B Monday PM. ``ra`` (based at A, holding a
    passport to B) could do both; ``rb`` (based at B, no contracted sessions) can do B's at an
    extra-session cost of 100. Travel costs 1 GBP a minute; A-B is 30 minutes."""
    return tiny(
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct_session("A", "am"), ct_session("B", "pm")],
        staff=[
            staff("ra", "A", "radiographer", scans=["CT"], passports=["B"]),
            staff(
                "rb",
                "B",
                "radiographer",
                scans=["CT"],
                sessions=0,
                max_extra_sessions=1,
                extra_session_cost=100,
            ),
        ],
        workforce={"travel_cost_per_minute": 1.0, "max_travel_minutes_between_sessions": limit},
    )


def test_session_continuity_counts_the_day_path() -> None:
    """`session_continuity`: ``ra`` works A in the morning, B in the afternoon and goes home to
    A: 30 + 30 = 60 minutes, cheaper than ``rb``'s extra session (100)."""
    plan = solve(travel_case(None))
    assert plan.objective == pytest.approx(60.0)
    assert cost(plan, "travel") == pytest.approx(60.0)
    ra = plan.roster[plan.roster["staff"] == "ra"]
    assert list(zip(ra["session"], ra["place"], strict=True)) == [("am", "A"), ("pm", "B")]


def test_travel_limit_between_sessions() -> None:
    """`travel_limit`: with at most 20 minutes between sessions ``ra`` cannot go from A to B at
    lunchtime, so ``rb`` works an extra session: 100."""
    plan = solve(travel_case(20))
    assert plan.objective == pytest.approx(100.0)
    assert set(plan.roster.loc[plan.roster["place"] == "B", "staff"]) == {"rb"}


# --------------------------------------------------------------------------- sessions that match reality


def premium_case(**session_fields: Any) -> dict:
    """A Monday AM (08:00) and Saturday AM template; A runs a CT scanner (1 staff each) in one of
    them. Two radiographers at A on 1 contracted session each: ``rd`` paid 100 a session,
    ``rw`` 200. The Saturday session carries ``session_fields`` (a premium of 0.3: Agenda for
    Change time plus 30%)."""
    return tiny(
        sessions=[
            {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
            {"day": "sat", "session": "am", "start": "08:00", "minutes": 240, **session_fields},
        ],
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct_session("A", day="sat")],
        staff=[
            staff("rd", "A", "radiographer", scans=["CT"], sessions=1, session_pay=100),
            staff("rw", "A", "radiographer", scans=["CT"], sessions=1, session_pay=200),
        ],
    )


def test_unsocial_hours_premium() -> None:
    """`annual_cost`'s `unsocial_hours`: the Saturday session pays time plus 30%, so staffing it
    costs 0.3 x the session pay of whoever works it: ``rd`` (0.3 x 100 = 30), not ``rw`` (60).
    Contracted sessions cost nothing more. Without a premium the plan costs nothing."""
    plan = solve(premium_case(premium=0.3))
    assert plan.objective == pytest.approx(30.0)
    assert cost(plan, "unsocial_hours") == pytest.approx(30.0)
    assert list(plan.roster["staff"]) == ["rd"]
    assert solve(premium_case()).objective == pytest.approx(0.0)


def test_on_call_session_outside_the_contract() -> None:
    """`contracted_sessions` with an on-call session: both radiographers have no contracted
    session (``sessions`` 0) and no extra sessions, so a rostered Saturday session would be
    infeasible; on call, it uses no contracted session and costs the availability payment,
    0.1 x 100 = 10 (``rd``)."""
    data = premium_case(on_call=True, premium=0.1)
    for row in data["staff"]:
        row["sessions"] = 0
    plan = solve(data)
    assert plan.objective == pytest.approx(10.0)
    assert cost(plan, "unsocial_hours") == pytest.approx(10.0)
    rostered = premium_case(premium=0.1)
    for row in rostered["staff"]:
        row["sessions"] = 0
    assert status_of(rostered) is SolveStatus.INFEASIBLE


def day_limit_case(**workforce: Any) -> dict:
    """A Monday template of AM, PM and EVE (17:00) sessions; A runs a CT scanner (1 staff) in
    all three. Radiographer ``r`` is contracted for 3 sessions; ``x`` has none but may work one
    extra session at 100."""
    return tiny(
        sessions=[
            {"day": "mon", "session": "am", "start": "08:00", "minutes": 240},
            {"day": "mon", "session": "pm", "start": "13:00", "minutes": 240},
            {"day": "mon", "session": "eve", "start": "17:00", "minutes": 240},
        ],
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct_session("A", t) for t in ("am", "pm", "eve")],
        staff=[
            staff("r", "A", "radiographer", scans=["CT"], sessions=3),
            staff(
                "x",
                "A",
                "radiographer",
                scans=["CT"],
                sessions=0,
                max_extra_sessions=1,
                extra_session_cost=100,
            ),
        ],
        workforce=workforce,
    )


def test_sessions_per_day() -> None:
    """`sessions_per_day`: with at most 2 sessions a person a day, ``r`` works 2 of the three
    and ``x`` the third as an extra session: 100. Without the limit ``r`` works all three: 0.
    A cohort of 2 people contracted for 3 sessions each under the limit covers the three
    sessions with nobody working more than 2 (3 <= 2 x 2): 0."""
    plan = solve(day_limit_case(max_sessions_per_day=2))
    assert plan.objective == pytest.approx(100.0)
    assert (plan.roster["staff"] == "r").sum() == 2
    assert solve(day_limit_case()).objective == pytest.approx(0.0)
    pair = day_limit_case(max_sessions_per_day=2)
    pair["staff"][0]["count"] = 2
    plan = solve(pair)
    assert plan.objective == pytest.approx(0.0)
    assert plan.roster.groupby(["staff", "person"]).size().max() == 2


def rest_case(**workforce: Any) -> dict:
    """Monday EVE (18:00-22:00) and Tuesday AM (08:00): ten hours apart. A runs a CT scanner
    (1 staff) in both; ``r`` is contracted for 2 sessions, ``x`` for none but may work one
    extra at 100."""
    data = day_limit_case(**workforce)
    data["sessions"] = [
        {"day": "mon", "session": "eve", "start": "18:00", "minutes": 240},
        {"day": "tue", "session": "am", "start": "08:00", "minutes": 240},
    ]
    data["scanner_sessions"] = [ct_session("A", "eve"), ct_session("A", "am", day="tue")]
    data["staff"][0]["sessions"] = 2
    return data


def test_minimum_rest() -> None:
    """`minimum_rest`: with 11 hours' rest (Working Time Regulations) ``r`` cannot work
    Tuesday AM after Monday EVE (10 hours), so ``x`` works one of them: 100. With 10 hours'
    rest, or none, ``r`` works both: 0. Over the cycle of the week, Tuesday AM and Monday EVE
    are six days apart the other way: no conflict there."""
    plan = solve(rest_case(min_rest_hours=11))
    assert plan.objective == pytest.approx(100.0)
    assert (plan.roster["staff"] == "r").sum() == 1
    assert solve(rest_case(min_rest_hours=10)).objective == pytest.approx(0.0)
    assert solve(rest_case()).objective == pytest.approx(0.0)


def test_passports_per_person() -> None:
    """`passport_required` with passports per person: B's CT scanner needs 2 staff on Monday AM
    and 2 on Monday PM; B's own radiographer works both, a cohort of 3 at A must send one more
    each time. A passport to the whole cohort costs 3 x 50 = 150; granted per person, one
    person goes both times: 50 (and the roster has exactly one person of ``ra`` at B)."""
    people = [
        staff("rb", "B", "radiographer", scans=["CT"]),
        staff("ra", "A", "radiographer", scans=["CT"], count=3),
    ]
    data = tiny(
        scanner_sessions=[ct_session("B", "am"), ct_session("B", "pm")],
        staff=people,
        workforce={"passport_policy": "network", "onboarding_cost": 50},
    )
    assert solve(data).objective == pytest.approx(150.0)
    data["workforce"]["passports_per_person"] = True
    plan = solve(data)
    assert plan.objective == pytest.approx(50.0)
    granted = plan.passports[plan.passports["status"] == "granted"]
    assert list(zip(granted["staff"], granted["site"], granted["people"], strict=True)) == [
        ("ra", "B", 1)
    ]
    at_b = plan.roster[(plan.roster["staff"] == "ra") & (plan.roster["place"] == "B")]
    assert len(at_b) == 2
    assert at_b["person"].nunique() == 1


def scan_case(extra_cost: float, **workforce: Any) -> dict:
    """A runs a CT scanner (1 staff) Monday AM and PM, 240 minutes each: 12 exams of 20 scan
    minutes a session. 30 exams a week are acquired at A (all on Monday). Radiographer ``r`` is
    contracted for 1 session, with 1 extra at ``extra_cost``; consultant ``c`` reports them
    all in her two sessions (10 minutes a report). Scanning an exam elsewhere (the exam type's
    ``outsourcing_cost``) costs 150."""
    data = tiny(
        staffing_rules=[{"modality": "CT", "staff_per_scanner": 1}],
        scanner_sessions=[ct_session("A", "am"), ct_session("A", "pm")],
        staff=[
            staff(
                "r",
                "A",
                "radiographer",
                scans=["CT"],
                sessions=1,
                max_extra_sessions=1,
                extra_session_cost=extra_cost,
            ),
            consultant(sessions=2),
        ],
        staff_reporting=[{"staff": "c", "exam_type": "ct", "minutes_per_report": 10}],
        reporting_demand=[demand("A", 30)],
        workforce=workforce,
    )
    data["exam_types"][0]["outsourcing_cost"] = 150
    return data


def test_scan_capacity() -> None:
    """`scan_capacity`: with exams tied to the sessions run, two sessions scan 24 of the 30
    exams; the other 6 go to the independent sector: 6 x 150 + the extra session 300 = 1200.
    With the extra session at 2000 the PM session is not run: 18 unscanned, 2700 (< 2000 + 900).
    Without the tie every session runs and all 30 are scanned: 300."""
    plan = solve(scan_case(300, scan_from_sessions=True))
    assert plan.objective == pytest.approx(1200.0)
    assert cost(plan, "unscanned") == pytest.approx(900.0)
    assert plan.unscanned["exams"].sum() == pytest.approx(6.0)
    assert plan.volumes.loc[0, "unscanned"] == pytest.approx(6.0)
    dear = solve(scan_case(2000, scan_from_sessions=True))
    assert dear.objective == pytest.approx(2700.0)
    assert (dear.roster["activity"] == "scan").sum() == 1
    assert solve(scan_case(300)).objective == pytest.approx(300.0)


def remote_case(**workforce: Any) -> dict:
    """Site C belongs to trust T2; 8 CT exams a week are acquired there. The consultant at A
    (trust T1) has 2 sessions (8 reports) and may report from home; there is a link A-C."""
    data = tiny(
        staff=[consultant(sessions=2, home_reporting=True)],
        staff_reporting=[{"staff": "c", "exam_type": "ct"}],
        reporting_demand=[demand("C", 8)],
        transfer_links=[{"origin": "A", "destination": "C"}],
        workforce=workforce,
    )
    data["trusts"].append({"id": "T2", "capital_budget": 0.0, "capital_share": 0})
    data["sites"].append({"id": "C", "owner": "T2", "latitude": 52.2, "longitude": -1.0})
    return data


def test_remote_reporting_passport() -> None:
    """`remote_reporting_passport`: reporting T2's exams (over the link or from home) needs a
    passport to a T2 site when required. Not required: the consultant reports all 8: 0.
    Required with no passports to grant: all 8 are outsourced: 800. Required under the
    network policy at 50 a passport: she is granted one to C and reports them: 50. Held
    already: 0."""
    assert solve(remote_case()).objective == pytest.approx(0.0)
    required = {"remote_reporting_passport": "required"}
    plan = solve(remote_case(**required))
    assert plan.objective == pytest.approx(800.0)
    assert plan.outsourced["reports"].sum() == pytest.approx(8.0)
    plan = solve(remote_case(**required, passport_policy="network", onboarding_cost=50))
    assert plan.objective == pytest.approx(50.0)
    granted = plan.passports[plan.passports["status"] == "granted"]
    assert list(zip(granted["staff"], granted["site"], strict=True)) == [("c", "C")]
    held = remote_case(**required)
    held["staff"][0]["passports"] = ["C"]
    assert solve(held).objective == pytest.approx(0.0)


# --------------------------------------------------------------------------- coverage of the maths

FAMILY_TESTS = {
    "one_place_per_session": test_one_place_per_session,
    "contracted_sessions": test_contracted_sessions_bought_as_extra_sessions,
    "sessions_per_day": test_sessions_per_day,
    "minimum_rest": test_minimum_rest,
    "passport_required": test_session_only_staffable_by_passporting,
    "scanner_staffing": test_session_only_staffable_by_passporting,
    "skill_mix": test_skill_mix_limits_assistant_practitioners,
    "scan_capacity": test_scan_capacity,
    "reporting_time": test_reporting_time_and_exam_reporting,
    "exam_reporting": test_reporting_time_and_exam_reporting,
    "remote_reporting_passport": test_remote_reporting_passport,
    "outsourcing_capacity": test_outsourcing_capacity_leaves_a_backlog,
    "worklist_balance": test_worklist_balance_carries_exams_to_the_next_day,
    "turnaround": test_turnaround_forces_insourcing,
    "transfer_routing": test_transfer_routing_through_another_site,
    "link_capacity": test_link_capacity_forces_outsourcing,
    "session_continuity": test_session_continuity_counts_the_day_path,
    "travel_limit": test_travel_limit_between_sessions,
}
"""Each constraint family of ``models/workforce.md`` and its known-answer test."""


def documented_families() -> list[str]:
    """Constraint family names from the ``###`` headings of ``models/workforce.md``, in order."""
    text = (REPO / "models/workforce.md").read_text(encoding="utf-8")
    section = text.split("## Constraint families", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.*)$", section, flags=re.M)
    return [name for heading in headings for name in re.findall(r"`([a-z_]+)`", heading)]


def every_family_instance() -> dict:
    """One instance that exercises every constraint family at once."""
    data = turnaround_case(2)
    data["staff"].append(staff("ap", "B", "assistant_practitioner", scans=["CT"]))
    data["staff"].append(staff("rb", "B", "radiographer", scans=["CT"], passports=["A"]))
    data["scanner_sessions"].append(ct_session("B", day="tue"))
    data["transfer_links"] = [{"origin": "A", "destination": "B", "studies_per_day": 3}]
    data["reporting_demand"].append(demand("B", 5))
    data["exam_types"][0]["report_outsourcing_capacity"] = 50
    data["workforce"].update(
        {
            "travel_cost_per_minute": 1.0,
            "max_travel_minutes_between_sessions": 60,
            "max_sessions_per_day": 1,
            "min_rest_hours": 20,
            "scan_from_sessions": True,
            "remote_reporting_passport": "required",
        }
    )
    return data


def test_every_documented_family_has_its_code_and_a_test() -> None:
    """models/workforce.md, the model's registry of families (``build.FAMILIES``, plus the
    families an index set enforces) and this file's ``FAMILY_TESTS`` name the same families,
    in the same order; each family's function adds its constraint and nothing else."""
    families = documented_families()
    assert families == [*FAMILIES, *INDEX_SET_FAMILIES]
    assert set(FAMILY_TESTS) == set(families)
    data = build_workforce_data(Instance.model_validate(every_family_instance()))
    model = build_workforce_model(data)
    built = [c.name for c in model.component_objects(pyo.Constraint)]
    assert built == list(FAMILIES)
    for name, add_family in FAMILIES.items():
        alone = pyo.ConcreteModel()
        add_variables(alone, data)
        add_family(alone, data)
        assert [c.name for c in alone.component_objects(pyo.Constraint)] == [name]
    assert all(name in vars(data) for name in INDEX_SET_FAMILIES.values())
    assert data.moves
    assert solve(every_family_instance()).status.has_plan
