"""Diagnosis shared by the models: findings of an elastic model and HiGHS's IIS.

Each model's ``diagnose`` module solves its elastic variant (shortfalls allowed at a price) and
turns every shortfall into a :class:`Finding` in the planner's words; this module holds the
result type and the IIS of the strict model's LP relaxation, mapped back to constraint names.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from netopt.models.common import clean
from netopt.solve.clock import Deadline
from netopt.solve.highs import (
    SolveOptions,
    SolveReport,
    SolveStatus,
    c_stdout_silenced,
    solve_model,
)


class ShortfallKind(StrEnum):
    BUDGET = "budget"
    DEMAND = "demand"
    ROOMS = "rooms"
    COMMITMENT = "commitment"
    ACCESS = "access"
    REVENUE = "revenue"
    STAFFING = "staffing"
    SKILL_MIX = "skill_mix"
    REPORTING = "reporting"


class ConflictOutcome(StrEnum):
    """What HiGHS's search for an IIS of the strict model's LP relaxation came to."""

    FOUND = "found"
    """An irreducible set of rules that cannot hold together."""
    RELAXATION_FEASIBLE = "relaxation_feasible"
    """Every rule can hold in fractions: whole scanners or people make the instance
    infeasible."""
    NOT_FOUND = "not_found"
    """HiGHS found none within the time it was given (a large model)."""
    NO_TIME = "no_time"
    """Too little of the time limit was left to search."""
    NOT_RUN = "not_run"
    """Not searched: the strict model cannot be built for the instance, or the verdict is
    not infeasible."""


class Verdict(StrEnum):
    """What a diagnosis proved about the instance."""

    FEASIBLE = "feasible"
    """A plan meets every constraint (one was found)."""
    INFEASIBLE = "infeasible"
    """No plan meets every constraint (proven: the least shortfall is above zero)."""
    UNDECIDED = "undecided"
    """The time limit ended the diagnosis before either was proven."""


@dataclass(frozen=True)
class Finding:
    """One shortfall of the least-shortfall plan."""

    kind: ShortfallKind
    where: dict[str, str | int]
    amount: float
    unit: str
    message: str


@dataclass(frozen=True)
class Diagnosis:
    """What diagnosing an instance found: the verdict and, when no plan meets every constraint
    (or none was found in time), the shortfalls of the least-shortfall plan."""

    verdict: Verdict
    findings: list[Finding]
    """The least-shortfall plan's shortfalls; for an undecided verdict, those of the best plan
    found in time (a plan without them was not ruled out)."""
    conflict: list[str]
    """An irreducible set of constraints of the strict model's LP relaxation that cannot hold
    together (HiGHS's IIS), by name; empty when the relaxation is feasible (whole scanners or
    people are then what makes the instance infeasible) or the verdict is not infeasible."""
    report: SolveReport
    """The report of the elastic model's last solve."""
    seconds: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    """The least-shortfall plan's tables (for inspection)."""
    conflict_words: list[str] = field(default_factory=list)
    """``conflict`` in a planner's words (sites, trusts and staff by name, days and sessions),
    one line per constraint; what :meth:`render` shows."""
    conflict_outcome: ConflictOutcome = ConflictOutcome.NOT_RUN
    """What the search for ``conflict`` came to."""
    conflict_seconds: float = 0.0
    """The time the search for ``conflict`` was given (seconds)."""

    @property
    def feasible(self) -> bool:
        """True only when a plan meeting every constraint is known to exist."""
        return self.verdict is Verdict.FEASIBLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "feasible": {Verdict.FEASIBLE: True, Verdict.INFEASIBLE: False}.get(self.verdict),
            "findings": [{**asdict(f), "kind": f.kind.value} for f in self.findings],
            "conflict": self.conflict,
            "conflict_words": self.conflict_words,
            "conflict_search": {
                "outcome": self.conflict_outcome.value,
                "seconds": round(self.conflict_seconds, 3),
            },
            "solver_status": self.report.status.value,
            "time_limit": {
                "seconds": self.report.options.get("time_limit"),
                "reached": self.report.limit_reached,
            },
            "seconds": round(self.seconds, 3),
        }

    def render(self) -> str:
        if self.verdict is Verdict.FEASIBLE:
            return "The instance is feasible: a plan exists that needs no shortfall."
        if self.verdict is Verdict.UNDECIDED:
            return self._render_undecided()
        if not self.findings:
            return (
                "No plan meets every constraint, and the elastic model found no least-shortfall "
                f"plan (status '{self.report.status.value}')." + self._render_conflict()
            )
        lines = ["No plan meets every constraint. The smallest shortfalls that would allow one:"]
        lines += [f"  - {f.message}" for f in self.findings]
        return "\n".join(lines) + self._render_conflict()

    def _render_undecided(self) -> str:
        limit = self.report.options.get("time_limit")
        within = f"within the {limit:g} s time limit" if isinstance(limit, float) else "in time"
        lines = [
            f"Undecided {within}: no plan meeting every constraint was found, and none was "
            "ruled out. Give it more time (--time-limit) to settle it."
        ]
        if self.findings:
            lines.append("The best plan found so far still needs these shortfalls:")
            lines += [f"  - {f.message}" for f in self.findings]
        return "\n".join(lines)

    def _render_conflict(self) -> str:
        if self.conflict_outcome is ConflictOutcome.NOT_FOUND:
            return (
                f"\n\nHiGHS found no set of rules in conflict within the {self.conflict_seconds:g} s "
                "it was given (the model is large): the shortfalls above are the explanation."
            )
        if self.conflict_outcome is ConflictOutcome.NO_TIME:
            return (
                "\n\nThe time limit left no time to search for the rules in conflict: give it "
                "more time (--time-limit) to see them."
            )
        if not self.conflict:
            return ""
        lines = ["", "These rules cannot all hold together, even in fractions:"]
        shown = self.conflict_words or self.conflict
        return "\n".join(lines + [f"  - {line}" for line in shown])


@dataclass(frozen=True)
class ShortfallSolve:
    """The outcome of :func:`solve_least_shortfall`; the plan it found is loaded in the model."""

    verdict: Verdict
    report: SolveReport
    has_plan: bool
    """Whether the model holds a least-shortfall plan (or, undecided, the best found)."""


def _verdict(report: SolveReport, zero: float) -> Verdict:
    if report.objective is not None and report.objective <= zero:
        return Verdict.FEASIBLE
    if report.bound is not None and report.bound > zero:
        return Verdict.INFEASIBLE
    if report.status is SolveStatus.OPTIMAL:  # optimal above zero: the bound is the objective
        return Verdict.INFEASIBLE
    return Verdict.UNDECIDED


def solve_least_shortfall(
    model: pyo.ConcreteModel,
    options: SolveOptions,
    deadline: Deadline,
    zero: float,
    start: Mapping[Any, float] | None = None,
    known_infeasible: bool = False,
    *,
    penalty: str = "shortfall_penalty",
    objective: str = "least_shortfall",
) -> ShortfallSolve:
    """Settle feasibility first, then find the cheapest least-shortfall plan.

    ``model`` is an elastic model with a ``shortfall_penalty`` expression and a
    ``least_shortfall`` objective (penalties plus a small weight on cost), or the expression
    and objective of the names given (a model built on another, as the joint plan on the
    capital plan, has its own; an objective without the penalty, which step 2 caps, keeps
    HiGHS's relative gap meaningful for the cost).

    1. Minimise ``shortfall_penalty`` alone (from ``start``, if given). A plan whose penalty is
       at most ``zero`` proves the instance feasible; a proven lower bound above ``zero``
       proves it infeasible (as does ``known_infeasible``: a strict solve proved it). If the
       time limit ends first, the verdict is undecided and the best plan so far is kept.
    2. When infeasible and time is left: the cheapest plan among those with that least penalty
       (``least_shortfall``, with the penalty capped), starting from the plan of step 1.
    """
    shortfall_penalty = model.component(penalty)
    least_shortfall = model.component(objective)
    least_shortfall.deactivate()
    model.shortfall_only = pyo.Objective(expr=shortfall_penalty, sense=pyo.minimize)
    first = solve_model(model, options, start=start, deadline=deadline)
    verdict = Verdict.INFEASIBLE if known_infeasible else _verdict(first, zero)
    if verdict is not Verdict.INFEASIBLE or not first.status.has_plan or deadline.expired():
        return ShortfallSolve(verdict, first, first.status.has_plan)
    least = float(first.objective or 0.0)
    plan = ComponentMap(
        (var, float(var.value))
        for var in model.component_data_objects(pyo.Var, active=True)
        if var.value is not None
    )
    model.shortfall_only.deactivate()
    least_shortfall.activate()
    model.shortfall_cap = pyo.Constraint(expr=shortfall_penalty <= least * (1 + CAP_SLACK) + zero)
    second = solve_model(model, options, start=plan, deadline=deadline)
    if second.status.has_plan:
        return ShortfallSolve(verdict, second, True)
    for var, value in plan.items():  # keep the plan of step 1
        var.set_value(value, skip_validation=True)
    return ShortfallSolve(verdict, first, True)


@dataclass(frozen=True)
class ConflictRow:
    """One constraint of an IIS: its name, family (the Pyomo component) and index."""

    name: str
    family: str
    index: tuple[Any, ...]


Describer = Callable[[tuple[Any, ...]], str]
"""Puts one constraint's index into a planner's words (a family's entry in a model's table)."""


def conflict_in_words(rows: Sequence[ConflictRow], words: Mapping[str, Describer]) -> list[str]:
    """Each IIS row in a planner's words: by its family's describer in ``words``, else the
    family's name in words with its index (one line each, in the order of ``rows``)."""
    out = []
    for row in rows:
        describe = words.get(row.family)
        if describe is not None:
            out.append(describe(row.index))
        else:
            what = row.family.replace("_", " ")
            out.append(f"{what}: {', '.join(str(i) for i in row.index)}" if row.index else what)
    return out


@dataclass(frozen=True)
class ConflictSearch:
    """The outcome of a search for an IIS: its rows (empty unless found), what the search came
    to, and the time it was given."""

    rows: list[ConflictRow]
    outcome: ConflictOutcome
    seconds: float

    def diagnosis_fields(self, words: Mapping[str, Describer]) -> dict[str, Any]:
        """The :class:`Diagnosis` fields of this search: ``conflict`` (names),
        ``conflict_words`` (by ``words``), ``conflict_outcome`` and ``conflict_seconds``."""
        return {
            "conflict": [row.name for row in self.rows],
            "conflict_words": conflict_in_words(self.rows, words),
            "conflict_outcome": self.outcome,
            "conflict_seconds": self.seconds,
        }


NOT_SEARCHED = ConflictSearch([], ConflictOutcome.NOT_RUN, 0.0)
"""No search for an IIS was made."""


def strict_conflict(model: pyo.ConcreteModel, deadline: Deadline) -> ConflictSearch:
    """:func:`relaxation_conflict` of the strict ``model`` in the time left (at most
    ``IIS_SECONDS``); outcome ``no_time`` when less than a second is left."""
    seconds = min(IIS_SECONDS, deadline.remaining())
    if seconds < 1.0:
        return ConflictSearch([], ConflictOutcome.NO_TIME, max(seconds, 0.0))
    return relaxation_conflict(model, seconds)


IIS_SECONDS = 30.0
"""Longest time given to HiGHS's IIS search."""

IIS_STRATEGY = 2 | 4
"""HiGHS ``iis_strategy``: an infeasible subsystem from an elastic LP (2), reduced to a true,
irreducible one (4). Measured on the tutorial's strict models with budgets cut (2 cores, one
thread): the capital model's (5,345 columns) took 13.3 s by 4 alone and 0.3 s this way, with the
same 11 rows; the joint model's (11,301 columns) found none in 120 s by 4 alone and 10 rows in
0.4 s this way."""

CONFLICT_SHARE = 0.1
"""Share of a diagnosis's time limit kept for the IIS search (at most ``IIS_SECONDS``) by a
model whose cheapest least-shortfall plan would otherwise take all of it (the joint plan's)."""


def elastic_deadline(deadline: Deadline) -> Deadline:
    """The deadline of an elastic model's solves: ``deadline`` less the time kept for the IIS
    search (``CONFLICT_SHARE`` of its limit, at most ``IIS_SECONDS``)."""
    if deadline.limit is None:
        return deadline
    keep = min(CONFLICT_SHARE * deadline.limit, IIS_SECONDS)
    return replace(deadline, limit=deadline.limit - keep)


CAP_SLACK = 1e-6
"""Relative slack on the least penalty in step 2 of :func:`solve_least_shortfall`."""


def gbp_in_words(x: float) -> str:
    """Money as a planner writes it: GBP 12,500 or GBP 1.25m."""
    return f"GBP {x / 1e6:,.2f}m" if abs(x) >= 1e6 else f"GBP {x:,.0f}"


def positive_entries(var: pyo.Var, noise: float = 1e-3) -> list[tuple[tuple[Any, ...], float]]:
    """(index, value) of a shortfall variable's entries above ``noise``."""
    values = ((key, clean(pyo.value(var[key]))) for key in var)
    return [(key, value) for key, value in values if value >= noise]


_ROW_LABEL = re.compile(r"^(?:c_[elu]_|r_[lu]_)(.*)_$")


def relaxation_conflict(model: pyo.ConcreteModel, time_limit: float = 30.0) -> ConflictSearch:
    """An irreducible infeasible set of constraints of the model's LP relaxation (HiGHS
    ``getIis``), by name; none when the relaxation is feasible (outcome
    ``relaxation_feasible``) or no IIS was found within ``time_limit`` seconds (``not_found``).

    The model goes to HiGHS as an MPS file with Pyomo's symbolic labels, so each IIS row maps
    back to its constraint (e.g. ``capital_budget[RVV,2028]``).
    """
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.mps"
        _, symbols_id = model.write(str(path), io_options={"symbolic_solver_labels": True})
        symbols = model.solutions.symbol_map[symbols_id].bySymbol
        with c_stdout_silenced():  # HiGHS prints a banner on creation
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("iis_strategy", IIS_STRATEGY)
        highs.setOptionValue("time_limit", max(time_limit - (time.perf_counter() - began), 0.1))
        highs.readModel(str(path))
        n = highs.getLp().num_col_
        continuous = np.full(n, int(highspy.HighsVarType.kContinuous), dtype=np.uint8)
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), continuous)
        highs.run()
        relaxed = highs.getModelStatus()
        if relaxed == highspy.HighsModelStatus.kOptimal:
            return ConflictSearch([], ConflictOutcome.RELAXATION_FEASIBLE, time_limit)
        if relaxed != highspy.HighsModelStatus.kInfeasible:
            return ConflictSearch([], ConflictOutcome.NOT_FOUND, time_limit)
        left = time_limit - (time.perf_counter() - began)
        if left < 0.1:
            return ConflictSearch([], ConflictOutcome.NOT_FOUND, time_limit)
        highs.setOptionValue("iis_time_limit", left)
        status, iis = highs.getIis()
        if status != highspy.HighsStatus.kOk or not iis.valid_:
            return ConflictSearch([], ConflictOutcome.NOT_FOUND, time_limit)
        rows = []
        for row in iis.row_index_:
            _, label = highs.getRowName(row)
            match = _ROW_LABEL.match(label)
            component = symbols.get(match.group(1)) if match else None
            if component is None:
                rows.append(ConflictRow(label, label, ()))
                continue
            index = component.index()
            key = index if isinstance(index, tuple) else (() if index is None else (index,))
            rows.append(ConflictRow(component.name, component.parent_component().local_name, key))
        found = sorted(rows, key=lambda r: r.name)
        outcome = ConflictOutcome.FOUND if found else ConflictOutcome.NOT_FOUND
        return ConflictSearch(found, outcome, time_limit)
