"""benchmarks/capital_quality.py: the quality table and the issue-11 targets computed from a
results CSV, the best-known update, and one tiny end-to-end run."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import netopt

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
WINSTON = "instances/textbook/winston_car.yaml"


def _load_script() -> ModuleType:
    name = "capital_quality"
    if name in sys.modules:
        return sys.modules[name]
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))  # the script imports run.py beside it
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "capital_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


cq = _load_script()


def result(instance: str, limit: float, seed: int, objective: float | None, **extra: object) -> Any:
    """A results row; the bound makes the gap 1% unless given."""
    bound = extra.pop("bound", None if objective is None else objective * 0.99)
    fields = {
        "instance": instance,
        "strategy": "mip",
        "time_limit": limit,
        "seed": seed,
        "status": "feasible" if objective is not None else "no_solution",
        "objective": objective,
        "bound": bound,
        "gap": None if objective is None or bound is None else (objective - bound) / objective,
        "limit_reached": True,
        "wall_s": limit,
        "baseline_objective": 200.0,
        "baseline_start": objective == 200.0 if objective is not None else None,
        "verified": True,
        "workers": 1,
        "load_1m": 0.5,
        "instance_sha256": f"sha-{instance}",
        "highs_version": "1.16.0",
        "date": "2026-01-01T00:00:00+00:00",
        "command": "python benchmarks/capital_quality.py run",
    }
    fields.update(extra)
    return cq.Result(**fields)


def known(**values: float) -> dict[str, Any]:
    return {
        name: cq.BestKnown(name, value, None, f"sha-{name}", "cmd", "2026-01-01", "log")
        for name, value in values.items()
    }


def write_results(rows: list[Any], path: Path) -> Path:
    cq.write_csv([cq.result_row(r) for r in rows], path, cq.COLUMNS)
    return path


# A: every target met at 60 s (plans 100, 100.3, 100.4 against best-known 100: spread 0.4%,
# within 0.4%); at 10 s seed 2 returns the baseline start (200).
# B: at 60 s seed 1 is 3% above best-known 50 (spread 3%) with a 6% gap.
RESULTS = [
    result("A", 10.0, 0, 101.0),
    result("A", 10.0, 1, 102.0),
    result("A", 10.0, 2, 200.0),
    result("A", 60.0, 0, 100.0),
    result("A", 60.0, 1, 100.3),
    result("A", 60.0, 2, 100.4),
    result("B", 10.0, 0, 52.0),
    result("B", 10.0, 1, 52.0),
    result("B", 10.0, 2, 52.0),
    result("B", 60.0, 0, 50.0),
    result("B", 60.0, 1, 51.5, bound=51.5 * 0.94),
    result("B", 60.0, 2, 50.0),
]


def test_results_csv_round_trips(tmp_path: Path) -> None:
    rows = [*RESULTS, result("C", 10.0, 0, None, verified=None)]
    assert cq.read_results([write_results(rows, tmp_path / "r.csv")]) == rows


def test_a_bad_results_cell_is_located(tmp_path: Path) -> None:
    path = write_results(RESULTS[:2], tmp_path / "r.csv")
    path.write_text(path.read_text().replace(",True,", ",yes,", 1))
    with pytest.raises(cq.BenchmarkError, match=r"r\.csv: line 2: column limit_reached"):
        cq.read_results([path])


def test_group_rows_give_spread_gap_best_known_and_baseline_starts() -> None:
    rows = {(g.instance, g.time_limit): g.row() for g in cq.groups(RESULTS, known(A=100, B=50))}
    a10, a60, b60 = rows["A", 10.0], rows["A", 60.0], rows["B", 60.0]
    assert a10["baseline_starts"] == 1 and a10["worst"] == "200"
    assert a60["spread"] == "0.40%" and a60["worst_vs_bk"] == "0.40%"
    assert a60["best_vs_bk"] == "0.00%" and a60["gap_median"] == "1.00%"
    assert b60["spread"] == "3.00%" and b60["worst_vs_bk"] == "3.00%"
    assert b60["gap_worst"] == "6.00%" and b60["best_bound"] == "50"


def verdicts(results: list[Any], best: dict[str, Any]) -> dict[str, bool | None]:
    return {t.name.split(" ", 2)[2]: t.met for t in cq.targets(cq.groups(results, best))}


def test_targets_met_and_not_met() -> None:
    only_a = [r for r in RESULTS if r.instance == "A"]
    assert verdicts(only_a, known(A=100)) == {
        "plan within 1% of best-known, every seed": True,
        "spread over seeds <= 0.5%": True,
        "proven gap median <= 2%": True,
        "proven gap worst <= 5%": True,
        "no plan is the baseline start": False,
    }
    both = verdicts(RESULTS, known(A=100, B=50))
    assert both["plan within 1% of best-known, every seed"] is False
    assert both["spread over seeds <= 0.5%"] is False
    assert both["proven gap median <= 2%"] is True
    assert both["proven gap worst <= 5%"] is False


def test_targets_use_the_limits_closest_to_60_and_10_seconds() -> None:
    names = [t.name for t in cq.targets(cq.groups(RESULTS, known(A=100, B=50)))]
    assert names[0].startswith("60 s ") and names[-1].startswith("10 s ")
    short = [dataclasses.replace(r, time_limit=r.time_limit / 10) for r in RESULTS]
    names = [t.name for t in cq.targets(cq.groups(short, {}))]
    assert names[0].startswith("6 s ") and names[-1].startswith("6 s ")


def test_missing_best_known_or_plan_is_not_a_pass() -> None:
    only_a = [r for r in RESULTS if r.instance == "A"]
    assert verdicts(only_a, {})["plan within 1% of best-known, every seed"] is None
    failed = [*only_a[:5], result("A", 60.0, 2, None)]
    found = verdicts(failed, known(A=100))
    assert found["plan within 1% of best-known, every seed"] is False
    assert found["spread over seeds <= 0.5%"] is False
    assert found["proven gap worst <= 5%"] is False


def test_a_best_known_of_another_instance_is_not_used() -> None:
    changed = {"A": dataclasses.replace(known(A=100)["A"], instance_sha256="other")}
    [group, *_] = cq.groups(RESULTS, changed)
    assert group.best_known is None


def test_report_prints_table_strategies_and_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = write_results(RESULTS, tmp_path / "r.csv")
    best = tmp_path / "best.csv"
    cq.write_best_known(known(A=100, B=50), best)
    assert cq.main(["report", str(results), "--best-known", str(best)]) == 0
    out = capsys.readouterr().out
    assert "worst_vs_bk" in out and "Per strategy" in out
    assert "NOT MET  60 s spread over seeds <= 0.5%: worst 3.00% (B)" in out
    assert "met      60 s proven gap median <= 2%" in out


def test_update_keeps_the_least_verified_plan(tmp_path: Path) -> None:
    logs = tmp_path / "best_known"
    rows = [
        result("A", 60.0, 0, 90.0, verified=False),  # cheaper but not verified: ignored
        result("A", 60.0, 1, 99.0, bound=95.0),
        result("A", 60.0, 2, 99.5, bound=96.0),
        result("B", 60.0, 0, 55.0),  # worse than the known 50: kept
        result("C", 60.0, 0, 70.0, verified=None),  # not verified: no value, bound noted
    ]
    new, changes = cq.update_best_known(known(A=100, B=50), rows, logs)
    assert new["A"].objective == 99.0 and new["A"].bound == 96.0
    assert new["A"].found_by.endswith(
        "--instances A --strategies mip --time-limits 60 --seeds 1 --verify"
    )
    assert new["A"].log.endswith("A.csv")
    [logged] = cq.read_results([logs / "A.csv"])
    assert logged == rows[1]
    assert new["B"].objective == 50 and new["B"].bound == pytest.approx(55 * 0.99)
    assert new["C"].objective is None and new["C"].bound == pytest.approx(70 * 0.99)
    assert not (logs / "B.csv").exists()
    assert any(line.startswith("A: 100.00 -> 99.00") for line in changes)


def test_update_ignores_another_instance_of_a_known_name(tmp_path: Path) -> None:
    rows = [result("A", 60.0, 0, 10.0, instance_sha256="other")]
    new, changes = cq.update_best_known(known(A=100), rows, tmp_path)
    assert new["A"].objective == 100 and "another instance" in changes[0]
    new, _ = cq.update_best_known(known(A=100), rows, tmp_path, replace_changed=True)
    assert new["A"].objective == 10 and new["A"].instance_sha256 == "other"


def test_update_command_rewrites_the_file(tmp_path: Path) -> None:
    best = tmp_path / "best_known.csv"
    best.write_text("instance,objective,bound,instance_sha256,found_by,date,log\nA,,,,,,\n")
    results = write_results(RESULTS, tmp_path / "r.csv")
    assert cq.main(["update", str(results), "--best-known", str(best)]) == 0
    entries = cq.read_best_known(best)
    assert entries["A"].objective == 100.0 and entries["B"].objective == 50.0
    assert (tmp_path / "best_known" / "A.csv").exists()


def test_the_repository_best_known_file_reads_and_names_every_instance() -> None:
    entries = cq.read_best_known(cq.BEST_KNOWN)
    assert list(entries) == list(cq.DEFAULT_INSTANCES)
    for entry in entries.values():
        if entry.objective is not None:
            assert entry.bound is None or entry.bound <= entry.objective
            assert (ROOT / entry.log).exists() and entry.found_by.startswith("python ")


def test_per_network_limit_fits_the_wall() -> None:
    assert cq.per_network_limit(60.0, 5.0, 2, 20) == pytest.approx(5.5)
    assert cq.per_network_limit(60.0, 5.0, 3, 20) == pytest.approx(55 / 7)


def test_england_targets_sum_objectives_and_bounds(winston: netopt.Instance) -> None:
    plans = [netopt.solve_capital(winston, netopt.SolveOptions(mip_gap=0.0))] * 2
    wall, gap = cq.england_targets(["N01", "N02"], plans, 61.0)
    assert wall.met is False and gap.met is True and gap.figure == "overall gap 0.00%"
    none = netopt.solve_capital(winston, netopt.SolveOptions(time_limit=1e-9))
    assert none.objective is None
    wall, gap = cq.england_targets(["N01", "N02"], [plans[0], none], 59.0)
    assert wall.met is True and gap.met is False and gap.figure == "overall gap -; no plan: N02"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--instances", "nosuch"], "nosuch: not an instance"),
        (["--instances", WINSTON, "--strategies", "magic"], "strategy 'magic': netopt knows mip"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cq.main(["run", *args]) == 2
    assert message in capsys.readouterr().err


def test_run_end_to_end_on_the_textbook_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "r.csv"
    args = ["run", "--instances", WINSTON, "--time-limits", "2", "--seeds", "0,1"]
    assert cq.main([*args, "--verify", "--csv", str(out)]) == 0
    rows = cq.read_results([out])
    assert [(r.seed, r.status, r.verified) for r in rows] == [
        (0, "optimal", True),
        (1, "optimal", True),
    ]
    assert [r.objective for r in rows] == pytest.approx([31000, 31000])
    with out.open(newline="") as f:
        assert next(csv.reader(f)) == list(cq.COLUMNS)
    printed = capsys.readouterr().out
    assert "HiGHS " in printed and "load average" in printed and "command: python " in printed


@pytest.mark.slow
def test_run_marks_the_baseline_start_on_the_tutorial(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert (
        cq.main(
            [
                "run",
                "--instances",
                "tutorial",
                "--time-limits",
                "2",
                "--seeds",
                "0",
                "--csv",
                str(out),
            ]
        )
        == 0
    )
    [row] = cq.read_results([out])
    instance = netopt.load_instance(ROOT / "instances/tutorial.yaml")
    baseline = netopt.baseline_capital(instance, "practice")
    assert row.baseline_objective == pytest.approx(baseline.objective)
    assert row.has_plan and row.objective is not None
    assert row.baseline_start == (
        abs(row.objective - baseline.objective) <= 1e-6 * baseline.objective
    )
