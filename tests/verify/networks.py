"""Small capital instances for the verifier tests, as plain dicts validated into instances."""

from __future__ import annotations

import copy
from typing import Any

from netopt.schema import Instance


def _profile(name: str, rows: list[tuple[float, float, float]]) -> list[dict[str, Any]]:
    return [
        {
            "profile": name,
            "age": age,
            "maintenance_cost": maintenance,
            "resale_value": resale,
            "downtime_fraction": downtime,
        }
        for age, (maintenance, resale, downtime) in enumerate(rows)
    ]


CT_PROFILE = _profile(
    "ct",
    [
        (50_000, 600_000, 0.02),
        (55_000, 480_000, 0.03),
        (60_000, 400_000, 0.04),
        (65_000, 320_000, 0.05),
        (70_000, 250_000, 0.06),
        (80_000, 190_000, 0.07),
        (90_000, 140_000, 0.09),
        (100_000, 100_000, 0.11),
        (110_000, 60_000, 0.13),
        (120_000, 30_000, 0.15),
        (130_000, 10_000, 0.18),
    ],
)

TWO_TRUSTS: dict[str, Any] = {
    "network": {
        "name": "two trusts",
        "first_year": 2025,
        "horizon_years": 4,
        "discount_rate": 0.035,
    },
    # A cannot afford a CT in one year (400k) but can with a year carried over.
    "trusts": [
        {"id": "A", "capital_budget": 400_000, "carry_over": True, "capital_share": 60},
        {"id": "B", "capital_budget": 1_000_000, "capital_share": 40},
    ],
    "budgets": [{"trust": "B", "year": 2028, "capital_budget": 200_000}],
    "sites": [
        {"id": "SA", "owner": "A", "latitude": 51.0, "longitude": 0.0},
        {"id": "SB", "owner": "B", "latitude": 51.5, "longitude": 0.5},
        {"id": "CDC", "owner": "network", "latitude": 51.2, "longitude": 0.2, "kind": "cdc"},
    ],
    "rooms": [
        {"site": "SA", "modality": "CT", "rooms": 2, "max_new_rooms": 1, "new_room_cost": 400_000},
        {"site": "SB", "modality": "CT", "rooms": 1},
        {"site": "CDC", "modality": "CT", "rooms": 0, "max_new_rooms": 1, "new_room_cost": 300_000},
    ],
    # SA-SB is beyond the CT travel limit (45 minutes); both reach the CDC.
    "travel": {"method": "matrix"},
    "travel_matrix": [
        {"origin": "SA", "destination": "CDC", "minutes": 20},
        {"origin": "CDC", "destination": "SA", "minutes": 20},
        {"origin": "SB", "destination": "CDC", "minutes": 25},
        {"origin": "CDC", "destination": "SB", "minutes": 25},
        {"origin": "SA", "destination": "SB", "minutes": 60},
        {"origin": "SB", "destination": "SA", "minutes": 60},
    ],
    "modalities": [
        {"id": "CT", "max_travel_minutes": 45, "max_age_years": 10, "default_age_profile": "ct"}
    ],
    "exam_types": [
        {
            "id": "ct-gen",
            "modality": "CT",
            "scan_minutes": 15,
            "outsourcing_cost": 250,
            "growth_rate": 0.03,
        },
        {
            "id": "ct-cardiac",
            "modality": "CT",
            "scan_minutes": 30,
            "capability": "cardiac",
            "outsourcing_cost": 450,
            "growth_rate": 0.05,
        },
    ],
    "demand": [
        {"site": "SA", "exam_type": "ct-gen", "year": 2025, "exams": 12_000},
        {"site": "SA", "exam_type": "ct-gen", "year": 2027, "exams": 13_500},
        {"site": "SA", "exam_type": "ct-cardiac", "year": 2025, "exams": 1_500},
        {"site": "SB", "exam_type": "ct-gen", "year": 2025, "exams": 10_000},
        # a base year before the plan, with its own growth rate
        {"site": "SB", "exam_type": "ct-cardiac", "year": 2024, "exams": 500, "growth_rate": 0.1},
    ],
    "age_profiles": CT_PROFILE,
    "catalogue": [
        {
            "id": "ct-std",
            "modality": "CT",
            "price": 700_000,
            "hours_per_year": 3500,
            "lifetime_years": 10,
            "age_profile": "ct",
        },
        {
            "id": "ct-cardiac",
            "modality": "CT",
            "price": 1_000_000,
            "hours_per_year": 3500,
            "capabilities": ["cardiac"],
            "lifetime_years": 10,
            "lead_time_years": 1,
            "age_profile": "ct",
        },
    ],
    "discount_tiers": [
        {"model": "ct-std", "min_units": 1, "discount": 0.02},
        {"model": "ct-std", "min_units": 2, "discount": 0.08},
    ],
    "assets": [
        # past its maximum age (2014 + 10 < 2025): must leave in 2025
        {"id": "a1", "site": "SA", "modality": "CT", "install_year": 2014, "hours_per_year": 3500},
        {
            "id": "a2",
            "site": "SA",
            "modality": "CT",
            "capabilities": ["cardiac"],
            "install_year": 2019,
            "hours_per_year": 3500,
        },
        {
            "id": "b1",
            "site": "SB",
            "modality": "CT",
            "install_year": 2017,
            "hours_per_year": 3000,
            "condition_downtime_fraction": 0.1,
        },
    ],
    "committed_purchases": [{"site": "SB", "model": "ct-std", "year": 2026}],
    "policy": {"travel_cost_per_minute": 2.0},
}
"""Two trusts (A with carry-over), three sites (one a network CDC), CT with a cardiac exam
type, volume discount tiers and a committed purchase, over 2025-2028."""


def two_trusts(**changes: Any) -> Instance:
    """The two-trust network, with whole tables or sections replaced."""
    data = copy.deepcopy(TWO_TRUSTS)
    data.update(copy.deepcopy(changes))
    return Instance.model_validate(data)


def with_cdc(realism: bool = True) -> Instance:
    """The two-trust network where cardiac outsourcing is dear and trust A richer: the plan
    builds a room and buys scanners at the network CDC, and patients travel to it. With
    ``realism``, the scanning rules of :data:`SCANNING_REALISM` too."""
    exams = copy.deepcopy(TWO_TRUSTS["exam_types"])
    exams[1]["outsourcing_cost"] = 3000
    trusts = copy.deepcopy(TWO_TRUSTS["trusts"])
    trusts[0]["capital_budget"] = 1_200_000
    return two_trusts(exam_types=exams, trusts=trusts, **(SCANNING_REALISM if realism else {}))


SCANNING_REALISM: dict[str, Any] = {
    "modalities": [
        {
            **TWO_TRUSTS["modalities"][0],
            "target_utilisation": 0.9,
            "installation_works_cost": 50_000,
            "installation_weeks": 6,
        }
    ],
    "rooms": [
        {**TWO_TRUSTS["rooms"][0], "target_utilisation": 0.95},
        {**TWO_TRUSTS["rooms"][1], "installation_weeks": 8, "installation_works_cost": 80_000},
        TWO_TRUSTS["rooms"][2],
    ],
    "catalogue": [
        TWO_TRUSTS["catalogue"][0],
        {**TWO_TRUSTS["catalogue"][1], "throughput_factor": 1.2},
    ],
    "assets": [
        *TWO_TRUSTS["assets"][:1],
        {**TWO_TRUSTS["assets"][1], "throughput_factor": 1.1},
        *TWO_TRUSTS["assets"][2:],
    ],
}
"""Utilisation ceilings (modality and one site), installation works and weeks (modality and
one site), throughput factors (a model and an asset): every rule of scanning realism in the
verified plans."""
