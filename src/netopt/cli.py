"""The ``netopt`` command: a thin layer over :mod:`netopt.api`.

Exit codes: 0 a plan was found (or the command succeeded), 1 no plan exists, 2 bad input,
130 interrupted.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from enum import IntEnum, StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.status import Status
from rich.table import Table

from netopt import api
from netopt.io import instance_json_schema, write_template
from netopt.models.capital import CapitalPlan
from netopt.models.workforce.plan import WorkforcePlan
from netopt.schema import Instance, InstanceError, PassportPolicy
from netopt.solve.highs import OptionValue, SolveOptions, SolveStatus

app = typer.Typer(
    name="netopt",
    help="Optimisation engine for NHS diagnostic imaging networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
solve_app = typer.Typer(help="Solve a plan and write its result folder.", no_args_is_help=True)
app.add_typer(solve_app, name="solve")

out_console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # messages stay one line each


class Exit(IntEnum):
    OK = 0
    NO_PLAN = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


def _fail(message: str, code: Exit) -> NoReturn:
    err_console.print(message, markup=False, highlight=False)
    raise typer.Exit(int(code))


def _load(path: Path) -> Instance:
    try:
        return api.load_instance(path)
    except InstanceError as error:
        _fail(error.render(), Exit.BAD_INPUT)


def _parse_option(text: str) -> tuple[str, OptionValue]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        _fail(f"--highs-option takes NAME=VALUE, got '{text}'", Exit.BAD_INPUT)
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return name.strip(), lowered == "true"
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return name.strip(), kind(raw)
    return name.strip(), raw


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so a stopped run ends the same way: the solver stops and
    nothing is written (a write already under way is discarded whole)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


Plan = TypeVar("Plan", bound=CapitalPlan | WorkforcePlan)


def plan_and_write(
    instance: Path,
    out: Path,
    status_console: Console,
    make_plan: Callable[[Instance, Status], tuple[Plan, api.Diagnosis | None]],
) -> tuple[Instance, Plan, api.Diagnosis | None]:
    """Read the instance, make a plan and write its folder, with a progress display.

    Bad input exits 2. Ctrl-C or SIGTERM stops the solver and exits 130 with the folder left
    as it was (a write under way is discarded whole).
    """
    start = time.perf_counter()
    try:
        with _terminate_as_interrupt(), status_console.status("Reading instance...") as status:
            inst = _load(instance)
            try:
                plan, diagnosis = make_plan(inst, status)
            except InstanceError as error:
                _fail(error.render(), Exit.BAD_INPUT)
            if plan.report.interrupted:
                raise KeyboardInterrupt
            status.update("Writing results...")
            api.write_plan(plan, inst, out, diagnosis)
    except KeyboardInterrupt:
        _fail(
            f"interrupted after {time.perf_counter() - start:.1f} s; {out} left as it was",
            Exit.INTERRUPTED,
        )
    return inst, plan, diagnosis


# The arguments and solver options every solve command takes.
InstanceArg = Annotated[Path, typer.Argument(help="Instance file (.yaml, .yml, .json or .xlsx).")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Result folder (replaced whole).")]
TimeLimitOption = Annotated[
    float | None,
    typer.Option(help="Solver time limit (seconds); the best plan so far is kept."),
]
MipGapOption = Annotated[float, typer.Option(help="Relative MIP gap accepted as optimal.")]
ThreadsOption = Annotated[int, typer.Option(help="Solver threads.")]
SeedOption = Annotated[int, typer.Option(help="Solver random seed.")]
HighsOptionOption = Annotated[
    list[str] | None, typer.Option(help="Extra HiGHS option NAME=VALUE (repeatable; checked).")
]
LogOption = Annotated[bool, typer.Option(help="Show the HiGHS log.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print summary.json to stdout.")]


def _solve_options(
    time_limit: float | None,
    mip_gap: float,
    threads: int,
    seed: int,
    log: bool,
    highs_option: list[str] | None,
) -> SolveOptions:
    try:
        return SolveOptions(
            time_limit=time_limit,
            mip_gap=mip_gap,
            threads=threads,
            seed=seed,
            log=log,
            highs_options=dict(_parse_option(o) for o in highs_option or []),
        )
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        _fail(f"invalid solve options: {error}", Exit.BAD_INPUT)


def _money(x: float | None) -> str:
    return "-" if x is None else f"GBP {x:,.0f}"


def _summary_table(title: str, objective: str, s: dict[str, Any]) -> Table:
    """A plan's summary table, opened with the rows every plan has: status, objective, gap."""
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("", style="bold")
    table.add_column("")
    gap = s["gap"]
    table.add_row("status", s["status"])
    table.add_row(objective, _money(s["objective"]))
    table.add_row("bound / gap", f"{_money(s['bound'])} / {'-' if gap is None else f'{gap:.4%}'}")
    return table


def _print_with_footer(table: Table, s: dict[str, Any], out: Path) -> None:
    """Add the rows every plan's summary ends with (time, model size, folder) and print."""
    t = s["timings"]
    table.add_row(
        "time (s)",
        f"build {t['data_seconds'] + t['build_seconds']:.2f}, solve {t['solve_seconds']:.2f}, "
        f"total {t['total_seconds']:.2f}",
    )
    size = s["model_size"]
    table.add_row(
        "model",
        f"{size['variables']:,} variables ({size['integer_variables']:,} integer), {size['constraints']:,} constraints",
    )
    table.add_row("results", str(out))
    out_console.print(table)


def _print_capital_summary(plan: CapitalPlan, out: Path) -> None:
    s = plan.summary()
    table = _summary_table(f"Capital plan: {plan.network}", "net present cost", s)
    if plan.status.has_plan:
        p = s["plan"]
        table.add_row(
            "scanners bought", f"{p['units_bought']} ({_money(p['capital_spend'])} capital)"
        )
        table.add_row("replaced / retired", f"{p['scanners_replaced']} / {p['scanners_retired']}")
        table.add_row("rooms built", str(p["rooms_built"]))
        table.add_row("exams outsourced", f"{p['exams_outsourced']:,.0f}")
        for component, npv in s["costs"].items():
            table.add_row(f"  {component}", _money(npv))
    _print_with_footer(table, s, out)


@solve_app.command("capital")
def solve_capital_command(
    instance: InstanceArg,
    out: OutOption,
    time_limit: TimeLimitOption = None,
    mip_gap: MipGapOption = 1e-4,
    threads: ThreadsOption = 1,
    seed: SeedOption = 0,
    highs_option: HighsOptionOption = None,
    log: LogOption = False,
    json_output: JsonOption = False,
    compare_baselines: Annotated[
        bool,
        typer.Option(
            help="Also cost the age:10 and priority baselines; print the comparison and write baselines.csv."
        ),
    ] = False,
) -> None:
    """Find the least-cost capital replacement and placement plan."""
    options = _solve_options(time_limit, mip_gap, threads, seed, log, highs_option)
    status_console = err_console if json_output else out_console

    def solve(inst: Instance, status: Status) -> tuple[CapitalPlan, api.Diagnosis | None]:
        status.update(
            f"Solving the capital plan for {inst.network.name} ({len(inst.sites)} sites, "
            f"{len(inst.assets)} scanners, {inst.network.horizon_years} years)..."
        )
        plan = api.solve_capital(inst, options)
        if plan.status is not SolveStatus.INFEASIBLE or plan.report.interrupted:
            return plan, None
        status.update("No plan exists: finding the smallest shortfalls...")
        return plan, api.diagnose_capital(inst, options)

    inst, plan, diagnosis = plan_and_write(instance, out, status_console, solve)
    if json_output:
        print(json.dumps(api.plan_summary(plan, inst), indent=2))
    else:
        _print_capital_summary(plan, out)
    if compare_baselines and plan.status.has_plan:
        from netopt.baselines.cli import report_comparison

        report_comparison(inst, plan, options, status_console, out)
    if not plan.status.has_plan:
        err_console.print(f"no plan: the solver reports '{plan.status.value}'", markup=False)
        if diagnosis is not None:
            err_console.print(diagnosis.render(), markup=False)
        raise typer.Exit(int(Exit.NO_PLAN))


def _print_workforce_summary(plan: WorkforcePlan, out: Path) -> None:
    s = plan.summary()
    title = f"Workforce plan: {plan.network}, {plan.year}, passports: {s['passport_policy']}"
    table = _summary_table(title, "annual cost", s)
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
            table.add_row(f"  {component}", _money(cost))
    _print_with_footer(table, s, out)


@solve_app.command("workforce")
def solve_workforce_command(
    instance: InstanceArg,
    out: OutOption,
    passport: Annotated[
        PassportPolicy | None,
        typer.Option(help="Override the instance's passport policy (to compare options)."),
    ] = None,
    capital_plan: Annotated[
        Path | None,
        typer.Option(
            help="A capital plan's result folder: roster its fleet and report its exams of --year."
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Plan year (default: the instance's workforce year).")
    ] = None,
    time_limit: TimeLimitOption = None,
    mip_gap: MipGapOption = 1e-4,
    threads: ThreadsOption = 1,
    seed: SeedOption = 0,
    highs_option: HighsOptionOption = None,
    log: LogOption = False,
    json_output: JsonOption = False,
) -> None:
    """Find the least-cost weekly roster and reporting plan: who scans and reports where and
    when, passports, insourcing and outsourcing."""
    options = _solve_options(time_limit, mip_gap, threads, seed, log, highs_option)
    status_console = err_console if json_output else out_console

    def solve(inst: Instance, status: Status) -> tuple[WorkforcePlan, api.Diagnosis | None]:
        if capital_plan is not None:
            inst = api.workforce_from_capital_plan(inst, capital_plan, year)
        elif year is not None:
            settings = inst.workforce.model_copy(update={"year": year})
            inst = Instance.model_validate(
                {**inst.model_dump(), "workforce": settings.model_dump()}
            )
        status.update(
            f"Solving the workforce plan for {inst.network.name} ({len(inst.staff)} staff "
            f"rows, {sum(s.count for s in inst.staff)} people, {len(inst.sites)} sites)..."
        )
        plan = api.solve_workforce(inst, options, passport)
        if plan.status is not SolveStatus.INFEASIBLE or plan.report.interrupted:
            return plan, None
        status.update("No roster exists: finding the sessions that cannot be staffed...")
        return plan, api.diagnose_workforce(inst, options, passport)

    inst, plan, diagnosis = plan_and_write(instance, out, status_console, solve)
    if json_output:
        print(json.dumps(api.plan_summary(plan, inst), indent=2))
    else:
        _print_workforce_summary(plan, out)
    if not plan.status.has_plan:
        err_console.print(f"no plan: the solver reports '{plan.status.value}'", markup=False)
        if diagnosis is not None:
            err_console.print(diagnosis.render(), markup=False)
        raise typer.Exit(int(Exit.NO_PLAN))


class PlanKind(StrEnum):
    """Which plan to diagnose."""

    CAPITAL = "capital"
    WORKFORCE = "workforce"


@app.command("diagnose")
def diagnose_command(
    instance: Annotated[Path, typer.Argument(help="Instance file to diagnose.")],
    model: Annotated[PlanKind, typer.Option(help="The plan to diagnose.")] = PlanKind.CAPITAL,
    passport: Annotated[
        PassportPolicy | None, typer.Option(help="Workforce: override the passport policy.")
    ] = None,
    time_limit: Annotated[float | None, typer.Option(help="Solver time limit (seconds).")] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the diagnosis as JSON.")
    ] = False,
) -> None:
    """Say why no plan exists: for the capital plan the smallest shortfalls (budget, demand,
    rooms, commitments) that would allow one; for the workforce plan the scanner sessions that
    cannot be staffed. Exit 0 when the instance is feasible, 1 otherwise."""
    inst = _load(instance)
    options = SolveOptions(time_limit=time_limit)
    with err_console.status("Finding the smallest shortfalls..."):
        try:
            if model is PlanKind.WORKFORCE:
                diagnosis = api.diagnose_workforce(inst, options, passport)
            else:
                diagnosis = api.diagnose_capital(inst, options)
        except InstanceError as error:
            _fail(error.render(), Exit.BAD_INPUT)
    if json_output:
        print(json.dumps(diagnosis.to_dict(), indent=2))
    else:
        out_console.print(diagnosis.render(), markup=False, highlight=False, soft_wrap=True)
    if not diagnosis.feasible:
        raise typer.Exit(int(Exit.NO_PLAN))


@app.command("verify")
def verify_command(
    instance: Annotated[Path, typer.Argument(help="Instance file the plan was solved from.")],
    results: Annotated[Path, typer.Argument(help="Result folder written by 'netopt solve'.")],
    tolerance: Annotated[float, typer.Option(help="Relative tolerance for the objective.")] = 1e-6,
) -> None:
    """Re-check a written plan against its instance, independently of the model.

    Exit 0 when the plan is feasible and its cost is the one reported; 1 otherwise.
    """
    inst = _load(instance)
    if not (results / "summary.json").is_file():
        _fail(f"{results}: not a result folder (no summary.json)", Exit.BAD_INPUT)
    report = api.verify(inst, results, tolerance)
    out_console.print(report.render(), markup=False, highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(int(Exit.NO_PLAN))


@app.command("validate")
def validate_command(
    instance: Annotated[Path, typer.Argument(help="Instance file to check.")],
) -> None:
    """Check an instance file and report every problem with its place."""
    inst = _load(instance)
    out_console.print(
        f"ok: {inst.network.name}: {len(inst.trusts)} trusts, {len(inst.sites)} sites, "
        f"{len(inst.assets)} scanners, {len(inst.exam_types)} exam types, "
        f"{inst.network.horizon_years} years from {inst.network.first_year}",
        markup=False,
    )


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Argument(help="Excel workbook to write (.xlsx).")],
) -> None:
    """Write an empty, documented Excel workbook to fill in."""
    if out.suffix.lower() != ".xlsx":
        _fail(f"{out}: the template is an Excel workbook; give a .xlsx name", Exit.BAD_INPUT)
    write_template(out)
    out_console.print(f"wrote {out}", markup=False)


@app.command("schema")
def schema_command(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of an instance."""
    text = json.dumps(instance_json_schema(), indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n", encoding="utf-8")


def _register_subcommands() -> None:
    # Imported late: the baseline commands reuse this module's helpers.
    from netopt.baselines.cli import baseline_app

    app.add_typer(baseline_app, name="baseline")


_register_subcommands()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return app(args=argv)
