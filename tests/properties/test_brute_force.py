"""Property: on tiny instances the optimum equals a brute-force enumeration.

The enumeration below is written from ``models/capital.md`` alone (no netopt model code): on a
single site every exam is scanned where it arises (no travel) or outsourced. It enumerates, as
integers over their whole ranges, the retire year of every existing scanner, the units of every
catalogue model bought in every year and held to every retire year, and the rooms built each
year; for each it checks the committed purchases and the room and budget limits, allocates the
scan hours to the exams (greedily, which is exact here: see :func:`_outsourcing`) and prices
the plan.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given, note, settings

from netopt.schema import ExamType, Instance, ResidualValueRule, Room
from tests.properties.strategies import CARDIAC, Data, close, instance, optimum, tiny_data

pytestmark = pytest.mark.slow  # property tests: run with -m slow (CI runs them)

EPS = 1e-9


@dataclass(frozen=True)
class Holding:
    """One way to hold a unit: its modality, whether it is cardiac, its hours by plan year and
    its net holding cost (discounted maintenance less discounted resale/residual value)."""

    modality: str
    cardiac: bool
    hours: dict[int, float]
    cost: float

    def in_service(self, year: int) -> bool:
        return year in self.hours


@dataclass(frozen=True)
class Purchase:
    """A catalogue model bought in a year and held to a retire year (one unit)."""

    model: str
    year: int
    holding: Holding


def brute_force_optimum(inst: Instance) -> float:
    """Least net present cost over every plan of a one-site instance; ``inf`` if none exists."""
    assert len(inst.sites) == 1
    site = inst.sites[0]
    years = inst.years
    y0, end = years[0], years[-1] + 1
    rate = inst.network.discount_rate

    def df(year: int) -> float:
        return float((1.0 + rate) ** -(year - y0))

    straight_line = inst.policy.residual_value is ResidualValueRule.STRAIGHT_LINE
    rows: dict[str, dict[int, tuple[float, float, float]]] = defaultdict(dict)
    for p in inst.age_profiles:
        assert p.maintenance_cost is not None and p.resale_value is not None  # strategies' form
        assert p.residual_value is None and p.residual_fraction is None
        rows[p.profile][p.age] = (p.maintenance_cost, p.resale_value, p.downtime_fraction)

    def by_age(profile: str, age: int) -> tuple[float, float, float]:
        """(maintenance, resale, downtime) at an age; past the last row, the last row's."""
        table = rows[profile]
        return table[min(age, max(table))]

    def holding(
        modality: str,
        caps: list[str],
        profile: str,
        hours_per_year: float,
        in_service: int,
        leave: int,
        extra_downtime: float = 0.0,
        price: float | None = None,
        life: int = 1,
    ) -> Holding:
        hours: dict[int, float] = {}
        cost = 0.0
        for year in range(max(in_service, y0), leave):
            maintenance, _, downtime = by_age(profile, year - in_service)
            hours[year] = hours_per_year * max(0.0, 1.0 - downtime - extra_downtime)
            cost += df(year) * maintenance
        # Resale when retired in the plan, residual value when held to the end: both credits.
        # The residual value: straight line from the price over the life, else the resale.
        age = leave - in_service
        if leave == end and straight_line and price is not None:
            cost -= df(leave) * price * max(0.0, 1.0 - age / life)
        else:
            cost -= df(leave) * by_age(profile, age)[1]
        return Holding(modality, CARDIAC in caps, hours, cost)

    modality = {m.id: m for m in inst.modalities}
    room_row = {r.modality: r for r in inst.rooms if r.site == site.id}
    most_units = {mo: (r.rooms + r.max_new_rooms) for mo, r in room_row.items()}

    # Existing scanners: every allowed retire year (y0 .. min(install + max age, end)).
    asset_options: list[list[Holding]] = []
    for a in inst.assets:
        m = modality[a.modality]
        max_age = a.max_age_years or m.max_age_years
        profile = a.age_profile or m.default_age_profile
        assert profile is not None
        last = max(y0, min(a.install_year + max_age, end))
        asset_options.append(
            [
                holding(
                    a.modality,
                    a.capabilities,
                    profile,
                    a.hours_per_year,
                    a.install_year,
                    r,
                    a.condition_downtime_fraction,
                    a.purchase_price,
                    max_age,
                )
                for r in range(y0, last + 1)
            ]
        )

    # Purchases: model k at the site in year v, in service from v + lead, retired in r with
    # v + lead < r <= min(v + lead + lifetime, end).
    windows: list[Purchase] = []
    for k in inst.catalogue:
        if most_units.get(k.modality, 0) == 0 or (k.sites and site.id not in k.sites):
            continue
        for v in years:
            if v + k.lead_time_years >= end:
                continue
            if (k.first_year is not None and v < k.first_year) or (
                k.last_year is not None and v > k.last_year
            ):
                continue
            start = v + k.lead_time_years
            for r in range(start + 1, min(start + k.lifetime_years, end) + 1):
                held = holding(
                    k.modality,
                    k.capabilities,
                    k.age_profile,
                    k.hours_per_year,
                    start,
                    r,
                    price=k.price,
                    life=k.lifetime_years,
                )
                windows.append(Purchase(k.id, v, held))

    def counts(i: int, used: dict[tuple[str, int], int]) -> Iterator[tuple[int, ...]]:
        """Units of each purchase window from i on, within the most units per modality."""
        if i == len(windows):
            yield ()
            return
        w = windows[i].holding
        room = min(most_units[w.modality] - used.get((w.modality, y), 0) for y in w.hours)
        for n in range(room + 1):
            after = dict(used)
            for y in w.hours:
                after[(w.modality, y)] = after.get((w.modality, y), 0) + n
            for rest in counts(i + 1, after):
                yield (n, *rest)

    # Rooms built: per modality, nonnegative integers per year summing to at most max_new_rooms.
    builders = [mo for mo, r in room_row.items() if r.max_new_rooms > 0]
    room_plans = [
        [
            plan
            for plan in itertools.product(range(room_row[mo].max_new_rooms + 1), repeat=len(years))
            if sum(plan) <= room_row[mo].max_new_rooms
        ]
        for mo in builders
    ]

    tiers: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for t in inst.discount_tiers:
        tiers[t.model].append((t.min_units, t.discount))
    price = {k.id: k.price for k in inst.catalogue}

    shares = {t.id: t.capital_share / 100.0 for t in inst.trusts}
    payer = shares if site.owner == "network" else {site.owner: 1.0}
    budget_rows = {(b.trust, b.year): b.capital_budget for b in inst.budgets}
    budget = {
        (t.id, y): budget_rows.get((t.id, y), t.capital_budget) for t in inst.trusts for y in years
    }
    carry = {t.id: t.carry_over for t in inst.trusts}

    committed: dict[tuple[str, int], int] = defaultdict(int)
    for c in inst.committed_purchases:
        committed[(c.model, c.year)] += c.units

    demand = _demand(inst)
    best = math.inf
    for units in counts(0, {}):
        bought: dict[tuple[str, int], int] = defaultdict(int)
        for w, n in zip(windows, units, strict=True):
            bought[(w.model, w.year)] += n
        if any(bought[key] < n for key, n in committed.items()):
            continue
        # All-units discounts: the best tier reached by the units of the model bought that year.
        cash: dict[int, float] = defaultdict(float)
        capital = 0.0
        for (model_id, v), n in bought.items():
            reached = [d for least, d in tiers.get(model_id, []) if n >= least]
            paid = price[model_id] * n * (1.0 - max(reached, default=0.0))
            cash[v] += paid
            capital += df(v) * paid
        bought_cost = sum(w.holding.cost * n for w, n in zip(windows, units, strict=True))
        for retired in itertools.product(*asset_options):
            in_service: dict[tuple[str, int], int] = defaultdict(int)
            for h in retired:
                for y in h.hours:
                    in_service[(h.modality, y)] += 1
            for w, n in zip(windows, units, strict=True):
                for y in w.holding.hours:
                    in_service[(w.holding.modality, y)] += n
            fleet_cost = bought_cost + sum(h.cost for h in retired)
            hours = _hours(retired, windows, units)
            outsourcing = _outsourcing(inst, demand, hours, df)
            if math.isinf(outsourcing):
                continue
            for built in itertools.product(*room_plans):
                new_rooms = dict(zip(builders, built, strict=True))
                if not _rooms_ok(room_row, new_rooms, in_service, years):
                    continue
                spend = dict(cash)
                works = 0.0
                for mo, plan in new_rooms.items():
                    for y, n in zip(years, plan, strict=True):
                        spend[y] = spend.get(y, 0.0) + room_row[mo].new_room_cost * n
                        works += df(y) * room_row[mo].new_room_cost * n
                if not _budgets_ok(spend, payer, budget, carry, years):
                    continue
                best = min(best, capital + works + fleet_cost + outsourcing)
    return best


def _demand(inst: Instance) -> dict[tuple[str, int], float]:
    """(exam type, year) -> exams; years not given grow from the latest earlier given year."""
    growth = {e.id: e.growth_rate for e in inst.exam_types}
    given: dict[str, dict[int, tuple[float, float]]] = defaultdict(dict)
    for d in inst.demand:
        given[d.exam_type][d.year] = (
            d.exams,
            growth[d.exam_type] if d.growth_rate is None else d.growth_rate,
        )
    out = {}
    for exam, by_year in given.items():
        for y in inst.years:
            base = max(b for b in by_year if b <= y)
            exams, rate = by_year[base]
            out[(exam, y)] = exams * (1.0 + rate) ** (y - base)
    return out


def _hours(
    retired: tuple[Holding, ...], windows: list[Purchase], units: tuple[int, ...]
) -> dict[tuple[str, bool, int], float]:
    """(modality, cardiac?, year) -> scan hours in service."""
    hours: dict[tuple[str, bool, int], float] = defaultdict(float)
    for h in retired:
        for y, x in h.hours.items():
            hours[(h.modality, h.cardiac, y)] += x
    for w, n in zip(windows, units, strict=True):
        for y, x in w.holding.hours.items():
            hours[(w.holding.modality, w.holding.cardiac, y)] += n * x
    return hours


def _outsourcing(
    inst: Instance,
    demand: dict[tuple[str, int], float],
    hours: dict[tuple[str, bool, int], float],
    df: Callable[[int], float],
) -> float:
    """Least discounted outsourcing cost given the scan hours, ``inf`` if exams that may not be
    outsourced cannot all be scanned.

    Per modality and year, the hours form two pools: plain and cardiac scanners. Cardiac exams
    use only the cardiac pool; the others either, plain first (only they can use it). Exams are
    served in order of priority: those that may not be outsourced first, then by the saving per
    scan hour (outsourcing price / hours per exam). This greedy is exact: an hour is worth to an
    exam its saving per hour, and plain hours only ever go to exams that are indifferent."""
    total = 0.0
    for y in inst.years:
        for m in inst.modalities:
            plain = hours.get((m.id, False, y), 0.0)
            cardiac = hours.get((m.id, True, y), 0.0)
            exams = [e for e in inst.exam_types if e.modality == m.id]
            assert all(e.capability in (None, CARDIAC) for e in exams)

            for e in sorted(exams, key=_priority, reverse=True):
                need = demand.get((e.id, y), 0.0) * e.scan_minutes / 60.0
                if e.capability is None:
                    used = min(need, plain)
                    plain -= used
                    need -= used
                used = min(need, cardiac)
                cardiac -= used
                need -= used
                if need > EPS:
                    if e.outsourcing_cost is None:
                        return math.inf
                    total += df(y) * e.outsourcing_cost * need / (e.scan_minutes / 60.0)
    return total


def _priority(e: ExamType) -> float:
    """Saving per scan hour of scanning an exam rather than outsourcing it."""
    if e.outsourcing_cost is None:
        return math.inf
    return e.outsourcing_cost / (e.scan_minutes / 60.0)


def _rooms_ok(
    room_row: dict[str, Room],
    new_rooms: dict[str, tuple[int, ...]],
    in_service: dict[tuple[str, int], int],
    years: list[int],
) -> bool:
    """Units in service <= rooms at the start + rooms built up to that year."""
    for (mo, y), n in in_service.items():
        row = room_row.get(mo)
        rooms = row.rooms if row is not None else 0
        built = sum(new_rooms.get(mo, (0,) * len(years))[: years.index(y) + 1])
        if n > rooms + built:
            return False
    return True


def _budgets_ok(
    spend: dict[int, float],
    payer: dict[str, float],
    budget: dict[tuple[str, int], float],
    carry: dict[str, bool],
    years: list[int],
) -> bool:
    """Each payer's share of the year's cash spend within its budget; with carry-over, within
    the budget accumulated so far."""
    for trust, share in payer.items():
        spent = available = 0.0
        for y in years:
            paid = share * spend.get(y, 0.0)
            if carry[trust]:
                spent += paid
                available += budget[(trust, y)]
            else:
                spent, available = paid, budget[(trust, y)]
            if spent > available + 1e-7 * max(1.0, available):
                return False
    return True


@settings(max_examples=2 * settings().max_examples)  # cheap and the strongest check: twice as many
@given(tiny_data())
def test_optimum_equals_brute_force(data: Data) -> None:
    """2. On one-site instances netopt's optimum is the enumerated optimum."""
    expected = brute_force_optimum(instance(data))
    got = optimum(data)
    note(f"netopt {got!r}, brute force {expected!r}")
    assert close(got, expected), (got, expected)
