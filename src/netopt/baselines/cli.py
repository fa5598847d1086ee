"""``netopt baseline capital``: a baseline policy's plan, written like ``netopt solve capital``'s.

Register it in :mod:`netopt.cli` with ``app.add_typer(baseline_app, name="baseline")``. The
helpers of :mod:`netopt.cli` (exit codes, messages, the plan summary) are imported when a command
runs, so importing this module from :mod:`netopt.cli` makes no import cycle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.status import Status
from rich.table import Table

from netopt.baselines.capital import (
    DEFAULT_POLICIES,
    BaselinePlan,
    baseline_capital,
    compare_with_baselines,
)
from netopt.baselines.policy import Baseline
from netopt.models.capital import CapitalPlan
from netopt.schema import Instance
from netopt.solve.highs import SolveOptions

baseline_app = typer.Typer(
    help="Plans made by today's rules (baseline policies), costed like the optimiser's.",
    no_args_is_help=True,
)

COMPARISON_FILE = "baselines.csv"
"""Written next to a plan's tables by :func:`report_comparison` when given a folder."""


def _policy(text: str) -> Baseline:
    from netopt.cli import Exit, _fail

    try:
        return Baseline.parse(text)
    except ValueError as error:
        _fail(f"--policy: {error}", Exit.BAD_INPUT)


@baseline_app.command("capital")
def baseline_capital_command(
    instance: Annotated[Path, typer.Argument(help="Instance file (.yaml, .yml, .json or .xlsx).")],
    policy: Annotated[
        str,
        typer.Option(
            "--policy",
            "-p",
            help="age:N (replace at age N, whatever the budget) or priority[:N] (ranked "
            "replacements within budgets, candidates from age N, default 10).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Result folder (replaced whole).")],
    time_limit: Annotated[
        float | None, typer.Option(help="Solver time limit (seconds) for the routing LP.")
    ] = None,
    threads: Annotated[int, typer.Option(help="Solver threads.")] = 1,
    log: Annotated[bool, typer.Option(help="Show the HiGHS log.")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print summary.json to stdout.")
    ] = False,
) -> None:
    """The capital plan a baseline policy makes, in the result format of 'netopt solve capital'
    (it passes 'netopt verify'). Exit 0 with a plan, 1 when the policy's plan is infeasible
    (e.g. age:N breaks a budget; the reasons are printed and in summary.json), 2 bad input."""
    from netopt import api
    from netopt.cli import (
        Exit,
        _fail,
        _print_capital_summary,
        err_console,
        out_console,
        plan_and_write,
    )

    baseline = _policy(policy)
    try:
        options = SolveOptions(time_limit=time_limit, threads=threads, log=log)
    except ValueError as error:
        _fail(f"invalid solve options: {error}", Exit.BAD_INPUT)
    status_console = err_console if json_output else out_console

    def cost(inst: Instance, status: Status) -> tuple[BaselinePlan, None]:
        status.update(f"Costing the {baseline} baseline for {inst.network.name}...")
        return baseline_capital(inst, baseline, options), None

    inst, plan, _ = plan_and_write(instance, out, status_console, cost)
    if json_output:
        print(json.dumps(api.plan_summary(plan, inst), indent=2))
    else:
        _print_capital_summary(plan, out)
        out_console.print(f"baseline policy: {baseline.describe()}", markup=False, highlight=False)
        if plan.status.has_plan:
            for note in plan.notes:
                out_console.print(f"  - {note}", markup=False, highlight=False)
    if not plan.status.has_plan:
        err_console.print(
            f"no plan: the {baseline} policy's plan is '{plan.status.value}'", markup=False
        )
        for note in plan.notes:
            err_console.print(f"  - {note}", markup=False)
        raise typer.Exit(int(Exit.NO_PLAN))


def comparison_table(frame: pd.DataFrame, title: str = "Compared with baselines") -> Table:
    """A rich table of :func:`compare_with_baselines`'s frame (GBP whole, percentages to 0.1)."""

    def money(x: float) -> str:
        return "-" if math.isnan(x) else f"GBP {x:,.0f}"

    def pct(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:.1f}%"

    def count(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:,.0f}"

    table = Table(title=title, title_justify="left")
    for name in (
        "plan",
        "status",
        "net present cost",
        "plan saves",
        "saving",
        "outsourced",
        "demand met",
        "capital",
    ):
        table.add_column(name, justify="left" if name in ("plan", "status") else "right")
    for row in frame.to_dict("records"):
        table.add_row(
            str(row["plan"]),
            str(row["status"]),
            money(float(row["objective"])),
            money(float(row["saving_vs_plan"])),
            pct(float(row["saving_pct"])),
            count(float(row["exams_outsourced"])),
            pct(float(row["demand_met_pct"])),
            money(float(row["capital_spend"])),
        )
    return table


def report_comparison(
    instance: Instance,
    plan: CapitalPlan,
    options: SolveOptions,
    console: Console,
    out: Path | None = None,
    policies: Iterable[Baseline | str] = DEFAULT_POLICIES,
) -> pd.DataFrame:
    """For ``netopt solve capital --compare-baselines``: cost the baselines, print the table to
    ``console`` and, given the plan's folder, write it as ``baselines.csv`` there."""
    frame = compare_with_baselines(instance, plan, policies, options)
    console.print(comparison_table(frame))
    if out is not None and out.is_dir():
        frame.to_csv(out / COMPARISON_FILE, index=False)
    return frame


__all__ = [
    "COMPARISON_FILE",
    "BaselinePlan",
    "baseline_app",
    "comparison_table",
    "report_comparison",
]
