"""Solve the workforce model end to end and hold the plan: the tables plus how it was found."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pandas as pd

from netopt.models.common import ModelSize, PlanTables, Timings, model_size, solve_summary
from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import build_workforce_data
from netopt.models.workforce.results import extract_tables
from netopt.models.workforce.strategy import PassportsFirst
from netopt.schema import Instance, PassportPolicy
from netopt.solve.highs import (
    SolveOptions,
    SolveReport,
    solve_model,
)

TABLES = (
    "roster",
    "reporting",
    "reporting_flows",
    "link_flows",
    "outsourced",
    "insourced",
    "passports",
    "backlog",
    "utilisation_staff",
    "utilisation_sites",
    "volumes",
    "costs",
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
    """Reports made per week: staff, place, day, exam type, reports and minutes."""
    reporting_flows: pd.DataFrame = field(repr=False)
    """Exams per week from the acquiring site to a worklist place (a site or ``home``)."""
    link_flows: pd.DataFrame = field(repr=False)
    """Studies per day over each image-transfer link and direction, with its capacity."""
    outsourced: pd.DataFrame = field(repr=False)
    """Reports outsourced per week by acquiring site, exam type and day; annual cost."""
    insourced: pd.DataFrame = field(repr=False)
    """Extra paid sessions per week by staff; annual cost."""
    passports: pd.DataFrame = field(repr=False)
    """Passports held and granted: staff, site, people, status, one-off cost."""
    backlog: pd.DataFrame = field(repr=False)
    """Exams per week not reported within the turnaround standard."""
    utilisation_staff: pd.DataFrame = field(repr=False)
    """Per staff row: contracted, worked, extra, scanning and reporting sessions; minutes."""
    utilisation_sites: pd.DataFrame = field(repr=False)
    """Per place: scanner sessions, staff sessions needed and rostered, reporting sessions."""
    volumes: pd.DataFrame = field(repr=False)
    """Per exam type, per week: acquired, reported at sites, at home, outsourced, late."""
    costs: pd.DataFrame = field(repr=False)
    """Annual cost by component (GBP)."""

    def summary(self) -> dict[str, Any]:
        """The headline figures (the content of ``summary.json`` less the instance hash)."""
        r = self.report
        out: dict[str, Any] = {
            "model": "workforce",
            "network": self.network,
            "year": self.year,
            "passport_policy": self.passport_policy.value,
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


def solve_workforce(
    instance: Instance,
    options: SolveOptions | None = None,
    passport: PassportPolicy | None = None,
) -> WorkforcePlan:
    """Find the least annual-cost roster and reporting plan for ``instance``.

    ``passport`` overrides the instance's passport policy, so options can be compared.
    """
    options = options or SolveOptions()
    if passport is not None:
        instance = with_passport_policy(instance, passport)
    t0 = time.perf_counter()
    data = build_workforce_data(instance)
    t1 = time.perf_counter()
    model = build_workforce_model(data)
    t2 = time.perf_counter()
    strategy = None
    if data.grantable_count:
        strategy = PassportsFirst(
            list(model.passport.values()), options.time_limit, options.mip_gap
        )
    report = solve_model(model, options, strategy=strategy)
    if strategy is not None:
        report = replace(report, termination=f"{report.termination} ({'; '.join(strategy.runs)})")
    t3 = time.perf_counter()
    if report.status.has_plan:
        tables = extract_tables(model, data)
    else:
        tables = {name: pd.DataFrame() for name in TABLES}
    t4 = time.perf_counter()
    return WorkforcePlan(
        network=instance.network.name,
        year=data.year,
        passport_policy=instance.workforce.passport_policy,
        report=report,
        timings=Timings(data=t1 - t0, build=t2 - t1, solve=t3 - t2, results=t4 - t3),
        size=model_size(model),
        **tables,
    )
