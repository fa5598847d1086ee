"""``tables``: the capital tables that total the decisions (``fleet.csv``, ``capacity.csv``,
``spend.csv``) and the ``plan`` figures of ``summary.json``, re-derived from the fleet in
service, the flows, the outsourcing, the payments and the instance. A missing row counts as
zeros, so a row left out, added or changed is found."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from netopt.verify.capital.fleet import Units, exit_year
from netopt.verify.capital.money import PaymentKey, capital_spend
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.rows import bought_models
from netopt.verify.capital.tables import KEEP, CapacityRow, FleetRow, PlanTables, SpendRow
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, check_plan_figures
from netopt.verify.tolerance import CELL, Tally

FleetKey = tuple[str, str, str, int, str, int, int]
"""(site, modality, kind, year, scanner, install year, age): a row of ``fleet.csv``."""
SiteYear = tuple[str, str, int]
"""(site, modality, year): a row of ``capacity.csv``."""


@dataclass
class Standing:
    """Units in service under one key and their hours: in service, of exams at their scan
    minutes (x throughput) and lost to installation."""

    units: int = 0
    hours: Tally = field(default_factory=Tally)
    exam_hours: Tally = field(default_factory=Tally)
    installation_hours_lost: Tally = field(default_factory=Tally)

    def agrees(self, other: Standing, tolerance: float) -> bool:
        """Same units, and each of ``other``'s hours (as written) within tolerance."""
        return self.units == other.units and all(
            getattr(self, name).agrees(getattr(other, name).value, tolerance)
            for name in HOURS_COLUMNS
        )


HOURS_COLUMNS = ("hours", "exam_hours", "installation_hours_lost")
"""The hours columns of ``fleet.csv``."""


def fleet_rows(ref: Reference, fleet: list[Units]) -> dict[FleetKey, Standing]:
    """``fleet.csv`` as the decisions and purchases make it."""
    out: dict[FleetKey, Standing] = defaultdict(Standing)
    for units in fleet:
        for year in units.service_years(ref.first):
            key = (
                units.site,
                units.modality,
                units.kind,
                year,
                units.scanner,
                units.start,
                year - units.start,
            )
            standing = out[key]
            standing.units += units.count
            standing.hours.add_exact(units.count * units.hours(year))
            standing.exam_hours.add_exact(units.count * units.exam_hours(year))
            standing.installation_hours_lost.add_exact(units.count * units.installation_lost(year))
            for name in HOURS_COLUMNS:
                getattr(standing, name).slack += CELL
    return dict(out)


def _hours(standing: Standing) -> str:
    """``4,368.00 h (exams 5,460.00 h, 0.00 h installing)``."""
    return (
        f"{standing.hours.value:,.2f} h (exams {standing.exam_hours.value:,.2f} h, "
        f"{standing.installation_hours_lost.value:,.2f} h installing)"
    )


def _fleet_key(row: FleetRow) -> FleetKey:
    return (row.site, row.modality, row.kind, row.year, row.scanner, row.install_year, row.age)


def check_fleet_table(
    ref: Reference, plan: PlanTables, fleet: list[Units], tolerance: float
) -> list[Violation]:
    """``fleet.csv``: per site, modality, kind, year, scanner (``existing`` or the model
    bought), install year and age, the units in service and their hours (hours per year x
    (1 - downtime by age - condition downtime - installation weeks / 52 in a new unit's first
    year)), their exam hours (x throughput factor) and the hours lost to installation, as the
    asset decisions and purchases give."""
    cells = Cells("fleet.csv", tolerance)
    derived = fleet_rows(ref, fleet)
    written: dict[FleetKey, list[FleetRow]] = defaultdict(list)
    for row in plan.fleet:
        written[_fleet_key(row)].append(row)
    for key in sorted({*derived, *written}):
        rows = written.get(key, [])
        found = Standing(
            sum(r.units for r in rows),
            *(Tally(sum(getattr(r, name) for r in rows)) for name in HOURS_COLUMNS),
        )
        expected = derived.get(key, Standing())
        if expected.agrees(found, tolerance):
            continue
        site, _, kind, year, scanner, start, _ = key
        what = f"{kind} ({scanner}, in service from {start}) at {site} in {year}"
        where = f"line {rows[0].line}" if rows else "no row"
        cells.add(
            f"fleet.csv ({where}) has {found.units} unit(s) of {what} with "
            f"{_hours(found)}; the decisions and purchases give {expected.units} "
            f"with {_hours(expected)}",
            rows[0].line if rows else None,
        )
    return cells.out


# --------------------------------------------------------------------------- capacity

CAPACITY_COLUMNS = (
    "scanners",
    "scanner_hours",
    "installation_hours_lost",
    "hours_available",
    "hours_used",
    "exams_scanned",
    "exams_demanded",
    "hours_demanded",
    "exams_outsourced",
)


def capacity_rows(
    ref: Reference, plan: PlanTables, fleet: list[Units]
) -> dict[SiteYear, dict[str, Tally]]:
    """``capacity.csv`` as the fleet, flows, outsourcing and demand make it (all but the
    utilisation, which is hours used / hours available)."""
    out: dict[SiteYear, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for key, standing in fleet_rows(ref, fleet).items():
        site, modality, _, year, *_ = key
        row = out[(site, modality, year)]
        row["scanners"].add_exact(standing.units)
        row["scanner_hours"].add(standing.hours.value, rounding=standing.hours.slack)
        row["hours_available"].add(standing.exam_hours.value, rounding=standing.exam_hours.slack)
        lost = standing.installation_hours_lost
        row["installation_hours_lost"].add(lost.value, rounding=lost.slack)
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is not None:
            row = out[(f.site, exam.modality, f.year)]
            row["exams_scanned"].add(f.exams)
            row["hours_used"].add(f.exams, exam.scan_minutes / 60.0)
    for (origin, exam_id, year), exams in ref.demand.items():
        exam = ref.exam_types[exam_id]
        row = out[(origin, exam.modality, year)]
        row["exams_demanded"].add_exact(exams)
        row["hours_demanded"].add_exact(exams * exam.scan_minutes / 60.0)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is not None:
            out[(o.site, exam.modality, o.year)]["exams_outsourced"].add(o.exams)
    return out


def utilisation(row: dict[str, Tally]) -> Tally:
    """Hours used / hours available (0 without hours), with its rounding allowance."""
    used, available = row["hours_used"], row["hours_available"]
    if available.value <= 0:
        return Tally()
    ratio = used.value / available.value
    slack = (used.slack + CELL + ratio * (available.slack + CELL)) / available.value
    return Tally(ratio, slack)


def check_capacity_table(
    ref: Reference, plan: PlanTables, fleet: list[Units], tolerance: float
) -> list[Violation]:
    """``capacity.csv``: per site, modality and year, the scanners in service and their hours
    (in service, of exams, lost to installation), the utilisation ceiling, the scan hours and exams of the flows scanned there, the demand referred from there (exams
    and hours), the exams outsourced from there and the utilisation (hours used / available)."""
    cells = Cells("capacity.csv", tolerance)
    derived = capacity_rows(ref, plan, fleet)
    written: dict[SiteYear, CapacityRow] = {}
    for line in plan.capacity:
        key = (line.site, line.modality, line.year)
        if key in written:
            cells.add(f"capacity.csv line {line.line} repeats {key}", line.line)
        written[key] = line
    for key in sorted({*derived, *written}):
        expected = derived.get(key) or defaultdict(Tally)
        row = written.get(key)
        if row is None:
            if any(expected[c].value for c in CAPACITY_COLUMNS):
                site, modality, year = key
                cells.add(f"capacity.csv has no row for {modality} at {site} in {year}")
            continue
        why = "the plan's fleet, flows, outsourcing and demand"
        for column in CAPACITY_COLUMNS:
            cells.number(row.line, column, float(getattr(row, column)), expected[column], why)
        ratio = utilisation(expected)
        cells.number(row.line, "utilisation", row.utilisation, ratio, "hours used / available")
        site, modality, _ = key
        ceiling = ref.utilisation_ceiling(site, modality) if modality in ref.modalities else 1.0
        why = f"the target utilisation for {modality} at {site}"
        cells.number(row.line, "utilisation_ceiling", row.utilisation_ceiling, ceiling, why)
    return cells.out


# --------------------------------------------------------------------------- spend


def check_spend_table(
    ref: Reference, plan: PlanTables, payments: dict[PaymentKey, Tally], tolerance: float
) -> list[Violation]:
    """``spend.csv``: a row per trust and plan year with its budget (the ``budgets`` row, else
    ``capital_budget``), what it carries in (last year's headroom, for a trust with
    ``carry_over``; 0 otherwise) and its headroom (budget + carried in - spend). The spend
    column is checked with the payments; ``value_per_gbp``, where written, is a number >= 0 (it
    is a dual of the plan's linear programme, which this check does not solve)."""
    cells = Cells("spend.csv", tolerance)
    spend = capital_spend(payments)
    written = {(row.trust, row.year): row for row in plan.spend}
    if len(written) < len(plan.spend):
        cells.add("spend.csv repeats a trust and year")
    for member in ref.instance.trusts:
        brought = Tally()
        for year in ref.years:
            budget = ref.budgets[(member.id, year)]
            spent = spend.get((member.id, year), Tally())
            headroom = Tally(budget + brought.value - spent.value, brought.slack + spent.slack)
            headroom.slack += CELL
            row = written.pop((member.id, year), None)
            if row is None:
                cells.add(f"spend.csv has no row for trust {member.id} in {year}")
            else:
                cells.number(row.line, "budget", row.budget, budget, "the instance's budgets")
                why = f"trust {member.id}'s budgets and spend"
                cells.number(row.line, "carried_in", row.carried_in, brought, why)
                cells.number(row.line, "headroom", row.headroom, headroom, why)
                _check_value(cells, row, value_bound(ref, member.id, year))
            brought = headroom if member.id in ref.carry_over else Tally()
    for (trust, year), row in sorted(written.items()):
        message = f"spend.csv line {row.line} is for trust {trust} in {year}: no such trust or year"
        cells.add(message, row.line)
    return cells.out


def value_bound(ref: Reference, trust: str, year: int) -> float:
    """The most one GBP more of ``trust``'s budget in ``year`` can save the network: a part of
    one more unit of a model bought that year at a site the trust pays for serves at most its
    ``hours_per_year`` x ``throughput_factor`` in each year to the horizon end, and each hour saves at most the dearest
    outsourced exam of its modality plus the longest trip, per scan hour; per GBP of the
    trust's share of the unit's price after the largest volume discount. (Its running costs
    are left out and its resale or residual value is below its price, so the true value is
    lower.)"""
    last_trip = ref.instance.policy.travel_cost_per_minute * max(
        (m for row in ref.minutes.values() for m in row.values() if math.isfinite(m)), default=0.0
    )
    per_hour: dict[str, float] = defaultdict(float)
    for exam in ref.exam_types.values():
        saving = (exam.outsourcing_cost or 0.0) + last_trip
        per_hour[exam.modality] = max(per_hour[exam.modality], saving * 60.0 / exam.scan_minutes)
    served = sum(ref.df(r) for r in ref.years if r >= year)
    best = 0.0
    for shares in ref.payers.values():
        share = shares.get(trust, 0.0)
        if share <= 0:
            continue
        for model in ref.models.values():
            discount = max((d for _, d in ref.tiers.get(model.id, ())), default=0.0)
            paid = share * model.price * (1.0 - discount)
            if paid > 0:
                hours = model.hours_per_year * model.throughput_factor
                saved = served * hours * per_hour.get(model.modality, 0.0)
                best = max(best, saved / paid)
    return best


def _check_value(cells: Cells, row: SpendRow, bound: float) -> None:
    value = row.value_per_gbp
    if value is None:
        return
    if not (math.isfinite(value) and value >= 0):
        why = "a pound more budget cannot raise the network's cost"
        cells.add(f"spend.csv line {row.line}: value_per_gbp {value} is not >= 0 ({why})")
    elif value > bound * (1 + 1e-6) + CELL:
        cells.add(
            f"spend.csv line {row.line}: value_per_gbp {value:g} is more than a GBP can save "
            f"there ({bound:g}: the most hours a part of a scanner bought that year gives, at "
            "the dearest outsourced exam and longest trip per hour, per GBP of its price)",
            row.line,
        )


# --------------------------------------------------------------------------- summary


def plan_figures(
    ref: Reference, plan: PlanTables, payments: dict[PaymentKey, Tally]
) -> dict[str, Tally]:
    """The ``plan`` figures of ``summary.json``: units bought, capital spend (every payment),
    existing scanners replaced (leaving in a year a unit of their modality is bought at their
    site) and retired (leaving otherwise), rooms built and exams outsourced."""
    bought = bought_models(ref, plan)
    left: dict[str, int] = defaultdict(int)
    for row in plan.decisions:
        asset = ref.assets.get(row.asset)
        if asset is not None and row.decision != KEEP:
            replaced = bool(bought.get((asset.site, asset.modality, exit_year(ref, row))))
            left["scanners_replaced" if replaced else "scanners_retired"] += 1
    spend = Tally()
    for amount in payments.values():
        spend.add(amount.value, rounding=amount.slack)
    outsourced = Tally()
    for o in plan.outsourced:
        outsourced.add(o.exams)
    return {
        "units_bought": Tally(sum(p.units for p in plan.purchases)),
        "capital_spend": spend,
        "scanners_replaced": Tally(left["scanners_replaced"]),
        "scanners_retired": Tally(left["scanners_retired"]),
        "rooms_built": Tally(sum(r.rooms for r in plan.new_rooms)),
        "exams_outsourced": outsourced,
    }


def check_plan_summary(
    summary: Summary,
    ref: Reference,
    plan: PlanTables,
    payments: dict[PaymentKey, Tally],
    tolerance: float,
) -> list[Violation]:
    """``tables``: ``summary.json``'s ``plan`` figures (see :func:`plan_figures`)."""
    return check_plan_figures(summary, plan_figures(ref, plan, payments), tolerance)
