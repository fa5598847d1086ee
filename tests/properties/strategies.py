"""Hypothesis strategies for random VALID small capital instances, plus instance transformations.

Instances are plain dicts (the YAML/JSON shape) so tests can transform them before validating.
Every generated dict validates (``Instance.model_validate``) and builds (no located input error
at solve time): demand that may not be outsourced only arises at sites that host its modality
(a site is always 0 minutes from itself, within any travel limit), and every exam type is
scannable by a catalogue model or an existing scanner.

Shape: 1-2 trusts (capital shares, budgets by year, carry-over), 1-3 sites (the last maybe
network-owned), 1-2 plan years, CT or CT and MRI, an optional cardiac CT exam type, 1-2
catalogue models per modality (lead times, lifetimes, availability, site lists), 0-3 existing
scanners, rooms that may be built, optional outsourcing, volume discount tiers and a committed
purchase, and any of the three travel methods, with or without travel limits and costs.

Scale: one exam is 30-120 scanner minutes, a scanner offers 10-40 hours a year and costs
GBP 50-400, so the numbers are small and the solves quick.
"""

from __future__ import annotations

import copy
import math
import tempfile
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

import netopt
from netopt import CapitalPlan, SolveStatus
from netopt.schema import Instance

FIRST = 2030
"""First plan year of every generated instance."""
CARDIAC = "cardiac"
"""The one capability used: cardiac CT."""
EXACT = netopt.SolveOptions(mip_gap=0.0)
"""Zero gap: objectives are exact optima (up to HiGHS's tolerances)."""
REL_TOL = 1e-6
ABS_TOL = 1e-5

Data = dict[str, Any]
Draw = Callable[..., Any]


# --------------------------------------------------------------------------- generation


def _profile(draw: Draw, name: str) -> list[dict[str, Any]]:
    ages = draw(st.integers(1, 3))
    return [
        {
            "profile": name,
            "age": age,
            "maintenance_cost": draw(st.sampled_from([0.0, 5.0, 20.0])),
            "resale_value": draw(st.sampled_from([0.0, 10.0, 40.0, 80.0])),
            "downtime_fraction": draw(st.sampled_from([0.0, 0.0, 0.1, 0.25])),
        }
        for age in range(ages)
    ]


@st.composite
def capital_data(
    draw: Draw,
    *,
    tiny: bool = False,
    outsourcing: bool | None = None,
    min_sites: int = 1,
) -> Data:
    """A random valid capital instance as a dict.

    ``tiny``: one site, at most 2 catalogue models, 2 existing scanners and 2 units per
    modality (for brute force). ``outsourcing``: every exam type may be outsourced (True), none
    (False) or each at random (None).
    """
    horizon = draw(st.integers(1, 2))
    years = list(range(FIRST, FIRST + horizon))
    network = {
        "name": "property",
        "first_year": FIRST,
        "horizon_years": horizon,
        "discount_rate": draw(st.sampled_from([0.0, 0.035, 0.1])),
    }

    # Trusts and budgets: mostly ample, sometimes binding or nil.
    n_trusts = draw(st.integers(1, 2))
    shares = (
        [100.0]
        if n_trusts == 1
        else list(draw(st.sampled_from([(50.0, 50.0), (30.0, 70.0), (100.0, 0.0)])))
    )
    budget_levels = st.sampled_from([0.0, 60.0, 150.0, 400.0, 10_000.0, 10_000.0, 10_000.0])
    trusts = [
        {
            "id": f"T{t}",
            "capital_budget": draw(budget_levels),
            "carry_over": draw(st.booleans()),
            "capital_share": shares[t],
        }
        for t in range(n_trusts)
    ]
    budgets = []
    for t in range(n_trusts):
        if draw(st.booleans()):
            budgets.append(
                {
                    "trust": f"T{t}",
                    "year": draw(st.sampled_from(years)),
                    "capital_budget": draw(budget_levels),
                }
            )

    # Sites: the last may belong to the network.
    n_sites = 1 if tiny else draw(st.integers(min_sites, 3))
    network_site = draw(st.booleans())
    sites = []
    for s in range(n_sites):
        owner = "network" if network_site and s == n_sites - 1 else f"T{s % n_trusts}"
        sites.append(
            {
                "id": f"S{s}",
                "owner": owner,
                "latitude": 52.0 + draw(st.sampled_from([0.0, 0.05, 0.1, 0.25])),
                "longitude": -1.0 + draw(st.sampled_from([0.0, 0.05, 0.2])),
            }
        )
    site_ids = [s["id"] for s in sites]

    # Age profiles.
    profiles = _profile(draw, "p0")
    profile_names = ["p0"]
    if draw(st.booleans()):
        profiles += _profile(draw, "p1")
        profile_names.append("p1")

    # Modalities: CT, maybe MRI.
    mods = ["CT", "MRI"] if draw(st.booleans()) else ["CT"]
    modalities = [
        {
            "id": mo,
            "max_travel_minutes": draw(st.sampled_from([None, None, 10.0, 20.0, 45.0])),
            "max_age_years": draw(st.sampled_from([5, 10, 15])),
            "default_age_profile": "p0",
        }
        for mo in mods
    ]

    def outsourcing_cost() -> float | None:
        allowed = draw(st.integers(0, 3)) > 0 if outsourcing is None else outsourcing
        return draw(st.sampled_from([10.0, 25.0, 60.0])) if allowed else None

    exam_types = []
    for mo in mods:
        exam_types.append(
            {
                "id": f"{mo}-gen",
                "modality": mo,
                "scan_minutes": draw(st.sampled_from([30.0, 60.0, 90.0])),
                "outsourcing_cost": outsourcing_cost(),
                "growth_rate": draw(st.sampled_from([0.0, 0.1, -0.2])),
            }
        )
    if draw(st.booleans()):
        exam_types.append(
            {
                "id": "CT-cardiac",
                "modality": "CT",
                "scan_minutes": draw(st.sampled_from([60.0, 120.0])),
                "capability": CARDIAC,
                "outsourcing_cost": outsourcing_cost(),
            }
        )

    # Catalogue: 1-2 models per modality (tiny: at most 2 in all).
    catalogue = []
    for mo in mods:
        most = 2 if not tiny or len(mods) == 1 else 1
        for i in range(draw(st.integers(1, most))):
            first_year = draw(st.sampled_from([None, None, FIRST + 1])) if horizon > 1 else None
            last_year = draw(st.sampled_from([None, None, FIRST]))
            if first_year is not None and last_year is not None:
                last_year = None
            model: dict[str, Any] = {
                "id": f"{mo}-k{i}",
                "modality": mo,
                "price": draw(st.sampled_from([50.0, 100.0, 200.0, 400.0])),
                "hours_per_year": draw(st.sampled_from([10.0, 20.0, 40.0])),
                "capabilities": [CARDIAC] if mo == "CT" and draw(st.booleans()) else [],
                "lifetime_years": draw(st.sampled_from([1, 2, 3, 10])),
                "lead_time_years": draw(st.sampled_from([0, 0, 0, 1])),
                "age_profile": draw(st.sampled_from(profile_names)),
                "first_year": first_year,
                "last_year": last_year,
            }
            if draw(st.integers(0, 3)) == 0:
                model["sites"] = [site_ids[0]]
            catalogue.append(model)

    # Rooms: site 0 can always host every modality.
    rooms = []
    most_units = 2 if tiny else 3
    for s, site in enumerate(site_ids):
        for mo in mods:
            if s > 0 and not draw(st.booleans()):
                continue
            existing = draw(st.integers(0, 2))
            new = draw(st.integers(0, 1))
            if s == 0 and existing + new == 0:
                new = 1
            if existing + new > most_units:
                new = most_units - existing
            rooms.append(
                {
                    "site": site,
                    "modality": mo,
                    "rooms": existing,
                    "max_new_rooms": new,
                    "new_room_cost": draw(st.sampled_from([0.0, 30.0, 100.0, 250.0])),
                }
            )
    hosts = {(r["site"], r["modality"]) for r in rooms if r["rooms"] + r["max_new_rooms"] > 0}

    # Existing scanners, in existing rooms.
    free = {(r["site"], r["modality"]): r["rooms"] for r in rooms}
    assets = []
    for a in range(draw(st.integers(0, 2 if tiny else 3))):
        places = sorted(key for key, n in free.items() if n > 0)
        if not places:
            break
        site, mo = draw(st.sampled_from(places))
        free[(site, mo)] -= 1
        assets.append(
            {
                "id": f"A{a}",
                "site": site,
                "modality": mo,
                "capabilities": [CARDIAC] if mo == "CT" and draw(st.booleans()) else [],
                "install_year": FIRST - draw(st.sampled_from([0, 2, 5, 9, 14])),
                "hours_per_year": draw(st.sampled_from([10.0, 20.0, 40.0])),
                "age_profile": draw(st.sampled_from([None, *profile_names])),
                "max_age_years": draw(st.sampled_from([None, 3, 8])),
                "condition_downtime_fraction": draw(st.sampled_from([0.0, 0.0, 0.1])),
            }
        )

    # Cardiac exams need a cardiac scanner somewhere (the schema's scannability check).
    if any(e.get("capability") == CARDIAC for e in exam_types):
        scanners = [k for k in catalogue if k["modality"] == "CT"] + [
            a for a in assets if a["modality"] == "CT"
        ]
        if not any(CARDIAC in x["capabilities"] for x in scanners):
            next(k for k in catalogue if k["modality"] == "CT")["capabilities"] = [CARDIAC]

    # Demand: exams that may not be outsourced only where their modality can stand.
    amounts = st.sampled_from([0.0, 2.0, 5.0, 10.0, 20.0])
    demand = []
    for site in site_ids:
        for exam in exam_types:
            host = (site, exam["modality"]) in hosts
            forced = site == site_ids[0] and exam["id"] == "CT-gen"
            if not (host or exam["outsourcing_cost"] is not None):
                continue
            if not forced and not draw(st.booleans()):
                continue
            base_year = draw(st.sampled_from([FIRST, FIRST, FIRST - 1]))
            exams = draw(st.sampled_from([2.0, 5.0, 10.0, 20.0])) if forced else draw(amounts)
            demand.append(
                {"site": site, "exam_type": exam["id"], "year": base_year, "exams": exams}
            )
            if horizon > 1 and draw(st.integers(0, 2)) == 0:
                demand.append(
                    {
                        "site": site,
                        "exam_type": exam["id"],
                        "year": FIRST + 1,
                        "exams": draw(amounts),
                        "growth_rate": draw(st.sampled_from([None, 0.1])),
                    }
                )

    # Volume discounts on one model, sometimes.
    tiers = []
    if draw(st.booleans()):
        model_id = draw(st.sampled_from([k["id"] for k in catalogue]))
        least = draw(st.integers(1, 2))
        tiers.append(
            {"model": model_id, "min_units": least, "discount": draw(st.sampled_from([0.1, 0.3]))}
        )
        if least == 1 and draw(st.booleans()):
            tiers.append({"model": model_id, "min_units": 2, "discount": 0.5})

    # Travel: coordinates, a sparse directed matrix or a sparse graph of links.
    travel: Data = {"travel": {"method": "coordinates"}}
    method = draw(st.sampled_from(["coordinates", "matrix", "links"])) if n_sites > 1 else ""
    minutes = st.sampled_from([5.0, 15.0, 30.0, 60.0])
    if method == "matrix":
        matrix = [
            {"origin": a, "destination": b, "minutes": draw(minutes)}
            for a in site_ids
            for b in site_ids
            if a != b and draw(st.booleans())
        ]
        if not matrix:
            matrix = [{"origin": site_ids[1], "destination": site_ids[0], "minutes": 5.0}]
        travel = {"travel": {"method": "matrix"}, "travel_matrix": matrix}
    elif method == "links":
        links = [
            {"origin": a, "destination": b, "minutes": draw(st.one_of(st.none(), minutes))}
            for i, a in enumerate(site_ids)
            for b in site_ids[i + 1 :]
            if draw(st.booleans())
        ]
        if not links:
            links = [{"origin": site_ids[0], "destination": site_ids[1], "minutes": 15.0}]
        travel = {"travel": {"method": "links"}, "travel_links": links}

    # A committed purchase, sometimes: a model that can be bought at its site in its year.
    committed = []
    if draw(st.integers(0, 3)) == 0:
        options = [
            (site, k["id"], y)
            for k in catalogue
            for site in k.get("sites") or site_ids
            if (site, k["modality"]) in hosts
            for y in years
            if y + k["lead_time_years"] < FIRST + horizon
            and (k["first_year"] is None or y >= k["first_year"])
            and (k["last_year"] is None or y <= k["last_year"])
        ]
        if options:
            site, model_id, y = draw(st.sampled_from(options))
            committed.append({"site": site, "model": model_id, "year": y, "units": 1})

    data: Data = {
        "network": network,
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
        "policy": {
            "travel_cost_per_minute": draw(st.sampled_from([0.0, 0.0, 0.2, 1.0])),
            "residual_value": draw(st.sampled_from(["straight_line", "resale"])),
        },
        **travel,
    }
    Instance.model_validate(data)  # a generated instance is valid by construction
    return data


def tiny_data() -> st.SearchStrategy[Data]:
    """Instances small enough to solve by enumeration: one site, 1-2 years, at most two
    catalogue models, two existing scanners and two units of each modality."""
    return capital_data(tiny=True)


# --------------------------------------------------------------------------- solving


def instance(data: Data) -> Instance:
    return Instance.model_validate(copy.deepcopy(data))


def solve(data: Data) -> CapitalPlan:
    """Solve exactly; only optimal or infeasible are acceptable outcomes on these instances."""
    plan = netopt.solve_capital(instance(data), EXACT)
    assert plan.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE), plan.status
    return plan


def optimum(data: Data) -> float:
    """Optimal net present cost, ``inf`` when no plan exists."""
    plan = solve(data)
    if plan.status is SolveStatus.INFEASIBLE:
        return math.inf
    assert plan.objective is not None
    return plan.objective


def tolerance(*values: float) -> float:
    finite = [abs(v) for v in values if math.isfinite(v)]
    return REL_TOL * max(finite, default=0.0) + ABS_TOL


def at_most(a: float, b: float) -> bool:
    """``a <= b`` up to solver tolerance (``inf`` for no plan)."""
    if math.isinf(b):
        return True
    if math.isinf(a):
        return False
    return a <= b + tolerance(a, b)


def close(a: float, b: float) -> bool:
    """``a == b`` up to solver tolerance (``inf`` equals only ``inf``)."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tolerance(a, b)


def verification_problems(plan: CapitalPlan, data: Data) -> str | None:
    """Write the plan and check it with the independent verifier: None when it verifies, else
    the verifier's report."""
    inst = instance(data)
    with tempfile.TemporaryDirectory() as folder:
        netopt.write_capital_plan(plan, inst, folder)
        report = netopt.verify(inst, folder)
        return None if report.ok else report.render()


# --------------------------------------------------------------------------- transformations


MONEY_FIELDS: dict[str, tuple[str, ...]] = {
    "trusts": ("capital_budget",),
    "budgets": ("capital_budget",),
    "rooms": ("new_room_cost",),
    "exam_types": ("outsourcing_cost",),
    "age_profiles": ("maintenance_cost", "resale_value"),
    "catalogue": ("price",),
}


def scale_money(data: Data, k: float) -> Data:
    """Every money figure times ``k``."""
    out = copy.deepcopy(data)
    for table, fields in MONEY_FIELDS.items():
        for row in out.get(table, []):
            for name in fields:
                if row.get(name) is not None:
                    row[name] = row[name] * k
    out["policy"]["travel_cost_per_minute"] *= k
    return out


def scale_demand(data: Data, factor: float) -> Data:
    out = copy.deepcopy(data)
    for row in out["demand"]:
        row["exams"] = row["exams"] * factor
    return out


IdMaps = dict[str, dict[str, str]]
"""Category (trust, site, model, asset, exam, profile, modality, capability) -> old -> new id."""


def rename(data: Data, maps: IdMaps) -> Data:
    """The same instance with ids renamed; unmapped ids are kept."""

    def f(kind: str, value: Any) -> Any:
        return maps.get(kind, {}).get(value, value) if value is not None else None

    out = copy.deepcopy(data)
    for t in out["trusts"]:
        t["id"] = f("trust", t["id"])
    for b in out["budgets"]:
        b["trust"] = f("trust", b["trust"])
    for s in out["sites"]:
        s["id"] = f("site", s["id"])
        s["owner"] = f("trust", s["owner"])
    for r in out["rooms"]:
        r["site"], r["modality"] = f("site", r["site"]), f("modality", r["modality"])
    for table in ("travel_links", "travel_matrix"):
        for link in out.get(table, []):
            link["origin"], link["destination"] = (
                f("site", link["origin"]),
                f("site", link["destination"]),
            )
    for m in out["modalities"]:
        m["id"] = f("modality", m["id"])
        m["default_age_profile"] = f("profile", m.get("default_age_profile"))
    for e in out["exam_types"]:
        e["id"], e["modality"] = f("exam", e["id"]), f("modality", e["modality"])
        e["capability"] = f("capability", e.get("capability"))
    for d in out["demand"]:
        d["site"], d["exam_type"] = f("site", d["site"]), f("exam", d["exam_type"])
    for p in out["age_profiles"]:
        p["profile"] = f("profile", p["profile"])
    for k in out["catalogue"]:
        k["id"], k["modality"] = f("model", k["id"]), f("modality", k["modality"])
        k["age_profile"] = f("profile", k["age_profile"])
        k["capabilities"] = [f("capability", c) for c in k.get("capabilities", [])]
        if "sites" in k:
            k["sites"] = [f("site", s) for s in k["sites"]]
    for t in out["discount_tiers"]:
        t["model"] = f("model", t["model"])
    for a in out["assets"]:
        a["id"], a["site"], a["modality"] = (
            f("asset", a["id"]),
            f("site", a["site"]),
            f("modality", a["modality"]),
        )
        a["age_profile"] = f("profile", a.get("age_profile"))
        a["capabilities"] = [f("capability", c) for c in a.get("capabilities", [])]
    for c in out.get("committed_purchases", []):
        c["site"], c["model"] = f("site", c["site"]), f("model", c["model"])
    return out


def ids_by_kind(data: Data) -> dict[str, list[str]]:
    """Every id of the instance by category, in first-seen order."""
    capabilities: list[str] = []
    for row in [*data["catalogue"], *data["assets"]]:
        capabilities += [c for c in row.get("capabilities", []) if c not in capabilities]
    profiles = list(dict.fromkeys(p["profile"] for p in data["age_profiles"]))
    return {
        "trust": [t["id"] for t in data["trusts"]],
        "site": [s["id"] for s in data["sites"]],
        "model": [k["id"] for k in data["catalogue"]],
        "asset": [a["id"] for a in data["assets"]],
        "exam": [e["id"] for e in data["exam_types"]],
        "profile": profiles,
        "modality": [m["id"] for m in data["modalities"]],
        "capability": capabilities,
    }


# Valid ids: no commas, no control characters, no edge white space; awkward printable text on
# purpose (quotes, a leading "=", numbers such as "007", what pandas reads as missing).
AWKWARD_IDS = ("007", "1e3", "NA", "nan", "None", "null", "TRUE", "#N/A", "=1+1", "-")
new_ids = st.one_of(
    st.text(alphabet="abzAZ09-_.:/ éß\"'=;#", min_size=1, max_size=8),
    st.sampled_from(AWKWARD_IDS),
).filter(lambda s: s == s.strip() and s != "network")

unicode_ids = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=","), min_size=1, max_size=6
).filter(lambda s: s == s.strip() and s != "network")
"""Valid ids from all of Unicode: other scripts, combining marks, emoji, format characters."""

any_text = st.text(min_size=1, max_size=6)
"""Any text at all: often not a valid id (commas, control characters, edge spaces)."""


@st.composite
def id_maps(draw: Draw, data: Data, ids: st.SearchStrategy[str] = new_ids) -> IdMaps:
    """A fresh, injective renaming of every id of ``data`` to ids drawn from ``ids``."""
    maps: IdMaps = {}
    for kind, old in ids_by_kind(data).items():
        new = draw(st.lists(ids, min_size=len(old), max_size=len(old), unique=True))
        maps[kind] = dict(zip(old, new, strict=True))
    return maps


@st.composite
def reordered(draw: Draw, data: Data) -> Data:
    """The same instance with the rows of every table (and of every list cell) permuted."""
    out = copy.deepcopy(data)
    for key, value in out.items():
        if isinstance(value, list):
            out[key] = draw(st.permutations(value))
    for row in [*out["catalogue"], *out["assets"]]:
        for name in ("capabilities", "sites"):
            if name in row:
                row[name] = draw(st.permutations(row[name]))
    return out
