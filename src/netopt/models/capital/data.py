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
from collections.abc import Iterable
from dataclasses import dataclass, field

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
)

Need = str
"""A capability an exam needs; ``ANY`` for exams any scanner of the modality can do."""
ANY: Need = ""


@dataclass(frozen=True)
class Profile:
    """Age profile lookups; ages past the last row take the last row's values."""

    maintenance_cost: tuple[float, ...]
    resale_value: tuple[float, ...]
    downtime_fraction: tuple[float, ...]

    @staticmethod
    def from_rows(rows: Iterable[AgeProfile]) -> Profile:
        ordered = sorted(rows, key=lambda r: r.age)
        return Profile(
            tuple(r.maintenance_cost for r in ordered),
            tuple(r.resale_value for r in ordered),
            tuple(r.downtime_fraction for r in ordered),
        )

    def maintenance(self, age: int) -> float:
        return self.maintenance_cost[min(age, len(self.maintenance_cost) - 1)]

    def resale(self, age: int) -> float:
        return self.resale_value[min(age, len(self.resale_value) - 1)]

    def downtime(self, age: int) -> float:
        return self.downtime_fraction[min(age, len(self.downtime_fraction) - 1)]


@dataclass(frozen=True)
class Cohort:
    """Existing scanners identical in every respect the model sees; decided as a count."""

    assets: tuple[str, ...]
    """Asset ids, in the order units are assigned to retirement decisions."""
    site: str
    modality: str
    kind: str
    install_year: int
    retire_years: tuple[int, ...]
    """Years it may leave service (``end_year`` = kept to the horizon end)."""


@dataclass(frozen=True)
class Window:
    """One way a unit can be held: its cost and its hours in each year of service."""

    hours: dict[int, float]
    """Year -> effective scan hours per unit."""
    maintenance_npv: float
    """Discounted maintenance per unit over the window (GBP)."""
    resale_npv: float
    """Discounted resale (retired in the horizon) per unit (GBP)."""
    residual_npv: float
    """Discounted residual value (held at the horizon end) per unit (GBP)."""


@dataclass(frozen=True)
class CapitalData:
    """Index sets and coefficients of the capital model (see ``models/capital.md``)."""

    years: tuple[int, ...]
    end_year: int
    discount_factor: dict[int, float]
    """Year -> discount factor; includes ``end_year``."""

    trusts: tuple[str, ...]
    capital_budget: dict[tuple[str, int], float]
    carry_over: frozenset[str]
    payer_share: dict[str, dict[str, float]]
    """Site -> trust -> fraction of the site's capital costs it pays."""

    modalities: tuple[str, ...]
    kinds: dict[str, tuple[str, frozenset[str]]]
    """Scanner kind id -> (modality, capabilities)."""
    needs_of_kind: dict[str, tuple[Need, ...]]
    """Kind -> the needs it can serve (ANY and each of its capabilities)."""

    rooms: dict[tuple[str, str], int]
    """(site, modality) -> rooms at the start."""
    max_new_rooms: dict[tuple[str, str], int]
    new_room_cost: dict[tuple[str, str], float]

    exam_modality: dict[str, str]
    exam_need: dict[str, Need]
    scan_hours: dict[str, float]
    """Exam type -> scanner hours per exam."""
    outsourcing_cost: dict[str, float]
    """Exam types that may be outsourced -> price per exam."""
    demand: dict[tuple[str, str, int], float]
    """(origin site, exam type, year) -> exams; only positive entries."""
    travel_minutes: dict[tuple[str, str], float]
    """(origin, site) -> travel minutes, for pairs patients may travel."""
    travel_cost: dict[tuple[str, str], float]
    """(origin, site) -> GBP per exam for pairs patients may travel."""
    flows: tuple[tuple[str, str, str, int], ...]
    """(origin, site, exam type, year): where each demand may be scanned."""

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
    """(site, kind, year) -> (cohort window, hours per unit) of existing scanners in service."""
    buy_hours: dict[tuple[str, str, int], tuple[tuple[BuyWindow, float], ...]] = field(repr=False)
    """(site, kind, year) -> (purchase window, hours per unit) of new scanners in service."""
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
    unmet_exam: float = 1e5
    """Penalty per exam neither scanned nor outsourced."""
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


def _window(
    profile: Profile,
    in_service: int,
    leave: int,
    df: dict[int, float],
    hours_per_year: float,
    extra_downtime: float = 0.0,
) -> Window:
    """Costs and hours in the plan of a unit in service from ``in_service`` (its age 0 year) to
    the start of ``leave``; years before the plan are sunk and not counted."""
    first, end_year = min(df), max(df)
    hours: dict[int, float] = {}
    maintenance = 0.0
    for year in range(max(in_service, first), leave):
        age = year - in_service
        hours[year] = hours_per_year * max(0.0, 1.0 - profile.downtime(age) - extra_downtime)
        maintenance += df[year] * profile.maintenance(age)
    value = df[leave] * profile.resale(leave - in_service)
    held = leave == end_year
    return Window(hours, maintenance, 0.0 if held else value, value if held else 0.0)


@dataclass(frozen=True, order=True)
class _CohortKey:
    """What makes two existing scanners interchangeable to the model."""

    site: str
    modality: str
    capabilities: tuple[str, ...]
    install_year: int
    hours_per_year: float
    profile: str
    max_age: int
    condition_downtime: float


def _cohort_key(asset: Asset, modality: Modality) -> _CohortKey:
    profile = asset.age_profile or modality.default_age_profile
    assert profile is not None  # guaranteed by the schema checks
    return _CohortKey(
        asset.site,
        asset.modality,
        tuple(sorted(set(asset.capabilities))),
        asset.install_year,
        asset.hours_per_year,
        profile,
        asset.max_age_years or modality.max_age_years,
        asset.condition_downtime_fraction,
    )


def _check_demand_can_be_met(
    instance: Instance,
    demand: dict[tuple[str, str, int], float],
    reach: dict[tuple[str, str], list[str]],
    exam_modality: dict[str, str],
    outsourcing_cost: dict[str, float],
) -> None:
    """Demand no site can ever scan (none within the travel limit hosts the modality) and that
    may not be outsourced makes every plan infeasible: say which, at the demand row."""
    stranded = {
        (o, e)
        for (o, e, _) in demand
        if not reach[(o, exam_modality[e])] and e not in outsourcing_cost
    }
    if not stranded:
        return
    limits = {m.id: m.max_travel_minutes for m in instance.modalities}
    problems = []
    for i, row in enumerate(instance.demand):
        if (row.site, row.exam_type) in stranded:
            stranded.discard((row.site, row.exam_type))
            mod = exam_modality[row.exam_type]
            limit = limits[mod]
            within = "anywhere reachable" if limit is None else f"within {limit:g} minutes"
            problems.append(
                InputProblem(
                    ("demand", i),
                    f"{row.exam_type} exams at {row.site} can never be scanned: no site "
                    f"{within} has {mod} rooms, and {row.exam_type} has no outsourcing_cost",
                )
            )
    raise InstanceError(problems)


def _rounding_cuts(
    demand: dict[tuple[str, str, int], float],
    reach: dict[tuple[str, str], list[str]],
    exam_modality: dict[str, str],
    exam_need: dict[str, Need],
    scan_hours: dict[str, float],
) -> tuple[RoundingCut, ...]:
    """Clusters for the rounding cuts: for each modality, the sites every origin can reach, and
    each origin's own reach; the demand counted is that of origins reaching only the cluster.
    Need ANY counts all demand of the modality; a capability counts the demand needing it."""
    reach_of = {key: frozenset(sites) for key, sites in reach.items() if sites}
    clusters: set[tuple[str, frozenset[str]]] = set()
    for (_, mo), sites in reach_of.items():
        clusters.add((mo, sites))
    for mo in {mo for (_, mo) in reach_of}:
        clusters.add((mo, frozenset().union(*(s for (_, m), s in reach_of.items() if m == mo))))
    by_origin: dict[tuple[str, str], list[tuple[str, int, float]]] = defaultdict(list)
    for (o, e, y), exams in demand.items():
        by_origin[(o, exam_modality[e])].append((e, y, exams))
    cuts = []
    for mo, sites in sorted(clusters, key=lambda c: (c[0], sorted(c[1]))):
        hours: dict[tuple[Need, int], float] = defaultdict(float)
        keys: dict[tuple[Need, int], list[tuple[str, str]]] = defaultdict(list)
        for (o, m), rows in by_origin.items():
            if m != mo or not reach_of.get((o, mo), sites) <= sites:
                continue
            for e, y, exams in rows:
                for need in {ANY, exam_need[e]}:
                    hours[(need, y)] += exams * scan_hours[e]
                    keys[(need, y)].append((o, e))
        for (need, y), h in sorted(hours.items()):
            cuts.append(RoundingCut(sites, mo, need, y, h, tuple(sorted(keys[(need, y)]))))
    return tuple(cuts)


def build_capital_data(instance: Instance, shortfall: Shortfall | None = None) -> CapitalData:
    """Compute the capital model's sets and coefficients from a validated instance; with
    ``shortfall``, for the elastic model that explains infeasibility."""
    net = instance.network
    years = tuple(net.years)
    first, end = years[0], years[-1] + 1
    df = {y: (1.0 + net.discount_rate) ** -(y - first) for y in (*years, end)}

    trusts = tuple(t.id for t in instance.trusts)
    budget_rows = {(b.trust, b.year): b.capital_budget for b in instance.budgets}
    capital_budget = {
        (t.id, y): budget_rows.get((t.id, y), t.capital_budget)
        for t in instance.trusts
        for y in years
    }
    shares = {t.id: t.capital_share / 100.0 for t in instance.trusts if t.capital_share > 0}
    payer_share = {
        s.id: (shares if s.owner == NETWORK_OWNER else {s.owner: 1.0}) for s in instance.sites
    }

    profiles_rows: dict[str, list[AgeProfile]] = defaultdict(list)
    for row in instance.age_profiles:
        profiles_rows[row.profile].append(row)
    profiles = {name: Profile.from_rows(rows) for name, rows in profiles_rows.items()}
    modality = {m.id: m for m in instance.modalities}

    rooms = {(r.site, r.modality): r.rooms for r in instance.rooms}
    max_new_rooms = {
        (r.site, r.modality): r.max_new_rooms for r in instance.rooms if r.max_new_rooms > 0
    }
    new_room_cost = {(r.site, r.modality): r.new_room_cost for r in instance.rooms}
    max_units = {(r.site, r.modality): r.rooms + r.max_new_rooms for r in instance.rooms}
    host_sites: dict[str, list[str]] = defaultdict(list)
    for (site, mod), units in max_units.items():
        if units > 0:
            host_sites[mod].append(site)

    # Scanner kinds present in the fleet or the catalogue.
    kinds: dict[str, tuple[str, frozenset[str]]] = {}
    scanners = [(a.modality, a.capabilities) for a in instance.assets]
    scanners += [(k.modality, k.capabilities) for k in instance.catalogue]
    for mod, caps in scanners:
        kinds.setdefault(kind_id(mod, caps), (mod, frozenset(caps)))
    needs_of_kind = {k: (ANY, *sorted(caps)) for k, (_, caps) in kinds.items()}

    exam_modality = {e.id: e.modality for e in instance.exam_types}
    exam_need = {e.id: e.capability or ANY for e in instance.exam_types}
    scan_hours = {e.id: e.scan_minutes / 60.0 for e in instance.exam_types}
    outsourcing_cost = {
        e.id: e.outsourcing_cost for e in instance.exam_types if e.outsourcing_cost is not None
    }
    demand = demand_by_year(instance, years)

    # Where each origin's patients may go, per modality (sparse: within the travel limit).
    limits = [m.max_travel_minutes for m in instance.modalities]
    cutoff = None if any(x is None for x in limits) else max(x for x in limits if x is not None)
    minutes = travel_minutes(instance, cutoff)
    rate = instance.policy.travel_cost_per_minute
    reach: dict[tuple[str, str], list[str]] = {}
    travel_cost: dict[tuple[str, str], float] = {}
    pair_minutes: dict[tuple[str, str], float] = {}
    for origin in {o for (o, _, _) in demand}:
        for mod in modality:
            limit = modality[mod].max_travel_minutes
            ok = [
                d
                for d in host_sites[mod]
                if d in minutes[origin] and (limit is None or minutes[origin][d] <= limit)
            ]
            reach[(origin, mod)] = ok
            for d in ok:
                pair_minutes[(origin, d)] = minutes[origin][d]
                travel_cost[(origin, d)] = rate * minutes[origin][d]
    flows = tuple(
        (o, d, e, y) for (o, e, y) in sorted(demand) for d in reach[(o, exam_modality[e])]
    )
    if shortfall is None:
        _check_demand_can_be_met(instance, demand, reach, exam_modality, outsourcing_cost)

    # Existing fleet as cohorts of identical scanners.
    groups: dict[_CohortKey, list[Asset]] = defaultdict(list)
    for asset in instance.assets:
        groups[_cohort_key(asset, modality[asset.modality])].append(asset)
    cohorts: list[Cohort] = []
    cohort_windows: dict[CohortWindow, Window] = {}
    for key, members in sorted(groups.items(), key=lambda kv: min(a.id for a in kv[1])):
        retire_years = tuple(range(first, max(first, min(key.install_year + key.max_age, end)) + 1))
        index = len(cohorts)
        cohorts.append(
            Cohort(
                assets=tuple(sorted(a.id for a in members)),
                site=key.site,
                modality=key.modality,
                kind=kind_id(key.modality, key.capabilities),
                install_year=key.install_year,
                retire_years=retire_years,
            )
        )
        for leave in retire_years:
            cohort_windows[(index, leave)] = _window(
                profiles[key.profile],
                key.install_year,
                leave,
                df,
                key.hours_per_year,
                key.condition_downtime,
            )

    # Purchases: where, when and for how long a new unit may be held.
    models: dict[str, CatalogueInfo] = {}
    purchases: list[tuple[str, str, int]] = []
    buy_windows: dict[BuyWindow, Window] = {}
    for model in instance.catalogue:
        models[model.id] = CatalogueInfo(
            model.id,
            model.modality,
            kind_id(model.modality, model.capabilities),
            model.price,
            model.lead_time_years,
        )
        allowed = set(model.sites) if model.sites else None
        sites = [s for s in host_sites[model.modality] if allowed is None or s in allowed]
        buy_years = [
            y
            for y in years
            if y + model.lead_time_years < end
            and (model.first_year is None or y >= model.first_year)
            and (model.last_year is None or y <= model.last_year)
        ]
        for site in sites:
            for year in buy_years:
                purchases.append((site, model.id, year))
                start = year + model.lead_time_years
                for leave in range(start + 1, min(start + model.lifetime_years, end) + 1):
                    buy_windows[(site, model.id, year, leave)] = _window(
                        profiles[model.age_profile], start, leave, df, model.hours_per_year
                    )

    tiers: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for tier in instance.discount_tiers:
        tiers[tier.model].append((tier.min_units, tier.discount))
    discount_tiers = {m: tuple(sorted(t)) for m, t in tiers.items()}
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
    if problems and shortfall is None:
        raise InstanceError(problems)

    room_builds = tuple((s, m, y) for (s, m) in sorted(max_new_rooms) for y in years)

    # Which decisions put hours (and occupy rooms) where and when.
    cohort_hours: dict[tuple[str, str, int], list[tuple[CohortWindow, float]]] = defaultdict(list)
    buy_hours: dict[tuple[str, str, int], list[tuple[BuyWindow, float]]] = defaultdict(list)
    for (c, leave), w in cohort_windows.items():
        for year, h in w.hours.items():
            cohort_hours[(cohorts[c].site, cohorts[c].kind, year)].append(((c, leave), h))
    for key4, w in buy_windows.items():
        for year, h in w.hours.items():
            buy_hours[(key4[0], models[key4[1]].kind, year)].append((key4, h))
    # Rooms: the same decisions, grouped by modality instead of kind.
    cohort_rooms: dict[tuple[str, str, int], list[CohortWindow]] = defaultdict(list)
    buy_rooms: dict[tuple[str, str, int], list[BuyWindow]] = defaultdict(list)
    for (site, kind, year), terms in cohort_hours.items():
        cohort_rooms[(site, kinds[kind][0], year)] += [t for t, _ in terms]
    for (site, kind, year), bterms in buy_hours.items():
        buy_rooms[(site, kinds[kind][0], year)] += [t for t, _ in bterms]

    # Needs that can reach each site in each year, so serving variables stay sparse.
    reaching: set[tuple[str, str, Need, int]] = {
        (d, exam_modality[e], exam_need[e], y) for (_, d, e, y) in flows
    }
    serve_needs = tuple(
        sorted(
            (site, kind, need, year)
            for (site, kind, year) in {*cohort_hours, *buy_hours}
            for need in needs_of_kind[kind]
            if (site, kinds[kind][0], need, year) in reaching
        )
    )

    rounding_cuts = _rounding_cuts(demand, reach, exam_modality, exam_need, scan_hours)
    single_scanner_flows = tuple(
        (o, s, e, y) for (o, s, e, y) in flows if max_units.get((s, exam_modality[e])) == 1
    )

    return CapitalData(
        years=years,
        end_year=end,
        discount_factor=df,
        trusts=trusts,
        capital_budget=capital_budget,
        carry_over=frozenset(t.id for t in instance.trusts if t.carry_over),
        payer_share=payer_share,
        modalities=tuple(modality),
        kinds=kinds,
        needs_of_kind=needs_of_kind,
        rooms=rooms,
        max_new_rooms=max_new_rooms,
        new_room_cost=new_room_cost,
        exam_modality=exam_modality,
        exam_need=exam_need,
        scan_hours=scan_hours,
        outsourcing_cost=outsourcing_cost,
        demand=demand,
        travel_minutes=pair_minutes,
        travel_cost=travel_cost,
        flows=flows,
        cohorts=tuple(cohorts),
        cohort_windows=cohort_windows,
        models=models,
        purchases=tuple(purchases),
        buy_windows=buy_windows,
        max_units=max_units,
        discount_tiers=discount_tiers,
        committed=dict(committed),
        room_builds=room_builds,
        cohort_hours={k: tuple(v) for k, v in cohort_hours.items()},
        buy_hours={k: tuple(v) for k, v in buy_hours.items()},
        cohort_rooms={k: tuple(v) for k, v in cohort_rooms.items()},
        buy_rooms={k: tuple(v) for k, v in buy_rooms.items()},
        serve_needs=serve_needs,
        rounding_cuts=rounding_cuts,
        single_scanner_flows=single_scanner_flows,
        shortfall=shortfall,
    )
