"""The joint plan (scanners and staff chosen together) against the sequential plan (the capital
plan solved alone, then the workforce that staffs it): cost, bound, gap and what changed.

    python benchmarks/joint.py [--instances tutorial,N17] [--time-limits 60[,300]]
                               [--seeds 0,1,2] [--england-dir DIR] [--csv OUT]

For each instance, time limit and HiGHS seed it solves ``netopt.solve_joint`` with the limit,
then the sequential plan as ``netopt.compare_with_sequential`` makes it, with a budget of its
own: its capital solve (``netopt.solve_capital``) gets the same limit as the joint solve, not
a share of it, so both capital searches have the same time; the workforce that staffs that
capital plan (``netopt.solve_joint`` with ``capital_plan``) gets ``--sequential-workforce-limit``
more (default: the limit again). ``--sequential-workforce-limit split`` calls
``compare_with_sequential`` itself with a budget of limit / 0.9, which leaves the workforce a
ninth of the limit: too little for N17 at 60 s (HiGHS finds no workforce plan in 6 s there).
Both plans are costed by the joint plan's objective (``sequential_comparison``).

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
from netopt.api import SEQUENTIAL_CAPITAL_SHARE
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


def run_one(
    name: str, instance: netopt.Instance, limit: float, seed: int, workforce_limit: float | None
) -> Row:
    """The joint plan at ``limit`` seconds and the sequential plan whose capital solve has the
    same limit, as one row."""
    load_before = load_average()
    options = netopt.SolveOptions(time_limit=limit, seed=seed)
    began = time.perf_counter()
    joint = netopt.solve_joint(instance, options)
    joint_s = time.perf_counter() - began
    began = time.perf_counter()
    if workforce_limit is None:
        # compare_with_sequential gives its capital solve SEQUENTIAL_CAPITAL_SHARE of its
        # budget: this budget makes that exactly ``limit``, as the joint solve had, and leaves
        # its workforce solve a ninth of ``limit``.
        budget = options.model_copy(update={"time_limit": limit / SEQUENTIAL_CAPITAL_SHARE})
        sequential, table = netopt.compare_with_sequential(instance, joint, budget)
    else:
        # compare_with_sequential's two stages with a limit each: the capital plan alone with
        # the joint solve's limit, then the workforce that staffs it with ``workforce_limit``.
        capital = netopt.solve_capital(instance, options)
        rest = options.model_copy(update={"time_limit": workforce_limit})
        sequential = netopt.solve_joint(instance, rest, capital_plan=capital)
        table = sequential_comparison(joint, sequential) if sequential.status.has_plan else None
    sequential_s = time.perf_counter() - began
    row: Row = {
        "instance": name,
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
    values = {}
    if table is not None:
        values = {r.measure: (r.joint, r.sequential) for r in table.itertuples()}
        a, b = values["joint_cost"]
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
        "workforce_limit_s": workforce_limit,
        "joint_s": joint_s,
        "sequential_s": sequential_s,
        "load_before": load_before,
        "load_after": load_average(),
    }
    return row


def workforce_limit(choice: str, limit: float) -> float | None:
    """Seconds for the sequential plan's workforce solve; None: compare_with_sequential's
    split."""
    if choice == "same":
        return limit
    return None if choice == "split" else float(choice)


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
        "--sequential-workforce-limit",
        default="same",
        help="seconds for the sequential plan's workforce solve: 'same' (the time limit, the "
        "default), a number, or 'split' (compare_with_sequential's own split: a ninth of the "
        "time limit)",
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
                workforce = workforce_limit(args.sequential_workforce_limit, limit)
                rows.append(run_one(name, instance, limit, seed, workforce))
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
