"""Reports: ``reporting_time``, ``exam_reporting``, ``remote_reporting_passport`` and
``outsourcing_capacity`` of ``models/workforce.md``."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from netopt.schema import RemoteReportingPassport
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally, within
from netopt.verify.words import count, num
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import REPORT, RosterRow, WorkforceTables, place_text

# --------------------------------------------------------------------------- reporting


def check_reporting_time(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``reporting_time``: for each staff row, place and day, the minutes of the reports made
    there (reports x the staff member's minutes per report) are at most the minutes of the
    sessions its people are rostered to report there that day. ``roster``: reports are only of
    exam types the staff member reports, and not negative."""
    out: list[Violation] = []
    used: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    parts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in plan.reporting:
        where: Where = {"staff": r.staff, "place": r.place, "day": r.day, "exam_type": r.exam_type}
        mu = ref.skills.get(r.staff, {}).get(r.exam_type)
        if mu is None:
            out.append(
                Violation(
                    "roster",
                    where,
                    f"reporting.csv has {r.staff} report {num(r.reports)} {r.exam_type} exams at "
                    f"{place_text(r.place)} on {r.day}, but they do not report {r.exam_type}",
                )
            )
            continue
        if r.reports < -CELL:
            out.append(
                Violation(
                    "roster", where, f"{num(r.reports)} reports of {r.staff}: cannot be negative"
                )
            )
        key = (r.staff, r.place, r.day)
        used[key].add(r.reports, mu)
        parts[key].append(f"{num(r.reports)} {r.exam_type} at {num(mu)} min")
    available: dict[tuple[str, str, str], float] = defaultdict(float)
    sessions: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        if row.activity == REPORT:
            available[(row.staff, row.place, row.day)] += ref.minutes[(row.day, row.session)]
            sessions[(row.staff, row.place, row.day)] += 1
    for key, minutes in sorted(used.items()):
        staff, place, day = key
        have = available.get(key, 0.0)
        if not within(minutes.value, have, tolerance, CELL + minutes.slack):
            out.append(
                Violation(
                    "reporting_time",
                    {"staff": staff, "place": place, "day": day},
                    f"{staff} reports at {place_text(place)} on {day} for {num(minutes.value)} "
                    f"minutes ({'; '.join(parts[key])}), but is rostered to report there for "
                    f"{num(have)} minutes that day ({count(sessions[key], 'session')})",
                )
            )
    return out


def _negatives(plan: WorkforceTables) -> list[Violation]:
    """Exams routed, reports outsourced or exams late below zero."""
    found: list[tuple[str, Where, float]] = []
    for f in plan.routed:
        where: Where = {"site": f.site, "place": f.place, "exam_type": f.exam_type, "day": f.day}
        found.append((f"exams routed to {place_text(f.place)}", where, f.exams))
    for o in plan.outsourced:
        found.append(
            (
                "reports outsourced",
                {"site": o.site, "exam_type": o.exam_type, "day": o.day},
                o.reports,
            )
        )
    for b in plan.backlog:
        found.append(
            ("late exams", {"site": b.site, "exam_type": b.exam_type, "day": b.day}, b.exams)
        )
    return [
        Violation("exam_reporting", where, f"{num(value)} {what}: cannot be negative")
        for what, where, value in found
        if value < -CELL
    ]


def check_exam_reporting(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``exam_reporting``: for each acquiring site, exam type and day, the exams routed to
    worklists plus those outsourced plus those late equal the exams acquired (recomputed from
    the instance) less those unscanned (``unscanned.csv``); none negative; outsourcing only of
    exam types with an outsourcing price."""
    out = _negatives(plan)
    done: dict[tuple[str, str, str], tuple[Tally, Tally, Tally]] = defaultdict(
        lambda: (Tally(), Tally(), Tally())
    )
    for f in plan.routed:
        done[(f.site, f.exam_type, f.day)][0].add(f.exams)
    for o in plan.outsourced:
        done[(o.site, o.exam_type, o.day)][1].add(o.reports)
        if ref.exam_types[o.exam_type].report_outsourcing_cost is None and abs(o.reports) > CELL:
            out.append(
                Violation(
                    "exam_reporting",
                    {"site": o.site, "exam_type": o.exam_type, "day": o.day},
                    f"{num(o.reports)} {o.exam_type} reports of exams acquired at {o.site} "
                    f"on {o.day} are outsourced, but {o.exam_type} has no outsourcing price: "
                    "its reports cannot be outsourced",
                )
            )
    for b in plan.backlog:
        done[(b.site, b.exam_type, b.day)][2].add(b.exams)
    unscanned: dict[tuple[str, str, str], float] = defaultdict(float)
    for u in plan.unscanned:
        unscanned[(u.site, u.exam_type, u.day)] += u.exams
    for key in sorted({*ref.acquired, *done}):
        site, exam, day = key
        acquired = ref.acquired.get(key, 0.0) - unscanned.get(key, 0.0)
        routed, outsourced, late = done[key]
        total = Tally(
            routed.value + outsourced.value + late.value,
            routed.slack + outsourced.slack + late.slack,
        )
        if total.agrees(acquired, tolerance):
            continue
        gap = total.value - acquired
        out.append(
            Violation(
                "exam_reporting",
                {"site": site, "exam_type": exam, "day": day},
                f"site {site} scans {num(acquired)} {exam} exams on {day}; the plan routes "
                f"{num(routed.value)} to worklists, outsources {num(outsourced.value)} and counts "
                f"{num(late.value)} late: {num(abs(gap))} {'too many' if gap > 0 else 'short'}",
            )
        )
    return out


def check_outsourcing_capacity(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``outsourcing_capacity``: the reports of an exam type outsourced in the week are within
    its capacity."""
    by_exam: dict[str, Tally] = defaultdict(Tally)
    for o in plan.outsourced:
        by_exam[o.exam_type].add(o.reports)
    out = []
    for exam, reports in sorted(by_exam.items()):
        e = ref.exam_types[exam]
        cap = e.report_outsourcing_capacity
        if e.report_outsourcing_cost is None or cap is None:
            continue
        if not within(reports.value, cap, tolerance, CELL + reports.slack):
            out.append(
                Violation(
                    "outsourcing_capacity",
                    {"exam_type": exam},
                    f"{num(reports.value)} {exam} reports a week are outsourced, above the "
                    f"outsourcers' capacity of {num(cap)}",
                )
            )
    return out


def check_remote_reporting_passport(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``remote_reporting_passport``, when required: for each worklist (place, exam type),
    the week's exams routed there (``reporting_flows.csv``) can be matched to the week's reports
    made there (``reporting.csv``) so that every exam acquired at a trust's site is reported
    by someone free to report that trust's exams: it owns their home site, or they hold (the
    instance) or are granted (``passports.csv``) a passport to one of its sites. A max-flow
    from trusts to reporters; what it cannot carry is reported."""
    settings = ref.instance.workforce
    if settings.remote_reporting_passport is not RemoteReportingPassport.REQUIRED:
        return []
    owner = {s.id: s.owner for s in ref.instance.sites}
    free: dict[str, set[str]] = defaultdict(set)
    for k in ref.staff.values():
        free[k.id] |= {owner[s] for s in (k.home_site, *k.passports) if s in owner}
    for p in plan.passports:
        if p.status == "granted" and p.site in owner:
            free[p.staff].add(owner[p.site])
    routed: dict[tuple[str, str], dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for f in plan.routed:
        if f.site in owner:
            routed[(f.place, f.exam_type)][owner[f.site]].add(f.exams)
    reports: dict[tuple[str, str], dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for r in plan.reporting:
        reports[(r.place, r.exam_type)][r.staff].add(r.reports)
    out: list[Violation] = []
    for (place, exam), by_trust in sorted(routed.items()):
        graph = nx.DiGraph()
        total = Tally()
        for trust, exams in by_trust.items():
            graph.add_edge("source", ("trust", trust), capacity=exams.value)
            total.add(exams.value, rounding=exams.slack)
            for staff in reports[(place, exam)]:
                if trust in free[staff]:
                    graph.add_edge(("trust", trust), ("staff", staff), capacity=float("inf"))
        for staff, made in reports[(place, exam)].items():
            graph.add_edge(("staff", staff), "sink", capacity=made.value)
            total.slack += made.slack
        carried = nx.maximum_flow_value(graph, "source", "sink") if "sink" in graph else 0.0
        if within(total.value, carried, tolerance, CELL + total.slack):
            continue
        trusts = ", ".join(sorted(by_trust))
        out.append(
            Violation(
                "remote_reporting_passport",
                {"place": place, "exam_type": exam},
                f"{num(total.value - carried)} of the {num(total.value)} {exam} exams a week "
                f"sent to {place_text(place)} (from trusts {trusts}) have no reporter there "
                "with a passport to the trust that acquired them",
            )
        )
    return out
