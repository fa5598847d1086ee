"""Progress of a solve: the tracker keeps the best plan and bound, HiGHS's callbacks feed it,
and ``solve_capital`` reports through it with real HiGHS (both strategies)."""

from __future__ import annotations

import math
from pathlib import Path

import highspy
import numpy as np
import pytest

import netopt
from netopt.solve.progress import Progress, ProgressTracker

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "instances/tutorial.yaml"
CAR = REPO / "instances/textbook/winston_car.yaml"


def test_tracker_keeps_the_cheapest_plan_and_the_highest_bound() -> None:
    heard: list[Progress] = []
    tracker = ProgressTracker(heard.append, began=0.0)
    tracker.plan(100.0)
    tracker.plan(120.0)  # worse: not reported
    tracker.bound(50.0)
    tracker.bound(40.0)  # weaker: not reported
    tracker.plan(math.inf)  # no plan: not reported
    tracker.bound(-math.inf)
    tracker.plan(80.0)
    assert [(p.objective, p.bound) for p in heard] == [(100.0, None), (100.0, 50.0), (80.0, 50.0)]
    assert heard[-1].gap == pytest.approx(30.0 / 80.0)
    assert Progress(1.0, None, 5.0).gap is None


def _knapsack() -> highspy.Highs:
    """max sum v x, sum w x <= 25 over 12 binary items, as a minimisation (optimum by brute
    force below)."""
    rng = np.random.default_rng(3)
    w, v = rng.integers(3, 12, 12), rng.integers(5, 30, 12)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    n = w.size
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), -v.astype(float))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    h.addRow(-highspy.kHighsInf, 25.0, n, np.arange(n, dtype=np.int32), w.astype(float))
    best = min(
        -sum(int(v[i]) for i in range(n) if mask >> i & 1)
        for mask in range(1 << n)
        if sum(int(w[i]) for i in range(n) if mask >> i & 1) <= 25
    )
    h.brute_force_optimum = best  # type: ignore[attr-defined]
    return h


def test_watch_reports_highs_plans_and_bounds() -> None:
    highs = _knapsack()
    heard: list[Progress] = []
    tracker = ProgressTracker(heard.append)
    with tracker.watch(highs, bounds=True):
        highs.solve()
    optimum = highs.brute_force_optimum  # type: ignore[attr-defined]
    assert heard, "HiGHS reported nothing"
    assert heard[-1].objective == pytest.approx(optimum)
    for p in heard:
        assert p.objective is None or p.objective >= optimum - 1e-9
        assert p.bound is None or p.bound <= optimum + 1e-9


@pytest.mark.parametrize(
    ("path", "strategy", "limit"),
    [
        (CAR, "mip", 10.0),
        (CAR, "lns", 10.0),
        pytest.param(TUTORIAL, "mip", 8.0, marks=pytest.mark.slow),
        pytest.param(TUTORIAL, "lns", 8.0, marks=pytest.mark.slow),
    ],
)
def test_solve_capital_reports_progress(path: Path, strategy: str, limit: float) -> None:
    heard: list[Progress] = []
    instance = netopt.load_instance(path)
    plan = netopt.solve_capital(
        instance, netopt.SolveOptions(time_limit=limit), strategy=strategy, progress=heard.append
    )
    assert plan.report.objective is not None and plan.report.bound is not None
    plans = [p.objective for p in heard if p.objective is not None]
    bounds = [p.bound for p in heard if p.bound is not None]
    assert plans and bounds
    assert plans == sorted(plans, reverse=True)  # only better plans are reported
    assert bounds == sorted(bounds)
    tolerance = 1e-9 * plan.report.objective
    # the last plan heard of is the plan returned (an LP may still lower its continuous part)
    assert plans[-1] >= plan.report.objective - tolerance
    assert plans[-1] <= plan.report.objective * (1 + 1e-6)
    assert max(bounds) <= plan.report.objective + tolerance
    assert all(0 <= p.seconds <= limit + 5 for p in heard)
