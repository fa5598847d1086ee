"""What the workforce verifier derives from the instance alone (with the passport policy solved),
written independently of the model code."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from netopt.graph.travel import TravelMinutes, travel_minutes
from netopt.schema import ExamType, Instance, PassportPolicy, Staff, StaffingRule
from netopt.verify.demand import demand_by_year
from netopt.verify.workforce.tables import DAYS, HOME


@dataclass(frozen=True)
class WorkforceReference:
    """What the checks look up, derived from the instance (with the solved passport policy)."""

    instance: Instance
    policy: PassportPolicy
    year: int
    weeks: float
    day_sessions: dict[str, tuple[str, ...]]
    """Sessions of each day that has any, in start order."""
    minutes: dict[tuple[str, str], float]
    """(day, session) -> minutes."""
    premium: dict[tuple[str, str], float]
    """(day, session) -> unsocial-hours premium (share of a session's basic pay)."""
    on_call: frozenset[tuple[str, str]]
    """Sessions covered on call (outside the contracted sessions)."""
    too_close: frozenset[tuple[tuple[str, str], tuple[str, str]]]
    """Pairs of sessions of different days less than ``min_rest_hours`` apart, both ways."""
    staff: dict[str, Staff]
    skills: dict[str, dict[str, float]]
    """Staff -> exam type -> minutes per report (the exam types they report)."""
    grantable: dict[str, frozenset[str]]
    """Staff -> sites the policy lets them be granted a passport to."""
    scanners: dict[tuple[str, str, str, str], int]
    """(site, modality, day, session) -> scanners running (positive only)."""
    rules: dict[str, StaffingRule]
    sites: frozenset[str]
    exam_types: dict[str, ExamType]
    acquired: dict[tuple[str, str, str], float]
    """(site, exam type, day) -> exams acquired (positive only)."""
    capacity: dict[tuple[str, str], float | None]
    """Directed arc of a transfer link -> studies a day (None: no limit)."""
    links: nx.Graph
    travel: TravelMinutes

    def held(self, staff: str) -> set[str]:
        """Sites the staff member may work at without a new passport."""
        k = self.staff[staff]
        return {k.home_site, *k.passports}

    def reports_from_home(self, staff: str) -> bool:
        return self.staff[staff].home_reporting and bool(self.skills.get(staff))

    def where(self, staff: str, place: str | None) -> str:
        """The site a place is at: home and off (None) count as the home site."""
        return self.staff[staff].home_site if place in (HOME, None) else str(place)

    def tau(self, staff: str, a: str | None, b: str | None) -> float:
        """Travel minutes between two places of a staff member's day (inf: no route)."""
        return self.travel.get(self.where(staff, a), {}).get(self.where(staff, b), math.inf)


def grantable_sites(instance: Instance, policy: PassportPolicy, staff: Staff) -> frozenset[str]:
    """Sites the policy lets a staff member be granted a passport to (not those they hold)."""
    if policy is PassportPolicy.NONE:
        sites: set[str] = set()
    elif policy is PassportPolicy.TRUST:
        owner = {s.id: s.owner for s in instance.sites}
        sites = {s.id for s in instance.sites if s.owner == owner[staff.home_site]}
    elif policy is PassportPolicy.NETWORK:
        sites = {s.id for s in instance.sites}
    else:
        sites = {p.site for p in instance.passport_options if p.staff == staff.id}
    return frozenset(sites - {staff.home_site, *staff.passports})


def sessions_too_close(instance: Instance) -> frozenset[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs ((day, session), (day, session)) of sessions on different days where one starts
    less than ``min_rest_hours`` after the other ends, over the week's cycle (both orders)."""
    hours = instance.workforce.min_rest_hours
    if hours is None:
        return frozenset()
    week = 7 * 24 * 60
    out = set()
    for a in instance.sessions:
        ends = a.day.number * 24 * 60 + a.start_minute + a.minutes
        for b in instance.sessions:
            if a.day == b.day:
                continue
            starts = (b.day.number - a.day.number) % 7 * 24 * 60 + a.day.number * 24 * 60
            starts += b.start_minute
            if starts - ends < hours * 60 and starts - ends < week:
                first, second = (a.day.value, a.session), (b.day.value, b.session)
                out |= {(first, second), (second, first)}
    return frozenset(out)


def scanner_sessions(
    instance: Instance, year: int, slots: Iterable[tuple[str, str]]
) -> dict[tuple[str, str, str, str], int]:
    """Scanners running per (site, modality, day, session): the ``scanner_sessions`` rows; for
    a site and modality with none (when ``scanner_sessions_from_fleet``), every scanning session
    of the template with every existing scanner in service in the plan year (installed by then
    and younger than its maximum age)."""
    out: dict[tuple[str, str, str, str], int] = {}
    given = {(r.site, r.modality) for r in instance.scanner_sessions}
    for r in instance.scanner_sessions:
        if r.scanners > 0:
            out[(r.site, r.modality, r.day.value, r.session)] = r.scanners
    if not instance.workforce.scanner_sessions_from_fleet:
        return out
    max_age = {m.id: m.max_age_years for m in instance.modalities}
    fleet: Counter[tuple[str, str]] = Counter()
    for a in instance.assets:
        if a.install_year <= year < a.install_year + (a.max_age_years or max_age[a.modality]):
            fleet[(a.site, a.modality)] += 1
    scanning = {(s.day.value, s.session) for s in instance.sessions if s.scanning}
    for (site, modality), n in fleet.items():
        if (site, modality) not in given:
            for day, session in slots:
                if (day, session) in scanning:
                    out[(site, modality, day, session)] = n
    return out


def acquired_exams(
    instance: Instance,
    year: int,
    day_sessions: dict[str, tuple[str, ...]],
    scanners: dict[tuple[str, str, str, str], int],
) -> dict[tuple[str, str, str], float]:
    """Exams acquired per (site, exam type, day): the weekly demand (``reporting_demand``, or
    the plan year's ``demand`` / ``weeks_per_year`` when that table is empty) spread over the
    days in proportion to the scanners the site runs of the exam's modality each day, evenly
    over the template's days when it runs none."""
    if instance.reporting_demand:
        weekly = {(r.site, r.exam_type): r.exams_per_week for r in instance.reporting_demand}
    else:
        weeks = instance.workforce.weeks_per_year
        weekly = {
            (site, exam): exams / weeks
            for (site, exam, _), exams in demand_by_year(instance, (year,)).items()
        }
    modality = {e.id: e.modality for e in instance.exam_types}
    by_day: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (site, m, day, _), n in scanners.items():
        by_day[(site, m)][day] += n
    out: dict[tuple[str, str, str], float] = {}
    for (site, exam), exams in weekly.items():
        if exams <= 0:
            continue
        weights: dict[str, float] = dict(by_day.get((site, modality[exam]), {}))
        if not weights:
            weights = dict.fromkeys(day_sessions, 1.0)
        total = sum(weights.values())
        for day, w in weights.items():
            if w > 0:
                out[(site, exam, day)] = exams * w / total
    return out


def build_workforce_reference(instance: Instance, policy: PassportPolicy) -> WorkforceReference:
    """Derive everything the checks need from the instance, under ``policy``."""
    settings = instance.workforce
    year = settings.year or instance.years[0]
    ordered = sorted(instance.sessions, key=lambda s: (s.day.number, s.start))
    slots = [(s.day.value, s.session) for s in ordered]
    day_sessions: dict[str, tuple[str, ...]] = {}
    for day in DAYS:
        sessions = tuple(t for d, t in slots if d == day)
        if sessions:
            day_sessions[day] = sessions
    report_minutes = {e.id: e.report_minutes for e in instance.exam_types}
    skills: dict[str, dict[str, float]] = defaultdict(dict)
    for r in instance.staff_reporting:
        mu = r.minutes_per_report
        skills[r.staff][r.exam_type] = report_minutes[r.exam_type] if mu is None else mu
    scanners = scanner_sessions(instance, year, slots)
    links = nx.Graph()
    links.add_nodes_from(s.id for s in instance.sites)
    capacity: dict[tuple[str, str], float | None] = {}
    for link in instance.transfer_links:
        links.add_edge(link.origin, link.destination)
        capacity[(link.origin, link.destination)] = link.studies_per_day
        capacity[(link.destination, link.origin)] = link.studies_per_day
    return WorkforceReference(
        instance=instance,
        policy=policy,
        year=year,
        weeks=settings.weeks_per_year,
        day_sessions=day_sessions,
        minutes={(s.day.value, s.session): s.minutes for s in instance.sessions},
        premium={(s.day.value, s.session): s.premium for s in instance.sessions},
        on_call=frozenset((s.day.value, s.session) for s in instance.sessions if s.on_call),
        too_close=sessions_too_close(instance),
        staff={s.id: s for s in instance.staff},
        skills=dict(skills),
        grantable={s.id: grantable_sites(instance, policy, s) for s in instance.staff},
        scanners=scanners,
        rules={r.modality: r for r in instance.staffing_rules},
        sites=frozenset(s.id for s in instance.sites),
        exam_types={e.id: e for e in instance.exam_types},
        acquired=acquired_exams(instance, year, day_sessions, scanners),
        capacity=capacity,
        links=links,
        travel=travel_minutes(instance),
    )
