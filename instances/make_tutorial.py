"""Generate ``instances/tutorial.yaml``, the netopt tutorial instance (deterministic).

Run from the repository root::

    python instances/make_tutorial.py            # writes instances/tutorial.yaml
    python instances/make_tutorial.py --check    # also prints the capacity arithmetic

Every number below is either a published figure (see ``instances/README.md`` and
``england-figures.md``) or a named assumption; ``instances/README.md`` gives the provenance of
each. No randomness: the fleet is written out by hand.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE / "tutorial.yaml"

# --------------------------------------------------------------------------- plan and prices

FIRST_YEAR = 2027
HORIZON = 10
INFLATION = 0.025
"""Assumption: general inflation used to bring old published prices to the 2027 price base
(about the UK GDP deflator's average since 2004; replace by HM Treasury's GDP deflator series
for real use)."""


def uplift(price_year: int) -> float:
    """Factor turning prices of ``price_year`` into 2027 prices."""
    return (1 + INFLATION) ** (FIRST_YEAR - price_year)


HANSARD_YEAR = 2004  # Hansard written answer, 12 May 2004: CT 300k-700k, MRI 650k-1.5m
NAO_YEAR = 2008  # NAO 2011, cost per scan 2008-09: CT 54-268, MRI 84-472
HANSARD_TOP = {"CT": 700_000, "MRI": 1_500_000}


def gbp(x: float, to: int = 10_000) -> int:
    """Round money to ``to`` GBP."""
    return int(round(x / to) * to)


# --------------------------------------------------------------------------- network

TRUSTS = [
    # id, name, default capital budget (2027 GBP/year), carry over, capital share (%)
    ("RVV", "East Kent Hospitals University NHS Foundation Trust", 2_400_000, True, 45),
    ("RWF", "Maidstone and Tunbridge Wells NHS Trust", 1_700_000, False, 33),
    ("RPA", "Medway NHS Foundation Trust", 1_300_000, False, 22),
]
BUDGETS = [
    # trust, year, capital budget: the tight years (assumption; see README)
    ("RVV", 2027, 2_000_000),
    ("RVV", 2028, 2_000_000),
    ("RWF", 2029, 800_000),
    ("RWF", 2030, 800_000),
    ("RPA", 2027, 1_000_000),
    ("RPA", 2031, 800_000),
]

# Coordinates copied from /work/shared/data/nhs/hospital_sites.csv (NHS website Hospital
# dataset, 2018, OGL v3), except the CDC, which is hypothetical.
SITES = [
    ("RVV01", "William Harvey Hospital (Ashford)", "RVV", 51.141487, 0.916223, "hospital"),
    ("RVV09", "Queen Elizabeth The Queen Mother Hospital", "RVV", 51.378052, 1.389399, "hospital"),
    ("RVVKC", "Kent and Canterbury Hospital", "RVV", 51.266586, 1.087098, "hospital"),
    ("RVV02", "Buckland Hospital", "RVV", 51.132053, 1.292395, "hospital"),
    ("RWF03", "Maidstone Hospital", "RWF", 51.273663, 0.483988, "hospital"),
    ("RWFTW", "Tunbridge Wells Hospital at Pembury", "RWF", 51.148453, 0.307485, "hospital"),
    ("RPA02", "Medway Maritime Hospital", "RPA", 51.379860, 0.542076, "hospital"),
    (
        "CDC-SWALE",
        "Swale Community Diagnostic Centre (hypothetical)",
        "network",
        51.3406,
        0.7335,
        "cdc",
    ),
]

# --------------------------------------------------------------------------- modalities, exams

MODALITIES = [
    # id, name, max travel minutes (policy, assumption), default age profile
    ("CT", "Computed tomography", 45, "ct-standard"),
    ("MRI", "Magnetic resonance imaging", 60, "mri-15t"),
]

# id, name, modality, scan min, report min, capability, case-mix share,
# outsourcing price (2008-09 GBP, inside NAO's cost-per-scan range), annual growth
EXAM_TYPES = [
    ("CT-head", "CT head", "CT", 15, 16.1, None, 0.28, 180, 0.06),
    ("CT-chest", "CT chest", "CT", 17, 15.8, None, 0.27, 210, 0.06),
    ("CT-abdo-pelvis", "CT abdomen and pelvis", "CT", 20, 17.9, None, 0.38, 250, 0.06),
    ("CT-cardiac", "CT coronary angiography", "CT", 30, 30.0, "cardiac", 0.07, 268, 0.06),
    ("MRI-brain", "MRI brain", "MRI", 30, 11.0, None, 0.25, 380, 0.03),
    ("MRI-spine", "MRI spine", "MRI", 30, 11.0, None, 0.26, 380, 0.03),
    ("MRI-MSK", "MRI musculoskeletal (limbs and joints)", "MRI", 25, 11.0, None, 0.16, 340, 0.03),
    ("MRI-body", "MRI body, pelvis and other", "MRI", 40, 15.0, None, 0.33, 472, 0.03),
]

# National activity per scanner (HSJ Aug 2024 monthly activity x 12 / NHS England fleet 2023).
EXAMS_PER_SCANNER = {"CT": 723_243 * 12 / 675, "MRI": 398_199 * 12 / 587}
TARGET_UTILISATION = 0.92
"""Assumption: the 2027 fleet's available hours are 92% used (the network starts roughly
balanced); the national per-scanner activity is scaled by one factor per modality to hit it."""
DEMAND_WEIGHT_EXTRA = {("RVV02", "CT"): 0.5, ("RVV02", "MRI"): 0.5}
"""Assumption: Buckland (Dover) refers half a scanner's worth of outpatient work but has no
scanner; every other site's demand weight is its number of scanners of the modality."""

# --------------------------------------------------------------------------- equipment

HOURS = 12 * 7 * 52  # 4368: 12 h x 7 days (CDC guidance), used for every scanner
# id, name, modality, price in 2004 GBP (inside the Hansard range), capabilities,
# lead time (years), profile, allowed sites
CATALOGUE = [
    ("ct-64", "64-slice CT", "CT", 400_000, [], 0, "ct-standard", []),
    ("ct-cardiac", "Wide-detector cardiac CT", "CT", 650_000, ["cardiac"], 0, "ct-cardiac", []),
    ("mri-15t", "1.5T MRI", "MRI", 850_000, [], 1, "mri-15t", []),
    ("mri-3t", "3T MRI", "MRI", 1_300_000, [], 1, "mri-3t", ["RVV01", "RVVKC", "RWF03", "RPA02"]),
]
LIFETIME = 15  # CAR maximum for any modality
DISCOUNT_TIERS = [("ct-64", 3, 0.05), ("mri-15t", 3, 0.05)]  # assumption: framework tier

# Age profiles as fractions of the model's 2027 price (assumptions; see README).
# fmt: off
MAINTENANCE = [0.00, 0.08, 0.08, 0.08, 0.09, 0.09, 0.10, 0.10,
               0.11, 0.12, 0.13, 0.15, 0.17, 0.19, 0.21, 0.23]
RESALE = [round(0.6 * 0.8**age, 4) for age in range(LIFETIME + 1)]
DOWNTIME = [0.02, 0.02, 0.02, 0.02, 0.03, 0.03, 0.03, 0.04,
            0.04, 0.05, 0.06, 0.07, 0.08, 0.10, 0.12, 0.15]
# fmt: on

# Existing fleet: site -> list of (modality, catalogue-like kind, install year[, condition]).
# kind: ct (standard), ctc (cardiac-capable), m15 (1.5T), m3 (3T).
FLEET = {
    "RVV01": [
        ("CT", "ctc", 2013),
        ("CT", "ctc", 2019),
        ("CT", "ct", 2022),
        ("MRI", "m15", 2014),
        ("MRI", "m15", 2020),
    ],
    "RVV09": [("CT", "ct", 2015), ("CT", "ctc", 2021), ("MRI", "m15", 2016)],
    "RVVKC": [("CT", "ct", 2016), ("CT", "ctc", 2018), ("MRI", "m15", 2013), ("MRI", "m3", 2021)],
    "RWF03": [("CT", "ct", 2014), ("CT", "ctc", 2020), ("MRI", "m15", 2015), ("MRI", "m3", 2018)],
    "RWFTW": [("CT", "ctc", 2019), ("CT", "ct", 2024), ("MRI", "m15", 2019)],
    "RPA02": [
        ("CT", "ct", 2013, 0.05),
        ("CT", "ctc", 2018),
        ("CT", "ct", 2023),
        ("MRI", "m15", 2014),
        ("MRI", "m15", 2019),
    ],
    "CDC-SWALE": [("CT", "ct", 2024), ("MRI", "m15", 2024)],
}
KINDS = {
    "ct": ("ct-standard", [], "Standard multislice CT"),
    "ctc": ("ct-cardiac", ["cardiac"], "Cardiac-capable CT"),
    "m15": ("mri-15t", [], "1.5T MRI"),
    "m3": ("mri-3t", [], "3T MRI"),
}

# Rooms: site -> modality -> (rooms now, max new rooms). New-room cost: see new_room_cost().
ROOMS = {
    "RVV01": {"CT": (3, 1), "MRI": (2, 1)},
    "RVV09": {"CT": (3, 0), "MRI": (1, 1)},
    "RVVKC": {"CT": (2, 1), "MRI": (2, 0)},
    "RVV02": {"CT": (0, 1), "MRI": (0, 0)},
    "RWF03": {"CT": (2, 1), "MRI": (2, 1)},
    "RWFTW": {"CT": (3, 0), "MRI": (2, 0)},
    "RPA02": {"CT": (3, 1), "MRI": (2, 1)},
    "CDC-SWALE": {"CT": (2, 1), "MRI": (2, 1)},
}

COMMITTED = [("RVVKC", "mri-15t", 2027, 1)]  # approved replacement of K&C's 2013 MRI
TRAVEL_COST_PER_MINUTE = 0.25  # assumption: patient time and travel, GBP per minute


# --------------------------------------------------------------------------- derived figures


def model_price(model: tuple) -> int:
    return gbp(model[3] * uplift(HANSARD_YEAR))


def new_room_cost(modality: str, cheapest_2004: int) -> int:
    """Enabling works: top of the Hansard build-inclusive range minus the scanner, uplifted."""
    return gbp((HANSARD_TOP[modality] - cheapest_2004) * uplift(HANSARD_YEAR))


def age_profiles() -> list[dict]:
    rows = []
    for model in CATALOGUE:
        price = model_price(model)
        for age in range(LIFETIME + 1):
            rows.append(
                {
                    "profile": model[6],
                    "age": age,
                    "maintenance_cost": gbp(MAINTENANCE[age] * price, 1000),
                    "resale_value": gbp(RESALE[age] * price, 1000),
                    "downtime_fraction": DOWNTIME[age],
                }
            )
    return rows


def assets() -> list[dict]:
    rows = []
    for site, units in FLEET.items():
        count: dict[str, int] = {}
        for unit in units:
            modality, kind, year = unit[:3]
            count[modality] = count.get(modality, 0) + 1
            profile, caps, name = KINDS[kind]
            row = {
                "id": f"{site}-{modality}{count[modality]}",
                "site": site,
                "modality": modality,
                "capabilities": caps,
                "install_year": year,
                "hours_per_year": HOURS,
                "age_profile": profile,
            }
            if len(unit) > 3:
                row["condition_downtime_fraction"] = unit[3]
            row["model_name"] = name
            rows.append(row)
    return rows


def available_hours(rows: list[dict], year: int, modality: str) -> float:
    """Hours the existing fleet offers in ``year`` (no purchases)."""
    total = 0.0
    for a in rows:
        age = year - a["install_year"]
        if a["modality"] == modality and 0 <= age < LIFETIME:
            down = DOWNTIME[min(age, LIFETIME)] + a.get("condition_downtime_fraction", 0.0)
            total += a["hours_per_year"] * (1 - down)
    return total


def mean_scan_minutes(modality: str) -> float:
    return sum(e[3] * e[6] for e in EXAM_TYPES if e[2] == modality)


def demand_scale(rows: list[dict]) -> dict[str, float]:
    """Per-modality factor s: demand hours in 2027 = TARGET_UTILISATION x fleet hours 2027."""
    scale = {}
    for modality, per_scanner in EXAMS_PER_SCANNER.items():
        weight = sum(demand_weights(modality).values())
        hours = per_scanner * weight * mean_scan_minutes(modality) / 60
        scale[modality] = TARGET_UTILISATION * available_hours(rows, FIRST_YEAR, modality) / hours
    return scale


def demand_weights(modality: str) -> dict[str, float]:
    weights = {}
    for site, *_ in SITES:
        n = sum(1 for u in FLEET.get(site, []) if u[0] == modality)
        weights[site] = n + DEMAND_WEIGHT_EXTRA.get((site, modality), 0.0)
    return weights


def demand(rows: list[dict]) -> list[dict]:
    scale = demand_scale(rows)
    out = []
    for site, *_ in SITES:
        for exam in EXAM_TYPES:
            modality = exam[2]
            w = demand_weights(modality)[site]
            if w == 0:
                continue
            exams = EXAMS_PER_SCANNER[modality] * scale[modality] * w * exam[6]
            out.append(
                {"site": site, "exam_type": exam[0], "year": FIRST_YEAR, "exams": gbp(exams, 10)}
            )
    return out


# --------------------------------------------------------------------------- instance


def build() -> dict:
    fleet = assets()
    cheapest = {m: min(k[3] for k in CATALOGUE if k[2] == m) for m in HANSARD_TOP}
    return {
        "network": {
            "name": "Kent and Medway tutorial imaging network",
            "first_year": FIRST_YEAR,
            "horizon_years": HORIZON,
            "discount_rate": 0.035,
        },
        "trusts": [
            {"id": t, "name": n, "capital_budget": b, "carry_over": c, "capital_share": s}
            for t, n, b, c, s in TRUSTS
        ],
        "budgets": [{"trust": t, "year": y, "capital_budget": b} for t, y, b in BUDGETS],
        "sites": [
            {"id": i, "name": n, "owner": o, "latitude": la, "longitude": lo, "kind": k}
            for i, n, o, la, lo, k in SITES
        ],
        "rooms": [
            {
                "site": site,
                "modality": m,
                "rooms": r,
                "max_new_rooms": new,
                "new_room_cost": new_room_cost(m, cheapest[m]) if new else 0,
            }
            for site, mods in ROOMS.items()
            for m, (r, new) in mods.items()
            if r or new
        ],
        "travel": {"method": "coordinates", "road_factor": 1.3, "speed_kmh": 50.0},
        "modalities": [
            {
                "id": i,
                "name": n,
                "max_travel_minutes": t,
                "max_age_years": LIFETIME,
                "default_age_profile": p,
            }
            for i, n, t, p in MODALITIES
        ],
        "exam_types": [
            {
                k: v
                for k, v in {
                    "id": i,
                    "name": n,
                    "modality": m,
                    "scan_minutes": s,
                    "report_minutes": r,
                    "capability": c,
                    "outsourcing_cost": gbp(o * uplift(NAO_YEAR), 1),
                    "growth_rate": g,
                }.items()
                if v is not None
            }
            for i, n, m, s, r, c, _, o, g in EXAM_TYPES
        ],
        "demand": demand(fleet),
        "age_profiles": age_profiles(),
        "catalogue": [
            {
                k: v
                for k, v in {
                    "id": i,
                    "name": n,
                    "modality": m,
                    "price": model_price(k0),
                    "hours_per_year": HOURS,
                    "capabilities": caps,
                    "lifetime_years": LIFETIME,
                    "lead_time_years": lead,
                    "age_profile": prof,
                    "sites": sites or None,
                }.items()
                if v is not None
            }
            for k0 in CATALOGUE
            for i, n, m, _, caps, lead, prof, sites in [k0]
        ],
        "discount_tiers": [
            {"model": m, "min_units": u, "discount": d} for m, u, d in DISCOUNT_TIERS
        ],
        "assets": fleet,
        "committed_purchases": [
            {"site": s, "model": m, "year": y, "units": u} for s, m, y, u in COMMITTED
        ],
        "policy": {"travel_cost_per_minute": TRAVEL_COST_PER_MINUTE},
    }


HEADER = """\
# netopt tutorial instance: a three-trust imaging network in Kent and Medway, 2027-2036.
# Generated by instances/make_tutorial.py (edit that, not this file). Provenance of every
# figure: instances/README.md. Money in 2027 GBP (real), time in minutes or hours as named.
"""

COMMENTS = {
    "trusts": "real trusts (ODS codes); budgets and capital shares are assumptions (README)",
    "budgets": "the tight years (assumption, README)",
    "sites": "real sites from hospital_sites.csv (OGL v3); the CDC is hypothetical",
    "rooms": "assumption; new_room_cost from the Hansard 2004 ranges, uplifted (README)",
    "travel": "straight line x 1.3 / 50 km/h (schema defaults)",
    "modalities": "travel limits: policy assumptions; 15-year maximum age (CAR)",
    "exam_types": "minutes: CDC guidance, Sexauer & Bestler, Al Yassin; outsourcing: NAO (README)",
    "demand": "national activity per scanner x local scanners, scaled (README)",
    "age_profiles": "fractions of the 2027 price; assumptions (README)",
    "catalogue": "prices: Hansard 2004 ranges uplifted 2.5%/yr to 2027 (README)",
    "discount_tiers": "assumption: framework volume discount",
    "assets": "synthetic fleet, 15 CT and 11 MRI at the real sites (README)",
    "committed_purchases": "approved replacement of K&C's 2013 MRI (assumption)",
    "policy": "assumption: GBP 0.25 per patient minute (README)",
}


def dump(instance: dict) -> str:
    def flow(value: object) -> str:
        return yaml.safe_dump(
            value, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True
        ).strip()

    lines = [HEADER.rstrip()]
    for key, value in instance.items():
        if key in COMMENTS:
            lines.append(f"# {COMMENTS[key]}")
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {flow(row)}" for row in value]
        else:
            lines.append(f"{key}: {flow(value)}")
    return "\n".join(lines) + "\n"


def report(instance: dict) -> None:
    """Print the capacity arithmetic quoted in the README."""
    fleet = instance["assets"]
    scale = demand_scale(fleet)
    print(f"uplift 2004->2027 {uplift(HANSARD_YEAR):.3f}, 2008->2027 {uplift(NAO_YEAR):.3f}")
    for m in EXAMS_PER_SCANNER:
        print(
            f"{m}: national exams/scanner/yr {EXAMS_PER_SCANNER[m]:,.0f}, "
            f"mean scan min {mean_scan_minutes(m):.2f}, scale s={scale[m]:.3f}"
        )
    exams = {e["id"]: e for e in instance["exam_types"]}
    base = {}
    for d in instance["demand"]:
        m = exams[d["exam_type"]]["modality"]
        base[m] = base.get(m, 0.0) + d["exams"] * exams[d["exam_type"]]["scan_minutes"] / 60
    growth = {e[2]: e[8] for e in EXAM_TYPES}
    print(
        "year  "
        + "  ".join(f"{m} demand h / fleet h (ratio, scanner-equivalents short)" for m in base)
    )
    for year in range(FIRST_YEAR, FIRST_YEAR + HORIZON):
        parts = []
        for m, h in base.items():
            dem = h * (1 + growth[m]) ** (year - FIRST_YEAR)
            cap = available_hours(fleet, year, m)
            short = max(0.0, dem - cap) / (HOURS * (1 - DOWNTIME[2]))
            parts.append(f"{m} {dem:8,.0f} / {cap:8,.0f} ({dem / max(cap, 1):4.2f}, {short:4.1f})")
        print(year, "  ".join(parts))
    prices = {k["id"]: k["price"] for k in instance["catalogue"]}
    print("prices", prices)
    print("outsourcing", {e["id"]: e["outsourcing_cost"] for e in instance["exam_types"]})
    print(
        "new rooms",
        {
            (r["site"], r["modality"]): r["new_room_cost"]
            for r in instance["rooms"]
            if r["max_new_rooms"]
        },
    )
    n = {m: sum(1 for a in fleet if a["modality"] == m) for m in ("CT", "MRI")}
    old = {
        m: sum(1 for a in fleet if a["modality"] == m and FIRST_YEAR - a["install_year"] >= 10)
        for m in ("CT", "MRI")
    }
    card = sum(1 for a in fleet if "cardiac" in a["capabilities"])
    print(f"fleet {n}, aged 10+ in 2027 {old}, cardiac CT {card}")
    retire = sorted(
        (a["install_year"] + LIFETIME, a["id"])
        for a in fleet
        if a["install_year"] + LIFETIME <= FIRST_YEAR + HORIZON - 1
    )
    print(f"forced retirements within the horizon: {len(retire)}: {retire}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the capacity arithmetic")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    instance = build()
    args.out.write_text(dump(instance))
    if args.check:
        report(instance)


if __name__ == "__main__":
    main()
