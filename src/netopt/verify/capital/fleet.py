"""The fleet in service according to the plan, and the families that decide it: ``existing_fleet``,
``max_age`` and ``buy_windows`` of ``models/capital.md``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from netopt.verify.capital.reference import AgeCurve, Reference, UnitValues
from netopt.verify.capital.tables import (
    KEEP,
    REPLACE,
    RETIRE,
    DecisionRow,
    PlanTables,
    PurchaseRow,
)
from netopt.verify.report import Violation, Where

# --------------------------------------------------------------------------- fleet


@dataclass(frozen=True)
class Units:
    """Identical units in service at a site from ``start`` (their age 0 year) until the start
    of ``leave`` (``leave = end``: kept to the horizon end)."""

    what: str
    site: str
    modality: str
    kind: str
    """The scanner kind (``CT+cardiac``)."""
    scanner: str
    """``existing``, or the catalogue model bought (as ``fleet.csv`` names it)."""
    capabilities: frozenset[str]
    start: int
    leave: int
    count: int
    hours_per_year: float
    curve: AgeCurve
    extra_downtime: float = 0.0
    throughput: float = 1.0
    """Exams per scan hour relative to the exam types' scan minutes."""
    installation_weeks: float = 0.0
    """Weeks not scanning in the first year of service (units bought)."""
    values: UnitValues = field(kw_only=True)
    """Maintenance, resale and residual value of one unit by age (GBP)."""
    owner: str | None = field(default=None, kw_only=True)
    """Who owns the units (a trust id or ``network``) and so pays their maintenance and
    receives their resale and residual value; None: the site's owner (units bought)."""

    def service_years(self, first: int) -> range:
        """Plan years in which the units are in service."""
        return range(max(self.start, first), self.leave)

    def _available(self, year: int, installing: bool) -> float:
        lost = self.curve.downtime_at(year - self.start) + self.extra_downtime
        if installing and year == self.start:
            lost += self.installation_weeks / WEEKS
        return self.hours_per_year * max(0.0, 1.0 - lost)

    def hours(self, year: int) -> float:
        """Scanner hours of one unit in service in ``year``: hours per year less downtime by
        age and condition and, in its first year, the installation weeks."""
        return self._available(year, installing=True)

    def exam_hours(self, year: int) -> float:
        """Hours of exams at their scan minutes one unit can scan in ``year``: its hours x
        its throughput factor."""
        return self.hours(year) * self.throughput

    def installation_lost(self, year: int) -> float:
        """Scanner hours of one unit lost to installation in ``year``."""
        return self._available(year, installing=False) - self.hours(year)


WEEKS = 52.0
"""Weeks in a year (installation weeks as a share of a year's hours)."""


EXISTING = "existing"
"""The ``scanner`` of existing units in ``fleet.csv``."""


def exit_year(ref: Reference, row: DecisionRow) -> int:
    """The year an asset leaves service by its decision row (``end``: kept)."""
    return ref.end if row.decision == KEEP or row.year is None else row.year


def _leave_year(ref: Reference, year: int | None) -> int:
    """A written exit year (None: kept) as a year within ``[first, end]``."""
    return ref.end if year is None else min(max(year, ref.first), ref.end)


def build_fleet(ref: Reference, plan: PlanTables) -> list[Units]:
    """Units in service according to the plan: each existing scanner from the first plan year
    to its exit year (``asset_decisions``; the first row of an asset counts), and each purchase
    row from its year plus the model's lead time to its retire year."""
    fleet: list[Units] = []
    seen: set[str] = set()
    for row in plan.decisions:
        asset = ref.assets.get(row.asset)
        if asset is None or row.asset in seen:
            continue
        seen.add(row.asset)
        leave = ref.end if row.decision == KEEP else _leave_year(ref, row.year)
        fleet.append(
            Units(
                f"asset {asset.id}",
                asset.site,
                asset.modality,
                ref.asset_kind(asset),
                EXISTING,
                frozenset(asset.capabilities),
                asset.install_year,
                leave,
                1,
                asset.hours_per_year,
                ref.asset_curve(asset),
                asset.condition_downtime_fraction,
                asset.throughput_factor,
                values=ref.asset_values(asset),
                owner=ref.asset_owner(asset),
            )
        )
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is None or p.units < 1:
            continue
        fleet.append(
            Units(
                f"{p.model} bought {p.year}",
                p.site,
                model.modality,
                ref.model_kind(model),
                p.model,
                frozenset(model.capabilities),
                p.year + model.lead_time_years,
                _leave_year(ref, p.retire_year),
                p.units,
                model.hours_per_year,
                ref.curves[model.age_profile],
                throughput=model.throughput_factor,
                installation_weeks=ref.installation_weeks(p.site, model.modality),
                values=ref.model_values(model),
            )
        )
    return fleet


# --------------------------------------------------------------------------- existing fleet


def _decision_problem(ref: Reference, decision: str, year: int | None, replaced: bool) -> str:
    """What is inconsistent in one asset decision (empty when nothing)."""
    if decision not in (KEEP, RETIRE, REPLACE):
        return f"has decision '{decision}'; it must be keep, retire or replace"
    if decision == KEEP:
        return "" if year is None else f"is kept but has an exit year {year}"
    if year is None or year not in ref.years:
        return f"is to {decision} in {year or 'no year'}, which is not a plan year"
    if decision == REPLACE and not replaced:
        return (
            f"is marked replaced in {year} but nothing of its modality is bought at its site then"
        )
    if decision == RETIRE and replaced:
        return f"is marked retired in {year} but a scanner of its modality is bought at its site then (a replacement)"
    return ""


def check_existing_fleet(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``existing_fleet`` and ``max_age`` of existing scanners: every asset of the instance has
    exactly one row of ``asset_decisions``; keep has no year, retire or replace a plan year (and
    replace exactly when a unit of its modality is bought at its site that year); the exit year
    (the horizon end when kept) is no later than ``install_year + max age``, or the first plan
    year for a scanner already past its maximum age."""
    out: list[Violation] = []
    rows = defaultdict(list)
    for row in plan.decisions:
        rows[row.asset].append(row)
    bought = {
        (p.site, ref.models[p.model].modality, p.year)
        for p in plan.purchases
        if p.model in ref.models
    }
    for asset in ref.instance.assets:
        where: Where = {"asset": asset.id, "site": asset.site}
        found = rows.get(asset.id, [])
        label = f"Asset {asset.id} ({asset.modality} at {asset.site})"
        if len(found) != 1:
            times = "is missing from" if not found else f"appears {len(found)} times in"
            out.append(Violation("existing_fleet", where, f"{label} {times} asset_decisions"))
            if not found:
                continue
        row = found[0]
        replaced = (asset.site, asset.modality, row.year) in bought
        problem = _decision_problem(ref, row.decision, row.year, replaced)
        if problem:
            out.append(Violation("existing_fleet", where, f"{label} {problem}"))
        leave = exit_year(ref, row)
        max_age = ref.asset_max_age(asset)
        latest = max(ref.first, asset.install_year + max_age)
        if leave > latest:
            when = (
                "is kept to the horizon end" if leave >= ref.end else f"leaves service in {leave}"
            )
            past = (
                " (it is already past it at the start of the plan)" if latest == ref.first else ""
            )
            out.append(
                Violation(
                    "max_age",
                    {**where, "year": leave},
                    f"{label}, installed {asset.install_year} with a maximum age of {max_age} "
                    f"years, {when} at age {leave - asset.install_year}; it must leave service "
                    f"by {latest}{past}",
                )
            )
    return out


# --------------------------------------------------------------------------- purchases


def _site_problem(ref: Reference, p: PurchaseRow) -> str:
    """Why the model may not stand at the row's site (empty when it may)."""
    model = ref.models[p.model]
    if model.sites and p.site not in model.sites:
        return f"{p.model} may only be installed at {', '.join(model.sites)}, not at {p.site}"
    if not ref.can_host(p.site, model.modality):
        return f"{p.site} has no {model.modality} rooms (existing or buildable) for {p.model}"
    return ""


def _year_problem(ref: Reference, p: PurchaseRow) -> str:
    """Why the model may not be bought in the row's year (empty when it may)."""
    model = ref.models[p.model]
    if p.year not in ref.years:
        return f"{p.model} is bought in {p.year}, outside the plan {ref.first}-{ref.end - 1}"
    if model.first_year is not None and p.year < model.first_year:
        return f"{p.model} is bought in {p.year} but is available only from {model.first_year}"
    if model.last_year is not None and p.year > model.last_year:
        return f"{p.model} is bought in {p.year} but is available only until {model.last_year}"
    start = p.year + model.lead_time_years
    if start >= ref.end:
        return (
            f"{p.model} bought in {p.year} would enter service in {start} (lead time "
            f"{model.lead_time_years} years), after the last plan year {ref.end - 1}"
        )
    if p.in_service_year != start:
        return (
            f"{p.model} bought in {p.year} is written as in service from {p.in_service_year}, "
            f"but with a lead time of {model.lead_time_years} years it enters service in {start}"
        )
    if p.retire_year is not None and not start < p.retire_year <= ref.end:
        return (
            f"{p.model} in service from {start} is retired in {p.retire_year}; a retire year "
            f"must be after it enters service and no later than {ref.end}"
        )
    return ""


def check_purchases(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``buy_windows`` and ``max_age`` of new units: each purchase row is of a whole number of
    units at a site allowed for the model (its ``sites``, a rooms row for its modality with rooms
    or new rooms), in a plan year within the model's availability, entering service (year +
    lead time) within the plan, retired after entering service and no later than its lifetime
    (kept units too: ``end - in_service_year <= lifetime``); its cost is units x unit price."""
    out: list[Violation] = []
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is None or p.site not in ref.sites:
            continue
        where: Where = {"site": p.site, "model": p.model, "year": p.year}
        problems = [
            "" if p.units >= 1 else f"{p.units} units of {p.model} is not a purchase",
            _site_problem(ref, p),
            _year_problem(ref, p),
        ]
        out += [Violation("buy_windows", where, text) for text in problems if text]
        start = p.year + model.lead_time_years
        leave = ref.end if p.retire_year is None else p.retire_year
        if leave - start > model.lifetime_years:
            held = "kept to the horizon end" if p.retire_year is None else f"retired in {leave}"
            out.append(
                Violation(
                    "max_age",
                    where,
                    f"{p.model} at {p.site}, in service from {start}, is {held} at age "
                    f"{leave - start}, beyond its lifetime of {model.lifetime_years} years "
                    f"(it must leave service by {start + model.lifetime_years})",
                )
            )
    return out
