"""Saving and loading in every format gives back the same instance."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from netopt.io import (
    FileFormat,
    file_format,
    instance_hash,
    instance_json_schema,
    load_instance,
    save_instance,
)
from netopt.io.tables import reference_markdown, tables
from netopt.schema import Instance

SUFFIXES = [".yaml", ".yml", ".json", ".xlsx"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_winston_round_trip(winston: Instance, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"winston{suffix}"
    save_instance(winston, path)
    assert load_instance(path) == winston


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_mini_round_trip_and_hash(mini: Instance, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"mini{suffix}"
    save_instance(mini, path)
    again = load_instance(path)
    assert again == mini
    assert instance_hash(again) == instance_hash(mini)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_outsourcing_limits_and_in_house_cost_round_trip(
    mini: Instance, tmp_path: Path, suffix: str
) -> None:
    """The in-house cost, the outsourcing capacity and the ``outsourcing_limits`` table (a
    table the mini network lacks) come back from every format as written."""
    data: dict[str, Any] = mini.model_dump()
    data["exam_types"][0].update(in_house_cost=42.5, outsourcing_capacity=900.0)
    data["outsourcing_limits"] = [
        {"exam_type": data["exam_types"][0]["id"], "year": 2027, "max_exams": 500.0},
        {"exam_type": data["exam_types"][1]["id"], "year": 2028, "max_exams": 0.0},
    ]
    instance = Instance.model_validate(data)
    path = tmp_path / f"limits{suffix}"
    save_instance(instance, path)
    again = load_instance(path)
    assert again == instance
    assert again.outsourcing_limits[1].max_exams == 0.0
    assert again.exam_types[0].in_house_cost == 42.5


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_travel_limits_and_access_target_round_trip(
    mini: Instance, tmp_path: Path, suffix: str
) -> None:
    """An exam type's travel limit, the ``travel_limits`` table (one row per modality, one
    per exam type: an empty ``exam_type`` stays empty) and the access target come back from
    every format as written."""
    data: dict[str, Any] = mini.model_dump()
    first = data["exam_types"][0]
    first.update(max_travel_minutes=20.0)
    data["travel_limits"] = [
        {
            "origin": data["sites"][0]["id"],
            "modality": first["modality"],
            "max_travel_minutes": 90.0,
        },
        {
            "origin": data["sites"][1]["id"],
            "modality": first["modality"],
            "exam_type": first["id"],
            "max_travel_minutes": 15.0,
        },
    ]
    data["policy"].update(access_minutes=45.0, access_share=0.9)
    instance = Instance.model_validate(data)
    path = tmp_path / f"reach{suffix}"
    save_instance(instance, path)
    again = load_instance(path)
    assert again == instance
    assert again.travel_limits[0].exam_type is None
    assert again.policy.access_share == 0.9


def test_hash_is_format_independent_and_content_sensitive(
    winston: Instance, tmp_path: Path
) -> None:
    hashes = set()
    for suffix in SUFFIXES:
        save_instance(winston, tmp_path / f"w{suffix}")
        hashes.add(instance_hash(load_instance(tmp_path / f"w{suffix}")))
    assert len(hashes) == 1
    (digest,) = hashes
    assert len(digest) == 64 and int(digest, 16) >= 0
    data = winston.model_dump()
    data["network"]["discount_rate"] = 0.01
    assert instance_hash(Instance.model_validate(data)) != digest


def _with_awkward_text(winston: Instance) -> Instance:
    """Names a careless writer would corrupt: YAML 1.1/1.2 keywords, numbers, formulas."""
    data: dict[str, Any] = winston.model_dump()
    names = [
        *("yes", "NO", "y", "TRUE", "Null", "~", "", "010", "0o17", "0x1F", "1_000", ".5", "+1"),
        *("1e3", "2020-01-01", "12:30", "=SUM(A1:A2)", "a: b #c", "St Mary's", "a, b", "[x]"),
        *("{y}", "- dash", "#hash", "trailing ", " leading", "%", "@at", "`tick", "!bang"),
        *("*star", "&amp", "?q", "|pipe", ">gt", '"dq"', "tab\there", "del\x7f", "Hôpital ✓"),
        *("emoji 😀", "two\nlines", "back\\slash", "x" * 300),
    ]
    data["trusts"][0]["name"] = names[0]
    data["sites"] = [
        {**data["sites"][0], "id": f"s{i}", "name": name} for i, name in enumerate(names)
    ]
    data["sites"][0]["id"] = "home"
    data["network"]["name"] = "0x1F"
    data["catalogue"][0]["capabilities"] = ["on", "off"]
    data["exam_types"][0]["growth_rate"] = 1e-7
    data["age_profiles"][0]["maintenance_cost"] = 1e9
    return Instance.model_validate(data)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_awkward_values_survive(winston: Instance, tmp_path: Path, suffix: str) -> None:
    awkward = _with_awkward_text(winston)
    path = tmp_path / f"awkward{suffix}"
    save_instance(awkward, path)
    assert load_instance(path) == awkward
    if suffix in (".yaml", ".yml"):  # a YAML 1.1 reader (PyYAML's default) agrees
        assert Instance.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))) == awkward


def test_yaml_is_compact(mini: Instance, tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    save_instance(mini, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [line for line in lines if line.startswith("  - ")]
    assert len(records) == sum(len(getattr(mini, t.name)) for t in tables() if t.is_list)
    assert all(line.startswith("  - {") and line.endswith("}") for line in records)
    assert "carry_over: false" not in path.read_text()  # defaults are left out
    assert "travel:" not in lines  # a section equal to its default is left out


def test_json_has_every_field(winston: Instance, tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    save_instance(winston, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["travel"]["method"] == "coordinates"
    assert data["trusts"][0]["carry_over"] is False


def test_save_is_atomic(winston: Instance, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("old content", encoding="utf-8")
    os.chmod(path, 0o640)
    save_instance(winston, path)
    assert load_instance(path) == winston
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.yaml"]


def test_failed_save_leaves_the_old_file(winston: Instance, tmp_path: Path) -> None:
    # The schema forbids commas in ids; model_copy skips validation, as a careless embedder might.
    model = winston.catalogue[0].model_copy(update={"capabilities": ["a,b"]})
    bad = winston.model_copy(update={"catalogue": [model]})
    path = tmp_path / "w.xlsx"
    save_instance(winston, path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="comma"):
        save_instance(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.xlsx"]


def test_save_unsupported_extension(winston: Instance, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unsupported file type '\.csv'"):
        save_instance(winston, tmp_path / "w.csv")


def test_file_format() -> None:
    assert file_format("a/b.YML") is FileFormat.YAML
    assert file_format("x.json") is FileFormat.JSON
    assert file_format(Path("x.xlsx")) is FileFormat.EXCEL
    assert file_format("x.xls") is None


def test_json_schema_lists_every_table() -> None:
    schema = instance_json_schema()
    assert schema["title"] == "Instance"
    assert set(schema["properties"]) == {t.name for t in tables()}
    assert "Trust" in schema["$defs"]
    json.dumps(schema)  # serialisable as is


def test_docs_field_reference_is_current() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "file-formats.md").read_text()
    assert docs.rstrip().endswith(reference_markdown().rstrip()), (
        "docs/file-formats.md is out of date: replace its field reference with "
        "netopt.io.tables.reference_markdown()"
    )
