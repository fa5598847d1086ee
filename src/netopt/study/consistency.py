"""Consistent answers across a study's scenarios: no scenario reports a plan dearer than another
scenario's plan that is feasible for it.

Each scenario is solved within its time limit, so two related scenarios can end far from their
optima in different places: a scenario with more money, a new site or dearer MRI scanners can
report a plan dearer than the base plan it could simply have kept. After the scenarios are
solved, each scenario tries every other scenario's capital decisions in its own model (fixed;
the linear programme left decides where patients are scanned and what is outsourced:
:mod:`netopt.models.capital.transfer`), cheapest first (all of them, unless that would
take longer than the scenario's time limit). When
one is feasible there and cheaper than its own plan, it becomes the scenario's plan, with the
scenario's own bound (still a bound of its instance), so its gap can only narrow, and
``study.json`` names the scenario the plan came from.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from netopt.models.capital.plan import CapitalPlan
from netopt.models.capital.transfer import DecisionsDoNotFit, FixedPlanCosting
from netopt.models.common import ModelSize, Timings, model_size
from netopt.report.result_files import plan_result_files
from netopt.solve.highs import SolveOptions, SolveReport, SolveStatus

CONSISTENCY_SHARE = 1.0
"""Most of a scenario's time limit spent trying the other scenarios' plans in it: a safety
cap, not a budget (each try is a linear programme: 0.1-0.3 s on the tutorial), so every other
plan is tried whenever the cap allows and the result does not depend on the machine's speed."""
GAIN = 1e-6
"""Relative improvement below which another plan is not taken (solver noise)."""
DECISION_TABLES = ("asset_decisions", "purchases", "new_rooms")
"""The tables that hold a capital plan's decisions."""

Candidate = tuple[str, float, Mapping[str, pd.DataFrame]]
"""(scenario, its own plan's cost, its decision tables)."""


@dataclass(frozen=True)
class TransferJob:
    """One scenario, its plan's figures, and the other scenarios' plans to try in it."""

    name: str
    instance: Any
    """The scenario's instance."""
    options: SolveOptions
    own_objective: float | None
    own_bound: float | None
    own_start_objective: float | None
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class TransferOutcome:
    """What trying the other plans gave: the scenario whose plan is now this scenario's (None
    when its own stays), and the new plan's result folder files."""

    name: str
    source: str | None = None
    objective: float | None = None
    gap: float | None = None
    status: str | None = None
    tried: int = 0
    """Other plans whose decisions fit this scenario's model and were costed."""
    seconds: float = 0.0
    files: dict[str, bytes] | None = None


def _gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return max(objective - bound, 0.0) / max(abs(objective), 1e-10)


def _report(job: TransferJob, costed: SolveReport, source: str) -> SolveReport:
    """The report of ``source``'s plan as this scenario's: its cost here, this scenario's own
    bound and options, and where the plan came from."""
    assert costed.objective is not None
    gap = _gap(costed.objective, job.own_bound)
    proven = gap is not None and gap <= job.options.mip_gap
    own = "no plan" if job.own_objective is None else f"GBP {job.own_objective:,.0f}"
    return replace(
        costed,
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        bound=job.own_bound,
        gap=gap,
        termination=(
            f"the plan of scenario {source}, costed in this scenario (GBP {costed.objective:,.0f}): "
            f"cheaper here than the plan found for it ({own})"
        ),
        options=job.options.solver_options(),
        start_objective=job.own_start_objective,
        start=f"the plan of scenario {source}",
    )


def trial_order(candidates: Sequence[Candidate], own: float | None) -> list[Candidate]:
    """The order in which other scenarios' plans are tried: first those cheaper in their own
    scenario than this one's plan, nearest in cost first (a plan that can beat this one's is
    most often a neighbour's: a little less budget, a little faster growth; the cheapest plans
    are the richest scenarios', most often too dear for this one's budgets), then the rest,
    cheapest first."""
    if own is None:
        return sorted(candidates, key=lambda c: c[1])
    below = sorted((c for c in candidates if c[1] < own), key=lambda c: -c[1])
    return below + sorted((c for c in candidates if c[1] >= own), key=lambda c: c[1])


def try_other_plans(job: TransferJob) -> TransferOutcome:
    """Cost every other scenario's plan in this one (in :func:`trial_order`, stopping only
    after ``CONSISTENCY_SHARE`` of its time limit) and keep the cheapest if it beats its own
    plan (runs in a worker process or on a Dask worker)."""
    began = time.perf_counter()
    limit = job.options.time_limit
    budget = CONSISTENCY_SHARE * limit if limit is not None else float("inf")
    costing = FixedPlanCosting(job.instance, SolveOptions(threads=1, time_limit=limit))
    built = time.perf_counter()
    best = job.own_objective
    chosen: tuple[str, Mapping[str, pd.DataFrame]] | None = None
    tried = 0
    for source, _, tables in trial_order(job.candidates, job.own_objective):
        if time.perf_counter() - began > budget:
            break
        try:
            costed, _ = costing.cost(tables)
        except DecisionsDoNotFit:
            continue
        tried += 1
        cost = costed.objective
        if not costed.status.has_plan or cost is None:
            continue
        if best is None or cost < best - GAIN * max(1.0, abs(best)):
            best, chosen = cost, (source, tables)
    seconds = time.perf_counter() - began
    if chosen is None:
        return TransferOutcome(job.name, tried=tried, seconds=seconds)
    source, decisions = chosen
    costed, tables = costing.cost(decisions, with_values=True)
    report = _report(job, costed, source)
    assert costing.model is not None
    plan = CapitalPlan(
        network=job.instance.network.name,
        report=report,
        timings=Timings(
            data=0.0, build=built - began, solve=seconds - (built - began), results=0.0
        ),
        size=_size(costing),
        **tables,
    )
    files = plan_result_files(plan, job.instance)
    return TransferOutcome(
        job.name,
        source,
        report.objective,
        report.gap,
        report.status.value,
        tried,
        time.perf_counter() - began,
        files,
    )


def _size(costing: FixedPlanCosting) -> ModelSize:
    assert costing.model is not None
    return model_size(costing.model)
