"""Solve the capital model end to end and hold the plan: the tables plus how it was found."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pandas as pd

from netopt.models.capital.budget_value import budget_values, value_reserve
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import build_capital_data
from netopt.models.capital.decisions import DecisionRule, start_values
from netopt.models.capital.results import extract_tables
from netopt.models.capital.strategy import CapitalStrategy, capital_run
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
from netopt.schema import Instance
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, SolveReport, no_time_report, solve_model
from netopt.solve.progress import ProgressSink, ProgressTracker

TABLES = (
    "asset_decisions",
    "purchases",
    "payments",
    "new_rooms",
    "fleet",
    "capacity",
    "spend",
    "flows",
    "outsourced",
    "costs",
    "trust_costs",
    "scanning_split",
    "revenue",
    "access",
    "sites",
)
"""The result tables of a capital plan, in the order they are written."""


@dataclass(frozen=True)
class CapitalPlan(PlanTables):
    """A capital replacement and placement plan, or the reason there is none.

    Every table is keyed by the ids of the instance; when ``report.status`` has no plan the
    tables are empty.
    """

    TABLES: ClassVar[tuple[str, ...]] = TABLES

    network: str
    report: SolveReport
    timings: Timings
    size: ModelSize
    asset_decisions: pd.DataFrame = field(repr=False)
    """Each existing scanner: keep, retire or replace, when, at what age and value."""
    purchases: pd.DataFrame = field(repr=False)
    """Units bought: site, model, year, in service and retire years, prices after discount."""
    payments: pd.DataFrame = field(repr=False)
    """Who pays what: trust, year, site, item (purchase or new room), amount (GBP)."""
    new_rooms: pd.DataFrame = field(repr=False)
    """Rooms built: site, modality, year, rooms, cost (GBP)."""
    fleet: pd.DataFrame = field(repr=False)
    """Scanners in service by site, modality, kind and year, with their hours."""
    capacity: pd.DataFrame = field(repr=False)
    """Hours available and used, exams scanned, demanded and outsourced by site, modality, year."""
    spend: pd.DataFrame = field(repr=False)
    """Capital spend against budget by trust and year (cash GBP)."""
    flows: pd.DataFrame = field(repr=False)
    """Patients' exams by origin site, scanning site, exam type and year."""
    outsourced: pd.DataFrame = field(repr=False)
    """Outsourced exams by referring site, exam type and year."""
    costs: pd.DataFrame = field(repr=False)
    """Net present cost by component (GBP); values (resale, residual) are negative."""
    trust_costs: pd.DataFrame = field(repr=False)
    """What the plan costs each trust each year by component: cash and present value (GBP)."""
    scanning_split: pd.DataFrame = field(repr=False)
    """Each trust's patients' exams scanned in the network and outsourced, by year and
    modality, with their costs (cash GBP)."""
    revenue: pd.DataFrame = field(repr=False)
    """Each trust's running costs the plan decides (maintenance, in-house scanning,
    outsourcing) by year against its revenue budget (cash GBP)."""
    access: pd.DataFrame = field(repr=False)
    """The equity view: each origin's exams by modality and year scanned within 30, 45 and 60
    minutes of home, outsourced, mean and longest travel, and its rank (1: worst served)."""
    sites: pd.DataFrame = field(repr=False)
    """Every site: name, owning trust and its name, kind, coordinates (the ids named)."""

    def summary(self) -> dict[str, Any]:
        """The headline figures (the content of ``summary.json`` less the instance hash)."""
        r = self.report
        out: dict[str, Any] = {
            "model": "capital",
            "network": self.network,
            **solve_summary(r, self.timings, self.size),
        }
        if r.status.has_plan:
            out["costs"] = {row.component: row.npv for row in self.costs.itertuples()}
            out["plan"] = {
                "units_bought": int(self.purchases["units"].sum()),
                "capital_spend": float(self.payments["amount"].sum()),
                "scanners_replaced": int((self.asset_decisions["decision"] == "replace").sum()),
                "scanners_retired": int((self.asset_decisions["decision"] == "retire").sum()),
                "rooms_built": int(self.new_rooms["rooms"].sum()),
                "exams_outsourced": float(self.outsourced["exams"].sum()),
            }
        return out


def _empty_tables() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame() for name in TABLES}


def solve_capital(
    instance: Instance,
    options: SolveOptions | None = None,
    *,
    start: DecisionRule | None = None,
    start_name: str = "the start plan",
    strategy: CapitalStrategy = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> CapitalPlan:
    """Find the least net-present-cost capital plan for ``instance`` (``strategy``: how HiGHS
    is run, see :class:`~netopt.models.capital.strategy.CapitalStrategy`).

    With a ``start`` rule (e.g. a baseline policy; ``start_name`` names its plan for a reader)
    HiGHS starts from the plan it makes, so a short time limit still ends with a plan whenever
    that one is feasible; the optimum is the same either way. The rule runs once the model is
    built, within the time limit.
    ``options.time_limit`` bounds the whole call (building, the start, solving and the tables),
    counted from ``deadline``'s start when given (e.g. the start of a command); when it passes
    before HiGHS starts, the plan's status is ``no_solution`` and its report names the stage.
    ``progress`` is called with the best plan and bound as they improve (seconds counted from
    the deadline's start).
    """
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    tracker = ProgressTracker(progress, deadline.began) if progress is not None else None
    watch = Stopwatch()
    try:
        watch.phase("data")
        with deadline.enforce("building the model data"):
            data = build_capital_data(instance)
        watch.phase("build")
        with deadline.enforce("building the model"):
            model = build_capital_model(data, deadline)
            values = start_values(instance, data, model, start)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return _plan(instance, report, watch.timings(), ModelSize(0, 0, 0), _empty_tables())
    size = model_size(model)
    watch.phase("solve")
    tables_reserve = results_reserve(size)
    reserve = tables_reserve + value_reserve(size, deadline.remaining() - tables_reserve)
    run = capital_run(strategy, model, data, options, deadline.remaining() - reserve, tracker)
    report = solve_model(
        model,
        options,
        start=values,
        strategy=run,
        deadline=deadline,
        reserve=reserve,
        progress=tracker,
    )
    if run is not None:
        report = replace(
            report,
            termination=run.summary(),
            start_objective=run.start_objective,
            start=start_name,
        )
    if tracker is not None and report.objective is not None:
        tracker.plan(report.objective)  # the last LP with the fleet fixed may lower it a little
    watch.phase("results")
    tables = _empty_tables()
    if report.status.has_plan:
        values = budget_values(model, data, options, deadline, tables_reserve)
        tables = extract_tables(model, data, values)
    return _plan(instance, report, watch.timings(), size, tables)


def _plan(
    instance: Instance,
    report: SolveReport,
    timings: Timings,
    size: ModelSize,
    tables: dict[str, pd.DataFrame],
) -> CapitalPlan:
    sites = site_table(instance) if report.status.has_plan else pd.DataFrame()
    return CapitalPlan(
        network=instance.network.name,
        report=report,
        timings=timings,
        size=size,
        **{**tables, "sites": sites},
    )
