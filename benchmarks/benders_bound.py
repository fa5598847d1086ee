"""Does a Benders decomposition prove a better capital bound than HiGHS on the whole model?

    python benchmarks/benders_bound.py INSTANCE [--seconds 60] [--seed 0]

A measurement for issue 11 (item 4), not part of netopt. The capital model is built by netopt
and handed to highspy as it stands; its columns are split into

- the **master**: every integer column (scanners kept, bought, rooms built, discount tiers)
  and the continuous columns tied only to them (discounted units, budget carried over), plus
  one cost column ``theta[k]`` per subproblem;
- **subproblems**: the flows, outsourced exams, hours served and unmet demand, split into the
  connected parts of their rows (one per modality and year on the capital model).

A subproblem is an LP once the master's columns are fixed; it gets a slack on each row at
1e6 per unit, so it always has an optimum, and that optimum is never above the true one:
every cut ``theta[k] >= Q_k(x^) + g . (x - x^)`` (``g`` from the row duals) stays valid.

1. The whole model's LP relaxation gives the first cuts; then the master's LP relaxation is
   solved and cut (Kelley, separating halfway between the master's point and the previous one)
   until it gains less than 1e-5 in 10 rounds. Its optimum then equals the whole LP's: a check
   that the cuts are right.
2. The master, with its integers, is solved by HiGHS for the time left; its dual bound is a
   bound of the whole model (the master with any set of valid cuts is a relaxation of it). A
   master plan gets new cuts and the master is solved again while time is left.

Printed: the whole LP bound, the master LP bound, the Benders bound and plan, and HiGHS on
the whole model for the same time and seed, as a reference. One thread each, one after the
other.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np

import netopt
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import build_capital_data

SUBPROBLEM_COLUMNS = ("flow", "outsourced", "serve", "unmet")
"""Pyomo variables whose columns go to the subproblems (the rest stay in the master)."""
SLACK_COST = 1e6
"""GBP per unit of a subproblem row's slack."""
KELLEY_STALL = 1e-5
"""The master LP's relative gain over 10 rounds below which the LP phase ends."""

Array = np.ndarray[Any, Any]


def quiet(seed: int) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", seed)
    return h


def rowwise(rows: Array, cols: Array, values: Array, count: int) -> tuple[Array, Array, Array]:
    """Row starts, column indices and values of COO entries sorted by row."""
    order = np.argsort(rows, kind="stable")
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, np.arange(count)).astype(np.int32)
    return starts, cols.astype(np.int32), values


@dataclass
class Split:
    """The whole model, its matrix as COO entries, and which column goes where."""

    cost: Array
    lower: Array
    upper: Array
    row_lower: Array
    row_upper: Array
    integer: Array
    entry_row: Array
    entry_col: Array
    entry_value: Array
    in_sub: Array
    part_of_col: Array
    part_of_row: Array

    @property
    def columns(self) -> int:
        return int(self.cost.size)

    @staticmethod
    def of(highs: highspy.Highs) -> Split:
        lp = highs.getLp()
        n, m = lp.num_col_, lp.num_row_
        start = np.array(lp.a_matrix_.start_)
        entry_col = np.repeat(np.arange(n), np.diff(start))
        entry_row = np.array(lp.a_matrix_.index_)
        integrality = np.array([int(t) for t in lp.integrality_], dtype=np.uint8)
        if integrality.size != n:
            integrality = np.zeros(n, dtype=np.uint8)
        in_sub = np.array([name.split("(")[0] in SUBPROBLEM_COLUMNS for name in lp.col_names_])
        part_of_col = parts(n, entry_row, entry_col, in_sub)
        part_of_row = np.full(m, -1)
        sub_entry = in_sub[entry_col]
        part_of_row[entry_row[sub_entry]] = part_of_col[entry_col[sub_entry]]
        return Split(
            cost=np.array(lp.col_cost_),
            lower=np.array(lp.col_lower_),
            upper=np.array(lp.col_upper_),
            row_lower=np.array(lp.row_lower_),
            row_upper=np.array(lp.row_upper_),
            integer=integrality != 0,
            entry_row=entry_row,
            entry_col=entry_col,
            entry_value=np.array(lp.a_matrix_.value_),
            in_sub=in_sub,
            part_of_col=part_of_col,
            part_of_row=part_of_row,
        )


def parts(n: int, entry_row: Array, entry_col: Array, in_sub: Array) -> Array:
    """Each subproblem column's part (connected through shared rows); -1 for the master's."""
    parent = np.arange(n)

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = int(parent[a])
        return a

    first: dict[int, int] = {}
    sub = in_sub[entry_col]
    for c, r in zip(entry_col[sub].tolist(), entry_row[sub].tolist(), strict=True):
        if r in first:
            a, b = root(c), root(first[r])
            if a != b:
                parent[a] = b
        else:
            first[r] = c
    columns = np.flatnonzero(in_sub)
    roots = [root(int(c)) for c in columns]
    number = {r: i for i, r in enumerate(sorted(set(roots)))}
    part = np.full(n, -1)
    part[columns] = [number[r] for r in roots]
    return part


@dataclass
class Subproblem:
    """One part's LP, its rows shifted by the master's columns."""

    split: Split
    part: int
    seed: int
    highs: highspy.Highs = field(init=False)
    rows: Array = field(init=False)
    link_row: Array = field(init=False)
    link_col: Array = field(init=False)
    link_value: Array = field(init=False)

    def __post_init__(self) -> None:
        s, k = self.split, self.part
        cols = np.flatnonzero(s.part_of_col == k)
        self.rows = np.flatnonzero(s.part_of_row == k)
        nc, nr = cols.size, self.rows.size
        col_at = np.full(s.columns, -1)
        col_at[cols] = np.arange(nc)
        row_at = np.full(s.part_of_row.size, -1)
        row_at[self.rows] = np.arange(nr)
        h = quiet(self.seed)
        h.addVars(nc, s.lower[cols], s.upper[cols])
        h.changeColsCost(nc, np.arange(nc, dtype=np.int32), s.cost[cols])
        h.addVars(2 * nr, np.zeros(2 * nr), np.full(2 * nr, highspy.kHighsInf))
        slacks = np.arange(nc, nc + 2 * nr, dtype=np.int32)
        h.changeColsCost(2 * nr, slacks, np.full(2 * nr, SLACK_COST))
        own = s.part_of_col[s.entry_col] == k
        r = np.concatenate([row_at[s.entry_row[own]], np.arange(nr), np.arange(nr)])
        c = np.concatenate([col_at[s.entry_col[own]], nc + np.arange(2 * nr)])
        v = np.concatenate([s.entry_value[own], np.ones(nr), -np.ones(nr)])
        starts, index, values = rowwise(r, c, v, nr)
        h.addRows(
            nr, s.row_lower[self.rows], s.row_upper[self.rows], index.size, starts, index, values
        )
        self.highs = h
        link = (s.part_of_row[s.entry_row] == k) & ~s.in_sub[s.entry_col]
        self.link_row = row_at[s.entry_row[link]]
        self.link_col = s.entry_col[link]
        self.link_value = s.entry_value[link]

    def cut(self, x: Array) -> tuple[float, Array]:
        """The LP's optimum Q at the master's columns ``x`` (whole-model indexing) and the
        subgradient ``g``: Q(x') >= Q(x) - g . (x' - x) for every x'."""
        shift = np.zeros(self.rows.size)
        np.add.at(shift, self.link_row, self.link_value * x[self.link_col])
        every = np.arange(self.rows.size, dtype=np.int32)
        s = self.split
        self.highs.changeRowsBounds(
            self.rows.size, every, s.row_lower[self.rows] - shift, s.row_upper[self.rows] - shift
        )
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"subproblem {self.part}: {self.highs.getModelStatus()}")
        dual = np.array(self.highs.getSolution().row_dual)
        g = np.zeros(s.columns)
        np.add.at(g, self.link_col, self.link_value * dual[self.link_row])
        return float(self.highs.getInfo().objective_function_value), g


@dataclass
class Master:
    """The master: the whole model's master columns and rows, one theta per subproblem."""

    split: Split
    parts: int
    seed: int
    highs: highspy.Highs = field(init=False)
    columns: Array = field(init=False)
    position: Array = field(init=False)
    cuts: int = 0

    def __post_init__(self) -> None:
        s = self.split
        self.columns = np.flatnonzero(~s.in_sub)
        n = self.columns.size
        self.position = np.full(s.columns, -1)
        self.position[self.columns] = np.arange(n)
        h = quiet(self.seed)
        h.addVars(n, s.lower[self.columns], s.upper[self.columns])
        h.changeColsCost(n, np.arange(n, dtype=np.int32), s.cost[self.columns])
        h.addVars(self.parts, np.zeros(self.parts), np.full(self.parts, highspy.kHighsInf))
        h.changeColsCost(
            self.parts, np.arange(n, n + self.parts, dtype=np.int32), np.ones(self.parts)
        )
        rows = np.flatnonzero(s.part_of_row < 0)
        row_at = np.full(s.part_of_row.size, -1)
        row_at[rows] = np.arange(rows.size)
        mine = s.part_of_row[s.entry_row] < 0
        starts, index, values = rowwise(
            row_at[s.entry_row[mine]],
            self.position[s.entry_col[mine]],
            s.entry_value[mine],
            rows.size,
        )
        h.addRows(
            rows.size, s.row_lower[rows], s.row_upper[rows], index.size, starts, index, values
        )
        self.highs = h

    @property
    def size(self) -> int:
        return int(self.columns.size)

    def point(self) -> Array:
        return np.array(self.highs.getSolution().col_value)

    def whole(self, point: Array) -> Array:
        """Master values -> whole-model column values (subproblem columns 0)."""
        x = np.zeros(self.split.columns)
        x[self.columns] = point[: self.size]
        return x

    def add_cuts(self, point: Array, subproblems: list[Subproblem]) -> tuple[float, int]:
        """Cut every subproblem at the master ``point``; add the cuts it violates. Returns the
        subproblems' total cost there and the number of cuts added."""
        x = self.whole(point)
        total, starts, index, values, lower = 0.0, [], [], [], []
        for k, sub in enumerate(subproblems):
            q, g = sub.cut(x)
            total += q
            nz = np.flatnonzero((np.abs(g) > 1e-9) & ~self.split.in_sub)
            rhs = q + float(g[nz] @ x[nz])
            if point[self.size + k] >= rhs - 1e-6 * max(1.0, abs(rhs)):
                continue
            starts.append(sum(i.size for i in index))
            index.append(np.concatenate([self.position[nz], [self.size + k]]).astype(np.int32))
            values.append(np.concatenate([g[nz], [1.0]]))
            lower.append(rhs)
        if index:
            self.highs.addRows(
                len(index),
                np.array(lower),
                np.full(len(index), highspy.kHighsInf),
                sum(i.size for i in index),
                np.array(starts, dtype=np.int32),
                np.concatenate(index),
                np.concatenate(values),
            )
            self.cuts += len(index)
        return total, len(index)


def model_file(path: str, folder: Path) -> Path:
    """The instance's capital model written as MPS with Pyomo's names."""
    model = build_capital_model(build_capital_data(netopt.load_instance(path)))
    out = folder / "capital.mps"
    model.write(str(out), io_options={"symbolic_solver_labels": True})
    return out


def benders(mps: Path, seconds: float, seed: int, say: Callable[[str], None]) -> dict[str, float]:
    began = time.perf_counter()

    def clock() -> float:
        return time.perf_counter() - began

    whole = quiet(seed)
    whole.readModel(str(mps))
    split = Split.of(whole)
    parts = int(split.part_of_col.max()) + 1
    subproblems = [Subproblem(split, k, seed) for k in range(parts)]
    master = Master(split, parts, seed)
    say(
        f"{split.columns} columns ({int(split.in_sub.sum())} in {parts} subproblems), "
        f"master {master.size} columns"
    )
    whole.setOptionValue("solve_relaxation", True)
    whole.run()
    lp_bound = float(whole.getInfo().objective_function_value)
    lp_point = np.concatenate(
        [np.array(whole.getSolution().col_value)[master.columns], np.zeros(parts)]
    )
    master.add_cuts(lp_point, subproblems)

    centre, history = lp_point, []
    while clock() < seconds:
        master.highs.run()
        point = master.point()
        history.append(float(master.highs.getInfo().objective_function_value))
        between = 0.5 * point + 0.5 * centre
        between[master.size :] = point[master.size :]
        _, added = master.add_cuts(between, subproblems)
        if added == 0:
            _, added = master.add_cuts(point, subproblems)
        centre = between
        stalled = len(history) > 10 and history[-1] - history[-11] < KELLEY_STALL * abs(history[-1])
        if added == 0 or stalled:
            break
    master_lp = max(history, default=-math.inf)
    say(f"LP phase: {len(history)} rounds, {master.cuts} cuts, {clock():.1f} s")

    integers = np.flatnonzero(split.integer[master.columns]).astype(np.int32)
    kinds = np.full(integers.size, int(highspy.HighsVarType.kInteger), dtype=np.uint8)
    master.highs.changeColsIntegrality(integers.size, integers, kinds)
    bound, plan = master_lp, math.inf
    while clock() < seconds:
        master.highs.setOptionValue("time_limit", seconds - clock())
        master.highs.run()
        info = master.highs.getInfo()
        bound = max(bound, float(info.mip_dual_bound))
        if info.primal_solution_status != highspy.kSolutionStatusFeasible:
            break
        point = master.point()
        fleet = float(split.cost[master.columns] @ point[: master.size])
        subs, added = master.add_cuts(point, subproblems)
        plan = min(plan, fleet + subs)
        say(
            f"master MIP: bound {bound:,.0f}, plan {fleet + subs:,.0f}, {added} cuts, {clock():.1f} s"
        )
        if added == 0:
            break
    return {
        "lp": lp_bound,
        "master_lp": master_lp,
        "bound": bound,
        "plan": plan,
        "seconds": clock(),
    }


def highs_alone(mps: Path, seconds: float, seed: int) -> dict[str, float]:
    h = quiet(seed)
    h.readModel(str(mps))
    h.setOptionValue("time_limit", seconds)
    began = time.perf_counter()
    h.run()
    info = h.getInfo()
    return {
        "bound": float(info.mip_dual_bound),
        "plan": float(info.objective_function_value),
        "seconds": time.perf_counter() - began,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("instance")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(f"... {text}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as folder:
        mps = model_file(args.instance, Path(folder))
        split_run = benders(mps, args.seconds, args.seed, say)
        alone = highs_alone(mps, args.seconds, args.seed)

    def m(value: float) -> str:
        return f"{value / 1e6:,.2f}m" if math.isfinite(value) else "-"

    print(f"instance {args.instance}, {args.seconds:g} s, seed {args.seed}, one thread each")
    print(
        f"LP relaxation {m(split_run['lp'])}; master LP after the cuts {m(split_run['master_lp'])}"
    )
    print(
        f"Benders: bound {m(split_run['bound'])}, plan {m(split_run['plan'])} ({split_run['seconds']:.1f} s)"
    )
    print(
        f"HiGHS on the whole model: bound {m(alone['bound'])}, plan {m(alone['plan'])} ({alone['seconds']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
