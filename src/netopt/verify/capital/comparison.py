"""``tables``: ``baselines.csv``, the comparison of the plan with baseline policies
(``netopt solve capital --compare-baselines``).

The ``optimised`` row is re-derived in full from the plan: its cost, no saving, the exams it
outsources, the share of demand met in the network and its capital spend. A baseline policy's
row can only be checked for consistency (the verifier does not solve, and a baseline's plan is
not in the folder): its saving is its cost minus the plan's, as a percentage of its cost; its
share of demand met follows from its exams outsourced and the instance's demand; a baseline
without a plan has no figures, except, when it breaks only the budgets, its cost were the
money found and that cost less the plan's (only that difference can be checked).
"""

from __future__ import annotations

from collections import Counter

from netopt.verify.capital.money import PaymentKey
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import COMPARISON, ComparisonRow, PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import PLAN_STATUSES, Violation
from netopt.verify.summary import STATUSES, Summary
from netopt.verify.tolerance import Tally

OPTIMISED = "optimised"
FIGURES = (
    "objective",
    "saving_vs_plan",
    "saving_pct",
    "exams_outsourced",
    "demand_met_pct",
    "capital_spend",
)


def demand_met_pct(outsourced: Tally, demanded: float) -> Tally:
    """Exams scanned in the network as a percentage of those demanded (100 without demand)."""
    if demanded <= 0:
        return Tally(100.0)
    return Tally(100.0 * (1.0 - outsourced.value / demanded), 100.0 * outsourced.slack / demanded)


def optimised_row(
    ref: Reference, plan: PlanTables, objective: Tally, payments: dict[PaymentKey, Tally]
) -> dict[str, Tally | None]:
    """The figures of the plan's own row (``objective``: the recomputed cost, its slack the
    objective's allowance)."""
    outsourced, spend = Tally(), Tally()
    for o in plan.outsourced:
        outsourced.add(o.exams)
    for amount in payments.values():
        spend.add(amount.value, rounding=amount.slack)
    return {
        "objective": objective,
        "saving_vs_plan": Tally(0.0),
        "saving_pct": Tally(0.0),
        "exams_outsourced": outsourced,
        "demand_met_pct": demand_met_pct(outsourced, sum(ref.demand.values())),
        "capital_spend": spend,
    }


def baseline_row(ref: Reference, row: ComparisonRow, plan_cost: float) -> dict[str, Tally | None]:
    """What a baseline's row must hold given its own cost and exams outsourced."""
    if row.status not in PLAN_STATUSES:
        return dict.fromkeys(FIGURES)
    cost = row.objective if row.objective is not None else 0.0
    saving = cost - plan_cost
    outsourced = Tally(row.exams_outsourced or 0.0)
    return {
        "objective": Tally(cost),
        "saving_vs_plan": Tally(saving),
        "saving_pct": Tally(100.0 * saving / abs(cost)) if cost else None,
        "exams_outsourced": outsourced,
        "demand_met_pct": demand_met_pct(outsourced, sum(ref.demand.values())),
        "capital_spend": Tally(row.capital_spend or 0.0),
    }


def check_comparison_table(
    ref: Reference,
    plan: PlanTables,
    summary: Summary,
    objective: Tally,
    payments: dict[PaymentKey, Tally],
    tolerance: float,
) -> list[Violation]:
    """``baselines.csv`` (see the module docstring): one ``optimised`` row, then one row per
    baseline policy, each named once, with a status netopt writes."""
    if plan.files.get(COMPARISON) is None:
        return []
    cells = Cells(f"{COMPARISON}.csv", tolerance)
    names = Counter(row.plan for row in plan.baselines)
    if names[OPTIMISED] != 1:
        cells.add(f"baselines.csv has {names[OPTIMISED]} rows for the optimised plan; it has one")
    plan_cost = summary.objective if summary.objective is not None else objective.value
    for row in plan.baselines:
        if names[row.plan] > 1 and row.plan != OPTIMISED:
            cells.add(f"baselines.csv line {row.line} repeats the plan {row.plan}", row.line)
        if row.plan == OPTIMISED:
            cells.text(row.line, "status", row.status, summary.status, "summary.json")
            expected = optimised_row(ref, plan, objective, payments)
            why = "the plan's tables"
        else:
            if row.status not in STATUSES:
                message = f"baselines.csv line {row.line}: status '{row.status}' is not netopt's"
                cells.add(message, row.line, "status")
            expected = baseline_row(ref, row, plan_cost)
            why = f"{row.plan}'s cost and exams outsourced"
        for column in FIGURES:
            cells.number(row.line, column, getattr(row, column), expected[column], why)
        funded = row.cost_if_funded
        has_plan = row.plan == OPTIMISED or row.status in PLAN_STATUSES
        if funded is not None and has_plan:
            message = f"baselines.csv line {row.line}: a plan with a cost has no cost if funded"
            cells.add(message, row.line, "cost_if_funded")
        saving = None if funded is None or has_plan else Tally(funded - plan_cost)
        why = f"{row.plan}'s cost if funded and the plan's cost"
        cells.number(row.line, "saving_if_funded", row.saving_if_funded, saving, why)
    return cells.out
