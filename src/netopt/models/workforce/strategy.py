"""How HiGHS solves the workforce model: passports first (see "Solving" in
``models/workforce.md``).

Passport choices make the roster hard for branch-and-bound: granting one is a whole-cohort,
all-week decision whose value the LP relaxation spreads thinly, and HiGHS's heuristics then find
poor rosters. Deciding passports from the LP first and the roster second finds good plans
quickly; the full model, started from that plan, then proves the bound. All three runs use
the one model HiGHS already holds (integrality and bounds changed in place), so Pyomo hands the
model over only once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from netopt.solve.highs import ColumnValues, relative_gap, solve_from_start
from netopt.solve.progress import ProgressTracker, watching

LP_SHARE = 0.25
"""Share of the time limit for the LP relaxation."""
FIXED_SHARE = 0.5
"""Share of the time limit (counted from the start) by which the fixed-passport MIP ends."""
ROOT_LP_ALLOWANCE = 1.5
"""Seconds set aside at the end of the time limit, per second run 1's LP took, before starting
the full MIP: HiGHS's root node work (cut rounds, heuristics) does not always look at the clock
(seen overrunning by 20 s on a 136,000-column network), so it starts early enough or not at
all."""
PASSPORT_SIGNAL = 1e-6
"""A passport the LP relaxation uses at all (above this) is granted in the second run."""


@dataclass
class PassportsFirst:
    """A :class:`netopt.solve.highs.RunStrategy`: three runs of the one HiGHS model.

    1. LP relaxation: its optimum is a proven lower bound; the passports it uses are kept.
    2. MIP with exactly those passports granted (the others refused; per-person passports
       free up to the cohort): a good plan, fast.
    3. The full MIP from that plan, for the time left, unless 2 already meets the gap.
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
    """Hears of the plans of runs 2 and 3 and the bounds of runs 1 and 3 (the whole model)."""

    def run(
        self, highs: highspy.Highs, column: Callable[[Any], int], start: ColumnValues | None
    ) -> Any:
        began = self.began

        def limit(until: float | None) -> float:
            """Set the time limit so the run ends by ``until`` x the limit; return the seconds."""
            if self.time_limit is None:
                return float("inf")
            left = max(self.time_limit - (time.perf_counter() - began), 0.0)
            if until is not None:
                left = min(left, max(self.time_limit * until - (time.perf_counter() - began), 0.0))
            highs.setOptionValue("time_limit", left)
            return left

        lp = highs.getLp()
        n = lp.num_col_
        every = np.arange(n, dtype=np.int32)
        integrality = np.array([int(t) for t in lp.integrality_], dtype=np.uint8)
        if integrality.size != n:  # no integer columns: nothing to stage
            return highs.solve()
        continuous = np.full(n, int(highspy.HighsVarType.kContinuous), dtype=np.uint8)

        # 1. LP relaxation
        highs.changeColsIntegrality(n, every, continuous)
        limit(LP_SHARE)
        lp_began = time.perf_counter()
        status = highs.solve()
        lp_seconds = time.perf_counter() - lp_began
        model_status = highs.getModelStatus()
        self.runs.append(
            f"lp: {highs.modelStatusToString(model_status)} at {time.perf_counter() - began:.1f} s"
        )
        highs.changeColsIntegrality(n, every, integrality)
        if model_status == highspy.HighsModelStatus.kInterrupt:
            return status
        if model_status == highspy.HighsModelStatus.kInfeasible:
            return highs.solve() if limit(None) > 0 else status  # let the MIP say so
        if model_status == highspy.HighsModelStatus.kOptimal:
            self.bound = highs.getInfo().objective_function_value
            if self.progress is not None:
                self.progress.bound(self.bound)
        values = np.array(highs.getSolution().col_value)

        # 2. passports fixed to those the LP uses: a whole-cohort (binary) passport granted, a
        # per-person one (a count of people) free up to the cohort; the others refused
        cols = np.array([column(v) for v in self.passports], dtype=np.int32)
        upper = np.array(lp.col_upper_)[cols]
        used = values[cols] > PASSPORT_SIGNAL
        granted = np.where(used, upper, 0.0)
        lowest = np.where(upper <= 1.0, granted, 0.0)
        highs.changeColsBounds(len(cols), cols, lowest, granted)
        limit(FIXED_SHARE)
        with watching(self.progress, highs, bounds=False):  # passports fixed: its bound is no bound
            status = highs.solve()
        model_status = highs.getModelStatus()
        self.runs.append(
            f"fixed passports: {highs.modelStatusToString(model_status)} at "
            f"{time.perf_counter() - began:.1f} s"
        )
        info = highs.getInfo()
        found = info.primal_solution_status == 2  # kSolutionStatusFeasible
        plan = np.array(highs.getSolution().col_value) if found else None
        gap = relative_gap(info.objective_function_value, self.bound) if found else None
        if model_status == highspy.HighsModelStatus.kInterrupt or (
            gap is not None and gap <= self.mip_gap
        ):
            self.restricted = True
            return status

        # 3. the full MIP, from that plan, if there is time for its root node (see
        # ROOT_LP_ALLOWANCE).
        left = limit(None) - ROOT_LP_ALLOWANCE * lp_seconds
        if left <= 0 and plan is not None:  # no time for it: the plan of run 2 stands
            self.restricted = True
            self.runs.append("full: skipped, no time left for its root LP")
            return status
        highs.changeColsBounds(len(cols), cols, np.zeros(len(cols)), upper)
        if self.time_limit is not None:
            highs.setOptionValue("time_limit", max(left, 0.0))
        # from that plan; solve_from_start also works around HiGHS 1.16.0 returning the start
        # unchanged with a better objective
        with watching(self.progress, highs, bounds=True):
            status = highs.solve() if plan is None else solve_from_start(highs, every, plan)
        self.runs.append(
            f"full: {highs.modelStatusToString(highs.getModelStatus())} at "
            f"{time.perf_counter() - began:.1f} s"
        )
        return status
