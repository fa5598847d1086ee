"""Solver values -> tidy tables keyed by the ids of the instance (the capital plan).

Integers are rounded once here and continuous values cleaned of solver noise, so no ``-0.0``
or ``0.9999999`` leaks into a plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from enum import StrEnum

import pandas as pd
import pyomo.environ as pyo

from netopt.models.capital.data import CapitalData
from netopt.models.capital.objective import CostComponent
from netopt.models.common import clean, units


class AssetDecision(StrEnum):
    """What the plan does with an existing scanner."""

    KEEP = "keep"
    """In service to the horizon end."""
    RETIRE = "retire"
    """Leaves service; nothing of its modality is bought at its site that year."""
    REPLACE = "replace"
    """Leaves service the year a scanner of its modality is bought at its site."""


OPTIONAL_YEARS = ("retire_year", "year")
"""Year columns that may be empty (kept to the horizon end); stored as nullable integers."""


def _frame(rows: Iterable[Mapping[str, object]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=columns)
    for column in OPTIONAL_YEARS:
        if column in frame and frame[column].isna().any():
            frame[column] = frame[column].astype("Int64")
    return frame


Row = dict[str, object]
"""One row of a result table, by column."""

PURCHASE_COLUMNS = [
    "site",
    "model",
    "modality",
    "year",
    "in_service_year",
    "retire_year",
    "units",
    "list_price",
    "unit_price",
    "discount",
    "cost",
    "works_cost",
]
NEW_ROOM_COLUMNS = ["site", "modality", "year", "rooms", "cost"]
PAYMENT_COLUMNS = ["trust", "year", "site", "item", "model", "modality", "amount"]
ASSET_DECISION_COLUMNS = [
    "asset",
    "site",
    "owner",
    "modality",
    "kind",
    "install_year",
    "decision",
    "year",
    "age",
    "value",
    "replaced_by",
]
FLEET_KEYS = ["site", "modality", "kind", "year", "scanner", "install_year", "age"]
FLEET_COLUMNS = [*FLEET_KEYS, "units", "hours", "exam_hours", "installation_hours_lost"]
FLOW_COLUMNS = [
    "origin",
    "site",
    "exam_type",
    "modality",
    "year",
    "exams",
    "scan_hours",
    "travel_minutes",
    "travel_cost",
]
OUTSOURCED_COLUMNS = ["site", "exam_type", "modality", "year", "exams", "cost"]
SPEND_COLUMNS = ["trust", "year", "budget", "carried_in", "spend", "headroom", "value_per_gbp"]
SPLIT_KEYS = ["trust", "year", "modality"]
SPLIT_COLUMNS = [
    *SPLIT_KEYS,
    "exams_in_house",
    "exams_outsourced",
    "outsourced_share",
    "in_house_cost",
    "outsourcing_cost",
]
ACCESS_MINUTES = (30, 45, 60)
"""The travel minutes the ``access`` table counts exams within."""
RANK_MINUTES = 45
"""The ``access`` table ranks origins by their share of exams within this many minutes."""
ACCESS_KEYS = ["origin", "modality", "year"]
ACCESS_COLUMNS = [
    *ACCESS_KEYS,
    "exams_demanded",
    *(f"exams_within_{t}" for t in ACCESS_MINUTES),
    "exams_outsourced",
    *(f"share_within_{t}" for t in ACCESS_MINUTES),
    "mean_travel_minutes",
    "max_travel_minutes",
    "rank",
]
COST_COLUMNS = ["component", "npv"]
TRUST_COST_COLUMNS = ["trust", "year", "component", "cash", "npv"]


def extract_tables(
    m: pyo.ConcreteModel,
    data: CapitalData,
    budget_values: Mapping[tuple[str, int], float] | None = None,
    staff: Mapping[tuple[str, int], float] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every result table of a solved capital model, by name; ``budget_values`` (see
    :mod:`netopt.models.capital.budget_value`) fill the ``spend`` table's ``value_per_gbp``;
    ``staff`` (a joint plan's) the ``revenue`` table's ``staff`` column."""
    cash = purchase_cash_costs(m, data)
    bought = purchase_units(m, data)
    purchases = purchase_rows(m, data, cash)
    new_rooms = new_room_rows(m, data)
    fleet = fleet_table(m, data)
    flows = flow_table(m, data)
    outsourced = outsourced_table(m, data)
    trust_costs = trust_cost_table(m, data, cash, bought, flows, outsourced)
    return {
        "asset_decisions": asset_decision_table(m, data, purchases),
        "purchases": _frame(purchases, PURCHASE_COLUMNS),
        "payments": payment_table(data, cash, new_rooms, bought),
        "new_rooms": _frame(new_rooms, NEW_ROOM_COLUMNS),
        "fleet": fleet,
        "capacity": capacity_table(fleet, flows, outsourced, data),
        "spend": spend_table(m, data, budget_values or {}),
        "flows": flows,
        "outsourced": outsourced,
        "costs": cost_table(m),
        "trust_costs": trust_costs,
        "scanning_split": scanning_split_table(data, flows, outsourced),
        "revenue": revenue_table(trust_costs, data, staff),
        "access": access_table(data, flows, outsourced),
    }


def purchase_units(m: pyo.ConcreteModel, data: CapitalData) -> dict[tuple[str, str, int], int]:
    """(site, model, year) -> units bought, for every purchase of at least one unit."""
    bought: dict[tuple[str, str, int], int] = defaultdict(int)
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        if n:
            bought[(s, k, v)] += n
    return dict(bought)


def purchase_cash_costs(
    m: pyo.ConcreteModel, data: CapitalData
) -> dict[tuple[str, str, int], float]:
    """(site, model, year) -> cash cost of the units bought there (GBP, after discounts), for
    every purchase of at least one unit."""
    return {key: clean(pyo.value(m.purchase_cost[key])) for key in purchase_units(m, data)}


def purchase_rows(
    m: pyo.ConcreteModel, data: CapitalData, cash: Mapping[tuple[str, str, int], float]
) -> list[Row]:
    """Units bought by site, model, year and retire year, at the unit price after discount
    (``cash``: :func:`purchase_cash_costs`)."""
    units_bought: dict[tuple[str, str, int], int] = defaultdict(int)
    for s, k, v, r in data.buy_windows:
        units_bought[(s, k, v)] += units(m.buy[s, k, v, r])
    rows: list[Row] = []
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        if not n:
            continue
        info = data.models[k]
        unit_price = cash[(s, k, v)] / units_bought[(s, k, v)]
        rows.append(
            {
                "site": s,
                "model": k,
                "modality": info.modality,
                "year": v,
                "in_service_year": v + info.lead_time,
                "retire_year": None if r == data.end_year else r,
                "units": n,
                "list_price": info.price,
                "unit_price": clean(unit_price),
                "discount": clean(1 - unit_price / info.price) if info.price else 0.0,
                "cost": clean(unit_price * n),
                "works_cost": clean(n * data.installation_works_cost.get((s, info.modality), 0.0)),
            }
        )
    return rows


def new_room_rows(m: pyo.ConcreteModel, data: CapitalData) -> list[Row]:
    """Rooms built by site, modality and year, with their cost."""
    rows: list[Row] = []
    for s, mo, y in data.room_builds:
        n = units(m.new_rooms[s, mo, y])
        if n:
            cost = data.new_room_cost[(s, mo)] * n
            rows.append({"site": s, "modality": mo, "year": y, "rooms": n, "cost": clean(cost)})
    return rows


def payment_table(
    data: CapitalData,
    cash: Mapping[tuple[str, str, int], float],
    new_rooms: Iterable[Row],
    bought: Mapping[tuple[str, str, int], int],
) -> pd.DataFrame:
    """Who pays what: each paying trust's share of each purchase (``cash``:
    :func:`purchase_cash_costs`), of the works installing it (``bought``: units by purchase,
    :func:`purchase_units`) and of each new room."""
    rows: list[Row] = []
    for (s, k, v), cost in sorted(cash.items()):
        modality = data.models[k].modality
        works = data.installation_works_cost.get((s, modality), 0.0)
        for trust, share in sorted(data.payer_share[s].items()):
            item = {"trust": trust, "year": v, "site": s, "model": k, "modality": modality}
            rows.append({**item, "item": "purchase", "amount": clean(share * cost)})
            if works:
                amount = share * works * bought[(s, k, v)]
                rows.append({**item, "item": "installation_works", "amount": clean(amount)})
    for room in new_rooms:
        for trust, share in sorted(data.payer_share[str(room["site"])].items()):
            rows.append(
                {
                    "trust": trust,
                    "year": room["year"],
                    "site": room["site"],
                    "item": "new_room",
                    "model": None,
                    "modality": room["modality"],
                    "amount": clean(share * float(room["cost"])),  # type: ignore[arg-type]
                }
            )
    return _frame(rows, PAYMENT_COLUMNS)


def asset_decision_table(
    m: pyo.ConcreteModel, data: CapitalData, purchases: Iterable[Row]
) -> pd.DataFrame:
    """Each existing scanner and its owner: kept, retired or replaced (by a purchase of its
    modality at its site in the year it leaves), when, at what age and value. A cohort's units leave in retire
    year order, assigned to its asset ids in order."""
    bought_at: dict[tuple[object, object, object], list[str]] = defaultdict(list)
    for row in purchases:
        bought_at[(row["site"], row["modality"], row["year"])].append(str(row["model"]))
    df, end = data.discount_factor, data.end_year
    rows: list[Row] = []
    for c, cohort in enumerate(data.cohorts):
        ids = iter(cohort.assets)
        for r in cohort.retire_years:
            for _ in range(units(m.retire[c, r])):
                window = data.cohort_windows[(c, r)]
                kept = r == end
                replaced_by = sorted(set(bought_at.get((cohort.site, cohort.modality, r), [])))
                decision = (
                    AssetDecision.KEEP
                    if kept
                    else (AssetDecision.REPLACE if replaced_by else AssetDecision.RETIRE)
                )
                value = (
                    (window.residual_npv if kept else window.resale_npv) / df[r] if df[r] else 0.0
                )
                rows.append(
                    {
                        "asset": next(ids),
                        "site": cohort.site,
                        "owner": cohort.owner,
                        "modality": cohort.modality,
                        "kind": cohort.kind,
                        "install_year": cohort.install_year,
                        "decision": decision.value,
                        "year": None if kept else r,
                        "age": r - cohort.install_year,
                        "value": clean(value),
                        "replaced_by": ", ".join(replaced_by) or None,
                    }
                )
    rows.sort(key=lambda row: str(row["asset"]))
    return _frame(rows, ASSET_DECISION_COLUMNS)


def fleet_table(m: pyo.ConcreteModel, data: CapitalData) -> pd.DataFrame:
    """Scanners in service by site, modality, kind and year (existing, or by catalogue model
    and install year), with their hours."""
    rows: list[Row] = []
    for c, cohort in enumerate(data.cohorts):
        for r in cohort.retire_years:
            n = units(m.retire[c, r])
            window = data.cohort_windows[(c, r)]
            for year, hours in window.hours.items() if n else ():
                rows.append(
                    {
                        "site": cohort.site,
                        "modality": cohort.modality,
                        "kind": cohort.kind,
                        "year": year,
                        "scanner": "existing",
                        "install_year": cohort.install_year,
                        "age": year - cohort.install_year,
                        "units": n,
                        "hours": clean(n * hours),
                        "exam_hours": clean(n * hours * window.throughput),
                        "installation_hours_lost": 0.0,
                    }
                )
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        info = data.models[k]
        window = data.buy_windows[(s, k, v, r)]
        for year, hours in window.hours.items() if n else ():
            rows.append(
                {
                    "site": s,
                    "modality": info.modality,
                    "kind": info.kind,
                    "year": year,
                    "scanner": k,
                    "install_year": v + info.lead_time,
                    "age": year - v - info.lead_time,
                    "units": n,
                    "hours": clean(n * hours),
                    "exam_hours": clean(n * hours * window.throughput),
                    "installation_hours_lost": clean(
                        n * window.installation_hours_lost.get(year, 0.0)
                    ),
                }
            )
    return (
        _frame(rows, FLEET_COLUMNS)
        .groupby(FLEET_KEYS, as_index=False)
        .sum()
        .sort_values(
            ["site", "modality", "year", "kind", "scanner", "install_year"], ignore_index=True
        )
    )


def flow_table(m: pyo.ConcreteModel, data: CapitalData) -> pd.DataFrame:
    """Patients' exams by origin site, scanning site, exam type and year, with their scan
    hours and travel."""
    rows: list[Row] = []
    for o, s, e, y in data.flows:
        exams = clean(pyo.value(m.flow[o, s, e, y]))
        if exams:
            rows.append(
                {
                    "origin": o,
                    "site": s,
                    "exam_type": e,
                    "modality": data.exam_modality[e],
                    "year": y,
                    "exams": exams,
                    "scan_hours": clean(exams * data.scan_hours[e]),
                    "travel_minutes": clean(data.travel_minutes[(o, s)]),
                    "travel_cost": clean(exams * data.travel_cost[(o, s)]),
                }
            )
    return _frame(rows, FLOW_COLUMNS)


def outsourced_table(m: pyo.ConcreteModel, data: CapitalData) -> pd.DataFrame:
    """Outsourced exams by referring site, exam type and year, with their cost."""
    rows: list[Row] = []
    for o, e, y in m.outsourcing:
        exams = clean(pyo.value(m.outsourced[o, e, y]))
        if exams:
            rows.append(
                {
                    "site": o,
                    "exam_type": e,
                    "modality": data.exam_modality[e],
                    "year": y,
                    "exams": exams,
                    "cost": clean(exams * data.outsourcing_cost[e]),
                }
            )
    return _frame(rows, OUTSOURCED_COLUMNS)


def cost_table(m: pyo.ConcreteModel) -> pd.DataFrame:
    """Net present cost by component (GBP); values (resale, residual) are negative."""
    rows = (
        {"component": c.value, "npv": clean(pyo.value(m.cost[c]) * c.sign)} for c in CostComponent
    )
    return _frame(rows, COST_COLUMNS)


def trust_cost_table(
    m: pyo.ConcreteModel,
    data: CapitalData,
    cash: Mapping[tuple[str, str, int], float],
    bought: Mapping[tuple[str, str, int], int],
    flows: pd.DataFrame,
    outsourced: pd.DataFrame,
) -> pd.DataFrame:
    """What the plan costs each trust each year, by component: cash (GBP in that year) and
    its present value (``npv``, discounted as in the objective); values (resale, residual
    value) are negative, as in ``costs``. Summed over trusts and years, each component's npv is
    the plan's.

    Each cost is apportioned as capital spend is (``payments``): to the owner of the site it
    arises at, or at a network site to every trust by its capital share. Capital and enabling
    works arise at the site bought for; maintenance, resale and residual value at the scanner's
    site (installation works with the purchase); in-house scanning (staff and consumables)
    at the site that scans; outsourcing and patient travel at the referring site (the origin).
    The exception is an existing scanner's maintenance, resale and residual value: they go to
    its owner (``Cohort.owner``; ``network``: every trust by capital share), the site's owner
    unless the asset names another. Residual value is in the horizon end year (the year after
    the last plan year), when it is valued."""
    amounts: dict[tuple[str, int, CostComponent], float] = defaultdict(float)

    def share_out(
        shares: Mapping[str, float], year: int, component: CostComponent, amount: float
    ) -> None:
        for trust, share in shares.items():
            amounts[(trust, year, component)] += share * amount * component.sign

    def add(site: str, year: int, component: CostComponent, amount: float) -> None:
        share_out(data.payer_share[site], year, component, amount)

    for (s, _, v), cost in cash.items():
        add(s, v, CostComponent.CAPITAL, cost)
    for (s, k, v), n in bought.items():
        works = data.installation_works_cost.get((s, data.models[k].modality), 0.0)
        if works:
            add(s, v, CostComponent.ENABLING_WORKS, n * works)
    for s, mo, y in data.room_builds:
        rooms = units(m.new_rooms[s, mo, y])
        if rooms:
            add(s, y, CostComponent.ENABLING_WORKS, rooms * data.new_room_cost[(s, mo)])
    held = [
        (data.owner_share[data.cohorts[c].owner], r, units(m.retire[c, r]), w)
        for (c, r), w in data.cohort_windows.items()
    ]
    held += [
        (data.payer_share[s], r, units(m.buy[s, k, v, r]), w)
        for (s, k, v, r), w in data.buy_windows.items()
    ]
    df = data.discount_factor
    for shares, leave, n, window in held:
        if not n:
            continue
        for year, maintenance in window.maintenance.items():
            share_out(shares, year, CostComponent.MAINTENANCE, n * maintenance)
        if window.resale_npv and df[leave]:
            share_out(shares, leave, CostComponent.RESALE, n * window.resale_npv / df[leave])
        if window.residual_npv and df[leave]:
            value = n * window.residual_npv / df[leave]
            share_out(shares, leave, CostComponent.RESIDUAL_VALUE, value)
    for site, year, cost in outsourced[["site", "year", "cost"]].itertuples(index=False):
        add(site, year, CostComponent.OUTSOURCING, cost)
    for site, exam, year, exams in flows[["site", "exam_type", "year", "exams"]].itertuples(
        index=False
    ):
        if exam in data.in_house_cost:
            add(site, year, CostComponent.IN_HOUSE_SCANNING, exams * data.in_house_cost[exam])
    for origin, year, cost in flows[["origin", "year", "travel_cost"]].itertuples(index=False):
        add(origin, year, CostComponent.PATIENT_TRAVEL, cost)
    order = {c: i for i, c in enumerate(CostComponent)}
    rows = [
        {
            "trust": trust,
            "year": year,
            "component": component.value,
            "cash": clean(amount),
            "npv": clean(df[year] * amount),
        }
        for (trust, year, component), amount in sorted(
            amounts.items(), key=lambda item: (item[0][0], item[0][1], order[item[0][2]])
        )
        if clean(amount)
    ]
    return _frame(rows, TRUST_COST_COLUMNS)


def scanning_split(
    data: CapitalData, flows: pd.DataFrame, outsourced: pd.DataFrame
) -> dict[tuple[str, int, str], list[float]]:
    """(trust, year, modality) -> [exams in house, exams outsourced, in-house cost, outsourcing
    cost] of the trust's patients: exams referred at the trust's sites (at a network site, the
    trusts by capital share), wherever they are scanned; cash GBP."""
    split: dict[tuple[str, int, str], list[float]] = defaultdict(lambda: [0.0] * 4)
    for origin, exam, modality, year, exams in flows[
        ["origin", "exam_type", "modality", "year", "exams"]
    ].itertuples(index=False):
        for trust, share in data.payer_share[origin].items():
            row = split[(trust, year, modality)]
            row[0] += share * exams
            row[2] += share * exams * data.in_house_cost.get(exam, 0.0)
    for site, modality, year, exams, cost in outsourced[
        ["site", "modality", "year", "exams", "cost"]
    ].itertuples(index=False):
        for trust, share in data.payer_share[site].items():
            row = split[(trust, year, modality)]
            row[1] += share * exams
            row[3] += share * cost
    return split


def scanning_split_table(
    data: CapitalData, flows: pd.DataFrame, outsourced: pd.DataFrame
) -> pd.DataFrame:
    """Whose patients are scanned in the network and whose are outsourced: one row per trust,
    year and modality with any exams (see :func:`scanning_split`), with the share outsourced
    and what each part costs (cash GBP; in-house at ``in_house_cost``, wherever scanned)."""
    rows: list[Row] = []
    for (trust, year, modality), (inside, out, inside_cost, out_cost) in sorted(
        scanning_split(data, flows, outsourced).items()
    ):
        inside, out = clean(inside), clean(out)
        if not inside and not out:
            continue
        rows.append(
            {
                "trust": trust,
                "year": year,
                "modality": modality,
                "exams_in_house": inside,
                "exams_outsourced": out,
                "outsourced_share": clean(out / (inside + out)),
                "in_house_cost": clean(inside_cost),
                "outsourcing_cost": clean(out_cost),
            }
        )
    return _frame(rows, SPLIT_COLUMNS)


def access_table(data: CapitalData, flows: pd.DataFrame, outsourced: pd.DataFrame) -> pd.DataFrame:
    """The equity view: how near home each origin's patients are scanned, one row per origin
    site, modality and year with demand. Exams scanned at their origin travel 0 minutes;
    outsourced exams count as not within any number of minutes (an independent provider at an
    unknown distance) and are left out of the mean and maximum travel. ``rank`` 1 is the
    worst-served origin of the modality that year: the lowest share within
    :data:`RANK_MINUTES`, then the longest mean travel, then the origin id."""
    demanded: dict[tuple[str, str, int], float] = defaultdict(float)
    for (o, e, y), exams in data.demand.items():
        demanded[(o, data.exam_modality[e], y)] += exams
    within: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0.0] * 3)
    # (origin, modality, year) -> [exams scanned, exams x minutes, longest minutes]
    travel: dict[tuple[str, str, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for o, s, modality, y, exams in flows[
        ["origin", "site", "modality", "year", "exams"]
    ].itertuples(index=False):
        key = (o, modality, y)
        minutes = data.travel_minutes[(o, s)]
        for i, limit in enumerate(ACCESS_MINUTES):
            if minutes <= limit:
                within[key][i] += exams
        travel[key][0] += exams
        travel[key][1] += exams * minutes
        travel[key][2] = max(travel[key][2], minutes)
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for o, modality, y, exams in outsourced[["site", "modality", "year", "exams"]].itertuples(
        index=False
    ):
        out[(o, modality, y)] += exams
    rows: dict[tuple[str, str, int], Row] = {}
    order: list[tuple[str, int, float, float, str]] = []
    for key, total in sorted(demanded.items()):
        counts = within[key]
        scanned, exam_minutes, most = travel.get(key, [0.0, 0.0, 0.0])
        mean = clean(exam_minutes / scanned) if scanned else None
        row: Row = {"origin": key[0], "modality": key[1], "year": key[2]}
        row["exams_demanded"] = clean(total)
        for limit, count in zip(ACCESS_MINUTES, counts, strict=True):
            row[f"exams_within_{limit}"] = clean(count)
        row["exams_outsourced"] = clean(out[key])
        shares = {
            limit: clean(count / total) for limit, count in zip(ACCESS_MINUTES, counts, strict=True)
        }
        for limit, share in shares.items():
            row[f"share_within_{limit}"] = share
        row["mean_travel_minutes"] = mean
        row["max_travel_minutes"] = clean(most) if scanned else None
        rows[key] = row
        order.append((key[1], key[2], shares[RANK_MINUTES], -(mean or 0.0), key[0]))
    place: dict[tuple[str, int], int] = defaultdict(int)
    for modality, year, _, _, origin in sorted(order):
        place[(modality, year)] += 1
        rows[(origin, modality, year)]["rank"] = place[(modality, year)]
    return _frame(rows.values(), ACCESS_COLUMNS)


def capacity_table(
    fleet: pd.DataFrame, flows: pd.DataFrame, outsourced: pd.DataFrame, data: CapitalData
) -> pd.DataFrame:
    """Capacity against demand by site, modality and year (hours and exams)."""
    keys = ["site", "modality", "year"]
    hours = (
        fleet.groupby(keys)[["units", "hours", "exam_hours", "installation_hours_lost"]]
        .sum()
        .rename(
            columns={"units": "scanners", "hours": "scanner_hours", "exam_hours": "hours_available"}
        )
    )
    used = (
        flows.groupby(keys)[["scan_hours", "exams"]]
        .sum()
        .rename(columns={"scan_hours": "hours_used", "exams": "exams_scanned"})
    )
    demand_rows = [
        {
            "site": o,
            "modality": data.exam_modality[e],
            "year": y,
            "exams_demanded": d,
            "hours_demanded": d * data.scan_hours[e],
        }
        for (o, e, y), d in data.demand.items()
    ]
    demand = _frame(demand_rows, [*keys, "exams_demanded", "hours_demanded"]).groupby(keys).sum()
    out = outsourced.groupby(keys)[["exams"]].sum().rename(columns={"exams": "exams_outsourced"})
    table = pd.concat([hours, used, demand, out], axis=1).fillna(0.0).reset_index()
    table["utilisation_ceiling"] = [
        data.ceiling(s, mo) for s, mo in zip(table["site"], table["modality"], strict=True)
    ]
    table["utilisation"] = [
        clean(u / a) if a > 0 else 0.0
        for u, a in zip(table["hours_used"], table["hours_available"], strict=True)
    ]
    for column in (
        "scanner_hours",
        "hours_available",
        "installation_hours_lost",
        "hours_used",
        "exams_scanned",
        "exams_demanded",
        "hours_demanded",
        "exams_outsourced",
    ):
        table[column] = table[column].map(clean)
    table["scanners"] = table["scanners"].astype(int)
    return table.sort_values(keys, ignore_index=True)[
        [
            *keys,
            "scanners",
            "scanner_hours",
            "installation_hours_lost",
            "hours_available",
            "hours_used",
            "utilisation",
            "utilisation_ceiling",
            "exams_scanned",
            "exams_demanded",
            "hours_demanded",
            "exams_outsourced",
        ]
    ]


def spend_table(
    m: pyo.ConcreteModel, data: CapitalData, values: Mapping[tuple[str, int], float]
) -> pd.DataFrame:
    """Capital spend against budget by trust and year (cash GBP), with the value of one more
    pound of budget where ``values`` has it (blank where not).

    Carry-over is shown at its most: a carry-over trust brings all of last year's headroom.
    """
    rows = []
    for t in data.trusts:
        brought = 0.0
        for y in data.years:
            budget = data.capital_budget[(t, y)]
            spend = clean(pyo.value(m.capital_spend[t, y]))
            headroom = clean(budget + brought - spend)
            rows.append(
                {
                    "trust": t,
                    "year": y,
                    "budget": budget,
                    "carried_in": clean(brought),
                    "spend": spend,
                    "headroom": headroom,
                    "value_per_gbp": values.get((t, y)),
                }
            )
            brought = headroom if t in data.carry_over else 0.0
    return _frame(rows, SPEND_COLUMNS)


REVENUE_COMPONENTS = (
    CostComponent.MAINTENANCE,
    CostComponent.IN_HOUSE_SCANNING,
    CostComponent.OUTSOURCING,
)
"""The running costs a plan decides and a revenue budget limits (``revenue_budget``)."""
REVENUE_COLUMNS = [
    "trust",
    "year",
    "budget",
    *(c.value for c in REVENUE_COMPONENTS),
    "staff",
    "spend",
    "headroom",
]


def revenue_table(
    trust_costs: pd.DataFrame,
    data: CapitalData,
    staff: Mapping[tuple[str, int], float] | None = None,
) -> pd.DataFrame:
    """Each trust's running costs the plan decides, by year (cash GBP, from ``trust_costs``):
    maintenance, in-house scanning and outsourcing, the workforce's (``staff``: a joint plan's
    running costs of its staff by trust and year; None for a capital plan, whose ``staff``
    column is blank), their sum, and the revenue budget and headroom where the trust has one
    (blank where not)."""
    cash: dict[tuple[str, int, str], float] = defaultdict(float)
    names = {c.value for c in REVENUE_COMPONENTS}
    for trust, year, component, amount in trust_costs[
        ["trust", "year", "component", "cash"]
    ].itertuples(index=False):
        if component in names:
            cash[(str(trust), int(year), str(component))] += float(amount)
    rows: list[Row] = []
    for t in data.trusts:
        for y in data.years:
            parts = {c.value: clean(cash.get((t, y, c.value), 0.0)) for c in REVENUE_COMPONENTS}
            workforce = None if staff is None else clean(staff.get((t, y), 0.0))
            spend = clean(sum(parts.values()) + (workforce or 0.0))
            budget = data.revenue_budget.get((t, y))
            rows.append(
                {
                    "trust": t,
                    "year": y,
                    "budget": budget,
                    **parts,
                    "staff": workforce,
                    "spend": spend,
                    "headroom": None if budget is None else clean(budget - spend),
                }
            )
    return _frame(rows, REVENUE_COLUMNS)
