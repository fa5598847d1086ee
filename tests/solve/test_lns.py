"""Fix-and-optimize LNS (``netopt.solve.lns``) on models small enough to know the answer."""

from __future__ import annotations

import math

import pyomo.environ as pyo
import pytest
from pyomo.common.collections import ComponentMap

from netopt import (
    CapitalStrategy,
    Instance,
    SolveOptions,
    baseline_capital,
    load_instance,
    solve_capital,
    verify,
)
from netopt.solve import lns as lns_module
from netopt.solve.highs import SolveStatus, solve_model
from netopt.solve.lns import HANDOVER_GAP, FixAndOptimize, StageEnd, stage_end
from tests.conftest import WINSTON

VALUES = [10, 13, 7, 8, 15, 4]
WEIGHTS = [5, 6, 4, 5, 7, 3]
CAPACITY = 15
"""A knapsack whose optimum the test finds by brute force (64 choices)."""


def knapsack() -> pyo.ConcreteModel:
    """Maximise the value of items within the capacity, written as a minimisation; plus a
    continuous slack so the model has a linear part."""
    m = pyo.ConcreteModel()
    m.goods = pyo.RangeSet(0, len(VALUES) - 1)
    m.take = pyo.Var(m.goods, domain=pyo.Binary)
    m.unused = pyo.Var(domain=pyo.NonNegativeReals)
    m.capacity = pyo.Constraint(
        expr=sum(WEIGHTS[i] * m.take[i] for i in m.goods) + m.unused == CAPACITY
    )
    m.cost = pyo.Objective(expr=-sum(VALUES[i] * m.take[i] for i in m.goods) + 0.01 * m.unused)
    return m


def best_by_brute_force() -> float:
    best = 0.0
    for mask in range(2 ** len(VALUES)):
        chosen = [i for i in range(len(VALUES)) if mask >> i & 1]
        weight = sum(WEIGHTS[i] for i in chosen)
        if weight <= CAPACITY:
            best = max(best, sum(VALUES[i] for i in chosen) - 0.01 * (CAPACITY - weight))
    return -best


def lns(m: pyo.ConcreteModel, seed: int = 0) -> FixAndOptimize:
    pairs = [[m.take[i], m.take[(i + 1) % len(VALUES)]] for i in m.goods]
    return FixAndOptimize(pairs, [], seed=seed, iterations=1e9, time_limit=None)


def test_pairs_reach_the_optimum_from_an_empty_knapsack() -> None:
    """Pairwise swaps from nothing taken: each accepted plan is cheaper, and the search ends at
    a plan no pair can improve; merged neighbourhoods (all items at last) make it optimal."""
    m = knapsack()
    start = ComponentMap((m.take[i], 0.0) for i in m.goods)
    strategy = lns(m)
    report = solve_model(m, SolveOptions(time_limit=60), start=start, strategy=strategy)
    assert report.status.has_plan
    assert report.objective == pytest.approx(best_by_brute_force())
    assert strategy.bound is not None and strategy.bound <= report.objective + 1e-9
    assert strategy.start_objective == pytest.approx(0.01 * CAPACITY)
    objectives = [objective for _, objective in strategy.history]
    assert objectives == sorted(objectives, reverse=True) and len(set(objectives)) == len(
        objectives
    )
    assert all(value in (0.0, 1.0) for value in (pyo.value(m.take[i]) for i in m.goods))


def test_same_seed_same_search() -> None:
    runs = []
    for _ in range(2):
        m = knapsack()
        strategy = lns(m, seed=7)
        solve_model(m, SolveOptions(time_limit=60), strategy=strategy)
        runs.append([(s.neighbourhood, s.free, s.gain) for s in strategy.trace])
    assert runs[0] == runs[1]


def test_the_textbook_optimum_through_solve_capital(tmp_path: object) -> None:
    """Winston's car replacement (optimum 31000) with --strategy lns: the same optimum, and a
    plan that verifies."""
    from pathlib import Path

    instance = load_instance(WINSTON)
    plan = solve_capital(instance, SolveOptions(time_limit=60), strategy=CapitalStrategy.LNS)
    assert plan.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert plan.objective == pytest.approx(31000)
    assert plan.report.termination.startswith("lns ended by the plan is proven")
    summary = plan.summary()
    # the practice baseline buys a car (demand 100% over an empty fleet) and keeps it to its
    # lifetime: 44000, which the search improves on
    assert summary["start_objective"] == pytest.approx(44000)
    assert summary["still_the_start"] is False
    assert summary["quality"].startswith("optimal: no plan is cheaper")
    from netopt import write_capital_plan

    out = write_capital_plan(plan, instance, Path(str(tmp_path)) / "out")
    assert verify(instance, out).ok


def test_the_start_plan_is_the_practice_baselines(mini: Instance) -> None:
    """The lns run measures its start: the practice baseline's plan completed by an LP costs
    what ``baseline_capital`` (an independent LP over the same decisions) says it costs."""
    plan = solve_capital(mini, SolveOptions(time_limit=60), strategy=CapitalStrategy.LNS)
    priority = baseline_capital(mini, "practice")
    assert priority.objective is not None and plan.objective is not None
    summary = plan.summary()
    assert summary["start_objective"] == pytest.approx(priority.objective, rel=1e-6)
    assert summary["still_the_start"] is (plan.objective >= priority.objective - 1e-3)


def test_a_stalled_branch_and_bound_hands_over_to_the_search(
    mini: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no time to beat the start, the whole-model stage is interrupted at once; the
    search after it still runs (HiGHS's interrupt flag is cleared) and reaches the optimum."""
    monkeypatch.setattr(lns_module, "MIP_STALL_SHARE", 0.0)
    plan = solve_capital(mini, SolveOptions(time_limit=60), strategy=CapitalStrategy.LNS)
    optimum = solve_capital(mini, SolveOptions(time_limit=60), strategy=CapitalStrategy.MIP)
    assert optimum.status is SolveStatus.OPTIMAL
    assert "branch and bound stopped early" in plan.report.termination
    assert plan.objective == pytest.approx(optimum.objective, rel=1e-6)


def test_the_clock_starts_when_the_strategy_is_made() -> None:
    """Handing the model to HiGHS takes time out of the same limit: a strategy whose time
    has passed before its run starts runs no sub-MIP (it once counted from the run's start,
    overran the deadline, and the watchdog cancelled the LP that holds the plan)."""
    import time

    m = knapsack()
    pairs = [[m.take[i], m.take[(i + 1) % len(VALUES)]] for i in m.goods]
    strategy = FixAndOptimize(pairs, [], seed=0, iterations=1e9, time_limit=2.0)
    time.sleep(2.1)
    solve_model(m, SolveOptions(time_limit=60), strategy=strategy)
    assert strategy.sub_mips == 0


def test_the_whole_model_stage_stalls_hands_over_or_goes_on() -> None:
    """Before its stall point the stage runs on; from there it stops when nothing beats the
    start; at the end of its share it hands over to the search unless its gap is already
    within HANDOVER_GAP (then the proof is worth more than what the search could gain)."""
    start, stall, end = 100.0, 10.0, 20.0
    assert stage_end(5.0, stall, end, start, primal=100.0, gap=0.5) is None
    assert stage_end(12.0, stall, end, start, primal=100.0, gap=0.5) is StageEnd.STALLED
    assert stage_end(12.0, stall, end, start, primal=90.0, gap=0.5) is None
    assert stage_end(21.0, stall, end, start, primal=90.0, gap=0.5) is StageEnd.HANDED_OVER
    assert stage_end(21.0, stall, end, start, primal=90.0, gap=HANDOVER_GAP) is None
    assert stage_end(21.0, stall, end, start, primal=90.0, gap=math.nan) is StageEnd.HANDED_OVER
