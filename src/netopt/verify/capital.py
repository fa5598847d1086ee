"""Independent verifier of a capital plan: re-check every rule of ``models/capital.md``.

Given the instance and a plan's result folder (``<table>.csv`` and ``summary.json``, as
written by :func:`netopt.write_capital_plan`), :func:`verify_capital` recomputes everything it
needs (age profiles, demand growth, travel reach, fleet in service, hours, payments, budgets,
discount tiers and the net present cost) from the instance and the written tables alone. It
uses no Pyomo and none of the model code, so a bug in the model or in the way its results are
written shows up as a disagreement.

Each check family below is one function returning the violations it finds, named after the
constraint family of ``models/capital.md`` it re-checks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from netopt.schema import Instance
from netopt.verify.reference import AgeCurve, Reference, build_reference
from netopt.verify.report import PLAN_STATUSES, VerificationReport, Violation, Where
from netopt.verify.tables import PlanTables, PurchaseRow, read_plan

ROUNDING = 5e-7
"""Largest error of a continuous value in the tables, which round to 6 decimals."""

KEEP, RETIRE, REPLACE = "keep", "retire", "replace"
COMPONENTS = (
    "capital",
    "enabling_works",
    "maintenance",
    "outsourcing",
    "patient_travel",
    "resale",
    "residual_value",
)
"""Objective components, in the order (and sign) of ``costs.csv``: the last two are values,
negative in the table."""


# --------------------------------------------------------------------------- formatting


def _num(x: float) -> str:
    """A number for a message: whole when it is (to the cent), else two decimals; tiny
    non-zero numbers (differences) to three significant figures."""
    if 0 < abs(x) < 0.005:
        return f"{x:.3g}"
    return f"{round(x):,}" if abs(x - round(x)) < 0.005 else f"{x:,.2f}"


def _gbp(x: float) -> str:
    return f"GBP {_num(x)}"


def _hours(x: float) -> str:
    return f"{_num(x)} h"


def _units(n: float, what: str = "unit") -> str:
    """``1 unit``, ``2 units``."""
    return f"{_num(n)} {what}{'' if n == 1 else 's'}"


def _difference(written: float, recomputed: float) -> str:
    """How a recomputed amount differs from a written one, in words."""
    gap = recomputed - written
    return f"{_gbp(abs(gap))} {'more' if gap > 0 else 'less'} than written"


def _within(value: float, target: float, allowed: float) -> bool:
    return abs(value - target) <= allowed


# --------------------------------------------------------------------------- fleet


@dataclass(frozen=True)
class Units:
    """Identical units in service at a site from ``start`` (their age 0 year) until the start
    of ``leave`` (``leave = end``: kept to the horizon end)."""

    what: str
    site: str
    modality: str
    capabilities: frozenset[str]
    start: int
    leave: int
    count: int
    hours_per_year: float
    curve: AgeCurve
    extra_downtime: float = 0.0

    def service_years(self, first: int) -> range:
        """Plan years in which the units are in service."""
        return range(max(self.start, first), self.leave)

    def hours(self, year: int) -> float:
        """Effective scan hours of one unit in ``year``."""
        lost = self.curve.downtime_at(year - self.start) + self.extra_downtime
        return self.hours_per_year * max(0.0, 1.0 - lost)


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
                frozenset(asset.capabilities),
                asset.install_year,
                leave,
                1,
                asset.hours_per_year,
                ref.asset_curve(asset),
                asset.condition_downtime_fraction,
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
                frozenset(model.capabilities),
                p.year + model.lead_time_years,
                _leave_year(ref, p.retire_year),
                p.units,
                model.hours_per_year,
                ref.curves[model.age_profile],
            )
        )
    return fleet


def check_fleet_table(ref: Reference, plan: PlanTables, fleet: list[Units]) -> list[Violation]:
    """``tables``: ``fleet.csv`` shows, per site, modality and year, the units in service and
    their hours as derived from the asset decisions and purchases."""
    derived: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for units in fleet:
        for year in units.service_years(ref.first):
            entry = derived[(units.site, units.modality, year)]
            entry[0] += units.count
            entry[1] += units.count * units.hours(year)
    written: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in plan.fleet:
        entry = written[(row.site, row.modality, row.year)]
        entry[0] += row.units
        entry[1] += row.hours
    out = []
    for key in sorted({*derived, *written}):
        (units_d, hours_d), (units_w, hours_w) = derived.get(key, [0, 0]), written.get(key, [0, 0])
        if units_d != units_w or not _within(hours_w, hours_d, 1e-6 * max(1.0, hours_d)):
            site, modality, year = key
            out.append(
                Violation(
                    "tables",
                    {"table": "fleet", "site": site, "modality": modality, "year": year},
                    f"fleet.csv has {_units(units_w, modality + ' unit')} with {_hours(hours_w)} "
                    f"at {site} in {year}; the decisions and purchases give "
                    f"{_units(units_d)} with {_hours(hours_d)}",
                )
            )
    return out


# --------------------------------------------------------------------------- references


def check_references(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``tables``: unreadable files, and ids in the tables that the instance does not know
    (rows with unknown ids are left out of every other check)."""
    out = [Violation("tables", {"table": p.table}, p.message) for p in plan.problems]

    def unknown(table: str, kind: str, value: str, known: Iterable[str]) -> None:
        if value not in known:
            out.append(
                Violation("tables", {"table": table, kind: value}, f"unknown {kind} '{value}'")
            )

    for f in plan.flows:
        unknown("flows", "site", f.origin, ref.sites)
        unknown("flows", "site", f.site, ref.sites)
        unknown("flows", "exam_type", f.exam_type, ref.exam_types)
    for o in plan.outsourced:
        unknown("outsourced", "site", o.site, ref.sites)
        unknown("outsourced", "exam_type", o.exam_type, ref.exam_types)
    for p in plan.purchases:
        unknown("purchases", "site", p.site, ref.sites)
        unknown("purchases", "model", p.model, ref.models)
    for r in plan.new_rooms:
        unknown("new_rooms", "site", r.site, ref.sites)
        unknown("new_rooms", "modality", r.modality, ref.modalities)
    for d in plan.decisions:
        unknown("asset_decisions", "asset", d.asset, ref.assets)
    return out


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
        leave = ref.end if row.decision == KEEP or row.year is None else row.year
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
        if not _within(p.cost, p.units * p.unit_price, ROUNDING * max(1.0, abs(p.cost))):
            out.append(
                Violation(
                    "tables",
                    {"table": "purchases", **where},
                    f"cost {_gbp(p.cost)} is not {p.units} units x {_gbp(p.unit_price)}",
                )
            )
    return out


# --------------------------------------------------------------------------- demand


def check_demand_balance(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``demand_balance``: for each referring site, exam type and year, the exams scanned
    (``flows``) plus those outsourced equal the demand recomputed from the instance (given
    years as given, others grown from the latest earlier given year); outsourcing only for exam
    types with an outsourcing cost; no negative exams."""
    out: list[Violation] = []
    scanned: dict[tuple[str, str, int], float] = defaultdict(float)
    outsourced: dict[tuple[str, str, int], float] = defaultdict(float)
    terms: Counter[tuple[str, str, int]] = Counter()
    for f in plan.flows:
        if f.exam_type in ref.exam_types and f.origin in ref.sites:
            scanned[(f.origin, f.exam_type, f.year)] += f.exams
            terms[(f.origin, f.exam_type, f.year)] += 1
            if f.exams < -ROUNDING:
                out.append(
                    Violation(
                        "demand_balance",
                        {
                            "origin": f.origin,
                            "site": f.site,
                            "exam_type": f.exam_type,
                            "year": f.year,
                        },
                        f"{_num(f.exams)} {f.exam_type} exams from {f.origin} to {f.site}: exams cannot be negative",
                    )
                )
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is None or o.site not in ref.sites:
            continue
        outsourced[(o.site, o.exam_type, o.year)] += o.exams
        terms[(o.site, o.exam_type, o.year)] += 1
        where: Where = {"site": o.site, "exam_type": o.exam_type, "year": o.year}
        if exam.outsourcing_cost is None and abs(o.exams) > ROUNDING:
            out.append(
                Violation(
                    "demand_balance",
                    where,
                    f"{_num(o.exams)} {o.exam_type} exams from {o.site} are outsourced in "
                    f"{o.year}, but {o.exam_type} has no outsourcing cost: it cannot be outsourced",
                )
            )
        elif o.exams < -ROUNDING:
            out.append(
                Violation(
                    "demand_balance", where, f"{_num(o.exams)} outsourced exams: cannot be negative"
                )
            )
    for key in sorted({*ref.demand, *scanned, *outsourced}):
        site, exam_type, year = key
        demand = ref.demand.get(key, 0.0)
        done = scanned.get(key, 0.0) + outsourced.get(key, 0.0)
        allowed = tolerance * max(1.0, abs(demand)) + (terms[key] + 1) * ROUNDING
        if _within(done, demand, allowed):
            continue
        gap = done - demand
        if demand == 0:
            text = f"there is no {exam_type} demand at {site} in {year}, but the plan scans {_num(scanned.get(key, 0.0))} and outsources {_num(outsourced.get(key, 0.0))} exams"
        else:
            text = (
                f"{site} refers {_num(demand)} {exam_type} exams in {year}; the plan scans "
                f"{_num(scanned.get(key, 0.0))} and outsources {_num(outsourced.get(key, 0.0))}, "
                f"{_num(abs(gap))} {'too many' if gap > 0 else 'short'}"
            )
        out.append(
            Violation("demand_balance", {"site": site, "exam_type": exam_type, "year": year}, text)
        )
    return out


def check_travel_limit(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``travel_limit`` (the ``reach`` of ``flows``): exams go only to sites that can host the
    modality (else ``demand_balance``) and that are reachable within the modality's
    ``max_travel_minutes`` of the referring site (shortest travel time, recomputed)."""
    out: list[Violation] = []
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if (
            exam is None
            or f.origin not in ref.sites
            or f.site not in ref.sites
            or f.exams <= ROUNDING
        ):
            continue
        where: Where = {
            "origin": f.origin,
            "site": f.site,
            "exam_type": f.exam_type,
            "year": f.year,
        }
        limit = ref.modalities[exam.modality].max_travel_minutes
        minutes = ref.minutes[f.origin].get(f.site)
        if not ref.can_host(f.site, exam.modality):
            out.append(
                Violation(
                    "demand_balance",
                    where,
                    f"{_num(f.exams)} {f.exam_type} exams from {f.origin} are scanned at {f.site} "
                    f"in {f.year}, which has no {exam.modality} rooms",
                )
            )
        if minutes is None:
            out.append(
                Violation(
                    "travel_limit",
                    where,
                    f"{f.origin}'s {f.exam_type} patients are sent to {f.site} in {f.year}, "
                    "but there is no route between them",
                )
            )
        elif limit is not None and minutes > limit:
            out.append(
                Violation(
                    "travel_limit",
                    where,
                    f"{_num(f.exams)} {f.exam_type} patients from {f.origin} travel "
                    f"{minutes:,.1f} minutes to {f.site} in {f.year}, beyond the {exam.modality} "
                    f"limit of {_num(limit)} minutes",
                )
            )
    return out


# --------------------------------------------------------------------------- capacity


ANY = "any"
"""The need of exams any scanner of the modality can do."""


def split_shortfall(needs: dict[str, float], kinds: dict[frozenset[str], float]) -> float:
    """Hours of demand that cannot be served when each need may use only the hours of kinds
    having it (any kind for ``ANY``): the exact transportation split, solved as a max flow
    source -> need (its hours) -> kind (unbounded) -> sink (the kind's hours)."""
    graph = nx.DiGraph()
    for need, hours in needs.items():
        graph.add_edge("source", ("need", need), capacity=hours)
        for caps in kinds:
            if need == ANY or need in caps:
                graph.add_edge(("need", need), ("kind", caps))  # no capacity: unbounded
    for caps, hours in kinds.items():
        graph.add_edge(("kind", caps), "sink", capacity=hours)
    total = sum(needs.values())
    if "sink" not in graph or "source" not in graph:
        return total
    return total - float(nx.maximum_flow_value(graph, "source", "sink"))


def check_capacity(
    ref: Reference, plan: PlanTables, fleet: list[Units], tolerance: float
) -> list[Violation]:
    """``scan_capacity`` and ``capability_cover``: at each site, modality and year, the scan
    hours of the exams sent there (exams x scan minutes / 60) fit the hours of the scanners in
    service (hours per year x (1 - downtime by age - condition downtime), by kind), exams
    needing a capability using only hours of kinds with it. ``scan_capacity`` when the total
    hours fall short, ``capability_cover`` when the total would do but the split cannot."""
    needs: dict[tuple[str, str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    slack: dict[tuple[str, str, int], float] = defaultdict(float)
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is None or f.site not in ref.sites:
            continue
        key = (f.site, exam.modality, f.year)
        needs[key][exam.capability or ANY] += f.exams * exam.scan_minutes / 60.0
        slack[key] += ROUNDING * exam.scan_minutes / 60.0
    kinds: dict[tuple[str, str, int], dict[frozenset[str], float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for units in fleet:
        for year in units.service_years(ref.first):
            kinds[(units.site, units.modality, year)][units.capabilities] += (
                units.count * units.hours(year)
            )
    out: list[Violation] = []
    for key in sorted(needs):
        site, modality, year = key
        demand = sum(needs[key].values())
        have = kinds.get(key, {})
        available = sum(have.values())
        allowed = tolerance * max(1.0, demand) + slack[key]
        where: Where = {"site": site, "modality": modality, "year": year}
        short = split_shortfall(dict(needs[key]), dict(have))
        if demand - available > allowed:
            out.append(
                Violation(
                    "scan_capacity",
                    where,
                    f"{site} needs {_hours(demand)} of {modality} scanning in {year} but its "
                    f"{modality} scanners in service offer {_hours(available)} "
                    f"({_hours(demand - available)} short)",
                )
            )
        if short - max(0.0, demand - available) > allowed:
            offered = "; ".join(
                f"{need} exams take {_hours(hours)}, {modality} scanners with {need} offer "
                f"{_hours(sum(h for caps, h in have.items() if need in caps))}"
                for need, hours in sorted(needs[key].items())
                if need != ANY
            )
            out.append(
                Violation(
                    "capability_cover",
                    where,
                    f"at {site} in {year}, {_hours(short)} of {modality} exams cannot be given "
                    f"scanners with the capability they need ({offered})",
                )
            )
    return out


# --------------------------------------------------------------------------- rooms


def check_rooms(ref: Reference, plan: PlanTables, fleet: list[Units]) -> list[Violation]:
    """``rooms_limit`` and ``new_rooms_limit``: units in service at each site, modality and year
    (not during their lead time) fit the rooms there plus the rooms built so far; rooms are
    built only where ``max_new_rooms > 0``, in plan years, no more than ``max_new_rooms``."""
    out: list[Violation] = []
    built: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for r in plan.new_rooms:
        if r.site not in ref.sites or r.modality not in ref.modalities:
            continue
        built[(r.site, r.modality)].append((r.year, r.rooms))
        where: Where = {"site": r.site, "modality": r.modality, "year": r.year}
        room = ref.rooms.get((r.site, r.modality))
        if room is None or room.max_new_rooms == 0:
            out.append(
                Violation(
                    "new_rooms_limit",
                    where,
                    f"{r.rooms} {r.modality} room(s) are built at {r.site}, where none may be built",
                )
            )
        if r.year not in ref.years or r.rooms < 1:
            out.append(
                Violation(
                    "new_rooms_limit",
                    where,
                    f"{r.rooms} room(s) built in {r.year}: rooms are built in whole numbers in plan years",
                )
            )
    for (site, modality), rows in sorted(built.items()):
        total = sum(n for _, n in rows)
        room = ref.rooms.get((site, modality))
        most = room.max_new_rooms if room else 0
        if total > most and most > 0:
            out.append(
                Violation(
                    "new_rooms_limit",
                    {"site": site, "modality": modality},
                    f"{total} new {modality} rooms are built at {site}; at most {most} may be",
                )
            )
    standing: Counter[tuple[str, str, int]] = Counter()
    for units in fleet:
        for year in units.service_years(ref.first):
            standing[(units.site, units.modality, year)] += units.count
    for (site, modality, year), count in sorted(standing.items()):
        room = ref.rooms.get((site, modality))
        existing = room.rooms if room else 0
        new = sum(n for y, n in built.get((site, modality), []) if y <= year)
        if count > existing + new:
            out.append(
                Violation(
                    "rooms_limit",
                    {"site": site, "modality": modality, "year": year},
                    f"{site} has {count} {modality} scanners in service in {year} but "
                    f"{existing + new} room(s) ({existing} existing + {new} built by then)",
                )
            )
    return out


# --------------------------------------------------------------------------- procurement


def _bought(ref: Reference, plan: PlanTables) -> dict[tuple[str, str, int], int]:
    """Units bought per (site, model, year)."""
    units: dict[tuple[str, str, int], int] = defaultdict(int)
    for p in plan.purchases:
        units[(p.site, p.model, p.year)] += p.units
    return units


def check_committed(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``committed_purchase``: at each committed site, model and year the plan buys at least
    the committed units (rows of the same key added up)."""
    bought = _bought(ref, plan)
    out = []
    for (site, model, year), units in sorted(ref.committed.items()):
        if bought.get((site, model, year), 0) < units:
            out.append(
                Violation(
                    "committed_purchase",
                    {"site": site, "model": model, "year": year},
                    f"{site} is committed to buying {units} {model} in {year} but the plan buys "
                    f"{bought.get((site, model, year), 0)}",
                )
            )
    return out


def entitled_discount(tiers: Iterable[tuple[int, float]], units: int) -> tuple[float, int]:
    """The best discount (and its tier's minimum units) earned by ``units`` bought
    network-wide in a year: the highest discount whose minimum is reached; (0, 0) for none."""
    reached = [(discount, least) for least, discount in tiers if least <= units]
    return max(reached) if reached else (0.0, 0)


def check_discount_tiers(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``discount_tier`` (the tier families of ``models/capital.md``): the units of each model
    bought network-wide in a year earn the best tier reached; each purchase row's unit price is
    at least list price x (1 - that discount), and no more than the list price."""
    network: dict[tuple[str, int], int] = defaultdict(int)
    for p in plan.purchases:
        network[(p.model, p.year)] += p.units
    out = []
    for p in plan.purchases:
        model = ref.models.get(p.model)
        if model is None:
            continue
        units = network[(p.model, p.year)]
        discount, least = entitled_discount(ref.tiers.get(p.model, ()), units)
        floor = model.price * (1.0 - discount)
        allowed = tolerance * max(1.0, model.price)
        where: Where = {"site": p.site, "model": p.model, "year": p.year}
        claimed = 1.0 - p.unit_price / model.price if model.price else 0.0
        if p.unit_price < floor - allowed:
            verb = "earns" if units == 1 else "earn"
            earned = (
                f"{verb} {discount:.1%} (the tier from {_units(least)})"
                if discount
                else f"{verb} no discount"
            )
            out.append(
                Violation(
                    "discount_tier",
                    where,
                    f"{p.site} buys {p.model} in {p.year} at {_gbp(p.unit_price)} a unit, "
                    f"{claimed:.1%} off the list price of {_gbp(model.price)}, but the "
                    f"{_units(units)} of {p.model} bought network-wide that year {earned}",
                )
            )
        elif p.unit_price > model.price + allowed:
            out.append(
                Violation(
                    "discount_tier",
                    where,
                    f"{p.site} buys {p.model} in {p.year} at {_gbp(p.unit_price)} a unit, above "
                    f"its list price of {_gbp(model.price)}",
                )
            )
    return out


# --------------------------------------------------------------------------- money

PaymentKey = tuple[str, int, str, str, str]
"""(trust, year, site, item, model or modality)."""


def capital_payments(ref: Reference, plan: PlanTables) -> dict[PaymentKey, float]:
    """Who pays what, recomputed: each purchase row's units x unit price and each new room's
    rooms x ``new_room_cost``, paid by the site's owner, or by every trust in proportion to its
    capital share at a network site (cash, in the year bought or built)."""
    out: dict[PaymentKey, float] = defaultdict(float)
    for p in plan.purchases:
        for trust, share in ref.payers.get(p.site, {}).items():
            out[(trust, p.year, p.site, "purchase", p.model)] += share * p.units * p.unit_price
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        cost = r.rooms * room.new_room_cost if room else 0.0
        for trust, share in ref.payers.get(r.site, {}).items():
            out[(trust, r.year, r.site, "new_room", r.modality)] += share * cost
    return dict(out)


def check_capital_budget(
    ref: Reference, payments: dict[PaymentKey, float], tolerance: float
) -> list[Violation]:
    """``capital_budget``: each trust's capital spend in each year (its payments, recomputed)
    is within that year's budget (the ``budgets`` row, else ``capital_budget``) plus, for a
    trust with ``carry_over``, everything left unspent in earlier years (cash, undiscounted)."""
    spend: dict[tuple[str, int], float] = defaultdict(float)
    for (trust, year, *_), amount in payments.items():
        spend[(trust, year)] += amount
    out = []
    for member in ref.instance.trusts:
        carried = 0.0
        for year in ref.years:
            budget = ref.budgets[(member.id, year)]
            available = budget + carried
            spent = spend.get((member.id, year), 0.0)
            if spent > available + tolerance * max(1.0, available):
                out.append(
                    Violation(
                        "capital_budget",
                        {"trust": member.id, "year": year},
                        f"Trust {member.id} spends {_gbp(spent)} in {year} against a budget of "
                        f"{_gbp(budget)} (+{_gbp(carried)} carried in)",
                    )
                )
            carried = max(0.0, available - spent) if member.id in ref.carry_over else 0.0
    for (trust, year), spent in sorted(spend.items()):
        if year not in ref.years and spent > 0:
            out.append(
                Violation(
                    "capital_budget",
                    {"trust": trust, "year": year},
                    f"Trust {trust} spends {_gbp(spent)} in {year}, outside the plan years",
                )
            )
    return out


def check_payments(
    ref: Reference, plan: PlanTables, payments: dict[PaymentKey, float], tolerance: float
) -> list[Violation]:
    """``payments``: ``payments.csv`` and the spend column of ``spend.csv`` agree with the
    payments recomputed from the purchases and new rooms."""
    written: dict[PaymentKey, float] = defaultdict(float)
    for row in plan.payments:
        written[(row.trust, row.year, row.site, row.item, row.model or row.modality)] += row.amount
    out = []
    for key in sorted({*payments, *written}):
        trust, year, site, item, name = key
        expected, found = payments.get(key, 0.0), written.get(key, 0.0)
        if not _within(found, expected, tolerance * max(1.0, abs(expected)) + ROUNDING):
            what = f"{name} bought" if item == "purchase" else f"new {name} rooms built"
            out.append(
                Violation(
                    "payments",
                    {"trust": trust, "year": year, "site": site, "item": item},
                    f"payments.csv has trust {trust} paying {_gbp(found)} for {what} at {site} in "
                    f"{year}; the purchases and rooms of the plan make it {_gbp(expected)}",
                )
            )
    spend: dict[tuple[str, int], float] = defaultdict(float)
    for (trust, year, *_), amount in payments.items():
        spend[(trust, year)] += amount
    for line in plan.spend:
        expected = spend.get((line.trust, line.year), 0.0)
        if not _within(line.spend, expected, tolerance * max(1.0, abs(expected)) + ROUNDING):
            out.append(
                Violation(
                    "payments",
                    {"trust": line.trust, "year": line.year},
                    f"spend.csv has trust {line.trust} spending {_gbp(line.spend)} in {line.year}; "
                    f"the purchases and rooms of the plan make it {_gbp(expected)}",
                )
            )
    return out


# --------------------------------------------------------------------------- objective


def _fleet_values(ref: Reference, fleet: list[Units]) -> tuple[float, float, float]:
    """Discounted maintenance (each plan year in service, by age), resale (value by age at an
    exit within the plan, at ``df[exit]``) and residual value (value by age at ``end``, at
    ``df[end]``) of the fleet."""
    maintenance = resale = residual = 0.0
    for units in fleet:
        years = units.service_years(ref.first)
        maintenance += units.count * sum(
            ref.df(y) * units.curve.maintenance_at(y - units.start) for y in years
        )
        value = units.count * ref.df(units.leave) * units.curve.resale_at(units.leave - units.start)
        if units.leave >= ref.end:
            residual += value
        else:
            resale += value
    return maintenance, resale, residual


def objective_components(ref: Reference, plan: PlanTables, fleet: list[Units]) -> dict[str, float]:
    """The net present cost by component, recomputed from the instance and the tables, signed
    as in ``costs.csv``: capital (units x unit price at ``df[year]``), enabling works (rooms x
    ``new_room_cost``), maintenance, outsourcing (``outsourcing_cost`` x exams), patient travel
    (``travel_cost_per_minute`` x shortest minutes x exams), minus resale and residual value."""
    capital = sum(ref.df(p.year) * p.units * p.unit_price for p in plan.purchases)
    works = 0.0
    for r in plan.new_rooms:
        room = ref.rooms.get((r.site, r.modality))
        works += ref.df(r.year) * r.rooms * (room.new_room_cost if room else 0.0)
    maintenance, resale, residual = _fleet_values(ref, fleet)
    outsourcing = 0.0
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is not None and exam.outsourcing_cost is not None:
            outsourcing += ref.df(o.year) * exam.outsourcing_cost * o.exams
    rate = ref.instance.policy.travel_cost_per_minute
    travel = 0.0
    for f in plan.flows:
        minutes = ref.minutes.get(f.origin, {}).get(f.site)
        if minutes is not None:
            travel += ref.df(f.year) * rate * minutes * f.exams
    values = (capital, works, maintenance, outsourcing, travel, -resale, -residual)
    return dict(zip(COMPONENTS, values, strict=True))


def check_objective(
    plan: PlanTables, components: dict[str, float], tolerance: float
) -> list[Violation]:
    """``objective``: ``summary.json``'s objective is the recomputed net present cost and each
    row of ``costs.csv`` is the recomputed component, to a relative ``tolerance`` of the size of
    the sums involved: ``max(1, |reported|, sum of |components|)``. Costs and values can nearly
    cancel (a residual value close to the costs), and the tables hold 6 decimals, so the
    objective alone is too small a yardstick."""
    recomputed = sum(components.values())
    reported = plan.summary.objective
    out = []
    if reported is None:
        return [Violation("objective", {}, "summary.json has no objective for a plan")]
    scale = max(1.0, abs(reported), sum(abs(v) for v in components.values()))
    allowed = tolerance * scale
    if not _within(recomputed, reported, allowed):
        out.append(
            Violation(
                "objective",
                {},
                f"summary.json reports a net present cost of {_gbp(reported)}; recomputed from "
                f"the instance and the tables it is {_gbp(recomputed)} "
                f"({_difference(reported, recomputed)})",
            )
        )
    written = {row.component: row.npv for row in plan.costs}
    for name, value in components.items():
        if name not in written:
            out.append(Violation("objective", {"component": name}, f"costs.csv has no {name} row"))
        elif not _within(written[name], value, allowed):
            out.append(
                Violation(
                    "objective",
                    {"component": name},
                    f"costs.csv gives {name} as {_gbp(written[name])}; recomputed it is "
                    f"{_gbp(value)} ({_difference(written[name], value)})",
                )
            )
    return out


# --------------------------------------------------------------------------- entry point


def verify_capital(
    instance: Instance, results_dir: Path, tolerance: float = 1e-6
) -> VerificationReport:
    """Check a capital plan's result folder against ``instance``, family by family.

    Nothing is taken from the model code: the fleet, hours, demand, reach, payments, budgets,
    discounts and net present cost are all recomputed from the instance and the tables. A folder
    whose ``summary.json`` status has no plan (infeasible, no solution, ...) is reported as such,
    with no violations and ``ok`` False.
    """
    plan = read_plan(Path(results_dir))
    status = plan.summary.status
    if status not in PLAN_STATUSES:
        return VerificationReport([], 0.0, plan.summary.objective, status)
    ref = build_reference(instance)
    fleet = build_fleet(ref, plan)
    payments = capital_payments(ref, plan)
    components = objective_components(ref, plan, fleet)
    violations = [
        *check_references(ref, plan),
        *check_existing_fleet(ref, plan),
        *check_purchases(ref, plan),
        *check_demand_balance(ref, plan, tolerance),
        *check_travel_limit(ref, plan),
        *check_capacity(ref, plan, fleet, tolerance),
        *check_rooms(ref, plan, fleet),
        *check_committed(ref, plan),
        *check_discount_tiers(ref, plan, tolerance),
        *check_capital_budget(ref, payments, tolerance),
        *check_payments(ref, plan, payments, tolerance),
        *check_objective(plan, components, tolerance),
        *check_fleet_table(ref, plan, fleet),
    ]
    return VerificationReport(
        violations=violations,
        objective_recomputed=sum(components.values()),
        objective_reported=plan.summary.objective,
        status=status,
        components=components,
    )
