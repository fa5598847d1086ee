"""The joint plan against the sequential one (capital first, workforce second): what choosing
scanners and staff together changes (``models/joint.md``, "The sequential plan")."""

from __future__ import annotations

from typing import Any

import pandas as pd

from netopt.models.joint.plan import JointPlan

SEQUENTIAL_TABLE = "sequential"
"""The comparison's table name in a joint plan's result folder (``sequential.csv``)."""
SEQUENTIAL_COLUMNS = ["measure", "unit", "joint", "sequential", "difference"]

_PLAN_MEASURES = (
    ("units_bought", "units"),
    ("rooms_built", "rooms"),
    ("exams_outsourced", "exams"),
)
_WORKFORCE_MEASURES = (
    ("wte_last_year", "WTE"),
    ("hires", "WTE"),
    ("trainees", "people"),
    ("agency_hours", "hours"),
    ("reports_outsourced", "reports"),
)


def sequential_comparison(joint: JointPlan, sequential: JointPlan) -> pd.DataFrame:
    """One row per measure: the joint plan's figure, the sequential plan's and the joint minus
    the sequential (negative: the joint plan has less); empty where a plan has none (no plan
    was found in the time). Costs are present values (GBP), in the order of the ``costs`` and
    ``staff_costs`` tables, then the plan's and the workforce's headline figures."""
    a, b = joint.summary(), sequential.summary()
    money = "GBP, present value"
    rows: list[dict[str, Any]] = [_row("joint_cost", money, a["objective"], b["objective"])]
    for component in dict.fromkeys([*a.get("costs", {}), *b.get("costs", {})]):
        rows.append(
            _row(component, money, _figure(a, "costs", component), _figure(b, "costs", component))
        )
    for name, unit in _PLAN_MEASURES:
        rows.append(_row(name, unit, _figure(a, "plan", name), _figure(b, "plan", name)))
    for name, unit in _WORKFORCE_MEASURES:
        rows.append(_row(name, unit, _figure(a, "workforce", name), _figure(b, "workforce", name)))
    return pd.DataFrame(rows, columns=SEQUENTIAL_COLUMNS)


def _figure(summary: dict[str, Any], part: str, name: str) -> float | None:
    """A figure of a plan's summary; None when the plan has none (no plan was found)."""
    value = summary.get(part, {}).get(name)
    return None if value is None else float(value)


def _row(measure: str, unit: str, joint: float | None, sequential: float | None) -> dict[str, Any]:
    difference = None if joint is None or sequential is None else joint - sequential
    return {
        "measure": measure,
        "unit": unit,
        "joint": joint,
        "sequential": sequential,
        "difference": difference,
    }
