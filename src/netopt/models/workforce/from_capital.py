"""Roster the fleet and the exams of a capital plan: scanner sessions and reporting demand of
one plan year, from the tables of the plan's result folder.

Planners ask both questions in turn: which scanners (capital plan), then who runs them and
reports their exams (workforce plan). The capital plan's ``fleet.csv`` says how many scanners of
each modality stand at each site in each year; every one of them runs every scanning session of
the template. Its ``flows.csv`` says how many exams of each type each site scans; divided by
``weeks_per_year`` they are the weekly reporting demand of the scanning site. The folder is read
by :func:`netopt.io.capital_plan.read_capital_plan` (``netopt.workforce_from_capital_plan`` does
both); :func:`roster_capital_plan` works on what it read.
"""

from __future__ import annotations

from collections import defaultdict

from netopt.io.capital_plan import CapitalPlanTables
from netopt.schema import (
    InputProblem,
    Instance,
    InstanceError,
    ReportingDemand,
    ScannerSession,
    Staff,
)

MAX_COHORT = 1000
"""People in one staff row, at most (the schema's limit)."""


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


def roster_capital_plan(instance: Instance, plan: CapitalPlanTables, year: int) -> Instance:
    """``instance`` with its scanner sessions and reporting demand taken from ``plan`` for
    ``year`` (see :func:`plan_year`); from a joint plan's folder, its staff counted as the
    plan's workforce of that year (:func:`_staff_of_year`)."""
    sessions = _scanner_sessions(instance, _units(plan, year))
    demand = _reporting_demand(instance, plan, year)
    staff = _staff_of_year(instance, plan, year)
    settings = instance.workforce.model_copy(
        update={"year": year, "scanner_sessions_from_fleet": False}
    )
    data = instance.model_dump()
    data.update(
        workforce=settings.model_dump(),
        scanner_sessions=[s.model_dump() for s in sessions],
        reporting_demand=[d.model_dump() for d in demand],
        staff=[p.model_dump() for p in staff],
    )
    return Instance.model_validate(data)


__all__ = ["plan_year", "roster_capital_plan"]
