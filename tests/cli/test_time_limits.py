"""Every command ends: a documented default time limit, counted on the whole wall clock, and the
summary says when it was hit (issue 10, finding 7)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from netopt import SolveOptions
from netopt.cli import app
from netopt.solve.highs import DEFAULT_TIME_LIMIT

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


def test_limit_before_the_solver_starts_is_undecided_not_no_plan(tmp_path: Path) -> None:
    """A limit that passes while the model is built: no plan was found, which is not "no plan
    exists": exit 3, the summary names the stage, the message says where the time went."""
    out = tmp_path / "o"
    for command in (["solve", "capital"], ["solve", "workforce"]):
        run = CliRunner().invoke(
            app, [*command, str(TUTORIAL), "--out", str(out), "--time-limit", "0.000001"]
        )
        assert run.exit_code == 3, run.output
        summary = json.loads((out / "summary.json").read_text())
        assert summary["status"] == "no_solution"
        assert summary["time_limit"]["reached"] is True
        assert summary["time_limit"]["stage"].startswith("building")
        assert "No plan was found within the" in run.stderr and "build" in run.stderr
        assert "does not mean none exists" in run.stderr


def test_limit_during_the_solve_keeps_the_best_plan(tmp_path: Path) -> None:
    """The tutorial at 2 s: the best plan found (the baseline start at least), status feasible,
    the limit reported as reached during the solve."""
    out = tmp_path / "o"
    run = CliRunner().invoke(
        app, ["solve", "capital", str(TUTORIAL), "--out", str(out), "--time-limit", "2"]
    )
    assert run.exit_code == 0, run.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "feasible"
    assert summary["time_limit"] == {"seconds": 2.0, "reached": True, "stage": "solve"}
    assert "Stopped at the 2 s time limit" in run.stderr and "best possible plan" in run.stderr
