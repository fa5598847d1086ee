"""``netopt verify`` on damaged result folders, in-process with typer's runner: a located
violation and exit 1, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import netopt
from netopt.cli import app
from netopt.schema import Instance
from tests.verify.tamper import edit_summary
from tests.workforce.test_from_capital import capital_and_workforce, capital_folder

REPO = Path(__file__).resolve().parents[2]
CAR = REPO / "instances/textbook/winston_car.yaml"


@pytest.fixture(scope="module")
def car_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    instance = netopt.load_instance(CAR)
    plan = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=0.0))
    folder = tmp_path_factory.mktemp("car") / "plan"
    return instance, netopt.write_capital_plan(plan, instance, folder)


def _verify(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["verify", str(CAR), str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _copy(car_plan: tuple[Instance, Path], tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(car_plan[1], folder)
    return folder


def test_untouched_plan_exits_0(car_plan: tuple[Instance, Path]) -> None:
    code, output = _verify(car_plan[1])
    assert code == 0, output
    assert "Every constraint family holds" in output


def test_non_utf8_table_is_located(car_plan: tuple[Instance, Path], tmp_path: Path) -> None:
    folder = _copy(car_plan, tmp_path)
    path = folder / "flows.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = b"\xff" + lines[2][1:]
    path.write_bytes(b"\n".join(lines))
    code, output = _verify(folder)
    assert code == 1
    assert "[tables] file=flows.csv line=3: flows.csv line 3: byte 0xff is not UTF-8 text" in output
    assert "Traceback" not in output


def test_nan_objective_is_located(car_plan: tuple[Instance, Path], tmp_path: Path) -> None:
    folder = _copy(car_plan, tmp_path)
    path = folder / "summary.json"
    text = path.read_text()
    path.write_text(text.replace('"objective": ', '"objective": NaN, "was": ', 1))
    code, output = _verify(folder)
    assert code == 1
    assert "file=summary.json line=5 field=objective" in output
    assert "summary.json objective is nan, not a finite number" in output
    assert "Traceback" not in output


def test_unreadable_summary_is_a_violation(car_plan: tuple[Instance, Path], tmp_path: Path) -> None:
    """A summary that is not JSON: no plan can be checked, and the verdict says why."""
    folder = _copy(car_plan, tmp_path)
    (folder / "summary.json").write_text('{"status": "optimal",\n  "objective": }\n')
    code, output = _verify(folder)
    assert code == 1
    assert "VIOLATIONS FOUND (status unreadable)" in output
    assert "[tables] file=summary.json line=2: summary.json line 2: not JSON" in output


def test_plan_of_another_instance(car_plan: tuple[Instance, Path], tmp_path: Path) -> None:
    folder = _copy(car_plan, tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(CAR.read_text().replace("Winston car replacement", "Another car network"))
    result = CliRunner().invoke(app, ["verify", str(other), str(folder)])
    assert result.exit_code == 1
    assert "[instance] file=summary.json" in result.output
    assert "written for another instance" in result.output


def test_a_week_rostered_from_a_capital_plan_verifies_against_the_instance(
    tmp_path: Path,
) -> None:
    """``solve workforce --capital-plan`` then ``verify INSTANCE OUT``: exit 0, checked against
    the week in the folder; with the week deleted, exit 1 with one clear violation, no
    traceback."""
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(capital_and_workforce()))
    plan_folder = capital_folder(
        tmp_path / "capital", ["A,CT,CT,2030,existing,2020,10,1,100.0"], ["A,A,ct,CT,2030,10,3,0,0"]
    )
    out = tmp_path / "week"
    solve = ["solve", "workforce", str(source), "--out", str(out), "--no-report", "-q"]
    result = CliRunner().invoke(app, [*solve, "--capital-plan", str(plan_folder), "--year", "2030"])
    assert result.exit_code == 0, result.output
    verified = CliRunner().invoke(app, ["verify", str(source), str(out)])
    assert verified.exit_code == 0, verified.output
    assert "Workforce plan verification: OK" in verified.output
    assert "Checked against: week.yaml, the week of 2030 of the capital plan in" in verified.output
    (out / "week.yaml").unlink()
    verified = CliRunner().invoke(app, ["verify", str(source), str(out)])
    assert verified.exit_code == 1
    assert "[week] file=week.yaml: week.yaml is missing from the result folder" in verified.output
    assert "1 violation(s): week 1" in verified.output
    assert verified.exception is None or isinstance(verified.exception, SystemExit)


def test_a_week_of_another_year_verifies_against_the_instance(tmp_path: Path) -> None:
    """``solve workforce --year 2031`` of an instance whose workforce year is 2030 (20 exams
    in 2031, 10 in 2030): verified against the instance as written, the plan is checked for
    the year solved, with a note; with summary.json's year changed to 2030 the plan's 20
    exams are not 2030's 10."""
    data = capital_and_workforce()
    data["network"]["horizon_years"] = 2
    data["demand"].append({"site": "A", "exam_type": "ct", "year": 2031, "exams": 20})
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(data))
    out = tmp_path / "y2031"
    solve = ["solve", "workforce", str(source), "--out", str(out), "--no-report", "-q"]
    result = CliRunner().invoke(app, [*solve, "--year", "2031"])
    assert result.exit_code == 0, result.output
    verified = CliRunner().invoke(app, ["verify", str(source), str(out)])
    assert verified.exit_code == 0, verified.output
    assert (
        "Note: checked for 2031, the year summary.json says was solved (netopt solve workforce "
        "--year); the instance's workforce year is 2030" in verified.output
    )
    edit_summary(out, lambda s: s.update(year=2030))
    verified = CliRunner().invoke(app, ["verify", str(source), str(out)])
    assert verified.exit_code == 1
    assert "[exam_reporting] site=A exam_type=ct" in verified.output
