"""The workforce's costs (``models/joint.md``): each component as the cash an employer pays in a
year, so that the objective discounts exactly the cash that the revenue budget counts.

Every component is a running cost (revenue, not capital, in NHS accounts): pay, recruitment,
training, agency and locum hours, outsourced reporting and onboarding. It is paid by one
employer: a trust, or ``network``, whose costs every trust pays by its capital share
(``CapitalData.owner_share``, as for the scanners the network owns).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from enum import StrEnum
from typing import Any

import pyomo.environ as pyo

from netopt.models.joint.data import JointData


class StaffCost(StrEnum):
    """A component of the workforce's cost, in the order of the ``staff_costs`` table."""

    SALARIES = "salaries"
    RECRUITMENT = "recruitment"
    TRAINING = "training"
    AGENCY = "agency"
    REPORT_OUTSOURCING = "report_outsourcing"
    PASSPORT_ONBOARDING = "passport_onboarding"


StaffCash = Iterator[tuple[str, int, Any]]
"""(employer that pays, year paid, cash: a linear term in GBP, undiscounted)."""


def salaries(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """salary_ro * wte[em, ro, y], paid by em in y."""
    roles = data.staffing.roles
    for em, ro, y in m.staff_years:
        if roles[ro].salary:
            yield em, y, roles[ro].salary * m.wte[em, ro, y]


def recruitment(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """hire_ro * hires[em, ro, y], paid by em in y - lead_ro, when the hire is decided."""
    roles = data.staffing.roles
    for em, ro, y in m.hire_keys:
        if roles[ro].hire_cost:
            yield em, y - roles[ro].hire_lead_years, roles[ro].hire_cost * m.hires[em, ro, y]


def training(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """cost_pw * in_training[em, pw, y], paid by em in y."""
    pathways = data.staffing.pathways
    for em, pw, y in m.training_years:
        if pathways[pw].cost_per_year:
            yield em, y, pathways[pw].cost_per_year * m.in_training[em, pw, y]


def agency(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """agency_ro * agency[em, ro, y], paid by em in y."""
    roles = data.staffing.roles
    for em, ro, y in m.agency_keys:
        yield em, y, (roles[ro].agency_hour_cost or 0.0) * m.agency[em, ro, y]


def report_outsourcing(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """price_e * reports_outsourced[em, e, y], paid by em (whose sites scanned the exams) in
    y."""
    price = data.staffing.report_outsourcing_cost
    for em, e, y in m.report_outsourcing:
        yield em, y, price[e] * m.reports_outsourced[em, e, y]


def passport_onboarding(m: pyo.ConcreteModel, data: JointData) -> StaffCash:
    """omega * passports_granted[em, ro, em', y], paid in y by em', the employer the passport
    is to: it inducts the staff, opens their accounts and gives the honorary contract."""
    omega = data.staffing.onboarding_cost
    if omega:
        for em, ro, host, y in m.passport_keys:
            yield host, y, omega * m.passports_granted[em, ro, host, y]


STAFF_CASH: dict[StaffCost, Callable[[pyo.ConcreteModel, JointData], StaffCash]] = {
    StaffCost.SALARIES: salaries,
    StaffCost.RECRUITMENT: recruitment,
    StaffCost.TRAINING: training,
    StaffCost.AGENCY: agency,
    StaffCost.REPORT_OUTSOURCING: report_outsourcing,
    StaffCost.PASSPORT_ONBOARDING: passport_onboarding,
}
"""Each component of the workforce's cost -> its cash, by employer and year."""


def staff_cost(m: pyo.ConcreteModel, data: JointData, component: StaffCost) -> Any:
    """``staff_cost[component]`` = sum df[y] * cash over the component's cash (GBP, discounted
    to the first plan year)."""
    df = data.staffing.discount_factor
    return sum(df[y] * cash for _, y, cash in STAFF_CASH[component](m, data))


def staff_revenue_terms(
    m: pyo.ConcreteModel, data: JointData, trust_years: Collection[tuple[str, int]]
) -> dict[tuple[str, int], list[Any]]:
    """(trust, year) -> the terms of the workforce's cash the trust pays that year (GBP,
    undiscounted), for the ``trust_years`` asked: every component, each employer's paid by
    ``owner_share[em]`` (a trust all of its own, ``network`` every trust by capital share)."""
    if not trust_years:
        return {}
    shares = data.capital.owner_share
    terms: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for component in StaffCost:
        for em, y, cash in STAFF_CASH[component](m, data):
            for trust, share in shares[em].items():
                if (trust, y) in trust_years:
                    terms[(trust, y)].append(share * cash)
    return dict(terms)
