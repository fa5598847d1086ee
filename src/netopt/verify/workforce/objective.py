"""The annual cost: ``objective`` of ``models/workforce.md``.

Every component is recomputed from the instance and the tables but travel: the model costs its
move flows and the roster is a decomposition of them that never costs more, so the roster's
travel must be at most the written travel (equal when the model's moves are the cheapest, as at
an exact optimum). The written travel then stands for the model's, in the objective and in
``summary.json``'s costs.
"""

from __future__ import annotations

from netopt.verify.objective import (
    check_cost_rows,
    check_reported_objective,
    check_summary_costs,
    objective_allowance,
)
from netopt.verify.report import Violation
from netopt.verify.summary import Summary
from netopt.verify.tolerance import Tally
from netopt.verify.words import gbp
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import RosterRow, WorkforceTables

COMPONENTS = (
    "outsourcing",
    "insourcing",
    "travel",
    "unsocial_hours",
    "unscanned",
    "onboarding",
    "backlog",
)
"""Objective components, in the order of ``costs.csv``."""
TRAVEL = "travel"


def objective_components(
    ref: WorkforceReference,
    plan: WorkforceTables,
    travel_minutes_a_week: float,
    rows: list[RosterRow],
) -> dict[str, Tally]:
    """Annual cost by component, recomputed from the instance and the tables: outsourcing
    (weeks x price x reports outsourced), insourcing (weeks x extra sessions x
    ``extra_session_cost``), travel (weeks x ``travel_cost_per_minute`` x the minutes of every
    person's day in the roster), unsocial hours (weeks x, for every roster row, the staff
    member's ``session_pay`` x the session's ``premium``), unscanned (weeks x exams of
    ``unscanned.csv`` x the exam type's ``outsourcing_cost``, else ``backlog_cost``),
    onboarding (one-off:
    ``onboarding_cost`` x people of every passport granted: the cohort, or the people granted
    it with ``passports_per_person``) and backlog (weeks x ``backlog_cost`` x late exams)."""
    settings = ref.instance.workforce
    w = ref.weeks
    outsourcing, insourcing, backlog = Tally(), Tally(), Tally()
    for o in plan.outsourced:
        price = ref.exam_types[o.exam_type].report_outsourcing_cost
        if price is not None:
            outsourcing.add(o.reports, w * price)
    for r in plan.insourced:
        insourcing.add(r.extra_sessions, w * ref.staff[r.staff].extra_session_cost)
    travel = Tally(w * settings.travel_cost_per_minute * travel_minutes_a_week)
    per_person = settings.passports_per_person
    onboarding = Tally(
        settings.onboarding_cost
        * sum(
            p.people if per_person else ref.staff[p.staff].count
            for p in plan.passports
            if p.status == "granted"
        )
    )
    unsocial = Tally()
    for row in rows:
        pay = ref.staff[row.staff].session_pay
        unsocial.add_exact(w * pay * ref.premium.get((row.day, row.session), 0.0))
    for b in plan.backlog:
        backlog.add(b.exams, w * settings.backlog_cost)
    unscanned = Tally()
    for u in plan.unscanned:
        price = ref.exam_types[u.exam_type].outsourcing_cost
        unscanned.add(u.exams, w * (settings.backlog_cost if price is None else price))
    values = (outsourcing, insourcing, travel, unsocial, unscanned, onboarding, backlog)
    return dict(zip(COMPONENTS, values, strict=True))


def _travel(
    written: float | None, roster: float, allowed: float
) -> tuple[list[Violation], list[str]]:
    """The written travel against the roster's: a violation when the roster costs more, else
    a note on how they compare."""
    if written is None:
        return [], []
    if roster > written + allowed:
        message = (
            f"costs.csv gives travel as {gbp(written)}, but the roster's day paths cost "
            f"{gbp(roster)}; the roster must never cost more than the model's moves"
        )
        return [Violation("objective", {"component": TRAVEL}, message)], []
    if roster < written - allowed:
        note = (
            f"travel: the roster's day paths cost {gbp(roster)} a year, "
            f"{gbp(written - roster)} less than the model's moves in costs.csv "
            f"({gbp(written)}); the objective counts the moves"
        )
    else:
        note = f"travel: the roster's day paths cost {gbp(roster)} a year, as costs.csv"
    return [], [note]


def check_objective(
    summary: Summary, plan: WorkforceTables, components: dict[str, Tally], tolerance: float
) -> tuple[list[Violation], list[str]]:
    """``objective``: each row of ``costs.csv`` and each of ``summary.json``'s ``costs`` is its
    recomputed component (travel: see the module docstring), ``summary.json``'s objective
    their sum; no other component. Returns the violations and notes for the report."""
    rows = [(r.component, r.annual, r.line) for r in plan.costs]
    reported = summary.objective if summary.objective is not None else 0.0
    allowed = objective_allowance(components, reported, tolerance, *(r.annual for r in plan.costs))
    written = next((r.annual for r in plan.costs if r.component == TRAVEL), None)
    roster = components[TRAVEL].value
    found, notes = _travel(written, roster, allowed)
    expected = {name: c.value for name, c in components.items()}
    expected[TRAVEL] = roster if written is None else written
    violations = [
        *check_reported_objective(summary, sum(expected.values()), allowed, "an annual cost"),
        *check_cost_rows(rows, expected, allowed),
        *found,
        *check_summary_costs(summary, expected, allowed),
    ]
    return violations, notes
