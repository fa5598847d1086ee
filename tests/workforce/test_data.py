"""The workforce model's data, builder by builder: each index set from a small instance."""

from __future__ import annotations

import networkx as nx
import pytest

from netopt.models.workforce.data import (
    HOME,
    OFF,
    REPORT,
    WEEK,
    Activity,
    ActivityKind,
    Cohort,
    build_arcs,
    build_assignments,
    build_day_slots,
    build_leg_minutes,
    build_moves,
    build_report_periods,
    build_report_work,
    build_routes,
    build_transfer_components,
    build_transfer_destinations,
    build_transfers,
    build_worklists,
    reachable_assignments,
)
from netopt.schema import Tier


def test_activities_read_and_order_as_the_roster_and_pyomo_show_them() -> None:
    """Reporting comes before scanning, and scanning by modality: the order of the text
    ``report`` < ``scan:CT`` < ``scan:MR`` (the roster's rows of one session follow it)."""
    ct, mr = Activity.scan("CT"), Activity.scan("MR")
    assert sorted([mr, ct, REPORT]) == [REPORT, ct, mr]
    assert [str(a) for a in (REPORT, ct)] == ["report", "scan:CT"]
    assert (ct.kind, ct.modality, REPORT.kind, REPORT.modality) == (
        ActivityKind.SCAN,
        "CT",
        ActivityKind.REPORT,
        None,
    )
    assert ct == Activity(ActivityKind.SCAN, "CT") and hash(ct) == hash(Activity.scan("CT"))


def test_an_activity_has_a_modality_exactly_when_it_scans() -> None:
    with pytest.raises(ValueError, match="scan takes a modality"):
        Activity(ActivityKind.SCAN)
    with pytest.raises(ValueError, match="report takes no modality"):
        Activity(ActivityKind.REPORT, "CT")


# --------------------------------------------------------------------------- index sets, alone

AM, PM = ("mon", "am"), ("mon", "pm")


def cohort(
    id: str,
    home: str,
    *others: str,
    scans: tuple[str, ...] = (),
    reports: tuple[str, ...] = (),
    home_reporting: bool = False,
) -> Cohort:
    """A cohort of one person at ``home`` who may also work at ``others``."""
    sites = (home, *others)
    tier = Tier.CONSULTANT_RADIOLOGIST if reports else Tier.RADIOGRAPHER
    return Cohort(
        id=id,
        count=1,
        home_site=home,
        tier=tier,
        sessions=10,
        max_extra_sessions=0,
        extra_session_cost=0.0,
        scans=scans,
        home_reporting=home_reporting,
        minutes_per_report=dict.fromkeys(reports, 30.0),
        sites=sites,
        grantable=(),
        places=sites + ((HOME,) if home_reporting and reports else ()),
    )


def test_day_slots_follow_the_week_and_report_periods_the_turnaround() -> None:
    slots = (("mon", "am"), ("wed", "am"), ("wed", "pm"))
    day_slots = build_day_slots(slots)
    assert day_slots == {"mon": (("mon", "am"),), "wed": (("wed", "am"), ("wed", "pm"))}
    assert build_report_periods(7, slots, day_slots) == day_slots
    assert build_report_periods(8, slots, day_slots) == {WEEK: slots}


def test_routes_reach_reporters_over_the_links_and_at_home() -> None:
    """A and B are linked, C stands alone; ``c`` reports ct at A and B, ``h`` from home: exams
    of A go to A, B or home; C's only to home (nobody reports at C)."""
    cohorts = {
        "c": cohort("c", "A", "B", reports=("ct",)),
        "h": cohort("h", "B", reports=("ct",), home_reporting=True),
        "r": cohort("r", "C", scans=("CT",)),
    }
    graph = nx.Graph([("A", "B")])
    graph.add_node("C")
    component = build_transfer_components(graph)
    assert component["A"] == {"A", "B"} and component["C"] == {"C"}
    acquired = {("A", "ct", "mon"): 3.0, ("C", "ct", "mon"): 1.0}
    routes = build_routes(cohorts, acquired, component)
    assert routes == (
        ("A", "A", "ct", "mon"),
        ("A", "B", "ct", "mon"),
        ("A", HOME, "ct", "mon"),
        ("C", HOME, "ct", "mon"),
    )
    assert build_worklists(routes) == (("A", "ct"), ("B", "ct"), (HOME, "ct"))
    assert build_transfer_destinations(routes) == (("B", "mon"),)


def test_assignments_scan_only_where_the_modality_runs_and_report_only_at_worklists() -> None:
    cohorts = {
        "r": cohort("r", "A", "B", scans=("CT", "MR")),
        "c": cohort("c", "A", "B", reports=("ct",), home_reporting=True),
    }
    scanner_sessions = {("A", "CT", "mon", "am"): 1, ("B", "MR", "mon", "pm"): 2}
    worklists = (("A", "ct"), (HOME, "ct"))
    assignments = build_assignments(cohorts, (AM, PM), scanner_sessions, worklists)
    assert assignments == [
        ("r", "A", "mon", "am", Activity.scan("CT")),
        ("r", "B", "mon", "pm", Activity.scan("MR")),
        ("c", "A", "mon", "am", REPORT),
        ("c", HOME, "mon", "am", REPORT),
        ("c", "A", "mon", "pm", REPORT),
        ("c", HOME, "mon", "pm", REPORT),
    ]
    periods = {"mon": (AM, PM)}
    assert build_report_work(cohorts, worklists, periods) == (
        ("c", "A", "mon", "ct"),
        ("c", HOME, "mon", "ct"),
    )


def test_transfers_stay_in_the_destinations_component_and_never_leave_it() -> None:
    """Images for B on Monday: on every arc of B's component but those out of B itself."""
    graph = nx.Graph()
    graph.add_edge("A", "B", capacity=5)
    graph.add_edge("B", "C", capacity=None)
    graph.add_node("D")
    arcs, capacity = build_arcs(graph)
    assert arcs == (("A", "B"), ("B", "A"), ("B", "C"), ("C", "B"))
    assert capacity == {("A", "B"): 5, ("B", "A"): 5}
    component = build_transfer_components(graph)
    assert build_transfers((("B", "mon"),), arcs, component) == (
        ("A", "B", "B", "mon"),
        ("C", "B", "B", "mon"),
    )


def test_moves_keep_to_the_travel_limit_between_places_worked_only() -> None:
    """``r`` scans at A or at C (60 minutes apart) in the morning and afternoon: with a limit
    of 45 minutes there is no move A -> C or C -> A between sessions, but going off work and
    coming back (through OFF, at the home site A) stays."""
    r = cohort("r", "A", "C", scans=("CT",))
    minutes = {"A": {"A": 0.0, "C": 60.0}, "C": {"C": 0.0, "A": 60.0}}
    assignments = [
        ("r", place, day, t, Activity.scan("CT")) for place in ("A", "C") for day, t in (AM, PM)
    ]
    moves, move_minutes = build_moves({"r": r}, {"mon": (AM, PM)}, assignments, minutes, 45.0)
    steps = {(src, dst) for (_, _, g, src, dst) in moves if g == 1}
    assert steps == {
        ("A", "A"),
        ("A", OFF),
        ("C", "C"),
        ("C", OFF),
        (OFF, "A"),
        (OFF, "C"),
        (OFF, OFF),
    }
    assert move_minutes[("r", OFF, "C")] == 60.0
    unlimited, _ = build_moves({"r": r}, {"mon": (AM, PM)}, assignments, minutes, None)
    assert {(s, d) for (*_, s, d) in unlimited} - steps == {("A", "C"), ("C", "A")}


def test_nobody_is_assigned_where_their_home_site_cannot_reach() -> None:
    r = cohort("r", "A", "B", scans=("CT",))
    minutes = {"A": {"A": 0.0}, "B": {"B": 0.0}}
    at_a, at_b = (("r", s, "mon", "am", Activity.scan("CT")) for s in ("A", "B"))
    assert reachable_assignments([at_a, at_b], {"r": r}, minutes) == [at_a]
    assert build_leg_minutes([at_a], {"r": r}, minutes) == {("r", "A"): 0.0}
