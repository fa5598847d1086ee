"""The joint plan (scanners and staff chosen together) against the sequential plan (the capital
plan solved alone, then the workforce that staffs it): cost, bound, gap and what changed.

    python benchmarks/joint.py [--instances tutorial,N17] [--time-limits 60[,300]]
                               [--seeds 0,1,2] [--mode together|separate] [--england-dir DIR]
                               [--csv OUT]

For each instance, time limit and HiGHS seed: with ``--mode together`` (the default) both
plans in the one limit, as ``netopt solve joint --compare-sequential`` makes them
(``netopt.solve_joint_and_sequential``); with ``separate`` the joint plan in the limit and the
sequential plan with a limit for its capital solve and another for its workforce. Both plans
are costed by the joint plan's objective (``sequential_comparison``).

Instances: ``tutorial`` (``instances/tutorial.yaml``) or an England network id (``N01``-``N20``),
generated with ``benchmarks/england.py generate --scale england --seed 0 --staffing`` into
``--england-dir`` unless it is there already. The default England network is N17 (7 trusts
around Maidstone, among them the tutorial's three; 66 scanners at 12 sites, the median size of
the 20).

Prints one row per run: the joint plan's cost, bound and gap, the sequential plan's cost, the
joint minus the sequential (GBP m and % of the sequential), the measures of
``sequential.csv`` as "joint / sequential" (scanners bought, rooms built, exams outsourced
over the horizon, WTE in the last year, WTE hired, trainees started, agency hours, reports
outsourced), the sequential workforce solve's status, the wall seconds of each part and the
machine's 1-minute load average before and after the run (``/proc/loadavg``). Then the
command that made the table.
"""

from __future__ import annotations

import argparse
import csv
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import netopt
from netopt.models.joint.compare import sequential_comparison

REPO = Path(__file__).resolve().parents[1]
TUTORIAL = REPO / "instances/tutorial.yaml"
ENGLAND_SEED = 0
DEFAULT_ENGLAND_DIR = Path("/tmp/netopt-joint-england")
MEASURES = (
    ("units_bought", "bought", "{:.0f}"),
    ("rooms_built", "rooms", "{:.0f}"),
    ("exams_outsourced", "exams out", "{:,.0f}"),
    ("wte_last_year", "WTE last yr", "{:.1f}"),
    ("hires", "hires WTE", "{:.1f}"),
    ("trainees", "trainees", "{:.0f}"),
    ("agency_hours", "agency h", "{:,.0f}"),
    ("reports_outsourced", "reports out", "{:,.0f}"),
)
Row = dict[str, object]


def load_average() -> float:
    """The machine's 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def instance_path(name: str, england_dir: Path) -> Path:
    """The file of ``tutorial`` or an England network, generating England if needed."""
    if name == "tutorial":
        return TUTORIAL
    path = england_dir / f"{name}.yaml"
    if not path.exists():
        command = [
            sys.executable,
            str(REPO / "benchmarks/england.py"),
            "generate",
            "--scale",
            "england",
            "--seed",
            str(ENGLAND_SEED),
            "--staffing",
            "--out",
            str(england_dir),
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return path


def run_one(name: str, instance: netopt.Instance, limit: float, seed: int, mode: str) -> Row:
    """The joint and the sequential plan of one instance, limit and seed, as one row.

    ``together``: ``netopt.solve_joint_and_sequential`` in the one limit (as ``netopt solve
    joint --compare-sequential``): the capital plan on its own in 45%, its workforce in 30% of
    the rest, the joint plan in the remainder from that capital plan. ``separate``: the joint
    plan in the whole limit (``netopt.solve_joint``: the capital plan on its own in 30% of it
    starts it), then the sequential plan with a limit for its capital plan and another for its
    workforce (twice the joint plan's time)."""
    load_before = load_average()
    options = netopt.SolveOptions(time_limit=limit, seed=seed)
    began = time.perf_counter()
    if mode == "together":
        joint, sequential, table = netopt.solve_joint_and_sequential(instance, options)
        joint_s, sequential_s = time.perf_counter() - began, None
    else:
        joint = netopt.solve_joint(instance, options)
        joint_s = time.perf_counter() - began
        began = time.perf_counter()
        capital = netopt.solve_capital(instance, options)
        sequential = netopt.solve_joint(instance, options, capital_plan=capital)
        table = sequential_comparison(joint, sequential)
        sequential_s = time.perf_counter() - began
    row: Row = {
        "instance": name,
        "mode": mode,
        "limit_s": limit,
        "seed": seed,
        "joint_status": joint.status.value,
        "joint_m": None if joint.objective is None else joint.objective / 1e6,
        "bound_m": None if joint.report.bound is None else joint.report.bound / 1e6,
        "gap_pct": None if joint.report.gap is None else 100 * joint.report.gap,
        "sequential_m": None,
        "difference_m": None,
        "difference_pct": None,
    }
    values = {r.measure: (r.joint, r.sequential) for r in table.itertuples()}
    a, b = values["joint_cost"]
    if a is not None and b is not None and a == a and b == b:
        row |= {
            "sequential_m": b / 1e6,
            "difference_m": (a - b) / 1e6,
            "difference_pct": 100 * (a - b) / b,
        }
    for measure, _, _ in MEASURES:
        row[f"{measure}_joint"], row[f"{measure}_sequential"] = values.get(measure, (None, None))
    row |= {
        "sequential_workforce_status": sequential.status.value,
        "sequential_workforce_gap_pct": None
        if sequential.report.gap is None
        else 100 * sequential.report.gap,
        "joint_s": joint_s,
        "sequential_s": sequential_s,
        "load_before": load_before,
        "load_after": load_average(),
    }
    return row


def fmt(value: object, spec: str = "{:.2f}") -> str:
    return "" if value is None else spec.format(value)


def print_rows(rows: Sequence[Row]) -> None:
    """A Markdown table: money in GBP m; each measure as joint / sequential."""
    head = [
        "instance",
        "limit s",
        "seed",
        "joint",
        "bound",
        "gap",
        "sequential",
        "joint - seq.",
        "%",
        *(label for _, label, _ in MEASURES),
        "seq. workforce",
        "wall s (joint + seq.)",
        "load",
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = [
            str(r["instance"]),
            fmt(r["limit_s"], "{:.0f}"),
            str(r["seed"]),
            fmt(r["joint_m"]),
            fmt(r["bound_m"]),
            fmt(r["gap_pct"], "{:.1f}%"),
            fmt(r["sequential_m"]),
            fmt(r["difference_m"], "{:+.2f}"),
            fmt(r["difference_pct"], "{:+.1f}%"),
            *(
                f"{fmt(r[f'{m}_joint'], spec)} / {fmt(r[f'{m}_sequential'], spec)}"
                for m, _, spec in MEASURES
            ),
            f"{r['sequential_workforce_status']} {fmt(r['sequential_workforce_gap_pct'], '{:.2f}%')}",
            f"{fmt(r['joint_s'], '{:.0f}')} + {fmt(r['sequential_s'], '{:.0f}')}",
            f"{fmt(r['load_before'])}-{fmt(r['load_after'])}",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)


def write_csv(rows: Sequence[Row], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", default="tutorial,N17", help="tutorial and/or N01-N20")
    parser.add_argument("--time-limits", default="60", help="seconds, comma-separated")
    parser.add_argument("--seeds", default="0,1,2", help="HiGHS seeds, comma-separated")
    parser.add_argument("--england-dir", type=Path, default=DEFAULT_ENGLAND_DIR)
    parser.add_argument(
        "--mode",
        choices=("together", "separate"),
        default="together",
        help="together: both plans in one time limit, as netopt solve joint "
        "--compare-sequential (the default); separate: the joint plan in the limit, the "
        "sequential plan's capital and workforce in a limit each",
    )
    parser.add_argument("--csv", type=Path, help="also write every figure as CSV")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.instances.split(",") if n.strip()]
    limits = [float(t) for t in args.time_limits.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = []
    for name in names:
        instance = netopt.load_instance(instance_path(name, args.england_dir))
        for limit in limits:
            for seed in seeds:
                rows.append(run_one(name, instance, limit, seed, args.mode))
                print(
                    f"done {name} {limit:.0f} s seed {seed} (load {load_average():.2f})",
                    file=sys.stderr,
                    flush=True,
                )
    print_rows(rows)
    if args.csv:
        write_csv(rows, args.csv)
    print("\n$ python " + " ".join(shlex.quote(a) for a in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
