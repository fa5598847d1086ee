"""The one place netopt talks to HiGHS: options validated, status mapped to our own enum.

Uses Pyomo's direct HiGHS interface (``pyomo.contrib.solver.solvers.highs.Highs``) with
``load_solutions=False`` and ``raise_exception_on_nonoptimal_result=False``, so every outcome
(optimal, time limit with or without an incumbent, infeasible) comes back as a report and the
solution is loaded only when one exists.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import logging
import math
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TextIO

import highspy
import numpy as np
import pyomo.environ as pyo
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pyomo.common.collections import ComponentSet
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.common.util import NoDualsError
from pyomo.contrib.solver.solvers.highs import Highs

from netopt.schema.errors import shorten
from netopt.solve.clock import Deadline
from netopt.solve.progress import ProgressTracker, watching

SOLVER_NAME = "highs"

DEFAULT_TIME_LIMIT = 300.0
"""Seconds a solve may take by default, counted on the wall clock from its start (reading,
building, solving and writing the results): every command ends."""
DEADLINE_GRACE = 0.5
"""Seconds after the deadline at which HiGHS is stopped if its own time limit has not: its root
node work (cut rounds) does not always look at the clock."""

OptionValue = bool | int | float | str


class SolveStatus(StrEnum):
    """Outcome of a solve, in netopt's words."""

    OPTIMAL = "optimal"
    """Proven optimal within the requested MIP gap."""
    FEASIBLE = "feasible"
    """A plan was found but not proven optimal (time or node limit hit); incumbent kept."""
    INFEASIBLE = "infeasible"
    """No plan satisfies every constraint."""
    UNBOUNDED = "unbounded"
    """The cost can fall without limit (a modelling or data error)."""
    NO_SOLUTION = "no_solution"
    """A limit was hit before any plan was found."""
    ERROR = "error"
    """The solver failed."""

    @property
    def has_plan(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


class SolveOptions(BaseModel):
    """How to solve: limits, tolerances and determinism."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    time_limit: float | None = Field(default=DEFAULT_TIME_LIMIT, gt=0)
    """Wall-clock limit (seconds) of the whole solve: building the model data and the model,
    solving, and extracting the result tables; the best plan found by then is kept. None: no
    limit (the API only; every command has one)."""
    mip_gap: float = Field(default=1e-4, ge=0, le=1)
    """Relative MIP gap at which a plan counts as optimal (HiGHS ``mip_rel_gap``)."""
    threads: int = Field(default=1, ge=1, le=256)
    """Solver threads. One by default: results repeat exactly and parallel solves don't compete."""
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    """Random seed (HiGHS ``random_seed``); recorded so runs can be repeated."""
    log: bool = False
    """Stream the HiGHS log to the console."""
    log_file: Path | None = None
    """Append the HiGHS log of every solve to this file (created if missing)."""
    highs_options: dict[str, OptionValue] = Field(default_factory=dict)
    """Further HiGHS options by name; names and types are checked before solving. Options that
    read or write files are refused (netopt writes its own files; see ``log_file``)."""

    @field_validator("highs_options")
    @classmethod
    def _known_options(cls, value: dict[str, OptionValue]) -> dict[str, OptionValue]:
        validate_highs_options(value)
        return value

    def solver_options(self) -> dict[str, OptionValue]:
        """All HiGHS options netopt sets, by HiGHS name."""
        options: dict[str, OptionValue] = {
            "mip_rel_gap": self.mip_gap,
            "threads": self.threads,
            "random_seed": self.seed,
        }
        if self.time_limit is not None:
            options["time_limit"] = self.time_limit
        options.update(self.highs_options)
        return options


_HIGHS_TYPES: dict[Any, tuple[type, ...]] = {
    highspy.HighsOptionType.kBool: (bool,),
    highspy.HighsOptionType.kInt: (int,),
    highspy.HighsOptionType.kDouble: (int, float),
    highspy.HighsOptionType.kString: (str,),
}


@contextlib.contextmanager
def c_stdout_silenced() -> Iterator[None]:
    """Silence what C code prints to stdout (HiGHS's banner and option errors)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@functools.cache
def highs_option_help() -> dict[str, str]:
    """What each HiGHS option accepts, from HiGHS's own option file: ``from 0 to inf`` for a
    number, the description for text (``Presolve: "off", "choose" or "on"``)."""
    with tempfile.TemporaryDirectory() as folder, c_stdout_silenced():
        probe = highspy.Highs()  # type: ignore[no-untyped-call]
        probe.writeOptions(str(Path(folder) / "options.txt"))
        lines = (Path(folder) / "options.txt").read_text(encoding="utf-8").splitlines()
    out: dict[str, str] = {}
    for above, facts, line in zip(lines, lines[1:], lines[2:], strict=False):
        name, equals, _ = line.partition(" = ")
        if equals and facts.startswith("# [") and above.startswith("# "):
            bounds = re.search(r"range: [\[{]([^,]+), ([^\]}]+)[\]}]", facts)
            words = above[2:].strip(" ,")
            out[name] = f"from {bounds[1]} to {bounds[2]}" if bounds else words.partition(": ")[2]
            out[name] = out[name] or words
    return out


FILE_OPTIONS = re.compile(r"^(read_|write_)|_file$")
"""HiGHS options that read or write files (``log_file``, ``write_model_file``,
``solution_file``, ...): refused, since HiGHS would create or overwrite the file named, even
while the options are checked, and netopt never writes a file it was not asked to."""


def validate_highs_options(options: dict[str, OptionValue]) -> None:
    """Raise ``ValueError`` naming any option HiGHS does not know, whose value has the wrong
    type, or whose value HiGHS refuses (out of range, not one of its words; NaN): HiGHS
    ignores all of these silently when they come through Pyomo. Options that read or write
    files are refused before HiGHS sees them (:data:`FILE_OPTIONS`)."""
    if not options:
        return
    files = sorted(name for name in options if FILE_OPTIONS.search(name))
    if files:
        raise ValueError(
            f"HiGHS option {', '.join(repr(f) for f in files)}: options that read or write "
            "files are not allowed (for the solver log, use --log FILE or SolveOptions.log_file)"
        )
    problems = []
    with c_stdout_silenced():
        probe = highspy.Highs()  # type: ignore[no-untyped-call]
        probe.setOptionValue("output_flag", False)
        kinds = {name: probe.getOptionType(name) for name in options}
        refused = {
            name
            for name, value in options.items()
            if kinds[name][0] == highspy.HighsStatus.kOk
            and isinstance(value, _HIGHS_TYPES.get(kinds[name][1], ()))
            and (
                (isinstance(value, float) and math.isnan(value))
                or probe.setOptionValue(name, value) != highspy.HighsStatus.kOk
            )
        }
    for name, value in options.items():
        status, kind = kinds[name]
        if status != highspy.HighsStatus.kOk:
            problems.append(f"unknown HiGHS option '{name}'")
            continue
        allowed = _HIGHS_TYPES.get(kind, ())
        wrong_bool = isinstance(value, bool) and bool not in allowed
        if not isinstance(value, allowed) or wrong_bool:
            problems.append(
                f"HiGHS option '{name}' takes a {kind.name[1:].lower()}, got {shorten(repr(value))}"
            )
        elif name in refused:
            takes = highs_option_help().get(name, "see the HiGHS options documentation")
            problems.append(
                f"HiGHS option '{name}' cannot be {shorten(repr(value))} (allowed: {takes})"
            )
    if problems:
        raise ValueError("; ".join(problems))


def highs_version() -> str:
    """Version of the HiGHS library in use (highspy's version is HiGHS's)."""
    return importlib.metadata.version("highspy")


@dataclass(frozen=True)
class SolveReport:
    """What the solver did: status, objective, bound, gap and timings."""

    status: SolveStatus
    objective: float | None
    """Objective of the plan found (GBP); None when there is none."""
    bound: float | None
    """Best proven lower bound on the objective."""
    gap: float | None
    """Relative gap between objective and bound."""
    solver: str
    solver_version: str
    termination: str
    """The solver's own termination condition, for the record."""
    options: dict[str, OptionValue] = field(default_factory=dict)
    solve_seconds: float = 0.0
    interrupted: bool = False
    """The solve was stopped by Ctrl-C or SIGTERM (the incumbent, if any, is kept)."""
    limit_reached: bool = False
    """The time limit ended the solve (the best plan found by then, if any, is kept)."""
    stage: str = "solving"
    """Where the run was when it ended: ``solving``, or the stage the time limit cut short
    (e.g. ``building the model``)."""
    start_objective: float | None = None
    """Objective of the start plan (completed by an LP), when the run measured it: a plan no
    cheaper than this is still the start."""
    start: str = "the start plan"
    """The start plan, named for a reader (e.g. "the practice baseline's plan")."""


ColumnValues = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]
"""Values of some columns of a HiGHS model: (column indices, values)."""


class RunStrategy(Protocol):
    """A way to run HiGHS on a model already handed over (e.g. in stages, changing bounds
    and integrality between runs). It must leave in HiGHS the solution to report."""

    bound: float | None
    """A lower bound the strategy proved along the way (e.g. an LP relaxation's optimum)."""
    restricted: bool
    """Whether the last run solved a restriction of the model (some variables fixed), so its
    bound is no bound of the model."""
    interrupted: bool
    """Whether a run was stopped from outside (Ctrl-C, SIGTERM or the deadline), even if the
    strategy's last run (e.g. an LP that leaves its best plan in HiGHS) was not."""

    def run(
        self, highs: highspy.Highs, column: Callable[[Any], int], start: ColumnValues | None
    ) -> Any:
        """Run ``highs`` (``column`` maps a Pyomo variable to its column; ``start``, when
        given, is the MIP start, also set in ``highs``); return the last run's HighsStatus."""
        ...


class _InterruptibleHighs(Highs):  # type: ignore[misc]
    """Pyomo's direct HiGHS interface, solving through highspy's interruptible path.

    Pyomo 6.10 calls ``Highs.run()``, which cannot be interrupted: Ctrl-C or SIGTERM waits for
    the whole solve. highspy's ``solve()`` runs the same solver in a worker thread and cancels
    it on KeyboardInterrupt, keeping the incumbent. Relies on Pyomo creating ``_solver_model``
    in ``set_instance`` (checked for the pinned 6.10).

    It can also hand HiGHS a MIP start (``start``: variable -> value), which Pyomo 6.10's
    interface does not offer, through ``_pyomo_var_to_solver_var_map`` (same pinned version).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._start: Mapping[Any, float] = {}
        self._strategy: RunStrategy | None = None
        self._stop_at: float | None = None
        self._progress: ProgressTracker | None = None
        self.stopped_at_deadline = False

    def set_strategy(self, strategy: RunStrategy | None) -> None:
        """Run HiGHS with ``strategy`` instead of one plain solve."""
        self._strategy = strategy

    def set_start(self, start: Mapping[Any, float] | None) -> None:
        """Hand ``start`` (variable -> value) to HiGHS as a MIP start at the next solve."""
        self._start = start or {}

    def set_progress(self, progress: ProgressTracker | None) -> None:
        """Report the plans and bounds of a plain run to ``progress`` (a strategy reports its
        own)."""
        self._progress = progress

    def stop_at(self, moment: float | None) -> None:
        """Have HiGHS end by ``moment`` (a ``time.perf_counter`` time): its time limit is set
        to the time left when it starts, and it is stopped (keeping its incumbent) shortly
        after ``moment`` whatever it is doing, since its root node work does not always look
        at the clock."""
        self._stop_at = moment

    def set_instance(self, model: pyo.ConcreteModel) -> None:
        # Pyomo re-runs __init__ here
        start, strategy, stop_at, progress = (
            self._start,
            self._strategy,
            self._stop_at,
            self._progress,
        )
        super().set_instance(model)
        self._start, self._strategy, self._stop_at = start, strategy, stop_at
        self._progress = progress
        self.stopped_at_deadline = False
        self._solver_model.run = self._run

    def _run(self) -> Any:
        if self._stop_at is None:
            return self._run_solver()
        highs = self._solver_model
        left = max(self._stop_at - time.perf_counter(), 0.0)
        _, limit = highs.getOptionValue("time_limit")
        highs.setOptionValue("time_limit", min(float(limit), max(left, 1e-3)))

        def stop() -> None:
            self.stopped_at_deadline = True
            highs.cancelSolve()

        timer = threading.Timer(left + DEADLINE_GRACE, stop)
        timer.daemon = True
        timer.start()
        try:
            return self._run_solver()
        finally:
            timer.cancel()

    def _run_solver(self) -> Any:
        highs = self._solver_model
        start: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None
        if self._start:
            columns = self._pyomo_var_to_solver_var_map
            pairs = [(columns[id(v)], x) for v, x in self._start.items() if id(v) in columns]
            start = (
                np.array([c for c, _ in pairs], dtype=np.int32),
                np.array([x for _, x in pairs], dtype=np.float64),
            )
            self._start = {}
        if self._strategy is not None:
            if start is not None:
                highs.setSolution(len(start[0]), *start)
            columns = self._pyomo_var_to_solver_var_map
            return self._strategy.run(highs, lambda v: columns[id(v)], start)
        with watching(self._progress, highs, bounds=True):
            if start is None:
                return highs.solve()
            return solve_from_start(highs, *start)

    def was_interrupted(self) -> bool:
        """Stopped by Ctrl-C or SIGTERM (not by the deadline)."""
        status = self._solver_model.getModelStatus()
        stopped = bool(status == highspy.HighsModelStatus.kInterrupt) or (
            self._strategy is not None and self._strategy.interrupted
        )
        return stopped and not self.stopped_at_deadline


def solution_consistent(highs: highspy.Highs) -> bool:
    """Whether the solution HiGHS holds has the objective HiGHS reports for it."""
    info = highs.getInfo()
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return True
    lp = highs.getLp()
    x = np.array(highs.getSolution().col_value)
    value = float(np.dot(np.array(lp.col_cost_), x) + lp.offset_)
    reported = info.objective_function_value
    return abs(value - reported) <= 1e-7 * max(1.0, abs(reported))


def solve_from_start(
    highs: highspy.Highs, index: np.ndarray[Any, Any], values: np.ndarray[Any, Any]
) -> Any:
    """Solve from a MIP start (values of the columns ``index``; HiGHS completes a partial start
    by solving the LP with its integers fixed).

    HiGHS 1.16.0 can return the start unchanged while reporting the better objective it has in
    the presolved space (seen when presolve's reductions improve the start); then this solves
    again without presolve, which uses the start as it is, in the time that is left.
    """
    _, limit = highs.getOptionValue("time_limit")
    began = time.perf_counter()
    highs.setSolution(len(index), index, values)
    status = highs.solve()
    if solution_consistent(highs):
        return status
    _, presolve = highs.getOptionValue("presolve")
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("time_limit", max(float(limit) - (time.perf_counter() - began), 0.0))
    highs.setSolution(len(index), index, values)
    try:
        return highs.solve()
    finally:
        highs.setOptionValue("presolve", presolve)
        highs.setOptionValue("time_limit", limit)


def _status(termination: TerminationCondition, solution: SolutionStatus) -> SolveStatus:
    has_solution = solution in (SolutionStatus.optimal, SolutionStatus.feasible)
    if termination == TerminationCondition.convergenceCriteriaSatisfied:
        return SolveStatus.OPTIMAL
    if termination in (
        TerminationCondition.provenInfeasible,
        TerminationCondition.locallyInfeasible,
    ):
        return SolveStatus.INFEASIBLE
    if termination == TerminationCondition.unbounded:
        return SolveStatus.UNBOUNDED
    if termination == TerminationCondition.infeasibleOrUnbounded:
        # HiGHS's presolve cannot always tell which; for a cost-minimising plan with bounded
        # integer fleets it is infeasibility in practice, but say so honestly.
        return SolveStatus.INFEASIBLE
    if termination == TerminationCondition.error:
        return SolveStatus.ERROR
    return SolveStatus.FEASIBLE if has_solution else SolveStatus.NO_SOLUTION


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective - bound| / max(|objective|, 1e-10), as HiGHS defines its MIP gap; 0 if equal."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    if objective == bound:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-10)


def no_time_report(options: SolveOptions, stage: str) -> SolveReport:
    """The report of a run the time limit ended before HiGHS could start (during ``stage``)."""
    return SolveReport(
        status=SolveStatus.NO_SOLUTION,
        objective=None,
        bound=None,
        gap=None,
        solver=SOLVER_NAME,
        solver_version=highs_version(),
        termination=f"time limit reached while {stage}",
        options=options.solver_options(),
        limit_reached=True,
        stage=stage,
    )


def solve_model(
    model: pyo.ConcreteModel,
    options: SolveOptions,
    start: Mapping[Any, float] | None = None,
    strategy: RunStrategy | None = None,
    deadline: Deadline | None = None,
    reserve: float = 0.0,
    progress: ProgressTracker | None = None,
) -> SolveReport:
    """Solve ``model`` (its active objective) with HiGHS; load the solution into it when there
    is one.

    ``start`` (variable -> value) is handed to HiGHS as a starting solution (a MIP start).
    ``strategy`` runs HiGHS its own way on the model as handed over (e.g. in stages); the
    bound it proves along the way counts towards the reported bound. With a ``deadline``,
    HiGHS ends ``reserve`` seconds before it (time kept for the results), whatever it is doing;
    without one, ``options.time_limit`` bounds the solve alone. ``progress`` hears of the
    plans and bounds of a plain run as HiGHS finds them (a ``strategy`` reports its own).
    """
    deadline = deadline or Deadline(options.time_limit)
    budget = deadline.remaining() - reserve
    if budget <= 0:
        return no_time_report(options, "building the model")
    solver = _InterruptibleHighs()
    solver.set_start(start)
    solver.set_strategy(strategy)
    solver.set_progress(progress)
    solver_options = options.solver_options()
    if math.isfinite(budget):
        solver_options["time_limit"] = budget
        solver.stop_at(time.perf_counter() + budget)
    began = time.perf_counter()
    # Pyomo 6.10 warns that it does not know HiGHS's "interrupted" status; we report it ourselves.
    quiet = logging.getLogger("pyomo.contrib.solver.solvers.highs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with _log_streams(options) as tee:
            result = solver.solve(
                model,
                tee=tee,
                load_solutions=False,
                raise_exception_on_nonoptimal_result=False,
                solver_options=dict(solver_options),
            )
    finally:
        quiet.setLevel(level)
    seconds = time.perf_counter() - began
    status, objective, bound = _outcome(model, result, strategy, options.mip_gap)
    interrupted = solver.was_interrupted()
    timed_out = solver.stopped_at_deadline or (
        result.termination_condition == TerminationCondition.maxTimeLimit
    )
    return SolveReport(
        status=status,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        solver=SOLVER_NAME,
        solver_version=highs_version(),
        termination="interrupted" if interrupted else str(result.termination_condition.name),
        options=options.solver_options(),
        solve_seconds=seconds,
        interrupted=interrupted,
        limit_reached=not interrupted
        and status in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION)
        and (timed_out or strategy is not None),
    )


@contextlib.contextmanager
def _log_streams(options: SolveOptions) -> Iterator[list[TextIO]]:
    """Where the HiGHS log goes: the console (``options.log``) and/or the end of
    ``options.log_file`` (opened for the solve)."""
    streams: list[TextIO] = [sys.stdout] if options.log else []
    if options.log_file is None:
        yield streams
        return
    with options.log_file.open("a", encoding="utf-8", buffering=1) as file:  # line by line
        yield [*streams, file]


SAME_OBJECTIVE = 1e-12
"""An objective and a bound this close (relative) are equal: the noise of recomputing an
objective in floating point (a strategy's bound comes from one run, the plan from another)."""
ABSOLUTE_GAP = 1e-5
"""An objective and a bound this close (absolute, GBP) prove the plan optimal, as HiGHS's own
``mip_abs_gap`` (default 1e-6) does for its runs: an LP bound is only as exact as HiGHS's
feasibility tolerances times the costs (a tiny instance at ``mip_gap`` 0: plan 8, LP bound
7.999999, 1.0000000000000007e-6 apart)."""


def _outcome(
    model: pyo.ConcreteModel, result: Any, strategy: RunStrategy | None, mip_gap: float
) -> tuple[SolveStatus, float | None, float | None]:
    """Status, objective and bound of a finished solve; the solution is loaded if any."""
    status = _status(result.termination_condition, result.solution_status)
    objective = bound = None
    if status.has_plan:
        result.solution_loader.load_vars()
        objective = float(pyo.value(next(model.component_objects(pyo.Objective, active=True))))
        bound = result.objective_bound
        bound = float(bound) if bound is not None and math.isfinite(bound) else None
    if status is SolveStatus.OPTIMAL and bound is None and strategy is None:
        bound = objective
    if strategy is not None and objective is not None:
        own = None if strategy.restricted else bound
        proven = [b for b in (own, strategy.bound) if b is not None]
        bound = min(max(proven), objective) if proven else None
        gap = relative_gap(objective, bound)
        optimal = gap is not None and (
            gap <= max(mip_gap, SAME_OBJECTIVE)
            or (bound is not None and objective - bound <= ABSOLUTE_GAP)
        )
        status = SolveStatus.OPTIMAL if optimal else SolveStatus.FEASIBLE
    return status, objective, bound


_NO_UPDATES = {
    "check_for_new_or_removed_constraints": False,
    "check_for_new_or_removed_vars": False,
    "check_for_new_or_removed_params": False,
    "check_for_new_objective": False,
    "update_constraints": False,
    "update_vars": False,
    "update_parameters": False,
    "update_named_expressions": False,
    "update_objective": False,
}
"""Pyomo's checks of a kept model before a solve, all off: the caller names what changed."""


@dataclass(frozen=True)
class LinearSolution:
    """An optimal linear programme's objective and the duals of the rows asked for."""

    objective: float
    duals: dict[Any, float]
    """Constraint -> its dual (HiGHS's sign: the objective's change per unit more right-hand
    side, so <= 0 for a binding <= row of a minimisation)."""


class LinearResolver:
    """A linear programme HiGHS keeps between solves: change variables' bounds on the Pyomo
    model, solve again (HiGHS warm-starts from its last basis), read the objective and duals.

    Every variable of ``model`` must be continuous (relax integers first); the model's active
    objective is minimised. Changes to bounds are picked up at each :meth:`solve`.
    """

    def __init__(self, model: pyo.ConcreteModel, options: SolveOptions) -> None:
        self._model = model
        self._options = {
            name: value
            for name, value in options.solver_options().items()
            if name not in ("mip_rel_gap", "time_limit")
        }
        self._solver = Highs()
        self._loaded = False

    def solve(
        self, rows: list[Any], seconds: float, changed: list[Any] | None = None
    ) -> LinearSolution | None:
        """The programme's optimum with the duals of ``rows``, or None when it is not optimal
        within ``seconds`` (infeasible, or out of time) or HiGHS reports no objective or duals
        for it. After the first solve only the bounds of the ``changed`` variables are passed
        on to HiGHS (every bound when None)."""
        if seconds <= 0:
            return None
        if self._loaded and changed is not None:
            # each variable once: HiGHS rejects a set of columns with one twice
            self._solver.update_variables(list(ComponentSet(changed)))
        quiet = logging.getLogger("pyomo.contrib.solver.solvers.highs")
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            result = self._solver.solve(
                self._model,
                load_solutions=False,
                raise_exception_on_nonoptimal_result=False,
                solver_options={**self._options, "time_limit": seconds},
                auto_updates=_NO_UPDATES if self._loaded and changed is not None else {},
            )
        finally:
            quiet.setLevel(level)
        self._loaded = True
        objective = result.incumbent_objective
        if (
            result.termination_condition != TerminationCondition.convergenceCriteriaSatisfied
            or objective is None
        ):
            return None
        try:
            duals = result.solution_loader.get_duals(rows) if rows else {}
        except NoDualsError:  # HiGHS proved optimality but holds no dual solution
            return None
        return LinearSolution(float(objective), dict(duals))
