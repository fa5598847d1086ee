"""Solve the workforce model end to end and hold the plan: the tables plus how it was found."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pandas as pd
import pyomo.environ as pyo

from netopt.io.capital_plan import WEEK_SOURCE_KEY
from netopt.models.common import (
    ModelSize,
    PlanTables,
    Stopwatch,
    Timings,
    model_size,
    results_reserve,
    site_table,
    solve_summary,
)
from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import ActivityKind, WorkforceData, build_workforce_data
from netopt.models.workforce.from_capital import RosteredWeek
from netopt.models.workforce.results import extract_tables
from netopt.models.workforce.strategy import PassportsFirst
from netopt.schema import Instance, PassportPolicy
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, SolveReport, no_time_report, solve_model
from netopt.solve.progress import ProgressSink, ProgressTracker

TABLES = (
    "roster",
    "reporting",
    "reporting_flows",
    "link_flows",
    "outsourced",
    "insourced",
    "passports",
    "backlog",
    "unscanned",
    "utilisation_staff",
    "utilisation_sites",
    "volumes",
    "costs",
    "sites",
)
"""The result tables of a workforce plan, in the order they are written."""


@dataclass(frozen=True)
class WorkforcePlan(PlanTables):
    """A typical week's roster and reporting plan, or the reason there is none.

    Weekly quantities are per week; money is annual GBP. When ``report.status`` has no plan
    the tables are empty.
    """

    TABLES: ClassVar[tuple[str, ...]] = TABLES

    network: str
    year: int
    passport_policy: PassportPolicy
    report: SolveReport
    timings: Timings
    size: ModelSize
    roster: pd.DataFrame = field(repr=False)
    """One row per person and session worked: staff, person, day, session, place, activity."""
    reporting: pd.DataFrame = field(repr=False)
    """Reports made on each day of the typical week: staff, place, day, exam type, reports
    and minutes (summed over the days: the week's)."""
    reporting_flows: pd.DataFrame = field(repr=False)
    """Exams sent on each day of the week from the acquiring site to a worklist place (a site
    or ``home``), by exam type."""
    link_flows: pd.DataFrame = field(repr=False)
    """Studies per day over each image-transfer link and direction, with its capacity."""
    outsourced: pd.DataFrame = field(repr=False)
    """Reports outsourced on each day of the week by acquiring site and exam type; annual
    cost."""
    insourced: pd.DataFrame = field(repr=False)
    """Extra paid sessions per week by staff; annual cost."""
    passports: pd.DataFrame = field(repr=False)
    """Passports held and granted: staff, site, people, status, one-off cost."""
    backlog: pd.DataFrame = field(repr=False)
    """Exams acquired on each day of the week not reported within the turnaround standard."""
    unscanned: pd.DataFrame = field(repr=False)
    """Exams the scanner sessions run cannot scan (``scan_from_sessions``), by site, exam type
    and day; annual cost."""
    utilisation_staff: pd.DataFrame = field(repr=False)
    """Per staff row: contracted, worked, extra, scanning and reporting sessions; minutes."""
    utilisation_sites: pd.DataFrame = field(repr=False)
    """Per place: scanner sessions, staff sessions needed and rostered, reporting sessions."""
    volumes: pd.DataFrame = field(repr=False)
    """Per exam type, per week: acquired, unscanned, reported at sites, at home, outsourced,
    late."""
    costs: pd.DataFrame = field(repr=False)
    """Annual cost by component (GBP)."""
    sites: pd.DataFrame = field(repr=False)
    """Every site: name, owning trust and its name, kind, coordinates (the ids named)."""
    week: RosteredWeek | None = field(default=None, repr=False)
    """The week of a capital or joint plan's year the plan was solved for, with where it came
    from (``netopt.solve_workforce`` of a :class:`RosteredWeek`); None when the plan was solved
    for an instance as written. Its result folder then holds the week (``week.yaml``) and
    ``summary.json`` says where it came from (``capital_plan``)."""

    def summary(self) -> dict[str, Any]:
        """The headline figures (the content of ``summary.json`` less the instance hash)."""
        r = self.report
        out: dict[str, Any] = {
            "model": "workforce",
            "network": self.network,
            "year": self.year,
            "passport_policy": self.passport_policy.value,
            **({WEEK_SOURCE_KEY: self.week.source()} if self.week is not None else {}),
            **solve_summary(r, self.timings, self.size),
        }
        if r.status.has_plan:
            out["costs"] = {row.component: row.annual for row in self.costs.itertuples()}
            v = self.volumes
            out["plan"] = {
                "people_rostered": int(self.roster[["staff", "person"]].drop_duplicates().shape[0]),
                "sessions_worked": len(self.roster),
                "extra_sessions_per_week": float(self.insourced["extra_sessions"].sum()),
                "passports_granted": int(
                    self.passports.loc[self.passports["status"] == "granted", "people"].sum()
                ),
                "exams_per_week": float(v["acquired"].sum()),
                "reported_at_sites_per_week": float(v["reported_at_sites"].sum()),
                "reported_at_home_per_week": float(v["reported_at_home"].sum()),
                "outsourced_per_week": float(v["outsourced"].sum()),
                "backlog_per_week": float(v["late"].sum()),
            }
        return out


def with_passport_policy(instance: Instance, policy: PassportPolicy) -> Instance:
    """The same instance under another passport policy (to compare options)."""
    settings = instance.workforce.model_copy(update={"passport_policy": policy})
    return instance.model_copy(update={"workforce": settings})


def away_scanning(model: pyo.ConcreteModel, data: WorkforceData) -> list[Any]:
    """The ``assign`` variables of people scanning at a site other than their home site: the
    integers the travelling relaxation keeps (``strategy.PassportsFirst``)."""
    return [
        model.assign[key]
        for key in data.assignments
        if key[4].kind is ActivityKind.SCAN and key[1] != data.cohorts[key[0]].home_site
    ]


def solve_workforce(
    instance: Instance,
    options: SolveOptions | None = None,
    passport: PassportPolicy | None = None,
    *,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> WorkforcePlan:
    """Find the least annual-cost roster and reporting plan for ``instance``.

    ``passport`` overrides the instance's passport policy, so options can be compared.
    ``options.time_limit`` bounds the whole call, counted from ``deadline``'s start when given
    (see :func:`netopt.models.capital.plan.solve_capital`). ``progress`` is called with the
    best plan and bound as they improve.
    """
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    tracker = ProgressTracker(progress, deadline.began) if progress is not None else None
    if passport is not None:
        instance = with_passport_policy(instance, passport)
    watch = Stopwatch()
    try:
        watch.phase("data")
        with deadline.enforce("building the model data"):
            data = build_workforce_data(instance)
        watch.phase("build")
        with deadline.enforce("building the model"):
            model = build_workforce_model(data, deadline)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return _plan(instance, None, report, watch.timings(), ModelSize(0, 0, 0), _empty_tables())
    size = model_size(model)
    watch.phase("solve")
    reserve = results_reserve(size)
    strategy = None
    if data.grantable_count:
        budget = deadline.remaining() - reserve
        strategy = PassportsFirst(
            list(model.passport.values()),
            budget if math.isfinite(budget) else None,
            options.mip_gap,
            progress=tracker,
            travelling=away_scanning(model, data),
        )
    report = solve_model(
        model, options, strategy=strategy, deadline=deadline, reserve=reserve, progress=tracker
    )
    if strategy is not None:
        report = replace(report, termination=f"{report.termination} ({'; '.join(strategy.runs)})")
    watch.phase("results")
    tables = extract_tables(model, data) if report.status.has_plan else _empty_tables()
    return _plan(instance, data.year, report, watch.timings(), size, tables)


def _empty_tables() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame() for name in TABLES}


def _plan(
    instance: Instance,
    year: int | None,
    report: SolveReport,
    timings: Timings,
    size: ModelSize,
    tables: dict[str, pd.DataFrame],
) -> WorkforcePlan:
    sites = site_table(instance) if report.status.has_plan else pd.DataFrame()
    frames: dict[str, Any] = {**tables, "sites": sites}  # the DataFrame fields, by name
    return WorkforcePlan(
        network=instance.network.name,
        year=(instance.workforce.year or instance.years[0]) if year is None else year,
        passport_policy=instance.workforce.passport_policy,
        report=report,
        timings=timings,
        size=size,
        **frames,
    )
