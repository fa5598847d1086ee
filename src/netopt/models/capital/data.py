"""Plain, frozen data for the capital model: sparse index sets and precomputed coefficients.

Everything the Pyomo model needs is computed here once, from the validated instance, so that
constraint rules only look values up. Names follow ``models/capital.md``.

Time convention: a scanner retired "in year r" leaves service at the start of year r (it serves
years before r); ``r = end_year`` (the year after the horizon) means it is still in service at the
horizon end, and its residual value is credited then. Money in year y is discounted by
``(1 + rate) ** -(y - first_year)``; purchases are paid at the start of their year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from netopt.graph.travel import travel_minutes
from netopt.models.demand import demand_by_year
from netopt.schema import (
    NETWORK_OWNER,
    AgeProfile,
    Asset,
    InputProblem,
    Instance,
    InstanceError,
    Modality,
    ResidualValueRule,
    Room,
)

Need = str
"""A capability an exam needs; ``ANY`` for exams any scanner of the modality can do."""
ANY: Need = ""


@dataclass(frozen=True)
class Amount:
    """A sum an age profile gives for one age: GBP, or a fraction of the unit's purchase price."""

    value: float
    of_price: bool = False
    """Whether ``value`` is a fraction of the purchase price (else GBP)."""

    @staticmethod
    def given(gbp: float | None, fraction: float | None) -> Amount | None:
        """The amount a row gives as GBP or as a fraction (None: neither)."""
        if fraction is not None:
            return Amount(fraction, of_price=True)
        return None if gbp is None else Amount(gbp)

    def gbp(self, price: float | None) -> float:
        """The amount in GBP for a unit bought at ``price``."""
        if not self.of_price:
            return self.value
        assert price is not None  # the schema checks require a price for fractions
        return self.value * price


@dataclass(frozen=True)
class Profile:
    """Age profile lookups; ages past the last row take the last row's values."""

    maintenance_cost: tuple[Amount, ...]
    resale_value: tuple[Amount, ...]
    downtime_fraction: tuple[float, ...]
    residual_value: tuple[Amount, ...] = ()
    """The profile's own residual value by age; empty: the policy's rule."""

    @staticmethod
    def from_rows(rows: Iterable[AgeProfile]) -> Profile:
        ordered = sorted(rows, key=lambda r: r.age)

        def amounts(gbp: str, fraction: str) -> tuple[Amount, ...]:
            given = [Amount.given(getattr(r, gbp), getattr(r, fraction)) for r in ordered]
            return tuple(a for a in given if a is not None)

        return Profile(
            amounts("maintenance_cost", "maintenance_fraction"),
            amounts("resale_value", "resale_fraction"),
            tuple(r.downtime_fraction for r in ordered),
            amounts("residual_value", "residual_fraction"),
        )

    def maintenance(self, age: int) -> Amount:
        return self.maintenance_cost[min(age, len(self.maintenance_cost) - 1)]

    def resale(self, age: int) -> Amount:
        return self.resale_value[min(age, len(self.resale_value) - 1)]

    def residual(self, age: int) -> Amount | None:
        """The profile's own residual value at ``age`` (None: it gives none)."""
        if not self.residual_value:
            return None
        return self.residual_value[min(age, len(self.residual_value) - 1)]

    def downtime(self, age: int) -> float:
        return self.downtime_fraction[min(age, len(self.downtime_fraction) - 1)]


@dataclass(frozen=True)
class UnitMoney:
    """What one unit costs and is worth by age, in GBP: its age profile read against its
    purchase price, and the residual value rule (``models/capital.md``, Residual value)."""

    profile: Profile
    price: float | None
    """Purchase price the profile's fractions are of; None: an existing scanner without one."""
    economic_life: int
    """Years over which ``straight_line`` writes the price off: a catalogue model's lifetime,
    an existing scanner's maximum age."""
    rule: ResidualValueRule

    def maintenance(self, age: int) -> float:
        """Maintenance for a year begun at ``age`` (GBP)."""
        return self.profile.maintenance(age).gbp(self.price)

    def resale(self, age: int) -> float:
        """Value when leaving service within the plan at ``age`` (GBP)."""
        return self.profile.resale(age).gbp(self.price)

    def residual(self, age: int) -> float:
        """Value when still in service at the horizon end at ``age`` (GBP): the profile's own
        residual value, else straight-line over the economic life, else (the ``resale`` rule,
        or no purchase price) the resale value."""
        own = self.profile.residual(age)
        if own is not None:
            return own.gbp(self.price)
        if self.rule is ResidualValueRule.STRAIGHT_LINE and self.price is not None:
            return self.price * max(0.0, 1.0 - age / self.economic_life)
        return self.resale(age)


@dataclass(frozen=True)
class Cohort:
    """Existing scanners identical in every respect the model sees; decided as a count."""

    assets: tuple[str, ...]
    """Asset ids, in the order units are assigned to retirement decisions."""
    site: str
    owner: str
    """Who owns its units (a trust id or ``network``): the assets' ``owner``, else the site's.
    The owner pays their maintenance and receives their resale and residual value."""
    modality: str
    kind: str
    install_year: int
    retire_years: tuple[int, ...]
    """Years it may leave service (``end_year`` = kept to the horizon end)."""


@dataclass(frozen=True)
class Window:
    """One way a unit can be held: its cost and its hours in each year of service."""

    hours: dict[int, float]
    """Year -> scanner hours in service per unit (after downtime by age and condition, and
    the installation weeks of a new unit's first year)."""
    maintenance_npv: float
    """Discounted maintenance per unit over the window (GBP)."""
    resale_npv: float
    """Discounted resale (retired in the horizon) per unit (GBP)."""
    residual_npv: float
    """Discounted residual value (held at the horizon end) per unit (GBP)."""
    maintenance: dict[int, float] = field(default_factory=dict)
    """Year -> maintenance per unit that year (GBP, cash): ``maintenance_npv`` undiscounted,
    for the costs by trust and year."""
    throughput: float = 1.0
    """Exams per scan hour relative to the exam types' scan minutes (``throughput_factor``)."""
    installation_hours_lost: dict[int, float] = field(default_factory=dict)
    """Year -> scanner hours per unit lost to installation (a new unit's first year only)."""


@dataclass(frozen=True)
class CapitalData:
    """Index sets and coefficients of the capital model (see ``models/capital.md``)."""

    years: tuple[int, ...]
    end_year: int
    discount_factor: dict[int, float]
    """Year -> discount factor; includes ``end_year``."""

    trusts: tuple[str, ...]
    capital_budget: dict[tuple[str, int], float]
    revenue_budget: dict[tuple[str, int], float]
    """(trust, year) -> revenue budget (GBP, cash), where one is given (``revenue_budget``)."""
    carry_over: frozenset[str]
    payer_share: dict[str, dict[str, float]]
    """Site -> trust -> fraction of the site's capital costs it pays."""
    owner_share: dict[str, dict[str, float]]
    """Owner (a trust id or ``network``) -> trust -> fraction of the money of the existing
    scanners it owns that the trust pays or receives."""

    modalities: tuple[str, ...]
    kinds: dict[str, tuple[str, frozenset[str]]]
    """Scanner kind id -> (modality, capabilities)."""
    needs_of_kind: dict[str, tuple[Need, ...]]
    """Kind -> the needs it can serve (ANY and each of its capabilities)."""

    rooms: dict[tuple[str, str], int]
    """(site, modality) -> rooms at the start."""
    max_new_rooms: dict[tuple[str, str], int]
    new_room_cost: dict[tuple[str, str], float]
    utilisation_ceiling: dict[tuple[str, str], float]
    """(site, modality) -> share of available scan hours a plan may book (``u[s, mo]``), for
    every rooms row; see :meth:`ceiling` for any site."""
    target_utilisation: dict[str, float]
    """Modality -> its ``target_utilisation`` (the ceiling where a site has no rooms row)."""
    installation_works_cost: dict[tuple[str, str], float]
    """(site, modality) -> enabling works per scanner installed (GBP); only where positive."""

    exam_modality: dict[str, str]
    exam_need: dict[str, Need]
    scan_hours: dict[str, float]
    """Exam type -> scanner hours per exam."""
    outsourcing_cost: dict[str, float]
    """Exam types that may be outsourced -> price per exam."""
    in_house_cost: dict[str, float]
    """Exam types with a variable cost of scanning in-house -> GBP per exam (only positive)."""
    max_outsourced: dict[tuple[str, int], float]
    """(exam type, year) -> most exams outsourced network-wide, where a limit is given and
    the exam type may be outsourced in that year (``outsourcing_limit``)."""
    demand: dict[tuple[str, str, int], float]
    """(origin site, exam type, year) -> exams; only positive entries."""
    travel_minutes: dict[tuple[str, str], float]
    """(origin, site) -> travel minutes, for pairs patients may travel."""
    travel_cost: dict[tuple[str, str], float]
    """(origin, site) -> GBP per exam for pairs patients may travel."""
    flows: tuple[tuple[str, str, str, int], ...]
    """(origin, site, exam type, year): where each demand may be scanned (``reach(o, e)``)."""
    access_share: float
    """``X``: share of each modality's exams a year that must be scanned within
    ``access_minutes`` of home (0: no access target)."""
    access_minutes: float
    """``Y``: travel minutes of the access target (0 when there is none)."""
    access_targets: dict[tuple[str, int], float]
    """(modality, year) -> ``D[mo, y]``, the modality's exams demanded network-wide that year,
    where the access target applies (sparse: only with a target and demand)."""
    access_flows: dict[tuple[str, int], tuple[tuple[str, str, str, int], ...]]
    """(modality, year) of ``access_targets`` -> the flows of that modality and year whose
    travel minutes are at most ``access_minutes`` (0 at home)."""

    cohorts: tuple[Cohort, ...]
    cohort_windows: dict[CohortWindow, Window]
    """(cohort index, retire year) -> window."""

    models: dict[str, CatalogueInfo]
    purchases: tuple[tuple[str, str, int], ...]
    """(site, model, year) a model may be bought in."""
    buy_windows: dict[BuyWindow, Window]
    """(site, model, purchase year, retire year) -> window."""
    max_units: dict[tuple[str, str], int]
    """(site, modality) -> most units that can ever stand there (rooms + new rooms)."""
    discount_tiers: dict[str, tuple[tuple[int, float], ...]]
    """Model -> (min units, discount) tiers in increasing min units."""
    committed: dict[tuple[str, str, int], int]

    room_builds: tuple[tuple[str, str, int], ...]
    """(site, modality, year) where rooms may be built."""

    cohort_hours: dict[tuple[str, str, int], tuple[tuple[CohortWindow, float], ...]] = field(
        repr=False
    )
    """(site, kind, year) -> (cohort window, bookable hours per unit) of existing scanners in
    service: hours in service x throughput factor x utilisation ceiling, the hours of exams at
    their scan minutes the unit may take (``hours[c, r, y]``)."""
    buy_hours: dict[tuple[str, str, int], tuple[tuple[BuyWindow, float], ...]] = field(repr=False)
    """(site, kind, year) -> (purchase window, bookable hours per unit) of new scanners in
    service (``hours[s, md, v, r, y]``)."""
    cohort_rooms: dict[tuple[str, str, int], tuple[CohortWindow, ...]] = field(repr=False)
    """(site, modality, year) -> cohort windows in service (each unit occupies a room)."""
    buy_rooms: dict[tuple[str, str, int], tuple[BuyWindow, ...]] = field(repr=False)
    """(site, modality, year) -> purchase windows in service."""
    serve_needs: tuple[tuple[str, str, Need, int], ...] = field(repr=False)
    """(site, kind, need, year) where scan hours of a kind may be used for a need."""
    rounding_cuts: tuple[RoundingCut, ...] = field(repr=False)
    """Clusters for the ``capacity_rounding`` valid inequalities."""
    single_scanner_flows: tuple[tuple[str, str, str, int], ...] = field(repr=False)
    """The ``flows`` into sites with room for at most one scanner of the exam's modality
    (``single_scanner_link``)."""
    shortfall: Shortfall | None = None
    """None: the strict model. Otherwise the elastic model with these penalties."""

    def ceiling(self, site: str, modality: str) -> float:
        """The utilisation ceiling of ``modality`` at ``site``: its rooms row's, else the
        modality's."""
        return self.utilisation_ceiling.get((site, modality), self.target_utilisation[modality])


@dataclass(frozen=True)
class Shortfall:
    """Penalties of the elastic model used to explain infeasibility.

    With these, every shortfall is allowed at a price, so a plan always exists, and the least
    penalised plan shows the smallest changes that would make the instance feasible. Penalties
    are set so that money is found before patients go unscanned, and rooms or commitments are
    broken only when nothing else helps.
    """

    budget_overrun: float = 1.0
    """Penalty per GBP spent beyond a trust's capital budget in a year."""
    revenue_overrun: float = 1.0
    """Penalty per GBP of running costs beyond a trust's revenue budget in a year."""
    unmet_exam: float = 1e5
    """Penalty per exam neither scanned nor outsourced."""
    access_exam: float = 1e4
    """Penalty per exam short of the access target (scanned further from home, or
    outsourced): a tenth of an unmet exam's, since that patient is still scanned."""
    extra_room: float = 1e7
    """Penalty per room-year used beyond the rooms a site has or may build."""
    committed_unit: float = 1e7
    """Penalty per committed unit not bought."""
    cost_weight: float = 1e-6
    """Weight of the net present cost, so that among least-shortfall plans a cheap one is shown."""


@dataclass(frozen=True)
class RoundingCut:
    """Data of one ``capacity_rounding`` cut: a cluster of sites, a need, a year."""

    sites: frozenset[str]
    """Sites whose scanners may serve the demand below."""
    modality: str
    need: Need
    year: int
    demand_hours: float
    """Scan hours of the demand with this need from origins that can reach only these sites."""
    demand_keys: tuple[tuple[str, str], ...]
    """(origin, exam type) of that demand."""


@dataclass(frozen=True)
class CatalogueInfo:
    id: str
    modality: str
    kind: str
    price: float
    lead_time: int


CohortWindow = tuple[int, int]
"""(cohort index, retire year)."""
BuyWindow = tuple[str, str, int, int]
"""(site, model, purchase year, retire year)."""


def kind_id(modality: str, capabilities: Iterable[str]) -> str:
    """Readable id of a scanner kind, e.g. ``CT+cardiac``."""
    return "+".join([modality, *sorted(set(capabilities))])


WEEKS_PER_YEAR = 52.0
"""Weeks in a year, for installation weeks as a share of a year's hours."""


@dataclass(frozen=True)
class Scanning:
    """How one unit scans: its hours a year before downtime, its condition downtime, its
    throughput factor and, for a new unit, the installation weeks of its first year."""

    hours_per_year: float
    extra_downtime: float = 0.0
    throughput: float = 1.0
    installation_weeks: float = 0.0


def _window(
    profile: Profile,
    in_service: int,
    leave: int,
    df: dict[int, float],
    scanning: Scanning,
    *,
    money: UnitMoney,
) -> Window:
    """Costs and hours in the plan of a unit in service from ``in_service`` (its age 0 year) to
    the start of ``leave``; years before the plan are sunk and not counted. Hours by age from
    ``profile`` and ``scanning`` (in its first year of service a unit loses
    ``installation_weeks / 52`` of its hours, on top of downtime); maintenance, resale and
    residual value in GBP from ``money``."""
    first, end_year = min(df), max(df)
    hours: dict[int, float] = {}
    lost: dict[int, float] = {}
    maintenance: dict[int, float] = {}
    for year in range(max(in_service, first), leave):
        age = year - in_service
        down = profile.downtime(age) + scanning.extra_downtime
        hours[year] = scanning.hours_per_year * max(0.0, 1.0 - down)
        if year == in_service and scanning.installation_weeks > 0:
            installing = scanning.installation_weeks / WEEKS_PER_YEAR
            served = scanning.hours_per_year * max(0.0, 1.0 - down - installing)
            lost[year] = hours[year] - served
            hours[year] = served
        maintenance[year] = money.maintenance(age)
    npv = sum(df[year] * cash for year, cash in maintenance.items())
    held = leave == end_year
    age_out = leave - in_service
    value = df[leave] * (money.residual(age_out) if held else money.resale(age_out))
    return Window(
        hours,
        npv,
        0.0 if held else value,
        value if held else 0.0,
        maintenance,
        scanning.throughput,
        lost,
    )


@dataclass(frozen=True, order=True)
class _CohortKey:
    """What makes two existing scanners interchangeable to the model, and to the trusts that
    pay for them (scanners of different owners are never one cohort)."""

    site: str
    owner: str
    modality: str
    capabilities: tuple[str, ...]
    install_year: int
    hours_per_year: float
    profile: str
    max_age: int
    condition_downtime: float
    throughput: float
    purchase_price: float | None


def _cohort_key(asset: Asset, modality: Modality, site_owner: str) -> _CohortKey:
    profile = asset.age_profile or modality.default_age_profile
    assert profile is not None  # guaranteed by the schema checks
    return _CohortKey(
        asset.site,
        asset.owner or site_owner,
        asset.modality,
        tuple(sorted(set(asset.capabilities))),
        asset.install_year,
        asset.hours_per_year,
        profile,
        asset.max_age_years or modality.max_age_years,
        asset.condition_downtime_fraction,
        asset.throughput_factor,
        asset.purchase_price,
    )


def build_capital_data(instance: Instance, shortfall: Shortfall | None = None) -> CapitalData:
    """Compute the capital model's sets and coefficients from a validated instance; with
    ``shortfall``, for the elastic model that explains infeasibility (commitments that cannot
    be bought and demand that can never be scanned are then shortfalls, not input errors)."""
    horizon = plan_horizon(instance)
    profiles = age_profiles(instance)
    rooms = room_limits(instance)
    kinds = scanner_kinds(instance)
    exams = exam_parameters(instance)
    demand = demand_by_year(instance, horizon.years)
    limits = travel_limits(instance, {(o, e) for (o, e, _) in demand})
    reach = patient_reach(instance, limits, host_sites(rooms.max_units))
    flows = demand_flows(demand, reach.exam_sites)
    access = access_target(instance, demand, flows, reach.minutes, exams)
    if shortfall is None:
        check_demand_can_be_met(instance, demand, reach.exam_sites, limits, exams)
        check_access_target_can_be_met(instance, access, reach, demand, exams)
    cohorts, cohort_windows = existing_cohorts(instance, profiles, horizon)
    models = catalogue_models(instance)
    purchases, buy_windows = purchase_windows(
        instance, host_sites(rooms.max_units), profiles, horizon, installation_weeks(instance)
    )
    committed = committed_purchases(instance, purchases, strict=shortfall is None)
    ceilings = utilisation_ceilings(instance)
    cohort_hours, buy_hours = hours_in_service(
        cohorts, cohort_windows, models, buy_windows, ceilings
    )
    needs_of_kind = needs_of_kinds(kinds)
    return CapitalData(
        years=horizon.years,
        end_year=horizon.end_year,
        discount_factor=horizon.discount_factor,
        trusts=tuple(t.id for t in instance.trusts),
        capital_budget=capital_budgets(instance, horizon.years),
        revenue_budget=revenue_budgets(instance, horizon.years),
        carry_over=frozenset(t.id for t in instance.trusts if t.carry_over),
        payer_share=payer_shares(instance),
        owner_share=owner_shares(instance),
        modalities=tuple(m.id for m in instance.modalities),
        kinds=kinds,
        needs_of_kind=needs_of_kind,
        rooms=rooms.rooms,
        max_new_rooms=rooms.max_new_rooms,
        new_room_cost=rooms.new_room_cost,
        utilisation_ceiling=ceilings,
        target_utilisation={m.id: m.target_utilisation for m in instance.modalities},
        installation_works_cost=installation_works_costs(instance),
        exam_modality=exams.modality,
        exam_need=exams.need,
        scan_hours=exams.scan_hours,
        outsourcing_cost=exams.outsourcing_cost,
        in_house_cost=exams.in_house_cost,
        max_outsourced=outsourcing_limits(instance, demand, exams),
        demand=demand,
        travel_minutes=reach.minutes,
        travel_cost=reach.cost,
        flows=flows,
        access_share=access.share,
        access_minutes=access.minutes,
        access_targets=access.targets,
        access_flows=access.flows,
        cohorts=cohorts,
        cohort_windows=cohort_windows,
        models=models,
        purchases=purchases,
        buy_windows=buy_windows,
        max_units=rooms.max_units,
        discount_tiers=discount_tiers(instance),
        committed=committed,
        room_builds=room_builds(rooms.max_new_rooms, horizon.years),
        cohort_hours=cohort_hours,
        buy_hours=buy_hours,
        cohort_rooms=rooms_in_service(cohort_hours, kinds),
        buy_rooms=rooms_in_service(buy_hours, kinds),
        serve_needs=serving_needs(flows, {*cohort_hours, *buy_hours}, kinds, needs_of_kind, exams),
        rounding_cuts=rounding_cuts(demand, reach, exams),
        single_scanner_flows=single_scanner_flows(flows, rooms.max_units, exams.modality),
        shortfall=shortfall,
    )


# --------------------------------------------------------------------------- time and money


@dataclass(frozen=True)
class Horizon:
    """The plan years, the year after them and the discount factor of each."""

    years: tuple[int, ...]
    end_year: int
    discount_factor: dict[int, float]
    """Year -> ``(1 + rate) ** -(year - first year)``; includes ``end_year``."""


def plan_horizon(instance: Instance) -> Horizon:
    net = instance.network
    years = tuple(net.years)
    first, end = years[0], years[-1] + 1
    df = {y: (1.0 + net.discount_rate) ** -(y - first) for y in (*years, end)}
    return Horizon(years, end, df)


def capital_budgets(instance: Instance, years: Iterable[int]) -> dict[tuple[str, int], float]:
    """(trust, year) -> capital budget: the year's row of the budgets table, else the trust's."""
    rows = {(b.trust, b.year): b.capital_budget for b in instance.budgets}
    return {
        (t.id, y): rows.get((t.id, y), t.capital_budget) for t in instance.trusts for y in years
    }


def revenue_budgets(instance: Instance, years: Iterable[int]) -> dict[tuple[str, int], float]:
    """(trust, year) -> revenue budget: the year's ``revenue_budgets`` row, else the trust's
    ``revenue_budget``; only where one is given (elsewhere revenue is not limited)."""
    rows = {(r.trust, r.year): r.revenue_budget for r in instance.revenue_budgets}
    budgets: dict[tuple[str, int], float] = {}
    for t in instance.trusts:
        for y in years:
            amount = rows.get((t.id, y), t.revenue_budget)
            if amount is not None:
                budgets[(t.id, y)] = amount
    return budgets


def owner_shares(instance: Instance) -> dict[str, dict[str, float]]:
    """Owner -> trust -> fraction of the owner's costs it pays (and values it receives): a
    trust all of its own, and ``network`` every trust its capital share."""
    shares = {t.id: t.capital_share / 100.0 for t in instance.trusts if t.capital_share > 0}
    return {NETWORK_OWNER: shares, **{t.id: {t.id: 1.0} for t in instance.trusts}}


def payer_shares(instance: Instance) -> dict[str, dict[str, float]]:
    """Site -> trust -> fraction of the site's capital costs it pays: the owning trust all of
    it, or at a network site every trust its capital share (:func:`owner_shares` of the
    site's owner)."""
    owners = owner_shares(instance)
    return {s.id: owners[s.owner] for s in instance.sites}


def age_profiles(instance: Instance) -> dict[str, Profile]:
    """Profile name -> its lookups by age."""
    rows: dict[str, list[AgeProfile]] = defaultdict(list)
    for row in instance.age_profiles:
        rows[row.profile].append(row)
    return {name: Profile.from_rows(r) for name, r in rows.items()}


# --------------------------------------------------------------------------- rooms and kinds


@dataclass(frozen=True)
class RoomLimits:
    """The rooms table by (site, modality)."""

    rooms: dict[tuple[str, str], int]
    """Rooms at the start."""
    max_new_rooms: dict[tuple[str, str], int]
    """Rooms that may be built; only where some may."""
    new_room_cost: dict[tuple[str, str], float]
    max_units: dict[tuple[str, str], int]
    """Most units that can ever stand there (rooms + new rooms)."""


def room_limits(instance: Instance) -> RoomLimits:
    rows = instance.rooms
    return RoomLimits(
        rooms={(r.site, r.modality): r.rooms for r in rows},
        max_new_rooms={(r.site, r.modality): r.max_new_rooms for r in rows if r.max_new_rooms > 0},
        new_room_cost={(r.site, r.modality): r.new_room_cost for r in rows},
        max_units={(r.site, r.modality): r.rooms + r.max_new_rooms for r in rows},
    )


def room_or_modality(
    instance: Instance,
    of_room: Callable[[Room], float | None],
    of_modality: Callable[[Modality], float],
) -> dict[tuple[str, str], float]:
    """(site, modality) -> a rooms row's setting (``of_room``), else its modality's
    (``of_modality``), for every rooms row."""
    default = {m.id: of_modality(m) for m in instance.modalities}
    out: dict[tuple[str, str], float] = {}
    for r in instance.rooms:
        value = of_room(r)
        out[(r.site, r.modality)] = default[r.modality] if value is None else value
    return out


def utilisation_ceilings(instance: Instance) -> dict[tuple[str, str], float]:
    """(site, modality) -> share of available scan hours a plan may book (``u[s, mo]``): the
    rooms row's ``target_utilisation``, else the modality's, for every rooms row."""
    return room_or_modality(
        instance, lambda r: r.target_utilisation, lambda m: m.target_utilisation
    )


def installation_works_costs(instance: Instance) -> dict[tuple[str, str], float]:
    """(site, modality) -> enabling works per scanner installed (GBP, ``works[s, mo]``): the
    rooms row's ``installation_works_cost``, else the modality's; only where positive."""
    costs = room_or_modality(
        instance, lambda r: r.installation_works_cost, lambda m: m.installation_works_cost
    )
    return {key: cost for key, cost in costs.items() if cost > 0}


def installation_weeks(instance: Instance) -> dict[tuple[str, str], float]:
    """(site, modality) -> weeks a new scanner installed there is not yet scanning in its first
    year of service: the rooms row's ``installation_weeks``, else the modality's."""
    return room_or_modality(
        instance, lambda r: r.installation_weeks, lambda m: m.installation_weeks
    )


def host_sites(max_units: dict[tuple[str, str], int]) -> dict[str, list[str]]:
    """Modality -> the sites where at least one of its scanners can stand."""
    sites: dict[str, list[str]] = defaultdict(list)
    for (site, mod), units in max_units.items():
        if units > 0:
            sites[mod].append(site)
    return dict(sites)


def room_builds(
    max_new_rooms: dict[tuple[str, str], int], years: Iterable[int]
) -> tuple[tuple[str, str, int], ...]:
    """(site, modality, year) where rooms may be built: every plan year where any may."""
    years = tuple(years)
    return tuple((s, m, y) for (s, m) in sorted(max_new_rooms) for y in years)


def scanner_kinds(instance: Instance) -> dict[str, tuple[str, frozenset[str]]]:
    """Kind id -> (modality, capabilities) of the scanner kinds in the fleet or the catalogue."""
    kinds: dict[str, tuple[str, frozenset[str]]] = {}
    scanners = [(a.modality, a.capabilities) for a in instance.assets]
    scanners += [(k.modality, k.capabilities) for k in instance.catalogue]
    for mod, caps in scanners:
        kinds.setdefault(kind_id(mod, caps), (mod, frozenset(caps)))
    return kinds


def needs_of_kinds(kinds: dict[str, tuple[str, frozenset[str]]]) -> dict[str, tuple[Need, ...]]:
    """Kind -> the needs it can serve: ANY and each of its capabilities."""
    return {k: (ANY, *sorted(caps)) for k, (_, caps) in kinds.items()}


# --------------------------------------------------------------------------- demand and travel


@dataclass(frozen=True)
class ExamParameters:
    """The exam types table by exam type id."""

    modality: dict[str, str]
    need: dict[str, Need]
    scan_hours: dict[str, float]
    """Scanner hours per exam."""
    outsourcing_cost: dict[str, float]
    """Price per exam, for exam types that may be outsourced."""
    in_house_cost: dict[str, float]
    """Variable cost of scanning one exam in-house (GBP), for exam types where it is > 0."""


def exam_parameters(instance: Instance) -> ExamParameters:
    types = instance.exam_types
    return ExamParameters(
        in_house_cost={e.id: e.in_house_cost for e in types if e.in_house_cost > 0},
        modality={e.id: e.modality for e in types},
        need={e.id: e.capability or ANY for e in types},
        scan_hours={e.id: e.scan_minutes / 60.0 for e in types},
        outsourcing_cost={
            e.id: e.outsourcing_cost for e in types if e.outsourcing_cost is not None
        },
    )


def outsourcing_limits(
    instance: Instance,
    demand: Mapping[tuple[str, str, int], float],
    exams: ExamParameters,
) -> dict[tuple[str, int], float]:
    """(exam type, year) -> ``max_outsourced``: the ``outsourcing_limits`` row of that year,
    else the exam type's ``outsourcing_capacity``; only where some demand of the type arises
    that year and it may be outsourced (elsewhere the limit has nothing to bound)."""
    rows = {(r.exam_type, r.year): r.max_exams for r in instance.outsourcing_limits}
    default = {e.id: e.outsourcing_capacity for e in instance.exam_types}
    limits: dict[tuple[str, int], float] = {}
    for e, y in sorted({(e, y) for (_, e, y) in demand if e in exams.outsourcing_cost}):
        limit = rows.get((e, y), default[e])
        if limit is not None:
            limits[(e, y)] = limit
    return limits


@dataclass(frozen=True)
class TravelLimits:
    """The travel limits that apply to patients, by origin (``max_travel``; None: no limit)."""

    modality: dict[tuple[str, str], float | None]
    """(origin, modality) -> the modality's limit from that origin: the origin's
    ``travel_limits`` row for the modality, else the modality's ``max_travel_minutes``."""
    exam: dict[tuple[str, str], float | None]
    """(origin, exam type) -> ``max_travel[o, e]``: the origin's ``travel_limits`` row for the
    exam type, else the smaller of the modality's limit from the origin and the exam type's
    own ``max_travel_minutes``."""

    def cutoff(self) -> float | None:
        """The longest any limit lets a patient travel (None: some patients have no limit)."""
        values = [*self.modality.values(), *self.exam.values()]
        if any(v is None for v in values):
            return None
        return max((v for v in values if v is not None), default=0.0)


def _tightest(a: float | None, b: float | None) -> float | None:
    """The smaller of two limits, where None is no limit."""
    if a is None:
        return b
    return a if b is None else min(a, b)


def travel_limits(instance: Instance, demanded: Iterable[tuple[str, str]]) -> TravelLimits:
    """The limit of every origin with demand for every modality, and of every demanded
    (origin, exam type): a ``travel_limits`` row replaces the limit from its origin (so it may
    loosen it), a row naming an exam type replacing every other; an exam type's own
    ``max_travel_minutes`` only tightens."""
    of_modality = {m.id: m.max_travel_minutes for m in instance.modalities}
    exam_types = {e.id: e for e in instance.exam_types}
    general = {
        (r.origin, r.modality): r.max_travel_minutes
        for r in instance.travel_limits
        if r.exam_type is None
    }
    specific = {
        (r.origin, r.exam_type): r.max_travel_minutes
        for r in instance.travel_limits
        if r.exam_type is not None
    }
    demanded = sorted(set(demanded))
    modality: dict[tuple[str, str], float | None] = {
        (o, mo): general.get((o, mo), limit)
        for o in sorted({o for o, _ in demanded})
        for mo, limit in of_modality.items()
    }
    exam: dict[tuple[str, str], float | None] = {}
    for o, e in demanded:
        if (o, e) in specific:
            exam[(o, e)] = specific[(o, e)]
        else:
            exam_type = exam_types[e]
            exam[(o, e)] = _tightest(
                modality[(o, exam_type.modality)], exam_type.max_travel_minutes
            )
    return TravelLimits(modality, exam)


@dataclass(frozen=True)
class PatientReach:
    """Where each origin's patients may go (sparse: within the travel limit)."""

    sites: dict[tuple[str, str], list[str]]
    """(origin, modality) -> sites hosting the modality within the modality's limit from the
    origin (the clusters of ``capacity_rounding``)."""
    exam_sites: dict[tuple[str, str], list[str]]
    """(origin, exam type) -> ``reach(o, e)``: sites hosting the exam's modality within
    ``max_travel[o, e]`` of the origin (the ``flows``)."""
    minutes: dict[tuple[str, str], float]
    """(origin, site) -> travel minutes, for pairs patients may travel."""
    cost: dict[tuple[str, str], float]
    """(origin, site) -> GBP per exam, for pairs patients may travel."""


def patient_reach(
    instance: Instance, limits: TravelLimits, hosts: dict[str, list[str]]
) -> PatientReach:
    """The reach of every origin with demand (``limits``, see :func:`travel_limits`), per
    modality and per demanded exam type (``hosts``: modality -> sites that can host it)."""
    minutes = travel_minutes(instance, limits.cutoff())
    rate = instance.policy.travel_cost_per_minute
    modality_of = {e.id: e.modality for e in instance.exam_types}
    reach = PatientReach({}, {}, {}, {})

    def within(origin: str, modality: str, limit: float | None) -> list[str]:
        ok = [
            d
            for d in hosts.get(modality, [])
            if d in minutes[origin] and (limit is None or minutes[origin][d] <= limit)
        ]
        for d in ok:
            reach.minutes[(origin, d)] = minutes[origin][d]
            reach.cost[(origin, d)] = rate * minutes[origin][d]
        return ok

    for (origin, modality), limit in limits.modality.items():
        reach.sites[(origin, modality)] = within(origin, modality, limit)
    for (origin, exam), limit in limits.exam.items():
        reach.exam_sites[(origin, exam)] = within(origin, modality_of[exam], limit)
    return reach


def demand_flows(
    demand: dict[tuple[str, str, int], float], reach: dict[tuple[str, str], list[str]]
) -> tuple[tuple[str, str, str, int], ...]:
    """(origin, site, exam type, year): where each demand may be scanned (``reach``: (origin,
    exam type) -> sites)."""
    return tuple((o, d, e, y) for (o, e, y) in sorted(demand) for d in reach[(o, e)])


def check_demand_can_be_met(
    instance: Instance,
    demand: dict[tuple[str, str, int], float],
    reach: dict[tuple[str, str], list[str]],
    limits: TravelLimits,
    exams: ExamParameters,
) -> None:
    """Demand no site can ever scan (none within its travel limit hosts the modality) and that
    may not be outsourced makes every plan infeasible: say which, at the demand row."""
    stranded = {
        (o, e) for (o, e, _) in demand if not reach[(o, e)] and e not in exams.outsourcing_cost
    }
    if not stranded:
        return
    problems = []
    for i, row in enumerate(instance.demand):
        if (row.site, row.exam_type) in stranded:
            stranded.discard((row.site, row.exam_type))
            mod = exams.modality[row.exam_type]
            limit = limits.exam[(row.site, row.exam_type)]
            within = "anywhere reachable" if limit is None else f"within {limit:g} minutes"
            problems.append(
                InputProblem(
                    ("demand", i),
                    f"{row.exam_type} exams at {row.site} can never be scanned: no site "
                    f"{within} has {mod} rooms, and {row.exam_type} has no outsourcing_cost",
                )
            )
    raise InstanceError(problems)


@dataclass(frozen=True)
class AccessTarget:
    """The access target's data (see the fields of the same names in :class:`CapitalData`)."""

    share: float
    minutes: float
    targets: dict[tuple[str, int], float]
    flows: dict[tuple[str, int], tuple[tuple[str, str, str, int], ...]]


def access_target(
    instance: Instance,
    demand: Mapping[tuple[str, str, int], float],
    flows: Iterable[tuple[str, str, str, int]],
    minutes: Mapping[tuple[str, str], float],
    exams: ExamParameters,
) -> AccessTarget:
    """The policy's access target per modality and year with demand: ``D[mo, y]`` and the
    flows within ``access_minutes`` of home; empty without a target (or a share of 0)."""
    policy = instance.policy
    if policy.access_share is None or policy.access_minutes is None or policy.access_share <= 0:
        return AccessTarget(0.0, 0.0, {}, {})
    total: dict[tuple[str, int], float] = defaultdict(float)
    for (_, e, y), exam_count in sorted(demand.items()):
        total[(exams.modality[e], y)] += exam_count
    near: dict[tuple[str, int], list[tuple[str, str, str, int]]] = defaultdict(list)
    for o, s, e, y in flows:
        if minutes[(o, s)] <= policy.access_minutes:
            near[(exams.modality[e], y)].append((o, s, e, y))
    return AccessTarget(
        policy.access_share,
        policy.access_minutes,
        dict(sorted(total.items())),
        {key: tuple(near.get(key, ())) for key in sorted(total)},
    )


def check_access_target_can_be_met(
    instance: Instance,
    access: AccessTarget,
    reach: PatientReach,
    demand: Mapping[tuple[str, str, int], float],
    exams: ExamParameters,
) -> None:
    """An access target more exams must meet than have any site able to host their modality
    within ``access_minutes`` (and their travel limit) makes every plan infeasible: say which
    modality and year, at the policy's ``access_share``."""
    near: dict[tuple[str, int], float] = defaultdict(float)
    for (o, e, y), exam_count in demand.items():
        if any(reach.minutes[(o, s)] <= access.minutes for s in reach.exam_sites[(o, e)]):
            near[(exams.modality[e], y)] += exam_count
    problems = []
    for (mo, y), total in access.targets.items():
        if near[(mo, y)] < access.share * total - 1e-6 * max(1.0, total):
            problems.append(
                InputProblem(
                    ("policy", "access_share"),
                    f"the access target asks for {access.share:.0%} of {mo} exams within "
                    f"{access.minutes:g} minutes of home, but in {y} only "
                    f"{near[(mo, y)]:,.0f} of {total:,.0f} ({near[(mo, y)] / total:.1%}) are "
                    f"referred within {access.minutes:g} minutes (and their travel limit) of "
                    f"a site that can have {mo} scanners",
                )
            )
    if problems:
        raise InstanceError(problems[:1])


# --------------------------------------------------------------------------- fleet and purchases


def existing_cohorts(
    instance: Instance, profiles: dict[str, Profile], horizon: Horizon
) -> tuple[tuple[Cohort, ...], dict[CohortWindow, Window]]:
    """The existing fleet as cohorts of identical scanners (ordered by their first asset id),
    and each cohort's window for every year it may leave service."""
    first, end = horizon.years[0], horizon.end_year
    rule = instance.policy.residual_value
    modality = {m.id: m for m in instance.modalities}
    site_owner = {s.id: s.owner for s in instance.sites}
    groups: dict[_CohortKey, list[Asset]] = defaultdict(list)
    for asset in instance.assets:
        key = _cohort_key(asset, modality[asset.modality], site_owner[asset.site])
        groups[key].append(asset)
    cohorts: list[Cohort] = []
    windows: dict[CohortWindow, Window] = {}
    for key, members in sorted(groups.items(), key=lambda kv: min(a.id for a in kv[1])):
        retire_years = tuple(range(first, max(first, min(key.install_year + key.max_age, end)) + 1))
        index = len(cohorts)
        cohorts.append(
            Cohort(
                assets=tuple(sorted(a.id for a in members)),
                site=key.site,
                owner=key.owner,
                modality=key.modality,
                kind=kind_id(key.modality, key.capabilities),
                install_year=key.install_year,
                retire_years=retire_years,
            )
        )
        money = UnitMoney(profiles[key.profile], key.purchase_price, key.max_age, rule)
        for leave in retire_years:
            windows[(index, leave)] = _window(
                profiles[key.profile],
                key.install_year,
                leave,
                horizon.discount_factor,
                Scanning(key.hours_per_year, key.condition_downtime, key.throughput),
                money=money,
            )
    return tuple(cohorts), windows


def catalogue_models(instance: Instance) -> dict[str, CatalogueInfo]:
    return {
        k.id: CatalogueInfo(
            k.id, k.modality, kind_id(k.modality, k.capabilities), k.price, k.lead_time_years
        )
        for k in instance.catalogue
    }


def purchase_windows(
    instance: Instance,
    hosts: dict[str, list[str]],
    profiles: dict[str, Profile],
    horizon: Horizon,
    weeks: Mapping[tuple[str, str], float],
) -> tuple[tuple[tuple[str, str, int], ...], dict[BuyWindow, Window]]:
    """Where, when and for how long a new unit may be held: the (site, model, year) each model
    may be bought in (its sites, availability and lead time), and the window of every retire
    year within its lifetime (``hosts``: modality -> sites that can host it; ``weeks``:
    (site, modality) -> installation weeks, see :func:`installation_weeks`)."""
    end = horizon.end_year
    purchases: list[tuple[str, str, int]] = []
    windows: dict[BuyWindow, Window] = {}
    for model in instance.catalogue:
        profile = profiles[model.age_profile]
        money = UnitMoney(
            profile, model.price, model.lifetime_years, instance.policy.residual_value
        )
        allowed = set(model.sites) if model.sites else None
        sites = [s for s in hosts.get(model.modality, []) if allowed is None or s in allowed]
        buy_years = [
            y
            for y in horizon.years
            if y + model.lead_time_years < end
            and (model.first_year is None or y >= model.first_year)
            and (model.last_year is None or y <= model.last_year)
        ]
        for site in sites:
            for year in buy_years:
                purchases.append((site, model.id, year))
                start = year + model.lead_time_years
                for leave in range(start + 1, min(start + model.lifetime_years, end) + 1):
                    windows[(site, model.id, year, leave)] = _window(
                        profile,
                        start,
                        leave,
                        horizon.discount_factor,
                        Scanning(
                            model.hours_per_year,
                            throughput=model.throughput_factor,
                            installation_weeks=weeks[(site, model.modality)],
                        ),
                        money=money,
                    )
    return tuple(purchases), windows


def discount_tiers(instance: Instance) -> dict[str, tuple[tuple[int, float], ...]]:
    """Model -> its (min units, discount) tiers in increasing min units."""
    tiers: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for tier in instance.discount_tiers:
        tiers[tier.model].append((tier.min_units, tier.discount))
    return {m: tuple(sorted(t)) for m, t in tiers.items()}


def committed_purchases(
    instance: Instance, purchases: Iterable[tuple[str, str, int]], *, strict: bool
) -> dict[tuple[str, str, int], int]:
    """(site, model, year) -> units committed. ``strict``: a commitment that cannot be bought
    (not among ``purchases``) is an input error, at its row."""
    committed: dict[tuple[str, str, int], int] = defaultdict(int)
    buyable = set(purchases)
    problems = []
    for i, commit in enumerate(instance.committed_purchases):
        bought = (commit.site, commit.model, commit.year)
        if bought not in buyable:
            problems.append(
                InputProblem(
                    ("committed_purchases", i),
                    f"{commit.model} cannot be bought at {commit.site} in {commit.year} (check the "
                    "model's sites, first/last year and lead time, and the site's rooms)",
                )
            )
        committed[bought] += commit.units
    if problems and strict:
        raise InstanceError(problems)
    return dict(committed)


# --------------------------------------------------------------------------- units in service

W = TypeVar("W", CohortWindow, BuyWindow)
"""A window: of an existing cohort or of a purchase."""


def hours_in_service(
    cohorts: tuple[Cohort, ...],
    cohort_windows: dict[CohortWindow, Window],
    models: dict[str, CatalogueInfo],
    buy_windows: dict[BuyWindow, Window],
    ceilings: Mapping[tuple[str, str], float],
) -> tuple[
    dict[tuple[str, str, int], tuple[tuple[CohortWindow, float], ...]],
    dict[tuple[str, str, int], tuple[tuple[BuyWindow, float], ...]],
]:
    """Which decisions put hours where and when: (site, kind, year) -> (window, bookable hours
    per unit) of the existing scanners, then of the new ones, in service. Bookable hours are
    the hours in service x the unit's throughput factor (hours of exams at their scan minutes)
    x the site's utilisation ceiling for the modality (``ceilings``)."""
    cohort_hours: dict[tuple[str, str, int], list[tuple[CohortWindow, float]]] = defaultdict(list)
    buy_hours: dict[tuple[str, str, int], list[tuple[BuyWindow, float]]] = defaultdict(list)
    for (c, leave), w in cohort_windows.items():
        cohort = cohorts[c]
        rate = w.throughput * ceilings[(cohort.site, cohort.modality)]
        for year, h in w.hours.items():
            cohort_hours[(cohort.site, cohort.kind, year)].append(((c, leave), rate * h))
    for key, w in buy_windows.items():
        info = models[key[1]]
        rate = w.throughput * ceilings[(key[0], info.modality)]
        for year, h in w.hours.items():
            buy_hours[(key[0], info.kind, year)].append((key, rate * h))
    return (
        {k: tuple(v) for k, v in cohort_hours.items()},
        {k: tuple(v) for k, v in buy_hours.items()},
    )


def rooms_in_service(
    hours: Mapping[tuple[str, str, int], tuple[tuple[W, float], ...]],
    kinds: dict[str, tuple[str, frozenset[str]]],
) -> dict[tuple[str, str, int], tuple[W, ...]]:
    """The windows of ``hours`` grouped by modality instead of kind: (site, modality, year) ->
    the windows in service there (each unit occupies a room)."""
    rooms: dict[tuple[str, str, int], list[W]] = defaultdict(list)
    for (site, kind, year), terms in hours.items():
        rooms[(site, kinds[kind][0], year)] += [t for t, _ in terms]
    return {k: tuple(v) for k, v in rooms.items()}


def serving_needs(
    flows: Iterable[tuple[str, str, str, int]],
    in_service: Iterable[tuple[str, str, int]],
    kinds: dict[str, tuple[str, frozenset[str]]],
    needs_of_kind: dict[str, tuple[Need, ...]],
    exams: ExamParameters,
) -> tuple[tuple[str, str, Need, int], ...]:
    """(site, kind, need, year) where hours of a kind in service (``in_service``: its (site,
    kind, year)) may serve exams with a need that reach the site, so serving stays sparse."""
    reaching: set[tuple[str, str, Need, int]] = {
        (d, exams.modality[e], exams.need[e], y) for (_, d, e, y) in flows
    }
    return tuple(
        sorted(
            (site, kind, need, year)
            for (site, kind, year) in set(in_service)
            for need in needs_of_kind[kind]
            if (site, kinds[kind][0], need, year) in reaching
        )
    )


# --------------------------------------------------------------------------- valid inequalities


def rounding_cuts(
    demand: dict[tuple[str, str, int], float], reach: PatientReach, exams: ExamParameters
) -> tuple[RoundingCut, ...]:
    """Clusters for the rounding cuts: for each modality, the sites every origin can reach, each
    origin's reach of the modality and of each exam type; the demand counted is that of the
    (origin, exam type)s whose reach lies within the cluster (an exam type's reach may be
    smaller than, or with an origin's row larger than, its modality's). Need ANY counts all
    demand of the modality; a capability counts the demand needing it."""
    modality_reach = {key: frozenset(sites) for key, sites in reach.sites.items() if sites}
    exam_reach = {key: frozenset(sites) for key, sites in reach.exam_sites.items()}
    clusters: set[tuple[str, frozenset[str]]] = set()
    for (_, mo), sites in modality_reach.items():
        clusters.add((mo, sites))
    for (_, e), sites in exam_reach.items():
        if sites:
            clusters.add((exams.modality[e], sites))
    everywhere: dict[str, set[str]] = defaultdict(set)
    for mo, sites in clusters:
        everywhere[mo] |= sites
    clusters |= {(mo, frozenset(sites)) for mo, sites in everywhere.items()}
    by_modality: dict[str, list[tuple[str, str, int, float]]] = defaultdict(list)
    for (o, e, y), exam_count in demand.items():
        by_modality[exams.modality[e]].append((o, e, y, exam_count))
    cuts = []
    for mo, sites in sorted(clusters, key=lambda c: (c[0], sorted(c[1]))):
        hours: dict[tuple[Need, int], float] = defaultdict(float)
        keys: dict[tuple[Need, int], list[tuple[str, str]]] = defaultdict(list)
        for o, e, y, exam_count in by_modality[mo]:
            if not exam_reach[(o, e)] <= sites:
                continue
            for need in {ANY, exams.need[e]}:
                hours[(need, y)] += exam_count * exams.scan_hours[e]
                keys[(need, y)].append((o, e))
        for (need, y), h in sorted(hours.items()):
            cuts.append(RoundingCut(sites, mo, need, y, h, tuple(sorted(keys[(need, y)]))))
    return tuple(cuts)


def single_scanner_flows(
    flows: Iterable[tuple[str, str, str, int]],
    max_units: dict[tuple[str, str], int],
    exam_modality: dict[str, str],
) -> tuple[tuple[str, str, str, int], ...]:
    """The flows into sites with room for at most one scanner of the exam's modality."""
    return tuple(
        (o, s, e, y) for (o, s, e, y) in flows if max_units.get((s, exam_modality[e])) == 1
    )
