"""Variables and constraint families of the capital model, one function each.

The mathematics, with the same names, is in ``models/capital.md``. Every family builds its
index from the sparse sets of :class:`CapitalData` and adds nothing when that index is empty.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pyomo.environ as pyo

from netopt.models.capital.data import BuyWindow, CapitalData, CohortWindow


def _kinds_serving(data: CapitalData) -> dict[tuple[str, str], list[str]]:
    """(modality, need) -> the scanner kinds whose hours may serve exams with that need."""
    kinds_serving: dict[tuple[str, str], list[str]] = defaultdict(list)
    for q, needs in data.needs_of_kind.items():
        for n in needs:
            kinds_serving[(data.kinds[q][0], n)].append(q)
    return kinds_serving


def add_variables(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """Decision variables (units, exams, hours, GBP), each over its sparse index set.

    - ``retire[c, r]`` (integer units): scanners of existing cohort c leaving service at the
      start of year r (r = end year: kept to the horizon end);
    - ``buy[s, k, v, r]`` (integer units): model k bought at site s in year v, held until the
      start of year r;
    - ``new_rooms[s, mo, y]`` (integer rooms) built at site s for modality mo in year y;
    - ``flow[o, s, e, y]`` (exams) of type e referred at o and scanned at s;
    - ``outsourced[o, e, y]`` (exams) for exam types that may be outsourced;
    - ``serve[s, kind, need, y]`` (hours) of scanners of a kind used for exams with a need;
    - ``discounted_units[s, k, v, t]`` (units) bought at discount tier t, with binary
      ``tier_active[k, v, t]``;
    - ``carried[t, y]`` (GBP) budget a carry-over trust leaves unspent at the end of year y.
    """
    units = {c: len(cohort.assets) for c, cohort in enumerate(data.cohorts)}
    m.cohort_windows = pyo.Set(initialize=sorted(data.cohort_windows), dimen=2, ordered=True)
    m.retire = pyo.Var(
        m.cohort_windows, domain=pyo.NonNegativeIntegers, bounds=lambda _, c, r: (0, units[c])
    )

    m.buy_windows = pyo.Set(initialize=sorted(data.buy_windows), dimen=4, ordered=True)
    m.buy = pyo.Var(
        m.buy_windows,
        domain=pyo.NonNegativeIntegers,
        bounds=lambda _, s, k, v, r: (0, data.max_units[(s, data.models[k].modality)]),
    )

    m.room_builds = pyo.Set(initialize=data.room_builds, dimen=3, ordered=True)
    m.new_rooms = pyo.Var(
        m.room_builds,
        domain=pyo.NonNegativeIntegers,
        bounds=lambda _, s, mo, y: (0, data.max_new_rooms[(s, mo)]),
    )

    m.flows = pyo.Set(initialize=data.flows, dimen=4, ordered=True)
    m.flow = pyo.Var(m.flows, domain=pyo.NonNegativeReals)
    outsourcable = sorted(k for k in data.demand if k[1] in data.outsourcing_cost)
    m.outsourcing = pyo.Set(initialize=outsourcable, dimen=3, ordered=True)
    m.outsourced = pyo.Var(m.outsourcing, domain=pyo.NonNegativeReals)

    m.serve_needs = pyo.Set(initialize=data.serve_needs, dimen=4, ordered=True)
    m.serve = pyo.Var(m.serve_needs, domain=pyo.NonNegativeReals)

    tiers = [
        (s, k, v, t)
        for (s, k, v) in data.purchases
        if k in data.discount_tiers
        for t in range(len(data.discount_tiers[k]))
    ]
    m.tier_units = pyo.Set(initialize=tiers, dimen=4, ordered=True)
    m.discounted_units = pyo.Var(m.tier_units, domain=pyo.NonNegativeReals)
    m.tier_choices = pyo.Set(
        initialize=sorted({(k, v, t) for (_, k, v, t) in tiers}), dimen=3, ordered=True
    )
    m.tier_active = pyo.Var(m.tier_choices, domain=pyo.Binary)

    carry = [(t, y) for t in data.trusts if t in data.carry_over for y in data.years[:-1]]
    m.carry = pyo.Set(initialize=carry, dimen=2, ordered=True)
    m.carried = pyo.Var(m.carry, domain=pyo.NonNegativeReals)


def add_shortfall_variables(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """Shortfalls of the elastic model (empty sets in the strict model):

    - ``unmet[o, e, y]`` (exams) neither scanned nor outsourced;
    - ``budget_overrun[t, y]`` (GBP) spent beyond the budget;
    - ``extra_rooms[s, mo, y]`` (rooms) used beyond those available;
    - ``committed_shortfall[s, k, v]`` (units) of a commitment not bought;
    - ``access_shortfall[mo, y]`` (exams) short of the access target;
    - ``revenue_overrun[t, y]`` (GBP) of running costs beyond the revenue budget.
    """
    elastic = data.shortfall is not None
    m.unmet_index = pyo.Set(
        initialize=sorted(data.demand) if elastic else [], dimen=3, ordered=True
    )
    m.unmet = pyo.Var(m.unmet_index, domain=pyo.NonNegativeReals)
    m.overrun_index = pyo.Set(
        initialize=sorted(data.capital_budget) if elastic else [], dimen=2, ordered=True
    )
    m.budget_overrun = pyo.Var(m.overrun_index, domain=pyo.NonNegativeReals)
    rooms = sorted({*data.cohort_rooms, *data.buy_rooms}) if elastic else []
    m.extra_room_index = pyo.Set(initialize=rooms, dimen=3, ordered=True)
    m.extra_rooms = pyo.Var(m.extra_room_index, domain=pyo.NonNegativeReals)
    m.committed_shortfall_index = pyo.Set(
        initialize=sorted(data.committed) if elastic else [], dimen=3, ordered=True
    )
    m.committed_shortfall = pyo.Var(m.committed_shortfall_index, domain=pyo.NonNegativeReals)
    m.access_shortfall_index = pyo.Set(
        initialize=sorted(data.access_targets) if elastic else [], dimen=2, ordered=True
    )
    m.access_shortfall = pyo.Var(m.access_shortfall_index, domain=pyo.NonNegativeReals)
    m.revenue_overrun_index = pyo.Set(
        initialize=sorted(data.revenue_budget) if elastic else [], dimen=2, ordered=True
    )
    m.revenue_overrun = pyo.Var(m.revenue_overrun_index, domain=pyo.NonNegativeReals)


def add_expressions(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """Named linear expressions used by several families and by the results.

    - ``purchases[s, k, v]`` = sum_r buy[s, k, v, r] (units);
    - ``purchase_cost[s, k, v]`` = price_k * purchases - sum_t discount_t * price_k *
      discounted_units[s, k, v, t] (GBP, cash in year v);
    - ``installation_works[s, k, v]`` = works[s, mo(k)] * purchases[s, k, v] (GBP, cash in year
      v), where the site's installation works cost is positive;
    - ``capital_spend[t, y]`` = sum over sites of share[s, t] * (purchase_cost +
      installation_works + new_room_cost * new_rooms) in year y (GBP, cash).
    """
    windows: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for s, k, v, r in data.buy_windows:
        windows[(s, k, v)].append(r)
    tier_index: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for s, k, v, t in m.tier_units:
        tier_index[(s, k, v)].append(t)

    m.purchase_keys = pyo.Set(initialize=data.purchases, dimen=3, ordered=True)
    m.purchases = pyo.Expression(
        m.purchase_keys, rule=lambda m, s, k, v: sum(m.buy[s, k, v, r] for r in windows[(s, k, v)])
    )

    def purchase_cost(m: pyo.ConcreteModel, s: str, k: str, v: int) -> pyo.Expression:
        price = data.models[k].price
        saving = sum(
            data.discount_tiers[k][t][1] * price * m.discounted_units[s, k, v, t]
            for t in tier_index[(s, k, v)]
        )
        return price * m.purchases[s, k, v] - saving

    m.purchase_cost = pyo.Expression(m.purchase_keys, rule=purchase_cost)

    works = data.installation_works_cost
    m.works_keys = pyo.Set(
        initialize=[
            (s, k, v) for s, k, v in data.purchases if (s, data.models[k].modality) in works
        ],
        dimen=3,
        ordered=True,
    )
    m.installation_works = pyo.Expression(
        m.works_keys,
        rule=lambda m, s, k, v: works[(s, data.models[k].modality)] * m.purchases[s, k, v],
    )

    spend_terms: dict[tuple[str, int], list[pyo.Expression]] = defaultdict(list)
    for s, k, v in data.purchases:
        for trust, share in data.payer_share[s].items():
            spend_terms[(trust, v)].append(share * m.purchase_cost[s, k, v])
    for s, k, v in m.works_keys:
        for trust, share in data.payer_share[s].items():
            spend_terms[(trust, v)].append(share * m.installation_works[s, k, v])
    for s, mo, y in data.room_builds:
        for trust, share in data.payer_share[s].items():
            spend_terms[(trust, y)].append(
                share * data.new_room_cost[(s, mo)] * m.new_rooms[s, mo, y]
            )
    m.trust_years = pyo.Set(initialize=sorted(data.capital_budget), dimen=2, ordered=True)
    m.capital_spend = pyo.Expression(
        m.trust_years, rule=lambda m, t, y: sum(spend_terms.get((t, y), []))
    )


def add_existing_fleet(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``existing_fleet``: every existing scanner leaves service exactly once.

    For each cohort c: sum_{r in R_c} retire[c, r] = n_c (units). Max age is enforced by R_c,
    which stops at the year the cohort reaches its maximum age (``max_age`` in the maths).
    """
    by_cohort: dict[int, list[int]] = defaultdict(list)
    for c, r in data.cohort_windows:
        by_cohort[c].append(r)
    m.cohorts = pyo.Set(initialize=sorted(by_cohort), ordered=True)
    m.existing_fleet = pyo.Constraint(
        m.cohorts,
        rule=lambda m, c: sum(m.retire[c, r] for r in by_cohort[c]) == len(data.cohorts[c].assets),
    )


def add_demand_balance(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``demand_balance``: every exam is scanned somewhere within reach or outsourced.

    For each origin o, exam type e, year y with demand D > 0:
    sum_{s in reach(o, e)} flow[o, s, e, y] + outsourced[o, e, y] (+ unmet[o, e, y]) = D[o, e, y]
    (exams). ``reach`` holds only sites within the modality's travel limit that can host it;
    ``unmet`` exists in the elastic model only.
    """
    into: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for o, s, e, y in data.flows:
        into[(o, e, y)].append(s)
    m.demands = pyo.Set(initialize=sorted(data.demand), dimen=3, ordered=True)

    def rule(m: pyo.ConcreteModel, o: str, e: str, y: int) -> pyo.Expression:
        served = sum(m.flow[o, s, e, y] for s in into[(o, e, y)])
        out = m.outsourced[o, e, y] if (o, e, y) in m.outsourcing else 0
        unmet = m.unmet[o, e, y] if (o, e, y) in m.unmet_index else 0
        return served + out + unmet == data.demand[(o, e, y)]

    m.demand_balance = pyo.Constraint(m.demands, rule=rule)


def add_outsourcing_limit(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``outsourcing_limit``: the outsourcing companies take only so many exams of a type.

    For each exam type e and year y with a limit (``max_outsourced``; sparse, only where one
    is given and e may be outsourced and is demanded in y):
    sum_o outsourced[o, e, y] <= max_outsourced[e, y] (exams, network-wide).
    In the elastic model the exams beyond the limit that cannot be scanned are ``unmet``.
    """
    origins: dict[tuple[str, int], list[str]] = defaultdict(list)
    for o, e, y in m.outsourcing:
        origins[(e, y)].append(o)
    m.outsourcing_limits = pyo.Set(
        initialize=[k for k in sorted(data.max_outsourced) if origins[k]], dimen=2, ordered=True
    )
    m.outsourcing_limit = pyo.Constraint(
        m.outsourcing_limits,
        rule=lambda m, e, y: (
            sum(m.outsourced[o, e, y] for o in origins[(e, y)]) <= data.max_outsourced[(e, y)]
        ),
    )


def add_access_target(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``access_target``: enough exams are scanned near home (only with the policy's target).

    For each modality mo and year y with demand (``access_targets``):
    sum_{(o, s, e, y) in flows: mo(e) = mo, minutes(o, s) <= Y} flow[o, s, e, y]
    (+ access_shortfall[mo, y]) >= X * D[mo, y] (exams, network-wide), where X is
    ``access_share``, Y ``access_minutes`` and D[mo, y] every exam of the modality demanded
    that year: outsourced exams count as not within Y. ``access_shortfall`` exists in the
    elastic model only.
    """
    m.access_targets = pyo.Set(initialize=sorted(data.access_targets), dimen=2, ordered=True)

    def rule(m: pyo.ConcreteModel, mo: str, y: int) -> pyo.Expression:
        near = sum(m.flow[f] for f in data.access_flows[(mo, y)])
        short = m.access_shortfall[mo, y] if (mo, y) in m.access_shortfall_index else 0
        return near + short >= data.access_share * data.access_targets[(mo, y)]

    m.access_target = pyo.Constraint(m.access_targets, rule=rule)


def add_scan_capacity(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``scan_capacity``: scanner hours, by kind (hours per year). For each site s, scanner
    kind q, year y:

    sum_need serve[s, q, need, y] <= sum_{units in service} hours_per_unit[y] * units,

    where hours_per_unit = u[s, mo] * throughput * hours_per_year * (1 - downtime(age) -
    condition downtime - installation weeks / 52 in a new unit's first year): the hours of
    exams at their scan minutes the unit may take, within the site's utilisation ceiling u.
    """
    needs_at: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for s, q, n, y in data.serve_needs:
        needs_at[(s, q, y)].append(n)
    capacity_index = sorted({*data.cohort_hours, *data.buy_hours} & set(needs_at))

    def capacity(m: pyo.ConcreteModel, s: str, q: str, y: int) -> pyo.Expression:
        hours = sum(h * m.retire[w] for w, h in data.cohort_hours.get((s, q, y), ()))
        hours += sum(h * m.buy[w] for w, h in data.buy_hours.get((s, q, y), ()))
        return sum(m.serve[s, q, n, y] for n in needs_at[(s, q, y)]) <= hours

    m.capacity_index = pyo.Set(initialize=capacity_index, dimen=3, ordered=True)
    m.scan_capacity = pyo.Constraint(m.capacity_index, rule=capacity)


def add_capability_cover(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``capability_cover``: scanner hours, by capability. For each site s, modality mo, need
    n, year y:

    sum_{q serves n} serve[s, q, n, y] >= sum_{o, e: need(e) = n} scan_hours[e] * flow[o, s, e, y].

    An exam needing a capability (e.g. cardiac) can only use hours of kinds having it; exams
    needing none can use any kind of the modality. With ``scan_capacity`` this is an exact
    transportation split of each kind's hours between needs.
    """
    kinds_for: dict[tuple[str, str, str, int], list[str]] = defaultdict(list)
    for s, q, n, y in data.serve_needs:
        kinds_for[(s, data.kinds[q][0], n, y)].append(q)
    exams_at: dict[tuple[str, str, str, int], list[tuple[str, str]]] = defaultdict(list)
    for o, s, e, y in data.flows:
        exams_at[(s, data.exam_modality[e], data.exam_need[e], y)].append((o, e))

    def cover(m: pyo.ConcreteModel, s: str, mo: str, n: str, y: int) -> pyo.Expression:
        hours = sum(m.serve[s, q, n, y] for q in kinds_for.get((s, mo, n, y), ()))
        needed = sum(data.scan_hours[e] * m.flow[o, s, e, y] for o, e in exams_at[(s, mo, n, y)])
        return hours >= needed

    m.cover_index = pyo.Set(initialize=sorted(exams_at), dimen=4, ordered=True)
    m.capability_cover = pyo.Constraint(m.cover_index, rule=cover)


def add_capacity_rounding(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``capacity_rounding``: integer rounding (MIR) of scanner counts; valid, they only tighten.

    For a cluster of sites C, a need n and a year y, let D be the scan hours needed by exams
    with need n from origins that can reach no site outside C, O the hours of those exams
    outsourced, X the units in service at C that can serve n, and H the most hours any such unit
    offers. Then H * X >= D - O, and since X is integer, with b = D / H and f = b - floor(b) > 0:

        X + O / (H * f) >= ceil(b).

    Clusters are each origin's reach and all sites of the modality (see ``data.py``). Without
    them the relaxation buys fractions of a scanner as demand grows; with them HiGHS starts from
    whole scanners at the network and neighbourhood level.
    """
    kinds_serving = _kinds_serving(data)

    rows = []
    for cut in data.rounding_cuts:
        retire_terms: list[tuple[CohortWindow, float]] = []
        buy_terms: list[tuple[BuyWindow, float]] = []
        for s in sorted(cut.sites):
            for q in kinds_serving[(cut.modality, cut.need)]:
                retire_terms += data.cohort_hours.get((s, q, cut.year), ())
                buy_terms += data.buy_hours.get((s, q, cut.year), ())
        most = max((h for _, h in [*retire_terms, *buy_terms]), default=0.0)
        if most <= 0:
            continue
        b = cut.demand_hours / most
        f = b - math.floor(b)
        if f < 1e-6 or f > 1 - 1e-6:
            continue  # the rounding adds nothing (or too little to be numerically safe)
        rows.append((retire_terms, buy_terms, most, f, math.ceil(b), cut))

    m.rounding_index = pyo.Set(initialize=range(len(rows)), ordered=True)

    def rule(m: pyo.ConcreteModel, i: int) -> pyo.Expression:
        retire_terms, buy_terms, most, f, rhs, cut = rows[i]
        units = sum(m.retire[w] for w, _ in retire_terms) + sum(m.buy[w] for w, _ in buy_terms)
        out = sum(
            data.scan_hours[e] * m.outsourced[o, e, cut.year]
            for o, e in cut.demand_keys
            if (o, e, cut.year) in m.outsourcing
        )
        out += sum(
            data.scan_hours[e] * m.unmet[o, e, cut.year]
            for o, e in cut.demand_keys
            if (o, e, cut.year) in m.unmet_index
        )
        return units + out / (most * f) >= rhs

    m.capacity_rounding = pyo.Constraint(m.rounding_index, rule=rule)


def add_single_scanner_link(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``single_scanner_link`` (valid inequalities), for each flow (o, s, e, y) into a site s with
    room for at most one scanner of modality mo(e):

        flow[o, s, e, y] <= D[o, e, y] * X[s, n(e), y]   (exams),

    where X is the units in service at s in year y of the kinds that can serve the need n(e).
    When X is 0 no exam can be scanned at s, and otherwise the demand balance already bounds the
    flow, so the inequality cuts off no plan. At a one-scanner site X is 0 or 1, and this is the
    strong link of facility location: the relaxation can no longer open a fraction of a scanner
    and send a site's whole demand to it. Where more units fit, a fractional X >= 1 makes the
    inequality slack, so it is not added there.
    """
    kinds_serving = _kinds_serving(data)

    def rule(m: pyo.ConcreteModel, o: str, s: str, e: str, y: int) -> pyo.Expression:
        units: list[pyo.Var] = []
        for q in kinds_serving[(data.exam_modality[e], data.exam_need[e])]:
            units += [m.retire[w] for w, _ in data.cohort_hours.get((s, q, y), ())]
            units += [m.buy[w] for w, _ in data.buy_hours.get((s, q, y), ())]
        return m.flow[o, s, e, y] <= data.demand[(o, e, y)] * sum(units)

    m.single_scanner_flows = pyo.Set(initialize=data.single_scanner_flows, dimen=4, ordered=True)
    m.single_scanner_link = pyo.Constraint(m.single_scanner_flows, rule=rule)


def _build_years(data: CapitalData) -> dict[tuple[str, str], list[int]]:
    """(site, modality) -> the years rooms may be built there."""
    built: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s, mo, y in data.room_builds:
        built[(s, mo)].append(y)
    return built


def add_rooms_limit(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``rooms_limit`` (units), for each site s, modality mo, year y: scanners in service <=
    rooms[s, mo] + sum_{y' <= y} new_rooms[s, mo, y'] (+ extra_rooms in the elastic model).
    """
    keys = sorted({*data.cohort_rooms, *data.buy_rooms})
    built = _build_years(data)

    def rooms(m: pyo.ConcreteModel, s: str, mo: str, y: int) -> pyo.Expression:
        units = sum(m.retire[w] for w in data.cohort_rooms.get((s, mo, y), ()))
        units += sum(m.buy[w] for w in data.buy_rooms.get((s, mo, y), ()))
        new = sum(m.new_rooms[s, mo, b] for b in built.get((s, mo), ()) if b <= y)
        extra = m.extra_rooms[s, mo, y] if (s, mo, y) in m.extra_room_index else 0
        return units <= data.rooms.get((s, mo), 0) + new + extra

    m.room_index = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.rooms_limit = pyo.Constraint(m.room_index, rule=rooms)


def add_new_rooms_limit(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``new_rooms_limit`` (rooms), for each (s, mo) that may build: sum_y new_rooms[s, mo, y]
    <= max_new_rooms[s, mo]."""
    built = _build_years(data)
    m.room_sites = pyo.Set(initialize=sorted(built), dimen=2, ordered=True)
    m.new_rooms_limit = pyo.Constraint(
        m.room_sites,
        rule=lambda m, s, mo: (
            sum(m.new_rooms[s, mo, y] for y in built[(s, mo)]) <= data.max_new_rooms[(s, mo)]
        ),
    )


def add_capital_budget(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``capital_budget``, for each trust t and year y (GBP, cash, undiscounted):

    capital_spend[t, y] + carried[t, y] <= budget[t, y] + carried[t, y - 1] (+ budget_overrun),
    with carried = 0 for trusts that may not carry budget over, before the first year and after
    the last. Spend includes each trust's capital share of network-site purchases and works.
    """

    def rule(m: pyo.ConcreteModel, t: str, y: int) -> pyo.Expression:
        keep = m.carried[t, y] if (t, y) in m.carry else 0
        brought = m.carried[t, y - 1] if (t, y - 1) in m.carry else 0
        over = m.budget_overrun[t, y] if (t, y) in m.overrun_index else 0
        return m.capital_spend[t, y] + keep <= data.capital_budget[(t, y)] + brought + over

    m.capital_budget = pyo.Constraint(m.trust_years, rule=rule)


def revenue_terms(
    m: pyo.ConcreteModel, data: CapitalData, trust_years: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], list[Any]]:
    """(trust, year) -> the terms of its running costs the plan decides (GBP, cash), for the
    ``trust_years`` asked: maintenance of every unit in service (an existing scanner's by its
    owner, a new one's by its site's payers), in-house scanning by the scanning site's payers,
    outsourcing by the referring site's payers."""
    wanted = set(trust_years)
    terms: dict[tuple[str, int], list[Any]] = defaultdict(list)

    def add(shares: Mapping[str, float], year: int, term: Any) -> None:
        for trust, share in shares.items():
            if (trust, year) in wanted:
                terms[(trust, year)].append(share * term)

    for (c, r), window in data.cohort_windows.items():
        shares = data.owner_share[data.cohorts[c].owner]
        for year, cash in window.maintenance.items():
            if cash:
                add(shares, year, cash * m.retire[c, r])
    for key, window in data.buy_windows.items():
        for year, cash in window.maintenance.items():
            if cash:
                add(data.payer_share[key[0]], year, cash * m.buy[key])
    for o, s, e, y in data.flows:
        cost = data.in_house_cost.get(e, 0.0)
        if cost:
            add(data.payer_share[s], y, cost * m.flow[o, s, e, y])
    for o, e, y in m.outsourcing:
        add(data.payer_share[o], y, data.outsourcing_cost[e] * m.outsourced[o, e, y])
    return terms


def add_revenue_budget(
    m: pyo.ConcreteModel,
    data: CapitalData,
    more: Mapping[tuple[str, int], Iterable[Any]] | None = None,
) -> None:
    """``revenue_budget``, for each trust t and year y with a revenue budget (GBP, cash):

    revenue_spend[t, y] <= revenue_budget[t, y] (+ revenue_overrun[t, y]),

    where revenue_spend is the running cost the plan decides: maintenance of the units in
    service (an existing scanner's paid by its owner, a new one's by its site's payers),
    in-house scanning (``in_house_cost`` x exams, by the scanning site's payers) and
    outsourcing (by the referring site's payers); network sites and owners by capital share.
    No carry-over; ``revenue_overrun`` exists in the elastic model only.

    ``more``: the running costs of a model built on this one, by trust and year (GBP, cash),
    counted in revenue_spend too (the joint plan's staff, ``models/joint.md``).
    """
    m.revenue_years = pyo.Set(initialize=sorted(data.revenue_budget), dimen=2, ordered=True)
    terms = revenue_terms(m, data, data.revenue_budget)
    for key, extra in (more or {}).items():
        if key in data.revenue_budget:
            terms.setdefault(key, []).extend(extra)
    m.revenue_spend = pyo.Expression(
        m.revenue_years, rule=lambda m, t, y: sum(terms.get((t, y), []))
    )

    def rule(m: pyo.ConcreteModel, t: str, y: int) -> pyo.Expression:
        over = m.revenue_overrun[t, y] if (t, y) in m.revenue_overrun_index else 0
        return m.revenue_spend[t, y] <= data.revenue_budget[(t, y)] + over

    m.revenue_budget = pyo.Constraint(m.revenue_years, rule=rule)


def _tiers_of(m: pyo.ConcreteModel) -> dict[tuple[str, int], list[int]]:
    """(model, year) -> its discount tiers (indices)."""
    choices: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, v, t in m.tier_choices:
        choices[(k, v)].append(t)
    return choices


def add_discount_tier_choice(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``discount_tier_choice`` (framework volume discounts, all-units, exact), for each model k
    with tiers and year v: sum_t tier_active[k, v, t] <= 1. At most one tier applies."""
    choices = _tiers_of(m)
    m.tier_groups = pyo.Set(initialize=sorted(choices), dimen=2, ordered=True)
    m.discount_tier_choice = pyo.Constraint(
        m.tier_groups,
        rule=lambda m, k, v: sum(m.tier_active[k, v, t] for t in choices[(k, v)]) <= 1,
    )


def add_discount_tier_units(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``discount_tier_units``, for each site s, model k, year v, tier t:
    discounted_units[s, k, v, t] <= U_s * tier_active[k, v, t], where U_s bounds the units
    that fit at s. A tier's discount reaches units only when it is active."""
    m.discount_tier_units = pyo.Constraint(
        m.tier_units,
        rule=lambda m, s, k, v, t: (
            m.discounted_units[s, k, v, t]
            <= data.max_units[(s, data.models[k].modality)] * m.tier_active[k, v, t]
        ),
    )


def add_discount_tier_threshold(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``discount_tier_threshold``, for each model k, year v, tier t (min units L_t):
    sum_s discounted_units[s, k, v, t] >= L_t * tier_active[k, v, t]. A tier applies only when
    the network buys at least L_t units of k that year."""
    sites_of: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for s, k, v, t in m.tier_units:
        sites_of[(k, v, t)].append(s)
    m.discount_tier_threshold = pyo.Constraint(
        m.tier_choices,
        rule=lambda m, k, v, t: (
            sum(m.discounted_units[s, k, v, t] for s in sites_of[(k, v, t)])
            >= data.discount_tiers[k][t][0] * m.tier_active[k, v, t]
        ),
    )


def add_discounted_units_bought(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``discounted_units_bought``, for each site s, model k with tiers, year v:
    sum_t discounted_units[s, k, v, t] <= purchases[s, k, v]. A discount reaches only units
    actually bought."""
    choices = _tiers_of(m)
    tiered = sorted({(s, k, v) for (s, k, v, _) in m.tier_units})
    m.tiered_purchases = pyo.Set(initialize=tiered, dimen=3, ordered=True)
    m.discounted_units_bought = pyo.Constraint(
        m.tiered_purchases,
        rule=lambda m, s, k, v: (
            sum(m.discounted_units[s, k, v, t] for t in choices[(k, v)]) <= m.purchases[s, k, v]
        ),
    )


def add_committed_purchase(m: pyo.ConcreteModel, data: CapitalData) -> None:
    """``committed_purchase``: purchases[s, k, v] (+ committed_shortfall) >= committed units.

    Commitments that cannot be bought at all are rejected as input errors before the strict
    model is built (see :func:`netopt.models.capital.data.build_capital_data`); the elastic
    model reports them as shortfalls.
    """
    m.commitments = pyo.Set(initialize=sorted(data.committed), dimen=3, ordered=True)

    def rule(m: pyo.ConcreteModel, s: str, k: str, v: int) -> pyo.Expression:
        bought = m.purchases[s, k, v] if (s, k, v) in m.purchase_keys else 0
        short = m.committed_shortfall[s, k, v] if (s, k, v) in m.committed_shortfall_index else 0
        return bought + short >= data.committed[(s, k, v)]

    m.committed_purchase = pyo.Constraint(m.commitments, rule=rule)
