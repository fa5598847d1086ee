"""Diagnosis shared by the models: findings of an elastic model and HiGHS's IIS.

Each model's ``diagnose`` module solves its elastic variant (shortfalls allowed at a price) and
turns every shortfall into a :class:`Finding` in the planner's words; this module holds the
result type and the IIS of the strict model's LP relaxation, mapped back to constraint names.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
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
) -> ShortfallSolve:
    """Settle feasibility first, then find the cheapest least-shortfall plan.

    ``model`` is an elastic model with a ``shortfall_penalty`` expression and a
    ``least_shortfall`` objective (penalties plus a small weight on cost).

    1. Minimise ``shortfall_penalty`` alone (from ``start``, if given). A plan whose penalty is
       at most ``zero`` proves the instance feasible; a proven lower bound above ``zero``
       proves it infeasible (as does ``known_infeasible``: a strict solve proved it). If the
       time limit ends first, the verdict is undecided and the best plan so far is kept.
    2. When infeasible and time is left: the cheapest plan among those with that least penalty
       (``least_shortfall``, with the penalty capped), starting from the plan of step 1.
    """
    model.least_shortfall.deactivate()
    model.shortfall_only = pyo.Objective(expr=model.shortfall_penalty, sense=pyo.minimize)
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
    model.least_shortfall.activate()
    model.shortfall_cap = pyo.Constraint(
        expr=model.shortfall_penalty <= least * (1 + CAP_SLACK) + zero
    )
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


def strict_conflict(model: pyo.ConcreteModel, deadline: Deadline) -> list[ConflictRow]:
    """:func:`relaxation_conflict` of the strict ``model`` in the time left (at most
    ``IIS_SECONDS``); [] when no time is left."""
    seconds = min(IIS_SECONDS, deadline.remaining())
    return relaxation_conflict(model, seconds) if seconds >= 1.0 else []


IIS_SECONDS = 30.0
"""Longest time given to HiGHS's IIS search."""


CAP_SLACK = 1e-6
"""Relative slack on the least penalty in step 2 of :func:`solve_least_shortfall`."""


def positive_entries(var: pyo.Var, noise: float = 1e-3) -> list[tuple[tuple[Any, ...], float]]:
    """(index, value) of a shortfall variable's entries above ``noise``."""
    values = ((key, clean(pyo.value(var[key]))) for key in var)
    return [(key, value) for key, value in values if value >= noise]


_ROW_LABEL = re.compile(r"^(?:c_[elu]_|r_[lu]_)(.*)_$")


def relaxation_conflict(model: pyo.ConcreteModel, time_limit: float = 30.0) -> list[ConflictRow]:
    """An irreducible infeasible set of constraints of the model's LP relaxation (HiGHS
    ``getIis``), by name, or [] when the relaxation is feasible or no IIS was found in time.

    The model goes to HiGHS as an MPS file with Pyomo's symbolic labels, so each IIS row maps
    back to its constraint (e.g. ``capital_budget[RVV,2028]``).
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.mps"
        _, symbols_id = model.write(str(path), io_options={"symbolic_solver_labels": True})
        symbols = model.solutions.symbol_map[symbols_id].bySymbol
        with c_stdout_silenced():  # HiGHS prints a banner on creation
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("iis_strategy", 4)  # a true (irreducible) IIS
        highs.setOptionValue("iis_time_limit", time_limit)
        highs.setOptionValue("time_limit", time_limit)
        highs.readModel(str(path))
        n = highs.getLp().num_col_
        continuous = np.full(n, int(highspy.HighsVarType.kContinuous), dtype=np.uint8)
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), continuous)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
            return []
        status, iis = highs.getIis()
        if status != highspy.HighsStatus.kOk or not iis.valid_:
            return []
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
        return sorted(rows, key=lambda r: r.name)
