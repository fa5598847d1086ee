"""Speed and quality of the capital plan on given instances.

    python benchmarks/capital.py [INSTANCE ...] [--time-limit S] [--mip-gap G] [--csv OUT]

Prints, per instance: model size, data + build seconds, solve seconds, total seconds, status,
objective, bound and gap. Defaults to the tutorial instance with a 60 s limit.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import netopt

REPO = Path(__file__).resolve().parents[1]
COLUMNS = (
    "instance",
    "variables",
    "integers",
    "constraints",
    "build_s",
    "solve_s",
    "total_s",
    "status",
    "objective",
    "bound",
    "gap",
)


def run(path: Path, options: netopt.SolveOptions) -> dict[str, object]:
    plan = netopt.solve_capital(netopt.load_instance(path), options)
    t = plan.timings
    return {
        "instance": path.name,
        "variables": plan.size.variables,
        "integers": plan.size.integer_variables,
        "constraints": plan.size.constraints,
        "build_s": round(t.data + t.build, 3),
        "solve_s": round(t.solve, 3),
        "total_s": round(t.total, 3),
        "status": plan.status.value,
        "objective": None if plan.objective is None else round(plan.objective, 2),
        "bound": None if plan.report.bound is None else round(plan.report.bound, 2),
        "gap": None if plan.report.gap is None else round(plan.report.gap, 6),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "instances", nargs="*", type=Path, default=[REPO / "instances/tutorial.yaml"]
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--mip-gap", type=float, default=1e-4)
    parser.add_argument("--csv", type=Path, help="also write the table as CSV")
    args = parser.parse_args(argv)
    options = netopt.SolveOptions(time_limit=args.time_limit, mip_gap=args.mip_gap)
    rows = [run(path, options) for path in args.instances]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in COLUMNS))
    if args.csv:
        with args.csv.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
