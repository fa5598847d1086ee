"""Every number of an instance has a documented range that keeps the models solvable; whole
numbers written with a decimal point (5.0) read as whole numbers in every format."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import netopt
from netopt.io import load_instance
from netopt.io.tables import FieldKind, bounds, field_kind, tables
from netopt.schema import Instance, InstanceError
from netopt.solve.highs import SolveStatus
from tests.conftest import MINI

REPO = Path(__file__).resolve().parents[2]
MINI_TEXT = MINI.read_text(encoding="utf-8")


def numeric_fields() -> list[tuple[str, str]]:
    return [
        (t.name, name)
        for t in tables()
        for name, info in t.fields.items()
        if field_kind(info) in (FieldKind.INTEGER, FieldKind.NUMBER)
    ]


@pytest.mark.parametrize(("table", "name"), numeric_fields(), ids=lambda x: str(x))
def test_every_number_has_a_range(table: str, name: str) -> None:
    """A lower and an upper bound on every number: 1e300 minutes or a GBP 1e300 price are
    refused where they are written, instead of making the model unbounded."""
    t = next(t for t in tables() if t.name == table)
    found = bounds(t.fields[name])
    assert {"ge", "gt"} & set(found), f"{table}.{name} has no lower bound"
    assert {"le", "lt"} & set(found), f"{table}.{name} has no upper bound"


def test_scan_minutes_1e300_refused_with_its_range(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(MINI_TEXT.replace("scan_minutes: 15,", "scan_minutes: 1e300,"))
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    (problem,) = caught.value.problems
    assert problem.message == "must be from 0.1 to 1,440, got 1e+300"
    assert problem.place == "huge.yaml line 26 (exam_types[0].scan_minutes)"


@pytest.mark.parametrize(
    "instance",
    sorted(
        str(p.relative_to(REPO))
        for p in [*REPO.glob("instances/*.yaml"), *REPO.glob("instances/*/*.yaml")]
        if p.parent.name != "studies"  # study files, not instances (tests/study reads them)
    ),
)
def test_shipped_instances_within_ranges(instance: str) -> None:
    assert load_instance(REPO / instance)


# --------------------------------------------------------------------------- whole numbers


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_whole_number_with_decimal_point_accepted(tmp_path: Path, suffix: str) -> None:
    """Excel stores every number as a float, data tools write 2030.0: a whole number written
    with a decimal point reads as that whole number in YAML and JSON too."""
    data = load_instance(MINI).model_dump(mode="json")
    data["network"]["horizon_years"] = 5.0
    data["network"]["first_year"] = 2026.0
    data["rooms"][0]["rooms"] = 2.0
    path = tmp_path / f"floats{suffix}"
    path.write_text(json.dumps(data))  # JSON is YAML too
    loaded = load_instance(path)
    assert loaded == load_instance(MINI)
    assert type(loaded.network.horizon_years) is int and type(loaded.rooms[0].rooms) is int


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5.5", "expected a whole number, got 5.5"),
        ("1e300", "expected a whole number, got 1e+300"),
        ("'5'", "expected a whole number, got '5'"),
        ("true", "expected a whole number, got true"),
    ],
)
def test_not_whole_numbers_refused(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(MINI_TEXT.replace("  horizon_years: 5\n", f"  horizon_years: {value}\n"))
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert [p.message for p in caught.value.problems] == [message]


# --------------------------------------------------------------------------- cross-field


def mini_data() -> dict[str, Any]:
    return load_instance(MINI).model_dump(mode="json")


def test_demand_growth_explosion_refused() -> None:
    """exams and growth_rate are each in range, but 100% a year from 1950 gives 1e28 exams by
    the plan's end: refused at the demand row."""
    data = mini_data()
    data["demand"][1].update(year=1950, growth_rate=1.0)
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(data)
    (problem,) = caught.value.problems
    assert problem.loc == ("demand", 1)
    assert problem.message.startswith("8000 CT-head exams at south in 1950, growing 100.0% a year")
    assert "at most 10,000,000 exams of one type at one site a year" in problem.message


def test_demand_growth_counts_only_years_a_row_sets() -> None:
    """A later row takes over from its year: the earlier row's growth stops there."""
    data = mini_data()
    data["demand"][1].update(year=1950, growth_rate=1.0)
    data["demand"].append({"site": "south", "exam_type": "CT-head", "year": 1960, "exams": 8000})
    assert Instance.model_validate(data)


def test_tiny_report_minutes_refused() -> None:
    data = mini_data()
    data["exam_types"][0]["report_minutes"] = 1e-300
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(data)
    (problem,) = caught.value.problems
    assert problem.loc == ("exam_types", 0, "report_minutes")
    assert problem.message == "must be 0 or from 0.1 to 1,440, got 1e-300"


# --------------------------------------------------------------------------- solvable extremes

EXTREMES: dict[str, dict[str, Any]] = {
    "longest scans": {"exam_types": {"scan_minutes": 1440.0}},
    "shortest scans": {"exam_types": {"scan_minutes": 0.1}},
    "most exams, longest scans": {
        "demand": {"exams": 8e6, "growth_rate": 0.0},
        "exam_types": {"scan_minutes": 1440.0},
    },
    "dearest outsourcing": {
        "demand": {"exams": 8e6, "growth_rate": 0.0},
        "exam_types": {"outsourcing_cost": 1e6},
    },
    "fewest hours": {"catalogue": {"hours_per_year": 1.0}, "assets": {"hours_per_year": 1.0}},
    "dearest scanners": {
        "catalogue": {"price": 1e9},
        "age_profiles": {"maintenance_cost": 1e9, "resale_value": 1e9},
        "trusts": {"capital_budget": 1e11},
    },
    "tiny money": {"catalogue": {"price": 1e-300}, "exam_types": {"outsourcing_cost": 1e-300}},
    "slowest, dearest travel": {
        "policy": {"travel_cost_per_minute": 1e4},
        "travel": {"speed_kmh": 1.0, "road_factor": 5.0},
    },
}


def extreme(changes: dict[str, dict[str, Any]]) -> Instance:
    data = copy.deepcopy(mini_data())
    for table, values in changes.items():
        for record in data[table] if isinstance(data[table], list) else [data[table]]:
            record.update(values)
    return Instance.model_validate(data)


@pytest.mark.parametrize("name", list(EXTREMES))
def test_extremes_within_ranges_solve(name: str) -> None:
    """Instances at the ends of the ranges solve to a plan or a proof of infeasibility: never
    'unbounded' (what scan_minutes 1e300 gave) nor a solver error."""
    plan = netopt.solve_capital(extreme(EXTREMES[name]), netopt.SolveOptions(time_limit=60))
    assert plan.report.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE), plan.report
