"""``netopt report DIR`` and ``--no-report``: the report is added to a result folder (listed in
its ``summary.json``, so the folder still verifies and can be replaced by the next solve), or
written to a new file; a folder holding a user's file, a folder that is not a result folder and
an existing ``--output`` are refused with exit 2 and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import netopt
from netopt.cli import app
from netopt.report.page import REPORT_FILE
from tests.verify.networks import with_cdc


@pytest.fixture()
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "net.json"
    path.write_text(with_cdc().model_dump_json(), encoding="utf-8")
    return path


def solve(instance_file: Path, out: Path, *extra: str) -> None:
    run = CliRunner().invoke(
        app, ["solve", "capital", str(instance_file), "--out", str(out), "-q", *extra]
    )
    assert run.exit_code == 0, run.output


def listed(folder: Path) -> list[str]:
    return list(json.loads((folder / "summary.json").read_text())["result_files"])


def test_no_report_leaves_it_out_and_report_adds_it(instance_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    solve(instance_file, out, "--no-report")
    assert not (out / REPORT_FILE).exists()
    assert REPORT_FILE not in listed(out)
    run = CliRunner().invoke(app, ["report", str(out)])
    assert run.exit_code == 0, run.output
    assert (out / REPORT_FILE).is_file()
    assert REPORT_FILE in listed(out)
    assert netopt.verify(with_cdc(), out).ok
    again = CliRunner().invoke(app, ["report", str(out)])  # netopt's own report is replaced
    assert again.exit_code == 0, again.output
    solve(instance_file, out)  # and the folder is still netopt's to replace
    assert (out / REPORT_FILE).is_file()


def test_a_folder_with_a_users_file_is_left_alone(instance_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    solve(instance_file, out, "--no-report")
    mine = out / "notes.txt"
    mine.write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in out.iterdir())
    run = CliRunner().invoke(app, ["report", str(out)])
    assert run.exit_code == 2
    assert "notes.txt" in run.output and "--output" in run.output
    assert sorted(p.name for p in out.iterdir()) == before
    assert mine.read_text(encoding="utf-8") == "mine"


def test_output_writes_a_new_file_and_never_replaces_one(
    instance_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    solve(instance_file, out)
    page = tmp_path / "board.html"
    run = CliRunner().invoke(app, ["report", str(out), "--output", str(page)])
    assert run.exit_code == 0, run.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    page.write_text("the user's", encoding="utf-8")
    refused = CliRunner().invoke(app, ["report", str(out), "--output", str(page)])
    assert refused.exit_code == 2
    assert page.read_text(encoding="utf-8") == "the user's"
    forced = CliRunner().invoke(app, ["report", str(out), "--output", str(page), "--force"])
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize("what", ["missing", "empty", "not_netopt"])
def test_not_a_result_folder_is_refused(what: str, tmp_path: Path) -> None:
    folder = tmp_path / "x"
    if what != "missing":
        folder.mkdir()
    if what == "not_netopt":
        (folder / "summary.json").write_text('{"hello": 1}', encoding="utf-8")
    run = CliRunner().invoke(app, ["report", str(folder)])
    assert run.exit_code == 2
    assert run.exception is None or isinstance(run.exception, SystemExit)
    assert str(folder) in run.output
    assert not (folder / REPORT_FILE).exists()


def test_a_plan_that_does_not_exist_has_no_report(tmp_path: Path) -> None:
    folder = tmp_path / "none"
    folder.mkdir()
    summary = {"model": "capital", "status": "infeasible", "result_files": []}
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    run = CliRunner().invoke(app, ["report", str(folder)])
    assert run.exit_code == 2
    assert "no plan" in run.output
