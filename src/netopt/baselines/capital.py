"""Baseline capital plans: what a capital committee does today, costed exactly like the optimiser.

The policy decides every capital choice in Python (which scanners leave when, what is bought
where and when, no new rooms); those choices are then fixed in the ordinary capital model
(:func:`netopt.models.capital.build.build_capital_model`), and HiGHS solves what is left, a linear
programme: where patients are scanned and what is outsourced. The cost, the tables and the
checks are therefore those of the optimiser by construction, and a baseline's result folder
passes ``netopt verify`` like any plan. Since a baseline is one feasible point of the capital
model, the optimiser's optimum is never above it.

The rules of each policy are in :meth:`netopt.baselines.policy.Baseline.describe`.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from netopt.baselines.policy import GROWTH_THRESHOLD, Baseline, BaselinePolicy
from netopt.models.capital.budget_value import budget_values
from netopt.models.capital.build import build_capital_model
from netopt.models.capital.data import (
    BuyWindow,
    CapitalData,
    CohortWindow,
    Profile,
    Shortfall,
    UnitMoney,
    age_profiles,
    build_capital_data,
)
from netopt.models.capital.decisions import (
    CapitalDecisions,
    RoomBuild,
    best_tiers,
    decision_values,
    fix_capital_decisions,
)
from netopt.models.capital.plan import TABLES, CapitalPlan
from netopt.models.capital.results import extract_tables
from netopt.models.common import ModelSize, Timings, model_size, results_reserve, site_table
from netopt.models.diagnosis import positive_entries
from netopt.schema import Instance
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, SolveReport, SolveStatus, no_time_report, solve_model

DEFAULT_POLICIES = ("practice", "priority", "age:10")
"""Baselines compared with an optimised plan when none are named; ``practice`` (what capital
planners do) is the headline."""

PRIORITY = Baseline.parse("priority")
"""The ``priority`` baseline at its default age."""
PRACTICE = Baseline.parse("practice")
"""The ``practice`` baseline at its default age: the optimiser's MIP start (measured on the
tutorial at 60 s, seeds 1 and 2: 0.26% and 0.12% cheaper plans than from ``priority``)."""

_TOLERANCE = 1e-6
"""Relative tolerance (on max(1, amount)) of the budget test, as cash GBP."""


@dataclass(frozen=True)
class BaselinePlan(CapitalPlan):
    """A capital plan made by a baseline policy: the same tables as an optimised plan, plus the
    policy and notes on what it could not do (replacements it could not fund or buy, budgets
    or rooms it breaks)."""

    baseline: Baseline
    """The policy that made it."""
    notes: tuple[str, ...] = ()
    """What the policy could not do, and why a plan is infeasible, in a planner's words."""
    cost_without_budgets: float | None = None
    """When the policy's plan breaks only capital budgets: its net present cost (GBP) were the
    money found, for comparison (the plan itself is infeasible and not written)."""

    def summary(self) -> dict[str, Any]:
        out = super().summary()
        out["baseline"] = {
            "policy": str(self.baseline),
            "rules": self.baseline.describe(),
            "notes": list(self.notes),
            "cost_without_budgets": self.cost_without_budgets,
        }
        return out


# --------------------------------------------------------------------------- units


@dataclass
class _Unit:
    """One scanner as the policy sees it: existing (``cohort`` set) or bought by the policy."""

    name: str
    site: str
    modality: str
    capabilities: frozenset[str]
    start: int
    """Year it entered (or enters) service: its age-0 year."""
    latest: int
    """Latest year it may leave (max age or lifetime); the end year when it may be kept."""
    max_age: int
    profile: Profile
    money: UnitMoney
    """Its maintenance and values by age in GBP."""
    condition: float = 0.0
    cohort: int | None = None
    leave: int | None = None
    """Year it leaves service; None: kept to the horizon end."""
    matched: bool = False
    """Replaced by a committed purchase."""
    hours_per_year: float = 0.0
    throughput: float = 1.0


@dataclass
class _Policy:
    """The state of a policy run: units, purchases made and notes."""

    instance: Instance
    data: CapitalData
    units: list[_Unit]
    buys: Counter[BuyWindow] = field(default_factory=Counter)
    rooms: Counter[RoomBuild] = field(default_factory=Counter)
    """Rooms built (``practice`` only)."""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lifetime = {k.id: k.lifetime_years for k in self.instance.catalogue}
        self.model_hours = {
            k.id: (k.hours_per_year, k.throughput_factor) for k in self.instance.catalogue
        }
        self.profiles = age_profiles(self.instance)
        self.profile_of = {k.id: self.profiles[k.age_profile] for k in self.instance.catalogue}
        rule = self.instance.policy.residual_value
        self.money_of = {
            k.id: UnitMoney(self.profiles[k.age_profile], k.price, k.lifetime_years, rule)
            for k in self.instance.catalogue
        }
        self.buyable = set(self.data.purchases)
        self.bought: Counter[str] = Counter()

    def replacement(self, unit: _Unit, year: int) -> str | None:
        """The cheapest model of the unit's modality with at least its capabilities that may be
        bought at its site in ``year`` (ties: model id)."""
        options = [
            (info.price, k)
            for k, info in self.data.models.items()
            if info.modality == unit.modality
            and unit.capabilities <= self.data.kinds[info.kind][1]
            and (unit.site, k, year) in self.buyable
        ]
        return min(options)[1] if options else None

    def buy(self, site: str, model: str, year: int) -> _Unit:
        """Buy one unit, kept to its lifetime (or the horizon end)."""
        info = self.data.models[model]
        start = year + info.lead_time
        latest = min(start + self.lifetime[model], self.data.end_year)
        window = (site, model, year, latest)
        assert window in self.data.buy_windows, window
        self.buys[window] += 1
        self.bought[f"{model}@{site}"] += 1
        unit = _Unit(
            name=f"{model} at {site} bought {year} #{self.bought[f'{model}@{site}']}",
            site=site,
            modality=info.modality,
            capabilities=self.data.kinds[info.kind][1],
            start=start,
            latest=latest,
            max_age=self.lifetime[model],
            profile=self.profile_of[model],
            hours_per_year=self.model_hours[model][0],
            throughput=self.model_hours[model][1],
            money=self.money_of[model],
        )
        self.units.append(unit)
        return unit

    def decisions(self) -> CapitalDecisions:
        """The policy's capital decisions so far: existing units leaving, units bought, rooms
        built."""
        retire: Counter[CohortWindow] = Counter()
        for unit in self.units:
            if unit.cohort is not None:
                retire[(unit.cohort, self.data.end_year if unit.leave is None else unit.leave)] += 1
        return CapitalDecisions(retire, Counter(self.buys), Counter(self.rooms))

    def rooms_by(self, site: str, modality: str, year: int) -> int:
        """Rooms for ``modality`` at ``site`` in ``year``: those at the start and those built
        by then."""
        built = sum(
            n for (s, mo, y), n in self.rooms.items() if (s, mo) == (site, modality) and y <= year
        )
        return self.data.rooms.get((site, modality), 0) + built


def _existing_units(instance: Instance, data: CapitalData) -> list[_Unit]:
    """Every existing scanner, one unit each, in its cohort."""
    assets = {a.id: a for a in instance.assets}
    modalities = {m.id: m for m in instance.modalities}
    profiles = age_profiles(instance)
    units = []
    for c, cohort in enumerate(data.cohorts):
        for asset_id in cohort.assets:
            asset = assets[asset_id]
            modality = modalities[asset.modality]
            profile = asset.age_profile or modality.default_age_profile
            assert profile is not None  # schema checks
            max_age = asset.max_age_years or modality.max_age_years
            units.append(
                _Unit(
                    name=asset_id,
                    site=asset.site,
                    modality=asset.modality,
                    capabilities=frozenset(asset.capabilities),
                    start=asset.install_year,
                    latest=cohort.retire_years[-1],
                    max_age=max_age,
                    profile=profiles[profile],
                    money=UnitMoney(
                        profiles[profile],
                        asset.purchase_price,
                        max_age,
                        instance.policy.residual_value,
                    ),
                    condition=asset.condition_downtime_fraction,
                    cohort=c,
                    hours_per_year=asset.hours_per_year,
                    throughput=asset.throughput_factor,
                )
            )
    return units


def _committed(state: _Policy, due: Mapping[str, int]) -> None:
    """Make the committed purchases; each unit replaces the existing scanner of its modality at
    its site due first (``due``: unit name -> year), preferring scanners that can stay in
    service until the purchase year, then the same kind; that scanner leaves in the purchase
    year (or at its maximum age, if earlier)."""
    data = state.data
    for (site, model, year), count in sorted(data.committed.items(), key=lambda x: (x[0][2], x[0])):
        info = data.models[model]
        for _ in range(count):
            state.buy(site, model, year)
            candidates = [
                u
                for u in state.units
                if u.cohort is not None
                and u.site == site
                and u.modality == info.modality
                and u.leave is None
                and not u.matched
            ]
            if not candidates:
                continue
            unit = min(
                candidates,
                key=lambda u: (
                    u.latest < year,
                    due[u.name],
                    u.capabilities != data.kinds[info.kind][1],
                    u.start,
                    u.name,
                ),
            )
            unit.matched = True
            unit.leave = min(year, unit.latest)
            state.notes.append(
                f"committed purchase of {model} at {site} in {year} replaces {unit.name} "
                f"(installed {unit.start}), which leaves in {unit.leave}"
            )


# --------------------------------------------------------------------------- policies


def _age_due(unit: _Unit, years: int, first: int) -> int:
    """Year an ``age:N`` policy takes the unit out: existing units at age N or their maximum age,
    new units at their lifetime (the end year: kept)."""
    if unit.cohort is None:
        return unit.latest
    return min(max(first, unit.start + min(years, unit.max_age)), unit.latest)


def _replace_or_retire(state: _Policy, unit: _Unit, year: int, why: str = "") -> None:
    """The unit leaves in ``year``, replaced like for like when a model can be bought."""
    unit.leave = year
    model = state.replacement(unit, year)
    if model is None:
        state.notes.append(
            f"{unit.name} ({unit.site}) leaves in {year} without replacement: no "
            f"{'+'.join([unit.modality, *sorted(unit.capabilities)])} model can be bought "
            f"there that year (sites, availability, lead time){why}"
        )
    else:
        state.buy(unit.site, model, year)


def _run_age(state: _Policy, baseline: Baseline) -> None:
    data = state.data
    first = data.years[0]
    due = {u.name: _age_due(u, baseline.years, first) for u in state.units}
    _committed(state, due)
    for year in data.years:
        for unit in list(state.units):
            if unit.leave is None and _age_due(unit, baseline.years, first) == year:
                _replace_or_retire(state, unit, year)


def _score(unit: _Unit, year: int, price: float | None) -> float:
    """``priority``'s ranking: wear (age / maximum age) + downtime fraction that year (by age,
    plus condition) + that year's maintenance as a fraction of the replacement's price."""
    age = year - unit.start
    maintenance = unit.money.maintenance(age) / price if price else 0.0
    return age / unit.max_age + unit.profile.downtime(age) + unit.condition + maintenance


def _works(data: CapitalData, site: str, model: str) -> float:
    """Enabling works to install one unit of ``model`` at ``site`` (GBP)."""
    return data.installation_works_cost.get((site, data.models[model].modality), 0.0)


def _installed_price(data: CapitalData, site: str, model: str) -> float:
    """What one unit of ``model`` installed at ``site`` costs: its price and the works (GBP)."""
    return data.models[model].price + _works(data, site, model)


def _spend(
    data: CapitalData, buys: Mapping[BuyWindow, int], rooms: Mapping[RoomBuild, int]
) -> dict[tuple[str, int], float]:
    """Cash capital spend by trust and year after volume discounts, installation works and
    rooms built included (GBP)."""
    tiers = best_tiers(data, buys)
    spend: dict[tuple[str, int], float] = defaultdict(float)
    for (site, model, year, _), n in buys.items():
        tier = tiers.get((model, year))
        discount = 0.0 if tier is None else data.discount_tiers[model][tier][1]
        cost = n * (data.models[model].price * (1.0 - discount) + _works(data, site, model))
        for trust, share in data.payer_share[site].items():
            spend[(trust, year)] += share * cost
    for (site, modality, year), n in rooms.items():
        for trust, share in data.payer_share[site].items():
            spend[(trust, year)] += share * n * data.new_room_cost[(site, modality)]
    return spend


def _run_priority(state: _Policy, baseline: Baseline) -> None:
    data = state.data
    due = {u.name: u.latest for u in state.units}
    _committed(state, due)
    carried = dict.fromkeys(data.trusts, 0.0)
    for year in data.years:
        available = {t: data.capital_budget[(t, year)] + carried[t] for t in data.trusts}
        start_of_year = dict(available)
        for (site, committed, bought), n in data.committed.items():
            if bought == year:
                for trust, share in data.payer_share[site].items():
                    available[trust] -= share * n * _installed_price(data, site, committed)
        candidates = []
        for unit in state.units:
            if unit.leave is not None or unit.start > year:
                continue
            must = unit.latest == year
            if not must and (unit.cohort is None or year - unit.start < baseline.years):
                continue
            model = state.replacement(unit, year)
            price = None if model is None else data.models[model].price
            score = _score(unit, year, price)
            candidates.append((not must, -score, unit.start, unit.name, unit, model))
        # must-replace first (``optional`` False), then by score, oldest, name
        for optional, _, _, _, unit, model in sorted(candidates, key=lambda c: c[:4]):
            if model is None:
                if not optional:
                    _replace_or_retire(state, unit, year)
                continue
            price = _installed_price(data, unit.site, model)
            owed = {t: share * price for t, share in data.payer_share[unit.site].items()}
            short = [t for t, x in owed.items() if x > available[t] + _TOLERANCE * max(1.0, x)]
            if not short:
                for trust, x in owed.items():
                    available[trust] -= x
                unit.leave = year
                state.buy(unit.site, model, year)
            elif not optional:
                unit.leave = year
                who = ", ".join(
                    f"{t} has GBP {max(0.0, available[t]):,.0f} for its GBP {owed[t]:,.0f}"
                    for t in short
                )
                state.notes.append(
                    f"{unit.name} ({unit.site}) reaches its maximum age in {year} and retires "
                    f"without replacement: {model} (GBP {price:,.0f} installed) is not affordable ({who})"
                )
        if baseline.policy is BaselinePolicy.PRACTICE:
            _grow(state, year, available)
        spent = _spend(data, state.buys, state.rooms)
        for t in data.trusts:
            left = start_of_year[t] - spent.get((t, year), 0.0)
            carried[t] = max(0.0, left) if t in data.carry_over else 0.0


# --------------------------------------------------------------------------- growth (practice)


def _standing(unit: _Unit, year: int) -> bool:
    """Whether the unit stands in a room in ``year``: in service then, or due to leave before
    it without a decision yet (it will be replaced like for like, in place)."""
    return unit.start <= year and (unit.leave is None or unit.leave > year)


def _bookable(data: CapitalData, unit: _Unit, year: int) -> float:
    """Hours of exams at their scan minutes the unit may book in ``year``: hours after downtime
    by age and condition x throughput x the site's utilisation ceiling."""
    down = unit.profile.downtime(year - unit.start) + unit.condition
    ceiling = data.ceiling(unit.site, unit.modality)
    return unit.hours_per_year * max(0.0, 1.0 - down) * unit.throughput * ceiling


def _nearest_hosts(data: CapitalData, modality: str) -> dict[str, str]:
    """Origin -> the nearest site (by travel minutes, then id) its patients may be scanned at
    for ``modality``."""
    hosts = {s for (s, mo), units in data.max_units.items() if mo == modality and units > 0}
    nearest: dict[str, tuple[float, str]] = {}
    for (o, s), minutes in data.travel_minutes.items():
        if s in hosts and (minutes, s) < nearest.get(o, (math.inf, "")):
            nearest[o] = (minutes, s)
    return {o: s for o, (_, s) in nearest.items()}


def _grow(state: _Policy, year: int, available: dict[str, float]) -> None:
    """``practice``'s growth step for purchases in ``year``: per modality, while the demand of
    the year a new unit would enter service exceeds the hours the fleet may book then by more
    than :data:`GROWTH_THRESHOLD`, buy the cheapest model of the modality for an empty room at
    the site whose nearest patients are shortest of hours, if its trusts can pay from
    ``available`` (what is left of the year's budget; reduced by what is spent)."""
    data = state.data
    for modality in data.modalities:
        models = sorted(
            (info.price, k) for k, info in data.models.items() if info.modality == modality
        )
        if not models:
            continue
        lead = data.models[models[0][1]].lead_time
        target = year + lead
        if target >= data.end_year:
            continue
        demand: dict[str, float] = defaultdict(float)
        for (o, e, y), exams in data.demand.items():
            if y == target and data.exam_modality[e] == modality:
                demand[o] += exams * data.scan_hours[e]
        total = sum(demand.values())
        nearest = _nearest_hosts(data, modality)
        tried: set[tuple[str, bool]] = set()
        while True:
            standing = [u for u in state.units if u.modality == modality and _standing(u, target)]
            booked = sum(_bookable(data, u, target) for u in standing)
            if total - booked <= GROWTH_THRESHOLD * total:
                break
            short: dict[str, float] = defaultdict(float)
            for o, h in demand.items():
                if o in nearest:
                    short[nearest[o]] += h
            for u in standing:
                short[u.site] -= _bookable(data, u, target)
            in_rooms = Counter(u.site for u in standing)
            choice = _growth_site(state, modality, year, target, short, in_rooms, available, tried)
            gap = f"{modality} demand in {target} exceeds what the fleet may book by " + (
                f"{(total - booked) / total:.0%}"
            )
            if choice is None:
                state.notes.append(
                    f"{gap}, but no empty or new {modality} room with a scanner could be funded "
                    f"in {year}"
                )
                break
            site, model, owed, build = choice
            for trust, x in owed.items():
                available[trust] -= x
            if build:
                state.rooms[(site, modality, year)] += 1
            state.buy(site, model, year)
            room = f"a new room built at {site}" if build else f"an empty room at {site}"
            state.notes.append(f"{gap}: {model} bought in {year} for {room}")


def _growth_site(
    state: _Policy,
    modality: str,
    year: int,
    target: int,
    short: Mapping[str, float],
    in_rooms: Mapping[str, int],
    available: Mapping[str, float],
    tried: set[tuple[str, bool]],
) -> tuple[str, str, dict[str, float], bool] | None:
    """Where ``practice`` adds a unit of ``modality`` bought in ``year`` (in service in
    ``target``): an empty room first, else a room it may build there, at the site whose
    nearest patients are ``short`` of the most hours, that its trusts can pay for from
    ``available``; (site, model, each trust's share, whether a room is built), or None.
    Sites tried and not affordable are added to ``tried``."""
    data = state.data
    order = sorted(short, key=lambda s: (-short[s], s))
    for build in (False, True):
        for site in order:
            if (site, build) in tried:
                continue
            if build:
                built = sum(
                    n for (s, mo, _), n in state.rooms.items() if (s, mo) == (site, modality)
                )
                room_cost = data.new_room_cost.get((site, modality), 0.0)
                if built >= data.max_new_rooms.get((site, modality), 0):
                    continue
            elif in_rooms.get(site, 0) >= state.rooms_by(site, modality, target):
                continue
            else:
                room_cost = 0.0
            models = sorted(
                (data.models[k].price, k)
                for (s, k, y) in state.buyable
                if s == site and y == year and data.models[k].modality == modality
            )
            if not models:
                continue
            model = models[0][1]
            if year + data.models[model].lead_time >= data.end_year:
                continue
            price = _installed_price(data, site, model) + room_cost
            owed = {t: share * price for t, share in data.payer_share[site].items()}
            if all(x <= available[t] + _TOLERANCE * max(1.0, x) for t, x in owed.items()):
                return site, model, owed, build
            tried.add((site, build))
    return None


# --------------------------------------------------------------------------- checks


class Breach(StrEnum):
    """The capital model's constraint family a baseline plan breaks."""

    CAPITAL_BUDGET = "capital_budget"
    ROOMS_LIMIT = "rooms_limit"
    OUTSOURCING_LIMIT = "outsourcing_limit"
    ACCESS_TARGET = "access_target"
    REVENUE_BUDGET = "revenue_budget"
    DEMAND_BALANCE = "demand_balance"


@dataclass(frozen=True)
class PolicyProblem:
    """Why a baseline plan is infeasible: the family it breaks and where, in a planner's words."""

    breach: Breach
    detail: str

    def __str__(self) -> str:
        return f"{self.breach}: {self.detail}"


def _budget_problems(
    data: CapitalData, buys: Mapping[BuyWindow, int], rooms: Mapping[RoomBuild, int]
) -> list[PolicyProblem]:
    """Each trust and year whose capital spend exceeds its budget plus carry-over."""
    spend = _spend(data, buys, rooms)
    problems = []
    for t in data.trusts:
        carried = 0.0
        for year in data.years:
            budget = data.capital_budget[(t, year)]
            available = budget + carried
            spent = spend.get((t, year), 0.0)
            if spent > available + _TOLERANCE * max(1.0, spent):
                via = f" (budget {budget:,.0f} + carried {carried:,.0f})" if carried else ""
                problems.append(
                    PolicyProblem(
                        Breach.CAPITAL_BUDGET,
                        f"{t} would spend GBP {spent:,.0f} in {year} but has GBP "
                        f"{available:,.0f}{via}: GBP {spent - available:,.0f} short",
                    )
                )
            carried = max(0.0, available - spent) if t in data.carry_over else 0.0
    return problems


def _room_problems(state: _Policy) -> list[PolicyProblem]:
    """Each site, modality and year with more scanners in service than rooms."""
    data = state.data
    in_service: Counter[tuple[str, str, int]] = Counter()
    for unit in state.units:
        leave = data.end_year if unit.leave is None else unit.leave
        for year in range(max(unit.start, data.years[0]), leave):
            in_service[(unit.site, unit.modality, year)] += 1
    return [
        PolicyProblem(
            Breach.ROOMS_LIMIT,
            f"{n} {mo} scanners would be in service at {s} in {y}, with "
            f"{state.rooms_by(s, mo, y)} rooms",
        )
        for (s, mo, y), n in sorted(in_service.items())
        if n > state.rooms_by(s, mo, y)
    ]


def _policy_problems(
    state: _Policy, options: SolveOptions, deadline: Deadline
) -> list[PolicyProblem]:
    """Why the policy's plan is infeasible: the budgets and rooms it breaks; when it breaks
    neither, the outsourcing limits its fleet leaves too much demand for and the access target
    it misses, or else the demand its fleet cannot scan."""
    problems = _budget_problems(state.data, state.buys, state.rooms) + _room_problems(state)
    if not problems and (
        state.data.max_outsourced or state.data.access_targets or state.data.revenue_budget
    ):
        problems = _outsourcing_problems(state, options, deadline)
    return problems or [
        PolicyProblem(
            Breach.DEMAND_BALANCE,
            "the fleet it keeps cannot scan the demand that may not be outsourced",
        )
    ]


def _outsourcing_problems(
    state: _Policy, options: SolveOptions, deadline: Deadline
) -> list[PolicyProblem]:
    """Each exam type and year whose outsourcing limit the policy's fleet leaves too many exams
    for, and each modality and year whose access target it misses: the elastic model
    (``Shortfall``) with the policy's decisions fixed, a linear programme, scans and outsources
    all it can, as near home as it can; exams still unmet where the limit is reached, and
    exams short of the target, are the breach. Empty when that programme is not solved (the
    time limit) or finds none. Likewise each trust and year whose revenue budget its running
    costs break."""
    try:
        data = build_capital_data(state.instance, shortfall=Shortfall())
        model = build_capital_model(data, deadline)
    except TimeLimitReached:
        return []
    fix_capital_decisions(model, data, state.decisions())
    if not solve_model(model, options, deadline=deadline).status.has_plan:
        return []
    unmet: dict[tuple[str, int], float] = defaultdict(float)
    for (_, e, y), exams in positive_entries(model.unmet):
        unmet[(e, y)] += exams
    problems = []
    for (e, y), short in sorted(unmet.items()):
        limit = data.max_outsourced.get((e, y))
        if limit is None:
            problems.append(
                PolicyProblem(
                    Breach.DEMAND_BALANCE,
                    f"the fleet it keeps leaves {short:,.0f} {e} exams in {y} unscanned, "
                    "and they may not be outsourced",
                )
            )
            continue
        problems.append(
            PolicyProblem(
                Breach.OUTSOURCING_LIMIT,
                f"the fleet it keeps leaves {short:,.0f} {e} exams in {y} neither scanned nor "
                f"outsourced: the outsourcing companies take at most {limit:,.0f}",
            )
        )
    for (mo, y), short in positive_entries(model.access_shortfall):
        problems.append(
            PolicyProblem(
                Breach.ACCESS_TARGET,
                f"the fleet it keeps scans {short:,.0f} {mo} exams in {y} too few within "
                f"{data.access_minutes:g} minutes of home: the access target asks for "
                f"{data.access_share:.0%} of {data.access_targets[(mo, y)]:,.0f}",
            )
        )
    for (t, y), over in positive_entries(model.revenue_overrun):
        spend = data.revenue_budget[(t, y)] + over
        problems.append(
            PolicyProblem(
                Breach.REVENUE_BUDGET,
                f"{t}'s running costs in {y} would be GBP {spend:,.0f} but its revenue budget "
                f"is GBP {data.revenue_budget[(t, y)]:,.0f}: GBP {over:,.0f} short",
            )
        )
    return problems


# --------------------------------------------------------------------------- solving


def _decide(instance: Instance, data: CapitalData, baseline: Baseline) -> _Policy:
    """Run the policy: every capital decision it makes, with its notes."""
    state = _Policy(instance, data, _existing_units(instance, data))
    if baseline.policy is BaselinePolicy.AGE:
        _run_age(state, baseline)
    else:
        _run_priority(state, baseline)  # practice: priority with growth
    return state


def policy_decisions(
    instance: Instance, data: CapitalData, policy: Baseline | str
) -> CapitalDecisions:
    """The capital decisions a baseline policy makes for ``instance`` (``data``: its capital
    model data)."""
    baseline = Baseline.parse(policy) if isinstance(policy, str) else policy
    return _decide(instance, data, baseline).decisions()


def priority_decisions(instance: Instance, data: CapitalData) -> CapitalDecisions:
    """The ``priority`` baseline's decisions (a
    :data:`~netopt.models.capital.decisions.DecisionRule`)."""
    return policy_decisions(instance, data, PRIORITY)


def practice_decisions(instance: Instance, data: CapitalData) -> CapitalDecisions:
    """The ``practice`` baseline's decisions: the optimiser's MIP start (a
    :data:`~netopt.models.capital.decisions.DecisionRule`). The ``practice`` plan keeps to the
    budgets and rooms, so the solver holds a plan from its first second."""
    return policy_decisions(instance, data, PRACTICE)


def policy_start(
    instance: Instance,
    data: CapitalData,
    model: pyo.ConcreteModel,
    policy: Baseline | str = "priority",
) -> ComponentMap:
    """A baseline policy's capital decisions as a MIP start for the built capital ``model``:
    values of the integer variables only (HiGHS completes the start by solving the linear
    programme that is left, as :func:`baseline_capital` does)."""
    return decision_values(model, data, policy_decisions(instance, data, policy))


def _free_size(model: pyo.ConcreteModel) -> ModelSize:
    """Size of what the solver sees: fixed variables are constants."""
    variables = integers = 0
    for var in model.component_data_objects(pyo.Var, active=True):
        if not var.fixed:
            variables += 1
            integers += int(var.is_integer() or var.is_binary())
    constraints = sum(1 for _ in model.component_data_objects(pyo.Constraint, active=True))
    return ModelSize(variables, integers, constraints)


def baseline_capital(
    instance: Instance,
    policy: Baseline | str,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> BaselinePlan:
    """The capital plan a baseline policy (``age:N``, ``priority``) makes for ``instance``, costed
    and tabled exactly like :func:`netopt.solve_capital`'s plans.

    The status is the linear programme's: ``optimal`` when the policy's plan is feasible;
    ``infeasible`` when it is not (``age:N`` ignores budgets; a committed purchase may need a
    room), with the reasons in ``notes`` (and ``summary.json``). ``options.time_limit`` bounds
    the whole call, counted from ``deadline``'s start when given.
    """
    baseline = Baseline.parse(policy) if isinstance(policy, str) else policy
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    t0 = time.perf_counter()
    try:
        with deadline.enforce("building the model data"):
            data = build_capital_data(instance)
            state = _decide(instance, data, baseline)
            decisions = state.decisions()
        t1 = time.perf_counter()
        with deadline.enforce("building the model"):
            model = build_capital_model(data, deadline)
            fix_capital_decisions(model, data, decisions)
    except TimeLimitReached as reached:
        seconds = time.perf_counter() - t0
        return _unsolved(instance, baseline, no_time_report(options, reached.stage), seconds)
    t2 = time.perf_counter()
    report = solve_model(model, options, deadline=deadline)
    t3 = time.perf_counter()
    notes = list(state.notes)
    cost_without_budgets: float | None = None
    if report.status.has_plan:
        values = budget_values(model, data, options, deadline, results_reserve(model_size(model)))
        tables = {**extract_tables(model, data, values), "sites": site_table(instance)}
    else:
        tables = {name: pd.DataFrame() for name in TABLES}
        if report.status is SolveStatus.INFEASIBLE:
            problems = _policy_problems(state, options, deadline)
            notes += [f"infeasible for {baseline}: {problem}" for problem in problems]
            cost_without_budgets = _cost_without_budgets(model, options, problems, deadline)
            if cost_without_budgets is not None:
                notes.append(
                    f"were the budgets found, this policy's plan would cost GBP "
                    f"{cost_without_budgets:,.0f} (net present cost)"
                )
    t4 = time.perf_counter()
    return BaselinePlan(
        network=instance.network.name,
        report=report,
        timings=Timings(data=t1 - t0, build=t2 - t1, solve=t3 - t2, results=t4 - t3),
        size=_free_size(model),
        baseline=baseline,
        notes=tuple(notes),
        cost_without_budgets=cost_without_budgets,
        **tables,
    )


def _unsolved(
    instance: Instance, baseline: Baseline, report: SolveReport, data_seconds: float
) -> BaselinePlan:
    """The plan of a baseline whose costing the time limit cut short."""
    return BaselinePlan(
        network=instance.network.name,
        report=report,
        timings=Timings(data=data_seconds, build=0.0, solve=0.0, results=0.0),
        size=ModelSize(0, 0, 0),
        baseline=baseline,
        notes=(f"not costed: {report.termination}",),
        cost_without_budgets=None,
        **{name: pd.DataFrame() for name in TABLES},
    )


def _cost_without_budgets(
    model: pyo.ConcreteModel,
    options: SolveOptions,
    problems: list[PolicyProblem],
    deadline: Deadline,
) -> float | None:
    """When only budgets are broken, what the policy's plan would cost if the money were found
    (for comparison only; such a plan is not written)."""
    if not problems or any(p.breach is not Breach.CAPITAL_BUDGET for p in problems):
        return None
    model.capital_budget.deactivate()
    try:
        report = solve_model(model, options, deadline=deadline)
    finally:
        model.capital_budget.activate()
    if not report.status.has_plan or report.objective is None:
        return None
    return report.objective


# --------------------------------------------------------------------------- comparison

COMPARISON_COLUMNS = [
    "plan",
    "objective",
    "saving_vs_plan",
    "saving_pct",
    "exams_outsourced",
    "demand_met_pct",
    "capital_spend",
    "status",
    "cost_if_funded",
    "saving_if_funded",
]


def _row(name: str, plan: CapitalPlan, reference: float | None) -> dict[str, Any]:
    nan = math.nan
    if not plan.status.has_plan or plan.objective is None:
        funded = plan.cost_without_budgets if isinstance(plan, BaselinePlan) else None
        if funded is None:
            funded = nan
        saving = nan if reference is None else funded - reference
        return dict(
            zip(
                COMPARISON_COLUMNS,
                [name, nan, nan, nan, nan, nan, nan, plan.status.value, funded, saving],
                strict=True,
            )
        )
    outsourced = float(plan.outsourced["exams"].sum()) if len(plan.outsourced) else 0.0
    demanded = float(plan.capacity["exams_demanded"].sum()) if len(plan.capacity) else 0.0
    saving = nan if reference is None else plan.objective - reference
    return {
        "plan": name,
        "objective": plan.objective,
        "saving_vs_plan": saving,
        "saving_pct": 100.0 * saving / abs(plan.objective) if plan.objective else nan,
        "exams_outsourced": outsourced,
        "demand_met_pct": 100.0 * (1.0 - outsourced / demanded) if demanded else 100.0,
        "capital_spend": float(plan.payments["amount"].sum()) if len(plan.payments) else 0.0,
        "status": plan.status.value,
        "cost_if_funded": nan,
        "saving_if_funded": nan,
    }


def compare_with_baselines(
    instance: Instance,
    plan: CapitalPlan,
    policies: Iterable[Baseline | str] = DEFAULT_POLICIES,
    options: SolveOptions | None = None,
) -> pd.DataFrame:
    """One row for ``plan`` (named ``optimised``) and one per baseline policy (see
    :func:`comparison_frame`)."""
    return comparison_frame(plan, baseline_plans(instance, policies, options))


def baseline_plans(
    instance: Instance,
    policies: Iterable[Baseline | str] = DEFAULT_POLICIES,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> list[BaselinePlan]:
    """The plans of several baseline policies, within one time limit (``options.time_limit``,
    counted from ``deadline``'s start when given)."""
    options = options or SolveOptions()
    deadline = deadline or Deadline(options.time_limit)
    return [baseline_capital(instance, policy, options, deadline=deadline) for policy in policies]


def comparison_frame(plan: CapitalPlan, baselines: Iterable[BaselinePlan]) -> pd.DataFrame:
    """One row for ``plan`` (named ``optimised``) and one per baseline plan.

    Columns: ``plan``; ``objective`` (net present cost, GBP); ``saving_vs_plan`` (the baseline's
    cost minus the plan's: what the plan saves, GBP; 0 for the plan); ``saving_pct`` (that
    saving as a percentage of the baseline's cost); ``exams_outsourced`` (over the horizon);
    ``demand_met_pct`` (exams not outsourced as a percentage of those demanded: 100 x (1 -
    outsourced / demanded), which is the share scanned in the network as no demand is unmet);
    ``capital_spend`` (cash, undiscounted, GBP); ``status`` (a baseline that is infeasible, e.g.
    an ``age:N`` plan that breaks a budget, has empty figures); for a baseline that breaks only
    the capital budgets, ``cost_if_funded`` (its net present cost were the money found, GBP)
    and ``saving_if_funded`` (that cost minus the plan's).
    """
    reference = plan.objective if plan.status.has_plan else None
    rows = [_row("optimised", plan, reference)]
    rows += [_row(str(b.baseline), b, reference) for b in baselines]
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
