"""What every ``netopt`` command shares: exit codes, messages, options, the run of a plan from
instance to result folder, and the summary printout."""

from __future__ import annotations

import contextlib
import json
import math
import signal
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any, Generic, NoReturn, TypeVar

import pandas as pd
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.measure import Measurement
from rich.status import Status
from rich.table import Table
from rich.text import Text

from netopt import api
from netopt.io.result_folder import ResultFolderError, ResultWriteError, check_result_folder
from netopt.models.capital import CapitalPlan
from netopt.models.common import quality_in_words
from netopt.models.workforce.plan import WorkforcePlan
from netopt.report.folder import ReportWarning
from netopt.schema import Instance, InstanceError
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import OptionValue, SolveOptions, SolveStatus
from netopt.solve.progress import Progress

out_console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # messages stay one line each


class Exit(IntEnum):
    """The exit codes of every command (``docs/cli.md``)."""

    OK = 0
    """A plan was found; ``verify``: the plan holds; ``diagnose``: the instance is feasible."""
    NO_PLAN = 1
    """No plan exists (proven); ``verify``: the plan breaks a rule or is not the one written."""
    BAD_INPUT = 2
    """Bad input: the instance, an option, or an unusable ``--out``; nothing was written."""
    UNDECIDED = 3
    """The time limit ended the run before a plan was found or shown not to exist."""
    WRITE_FAILED = 4
    """The results could not be written (disk full, read-only, ...); the folder is as it was."""
    SOLVER_FAILED = 5
    """The solver failed (or reported the cost unbounded): please report it."""
    INTERRUPTED = 130
    """Ctrl-C or SIGTERM; the result folder is as it was."""


STATUS_EXIT = {
    SolveStatus.OPTIMAL: Exit.OK,
    SolveStatus.FEASIBLE: Exit.OK,
    SolveStatus.INFEASIBLE: Exit.NO_PLAN,
    SolveStatus.NO_SOLUTION: Exit.UNDECIDED,
    SolveStatus.UNBOUNDED: Exit.SOLVER_FAILED,
    SolveStatus.ERROR: Exit.SOLVER_FAILED,
}
"""The exit code of a solve command by the plan's status."""


def fail(message: str, code: Exit) -> NoReturn:
    """Print ``message`` on stderr and exit with ``code``."""
    err_console.print(message, markup=False, highlight=False)
    raise typer.Exit(int(code))


def load(path: Path) -> Instance:
    """The instance at ``path``; bad input exits 2 with the located problems."""
    try:
        return api.load_instance(path)
    except InstanceError as error:
        fail(error.render(), Exit.BAD_INPUT)


def parse_highs_option(text: str) -> tuple[str, OptionValue]:
    """``NAME=VALUE`` with the value as a bool, int, float or text."""
    name, sep, raw = text.partition("=")
    if not sep or not name:
        fail(f"--highs-option takes NAME=VALUE, got '{text}'", Exit.BAD_INPUT)
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return name.strip(), lowered == "true"
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return name.strip(), kind(raw)
    return name.strip(), raw


def solve_options(
    time_limit: float,
    mip_gap: float = 1e-4,
    threads: int = 1,
    seed: int = 0,
    log: Path | None = None,
    highs_option: list[str] | None = None,
) -> SolveOptions:
    """The solve options of a command (``log``: the file ``--log`` names); invalid ones exit
    2."""
    try:
        return SolveOptions(
            time_limit=time_limit,
            mip_gap=mip_gap,
            threads=threads,
            seed=seed,
            log_file=log,
            highs_options=dict(parse_highs_option(o) for o in highs_option or []),
        )
    except ValidationError as error:
        fail(f"invalid solve options: {option_problems(error)}", Exit.BAD_INPUT)


def option_problems(error: ValidationError) -> str:
    """Pydantic's problems with a command's options, one clause each, without its footers."""
    clauses = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        clauses.append(f"{field}: {message}" if field else message)
    return "; ".join(clauses)


# The arguments and options the commands share.
InstanceArg = Annotated[Path, typer.Argument(help="Instance file (.yaml, .yml, .json or .xlsx).")]
OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="Result folder: created, or replaced whole if it is a netopt result folder.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace --out even if it holds files netopt did not write (they are deleted).",
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        help="Time limit (seconds) for the whole command, reading to writing; the best plan "
        "found by then is kept."
    ),
]
MipGapOption = Annotated[float, typer.Option(help="Relative MIP gap accepted as optimal.")]
ThreadsOption = Annotated[int, typer.Option(help="Solver threads.")]
SeedOption = Annotated[int, typer.Option(help="Solver random seed.")]
HighsOptionOption = Annotated[
    list[str] | None, typer.Option(help="Extra HiGHS option NAME=VALUE (repeatable; checked).")
]
LogOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Write the HiGHS log of every solve to FILE, a new file (an existing one is never "
        "touched).",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress display while solving.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print summary.json to stdout.")]
NoReportOption = Annotated[
    bool,
    typer.Option(
        "--no-report",
        help="Do not draw the HTML report (report.html) in the result folder; 'netopt report "
        "DIR' draws it later.",
    ),
]


@dataclass(frozen=True)
class CommandStart:
    """The context object of a command run from the console script: when its process started
    (``time.perf_counter`` time), so its time limit counts the whole wall clock."""

    at: float


def command_start(ctx: typer.Context) -> float:
    """When the command started: its process's start for the console script, else now (a
    command invoked in process, e.g. by a test)."""
    return ctx.obj.at if isinstance(ctx.obj, CommandStart) else time.perf_counter()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
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


@dataclass(frozen=True)
class Made(Generic[Plan]):
    """What a command's plan maker hands back to be written."""

    plan: Plan
    diagnosis: api.Diagnosis | None = None
    extra_tables: Mapping[str, pd.DataFrame] | None = None


@dataclass(frozen=True)
class Run(Generic[Plan]):
    """A plan made and written by :func:`plan_and_write`, with the command's own timings."""

    instance: Instance
    made: Made[Plan]
    folder: Path
    read_seconds: float
    write_seconds: float
    total_seconds: float

    @property
    def plan(self) -> Plan:
        return self.made.plan


def plan_and_write(
    instance: Path,
    out: Path,
    status_console: Console,
    make_plan: Callable[[Instance, Status, Deadline], Made[Plan]],
    *,
    time_limit: float,
    started: float,
    force: bool = False,
    inputs: Sequence[Path] = (),
    log: Path | None = None,
    quiet: bool = False,
    report: bool = True,
) -> Run[Plan]:
    """Check ``--out`` (and ``--log``), read the instance, make a plan and write its folder,
    with a progress display (none when ``quiet``); ``time_limit`` counts from ``started`` (see
    :func:`command_start`).

    An unusable ``--out`` or ``--log`` or bad input exits 2 before any work; a failed write
    exits 4; a time limit that passes while reading exits 3. Ctrl-C or SIGTERM stops the
    solver and exits 130. Whenever nothing is written, the folder is left as it was.
    """
    deadline = Deadline(time_limit, began=started)
    _check_out(out, force, [instance, *inputs])
    if log is not None:
        _check_log(log, out)
    display = Console(quiet=True) if quiet else status_console
    try:
        with terminate_as_interrupt(), display.status("Reading instance...") as status:
            inst = read_instance(instance, deadline)
            read_seconds = deadline.elapsed()
            try:
                made = make_plan(inst, status, _solving_deadline(deadline, report))
            except InstanceError as error:
                fail(error.render(), Exit.BAD_INPUT)
            if made.plan.report.interrupted:
                raise KeyboardInterrupt
            status.update("Writing results" + (" and drawing the report..." if report else "..."))
            began_writing = deadline.elapsed()
            folder = _write(inst, made, out, force, [instance, *inputs], report)
    except KeyboardInterrupt:
        fail(
            f"interrupted after {deadline.elapsed():.1f} s; {out} left as it was", Exit.INTERRUPTED
        )
    total = deadline.elapsed()
    return Run(inst, made, folder, read_seconds, total - began_writing, total)


REPORT_SECONDS = 1.0
"""Time kept at the end of a command's time limit for drawing the HTML report: 0.3-0.5 s
measured for the tutorial's capital plan on the 2-core machine, with a margin for larger
networks and a busy machine."""


def _solving_deadline(deadline: Deadline, report: bool) -> Deadline:
    """The deadline the plan is made by: the command's, less the time the report takes to draw
    (at most half the limit)."""
    if not report or deadline.limit is None:
        return deadline
    keep = min(REPORT_SECONDS, deadline.limit / 2)
    return replace(deadline, limit=deadline.limit - keep)


def read_instance(instance: Path, deadline: Deadline) -> Instance:
    """The instance, read within the time limit (exit 3 when it passes first; 2 bad input)."""
    try:
        with deadline.enforce("reading the instance"):
            return load(instance)
    except TimeLimitReached as reached:
        fail(f"{reached}; nothing was written: give it more time with --time-limit", Exit.UNDECIDED)


def check_new_file(path: Path, force: bool = False, option: str = "") -> None:
    """A file netopt may write (``option``: the option that names it, for the message): not a
    folder, in an existing folder, and not an existing file unless ``force``; exit 2 otherwise."""
    named = f"{option} {path}" if option else str(path)
    if path.is_dir():
        fail(f"{named}: a folder, not a file", Exit.BAD_INPUT)
    if (path.exists() or path.is_symlink()) and not force:
        advice = "give another name" + ("" if option else ", or --force to replace it")
        fail(
            f"{named}: exists; netopt does not replace files it did not write: {advice}",
            Exit.BAD_INPUT,
        )
    if not path.parent.is_dir():
        fail(f"{named}: the folder {path.parent} does not exist", Exit.BAD_INPUT)


def _check_log(log: Path, out: Path) -> None:
    """``--log`` must name a new file (never an existing one, even with ``--force``) in an
    existing folder, outside the result folder."""
    check_new_file(log, option="--log")
    if log.resolve().is_relative_to(out.resolve()):
        fail(
            f"--log {log}: inside the result folder {out}, which is replaced whole when the plan "
            "is written; name a file outside it",
            Exit.BAD_INPUT,
        )


def _check_out(out: Path, force: bool, inputs: Sequence[Path]) -> None:
    try:
        check_result_folder(out, force=force, inputs=inputs)
    except ResultFolderError as error:
        fail(f"--out {error}", Exit.BAD_INPUT)


def _write(
    inst: Instance,
    made: Made[Plan],
    out: Path,
    force: bool,
    inputs: Sequence[Path],
    report: bool,
) -> Path:
    try:
        with warnings.catch_warnings(record=True) as heard:
            warnings.simplefilter("always", ReportWarning)
            folder = api.write_plan(
                made.plan,
                inst,
                out,
                made.diagnosis,
                extra_tables=made.extra_tables,
                force=force,
                inputs=inputs,
                report=report,
            )
        for warning in heard:
            err_console.print(f"warning: {warning.message}", markup=False, highlight=False)
        return folder
    except ResultFolderError as error:
        fail(f"--out {error}; the plan was not written", Exit.BAD_INPUT)
    except ResultWriteError as error:
        fail(str(error), Exit.WRITE_FAILED)


# --------------------------------------------------------------------------- printing


class ProgressLine:
    """The progress display of a solve, most telling first so a narrow terminal cuts only the
    detail: what is solved, the time so far (of the limit), the best plan, the bound, the gap,
    then ``detail``. Rich redraws it several times a second, so the time runs on between the
    solver's reports (:meth:`update`, called from the solver's thread)."""

    def __init__(self, what: str, detail: str, deadline: Deadline) -> None:
        self._what = what
        self._detail = detail
        self._deadline = deadline
        self._latest: Progress | None = None

    def update(self, progress: Progress) -> None:
        self._latest = progress

    def text(self) -> str:
        limit = self._deadline.limit
        clock = f"{self._deadline.elapsed():.0f} s"
        if limit is not None and math.isfinite(limit):
            clock += f" of {limit:g} s"
        parts = [f"{self._what}: {clock}"]
        latest = self._latest
        if latest is not None and latest.objective is not None:
            parts.append(f"best {millions(latest.objective)}")
        if latest is not None and latest.bound is not None:
            parts.append(f"bound {millions(latest.bound)}")
        if latest is not None and latest.gap is not None:
            parts.append(f"gap {latest.gap:.1%}")
        return f"{', '.join(parts)} ({self._detail})"

    def __rich__(self) -> Text:
        return Text(self.text())


def millions(x: float) -> str:
    """GBP in millions to two decimals (``GBP 63.26m``), for a line that must stay short."""
    return f"GBP {x / 1e6:,.2f}m"


def money(x: float | None) -> str:
    return "-" if x is None else f"GBP {x:,.0f}"


@dataclass
class TextTable:
    """A table of text cells, shown as a rich table when the terminal is wide enough for every
    cell in full, else (piped, redirected or narrow) plainly, so no figure is ever cut:
    a name/value table (``headers`` None) as one ``name: value`` line per row, a table with
    headers as one ``header: value; ...`` line per row."""

    title: str
    headers: tuple[str, ...] | None = None
    right: frozenset[int] = frozenset()
    """Columns aligned right (figures) in the rich table."""
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def rich(self) -> Table:
        table = Table(title=self.title, title_justify="left", show_header=self.headers is not None)
        if self.headers is None:
            table.add_column("", style="bold", no_wrap=True)
            table.add_column("")
        else:
            for i, header in enumerate(self.headers):
                table.add_column(header, justify="right" if i in self.right else "left")
        for row in self.rows:
            table.add_row(*row)
        return table

    def plain(self) -> str:
        if self.headers is None:
            width = max((len(name) for name, *_ in self.rows), default=0)
            lines = [f"{name + ':':<{width + 1}} {' '.join(rest)}" for name, *rest in self.rows]
        else:
            headers = self.headers
            lines = [
                "; ".join(f"{h}: {cell}" for h, cell in zip(headers, row, strict=True))
                for row in self.rows
            ]
        return "\n".join([self.title, *lines])

    def show(self, console: Console) -> None:
        """Print on ``console``: the rich table when every cell fits whole, else plainly."""
        table = self.rich()
        unbounded = console.options.update_width(1_000_000)
        needed = Measurement.get(console, unbounded, table).maximum
        if console.is_terminal and needed <= console.width:
            console.print(table)
        else:
            console.print(self.plain(), markup=False, highlight=False, soft_wrap=True)


def summary_table(title: str, objective: str, s: dict[str, Any]) -> TextTable:
    """A plan's summary table, opened with the rows every plan has: status, objective, gap."""
    table = TextTable(title)
    gap = s["gap"]
    table.add_row("status", s["status"])
    table.add_row(objective, money(s["objective"]))
    table.add_row("bound / gap", f"{money(s['bound'])} / {'-' if gap is None else f'{gap:.4%}'}")
    if s["objective"] is not None:
        table.add_row("quality", s["quality"])
    return table


def print_with_footer(table: TextTable, s: dict[str, Any], out: Path) -> None:
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
    table.show(out_console)


def print_capital_summary(plan: CapitalPlan, out: Path) -> None:
    s = plan.summary()
    table = summary_table(f"Capital plan: {plan.network}", "net present cost", s)
    if plan.status.has_plan:
        p = s["plan"]
        table.add_row(
            "scanners bought", f"{p['units_bought']} ({money(p['capital_spend'])} capital)"
        )
        table.add_row("replaced / retired", f"{p['scanners_replaced']} / {p['scanners_retired']}")
        table.add_row("rooms built", str(p["rooms_built"]))
        table.add_row("exams outsourced", f"{p['exams_outsourced']:,.0f}")
        for component, npv in s["costs"].items():
            table.add_row(f"  {component}", money(npv))
        by_trust = plan.trust_costs.groupby("trust")["npv"].sum()
        if len(by_trust) > 1:
            table.add_row("by trust", "net present cost to each trust (trust_costs.csv)")
            for trust, npv in by_trust.items():
                table.add_row(f"  {trust}", money(float(npv)))
    print_with_footer(table, s, out)


def limit_message(run: Run[Plan]) -> str | None:
    """What the time limit did to the run, in words, with where the time went (None when it
    did not end the run)."""
    report, t = run.plan.report, run.plan.timings
    if not report.limit_reached:
        return None
    limit = report.options.get("time_limit")
    where = (
        f"start and reading {run.read_seconds:.1f} s, data {t.data:.1f} s, build {t.build:.1f} s, "
        f"solve {t.solve:.1f} s, results {t.results:.1f} s, writing {run.write_seconds:.1f} s; "
        f"{run.total_seconds:.1f} s in all"
    )
    if not report.status.has_plan:
        return (
            f"No plan was found within the {limit:g} s time limit (stopped while {report.stage}; "
            f"{where}). This does not mean none exists: give it more time with --time-limit."
        )
    return (
        f"Stopped at the {limit:g} s time limit ({where}). The best plan found: "
        f"{quality_in_words(report)}."
    )


def finish(
    run: Run[Plan],
    json_output: bool,
    print_summary: Callable[[Plan, Path], None],
    then: Callable[[], None] | None = None,
    no_plan: str | None = None,
) -> None:
    """Print the plan's summary (or summary.json with ``--json``), then ``then``'s output, what
    the time limit did and the reason when there is no plan (``no_plan``, by default what the
    solver reports); exit with the plan's code."""
    plan = run.plan
    if json_output:
        print(json.dumps(api.plan_summary(plan, run.instance), indent=2))
    else:
        print_summary(plan, run.folder)
    if then is not None:
        then()
    message = limit_message(run)
    if message is not None:
        err_console.print(message, markup=False, highlight=False)
    if not plan.status.has_plan:
        if message is None:
            reason = no_plan or f"no plan: the solver reports '{plan.status.value}'"
            err_console.print(reason, markup=False)
        if run.made.diagnosis is not None:
            err_console.print(run.made.diagnosis.render(), markup=False)
    code = STATUS_EXIT[plan.status]
    if code is not Exit.OK:
        raise typer.Exit(int(code))
