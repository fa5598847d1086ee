"""How HiGHS solves the workforce model: passports first (see "Solving" in
``models/workforce.md``).

Passport choices make the roster hard for branch-and-bound: granting one is a whole-cohort,
all-week decision (a fixed charge of ``n_k`` onboardings) whose value the LP relaxation spreads
thinly (a cohort of 11 used by one person in one session pays 1/11 of its onboarding), so the LP
bound is weak and HiGHS's heuristics find poor rosters. The strategy decides passports on a
relaxation in which only they are integer (the roster continuous), then the roster with those
passports, then proves the bound by splitting the passport choices: the sets rostered (each
roster run's own bound) and every other set (a relaxation that also counts the people working
away from home as whole people, with those sets cut off), rostering the next set while the
relaxation promises a cheaper plan. Every run uses the one model HiGHS already holds (integrality, bounds and one extra
row changed in place), so Pyomo hands the model over only once.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from netopt.solve.highs import ColumnValues, relative_gap, solution_consistent, solve_from_start
from netopt.solve.progress import ProgressTracker, watching

LP_SHARE = 0.25
"""Share of the budget (the time left once HiGHS holds the model, counted from then) by which
the LP relaxation ends."""
RELAXATION_SHARE = 0.7
"""... by which the passport relaxation (passports integer, the roster continuous) ends."""
FIXED_SHARE = 0.85
"""... by which the roster with the chosen passports ends."""
FIXED_SHARE_ALONE = 0.5
"""... by which it ends when the passport relaxation did not run (see ``RELAXATION_LP_SHARE``)."""
RELAXATION_LP_SHARE = 0.08
"""The passport relaxation runs only when the LP relaxation took at most this share of the time
limit: it costs many LPs, and on large networks under load (England at 60 s, load average 6 on
two cores) it left the roster run too little time to find any plan."""
MORE_SETS = 4
"""Run 4 rosters at most this many passport sets (then the full MIP has the time): the sets
whose relaxation is cheaper than the plan can be many (with no time limit and no gap, a
property test of small networks, seconds before, had not ended after 5 minutes), and each
costs a relaxation and a roster. The tutorial with network passports needs one."""
NEXT_SHARE = 0.97
"""... by which the search over the other passport sets (run 4) ends (the full MIP has the
rest)."""
RELAXATION_GAP_SHARE = 0.25
"""The passport relaxation stops at this share of the requested gap (its bound counts towards
the whole model's, so it is solved more tightly than the plan needs)."""
FIXED_OWN_GAP = 0.002
"""The roster run also stops when its own gap (against its bound, which holds only for the
chosen passports) is at most this (or ``ROSTER_GAP_SHARE`` of the requested gap, if larger):
the bound of the other passport sets is then what decides the proof."""
ROSTER_GAP_SHARE = 0.25
"""A roster run (3, and those of 4) is solved to this share of the requested gap (HiGHS's
``mip_rel_gap`` too): its own bound holds only for its passports, and the whole model's bound
is lower (England N07 at a 1% gap: the roster stopped at its own 0.89%, 1.24% from the proven
bound)."""


def roster_gap(mip_gap: float) -> float:
    """The own gap at which a roster run stops (see ``FIXED_OWN_GAP``)."""
    return max(FIXED_OWN_GAP, ROSTER_GAP_SHARE * mip_gap)


ROOT_LP_ALLOWANCE = 20.0
"""Seconds the full MIP must have left, per second run 1's LP took, to start at all: HiGHS's
root node work (cut rounds, heuristics) neither looks at the clock nor hears an interrupt
(seen overrunning by 20 s on a 136,000-column network; with 1.5 s an LP second, England N19's
full MIP started with 13 s left and heard the deadline's interrupt 10 s late, its root
unfinished, an LP of 1.4 s). Its root takes well over ten LPs, so it starts early enough or
not at all; with ``FULL_MIN_SHARE`` of the budget left it starts anyway (England N15: an LP of
3.5 s, and 41 s of 50 left unused)."""
FULL_MIN_SHARE = 0.3
"""Share of the budget left with which the full MIP starts whatever the LP took."""
FULL_END_LP = 1.5
"""The full MIP's own time limit ends this many LP times before the budget's end, so that
root work that does not hear the clock still ends in time."""
RUN_GRACE = 0.02
"""Share of the time limit (at least ``MIN_RUN_GRACE`` seconds) a run may overrun its end before
the strategy stops it (``Highs.cancelSolve``): HiGHS's own time limit is not looked at
everywhere (seen: a passport relaxation ending 20 s after its limit on a loaded machine, which
left the roster run no time)."""
MIN_RUN_GRACE = 0.5
PASSPORT_SIGNAL = 1e-6
INTEGRAL = 1e-6
"""A relaxation's value this close to a whole number is kept by a completion."""
"""Without a plan of the passport relaxation, the passports the LP relaxation uses at all
(above this) are granted."""
_CONTINUOUS = int(highspy.HighsVarType.kContinuous)


class _Skip(Exception):
    """The passport relaxation is not run."""


@dataclass
class _Fresh:
    """Whether a HiGHS MIP callback's figures are this run's: until HiGHS's branch and bound
    starts (its dual bound is then -inf), the callback data of a presolve still hold the last
    run's primal and dual bounds (seen: a relaxation stopped in presolve by the previous run's
    bound)."""

    armed: bool = False

    def __call__(self, dual: float) -> bool:
        if not self.armed and dual == -math.inf:
            self.armed = True
        return self.armed


@dataclass
class _GapWatch:
    """A HiGHS MIP interrupt callback: stop when the incumbent is within ``gap`` of ``bound``
    (a bound of the whole model), or within ``own_gap`` of the run's own dual bound, or when
    that dual bound reaches ``enough``."""

    bound: float | None
    gap: float
    own_gap: float
    enough: float = math.inf
    stopped: bool = False
    dual: float = -math.inf
    """The best dual bound of the run seen (HiGHS's info can lose it when a callback stops the
    run)."""
    fresh: _Fresh = field(default_factory=_Fresh)

    def check(self, event: Any) -> None:
        out = event.data_out
        primal, dual = float(out.mip_primal_bound), float(out.mip_dual_bound)
        if not self.fresh(dual) or not math.isfinite(primal):
            return
        self.dual = max(self.dual, dual)
        proven = relative_gap(primal, self.bound)
        own = relative_gap(primal, dual)
        if (
            (proven is not None and proven <= self.gap)
            or (own is not None and own <= self.own_gap)
            or dual >= self.enough
        ):
            self.stopped = True
            event.interrupt()


@dataclass
class _BoundWatch:
    """A HiGHS MIP interrupt callback: stop once the run's dual bound reaches ``target``."""

    target: float
    stopped: bool = False
    dual: float = -math.inf
    """The best dual bound of the run seen."""
    fresh: _Fresh = field(default_factory=_Fresh)

    def check(self, event: Any) -> None:
        dual = float(event.data_out.mip_dual_bound)
        if not self.fresh(dual):
            return
        self.dual = max(self.dual, dual)
        if dual >= self.target:
            self.stopped = True
            event.interrupt()


@contextlib.contextmanager
def _interrupting(highs: highspy.Highs, check: Callable[[Any], None]) -> Iterator[None]:
    """Run the block with ``check`` as HiGHS's MIP interrupt callback. After it, HiGHS's
    interrupt flag is cleared (it stays set in its callback data once a callback has
    interrupted a run, and every later run would stop at once; re-registering the callbacks
    clears it)."""
    highs.cbMipInterrupt += check
    try:
        yield
    finally:
        highs.cbMipInterrupt -= check
        highs.enableCallbacks()  # type: ignore[no-untyped-call]


@dataclass
class _Watchdog:
    """Stops the HiGHS run under way when its time is up (``Highs.cancelSolve`` from a timer
    thread, which HiGHS hears through its interrupt callbacks), in case HiGHS does not stop by
    itself. ``fired`` tells a run stopped so from one the user interrupted."""

    fired: bool = False

    @contextlib.contextmanager
    def after(self, highs: highspy.Highs, seconds: float) -> Iterator[None]:
        """Run the block, stopping HiGHS ``seconds`` from now if it is still running."""
        if not math.isfinite(seconds):
            yield
            return
        # cancelSolve is heard only on highspy's interruptible path (Pyomo turns it on; a
        # Highs object of one's own needs it too)
        if not highs.HandleKeyboardInterrupt:
            highs.HandleKeyboardInterrupt = True

        def stop() -> None:
            self.fired = True
            highs.cancelSolve()  # type: ignore[no-untyped-call]

        timer = threading.Timer(max(seconds, 0.0), stop)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if self.fired:  # clear HiGHS's interrupt flag, as ``_interrupting`` does
                highs.enableCallbacks()  # type: ignore[no-untyped-call]


@dataclass
class PassportsFirst:
    """A :class:`netopt.solve.highs.RunStrategy`: runs of the one HiGHS model.

    1. LP relaxation: a proven lower bound (and, failing 2, the passports it uses).
    2. Passport relaxation (only passports integer): a proven bound, and the passports to grant.
    3. MIP with exactly those passports granted (the others refused; per-person passports
       free up to the count chosen): a good plan, fast.
    4. Unless 3 met the gap (and with whole-cohort passports only): the travelling relaxation
       (passports and the people working away from home integer) with the sets rostered so
       far cut off, whose bound with theirs bounds the whole model; while it promises a
       cheaper plan, its set is rostered too and it runs again.

    Each roster run starts from a completion run: the relaxation's whole integer values fixed,
    HiGHS's MIP over the rest.
    5. Unless the gap is met: the full MIP from the plan, for the time left.
    """

    passports: Sequence[Any]
    """The model's passport variables."""
    time_limit: float | None
    mip_gap: float
    bound: float | None = None
    restricted: bool = False
    interrupted: bool = False
    runs: list[str] = field(default_factory=list)
    """What each run ended with, for the record."""
    began: float = field(default_factory=time.perf_counter)
    """When the solve began (the time limit counts from here, handing over included)."""
    progress: ProgressTracker | None = None
    """Hears of the plans of runs 3 and 5 and the bounds of the whole model."""
    travelling: Sequence[Any] = ()
    """The model's integer variables of people working away from home, which the
    relaxations of run 4 keep integer (the travelling relaxation)."""

    def run(
        self, highs: highspy.Highs, column: Callable[[Any], int], start: ColumnValues | None
    ) -> Any:
        began = time.perf_counter()
        # the runs share the time left once HiGHS holds the model (handing it over can take a
        # good part of the limit on a loaded machine, and the LP must not pay for it)
        budget = None if self.time_limit is None else max(self.time_limit - (began - self.began), 0)
        grace = MIN_RUN_GRACE if budget is None else max(RUN_GRACE * budget, MIN_RUN_GRACE)
        watchdog = _Watchdog()
        ends = math.inf

        def limit(until: float | None) -> float:
            """Set the time limit so the run ends by ``until`` x the budget (None: the whole
            budget); return the seconds."""
            nonlocal ends
            if budget is None:
                ends = math.inf
                return float("inf")
            now = time.perf_counter()
            left = max(budget * (1.0 if until is None else until) - (now - began), 0.0)
            highs.setOptionValue("time_limit", left)
            ends = now + left
            return left

        def solve(
            call: Callable[[], Any] | None = None,
            last: bool = False,
            start: np.ndarray[Any, Any] | None = None,
        ) -> Any:
            """Run HiGHS (``call``, else a plain solve from ``start``, a whole plan, if
            given), stopped by the watchdog ``grace`` after the run's end if HiGHS has not
            stopped by itself (the last run: by the deadline's own timer, see
            ``netopt.solve.highs``)."""
            watchdog.fired = False
            seconds = math.inf if last else ends + grace - time.perf_counter()
            if call is None:
                # HiGHS takes the last run's values as a start, and completes one that breaks
                # integrality by a MIP over its fractional columns: a run's callbacks then see
                # that MIP's bounds as their own (seen: a roster stopped in 0.7 s with a
                # "proven" own bound of 31,899, where its optimum is 30,380). A completion is
                # its own run (``completed``).
                highs.clearSolver()
                if start is not None:
                    highs.setSolution(n, every, start)
            with watchdog.after(highs, seconds):
                return highs.solve() if call is None else call()

        def completed(values: np.ndarray[Any, Any] | None) -> np.ndarray[Any, Any] | None:
            """A relaxation's ``values`` made a plan: the integer columns they leave integral
            fixed there (the passports are as the caller set them), HiGHS's MIP over the rest,
            in the time the caller set; None when it finds none. Rosters start from it."""
            if values is None:
                return None
            x = values[roster_integers]
            integral = np.abs(x - np.round(x)) <= INTEGRAL
            fixed, at = roster_integers[integral], np.round(x[integral])
            highs.changeColsBounds(fixed.size, fixed, at, at)
            try:
                solve()
                record("completion")
                info = highs.getInfo()
                found = info.primal_solution_status == highspy.kSolutionStatusFeasible
                ok = found and solution_consistent(highs)
                return np.array(highs.getSolution().col_value) if ok else None
            finally:
                highs.changeColsBounds(fixed.size, fixed, column_lower[fixed], column_upper[fixed])

        def roster(first: np.ndarray[Any, Any] | None, watch: _GapWatch) -> Any:
            """A roster run from the plan ``first`` (if any), stopped by ``watch``; its plans
            are heard by the progress tracker (its bounds hold only for its passports)."""
            with _interrupting(highs, watch.check), watching(self.progress, highs, bounds=False):
                return solve(start=first)

        def user_stopped() -> bool:
            """The run was interrupted, and not by the watchdog: Ctrl-C, the deadline, or the
            run's own callback (which each run checks for itself)."""
            interrupted = highs.getModelStatus() == highspy.HighsModelStatus.kInterrupt
            return bool(interrupted) and not watchdog.fired

        def record(what: str) -> None:
            status = highs.modelStatusToString(highs.getModelStatus())
            cut = highs.getModelStatus() == highspy.HighsModelStatus.kInterrupt
            late = " (stopped by the strategy's clock)" if cut and watchdog.fired else ""
            self.runs.append(f"{what}: {status}{late} at {time.perf_counter() - began:.1f} s")

        lp = highs.getLp()
        n = lp.num_col_
        every = np.arange(n, dtype=np.int32)
        integrality = np.array([int(t) for t in lp.integrality_], dtype=np.uint8)
        if integrality.size != n:  # no integer columns: nothing to stage
            return highs.solve()
        continuous = np.full(n, _CONTINUOUS, dtype=np.uint8)
        cols = np.array(sorted(column(v) for v in self.passports), dtype=np.int32)
        column_lower, column_upper = np.array(lp.col_lower_), np.array(lp.col_upper_)
        # the integer columns other than passports (what a completion fixes)
        is_other = integrality != _CONTINUOUS
        is_other[cols] = False
        roster_integers = np.flatnonzero(is_other).astype(np.int32)
        passports_only = continuous.copy()
        passports_only[cols] = integrality[cols]
        # the travelling relaxation: passports and whole people working away from home
        travelling = passports_only.copy()
        away = np.array([column(v) for v in self.travelling], dtype=np.int32)
        travelling[away] = integrality[away]
        _, gap_option = highs.getOptionValue("mip_rel_gap")

        # 1. LP relaxation
        highs.changeColsIntegrality(n, every, continuous)
        limit(LP_SHARE)
        lp_began = time.perf_counter()
        status = solve()
        lp_seconds = time.perf_counter() - lp_began
        model_status = highs.getModelStatus()
        record("lp")
        highs.changeColsIntegrality(n, every, integrality)
        if user_stopped():
            self.interrupted = True
            return status
        if model_status == highspy.HighsModelStatus.kInfeasible:
            return highs.solve() if limit(None) > 0 else status  # let the MIP say so
        lp_optimal = model_status == highspy.HighsModelStatus.kOptimal
        if lp_optimal:
            self._raise_bound(highs.getInfo().objective_function_value)
        values = np.array(highs.getSolution().col_value)
        # a whole-cohort passport is binary; a per-person one a count of people up to the
        # cohort (``passports_per_person``)
        upper = np.array(lp.col_upper_)[cols]
        binary = bool(np.all(upper <= 1.0))
        # an LP stopped before its optimum says nothing reliable about passports (seen: its
        # passports left no roster): without it, the full MIP has the time
        granted: np.ndarray[Any, Any] | None = (
            np.where(values[cols] > PASSPORT_SIGNAL, upper, 0.0) if lp_optimal else None
        )
        start_values = values if lp_optimal else None  # completed, it starts the roster
        relaxed = lp_optimal and (
            budget is None or lp_seconds <= RELAXATION_LP_SHARE * max(budget, 1e-9)
        )

        # 2. passport relaxation: its bound holds for the whole model; its passports are granted
        if not lp_optimal:
            self.runs.append("passport relaxation and fixed passports: skipped, no LP optimum")
        elif not relaxed:
            self.runs.append("passport relaxation: skipped, the LP took too long")
        highs.changeColsIntegrality(n, every, passports_only if relaxed else integrality)
        highs.setOptionValue("mip_rel_gap", RELAXATION_GAP_SHARE * self.mip_gap)
        limit(RELAXATION_SHARE if relaxed else 0.0)
        try:
            if not relaxed:
                raise _Skip
            solve()
            record("passport relaxation")
            stopped = user_stopped()
            info = highs.getInfo()
            relaxed_bound = float(info.mip_dual_bound)
            if info.primal_solution_status == highspy.kSolutionStatusFeasible:
                start_values = np.array(highs.getSolution().col_value)
                granted = np.round(start_values[cols])
        except _Skip:
            stopped, relaxed_bound = False, -math.inf
        finally:
            highs.changeColsIntegrality(n, every, integrality)
            highs.setOptionValue("mip_rel_gap", gap_option)
        if stopped:
            self.interrupted = True
            return status
        self._raise_bound(relaxed_bound)

        plan: np.ndarray[Any, Any] | None = None
        if granted is not None:
            # 3. passports fixed to those chosen
            # exactly: leaving the other passports the LP uses free to the run was measured
            # worse (benchmark seeds 2 and 3 at 30 s: plans with a backlog, gap 99.8%)
            # (per-person passports: any count of people up to the one chosen)
            lowest = np.where(upper <= 1.0, granted, 0.0)
            highs.changeColsBounds(len(cols), cols, lowest, granted)
            share = FIXED_SHARE if relaxed else FIXED_SHARE_ALONE
            limit(share)
            first = completed(start_values)
            limit(share)
            own = roster_gap(self.mip_gap)
            highs.setOptionValue("mip_rel_gap", min(gap_option, own))
            watch = _GapWatch(self.bound, self.mip_gap, own)
            status = roster(first, watch)
            if not solution_consistent(highs):
                # HiGHS 1.16 can stop with the incumbent's objective but other column values
                # (seen with per-person passports, interrupted at the root): solve again
                # without presolve, which keeps the two together
                _, presolve = highs.getOptionValue("presolve")
                highs.setOptionValue("presolve", "off")
                limit(share)
                watch = _GapWatch(self.bound, self.mip_gap, own)
                try:
                    status = roster(first, watch)
                finally:
                    highs.setOptionValue("presolve", presolve)
            highs.setOptionValue("mip_rel_gap", gap_option)
            record("fixed passports")
            if user_stopped() and not watch.stopped:
                self.restricted = True
                self.interrupted = True
                return status
            info = highs.getInfo()
            found = info.primal_solution_status == highspy.kSolutionStatusFeasible
            plan = np.array(highs.getSolution().col_value) if found else None
            if self._met(info.objective_function_value if found else None):
                self.restricted = True
                if (watch.stopped or watchdog.fired) and plan is not None:
                    # HiGHS says "interrupted": hold the plan
                    return self._hold(highs, integrality, plan)
                return status
            own_bound = (
                max(float(info.mip_dual_bound), watch.dual) if plan is not None else -math.inf
            )
            objective = float(info.objective_function_value) if plan is not None else math.inf

            # 4. the other passport sets, cheapest relaxation first: the travelling relaxation
            # with every set rostered so far cut off (no-good rows, valid for whole-cohort
            # passports only: binaries) bounds every set not yet rostered; its set is rostered
            # next, until the bound meets the plan or the time is up
            worth = (
                binary
                and math.isfinite(own_bound)
                and (self.bound is None or own_bound > self.bound)
            )
            if plan is not None and worth:
                others = _OtherPassports(highs, n, every, cols, travelling, integrality)
                rostered = [own_bound]  # each rostered set's own bound (for that set alone)
                chosen = granted
                try:
                    while len(rostered) <= MORE_SETS and limit(NEXT_SHARE) > 0:
                        others.cut_off(chosen)
                        others.relax()
                        highs.setOptionValue("mip_rel_gap", RELAXATION_GAP_SHARE * self.mip_gap)
                        watch_bound = _BoundWatch(objective * (1 - self.mip_gap))
                        with _interrupting(highs, watch_bound.check):
                            solve()
                        record(f"other passports ({len(rostered)} sets rostered)")
                        if user_stopped() and not watch_bound.stopped:
                            self.interrupted = True
                        self._raise_bound(
                            min(*rostered, max(others.bound(highs), watch_bound.dual))
                        )
                        info = highs.getInfo()
                        cheaper = (
                            info.primal_solution_status == highspy.kSolutionStatusFeasible
                            and float(info.objective_function_value) < objective
                        )
                        if self._met(objective) or self.interrupted or not cheaper:
                            break
                        # the next set: its relaxation promises a cheaper plan
                        relaxation = np.array(highs.getSolution().col_value)
                        chosen = np.round(relaxation[cols])
                        others.fix(chosen)
                        first = completed(relaxation)
                        limit(NEXT_SHARE)
                        highs.setOptionValue("mip_rel_gap", min(gap_option, own))
                        # a set whose own bound reaches the target cannot beat the plan by more
                        # than the gap: rostering it further proves nothing
                        watch = _GapWatch(
                            self.bound, self.mip_gap, own, enough=objective * (1 - self.mip_gap)
                        )
                        roster(first, watch)
                        record(f"passport set {len(rostered) + 1}")
                        if user_stopped() and not watch.stopped:
                            self.interrupted = True
                        info = highs.getInfo()
                        found = info.primal_solution_status == highspy.kSolutionStatusFeasible
                        if highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
                            rostered.append(math.inf)  # no roster with these passports
                        else:
                            rostered.append(max(float(info.mip_dual_bound), watch.dual))
                        if (
                            found
                            and solution_consistent(highs)
                            and float(info.objective_function_value) < objective
                        ):
                            plan = np.array(highs.getSolution().col_value)
                            objective = float(info.objective_function_value)
                        if self._met(objective) or self.interrupted:
                            break
                finally:
                    others.restore()
                    highs.setOptionValue("mip_rel_gap", gap_option)
                if self._met(objective) or self.interrupted:
                    self.restricted = True
                    return self._hold(highs, integrality, plan)

        # 5. the full MIP, from that plan, if there is time for its root node (see
        # ROOT_LP_ALLOWANCE).
        remaining = limit(None)
        root = ROOT_LP_ALLOWANCE * lp_seconds
        if budget is not None:
            root = min(root, FULL_MIN_SHARE * budget)
        left = remaining - FULL_END_LP * lp_seconds
        if (remaining < root or left <= 0) and plan is not None:
            # no time for it: the plan stands
            self.restricted = True
            self.runs.append("full: skipped, no time left for its root LP")
            return self._hold(highs, integrality, plan)
        highs.changeColsBounds(len(cols), cols, np.zeros(len(cols)), upper)
        if budget is not None:
            highs.setOptionValue("time_limit", max(left, 0.0))
        # from that plan; solve_from_start also works around HiGHS 1.16.0 returning the start
        # unchanged with a better objective
        with watching(self.progress, highs, bounds=True):
            start_plan = plan
            status = solve(
                None if start_plan is None else lambda: solve_from_start(highs, every, start_plan),
                last=True,
            )
        record("full")
        return status

    def _raise_bound(self, value: float) -> None:
        """A proven lower bound of the whole model: keep the best."""
        if not math.isfinite(value) or (self.bound is not None and value <= self.bound):
            return
        self.bound = value
        if self.progress is not None:
            self.progress.bound(value)

    def _met(self, objective: float | None) -> bool:
        gap = relative_gap(objective, self.bound)
        return gap is not None and gap <= self.mip_gap

    def _hold(
        self, highs: highspy.Highs, integrality: np.ndarray[Any, Any], plan: np.ndarray[Any, Any]
    ) -> Any:
        """Leave ``plan`` in HiGHS (the strategy protocol): its integers fixed, an LP for the
        rest, which can only lower the continuous part's cost."""
        integer = np.flatnonzero(integrality != _CONTINUOUS).astype(np.int32)
        fixed = np.round(plan[integer])
        highs.changeColsBounds(integer.size, integer, fixed, fixed)
        highs.setOptionValue("time_limit", math.inf)
        highs.enableCallbacks()  # type: ignore[no-untyped-call]
        status = highs.solve()
        self.runs.append(f"plan held: {highs.modelStatusToString(highs.getModelStatus())}")
        return status


@dataclass
class _OtherPassports:
    """The travelling relaxation (``relaxed``: passports integer, and the people working away
    from home) without the passport sets already rostered: one no-good row
    ``sum_{granted} (1 - passport) + sum_{others} passport >= 1`` per set cut off. Between relaxations a set is rostered with :meth:`fix` (the rows stay: a set
    not yet cut off satisfies them all). :meth:`restore` takes the rows out and puts the model
    back as it was (integrality; passports free)."""

    highs: highspy.Highs
    n: int
    every: np.ndarray[Any, Any]
    cols: np.ndarray[Any, Any]
    relaxed: np.ndarray[Any, Any]
    integrality: np.ndarray[Any, Any]
    rows: list[int] = field(default_factory=list)

    def cut_off(self, granted: np.ndarray[Any, Any]) -> None:
        """Add the no-good row of the set ``granted`` (whole-cohort passports: 0 or 1)."""
        coefficients = np.where(granted > 0.5, -1.0, 1.0)
        self.rows.append(int(self.highs.getNumRow()))
        self.highs.addRow(
            1.0 - float(np.sum(granted > 0.5)),
            math.inf,
            len(self.cols),
            self.cols,
            coefficients,
        )

    def relax(self) -> None:
        """Passports free, the relaxation's integrality (the caller solves)."""
        k = len(self.cols)
        self.highs.changeColsBounds(k, self.cols, np.zeros(k), np.ones(k))
        self.highs.changeColsIntegrality(self.n, self.every, self.relaxed)

    def fix(self, granted: np.ndarray[Any, Any]) -> None:
        """Exactly the passports ``granted``, every integer integer: a roster (the caller
        solves)."""
        self.highs.changeColsIntegrality(self.n, self.every, self.integrality)
        self.highs.changeColsBounds(len(self.cols), self.cols, granted, granted)

    def bound(self, h: highspy.Highs) -> float:
        """The relaxation's proven bound (infinity when no other passport set is feasible)."""
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return math.inf
        return float(h.getInfo().mip_dual_bound)

    def restore(self) -> None:
        h = self.highs
        if self.rows:
            h.deleteRows(len(self.rows), np.array(self.rows, dtype=np.int32))
            self.rows.clear()
        h.changeColsIntegrality(self.n, self.every, self.integrality)
