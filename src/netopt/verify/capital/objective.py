"""The net present cost: ``objective`` of ``models/capital.md``."""

from __future__ import annotations

from netopt.verify.capital.fleet import Units
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.objective import (
    check_cost_rows,
    check_reported_objective,
    check_summary_costs,
    objective_allowance,
)
from netopt.verify.report import Violation
from netopt.verify.summary import Summary
from netopt.verify.tolerance import Tally

COMPONENTS = (
    "capital",
    "enabling_works",
    "maintenance",
    "outsourcing",
    "in_house_scanning",
    "patient_travel",
    "resale",
    "residual_value",
)
"""Objective components, in the order (and sign) of ``costs.csv``: the last two are values,
negative in the table."""


def _fleet_values(ref: Reference, fleet: list[Units]) -> tuple[float, float, float]:
    """Discounted maintenance (each plan year in service, by age), resale (value by age at an
    exit within the plan, at ``df[exit]``) and residual value (by the residual value rule at
    the age at ``end``, at ``df[end]``) of the fleet."""
    maintenance = resale = residual = 0.0
    for units in fleet:
        years = units.service_years(ref.first)
        maintenance += units.count * sum(
            ref.df(y) * units.values.maintenance(y - units.start) for y in years
        )
        kept = units.leave >= ref.end
        value = units.values.exit_value(units.leave - units.start, kept)
        if kept:
            residual += units.count * ref.df(units.leave) * value
        else:
            resale += units.count * ref.df(units.leave) * value
    return maintenance, resale, residual


def objective_components(ref: Reference, plan: PlanTables, fleet: list[Units]) -> dict[str, Tally]:
    """The net present cost by component, recomputed from the instance and the tables, signed
    as in ``costs.csv``: capital (units x unit price at ``df[year]``), enabling works (rooms x
    ``new_room_cost``, units bought x the site's installation works cost), maintenance,
    outsourcing (``outsourcing_cost`` x exams), in-house scanning (``in_house_cost`` x exams
    scanned, ``flows``), patient travel
    (``travel_cost_per_minute`` x shortest minutes x exams), minus resale and residual value."""
    capital, works, outsourcing, travel = Tally(), Tally(), Tally(), Tally()
    in_house = Tally()
    for p in plan.purchases:
        capital.add(p.unit_price, ref.df(p.year) * p.units)
        model = ref.models.get(p.model)
        if model is not None:
            works.add_exact(
                ref.df(p.year) * p.units * ref.installation_works(p.site, model.modality)
            )
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        works.add_exact(ref.df(r.year) * r.rooms * (room.new_room_cost if room else 0.0))
    maintenance, resale, residual = _fleet_values(ref, fleet)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is not None and exam.outsourcing_cost is not None:
            outsourcing.add(o.exams, ref.df(o.year) * exam.outsourcing_cost)
    rate = ref.instance.policy.travel_cost_per_minute
    for f in plan.flows:
        scanned = ref.exam_types.get(f.exam_type)
        if scanned is not None:
            in_house.add(f.exams, ref.df(f.year) * scanned.in_house_cost)
        minutes = ref.minutes.get(f.origin, {}).get(f.site)
        if minutes is not None:
            travel.add(f.exams, ref.df(f.year) * rate * minutes)
    values = (
        capital,
        works,
        Tally(maintenance),
        outsourcing,
        in_house,
        travel,
        Tally(-resale),
        Tally(-residual),
    )
    return dict(zip(COMPONENTS, values, strict=True))


def check_objective(
    summary: Summary, plan: PlanTables, components: dict[str, Tally], tolerance: float
) -> list[Violation]:
    """``objective``: ``summary.json``'s objective is the recomputed net present cost, and each
    row of ``costs.csv`` and each of ``summary.json``'s ``costs`` is the recomputed component
    (to :func:`netopt.verify.objective.objective_allowance`); there is no other component."""
    reported = summary.objective if summary.objective is not None else 0.0
    allowed = objective_allowance(components, reported, tolerance)
    values = {name: c.value for name, c in components.items()}
    recomputed = sum(values.values())
    return [
        *check_reported_objective(summary, recomputed, allowed, "a net present cost"),
        *check_cost_rows([(r.component, r.npv, r.line) for r in plan.costs], values, allowed),
        *check_summary_costs(summary, values, allowed),
    ]
