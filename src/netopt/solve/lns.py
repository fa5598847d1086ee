"""Fix-and-optimize large neighbourhood search: better plans from a start, by small sub-MIPs.

A :class:`FixAndOptimize` is a :class:`~netopt.solve.highs.RunStrategy`. On the one HiGHS model
it is handed, it

1. completes the start (a MIP start of integer values) into a plan, by an LP with those values
   fixed (its objective is kept: a plan no cheaper is still the start), first, so that even a
   limit too short for anything else ends with that plan;
2. solves the LP relaxation once: its optimum is a proven lower bound (deterministic, cheap);
   without a usable start, a node-limited MIP then finds a first plan;
3. improves the plan neighbourhood by neighbourhood, in a seeded random order: every integer
   column outside the neighbourhood is fixed at the plan's value, and the sub-MIP (a few
   hundred nodes at most, started from the plan) re-decides the rest with every continuous
   column free. A sub-MIP's plan replaces the incumbent only when it is cheaper, recomputed
   from the columns (not taken from HiGHS's report), and feasible for the whole model: every
   row, bound and integer checked;
4. leaves the best plan in HiGHS (an LP with its integers fixed), as the strategy protocol
   requires.

Sub-MIPs are limited by nodes, and the search by a budget of simplex iterations, not by
seconds: the same model, start and seed give the same plan on a busy machine as on an idle one.
The wall clock is only the outer safety net. When a whole pass over the neighbourhoods brings
nothing, they are merged in pairs (bigger neighbourhoods); when one gains, the pass continues.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import highspy
import numpy as np

from netopt.solve.highs import ColumnValues, solution_consistent
from netopt.solve.progress import ProgressTracker, watching

FEASIBILITY_TOLERANCE = 1e-6
"""Largest violation of a row or bound, relative to max(1, |bound|), in an accepted plan."""
INTEGRALITY_TOLERANCE = 1e-6
GAIN = 1e-7
"""Smallest relative improvement that replaces the incumbent."""
SUB_MIP_NODES = 200
"""Branch-and-bound nodes of one sub-MIP at most."""
SUB_MIP_OPTIONS: dict[str, bool | float] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_allow_restart": False,
    "mip_rel_gap": 0.005,
}
"""HiGHS options of a sub-MIP: it starts from the incumbent and has a few hundred nodes, so
HiGHS's own sub-MIP heuristics (RINS, RENS, root reduced cost, recursively) and restarts cost
more than they find, and a sub-MIP stops within 0.5% of its own optimum: more, quicker moves
(measured on the tutorial and England N04, N08, N10; ``docs/benchmarks.md``)."""
MIP_STALL_SHARE = 0.7
"""The whole-model branch and bound stage ends early when it has found nothing cheaper than
the start in this share of its time (on large networks its root node can take most of the
limit, which the search then uses better). Measured at 60 s on the tutorial and 20 England
networks, two seeds (``docs/benchmarks.md``): 0.7 gave 2.4% cheaper plans in sum than 0.4
(median gap 6.9% against 10.0%, worst 21.1% against 28.8%), and never stopping costs the worst
case (N13: 203m)."""
CLOSING_MIN_SECONDS = 1.0
"""When no neighbourhood improves the plan and at least this much time is left, HiGHS's branch
and bound on the whole model gets the rest of it, from the plan (the closing stage): on a small
network it proves the plan optimal instead of leaving it at the LP bound's gap (the two-trust
test network: 6.3% gap at 0.2 s of a 30 s limit, now proven optimal)."""
PROVEN = "the plan is proven within the gap"
EXHAUSTED = "no neighbourhood improves the plan"
CLOSED = "the whole-model branch and bound with the time left"

HANDOVER_GAP = 0.005
"""At the end of its share of the time, the whole-model branch and bound goes on (with all the
time left) while its gap is at most this: the search could then gain little, and the proof is
worth more (OR-Library capc at capacity 6,500: proven optimal at 261 s of 300 s, which the
handover at 70% lost)."""
HOLD_MARGIN = 0.5
HOLD_FACTOR = 3.0
"""The search stops this many times the start's completion LP (at least ``HOLD_MARGIN``
seconds) before its time is up, so the last LP that leaves the best plan in HiGHS ends in
time. When the start leaves integers open its completion is a MIP, and the LP with every
integer fixed is timed instead (measured: the joint tutorial's 17 s completion, taken for the
hold's time, ended the search 47 s early)."""
_CONTINUOUS = int(highspy.HighsVarType.kContinuous)


@dataclass(frozen=True)
class SubMip:
    """One sub-MIP of the search, for the record."""

    neighbourhood: int
    free: int
    """Integer columns left free."""
    seconds: float
    work: float
    """Simplex iterations."""
    gain: float
    """How much cheaper the plan became (0: not accepted)."""


@dataclass
class Incumbent:
    """The best plan so far: every column's value, and its objective recomputed from them."""

    values: np.ndarray[Any, Any]
    objective: float


@dataclass
class FixAndOptimize:
    """The strategy (see the module docstring).

    ``neighbourhoods`` are groups of Pyomo variables freed together; ``always_free`` are never
    fixed (e.g. network-wide binaries that couple every neighbourhood). ``iterations`` is the
    search's budget of simplex iterations; ``time_limit`` the wall-clock safety net: seconds
    from ``began``, the moment the strategy is made (before the model is handed to HiGHS, which
    takes time out of the same limit).
    """

    neighbourhoods: Sequence[Sequence[Any]]
    always_free: Sequence[Any]
    seed: int
    iterations: float
    time_limit: float | None
    began: float = field(default_factory=time.perf_counter)
    sub_mip_nodes: int = SUB_MIP_NODES
    mip_gap: float = 1e-4
    """Relative gap at which a plan counts as optimal: no search once the bound proves it."""
    mip_share: float = 0.0
    """Share of the time (after the start) given first to HiGHS's branch and bound on the whole
    model, from the start plan."""
    bound: float | None = None
    restricted: bool = True
    start_objective: float | None = None
    """The start plan's objective once completed (None: no start, or none usable)."""
    runs: list[str] = field(default_factory=list)
    history: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the start, objective) of every plan accepted."""
    sub_mips: int = 0
    mip_stalled: bool = False
    """The whole-model branch and bound stage stopped early: nothing cheaper than the start."""
    trace: list[SubMip] = field(default_factory=list)
    """Every sub-MIP run: its neighbourhood, size, seconds, work and gain (for benchmarks)."""
    interrupted: bool = False
    """A run was stopped from outside (Ctrl-C, SIGTERM or the command's deadline): the search
    ended there and the best plan so far was kept."""
    ended: str = "not run"
    """Why the search stopped: the time limit, the work budget, or no neighbourhood improves."""
    progress: ProgressTracker | None = None
    """Hears of every plan accepted and every bound of the whole model, as they come."""
    _margin: float = HOLD_MARGIN

    def run(
        self, highs: highspy.Highs, column: Callable[[Any], int], start: ColumnValues | None
    ) -> Any:
        began = self.began
        model = _Model.read(highs)
        if model.integers.size == 0:
            self.restricted = False
            return highs.solve()
        clock = time.perf_counter()
        incumbent = _completed(highs, model, start, self._left(began), self.sub_mip_nodes)
        seconds = time.perf_counter() - clock
        if incumbent is not None and start is not None and _leaves_integers_open(model, start):
            # the completion was a node-limited MIP (e.g. the joint plan's trainees): the hold
            # is an LP, timed on its own
            seconds = _fixed_lp_seconds(highs, model, incumbent)
        self._margin = max(HOLD_MARGIN, HOLD_FACTOR * seconds)
        if incumbent is not None:
            self.start_objective = incumbent.objective
        if not self._stopped(highs):
            self.bound = _lp_bound(highs, model, self._left(began) - self._margin)
            if self.bound is not None and self.progress is not None:
                self.progress.bound(self.bound)
            if incumbent is None and not self._stopped(highs):
                incumbent = _first_plan(highs, model, self._left(began), self.sub_mip_nodes)
            self._stopped(highs)
        self._record(began, "start", incumbent)
        if self.mip_share > 0 and incumbent is not None and not self.interrupted:
            incumbent = self._mip_first(highs, model, incumbent, began)
        if incumbent is not None and self.interrupted:
            self.ended = "an interruption"
            return self._hold(highs, model, incumbent)
        if incumbent is not None and self._proven(incumbent):
            self.ended = PROVEN
            return self._hold(highs, model, incumbent)
        if incumbent is None:
            self.restricted = False
            return highs.solve() if self._left(began) > 0 else highs.getModelStatus()
        groups = self._groups(model, column)
        incumbent = self._search(highs, model, groups, incumbent, began)
        if self.ended == EXHAUSTED and self._left(began) - self._margin >= CLOSING_MIN_SECONDS:
            incumbent = self._mip_first(highs, model, incumbent, began, closing=True)
            self.ended = PROVEN if self._proven(incumbent) else f"{EXHAUSTED}, then {CLOSED}"
        return self._hold(highs, model, incumbent)

    def _mip_first(
        self,
        highs: highspy.Highs,
        model: _Model,
        incumbent: Incumbent,
        began: float,
        closing: bool = False,
    ) -> Incumbent:
        """HiGHS's own branch and bound on the whole model from the incumbent, for
        ``mip_share`` of the time (longer while its gap is within ``HANDOVER_GAP``; shorter
        when it stalls, ``MIP_STALL_SHARE``): its heuristics find plans no neighbourhood
        reaches, and its dual bound (after root cuts) is a bound of the whole model. When
        ``closing`` (no neighbourhood improves the plan and time is left), it has all the time
        left, with no stall rule: to prove the plan or find a better one."""
        left = self._left(began) - self._margin
        seconds = left if closing else self.mip_share * left
        _limited(highs, left, None)  # the watch hands over at ``seconds`` (see HANDOVER_GAP)
        every = np.arange(model.columns, dtype=np.int32)
        highs.setSolution(model.columns, every, incumbent.values)
        now = time.perf_counter()
        stall = now + seconds if closing else now + MIP_STALL_SHARE * seconds
        watch = _StageWatch(stall, now + seconds, incumbent.objective)
        highs.cbMipInterrupt += watch.check
        try:
            with watching(self.progress, highs, bounds=True):
                highs.solve()
                if not solution_consistent(highs) and watch.stopped is None:
                    # HiGHS 1.16 can hand back the start's values with the better objective it
                    # found in the presolved space: again without presolve, from the start
                    _limited(highs, max(self._left(began) - self._margin, 0.0), None)
                    highs.setSolution(model.columns, every, incumbent.values)
                    with _options(highs, {"presolve": "off"}):
                        highs.solve()
        finally:
            highs.cbMipInterrupt -= watch.check
        if not closing:  # the first stage's stall is what the summary reports
            self.mip_stalled = watch.stopped is StageEnd.STALLED
        if watch.stopped is None:
            self._stopped(highs)
        else:
            _clear_interrupt(highs)
            at = f"whole MIP stopped at {time.perf_counter() - began:.1f} s"
            self.runs.append(
                f"{at}: nothing cheaper than the start in {MIP_STALL_SHARE:.0%} of its time"
                if self.mip_stalled
                else f"{at}: its share of the time is up"
            )
        dual = float(highs.getInfo().mip_dual_bound)
        if math.isfinite(dual) and (self.bound is None or dual > self.bound):
            self.bound = dual
        plan = _plan_of(highs, model)
        best = plan if plan is not None and plan.objective < incumbent.objective else incumbent
        if best is plan:
            self._record(began, "closing whole MIP" if closing else "whole MIP", best)
        if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal and (
            plan is not None and plan.objective <= best.objective
        ):
            # proven optimal by HiGHS's own gap tolerances (the same proof as the mip strategy's),
            # for the plan HiGHS holds (not for a plan of ours it could not confirm: HiGHS's
            # values once gave another objective than the one it reported, and a plan costing
            # 20 was "proven" optimal where one costing -70 existed)
            self.bound = best.objective
        if self.progress is not None and self.bound is not None:
            self.progress.bound(self.bound)
        return best

    # ----------------------------------------------------------------------- the search

    def _search(
        self,
        highs: highspy.Highs,
        model: _Model,
        groups: list[np.ndarray[Any, Any]],
        incumbent: Incumbent,
        began: float,
    ) -> Incumbent:
        rng = np.random.default_rng(self.seed)
        spent = 0.0
        while groups:
            gained = False
            for index in rng.permutation(len(groups)):
                left = self._left(began) - self._margin
                if spent >= self.iterations or left <= 0:
                    self.ended = "work budget spent" if left > 0 else "time limit"
                    return incumbent
                clock = time.perf_counter()
                better, work = _sub_mip(
                    highs, model, groups[index], incumbent, self.sub_mip_nodes, left
                )
                spent += work
                self.sub_mips += 1
                if self._stopped(highs):
                    self.ended = "an interruption"
                    return incumbent
                gain = incumbent.objective - better.objective if better is not None else 0.0
                seconds = time.perf_counter() - clock
                self.trace.append(SubMip(int(index), groups[index].size, seconds, work, gain))
                if better is not None:
                    incumbent, gained = better, True
                    self._record(began, f"neighbourhood {index} of {len(groups)}", incumbent)
            if not gained:
                if len(groups) == 1:
                    self.ended = EXHAUSTED
                    return incumbent
                groups = _merged(groups, rng)
                self.runs.append(f"no gain in a pass: {len(groups)} larger neighbourhoods")
        return incumbent

    def _groups(self, model: _Model, column: Callable[[Any], int]) -> list[np.ndarray[Any, Any]]:
        """Integer columns freed by each neighbourhood (with the always-free ones)."""
        always = {column(v) for v in self.always_free}
        groups = []
        for neighbourhood in self.neighbourhoods:
            cols = {column(v) for v in neighbourhood} | always
            free = np.array(sorted(c for c in cols if model.is_integer[c]), dtype=np.int32)
            if free.size:
                groups.append(free)
        return groups

    def _hold(self, highs: highspy.Highs, model: _Model, incumbent: Incumbent) -> Any:
        """Leave ``incumbent`` in HiGHS (see :func:`_hold_plan`); return the run's status."""
        status, interrupted = _hold_plan(highs, model, incumbent)
        self.interrupted = self.interrupted or interrupted
        return status

    def _stopped(self, highs: highspy.Highs) -> bool:
        """Whether the last run was stopped from outside (not by this search); remembered."""
        if highs.getModelStatus() == highspy.HighsModelStatus.kInterrupt:
            self.interrupted = True
        return self.interrupted

    def _proven(self, incumbent: Incumbent) -> bool:
        """Whether the bound already proves the incumbent within ``mip_gap``."""
        if self.bound is None:
            return False
        gap = incumbent.objective - self.bound
        return gap <= self.mip_gap * max(abs(incumbent.objective), 1e-10)

    def _left(self, began: float) -> float:
        if self.time_limit is None:
            return math.inf
        return max(self.time_limit - (time.perf_counter() - began), 0.0)

    def summary(self) -> str:
        """What the search did, in one line: the start, the plans accepted, the last."""
        if not self.history:
            return "lns: no plan"
        (_, first), (at, best) = self.history[0], self.history[-1]
        work = sum(r.work for r in self.trace)
        stopped = " (the whole-model branch and bound stopped early)" if self.mip_stalled else ""
        return (
            f"lns ended by {self.ended}: start {first:,.0f}{stopped}, {len(self.history) - 1} better "
            f"plan(s) in {self.sub_mips} sub-MIP(s) ({work:,.0f} simplex iterations), best "
            f"{best:,.0f} at {at:.1f} s"
        )

    def _record(self, began: float, what: str, incumbent: Incumbent | None) -> None:
        at = time.perf_counter() - began
        if incumbent is None:
            self.runs.append(f"{what}: no plan at {at:.1f} s")
            return
        self.history.append((at, incumbent.objective))
        self.runs.append(f"{what}: {incumbent.objective:,.0f} at {at:.1f} s")
        if self.progress is not None:
            self.progress.plan(incumbent.objective)


class StageEnd(StrEnum):
    """Why the whole-model branch and bound stage was stopped by the strategy."""

    STALLED = "stalled"
    """Nothing cheaper than the start in ``MIP_STALL_SHARE`` of its time."""
    HANDED_OVER = "handed over"
    """Its share of the time is up and its gap is above ``HANDOVER_GAP``."""


@dataclass
class _StageWatch:
    """A HiGHS MIP interrupt callback for the whole-model stage (``time.perf_counter``
    times): from ``stall`` on, stop when no plan is cheaper than ``start``; from ``end`` on,
    hand over to the search unless the gap is at most ``HANDOVER_GAP``."""

    stall: float
    end: float
    start: float
    stopped: StageEnd | None = None

    def check(self, event: Any) -> None:
        out = event.data_out
        reason = stage_end(
            time.perf_counter(),
            self.stall,
            self.end,
            self.start,
            float(out.mip_primal_bound),
            float(out.mip_gap),
        )
        if reason is not None:
            self.stopped = reason
            event.interrupt()


def stage_end(
    now: float, stall: float, end: float, start: float, primal: float, gap: float
) -> StageEnd | None:
    """Whether (and why) the whole-model stage stops now: see :class:`_StageWatch`."""
    if now < stall:
        return None
    if primal >= start - GAIN * max(1.0, abs(start)):
        return StageEnd.STALLED
    if now >= end and not gap <= HANDOVER_GAP:  # a NaN gap hands over too
        return StageEnd.HANDED_OVER
    return None


def _merged(
    groups: list[np.ndarray[Any, Any]], rng: np.random.Generator
) -> list[np.ndarray[Any, Any]]:
    """The groups joined in random pairs (an odd one out joins the last pair)."""
    order = list(rng.permutation(len(groups)))
    pairs = [order[i : i + 2] for i in range(0, len(order), 2)]
    if len(pairs) > 1 and len(pairs[-1]) == 1:
        odd = pairs.pop()
        pairs[-1] = [*pairs[-1], *odd]
    return [np.unique(np.concatenate([groups[i] for i in pair])) for pair in pairs]


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class _Model:
    """What the search needs of the HiGHS model as handed over (bounds before any change)."""

    cost: np.ndarray[Any, Any]
    offset: float
    lower: np.ndarray[Any, Any]
    upper: np.ndarray[Any, Any]
    row_lower: np.ndarray[Any, Any]
    row_upper: np.ndarray[Any, Any]
    integrality: np.ndarray[Any, Any]
    integers: np.ndarray[Any, Any]
    is_integer: np.ndarray[Any, Any]

    @staticmethod
    def read(highs: highspy.Highs) -> _Model:
        lp = highs.getLp()
        n = lp.num_col_
        integrality = np.array([int(t) for t in lp.integrality_], dtype=np.uint8)
        if integrality.size != n:
            integrality = np.full(n, _CONTINUOUS, dtype=np.uint8)
        is_integer = integrality != _CONTINUOUS
        return _Model(
            cost=np.array(lp.col_cost_, dtype=np.float64),
            offset=float(lp.offset_),
            lower=np.array(lp.col_lower_, dtype=np.float64),
            upper=np.array(lp.col_upper_, dtype=np.float64),
            row_lower=np.array(lp.row_lower_, dtype=np.float64),
            row_upper=np.array(lp.row_upper_, dtype=np.float64),
            integrality=integrality,
            integers=np.flatnonzero(is_integer).astype(np.int32),
            is_integer=is_integer,
        )

    @property
    def columns(self) -> int:
        return int(self.cost.size)

    def objective(self, values: np.ndarray[Any, Any]) -> float:
        return float(self.cost @ values + self.offset)

    def feasible(self, values: np.ndarray[Any, Any], rows: np.ndarray[Any, Any]) -> bool:
        """Whether column ``values`` (with row activities ``rows``) meet every bound, row and
        integrality of the model as handed over."""

        def within(
            x: np.ndarray[Any, Any], lo: np.ndarray[Any, Any], hi: np.ndarray[Any, Any]
        ) -> bool:
            slack_lo = FEASIBILITY_TOLERANCE * np.maximum(
                1.0, np.abs(np.where(np.isfinite(lo), lo, 0))
            )
            slack_hi = FEASIBILITY_TOLERANCE * np.maximum(
                1.0, np.abs(np.where(np.isfinite(hi), hi, 0))
            )
            return bool(np.all(x >= lo - slack_lo) and np.all(x <= hi + slack_hi))

        ints = values[self.integers]
        whole = bool(np.all(np.abs(ints - np.round(ints)) <= INTEGRALITY_TOLERANCE))
        return (
            whole
            and within(values, self.lower, self.upper)
            and within(rows, self.row_lower, self.row_upper)
        )


def _plan_of(highs: highspy.Highs, model: _Model) -> Incumbent | None:
    """The plan HiGHS holds, if it has one that is feasible for the whole model (integers
    rounded, objective recomputed)."""
    if highs.getInfo().primal_solution_status != highspy.kSolutionStatusFeasible:
        return None
    solution = highs.getSolution()
    values = np.array(solution.col_value, dtype=np.float64)
    if not model.feasible(values, np.array(solution.row_value, dtype=np.float64)):
        return None
    values[model.integers] = np.round(values[model.integers])
    return Incumbent(values, model.objective(values))


def _fix(highs: highspy.Highs, columns: np.ndarray[Any, Any], values: np.ndarray[Any, Any]) -> None:
    """Fix ``columns`` at ``values``. HiGHS takes a set of columns only in increasing order: it
    rejects any other order ("duplicate entries") after changing some of the bounds, so the
    columns are sorted here (an unsorted start once left part of it fixed for the rest of the
    run, and a plan was "proven" optimal in the restricted model)."""
    if columns.size:
        order = np.argsort(columns, kind="stable")
        sorted_values = values[order]
        highs.changeColsBounds(columns.size, columns[order], sorted_values, sorted_values)


def _restore(highs: highspy.Highs, model: _Model, columns: np.ndarray[Any, Any]) -> None:
    """Give ``columns`` back their bounds in the model (sorted, as :func:`_fix`)."""
    if columns.size:
        ordered = np.sort(columns)
        highs.changeColsBounds(ordered.size, ordered, model.lower[ordered], model.upper[ordered])


def _limited(highs: highspy.Highs, seconds: float, nodes: int | None) -> None:
    highs.setOptionValue("time_limit", max(seconds, 1e-3) if math.isfinite(seconds) else math.inf)
    highs.setOptionValue("mip_max_nodes", nodes if nodes is not None else 2**31 - 1)


@contextlib.contextmanager
def _options(highs: highspy.Highs, options: Mapping[str, bool | float | str]) -> Iterator[None]:
    """Set HiGHS ``options`` for the block, then put back what they were."""
    before: dict[str, Any] = {name: highs.getOptionValue(name)[1] for name in options}
    for name, value in options.items():
        highs.setOptionValue(name, value)
    try:
        yield
    finally:
        for name, value in before.items():
            highs.setOptionValue(name, value)


def _work(highs: highspy.Highs) -> float:
    """Simplex iterations of the last run (a MIP's over all its LPs)."""
    return float(max(int(highs.getInfo().simplex_iteration_count), 0))


# --------------------------------------------------------------------------- stages


def _lp_bound(highs: highspy.Highs, model: _Model, seconds: float) -> float | None:
    """The LP relaxation's optimum (a proven lower bound), or None if not solved in time."""
    n = model.columns
    every = np.arange(n, dtype=np.int32)
    highs.changeColsIntegrality(n, every, np.full(n, _CONTINUOUS, dtype=np.uint8))
    _limited(highs, seconds, None)
    try:
        highs.solve()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return float(highs.getInfo().objective_function_value)
    finally:
        highs.changeColsIntegrality(n, every, model.integrality)


def _completed(
    highs: highspy.Highs, model: _Model, start: ColumnValues | None, seconds: float, nodes: int
) -> Incumbent | None:
    """The start completed into a plan: its integer values fixed, an LP (a node-limited MIP if
    the start leaves integers open) for the rest; None without a start or if it is unusable."""
    if start is None:
        return None
    index, values = start
    given = np.zeros(model.columns, dtype=bool)
    given[index] = True
    fixed = index[given[index] & model.is_integer[index]]
    value_of = dict(zip(index.tolist(), values.tolist(), strict=True))
    fixed_values = np.array([round(value_of[c]) for c in fixed.tolist()], dtype=np.float64)
    _fix(highs, fixed, fixed_values)
    _limited(highs, seconds, nodes)
    try:
        highs.solve()
        return _plan_of(highs, model)
    finally:
        _restore(highs, model, fixed)


def _leaves_integers_open(model: _Model, start: ColumnValues) -> bool:
    """Whether ``start`` gives a value to fewer than all integer columns."""
    given = np.zeros(model.columns, dtype=bool)
    given[start[0]] = True
    return not bool(np.all(given[model.integers]))


def _fixed_lp_seconds(highs: highspy.Highs, model: _Model, incumbent: Incumbent) -> float:
    """Seconds of the LP with every integer column fixed at ``incumbent`` (what holding a plan
    costs); the model is given back its bounds."""
    columns = model.integers
    _fix(highs, columns, np.round(incumbent.values[columns]))
    clock = time.perf_counter()
    try:
        highs.solve()
    finally:
        _restore(highs, model, columns)
    return time.perf_counter() - clock


def _first_plan(
    highs: highspy.Highs, model: _Model, seconds: float, nodes: int
) -> Incumbent | None:
    """The first plan a node-limited MIP finds (when there is no usable start)."""
    _limited(highs, seconds, nodes)
    highs.solve()
    return _plan_of(highs, model)


def _sub_mip(
    highs: highspy.Highs,
    model: _Model,
    free: np.ndarray[Any, Any],
    incumbent: Incumbent,
    nodes: int,
    seconds: float,
) -> tuple[Incumbent | None, float]:
    """The best plan of the sub-MIP freeing ``free`` (None unless it beats the incumbent), and
    the simplex iterations it took."""
    fixed = np.setdiff1d(model.integers, free, assume_unique=True)
    _fix(highs, fixed, incumbent.values[fixed])
    _limited(highs, seconds, nodes)
    every = np.arange(model.columns, dtype=np.int32)
    try:
        with _options(highs, SUB_MIP_OPTIONS):
            highs.setSolution(model.columns, every, incumbent.values)
            highs.solve()
        plan = _plan_of(highs, model)
        work = _work(highs)
    finally:
        _restore(highs, model, fixed)
    gain = incumbent.objective - (plan.objective if plan else math.inf)
    if plan is None or gain <= GAIN * max(1.0, abs(incumbent.objective)):
        return None, work
    return plan, work


def _clear_interrupt(highs: highspy.Highs) -> None:
    """Clear HiGHS's interrupt flag. Once a callback has interrupted a run, the flag stays set
    in HiGHS's callback data, and with highspy's own interrupt handler subscribed every later
    run stops at once; re-registering the callbacks clears it."""
    highs.enableCallbacks()  # type: ignore[no-untyped-call]


def _hold_plan(highs: highspy.Highs, model: _Model, incumbent: Incumbent) -> tuple[Any, bool]:
    """Leave ``incumbent`` in HiGHS: its integers fixed, an LP for the rest (which can only
    lower the continuous part's cost); return that run's status, and whether an interruption
    (Ctrl-C, SIGTERM, the deadline's watchdog) stopped a first try. The LP is short and runs
    again after an interruption, so the best plan is never lost."""
    _fix(highs, model.integers, incumbent.values[model.integers])
    _limited(highs, math.inf, None)
    interrupted = False
    for _ in range(2):
        _clear_interrupt(highs)
        status = highs.solve()
        if highs.getModelStatus() != highspy.HighsModelStatus.kInterrupt:
            break
        interrupted = True
    return status, interrupted
