"""``netopt baseline capital``: a baseline policy's plan, written like ``netopt solve capital``'s;
and the comparison table of ``netopt solve capital --compare-baselines``."""

from __future__ import annotations

import math
from typing import Annotated

import pandas as pd
import typer
from rich.status import Status

from netopt.baselines.capital import BaselinePlan, baseline_capital
from netopt.baselines.policy import Baseline
from netopt.cli.common import (
    Exit,
    ForceOption,
    InstanceArg,
    JsonOption,
    LogOption,
    Made,
    NoReportOption,
    OutOption,
    QuietOption,
    TextTable,
    ThreadsOption,
    TimeLimitOption,
    command_start,
    err_console,
    fail,
    finish,
    out_console,
    plan_and_write,
    print_capital_summary,
    solve_options,
)
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from netopt.solve.highs import DEFAULT_TIME_LIMIT

baseline_app = typer.Typer(
    help="Plans made by today's rules (baseline policies), costed like the optimiser's.",
    no_args_is_help=True,
)

COMPARISON_TABLE = "baselines"
COMPARISON_FILE = f"{COMPARISON_TABLE}.csv"
"""The comparison's table in a plan's result folder (``--compare-baselines``)."""


def _policy(text: str) -> Baseline:
    try:
        return Baseline.parse(text)
    except ValueError as error:
        fail(f"--policy: {error}", Exit.BAD_INPUT)


@baseline_app.command("capital")
def baseline_capital_command(
    ctx: typer.Context,
    instance: InstanceArg,
    policy: Annotated[
        str,
        typer.Option(
            "--policy",
            "-p",
            help="practice[:N] (ranked replacements and new scanners where demand outgrows the "
            "fleet, within budgets), priority[:N] (the replacements only; candidates from age "
            "N, default 10) or age:N (replace at age N, whatever the budget).",
        ),
    ],
    out: OutOption,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    threads: ThreadsOption = 1,
    log: LogOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
    force: ForceOption = False,
    no_report: NoReportOption = False,
) -> None:
    """The capital plan a baseline policy makes, in the result format of 'netopt solve capital'
    (it passes 'netopt verify'). Exit 0 with a plan, 1 when the policy's plan is infeasible
    (e.g. age:N breaks a budget; the reasons are printed and in summary.json), 2 bad input."""
    baseline = _policy(policy)
    options = solve_options(time_limit, threads=threads, log=log)
    status_console = err_console if json_output else out_console

    def cost(inst: Instance, status: Status, deadline: Deadline) -> Made[BaselinePlan]:
        status.update(f"Costing the {baseline} baseline for {inst.network.name}...")
        return Made(baseline_capital(inst, baseline, options, deadline=deadline))

    run = plan_and_write(
        instance,
        out,
        status_console,
        cost,
        time_limit=time_limit,
        started=command_start(ctx),
        force=force,
        log=log,
        quiet=quiet,
        report=not no_report,
    )
    plan = run.plan

    def print_notes() -> None:
        if json_output:
            return
        out_console.print(f"baseline policy: {baseline.describe()}", markup=False, highlight=False)
        if plan.status.has_plan:
            for note in plan.notes:
                out_console.print(f"  - {note}", markup=False, highlight=False)

    no_plan = "\n".join(
        [f"no plan: the {baseline} policy's plan is '{plan.status.value}'"]
        + [f"  - {note}" for note in plan.notes]
    )
    finish(run, json_output, print_capital_summary, print_notes, no_plan)


def comparison_table(frame: pd.DataFrame, title: str = "Compared with baselines") -> TextTable:
    """The table of :func:`netopt.baselines.comparison_frame`'s frame (GBP whole, percentages
    to 0.1); a baseline that breaks only budgets shows its cost and saving "if funded"."""

    def money(x: float) -> str:
        return "-" if math.isnan(x) else f"GBP {x:,.0f}"

    def pct(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:.1f}%"

    def count(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:,.0f}"

    headers = (
        "plan",
        "status",
        "net present cost",
        "plan saves",
        "saving",
        "outsourced",
        "demand met",
        "capital",
    )
    table = TextTable(title, headers, right=frozenset(range(2, len(headers))))

    def funded(x: float, cell: str) -> str:
        """A figure of a plan that breaks only budgets: its value were the money found."""
        return cell if math.isnan(x) else f"{money(x)} if funded"

    for row in frame.to_dict("records"):
        table.add_row(
            str(row["plan"]),
            str(row["status"]),
            funded(float(row["cost_if_funded"]), money(float(row["objective"]))),
            funded(float(row["saving_if_funded"]), money(float(row["saving_vs_plan"]))),
            pct(float(row["saving_pct"])),
            count(float(row["exams_outsourced"])),
            pct(float(row["demand_met_pct"])),
            money(float(row["capital_spend"])),
        )
    return table
