"""Diagnosis shared by the models: findings of an elastic model and HiGHS's IIS.

Each model's ``diagnose`` module solves its elastic variant (shortfalls allowed at a price) and
turns every shortfall into a :class:`Finding` in the planner's words; this module holds the
result type and the IIS of the strict model's LP relaxation, mapped back to constraint names.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.results import clean
from netopt.solve.highs import SolveReport, c_stdout_silenced


class ShortfallKind(StrEnum):
    BUDGET = "budget"
    DEMAND = "demand"
    ROOMS = "rooms"
    COMMITMENT = "commitment"
    STAFFING = "staffing"


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
    """The result of diagnosing an instance that has no plan."""

    feasible: bool
    """True when the least-shortfall plan needs no shortfall at all."""
    findings: list[Finding]
    conflict: list[str]
    """An irreducible set of constraints of the strict model's LP relaxation that cannot hold
    together (HiGHS's IIS), by name; empty when the relaxation is feasible (whole scanners or
    people are then what makes the instance infeasible)."""
    report: SolveReport
    seconds: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    """The least-shortfall plan's tables (for inspection)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "status": self.report.status.value,
            "findings": [{**asdict(f), "kind": f.kind.value} for f in self.findings],
            "conflict": self.conflict,
            "seconds": round(self.seconds, 3),
        }

    def render(self) -> str:
        if self.feasible:
            return "The instance is feasible: a plan exists that needs no shortfall."
        if not self.report.status.has_plan:
            return f"Diagnosis failed: the elastic model ended with status '{self.report.status.value}'."
        lines = ["No plan meets every constraint. The smallest shortfalls that would allow one:"]
        lines += [f"  - {f.message}" for f in self.findings]
        if self.conflict:
            lines.append("These constraints cannot hold together even in fractions (an IIS):")
            lines += [f"  - {name}" for name in self.conflict]
        return "\n".join(lines)


def positive_entries(var: pyo.Var, noise: float = 1e-3) -> list[tuple[tuple[Any, ...], float]]:
    """(index, value) of a shortfall variable's entries above ``noise``."""
    values = ((key, clean(pyo.value(var[key]))) for key in var)
    return [(key, value) for key, value in values if value >= noise]


_ROW_LABEL = re.compile(r"^(?:c_[elu]_|r_[lu]_)(.*)_$")


def relaxation_conflict(model: pyo.ConcreteModel, time_limit: float = 30.0) -> list[str]:
    """Names of an irreducible infeasible set of constraints of the model's LP relaxation
    (HiGHS ``getIis``), or [] when the relaxation is feasible or no IIS was found in time.

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
        names = []
        for row in iis.row_index_:
            _, label = highs.getRowName(row)
            match = _ROW_LABEL.match(label)
            component = symbols.get(match.group(1)) if match else None
            names.append(component.name if component is not None else label)
        return sorted(names)
