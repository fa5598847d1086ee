"""Random small capital instances (seeded) for checking the verifier against the solver."""

from __future__ import annotations

import random
from typing import Any

from netopt.schema import Instance


def _profile(rng: random.Random, name: str, ages: int, price: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for age in range(ages):
        rows.append(
            {
                "profile": name,
                "age": age,
                "maintenance_cost": round(price * rng.uniform(0.03, 0.08) * (1 + 0.15 * age)),
                "resale_value": round(price * max(0.0, 0.8 - 0.12 * age)),
                "downtime_fraction": round(min(0.5, 0.02 + 0.02 * age * rng.uniform(0.5, 1.5)), 3),
            }
        )
    return rows


def random_instance(seed: int) -> Instance:
    """A small random network: 1-3 trusts, 2-4 sites (maybe a network site), 1-2 modalities,
    capabilities, an ageing fleet, lead times, availability windows, tiers, budgets with
    carry-over and one of the three travel methods."""
    rng = random.Random(seed)
    first = 2030
    horizon = rng.randint(2, 5)
    n_trusts = rng.randint(1, 3)
    trusts: list[dict[str, Any]] = []
    shares = [100 // n_trusts] * n_trusts
    shares[0] += 100 - sum(shares)
    for t in range(n_trusts):
        trusts.append(
            {
                "id": f"T{t}",
                "capital_budget": rng.choice([300_000, 800_000, 1_500_000, 3_000_000]),
                "carry_over": rng.random() < 0.5,
                "capital_share": shares[t],
            }
        )
    budgets = [
        {
            "trust": t["id"],
            "year": first + rng.randrange(horizon),
            "capital_budget": rng.choice([0, 500_000, 2_000_000]),
        }
        for t in trusts
        if rng.random() < 0.5
    ]
    n_sites = rng.randint(2, 4)
    sites: list[dict[str, Any]] = []
    for s in range(n_sites):
        owner = "network" if s == n_sites - 1 and rng.random() < 0.5 else f"T{s % n_trusts}"
        sites.append(
            {
                "id": f"S{s}",
                "owner": owner,
                "latitude": 51.0 + rng.uniform(0, 0.6),
                "longitude": rng.uniform(-0.5, 0.5),
            }
        )
    modalities: list[dict[str, Any]] = []
    exam_types: list[dict[str, Any]] = []
    catalogue: list[dict[str, Any]] = []
    profiles: list[dict[str, Any]] = []
    tiers: list[dict[str, Any]] = []
    for m, name in enumerate(rng.sample(["CT", "MRI"], rng.randint(1, 2))):
        price = 600_000 if name == "CT" else 1_100_000
        profile = f"{name}-p"
        profiles += _profile(rng, profile, rng.randint(3, 12), price)
        modalities.append(
            {
                "id": name,
                "max_travel_minutes": rng.choice([None, 30, 45, 60]),
                "max_age_years": rng.randint(5, 12),
                "default_age_profile": profile,
            }
        )
        exam_types.append(
            {
                "id": f"{name}-gen",
                "modality": name,
                "scan_minutes": rng.choice([15, 20, 30]),
                "outsourcing_cost": rng.choice([150, 300, 600]),
                "growth_rate": rng.choice([0.0, 0.03, 0.06]),
            }
        )
        exam_types.append(
            {
                "id": f"{name}-spec",
                "modality": name,
                "scan_minutes": rng.choice([30, 45]),
                "capability": "special",
                "outsourcing_cost": rng.choice([None, 500, 2000]),
                "growth_rate": rng.choice([0.0, 0.05]),
            }
        )
        for k, caps in enumerate([[], ["special"]]):
            catalogue.append(
                {
                    "id": f"{name}-{k}",
                    "modality": name,
                    "price": price * (1 + 0.4 * k),
                    "hours_per_year": rng.choice([2500, 3500, 4368]),
                    "capabilities": caps,
                    "lifetime_years": rng.randint(3, 10),
                    "lead_time_years": rng.choice([0, 0, 1, 2]),
                    "age_profile": profile,
                    "first_year": rng.choice([None, first + 1]),
                    "last_year": rng.choice([None, first + horizon - 1]),
                }
            )
        if rng.random() < 0.7:
            least = rng.randint(1, 3)
            tiers.append({"model": f"{name}-0", "min_units": least, "discount": 0.05})
            if least < 3:
                tiers.append({"model": f"{name}-0", "min_units": 3, "discount": 0.12})
        if m == 0 and rng.random() < 0.5:
            catalogue[-1]["sites"] = [sites[0]["id"]]
    rooms: list[dict[str, Any]] = []
    assets: list[dict[str, Any]] = []
    for site in sites:
        for mod in modalities:
            existing = rng.randint(0, 2)
            rooms.append(
                {
                    "site": site["id"],
                    "modality": mod["id"],
                    "rooms": existing,
                    "max_new_rooms": rng.randint(0, 1),
                    "new_room_cost": rng.choice([0, 250_000, 600_000]),
                }
            )
            for a in range(rng.randint(0, existing)):
                assets.append(
                    {
                        "id": f"{site['id']}-{mod['id']}-{a}",
                        "site": site["id"],
                        "modality": mod["id"],
                        "capabilities": rng.choice([[], ["special"]]),
                        "install_year": first - rng.randint(0, 14),
                        "hours_per_year": rng.choice([3000, 3500]),
                        "max_age_years": rng.choice([None, 8, 12]),
                        "condition_downtime_fraction": rng.choice([0.0, 0.05]),
                    }
                )
    demand: list[dict[str, Any]] = []
    for site in sites:
        for exam in exam_types:
            if rng.random() < 0.7:
                demand.append(
                    {
                        "site": site["id"],
                        "exam_type": exam["id"],
                        "year": first - rng.randint(0, 1),
                        "exams": rng.choice([0, 500, 3000, 8000]),
                    }
                )
                if horizon > 2 and rng.random() < 0.3:
                    demand.append(
                        {
                            "site": site["id"],
                            "exam_type": exam["id"],
                            "year": first + 2,
                            "exams": rng.choice([1000, 6000]),
                            "growth_rate": rng.choice([None, -0.05, 0.1]),
                        }
                    )
    method = rng.choice(["coordinates", "links", "matrix"])
    travel: dict[str, Any] = {"travel": {"method": method}}
    ids = [s["id"] for s in sites]
    if method == "links":
        travel["travel_links"] = [
            {"origin": a, "destination": b, "minutes": rng.choice([None, 10, 25, 40])}
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
            if rng.random() < 0.7
        ] or [{"origin": ids[0], "destination": ids[1]}]
    elif method == "matrix":
        travel["travel_matrix"] = [
            {"origin": a, "destination": b, "minutes": rng.choice([5, 20, 35, 70])}
            for a in ids
            for b in ids
            if a != b and rng.random() < 0.8
        ] or [{"origin": ids[0], "destination": ids[1], "minutes": 5}]
    scannable = {(c["modality"], cap) for c in catalogue for cap in [None, *c["capabilities"]]}
    committed: list[dict[str, Any]] = []
    buyable = [
        c
        for c in catalogue
        if c["lead_time_years"] < horizon
        and c["first_year"] is None
        and c["last_year"] is None
        and "sites" not in c
    ]
    if buyable and rng.random() < 0.4:
        model = rng.choice(buyable)
        hosts = [
            r["site"]
            for r in rooms
            if r["modality"] == model["modality"] and r["rooms"] + r["max_new_rooms"] > 0
        ]
        if hosts:
            committed.append({"site": rng.choice(hosts), "model": model["id"], "year": first})
    assert all((e["modality"], e.get("capability")) in scannable for e in exam_types)
    data: dict[str, Any] = {
        "network": {
            "name": f"random {seed}",
            "first_year": first,
            "horizon_years": horizon,
            "discount_rate": rng.choice([0.0, 0.035]),
        },
        "trusts": trusts,
        "budgets": budgets,
        "sites": sites,
        "rooms": rooms,
        "modalities": modalities,
        "exam_types": exam_types,
        "demand": demand,
        "age_profiles": profiles,
        "catalogue": catalogue,
        "discount_tiers": tiers,
        "assets": assets,
        "committed_purchases": committed,
        "policy": {"travel_cost_per_minute": rng.choice([0.0, 0.5, 2.0])},
        **travel,
    }
    return Instance.model_validate(data)
