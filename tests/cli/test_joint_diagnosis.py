"""``netopt diagnose --model joint`` and ``netopt solve joint`` when no joint plan exists: the exit
code, the findings in words, and a result folder that holds only the diagnosis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from netopt.cli import app
from tests.cli.test_commands import netopt
from tests.joint.builders import no_outsourced_scanning, role, tiny_joint

SHORT = "give at most 7: 3 hours short"
"""The finding of ``tests/joint/test_diagnose.py``'s first test: 10 staff hours needed, 5 in
post, 2 of agency."""


def three_hours_short() -> dict[str, Any]:
    staff = role(max_hires_per_year=0, agency_hour_cost=8, max_agency_hours_per_year=2)
    return no_outsourced_scanning(
        staff_roles=[staff], staff_in_post=[{"employer": "T1", "role": "rad", "wte": 0.5}]
    )


def written(folder: Path, data: dict[str, Any], name: str = "joint.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def diagnose(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diagnose", *map(str, args)])
    return result.exit_code, result.stdout


def test_diagnose_joint_names_the_staff_hours_short(tmp_path: Path) -> None:
    """Exit 1 (no plan, proven); the finding in words, the rules in conflict in words; --json
    carries the verdict, the finding's figures and the IIS search."""
    path = written(tmp_path, three_hours_short())
    code, out = diagnose(path, "--model", "joint")
    assert code == 1
    assert "The CT scanners of Kent Trust (T1) at Alpha Hospital (A) need 10 hours" in out
    assert SHORT in out
    rules = out.split("even in fractions:")[1]
    assert "every hour the CT scanners of Kent Trust (T1) run in 2030 has its staff" in rules
    assert "[" not in rules
    code, out = diagnose(path, "--model", "joint", "--json")
    assert code == 1
    saved = json.loads(out)
    assert saved["verdict"] == "infeasible" and saved["feasible"] is False
    [finding] = saved["findings"]
    assert finding["kind"] == "staffing"
    assert finding["where"] == {"employer": "T1", "modality": "CT", "year": 2030}
    assert finding["amount"] == pytest.approx(3, abs=1e-3)
    assert saved["conflict_search"]["outcome"] == "found"
    assert "scanner_staffing[T1,CT,2030]" in saved["conflict"]


def test_diagnose_joint_of_a_feasible_instance_exits_0(tmp_path: Path) -> None:
    path = written(tmp_path, tiny_joint(staff_roles=[role(salary=50)]))
    code, out = diagnose(path, "--model", "joint")
    assert code == 0 and "The instance is feasible" in out and "hours short" not in out


def test_a_capital_plan_is_for_the_joint_diagnosis_only(tmp_path: Path) -> None:
    path = written(tmp_path, three_hours_short())
    result = CliRunner().invoke(app, ["diagnose", str(path), "--capital-plan", str(tmp_path)])
    assert result.exit_code == 2
    assert "--model joint" in result.stderr


def test_solve_joint_without_a_plan_writes_only_the_diagnosis(tmp_path: Path) -> None:
    """A joint plan's folder first (exit 0), then the same --out for an instance with no plan:
    exit 1, the status and the finding on the terminal, and the folder replaced whole by the
    summary, the workbook and the diagnosis (no table of the plan before, nothing
    half-written beside it)."""
    out = tmp_path / "out"
    feasible = written(tmp_path, tiny_joint(staff_roles=[role(salary=50)]), "feasible.yaml")
    run = netopt("solve", "joint", feasible, "--out", out, "--no-report")
    assert run.returncode == 0, run.stderr
    assert (out / "staffing.csv").exists()
    infeasible = written(tmp_path, three_hours_short(), "infeasible.yaml")
    run = netopt("solve", "joint", infeasible, "--out", out)
    assert run.returncode == 1, run.stderr
    assert "infeasible" in run.stdout
    assert SHORT in run.stderr and "Traceback" not in run.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == ["diagnosis.json", "diagnosis.txt", "plan.xlsx", "summary.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "feasible.yaml",
        "infeasible.yaml",
        "out",
    ]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible" and summary["model"] == "joint"
    saved = json.loads((out / "diagnosis.json").read_text(encoding="utf-8"))
    assert [f["kind"] for f in saved["findings"]] == ["staffing"]
    assert SHORT in (out / "diagnosis.txt").read_text(encoding="utf-8")
