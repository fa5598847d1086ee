"""Why no capital plan exists, in the planner's words.

The elastic model (``Shortfall`` penalties in ``data.py``) allows every shortfall at a price:
budget overruns first, then unscanned exams, then rooms or commitments broken. Its least
penalised plan shows the smallest changes that would make the instance feasible, and each
shortfall is explained with what the plan needed it for (e.g. the scanner that reached its
maximum age that year).
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import CapitalData, Shortfall, build_capital_data
from netopt.models.capital.results import clean, extract_tables
from netopt.schema import Instance
from netopt.solve.highs import SolveOptions, SolveReport, c_stdout_silenced, solve_model

NOISE_GBP = 1.0
"""Shortfalls below this (GBP, exams, rooms or units) are solver noise, not findings."""


class ShortfallKind(StrEnum):
    BUDGET = "budget"
    DEMAND = "demand"
    ROOMS = "rooms"
    COMMITMENT = "commitment"


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
    """The result of diagnosing a capital instance."""

    feasible: bool
    """True when the least-shortfall plan needs no shortfall at all."""
    findings: list[Finding]
    conflict: list[str]
    """An irreducible set of constraints of the strict model's LP relaxation that cannot hold
    together (HiGHS's IIS), by name; empty when the relaxation is feasible (whole scanners are
    then what makes the instance infeasible)."""
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
            lines.append(
                "These constraints cannot hold together even with fractional scanners (an IIS):"
            )
            lines += [f"  - {name}" for name in self.conflict]
        return "\n".join(lines)


def _gbp_m(x: float) -> str:
    """Money as a planner writes it: GBP 12,500 or GBP 1.25m."""
    return f"GBP {x / 1e6:,.2f}m" if abs(x) >= 1e6 else f"GBP {x:,.0f}"


def _budget_findings(
    m: pyo.ConcreteModel, data: CapitalData, instance: Instance, tables: dict[str, pd.DataFrame]
) -> list[Finding]:
    names = {t.id: t.name or t.id for t in instance.trusts}
    site_names = {s.id: s.name or s.id for s in instance.sites}
    payments, decisions = tables["payments"], tables["asset_decisions"]
    out = []
    for t, y in m.overrun_index:
        short = clean(pyo.value(m.budget_overrun[t, y]))
        if short < NOISE_GBP:
            continue
        paid = payments[(payments["trust"] == t) & (payments["year"] == y)]
        needs = []
        for row in paid.itertuples():
            what = (
                f"{row.model} at {site_names.get(str(row.site), row.site)}"
                if row.item == "purchase"
                else f"a new {row.modality} room at {site_names.get(str(row.site), row.site)}"
            )
            forced = decisions[
                (decisions["site"] == row.site)
                & (decisions["year"] == y)
                & (decisions["modality"] == row.modality)
            ]
            reasons = [
                f"replacing {a.asset}, {a.age} years old"
                + (" (its maximum age)" if _at_max_age(instance, str(a.asset), int(a.age)) else "")
                for a in forced.itertuples()
            ]
            needs.append(
                what
                + (f", {', '.join(reasons)}" if reasons else "")
                + f" ({_gbp_m(float(row.amount))})"
            )
        spend = clean(pyo.value(m.capital_spend[t, y]))
        message = (
            f"Trust {names[t]} ({t}) is {_gbp_m(short)} short in {y}: the plan needs {_gbp_m(spend)} "
            f"of capital that year against {_gbp_m(data.capital_budget[(t, y)])} budgeted"
            + (" (plus carry-over)" if t in data.carry_over else "")
            + (f", for {'; '.join(needs)}" if needs else "")
            + "."
        )
        out.append(Finding(ShortfallKind.BUDGET, {"trust": t, "year": y}, short, "GBP", message))
    return out


def _at_max_age(instance: Instance, asset_id: str, age: int) -> bool:
    max_age = {m.id: m.max_age_years for m in instance.modalities}
    for a in instance.assets:
        if a.id == asset_id:
            return age >= (a.max_age_years or max_age[a.modality])
    return False


def _demand_findings(m: pyo.ConcreteModel, data: CapitalData) -> list[Finding]:
    out = []
    for (o, e, y), exams in _positive(m.unmet):
        share = exams / data.demand[(o, e, y)]
        message = (
            f"{exams:,.0f} {e} exams referred at {o} in {y} ({share:.0%} of them) cannot be scanned "
            f"within reach{'' if e in data.outsourcing_cost else ' and may not be outsourced'}: "
            "more capacity (rooms, scanners, budget) within the travel limit, or outsourcing, is needed."
        )
        where: dict[str, str | int] = {"site": o, "exam_type": e, "year": y}
        out.append(Finding(ShortfallKind.DEMAND, where, exams, "exams", message))
    return out


def _positive(var: pyo.Var, noise: float = 1e-3) -> list[tuple[tuple[Any, ...], float]]:
    """(index, value) of a shortfall variable's entries above ``noise``."""
    values = ((key, clean(pyo.value(var[key]))) for key in var)
    return [(key, value) for key, value in values if value >= noise]


def _room_findings(m: pyo.ConcreteModel) -> list[Finding]:
    return [
        Finding(
            ShortfallKind.ROOMS,
            {"site": s, "modality": mo, "year": y},
            extra,
            "rooms",
            f"Site {s} needs {extra:g} more {mo} room(s) in {y} than it has or may build.",
        )
        for (s, mo, y), extra in _positive(m.extra_rooms)
    ]


def _commitment_findings(m: pyo.ConcreteModel) -> list[Finding]:
    return [
        Finding(
            ShortfallKind.COMMITMENT,
            {"site": s, "model": k, "year": v},
            units,
            "units",
            f"The committed purchase of {k} at {s} in {v} cannot be made ({units:g} unit(s)): "
            "check the model's sites and years, its lead time and the site's rooms.",
        )
        for (s, k, v), units in _positive(m.committed_shortfall)
    ]


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


def diagnose_capital(
    instance: Instance, options: SolveOptions | None = None, penalties: Shortfall | None = None
) -> Diagnosis:
    """Solve the elastic capital model and explain each shortfall it needs."""
    start = time.perf_counter()
    conflict = relaxation_conflict(build_capital_model(build_capital_data(instance)))
    data = build_capital_data(instance, shortfall=penalties or Shortfall())
    model = build_capital_model(data)
    report = solve_model(model, options or SolveOptions())
    if not report.status.has_plan:
        return Diagnosis(False, [], conflict, report, time.perf_counter() - start)
    tables = extract_tables(model, data)
    findings = [
        *_budget_findings(model, data, instance, tables),
        *_demand_findings(model, data),
        *_room_findings(model),
        *_commitment_findings(model),
    ]
    return Diagnosis(not findings, findings, conflict, report, time.perf_counter() - start, tables)
