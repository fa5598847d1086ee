"""The joint cost: ``joint_cost`` of ``models/joint.md``.

The capital plan's net present cost (its components recomputed as a capital plan's, with the
in-house cost less its staff share, ``costs.csv``) plus the workforce's, each component's cash
recomputed from the instance and the workforce tables (:mod:`netopt.verify.joint.cash`) and
discounted to the first plan year (``staff_costs.csv``). ``summary.json``'s ``costs`` hold
both, its objective their sum.
"""

from __future__ import annotations

from netopt.verify.capital.tables import PlanTables
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.objective import (
    check_cost_rows,
    check_reported_objective,
    check_summary_costs,
    objective_allowance,
)
from netopt.verify.report import Violation
from netopt.verify.summary import Summary
from netopt.verify.tolerance import Tally


def check_joint_objective(
    summary: Summary,
    plan: PlanTables,
    tables: StaffingTables,
    capital: dict[str, Tally],
    staff: dict[str, Tally],
    tolerance: float,
) -> list[Violation]:
    """``objective``: ``summary.json``'s objective is the recomputed joint cost (the capital
    components plus the workforce's); each row of ``costs.csv`` is a recomputed capital
    component and each row of ``staff_costs.csv`` a workforce one; ``summary.json``'s
    ``costs`` hold every component of both, as recomputed, and no other."""
    components = {**capital, **staff}
    reported = summary.objective if summary.objective is not None else 0.0
    written = [r.npv for r in plan.costs] + [r.npv for r in tables.staff_costs]
    allowed = objective_allowance(components, reported, tolerance, *written)
    values = {name: c.value for name, c in components.items()}
    capital_values = {name: values[name] for name in capital}
    staff_values = {name: values[name] for name in staff}
    staff_rows = [(r.component, r.npv, r.line) for r in tables.staff_costs]
    return [
        *check_reported_objective(summary, sum(values.values()), allowed, "a joint cost"),
        *check_cost_rows(
            [(r.component, r.npv, r.line) for r in plan.costs], capital_values, allowed
        ),
        *check_cost_rows(staff_rows, staff_values, allowed, "staff_costs.csv"),
        *check_summary_costs(summary, values, allowed),
    ]
