"""Plain, frozen data for the workforce model: sparse index sets and precomputed coefficients.

Everything the Pyomo model needs is computed here once from the validated instance (the
template, scanner sessions, who may work where, which worklists each exam may reach over the
image-transfer graph, the moves each cohort may make), so constraint rules only look values
up. Names follow ``models/workforce.md``, index letters ``models/glossary.md``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from netopt.graph.travel import travel_minutes
from netopt.models.demand import demand_by_year
from netopt.schema import (
    Day,
    InputProblem,
    Instance,
    InstanceError,
    PassportPolicy,
    RemoteReportingPassport,
    Staff,
    Tier,
)
from netopt.schema.workforce import HOME_PLACE, OFF_PLACE

HOME = HOME_PLACE
"""The place "at home": reporting over the image-sharing platform, no transfer link used."""
OFF = OFF_PLACE
"""Not working (at the start and end of a day, and in sessions not worked)."""


class ActivityKind(StrEnum):
    """What a person does in a session (the ``activity`` column of the roster)."""

    REPORT = "report"
    SCAN = "scan"


@dataclass(frozen=True, order=True)
class Activity:
    """What a person does in a session: reporting, or scanning one modality.

    ``report`` or ``scan(mo)`` in ``models/workforce.md``. Ordered as the kind, then the
    modality (reporting first). Its text, ``report`` or ``scan:<modality>``, is how Pyomo names
    the index of ``assign``."""

    kind: ActivityKind
    modality: str | None = None
    """The modality scanned; None for reporting."""

    def __post_init__(self) -> None:
        if (self.kind is ActivityKind.SCAN) != (self.modality is not None):
            raise ValueError(
                f"{self.kind.value} takes {'a' if self.modality is None else 'no'} modality"
            )

    @classmethod
    def scan(cls, modality: str) -> Activity:
        return cls(ActivityKind.SCAN, modality)

    def __str__(self) -> str:
        return self.kind.value if self.modality is None else f"{self.kind.value}:{self.modality}"


REPORT = Activity(ActivityKind.REPORT)
"""The reporting activity."""

Slot = tuple[str, str]
"""A template session: (day, session id)."""
Assignment = tuple[str, str, str, str, Activity]
"""An index of ``assign``: (cohort, place, day, session, activity)."""
DAY = 1440
"""Minutes in a day."""
WEEK_MINUTES = 7 * DAY
"""Minutes in a week."""
WEEK = "week"
"""The reporting period of the whole week (turnaround standards of 8 days or more)."""


@dataclass(frozen=True)
class Cohort:
    """One staff row as the model sees it."""

    id: str
    count: int
    home_site: str
    tier: Tier
    sessions: int
    max_extra_sessions: int
    extra_session_cost: float
    scans: tuple[str, ...]
    home_reporting: bool
    minutes_per_report: dict[str, float]
    """Exam type -> minutes per report (the exam types this cohort reports)."""
    sites: tuple[str, ...]
    """``P_k``: sites they may work at (home site, held passports, grantable)."""
    grantable: tuple[str, ...]
    """``G_k``: sites a passport may be granted for."""
    places: tuple[str, ...]
    """``L_k``: ``sites`` plus HOME when they report from home."""
    session_pay: float = 0.0
    """``pay_k``: basic pay of one session (GBP), what unsocial-hours premiums are shares of."""

    @property
    def reports(self) -> bool:
        return bool(self.minutes_per_report)


@dataclass(frozen=True)
class WorkforceData:
    """Everything the workforce model is built from (see ``models/workforce.md``)."""

    network: str
    year: int
    weeks_per_year: float
    days: tuple[str, ...]
    """The seven days of the week, in order (the cycle of the worklists)."""
    slots: tuple[Slot, ...]
    """Template sessions in week order."""
    day_slots: dict[str, tuple[Slot, ...]]
    """Sessions of each day that has any, in start order."""
    minutes: dict[Slot, float]
    premium: dict[Slot, float]
    """``u[d, t]``: unsocial-hours enhancement (or on-call availability payment) of a session as
    a share of its basic pay; sessions without one are absent."""
    on_call: frozenset[Slot]
    """Sessions covered on call (outside the contracted sessions)."""
    cohorts: dict[str, Cohort]
    scanner_sessions: dict[tuple[str, str, str, str], int]
    """(site, modality, day, session) -> scanners running."""
    staff_per_scanner: dict[str, int]
    max_assistants_per_scanner: dict[str, int]
    assignments: tuple[Assignment, ...]
    """(k, place, day, session, activity)."""
    report_periods: dict[str, tuple[Slot, ...]]
    """Periods in which reports are counted: each day with sessions, or the whole week
    (``WEEK``) when the turnaround standard is 8 days or more and so holds for any daily
    pattern of reporting (see models/workforce.md)."""
    report_work: tuple[tuple[str, str, str, str], ...]
    """(k, place, period, exam type)."""
    acquired: dict[tuple[str, str, str], float]
    """(site, exam type, day) -> exams acquired that day."""
    routes: tuple[tuple[str, str, str, str], ...]
    """(acquiring site, worklist place, exam type, day)."""
    worklists: tuple[tuple[str, str], ...]
    """(place, exam type)."""
    arcs: tuple[tuple[str, str], ...]
    link_capacity: dict[tuple[str, str], float]
    """Directed arc -> studies per day (arcs without a limit are absent)."""
    transfers: tuple[tuple[str, str, str, str], ...]
    """(i, j, destination site, day)."""
    transfer_destinations: tuple[tuple[str, str], ...]
    """(destination site, day) pairs with any transfer."""
    outsourcing_price: dict[str, float]
    outsourcing_capacity: dict[str, float]
    turnaround_days: int
    onboarding_cost: float
    passports_per_person: bool
    """``passport[k, s]`` counts people (0..n_k) instead of granting the whole cohort."""
    trust_of: dict[str, str]
    """Site -> the trust that owns it (``r(s)``)."""
    remote_reporting_passport: bool
    """Reporting another trust's exams needs a passport to one of its sites."""
    travel_cost_per_minute: float
    backlog_cost: float
    moves: tuple[tuple[str, str, int, str, str], ...]
    """(k, day, step, from place, to place); step g moves from the day's session g - 1 into
    session g (0-based), g >= 1."""
    move_minutes: dict[tuple[str, str, str], float]
    """(k, from place, to place) -> travel minutes of the move."""
    leg_minutes: dict[tuple[str, str], float]
    """(k, place) -> minutes from k's home site to the place (the day's first and last legs);
    empty when travel has no cost and no limit."""
    travel_limit: float | None
    scan_minutes: dict[str, float] | None = None
    """With ``scan_from_sessions``, exam type -> scan minutes per exam (``s_e``); None: every
    scanner session runs and the exams acquired are the demand."""
    modality_of: dict[str, str] | None = None
    """Exam type -> its modality (with ``scan_from_sessions``)."""
    unscanned_price: dict[str, float] | None = None
    """With ``scan_from_sessions``, exam type -> cost of one exam left unscanned: its
    ``outsourcing_cost``, else the backlog cost."""
    max_sessions_per_day: int | None = None
    """``N``: most sessions one person works in a day (None: no limit)."""
    rest_conflicts: tuple[tuple[Slot, Slot], ...] = ()
    """Pairs of sessions on different days, the first ending less than the minimum rest before
    the second starts: nobody works both."""
    elastic: bool = False
    """The elastic model of the diagnosis: scanner sessions may go short of staff, at a
    penalty (see ``models/workforce.md``)."""

    @property
    def grantable_count(self) -> int:
        """Passports the plan may grant."""
        return sum(len(k.grantable) for k in self.cohorts.values())

    def people_per_passport(self, k: str) -> int:
        """People one unit of ``passport[k, s]`` stands for: 1 when passports are granted per
        person, else the whole cohort ``n_k``."""
        return 1 if self.passports_per_person else self.cohorts[k].count

    def free_trusts(self, k: str) -> frozenset[str]:
        """Trusts whose exams k reports without a new passport: the owner of k's home site and
        of the sites k holds a passport to (``F_k``)."""
        cohort = self.cohorts[k]
        held = set(cohort.sites) - set(cohort.grantable)
        return frozenset(self.trust_of[s] for s in held)

    @property
    def scans_from_sessions(self) -> bool:
        """Whether scanner sessions may be left not run and exams acquired fit those run."""
        return self.scan_minutes is not None

    @property
    def weekly_reporting(self) -> bool:
        return WEEK in self.report_periods

    @property
    def moving_cohorts(self) -> tuple[str, ...]:
        """Cohorts whose day paths are modelled (those that have moves)."""
        return tuple(sorted({m[0] for m in self.moves}))


def build_slots(instance: Instance) -> tuple[tuple[Slot, ...], dict[Slot, float]]:
    ordered = sorted(instance.sessions, key=lambda s: (s.day.number, s.start))
    slots = tuple((s.day.value, s.session) for s in ordered)
    return slots, {(s.day.value, s.session): s.minutes for s in ordered}


def _in_service(instance: Instance, year: int) -> dict[tuple[str, str], int]:
    """Existing scanners in service in ``year`` by (site, modality)."""
    max_age = {m.id: m.max_age_years for m in instance.modalities}
    count: dict[tuple[str, str], int] = defaultdict(int)
    for a in instance.assets:
        limit = a.max_age_years or max_age[a.modality]
        if a.install_year <= year < a.install_year + limit:
            count[(a.site, a.modality)] += 1
    return count


def build_scanner_sessions(
    instance: Instance, year: int, slots: tuple[Slot, ...]
) -> dict[tuple[str, str, str, str], int]:
    out: dict[tuple[str, str, str, str], int] = {}
    given = set()
    for row in instance.scanner_sessions:
        given.add((row.site, row.modality))
        if row.scanners > 0:
            out[(row.site, row.modality, row.day.value, row.session)] = row.scanners
    if instance.workforce.scanner_sessions_from_fleet:
        scanning = {(s.day.value, s.session) for s in instance.sessions if s.scanning}
        for (site, modality), n in _in_service(instance, year).items():
            if (site, modality) in given:
                continue
            for day, session in slots:
                if (day, session) in scanning:
                    out[(site, modality, day, session)] = n
    return out


def _grantable(instance: Instance, staff: Staff) -> list[str]:
    policy = instance.workforce.passport_policy
    owner = {s.id: s.owner for s in instance.sites}
    if policy is PassportPolicy.NONE:
        sites: list[str] = []
    elif policy is PassportPolicy.TRUST:
        trust = owner[staff.home_site]
        sites = [s.id for s in instance.sites if s.owner == trust]
    elif policy is PassportPolicy.NETWORK:
        sites = [s.id for s in instance.sites]
    else:
        sites = [p.site for p in instance.passport_options if p.staff == staff.id]
    held = {staff.home_site, *staff.passports}
    return [s for s in sites if s not in held]


def build_cohorts(instance: Instance) -> dict[str, Cohort]:
    report_minutes = {e.id: e.report_minutes for e in instance.exam_types}
    skills: dict[str, dict[str, float]] = defaultdict(dict)
    for r in instance.staff_reporting:
        minutes = r.minutes_per_report
        skills[r.staff][r.exam_type] = report_minutes[r.exam_type] if minutes is None else minutes
    out = {}
    for s in instance.staff:
        grantable = _grantable(instance, s)
        sites = (s.home_site, *s.passports, *grantable)
        mpr = skills.get(s.id, {})
        places = sites + ((HOME,) if s.home_reporting and mpr else ())
        out[s.id] = Cohort(
            id=s.id,
            count=s.count,
            home_site=s.home_site,
            tier=s.tier,
            sessions=s.sessions,
            max_extra_sessions=s.max_extra_sessions,
            extra_session_cost=s.extra_session_cost,
            session_pay=s.session_pay,
            scans=tuple(s.scans),
            home_reporting=s.home_reporting,
            minutes_per_report=dict(mpr),
            sites=sites,
            grantable=tuple(grantable),
            places=places,
        )
    return out


def _weekly_reporting_demand(instance: Instance, year: int) -> dict[tuple[str, str], float]:
    if instance.reporting_demand:
        return {
            (r.site, r.exam_type): r.exams_per_week
            for r in instance.reporting_demand
            if r.exams_per_week > 0
        }
    weeks = instance.workforce.weeks_per_year
    return {(o, e): exams / weeks for (o, e, y), exams in demand_by_year(instance, (year,)).items()}


def build_acquired(
    instance: Instance,
    year: int,
    day_slots: dict[str, tuple[Slot, ...]],
    scanner_sessions: dict[tuple[str, str, str, str], int],
) -> dict[tuple[str, str, str], float]:
    """Weekly exams spread over the days in proportion to the site's scanner sessions of the
    exam's modality (evenly over the template's days when it runs none)."""
    modality = {e.id: e.modality for e in instance.exam_types}
    per_day: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (site, mo, day, _), n in scanner_sessions.items():
        per_day[(site, mo)][day] += n
    out: dict[tuple[str, str, str], float] = {}
    for (site, exam), weekly in sorted(_weekly_reporting_demand(instance, year).items()):
        weights = per_day.get((site, modality[exam])) or {d: 1.0 for d in day_slots}
        total = sum(weights.values())
        for day, w in weights.items():
            if w > 0:
                out[(site, exam, day)] = weekly * w / total
    return out


def build_transfer_graph(instance: Instance) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(s.id for s in instance.sites)
    for link in instance.transfer_links:
        graph.add_edge(link.origin, link.destination, capacity=link.studies_per_day)
    return graph


def _check_template(instance: Instance, slots: tuple[Slot, ...]) -> None:
    problems = []
    if not slots:
        problems.append(
            InputProblem(("sessions",), "the workforce plan needs a weekly session template")
        )
    if not instance.staff:
        problems.append(InputProblem(("staff",), "the workforce plan needs staff"))
    if problems:
        raise InstanceError(problems)


def _check_staffing_rules(
    instance: Instance, scanner_sessions: dict[tuple[str, str, str, str], int]
) -> None:
    ruled = {r.modality for r in instance.staffing_rules}
    missing = sorted({mo for (_, mo, _, _) in scanner_sessions} - ruled)
    if missing:
        raise InstanceError(
            [
                InputProblem(
                    ("staffing_rules",),
                    f"scanners of {', '.join(missing)} run sessions but staffing_rules has no "
                    f"row for {'it' if len(missing) == 1 else 'them'}: say how many staff "
                    "each scanner needs",
                )
            ]
        )


def _check_staffable(
    instance: Instance,
    cohorts: dict[str, Cohort],
    scanner_sessions: dict[tuple[str, str, str, str], int],
) -> None:
    """A running scanner session that no staff member may ever work at (nobody scans that
    modality with a passport to that site, even under the passport policy) makes every roster
    infeasible: say which, at its scanner_sessions row (or the fleet's first scanner)."""
    able = {(site, mo) for k in cohorts.values() for site in k.sites for mo in k.scans}
    row_of = {
        (r.site, r.modality, r.day.value, r.session): i
        for i, r in enumerate(instance.scanner_sessions)
    }
    asset_of: dict[tuple[str, str], int] = {}
    for i, a in enumerate(instance.assets):
        asset_of.setdefault((a.site, a.modality), i)
    problems = []
    reported: set[tuple[str, str]] = set()
    for site, mo, day, session in sorted(scanner_sessions):
        if (site, mo) in able or (site, mo) in reported:
            continue
        reported.add((site, mo))
        policy = instance.workforce.passport_policy.value
        message = (
            f"{mo} scanners run at site '{site}' ({day} {session} and maybe more) but no staff "
            f"member who scans {mo} may work there (home site, passports held, or passport "
            f"policy '{policy}')"
        )
        row = row_of.get((site, mo, day, session))
        if row is not None:
            problems.append(InputProblem(("scanner_sessions", row, "site"), message))
        else:
            loc = ("assets", asset_of[(site, mo)], "site")
            problems.append(InputProblem(loc, message + "; sessions come from the fleet"))
    if problems:
        raise InstanceError(problems)


def build_day_slots(slots: tuple[Slot, ...]) -> dict[str, tuple[Slot, ...]]:
    """``T_d``: the sessions of each day that has any, in start order (days in week order)."""
    day_slots: dict[str, tuple[Slot, ...]] = {}
    for weekday in Day:
        in_day = tuple(s for s in slots if s[0] == weekday.value)
        if in_day:
            day_slots[weekday.value] = in_day
    return day_slots


def build_report_periods(
    turnaround_days: int, slots: tuple[Slot, ...], day_slots: dict[str, tuple[Slot, ...]]
) -> dict[str, tuple[Slot, ...]]:
    """Each day with sessions, or the whole week (``WEEK``) when the turnaround standard is 8
    days or more."""
    return {WEEK: slots} if turnaround_days >= 8 else dict(day_slots)


def build_transfer_components(graph: nx.Graph) -> dict[str, set[str]]:
    """Site -> the sites of its connected component of the transfer graph (itself included)."""
    component: dict[str, set[str]] = {}
    for sites in nx.connected_components(graph):
        for site in sites:
            component[site] = sites
    return component


def build_routes(
    cohorts: dict[str, Cohort],
    acquired: dict[tuple[str, str, str], float],
    component: dict[str, set[str]],
) -> tuple[tuple[str, str, str, str], ...]:
    """``routes`` (o, l, e, d): the sites o's images reach where someone may report e, and
    ``HOME`` when someone reports e from home."""
    report_sites: dict[str, set[str]] = defaultdict(set)
    home_exams: set[str] = set()
    for k in cohorts.values():
        for e in k.minutes_per_report:
            report_sites[e].update(k.sites)
            if HOME in k.places:
                home_exams.add(e)
    routes: list[tuple[str, str, str, str]] = []
    for o, e, d in acquired:
        for s in sorted(component[o] & report_sites[e]):
            routes.append((o, s, e, d))
        if e in home_exams:
            routes.append((o, HOME, e, d))
    return tuple(routes)


def build_worklists(routes: tuple[tuple[str, str, str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``worklists`` (l, e): the places and exam types of ``routes``."""
    return tuple(sorted({(place, e) for (_, place, e, _) in routes}))


def _report_places(k: Cohort, worklists: set[tuple[str, str]]) -> list[str]:
    """The places of ``L_k`` with a worklist of an exam type k reports."""
    return [
        place for place in k.places if any((place, e) in worklists for e in k.minutes_per_report)
    ]


def build_assignments(
    cohorts: dict[str, Cohort],
    slots: tuple[Slot, ...],
    scanner_sessions: dict[tuple[str, str, str, str], int],
    worklists: tuple[tuple[str, str], ...],
) -> list[Assignment]:
    """``assignments`` (k, l, d, t, a): scanning only where that modality runs; reporting only
    at places with a worklist of an exam type the cohort reports."""
    running: dict[tuple[str, Slot], set[str]] = defaultdict(set)
    for site, mo, day, session in scanner_sessions:
        running[(site, (day, session))].add(mo)
    worklist_set = set(worklists)
    assignments: list[Assignment] = []
    for k in cohorts.values():
        report_places = _report_places(k, worklist_set)
        for day, session in slots:
            for site in k.sites:
                for mo in k.scans:
                    if mo in running.get((site, (day, session)), ()):
                        assignments.append((k.id, site, day, session, Activity.scan(mo)))
            assignments.extend((k.id, place, day, session, REPORT) for place in report_places)
    return assignments


def build_report_work(
    cohorts: dict[str, Cohort],
    worklists: tuple[tuple[str, str], ...],
    report_periods: dict[str, tuple[Slot, ...]],
) -> tuple[tuple[str, str, str, str], ...]:
    """``report_work`` (k, l, p, e): k reports e at l in period p where l has e's worklist."""
    worklist_set = set(worklists)
    return tuple(
        (k.id, place, period, e)
        for k in cohorts.values()
        for place in _report_places(k, worklist_set)
        for e in k.minutes_per_report
        if (place, e) in worklist_set
        for period in report_periods
    )


def build_arcs(graph: nx.Graph) -> tuple[tuple[tuple[str, str], ...], dict[tuple[str, str], float]]:
    """``arcs`` (i, j), both directions of every transfer link, sorted; and the capacity of
    those with one."""
    arcs: list[tuple[str, str]] = []
    link_capacity: dict[tuple[str, str], float] = {}
    for i, j, cap in graph.edges(data="capacity"):
        for arc in ((i, j), (j, i)):
            arcs.append(arc)
            if cap is not None:
                link_capacity[arc] = cap
    return tuple(sorted(arcs)), link_capacity


def build_transfer_destinations(
    routes: tuple[tuple[str, str, str, str], ...],
) -> tuple[tuple[str, str], ...]:
    """(s, d): sites receiving images from another site on day d."""
    return tuple(sorted({(s, d) for (o, s, _, d) in routes if s != HOME and s != o}))


def build_transfers(
    destinations: tuple[tuple[str, str], ...],
    arcs: tuple[tuple[str, str], ...],
    component: dict[str, set[str]],
) -> tuple[tuple[str, str, str, str], ...]:
    """``transfers`` (i, j, s, d): one commodity per destination site and day, on the arcs of
    its component that do not leave it."""
    return tuple(
        (i, j, s, d) for s, d in destinations for (i, j) in arcs if i != s and j in component[s]
    )


# --------------------------------------------------------------------------- travel


Move = tuple[str, str, int, str, str]
"""An index of ``move``: (k, day, step, from place, to place)."""


def _site_of(k: Cohort, place: str) -> str:
    """Where k is when at ``place``: ``HOME`` and ``OFF`` count as k's home site."""
    return k.home_site if place in (HOME, OFF) else place


def reachable_assignments(
    assignments: list[Assignment],
    cohorts: dict[str, Cohort],
    minutes_between: dict[str, dict[str, float]],
) -> list[Assignment]:
    """The assignments at places k's home site can reach (nobody works anywhere else)."""
    return [
        a
        for a in assignments
        if _site_of(cohorts[a[0]], a[1]) in minutes_between.get(cohorts[a[0]].home_site, {})
    ]


def build_leg_minutes(
    assignments: list[Assignment],
    cohorts: dict[str, Cohort],
    minutes_between: dict[str, dict[str, float]],
) -> dict[tuple[str, str], float]:
    """``tau[b_k, l]``: (k, l) -> minutes from k's home site to each place k may work at."""
    legs: dict[tuple[str, str], float] = {}
    for k_id, place, _, _, _ in assignments:
        k = cohorts[k_id]
        legs[(k_id, place)] = minutes_between[k.home_site][_site_of(k, place)]
    return legs


def _cohort_moves(
    k: Cohort,
    day_slots: dict[str, tuple[Slot, ...]],
    places_in: dict[tuple[str, Slot], set[str]],
    minutes_between: dict[str, dict[str, float]],
    limit: float | None,
) -> Iterator[tuple[Move, float]]:
    """k's moves between consecutive sessions of each day it works, with their minutes; none
    longer than ``limit`` between two places worked (``travel_limit``), none without a way.
    Everyone starts and ends the day at ``OFF``, so the first and last legs are fixed by the
    assignments (``leg_minutes``): moves are the changes between sessions."""
    for day, sessions in day_slots.items():
        layers = [places_in.get((k.id, session), set()) | {OFF} for session in sessions]
        if all(layer == {OFF} for layer in layers):
            continue
        for g in range(1, len(layers)):
            for src in sorted(layers[g - 1]):
                for dst in sorted(layers[g]):
                    between = minutes_between.get(_site_of(k, src), {})
                    tau = between.get(_site_of(k, dst), math.inf)
                    working = src != OFF and dst != OFF
                    if math.isinf(tau) or (working and limit is not None and tau > limit):
                        continue
                    yield (k.id, day, g, src, dst), tau


def build_moves(
    cohorts: dict[str, Cohort],
    day_slots: dict[str, tuple[Slot, ...]],
    assignments: list[Assignment],
    minutes_between: dict[str, dict[str, float]],
    limit: float | None,
) -> tuple[tuple[Move, ...], dict[tuple[str, str, str], float]]:
    """``moves`` of the cohorts with more than one place to be, and (k, l, l') -> minutes."""
    places_in: dict[tuple[str, Slot], set[str]] = defaultdict(set)
    for k_id, place, day, session, _ in assignments:
        places_in[(k_id, (day, session))].add(place)
    moves: list[Move] = []
    move_minutes: dict[tuple[str, str, str], float] = {}
    for k in cohorts.values():
        if len({_site_of(k, p) for p in k.places}) < 2:
            continue
        for move, tau in _cohort_moves(k, day_slots, places_in, minutes_between, limit):
            moves.append(move)
            move_minutes[(k.id, move[3], move[4])] = tau
    return tuple(moves), move_minutes


@dataclass(frozen=True)
class Travel:
    """The sets travel changes: assignments within reach, legs, moves (all empty but the
    assignments when travel has no cost and no limit)."""

    assignments: tuple[Assignment, ...]
    leg_minutes: dict[tuple[str, str], float]
    moves: tuple[Move, ...]
    move_minutes: dict[tuple[str, str, str], float]


def build_travel(
    instance: Instance,
    cohorts: dict[str, Cohort],
    day_slots: dict[str, tuple[Slot, ...]],
    assignments: list[Assignment],
) -> Travel:
    """Each cohort's day paths, modelled only where travel costs or a limit matter."""
    settings = instance.workforce
    limit = settings.max_travel_minutes_between_sessions
    if settings.travel_cost_per_minute <= 0 and limit is None:
        return Travel(tuple(assignments), {}, (), {})
    minutes_between = travel_minutes(instance)
    reachable = reachable_assignments(assignments, cohorts, minutes_between)
    legs = build_leg_minutes(reachable, cohorts, minutes_between)
    moves, move_minutes = build_moves(cohorts, day_slots, reachable, minutes_between, limit)
    return Travel(tuple(reachable), legs, moves, move_minutes)


def build_rest_conflicts(instance: Instance) -> tuple[tuple[Slot, Slot], ...]:
    """``rest_conflicts``: (earlier, later) sessions of different days (the week cyclic) with
    less than ``min_rest_hours`` between the end of the first and the start of the second."""
    hours = instance.workforce.min_rest_hours
    if hours is None:
        return ()
    out: list[tuple[Slot, Slot]] = []
    sessions = sorted(instance.sessions, key=lambda s: (s.day.number, s.start))
    for a in sessions:
        end = a.day.number * DAY + a.start_minute + a.minutes
        for b in sessions:
            if b.day is a.day:
                continue
            start = b.day.number * DAY + b.start_minute
            if b.day.number < a.day.number:  # the week is a cycle: b's next occurrence
                start += WEEK_MINUTES
            if start - end < 60 * hours:
                out.append(((a.day.value, a.session), (b.day.value, b.session)))
    return tuple(out)


def build_scanning(
    instance: Instance,
) -> tuple[dict[str, float] | None, dict[str, str] | None, dict[str, float] | None]:
    """``scan_minutes``, ``modality_of`` and ``unscanned_price`` with ``scan_from_sessions``
    (all None without)."""
    if not instance.workforce.scan_from_sessions:
        return None, None, None
    backlog = instance.workforce.backlog_cost
    return (
        {e.id: e.scan_minutes for e in instance.exam_types},
        {e.id: e.modality for e in instance.exam_types},
        {
            e.id: backlog if e.outsourcing_cost is None else e.outsourcing_cost
            for e in instance.exam_types
        },
    )


def build_outsourcing(instance: Instance) -> tuple[dict[str, float], dict[str, float]]:
    """``price_e`` of the exam types that may be outsourced, and ``cap_e`` of those with a
    capacity."""
    price = {
        e.id: e.report_outsourcing_cost
        for e in instance.exam_types
        if e.report_outsourcing_cost is not None
    }
    capacity = {
        e.id: e.report_outsourcing_capacity
        for e in instance.exam_types
        if e.report_outsourcing_capacity is not None and e.id in price
    }
    return price, capacity


# --------------------------------------------------------------------------- the whole


def build_workforce_data(instance: Instance, elastic: bool = False) -> WorkforceData:
    """The workforce model's sets and parameters for ``instance`` (``elastic``: for the
    diagnosis, scanner sessions may go short of staff), in the order of
    ``models/workforce.md``; bad input raises :class:`InstanceError` before any set is built
    that needs it."""
    settings = instance.workforce
    year = settings.year or instance.years[0]
    slots, minutes = build_slots(instance)
    _check_template(instance, slots)
    day_slots = build_day_slots(slots)
    scanner_sessions = build_scanner_sessions(instance, year, slots)
    _check_staffing_rules(instance, scanner_sessions)
    cohorts = build_cohorts(instance)
    _check_staffable(instance, cohorts, scanner_sessions)
    report_periods = build_report_periods(settings.turnaround_days, slots, day_slots)
    acquired = build_acquired(instance, year, day_slots, scanner_sessions)
    graph = build_transfer_graph(instance)
    component = build_transfer_components(graph)
    routes = build_routes(cohorts, acquired, component)
    worklists = build_worklists(routes)
    arcs, link_capacity = build_arcs(graph)
    destinations = build_transfer_destinations(routes)
    assignments = build_assignments(cohorts, slots, scanner_sessions, worklists)
    travel = build_travel(instance, cohorts, day_slots, assignments)
    outsourcing_price, outsourcing_capacity = build_outsourcing(instance)
    scan_minutes, modality_of, unscanned_price = build_scanning(instance)
    rules = instance.staffing_rules
    return WorkforceData(
        network=instance.network.name,
        year=year,
        weeks_per_year=settings.weeks_per_year,
        days=tuple(d.value for d in Day),
        slots=slots,
        day_slots=day_slots,
        minutes=minutes,
        premium={(s.day.value, s.session): s.premium for s in instance.sessions if s.premium > 0},
        on_call=frozenset((s.day.value, s.session) for s in instance.sessions if s.on_call),
        cohorts=cohorts,
        scanner_sessions=scanner_sessions,
        staff_per_scanner={r.modality: r.staff_per_scanner for r in rules},
        max_assistants_per_scanner={r.modality: r.max_assistants_per_scanner for r in rules},
        assignments=travel.assignments,
        report_periods=report_periods,
        report_work=build_report_work(cohorts, worklists, report_periods),
        acquired=acquired,
        routes=routes,
        worklists=worklists,
        arcs=arcs,
        link_capacity=link_capacity,
        transfers=build_transfers(destinations, arcs, component),
        transfer_destinations=destinations,
        outsourcing_price=outsourcing_price,
        outsourcing_capacity=outsourcing_capacity,
        turnaround_days=settings.turnaround_days,
        onboarding_cost=settings.onboarding_cost,
        passports_per_person=settings.passports_per_person,
        trust_of={s.id: s.owner for s in instance.sites},
        remote_reporting_passport=(
            settings.remote_reporting_passport is RemoteReportingPassport.REQUIRED
        ),
        travel_cost_per_minute=settings.travel_cost_per_minute,
        backlog_cost=settings.backlog_cost,
        moves=travel.moves,
        move_minutes=travel.move_minutes,
        leg_minutes=travel.leg_minutes,
        travel_limit=settings.max_travel_minutes_between_sessions,
        max_sessions_per_day=settings.max_sessions_per_day,
        scan_minutes=scan_minutes,
        modality_of=modality_of,
        unscanned_price=unscanned_price,
        rest_conflicts=build_rest_conflicts(instance),
        elastic=elastic,
    )


__all__ = [
    "HOME",
    "OFF",
    "REPORT",
    "WEEK",
    "Activity",
    "ActivityKind",
    "Assignment",
    "Cohort",
    "Move",
    "Travel",
    "WorkforceData",
    "build_acquired",
    "build_arcs",
    "build_assignments",
    "build_cohorts",
    "build_day_slots",
    "build_leg_minutes",
    "build_moves",
    "build_outsourcing",
    "build_report_periods",
    "build_report_work",
    "build_rest_conflicts",
    "build_routes",
    "build_scanner_sessions",
    "build_scanning",
    "build_slots",
    "build_transfer_components",
    "build_transfer_destinations",
    "build_transfer_graph",
    "build_transfers",
    "build_travel",
    "build_workforce_data",
    "build_worklists",
    "reachable_assignments",
]
