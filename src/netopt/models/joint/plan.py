"""Solve the joint plan end to end (scanners and staff chosen together, or staff for a given
capital plan) and hold it: the capital plan's tables plus the workforce years'."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from netopt.baselines import practice_decisions
from netopt.models.capital.data import CapitalData
from netopt.models.capital.decisions import (
    CapitalDecisions,
    DecisionRule,
    fix_capital_decisions,
    start_values,
)
from netopt.models.capital.plan import TABLES as CAPITAL_TABLES
from netopt.models.capital.plan import CapitalPlan, solve_capital
from netopt.models.capital.strategy import CapitalStrategy, capital_run
from netopt.models.capital.transfer import plan_decisions
from netopt.models.common import (
    ModelSize,
    Stopwatch,
    Timings,
    model_size,
    results_reserve,
    site_table,
)
from netopt.models.joint.build import build_joint_model
from netopt.models.joint.data import JointData, build_joint_data
from netopt.models.joint.results import extract_joint_tables
from netopt.schema import Instance
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, SolveReport, no_time_report, solve_model
from netopt.solve.progress import ProgressSink, ProgressTracker

STAFFING_TABLES = (
    "staffing",
    "scanner_staffing",
    "reports",
    "training",
    "staff_passports",
    "staff_costs",
)
"""The workforce tables of a joint plan, written after the capital plan's."""
TABLES = (*(t for t in CAPITAL_TABLES if t != "sites"), *STAFFING_TABLES, "sites")
"""The result tables of a joint plan, in the order they are written."""

FixedPlan = Callable[[Instance, CapitalData], CapitalDecisions]
"""Makes the capital decisions a joint solve staffs as they are (e.g. a capital plan's)."""


@dataclass(frozen=True)
class JointPlan(CapitalPlan):
    """A capital plan and the workforce that staffs it year by year, or the reason there is
    none. ``fixed_capital``: the capital decisions were given (the sequential plan: capital
    first, workforce second), not chosen with the staff."""

    TABLES: ClassVar[tuple[str, ...]] = TABLES

    staffing: pd.DataFrame = field(repr=False)
    """WTE by employer, role and year: hires, leavers, training, hours and their use."""
    scanner_staffing: pd.DataFrame = field(repr=False)
    """Scanner hours run by employer, modality and year, and who staffed them."""
    reports: pd.DataFrame = field(repr=False)
    """Exams scanned by employer, exam type and year, and who reported them."""
    training: pd.DataFrame = field(repr=False)
    """Trainees started by employer, pathway and year."""
    staff_passports: pd.DataFrame = field(repr=False)
    """WTE holding passports to work for another employer, by year."""
    staff_costs: pd.DataFrame = field(repr=False)
    """The workforce's net present cost by component (GBP)."""
    fixed_capital: bool = False
    plan_years: tuple[int, ...] = ()
    """The plan years (the first and the last name the summary's workforce figures)."""

    def summary(self) -> dict[str, Any]:
        """The headline figures (the content of ``summary.json`` less the instance hash)."""
        out = super().summary()
        out["model"] = "joint"
        out["capital_fixed"] = self.fixed_capital
        if self.status.has_plan:
            staff = {row.component: row.npv for row in self.staff_costs.itertuples()}
            out["costs"] = {**out["costs"], **staff}
            staffing, first, last = self.staffing, self.plan_years[0], self.plan_years[-1]

            def total(frame: pd.DataFrame, column: str, year: int | None = None) -> float:
                if frame.empty:
                    return 0.0
                rows = frame if year is None else frame[frame["year"] == year]
                return float(rows[column].sum())

            out["workforce"] = {
                "wte_first_year": total(staffing, "wte", first),
                "wte_last_year": total(staffing, "wte", last),
                "hires": total(staffing, "hires"),
                "trainees": int(total(self.training, "trainees")),
                "agency_hours": total(staffing, "agency_hours"),
                "reports_outsourced": total(self.reports, "reports_outsourced"),
            }
        return out


def _empty_tables() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame() for name in TABLES}


CAPITAL_START_SHARE = 0.3
"""Share of a joint solve's time given first to the capital plan on its own: its decisions
start the joint model, so the joint plan never costs more than staffing that capital plan (the
sequential plan). Measured on the tutorial (``models/joint.md``, "Solving")."""
CAPITAL_ALONE = "the capital plan solved on its own"
"""The name of that start plan, for a reader."""


def share_of_time(options: SolveOptions, deadline: Deadline, share: float) -> SolveOptions:
    """``options`` with ``share`` of the time ``deadline`` leaves (no limit without one)."""
    left = deadline.remaining()
    if left == float("inf"):
        return options.model_copy(update={"time_limit": None})
    return options.model_copy(update={"time_limit": max(share * left, 1.0)})


def capital_alone(
    instance: Instance, options: SolveOptions, deadline: Deadline, share: float
) -> CapitalPlan | None:
    """The capital plan solved on its own (from the ``practice`` baseline's plan) in ``share``
    of the time ``deadline`` leaves; None when it finds none."""
    plan = solve_capital(
        instance,
        share_of_time(options, deadline, share),
        start=practice_decisions,
        start_name="the practice baseline's plan",
    )
    return plan if plan.status.has_plan else None


def decisions_of(plan: CapitalPlan) -> DecisionRule:
    """The capital decisions of ``plan``, as a rule that maps them onto a model's windows."""
    tables = plan.tables()
    return lambda _, data: plan_decisions(data, tables)


def capital_decisions_in(
    model: pyo.ConcreteModel,
    data: JointData,
    instance: Instance,
    fixed: FixedPlan | None,
    start: DecisionRule | None,
) -> ComponentMap | None:
    """Put a capital plan into a joint model: ``fixed`` fixes its decisions (staffing a given
    capital plan); otherwise ``start`` gives the start values of the capital decisions only
    (HiGHS completes the start, trainees included), returned for the solve."""
    if fixed is not None:
        fix_capital_decisions(model, data.capital, fixed(instance, data.capital))
        return None
    return start_values(instance, data.capital, model, start)


def solve_joint(
    instance: Instance,
    options: SolveOptions | None = None,
    *,
    start: DecisionRule | None = None,
    start_name: str = "the start plan",
    capital_start: bool = False,
    fixed: FixedPlan | None = None,
    strategy: CapitalStrategy = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> JointPlan:
    """Find the least net-present-cost joint plan for ``instance``: scanners, where patients
    are scanned, and the workforce year by year (hires, training, agency, passports, reporting
    outsourced), so that every scanner hour run has its staff and every exam its report.

    With ``fixed`` the capital decisions it makes are fixed (the workforce for a given capital
    plan: the sequential plan); else HiGHS starts from ``start``'s capital decisions (it
    completes the rest), run by ``strategy``; with ``capital_start`` from those of the capital
    plan solved on its own in :data:`CAPITAL_START_SHARE` of the time (``start`` when that
    finds none). ``options.time_limit`` bounds the whole call, counted from ``deadline``'s
    start when given.
    """
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    if capital_start and fixed is None:
        alone = capital_alone(instance, options, deadline, CAPITAL_START_SHARE)
        if alone is not None:
            start, start_name = decisions_of(alone), CAPITAL_ALONE
    tracker = ProgressTracker(progress, deadline.began) if progress is not None else None
    watch = Stopwatch()
    values: Any = None
    try:
        watch.phase("data")
        with deadline.enforce("building the model data"):
            data = build_joint_data(instance)
        watch.phase("build")
        with deadline.enforce("building the model"):
            model = build_joint_model(data, deadline)
            values = capital_decisions_in(model, data, instance, fixed, start)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return _plan(instance, report, watch.timings(), ModelSize(0, 0, 0), _empty_tables(), fixed)
    size = model_size(model)
    watch.phase("solve")
    reserve = results_reserve(size)
    run = None
    if fixed is None:
        run = capital_run(
            strategy,
            model,
            data.capital,
            options,
            deadline.remaining() - reserve,
            tracker,
            also_free=tuple(model.trainees.values()),
        )
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
            report, termination=run.summary(), start_objective=run.start_objective, start=start_name
        )
    watch.phase("results")
    tables = _empty_tables()
    if report.status.has_plan:
        tables = extract_joint_tables(model, data)
    return _plan(instance, report, watch.timings(), size, tables, fixed)


def _plan(
    instance: Instance,
    report: SolveReport,
    timings: Timings,
    size: ModelSize,
    tables: dict[str, pd.DataFrame],
    fixed: FixedPlan | None,
) -> JointPlan:
    sites = site_table(instance) if report.status.has_plan else pd.DataFrame()
    return JointPlan(
        network=instance.network.name,
        report=report,
        timings=timings,
        size=size,
        fixed_capital=fixed is not None,
        plan_years=tuple(instance.years),
        **{**tables, "sites": sites},
    )
