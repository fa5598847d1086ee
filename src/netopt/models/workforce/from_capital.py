"""Roster the fleet and the exams of a capital plan: scanner sessions and reporting demand of
one plan year, from the tables of the plan's result folder.

Planners ask both questions in turn: which scanners (capital plan), then who runs them and
reports their exams (workforce plan). The capital plan's ``fleet.csv`` says how many scanners of
each modality stand at each site in each year; every one of them runs every scanning session of
the template. Its ``flows.csv`` says how many exams of each type each site scans; divided by
``weeks_per_year`` they are the weekly reporting demand of the scanning site. The folder is read
by :func:`netopt.io.capital_plan.read_capital_plan` (``netopt.workforce_from_capital_plan`` does
both); :func:`roster_capital_plan` works on what it read.

A joint plan's folder also has ``staffing.csv``: the WTE and agency hours of each role at each
employer (a trust, or ``network``) by year. The week then has the plan's workforce of the year:
the staff rows with a ``role`` counted as their role's WTE has grown, rows added for the roles
the plan employs at an employer where the week has none, and the agency hours it buys as
insourcing (``models/workforce.md``, "Rostering a capital or joint plan's year").
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from netopt.io import instance_hash
from netopt.io.capital_plan import WEEK_FILE, CapitalPlanTables, RoleWte
from netopt.schema import (
    InputProblem,
    Instance,
    InstanceError,
    ReportingDemand,
    ScannerSession,
    Session,
    Staff,
    StaffReporting,
    StaffRole,
)

MAX_COHORT = 1000
"""People in one staff row, at most (the schema's limit)."""
MAX_WEEK_SESSIONS = 21
"""Extra sessions one person may work in a week, at most (the schema's limit)."""
JOINT_ROW = "joint"
"""Last part of the id of a staff row added for a role the joint plan employs:
``<employer>-<role>-joint``."""
AGENCY_ROW = "agency"
"""Last part of the id of a staff row holding the agency hours the joint plan buys:
``<employer>-<role>-agency``."""


class JointPlanWarning(UserWarning):
    """Part of a joint plan's workforce of the year that the week is rostered without (no staff
    row of its role to copy a job plan from, or no site of its employer to base it at); the
    message says what and why in planners' words."""


def _scanner_sessions(
    instance: Instance, units: dict[tuple[str, str], int]
) -> list[ScannerSession]:
    """The plan's scanners in the week: where the instance already gives a site's weekly
    pattern for the modality, that pattern scaled to the plan's number of scanners (at least
    one in each session it runs); elsewhere every scanning session of the template."""
    pattern: dict[tuple[str, str], list[ScannerSession]] = defaultdict(list)
    for row in instance.scanner_sessions:
        if row.scanners > 0:
            pattern[(row.site, row.modality)].append(row)
    scanning = [s for s in instance.sessions if s.scanning]
    out = []
    for (site, m), n in sorted(units.items()):
        if n <= 0:
            continue
        rows = pattern.get((site, m))
        if rows:
            peak = max(r.scanners for r in rows)
            out += [
                r.model_copy(update={"scanners": max(1, round(r.scanners * n / peak))})
                for r in rows
            ]
        else:
            out += [
                ScannerSession(site=site, modality=m, day=s.day, session=s.session, scanners=n)
                for s in scanning
            ]
    return out


def plan_year(instance: Instance, year: int | None = None) -> int:
    """``year``, else the workforce year, else the first plan year; an input error when it is
    outside the plan."""
    year = year or instance.workforce.year or instance.years[0]
    if year not in instance.years:
        raise InstanceError(
            [
                InputProblem(
                    (),
                    f"year {year} is outside the plan {instance.years[0]}-{instance.years[-1]}",
                )
            ]
        )
    return year


def _units(plan: CapitalPlanTables, year: int) -> dict[tuple[str, str], int]:
    """(site, modality) -> scanners in service in ``year``."""
    units: dict[tuple[str, str], int] = defaultdict(int)
    for row in plan.fleet:
        if row.year == year:
            units[(row.site, row.modality)] += row.units
    return units


def _reporting_demand(
    instance: Instance, plan: CapitalPlanTables, year: int
) -> list[ReportingDemand]:
    """The exams each site scans in ``year``, per week."""
    exams: dict[tuple[str, str], float] = defaultdict(float)
    for row in plan.flows:
        if row.year == year:
            exams[(row.site, row.exam_type)] += row.exams
    weeks = instance.workforce.weeks_per_year
    return [
        ReportingDemand(site=site, exam_type=e, exams_per_week=x / weeks)
        for (site, e), x in sorted(exams.items())
        if x > 0
    ]


def _staff_of_year(instance: Instance, plan: CapitalPlanTables, year: int) -> list[Staff]:
    """The staff rows, each with a ``role`` counted as the joint plan's WTE of that role at
    its employer has grown (or shrunk) from the plan's first year to ``year``: ``count x
    wte[year] / wte[first year]``, rounded, at least 1 (a row is never removed: passports and
    reporting skills name it). Rows without a role, or whose role the plan did not employ in
    its first year, stay as they are."""
    if not plan.staffing:
        return list(instance.staff)
    first = min(r.year for r in plan.staffing)
    wte: dict[tuple[str, str, int], float] = defaultdict(float)
    for r in plan.staffing:
        wte[(r.employer, r.role, r.year)] += r.wte
    employer = {s.id: s.owner for s in instance.sites}
    out = []
    for person in instance.staff:
        if person.role is not None:
            key = (employer[person.home_site], person.role)
            before, now = wte[(*key, first)], wte[(*key, year)]
            if before > 0:
                count = max(1, min(round(person.count * now / before), MAX_COHORT))
                person = person.model_copy(update={"count": count})
        out.append(person)
    return out


def people(wte: float) -> int:
    """WTE as people in a staff row: rounded half up (0.5 WTE is one person, 0.49 nobody), at
    most :data:`MAX_COHORT`."""
    return min(math.floor(wte + 0.5), MAX_COHORT)


@dataclass(frozen=True)
class _Week:
    """What the rostered week of ``year`` holds before the joint plan's rows are added: where
    scanners run and exams are acquired (to choose a home site) and the staff rows (scaled)."""

    instance: Instance
    year: int
    sessions: list[ScannerSession]
    demand: list[ReportingDemand]
    staff: list[Staff]


@dataclass
class _JointRows:
    """The staff rows the joint plan adds to the week, their reporting skills, and what it
    could not add (in planners' words); ``ids``: the staff ids taken."""

    ids: set[str]
    staff: list[Staff] = field(default_factory=list)
    skills: list[StaffReporting] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _template(week: _Week, role: str, employer: str) -> Staff | None:
    """The staff row whose job plan a new row of ``role`` copies: a row of that role at
    ``employer`` if there is one, else anywhere; of those the one with the most contracted
    sessions per person (a full-time job plan), the first in the instance on a tie."""
    owner = {s.id: s.owner for s in week.instance.sites}
    rows = [(i, p) for i, p in enumerate(week.instance.staff) if p.role == role]
    if not rows:
        return None
    _, best = min(rows, key=lambda r: (owner[r[1].home_site] != employer, -r[1].sessions, r[0]))
    return best


def _reported(week: _Week, staff_id: str) -> list[StaffReporting]:
    return [r for r in week.instance.staff_reporting if r.staff == staff_id]


def _home_site(week: _Week, employer: str, template: Staff) -> str | None:
    """The site of ``employer`` where the work of ``template``'s job plan is most needed in the
    week: most scanners running in sessions of the modalities it scans, then most exams a week
    acquired of the exam types it reports, then the first site id; None when the employer has
    no site."""
    sites = sorted(s.id for s in week.instance.sites if s.owner == employer)
    if not sites:
        return None
    scans = set(template.scans)
    reports = {r.exam_type for r in _reported(week, template.id)}
    scanning: dict[str, int] = defaultdict(int)
    for row in week.sessions:
        if row.modality in scans:
            scanning[row.site] += row.scanners
    exams: dict[str, float] = defaultdict(float)
    for d in week.demand:
        if d.exam_type in reports:
            exams[d.site] += d.exams_per_week
    return min(sites, key=lambda s: (-scanning[s], -exams[s], s))


def _new_id(rows: _JointRows, employer: str, role: str, kind: str) -> str:
    """``<employer>-<role>-<kind>``, with ``-2``, ``-3``, ... when the instance has it."""
    base = f"{employer}-{role}-{kind}"
    new, n = base, 1
    while new in rows.ids:
        n += 1
        new = f"{base}-{n}"
    rows.ids.add(new)
    return new


def _add_row(
    week: _Week,
    rows: _JointRows,
    plan_row: RoleWte,
    kind: str,
    what: str,
    update: dict[str, object],
) -> None:
    """Add a row of ``plan_row``'s role at its employer, copied from the role's template row
    with ``update`` (count, sessions, costs, name), and its template's reporting skills; or
    say why not (``what``: the plan's workforce in planners' words)."""
    employer, role = plan_row.employer, plan_row.role
    template = _template(week, role, employer)
    if template is None:
        rows.left_out.append(
            f"{what}, but no staff row has the role '{role}' to copy a job plan from: the "
            f"week is rostered without them (add a staff row with role '{role}')"
        )
        return
    home = _home_site(week, employer, template)
    if home is None:
        rows.left_out.append(
            f"{what}, but '{employer}' owns no site to base them at: the week is rostered "
            "without them"
        )
        return
    new = template.model_copy(
        update={
            "id": _new_id(rows, employer, role, kind),
            "home_site": home,
            "passports": [],
            **update,
        }
    )
    rows.staff.append(new)
    rows.skills += [r.model_copy(update={"staff": new.id}) for r in _reported(week, template.id)]


def _role_name(role: StaffRole) -> str:
    return role.name or role.id


def _session_hours(sessions: Iterable[Session]) -> float | None:
    """Mean length of the template's sessions worked on site (not on call), in hours: what one
    extra session buys; None when there are none."""
    minutes = [s.minutes for s in sessions if not s.on_call]
    return sum(minutes) / len(minutes) / 60 if minutes else None


def _agency_job(
    plan_row: RoleWte, name: str, weeks: float, hours: float, hour_cost: float
) -> dict[str, object]:
    """The job plan of the row holding ``plan_row``'s agency hours (see
    :func:`_joint_plan_rows`): ``weeks`` a year, ``hours`` a session, ``hour_cost`` an hour."""
    sessions = math.ceil(plan_row.agency_hours / weeks / hours - 1e-9)
    agents = min(math.ceil(sessions / MAX_WEEK_SESSIONS), MAX_COHORT)
    return {
        "count": agents,
        "sessions": 0,
        "max_extra_sessions": min(math.ceil(sessions / agents), MAX_WEEK_SESSIONS),
        "extra_session_cost": hour_cost * hours,
        "session_pay": 0.0,
        "name": f"{name}, agency hours at {plan_row.employer}: from the joint plan "
        f"({plan_row.agency_hours:,.0f} hours in {plan_row.year}, {sessions} sessions a week)",
    }


def _joint_plan_rows(week: _Week, plan: CapitalPlanTables) -> _JointRows:
    """The staff rows a joint plan's workforce of ``week.year`` adds to the week.

    - **Roles new to an employer**: for each (employer, role) the plan employs in the year with
      no staff row of the role at the employer in the week, or none in the plan's first year
      (such rows are not scaled), a row ``<employer>-<role>-joint`` of ``people(wte)`` people
      less those of the role's rows at the employer, when that is at least one.
    - **Agency hours**: for each (employer, role) with agency hours ``H`` in the year, a row
      ``<employer>-<role>-agency`` of no contracted sessions whose extra sessions hold them:
      ``X = ceil(H / W / h)`` sessions a week (``W`` weeks a year, ``h`` hours a session, see
      :func:`_session_hours`), ``n = ceil(X / 21)`` people of ``ceil(X / n)`` extra sessions
      each (the schema's limit is 21 a person), each session at the role's
      ``agency_hour_cost`` x ``h`` and no basic pay (the agency's rate is all in).

    Both copy the job plan of the role's template row (:func:`_template`: tier, contracted
    sessions, extra sessions and their cost, basic pay, scans, home reporting and reporting
    skills), hold no passport, and are based at the employer's site where the work is most
    needed (:func:`_home_site`). What cannot be added is said in ``left_out``.
    """
    rows = _JointRows({p.id for p in week.staff})
    if not plan.staffing:
        return rows
    first = min(r.year for r in plan.staffing)
    wte: dict[tuple[str, str, int], float] = defaultdict(float)
    for r in plan.staffing:
        wte[(r.employer, r.role, r.year)] += r.wte
    owner = {s.id: s.owner for s in week.instance.sites}
    in_week: dict[tuple[str, str], int] = defaultdict(int)
    for p in week.staff:
        if p.role is not None:
            in_week[(owner[p.home_site], p.role)] += p.count
    roles = {r.id: r for r in week.instance.staff_roles}
    year, weeks = week.year, week.instance.workforce.weeks_per_year
    hours = _session_hours(week.instance.sessions)
    for plan_row in sorted(
        (r for r in plan.staffing if r.year == year), key=lambda r: (r.employer, r.role)
    ):
        employer, role_id = plan_row.employer, plan_row.role
        role = roles.get(role_id)
        if role is None:
            if plan_row.wte > 0 or plan_row.agency_hours > 0:
                rows.left_out.append(
                    f"the joint plan employs the role '{role_id}' at '{employer}' in {year}, "
                    "which is not in the instance's staff_roles: the week is rostered without "
                    "them (is the folder the plan of this instance?)"
                )
            continue
        name = _role_name(role)
        key = (employer, role_id)
        scaled = in_week[key] > 0 and wte[(*key, first)] > 0
        count = people(plan_row.wte) - in_week[key]
        if not scaled and count >= 1:
            _add_row(
                week,
                rows,
                plan_row,
                JOINT_ROW,
                f"the joint plan employs {plan_row.wte:,.1f} WTE of {name} at '{employer}' "
                f"in {year}",
                {
                    "count": count,
                    "name": f"{name}, {employer}: from the joint plan "
                    f"({plan_row.wte:,.1f} WTE in {year})",
                },
            )
        if plan_row.agency_hours > 0:
            what = (
                f"the joint plan buys {plan_row.agency_hours:,.0f} agency hours of {name} at "
                f"'{employer}' in {year}"
            )
            if role.agency_hour_cost is None:
                why = "the role has no agency_hour_cost"
            elif hours is None:
                why = "the session template has no session worked on site"
            else:
                agency = _agency_job(plan_row, name, weeks, hours, role.agency_hour_cost)
                _add_row(week, rows, plan_row, AGENCY_ROW, what, agency)
                continue
            rows.left_out.append(f"{what}, but {why}: the week is rostered without them")
    return rows


def roster_capital_plan(instance: Instance, plan: CapitalPlanTables, year: int) -> Instance:
    """``instance`` with its scanner sessions and reporting demand taken from ``plan`` for
    ``year`` (see :func:`plan_year`); from a joint plan's folder, its staff counted as the
    plan's workforce of that year (:func:`_staff_of_year`), with rows added for the roles it
    employs that the week has no row of and for the agency hours it buys
    (:func:`_joint_plan_rows`); a :class:`JointPlanWarning` for each part of that workforce the
    week is rostered without."""
    sessions = _scanner_sessions(instance, _units(plan, year))
    demand = _reporting_demand(instance, plan, year)
    staff = _staff_of_year(instance, plan, year)
    week = _Week(instance, year, sessions, demand, staff)
    joint = _joint_plan_rows(week, plan)
    for message in joint.left_out:
        warnings.warn(message, JointPlanWarning, stacklevel=2)
    settings = instance.workforce.model_copy(
        update={"year": year, "scanner_sessions_from_fleet": False}
    )
    data = instance.model_dump()
    data.update(
        workforce=settings.model_dump(),
        scanner_sessions=[s.model_dump() for s in sessions],
        reporting_demand=[d.model_dump() for d in demand],
        staff=[p.model_dump() for p in staff + joint.staff],
        staff_reporting=[r.model_dump() for r in [*instance.staff_reporting, *joint.skills]],
    )
    return Instance.model_validate(data)


@dataclass(frozen=True)
class RosteredWeek:
    """The week of one year of a capital or joint plan (:func:`roster_capital_plan`), with where
    it came from. A workforce plan solved for it remembers both: its result folder holds the
    week (``week.yaml``) and ``summary.json`` says where it came from (:meth:`source`), so the
    plan can be verified against the week, and the week against the instance and the plan."""

    instance: Instance
    """The week: the instance with the plan's scanner sessions, demand (and workforce)."""
    folder: Path
    """The plan's result folder, as given."""
    year: int
    """The plan year rostered."""
    joint: bool
    """Whether the folder holds a joint plan's workforce (``staffing.csv``) added to the week."""

    @cached_property
    def week_sha256(self) -> str:
        """The hash of the week (:func:`netopt.io.instance_hash`)."""
        return instance_hash(self.instance)

    def source(self) -> dict[str, Any]:
        """``summary.json``'s ``capital_plan``: the folder as given, ``model`` (``capital``, or
        ``joint`` when the week has the plan's workforce), the year, the week's file and the
        hash of the week (:func:`netopt.io.instance_hash`)."""
        return {
            "folder": str(self.folder),
            "model": "joint" if self.joint else "capital",
            "year": self.year,
            "week_file": WEEK_FILE,
            "week_sha256": self.week_sha256,
        }


def rostered_week(instance: Instance, plan: CapitalPlanTables, year: int) -> RosteredWeek:
    """The week of ``year`` of ``plan`` (:func:`roster_capital_plan`), with where it came
    from."""
    week = roster_capital_plan(instance, plan, year)
    return RosteredWeek(week, plan.folder, year, joint=bool(plan.staffing))


__all__ = [
    "AGENCY_ROW",
    "JOINT_ROW",
    "MAX_WEEK_SESSIONS",
    "JointPlanWarning",
    "RosteredWeek",
    "people",
    "plan_year",
    "roster_capital_plan",
    "rostered_week",
]
