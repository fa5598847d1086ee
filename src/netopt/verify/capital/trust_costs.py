"""``trust_costs.csv``: what the plan costs each trust each year, re-derived from the purchases,
new rooms, fleet in service, outsourcing, flows and the instance. Each cost is apportioned as
capital is (:func:`netopt.verify.capital.money.capital_payments`): to the owner of the site it
arises at, or at a network site to every trust by its capital share; but an existing scanner's
maintenance, resale and residual value go to the scanner's owner (the asset's ``owner``, else its
site's; ``network``: every trust by capital share). A missing row counts as
zeros, so a row left out, added or changed is found."""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.capital.fleet import Units
from netopt.verify.capital.objective import COMPONENTS
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import Tally

FILE = "trust_costs.csv"
TrustCostKey = tuple[str, int, str]
"""(trust, year, component): a row of ``trust_costs.csv``."""


def trust_cost_amounts(
    ref: Reference, plan: PlanTables, fleet: list[Units]
) -> dict[TrustCostKey, Tally]:
    """Cash by trust, year and component, signed as in ``costs.csv``: capital (units x unit
    price) and enabling works (rooms x ``new_room_cost``, units x installation works) at the
    site bought for, in the year bought or built; maintenance by age each year in service,
    resale at the exit year and residual value at the horizon's end, to the scanner's owner
    (an existing scanner's own, else its site's); outsourcing
    (``outsourcing_cost`` x exams) and patient travel (``travel_cost_per_minute`` x shortest
    minutes x exams) at the referring site; in-house scanning (``in_house_cost`` x exams) at
    the site that scans."""
    out: dict[TrustCostKey, Tally] = defaultdict(Tally)

    def payers(site: str) -> list[tuple[str, float]]:
        return sorted(ref.payers.get(site, {}).items())

    def owned(owner: str) -> list[tuple[str, float]]:
        return sorted(ref.owner_payers(owner).items())

    for p in plan.purchases:
        model = ref.models.get(p.model)
        works = ref.installation_works(p.site, model.modality) if model else 0.0
        for trust, share in payers(p.site):
            out[(trust, p.year, "capital")].add(p.unit_price, share * p.units)
            if works:
                out[(trust, p.year, "enabling_works")].add_exact(share * p.units * works)
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        cost = r.rooms * room.new_room_cost if room else 0.0
        for trust, share in payers(r.site):
            out[(trust, r.year, "enabling_works")].add_exact(share * cost)
    for units in fleet:
        kept = units.leave >= ref.end
        value = units.count * units.values.exit_value(units.leave - units.start, kept)
        component = "residual_value" if kept else "resale"
        owners = payers(units.site) if units.owner is None else owned(units.owner)
        for trust, share in owners:
            for year in units.service_years(ref.first):
                maintenance = units.values.maintenance(year - units.start)
                out[(trust, year, "maintenance")].add_exact(share * units.count * maintenance)
            out[(trust, units.leave, component)].add_exact(-share * value)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is not None and exam.outsourcing_cost is not None:
            for trust, share in payers(o.site):
                out[(trust, o.year, "outsourcing")].add(o.exams, share * exam.outsourcing_cost)
    rate = ref.instance.policy.travel_cost_per_minute
    for f in plan.flows:
        scanned = ref.exam_types.get(f.exam_type)
        if scanned is not None and scanned.in_house_cost:
            for trust, share in payers(f.site):
                out[(trust, f.year, "in_house_scanning")].add(
                    f.exams, share * scanned.in_house_cost
                )
        minutes = ref.minutes.get(f.origin, {}).get(f.site)
        if minutes is not None:
            for trust, share in payers(f.origin):
                out[(trust, f.year, "patient_travel")].add(f.exams, share * rate * minutes)
    return dict(out)


def check_trust_cost_table(
    ref: Reference, plan: PlanTables, fleet: list[Units], tolerance: float
) -> list[Violation]:
    """``trust_costs.csv``: a row per trust, year and component with a cost, its ``cash``
    the amount re-derived (:func:`trust_cost_amounts`) and its ``npv`` that amount at the
    year's discount factor."""
    cells = Cells(FILE, tolerance)
    amounts = trust_cost_amounts(ref, plan, fleet)
    trusts = {t.id for t in ref.instance.trusts}
    written = {(row.trust, row.year, row.component): row for row in plan.trust_costs}
    if len(written) < len(plan.trust_costs):
        cells.add(f"{FILE} repeats a trust, year and component")
    for key in sorted(set(amounts) | set(written)):
        trust, year, component = key
        row = written.get(key)
        cash = amounts.get(key, Tally())
        npv = Tally(cash.value * ref.df(year), cash.slack * ref.df(year))
        if row is None:
            if not cash.agrees(0.0, tolerance):
                cells.add(
                    f"{FILE} has no row for trust {trust}, {year}, {component}; from the plan "
                    f"it is {cash.value:,.2f} (cash)"
                )
            continue
        if component not in COMPONENTS:
            cells.add(f"{FILE} line {row.line}: unknown component '{component}'", row.line)
            continue
        if not cells.known(row.line, "trust", trust, trusts, "trust"):
            continue
        why = f"the plan's {component.replace('_', ' ')} for trust {trust} in {year}"
        cells.number(row.line, "cash", row.cash, cash, why)
        cells.number(row.line, "npv", row.npv, npv, f"{why}, discounted")
    return cells.out
