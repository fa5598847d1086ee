"""The joint plan against the sequential one (capital first, workforce second): what choosing
scanners and staff together changes (``models/joint.md``, "The sequential plan")."""

from __future__ import annotations

from typing import Any

import pandas as pd

from netopt.models.capital.strategy import CapitalStrategy
from netopt.models.joint.plan import (
    CAPITAL_ALONE,
    JointPlan,
    capital_alone,
    decisions_of,
    share_of_time,
    solve_joint,
)
from netopt.schema import InputProblem, Instance, InstanceError
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions
from netopt.solve.progress import ProgressSink

SEQUENTIAL_TABLE = "sequential"
"""The comparison's table name in a joint plan's result folder (``sequential.csv``)."""
SEQUENTIAL_COLUMNS = ["measure", "unit", "joint", "sequential", "difference"]

_PLAN_MEASURES = (
    ("units_bought", "units"),
    ("rooms_built", "rooms"),
    ("exams_outsourced", "exams"),
)
_WORKFORCE_MEASURES = (
    ("wte_last_year", "WTE"),
    ("hires", "WTE"),
    ("trainees", "people"),
    ("agency_hours", "hours"),
    ("reports_outsourced", "reports"),
)


def sequential_comparison(joint: JointPlan, sequential: JointPlan) -> pd.DataFrame:
    """One row per measure: the joint plan's figure, the sequential plan's and the joint minus
    the sequential (negative: the joint plan has less); empty where a plan has none (no plan
    was found in the time). Costs are present values (GBP), in the order of the ``costs`` and
    ``staff_costs`` tables, then the plan's and the workforce's headline figures."""
    a, b = joint.summary(), sequential.summary()
    money = "GBP, present value"
    rows: list[dict[str, Any]] = [_row("joint_cost", money, a["objective"], b["objective"])]
    for component in dict.fromkeys([*a.get("costs", {}), *b.get("costs", {})]):
        rows.append(
            _row(component, money, _figure(a, "costs", component), _figure(b, "costs", component))
        )
    for name, unit in _PLAN_MEASURES:
        rows.append(_row(name, unit, _figure(a, "plan", name), _figure(b, "plan", name)))
    for name, unit in _WORKFORCE_MEASURES:
        rows.append(_row(name, unit, _figure(a, "workforce", name), _figure(b, "workforce", name)))
    return pd.DataFrame(rows, columns=SEQUENTIAL_COLUMNS)


def _figure(summary: dict[str, Any], part: str, name: str) -> float | None:
    """A figure of a plan's summary; None when the plan has none (no plan was found)."""
    value = summary.get(part, {}).get(name)
    return None if value is None else float(value)


def _row(measure: str, unit: str, joint: float | None, sequential: float | None) -> dict[str, Any]:
    difference = None if joint is None or sequential is None else joint - sequential
    return {
        "measure": measure,
        "unit": unit,
        "joint": joint,
        "sequential": sequential,
        "difference": difference,
    }


SEQUENTIAL_CAPITAL_SHARE = 0.45
"""Share of the time the sequential plan's capital solve gets (its decisions then also start
the joint model); its workforce has :data:`SEQUENTIAL_WORKFORCE_SHARE` (30%) of the rest, the joint
plan the remainder."""
SEQUENTIAL_WORKFORCE_SHARE = 0.3
"""Measured: at 15% (10 s of a 120 s limit) England's N17 once ended its sequential workforce
with a plan outsourcing 7.4 million exams (its first incumbent), so the comparison was
meaningless; staffing a fixed capital plan is easy to solve well but not instantly."""
SEQUENTIAL_WORKFORCE_GAP = 1e-3
"""The workforce of the sequential plan is solved to within 0.1% of its best (trainees are
whole people; proving the last 0.01% takes minutes on the tutorial and changes nothing a
comparison shows), unless exact plans are asked for (a gap of 0)."""


def _staffing_options(options: SolveOptions, deadline: Deadline, share: float) -> SolveOptions:
    within = share_of_time(options, deadline, share)
    if options.mip_gap == 0:
        return within
    return within.model_copy(update={"mip_gap": max(options.mip_gap, SEQUENTIAL_WORKFORCE_GAP)})


def _no_capital_plan() -> InstanceError:
    message = "the capital plan on its own found no plan to staff"
    return InstanceError([InputProblem((), message, place="sequential plan")])


def solve_joint_and_sequential(
    instance: Instance,
    options: SolveOptions | None = None,
    *,
    strategy: CapitalStrategy = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> tuple[JointPlan, JointPlan, pd.DataFrame]:
    """The joint plan, the sequential plan (the capital plan solved on its own, then the
    workforce that staffs it: what planners do today) and their comparison measure by measure
    (``sequential.csv``), both costed by the joint plan's objective, in one time limit.

    The capital plan on its own has 45% of the time, its workforce 30% of the rest, the joint
    plan the remainder, started from that capital plan's decisions: the joint plan costs no
    more than the sequential one (less where choosing together pays). An
    :class:`InstanceError` when the capital plan on its own finds no plan."""
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    capital = capital_alone(instance, options, deadline, SEQUENTIAL_CAPITAL_SHARE)
    if capital is None:
        raise _no_capital_plan()
    sequential = solve_joint(
        instance,
        _staffing_options(options, deadline, SEQUENTIAL_WORKFORCE_SHARE),
        fixed=decisions_of(capital),
    )
    joint = solve_joint(
        instance,
        options,
        start=decisions_of(capital),
        start_name=CAPITAL_ALONE,
        strategy=strategy,
        deadline=deadline,
        progress=progress,
    )
    return joint, sequential, sequential_comparison(joint, sequential)


def compare_with_sequential(
    instance: Instance,
    joint: JointPlan,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> tuple[JointPlan, pd.DataFrame]:
    """The sequential plan (the capital plan solved on its own in 90% of ``options.time_limit``,
    then the workforce that staffs it) for a joint plan already made, and their comparison
    (``sequential.csv``). :func:`solve_joint_and_sequential` makes both in one limit."""
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    capital = capital_alone(instance, options, deadline, 0.9)
    if capital is None:
        raise _no_capital_plan()
    sequential = solve_joint(
        instance, _staffing_options(options, deadline, 1.0), fixed=decisions_of(capital)
    )
    return sequential, sequential_comparison(joint, sequential)
