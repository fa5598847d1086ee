"""The ``netopt`` command end to end, run as a user runs it (a subprocess), with real HiGHS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "instances/tutorial.yaml"
CAR = REPO / "instances/textbook/winston_car.yaml"


def netopt(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``netopt ARGS`` with this interpreter; never raises on a non-zero exit."""
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "netopt", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=600,
    )


@pytest.mark.slow
def test_tutorial_end_to_end(tmp_path: Path) -> None:
    """Solve the tutorial with a time limit, get a plan and every output, and verify it."""
    out = tmp_path / "tutorial"
    run = netopt("solve", "capital", TUTORIAL, "--out", out, "--time-limit", "20")
    assert run.returncode == 0, run.stderr
    assert "Capital plan" in run.stdout and "net present cost" in run.stdout
    assert "net present cost to each trust" in run.stdout  # the tutorial has several trusts
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] in ("optimal", "feasible")
    assert summary["objective"] > 0 and summary["bound"] <= summary["objective"] * (1 + 1e-9)
    assert set(summary["timings"]) >= {"build_seconds", "solve_seconds", "total_seconds"}
    assert summary["solver"]["name"] == "highs" and summary["solver"]["version"]
    assert len(summary["instance_sha256"]) == 64
    for table in (
        "asset_decisions",
        "purchases",
        "payments",
        "fleet",
        "capacity",
        "spend",
        "flows",
        "outsourced",
        "costs",
    ):
        assert (out / f"{table}.csv").is_file(), table
    assert (out / "plan.xlsx").is_file()
    check = netopt("verify", TUTORIAL, out)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Every constraint family holds" in check.stdout


def test_textbook_json_output(tmp_path: Path) -> None:
    """``--json`` prints summary.json to stdout: the textbook optimum 31000."""
    run = netopt("solve", "capital", CAR, "--out", tmp_path / "car", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["status"] == "optimal"
    assert summary["objective"] == pytest.approx(31000)


def test_infeasible_exits_1_and_says_so(tmp_path: Path) -> None:
    """A car that may not be bought (budget 0) cannot meet demand: exit 1, status infeasible."""
    text = CAR.read_text().replace("capital_budget: 1000000", "capital_budget: 0")
    instance = tmp_path / "car.yaml"
    instance.write_text(text)
    run = netopt("solve", "capital", instance, "--out", tmp_path / "out")
    assert run.returncode == 1
    assert "infeasible" in run.stdout + run.stderr
    assert json.loads((tmp_path / "out/summary.json").read_text())["status"] == "infeasible"


def test_bad_input_exits_2_writes_nothing(tmp_path: Path) -> None:
    """An unknown site reference: exit 2, the message names the place, no traceback, no folder."""
    text = CAR.read_text().replace(
        "{site: home, exam_type: driving", "{site: hom, exam_type: driving"
    )
    instance = tmp_path / "car.yaml"
    instance.write_text(text)
    out = tmp_path / "out"
    run = netopt("solve", "capital", instance, "--out", out)
    assert run.returncode == 2
    assert "car.yaml" in run.stderr and "hom" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_misspelt_highs_option_is_refused(tmp_path: Path) -> None:
    """HiGHS would ignore a misspelt option silently; netopt refuses it with exit 2."""
    run = netopt(
        "solve", "capital", CAR, "--out", tmp_path / "o", "--highs-option", "mip_rel_gapp=0.1"
    )
    assert run.returncode == 2
    assert "mip_rel_gapp" in run.stderr
    assert not (tmp_path / "o").exists()


def test_highs_options_that_write_files_are_refused(tmp_path: Path) -> None:
    """HiGHS would create (or overwrite) the file an option names, even while the options are
    checked: such options are refused before HiGHS sees them, and the file is not touched."""
    precious = tmp_path / "notes.txt"
    precious.write_text("mine")
    run = netopt(
        "solve", "capital", CAR, "--out", tmp_path / "o", "--highs-option", f"log_file={precious}"
    )
    assert run.returncode == 2 and "log_file" in run.stderr and "--log FILE" in run.stderr
    assert precious.read_text() == "mine"
    assert not (tmp_path / "o").exists()


def test_log_file_gets_the_solver_log(tmp_path: Path) -> None:
    log = tmp_path / "highs.log"
    run = netopt("solve", "capital", CAR, "--out", tmp_path / "o", "--log", log, "--quiet")
    assert run.returncode == 0, run.stderr
    assert "Running HiGHS" in log.read_text()
    assert "Running HiGHS" not in run.stdout + run.stderr  # to the file instead of the terminal


@pytest.mark.parametrize("where", ["existing", "inside_out", "no_folder"])
def test_unusable_log_file_is_refused(tmp_path: Path, where: str) -> None:
    """--log never touches an existing file, nor a file in the result folder (replaced whole)
    nor in a folder that does not exist: exit 2 before any work."""
    out = tmp_path / "o"
    log = {
        "existing": tmp_path / "mine.log",
        "inside_out": out / "highs.log",
        "no_folder": tmp_path / "missing" / "highs.log",
    }[where]
    if where == "existing":
        log.write_text("mine")
    if where == "inside_out":
        out.mkdir()  # an empty folder is a usable --out
    run = netopt("solve", "capital", CAR, "--out", out, "--log", log)
    assert run.returncode == 2, run.stderr
    assert "--log" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists() or not any(out.iterdir())
    if where == "existing":
        assert log.read_text() == "mine"
    if where == "inside_out":
        assert "inside the result folder" in run.stderr


def test_failed_run_keeps_previous_folder(tmp_path: Path) -> None:
    """A run that fails on bad input leaves an existing result folder exactly as it was."""
    out = tmp_path / "out"
    assert netopt("solve", "capital", CAR, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.yaml"
    bad.write_text("network: [")
    assert netopt("solve", "capital", bad, "--out", out).returncode == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_validate_template_and_schema(tmp_path: Path) -> None:
    assert netopt("validate", TUTORIAL).returncode == 0
    template = tmp_path / "template.xlsx"
    assert netopt("template", template).returncode == 0 and template.is_file()
    schema = json.loads(netopt("schema").stdout)
    assert "trusts" in schema["properties"]


@pytest.mark.slow
def test_sigterm_during_solve_keeps_previous_folder(tmp_path: Path) -> None:
    """SIGTERM while HiGHS is solving: the solver stops, a message says so, exit 130, and the
    previous result folder is left exactly as it was (nothing half-written beside it)."""
    import signal
    import time

    out = tmp_path / "out"
    assert netopt("solve", "capital", CAR, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    log = tmp_path / "highs.log"
    command = ["solve", "capital", str(TUTORIAL), "--out", str(out), "--log", str(log)]
    process = subprocess.Popen(
        [sys.executable, "-m", "netopt", *command, "--time-limit", "300"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        # HiGHS writes its banner to the log when the solver is created, just before solving
        # (which takes well over a minute on the tutorial); wait for it, at most a minute.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            not log.is_file() or "Running HiGHS" not in log.read_text(errors="replace")
        ):
            time.sleep(0.2)
        assert log.is_file() and "Running HiGHS" in log.read_text(errors="replace")
        time.sleep(3.0)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:  # a failed assertion above: never leave it running
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "left as it was" in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["highs.log", "out"]
