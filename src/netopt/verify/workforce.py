"""Independent verifier of a workforce plan: re-check every rule of ``models/workforce.md``.

Given the instance and a plan's result folder (``<table>.csv`` and ``summary.json``, as written
by :func:`netopt.write_workforce_plan`), :func:`verify_workforce` re-derives what it needs from
the instance alone: the session template, the scanner sessions (given, or every scanning session
of the fleet in service in the plan year), the weekly reporting demand and its spread over the
days, who may work where under the passport policy that was solved (``summary.json``), the
image-transfer graph and the staff travel minutes. It uses no Pyomo and none of the model code,
so a bug in the model or in the way its results are written shows up as a disagreement.

Each check below is one function returning the violations it finds, named after the constraint
family of ``models/workforce.md`` it re-checks, plus two of its own: ``roster`` (who may do what
where: the index sets ``assignments`` and ``report_work``) and ``tables`` (unreadable files,
unknown ids, and derived tables that disagree with the ones they summarise).

Two families are checked in a form that does not need the model's internal variables:

- ``worklist_balance`` and ``turnaround``: each worklist (place, exam type) is replayed as a
  first-in first-out queue from the exams routed to it and the reports made there, day by day
  over several weeks (the week repeats); in the steady state every exam must be reported by the
  end of the day it arrived plus ``turnaround_days - 1``. A worklist is balanced when as many
  exams are reported as arrive in a week (any queue level is then reached by a cyclic plan).
- ``transfer_routing`` and ``link_capacity``: ``link_flows.csv`` sums the model's per-destination
  flows, so the verifier checks what that sum must satisfy: flows only over transfer links,
  within each link's capacity, and conserved at every site and day (studies leaving a site net
  of those arriving equal the exams it sends to other sites' worklists net of those it receives).
  Independently of ``link_flows.csv``, the exams routed to each site's worklists on each day
  must fit the links on their own (a max flow per destination). Whether all destinations fit the
  links *together* is a multi-commodity flow problem that needs a linear-programming solver; the
  verifier does not re-solve it and relies on the written (conserved, capacity-respecting) flows.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from netopt.graph.travel import TravelMinutes, travel_minutes
from netopt.io.files import instance_hash
from netopt.schema import (
    Day,
    ExamType,
    Instance,
    PassportPolicy,
    Staff,
    StaffingRule,
    Tier,
)
from netopt.verify.reference import demand_by_year
from netopt.verify.report import PLAN_STATUSES, VerificationReport, Violation, Where
from netopt.verify.tables import SUMMARY_FILE, TableProblem, _read_rows

ROUNDING = 5e-7
"""Largest error of a continuous value in the tables, which round to 6 decimals."""
MONEY_ROUNDING = 0.005
"""Largest error of a money column rounded to pence."""

HOME = "home"
"""The place "at home" (reporting over the image-sharing platform)."""
SCAN, REPORT = "scan", "report"
DAYS = tuple(d.value for d in Day)
"""The days of the week in order; the week is a cycle."""
COMPONENTS = ("outsourcing", "insourcing", "travel", "onboarding", "backlog")
"""Objective components, in the order of ``costs.csv``."""
WARM_UP_WEEKS = 2
"""Weeks a worklist is replayed before its exams are timed (one week reaches the steady
state of a cyclic first-in first-out queue)."""


# --------------------------------------------------------------------------- formatting


def _num(x: float) -> str:
    """A number for a message: whole when it is (to the cent), else two decimals; tiny
    non-zero numbers (differences) to three significant figures."""
    if 0 < abs(x) < 0.005:
        return f"{x:.3g}"
    return f"{round(x):,}" if abs(x - round(x)) < 0.005 else f"{x:,.2f}"


def _gbp(x: float) -> str:
    return f"GBP {_num(x)}"


def _count(n: float, what: str) -> str:
    """``1 session``, ``2 sessions``."""
    return f"{_num(n)} {what}{'' if n == 1 else 's'}"


def _within(value: float, target: float, allowed: float) -> bool:
    return abs(value - target) <= allowed


def _difference(written: float, recomputed: float) -> str:
    gap = recomputed - written
    return f"{_gbp(abs(gap))} {'more' if gap > 0 else 'less'} than written"


def _net(studies: float) -> str:
    """``take a net 2 studies out of`` / ``bring a net 2 studies into`` (positive: out)."""
    way = "take a net {} studies out of" if studies >= 0 else "bring a net {} studies into"
    return way.format(_num(abs(studies)))


def _place(place: str) -> str:
    return "home" if place == HOME else f"site {place}"


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class RosterRow:
    """A row of ``roster.csv``: one person working one session."""

    staff: str
    person: int
    day: str
    session: str
    place: str
    activity: str
    modality: str | None

    @property
    def slot(self) -> str:
        return f"{self.day} {self.session}"

    @property
    def who(self) -> str:
        return f"{self.staff} person {self.person}"


@dataclass(frozen=True)
class ReportingRow:
    """A row of ``reporting.csv``: reports a cohort makes at a place on a day."""

    staff: str
    place: str
    day: str
    exam_type: str
    reports: float
    minutes: float


@dataclass(frozen=True)
class RoutedRow:
    """A row of ``reporting_flows.csv``: exams acquired at ``site`` sent to ``place``."""

    site: str
    place: str
    exam_type: str
    day: str
    exams: float


@dataclass(frozen=True)
class LinkFlowRow:
    """A row of ``link_flows.csv``: studies over a link in one direction on a day."""

    origin: str
    destination: str
    day: str
    studies: float


@dataclass(frozen=True)
class OutsourcedReportRow:
    """A row of ``outsourced.csv``."""

    site: str
    exam_type: str
    day: str
    reports: float
    annual_cost: float


@dataclass(frozen=True)
class InsourcedRow:
    """A row of ``insourced.csv``: extra sessions a week bought from a cohort."""

    staff: str
    tier: str
    extra_sessions: float
    annual_cost: float


@dataclass(frozen=True)
class PassportRow:
    """A row of ``passports.csv``."""

    staff: str
    site: str
    people: int
    status: str
    cost: float


@dataclass(frozen=True)
class BacklogRow:
    """A row of ``backlog.csv``: exams not reported within the standard."""

    site: str
    exam_type: str
    day: str
    exams: float


@dataclass(frozen=True)
class StaffUseRow:
    """A row of ``utilisation_staff.csv``."""

    staff: str
    people: int
    contracted_sessions: int
    worked_sessions: int
    extra_sessions: float
    scanning_sessions: int
    reporting_sessions: int
    reporting_minutes_used: float
    reporting_minutes_rostered: float


@dataclass(frozen=True)
class SiteUseRow:
    """A row of ``utilisation_sites.csv``."""

    place: str
    scanner_sessions: int
    scanning_staff_sessions_needed: int
    scanning_staff_sessions: int
    reporting_sessions: int
    reports: float


@dataclass(frozen=True)
class VolumeRow:
    """A row of ``volumes.csv`` (exams a week by exam type)."""

    exam_type: str
    acquired: float
    reported_at_sites: float
    reported_at_home: float
    outsourced: float
    late: float


@dataclass(frozen=True)
class AnnualCostRow:
    """A row of ``costs.csv``."""

    component: str
    annual: float


@dataclass(frozen=True)
class WorkforceSummary:
    """The parts of ``summary.json`` the verifier uses."""

    status: str
    objective: float | None
    model: str | None = None
    passport_policy: str | None = None
    year: int | None = None
    costs: dict[str, float] = field(default_factory=dict)
    instance_sha256: str | None = None


@dataclass(frozen=True)
class WorkforceTables:
    """The result tables of a workforce plan, as typed rows."""

    summary: WorkforceSummary
    roster: list[RosterRow] = field(default_factory=list)
    reporting: list[ReportingRow] = field(default_factory=list)
    routed: list[RoutedRow] = field(default_factory=list)
    link_flows: list[LinkFlowRow] = field(default_factory=list)
    outsourced: list[OutsourcedReportRow] = field(default_factory=list)
    insourced: list[InsourcedRow] = field(default_factory=list)
    passports: list[PassportRow] = field(default_factory=list)
    backlog: list[BacklogRow] = field(default_factory=list)
    utilisation_staff: list[StaffUseRow] = field(default_factory=list)
    utilisation_sites: list[SiteUseRow] = field(default_factory=list)
    volumes: list[VolumeRow] = field(default_factory=list)
    costs: list[AnnualCostRow] = field(default_factory=list)
    problems: list[TableProblem] = field(default_factory=list)


TABLE_ROWS: tuple[tuple[str, str, type[Any]], ...] = (
    ("roster", "roster", RosterRow),
    ("reporting", "reporting", ReportingRow),
    ("routed", "reporting_flows", RoutedRow),
    ("link_flows", "link_flows", LinkFlowRow),
    ("outsourced", "outsourced", OutsourcedReportRow),
    ("insourced", "insourced", InsourcedRow),
    ("passports", "passports", PassportRow),
    ("backlog", "backlog", BacklogRow),
    ("utilisation_staff", "utilisation_staff", StaffUseRow),
    ("utilisation_sites", "utilisation_sites", SiteUseRow),
    ("volumes", "volumes", VolumeRow),
    ("costs", "costs", AnnualCostRow),
)
"""(attribute of :class:`WorkforceTables`, file name, row type)."""


def read_workforce_summary(folder: Path) -> tuple[WorkforceSummary, list[TableProblem]]:
    """Status, objective, model, passport policy, year and costs of ``summary.json``."""
    path = folder / SUMMARY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problem = TableProblem("summary", f"cannot read {path}: {error}")
        return WorkforceSummary("missing", None), [problem]
    if not isinstance(data, dict):
        return WorkforceSummary("missing", None), [
            TableProblem("summary", f"{path.name} does not hold an object")
        ]

    def number(value: Any) -> float | None:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if ok and math.isfinite(value) else None

    costs = data.get("costs")
    year = data.get("year")
    return (
        WorkforceSummary(
            status=str(data.get("status")),
            objective=number(data.get("objective")),
            model=data.get("model") if isinstance(data.get("model"), str) else None,
            passport_policy=(
                data.get("passport_policy")
                if isinstance(data.get("passport_policy"), str)
                else None
            ),
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
            instance_sha256=(
                str(data["instance_sha256"]) if data.get("instance_sha256") is not None else None
            ),
            costs={
                str(k): v
                for k, value in (costs.items() if isinstance(costs, dict) else ())
                if (v := number(value)) is not None
            },
        ),
        [],
    )


def summary_model(folder: str | Path) -> str | None:
    """The ``model`` of a result folder's ``summary.json`` (``workforce`` or ``capital``; None
    when it cannot be read): which verifier applies."""
    return read_workforce_summary(Path(folder))[0].model


def read_workforce_plan(folder: Path) -> WorkforceTables:
    """Every table the verifier checks, read from a result folder."""
    summary, problems = read_workforce_summary(folder)
    tables: dict[str, list[Any]] = {}
    for attribute, table, row_type in TABLE_ROWS:
        rows, found = _read_rows(folder, table, row_type)
        tables[attribute] = rows
        problems += found
    return WorkforceTables(summary=summary, problems=problems, **tables)


# --------------------------------------------------------------------------- the instance


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


def _grantable(instance: Instance, policy: PassportPolicy, staff: Staff) -> frozenset[str]:
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
        staff={s.id: s for s in instance.staff},
        skills=dict(skills),
        grantable={s.id: _grantable(instance, policy, s) for s in instance.staff},
        scanners=scanners,
        rules={r.modality: r for r in instance.staffing_rules},
        sites=frozenset(s.id for s in instance.sites),
        exam_types={e.id: e for e in instance.exam_types},
        acquired=acquired_exams(instance, year, day_sessions, scanners),
        capacity=capacity,
        links=links,
        travel=travel_minutes(instance),
    )


# --------------------------------------------------------------------------- references


def check_references(
    ref: WorkforceReference, plan: WorkforceTables
) -> tuple[list[Violation], WorkforceTables]:
    """``tables``: unreadable files, a summary that is not of a workforce plan of the plan
    year, and ids the instance does not know in every table but the roster. Rows with unknown
    ids are left out of every other check (the plan returned is without them)."""
    out = [Violation("tables", {"table": p.table}, p.message) for p in plan.problems]
    s = plan.summary
    if s.model != "workforce":
        out.append(
            Violation(
                "tables",
                {"table": "summary"},
                f"summary.json is of a '{s.model}' plan, not of a workforce plan",
            )
        )
    if s.year is not None and s.year != ref.year:
        out.append(
            Violation(
                "tables",
                {"table": "summary"},
                f"summary.json is for {s.year} but the instance's workforce plan year is {ref.year}",
            )
        )
    places = ref.sites | {HOME}
    known: dict[str, Iterable[str]] = {
        "site": ref.sites,
        "place": places,
        "origin": ref.sites,
        "destination": ref.sites,
        "exam_type": ref.exam_types,
        "day": DAYS,
        "staff": ref.staff,
        "status": ("held", "granted"),
    }

    def keep(table: str, row: Any, keys: tuple[str, ...]) -> bool:
        good = True
        for key in keys:
            value = getattr(row, key)
            if value not in known[key]:
                out.append(
                    Violation("tables", {"table": table, key: value}, f"unknown {key} '{value}'")
                )
                good = False
        return good

    def kept(table: str, rows: list[Any], keys: tuple[str, ...]) -> list[Any]:
        return [row for row in rows if keep(table, row, keys)]

    clean = WorkforceTables(
        summary=plan.summary,
        roster=plan.roster,
        reporting=kept("reporting", plan.reporting, ("staff", "place", "day", "exam_type")),
        routed=kept("reporting_flows", plan.routed, ("site", "place", "exam_type", "day")),
        link_flows=kept("link_flows", plan.link_flows, ("origin", "destination", "day")),
        outsourced=kept("outsourced", plan.outsourced, ("site", "exam_type", "day")),
        insourced=kept("insourced", plan.insourced, ("staff",)),
        passports=kept("passports", plan.passports, ("staff", "site", "status")),
        backlog=kept("backlog", plan.backlog, ("site", "exam_type", "day")),
        utilisation_staff=kept("utilisation_staff", plan.utilisation_staff, ("staff",)),
        utilisation_sites=kept("utilisation_sites", plan.utilisation_sites, ("place",)),
        volumes=kept("volumes", plan.volumes, ("exam_type",)),
        costs=plan.costs,
        problems=plan.problems,
    )
    return out, clean


# --------------------------------------------------------------------------- roster


def _roster_problem(ref: WorkforceReference, row: RosterRow) -> tuple[str, bool]:
    """What is wrong with a roster row (empty when nothing), and whether the row is still
    usable by the other checks (a known person in a known session and place)."""
    k = ref.staff.get(row.staff)
    if k is None:
        return f"unknown staff '{row.staff}'", False
    if not 1 <= row.person <= k.count:
        return (
            f"{row.staff} has {_count(k.count, 'person')} (numbered 1 to {k.count}); the roster "
            f"names person {row.person}",
            False,
        )
    if (row.day, row.session) not in ref.minutes:
        return f"{row.who} works in {row.slot}, which is not a session of the template", False
    if row.place != HOME and row.place not in ref.sites:
        return f"{row.who} works at '{row.place}', which is neither a site nor home", False
    if row.activity == SCAN:
        m = row.modality
        if row.place == HOME:
            return f"{row.who} scans {m} at home in {row.slot}", True
        if not m or m not in k.scans:
            what = f"scans {m}" if m else "scans no named modality"
            skills = ", ".join(k.scans) or "nothing"
            return f"{row.who} {what} at {row.place} in {row.slot} but scans {skills}", True
        if (row.place, m, row.day, row.session) not in ref.scanners:
            return (
                f"{row.who} scans {m} at {row.place} in {row.slot}, but no {m} scanner runs "
                "there then",
                True,
            )
        return "", True
    if row.activity == REPORT:
        if not ref.skills.get(row.staff):
            return (
                f"{row.who} reports at {_place(row.place)} in {row.slot} but reports no exam type",
                True,
            )
        if row.place == HOME and not k.home_reporting:
            return f"{row.who} reports from home in {row.slot} but does not report from home", True
        return "", True
    return (
        f"{row.who} has activity '{row.activity}' in {row.slot}: it must be scan or report",
        False,
    )


def check_roster(
    ref: WorkforceReference, plan: WorkforceTables
) -> tuple[list[Violation], list[RosterRow]]:
    """``roster`` (the index set ``assignments``): each row names a known staff member, a
    person 1..count of the cohort, a session of the template and a site or home; scanning is
    of a modality the staff member scans, at a site (not home) where a scanner of it runs in
    that session; reporting is by someone who reports some exam type, from home only for those
    who report from home. Returns the rows the other checks can use (known person, session,
    place and activity; a skill problem is reported but its row kept)."""
    out: list[Violation] = []
    usable: list[RosterRow] = []
    for row in plan.roster:
        problem, ok = _roster_problem(ref, row)
        if problem:
            where: Where = {"staff": row.staff, "person": row.person, "day": row.day}
            out.append(Violation("roster", {**where, "session": row.session}, problem))
        if ok:
            usable.append(row)
    return out, usable


def _skilled_scan(ref: WorkforceReference, row: RosterRow) -> bool:
    """A scanning row by someone trained in the modality, where a scanner of it runs."""
    return (
        row.activity == SCAN
        and row.modality is not None
        and row.modality in ref.staff[row.staff].scans
        and (row.place, row.modality, row.day, row.session) in ref.scanners
    )


def check_one_place_per_session(rows: list[RosterRow]) -> list[Violation]:
    """``one_place_per_session``: a person appears at most once in each session."""
    seen: dict[tuple[str, int, str, str], list[RosterRow]] = defaultdict(list)
    for row in rows:
        seen[(row.staff, row.person, row.day, row.session)].append(row)
    out = []
    for (staff, person, day, session), found in seen.items():
        if len(found) > 1:
            doing = "; ".join(
                f"{r.activity}{' ' + r.modality if r.modality else ''} at {_place(r.place)}"
                for r in found
            )
            out.append(
                Violation(
                    "one_place_per_session",
                    {"staff": staff, "person": person, "day": day, "session": session},
                    f"{staff} person {person} is rostered {len(found)} times in {day} {session}: "
                    f"{doing}",
                )
            )
    return out


def check_contracted_sessions(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``contracted_sessions``: a cohort's rostered sessions in the week are at most its
    people x contracted sessions plus the extra sessions of ``insourced.csv``; those are
    between 0 and people x ``max_extra_sessions``; each insourced row's tier and annual cost
    (weeks x extra sessions x ``extra_session_cost``) are the instance's (``tables``)."""
    out: list[Violation] = []
    worked = Counter(row.staff for row in rows)
    extra: dict[str, float] = defaultdict(float)
    for row in plan.insourced:
        k = ref.staff[row.staff]
        extra[row.staff] += row.extra_sessions
        where: Where = {"staff": row.staff}
        cap = k.count * k.max_extra_sessions
        if row.extra_sessions < -ROUNDING:
            out.append(
                Violation(
                    "contracted_sessions",
                    where,
                    f"{row.staff} has {_num(row.extra_sessions)} extra sessions: cannot be negative",
                )
            )
        elif row.extra_sessions > cap + tolerance * max(1.0, cap) + ROUNDING:
            out.append(
                Violation(
                    "contracted_sessions",
                    where,
                    f"{row.staff} works {_num(row.extra_sessions)} extra sessions a week, above "
                    f"{_count(k.count, 'person')} x {k.max_extra_sessions} extra sessions "
                    f"= {_num(cap)}",
                )
            )
        if row.tier != k.tier.value:
            out.append(
                Violation(
                    "tables",
                    {"table": "insourced", **where},
                    f"insourced.csv gives {row.staff} the tier {row.tier}; it is {k.tier.value}",
                )
            )
        expected = ref.weeks * k.extra_session_cost * row.extra_sessions
        if not _within(row.annual_cost, expected, tolerance * abs(expected) + MONEY_ROUNDING):
            out.append(
                Violation(
                    "tables",
                    {"table": "insourced", **where},
                    f"insourced.csv costs {row.staff}'s {_num(row.extra_sessions)} extra "
                    f"sessions a week at {_gbp(row.annual_cost)} a year; at "
                    f"{_gbp(k.extra_session_cost)} a session over {_num(ref.weeks)} weeks "
                    f"they cost {_gbp(expected)}",
                )
            )
    for staff, n in sorted(worked.items()):
        k = ref.staff[staff]
        contracted = k.count * k.sessions
        allowed = contracted + extra.get(staff, 0.0)
        if n > allowed + tolerance * max(1.0, allowed) + ROUNDING:
            out.append(
                Violation(
                    "contracted_sessions",
                    {"staff": staff},
                    f"{staff} ({_count(k.count, 'person')} x {k.sessions} contracted sessions + "
                    f"{_num(extra.get(staff, 0.0))} extra) works {_count(n, 'session')} a week, "
                    f"{_num(n - allowed)} more than {_num(allowed)}",
                )
            )
    return out


def check_passports(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``passport_required``: every site a person works at is their home site, a passport
    they hold, or one granted to their cohort in ``passports.csv``; a granted passport is one
    the passport policy allows (``grantable``) and covers the whole cohort; a held row is a
    passport of the instance. ``tables``: each passport row's one-off cost is the onboarding
    cost x people when granted, 0 when held."""
    out: list[Violation] = []
    granted: set[tuple[str, str]] = set()
    onboarding = ref.instance.workforce.onboarding_cost
    rows_of: Counter[tuple[str, str]] = Counter()
    for p in plan.passports:
        k = ref.staff[p.staff]
        where: Where = {"staff": p.staff, "site": p.site}
        rows_of[(p.staff, p.site)] += 1
        if p.status == "granted":
            granted.add((p.staff, p.site))
            if p.site not in ref.grantable[p.staff]:
                why = (
                    "which they may already work at"
                    if p.site in ref.held(p.staff)
                    else f"which passport policy '{ref.policy.value}' does not allow"
                )
                out.append(
                    Violation(
                        "passport_required",
                        where,
                        f"{p.staff} (based at {k.home_site}) is granted a passport to {p.site}, {why}",
                    )
                )
            if p.people != k.count:
                out.append(
                    Violation(
                        "passport_required",
                        where,
                        f"the passport of {p.staff} to {p.site} is granted to "
                        f"{_count(p.people, 'person')}; the cohort has {k.count} and a passport "
                        "is granted to all of them",
                    )
                )
            expected = onboarding * k.count
        else:
            if p.site not in k.passports:
                out.append(
                    Violation(
                        "passport_required",
                        where,
                        f"passports.csv says {p.staff} holds a passport to {p.site}; the "
                        f"instance gives them {', '.join(k.passports) or 'none'}",
                    )
                )
            expected = 0.0
        if not _within(p.cost, expected, tolerance * abs(expected) + MONEY_ROUNDING):
            out.append(
                Violation(
                    "tables",
                    {"table": "passports", **where},
                    f"passports.csv gives the {p.status} passport of {p.staff} to {p.site} a "
                    f"cost of {_gbp(p.cost)}; it is {_gbp(expected)}",
                )
            )
    for (staff, site), n in sorted(rows_of.items()):
        if n > 1:
            out.append(
                Violation(
                    "tables",
                    {"table": "passports", "staff": staff, "site": site},
                    f"passports.csv lists the passport of {staff} to {site} {n} times",
                )
            )
    sessions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        if row.place == HOME or row.place in ref.held(row.staff):
            continue
        if (row.staff, row.place) not in granted:
            sessions[(row.staff, row.place)].append(f"person {row.person} {row.slot}")
    for (staff, site), worked in sorted(sessions.items()):
        k = ref.staff[staff]
        held = ", ".join(k.passports) or "none"
        shown = ", ".join(worked[:3]) + (f" and {len(worked) - 3} more" if len(worked) > 3 else "")
        out.append(
            Violation(
                "passport_required",
                {"staff": staff, "site": site},
                f"{staff} (based at {k.home_site}; passports held: {held}) works at {site} in "
                f"{_count(len(worked), 'session')} ({shown}) without a passport granted there",
            )
        )
    return out


# --------------------------------------------------------------------------- acquisition


def check_scanner_staffing(ref: WorkforceReference, rows: list[RosterRow]) -> list[Violation]:
    """``scanner_staffing`` and ``skill_mix``: in every running scanner session, the staff
    rostered to scan that modality there (trained in it) are at least ``staff_per_scanner`` x
    scanners, and the assistant practitioners among them at most
    ``max_assistants_per_scanner`` x scanners."""
    staffed: Counter[tuple[str, str, str, str]] = Counter()
    assistants: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        if not _skilled_scan(ref, row):
            continue
        key = (row.place, str(row.modality), row.day, row.session)
        staffed[key] += 1
        if ref.staff[row.staff].tier is Tier.ASSISTANT_PRACTITIONER:
            assistants[key] += 1
    out = []
    for key in sorted(ref.scanners):
        site, m, day, session = key
        rule = ref.rules.get(m)
        if rule is None:
            continue
        n = ref.scanners[key]
        where: Where = {"site": site, "modality": m, "day": day, "session": session}
        scanners = _count(n, "scanner")
        need = rule.staff_per_scanner * n
        if staffed[key] < need:
            out.append(
                Violation(
                    "scanner_staffing",
                    where,
                    f"{m} at site {site}, {day} {session}: {staffed[key]} staff rostered, "
                    f"{need} needed ({scanners} x {rule.staff_per_scanner} staff)",
                )
            )
        most = rule.max_assistants_per_scanner * n
        if assistants[key] > most:
            out.append(
                Violation(
                    "skill_mix",
                    where,
                    f"{m} at site {site}, {day} {session}: {assistants[key]} assistant "
                    f"practitioners rostered, at most {most} allowed ({scanners} x "
                    f"{rule.max_assistants_per_scanner})",
                )
            )
    return out


# --------------------------------------------------------------------------- reporting


def check_reporting_time(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``reporting_time``: for each staff row, place and day, the minutes of the reports made
    there (reports x the staff member's minutes per report) are at most the minutes of the
    sessions its people are rostered to report there that day. ``roster``: reports are only of
    exam types the staff member reports, and not negative. ``tables``: the minutes column of
    ``reporting.csv`` is reports x minutes per report."""
    out: list[Violation] = []
    used: dict[tuple[str, str, str], float] = defaultdict(float)
    parts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    terms: Counter[tuple[str, str, str]] = Counter()
    for r in plan.reporting:
        where: Where = {"staff": r.staff, "place": r.place, "day": r.day, "exam_type": r.exam_type}
        mu = ref.skills.get(r.staff, {}).get(r.exam_type)
        if mu is None:
            out.append(
                Violation(
                    "roster",
                    where,
                    f"reporting.csv has {r.staff} report {_num(r.reports)} {r.exam_type} exams at "
                    f"{_place(r.place)} on {r.day}, but they do not report {r.exam_type}",
                )
            )
            continue
        if r.reports < -ROUNDING:
            out.append(
                Violation(
                    "roster", where, f"{_num(r.reports)} reports of {r.staff}: cannot be negative"
                )
            )
        key = (r.staff, r.place, r.day)
        used[key] += mu * r.reports
        terms[key] += 1
        parts[key].append(f"{_num(r.reports)} {r.exam_type} at {_num(mu)} min")
        if not _within(r.minutes, mu * r.reports, tolerance * abs(mu * r.reports) + mu * ROUNDING):
            out.append(
                Violation(
                    "tables",
                    {"table": "reporting", **where},
                    f"reporting.csv gives {r.staff}'s {_num(r.reports)} {r.exam_type} reports "
                    f"at {_place(r.place)} on {r.day} {_num(r.minutes)} minutes; at "
                    f"{_num(mu)} minutes a report they take {_num(mu * r.reports)}",
                )
            )
    available: dict[tuple[str, str, str], float] = defaultdict(float)
    sessions: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        if row.activity == REPORT:
            available[(row.staff, row.place, row.day)] += ref.minutes[(row.day, row.session)]
            sessions[(row.staff, row.place, row.day)] += 1
    for key, minutes in sorted(used.items()):
        staff, place, day = key
        have = available.get(key, 0.0)
        mu_max = max(ref.skills[staff].values())
        if minutes > have + tolerance * max(1.0, have) + terms[key] * mu_max * ROUNDING:
            out.append(
                Violation(
                    "reporting_time",
                    {"staff": staff, "place": place, "day": day},
                    f"{staff} reports at {_place(place)} on {day} for {_num(minutes)} minutes "
                    f"({'; '.join(parts[key])}), but is rostered to report there for "
                    f"{_num(have)} minutes that day ({_count(sessions[key], 'session')})",
                )
            )
    return out


def check_exam_reporting(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``exam_reporting``: for each acquiring site, exam type and day, the exams routed to
    worklists plus those outsourced plus those late equal the exams acquired (recomputed from
    the instance); none negative; outsourcing only of exam types with an outsourcing price.
    ``outsourcing_capacity``: the reports of an exam type outsourced in the week are within
    its capacity. ``tables``: each outsourced row's annual cost is weeks x price x reports."""
    out: list[Violation] = []
    done: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    terms: Counter[tuple[str, str, str]] = Counter()
    negative: list[tuple[str, Where, float]] = []
    for f in plan.routed:
        key = (f.site, f.exam_type, f.day)
        done[key][0] += f.exams
        terms[key] += 1
        if f.exams < -ROUNDING:
            where: Where = {"site": f.site, "place": f.place, "exam_type": f.exam_type}
            negative.append(
                (f"exams routed to {_place(f.place)}", {**where, "day": f.day}, f.exams)
            )
    by_exam: dict[str, float] = defaultdict(float)
    for o in plan.outsourced:
        key = (o.site, o.exam_type, o.day)
        done[key][1] += o.reports
        terms[key] += 1
        by_exam[o.exam_type] += o.reports
        where = {"site": o.site, "exam_type": o.exam_type, "day": o.day}
        price = ref.exam_types[o.exam_type].report_outsourcing_cost
        if o.reports < -ROUNDING:
            negative.append(("reports outsourced", where, o.reports))
        if price is None:
            if abs(o.reports) > ROUNDING:
                out.append(
                    Violation(
                        "exam_reporting",
                        where,
                        f"{_num(o.reports)} {o.exam_type} reports of exams acquired at {o.site} "
                        f"on {o.day} are outsourced, but {o.exam_type} has no outsourcing price: "
                        "its reports cannot be outsourced",
                    )
                )
            continue
        expected = ref.weeks * price * o.reports
        if not _within(o.annual_cost, expected, tolerance * abs(expected) + MONEY_ROUNDING):
            out.append(
                Violation(
                    "tables",
                    {"table": "outsourced", **where},
                    f"outsourced.csv costs {_num(o.reports)} {o.exam_type} reports a week at "
                    f"{_gbp(o.annual_cost)} a year; at {_gbp(price)} each over "
                    f"{_num(ref.weeks)} weeks they cost {_gbp(expected)}",
                )
            )
    for b in plan.backlog:
        key = (b.site, b.exam_type, b.day)
        done[key][2] += b.exams
        terms[key] += 1
        if b.exams < -ROUNDING:
            negative.append(
                ("late exams", {"site": b.site, "exam_type": b.exam_type, "day": b.day}, b.exams)
            )
    for what, where, value in negative:
        out.append(Violation("exam_reporting", where, f"{_num(value)} {what}: cannot be negative"))
    for key in sorted({*ref.acquired, *done}):
        site, exam, day = key
        acquired = ref.acquired.get(key, 0.0)
        routed, outsourced, late = done.get(key, (0.0, 0.0, 0.0))
        total = routed + outsourced + late
        allowed = tolerance * max(1.0, acquired) + (terms[key] + 1) * ROUNDING
        if _within(total, acquired, allowed):
            continue
        gap = total - acquired
        out.append(
            Violation(
                "exam_reporting",
                {"site": site, "exam_type": exam, "day": day},
                f"site {site} acquires {_num(acquired)} {exam} exams on {day}; the plan routes "
                f"{_num(routed)} to worklists, outsources {_num(outsourced)} and counts "
                f"{_num(late)} late: {_num(abs(gap))} {'too many' if gap > 0 else 'short'}",
            )
        )
    for exam, reports in sorted(by_exam.items()):
        e = ref.exam_types[exam]
        cap = e.report_outsourcing_capacity
        if e.report_outsourcing_cost is None or cap is None:
            continue
        if reports > cap + tolerance * max(1.0, cap) + 7 * ROUNDING * len(ref.acquired):
            out.append(
                Violation(
                    "outsourcing_capacity",
                    {"exam_type": exam},
                    f"{_num(reports)} {exam} reports a week are outsourced, above the "
                    f"outsourcers' capacity of {_num(cap)}",
                )
            )
    return out


# --------------------------------------------------------------------------- worklists


@dataclass(frozen=True)
class Waiting:
    """Exams of one day's arrivals at a worklist still unreported when their time is up."""

    day: str
    """Weekday the exams arrived (were acquired)."""
    exams: float
    """How many of them are still waiting at the end of their last day."""
    arrived: float
    """How many arrived that day."""


def replay_worklist(
    arrivals: list[float], reports: list[float], turnaround_days: int, allowed: float
) -> list[Waiting]:
    """Replay a worklist as a first-in first-out queue, the week repeating: each day its
    arrivals join the queue and its reports take the oldest exams first (reports beyond the
    queue are lost: in the cyclic plan they would not exist). After ``WARM_UP_WEEKS`` weeks (the
    steady state), each day's arrivals of the next week must be reported by the end of their
    day + ``turnaround_days`` - 1; returns those that are not (beyond ``allowed`` exams)."""
    horizon = turnaround_days - 1
    first, last = 7 * WARM_UP_WEEKS, 7 * (WARM_UP_WEEKS + 1)
    queue: deque[list[float]] = deque()  # [arrival day, exams left]
    out: list[Waiting] = []
    for t in range(last + horizon):
        a = arrivals[t % 7]
        if a > 0:
            queue.append([t, a])
        capacity = reports[t % 7]
        while capacity > 0 and queue:
            take = min(capacity, queue[0][1])
            queue[0][1] -= take
            capacity -= take
            if queue[0][1] <= 0:
                queue.popleft()
        for arrival, left in queue:
            if arrival + horizon > t:
                break
            if arrival + horizon == t and first <= arrival < last and left > allowed:
                day = int(arrival)
                out.append(Waiting(DAYS[day % 7], left, arrivals[day % 7]))
    return out


def check_worklists(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``worklist_balance`` and ``turnaround`` for each worklist (place, exam type): in the
    week as many exams are reported from it (``reporting.csv``) as are routed to it
    (``reporting_flows.csv``), so that a cyclic queue exists; replayed first-in first-out
    (:func:`replay_worklist`), every exam is reported within ``turnaround_days``."""
    arrivals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 7)
    reports: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 7)
    terms: Counter[tuple[str, str]] = Counter()
    for f in plan.routed:
        arrivals[(f.place, f.exam_type)][DAYS.index(f.day)] += f.exams
        terms[(f.place, f.exam_type)] += 1
    for r in plan.reporting:
        reports[(r.place, r.exam_type)][DAYS.index(r.day)] += r.reports
        terms[(r.place, r.exam_type)] += 1
    days = ref.instance.workforce.turnaround_days
    out = []
    for key in sorted({*arrivals, *reports}):
        place, exam = key
        where: Where = {"place": place, "exam_type": exam}
        arrived, reported = sum(arrivals[key]), sum(reports[key])
        weeks = WARM_UP_WEEKS + 1 + days / 7
        allowed = tolerance * max(1.0, arrived) + (terms[key] + 1) * ROUNDING
        if not _within(reported, arrived, allowed):
            grows = arrived > reported
            out.append(
                Violation(
                    "worklist_balance",
                    where,
                    f"{_num(arrived)} {exam} exams a week reach the worklist at {_place(place)} "
                    f"but {_num(reported)} are reported from it: "
                    + (
                        f"{_num(arrived - reported)} a week would pile up"
                        if grows
                        else f"{_num(reported - arrived)} reports a week have no exam to report"
                    ),
                )
            )
            if grows:
                continue
        for w in replay_worklist(arrivals[key], reports[key], days, allowed * weeks):
            deadline = DAYS[(DAYS.index(w.day) + days - 1) % 7]
            out.append(
                Violation(
                    "turnaround",
                    {**where, "day": w.day},
                    f"of the {_num(w.arrived)} {exam} exams reaching the worklist at "
                    f"{_place(place)} on {w.day}, {_num(w.exams)} are still unreported at the "
                    f"end of {deadline if days > 1 else 'that day'}, beyond the {days}-day "
                    "turnaround standard (reporting first in, first out)",
                )
            )
    return out


# --------------------------------------------------------------------------- transfers


def check_transfers(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``transfer_routing`` and ``link_capacity`` (see the module docstring): exams routed to
    another site's worklist need a path of transfer links; the written link flows are over
    links, not negative, within capacity and conserved at every site and day; and the exams
    routed to each site on each day fit the links' capacities (a max flow from their
    acquiring sites)."""
    out: list[Violation] = []
    sent: dict[tuple[str, str, str], float] = defaultdict(float)
    for f in plan.routed:
        if f.place in (HOME, f.site) or abs(f.exams) <= ROUNDING:
            continue
        if not nx.has_path(ref.links, f.site, f.place):
            out.append(
                Violation(
                    "transfer_routing",
                    {"site": f.site, "place": f.place, "exam_type": f.exam_type, "day": f.day},
                    f"{_num(f.exams)} {f.exam_type} exams acquired at {f.site} on {f.day} go to "
                    f"the worklist at site {f.place}, but no transfer links join {f.site} to "
                    f"{f.place}",
                )
            )
            continue
        sent[(f.site, f.place, f.day)] += f.exams
    # the written flows
    net: dict[tuple[str, str], float] = defaultdict(float)
    terms: Counter[tuple[str, str]] = Counter()
    for lf in plan.link_flows:
        where: Where = {"origin": lf.origin, "destination": lf.destination, "day": lf.day}
        arc = (lf.origin, lf.destination)
        if arc not in ref.capacity:
            out.append(
                Violation(
                    "transfer_routing",
                    where,
                    f"{_num(lf.studies)} studies go from {lf.origin} to {lf.destination} on "
                    f"{lf.day}, but there is no transfer link between them",
                )
            )
            continue
        if lf.studies < -ROUNDING:
            out.append(
                Violation(
                    "transfer_routing",
                    where,
                    f"{_num(lf.studies)} studies on a link: cannot be negative",
                )
            )
        cap = ref.capacity[arc]
        if cap is not None and lf.studies > cap + tolerance * max(1.0, cap) + ROUNDING:
            out.append(
                Violation(
                    "link_capacity",
                    where,
                    f"the {lf.origin}-{lf.destination} link carries {_num(lf.studies)} studies "
                    f"from {lf.origin} to {lf.destination} on {lf.day}, above its capacity of "
                    f"{_num(cap)} a day",
                )
            )
        net[(lf.origin, lf.day)] += lf.studies
        net[(lf.destination, lf.day)] -= lf.studies
        terms[(lf.origin, lf.day)] += 1
        terms[(lf.destination, lf.day)] += 1
    sends: dict[tuple[str, str], float] = defaultdict(float)
    receives: dict[tuple[str, str], float] = defaultdict(float)
    for (o, s, day), exams in sent.items():
        sends[(o, day)] += exams
        receives[(s, day)] += exams
        terms[(o, day)] += 1
        terms[(s, day)] += 1
    for key in sorted({*net, *sends, *receives}):
        site, day = key
        flows = net.get(key, 0.0)
        out_, in_ = sends.get(key, 0.0), receives.get(key, 0.0)
        allowed = tolerance * max(1.0, out_ + in_) + terms[key] * ROUNDING
        if not _within(flows, out_ - in_, allowed):
            out.append(
                Violation(
                    "transfer_routing",
                    {"site": site, "day": day},
                    f"on {day}, the link flows {_net(flows)} {site}, but {site} sends "
                    f"{_num(out_)} exams to other sites' worklists and receives {_num(in_)} "
                    f"from other sites: the links must {_net(out_ - in_)} it",
                )
            )
    # each destination's exams on their own must fit the links
    by_destination: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for (o, s, day), exams in sent.items():
        by_destination[(s, day)][o] = exams
    for (s, day), origins in sorted(by_destination.items()):
        total = sum(origins.values())
        graph = nx.DiGraph()
        for (i, j), cap in ref.capacity.items():
            if cap is None:
                graph.add_edge(i, j)
            else:
                graph.add_edge(i, j, capacity=cap)
        for o, exams in origins.items():
            graph.add_edge(("source",), o, capacity=exams)
        most = float(nx.maximum_flow_value(graph, ("source",), s))
        if most < total - tolerance * max(1.0, total) - len(origins) * ROUNDING:
            parts = ", ".join(f"{_num(e)} from {o}" for o, e in sorted(origins.items()))
            out.append(
                Violation(
                    "link_capacity",
                    {"site": s, "day": day},
                    f"on {day}, {_num(total)} studies go to the worklists at site {s} ({parts}), "
                    f"but the transfer links can carry at most {_num(most)} of them there",
                )
            )
    return out


# --------------------------------------------------------------------------- travel


DayPath = list[str | None]
"""A person's places in the sessions of one day (None: off)."""


def day_paths(
    ref: WorkforceReference, rows: list[RosterRow]
) -> dict[tuple[str, int, str], DayPath]:
    """Each person's day: their place in each session of the day in start order (None: off;
    the first row of a session when there are several)."""
    paths: dict[tuple[str, int, str], DayPath] = {}
    for row in rows:
        sessions = ref.day_sessions[row.day]
        path = paths.setdefault((row.staff, row.person, row.day), [None] * len(sessions))
        g = sessions.index(row.session)
        if path[g] is None:
            path[g] = row.place
    return paths


def check_travel(
    ref: WorkforceReference, paths: dict[tuple[str, int, str], DayPath]
) -> tuple[list[Violation], float]:
    """``travel_limit``: between two consecutive sessions of a day a person works at places
    the shortest travel minutes (home counting as the home site) are within
    ``max_travel_minutes_between_sessions``. ``session_continuity``: when travel is costed or
    limited, every leg of each person's day (from the home site to the first place, between
    places, back to the home site; off counting as the home site) has a route. Returns the
    violations and the roster's travel minutes in a week."""
    settings = ref.instance.workforce
    limit = settings.max_travel_minutes_between_sessions
    matters = settings.travel_cost_per_minute > 0 or limit is not None
    out: list[Violation] = []
    minutes = 0.0
    for (staff, person, day), path in sorted(paths.items()):
        sessions = ref.day_sessions[day]
        where: Where = {"staff": staff, "person": person, "day": day}
        legs = [None, *path, None]
        for g in range(len(legs) - 1):
            a, b = legs[g], legs[g + 1]
            tau = ref.tau(staff, a, b)
            working = a is not None and b is not None
            if not math.isinf(tau):
                minutes += tau
            if working and limit is not None and tau > limit:
                beyond = (
                    "there is no route"
                    if math.isinf(tau)
                    else f"the trip takes {_num(tau)} minutes"
                )
                out.append(
                    Violation(
                        "travel_limit",
                        {**where, "session": sessions[g]},
                        f"{staff} person {person} works at {_place(str(a))} in {day} "
                        f"{sessions[g - 1]} and at {_place(str(b))} in {day} {sessions[g]}: "
                        f"{beyond}, beyond the limit of {_num(limit)} minutes between sessions",
                    )
                )
            elif math.isinf(tau) and matters:
                frm, to = ref.where(staff, a), ref.where(staff, b)
                out.append(
                    Violation(
                        "session_continuity",
                        where,
                        f"{staff} person {person}'s {day} needs a trip from {frm} to {to}, "
                        "but there is no travel route between them",
                    )
                )
    return out, minutes


# --------------------------------------------------------------------------- objective


def objective_components(
    ref: WorkforceReference, plan: WorkforceTables, travel_minutes_a_week: float
) -> dict[str, float]:
    """Annual cost by component, recomputed from the instance and the tables: outsourcing
    (weeks x price x reports outsourced), insourcing (weeks x extra sessions x
    ``extra_session_cost``), travel (weeks x ``travel_cost_per_minute`` x the minutes of every
    person's day in the roster), onboarding (one-off: ``onboarding_cost`` x people of every
    passport granted) and backlog (weeks x ``backlog_cost`` x late exams)."""
    settings = ref.instance.workforce
    w = ref.weeks
    outsourcing = 0.0
    for o in plan.outsourced:
        price = ref.exam_types[o.exam_type].report_outsourcing_cost
        if price is not None:
            outsourcing += w * price * o.reports
    insourcing = sum(
        w * ref.staff[r.staff].extra_session_cost * r.extra_sessions for r in plan.insourced
    )
    travel = w * settings.travel_cost_per_minute * travel_minutes_a_week
    onboarding = settings.onboarding_cost * sum(
        ref.staff[p.staff].count for p in plan.passports if p.status == "granted"
    )
    backlog = w * settings.backlog_cost * sum(b.exams for b in plan.backlog)
    values = (outsourcing, insourcing, travel, onboarding, backlog)
    return dict(zip(COMPONENTS, values, strict=True))


def check_objective(
    plan: WorkforceTables, components: dict[str, float], tolerance: float
) -> tuple[list[Violation], list[str]]:
    """``objective``: ``summary.json``'s objective is the sum of ``costs.csv``; each row of
    ``costs.csv`` is the recomputed component, except travel: the model costs its move flows
    and the roster is a decomposition of them that never costs more, so the roster's travel
    must be at most the written travel (equal when the model's moves are the cheapest, as at
    an exact optimum). Tolerance is relative to ``max(1, |reported|, sum of |components|)``.
    ``tables``: ``summary.json``'s costs are those of ``costs.csv``. Returns the violations
    and notes for the report."""
    reported = plan.summary.objective
    out: list[Violation] = []
    notes: list[str] = []
    written = {row.component: row.annual for row in plan.costs}
    if reported is None:
        return [Violation("objective", {}, "summary.json has no objective for a plan")], notes
    scale = max(
        1.0,
        abs(reported),
        sum(abs(v) for v in components.values()),
        sum(abs(v) for v in written.values()),
    )
    allowed = tolerance * scale
    table_sum = sum(written.values())
    if not _within(table_sum, reported, allowed):
        out.append(
            Violation(
                "objective",
                {},
                f"summary.json reports an annual cost of {_gbp(reported)}, but the components "
                f"of costs.csv add up to {_gbp(table_sum)} ({_difference(reported, table_sum)})",
            )
        )
    for row in plan.costs:
        if row.component not in components:
            out.append(
                Violation(
                    "objective",
                    {"component": row.component},
                    f"costs.csv has an unknown component '{row.component}'",
                )
            )
    for name, value in components.items():
        if name not in written:
            out.append(Violation("objective", {"component": name}, f"costs.csv has no {name} row"))
            continue
        shown = written[name]
        if name == "travel":
            if value > shown + allowed:
                out.append(
                    Violation(
                        "objective",
                        {"component": name},
                        f"costs.csv gives travel as {_gbp(shown)}, but the roster's day paths "
                        f"cost {_gbp(value)}; the roster must never cost more than the model's "
                        "moves",
                    )
                )
            elif value < shown - allowed:
                notes.append(
                    f"travel: the roster's day paths cost {_gbp(value)} a year, "
                    f"{_gbp(shown - value)} less than the model's moves in costs.csv "
                    f"({_gbp(shown)}); the objective counts the moves"
                )
            else:
                notes.append(
                    f"travel: the roster's day paths cost {_gbp(value)} a year, as costs.csv"
                )
        elif not _within(shown, value, allowed):
            out.append(
                Violation(
                    "objective",
                    {"component": name},
                    f"costs.csv gives {name} as {_gbp(shown)}; recomputed it is {_gbp(value)} "
                    f"({_difference(shown, value)})",
                )
            )
    for name, value in plan.summary.costs.items():
        if name in written and not _within(value, written[name], allowed):
            out.append(
                Violation(
                    "tables",
                    {"table": "summary", "component": name},
                    f"summary.json gives {name} as {_gbp(value)}, costs.csv as "
                    f"{_gbp(written[name])}",
                )
            )
    return out, notes


# --------------------------------------------------------------------------- derived tables


def _compare(
    out: list[Violation],
    table: str,
    where: Where,
    label: str,
    written: dict[str, float],
    expected: dict[str, float],
    tolerance: float,
) -> None:
    """A ``tables`` violation for each column of a derived row that disagrees."""
    for column, value in expected.items():
        found = written.get(column, 0.0)
        if not _within(found, value, tolerance * max(1.0, abs(value)) + 1e-5):
            out.append(
                Violation(
                    "tables",
                    {"table": table, **where, "column": column},
                    f"{table}.csv has {column} {_num(found)} for {label}; the other tables "
                    f"make it {_num(value)}",
                )
            )


def check_derived_tables(
    ref: WorkforceReference, plan: WorkforceTables, rows: list[RosterRow], tolerance: float
) -> list[Violation]:
    """``tables``: ``utilisation_staff``, ``utilisation_sites`` and ``volumes`` agree with the
    roster, reporting, insourced, outsourced and backlog tables and with the instance (every
    staff row present; a place or exam type missing counts as zeros)."""
    out: list[Violation] = []
    extra: dict[str, float] = defaultdict(float)
    for bought in plan.insourced:
        extra[bought.staff] += bought.extra_sessions
    used: dict[str, float] = defaultdict(float)
    reports_at: dict[str, float] = defaultdict(float)
    for r in plan.reporting:
        used[r.staff] += ref.skills.get(r.staff, {}).get(r.exam_type, 0.0) * r.reports
        reports_at[r.place] += r.reports
    staff_use: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    site_use: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cohort in ref.staff.values():
        use = staff_use[cohort.id]
        use["people"] = cohort.count
        use["contracted_sessions"] = cohort.count * cohort.sessions
        use["extra_sessions"] = extra.get(cohort.id, 0.0)
        use["reporting_minutes_used"] = used.get(cohort.id, 0.0)
    for row in rows:
        use = staff_use[row.staff]
        use["worked_sessions"] += 1
        if row.activity == SCAN:
            use["scanning_sessions"] += 1
            site_use[row.place]["scanning_staff_sessions"] += 1
        else:
            use["reporting_sessions"] += 1
            use["reporting_minutes_rostered"] += ref.minutes[(row.day, row.session)]
            site_use[row.place]["reporting_sessions"] += 1
    for (site, m, _, _), n in ref.scanners.items():
        site_use[site]["scanner_sessions"] += n
        rule = ref.rules.get(m)
        site_use[site]["scanning_staff_sessions_needed"] += n * (
            rule.staff_per_scanner if rule else 0
        )
    for place, made in reports_at.items():
        site_use[place]["reports"] += made
    columns = (
        "people",
        "contracted_sessions",
        "worked_sessions",
        "extra_sessions",
        "scanning_sessions",
        "reporting_sessions",
        "reporting_minutes_used",
        "reporting_minutes_rostered",
    )
    written_staff = {r.staff: r for r in plan.utilisation_staff}
    for k in ref.staff:
        line = written_staff.get(k)
        if line is None:
            out.append(
                Violation(
                    "tables",
                    {"table": "utilisation_staff", "staff": k},
                    f"utilisation_staff.csv has no row for {k}",
                )
            )
            continue
        written = {c: float(getattr(line, c)) for c in columns}
        _compare(
            out,
            "utilisation_staff",
            {"staff": k},
            k,
            written,
            {c: staff_use[k][c] for c in columns},
            tolerance,
        )
    site_columns = (
        "scanner_sessions",
        "scanning_staff_sessions_needed",
        "scanning_staff_sessions",
        "reporting_sessions",
        "reports",
    )
    written_sites = {r.place: r for r in plan.utilisation_sites}
    for place in sorted({*written_sites, *site_use}):
        at = written_sites.get(place)
        written = {c: float(getattr(at, c)) if at else 0.0 for c in site_columns}
        expected = {c: site_use[place][c] for c in site_columns}
        _compare(
            out, "utilisation_sites", {"place": place}, _place(place), written, expected, tolerance
        )
    volume: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (_, exam, _), exams in ref.acquired.items():
        volume[exam]["acquired"] += exams
    for r in plan.reporting:
        volume[r.exam_type]["reported_at_home" if r.place == HOME else "reported_at_sites"] += (
            r.reports
        )
    for o in plan.outsourced:
        volume[o.exam_type]["outsourced"] += o.reports
    for late in plan.backlog:
        volume[late.exam_type]["late"] += late.exams
    volume_columns = ("acquired", "reported_at_sites", "reported_at_home", "outsourced", "late")
    written_volumes = {r.exam_type: r for r in plan.volumes}
    for exam in sorted({*written_volumes, *volume}):
        of = written_volumes.get(exam)
        written = {c: float(getattr(of, c)) if of else 0.0 for c in volume_columns}
        expected = {c: volume[exam][c] for c in volume_columns}
        _compare(out, "volumes", {"exam_type": exam}, exam, written, expected, tolerance)
    return out


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class WorkforceVerificationReport(VerificationReport):
    """The independent check of a workforce plan's result folder against its instance.

    ``components`` are annual GBP; ``components["travel"]`` is the roster's travel, which may
    be less than the model's (see ``notes``)."""

    passport_policy: str | None = None
    """The passport policy the plan was solved (and is verified) under."""

    PLAN = "Workforce plan"
    OBJECTIVE = "annual cost"

    def heading(self) -> str:
        return f", passports: {self.passport_policy}" if self.passport_policy else ""


# --------------------------------------------------------------------------- entry point


def _policy(instance: Instance, written: str | None) -> tuple[PassportPolicy, list[Violation]]:
    """The passport policy the plan was solved under (``summary.json``), else the instance's."""
    if written is None:
        return instance.workforce.passport_policy, []
    try:
        return PassportPolicy(written), []
    except ValueError:
        problem = Violation(
            "tables",
            {"table": "summary"},
            f"summary.json has an unknown passport policy '{written}'; checking the instance's "
            f"'{instance.workforce.passport_policy.value}'",
        )
        return instance.workforce.passport_policy, [problem]


def verify_workforce(
    instance: Instance, folder: Path, tolerance: float = 1e-6
) -> WorkforceVerificationReport:
    """Check a workforce plan's result folder against ``instance``, family by family.

    The passport policy is the one ``summary.json`` says was solved (``netopt solve workforce
    --passport``). Nothing is taken from the model code: scanner sessions, demand by day,
    passports allowed, transfer paths, queues and costs are recomputed from the instance and the
    tables. A folder whose status has no plan (infeasible, no solution, ...) is reported as
    such, with no violations and ``ok`` False.
    """
    plan = read_workforce_plan(Path(folder))
    status = plan.summary.status
    if status not in PLAN_STATUSES:
        return WorkforceVerificationReport(
            [], 0.0, plan.summary.objective, status, passport_policy=plan.summary.passport_policy
        )
    policy, problems = _policy(instance, plan.summary.passport_policy)
    settings = instance.workforce.model_copy(update={"passport_policy": policy})
    solved = instance.model_copy(update={"workforce": settings})
    ref = build_workforce_reference(solved, policy)
    found, plan = check_references(ref, plan)
    roster_problems, rows = check_roster(ref, plan)
    paths = day_paths(ref, rows)
    travel, minutes = check_travel(ref, paths)
    components = objective_components(ref, plan, minutes)
    objective, notes = check_objective(plan, components, tolerance)
    written_for = plan.summary.instance_sha256
    if written_for is not None and written_for != instance_hash(instance):
        notes.insert(
            0,
            "summary.json was written for an instance with another hash (instance_sha256): the "
            "plan is checked against this instance, which differs from the one solved",
        )
    violations = [
        *problems,
        *found,
        *roster_problems,
        *check_one_place_per_session(rows),
        *check_contracted_sessions(ref, plan, rows, tolerance),
        *check_passports(ref, plan, rows, tolerance),
        *check_scanner_staffing(ref, rows),
        *check_reporting_time(ref, plan, rows, tolerance),
        *check_exam_reporting(ref, plan, tolerance),
        *check_worklists(ref, plan, tolerance),
        *check_transfers(ref, plan, tolerance),
        *travel,
        *objective,
        *check_derived_tables(ref, plan, rows, tolerance),
    ]
    return WorkforceVerificationReport(
        violations=violations,
        objective_recomputed=sum(components.values()),
        objective_reported=plan.summary.objective,
        status=status,
        components=components,
        passport_policy=policy.value,
        notes=notes,
    )
