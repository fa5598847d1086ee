"""The workforce's cash: each cost component by the employer that pays it and the year it is paid,
re-derived from the instance and the workforce tables (``models/joint.md``, "Objective" and
``revenue_budget``). The joint cost discounts it (``objective``); each trust's revenue budget
counts its share of it (``revenue.csv``'s ``staff``).

Salaries (salary x WTE), training (cost a year x trainees in training) and agency (agency hour
cost x hours) are paid by the staff's employer in the year; recruitment (hire cost x WTE hired)
by the employer in the year the hire is decided, ``lead`` years before the start in post;
report outsourcing (report outsourcing cost x reports outsourced) by the employer whose sites
scanned the exams; passport onboarding (``workforce.onboarding_cost`` x WTE granted) by the
employer the passport is to. An employer is a trust, paying all of its own, or ``network``,
whose cash every trust pays by its capital share.
"""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.joint.training import Training
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

CashKey = tuple[str, int, str]
"""(employer that pays, year paid, component)."""


def staff_cash(
    ref: StaffingReference, tables: StaffingTables, training: Training
) -> dict[CashKey, Tally]:
    """The workforce's cash (GBP, undiscounted) by payer, year and component, from the
    tables (``training``: the trainees of ``training.csv`` in their training years)."""
    out: dict[CashKey, Tally] = defaultdict(Tally)
    for row in tables.staffing:
        role = ref.roles[row.role]
        out[(row.employer, row.year, "salaries")].add(row.wte, role.salary)
        decided = row.year - role.hire_lead_years
        out[(row.employer, decided, "recruitment")].add(row.hires, role.hire_cost)
        out[(row.employer, row.year, "agency")].add(row.agency_hours, role.agency_hour_cost or 0.0)
    for (em, pw, y), n in training.in_training.items():
        out[(em, y, "training")].add_exact(ref.pathways[pw].cost_per_year * n)
    for r in tables.reports:
        price = ref.report_outsourcing_cost.get(r.exam_type, 0.0)
        out[(r.employer, r.year, "report_outsourcing")].add(r.reports_outsourced, price)
    for p in tables.staff_passports:
        out[(p.works_for, p.year, "passport_onboarding")].add(p.wte_granted, ref.onboarding_cost)
    return dict(out)


def staff_cost_components(cash: dict[CashKey, Tally], ref: StaffingReference) -> dict[str, Tally]:
    """The workforce's net present cost by component: each year's ``cash`` discounted by
    ``df[year]`` (recruitment from the year the hire is decided)."""
    out = {name: Tally() for name in STAFF_COMPONENTS}
    for (_, year, component), amount in cash.items():
        out[component].add(amount.value, ref.df(year), rounding=amount.slack)
    return out


def staff_running_costs(
    cash: dict[CashKey, Tally], ref: StaffingReference
) -> dict[tuple[str, int], Tally]:
    """(trust, year) -> the workforce's cash the trust pays: each employer's, a trust's all its
    own and ``network``'s by capital share."""
    out: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for (employer, year, _), amount in cash.items():
        for trust, share in ref.capital.owner_payers(employer).items():
            out[(trust, year)].add(amount.value, share, rounding=amount.slack)
    return dict(out)
