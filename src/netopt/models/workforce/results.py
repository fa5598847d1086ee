"""Solver values of the workforce model -> tidy tables keyed by the instance's ids.

Weekly figures are per week of the typical week; money is annual GBP (as the objective).
The roster names people: a cohort's members are numbered 1..n. Each day's paths are an integer
decomposition of the cohort's moves (recomputed exactly as a min-cost flow over the rounded
assignment counts, so it never costs more than the solver's moves), handed out so that the
people who have worked least so far that week take the longest days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
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
    Slot,
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


def _fits_limit(counts: list[int], room: list[int]) -> bool:
    """Whether sessions needing ``counts`` people each can go to people with ``room`` sessions
    left each, one place a session (Gale and Ryser: the k busiest sessions need at most
    sum min(room, k))."""
    busiest = sorted(counts, reverse=True)
    need = 0
    for k, c in enumerate(busiest, start=1):
        need += c
        if need > sum(min(r, k) for r in room):
            return False
    return True


def _sticky_paths(
    n: int, sessions: list[str], at: dict[tuple[str, str], int], most: int | None
) -> list[Path]:
    """A day's paths when travel is not modelled: in each session the people already at a
    place stay there (so a passport granted to a few people is used by the same few), unless
    that would leave a later session without people under ``max_sessions_per_day``; then the
    people who have worked least that day take the session (always possible when the day's
    counts meet ``sessions_per_day``: see models/workforce.md)."""
    limit = len(sessions) if most is None else most
    paths: list[Path] = [[OFF] * len(sessions) for _ in range(n)]
    worked = [0] * n
    for g, t in enumerate(sessions):
        places = sorted((place, c) for (place, slot), c in at.items() if slot == t and c > 0)
        total = sum(c for _, c in places)
        here = {place for place, _ in places}
        later = [sum(c for (_, slot), c in at.items() if slot == u) for u in sessions[g + 1 :]]

        def left_after(chosen: list[int]) -> list[int]:
            taken = set(chosen)
            return [limit - worked[i] - (i in taken) for i in range(n)]

        able = [i for i in range(n) if worked[i] < limit]
        sticky = sorted(able, key=lambda i: (g == 0 or paths[i][g - 1] not in here, worked[i], i))[
            :total
        ]
        chosen = (
            sticky
            if _fits_limit(later, left_after(sticky))
            else sorted(able, key=lambda i: (worked[i], i))[:total]
        )
        # places: people who were at a place stay there first
        need = dict(places)
        unplaced = []
        for i in chosen:
            before = paths[i][g - 1] if g else OFF
            if need.get(before, 0) > 0:
                paths[i][g] = before
                need[before] -= 1
            else:
                unplaced.append(i)
        for place, c in sorted(need.items()):
            for _ in range(c):
                paths[unplaced.pop(0)][g] = place
        for i in chosen:
            worked[i] += 1
    return paths


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
        return _sticky_paths(n, sessions, at, data.max_sessions_per_day)
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
    # Decompose layer by layer; at each place the paths that have worked most so far take the
    # moves to OFF first, so the day's sessions spread over the paths (sessions_per_day).
    ending: dict[Any, list[Path]] = {"S": [[] for _ in range(n)]}
    for g in range(last):
        arriving: dict[Any, list[Path]] = defaultdict(list)
        for here, partial in ending.items():
            partial.sort(key=lambda p: -sum(place != OFF for place in p))
            moves = sorted(
                ((v, f) for v, f in flow[here].items() if f > 0 and v != "T"),
                key=lambda vf: vf[0][2] != OFF,
            )
            for nxt, f in moves:
                for _ in range(f):
                    path = partial.pop(0)
                    path.append(nxt[2])
                    arriving[("out", g, nxt[2])].append(path)
        ending = dict(arriving)
    return [path for partial in ending.values() for path in partial]


@dataclass(frozen=True)
class Solution:
    """The solver's values of a workforce model above the noise level (rounded to 6 decimals),
    keyed like their variables: what every result table is read from."""

    counts: dict[Assignment, int]
    """People assigned (rounded to whole people; zeros left out)."""
    reports: dict[tuple[str, str, str, str], float]
    """Reports by (k, place, day, exam type); weekly reports spread over the days."""
    routed: dict[tuple[str, str, str, str], float]
    transfer: dict[tuple[str, str, str, str], float]
    outsourced: dict[tuple[str, str, str], float]
    late: dict[tuple[str, str, str], float]
    extra_sessions: dict[str, float]
    granted: dict[tuple[str, str], float]
    """Passports granted."""
    unscanned: dict[tuple[str, str, str], float]
    """Exams left unscanned (``scan_from_sessions``)."""
    costs: dict[str, float]
    """Annual cost by component, in reporting order."""


def read_solution(m: pyo.ConcreteModel, data: WorkforceData) -> Solution:
    """The values of ``m``'s variables and costs after a solve."""
    counts = _counts(m)
    return Solution(
        counts=counts,
        reports=_daily_reports(_positive(m.reports), counts, data),
        routed=_positive(m.routed),
        transfer=_positive(m.transfer),
        outsourced=_positive(m.outsourced),
        late=_positive(m.late),
        extra_sessions=_positive(m.extra_sessions),
        granted=_positive(m.passport),
        unscanned=_positive(m.unscanned),
        costs={name: round(float(pyo.value(m.cost[name])), 6) for name in COST_COMPONENTS},
    )


PersonKey = tuple[frozenset[Slot], frozenset[str], int]
"""What matters of a person when handing out a day's paths: the sessions they work that
conflict with the day's (minimum rest), the passports they hold, sessions worked so far."""


def _hand_out(
    data: WorkforceData,
    k: str,
    day: str,
    paths: list[Path],
    worked: list[set[Slot]],
    holds: list[frozenset[str]],
) -> list[int]:
    """The person (0-based) of cohort k who walks each path of ``day``: nobody works two
    sessions less than the minimum rest apart (with the sessions already handed out, the week
    cyclic) or at a grantable site they hold no passport to; the people who have worked least
    so far take the longest days. A min-cost flow between kinds of people and kinds of paths;
    when no hand-out meets every rule, the rest rule is dropped, then the passports, so that the
    verifier names what the plan could not meet."""
    cohort = data.cohorts[k]
    slots = data.day_slots[day]
    conflicts: dict[Slot, set[Slot]] = defaultdict(set)
    for a, b in data.rest_conflicts:
        conflicts[a].add(b)
        conflicts[b].add(a)
    today = set(slots)
    needs = [
        (
            frozenset(slot for slot, place in zip(slots, path, strict=True) if place != OFF),
            frozenset(place for place in path if place in cohort.grantable),
        )
        for path in paths
    ]
    people: list[PersonKey] = [
        (
            frozenset(w for w in worked[j] if conflicts.get(w, set()) & today),
            holds[j],
            len(worked[j]),
        )
        for j in range(cohort.count)
    ]

    def fits(person: PersonKey, need: tuple[frozenset[Slot], frozenset[str]], rest: bool) -> bool:
        busy, held, _ = person
        if not need[1] <= held:
            return False
        return not rest or not any(conflicts.get(x, set()) & busy for x in need[0])

    for rules in ((True, True), (False, True), (False, False)):
        graph = nx.DiGraph()
        person_kinds = defaultdict(list)
        for j, person in enumerate(people):
            person_kinds[person].append(j)
        path_kinds = defaultdict(list)
        for i, need in enumerate(needs):
            path_kinds[need].append(i)
        for person, members in person_kinds.items():
            graph.add_edge("S", ("p", person), capacity=len(members), weight=0)
        for need, members in path_kinds.items():
            graph.add_edge(("q", need), "T", capacity=len(members), weight=0)
            for person in person_kinds:
                if (rules[1] and fits(person, need, rules[0])) or not rules[1]:
                    graph.add_edge(("p", person), ("q", need), weight=person[2] * len(need[0]))
        flow = nx.max_flow_min_cost(graph, "S", "T")
        if sum(flow["S"].values()) < len(paths):
            continue
        out = [0] * len(paths)
        for person, members in person_kinds.items():
            free = sorted(members, key=lambda j: (len(worked[j]), j))
            for (_, need), f in sorted(
                flow[("p", person)].items(), key=lambda item: -len(item[0][1][0])
            ):
                longest = path_kinds[need]
                for _ in range(f):
                    out[longest.pop(0)] = free.pop(0)
        return out
    raise AssertionError("a day's paths outnumber the cohort")  # pragma: no cover


def _passport_holders(solution: Solution, data: WorkforceData) -> dict[str, list[frozenset[str]]]:
    """Cohort -> for each person (0-based), the grantable sites they are granted a passport
    to: the first ``people`` of the cohort for each passport, each next passport starting
    where the last ended (round the cohort), so that passports spread over people."""
    out: dict[str, list[frozenset[str]]] = {}
    for k, cohort in data.cohorts.items():
        held: list[set[str]] = [set() for _ in range(cohort.count)]
        start = 0
        for s in cohort.grantable:
            people = round(solution.granted.get((k, s), 0.0) * data.people_per_passport(k))
            for i in range(min(people, cohort.count)):
                held[(start + i) % cohort.count].add(s)
            start = (start + people) % cohort.count
        out[k] = [frozenset(h) for h in held]
    return out


def roster_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Staff x day x session -> place and activity, one row per person working."""
    counts = solution.counts
    by_cohort_day: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    activities: dict[tuple[str, str, str, str], list[Activity]] = defaultdict(list)
    for (k, place, day, t, activity), c in sorted(counts.items()):
        by_cohort_day[(k, day)][(place, t)] += c
        activities[(k, place, day, t)] += [activity] * c
    rows = []
    holders = _passport_holders(solution, data)
    for k, cohort in data.cohorts.items():
        worked: list[set[Slot]] = [set() for _ in range(cohort.count)]
        for day, slots in data.day_slots.items():
            at = by_cohort_day.get((k, day))
            if not at:
                continue
            paths = _day_paths(data, k, day, dict(at))
            order = _hand_out(data, k, day, paths, worked, holders[k])
            taken: dict[tuple[str, str], int] = defaultdict(int)
            for person, path in zip(order, paths, strict=True):
                for (_, t), place in zip(slots, path, strict=True):
                    if place == OFF:
                        continue
                    worked[person].add((day, t))
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


def reporting_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Reports made per week by staff, place, day and exam type, with their minutes."""
    cohorts = data.cohorts
    return pd.DataFrame(
        [
            {
                "staff": k,
                "place": place,
                "day": d,
                "exam_type": e,
                "reports": x,
                "minutes": round(x * cohorts[k].minutes_per_report[e], 6),
            }
            for (k, place, d, e), x in solution.reports.items()
        ],
        columns=["staff", "place", "day", "exam_type", "reports", "minutes"],
    )


def reporting_flows_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Exams per week from the acquiring site to a worklist place."""
    return pd.DataFrame(
        [
            {"site": o, "place": place, "exam_type": e, "day": d, "exams": x}
            for (o, place, e, d), x in solution.routed.items()
        ],
        columns=["site", "place", "exam_type", "day", "exams"],
    )


def link_flows_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Studies per day over each transfer link and direction (all destinations), with its
    capacity."""
    on_arc: dict[tuple[str, str, str], float] = defaultdict(float)
    for (i, j, _, d), x in solution.transfer.items():
        on_arc[(i, j, d)] += x
    return pd.DataFrame(
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


def outsourced_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Reports outsourced per week by acquiring site, exam type and day; annual cost."""
    weeks = data.weeks_per_year
    return pd.DataFrame(
        [
            {
                "site": o,
                "exam_type": e,
                "day": d,
                "reports": x,
                "annual_cost": round(weeks * data.outsourcing_price[e] * x, 2),
            }
            for (o, e, d), x in solution.outsourced.items()
        ],
        columns=["site", "exam_type", "day", "reports", "annual_cost"],
    )


def insourced_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Extra paid sessions per week by staff; annual cost."""
    cohorts = data.cohorts
    weeks = data.weeks_per_year
    return pd.DataFrame(
        [
            {
                "staff": k,
                "tier": cohorts[k].tier.value,
                "extra_sessions": x,
                "annual_cost": round(weeks * cohorts[k].extra_session_cost * x, 2),
            }
            for k, x in solution.extra_sessions.items()
        ],
        columns=["staff", "tier", "extra_sessions", "annual_cost"],
    )


def passports_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Passports held and granted: staff, site, people, status, one-off cost."""
    rows = []
    for k, cohort in data.cohorts.items():
        for s in cohort.sites[1:]:
            is_granted = s in cohort.grantable
            if is_granted and (k, s) not in solution.granted:
                continue
            people = (
                round(solution.granted[(k, s)] * data.people_per_passport(k))
                if is_granted
                else cohort.count
            )
            if people == 0:
                continue
            rows.append(
                {
                    "staff": k,
                    "site": s,
                    "people": people,
                    "status": "granted" if is_granted else "held",
                    "cost": data.onboarding_cost * people if is_granted else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=["staff", "site", "people", "status", "cost"])


def backlog_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Exams acquired on each day of the week not reported within the turnaround standard."""
    return pd.DataFrame(
        [
            {"site": o, "exam_type": e, "day": d, "exams": x}
            for (o, e, d), x in solution.late.items()
        ],
        columns=["site", "exam_type", "day", "exams"],
    )


def unscanned_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Exams acquired on each day of the week the scanner sessions run cannot scan
    (``scan_from_sessions``); annual cost."""
    price = data.unscanned_price or {}
    weeks = data.weeks_per_year
    return pd.DataFrame(
        [
            {
                "site": o,
                "exam_type": e,
                "day": d,
                "exams": x,
                "annual_cost": round(weeks * price.get(e, 0.0) * x, 2),
            }
            for (o, e, d), x in solution.unscanned.items()
        ],
        columns=["site", "exam_type", "day", "exams", "annual_cost"],
    )


def staff_utilisation_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Per staff row: contracted, worked, extra, scanning and reporting sessions; minutes."""
    worked: dict[str, int] = defaultdict(int)
    scanning: dict[str, int] = defaultdict(int)
    reporting: dict[str, int] = defaultdict(int)
    rostered: dict[str, float] = defaultdict(float)
    for (k, _, d, t, activity), c in solution.counts.items():
        worked[k] += c
        if activity == REPORT:
            reporting[k] += c
            rostered[k] += c * data.minutes[(d, t)]
        else:
            scanning[k] += c
    used: dict[str, float] = defaultdict(float)
    for (k, _, _, e), x in solution.reports.items():
        used[k] += x * data.cohorts[k].minutes_per_report[e]
    rows = []
    for k, cohort in data.cohorts.items():
        contracted = cohort.count * cohort.sessions
        rows.append(
            {
                "staff": k,
                "tier": cohort.tier.value,
                "people": cohort.count,
                "contracted_sessions": contracted,
                "worked_sessions": worked[k],
                "extra_sessions": solution.extra_sessions.get(k, 0.0),
                "scanning_sessions": scanning[k],
                "reporting_sessions": reporting[k],
                "utilisation": round(worked[k] / contracted, 6) if contracted else None,
                "reporting_minutes_used": round(used[k], 6),
                "reporting_minutes_rostered": round(rostered[k], 6),
            }
        )
    return pd.DataFrame(rows)


SITE_UTILISATION_COLUMNS = [
    "place",
    "scanner_sessions",
    "scanning_staff_sessions_needed",
    "scanning_staff_sessions",
    "reporting_sessions",
    "reports",
]


def site_utilisation_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Per place: scanner sessions, staff sessions needed and rostered, reporting sessions and
    reports."""
    scanning: dict[str, int] = defaultdict(int)
    reporting: dict[str, int] = defaultdict(int)
    for (_, place, _, _, activity), c in solution.counts.items():
        (reporting if activity == REPORT else scanning)[place] += c
    reports: dict[str, float] = defaultdict(float)
    for (_, place, _, _), x in solution.reports.items():
        reports[place] += x
    need: dict[str, int] = defaultdict(int)
    scanners: dict[str, int] = defaultdict(int)
    for (s, mo, _, _), n in data.scanner_sessions.items():
        scanners[s] += n
        need[s] += n * data.staff_per_scanner[mo]
    places = sorted(set(scanners) | set(reporting) | set(reports))
    return pd.DataFrame(
        [
            {
                "place": p,
                "scanner_sessions": scanners.get(p, 0),
                "scanning_staff_sessions_needed": need.get(p, 0),
                "scanning_staff_sessions": scanning.get(p, 0),
                "reporting_sessions": reporting.get(p, 0),
                "reports": round(reports.get(p, 0.0), 6),
            }
            for p in places
        ],
        columns=SITE_UTILISATION_COLUMNS,
    )


def _by_exam(values: dict[tuple[str, str, str], float]) -> dict[str, float]:
    """Sum of (site, exam type, day) values by exam type."""
    out: dict[str, float] = defaultdict(float)
    for (_, e, _), x in values.items():
        out[e] += x
    return out


def volumes_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Per exam type, per week: acquired, unscanned, reported at sites, at home, outsourced,
    late."""
    acquired = _by_exam(data.acquired)
    unscanned = _by_exam(solution.unscanned)
    at_sites: dict[str, float] = defaultdict(float)
    at_home: dict[str, float] = defaultdict(float)
    for (_, place, _, e), x in solution.reports.items():
        (at_home if place == HOME else at_sites)[e] += x
    outsourced = _by_exam(solution.outsourced)
    late = _by_exam(solution.late)
    return pd.DataFrame(
        [
            {
                "exam_type": e,
                "acquired": round(acquired[e], 6),
                "unscanned": round(unscanned.get(e, 0.0), 6),
                "reported_at_sites": round(at_sites[e], 6),
                "reported_at_home": round(at_home[e], 6),
                "outsourced": round(outsourced.get(e, 0.0), 6),
                "late": round(late.get(e, 0.0), 6),
            }
            for e in sorted(acquired)
        ],
        columns=[
            "exam_type",
            "acquired",
            "unscanned",
            "reported_at_sites",
            "reported_at_home",
            "outsourced",
            "late",
        ],
    )


def costs_table(solution: Solution, data: WorkforceData) -> pd.DataFrame:
    """Annual cost by component (GBP)."""
    return pd.DataFrame(
        [{"component": name, "annual": annual} for name, annual in solution.costs.items()]
    )


TableBuilder = Callable[[Solution, WorkforceData], pd.DataFrame]

RESULT_TABLES: dict[str, TableBuilder] = {
    "roster": roster_table,
    "reporting": reporting_table,
    "reporting_flows": reporting_flows_table,
    "link_flows": link_flows_table,
    "outsourced": outsourced_table,
    "insourced": insourced_table,
    "passports": passports_table,
    "backlog": backlog_table,
    "unscanned": unscanned_table,
    "utilisation_staff": staff_utilisation_table,
    "utilisation_sites": site_utilisation_table,
    "volumes": volumes_table,
    "costs": costs_table,
}
"""Every result table of a workforce plan and the function that makes it, in the order they
are written."""


def extract_tables(m: pyo.ConcreteModel, data: WorkforceData) -> dict[str, pd.DataFrame]:
    """Every result table of a workforce plan, by name (see :data:`RESULT_TABLES`)."""
    solution = read_solution(m, data)
    return {name: build(solution, data) for name, build in RESULT_TABLES.items()}
