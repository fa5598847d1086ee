"""Speed and quality of the capital plan on given instances.

    python benchmarks/capital.py [INSTANCE ...] [--time-limit S] [--mip-gap G] [--csv OUT]

Prints, per instance: model size, data + build seconds, solve seconds, total seconds, status,
gap, objective and peak memory (the columns of ``benchmarks/run.py``). Defaults to the tutorial
instance with a 60 s limit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from run import REPO, plan_row, print_table, write_csv

import netopt


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
    rows = [
        plan_row(
            path.name, netopt.solve_capital(netopt.load_instance(path), options), None, saving=False
        )
        for path in args.instances
    ]
    print_table(rows)
    if args.csv:
        write_csv(rows, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
