"""Independent verifier of a joint plan: re-check every rule of ``models/joint.md`` (the capital
model's, and the workforce years added to it) and every figure of the result folder.

A joint plan's folder holds a capital plan's tables, six workforce tables (``staffing.csv``,
``scanner_staffing.csv``, ``reports.csv``, ``training.csv``, ``staff_passports.csv``,
``staff_costs.csv``; ``sequential.csv`` with ``--compare-sequential``), ``plan.xlsx`` and
``summary.json``, as written by :func:`netopt.write_plan`. :func:`verify_joint` checks the
capital tables as a capital plan's (:func:`netopt.verify.capital.verifier.check_capital_plan`),
with the exam types' in-house cost less its staff share as the joint plan counts it and the
staff's running costs in each trust's revenue budget (``revenue.csv``), and re-derives the
workforce years from the instance and the tables: the WTE year by year from attrition, hires
and the trainees of ``training.csv``; who may recruit, train, buy agency hours and hold
passports; the hours each employer's scanners run and the exams they scan from ``flows.csv``;
the workforce's cash by payer and year (``cash``); and the joint cost. It uses no Pyomo and
none of the model code, so a bug in the model or in the way its results are written shows up
as a disagreement.

Each check is one function returning the violations it finds, named after the constraint family
of ``models/joint.md`` it re-checks (``headcount``, ``training``, ``hours``, ``scanning``,
``reporting``, ``passports`` and ``objective`` modules) or the table it re-derives (``rows``,
``totals`` and ``sequential``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netopt.schema import Instance
from netopt.verify.capital.fleet import build_fleet
from netopt.verify.capital.money import capital_payments
from netopt.verify.capital.objective import objective_components
from netopt.verify.capital.reference import build_reference
from netopt.verify.capital.tables import read_plan
from netopt.verify.capital.totals import plan_figures
from netopt.verify.capital.verifier import check_capital_plan, check_no_plan
from netopt.verify.joint.cash import staff_cash, staff_cost_components, staff_running_costs
from netopt.verify.joint.headcount import check_headcount_balance, check_recruitment
from netopt.verify.joint.hours import check_clinical_hours
from netopt.verify.joint.ids import check_references
from netopt.verify.joint.objective import check_joint_objective
from netopt.verify.joint.passports import (
    check_passport_columns,
    check_passport_cover,
    check_passport_holders,
)
from netopt.verify.joint.reference import build_staffing_reference, in_house_less_staff
from netopt.verify.joint.reporting import (
    check_exam_reporting,
    check_report_outsourcing_limit,
    check_reporting_roles,
    check_reports_columns,
    check_reports_made,
)
from netopt.verify.joint.rows import check_staffing_columns
from netopt.verify.joint.scanning import (
    check_scanner_staffing,
    check_scanner_staffing_columns,
    check_scanning_hours,
    check_scanning_roles,
)
from netopt.verify.joint.sequential import check_sequential_table, sequential_measures
from netopt.verify.joint.tables import read_staffing_tables
from netopt.verify.joint.totals import check_workforce_summary, workforce_figures
from netopt.verify.joint.training import (
    check_training_columns,
    check_training_intake,
    check_training_places,
    training_of,
)
from netopt.verify.objective import objective_allowance
from netopt.verify.report import VerificationReport, Violation
from netopt.verify.summary import (
    check_bound_and_gap,
    check_instance,
    check_result_files,
    check_summary_file,
    read_summary,
)
from netopt.verify.tolerance import Tally
from netopt.verify.workbook import WORKBOOK_FILE, check_workbook


@dataclass(frozen=True)
class JointVerificationReport(VerificationReport):
    """The independent check of a joint plan's result folder against its instance:
    ``components`` are the capital components then the workforce's (GBP, discounted)."""

    PLAN = "Joint plan"
    OBJECTIVE = "net present cost of the scanners and the staff"


def verify_joint(
    instance: Instance, results_dir: Path, tolerance: float = 1e-6
) -> JointVerificationReport:
    """Check a joint plan's result folder against ``instance``, family by family: the capital
    model's families and tables (in-house cost less its staff share), then the workforce
    years', then the joint cost.

    Nothing is taken from the model code. A folder whose ``summary.json`` status has no plan
    (infeasible, no solution, ...) is reported as such, ``ok`` False, with the violations of
    its summary and workbook only.
    """
    folder = Path(results_dir)
    summary = read_summary(folder)
    head = [*check_summary_file(summary, "joint"), *check_instance(summary, instance)]
    if not summary.has_plan:
        return JointVerificationReport(
            check_no_plan(summary, folder, head, tolerance), 0.0, summary.objective, summary.status
        )
    plan = read_plan(folder, summary.result_files or ())
    read = read_staffing_tables(folder, summary.result_files or ())
    ref = build_reference(in_house_less_staff(instance))
    staff_ref = build_staffing_reference(instance, ref)
    found, tables = check_references(staff_ref, read, tolerance)
    training = training_of(staff_ref, tables)
    fleet = build_fleet(ref, plan)
    payments = capital_payments(ref, plan)
    capital = objective_components(ref, plan, fleet)
    cash = staff_cash(staff_ref, tables, training)
    staff = staff_cost_components(cash, staff_ref)
    objective = check_joint_objective(summary, plan, tables, capital, staff, tolerance)
    objective += check_bound_and_gap(summary, tolerance, objective)
    components = {**capital, **staff}
    cost = Tally(
        sum(c.value for c in components.values()),
        objective_allowance(components, summary.objective or 0.0, tolerance),
    )
    figures = {
        **plan_figures(ref, plan, payments),
        **workforce_figures(staff_ref, tables),
    }
    files = {**plan.files, **read.files}
    violations: list[Violation] = [
        *head,
        *(p.violation() for p in (*plan.problems, *read.problems)),
        *found,
        *objective,
        *check_capital_plan(
            instance,
            folder,
            ref,
            plan,
            summary,
            fleet,
            payments,
            cost,
            tolerance,
            staff_running_costs(cash, staff_ref),
        ),
        *check_headcount_balance(staff_ref, tables, training, tolerance),
        *check_recruitment(staff_ref, tables, tolerance),
        *check_training_places(staff_ref, tables),
        *check_training_intake(staff_ref, tables, training, tolerance),
        *check_clinical_hours(staff_ref, tables, training, tolerance),
        *check_scanner_staffing(staff_ref, tables, plan, tolerance),
        *check_scanning_roles(staff_ref, tables),
        *check_scanning_hours(staff_ref, tables),
        *check_exam_reporting(staff_ref, tables, plan, tolerance),
        *check_report_outsourcing_limit(staff_ref, tables, tolerance),
        *check_reporting_roles(staff_ref, tables),
        *check_reports_made(staff_ref, tables),
        *check_passport_cover(staff_ref, tables, tolerance),
        *check_passport_holders(staff_ref, tables, tolerance),
        *check_staffing_columns(staff_ref, tables, training, tolerance),
        *check_scanner_staffing_columns(staff_ref, tables, plan, tolerance),
        *check_reports_columns(staff_ref, tables, plan, tolerance),
        *check_training_columns(staff_ref, tables, tolerance),
        *check_passport_columns(staff_ref, tables, tolerance),
        *check_workforce_summary(summary, staff_ref, tables, tolerance),
        *check_sequential_table(tables, sequential_measures(cost, components, figures), tolerance),
        *check_result_files(summary, folder, [*(f"{n}.csv" for n in files), WORKBOOK_FILE]),
        *check_workbook(folder, files, summary, tolerance),
    ]
    return JointVerificationReport(
        violations=violations,
        objective_recomputed=cost.value,
        objective_reported=summary.objective,
        status=summary.status,
        components={name: c.value for name, c in components.items()},
    )
