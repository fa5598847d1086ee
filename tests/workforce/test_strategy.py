"""The passports-first strategy finds the same optimum as one plain HiGHS solve."""

from __future__ import annotations

import math
import time
from pathlib import Path

import highspy
import numpy as np
import pytest
import yaml

from netopt.models.workforce.build import build_workforce_model
from netopt.models.workforce.data import build_workforce_data
from netopt.models.workforce.plan import away_scanning, solve_workforce
from netopt.models.workforce.strategy import _Fresh, _OtherPassports, _Watchdog
from netopt.schema import Instance
from netopt.solve.highs import SolveOptions, SolveStatus, solve_model
from netopt.solve.progress import Progress
from tests.workforce.builders import EXACT
from tests.workforce.test_families import every_family_instance, travel_case, turnaround_case

HERE = Path(__file__).parent


def plain_optimum(instance: Instance) -> float:
    report = solve_model(build_workforce_model(build_workforce_data(instance)), EXACT)
    assert report.status is SolveStatus.OPTIMAL and report.objective is not None
    return report.objective


def per_person_instance() -> dict:
    """Every family, with passports granted per person at 10 each."""
    data = every_family_instance()
    data["workforce"].update({"passports_per_person": True, "onboarding_cost": 10.0})
    return data


@pytest.mark.parametrize(
    "data",
    [
        every_family_instance(),
        turnaround_case(1),
        travel_case(None),
        travel_case(20),
        per_person_instance(),
    ],
    ids=["every-family", "turnaround", "travel", "travel-limit", "per-person-passports"],
)
def test_staged_equals_plain(data: dict) -> None:
    instance = Instance.model_validate(
        {**data, "workforce": {**data["workforce"], "passport_policy": "network"}}
    )
    plan = solve_workforce(instance, EXACT)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(plain_optimum(instance), abs=1e-6)


def test_mip_start_whose_objective_presolve_changes() -> None:
    """Found by the property tests: HiGHS 1.16.0, given the fixed-passport plan (cost 22) as a
    MIP start, reported the optimum 21 but returned the start's values. The strategy notices
    and solves again without presolve, so the plan really costs 21."""
    data = yaml.safe_load((HERE / "highs_start_case.yaml").read_text(encoding="utf-8"))
    plan = solve_workforce(Instance.model_validate(data), EXACT)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(21.0)
    assert plan.costs.set_index("component").loc["onboarding", "annual"] == pytest.approx(1.0)


def test_staged_solve_reports_progress() -> None:
    """With passports to grant, the plans of runs 2 and 3 and the whole-model bounds are
    reported as they come, and they bracket the optimum."""
    instance = Instance.model_validate(
        {
            **every_family_instance(),
            "workforce": {**every_family_instance()["workforce"], "passport_policy": "network"},
        }
    )
    heard: list[Progress] = []
    plan = solve_workforce(instance, EXACT, progress=heard.append)
    assert plan.status is SolveStatus.OPTIMAL and plan.objective is not None
    plans = [p.objective for p in heard if p.objective is not None]
    bounds = [p.bound for p in heard if p.bound is not None]
    assert plans and bounds
    assert plans[-1] == pytest.approx(plan.objective, abs=1e-6)
    assert max(bounds) <= plan.objective + 1e-6


def three_sets() -> tuple[highspy.Highs, _OtherPassports]:
    """min x1 + 2 x2 + 4 x3 with x1 + x2 + x3 >= 1 (binaries, y continuous): the passport
    sets by cost are {x1}, {x2}, {x1, x2}, {x3}, ..."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    for cost in (1.0, 2.0, 4.0, 0.0):
        highs.addVar(0.0, 1.0)
        highs.changeColCost(highs.getNumCol() - 1, cost)
    cols = np.array([0, 1, 2], dtype=np.int32)
    highs.addRow(1.0, math.inf, 3, cols, np.array([1.0, 1.0, 1.0]))
    n = 4
    every = np.arange(n, dtype=np.int32)
    integrality = np.array([1, 1, 1, 0], dtype=np.uint8)
    highs.changeColsIntegrality(n, every, integrality)
    return highs, _OtherPassports(highs, n, every, cols, integrality.copy(), integrality)


def chosen(highs: highspy.Highs) -> list[float]:
    return [float(x) for x in np.round(highs.getSolution().col_value[:3])]


def test_other_passports_cut_off_the_sets_rostered() -> None:
    """With {x1} cut off the best set is {x2} (cost 2); with {x2} cut off too, {x1, x2} (3).
    Between the two, {x2} can be rostered with the first row in place. Afterwards the model is
    as it was: the rows are gone and the integrality restored."""
    highs, others = three_sets()
    others.cut_off(np.array([1.0, 0.0, 0.0]))
    others.relax()
    highs.solve()
    assert others.bound(highs) == pytest.approx(2.0)
    assert chosen(highs) == [0.0, 1.0, 0.0]
    others.fix(np.array([0.0, 1.0, 0.0]))
    highs.solve()
    assert highs.getInfo().objective_function_value == pytest.approx(2.0)
    others.cut_off(np.array([0.0, 1.0, 0.0]))
    others.relax()
    highs.solve()
    assert others.bound(highs) == pytest.approx(3.0)
    assert chosen(highs) == [1.0, 1.0, 0.0]
    others.restore()
    assert highs.getNumRow() == 1
    assert [int(t) for t in highs.getLp().integrality_] == [1, 1, 1, 0]
    highs.solve()
    assert highs.getInfo().objective_function_value == pytest.approx(1.0)


def test_other_passports_infeasible_when_only_one_set() -> None:
    """When the chosen set is the only feasible one, no other set bounds anything."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.addVar(0.0, 1.0)
    one = np.array([0], dtype=np.int32)
    highs.changeColsIntegrality(1, one, np.array([1], dtype=np.uint8))
    highs.addRow(1.0, math.inf, 1, one, np.array([1.0]))  # a passport that must be granted
    integrality = np.array([1], dtype=np.uint8)
    others = _OtherPassports(highs, 1, one, one, integrality, integrality)
    others.cut_off(np.array([1.0]))
    others.relax()
    highs.solve()
    assert others.bound(highs) == math.inf
    others.restore()
    assert highs.getNumRow() == 1


def test_callback_figures_of_the_last_run_are_ignored() -> None:
    """A run's callbacks count only from the first event with a -inf dual bound (HiGHS's
    presolve hands on the last run's figures)."""
    fresh = _Fresh()
    assert not fresh(123.0)
    assert fresh(-math.inf)
    assert fresh(5.0)


def test_staged_solve_bound_is_valid_under_a_gap() -> None:
    """With a 10% gap the strategy may stop early, but its bound never exceeds the optimum and
    the plan is within the gap of it."""
    data = every_family_instance()
    instance = Instance.model_validate(
        {**data, "workforce": {**data["workforce"], "passport_policy": "network"}}
    )
    optimum = plain_optimum(instance)
    plan = solve_workforce(instance, SolveOptions(mip_gap=0.1, time_limit=60))
    assert plan.report.bound is not None and plan.objective is not None
    assert plan.report.bound <= optimum + 1e-6
    assert plan.objective >= optimum - 1e-6
    assert plan.objective <= plan.report.bound / 0.9 + 1e-6
    assert "passport relaxation" in plan.report.termination


def market_split(rows: int = 4, seed: int = 3) -> highspy.Highs:
    """A market split problem (Cornuejols and Dawande 1998): ``rows`` equations over
    ``10 (rows - 1)`` binaries with random coefficients of 0-99 and right-hand sides half their
    row sums; branch and bound takes minutes on it."""
    rng = np.random.default_rng(seed)
    n = 10 * (rows - 1)
    a = rng.integers(0, 100, size=(rows, n))
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    for _ in range(n):
        highs.addVar(0.0, 1.0)
    highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    for i in range(rows):
        rhs = float(a[i].sum() // 2)
        highs.addRow(rhs, rhs, n, np.arange(n, dtype=np.int32), a[i].astype(float))
    return highs


def test_the_watchdog_stops_a_run_that_would_go_on() -> None:
    """The strategy's clock: a run still going ``seconds`` after it started is stopped, and
    the watchdog says it did (so a run it stops is not taken for the user's interrupt)."""
    highs = market_split()
    watchdog = _Watchdog()
    began = time.perf_counter()
    with watchdog.after(highs, 0.3):
        highs.solve()
    assert watchdog.fired
    assert highs.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert time.perf_counter() - began < 5.0
    quick = _Watchdog()
    with quick.after(highs, 30.0):
        highs.setOptionValue("time_limit", 0.2)
        highs.solve()
    assert not quick.fired
    assert highs.getModelStatus() == highspy.HighsModelStatus.kTimeLimit


@pytest.mark.parametrize(
    "data", [every_family_instance(), travel_case(None)], ids=["every-family", "travel"]
)
def test_each_run_starts_afresh(data: dict, tmp_path: Path) -> None:
    """HiGHS takes the last run's values as a MIP start and completes one that breaks
    integrality by a MIP of its own, whose bounds the next run's callbacks took as the run's
    (a roster stopped at once with a false own bound). No run may start from the last one's
    values: HiGHS then never completes a start (the full MIP's start is a whole plan)."""
    instance = Instance.model_validate(
        {**data, "workforce": {**data["workforce"], "passport_policy": "network"}}
    )
    log = tmp_path / "highs.log"
    plan = solve_workforce(instance, SolveOptions(mip_gap=0.0, log_file=str(log)))
    assert plan.status is SolveStatus.OPTIMAL
    assert "passport relaxation" in plan.report.termination
    assert "user-supplied values" not in log.read_text(encoding="utf-8")


def test_the_travelling_relaxation_counts_whole_people() -> None:
    """min 3 x + 4 y with 2 y + x >= 1, x a passport (binary) and y the people working away
    from home (integer). The passport relaxation (y continuous) sends half a person: 2. The
    travelling relaxation, which keeps y whole, proves the optimum 3 (the passport); with that
    set cut off, one person travels: 4."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    for cost, upper in ((3.0, 1.0), (4.0, 5.0)):
        highs.addVar(0.0, upper)
        highs.changeColCost(highs.getNumCol() - 1, cost)
    both = np.array([0, 1], dtype=np.int32)
    highs.addRow(1.0, math.inf, 2, both, np.array([1.0, 2.0]))
    integrality = np.array([1, 1], dtype=np.uint8)
    highs.changeColsIntegrality(2, both, integrality)
    passport = np.array([0], dtype=np.int32)
    passports_only = np.array([1, 0], dtype=np.uint8)

    others = _OtherPassports(highs, 2, both, passport, passports_only, integrality)
    others.relax()
    highs.solve()
    assert others.bound(highs) == pytest.approx(2.0)

    others = _OtherPassports(highs, 2, both, passport, integrality.copy(), integrality)
    others.relax()
    highs.solve()
    assert others.bound(highs) == pytest.approx(3.0)
    others.cut_off(np.array([1.0]))
    others.relax()
    highs.solve()
    assert others.bound(highs) == pytest.approx(4.0)
    others.restore()


def test_away_scanning_is_scanning_away_from_home() -> None:
    """The travelling relaxation's integers: ``ra``'s scanning at B (its passport), and none
    of anyone's work at their home site."""
    instance = Instance.model_validate(travel_case(None))
    data = build_workforce_data(instance)
    model = build_workforce_model(data)
    away = away_scanning(model, data)
    assert [v.index() for v in away] == [
        key for key in data.assignments if key[0] == "ra" and key[1] == "B"
    ]
    assert away
