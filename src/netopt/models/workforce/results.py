"""Solver values of the workforce model -> tidy tables keyed by the instance's ids.

Weekly figures are per week of the typical week; money is annual GBP (as the objective).
The roster names people: a cohort's members are numbered 1..n. Each day's paths are an integer
decomposition of the cohort's moves (recomputed exactly as a min-cost flow over the rounded
assignment counts, so it never costs more than the solver's moves), handed out so that the
people who have worked least so far that week take the longest days.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd
import pyomo.environ as pyo

from netopt.models.workforce.data import (
    HOME,
    OFF,
    REPORT,
    Activity,
    Assignment,
    WorkforceData,
)
from netopt.models.workforce.objective import COST_COMPONENTS

EPS = 1e-6

ROSTER_COLUMNS = ["staff", "person", "day", "session", "place", "activity", "modality"]


def _value(var: Any) -> float:
    v = var.value
    return 0.0 if v is None else float(v)


def _positive(var: pyo.Var) -> dict[Any, float]:
    """Index -> value for the entries of ``var`` above the noise level."""
    out = {}
    for key, v in var.items():
        x = _value(v)
        if x > EPS:
            out[key] = round(x, 6)
    return out


def _counts(m: pyo.ConcreteModel) -> dict[Assignment, int]:
    return {key: round(x) for key, x in _positive(m.assign).items() if round(x) > 0}


Path = list[str]
"""A person's places in the sessions of one day (OFF when not working)."""


def _day_paths(
    data: WorkforceData,
    k: str,
    day: str,
    at: dict[tuple[str, str], int],
) -> list[Path]:
    """The cohort's day as ``count`` paths: an integer min-cost flow through the sessions'
    places (only moves the model allows), then decomposed into paths."""
    sessions = [t for (_, t) in data.day_slots[day]]
    n = data.cohorts[k].count
    allowed = [mv for mv in data.moves if mv[0] == k and mv[1] == day]
    if not allowed:
        # No travel modelled: hand places out in any order.
        paths: list[Path] = [[OFF] * len(sessions) for _ in range(n)]
        for g, t in enumerate(sessions):
            person = 0
            for (place, slot), c in sorted(at.items()):
                if slot != t:
                    continue
                for _ in range(c):
                    paths[person][g] = place
                    person += 1
        return paths
    # Layered flow: S -> session 0 places -> ... -> session G-1 places -> T (first and last
    # legs costed from the home site). Each place of a session is split into an "in" node absorbing exactly its people and an "out" node
    # emitting them again, so the flow meets the assignment counts exactly.
    last = len(sessions)
    need: dict[tuple[int, str], int] = {}
    for g, t in enumerate(sessions):
        working = 0
        for (place, slot), c in at.items():
            if slot == t:
                need[(g, place)] = c
                working += c
        need[(g, OFF)] = n - working
    graph = nx.DiGraph()
    graph.add_node("S", demand=-n)
    graph.add_node("T", demand=n)
    for (g, place), c in need.items():
        graph.add_node(("in", g, place), demand=c)
        graph.add_node(("out", g, place), demand=-c)

    def minutes(place: str) -> int:
        return round(data.leg_minutes.get((k, place), 0.0) * 1000)

    for (g, place), _ in need.items():
        if g == 0:  # the day's first leg, from OFF at the base
            graph.add_edge("S", ("in", 0, place), weight=minutes(place))
        if g == last - 1:  # and the last, back
            graph.add_edge(("out", g, place), "T", weight=minutes(place))
    for _, _, g, a, b in allowed:
        src, dst = ("out", g - 1, a), ("in", g, b)
        if src in graph and dst in graph:
            graph.add_edge(src, dst, weight=round(data.move_minutes[(k, a, b)] * 1000))
    flow = nx.min_cost_flow(graph)
    paths = []
    for _ in range(n):
        path: Path = []
        here: Any = "S"
        for g in range(last):
            nxt = next(v for v, f in flow[here].items() if f > 0 and v != "T")
            flow[here][nxt] -= 1
            path.append(nxt[2])
            here = ("out", g, nxt[2])
        paths.append(path)
    return paths


def roster_table(m: pyo.ConcreteModel, data: WorkforceData) -> pd.DataFrame:
    """Staff x day x session -> place and activity, one row per person working."""
    counts = _counts(m)
    by_cohort_day: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    activities: dict[tuple[str, str, str, str], list[Activity]] = defaultdict(list)
    for (k, place, day, t, activity), c in sorted(counts.items()):
        by_cohort_day[(k, day)][(place, t)] += c
        activities[(k, place, day, t)] += [activity] * c
    rows = []
    for k, cohort in data.cohorts.items():
        worked = [0] * cohort.count
        for day, slots in data.day_slots.items():
            at = by_cohort_day.get((k, day))
            if not at:
                continue
            paths = _day_paths(data, k, day, dict(at))
            paths.sort(key=lambda p: -sum(place != OFF for place in p))
            order = sorted(range(cohort.count), key=lambda i: (worked[i], i))
            taken: dict[tuple[str, str], int] = defaultdict(int)
            for person, path in zip(order, paths, strict=True):
                for (_, t), place in zip(slots, path, strict=True):
                    if place == OFF:
                        continue
                    worked[person] += 1
                    i = taken[(place, t)]
                    taken[(place, t)] += 1
                    activity = activities[(k, place, day, t)][i]
                    rows.append(
                        {
                            "staff": k,
                            "person": person + 1,
                            "day": day,
                            "session": t,
                            "place": place,
                            "activity": activity.kind.value,
                            "modality": activity.modality or "",
                        }
                    )
    slot_order = {slot: i for i, slot in enumerate(data.slots)}
    table = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    if not table.empty:
        table["_order"] = [
            slot_order[(d, t)] for d, t in zip(table.day, table.session, strict=True)
        ]
        table = table.sort_values(["staff", "person", "_order"]).drop(columns="_order")
    return table.reset_index(drop=True)


def _daily_reports(
    reports: dict[tuple[str, str, str, str], float],
    counts: dict[Assignment, int],
    data: WorkforceData,
) -> dict[tuple[str, str, str, str], float]:
    """Reports by (k, place, day, exam type). Weekly reports (turnaround of 8 days or more) are
    spread over the days in proportion to the reporting minutes rostered at that place, which
    keeps every day within its minutes."""
    if not data.weekly_reporting:
        return reports
    minutes: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (k, place, d, t, activity), c in counts.items():
        if activity == REPORT:
            minutes[(k, place)][d] += c * data.minutes[(d, t)]
    out: dict[tuple[str, str, str, str], float] = {}
    for (k, place, _, e), x in reports.items():
        by_day = minutes.get((k, place), {})
        total = sum(by_day.values())
        for d, mins in by_day.items():
            share = round(x * mins / total, 6)
            if share > EPS:
                out[(k, place, d, e)] = share
    return out


def extract_tables(m: pyo.ConcreteModel, data: WorkforceData) -> dict[str, pd.DataFrame]:
    """Every result table of a workforce plan, by name."""
    weeks = data.weeks_per_year
    cohorts = data.cohorts
    counts = _counts(m)
    reports = _daily_reports(_positive(m.reports), counts, data)
    routed = _positive(m.routed)
    transfer = _positive(m.transfer)
    outsourced = _positive(m.outsourced)
    late = _positive(m.late)
    extra = _positive(m.extra_sessions)

    reporting = pd.DataFrame(
        [
            {
                "staff": k,
                "place": place,
                "day": d,
                "exam_type": e,
                "reports": x,
                "minutes": round(x * cohorts[k].minutes_per_report[e], 6),
            }
            for (k, place, d, e), x in reports.items()
        ],
        columns=["staff", "place", "day", "exam_type", "reports", "minutes"],
    )
    flows = pd.DataFrame(
        [
            {"site": o, "place": place, "exam_type": e, "day": d, "exams": x}
            for (o, place, e, d), x in routed.items()
        ],
        columns=["site", "place", "exam_type", "day", "exams"],
    )
    on_arc: dict[tuple[str, str, str], float] = defaultdict(float)
    for (i, j, _, d), x in transfer.items():
        on_arc[(i, j, d)] += x
    link_flows = pd.DataFrame(
        [
            {
                "origin": i,
                "destination": j,
                "day": d,
                "studies": round(x, 6),
                "capacity": data.link_capacity.get((i, j)),
            }
            for (i, j, d), x in sorted(on_arc.items())
        ],
        columns=["origin", "destination", "day", "studies", "capacity"],
    )
    outsourced_table = pd.DataFrame(
        [
            {
                "site": o,
                "exam_type": e,
                "day": d,
                "reports": x,
                "annual_cost": round(weeks * data.outsourcing_price[e] * x, 2),
            }
            for (o, e, d), x in outsourced.items()
        ],
        columns=["site", "exam_type", "day", "reports", "annual_cost"],
    )
    insourced = pd.DataFrame(
        [
            {
                "staff": k,
                "tier": cohorts[k].tier.value,
                "extra_sessions": x,
                "annual_cost": round(weeks * cohorts[k].extra_session_cost * x, 2),
            }
            for k, x in extra.items()
        ],
        columns=["staff", "tier", "extra_sessions", "annual_cost"],
    )
    passport_rows = []
    granted = _positive(m.passport)
    for k, cohort in cohorts.items():
        for s in cohort.sites[1:]:
            is_granted = s in cohort.grantable
            if is_granted and (k, s) not in granted:
                continue
            passport_rows.append(
                {
                    "staff": k,
                    "site": s,
                    "people": cohort.count,
                    "status": "granted" if is_granted else "held",
                    "cost": data.onboarding_cost * cohort.count if is_granted else 0.0,
                }
            )
    passports = pd.DataFrame(passport_rows, columns=["staff", "site", "people", "status", "cost"])
    backlog = pd.DataFrame(
        [{"site": o, "exam_type": e, "day": d, "exams": x} for (o, e, d), x in late.items()],
        columns=["site", "exam_type", "day", "exams"],
    )

    # --- utilisation per cohort and per site
    worked: dict[str, int] = defaultdict(int)
    scanning: dict[str, int] = defaultdict(int)
    reporting_sessions: dict[str, int] = defaultdict(int)
    report_minutes_available: dict[str, float] = defaultdict(float)
    site_scan: dict[str, int] = defaultdict(int)
    site_report: dict[str, int] = defaultdict(int)
    for (k, place, d, t, activity), c in counts.items():
        worked[k] += c
        if activity == REPORT:
            reporting_sessions[k] += c
            report_minutes_available[k] += c * data.minutes[(d, t)]
            site_report[place] += c
        else:
            scanning[k] += c
            site_scan[place] += c
    minutes_used: dict[str, float] = defaultdict(float)
    reports_at: dict[str, float] = defaultdict(float)
    for (k, place, _, e), x in reports.items():
        minutes_used[k] += x * cohorts[k].minutes_per_report[e]
        reports_at[place] += x
    staff_rows = []
    for k, cohort in cohorts.items():
        contracted = cohort.count * cohort.sessions
        staff_rows.append(
            {
                "staff": k,
                "tier": cohort.tier.value,
                "people": cohort.count,
                "contracted_sessions": contracted,
                "worked_sessions": worked[k],
                "extra_sessions": extra.get(k, 0.0),
                "scanning_sessions": scanning[k],
                "reporting_sessions": reporting_sessions[k],
                "utilisation": round(worked[k] / contracted, 6) if contracted else None,
                "reporting_minutes_used": round(minutes_used[k], 6),
                "reporting_minutes_rostered": round(report_minutes_available[k], 6),
            }
        )
    utilisation_staff = pd.DataFrame(staff_rows)
    scanner_need: dict[str, int] = defaultdict(int)
    scanner_count: dict[str, int] = defaultdict(int)
    for (s, mo, _, _), n in data.scanner_sessions.items():
        scanner_count[s] += n
        scanner_need[s] += n * data.staff_per_scanner[mo]
    places = sorted(set(scanner_count) | set(site_report) | set(reports_at))
    utilisation_sites = pd.DataFrame(
        [
            {
                "place": p,
                "scanner_sessions": scanner_count.get(p, 0),
                "scanning_staff_sessions_needed": scanner_need.get(p, 0),
                "scanning_staff_sessions": site_scan.get(p, 0),
                "reporting_sessions": site_report.get(p, 0),
                "reports": round(reports_at.get(p, 0.0), 6),
            }
            for p in places
        ],
        columns=[
            "place",
            "scanner_sessions",
            "scanning_staff_sessions_needed",
            "scanning_staff_sessions",
            "reporting_sessions",
            "reports",
        ],
    )

    # --- weekly volumes by exam type
    acquired: dict[str, float] = defaultdict(float)
    for (_, e, _), x in data.acquired.items():
        acquired[e] += x
    at_sites: dict[str, float] = defaultdict(float)
    at_home: dict[str, float] = defaultdict(float)
    for (_, place, _, e), x in reports.items():
        (at_home if place == HOME else at_sites)[e] += x
    out_by_exam: dict[str, float] = defaultdict(float)
    for (_, e, _), x in outsourced.items():
        out_by_exam[e] += x
    late_by_exam: dict[str, float] = defaultdict(float)
    for (_, e, _), x in late.items():
        late_by_exam[e] += x
    volumes = pd.DataFrame(
        [
            {
                "exam_type": e,
                "acquired": round(acquired[e], 6),
                "reported_at_sites": round(at_sites[e], 6),
                "reported_at_home": round(at_home[e], 6),
                "outsourced": round(out_by_exam[e], 6),
                "late": round(late_by_exam[e], 6),
            }
            for e in sorted(acquired)
        ],
        columns=[
            "exam_type",
            "acquired",
            "reported_at_sites",
            "reported_at_home",
            "outsourced",
            "late",
        ],
    )
    costs = pd.DataFrame(
        [
            {"component": name, "annual": round(float(pyo.value(m.cost[name])), 6)}
            for name in COST_COMPONENTS
        ]
    )
    return {
        "roster": roster_table(m, data),
        "reporting": reporting,
        "reporting_flows": flows,
        "link_flows": link_flows,
        "outsourced": outsourced_table,
        "insourced": insourced,
        "passports": passports,
        "backlog": backlog,
        "utilisation_staff": utilisation_staff,
        "utilisation_sites": utilisation_sites,
        "volumes": volumes,
        "costs": costs,
    }
