"""``tables``: the columns of a capital plan's row tables that follow from the row's decision and
the instance (a modality, a kind, a price, a cost, an age, a value), re-derived one row at a
time. The decisions themselves (which asset leaves when, what is bought, built, scanned and
outsourced) are checked by the constraint families."""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.capital.fleet import exit_year
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import CELL, Tally

PURCHASE, NEW_ROOM, WORKS = "purchase", "new_room", "installation_works"
"""The items of ``payments.csv``."""


def bought_models(ref: Reference, plan: PlanTables) -> dict[tuple[str, str, int], set[str]]:
    """Models bought per (site, modality, year)."""
    out: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is not None and p.units > 0:
            out[(p.site, model.modality, p.year)].add(p.model)
    return out


def check_decision_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``asset_decisions.csv``: each row repeats its asset's site, owner (the asset's, else its
    site's), modality, kind and install year; ``age`` is its exit year (the horizon end when kept) minus its install year, ``value``
    its resale value at that age (its residual value when kept), ``replaced_by`` the models bought at its site
    for its modality in its exit year (comma separated, in order)."""
    cells = Cells("asset_decisions.csv", tolerance)
    bought = bought_models(ref, plan)
    for row in plan.decisions:
        asset = ref.assets.get(row.asset)
        if asset is None:
            continue
        why = f"the instance's asset {asset.id}"
        line = row.line
        cells.text(line, "site", row.site, asset.site, why)
        owner = ref.asset_owner(asset)
        whose = why if asset.owner else f"{why}'s site {asset.site}"
        cells.text(line, "owner", row.owner, owner, f"the owner of {whose}")
        cells.text(line, "modality", row.modality, asset.modality, why)
        cells.text(line, "kind", row.kind, ref.asset_kind(asset), f"{why}'s capabilities")
        cells.text(line, "install_year", row.install_year, asset.install_year, why)
        leave = exit_year(ref, row)
        age = leave - asset.install_year
        cells.text(line, "age", row.age, age, f"its exit year {leave} and install year")
        kept = leave >= ref.end
        value = ref.asset_values(asset).exit_value(age, kept)
        what = "residual value" if kept else "resale value"
        cells.number(line, "value", row.value, value, f"its {what} at age {age}")
        models = ", ".join(sorted(bought.get((asset.site, asset.modality, leave), ()))) or None
        why = f"the purchases of {asset.modality} at {asset.site} in {leave}"
        cells.text(line, "replaced_by", row.replaced_by, models, why)
    return cells.out


def check_purchase_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``purchases.csv``: each row repeats its model's modality and list price; ``discount`` is
    ``1 - unit_price / list_price``, ``cost`` units x unit price and ``works_cost`` units x
    the site's installation works cost; rows of one site, model
    and year share one unit price (the discount is earned by their units together)."""
    cells = Cells("purchases.csv", tolerance)
    prices: dict[tuple[str, str, int], set[float]] = defaultdict(set)
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is None:
            continue
        prices[(p.site, p.model, p.year)].add(p.unit_price)
        why = f"the catalogue's {p.model}"
        cells.text(p.line, "modality", p.modality, model.modality, why)
        cells.number(p.line, "list_price", p.list_price, model.price, why)
        discount = Tally()
        if model.price:
            discount = Tally(1.0 - p.unit_price / model.price, CELL / model.price)
        why = "the unit and list prices"
        cells.number(p.line, "discount", p.discount, discount, why)
        cost = Tally()
        cost.add(p.unit_price, p.units)
        cells.number(p.line, "cost", p.cost, cost, "its units and unit price")
        works = ref.installation_works(p.site, model.modality)
        why = f"its units and {p.site}'s installation works cost of {works:g} a unit"
        cells.number(p.line, "works_cost", p.works_cost, p.units * works, why)
    for (site, model_id, year), found in sorted(prices.items()):
        if len(found) > 1:
            listed = ", ".join(f"{x:g}" for x in sorted(found))
            cells.add(
                f"purchases.csv buys {model_id} at {site} in {year} at {len(found)} unit prices "
                f"({listed}); the discount applies to all of that year's units alike"
            )
    return cells.out


def check_payment_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``payments.csv``: an item is a purchase or its installation works (of a catalogue
    model, with its modality) or a new room (no model, the room's modality)."""
    cells = Cells("payments.csv", tolerance)
    for row in plan.payments:
        if row.item in (PURCHASE, WORKS):
            model = ref.models.get(row.model or "")
            if model is None:
                why = f"{row.model!r} is not a catalogue model" if row.model else "no model"
                cells.add(f"payments.csv line {row.line}: a purchase of {why}", row.line, "model")
            else:
                why = f"the catalogue's {model.id}"
                cells.text(row.line, "modality", row.modality, model.modality, why)
        elif row.item == NEW_ROOM:
            if row.model is not None:
                message = f"payments.csv line {row.line}: a new room has no model ('{row.model}')"
                cells.add(message, row.line, "model")
            if row.modality not in ref.modalities:
                cells.add(
                    f"payments.csv line {row.line}: unknown modality '{row.modality}'",
                    row.line,
                    "modality",
                )
        else:
            message = (
                f"payments.csv line {row.line}: item '{row.item}' is not purchase, "
                "installation_works or new_room"
            )
            cells.add(message, row.line, "item")
    return cells.out


def check_new_room_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``new_rooms.csv``: ``cost`` is rooms x the room's ``new_room_cost``."""
    cells = Cells("new_rooms.csv", tolerance)
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        if room is not None:
            why = f"{r.rooms} room(s) at {room.new_room_cost:g} each"
            cells.number(r.line, "cost", r.cost, r.rooms * room.new_room_cost, why)
    return cells.out


def check_flow_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``flows.csv``: ``modality`` is the exam type's, ``scan_hours`` exams x scan minutes / 60,
    ``travel_minutes`` the shortest travel time from origin to site and ``travel_cost`` exams x
    ``travel_cost_per_minute`` x those minutes."""
    cells = Cells("flows.csv", tolerance)
    rate = ref.instance.policy.travel_cost_per_minute
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is None:
            continue
        cells.text(f.line, "modality", f.modality, exam.modality, f"the exam type {exam.id}")
        scan = Tally()
        scan.add(f.exams, exam.scan_minutes / 60.0)
        why = f"its exams at {exam.scan_minutes:g} minutes each"
        cells.number(f.line, "scan_hours", f.scan_hours, scan, why)
        minutes = ref.minutes.get(f.origin, {}).get(f.site)
        if minutes is None:
            continue  # no route: travel_limit
        why = f"the travel times from {f.origin} to {f.site}"
        cells.number(f.line, "travel_minutes", f.travel_minutes, minutes, why)
        cost = Tally()
        cost.add(f.exams, rate * minutes)
        why = f"its exams at {minutes:g} minutes and {rate:g} a minute"
        cells.number(f.line, "travel_cost", f.travel_cost, cost, why)
    return cells.out


def check_outsourced_columns(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``outsourced.csv``: ``modality`` is the exam type's and ``cost`` exams x its
    ``outsourcing_cost``."""
    cells = Cells("outsourced.csv", tolerance)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is None:
            continue
        cells.text(o.line, "modality", o.modality, exam.modality, f"the exam type {exam.id}")
        if exam.outsourcing_cost is None:
            continue  # not outsourceable: demand_balance
        cost = Tally()
        cost.add(o.exams, exam.outsourcing_cost)
        why = f"its exams at {exam.outsourcing_cost:g} each"
        cells.number(o.line, "cost", o.cost, cost, why)
    return cells.out
