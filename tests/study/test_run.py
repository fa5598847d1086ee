"""Running a study for real (HiGHS, spawned processes, Dask): one verifiable result folder per
scenario, study.json and the comparison; a rerun reuses what is solved; one scenario's failure
leaves the others solved; a Dask LocalCluster and a scheduler and worker started as separate
processes give the same plans as the process pool.

The base is the two-trust network with a network CDC (``tests.verify.networks.with_cdc``),
solved to optimality in well under a second, so every run gives the same plans.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import netopt
from netopt.cli import app
from netopt.study.apply import read_study, scenario_instance
from netopt.study.run import COMPARISON_FILE, FAILED, STUDY_FILE, run_study
from tests.verify.networks import with_cdc

STUDY = """\
name: two trusts
base: net.json
options: {time_limit: 30, mip_gap: 0}
scenarios:
  - name: budgets-20
    description: budgets 20% lower
    changes:
      - {table: trusts, scale: {capital_budget: 0.8}}
  - name: dear-outsourcing
    changes:
      - {table: exam_types, scale: {outsourcing_cost: 2}}
"""


@pytest.fixture()
def study_file(tmp_path: Path) -> Path:
    (tmp_path / "net.json").write_text(with_cdc().model_dump_json(), encoding="utf-8")
    path = tmp_path / "study.yaml"
    path.write_text(STUDY, encoding="utf-8")
    return path


def objectives(out: Path) -> dict[str, float]:
    record = json.loads((out / STUDY_FILE).read_text(encoding="utf-8"))
    return {s["name"]: s["objective"] for s in record["scenarios"]}


def check_study_folder(study_file: Path, out: Path) -> None:
    """Every scenario's folder verifies against its own instance; the comparison has a row
    per scenario, base first, with the objectives of study.json."""
    study = read_study(study_file)
    for scenario in study.study.all_scenarios():
        folder = out / "scenarios" / scenario.name
        report = netopt.verify(scenario_instance(study, scenario), folder)
        assert report.ok, report.render()
    comparison = pd.read_csv(out / COMPARISON_FILE)
    assert list(comparison["scenario"]) == ["base", "budgets-20", "dear-outsourcing"]
    assert list(comparison["objective"]) == pytest.approx(list(objectives(out).values()))
    book = openpyxl.load_workbook(out / "comparison.xlsx", read_only=True)
    readme = [tuple(row) for row in book["README"].iter_rows(values_only=True)]
    documented = {row[1]: row[2] for row in readme if len(row) > 3 and row[0] == "comparison"}
    assert set(comparison.columns) <= set(documented)  # every column with its unit
    assert documented["objective"] == "GBP, present value"
    assert documented["capital_A"] == "GBP"
    sheet = [tuple(r) for r in book["comparison"].iter_rows(values_only=True)]
    assert sheet[0][: len(comparison.columns)] == tuple(comparison.columns)
    page = (out / "comparison.html").read_text(encoding="utf-8")
    for chart in ("cost", "capital", "outsourcing", "fleet"):
        assert f'id="chart-{chart}"' in page
    assert "budgets 20% lower" in page  # the scenarios' descriptions


@pytest.mark.parametrize("workers", [1, 2])
def test_a_study_solves_every_scenario_into_a_verifiable_folder(
    study_file: Path, tmp_path: Path, workers: int
) -> None:
    out = tmp_path / "out"
    heard: list[str] = []
    result = run_study(
        read_study(study_file), out, workers, progress=lambda o, i, n: heard.append(o.name)
    )
    assert sorted(heard) == ["base", "budgets-20", "dear-outsourcing"]
    assert [o.status for o in result.outcomes] == ["optimal"] * 3
    assert result.runner == "processes" and result.workers == workers
    check_study_folder(study_file, out)
    found = objectives(out)
    assert found["budgets-20"] >= found["base"] - 1e-6  # less money never makes a plan cheaper
    assert found["dear-outsourcing"] >= found["base"] - 1e-6


def test_a_rerun_reuses_what_is_solved_and_solves_what_changed(
    study_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_study(read_study(study_file), out, 1)
    again = run_study(read_study(study_file), out, 1)
    assert all(o.reused for o in again.outcomes)
    assert objectives(out) == {o.name: o.objective for o in first.outcomes}
    study_file.write_text(
        STUDY.replace("scale: {capital_budget: 0.8}", "scale: {capital_budget: 0.7}")
    )
    third = run_study(read_study(study_file), out, 1)
    assert [o.reused for o in third.outcomes] == [True, False, True]


def test_one_failed_scenario_leaves_the_others_solved(study_file: Path, tmp_path: Path) -> None:
    """A scenario whose folder holds a user's file cannot be written: it is reported failed,
    with the reason, the file is untouched and the other scenarios are written."""
    out = tmp_path / "out"
    run_study(read_study(study_file), out, 1)
    mine = out / "scenarios" / "budgets-20" / "my-notes.txt"
    mine.write_text("mine", encoding="utf-8")
    study_file.write_text(STUDY.replace("mip_gap: 0", "mip_gap: 0.0001"))  # solve all again
    run = CliRunner().invoke(app, ["study", "run", str(study_file), "--out", str(out), "-q"])
    assert run.exit_code == 5, run.output
    assert "budgets-20 failed" in run.output and "my-notes.txt" in run.output
    assert mine.read_text(encoding="utf-8") == "mine"
    record = json.loads((out / STUDY_FILE).read_text(encoding="utf-8"))
    status = {s["name"]: s["status"] for s in record["scenarios"]}
    assert status == {"base": "optimal", "budgets-20": FAILED, "dear-outsourcing": "optimal"}


def test_the_out_folder_must_be_new_or_a_study_folder(study_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "minutes.docx").write_text("board minutes", encoding="utf-8")
    run = CliRunner().invoke(app, ["study", "run", str(study_file), "--out", str(out)])
    assert run.exit_code == 2
    assert "not a study folder" in run.output
    assert sorted(p.name for p in out.iterdir()) == ["minutes.docx"]


def test_compare_and_diff_from_the_command_line(study_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["study", "run", str(study_file), "--out", str(out), "-q"])
    assert run.exit_code == 0, run.output
    compare = CliRunner().invoke(app, ["study", "compare", str(out)])
    assert compare.exit_code == 0, compare.output
    assert "budgets-20" in compare.output and "net present cost" in compare.output.lower()
    diff = CliRunner().invoke(app, ["study", "diff", str(out), "base", "dear-outsourcing"])
    assert diff.exit_code == 0, diff.output
    assert "dear-outsourcing" in diff.output
    unknown = CliRunner().invoke(app, ["study", "diff", str(out), "base", "nope"])
    assert unknown.exit_code == 2 and "no solved scenario 'nope'" in unknown.output


# --------------------------------------------------------------------------- Dask


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_plans(study_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    local = tmp_path / "local"
    dask = tmp_path / "dask"
    run_study(read_study(study_file), local, 1)
    run = CliRunner().invoke(
        app,
        [
            "study",
            "run",
            str(study_file),
            "--out",
            str(dask),
            "--dask",
            "local",
            "--workers",
            "2",
            "-q",
        ],
    )
    assert run.exit_code == 0, run.output
    assert "dask" in run.output
    assert objectives(dask) == pytest.approx(objectives(local))
    check_study_folder(study_file, dask)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def scheduler_and_worker(tmp_path: Path) -> Iterator[str]:
    """A Dask scheduler and one worker, each its own process on localhost, as on a cluster."""
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", port, "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "scheduler.log").open("w"),
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
         "--nworkers", "1", "--no-dashboard", "--local-directory", str(tmp_path / "worker")],
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "worker.log").open("w"),
    )  # fmt: skip
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(1, timeout=30)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.slow
def test_a_study_runs_on_a_separate_scheduler_and_worker(
    study_file: Path, tmp_path: Path, scheduler_and_worker: str
) -> None:
    out = tmp_path / "cluster"
    run = CliRunner().invoke(
        app,
        [
            "study",
            "run",
            str(study_file),
            "--out",
            str(out),
            "--scheduler",
            scheduler_and_worker,
            "-q",
        ],
    )
    assert run.exit_code == 0, run.output
    local = tmp_path / "local"
    run_study(read_study(study_file), local, 1)
    assert objectives(out) == pytest.approx(objectives(local))
    check_study_folder(study_file, out)


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error(study_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    run = CliRunner().invoke(
        app, ["study", "run", str(study_file), "--out", str(tmp_path / "o"), "--scheduler", address]
    )
    assert run.exit_code == 2
    assert f"cannot reach the Dask scheduler at {address}" in run.output


def test_the_python_api_runs_a_study_from_a_script(study_file: Path, tmp_path: Path) -> None:
    """``netopt.Study`` as the README shows it, in a script with the ``__main__`` guard that
    spawned worker processes need, run as its own process."""
    script = tmp_path / "run_study.py"
    script.write_text(
        "import sys\n"
        "import netopt\n\n"
        'if __name__ == "__main__":\n'
        "    study = netopt.Study.load(sys.argv[1])\n"
        "    result = study.run(sys.argv[2], workers=2)\n"
        "    table = netopt.Study.comparison(sys.argv[2])\n"
        '    print(table[["scenario", "objective"]].to_csv(index=False))\n'
        '    diff = netopt.Study.diff(sys.argv[2], "base", "budgets-20")\n'
        "    print(diff.sentences[0])\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(script), str(study_file), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "scenario,objective" in done.stdout and "budgets-20" in done.stdout
    assert objectives(out)["base"] == pytest.approx(
        netopt.solve_capital(with_cdc(), netopt.SolveOptions(mip_gap=0)).objective
    )
    study = netopt.Study.load(study_file)
    assert [s.name for s in study.scenarios] == ["base", "budgets-20", "dear-outsourcing"]
    assert study.instance("budgets-20").trusts[0].capital_budget == pytest.approx(
        0.8 * with_cdc().trusts[0].capital_budget
    )
