"""Independent verifier of a capital plan: re-check every rule of ``models/capital.md`` and every
figure of the result folder.

Given the instance and a plan's result folder (``<table>.csv``, ``plan.xlsx`` and
``summary.json``, as written by :func:`netopt.write_capital_plan`), :func:`verify_capital`
recomputes everything it needs (age profiles, demand growth, travel reach, fleet in service,
hours, payments, budgets, discount tiers and the net present cost) from the instance and the
plan's decisions alone: which assets leave when, what is bought and built where and when, where
patients are scanned and what is outsourced. Every other column, every total table and every
figure of ``summary.json`` is re-derived from those and compared, and ``plan.xlsx`` is compared
with the CSV files. It uses no Pyomo and none of the model code, so a bug in the model or in the
way its results are written shows up as a disagreement.

Each check is one function returning the violations it finds, named after the constraint family
of ``models/capital.md`` it re-checks (``fleet``, ``demand``, ``capacity``, ``money`` and
``objective`` modules) or the table it re-derives (``rows`` and ``totals``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from netopt.schema import Instance
from netopt.verify.capital.access import check_access_table, check_access_target
from netopt.verify.capital.alternatives import check_alternatives_table
from netopt.verify.capital.capacity import check_capacity, check_rooms
from netopt.verify.capital.comparison import check_comparison_table
from netopt.verify.capital.demand import (
    check_demand_balance,
    check_outsourcing_limit,
    check_travel_limit,
)
from netopt.verify.capital.fleet import Units, build_fleet, check_existing_fleet, check_purchases
from netopt.verify.capital.ids import check_references
from netopt.verify.capital.money import (
    PaymentKey,
    capital_payments,
    check_capital_budget,
    check_committed,
    check_discount_tiers,
    check_payments,
)
from netopt.verify.capital.objective import check_objective, objective_components
from netopt.verify.capital.reference import Reference, build_reference
from netopt.verify.capital.revenue import check_revenue
from netopt.verify.capital.rows import (
    check_decision_columns,
    check_flow_columns,
    check_new_room_columns,
    check_outsourced_columns,
    check_payment_columns,
    check_purchase_columns,
)
from netopt.verify.capital.split import check_scanning_split_table
from netopt.verify.capital.tables import PlanTables, read_plan
from netopt.verify.capital.totals import (
    check_capacity_table,
    check_fleet_table,
    check_plan_summary,
    check_spend_table,
)
from netopt.verify.capital.trust_costs import check_trust_cost_table
from netopt.verify.objective import objective_allowance
from netopt.verify.report import VerificationReport, Violation
from netopt.verify.sites import check_site_table
from netopt.verify.summary import (
    Summary,
    check_bound_and_gap,
    check_instance,
    check_result_files,
    check_summary_file,
    read_summary,
)
from netopt.verify.tolerance import Tally
from netopt.verify.workbook import WORKBOOK_FILE, check_workbook


def verify_capital(
    instance: Instance, results_dir: Path, tolerance: float = 1e-6
) -> VerificationReport:
    """Check a capital plan's result folder against ``instance``, family by family.

    Nothing is taken from the model code: the fleet, hours, demand, reach, payments, budgets,
    discounts and net present cost are all recomputed from the instance and the tables. A folder
    whose ``summary.json`` status has no plan (infeasible, no solution, ...) is reported as such,
    ``ok`` False, with the violations of its summary and workbook only (a summary that cannot be
    read is one).
    """
    folder = Path(results_dir)
    summary = read_summary(folder)
    head = [*check_summary_file(summary, "capital"), *check_instance(summary, instance)]
    if not summary.has_plan:
        return VerificationReport(
            check_no_plan(summary, folder, head, tolerance), 0.0, summary.objective, summary.status
        )
    plan = read_plan(folder, summary.result_files or ())
    ref = build_reference(instance)
    fleet = build_fleet(ref, plan)
    payments = capital_payments(ref, plan)
    components = objective_components(ref, plan, fleet)
    objective = check_objective(summary, plan, components, tolerance)
    objective += check_bound_and_gap(summary, tolerance, objective)
    cost = Tally(
        sum(c.value for c in components.values()),
        objective_allowance(components, summary.objective or 0.0, tolerance),
    )
    violations: list[Violation] = [
        *head,
        *(p.violation() for p in plan.problems),
        *objective,
        *check_capital_plan(instance, folder, ref, plan, summary, fleet, payments, cost, tolerance),
        *check_result_files(summary, folder, [*(f"{n}.csv" for n in plan.files), WORKBOOK_FILE]),
        *check_workbook(folder, plan.files, summary, tolerance),
    ]
    return VerificationReport(
        violations=violations,
        objective_recomputed=cost.value,
        objective_reported=summary.objective,
        status=summary.status,
        components={name: c.value for name, c in components.items()},
    )


def check_no_plan(
    summary: Summary, folder: Path, head: list[Violation], tolerance: float
) -> list[Violation]:
    """The violations of a folder whose status has no plan: ``head`` (its summary's), and its
    workbook's and list of files' when the summary can be read."""
    if not summary.data:
        return head
    return [
        *head,
        *check_workbook(folder, {}, summary, tolerance),
        *check_result_files(summary, folder, [WORKBOOK_FILE]),
    ]


def check_capital_plan(
    instance: Instance,
    folder: Path,
    ref: Reference,
    plan: PlanTables,
    summary: Summary,
    fleet: list[Units],
    payments: dict[PaymentKey, Tally],
    cost: Tally,
    tolerance: float,
    staff: Mapping[tuple[str, int], Tally] | None = None,
) -> list[Violation]:
    """Every constraint family of ``models/capital.md`` and every capital table re-derived
    (``cost``: the plan's recomputed objective, with its allowance, for the comparison with
    baselines), but the objective itself, the list of files and the workbook: what a capital
    plan and a joint plan (whose objective and files are more) have in common. ``staff``: a
    joint plan's running costs of its staff by trust and year, which its revenue budgets
    count too."""
    return [
        *check_references(ref, plan, tolerance),
        *check_existing_fleet(ref, plan),
        *check_purchases(ref, plan),
        *check_demand_balance(ref, plan, tolerance),
        *check_outsourcing_limit(ref, plan, tolerance),
        *check_travel_limit(ref, plan),
        *check_access_target(ref, plan, tolerance),
        *check_capacity(ref, plan, fleet, tolerance),
        *check_rooms(ref, plan, fleet),
        *check_committed(ref, plan),
        *check_discount_tiers(ref, plan, tolerance),
        *check_capital_budget(ref, payments, tolerance),
        *check_payments(plan, payments, tolerance),
        *check_decision_columns(ref, plan, tolerance),
        *check_purchase_columns(ref, plan, tolerance),
        *check_payment_columns(ref, plan, tolerance),
        *check_new_room_columns(ref, plan, tolerance),
        *check_flow_columns(ref, plan, tolerance),
        *check_outsourced_columns(ref, plan, tolerance),
        *check_fleet_table(ref, plan, fleet, tolerance),
        *check_capacity_table(ref, plan, fleet, tolerance),
        *check_spend_table(ref, plan, payments, tolerance),
        *check_trust_cost_table(ref, plan, fleet, tolerance),
        *check_scanning_split_table(ref, plan, tolerance),
        *check_revenue(ref, plan, fleet, tolerance, staff),
        *check_access_table(ref, plan, tolerance),
        *check_site_table(instance, plan.sites, tolerance),
        *check_plan_summary(summary, ref, plan, payments, tolerance),
        *check_comparison_table(ref, plan, summary, cost, payments, tolerance),
        *check_alternatives_table(plan, summary, folder, tolerance),
    ]
