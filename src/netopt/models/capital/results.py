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


def extract_tables(m: pyo.ConcreteModel, data: CapitalData) -> dict[str, pd.DataFrame]:
    """Every result table of a solved capital model, by name."""
    df = data.discount_factor
    end = data.end_year

    purchases = []
    bought: dict[tuple[str, str, int], int] = defaultdict(int)
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        if n:
            bought[(s, k, v)] += n
    cash_cost = {key: clean(pyo.value(m.purchase_cost[key])) for key in bought}
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        if not n:
            continue
        info = data.models[k]
        total = bought[(s, k, v)]
        unit_price = cash_cost[(s, k, v)] / total
        purchases.append(
            {
                "site": s,
                "model": k,
                "modality": info.modality,
                "year": v,
                "in_service_year": v + info.lead_time,
                "retire_year": None if r == end else r,
                "units": n,
                "list_price": info.price,
                "unit_price": clean(unit_price),
                "discount": clean(1 - unit_price / info.price) if info.price else 0.0,
                "cost": clean(unit_price * n),
            }
        )

    new_rooms = []
    for s, mo, y in data.room_builds:
        n = units(m.new_rooms[s, mo, y])
        if n:
            cost = data.new_room_cost[(s, mo)] * n
            new_rooms.append(
                {"site": s, "modality": mo, "year": y, "rooms": n, "cost": clean(cost)}
            )

    payments = []
    for (s, k, v), cost in sorted(cash_cost.items()):
        for trust, share in sorted(data.payer_share[s].items()):
            item = {"trust": trust, "year": v, "site": s, "item": "purchase", "model": k}
            payments.append(
                {**item, "modality": data.models[k].modality, "amount": clean(share * cost)}
            )
    for row in new_rooms:
        for trust, share in sorted(data.payer_share[str(row["site"])].items()):
            payments.append(
                {
                    "trust": trust,
                    "year": row["year"],
                    "site": row["site"],
                    "item": "new_room",
                    "model": None,
                    "modality": row["modality"],
                    "amount": clean(share * float(row["cost"])),  # type: ignore[arg-type]
                }
            )

    # Existing scanners: a cohort's units leave in retire-year order, assigned to its asset ids.
    bought_at = defaultdict(list)
    for row in purchases:
        bought_at[(row["site"], row["modality"], row["year"])].append(str(row["model"]))
    decisions = []
    for c, cohort in enumerate(data.cohorts):
        ids = iter(cohort.assets)
        for r in cohort.retire_years:
            for _ in range(units(m.retire[c, r])):
                asset = next(ids)
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
                decisions.append(
                    {
                        "asset": asset,
                        "site": cohort.site,
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
    decisions.sort(key=lambda row: str(row["asset"]))

    fleet = []
    for c, cohort in enumerate(data.cohorts):
        for r in cohort.retire_years:
            n = units(m.retire[c, r])
            for year, hours in data.cohort_windows[(c, r)].hours.items() if n else ():
                fleet.append(
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
                    }
                )
    for s, k, v, r in data.buy_windows:
        n = units(m.buy[s, k, v, r])
        info = data.models[k]
        for year, hours in data.buy_windows[(s, k, v, r)].hours.items() if n else ():
            fleet.append(
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
                }
            )
    fleet_frame = _frame(
        fleet,
        ["site", "modality", "kind", "year", "scanner", "install_year", "age", "units", "hours"],
    )
    fleet_frame = (
        fleet_frame.groupby(
            ["site", "modality", "kind", "year", "scanner", "install_year", "age"], as_index=False
        )
        .sum()
        .sort_values(
            ["site", "modality", "year", "kind", "scanner", "install_year"], ignore_index=True
        )
    )

    flows = []
    for o, s, e, y in data.flows:
        exams = clean(pyo.value(m.flow[o, s, e, y]))
        if exams:
            flows.append(
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
    flows_frame = _frame(
        flows,
        [
            "origin",
            "site",
            "exam_type",
            "modality",
            "year",
            "exams",
            "scan_hours",
            "travel_minutes",
            "travel_cost",
        ],
    )

    outsourced = []
    for o, e, y in m.outsourcing:
        exams = clean(pyo.value(m.outsourced[o, e, y]))
        if exams:
            outsourced.append(
                {
                    "site": o,
                    "exam_type": e,
                    "modality": data.exam_modality[e],
                    "year": y,
                    "exams": exams,
                    "cost": clean(exams * data.outsourcing_cost[e]),
                }
            )
    outsourced_frame = _frame(
        outsourced, ["site", "exam_type", "modality", "year", "exams", "cost"]
    )

    capacity = _capacity_table(fleet_frame, flows_frame, outsourced_frame, data)
    spend = _spend_table(m, data)
    costs = _frame(
        (
            {"component": c.value, "npv": clean(pyo.value(m.cost[c]) * c.sign)}
            for c in CostComponent
        ),
        ["component", "npv"],
    )

    return {
        "asset_decisions": _frame(
            decisions,
            [
                "asset",
                "site",
                "modality",
                "kind",
                "install_year",
                "decision",
                "year",
                "age",
                "value",
                "replaced_by",
            ],
        ),
        "purchases": _frame(
            purchases,
            [
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
            ],
        ),
        "payments": _frame(
            payments, ["trust", "year", "site", "item", "model", "modality", "amount"]
        ),
        "new_rooms": _frame(new_rooms, ["site", "modality", "year", "rooms", "cost"]),
        "fleet": fleet_frame,
        "capacity": capacity,
        "spend": spend,
        "flows": flows_frame,
        "outsourced": outsourced_frame,
        "costs": costs,
    }


def _capacity_table(
    fleet: pd.DataFrame, flows: pd.DataFrame, outsourced: pd.DataFrame, data: CapitalData
) -> pd.DataFrame:
    """Capacity against demand by site, modality and year (hours and exams)."""
    keys = ["site", "modality", "year"]
    hours = (
        fleet.groupby(keys)[["units", "hours"]]
        .sum()
        .rename(columns={"units": "scanners", "hours": "hours_available"})
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
    table["utilisation"] = [
        clean(u / a) if a > 0 else 0.0
        for u, a in zip(table["hours_used"], table["hours_available"], strict=True)
    ]
    for column in (
        "hours_available",
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
            "hours_available",
            "hours_used",
            "utilisation",
            "exams_scanned",
            "exams_demanded",
            "hours_demanded",
            "exams_outsourced",
        ]
    ]


def _spend_table(m: pyo.ConcreteModel, data: CapitalData) -> pd.DataFrame:
    """Capital spend against budget by trust and year (cash GBP).

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
                }
            )
            brought = headroom if t in data.carry_over else 0.0
    return _frame(rows, ["trust", "year", "budget", "carried_in", "spend", "headroom"])
