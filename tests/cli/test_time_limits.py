"""Every command ends: a documented default time limit, counted on the whole wall clock, and the
summary says when it was hit (issue 10, finding 7)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt import (
    SolveOptions,
    SolveStatus,
    load_instance,
    solve_capital,
    solve_workforce,
)
from netopt.cli import app
from netopt.solve.highs import DEFAULT_TIME_LIMIT
from tests.cli.test_commands import netopt

REPO = Path(__file__).resolve().parents[2]
CAR = REPO / "instances/textbook/winston_car.yaml"
TUTORIAL = REPO / "instances/tutorial.yaml"


def test_default_limit_is_recorded() -> None:
    assert SolveOptions().time_limit == DEFAULT_TIME_LIMIT == 300.0


def test_solve_without_a_limit_uses_the_default(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["solve", "capital", str(CAR), "--out", str(tmp_path / "o")])
    assert run.exit_code == 0, run.output
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["time_limit"] == {"seconds": DEFAULT_TIME_LIMIT, "reached": False, "stage": None}


def test_limit_while_reading_is_undecided_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "o"
    run = CliRunner().invoke(
        app, ["solve", "capital", str(TUTORIAL), "--out", str(out), "--time-limit", "1e-6"]
    )
    assert run.exit_code == 3, run.output
    assert "while reading the instance" in run.stderr and "nothing was written" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_limit_before_the_solver_starts_is_no_solution_naming_the_stage() -> None:
    """A limit that passes while the model is built, even inside a constraint family: no plan
    was found, which is not "no plan exists" (status no_solution, the stage named)."""
    instance = load_instance(TUTORIAL)
    for solve in (solve_capital, solve_workforce):
        plan = solve(instance, SolveOptions(time_limit=1e-6))
        assert plan.status is SolveStatus.NO_SOLUTION
        assert plan.report.limit_reached and plan.report.stage.startswith("building the model")
        assert plan.summary()["time_limit"]["reached"] is True


def test_deadline_stops_highs_and_keeps_the_best_plan() -> None:
    """HiGHS gets what is left of the deadline: with 1.5 s left after building, the tutorial
    (never proven optimal that fast) ends with the best plan found, its limit reached."""
    from netopt.baselines.capital import policy_start
    from netopt.models.capital.build import build_capital_model
    from netopt.models.capital.data import build_capital_data
    from netopt.solve.clock import Deadline
    from netopt.solve.highs import solve_model

    instance = load_instance(TUTORIAL)
    data = build_capital_data(instance)
    model = build_capital_model(data)
    start = policy_start(instance, data, model)
    deadline = Deadline(100.0, began=time.perf_counter() - 98.5)
    report = solve_model(model, SolveOptions(time_limit=100.0), start=start, deadline=deadline)
    assert report.status is SolveStatus.FEASIBLE and report.limit_reached
    assert report.solve_seconds < 1.5 + 2.0  # the watchdog stops it half a second after at most


@pytest.mark.slow
def test_limit_during_the_solve_keeps_the_best_plan(tmp_path: Path) -> None:
    """The tutorial at 20 s (never proven optimal in 20 s): the best plan found, status
    feasible, the limit reported as reached during the solve, with where the time went."""
    out = tmp_path / "o"
    run = CliRunner().invoke(
        app, ["solve", "capital", str(TUTORIAL), "--out", str(out), "--time-limit", "20"]
    )
    assert run.exit_code == 0, run.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "feasible"
    assert summary["time_limit"] == {"seconds": 20.0, "reached": True, "stage": "solving"}
    assert "Stopped at the 20 s time limit (start and reading" in run.stderr
    assert "best possible plan" in run.stderr


@pytest.mark.slow
def test_alternatives_end_within_the_time_limit(tmp_path: Path) -> None:
    """The tutorial at 20 s with two alternatives: the best plan has half the time, the
    alternatives and their folders the rest, and the whole command ends within its limit (the
    subprocess's wall clock, with a second for starting Python)."""
    out = tmp_path / "plan"
    began = time.perf_counter()
    run = netopt(
        "solve", "capital", TUTORIAL, "--out", out, "--time-limit", "20", "--alternatives", "2"
    )
    seconds = time.perf_counter() - began
    assert run.returncode == 0, run.stderr
    assert seconds <= 21.0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["time_limit"]["seconds"] <= 10.0  # the best plan's half
    assert "alternatives.csv" in summary["result_files"]
    assert "the alternatives the rest" in run.stderr
