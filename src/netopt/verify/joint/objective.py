"""The joint cost: ``joint_cost`` of ``models/joint.md``.

The capital plan's net present cost (its components recomputed as a capital plan's, with the
in-house cost less its staff share, ``costs.csv``) plus the workforce's, each component
recomputed from the instance and the workforce tables and discounted to the first plan year
(``staff_costs.csv``). ``summary.json``'s ``costs`` hold both, its objective their sum.
"""

from __future__ import annotations

from netopt.verify.capital.tables import PlanTables
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.joint.training import Training
from netopt.verify.objective import (
    check_cost_rows,
    check_reported_objective,
    check_summary_costs,
    objective_allowance,
)
from netopt.verify.report import Violation
from netopt.verify.summary import Summary
from netopt.verify.tolerance import Tally

STAFF_COMPONENTS = (
    "salaries",
    "recruitment",
    "training",
    "agency",
    "report_outsourcing",
    "passport_onboarding",
)
"""The workforce's cost components, in the order of ``staff_costs.csv``."""


def staff_cost_components(
    ref: StaffingReference, tables: StaffingTables, training: Training
) -> dict[str, Tally]:
    """The workforce's net present cost by component, recomputed from the instance and the
    tables: salaries (``df[y]`` x salary x WTE), recruitment (``df[y - lead]`` x hire cost x WTE
    hired, paid when the hire is decided), training (``df[y]`` x cost a year x trainees in
    training), agency (``df[y]`` x agency hour cost x hours), report outsourcing (``df[y]`` x
    report outsourcing cost x reports outsourced) and passport onboarding (``df[y]`` x
    ``workforce.onboarding_cost`` x WTE granted a passport)."""
    salaries, recruitment, agency = Tally(), Tally(), Tally()
    for row in tables.staffing:
        role = ref.roles[row.role]
        salaries.add(row.wte, ref.df(row.year) * role.salary)
        recruitment.add(row.hires, ref.df(row.year - role.hire_lead_years) * role.hire_cost)
        agency.add(row.agency_hours, ref.df(row.year) * (role.agency_hour_cost or 0.0))
    trained = Tally()
    for (_, pw, y), n in training.in_training.items():
        trained.add_exact(ref.df(y) * ref.pathways[pw].cost_per_year * n)
    outsourcing = Tally()
    for r in tables.reports:
        price = ref.report_outsourcing_cost.get(r.exam_type, 0.0)
        outsourcing.add(r.reports_outsourced, ref.df(r.year) * price)
    onboarding = Tally()
    for p in tables.staff_passports:
        onboarding.add(p.wte_granted, ref.df(p.year) * ref.onboarding_cost)
    values = (salaries, recruitment, trained, agency, outsourcing, onboarding)
    return dict(zip(STAFF_COMPONENTS, values, strict=True))


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
