"""``netopt solve capital``, ``netopt solve workforce`` and ``netopt solve joint``."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.status import Status

from netopt import api
from netopt.baselines import DEFAULT_POLICIES, baseline_plans, comparison_frame
from netopt.cli.alternatives import (
    alternative_folders,
    alternatives_table,
    near_optimal_plans,
)
from netopt.cli.baseline import COMPARISON_TABLE, comparison_table
from netopt.cli.common import (
    Exit,
    ForceOption,
    HighsOptionOption,
    InstanceArg,
    JsonOption,
    LogOption,
    Made,
    MipGapOption,
    NoReportOption,
    OutOption,
    ProgressLine,
    QuietOption,
    SeedOption,
    TextTable,
    ThreadsOption,
    TimeLimitOption,
    command_start,
    err_console,
    fail,
    finish,
    money,
    out_console,
    plan_and_write,
    print_capital_summary,
    print_with_footer,
    solve_options,
    summary_table,
)
from netopt.io.result_folder import ResultFolderError, check_result_folder
from netopt.models.capital import CapitalPlan
from netopt.models.capital.alternatives import (
    ALTERNATIVES_TABLE,
    BEST_SHARE,
    DEFAULT_SLACK,
    MAX_ALTERNATIVES,
)
from netopt.models.capital.strategy import CapitalStrategy
from netopt.models.joint.compare import SEQUENTIAL_TABLE
from netopt.models.joint.plan import JointPlan
from netopt.models.workforce.plan import WorkforcePlan
from netopt.schema import Instance, PassportPolicy, Staff
from netopt.solve.clock import Deadline
from netopt.solve.highs import DEFAULT_TIME_LIMIT, SolveStatus

solve_app = typer.Typer(help="Solve a plan and write its result folder.", no_args_is_help=True)


@solve_app.command("capital")
def solve_capital_command(
    ctx: typer.Context,
    instance: InstanceArg,
    out: OutOption,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    mip_gap: MipGapOption = 1e-4,
    threads: ThreadsOption = 1,
    seed: SeedOption = 0,
    highs_option: HighsOptionOption = None,
    log: LogOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
    force: ForceOption = False,
    no_report: NoReportOption = False,
    strategy: Annotated[
        CapitalStrategy,
        typer.Option(
            help="How HiGHS is run on the capital model: lns (HiGHS's branch and bound, then "
            "fix-and-optimize over neighbourhoods of sites and years) or mip (one branch and "
            "bound run, as before)."
        ),
    ] = CapitalStrategy.LNS,
    compare_baselines: Annotated[
        bool,
        typer.Option(
            help="Also cost the practice, priority and age:10 baselines; print the comparison "
            "and write baselines.csv."
        ),
    ] = False,
    alternatives: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_ALTERNATIVES,
            metavar="K",
            help="Also find K near-optimal plans (within --slack of the best) that buy scanners "
            "in other places and years; each is written to its own result folder OUT-"
            "alternative-1, ..., and alternatives.csv in OUT says how they differ. The best "
            "plan has half the time limit.",
        ),
    ] = 0,
    slack: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="How much dearer than the best plan an alternative may be (0.02: 2%).",
        ),
    ] = DEFAULT_SLACK,
) -> None:
    """Find the least-cost capital replacement and placement plan."""
    options = solve_options(time_limit, mip_gap, threads, seed, log, highs_option)
    status_console = err_console if json_output else out_console
    others = alternative_folders(out, alternatives)
    for folder in others:
        try:
            check_result_folder(folder, force=force, inputs=[instance])
        except ResultFolderError as error:
            fail(f"--alternatives: {error}", Exit.BAD_INPUT)

    def solve(inst: Instance, status: Status, deadline: Deadline) -> Made[CapitalPlan]:
        baselines = []
        if compare_baselines:
            status.update(f"Costing the baselines ({', '.join(DEFAULT_POLICIES)})...")
            baselines = baseline_plans(inst, DEFAULT_POLICIES, options, deadline=deadline)
        line = ProgressLine(
            "Solving the capital plan",
            f"{inst.network.name}: {len(inst.sites)} sites, {len(inst.assets)} scanners, "
            f"{inst.network.horizon_years} years",
            deadline,
        )
        status.update(line)
        own, own_options = deadline, options
        if alternatives and deadline.limit is not None:
            seconds = BEST_SHARE * deadline.remaining()
            own, own_options = Deadline(seconds), options.model_copy(update={"time_limit": seconds})
        plan = api.solve_capital(
            inst, own_options, strategy=strategy, deadline=own, progress=line.update
        )
        extra: dict[str, pd.DataFrame] = {}
        if compare_baselines and plan.status.has_plan:
            extra[COMPARISON_TABLE] = comparison_frame(plan, baselines)
        if alternatives and plan.status.has_plan and not plan.report.interrupted:
            status.update(f"Finding {alternatives} near-optimal alternatives...")
            extra[ALTERNATIVES_TABLE] = near_optimal_plans(
                inst,
                plan,
                others,
                slack,
                options,
                deadline,
                force=force,
                inputs=[instance],
                report=not no_report,
            )
        if plan.status is not SolveStatus.INFEASIBLE or plan.report.interrupted:
            return Made(plan, None, extra)
        status.update("No plan exists: finding the smallest shortfalls...")
        diagnosis = api.diagnose_capital(inst, options, deadline=deadline, known_infeasible=True)
        return Made(plan, diagnosis, extra)

    run = plan_and_write(
        instance,
        out,
        status_console,
        solve,
        time_limit=time_limit,
        started=command_start(ctx),
        force=force,
        log=log,
        quiet=quiet,
        report=not no_report,
    )
    comparison = (run.made.extra_tables or {}).get(COMPARISON_TABLE)
    found = (run.made.extra_tables or {}).get(ALTERNATIVES_TABLE)

    def print_comparison() -> None:
        if comparison is not None:
            comparison_table(comparison).show(status_console)
        if found is not None:
            alternatives_table(found).show(status_console)

    finish(run, json_output, print_capital_summary, print_comparison)


def print_workforce_summary(plan: WorkforcePlan, out: Path) -> None:
    s = plan.summary()
    title = f"Workforce plan: {plan.network}, {plan.year}, passports: {s['passport_policy']}"
    table = summary_table(title, "annual cost", s)
    if plan.status.has_plan:
        p = s["plan"]
        table.add_row(
            "rostered",
            f"{p['people_rostered']} people, {p['sessions_worked']} sessions a week "
            f"({p['extra_sessions_per_week']:g} extra)",
        )
        table.add_row("passports granted", str(p["passports_granted"]))
        table.add_row(
            "exams a week",
            f"{p['exams_per_week']:,.0f}: {p['reported_at_sites_per_week']:,.0f} reported at "
            f"sites, {p['reported_at_home_per_week']:,.0f} at home, "
            f"{p['outsourced_per_week']:,.0f} outsourced, {p['backlog_per_week']:,.0f} late",
        )
        for component, cost in s["costs"].items():
            table.add_row(f"  {component}", money(cost))
    print_with_footer(table, s, out)


@solve_app.command("workforce")
def solve_workforce_command(
    ctx: typer.Context,
    instance: InstanceArg,
    out: OutOption,
    passport: Annotated[
        PassportPolicy | None,
        typer.Option(help="Override the instance's passport policy (to compare options)."),
    ] = None,
    capital_plan: Annotated[
        Path | None,
        typer.Option(
            help="A capital plan's result folder: roster its fleet and report its exams of "
            "--year; a joint plan's folder adds its workforce of that year (rows added are "
            "listed). The week solved is written to OUT as week.yaml, so 'netopt verify "
            "INSTANCE OUT' checks the plan against it."
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Plan year (default: the instance's workforce year).")
    ] = None,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    mip_gap: MipGapOption = 1e-4,
    threads: ThreadsOption = 1,
    seed: SeedOption = 0,
    highs_option: HighsOptionOption = None,
    log: LogOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
    force: ForceOption = False,
    no_report: NoReportOption = False,
) -> None:
    """Find the least-cost weekly roster and reporting plan: who scans and reports where and
    when, passports, insourcing and outsourcing."""
    options = solve_options(time_limit, mip_gap, threads, seed, log, highs_option)
    status_console = err_console if json_output else out_console
    added: list[Staff] = []
    left_out: list[str] = []

    def solve(inst: Instance, status: Status, deadline: Deadline) -> Made[WorkforcePlan]:
        source: Instance | api.RosteredWeek = inst
        if capital_plan is not None:
            source = rostered_plan_year(inst, capital_plan, year, left_out)
            written = {p.id for p in inst.staff}
            added.extend(p for p in source.instance.staff if p.id not in written)
            inst = source.instance
        elif year is not None:
            settings = inst.workforce.model_copy(update={"year": year})
            inst = source = Instance.model_validate(
                {**inst.model_dump(), "workforce": settings.model_dump()}
            )
        line = ProgressLine(
            "Solving the workforce plan",
            f"{inst.network.name}: {len(inst.staff)} staff rows, "
            f"{sum(s.count for s in inst.staff)} people, {len(inst.sites)} sites",
            deadline,
        )
        status.update(line)
        plan = api.solve_workforce(
            source, options, passport, deadline=deadline, progress=line.update
        )
        if plan.status is not SolveStatus.INFEASIBLE or plan.report.interrupted:
            return Made(plan)
        status.update("No roster exists: finding the sessions that cannot be staffed...")
        diagnosis = api.diagnose_workforce(
            inst, options, passport, deadline=deadline, known_infeasible=True
        )
        return Made(plan, diagnosis)

    inputs = [capital_plan] if capital_plan is not None else []
    run = plan_and_write(
        instance,
        out,
        status_console,
        solve,
        time_limit=time_limit,
        started=command_start(ctx),
        force=force,
        inputs=inputs,
        log=log,
        quiet=quiet,
        report=not no_report,
    )

    def print_joint_plan_rows() -> None:
        if added and not json_output:
            lines = [f"staff rows added from the joint plan's {run.plan.year} workforce:"]
            lines += [f"  - {p.id}: {p.count} at {p.home_site}, {p.name}" for p in added]
            out_console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)
        for message in left_out:
            err_console.print(f"warning: {message}", markup=False, highlight=False)

    finish(run, json_output, print_workforce_summary, print_joint_plan_rows)


def rostered_plan_year(
    instance: Instance, folder: Path, year: int | None, left_out: list[str]
) -> api.RosteredWeek:
    """The week of a capital (or joint) plan's year (:func:`api.capital_plan_week`); what a
    joint plan's workforce the week is rostered without appended to ``left_out``."""
    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always", api.JointPlanWarning)
        week = api.capital_plan_week(instance, folder, year)
    for w in heard:
        if issubclass(w.category, api.JointPlanWarning):
            left_out.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return week


def print_joint_summary(plan: JointPlan, out: Path) -> None:
    s = plan.summary()
    what = "staffing a given capital plan" if plan.fixed_capital else "scanners and staff"
    table = summary_table(f"Joint plan ({what}): {plan.network}", "net present cost", s)
    if plan.status.has_plan:
        p, w = s["plan"], s["workforce"]
        table.add_row(
            "scanners bought", f"{p['units_bought']} ({money(p['capital_spend'])} capital)"
        )
        table.add_row("replaced / retired", f"{p['scanners_replaced']} / {p['scanners_retired']}")
        table.add_row("rooms built", str(p["rooms_built"]))
        table.add_row("exams outsourced", f"{p['exams_outsourced']:,.0f}")
        table.add_row(
            "workforce (WTE)",
            f"{w['wte_first_year']:,.1f} in the first year, {w['wte_last_year']:,.1f} in the last",
        )
        table.add_row(
            "hired / trained",
            f"{w['hires']:,.1f} WTE hired, {w['trainees']} trainees started",
        )
        table.add_row("agency hours", f"{w['agency_hours']:,.0f}")
        table.add_row("reports outsourced", f"{w['reports_outsourced']:,.0f}")
        for component, npv in s["costs"].items():
            table.add_row(f"  {component}", money(npv))
    print_with_footer(table, s, out)


def sequential_table(frame: pd.DataFrame) -> TextTable:
    """The joint plan against the sequential plan (capital first, workforce second)."""
    table = TextTable(
        "Joint plan against capital first, workforce second",
        ("measure", "joint", "sequential", "difference"),
        right=frozenset({1, 2, 3}),
    )

    def cell(x: float | None, unit: str) -> str:
        if x is None or x != x:
            return "-"
        return f"GBP {x:,.0f}" if unit.startswith("GBP") else f"{x:,.1f}"

    for row in frame.to_dict("records"):
        unit = str(row["unit"])
        table.add_row(
            str(row["measure"]),
            cell(row["joint"], unit),
            cell(row["sequential"], unit),
            cell(row["difference"], unit),
        )
    return table


@solve_app.command("joint")
def solve_joint_command(
    ctx: typer.Context,
    instance: InstanceArg,
    out: OutOption,
    capital_plan: Annotated[
        Path | None,
        typer.Option(
            help="A capital plan's result folder: keep its scanners and plan only the workforce "
            "that staffs them, year by year."
        ),
    ] = None,
    compare_sequential: Annotated[
        bool,
        typer.Option(
            help="Also solve the capital plan on its own, then its workforce (what planners do "
            "today), and write sequential.csv: what choosing them together changes. The capital "
            "plan on its own has 45% of the time limit and starts the joint plan."
        ),
    ] = False,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    mip_gap: MipGapOption = 1e-4,
    threads: ThreadsOption = 1,
    seed: SeedOption = 0,
    highs_option: HighsOptionOption = None,
    log: LogOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
    force: ForceOption = False,
    no_report: NoReportOption = False,
    strategy: Annotated[
        CapitalStrategy,
        typer.Option(help="How HiGHS is run: lns (the default) or mip, as for the capital plan."),
    ] = CapitalStrategy.LNS,
) -> None:
    """Plan scanners and the workforce together, year by year: which scanners to buy where and
    when, and the staff (WTE in post, hires, training, agency, passports, reports outsourced)
    that run and report them, at least net present cost."""
    options = solve_options(time_limit, mip_gap, threads, seed, log, highs_option)
    status_console = err_console if json_output else out_console
    if capital_plan is not None and compare_sequential:
        fail("--capital-plan and --compare-sequential cannot be used together", Exit.BAD_INPUT)

    def solve(inst: Instance, status: Status, deadline: Deadline) -> Made[JointPlan]:
        line = ProgressLine(
            "Solving the joint plan",
            f"{inst.network.name}: {len(inst.sites)} sites, {len(inst.assets)} scanners, "
            f"{len(inst.staff_roles)} staff roles, {inst.network.horizon_years} years",
            deadline,
        )
        status.update(line)
        extra: dict[str, pd.DataFrame] = {}
        if compare_sequential:
            status.update("Solving the capital plan on its own, then its workforce...")
            plan, _, table = api.solve_joint_and_sequential(
                inst, options, strategy=strategy, deadline=deadline, progress=line.update
            )
            extra[SEQUENTIAL_TABLE] = table
        else:
            plan = api.solve_joint(
                inst,
                options,
                capital_plan=capital_plan,
                strategy=strategy,
                deadline=deadline,
                progress=line.update,
            )
        if plan.status is not SolveStatus.INFEASIBLE or plan.report.interrupted:
            return Made(plan, None, extra)
        status.update("No plan exists: finding the staff, reports and money short...")
        diagnosis = api.diagnose_joint(
            inst, options, capital_plan=capital_plan, deadline=deadline, known_infeasible=True
        )
        return Made(plan, diagnosis, extra)

    inputs = [capital_plan] if capital_plan is not None else []
    run = plan_and_write(
        instance,
        out,
        status_console,
        solve,
        time_limit=time_limit,
        started=command_start(ctx),
        force=force,
        inputs=inputs,
        log=log,
        quiet=quiet,
        report=not no_report,
    )
    comparison = (run.made.extra_tables or {}).get(SEQUENTIAL_TABLE)

    def print_comparison() -> None:
        if comparison is not None:
            sequential_table(comparison).show(status_console)

    finish(run, json_output, print_joint_summary, print_comparison)
