"""``netopt solve capital --alternatives K --slack S`` end to end (a subprocess, real HiGHS), and
the verifier's check of ``alternatives.csv``.

The network is the two-site one of ``tests/capital/test_alternatives.py``: the best plan buys
a unit at A (GBP 100); within 15% the only other plan buys it at B, a minute away (GBP 110).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from netopt import verify
from netopt.schema import Instance
from tests.capital.test_alternatives import two_sites
from tests.cli.test_commands import netopt


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(instance file, --out folder) of one run asking for two alternatives within 15%."""
    root = tmp_path_factory.mktemp("alternatives")
    instance = root / "two-sites.yaml"
    instance.write_text(yaml.safe_dump(two_sites()), encoding="utf-8")
    out = root / "plan"
    run = netopt(
        "solve",
        "capital",
        instance,
        "--out",
        out,
        "--alternatives",
        "2",
        "--slack",
        "0.15",
        "--mip-gap",
        "0",
        "--time-limit",
        "30",
    )
    assert run.returncode == 0, run.stderr
    assert "Near-optimal alternatives" in run.stdout
    assert "no other plan" in run.stderr  # only one alternative exists within 15%
    return instance, out


def test_the_alternative_is_written_beside_the_plan_and_both_verify(
    solved: tuple[Path, Path],
) -> None:
    instance_file, out = solved
    instance = Instance.model_validate(yaml.safe_load(instance_file.read_text()))
    other = out.with_name("plan-alternative-1")
    assert other.is_dir() and not out.with_name("plan-alternative-2").exists()
    for folder in (out, other):
        report = verify(instance, folder)
        assert report.ok, report.render()
    assert json.loads((other / "summary.json").read_text())["objective"] == pytest.approx(110)
    listed = json.loads((out / "summary.json").read_text())["result_files"]
    assert "alternatives.csv" in listed


def test_the_table_names_each_plan_its_folder_and_what_moved(solved: tuple[Path, Path]) -> None:
    _, out = solved
    frame = pd.read_csv(out / "alternatives.csv", keep_default_na=False)
    assert frame["plan"].tolist() == ["best", "alternative-1"]
    assert frame["folder"].tolist() == ["", "plan-alternative-1"]
    row = frame.iloc[1]
    assert row["objective"] == pytest.approx(110)
    assert row["above_best_pct"] == pytest.approx(10)
    assert (row["only_here"], row["only_in_best"]) == ("B CT 2030 x1", "A CT 2030 x1")


@pytest.mark.parametrize(
    ("column", "value", "found"),
    [
        ("objective", "105", "objective"),
        ("units_moved", "3", "units_moved"),
        ("only_here", "A CT 2030 x1", "only_here"),
        ("folder", "elsewhere", "holds no plan"),
        ("above_best", "1", "above_best"),
    ],
)
def test_a_changed_alternatives_row_is_found(
    solved: tuple[Path, Path], tmp_path: Path, column: str, value: str, found: str
) -> None:
    instance_file, out = solved
    instance = Instance.model_validate(yaml.safe_load(instance_file.read_text()))
    copy = tmp_path / "plan"
    shutil.copytree(out, copy)
    shutil.copytree(out.with_name("plan-alternative-1"), tmp_path / "plan-alternative-1")
    frame = pd.read_csv(copy / "alternatives.csv", keep_default_na=False, dtype=str)
    frame.loc[1, column] = value
    frame.to_csv(copy / "alternatives.csv", index=False)
    report = verify(instance, copy)
    tables = [v.message for v in report.violations if v.constraint == "tables"]
    assert any(found in message for message in tables), report.render()


def test_a_foreign_folder_where_an_alternative_would_go_is_refused_before_any_work(
    solved: tuple[Path, Path], tmp_path: Path
) -> None:
    instance_file, _ = solved
    mine = tmp_path / "plan-alternative-1"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    out = tmp_path / "plan"
    run = netopt("solve", "capital", instance_file, "--out", out, "--alternatives", "1")
    assert run.returncode == 2
    assert "--alternatives" in run.stderr and "notes.txt" in run.stderr
    assert not out.exists()
    assert (mine / "notes.txt").read_text() == "mine"
