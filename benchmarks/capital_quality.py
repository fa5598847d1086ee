"""Capital plan quality at network scale: plan, bound, gap and seed spread against best-known values.

    python benchmarks/capital_quality.py run [--instances tutorial,N04,...] [--england-dir DIR]
        [--time-limits 10,60] [--seeds 0,1,2] [--strategies mip[,lns,...]] [--workers 1]
        [--verify] [--csv OUT] [--best-known FILE]
    python benchmarks/capital_quality.py report RESULTS.csv [...] [--best-known FILE]
    python benchmarks/capital_quality.py england-wall [--strategy lns] [--workers 2] [--wall 60]
        [--margin 5 | --per-network S] [--seed 0] [--england-dir DIR] [--csv OUT]
    python benchmarks/capital_quality.py update RESULTS.csv [...] [--best-known FILE]

``run`` solves every instance x strategy x time limit x seed, one HiGHS thread per solve, and
prints per instance x strategy x limit: the best and worst plan over the seeds, their spread, the
best bound, the gap (median and worst over the seeds), the plans against the instance's
best-known value, and how many seeds returned the ``practice`` baseline's plan (the start HiGHS
is given) unchanged; then the issue-11 targets, met or not, per strategy. ``report`` prints the
same from results CSV files already written. ``england-wall`` solves the 20 England networks
under one wall clock. ``update`` keeps in ``benchmarks/best_known.csv`` the least verified
objective each instance ever reached, with the command that reproduces it.

Strategies are the names ``netopt.solve_capital(..., strategy=NAME)`` accepts, or an ablation of
``lns`` (a stage switched off, for the stage table): ``lns/no-mip-stage`` (fix-and-optimize from
the start only), ``lns/mip-stage-only`` (the whole-model branch and bound for all the time, no
search after it), ``lns/no-stall`` (that stage never stopped early), ``lns/stall-0.7`` (stopped
early only after 70% of its time). An ablation changes the
constants of ``netopt.models.capital.strategy`` and ``netopt.solve.lns`` for its own solve only.

Instances: ``tutorial`` (``instances/tutorial.yaml``), ``N01``..``N20`` (the England networks of
``benchmarks/england.py generate --scale england --seed 0``, generated into a temporary folder
unless ``--england-dir`` is given) or a path to an instance file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import datetime
import functools
import math
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from run import REPO, generate_england, print_table, write_csv

import netopt
import netopt.models.capital.strategy as capital_strategy
import netopt.solve.lns as lns
from netopt.io import instance_hash
from netopt.solve.highs import highs_version
from netopt.solve.parallel import run_in_processes

SCRIPT = "benchmarks/capital_quality.py"
TUTORIAL = REPO / "instances" / "tutorial.yaml"
ENGLAND = tuple(f"N{i:02d}" for i in range(1, 21))
DEFAULT_INSTANCES = ("tutorial", *ENGLAND)
BEST_KNOWN = REPO / "benchmarks" / "best_known.csv"
PLAN_STATUSES = ("optimal", "feasible")
BASELINE_TOLERANCE = 1e-6
"""Relative difference under which a plan's objective is the baseline start's."""
BASELINE_TIME_LIMIT = 600.0

# The targets of issue 11 (fractions; the long limit is 60 s, the short one 10 s).
LONG_LIMIT = 60.0
SHORT_LIMIT = 10.0
WITHIN_BEST_KNOWN = 0.01
MAX_SPREAD = 0.005
MEDIAN_GAP = 0.02
WORST_GAP = 0.05
ENGLAND_WALL = 60.0
ENGLAND_GAP = 0.03

Row = dict[str, object]

ABLATIONS: dict[str, tuple[tuple[object, str, float], ...]] = {
    "lns/no-mip-stage": ((capital_strategy, "LNS_MIP_SHARE", 0.0),),
    "lns/mip-stage-only": ((capital_strategy, "LNS_MIP_SHARE", 1.0),),
    "lns/no-stall": ((lns, "MIP_STALL_SHARE", 2.0),),
    "lns/stall-0.7": ((lns, "MIP_STALL_SHARE", 0.7),),
}
"""Ablations of the ``lns`` strategy: (module, constant, value) set for the solve."""


class BenchmarkError(Exception):
    """Bad input to the benchmark (an unknown instance, an unreadable CSV cell, ...)."""


# --- one solve ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One solve: an instance, a strategy, a time limit and a seed (a row of the results CSV)."""

    instance: str
    strategy: str
    time_limit: float
    seed: int
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    limit_reached: bool
    wall_s: float
    """Seconds of the ``netopt.solve_capital`` call (building included; verifying not)."""
    baseline_objective: float | None
    """The ``practice`` baseline's objective, the start (None when its plan is infeasible)."""
    baseline_start: bool | None
    """The plan is the baseline start (None: no plan, or no feasible baseline)."""
    verified: bool | None
    """``netopt.verify`` passed on the plan written to a folder (None: not verified)."""
    workers: int
    load_1m: float
    """The machine's 1-minute load average when the solve ended."""
    instance_sha256: str
    highs_version: str
    date: str
    command: str

    @property
    def has_plan(self) -> bool:
        return self.status in PLAN_STATUSES and self.objective is not None

    @property
    def gap_or_inf(self) -> float:
        """The gap, infinite when there is no plan or no bound."""
        return math.inf if self.gap is None or not self.has_plan else self.gap


COLUMNS = tuple(f.name for f in dataclasses.fields(Result))


def parse_cell(kind: str, text: str) -> object:
    """A CSV cell as the field's type (``kind`` is its annotation, e.g. ``float | None``)."""
    base = kind.removesuffix(" | None")
    if text == "" and base != kind:
        return None
    if base == "float":
        return float(text)
    if base == "int":
        return int(text)
    if base == "bool":
        if text not in ("True", "False"):
            raise ValueError(f"expected True or False, got {text!r}")
        return text == "True"
    return text


def read_results(paths: Iterable[Path]) -> list[Result]:
    """The rows of results CSV files written by ``run --csv``."""
    kinds = {f.name: str(f.type) for f in dataclasses.fields(Result)}
    results = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise BenchmarkError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
            for row in reader:
                values = {}
                for name, kind in kinds.items():
                    try:
                        values[name] = parse_cell(kind, row[name] or "")
                    except ValueError as error:
                        raise BenchmarkError(
                            f"{path}: line {reader.line_num}: column {name}: {error}"
                        ) from None
                results.append(Result(**values))  # type: ignore[arg-type]
    return results


def result_row(result: Result) -> Row:
    return dataclasses.asdict(result)


@dataclass(frozen=True)
class Job:
    """A solve to run (in this process or a spawned worker)."""

    instance: str
    path: str
    strategy: str
    time_limit: float
    seed: int
    verify: bool
    baseline_objective: float | None
    instance_sha256: str
    workers: int
    command: str
    number: int
    total: int


@functools.lru_cache(maxsize=4)
def load(path: str) -> netopt.Instance:
    return netopt.load_instance(path)


def is_baseline(objective: float | None, baseline: float | None) -> bool | None:
    """Whether ``objective`` is the baseline's (None when either is missing)."""
    if objective is None or baseline is None:
        return None
    return abs(objective - baseline) <= BASELINE_TOLERANCE * max(1.0, abs(baseline))


def verify_plan(plan: netopt.CapitalPlan, instance: netopt.Instance) -> bool:
    """Whether the plan, written to a temporary folder, passes ``netopt.verify``."""
    with tempfile.TemporaryDirectory() as folder:
        written = netopt.write_plan(plan, instance, Path(folder) / "plan")
        return netopt.verify(instance, written).ok


@contextlib.contextmanager
def ablation(strategy: str) -> Iterator[str]:
    """The netopt strategy to run for ``strategy``, with an ablation's constants set for the
    block (then put back: with one worker every solve runs in this process)."""
    changes = ABLATIONS.get(strategy, ())
    before = [(module, name, getattr(module, name)) for module, name, _ in changes]
    for module, name, value in changes:
        setattr(module, name, value)
    try:
        yield strategy.split("/")[0]
    finally:
        for module, name, value in before:
            setattr(module, name, value)


def solve_job(job: Job) -> Result:
    """Solve one job and describe the outcome (module level: spawned workers import it)."""
    instance = load(job.path)
    options = netopt.SolveOptions(time_limit=job.time_limit, seed=job.seed, threads=1)
    start = time.perf_counter()
    with ablation(job.strategy) as strategy:
        plan = netopt.solve_capital(instance, options, strategy=strategy)
    wall = time.perf_counter() - start
    report = plan.report
    has_plan = plan.status.has_plan
    result = Result(
        instance=job.instance,
        strategy=job.strategy,
        time_limit=job.time_limit,
        seed=job.seed,
        status=plan.status.value,
        objective=report.objective,
        bound=report.bound,
        gap=report_gap(report.objective, report.bound, report.gap),
        limit_reached=report.limit_reached,
        wall_s=round(wall, 3),
        baseline_objective=job.baseline_objective,
        baseline_start=is_baseline(report.objective, job.baseline_objective) if has_plan else None,
        verified=verify_plan(plan, instance) if job.verify and has_plan else None,
        workers=job.workers,
        load_1m=round(os.getloadavg()[0], 2),
        instance_sha256=job.instance_sha256,
        highs_version=report.solver_version,
        date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        command=job.command,
    )
    print(
        f"... [{job.number}/{job.total}] {job.instance} {job.strategy} {job.time_limit:g} s "
        f"seed {job.seed}: {result.status} {fmt(result.objective, 0)} gap {pct(result.gap)} "
        f"in {wall:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    return result


def report_gap(objective: float | None, bound: float | None, gap: float | None) -> float | None:
    """HiGHS's gap, else ``(objective - bound) / |objective|`` when both are known."""
    if gap is not None and math.isfinite(gap):
        return gap
    if objective is None or bound is None or objective == 0:
        return None
    return (objective - bound) / abs(objective)


# --- best-known values ------------------------------------------------------------------------


@dataclass(frozen=True)
class BestKnown:
    """The least verified objective any recorded run reached for an instance."""

    instance: str
    objective: float | None
    bound: float | None
    """The highest lower bound any run read by ``update`` proved (it may be another run's)."""
    instance_sha256: str
    found_by: str
    """A command that reproduces the plan (one solve)."""
    date: str
    log: str
    """The results row that holds the plan, copied under ``benchmarks/best_known/``."""


BEST_KNOWN_COLUMNS = tuple(f.name for f in dataclasses.fields(BestKnown))


def read_best_known(path: Path) -> dict[str, BestKnown]:
    if not path.exists():
        return {}
    kinds = {f.name: str(f.type) for f in dataclasses.fields(BestKnown)}
    known = {}
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            try:
                values = {n: parse_cell(k, row.get(n) or "") for n, k in kinds.items()}
            except ValueError as error:
                raise BenchmarkError(f"{path}: line {reader.line_num}: {error}") from None
            entry = BestKnown(**values)  # type: ignore[arg-type]
            known[entry.instance] = entry
    return known


def write_best_known(known: dict[str, BestKnown], path: Path) -> None:
    write_csv([dataclasses.asdict(k) for k in known.values()], path, BEST_KNOWN_COLUMNS)


def reproduce_command(result: Result) -> str:
    return shlex.join(
        [
            "python",
            SCRIPT,
            "run",
            "--instances",
            result.instance,
            "--strategies",
            result.strategy,
            "--time-limits",
            f"{result.time_limit:g}",
            "--seeds",
            str(result.seed),
            "--verify",
        ]
    )


def best_known_value(
    known: dict[str, BestKnown], instance: str, sha256: str | None = None
) -> float | None:
    """The best-known objective of ``instance``; None when there is none or it was found on
    another instance of that name (a different hash)."""
    entry = known.get(instance)
    if entry is None or entry.objective is None:
        return None
    if sha256 and entry.instance_sha256 and sha256 != entry.instance_sha256:
        return None
    return entry.objective


def update_best_known(
    known: dict[str, BestKnown],
    results: Sequence[Result],
    log_folder: Path,
    replace_changed: bool = False,
) -> tuple[dict[str, BestKnown], list[str]]:
    """``known`` improved by ``results``: per instance the least objective of a verified plan
    (status optimal or feasible, ``verified`` True), and the highest bound of any row of the same
    instance. A row of another instance under a known name (a different hash) is ignored unless
    ``replace_changed``. Returns the new values and what changed, one line each; the winning row
    is written to ``log_folder/<instance>.csv``."""
    new = dict(known)
    changes = []
    for name in dict.fromkeys(r.instance for r in results):
        rows = [r for r in results if r.instance == name]
        old = known.get(name)
        if old is not None and old.instance_sha256 and not replace_changed:
            rows = [r for r in rows if r.instance_sha256 == old.instance_sha256]
            if not rows:
                changes.append(f"{name}: results are of another instance (hash); ignored")
                continue
        same = old is not None and old.instance_sha256 == rows[0].instance_sha256
        entry, note = improve(old if same else None, rows, log_folder)
        if entry is not None:
            new[name] = entry
        if note:
            changes.append(f"{name}: {note}")
    return new, changes


def improve(
    old: BestKnown | None, rows: Sequence[Result], log_folder: Path
) -> tuple[BestKnown | None, str]:
    """The best-known entry of one instance after ``rows`` (all of that instance and hash)."""
    bounds = [r.bound for r in rows if r.bound is not None and r.status != "error"]
    if old is not None and old.bound is not None:
        bounds.append(old.bound)
    bound = max(bounds) if bounds else None
    verified = [r for r in rows if r.has_plan and r.verified]
    best = min(verified, key=lambda r: r.objective or math.inf, default=None)
    if best is None or best.objective is None:
        note = "no verified plan (run with --verify)"
        if old is None:
            old = BestKnown(rows[0].instance, None, None, rows[0].instance_sha256, "", "", "")
        return dataclasses.replace(old, bound=bound), note
    if old is not None and old.objective is not None and old.objective <= best.objective:
        kept = dataclasses.replace(old, bound=bound)
        return kept, f"kept {old.objective:,.2f} (best new {best.objective:,.2f})"
    log_folder.mkdir(parents=True, exist_ok=True)
    log = log_folder / f"{safe_name(best.instance)}.csv"
    write_csv([result_row(best)], log, COLUMNS)
    entry = BestKnown(
        instance=best.instance,
        objective=best.objective,
        bound=bound,
        instance_sha256=best.instance_sha256,
        found_by=reproduce_command(best),
        date=best.date,
        log=relative(log),
    )
    before = "none" if old is None or old.objective is None else f"{old.objective:,.2f}"
    return entry, f"{before} -> {best.objective:,.2f} ({best.strategy}, {best.time_limit:g} s)"


def safe_name(instance: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(instance).stem)


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


# --- tables and targets -----------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def pct(value: float | None, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return f"{100 * value:.{digits}f}%"


def ordered(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


@dataclass(frozen=True)
class Group:
    """The seeds of one instance x strategy x time limit."""

    instance: str
    strategy: str
    time_limit: float
    results: tuple[Result, ...]
    best_known: float | None

    @property
    def objectives(self) -> list[float]:
        return [r.objective for r in self.results if r.has_plan and r.objective is not None]

    @property
    def complete(self) -> bool:
        """Every seed has a plan."""
        return len(self.objectives) == len(self.results)

    @property
    def spread(self) -> float | None:
        """(worst - best) / best over the seeds with a plan."""
        plans = self.objectives
        if not plans or min(plans) == 0:
            return None
        best = min(plans)
        return (max(plans) - best) / abs(best)

    def versus_best_known(self, objective: float | None) -> float | None:
        if objective is None or not self.best_known:
            return None
        return (objective - self.best_known) / abs(self.best_known)

    def row(self) -> Row:
        plans = self.objectives
        gaps = [r.gap_or_inf for r in self.results]
        bounds = [r.bound for r in self.results if r.bound is not None]
        best, worst = (min(plans), max(plans)) if plans else (None, None)
        verified = [r.verified for r in self.results if r.verified is not None]
        return {
            "instance": self.instance,
            "strategy": self.strategy,
            "limit_s": f"{self.time_limit:g}",
            "plans": f"{len(plans)}/{len(self.results)}",
            "best": fmt(best, 0),
            "worst": fmt(worst, 0),
            "spread": pct(self.spread),
            "best_bound": fmt(max(bounds) if bounds else None, 0),
            "gap_median": pct(statistics.median(gaps)),
            "gap_worst": pct(max(gaps)),
            "best_known": fmt(self.best_known, 0),
            "best_vs_bk": pct(self.versus_best_known(best)),
            "worst_vs_bk": pct(self.versus_best_known(worst)),
            "baseline_starts": sum(bool(r.baseline_start) for r in self.results),
            "verified": f"{sum(verified)}/{len(verified)}" if verified else "-",
            "wall_max_s": f"{max(r.wall_s for r in self.results):.1f}",
        }


GROUP_COLUMNS = (
    "instance",
    "strategy",
    "limit_s",
    "plans",
    "best",
    "worst",
    "spread",
    "best_bound",
    "gap_median",
    "gap_worst",
    "best_known",
    "best_vs_bk",
    "worst_vs_bk",
    "baseline_starts",
    "verified",
    "wall_max_s",
)


def groups(results: Sequence[Result], known: dict[str, BestKnown]) -> list[Group]:
    """The results grouped by instance x strategy x limit, in the order they were run."""
    out = []
    for instance in ordered(r.instance for r in results):
        mine = [r for r in results if r.instance == instance]
        value = best_known_value(known, instance, mine[0].instance_sha256)
        for strategy in ordered(r.strategy for r in mine):
            for limit in sorted({r.time_limit for r in mine if r.strategy == strategy}):
                chosen = tuple(r for r in mine if r.strategy == strategy and r.time_limit == limit)
                out.append(Group(instance, strategy, limit, chosen, value))
    return out


@dataclass(frozen=True)
class Target:
    """One of issue 11's targets and how a run measured against it."""

    name: str
    met: bool | None
    """None: the run cannot tell (e.g. no best-known value)."""
    figure: str

    def line(self) -> str:
        verdict = {True: "met", False: "NOT MET", None: "n/a"}[self.met]
        return f"  {verdict:<8} {self.name}: {self.figure}"


def closest(limits: Iterable[float], wanted: float) -> float:
    return min(limits, key=lambda limit: (abs(limit - wanted), -limit))


def targets(strategy_groups: Sequence[Group]) -> list[Target]:
    """The per-instance targets of issue 11 on one strategy's groups: at the limit closest to
    60 s (plan within 1% of best-known on every seed, spread <= 0.5%, gap median <= 2% and worst
    <= 5%) and at the limit closest to 10 s (no baseline start)."""
    limits = {g.time_limit for g in strategy_groups}
    long, short = closest(limits, LONG_LIMIT), closest(limits, SHORT_LIMIT)
    at_long = [g for g in strategy_groups if g.time_limit == long]
    at_short = [g for g in strategy_groups if g.time_limit == short]
    return [
        best_known_target(at_long, long),
        spread_target(at_long, long),
        *gap_targets(at_long, long),
        baseline_target(at_short, short),
    ]


def best_known_target(at: Sequence[Group], limit: float) -> Target:
    name = f"{limit:g} s plan within {pct(WITHIN_BEST_KNOWN, 0)} of best-known, every seed"
    no_plan = [g.instance for g in at if not g.complete]
    no_known = [g.instance for g in at if g.best_known is None]
    worst = {g.instance: g.versus_best_known(max(g.objectives)) for g in at if g.objectives}
    known = {instance: v for instance, v in worst.items() if v is not None}
    notes = []
    if known:
        instance = max(known, key=lambda i: known[i])
        notes.append(f"worst {pct(known[instance])} ({instance})")
    beaten = [instance for instance, v in known.items() if v < -1e-9]
    if beaten:
        notes.append(f"beats best-known on {', '.join(beaten)} (run update)")
    if no_plan:
        notes.append(f"no plan on some seed: {', '.join(no_plan)}")
    if no_known:
        notes.append(f"no best-known for {len(no_known)} of {len(at)}")
    met: bool | None = bool(known) and max(known.values()) <= WITHIN_BEST_KNOWN
    if no_plan:
        met = False
    elif no_known:
        met = None if met or not known else False
    return Target(name, met, "; ".join(notes) or "no solves")


def spread_target(at: Sequence[Group], limit: float) -> Target:
    name = f"{limit:g} s spread over seeds <= {pct(MAX_SPREAD, 1)}"
    if not at:
        return Target(name, None, "no solves")
    spreads = {g.instance: g.spread if g.complete else None for g in at}
    incomplete = [instance for instance, v in spreads.items() if v is None]
    if incomplete:
        return Target(name, False, f"no plan on some seed: {', '.join(incomplete)}")
    instance = max(spreads, key=lambda i: spreads[i] or 0.0)
    worst = spreads[instance] or 0.0
    figure = f"worst {pct(worst)} ({instance})"
    if min(len(g.results) for g in at) < 2:
        return Target(name, None, f"one seed only; {figure}")
    return Target(name, worst <= MAX_SPREAD, figure)


def gap_targets(at: Sequence[Group], limit: float) -> list[Target]:
    gaps = [(r.gap_or_inf, r) for g in at for r in g.results]
    median_name = f"{limit:g} s proven gap median <= {pct(MEDIAN_GAP, 0)}"
    worst_name = f"{limit:g} s proven gap worst <= {pct(WORST_GAP, 0)}"
    if not gaps:
        return [Target(median_name, None, "no solves"), Target(worst_name, None, "no solves")]
    median = statistics.median(v for v, _ in gaps)
    worst, result = max(gaps, key=lambda item: item[0])
    where = f"{result.instance} seed {result.seed}"
    return [
        Target(median_name, median <= MEDIAN_GAP, f"median {pct(median)} of {len(gaps)} solves"),
        Target(worst_name, worst <= WORST_GAP, f"worst {pct(worst)} ({where})"),
    ]


def baseline_target(at: Sequence[Group], limit: float) -> Target:
    name = f"{limit:g} s no plan is the baseline start"
    starts = [f"{r.instance}/{r.seed}" for g in at for r in g.results if r.baseline_start]
    none = [f"{r.instance}/{r.seed}" for g in at for r in g.results if not r.has_plan]
    solves = sum(len(g.results) for g in at)
    figure = f"{len(starts)} of {solves} solves" + (f" ({', '.join(starts)})" if starts else "")
    if none:
        figure += f"; no plan in {', '.join(none)}"
    return Target(name, not starts and not none, figure)


def strategy_row(strategy: str, limit: float, at: Sequence[Group]) -> Row:
    """One line of the per-strategy table (the stage table: one strategy name per stage
    combination, e.g. ``mip,lns,lns-nostart``)."""
    results = [r for g in at for r in g.results]
    gaps = [r.gap_or_inf for r in results]
    versus = [g.versus_best_known(max(g.objectives)) for g in at if g.objectives]
    known = [v for v in versus if v is not None]
    spreads = [g.spread if g.complete else math.inf for g in at]
    complete = all(g.objectives for g in at)
    return {
        "strategy": strategy,
        "limit_s": f"{limit:g}",
        "solves": len(results),
        "no_plan": sum(not r.has_plan for r in results),
        "mean_plan_sum": fmt(sum(statistics.mean(g.objectives) for g in at), 0)
        if complete
        else "-",
        "gap_median": pct(statistics.median(gaps)) if gaps else "-",
        "gap_worst": pct(max(gaps)) if gaps else "-",
        "spread_worst": pct(max((s for s in spreads if s is not None), default=None)),
        "worst_vs_bk": pct(max(known)) if known else "-",
        "baseline_starts": sum(bool(r.baseline_start) for r in results),
    }


def print_report(results: Sequence[Result], known: dict[str, BestKnown]) -> list[Target]:
    """The table per instance x strategy x limit, the per-strategy table and the targets."""
    all_groups = groups(results, known)
    print_table([g.row() for g in all_groups], GROUP_COLUMNS)
    print()
    strategies = ordered(g.strategy for g in all_groups)
    rows = []
    for strategy in strategies:
        mine = [g for g in all_groups if g.strategy == strategy]
        for limit in sorted({g.time_limit for g in mine}):
            rows.append(strategy_row(strategy, limit, [g for g in mine if g.time_limit == limit]))
    print("Per strategy (mean_plan_sum: the sum over instances of the mean plan over the seeds)")
    print_table(rows, tuple(rows[0].keys()))
    checked: list[Target] = []
    for strategy in strategies:
        found = targets([g for g in all_groups if g.strategy == strategy])
        print(f"\nTargets, strategy {strategy}:")
        for target in found:
            print(target.line())
        checked += found
    return checked


# --- running ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    name: str
    path: Path


def resolve_instances(names: Sequence[str], england_dir: Path | None) -> list[Source]:
    """Instance names (``tutorial``, ``N01``..``N20``) or instance file paths."""
    sources = []
    for name in names:
        if name == "tutorial":
            sources.append(Source(name, TUTORIAL))
        elif name in ENGLAND:
            if england_dir is None:
                raise BenchmarkError(f"{name}: an England network needs the England folder")
            path = england_dir / f"{name}.yaml"
            if not path.exists():
                raise BenchmarkError(f"{name}: {path} does not exist")
            sources.append(Source(name, path))
        elif Path(name).is_file():
            sources.append(Source(name, Path(name)))
        else:
            raise BenchmarkError(
                f"{name}: not an instance (tutorial, N01..N20 or an instance file)"
            )
    return sources


@contextlib.contextmanager
def england_folder(given: Path | None, needed: bool) -> Iterator[Path | None]:
    """``given``, or the England networks of seed 0 generated into a temporary folder."""
    if given is not None or not needed:
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="netopt-england-") as folder:
        print("... generating the England networks (seed 0)", file=sys.stderr, flush=True)
        generate_england(Path(folder), "england")
        yield Path(folder)


def check_strategies(names: Sequence[str]) -> None:
    known = [s.value for s in netopt.CapitalStrategy] + list(ABLATIONS)
    for name in names:
        if name not in known:
            raise BenchmarkError(f"strategy {name!r}: netopt knows {', '.join(known)}")


def header(command: str, workers: int) -> None:
    print(f"command: {command}")
    print(f"HiGHS {highs_version()}; load average {load_average()} at start")
    note = "each solve single-threaded"
    if workers > 1:
        note += f"; {workers} workers at once on {os.cpu_count()} cores: their timings interfere"
    print(f"workers: {workers} ({note})", flush=True)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def make_jobs(args: argparse.Namespace, sources: Sequence[Source], command: str) -> list[Job]:
    """Every instance x strategy x limit x seed, with the instance's baseline and hash."""
    specs = []
    for source in sources:
        instance = load(str(source.path))
        options = netopt.SolveOptions(time_limit=BASELINE_TIME_LIMIT, threads=1)
        baseline = netopt.baseline_capital(instance, "practice", options)
        value = baseline.objective if baseline.status.has_plan else None
        sha = instance_hash(instance)
        print(f"... {source.name}: practice baseline {fmt(value, 0)}", file=sys.stderr, flush=True)
        for strategy in args.strategies:
            for limit in args.time_limits:
                for seed in args.seeds:
                    specs.append((source, strategy, limit, seed, value, sha))
    return [
        Job(
            instance=source.name,
            path=str(source.path),
            strategy=strategy,
            time_limit=limit,
            seed=seed,
            verify=args.verify,
            baseline_objective=value,
            instance_sha256=sha,
            workers=args.workers,
            command=command,
            number=number,
            total=len(specs),
        )
        for number, (source, strategy, limit, seed, value, sha) in enumerate(specs, 1)
    ]


def run_jobs(jobs: Sequence[Job], workers: int, csv_path: Path | None) -> list[Result]:
    """Solve the jobs ``workers`` at a time; the CSV is rewritten after each batch, so an
    interrupted run keeps what it finished."""
    results: list[Result] = []
    for start in range(0, len(jobs), workers):
        results += run_in_processes(solve_job, jobs[start : start + workers], workers)
        if csv_path is not None:
            write_csv([result_row(r) for r in results], csv_path, COLUMNS)
    return results


def run(args: argparse.Namespace, command: str) -> int:
    check_strategies(args.strategies)
    needs_england = any(name in ENGLAND for name in args.instances)
    with england_folder(args.england_dir, needs_england) as folder:
        sources = resolve_instances(args.instances, folder)
        header(command, args.workers)
        jobs = make_jobs(args, sources, command)
        results = run_jobs(jobs, args.workers, args.csv)
    print()
    print_report(results, read_best_known(args.best_known))
    print(f"\nload average {load_average()} at end")
    return 0


# --- England under one wall clock -------------------------------------------------------------


def per_network_limit(wall: float, margin: float, workers: int, networks: int) -> float:
    """The time limit per network so that ``networks`` solves, ``workers`` at a time, end
    within ``wall`` seconds less ``margin`` (worker start-up, reading back the plans)."""
    rounds = math.ceil(networks / max(1, workers))
    return max(1.0, (wall - margin) / rounds)


def solve_networks(
    instances: Sequence[netopt.Instance],
    options: netopt.SolveOptions,
    workers: int,
    strategy: str,
) -> list[netopt.CapitalPlan]:
    """``netopt.solve_capital_networks`` with ``strategy``."""
    return netopt.solve_capital_networks(instances, options, workers, strategy=strategy)


def england_wall(args: argparse.Namespace, command: str) -> int:
    check_strategies([args.strategy])
    with england_folder(args.england_dir, True) as folder:
        assert folder is not None
        sources = resolve_instances(ENGLAND, folder)
        header(command, args.workers)
        instances = [load(str(s.path)) for s in sources]
    limit = args.per_network or per_network_limit(
        args.wall, args.margin, args.workers, len(instances)
    )
    print(f"per-network time limit {limit:.2f} s, {args.workers} workers, seed {args.seed}")
    options = netopt.SolveOptions(time_limit=limit, seed=args.seed, threads=1)
    start = time.perf_counter()
    plans = solve_networks(instances, options, args.workers, args.strategy)
    wall = time.perf_counter() - start
    known = read_best_known(args.best_known)
    rows: list[Row] = [
        {
            "instance": s.name,
            "status": p.status.value,
            "objective": fmt(p.objective, 0),
            "bound": fmt(p.report.bound, 0),
            "gap": pct(report_gap(p.objective, p.report.bound, p.report.gap)),
            "best_known": fmt(best_known_value(known, s.name, instance_hash(i)), 0),
            "seconds": f"{p.timings.total:.1f}",
        }
        for s, i, p in zip(sources, instances, plans, strict=True)
    ]
    print_table(rows, tuple(rows[0].keys()))
    if args.csv:
        write_csv(rows, args.csv, tuple(rows[0].keys()))
    for target in england_targets([s.name for s in sources], plans, wall):
        print(target.line())
    print(f"load average {load_average()} at end")
    return 0


def england_targets(
    names: Sequence[str], plans: Sequence[netopt.CapitalPlan], wall: float
) -> list[Target]:
    """The wall clock and the overall gap ``(sum of plans - sum of bounds) / sum of plans``
    (defined only when every network has a plan and a bound)."""
    missing = [n for n, p in zip(names, plans, strict=True) if p.objective is None]
    unbounded = [
        n
        for n, p in zip(names, plans, strict=True)
        if p.objective is not None and p.report.bound is None
    ]
    objective = sum(p.objective or 0.0 for p in plans)
    bound = sum(p.report.bound or 0.0 for p in plans)
    gap = (objective - bound) / objective if objective and not (missing or unbounded) else None
    print(f"total wall {wall:.1f} s; objective {fmt(objective, 0)}; bound {fmt(bound, 0)}")
    notes = [f"overall gap {pct(gap)}"]
    if missing:
        notes.append(f"no plan: {', '.join(missing)}")
    if unbounded:
        notes.append(f"no bound: {', '.join(unbounded)}")
    return [
        Target(f"England wall <= {ENGLAND_WALL:g} s", wall <= ENGLAND_WALL, f"{wall:.1f} s"),
        Target(
            f"England overall gap <= {pct(ENGLAND_GAP, 0)}",
            gap is not None and gap <= ENGLAND_GAP,
            "; ".join(notes),
        ),
    ]


# --- command line -----------------------------------------------------------------------------


def split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def floats(text: str) -> list[float]:
    return [float(x) for x in split(text)]


def ints(text: str) -> list[int]:
    return [int(x) for x in split(text)]


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="solve and print the quality table")
    run_parser.add_argument("--instances", type=split, default=list(DEFAULT_INSTANCES))
    run_parser.add_argument("--time-limits", type=floats, default=[SHORT_LIMIT, LONG_LIMIT])
    run_parser.add_argument("--seeds", type=ints, default=[0, 1, 2])
    run_parser.add_argument("--strategies", type=split, default=["mip"])
    run_parser.add_argument("--workers", type=int, default=1, help="solves at once (processes)")
    run_parser.add_argument("--verify", action="store_true", help="verify every plan (slow-ish)")
    run_parser.add_argument("--csv", type=Path, help="one row per solve")
    report_parser = commands.add_parser("report", help="the table from results CSV files")
    report_parser.add_argument("results", type=Path, nargs="+")
    wall_parser = commands.add_parser("england-wall", help="all of England under one clock")
    wall_parser.add_argument("--strategy", default="lns")
    wall_parser.add_argument("--workers", type=int, default=2)
    wall_parser.add_argument("--wall", type=float, default=ENGLAND_WALL)
    wall_parser.add_argument("--margin", type=float, default=5.0)
    wall_parser.add_argument("--per-network", type=float, help="seconds (default: from --wall)")
    wall_parser.add_argument("--seed", type=int, default=0)
    wall_parser.add_argument("--csv", type=Path, help="one row per network")
    update_parser = commands.add_parser("update", help="improve best_known.csv from results")
    update_parser.add_argument("results", type=Path, nargs="+")
    update_parser.add_argument(
        "--replace-changed",
        action="store_true",
        help="replace values found on another instance of the same name (a changed generator)",
    )
    for sub in (run_parser, wall_parser):
        sub.add_argument("--england-dir", type=Path, help="default: generate into a temp folder")
    for sub in (run_parser, report_parser, wall_parser, update_parser):
        sub.add_argument("--best-known", type=Path, default=BEST_KNOWN)
    return main_parser


def update(args: argparse.Namespace) -> int:
    known = read_best_known(args.best_known)
    results = read_results(args.results)
    log_folder = args.best_known.parent / args.best_known.stem
    new, changes = update_best_known(known, results, log_folder, args.replace_changed)
    for line in changes:
        print(line)
    write_best_known(new, args.best_known)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    command = shlex.join(["python", SCRIPT, *argv])
    try:
        if args.command == "run":
            return run(args, command)
        if args.command == "report":
            print_report(read_results(args.results), read_best_known(args.best_known))
            return 0
        if args.command == "england-wall":
            return england_wall(args, command)
        return update(args)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
