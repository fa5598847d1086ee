"""Scenario studies at scale: wall time against the scenarios' own solve times, netopt's
overhead per scenario, the process pool against a Dask LocalCluster, and the consistency of
related scenarios' answers.

    python benchmarks/study_scaling.py --time-limit 60 --workers 2 --runners processes,dask \\
        --out /tmp/study-bench

makes a 20-scenario study of the tutorial (the base, five named what-ifs, a budget sweep of ten
factors and a demand-growth sweep of four), runs it with each runner into its own folder, and
(``--study sweep``: 100 scenarios, budgets x 0.8-1.25 times demand growth -2..+2.5 points;
``--workers 1,2``: each count in turn; ``--no-consistency``: without the consistency pass)
prints per runner: wall time, the sum of the scenarios' solve times (HiGHS, from each
summary.json), their ratio, netopt's own seconds per scenario (applying the changes and
validating, in the main process, plus building, tables, workbook and report in the worker:
the scenario's seconds less its own solve; with the consistency pass for the scenarios it
improved), and the consistency check: for every pair of scenarios
where one admits the other's plan (more budget, slower demand growth, a new site), whether the
richer one's cost is no higher. Figures vary with HiGHS's seed and the machine's load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUDGET_FACTORS = (0.8, 0.85, 0.9, 0.95, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3)
GROWTH_SHIFTS = (-0.02, -0.01, 0.01, 0.02)


def study_text(time_limit: float) -> str:
    factors = ", ".join(str(f) for f in BUDGET_FACTORS)
    shifts = ", ".join(str(s) for s in GROWTH_SHIFTS)
    named = (ROOT / "instances" / "studies" / "tutorial.yaml").read_text(encoding="utf-8")
    scenarios = named.split("scenarios:\n", 1)[1].split("sweeps:\n", 1)[0]
    return (
        f"name: tutorial scaling study\nbase: {ROOT / 'instances' / 'tutorial.yaml'}\n"
        f"options: {{time_limit: {time_limit}}}\n"
        f"scenarios:\n{scenarios}"
        "sweeps:\n"
        f"  - name: budget\n    parameters: {{factor: [{factors}]}}\n    changes:\n"
        "      - {table: trusts, scale: {capital_budget: $factor}}\n"
        "      - {table: budgets, scale: {capital_budget: $factor}}\n"
        f"  - name: growth\n    parameters: {{shift: [{shifts}]}}\n    changes:\n"
        "      - {table: exam_types, shift: {growth_rate: $shift}}\n"
    )


SWEEP_FACTORS = tuple(round(0.8 + 0.05 * i, 2) for i in range(10))
SWEEP_SHIFTS = tuple(round(-0.02 + 0.005 * i, 3) for i in range(10))


def sweep_text(time_limit: float, consistent: bool) -> str:
    """A 100-scenario sweep: budgets x 0.8..1.25 by 0.05 times demand growth -2..+2.5 points
    by 0.5 (the product of two parameters), without the base scenario."""
    factors = ", ".join(str(f) for f in SWEEP_FACTORS)
    shifts = ", ".join(str(s) for s in SWEEP_SHIFTS)
    return (
        f"name: tutorial 100-scenario sweep\nbase: {ROOT / 'instances' / 'tutorial.yaml'}\n"
        f"include_base: false\n"
        f"options: {{time_limit: {time_limit}, consistent: {str(consistent).lower()}}}\n"
        "sweeps:\n"
        f"  - name: sweep\n    parameters: {{factor: [{factors}], shift: [{shifts}]}}\n"
        "    changes:\n"
        "      - {table: trusts, scale: {capital_budget: $factor}}\n"
        "      - {table: budgets, scale: {capital_budget: $factor}}\n"
        "      - {table: exam_types, shift: {growth_rate: $shift}}\n"
    )


def sweep_pairs(names: list[str]) -> list[tuple[str, str]]:
    """(poorer, richer) pairs of the sweep: the same growth and more budget, or the same budget
    and slower growth."""
    point = {f"sweep-factor{f:g}-shift{s:g}": (f, s) for f in SWEEP_FACTORS for s in SWEEP_SHIFTS}
    known = [n for n in names if n in point]
    return [
        (a, b)
        for a in known
        for b in known
        if (point[a][1] == point[b][1] and point[a][0] < point[b][0])
        or (point[a][0] == point[b][0] and point[a][1] > point[b][1])
    ]


def richer_pairs(names: list[str]) -> list[tuple[str, str]]:
    """(poorer, richer) scenario pairs: the richer admits the poorer's plan."""
    budget = {"base": 1.0, "budgets-20": 0.8}
    budget |= {f"budget-factor{f:g}": f for f in BUDGET_FACTORS}
    growth = {"base": 0.0, "demand-plus-3pts": 0.03}
    growth |= {f"growth-shift{s:g}": s for s in GROWTH_SHIFTS}
    pairs = [
        (a, b) for a in budget for b in budget if budget[a] < budget[b] and {a, b} <= set(names)
    ]
    pairs += [
        (a, b) for a in growth for b in growth if growth[a] > growth[b] and {a, b} <= set(names)
    ]
    if {"base", "new-cdc"} <= set(names):
        pairs.append(("base", "new-cdc"))
    return pairs + sweep_pairs(names)


def measure(out: Path, wall: float, apply_seconds: float) -> dict[str, Any]:
    record = json.loads((out / "study.json").read_text(encoding="utf-8"))
    solve = overhead = 0.0
    objectives: dict[str, float | None] = {}
    for scenario in record["scenarios"]:
        objectives[scenario["name"]] = scenario["objective"]
        seconds = float(scenario.get("solve_seconds", 0.0))
        solve += seconds
        overhead += max(float(scenario["seconds"]) - seconds, 0.0)
    count = len(record["scenarios"])
    pairs = richer_pairs(list(objectives))
    checked = [(a, b) for a, b in pairs if objectives[a] is not None and objectives[b] is not None]
    broken = [(a, b) for a, b in checked if objectives[b] > objectives[a] * (1 + 1e-9)]  # type: ignore[operator]
    moved = [s["name"] for s in record["scenarios"] if s.get("plan_from")]
    return {
        "scenarios": count,
        "wall": wall,
        "solve_sum": solve,
        "ratio": wall / solve if solve else float("nan"),
        "overhead_per_scenario": (overhead + apply_seconds) / count,
        "pairs_checked": len(checked),
        "pairs_broken": broken,
        "plans_from_other_scenarios": moved,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", default="2", help="one count, or several: 1,2")
    parser.add_argument("--runners", default="processes,dask")
    parser.add_argument("--out", type=Path, default=Path("/tmp/study-bench"))
    parser.add_argument(
        "--study",
        choices=("tutorial", "sweep"),
        default="tutorial",
        help="tutorial: the 20-scenario study; sweep: 100 scenarios (budget x growth)",
    )
    parser.add_argument(
        "--no-consistency", action="store_true", help="the study without its consistency pass"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from netopt.study.apply import read_study, scenario_instance
    from netopt.study.cluster import DaskRunner, local_cluster
    from netopt.study.run import run_study

    args.out.mkdir(parents=True, exist_ok=True)
    study_path = args.out / "study.yaml"
    text = (
        sweep_text(args.time_limit, not args.no_consistency)
        if args.study == "sweep"
        else study_text(args.time_limit)
    )
    if args.study == "tutorial" and args.no_consistency:
        text = text.replace("options: {", "options: {consistent: false, ", 1)
    study_path.write_text(text, encoding="utf-8")
    study = read_study(study_path)
    began = time.perf_counter()
    for scenario in study.study.all_scenarios():
        scenario_instance(study, scenario)
    apply_seconds = time.perf_counter() - began
    print(f"command: python benchmarks/{Path(__file__).name} {' '.join(argv or sys.argv[1:])}")
    print(
        f"load average before: {os.getloadavg()[0]:.2f}; scenarios: {len(study.study.all_scenarios())}"
    )
    runs = [
        (runner, int(workers))
        for runner in args.runners.split(",")
        for workers in str(args.workers).split(",")
    ]
    for runner_name, workers in runs:
        out = args.out / f"{runner_name}-{workers}"
        began = time.perf_counter()
        if runner_name == "dask":
            with local_cluster(workers) as client:
                run_study(study, out, workers, runner=DaskRunner(client))
        else:
            run_study(study, out, workers)
        wall = time.perf_counter() - began
        figures = measure(out, wall, apply_seconds)
        print(
            f"{runner_name}: {figures['scenarios']} scenarios, {workers} workers, wall "
            f"{wall:.0f} s, solves {figures['solve_sum']:.0f} s, wall/solves "
            f"{figures['ratio']:.2f}, netopt overhead {figures['overhead_per_scenario']:.2f} s "
            f"per scenario; consistency: {figures['pairs_checked']} pairs checked, "
            f"{len(figures['pairs_broken'])} broken {figures['pairs_broken'][:5]}; plans from another "
            f"scenario: {figures['plans_from_other_scenarios']}; load average "
            f"{os.getloadavg()[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
