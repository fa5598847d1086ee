"""England-scale netopt instances: one synthetic imaging network per file, seeded and deterministic.

    python benchmarks/england.py generate --scale {network,five,england} --seed N --out DIR [--staffing]
    python benchmarks/england.py validate DIR

``generate`` reads the 632 real NHS hospital sites of ``instances/data/nhs_hospital_sites.csv``,
keeps the acute and specialist trusts, chooses their imaging sites, groups the trusts into about
20 imaging networks by geography, and gives every network a synthetic fleet, rooms, demand,
budgets and a community diagnostic centre calibrated to the national figures. It writes one
complete, independent instance per network (no budget is shared between networks, so the
England run can be solved network by network in parallel) and ``networks.csv``, an index.

England is always generated in full, whatever the scale, and the scale only chooses which
networks are written: network N07 is the same file in a ``network``, ``five`` or ``england`` run
with the same seed. The seed drives the fleet, hours, rooms and budgets; the grouping of trusts
into networks depends on geography only.

With ``--staffing`` every file also has the staffing tables of the joint plan (``netopt solve
joint``): the tutorial's staff roles, training pathways, staffing rules and report outsourcing
prices, and each trust's (and the network's) 2027 WTE in post, derived as the tutorial's are.
Without it the files are the capital instances alone, unchanged.

Every figure's provenance: ``docs/england-instances.md``. ``validate`` loads every file of a
generated folder with ``netopt.load_instance``.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

import netopt
from netopt.graph.travel import haversine_km
from netopt.io import save_instance
from netopt.schema import (
    NETWORK_OWNER,
    AgeProfile,
    Asset,
    Budget,
    CatalogueModel,
    Demand,
    DiscountTier,
    ExamType,
    Instance,
    Modality,
    Network,
    Policy,
    Room,
    Site,
    SiteKind,
    StaffingRule,
    StaffInPost,
    StaffPlanning,
    StaffRole,
    Tier,
    TrainingPathway,
    TravelMethod,
    TravelSettings,
    Trust,
    WorkforceSettings,
)

REPO = Path(__file__).resolve().parents[1]
SITES_CSV = REPO / "instances/data/nhs_hospital_sites.csv"

# --------------------------------------------------------------------------- plan and policy

FIRST_YEAR = 2027
HORIZON = 10
DISCOUNT_RATE = 0.035  # HM Treasury Green Book
TRAVEL = TravelSettings(method=TravelMethod.COORDINATES, road_factor=1.3, speed_kmh=50.0)
MAX_TRAVEL_MINUTES = {"CT": 45.0, "MRI": 60.0}  # policy assumptions, as in the tutorial
TRAVEL_COST_PER_MINUTE = 0.25  # assumption, as in the tutorial (GBP per patient minute)
MAX_AGE = 15  # Canadian Association of Radiologists: maximum for any modality

# --------------------------------------------------------------------------- national targets

NATIONAL_FLEET = {"CT": 675, "MRI": 587}  # NHS England National Imaging Data Collection, 2023
OLD_SHARE_MIN = {"CT": 0.14, "MRI": 0.34}  # national imaging strategy 2019: 10+ years old
OLD_SHARE_TARGET = {"CT": 0.15, "MRI": 0.36}  # generated: a margin above the minimum
CARDIAC_CT_SHARE = 0.50  # BSCI/BSCCT 2016: about 50% of UK CT is cardiac-capable
MONTHLY_ACTIVITY = {"CT": 723_243, "MRI": 398_199}  # HSJ, NHS England DID, August 2024
INITIAL_UTILISATION = 0.90
"""Assumption: the 2027 demand uses 90% of the existing fleet's available hours in England
(high but feasible); national activity is scaled by one factor per modality to hit it."""
NETWORKS = 20  # national imaging strategy: 24 networks at first, consolidating to 18
TARGET_IMAGING_SITES = 200

# --------------------------------------------------------------------------- exams and prices

INFLATION = 0.025  # as instances/make_tutorial.py: uplift of old published prices to 2027
HANSARD_YEAR = 2004  # Hansard written answer, 12 May 2004: CT 300k-700k, MRI 650k-1.5m
NAO_YEAR = 2008  # NAO 2011, cost per scan 2008-09: CT 54-268, MRI 84-472
HANSARD_TOP = {"CT": 700_000, "MRI": 1_500_000}


@dataclass(frozen=True)
class ExamSpec:
    """One exam type of the case mix (the tutorial's figures)."""

    id: str
    name: str
    modality: str
    scan_minutes: float  # CDC guidance: CT 3-4 scans/h, MRI 1.5-3 scans/h
    report_minutes: float  # Sexauer & Bestler 2022; Al Yassin et al. (MRI brain)
    capability: str | None
    share: float  # share of the modality's exams
    outsourcing_2008: float  # GBP 2008-09, inside the NAO cost-per-scan range
    growth: float  # Swann et al. 2025: CT about +6%/yr, MRI about +3%/yr


EXAMS = (
    ExamSpec("CT-head", "CT head", "CT", 15, 16.1, None, 0.28, 180, 0.06),
    ExamSpec("CT-chest", "CT chest", "CT", 17, 15.8, None, 0.27, 210, 0.06),
    ExamSpec("CT-abdo-pelvis", "CT abdomen and pelvis", "CT", 20, 17.9, None, 0.38, 250, 0.06),
    ExamSpec("CT-cardiac", "CT coronary angiography", "CT", 30, 30.0, "cardiac", 0.07, 268, 0.06),
    ExamSpec("MRI-brain", "MRI brain", "MRI", 30, 11.0, None, 0.25, 380, 0.03),
    ExamSpec("MRI-spine", "MRI spine", "MRI", 30, 11.0, None, 0.26, 380, 0.03),
    ExamSpec(
        "MRI-MSK", "MRI musculoskeletal (limbs and joints)", "MRI", 25, 11.0, None, 0.16, 340, 0.03
    ),
    ExamSpec("MRI-body", "MRI body, pelvis and other", "MRI", 40, 15.0, None, 0.33, 472, 0.03),
)


@dataclass(frozen=True)
class Kind:
    """A scanner kind: catalogue model and age profile (the tutorial's catalogue)."""

    model: str
    name: str
    modality: str
    price_2004: float  # inside the Hansard 2004 range
    capabilities: tuple[str, ...]
    lead_time: int
    asset_name: str


KINDS = {
    "ct": Kind("ct-64", "64-slice CT", "CT", 400_000, (), 0, "Standard multislice CT"),
    "ctc": Kind(
        "ct-cardiac",
        "Wide-detector cardiac CT",
        "CT",
        650_000,
        ("cardiac",),
        0,
        "Cardiac-capable CT",
    ),
    "m15": Kind("mri-15t", "1.5T MRI", "MRI", 850_000, (), 1, "1.5T MRI"),
    "m3": Kind("mri-3t", "3T MRI", "MRI", 1_300_000, (), 1, "3T MRI"),
}
PROFILE = {"ct": "ct-standard", "ctc": "ct-cardiac", "m15": "mri-15t", "m3": "mri-3t"}
DISCOUNT_TIERS = (("ct-64", 3, 0.05), ("mri-15t", 3, 0.05))  # assumption: framework tier

# Age profiles as fractions of the model's 2027 price: instances/make_tutorial.py.
MAINTENANCE = (0.00, 0.08, 0.08, 0.08, 0.09, 0.09, 0.10, 0.10,
               0.11, 0.12, 0.13, 0.15, 0.17, 0.19, 0.21, 0.23)  # fmt: skip
RESALE = tuple(round(0.6 * 0.8**age, 4) for age in range(MAX_AGE + 1))
DOWNTIME = (0.02, 0.02, 0.02, 0.02, 0.03, 0.03, 0.03, 0.04,
            0.04, 0.05, 0.06, 0.07, 0.08, 0.10, 0.12, 0.15)  # fmt: skip

# --------------------------------------------------------------------------- fleet, rooms, money

HOSPITAL_HOURS_PER_DAY = (10, 11, 12)  # assumption inside the brief's 10-12 h x 7 days
CDC_HOURS_PER_DAY = 12  # CDC guidance: most scanners 12 h x 7 days
CATALOGUE_HOURS = 12 * 7 * 52  # new scanners run as CDC scanners do (as in the tutorial)
CDC_INSTALL_YEARS = (2022, 2025)  # CDC programme from 2021 (assumption: installed 2022-2025)
MRI_3T_SHARE = 0.20  # assumption: share of hospital MRI that is 3T (sites with 2+ MRI)
POOR_CONDITION_SHARE = 0.10  # assumption: share of 10+ year units with extra downtime
POOR_CONDITION_DOWNTIME = 0.05  # as the tutorial's one poor-condition scanner
SPARE_ROOMS = {"CT": 0.40, "MRI": 0.15}  # assumption: spare rooms per scanner, rounded
BUILD_ROOM_SHARE = 0.30  # assumption: share of (hospital site, modality) that may build one room
CDC_ROOMS = 2  # as the tutorial's CDC: 2 rooms per modality, 1 more may be built
ROOM_HEADROOM_MIN = 1.10
"""Assumption: every network's rooms (built and buildable) could hold 10% more than its
last-year demand, so growth can be met in the network rather than outsourced."""
BUDGET_CYCLE_YEARS = 10.0
"""Assumption: a trust's yearly capital budget replaces its fleet (and its share of the CDC's)
on a 10-year cycle, the RCR/ESR replacement guidance."""
TIGHT_YEAR_FACTOR = 0.6  # assumption: tight years get 60% of the default budget
CARRY_OVER_SHARE = 0.5  # assumption: half the trusts may carry unspent budget over
SIZE_JITTER = 0.25  # assumption: log-normal sigma of the site size proxy
NON_IMAGING_DEMAND = 0.3
"""Assumption: a member site with no scanner refers 0.3 of an average scanner's work
(the tutorial's Buckland refers 0.5), if a scanning site of its network is within reach."""
NON_IMAGING_CAP = 0.25  # assumption: at most a quarter of a trust's demand off its imaging sites
TRUST_LOAD_SPREAD = 0.08  # assumption: trust utilisation within +-8% of the national one

# --------------------------------------------------------------------------- site selection

NON_ACUTE_TRUST_NAME = re.compile(
    r"Community|Mental Health|Partnership|Care Services|Health and Care|Social Care"
    r"|Combined Healthcare|Care NHS Foundation",
    re.IGNORECASE,
)
# Mental health and community trusts whose names do not say so (2018 names).
NON_ACUTE_TRUSTS = frozenset(("RAT", "RDY", "RHA", "RKL", "RMY", "RNU", "RP1", "RPG", "RT1", "RTQ",
                              "RV3", "RV5", "RV9", "RW1", "RWK", "RWX", "RX3", "RX4", "RXE", "RXM"))  # fmt: skip
IMAGING_NAME = re.compile(
    r"Hospital|Infirmary|Campus|main site|Salford Royal|Addenbrooke|St Thomas|Walton Centre"
    r"|Tameside",
    re.IGNORECASE,
)
NOT_IMAGING_NAME = re.compile(
    r"Community|Memorial|Cottage|Rehabilitation|Eye|Dental|Mental|Hospice|Psychiatr"
    r"|Day Hospital|Dermatology|Screening|Outreach|Intermediate|Transitional|Neighbourhood"
    r"|Integrated Medicine|Tropical|Throat|Breast|Westmoreland|Child|Women|Rosie",
    re.IGNORECASE,
)
MAJOR_NAME = re.compile(
    r"General|District|University|Infirmary|County|Royal|City|Campus|main site|Addenbrooke"
    r"|St Thomas",
    re.IGNORECASE,
)
SMALL_TOWN_NAME = re.compile(r"(and|&) District", re.IGNORECASE)  # "Goole and District Hospital"
IMAGING_SITES = {
    # Trusts where the name rule picks a community hospital or misses an acute site: their
    # acute hospitals (main site first), as the author knows them for 2018. An assumption to
    # check against the NHS list of type 1 A&E sites before relying on it.
    "RAN": ("RAN01",),  # Stanmore; Bolsover Street is outpatients
    "RBL": ("RBL14",),  # Arrowe Park
    "RBT": ("RBT20",),  # Leighton
    "RCB": ("RCB55", "RCBCA"),  # York, Scarborough
    "RCF": ("RCF22",),  # Airedale
    "RDE": ("RDEE4",),  # Colchester General
    "RF4": ("RF4QH", "RF4DG"),  # Queen's, King George
    "RH8": ("RH801",),  # Royal Devon and Exeter (Wonford)
    "RJ1": ("RJ122", "RJ121"),  # St Thomas', Guy's
    "RJ2": ("RJ224", "RJ231"),  # Lewisham, Queen Elizabeth (Woolwich)
    "RJL": ("RJL30", "RJL32"),  # Grimsby, Scunthorpe
    "RM1": ("RM102",),  # Norfolk and Norwich
    "RN3": ("RN325",),  # Great Western
    "RN5": ("RN506", "RN541"),  # Basingstoke, Winchester
    "RN7": ("RN707",),  # Darent Valley
    "RNL": ("RNLAY", "RNLBX"),  # Cumberland Infirmary, West Cumberland
    "RP5": ("RP5DR", "RP5BA"),  # Doncaster Royal Infirmary, Bassetlaw
    "RRF": ("RRF02", "RRF01"),  # Royal Albert Edward Infirmary, Leigh
    "RT3": ("RT302", "RT301"),  # Royal Brompton, Harefield
    "RTD": ("RTD02", "RTD01"),  # Royal Victoria Infirmary, Freeman
    "RTE": ("RTE03", "RTE01"),  # Gloucestershire Royal, Cheltenham General
    "RTH": ("RTH08", "RTH02", "RTH05"),  # John Radcliffe, Churchill, Horton
    "RTR": ("RTRAT", "RTR45"),  # James Cook, Friarage
    "RVR": ("RVR05", "RVR50"),  # St Helier, Epsom
    "RVV": ("RVV01", "RVV09", "RVVKC"),  # William Harvey, QEQM, Kent and Canterbury
    "RWA": ("RWA01", "RWA16"),  # Hull Royal Infirmary, Castle Hill
    "RWD": ("RWDDA", "RWDLA"),  # Lincoln County, Pilgrim
    "RWE": ("RWEAA", "RWEAE", "RWEAK"),  # Leicester Royal Infirmary, Glenfield, General
    "RWF": ("RWF03", "RWFTW"),  # Maidstone, Tunbridge Wells at Pembury
    "RWG": ("RWG02",),  # Watford General
    "RWH": ("RWH01",),  # Lister
    "RWP": ("RWP50", "RWP01"),  # Worcestershire Royal, Alexandra
    "RWW": ("RWWWH", "RWWHG"),  # Warrington, Halton
    "RX1": ("RX1RA", "RX1CC"),  # Queen's Medical Centre, City
    "RXC": ("RXC01", "RXC02"),  # Conquest, Eastbourne District General
    "RXF": ("RXF05", "RXF10", "RXF03"),  # Pinderfields, Dewsbury, Pontefract
    "RXH": ("RXH01", "RXH09"),  # Royal Sussex County, Princess Royal
    "RXN": ("RXN02", "RXN01"),  # Royal Preston, Chorley
    "RXP": ("RXPCP", "RXPDA"),  # University Hospital of North Durham, Darlington Memorial
    "RXQ": ("RXQ02", "RXQ50"),  # Stoke Mandeville, Wycombe
    "RXR": ("RXR20", "RXR10"),  # Royal Blackburn, Burnley General
    "RYJ": ("RYJ01", "RYJ02", "RYJ03"),  # St Mary's, Charing Cross, Hammersmith
    "RYR": ("RYR16", "RYR18"),  # St Richard's, Worthing
}
SPECIALIST_TRUST = re.compile(
    r"Children|Orthopaedic|Eye|Heart and Chest|Women|Christie|Marsden|Walton|Papworth"
    r"|Brompton|Queen Victoria Hospital",
    re.IGNORECASE,
)
MAX_IMAGING_SITES_PER_TRUST = 3
BIRMINGHAM = (52.4862, -1.8904)  # the fixed point choosing the `network` scale
GROUPING_SEED = 2019  # fixed: the grouping follows geography, not --seed
GROUPING_RESTARTS = 20
GROUPING_BALANCE = 1.3  # a network holds at most 1.3x the mean number of imaging sites


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SourceSite:
    """One row of the site list."""

    code: str
    name: str
    trust: str
    trust_name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class MemberTrust:
    """An acute or specialist trust with its imaging sites (main site first) and other sites."""

    code: str
    name: str
    imaging: tuple[SourceSite, ...]
    other: tuple[SourceSite, ...]
    specialist: bool


@dataclass(frozen=True)
class Scanner:
    """One existing scanner of the synthetic fleet."""

    id: str
    site: str
    kind: str
    install_year: int
    hours: float
    condition: float

    @property
    def modality(self) -> str:
        """CT or MRI."""
        return KINDS[self.kind].modality


@dataclass(frozen=True)
class RoomSpec:
    """Rooms of one modality at one site."""

    rooms: int
    max_new: int


@dataclass(frozen=True)
class NetworkSpec:
    """A group of trusts, its CDC and everything drawn for it."""

    id: str
    name: str
    trusts: tuple[MemberTrust, ...]
    cdc: Site
    centroid: tuple[float, float]


@dataclass(frozen=True)
class England:
    """Everything generated for England, before it is cut into instances."""

    networks: tuple[NetworkSpec, ...]
    scanners: tuple[Scanner, ...]
    rooms: dict[tuple[str, str], RoomSpec]
    demand_hours: dict[tuple[str, str], float]
    """(site, modality) -> 2027 scan hours demanded."""
    carry_over: dict[str, bool]
    tight_years: dict[str, tuple[int, ...]]


# --------------------------------------------------------------------------- money helpers


def uplift(price_year: int) -> float:
    """Factor turning prices of ``price_year`` into 2027 prices (the tutorial's inflation)."""
    return (1 + INFLATION) ** (FIRST_YEAR - price_year)


def gbp(x: float, to: int = 10_000) -> float:
    """Round money to ``to`` GBP, so files show round figures as the tutorial does."""
    return float(round(x / to) * to)


def price(kind: str) -> float:
    """2027 price of a kind's catalogue model."""
    return gbp(KINDS[kind].price_2004 * uplift(HANSARD_YEAR))


def new_room_cost(modality: str) -> float:
    """Enabling works: top of the Hansard build-inclusive range minus the cheapest scanner."""
    cheapest = min(k.price_2004 for k in KINDS.values() if k.modality == modality)
    return gbp((HANSARD_TOP[modality] - cheapest) * uplift(HANSARD_YEAR))


def mean_scan_minutes(modality: str) -> float:
    """Scan minutes per exam averaged over the case mix: turns hours into exams."""
    return sum(e.scan_minutes * e.share for e in EXAMS if e.modality == modality)


def available_hours(scanner: Scanner, year: int) -> float:
    """Hours a scanner offers in ``year`` after age and condition downtime (0 once retired)."""
    age = year - scanner.install_year
    if not 0 <= age < MAX_AGE:
        return 0.0
    return scanner.hours * max(0.0, 1 - DOWNTIME[age] - scanner.condition)


def minutes_between(a: Site, b: Site) -> float:
    """Travel minutes as netopt computes them for the ``coordinates`` method."""
    return haversine_km(a, b) * TRAVEL.road_factor / TRAVEL.speed_kmh * 60.0


# --------------------------------------------------------------------------- sites


def read_sites(path: Path = SITES_CSV) -> list[SourceSite]:
    """The site list, in file order (sorted by site code), which every later rule relies on."""
    with path.open(newline="", encoding="utf-8") as f:
        return [
            SourceSite(
                code=row["site_code"].strip(),
                name=row["site_name"].strip(),
                trust=row["parent_trust_code"].strip(),
                trust_name=row["parent_trust_name"].strip(),
                latitude=round(float(row["latitude"]), 6),
                longitude=round(float(row["longitude"]), 6),
            )
            for row in csv.DictReader(f)
        ]


def short_name(site: SourceSite) -> str:
    """The site name without its trust's name (some rows append or prefix it)."""
    name = site.name.replace(site.trust_name, "").strip(" -")
    return name or site.name


def is_acute_trust(site: SourceSite) -> bool:
    """Acute and specialist trusts run imaging; mental health and community trusts do not."""
    return site.trust not in NON_ACUTE_TRUSTS and not NON_ACUTE_TRUST_NAME.search(site.trust_name)


def imaging_candidate(site: SourceSite) -> bool:
    """An acute-looking site: a hospital, infirmary or campus, not a community, eye, dental,
    children's, women's or other specialist outpost."""
    name = short_name(site)
    return bool(IMAGING_NAME.search(name)) and not NOT_IMAGING_NAME.search(name)


def choose_imaging_sites(sites: Sequence[SourceSite]) -> tuple[SourceSite, ...]:
    """A trust's imaging sites (the site list has no sizes): those named in IMAGING_SITES;
    otherwise its first candidate with a general-hospital name (else its first candidate, else
    its first site: every acute trust scans somewhere), then up to two more candidates with a
    general-hospital name that is not a small town's "X and District" hospital."""
    listed = IMAGING_SITES.get(sites[0].trust)
    if listed is not None:
        by_code = {s.code: s for s in sites}
        return tuple(by_code[code] for code in listed)
    candidates = [s for s in sites if imaging_candidate(s)]
    major = [
        s
        for s in candidates
        if MAJOR_NAME.search(short_name(s)) and not SMALL_TOWN_NAME.search(short_name(s))
    ]
    first = (major or candidates or list(sites))[0]
    more = [s for s in major if s is not first]
    return (first, *more[: MAX_IMAGING_SITES_PER_TRUST - 1])


def member_trusts(sites: Sequence[SourceSite]) -> list[MemberTrust]:
    """The acute and specialist trusts, in trust-code order, with their imaging sites."""
    by_trust: dict[str, list[SourceSite]] = {}
    for site in sites:
        if is_acute_trust(site):
            by_trust.setdefault(site.trust, []).append(site)
    out = []
    for code in sorted(by_trust):
        rows = by_trust[code]
        imaging = choose_imaging_sites(rows)
        out.append(
            MemberTrust(
                code=code,
                name=rows[0].trust_name,
                imaging=imaging,
                other=tuple(s for s in rows if s not in imaging),
                specialist=bool(SPECIALIST_TRUST.search(rows[0].trust_name)),
            )
        )
    return out


# --------------------------------------------------------------------------- networks


def to_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Equirectangular projection about 52.5N: good enough to cluster within England."""
    return np.column_stack([lon * 111.32 * math.cos(math.radians(52.5)), lat * 110.57])


def trust_points(trusts: Sequence[MemberTrust]) -> tuple[np.ndarray, np.ndarray]:
    """Each trust's position (mean of its imaging sites, km) and weight (imaging sites)."""
    lat = np.array([np.mean([s.latitude for s in t.imaging]) for t in trusts])
    lon = np.array([np.mean([s.longitude for s in t.imaging]) for t in trusts])
    weight = np.array([len(t.imaging) for t in trusts], dtype=float)
    return to_km(lat, lon), weight


def capacitated_assign(
    points: np.ndarray, weight: np.ndarray, centres: np.ndarray, capacity: float
) -> np.ndarray:
    """Nearest centre with room left, closest pairs first: balanced networks, so London's
    many small trusts do not form one giant network."""
    dist = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    k = len(centres)
    w = weight.tolist()  # plain lists: this loop runs thousands of times per grouping
    load = [0.0] * k
    label = [-1] * len(points)
    left = len(points)
    for flat in np.argsort(dist, axis=None, kind="stable").tolist():
        i, c = divmod(flat, k)
        if label[i] < 0 and load[c] + w[i] <= capacity:
            label[i] = c
            load[c] += w[i]
            left -= 1
            if not left:
                break
    for i in range(len(label)):  # unreachable with the slack used; kept for safety
        if label[i] < 0:
            label[i] = min(range(k), key=lambda c: load[c])
            load[label[i]] += w[i]
    return np.array(label)


def weighted_centres(
    points: np.ndarray, weight: np.ndarray, label: np.ndarray, centres: np.ndarray
) -> np.ndarray:
    """Weighted mean of each network's trusts (an empty network keeps its centre)."""
    k = len(centres)
    mass = np.bincount(label, weights=weight, minlength=k)
    sums = np.column_stack(
        [np.bincount(label, weights=weight * points[:, j], minlength=k) for j in range(2)]
    )
    out = centres.copy()
    full = mass > 0
    out[full] = sums[full] / mass[full, None]
    return out


def kmeans_plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ initial centres: spread out, so the networks cover the whole country."""
    centres = [points[rng.integers(len(points))]]
    for _ in range(k - 1):
        d2 = np.min(np.linalg.norm(points[:, None] - np.array(centres)[None], axis=2) ** 2, axis=1)
        centres.append(points[rng.choice(len(points), p=d2 / d2.sum())])
    return np.array(centres)


def balanced_kmeans(points: np.ndarray, weight: np.ndarray, k: int) -> np.ndarray:
    """Capacitated k-means (Lloyd iterations with the balanced assignment), best of several
    fixed-seed restarts by weighted inertia; deterministic."""
    rng = np.random.default_rng(GROUPING_SEED)
    capacity = GROUPING_BALANCE * weight.sum() / k
    best: tuple[float, np.ndarray] | None = None
    for _ in range(GROUPING_RESTARTS):
        centres = kmeans_plus_plus(points, k, rng)
        label = capacitated_assign(points, weight, centres, capacity)
        for _ in range(100):
            centres = weighted_centres(points, weight, label, centres)
            new = capacitated_assign(points, weight, centres, capacity)
            if np.array_equal(new, label):
                break
            label = new
        inertia = float(np.sum(weight * np.sum((points - centres[label]) ** 2, axis=1)))
        if best is None or inertia < best[0]:
            best = (inertia, label)
    assert best is not None
    return best[1]


def place_cdc(network_id: str, trusts: Sequence[MemberTrust]) -> Site:
    """The network's CDC (hypothetical): at the member hospital without scanners nearest the
    centroid of the imaging sites (many CDCs are on community hospital sites), else at the
    centroid; central, so most of the network can reach it."""
    imaging = [s for t in trusts for s in t.imaging]
    lat = float(np.mean([s.latitude for s in imaging]))
    lon = float(np.mean([s.longitude for s in imaging]))
    centre = Site(id="centre", owner="x", latitude=lat, longitude=lon)
    others = [s for t in trusts for s in t.other if IMAGING_NAME.search(short_name(s))]
    name = f"Community Diagnostic Centre {network_id} (hypothetical)"
    if others:
        host = min(others, key=lambda s: (haversine_km(centre, as_site(s)), s.code))
        lat, lon = host.latitude, host.longitude
        name = f"Community Diagnostic Centre {network_id} at {short_name(host)} (hypothetical)"
    return Site(
        id=f"CDC-{network_id}",
        name=name,
        owner=NETWORK_OWNER,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        kind=SiteKind.CDC,
    )


def as_site(site: SourceSite) -> Site:
    """A source row as a netopt site owned by its trust."""
    return Site(
        id=site.code,
        name=short_name(site),
        owner=site.trust,
        latitude=site.latitude,
        longitude=site.longitude,
        kind=SiteKind.HOSPITAL,
    )


def group_networks(trusts: Sequence[MemberTrust], k: int = NETWORKS) -> tuple[NetworkSpec, ...]:
    """Trusts grouped into ``k`` networks, numbered N01.. from north to south."""
    points, weight = trust_points(trusts)
    label = balanced_kmeans(points, weight, k)
    groups = [[t for t, c in zip(trusts, label, strict=True) if c == g] for g in range(k)]
    centroid = [
        (
            float(np.mean([s.latitude for t in g for s in t.imaging])),
            float(np.mean([s.longitude for t in g for s in t.imaging])),
        )
        for g in groups
    ]
    order = sorted(range(k), key=lambda g: (-centroid[g][0], centroid[g][1]))
    out = []
    for n, g in enumerate(order, start=1):
        nid = f"N{n:02d}"
        members = tuple(groups[g])
        hub = nearest_imaging_site(members, centroid[g])
        out.append(
            NetworkSpec(
                id=nid,
                name=f"England synthetic imaging network {nid}, around {short_name(hub)} "
                "(docs/england-instances.md)",
                trusts=members,
                cdc=place_cdc(nid, members),
                centroid=centroid[g],
            )
        )
    return tuple(out)


def nearest_imaging_site(trusts: Sequence[MemberTrust], point: tuple[float, float]) -> SourceSite:
    """The imaging site nearest a point (names a network, chooses the `network` scale)."""
    here = Site(id="here", owner="x", latitude=point[0], longitude=point[1])
    sites = [s for t in trusts for s in t.imaging]
    return min(sites, key=lambda s: (haversine_km(here, as_site(s)), s.code))


def select_networks(networks: Sequence[NetworkSpec], scale: str) -> list[NetworkSpec]:
    """`network`: the one holding the imaging site nearest Birmingham; `five`: it and its four
    nearest networks (by centroid); `england`: all."""
    if scale == "england":
        return list(networks)
    home = nearest_imaging_site([t for n in networks for t in n.trusts], BIRMINGHAM)
    first = next(n for n in networks if any(home in t.imaging for t in n.trusts))
    if scale == "network":
        return [first]
    here = Site(id="here", owner="x", latitude=first.centroid[0], longitude=first.centroid[1])

    def distance(n: NetworkSpec) -> float:
        there = Site(id="there", owner="x", latitude=n.centroid[0], longitude=n.centroid[1])
        return haversine_km(here, there)

    chosen = sorted(networks, key=lambda n: (distance(n), n.id))[:5]
    return sorted(chosen, key=lambda n: n.id)


# --------------------------------------------------------------------------- fleet


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` summing exactly to ``total`` (ties by position)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    short = total - int(out.sum())
    order = sorted(range(len(w)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:short]:
        out[i] += 1
    return [int(x) for x in out]


def site_sizes(networks: Sequence[NetworkSpec], rng: np.random.Generator) -> dict[str, float]:
    """Size proxy of each hospital imaging site (the site list has no sizes): main site 2,
    other imaging sites 1, specialist trusts half, plus 0.25 per community site of the trust
    shared among its imaging sites, times a seeded log-normal jitter."""
    size = {}
    for network in networks:
        for trust in network.trusts:
            extra = 0.25 * len(trust.other) / len(trust.imaging)
            for i, site in enumerate(trust.imaging):
                base = (2.0 if i == 0 else 1.0) * (0.5 if trust.specialist else 1.0)
                size[site.code] = (base + extra) * float(np.exp(rng.normal(0, SIZE_JITTER)))
    return size


def unit_counts(size: dict[str, float], n_cdc: int) -> dict[str, dict[str, int]]:
    """Scanners per hospital site: one CT and one MRI each, the rest of the national fleet
    (less one of each per CDC) in proportion to size."""
    sites = list(size)
    out: dict[str, dict[str, int]] = {s: {} for s in sites}
    for modality, total in NATIONAL_FLEET.items():
        extra = largest_remainder(total - n_cdc - len(sites), [size[s] for s in sites])
        for s, n in zip(sites, extra, strict=True):
            out[s][modality] = 1 + n
    return out


def draw_ages(n_units: int, n_old: int, rng: np.random.Generator) -> list[int]:
    """Ages in 2027: exactly ``n_old`` of 10-14 years, the rest 1-9, in random positions;
    none at 15, the maximum age (they would have to leave service before the first year)."""
    old = set(rng.choice(n_units, size=n_old, replace=False).tolist())
    return [
        int(rng.integers(10, MAX_AGE)) if i in old else int(rng.integers(1, 10))
        for i in range(n_units)
    ]


def draw_fleet(
    networks: Sequence[NetworkSpec], counts: dict[str, dict[str, int]], rng: np.random.Generator
) -> list[Scanner]:
    """The existing fleet: hours per site, ages by national quota, kinds (cardiac CT, 3T MRI)
    by quota, a few old units in poor condition; CDCs get one new CT and one new MRI."""
    hours = {s: 7 * 52 * float(rng.choice(HOSPITAL_HOURS_PER_DAY)) for s in counts}
    slots = [(s, m, i) for s in counts for m in ("CT", "MRI") for i in range(counts[s][m])]
    ages: dict[tuple[str, str, int], int] = {}
    for m in ("CT", "MRI"):
        mine = [x for x in slots if x[1] == m]
        n_old = math.ceil(OLD_SHARE_TARGET[m] * NATIONAL_FLEET[m])
        ages.update(zip(mine, draw_ages(len(mine), n_old, rng), strict=True))
    kinds = draw_kinds(slots, counts, rng)
    poor = {x for x in slots if ages[x] >= 10 and rng.random() < POOR_CONDITION_SHARE}
    fleet = [
        Scanner(
            id=f"{s}-{m}{i + 1}",
            site=s,
            kind=kinds[(s, m, i)],
            install_year=FIRST_YEAR - ages[(s, m, i)],
            hours=hours[s],
            condition=POOR_CONDITION_DOWNTIME if (s, m, i) in poor else 0.0,
        )
        for s, m, i in slots
    ]
    for network in networks:
        for m, kind in (("CT", "ct"), ("MRI", "m15")):
            year = int(rng.integers(CDC_INSTALL_YEARS[0], CDC_INSTALL_YEARS[1] + 1))
            fleet.append(
                Scanner(
                    id=f"{network.cdc.id}-{m}1",
                    site=network.cdc.id,
                    kind=kind,
                    install_year=year,
                    hours=float(CDC_HOURS_PER_DAY * 7 * 52),
                    condition=0.0,
                )
            )
    return fleet


def draw_kinds(
    slots: Sequence[tuple[str, str, int]],
    counts: dict[str, dict[str, int]],
    rng: np.random.Generator,
) -> dict[tuple[str, str, int], str]:
    """Every hospital site's first CT is cardiac-capable (cardiac exams then have a scanner
    nearby), more at random until half the national CT fleet is; 3T among sites with 2+ MRI."""
    kinds = {x: ("ct" if x[1] == "CT" else "m15") for x in slots}
    n_cardiac = round(CARDIAC_CT_SHARE * NATIONAL_FLEET["CT"])
    first = [x for x in slots if x[1] == "CT" and x[2] == 0]
    rest = [x for x in slots if x[1] == "CT" and x[2] > 0]
    pick = rng.choice(len(rest), size=max(0, n_cardiac - len(first)), replace=False)
    for x in first + [rest[i] for i in sorted(pick.tolist())]:
        kinds[x] = "ctc"
    big_mri = [x for x in slots if x[1] == "MRI" and counts[x[0]]["MRI"] >= 2]
    n_3t = round(MRI_3T_SHARE * sum(1 for x in slots if x[1] == "MRI"))
    for i in sorted(rng.choice(len(big_mri), size=n_3t, replace=False).tolist()):
        kinds[big_mri[i]] = "m3"
    return kinds


def draw_rooms(
    fleet: Sequence[Scanner], networks: Sequence[NetworkSpec], rng: np.random.Generator
) -> dict[tuple[str, str], RoomSpec]:
    """Rooms = scanners + spare (40% CT, 15% MRI, rounded; at least one spare CT room, CT
    demand grows 6%/yr); 30% of (site, modality) may build one more; CDCs 2 rooms + 1."""
    units: dict[tuple[str, str], int] = {}
    for u in fleet:
        units[(u.site, u.modality)] = units.get((u.site, u.modality), 0) + 1
    cdcs = {n.cdc.id for n in networks}
    rooms = {}
    for (site, m), n in units.items():
        if site in cdcs:
            rooms[(site, m)] = RoomSpec(CDC_ROOMS, 1)
            continue
        spare = max(1 if m == "CT" else 0, round(SPARE_ROOMS[m] * n))
        rooms[(site, m)] = RoomSpec(n + spare, int(rng.random() < BUILD_ROOM_SHARE))
    return rooms


# --------------------------------------------------------------------------- demand


def scanning_sites(
    network: NetworkSpec, modality: str, rooms: dict[tuple[str, str], RoomSpec]
) -> list[Site]:
    """Sites of the network that can host ``modality`` (rooms now or buildable)."""
    sites = [as_site(s) for t in network.trusts for s in t.imaging] + [network.cdc]
    return [s for s in sites if (s.id, modality) in rooms]


def demand_weights(
    networks: Sequence[NetworkSpec],
    fleet: Sequence[Scanner],
    rooms: dict[tuple[str, str], RoomSpec],
    rng: np.random.Generator,
) -> dict[tuple[str, str], float]:
    """Unscaled 2027 demand hours by (site, modality). A trust demands what its scanners offer
    times a seeded factor in 1 +- TRUST_LOAD_SPREAD (some trusts stretched, some with slack: the
    reason to plan as a network); part of it (NON_IMAGING_DEMAND of an average scanner per
    site, at most NON_IMAGING_CAP of the trust's) arises at its sites without scanners that can
    reach a scanning site, the rest at its imaging sites by their hours. A CDC demands what it
    offers."""
    offered: dict[tuple[str, str], float] = {}
    for u in fleet:
        key = (u.site, u.modality)
        offered[key] = offered.get(key, 0.0) + available_hours(u, FIRST_YEAR)
    mean_unit = {
        m: sum(available_hours(u, FIRST_YEAR) for u in fleet if u.modality == m)
        / sum(1 for u in fleet if u.modality == m)
        for m in ("CT", "MRI")
    }
    weights: dict[tuple[str, str], float] = {}
    for network in networks:
        for m in ("CT", "MRI"):
            weights[(network.cdc.id, m)] = offered[(network.cdc.id, m)]
        for trust in network.trusts:
            load = 1 + float(rng.uniform(-TRUST_LOAD_SPREAD, TRUST_LOAD_SPREAD))
            for m in ("CT", "MRI"):
                weights.update(
                    trust_demand(network, trust, m, offered, rooms, load * mean_unit[m], load)
                )
    return weights


def trust_demand(
    network: NetworkSpec,
    trust: MemberTrust,
    modality: str,
    offered: dict[tuple[str, str], float],
    rooms: dict[tuple[str, str], RoomSpec],
    per_site: float,
    load: float,
) -> dict[tuple[str, str], float]:
    """One trust's demand hours for one modality, split between its sites (demand_weights)."""
    hosts = scanning_sites(network, modality, rooms)
    reach = [
        s.code
        for s in trust.other
        if any(minutes_between(as_site(s), h) <= MAX_TRAVEL_MINUTES[modality] for h in hosts)
    ]
    own = {s.code: offered.get((s.code, modality), 0.0) for s in trust.imaging}
    total = load * sum(own.values())
    outer = min(NON_IMAGING_CAP * total, NON_IMAGING_DEMAND * per_site * len(reach))
    out = {(code, modality): (total - outer) * h / sum(own.values()) for code, h in own.items()}
    out.update({(code, modality): outer / len(reach) for code in reach})
    return out


def calibrate(
    weights: dict[tuple[str, str], float], fleet: Sequence[Scanner]
) -> dict[tuple[str, str], float]:
    """Demand hours scaled by one factor per modality so that England's 2027 demand is
    INITIAL_UTILISATION of its fleet's available hours. National activity at the published scan
    times would exceed the fleet's hours (calibration_checks prints the ratio)."""
    out: dict[tuple[str, str], float] = {}
    for m in ("CT", "MRI"):
        hours = sum(available_hours(u, FIRST_YEAR) for u in fleet if u.modality == m)
        wanted = sum(w for (_, mm), w in weights.items() if mm == m)
        factor = INITIAL_UTILISATION * hours / wanted
        out.update({k: w * factor for k, w in weights.items() if k[1] == m})
    return out


def headroom(
    rooms: dict[tuple[str, str], RoomSpec],
    demand: dict[tuple[str, str], float],
    ids: set[str],
    modality: str,
) -> float:
    """Most hours the rooms of sites ``ids`` could hold at the horizon end (every room, built
    ones too, with a new 12 h x 7 d scanner) over the last year's demand hours: below 1, demand
    must be outsourced whatever the budget."""
    n_rooms = sum(r.rooms + r.max_new for (s, m), r in rooms.items() if s in ids and m == modality)
    growth = next(e.growth for e in EXAMS if e.modality == modality)
    first = sum(h for (s, m), h in demand.items() if s in ids and m == modality)
    return n_rooms * CATALOGUE_HOURS * (1 - DOWNTIME[2]) / (first * (1 + growth) ** (HORIZON - 1))


def ensure_room_headroom(
    networks: Sequence[NetworkSpec],
    rooms: dict[tuple[str, str], RoomSpec],
    demand: dict[tuple[str, str], float],
) -> dict[tuple[str, str], RoomSpec]:
    """Let more rooms be built until every network's headroom is at least ROOM_HEADROOM_MIN:
    one more buildable room at a time, at the busiest site with the fewest buildable rooms
    (deterministic). Without it, a network whose random draw gave few spare rooms would have
    to outsource its growth, which is the draw's fault, not the plan's."""
    out = dict(rooms)
    for network in networks:
        ids = {s.id for s in site_rows(network)}
        for m in ("CT", "MRI"):
            keys = sorted((s, mm) for (s, mm) in out if s in ids and mm == m)
            while headroom(out, demand, ids, m) < ROOM_HEADROOM_MIN:
                key = min(keys, key=lambda k: (out[k].max_new, -demand.get(k, 0.0), k))
                out[key] = RoomSpec(out[key].rooms, out[key].max_new + 1)
    return out


# --------------------------------------------------------------------------- England


def generate_england(seed: int, sites_csv: Path = SITES_CSV) -> England:
    """Draw England once: every network, in a fixed order of random draws, from one seed."""
    networks = group_networks(member_trusts(read_sites(sites_csv)))
    rng = np.random.default_rng(seed)
    size = site_sizes(networks, rng)
    fleet = draw_fleet(networks, unit_counts(size, len(networks)), rng)
    rooms = draw_rooms(fleet, networks, rng)
    demand = calibrate(demand_weights(networks, fleet, rooms, rng), fleet)
    rooms = ensure_room_headroom(networks, rooms, demand)
    trusts = [t.code for n in networks for t in n.trusts]
    carry = {t: bool(rng.random() < CARRY_OVER_SHARE) for t in trusts}
    years = list(range(FIRST_YEAR, FIRST_YEAR + HORIZON))
    tight = {
        t: tuple(
            sorted(int(y) for y in rng.choice(years, size=int(rng.integers(1, 3)), replace=False))
        )
        for t in trusts
    }
    return England(networks, tuple(fleet), rooms, demand, carry, tight)


# --------------------------------------------------------------------------- instance tables


def capital_shares(sizes: Sequence[float]) -> list[float]:
    """Percent shares proportional to ``sizes`` in hundredths of a percent, summing to exactly
    100 (largest remainder), so the schema's sum check holds without rounding luck."""
    return [h / 100 for h in largest_remainder(10_000, sizes)]


def fleet_value(units: Sequence[Scanner]) -> float:
    """Replacement value: each unit at its kind's 2027 catalogue price."""
    return sum(price(u.kind) for u in units)


def trust_budget(units: Sequence[Scanner], cdc_share_value: float) -> float:
    """Yearly capital: the trust's fleet value plus its share of the CDC's, over
    BUDGET_CYCLE_YEARS, but at least one 1.5T MRI's price (every trust has an MRI). Purchases
    are paid in the year bought, so a smaller budget could never replace an MRI without
    carry-over (a small trust's 0.4m a year never buys a 1.5m MRI)."""
    floor = price("m15")
    return max(gbp((fleet_value(units) + cdc_share_value) / BUDGET_CYCLE_YEARS), floor)


def trust_rows(england: England, network: NetworkSpec) -> tuple[list[Trust], list[Budget]]:
    """Trusts with capital shares (by scanners owned), default budgets (trust_budget) and
    their tight years at TIGHT_YEAR_FACTOR of the default."""
    owner = {s.code: t.code for t in network.trusts for s in t.imaging}
    units = {
        t.code: [u for u in england.scanners if owner.get(u.site) == t.code] for t in network.trusts
    }
    shares = capital_shares([len(units[t.code]) for t in network.trusts])
    cdc_value = fleet_value([u for u in england.scanners if u.site == network.cdc.id])
    trusts, budgets = [], []
    for trust, share in zip(network.trusts, shares, strict=True):
        default = trust_budget(units[trust.code], share / 100 * cdc_value)
        trusts.append(
            Trust(
                id=trust.code,
                name=trust.name,
                capital_budget=default,
                carry_over=england.carry_over[trust.code],
                capital_share=share,
            )
        )
        budgets += [
            Budget(trust=trust.code, year=y, capital_budget=gbp(TIGHT_YEAR_FACTOR * default))
            for y in england.tight_years[trust.code]
        ]
    return trusts, budgets


def site_rows(network: NetworkSpec) -> list[Site]:
    """Imaging sites, then other member sites (trust by trust), then the CDC."""
    imaging = [as_site(s) for t in network.trusts for s in t.imaging]
    other = [as_site(s) for t in network.trusts for s in t.other]
    return [*imaging, *other, network.cdc]


def room_rows(england: England, sites: Sequence[Site]) -> list[Room]:
    """Rooms at the network's sites, with the tutorial's new-room costs where one may be built."""
    rows = []
    for site in sites:
        for m in ("CT", "MRI"):
            spec = england.rooms.get((site.id, m))
            if spec is not None:
                rows.append(
                    Room(
                        site=site.id,
                        modality=m,
                        rooms=spec.rooms,
                        max_new_rooms=spec.max_new,
                        new_room_cost=new_room_cost(m) if spec.max_new else 0.0,
                    )
                )
    return rows


def demand_rows(england: England, sites: Sequence[Site]) -> list[Demand]:
    """2027 exams by site and exam type: demand hours x 60 / mean scan minutes x case mix,
    rounded to 10 exams; later years grow by each exam type's rate."""
    rows = []
    for site in sites:
        for e in EXAMS:
            hours = england.demand_hours.get((site.id, e.modality), 0.0)
            exams = round(hours * 60 / mean_scan_minutes(e.modality) * e.share, -1)
            if exams > 0:
                rows.append(
                    Demand(site=site.id, exam_type=e.id, year=FIRST_YEAR, exams=float(exams))
                )
    return rows


def age_profile_rows() -> list[AgeProfile]:
    """The tutorial's age profiles: maintenance, resale and downtime as fractions of price."""
    return [
        AgeProfile(
            profile=PROFILE[kind],
            age=age,
            maintenance_cost=gbp(MAINTENANCE[age] * price(kind), 1000),
            resale_value=gbp(RESALE[age] * price(kind), 1000),
            downtime_fraction=DOWNTIME[age],
        )
        for kind in KINDS
        for age in range(MAX_AGE + 1)
    ]


def catalogue_rows(fleet: Sequence[Scanner]) -> list[CatalogueModel]:
    """The tutorial's four models; 3T MRI only where a 3T stands now (like-for-like; it offers
    the same hours as 1.5T at a higher price), left out if the network has none."""
    sites_3t = sorted({u.site for u in fleet if u.kind == "m3"})
    rows = []
    for key, kind in KINDS.items():
        if key == "m3" and not sites_3t:
            continue
        rows.append(
            CatalogueModel(
                id=kind.model,
                name=kind.name,
                modality=kind.modality,
                price=price(key),
                hours_per_year=float(CATALOGUE_HOURS),
                capabilities=list(kind.capabilities),
                lifetime_years=MAX_AGE,
                lead_time_years=kind.lead_time,
                age_profile=PROFILE[key],
                sites=sites_3t if key == "m3" else [],
            )
        )
    return rows


def asset_rows(fleet: Sequence[Scanner]) -> list[Asset]:
    """The network's existing scanners."""
    return [
        Asset(
            id=u.id,
            site=u.site,
            modality=u.modality,
            capabilities=list(KINDS[u.kind].capabilities),
            install_year=u.install_year,
            hours_per_year=u.hours,
            age_profile=PROFILE[u.kind],
            condition_downtime_fraction=u.condition,
            model_name=KINDS[u.kind].asset_name,
        )
        for u in fleet
    ]


def exam_type_rows() -> list[ExamType]:
    """The tutorial's exam types, outsourcing prices uplifted from 2008-09."""
    return [
        ExamType(
            id=e.id,
            name=e.name,
            modality=e.modality,
            scan_minutes=float(e.scan_minutes),
            report_minutes=e.report_minutes,
            capability=e.capability,
            outsourcing_cost=gbp(e.outsourcing_2008 * uplift(NAO_YEAR), 1),
            growth_rate=e.growth,
        )
        for e in EXAMS
    ]


def build_instance(england: England, network: NetworkSpec) -> Instance:
    """One complete, independent netopt instance for a network."""
    sites = site_rows(network)
    ids = {s.id for s in sites}
    fleet = [u for u in england.scanners if u.site in ids]
    trusts, budgets = trust_rows(england, network)
    tiers = [DiscountTier(model=k, min_units=n, discount=d) for k, n, d in DISCOUNT_TIERS]
    return Instance(
        network=Network(
            name=network.name,
            first_year=FIRST_YEAR,
            horizon_years=HORIZON,
            discount_rate=DISCOUNT_RATE,
        ),
        trusts=trusts,
        budgets=budgets,
        sites=sites,
        rooms=room_rows(england, sites),
        travel=TRAVEL,
        modalities=[
            Modality(
                id=m,
                name=name,
                max_travel_minutes=MAX_TRAVEL_MINUTES[m],
                max_age_years=MAX_AGE,
                default_age_profile=profile,
            )
            for m, name, profile in (
                ("CT", "Computed tomography", "ct-standard"),
                ("MRI", "Magnetic resonance imaging", "mri-15t"),
            )
        ],
        exam_types=exam_type_rows(),
        demand=demand_rows(england, sites),
        age_profiles=age_profile_rows(),
        catalogue=catalogue_rows(fleet),
        discount_tiers=tiers,
        assets=asset_rows(fleet),
        policy=Policy(travel_cost_per_minute=TRAVEL_COST_PER_MINUTE),
    )


# --------------------------------------------------------------------------- workforce years
# `generate --staffing` only: the staffing tables of the joint plan (`netopt solve joint`,
# models/joint.md), derived as the tutorial's are (instances/make_tutorial.py, "workforce
# years"). Without the flag the files are the capital instances above, byte for byte.

TUTORIAL = REPO / "instances/tutorial.yaml"
"""The roles, training pathways, staffing rules, report outsourcing prices and passport cost
are the tutorial's, read from its file (their provenance: instances/README.md, "Workforce over
the years"), so the two sets of instances cannot drift apart."""
SCANNING_VACANCY = 0.10
"""As the tutorial (SCoR workforce census 2020: about 10% of radiographer posts vacant): the
2027 scanning staff in post are 90% of the WTE the 2027 fleet's work needs."""
CONSULTANT_SHORTFALL = 0.30
"""As the tutorial (RCR census 2023: a 30% consultant shortfall): the 2027 consultants in post
report 70% of the 2027 exams demanded at their trust's sites."""
SCANNING_MIX: dict[str, dict[str, dict[str, float]]] = {
    "trust": {
        "CT": {"ct-radiographer": 0.74, "ct-assistant": 0.21, "ct-reporting-radiographer": 0.05},
        "MRI": {
            "mri-radiographer": 0.84,
            "mri-assistant": 0.11,
            "mri-reporting-radiographer": 0.05,
        },
    },
    "network": {
        "CT": {"ct-radiographer": 0.5, "ct-assistant": 0.5},
        "MRI": {"mri-radiographer": 0.5, "mri-assistant": 0.5},
    },
}
"""Shares of an employer's scanning WTE by role, per modality: the tutorial's 2027 mix (its
three trusts together; its CDC half radiographers, half assistants), rounded. The tutorial's
CT-and-MRI radiographers (1 WTE at one trust) are left at none: the role exists and may be
recruited. The CDC reports nothing (its exams go to the trusts' reporters), as the tutorial's."""


@dataclass(frozen=True)
class TutorialStaffing:
    """The tables the England instances take from the tutorial as they are."""

    roles: tuple[StaffRole, ...]
    pathways: tuple[TrainingPathway, ...]
    rules: tuple[StaffingRule, ...]
    report_prices: dict[str, float]
    onboarding_cost: float
    planning: StaffPlanning


def tutorial_staffing(path: Path = TUTORIAL) -> TutorialStaffing:
    """Read the tutorial's roles, pathways, staffing rules, report outsourcing prices, passport
    cost and passport settings. Its ``in_house_cost_staff_share`` is not taken: it describes
    the tutorial's in-house cost, and the England exam types have none (below)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    planning = StaffPlanning.model_validate(data["staff_planning"])
    return TutorialStaffing(
        roles=tuple(StaffRole.model_validate(r) for r in data["staff_roles"]),
        pathways=tuple(TrainingPathway.model_validate(p) for p in data["training_pathways"]),
        rules=tuple(StaffingRule.model_validate(r) for r in data["staffing_rules"]),
        report_prices={e["id"]: float(e["report_outsourcing_cost"]) for e in data["exam_types"]},
        onboarding_cost=float(data["workforce"]["onboarding_cost"]),
        planning=planning.model_copy(update={"in_house_cost_staff_share": 0.0}),
    )


def in_house_cost_staff_share(exam_types: Sequence[ExamType]) -> float:
    """The staff share of the exam types' in-house cost: the England exam types set none
    (their in-house cost is 0), so there is no staff pay in it to take out."""
    if any(e.in_house_cost for e in exam_types):
        raise ValueError("the England exam types have an in_house_cost: derive its staff share")
    return 0.0


def scanning_in_post(
    employer: str, units: Sequence[Scanner], tutorial: TutorialStaffing
) -> list[StaffInPost]:
    """2027 scanning WTE of one employer: for each modality, (1 - SCANNING_VACANCY) x staff per
    scanner x INITIAL_UTILISATION x the 2027 fleet's available hours / clinical hours per WTE
    (scanners are staffed for the hours they run; the 2027 fleet runs 90% of its available
    hours, the demand calibration), split by SCANNING_MIX, to 0.1 WTE."""
    staff_per = {r.modality: r.staff_per_scanner for r in tutorial.rules}
    hours = {r.id: r.clinical_hours for r in tutorial.roles}
    mix = SCANNING_MIX["network" if employer == NETWORK_OWNER else "trust"]
    rows = []
    for modality, shares in mix.items():
        run = INITIAL_UTILISATION * sum(
            available_hours(u, FIRST_YEAR) for u in units if u.modality == modality
        )
        needed = staff_per[modality] * run
        for role, share in shares.items():
            wte = round((1 - SCANNING_VACANCY) * share * needed / hours[role], 1)
            if wte > 0:
                rows.append(StaffInPost(employer=employer, role=role, wte=wte))
    return rows


def consultants_in_post(
    trust: MemberTrust, demand: Sequence[Demand], tutorial: TutorialStaffing
) -> list[StaffInPost]:
    """Consultant WTE of one trust: (1 - CONSULTANT_SHORTFALL) x the reporting hours of the
    2027 exams demanded at its sites (consultant report minutes) / a consultant WTE's reporting
    hours, to 0.1 WTE (as the tutorial; the CDC's exams are left to the trusts)."""
    sites = {s.code for s in (*trust.imaging, *trust.other)}
    minutes = {e.id: e.report_minutes for e in EXAMS}
    role = next(r for r in tutorial.roles if r.tier is Tier.CONSULTANT_RADIOLOGIST)
    hours = sum(d.exams * minutes[d.exam_type] / 60 for d in demand if d.site in sites)
    wte = round((1 - CONSULTANT_SHORTFALL) * hours / role.clinical_hours, 1)
    return [StaffInPost(employer=trust.code, role=role.id, wte=wte)] if wte > 0 else []


def staff_in_post_rows(
    england: England, network: NetworkSpec, demand: Sequence[Demand], tutorial: TutorialStaffing
) -> list[StaffInPost]:
    """The 2027 WTE in post of every trust of the network and of the network itself (its CDC),
    sorted by employer and role."""
    rows: list[StaffInPost] = []
    for trust in network.trusts:
        codes = {s.code for s in trust.imaging}
        units = [u for u in england.scanners if u.site in codes]
        rows += scanning_in_post(trust.code, units, tutorial)
        rows += consultants_in_post(trust, demand, tutorial)
    cdc = [u for u in england.scanners if u.site == network.cdc.id]
    rows += scanning_in_post(NETWORK_OWNER, cdc, tutorial)
    return sorted(rows, key=lambda r: (r.employer, r.role))


def with_staffing(
    instance: Instance, england: England, network: NetworkSpec, tutorial: TutorialStaffing
) -> Instance:
    """The capital instance with the joint plan's staffing tables: the tutorial's roles,
    pathways, staffing rules, report outsourcing prices and passport cost, the network's WTE in
    post, and no limit on reports outsourced (as the tutorial)."""
    exam_types = [
        e.model_copy(update={"report_outsourcing_cost": tutorial.report_prices[e.id]})
        for e in instance.exam_types
    ]
    planning = tutorial.planning.model_copy(
        update={"in_house_cost_staff_share": in_house_cost_staff_share(exam_types)}
    )
    return instance.model_copy(
        update={
            "exam_types": exam_types,
            "workforce": WorkforceSettings(onboarding_cost=tutorial.onboarding_cost),
            "staffing_rules": list(tutorial.rules),
            "staff_planning": planning,
            "staff_roles": list(tutorial.roles),
            "staff_in_post": staff_in_post_rows(england, network, instance.demand, tutorial),
            "training_pathways": list(tutorial.pathways),
        }
    )


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class NetworkRow:
    """One line of networks.csv."""

    network: str
    trusts: int
    sites: int
    imaging_sites: int
    ct: int
    mri: int
    file: str


def network_row(england: England, network: NetworkSpec, file: str) -> NetworkRow:
    """Counts for the index: imaging sites are those with scanners, the CDC included."""
    sites = site_rows(network)
    ids = {s.id for s in sites}
    fleet = [u for u in england.scanners if u.site in ids]
    return NetworkRow(
        network=network.id,
        trusts=len(network.trusts),
        sites=len(sites),
        imaging_sites=len({u.site for u in fleet}),
        ct=sum(1 for u in fleet if u.modality == "CT"),
        mri=sum(1 for u in fleet if u.modality == "MRI"),
        file=file,
    )


def old_share(fleet: Sequence[Scanner], modality: str) -> float:
    """Share of a modality's units aged 10+ in the first plan year."""
    mine = [u for u in fleet if u.modality == modality]
    return sum(1 for u in mine if FIRST_YEAR - u.install_year >= 10) / len(mine)


def utilisation(england: England, network: NetworkSpec, modality: str) -> float:
    """2027 demand hours / available hours of the network's existing fleet."""
    ids = {s.id for s in site_rows(network)}
    hours = sum(
        available_hours(u, FIRST_YEAR)
        for u in england.scanners
        if u.site in ids and u.modality == modality
    )
    demand = sum(h for (s, m), h in england.demand_hours.items() if s in ids and m == modality)
    return demand / hours


def room_headroom(england: England, network: NetworkSpec, modality: str) -> float:
    """The network's room headroom (headroom)."""
    ids = {s.id for s in site_rows(network)}
    return headroom(england.rooms, england.demand_hours, ids, modality)


def calibration_checks(england: England) -> list[tuple[str, str, str, bool]]:
    """National figures next to their targets: (figure, target, achieved, met)."""
    fleet = england.scanners
    n = {m: sum(1 for u in fleet if u.modality == m) for m in ("CT", "MRI")}
    cardiac = sum(1 for u in fleet if u.kind == "ctc") / n["CT"]
    imaging = len({u.site for u in fleet})
    max_age = max(FIRST_YEAR - u.install_year for u in fleet)
    out = [
        (
            "imaging networks",
            "about 20 (24 -> 18)",
            str(len(england.networks)),
            18 <= len(england.networks) <= 24,
        ),
        (
            "imaging sites (CDCs incl.)",
            f"about {TARGET_IMAGING_SITES}",
            str(imaging),
            abs(imaging / TARGET_IMAGING_SITES - 1) <= 0.10,
        ),
    ]
    for m in ("CT", "MRI"):
        out.append(
            (
                f"{m} scanners",
                f"{NATIONAL_FLEET[m]} +-5%",
                str(n[m]),
                abs(n[m] / NATIONAL_FLEET[m] - 1) <= 0.05,
            )
        )
    for m in ("CT", "MRI"):
        share = old_share(fleet, m)
        out.append(
            (
                f"{m} aged 10+ in {FIRST_YEAR}",
                f">= {OLD_SHARE_MIN[m]:.0%}",
                f"{share:.1%}",
                share >= OLD_SHARE_MIN[m],
            )
        )
    out.append(("max age in 2027", f"< {MAX_AGE}", str(max_age), max_age < MAX_AGE))
    out.append(
        (
            "cardiac-capable CT",
            "about 50%",
            f"{cardiac:.1%}",
            abs(cardiac - CARDIAC_CT_SHARE) <= 0.02,
        )
    )
    for m in ("CT", "MRI"):
        util = [utilisation(england, net, m) for net in england.networks]
        out.append(
            (
                f"{m} utilisation 2027 (networks)",
                f"{INITIAL_UTILISATION:.0%} (high, < 100%)",
                f"{min(util):.1%}-{max(util):.1%}",
                max(util) < 1.0,
            )
        )
    for m in ("CT", "MRI"):
        exams = sum(
            h * 60 / mean_scan_minutes(m) for (_, mm), h in england.demand_hours.items() if mm == m
        )
        annual = 12 * MONTHLY_ACTIVITY[m]
        out.append(
            (
                f"{m} exams 2027 vs national (Aug 2024 x 12 = {annual:,})",
                "scaled to the fleet",
                f"{exams:,.0f} ({exams / annual:.2f}x)",
                True,
            )
        )
    return out


def exams_2027(england: England, ids: set[str], modality: str) -> float:
    """2027 exams demanded at sites ``ids`` (before rounding to 10)."""
    hours = sum(h for (s, m), h in england.demand_hours.items() if s in ids and m == modality)
    return hours * 60 / mean_scan_minutes(modality)


def print_networks(england: England, rows: Sequence[NetworkRow]) -> None:
    """One line per written network: size, age, demand, utilisation and room headroom."""
    print(
        f"{'network':7} {'trusts':>6} {'sites':>5} {'imaging':>7} {'CT':>4} {'MRI':>4} "
        f"{'CT10+':>6} {'MRI10+':>6} {'CT exams':>9} {'MRI exams':>9} {'CT use':>6} {'MRI use':>7} "
        f"{'rooms CT':>8} {'MRI':>4}  name"
    )
    by_id = {n.id: n for n in england.networks}
    for r in rows:
        n = by_id[r.network]
        ids = {s.id for s in site_rows(n)}
        fleet = [u for u in england.scanners if u.site in ids]
        print(
            f"{r.network:7} {r.trusts:6} {r.sites:5} {r.imaging_sites:7} {r.ct:4} {r.mri:4} "
            f"{old_share(fleet, 'CT'):6.0%} {old_share(fleet, 'MRI'):6.0%} "
            f"{exams_2027(england, ids, 'CT'):9,.0f} {exams_2027(england, ids, 'MRI'):9,.0f} "
            f"{utilisation(england, n, 'CT'):6.0%} {utilisation(england, n, 'MRI'):7.0%} "
            f"{room_headroom(england, n, 'CT'):8.2f} {room_headroom(england, n, 'MRI'):4.2f}  {n.name}"
        )
    print(
        f"written: {len(rows)} networks, {sum(r.trusts for r in rows)} trusts, "
        f"{sum(r.sites for r in rows)} sites, {sum(r.imaging_sites for r in rows)} imaging sites, "
        f"{sum(r.ct for r in rows)} CT, {sum(r.mri for r in rows)} MRI "
        "(10+: share aged 10+ in 2027; exams: 2027 demand; use: 2027 utilisation of the existing "
        "fleet; rooms: headroom at the horizon end)"
    )


def print_summary(england: England, rows: Sequence[NetworkRow]) -> bool:
    """Print the written networks and the national calibration; True when every check holds."""
    print_networks(england, rows)
    print("\nNational calibration (England, this seed):")
    checks = calibration_checks(england)
    width = max(len(c[0]) for c in checks)
    for figure, target, got, ok in checks:
        print(f"  {figure:{width}}  target {target:26} got {got:22} {'ok' if ok else 'MISSED'}")
    return all(c[3] for c in checks)


# --------------------------------------------------------------------------- commands


def generate(scale: str, seed: int, out: Path, staffing: bool = False) -> bool:
    """Write the chosen networks and networks.csv into ``out``; True when calibration holds.
    With ``staffing`` each file also has the joint plan's staffing tables (with_staffing)."""
    england = generate_england(seed)
    tutorial = tutorial_staffing() if staffing else None
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    staffed = []
    for network in select_networks(england.networks, scale):
        file = f"{network.id}.yaml"
        instance = build_instance(england, network)
        if tutorial is not None:
            instance = with_staffing(instance, england, network, tutorial)
            staffed.append((network.id, instance))
        save_instance(instance, out / file)
        rows.append(network_row(england, network, file))
    write_index(rows, out / "networks.csv")
    ok = print_summary(england, rows)
    if staffed:
        print_staffing(staffed)
    return ok


def print_staffing(staffed: Sequence[tuple[str, Instance]]) -> None:
    """One line per written network: 2027 WTE in post by staff group."""
    groups = (
        ("radiographers", Tier.RADIOGRAPHER),
        ("assistants", Tier.ASSISTANT_PRACTITIONER),
        ("reporting rad.", Tier.ADVANCED_PRACTITIONER),
        ("consultants", Tier.CONSULTANT_RADIOLOGIST),
    )
    print("\nStaff in post in 2027 (WTE; --staffing):")
    print(f"  {'network':7} {'employers':>9} " + " ".join(f"{g:>14}" for g, _ in groups))
    for network_id, inst in staffed:
        tier = {r.id: r.tier for r in inst.staff_roles}
        wte = {t: sum(r.wte for r in inst.staff_in_post if tier[r.role] is t) for _, t in groups}
        employers = len({r.employer for r in inst.staff_in_post})
        print(f"  {network_id:7} {employers:9} " + " ".join(f"{wte[t]:14.1f}" for _, t in groups))


def write_index(rows: Sequence[NetworkRow], path: Path) -> None:
    """networks.csv: one line per written network."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["network", "trusts", "sites", "imaging_sites", "ct", "mri", "file"])
        for r in rows:
            writer.writerow([r.network, r.trusts, r.sites, r.imaging_sites, r.ct, r.mri, r.file])


def validate(folder: Path) -> bool:
    """Load every file listed in ``folder/networks.csv`` with netopt; True if all load."""
    ok = True
    with (folder / "networks.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                instance = netopt.load_instance(folder / row["file"])
            except Exception as error:  # report every bad file, then fail
                print(f"{row['file']}: {error}")
                ok = False
                continue
            print(
                f"{row['file']}: ok ({len(instance.sites)} sites, {len(instance.assets)} scanners)"
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write network instances and networks.csv")
    gen.add_argument("--scale", choices=("network", "five", "england"), default="network")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument(
        "--staffing",
        action="store_true",
        help="add the joint plan's staffing tables (roles, WTE in post, training pathways)",
    )
    check = commands.add_parser("validate", help="load every instance of a generated folder")
    check.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        return 0 if generate(args.scale, args.seed, args.out, args.staffing) else 1
    return 0 if validate(args.folder) else 1


if __name__ == "__main__":
    sys.exit(main())
