"""``netopt baseline capital`` and ``netopt solve capital --compare-baselines``, through the
real command (in process, real HiGHS)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from netopt import verify
from netopt.cli import app
from netopt.cli.baseline import COMPARISON_FILE
from netopt.schema import Instance
from tests.baselines.test_policies import age_instance


def write_instance(folder: Path, budget: float = 1000.0) -> Path:
    data = age_instance()
    data["trusts"][0]["capital_budget"] = budget
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_baseline_command_writes_a_plan_that_verifies(tmp_path: Path) -> None:
    path = write_instance(tmp_path)
    out = tmp_path / "age10"
    run = CliRunner().invoke(
        app, ["baseline", "capital", str(path), "--policy", "age:10", "--out", str(out)]
    )
    assert run.exit_code == 0, run.output
    assert "net present cost" in run.stdout and "age:10" in run.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["objective"] == pytest.approx(75)
    assert (out / "purchases.csv").is_file() and (out / "plan.xlsx").is_file()
    assert verify(Instance.model_validate(yaml.safe_load(path.read_text())), out).ok


def test_baseline_command_json(tmp_path: Path) -> None:
    path = write_instance(tmp_path)
    out = tmp_path / "p"
    run = CliRunner().invoke(
        app, ["baseline", "capital", str(path), "-p", "priority", "-o", str(out), "--json"]
    )
    assert run.exit_code == 0, run.output
    summary = json.loads(run.stdout)
    assert summary["baseline"]["policy"] == "priority" and len(summary["instance_sha256"]) == 64


def test_baseline_command_exit_codes(tmp_path: Path) -> None:
    """Bad policy: 2, nothing written. Over budget: 1, the reason on stderr, summary.json only."""
    path = write_instance(tmp_path, budget=50.0)
    out = tmp_path / "out"
    bad = CliRunner().invoke(
        app, ["baseline", "capital", str(path), "--policy", "newest", "--out", str(out)]
    )
    assert bad.exit_code == 2 and "unknown baseline policy" in bad.stderr
    assert not out.exists()
    over = CliRunner().invoke(
        app, ["baseline", "capital", str(path), "--policy", "age:10", "--out", str(out)]
    )
    assert over.exit_code == 1, over.output
    assert "GBP 50 short" in over.stderr
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"
    missing = CliRunner().invoke(
        app, ["baseline", "capital", str(tmp_path / "nope.yaml"), "-p", "age:10", "-o", str(out)]
    )
    assert missing.exit_code == 2


def test_compare_baselines_prints_and_writes_in_the_folder(tmp_path: Path) -> None:
    """The comparison is printed and written inside the result folder, in the same atomic
    write (listed in summary.json's result_files), and the plan still verifies."""
    path = write_instance(tmp_path)
    out = tmp_path / "plan"
    run = CliRunner().invoke(
        app,
        ["solve", "capital", str(path), "--out", str(out), "--compare-baselines"],
        env={"COLUMNS": "200"},
    )
    assert run.exit_code == 0, run.output
    assert "optimised" in run.stdout and "age:10" in run.stdout and "GBP 25" in run.stdout
    frame = pd.read_csv(out / COMPARISON_FILE)
    assert list(frame["plan"]) == ["optimised", "practice", "priority", "age:10"]
    summary = json.loads((out / "summary.json").read_text())
    assert COMPARISON_FILE in summary["result_files"]
    assert verify(Instance.model_validate(yaml.safe_load(path.read_text())), out).ok
