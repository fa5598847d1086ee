"""``tables``: the columns of a workforce plan's tables that follow from the row's decision and
the instance (minutes, a capacity, a tier, a cost, the people of a cohort), re-derived one row
at a time. The decisions themselves (the roster, reports, routing, link flows, outsourcing,
extra sessions, passports granted, late exams) are checked by the constraint families."""

from __future__ import annotations

from collections import Counter

from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import PENCE, Tally
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import WorkforceTables

GRANTED = "granted"


def check_reporting_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``reporting.csv``: ``minutes`` is reports x the staff member's minutes per report."""
    cells = Cells("reporting.csv", tolerance)
    for r in plan.reporting:
        mu = ref.skills.get(r.staff, {}).get(r.exam_type)
        if mu is None:
            continue  # not a skill of theirs: roster
        minutes = Tally()
        minutes.add(r.reports, mu)
        why = f"{r.staff}'s reports at {mu:g} minutes each"
        cells.number(r.line, "minutes", r.minutes, minutes, why)
    return cells.out


def check_link_flow_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``link_flows.csv``: ``capacity`` is the link's studies a day (empty: no limit)."""
    cells = Cells("link_flows.csv", tolerance)
    for lf in plan.link_flows:
        arc = (lf.origin, lf.destination)
        if arc in ref.capacity:
            why = f"the transfer link {lf.origin}-{lf.destination}"
            cells.number(lf.line, "capacity", lf.capacity, ref.capacity[arc], why)
    return cells.out


def check_outsourced_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``outsourced.csv``: ``annual_cost`` is weeks x the exam type's outsourcing price x
    reports (to the penny)."""
    cells = Cells("outsourced.csv", tolerance)
    for o in plan.outsourced:
        price = ref.exam_types[o.exam_type].report_outsourcing_cost
        if price is None:
            continue  # not outsourceable: exam_reporting
        cost = Tally()
        cost.add(o.reports, ref.weeks * price)
        why = f"{o.reports:g} reports a week at {price:g} over {ref.weeks:g} weeks"
        cells.number(o.line, "annual_cost", o.annual_cost, cost, why, PENCE)
    return cells.out


def check_unscanned_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``unscanned.csv``: ``annual_cost`` is weeks x the exam type's ``outsourcing_cost`` (the
    ``backlog_cost`` when it has none) x exams (to the penny)."""
    cells = Cells("unscanned.csv", tolerance)
    for u in plan.unscanned:
        given = ref.exam_types[u.exam_type].outsourcing_cost
        price = ref.instance.workforce.backlog_cost if given is None else given
        cost = Tally()
        cost.add(u.exams, ref.weeks * price)
        why = f"{u.exams:g} exams a week at {price:g} over {ref.weeks:g} weeks"
        cells.number(u.line, "annual_cost", u.annual_cost, cost, why, PENCE)
    return cells.out


def check_insourced_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``insourced.csv``: ``tier`` is the staff member's and ``annual_cost`` weeks x extra
    sessions x ``extra_session_cost`` (to the penny); one row per staff row."""
    cells = Cells("insourced.csv", tolerance)
    rows = Counter(row.staff for row in plan.insourced)
    for row in plan.insourced:
        k = ref.staff[row.staff]
        cells.text(row.line, "tier", row.tier, k.tier.value, f"the instance's staff {k.id}")
        cost = Tally()
        cost.add(row.extra_sessions, ref.weeks * k.extra_session_cost)
        why = f"{row.extra_sessions:g} sessions a week at {k.extra_session_cost:g}"
        cells.number(row.line, "annual_cost", row.annual_cost, cost, why, PENCE)
        if rows[row.staff] > 1:
            cells.add(f"insourced.csv line {row.line} repeats the staff {row.staff}", row.line)
    return cells.out


def check_passport_columns(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> list[Violation]:
    """``passports.csv``: one row per staff and site; ``people`` is the cohort's (a granted
    passport's people are checked under ``passport_required`` when passports are granted per
    person) and ``cost`` (one-off) the onboarding cost x people when granted, 0 when held;
    every passport the instance gives is listed as held."""
    cells = Cells("passports.csv", tolerance)
    onboarding = ref.instance.workforce.onboarding_cost
    rows = Counter((p.staff, p.site) for p in plan.passports)
    for p in plan.passports:
        k = ref.staff[p.staff]
        per_person = p.status == GRANTED and ref.instance.workforce.passports_per_person
        if not per_person:
            cells.text(p.line, "people", p.people, k.count, f"the instance's staff {k.id}")
        people = p.people if per_person else k.count
        cost = onboarding * people if p.status == GRANTED else 0.0
        why = f"the onboarding cost of a {p.status} passport"
        cells.number(p.line, "cost", p.cost, cost, why, PENCE)
        if rows[(p.staff, p.site)] > 1:
            message = f"passports.csv line {p.line} repeats the passport of {p.staff} to {p.site}"
            cells.add(message, p.line)
    held = {(p.staff, p.site) for p in plan.passports if p.status != GRANTED}
    for k in ref.staff.values():
        for site in k.passports:
            if (k.id, site) not in held:
                cells.add(f"passports.csv does not list the passport {k.id} holds to {site}")
    return cells.out
