"""Every benchmark in one table: correctness, speed, scale and plan quality.

    python benchmarks/run.py [--time-limit S] [--england] [--workers N] [--large-orlib [SPECS]]
                             [--only] [--csv OUT]

Rows:
- the textbook car replacement (published optimum 31000);
- OR-Library cap41..cap74 through the ordinary instance format (published optima);
- the tutorial network, with the ``practice`` baseline's cost and the optimiser's saving;
- one generated England network (N10, around Birmingham), likewise;
- with ``--england``: all 20 generated networks solved independently in parallel worker
  processes (the networks share no budget, so this is exact), as one row with total wall time;
- with ``--large-orlib``: the large OR-Library files (capa, capb, capc at Beasley's capacities,
  or the ``NAME:CAPACITY`` list given) end to end through netopt (reading the instance file
  included), each followed by the textbook formulation of the same file solved directly with
  highspy as the reference, and the ratio of their total times.

Columns: instance, variables, integers, constraints, build_s (data + model), solve_s, total_s,
status, gap, objective, reference (published optimum, baseline cost or the direct solve's
objective), reference_s (total seconds of the direct solve), saving_pct (against the baseline),
peak_mb (this process and its workers).
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import netopt
from netopt.solve.parallel import run_in_processes

REPO = Path(__file__).resolve().parents[1]
ORLIB = REPO / "instances" / "orlib-cap"
COLUMNS = (
    "instance",
    "variables",
    "integers",
    "constraints",
    "build_s",
    "solve_s",
    "total_s",
    "status",
    "gap",
    "objective",
    "reference",
    "reference_s",
    "saving_pct",
    "peak_mb",
)
Row = dict[str, object]


def peak_mb() -> float:
    """Peak resident memory of this process and of its finished workers (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def plan_row(name: str, plan: netopt.CapitalPlan, reference: float | None, saving: bool) -> Row:
    t = plan.timings
    objective = plan.objective
    pct = None
    if saving and reference and objective is not None:
        pct = round(100 * (reference - objective) / reference, 2)
    return {
        "instance": name,
        "variables": plan.size.variables,
        "integers": plan.size.integer_variables,
        "constraints": plan.size.constraints,
        "build_s": round(t.data + t.build, 2),
        "solve_s": round(t.solve, 2),
        "total_s": round(t.total, 2),
        "status": plan.status.value,
        "gap": None if plan.report.gap is None else round(plan.report.gap, 5),
        "objective": None if objective is None else round(objective, 2),
        "reference": None if reference is None else round(reference, 2),
        "saving_pct": pct,
        "peak_mb": peak_mb(),
    }


def textbook(options: netopt.SolveOptions) -> list[Row]:
    instance = netopt.load_instance(REPO / "instances/textbook/winston_car.yaml")
    return [plan_row("winston_car", netopt.solve_capital(instance, options), 31000.0, saving=False)]


def orlib(options: netopt.SolveOptions) -> list[Row]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import orlib_cap

    optima = orlib_cap.read_optima(ORLIB / "optima.csv")
    exact = options.model_copy(update={"mip_gap": orlib_cap.MIP_GAP})
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in sorted(optima):
            path = Path(folder) / f"{name}.json"
            orlib_cap.save(
                orlib_cap.to_instance(orlib_cap.read_capinfo(ORLIB / f"{name}.txt")), path
            )
            plan = netopt.solve_capital(netopt.load_instance(path), exact)
            rows.append(plan_row(name, plan, optima[name], saving=False))
    return rows


LARGE_ORLIB = tuple(
    f"{name}:{capacity}"
    for name, capacities in (
        ("capa", (8000, 10000, 12000, 14000)),
        ("capb", (5000, 6000, 7000, 8000)),
        ("capc", (5000, 5750, 6500, 7250)),
    )
    for capacity in capacities
)
"""Beasley's capacities for the files whose capacity field is the word ``capacity``."""


def large_orlib(specs: Sequence[str], options: netopt.SolveOptions) -> list[Row]:
    """netopt end to end against HiGHS on the textbook formulation, side by side, same gap and
    time limit; the netopt row's reference and reference_s are the direct solve's objective and
    total seconds, and the direct solve has a row of its own."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import orlib_cap

    rows: list[Row] = []
    for spec in specs:
        name, _, capacity = spec.partition(":")
        cap = orlib_cap.read_capinfo(orlib_cap.data_file(ORLIB, f"{name}.txt"))
        cap = cap.with_capacity(float(capacity) if capacity else None)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}.json"
            orlib_cap.save(orlib_cap.to_instance(cap), path)
            ours = orlib_cap.solve_netopt(path, options.time_limit, orlib_cap.MIP_GAP)
        ref = orlib_cap.solve_direct(cap, options.time_limit, orlib_cap.MIP_GAP)
        ref_total = ref.build_s + ref.solve_s
        rows.append(
            {
                "instance": spec,
                "variables": ours.num_vars,
                "integers": ours.num_int_vars,
                "constraints": ours.num_rows,
                "build_s": round(ours.build_s, 2),
                "solve_s": round(ours.solve_s, 2),
                "total_s": round(ours.total_s, 2),
                "status": ours.status,
                "gap": None if ours.gap is None else round(ours.gap, 5),
                "objective": None if ours.objective is None else round(ours.objective, 3),
                "reference": None if ref.objective is None else round(ref.objective, 3),
                "reference_s": round(ref_total, 2),
                "saving_pct": None,
                "peak_mb": peak_mb(),
            }
        )
        rows.append(
            {
                "instance": f"{spec} HiGHS direct",
                "variables": ref.num_col,
                "integers": cap.m,
                "constraints": ref.num_row,
                "build_s": round(ref.build_s, 2),
                "solve_s": round(ref.solve_s, 2),
                "total_s": round(ref_total, 2),
                "status": ref.status.lower(),
                "gap": None if ref.gap is None else round(ref.gap, 5),
                "objective": None if ref.objective is None else round(ref.objective, 3),
                "reference": None,
                "saving_pct": None,
                "peak_mb": peak_mb(),
            }
        )
        print(f"... {spec} done", file=sys.stderr, flush=True)
    return rows


def with_baseline(name: str, instance: netopt.Instance, options: netopt.SolveOptions) -> Row:
    plan = netopt.solve_capital(instance, options)
    baseline = netopt.baseline_capital(instance, "practice", options)
    return plan_row(name, plan, baseline.objective, saving=True)


def generate_england(folder: Path, scale: str) -> list[Path]:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/england.py"),
            "generate",
            "--scale",
            scale,
            "--seed",
            "0",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob("N*.yaml"))


def england(options: netopt.SolveOptions, workers: int | None) -> list[Row]:
    """All 20 networks solved in parallel (one row), then the optimiser against the ``practice``,
    ``priority`` and ``age:10`` baselines: one row each, summed over the networks where both have a plan.
    ``age:10`` ignores budgets; where its plan breaks only them it is compared at its cost were
    the money found, and the status says in how many networks that is."""
    with tempfile.TemporaryDirectory() as folder:
        instances = [netopt.load_instance(p) for p in generate_england(Path(folder), "england")]
    start = time.perf_counter()
    plans = netopt.solve_capital_networks(instances, options, workers)
    wall = time.perf_counter() - start
    objective = sum(p.objective or 0.0 for p in plans)
    bound = sum(p.report.bound or 0.0 for p in plans)
    statuses = {p.status.value for p in plans}
    baselines = {
        policy: run_in_processes(
            partial(netopt.baseline_capital, policy=policy, options=options), instances, workers
        )
        for policy in ("practice", "priority", "age:10")
    }
    rows: list[Row] = [
        {
            "instance": f"england ({len(plans)} networks)",
            "variables": sum(p.size.variables for p in plans),
            "integers": sum(p.size.integer_variables for p in plans),
            "constraints": sum(p.size.constraints for p in plans),
            "build_s": round(sum(p.timings.data + p.timings.build for p in plans), 2),
            "solve_s": round(sum(p.timings.solve for p in plans), 2),
            "total_s": round(wall, 2),
            "status": "/".join(sorted(statuses)),
            "gap": round((objective - bound) / objective, 5) if objective else None,
            "objective": round(objective, 2),
            "peak_mb": peak_mb(),
        }
    ]
    for policy, base in baselines.items():
        # networks where both plans exist; a baseline that breaks only budgets is compared at
        # its cost were the money found (marked in the status)
        pairs: list[tuple[float, float]] = []
        broken = 0
        for plan, b in zip(plans, base, strict=True):
            cost = b.objective if b.status.has_plan else b.cost_without_budgets
            if plan.objective is None or cost is None:
                continue
            pairs.append((plan.objective, cost))
            broken += not b.status.has_plan
        ours = sum(o for o, _ in pairs)
        theirs = sum(t for _, t in pairs)
        rows.append(
            {
                "instance": f"england vs {policy} ({len(pairs)} networks)",
                "status": f"{policy} over budget in {broken}" if broken else "all within budget",
                "objective": round(ours, 2),
                "reference": round(theirs, 2),
                "saving_pct": round(100 * (theirs - ours) / theirs, 2) if theirs else None,
            }
        )
    return rows


def print_table(rows: Sequence[Row], columns: Sequence[str] = COLUMNS) -> None:
    """The rows under the columns, right-aligned."""
    widths = {c: max(len(c), *(len(str(r.get(c))) for r in rows)) for c in columns}
    print("  ".join(c.rjust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c)).rjust(widths[c]) for c in columns), flush=True)


def write_csv(rows: Sequence[Row], path: Path, columns: Sequence[str] = COLUMNS) -> None:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=60.0, help="per solve (seconds)")
    parser.add_argument("--england", action="store_true", help="also solve all 20 England networks")
    parser.add_argument(
        "--only",
        action="store_true",
        help="only the optional rows asked for (--england, --large-orlib), not the standard ones",
    )
    parser.add_argument("--workers", type=int, default=None, help="worker processes for --england")
    parser.add_argument(
        "--large-orlib",
        nargs="?",
        const=",".join(LARGE_ORLIB),
        default=None,
        metavar="SPECS",
        help="also run capa/capb/capc (or NAME:CAPACITY,...) against HiGHS on the textbook model",
    )
    parser.add_argument("--csv", type=Path, default=None)
    args = parser.parse_args(argv)
    options = netopt.SolveOptions(time_limit=args.time_limit)

    rows: list[Row] = []
    if not args.only:
        rows += textbook(options) + orlib(options)
        tutorial = netopt.load_instance(REPO / "instances/tutorial.yaml")
        rows.append(with_baseline("tutorial", tutorial, options))
        with tempfile.TemporaryDirectory() as folder:
            [n10] = [p for p in generate_england(Path(folder), "network") if p.stem == "N10"]
            rows.append(with_baseline("england N10", netopt.load_instance(n10), options))
    if args.england:
        rows += england(options, args.workers)
    if args.large_orlib:
        rows += large_orlib([x.strip() for x in args.large_orlib.split(",") if x.strip()], options)
    if not rows:
        print("nothing to run: --only needs --england or --large-orlib", file=sys.stderr)
        return 2
    print_table(rows)
    if args.csv:
        write_csv(rows, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
