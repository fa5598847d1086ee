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
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
NETWORK = "network"  # owner id of network-owned sites (the CDC)
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
    ("RVV", "East Kent Hospitals University NHS Foundation Trust", 3_400_000, True, 45),
    ("RWF", "Maidstone and Tunbridge Wells NHS Trust", 2_400_000, False, 33),
    ("RPA", "Medway NHS Foundation Trust", 1_800_000, False, 22),
]
BUDGETS = [
    # trust, year, capital budget: the tight years (assumption; see README)
    ("RVV", 2027, 2_800_000),
    ("RVV", 2028, 2_800_000),
    ("RWF", 2029, 1_100_000),
    ("RWF", 2030, 1_100_000),
    ("RPA", 2027, 1_400_000),
    ("RPA", 2031, 1_100_000),
]

# Coordinates copied from instances/data/nhs_hospital_sites.csv (NHS website Hospital
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
BOOKABLE = 0.85
"""Assumption: a plan books at most 85% of a scanner's available hours (headroom for
emergencies, overruns and variation; the 85% long used as the planning occupancy of NHS beds,
Bagust et al., BMJ 1999, taken here by analogy)."""
INSTALLATION_WEEKS = {"CT": 6, "MRI": 14}
"""Weeks out of service in a new scanner's first year. MRI: Cromer Hospital's MRI was craned out
on 14 Nov 2020 and the new one scanned from 22 Feb 2021, 14 weeks (NNUH press release, Jan
2021). CT: assumption (no magnet, shielding or quench pipe)."""
INSTALLATION_WORKS_2027 = {"CT": 120_000, "MRI": 350_000}
"""Assumption: enabling works to install a scanner in a room (removal, room works, shielding,
power, cooling), 2027 GBP; about 17% and 23% of the standard models' prices. A new room's cost
is the Hansard build-inclusive remainder less these works (so a scanner in a new room costs what
it did before the works were split out)."""

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

IN_HOUSE_COST = {
    "CT-head": 20,
    "CT-chest": 35,
    "CT-abdo-pelvis": 40,
    "CT-cardiac": 60,
    "MRI-brain": 40,
    "MRI-spine": 40,
    "MRI-MSK": 33,
    "MRI-body": 75,
}
"""Estimate: staff time and consumables of one exam scanned in-house (2027 GBP). Staff: Agenda
for Change 2024/25 scales (band 6 radiographer midpoint about GBP 41k, band 3 assistant about
GBP 25k) plus about 35% employer on-costs over about 1,650 productive hours: about GBP 34 and
21 an hour, so GBP 55 a CT scanner hour (a radiographer and an assistant) and GBP 68 an MRI
hour (two radiographers), times the scan minutes; plus consumables and contrast (assumption,
GBP 5-30 an exam, most for contrast studies)."""

# National activity per scanner (HSJ Aug 2024 monthly activity x 12 / NHS England fleet 2023).
EXAMS_PER_SCANNER = {"CT": 723_243 * 12 / 675, "MRI": 398_199 * 12 / 587}
TARGET_UTILISATION = 0.92
"""Assumption: the 2027 fleet's bookable hours (available hours x the 85% ceiling, BOOKABLE)
are 92% used (the network starts roughly balanced); the national per-scanner activity is scaled
by one factor per modality to hit it."""
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
THROUGHPUT = {"mri-3t": 1.2}
"""Assumption: a 3T MRI scans 20% more exams an hour than a 1.5T (its extra signal traded for
shorter sequences); the existing 3T units scan as fast."""
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


# --------------------------------------------------------------------------- workforce (2027)
# The workforce plan is a typical week of 2027. Every figure is a published one or a named
# assumption; instances/README.md ("Workforce") gives the reason for each.

WORKFORCE_YEAR = FIRST_YEAR
WEEKS_PER_YEAR = 52.0
"""Assumption: the service runs every week of the year (scanners are planned for 52 weeks in
the capital model too), so annual demand / 52 is the weekly demand and weekly costs x 52 are
annual costs. Staff leave is taken out of each person's sessions instead (see FT_SESSIONS)."""
ONBOARDING_COST = 1_500  # GBP per person per site: induction, IT/PACS accounts, honorary contract
MAX_TRAVEL_BETWEEN_SESSIONS = 45  # minutes: a lunch-hour trip at most (assumption)
STAFF_TRAVEL_COST_PER_MINUTE = 0.75  # GBP/min: band-6 time with on-costs + HMRC mileage
TURNAROUND_DAYS = 28  # national standard: every exam reported within 4 weeks (Aug 2023)
BACKLOG_COST = 10_000  # GBP per exam reported late: a penalty (schema default), not a price

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS = DAYS[:5]
SESSION_MINUTES = 240  # a programmed activity is 4 hours
TEMPLATE = [("am", "08:00"), ("pm", "13:00"), ("eve", "17:00")]
"""Every day: am 08:00-12:00, pm 13:00-17:00, eve 17:00-21:00, so a CDC can run 12 h x 7
days (CDC guidance) and a hospital its weekday lists plus evening and weekend lists."""

EXTENDED_CT_SITES = {"RVV01": "RVV", "RWF03": "RWF", "RPA02": "RPA"}
"""Assumption: the main site of each trust runs one CT scanner on an evening list Mon-Fri and on
Saturday am and pm (the brief's "one evening/weekend list for CT at the big sites")."""

STAFFING_RULES = [("CT", 2, 1), ("MRI", 2, 1)]
"""Assumption: two staff per running CT or MRI scanner, at most one an assistant practitioner
(four-tier skill mix: an assistant scans under a practitioner's supervision)."""

FT_SESSIONS = 8
"""Radiographers, assistant and advanced practitioners full time: 37.5 h = 9.4 four-hour
sessions a week, less 7 weeks of annual leave and bank holidays and 1 week of training and
sickness (44 of 52 weeks): 9.4 x 44/52 = 7.9, rounded to 8 sessions in an average week."""
PT_SESSIONS = 5  # part time (0.6 whole-time equivalent), net of leave
CONSULTANT_FT_SESSIONS = 5
"""Consultants full time: 10 programmed activities (7.5 direct clinical care), less about 10
weeks of annual, study and bank-holiday leave (42 of 52 weeks): about 6 clinical sessions in an
average week, of which 5 are CT and MRI reporting (assumption; the rest is ultrasound,
intervention, MDT meetings and plain film, which this instance does not model)."""
CONSULTANT_PT_SESSIONS = 3  # part time (about 0.6 WTE), net of leave
MAX_EXTRA_SESSIONS = 2  # insourcing: extra sessions per person per week (assumption, brief)
EXTRA_SESSION_COST = {
    # GBP per extra 4-hour session (assumptions, see README)
    "assistant_practitioner": 150,  # band 4 at time and a half with on-costs, about GBP 35/h
    "radiographer": 250,  # band 6 at time and a half or bank/insourcing rate, about GBP 60/h
    "advanced_practitioner": 300,  # band 7, about GBP 75/h
    "consultant_radiologist": 750,  # waiting-list-initiative session, inside GBP 600-900
}
APR_SLOWDOWN = 1.3
"""Assumption: reporting (advanced) practitioners take 1.3 x a consultant's minutes per report
on the exam types they report."""

ROLES: dict[str, tuple[str, list[str], list[str] | str, str]] = {
    # role: (tier, scans, exam types reported (advanced practitioners only), description)
    "ct-rad": ("radiographer", ["CT"], [], "CT radiographers"),
    "mri-rad": ("radiographer", ["MRI"], [], "MRI radiographers"),
    "ctmri-rad": ("radiographer", ["CT", "MRI"], [], "CT and MRI radiographers"),
    "ct-ap": ("assistant_practitioner", ["CT"], [], "CT assistant practitioners"),
    "mri-ap": ("assistant_practitioner", ["MRI"], [], "MRI assistant practitioners"),
    "ct-apr": (
        "advanced_practitioner",
        ["CT"],
        ["CT-head"],
        "CT advanced practitioner (reports CT head)",
    ),
    "mri-apr": (
        "advanced_practitioner",
        ["MRI"],
        ["MRI-MSK", "MRI-spine"],
        "MRI advanced practitioner (reports MRI MSK and spine)",
    ),
    "cons": ("consultant_radiologist", [], "all", "Consultant radiologists"),
}

# site, role, count, sessions per person, id suffix, options (home_reporting, passports).
# Sized from the check arithmetic (make_tutorial.py --check): East Kent (RVV) about balanced,
# Maidstone and Tunbridge Wells (RWF) with slack, Medway (RPA) short of radiographers and of
# reporters (about the national 30% consultant shortfall), the CDC staffed for 12 h x 7 days.
F, P, C, CP = FT_SESSIONS, PT_SESSIONS, CONSULTANT_FT_SESSIONS, CONSULTANT_PT_SESSIONS
STAFF: list[tuple[str, str, int, int, str, dict[str, Any]]] = [
    # East Kent: William Harvey (Ashford)
    ("RVV01", "ct-rad", 7, F, "", {}),
    ("RVV01", "ct-ap", 2, F, "", {}),
    ("RVV01", "ct-apr", 1, F, "", {}),
    ("RVV01", "mri-rad", 4, F, "", {}),
    ("RVV01", "mri-rad", 2, P, "-pt", {}),
    ("RVV01", "cons", 10, C, "", {}),
    ("RVV01", "cons", 2, CP, "-pt", {}),
    # East Kent: QEQM (Margate); its consultants already cover Kent and Canterbury
    ("RVV09", "ct-rad", 4, F, "", {}),
    ("RVV09", "ct-ap", 1, F, "", {}),
    ("RVV09", "ctmri-rad", 1, F, "", {}),
    ("RVV09", "mri-rad", 2, F, "", {}),
    ("RVV09", "cons", 6, C, "", {"passports": ["RVVKC"]}),
    # East Kent: Kent and Canterbury
    ("RVVKC", "ct-rad", 4, F, "", {}),
    ("RVVKC", "ct-ap", 1, F, "", {}),
    ("RVVKC", "mri-rad", 4, F, "", {}),
    ("RVVKC", "mri-ap", 1, F, "", {}),
    ("RVVKC", "mri-apr", 1, F, "", {}),
    ("RVVKC", "cons", 12, C, "", {}),
    ("RVVKC", "cons", 2, CP, "-pt", {}),
    # Maidstone: slack in radiographers and reporters; MRI staff also work at Tunbridge Wells
    ("RWF03", "ct-rad", 6, F, "", {}),
    ("RWF03", "ct-ap", 2, F, "", {}),
    ("RWF03", "ct-apr", 1, F, "", {}),
    ("RWF03", "mri-rad", 5, F, "", {"passports": ["RWFTW"]}),
    ("RWF03", "mri-ap", 1, F, "", {}),
    ("RWF03", "cons", 11, C, "", {}),
    ("RWF03", "cons", 2, CP, "-pt", {}),
    # Tunbridge Wells at Pembury
    ("RWFTW", "ct-rad", 5, F, "", {}),
    ("RWFTW", "ct-ap", 1, F, "", {}),
    ("RWFTW", "mri-rad", 3, F, "", {}),
    ("RWFTW", "mri-apr", 1, F, "", {}),
    ("RWFTW", "cons", 9, C, "", {}),
    # Medway: short; two part-time consultants report from home (a retention measure)
    ("RPA02", "ct-rad", 5, F, "", {}),
    ("RPA02", "ct-ap", 2, F, "", {}),
    ("RPA02", "ct-apr", 1, F, "", {}),
    ("RPA02", "mri-rad", 3, F, "", {}),
    ("RPA02", "mri-rad", 1, P, "-pt", {}),
    ("RPA02", "mri-ap", 1, F, "", {}),
    ("RPA02", "cons", 6, C, "", {}),
    ("RPA02", "cons", 2, CP, "-home", {"home_reporting": True}),
    # Swale CDC (network-owned): 12 h x 7 days, one CT and one MRI; reports go to the acutes
    ("CDC-SWALE", "ct-rad", 3, F, "", {}),
    ("CDC-SWALE", "ct-ap", 3, F, "", {}),
    ("CDC-SWALE", "mri-rad", 3, F, "", {}),
    ("CDC-SWALE", "mri-ap", 3, F, "", {}),
]
del F, P, C, CP

TRANSFER_LINKS = [
    # origin, destination, studies per day each way (None: no limit)
    # within a trust: one PACS, no limit
    ("RVV01", "RVV09", None),
    ("RVV01", "RVVKC", None),
    ("RVV01", "RVV02", None),
    ("RVV09", "RVVKC", None),
    ("RVVKC", "RVV02", None),
    ("RWF03", "RWFTW", None),
    # between trusts: image exchange pushed study by study until the shared platform is live
    ("RPA02", "RWF03", 10),
    ("RWF03", "RVV01", 10),
    # the network's CDC: linked to its two nearest reporting hubs
    ("CDC-SWALE", "RPA02", 60),
    ("CDC-SWALE", "RVVKC", 30),
]
"""Assumption: links within a trust are unlimited (one PACS); between trusts, 10 studies a day
each way (manual image exchange before the network platform; the tight links); the CDC sends its
studies (about 50 a day) to Medway (60 a day) and Kent and Canterbury (30 a day)."""

REPORT_OUTSOURCING_COST = {
    # GBP per report (assumption: routine teleradiology prices; see README)
    "CT-head": 60,
    "CT-chest": 70,
    "CT-abdo-pelvis": 80,
    "CT-cardiac": 120,
    "MRI-brain": 70,
    "MRI-spine": 70,
    "MRI-MSK": 65,
    "MRI-body": 90,
}


# --------------------------------------------------------------------------- workforce years
# The joint plan (`netopt solve joint`, models/joint.md) plans the workforce year by year in
# whole-time equivalents (WTE). Every figure is a published one or a named assumption;
# instances/README.md ("Workforce over the years") gives the reason for each.

CLINICAL_HOURS = 1_650
"""Assumption, as IN_HOUSE_COST: a radiographer's or assistant's WTE gives about 1,650 hours of
clinical work a year (37.5 h x 44 weeks)."""
CONSULTANT_REPORTING_HOURS = CONSULTANT_FT_SESSIONS * 4 * 42
"""A consultant WTE's CT and MRI reporting hours a year: 5 four-hour sessions x 42 weeks (see
CONSULTANT_FT_SESSIONS). The consultant role of the joint plan is that part of the job plan."""
ON_COSTS = 1.35  # employer on-costs, as IN_HOUSE_COST
SALARY = {
    # Annual employment cost per WTE (2027 GBP): Agenda for Change 2024/25 band midpoints x
    # on-costs (band 4 assistant practitioner about GBP 29k, band 6 radiographer about GBP 41k,
    # band 7 reporting radiographer about GBP 50k); consultant (2003 contract, 2024/25 scale
    # GBP 105,504-139,882, midpoint about GBP 122k) x on-costs x the reporting share of the job
    # plan (5 of 10 programmed activities).
    "assistant_practitioner": round(29_000 * ON_COSTS, -3),
    "radiographer": round(41_000 * ON_COSTS, -3),
    "advanced_practitioner": round(50_000 * ON_COSTS, -3),
    "consultant_radiologist": round(122_000 * ON_COSTS * 0.5, -3),
}
ATTRITION = {
    # Leavers a year, retirement included (assumptions: about the NHS leaver rate for
    # allied health professionals; consultants retire later but the RCR census reports a
    # retirement wave)
    "assistant_practitioner": 0.12,
    "radiographer": 0.09,
    "advanced_practitioner": 0.06,
    "consultant_radiologist": 0.05,
}
HIRE_COST = {  # GBP per WTE: advertising, interviews, induction (assumptions)
    "assistant_practitioner": 3_000,
    "radiographer": 5_000,
    "advanced_practitioner": 8_000,
    "consultant_radiologist": 25_000,  # international recruitment, relocation
}
MAX_HIRES = {
    # WTE an employer can recruit a year (assumption: the labour market; SCoR: about 10% of
    # radiographer posts vacant; RCR: 30% consultant shortfall; reporting radiographers are
    # grown, hardly ever found)
    "assistant_practitioner": 3.0,
    "radiographer": 3.0,
    "advanced_practitioner": 0.0,
    "consultant_radiologist": 1.0,
}
HIRE_LEAD = {"consultant_radiologist": 1}  # years: international recruitment (assumption)
AGENCY_HOUR_COST = {
    # GBP an hour (assumptions): agency radiographers and assistants at about the insourcing
    # rates of EXTRA_SESSION_COST plus agency fees; consultant locums
    "assistant_practitioner": 45,
    "radiographer": 75,
    "consultant_radiologist": 150,
}
MAX_AGENCY_HOURS = {"consultant_radiologist": CONSULTANT_REPORTING_HOURS}
"""Assumption: an employer finds at most one WTE of locum consultant reporting a year
(locum radiologists are as scarce as the consultants they stand in for); agency
radiographers and assistants as needed."""
RADIOGRAPHER_VACANCY = 0.10
"""SCoR workforce census (England, 2020): about 10% of radiographer posts vacant. The 2027
scanning staff in post are 90% of the WTE the 2027 fleet's work needs."""
CONSULTANT_SHORTFALL = 0.30
"""RCR census 2023: a 30% consultant shortfall. The 2027 consultants in post report 70% of the
network's 2027 exams (less what the reporting radiographers report); the rest is outsourced,
as today."""

STAFF_ROLES: dict[str, tuple[str, str, list[str], list[str]]] = {
    # role id: (weekly ROLES key, description, scans, reports)
    "ct-radiographer": ("ct-rad", "CT radiographer", ["CT"], []),
    "mri-radiographer": ("mri-rad", "MRI radiographer", ["MRI"], []),
    "ctmri-radiographer": ("ctmri-rad", "CT and MRI radiographer", ["CT", "MRI"], []),
    "ct-assistant": ("ct-ap", "CT assistant practitioner", ["CT"], []),
    "mri-assistant": ("mri-ap", "MRI assistant practitioner", ["MRI"], []),
    "ct-reporting-radiographer": (
        "ct-apr",
        "CT reporting radiographer (reports CT head)",
        ["CT"],
        ["CT-head"],
    ),
    "mri-reporting-radiographer": (
        "mri-apr",
        "MRI reporting radiographer (reports MRI MSK and spine)",
        ["MRI"],
        ["MRI-MSK", "MRI-spine"],
    ),
    "consultant-radiologist": ("cons", "Consultant radiologist (CT and MRI reporting)", [], []),
}

TRAINING = [
    # id, name, from role, to role, years, cost a year, study share, supervision hours a
    # year, supervisor, completion rate, starts a year per employer (assumptions, README)
    (
        "ct-head-reporting",
        "PgCert CT head reporting",
        "ct-radiographer",
        "ct-reporting-radiographer",
        1,
        6_000,
        0.2,
        80,
        "consultant-radiologist",
        0.9,
        2,
    ),
    (
        "mri-msk-reporting",
        "PgCert MRI MSK and spine reporting",
        "mri-radiographer",
        "mri-reporting-radiographer",
        2,
        6_000,
        0.2,
        80,
        "consultant-radiologist",
        0.9,
        2,
    ),
    (
        "ct-assistant-apprenticeship",
        "Assistant practitioner apprenticeship (CT)",
        None,
        "ct-assistant",
        2,
        34_000,
        0.0,
        100,
        "ct-radiographer",
        0.85,
        2,
    ),
    (
        "mri-assistant-apprenticeship",
        "Assistant practitioner apprenticeship (MRI)",
        None,
        "mri-assistant",
        2,
        34_000,
        0.0,
        100,
        "mri-radiographer",
        0.85,
        2,
    ),
    (
        "ct-degree-apprenticeship",
        "Radiography degree apprenticeship (CT)",
        "ct-assistant",
        "ct-radiographer",
        3,
        10_000,
        0.4,
        60,
        "ct-radiographer",
        0.85,
        1,
    ),
]


NOT_HIRED = {"ctmri-radiographer"}
"""Cross-trained CT and MRI radiographers are grown from the network's own staff, not hired
(assumption): otherwise the plan would hire only them, at a single-modality radiographer's
salary, for their flexibility."""


def staff_roles() -> list[dict]:
    minutes_factor = {"advanced_practitioner": APR_SLOWDOWN}
    out = []
    for role, (weekly, name, scans, reports) in STAFF_ROLES.items():
        tier = ROLES[weekly][0]
        row: dict[str, Any] = {"id": role, "name": name, "tier": tier}
        if scans:
            row["scans"] = scans
        row["reports"] = reports if tier != "consultant_radiologist" else [e[0] for e in EXAM_TYPES]
        if not row["reports"]:
            del row["reports"]
        row["clinical_hours"] = (
            CONSULTANT_REPORTING_HOURS if tier == "consultant_radiologist" else CLINICAL_HOURS
        )
        if tier in minutes_factor:
            row["report_minutes_factor"] = minutes_factor[tier]
        row |= {
            "salary": SALARY[tier],
            "attrition": ATTRITION[tier],
            "hire_cost": HIRE_COST[tier],
            "hire_lead_years": HIRE_LEAD.get(tier, 0),
            "max_hires_per_year": 0.0 if role in NOT_HIRED else MAX_HIRES[tier],
        }
        if tier in AGENCY_HOUR_COST:
            row["agency_hour_cost"] = AGENCY_HOUR_COST[tier]
        if tier in MAX_AGENCY_HOURS:
            row["max_agency_hours_per_year"] = MAX_AGENCY_HOURS[tier]
        out.append(row)
    return out


def weekly_wte() -> dict[tuple[str, str], float]:
    """(employer, role) -> WTE of the weekly staff table (sessions / full-time sessions)."""
    owner = {s[0]: s[2] for s in SITES}
    role_of = {weekly: role for role, (weekly, *_) in STAFF_ROLES.items()}
    out: dict[tuple[str, str], float] = {}
    for site, weekly, count, sessions, _, _ in STAFF:
        full = CONSULTANT_FT_SESSIONS if weekly == "cons" else FT_SESSIONS
        key = (owner[site], role_of[weekly])
        out[key] = out.get(key, 0.0) + count * sessions / full
    return out


def staff_in_post(fleet: list[dict]) -> list[dict]:
    """2027 WTE by employer and role: the weekly staff table's mix, scaled so that scanning
    staff are 90% of what the 2027 fleet's work needs (RADIOGRAPHER_VACANCY) and consultants
    report 70% of the exams the reporting radiographers do not (CONSULTANT_SHORTFALL)."""
    owner = {s[0]: s[2] for s in SITES}
    staff_per = {m: q for m, q, _ in STAFFING_RULES}
    wte = weekly_wte()
    employers = sorted({e for e, _ in wte})
    rows = []
    for employer in employers:
        sites = [s for s, o in owner.items() if o == employer]
        for modality in ("CT", "MRI"):
            exam_hours = sum(
                available_hours([a for a in fleet if a["site"] == s], FIRST_YEAR, modality)
                for s in sites
            )
            # staffed hours = exam hours / ceiling = TARGET_UTILISATION x available hours
            needed = staff_per[modality] * TARGET_UTILISATION * exam_hours / CLINICAL_HOURS
            scanners = [r for r, (_, _, scans, _) in STAFF_ROLES.items() if scans == [modality]]
            fixed = sum(
                wte.get((employer, r), 0.0) / 2
                for r, (_, _, scans, _) in STAFF_ROLES.items()
                if len(scans) == 2
            )
            have = sum(wte.get((employer, r), 0.0) for r in scanners)
            scale = ((1 - RADIOGRAPHER_VACANCY) * needed - fixed) / have if have else 0.0
            for r in scanners:
                if wte.get((employer, r)):
                    w = wte[(employer, r)]
                    keep = "reporting" in r  # reporting radiographers: as the weekly table
                    rows.append(
                        {"employer": employer, "role": r, "wte": round(w if keep else w * scale, 1)}
                    )
        for r, (_, _, scans, _) in STAFF_ROLES.items():
            if len(scans) == 2 and wte.get((employer, r)):
                rows.append({"employer": employer, "role": r, "wte": round(wte[(employer, r)], 1)})
    return sorted(rows, key=lambda r: (r["employer"], r["role"]))


def consultants_in_post(instance: dict) -> list[dict]:
    """Consultant WTE by trust: 70% of the reporting hours of the 2027 exams scanned at the
    trust's sites (its demand), less what its reporting radiographers report."""
    owner = {s[0]: s[2] for s in SITES}
    minutes = {e[0]: e[4] for e in EXAM_TYPES}
    hours: dict[str, float] = {}
    for d in instance["demand"]:
        trust = owner[d["site"]]
        hours[trust] = hours.get(trust, 0.0) + d["exams"] * minutes[d["exam_type"]] / 60
    rows = []
    for trust, h in sorted(hours.items()):
        if trust == NETWORK:
            continue  # the CDC's exams are reported by the trusts' consultants
        wte = (1 - CONSULTANT_SHORTFALL) * h / CONSULTANT_REPORTING_HOURS
        rows.append({"employer": trust, "role": "consultant-radiologist", "wte": round(wte, 1)})
    return rows


def in_house_staff_share() -> float:
    """The share of IN_HOUSE_COST that is staff pay (GBP 55 a CT hour, 68 an MRI hour, times
    the scan minutes), weighted by the exam types' case mix: the joint plan pays staff their
    salaries instead."""
    hourly = {"CT": 55, "MRI": 68}
    staff = total = 0.0
    for e in EXAM_TYPES:
        weight = EXAMS_PER_SCANNER[e[2]] * e[6]
        staff += weight * hourly[e[2]] * e[3] / 60
        total += weight * IN_HOUSE_COST[e[0]]
    return round(staff / total, 2)


def training_pathways() -> list[dict]:
    keys = (
        "id",
        "name",
        "from_role",
        "to_role",
        "years",
        "cost_per_year",
        "study_share",
        "supervision_hours",
        "supervisor_role",
        "completion_rate",
        "max_starts_per_year",
    )
    return [{k: v for k, v in zip(keys, row, strict=True) if v is not None} for row in TRAINING]


def staff_planning() -> dict:
    return {
        "in_house_cost_staff_share": in_house_staff_share(),
        "remote_reporting_passport": "not_required",
        "cross_employer_passports": True,
    }


# --------------------------------------------------------------------------- derived figures


def model_price(model: tuple) -> int:
    return gbp(model[3] * uplift(HANSARD_YEAR))


def new_room_cost(modality: str, cheapest_2004: int) -> int:
    """A new room: top of the Hansard build-inclusive range minus the scanner, uplifted, less
    the works to install its scanner (paid with each purchase)."""
    whole = gbp((HANSARD_TOP[modality] - cheapest_2004) * uplift(HANSARD_YEAR))
    return whole - INSTALLATION_WORKS_2027[modality]


OWNERS = {"RWF03-CT2": "network"}
"""Assumption: Maidstone's 2020 cardiac CT was bought with national money the network holds (an
asset owned by the network at a trust's site): its maintenance and resale are shared by
capital share."""

PROFILE = "scanner"
"""The one age profile every scanner uses: money as fractions of its purchase price."""


def age_profiles() -> list[dict]:
    return [
        {
            "profile": PROFILE,
            "age": age,
            "maintenance_fraction": MAINTENANCE[age],
            "resale_fraction": RESALE[age],
            "downtime_fraction": DOWNTIME[age],
        }
        for age in range(LIFETIME + 1)
    ]


def kind_price(profile: str) -> int:
    """Assumption: an existing scanner cost what its like-for-like replacement costs today (in
    real terms): the catalogue model of the same kind (``profile``: the kind's model id)."""
    return next(model_price(m) for m in CATALOGUE if m[6] == profile)


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
                "age_profile": PROFILE,
                "purchase_price": kind_price(profile),
            }
            if len(unit) > 3:
                row["condition_downtime_fraction"] = unit[3]
            if profile in THROUGHPUT:
                row["throughput_factor"] = THROUGHPUT[profile]
            if row["id"] in OWNERS:
                row["owner"] = OWNERS[str(row["id"])]
            row["model_name"] = name
            rows.append(row)
    return rows


def available_hours(rows: list[dict], year: int, modality: str) -> float:
    """Exam hours the existing fleet offers in ``year`` (no purchases): hours after downtime x
    throughput factor."""
    total = 0.0
    for a in rows:
        age = year - a["install_year"]
        if a["modality"] == modality and 0 <= age < LIFETIME:
            down = DOWNTIME[min(age, LIFETIME)] + a.get("condition_downtime_fraction", 0.0)
            total += a["hours_per_year"] * (1 - down) * a.get("throughput_factor", 1.0)
    return total


def mean_scan_minutes(modality: str) -> float:
    return sum(e[3] * e[6] for e in EXAM_TYPES if e[2] == modality)


def demand_scale(rows: list[dict]) -> dict[str, float]:
    """Per-modality factor s: demand hours in 2027 = TARGET_UTILISATION x the 2027 fleet's
    bookable hours (its exam hours x BOOKABLE)."""
    scale = {}
    for modality, per_scanner in EXAMS_PER_SCANNER.items():
        weight = sum(demand_weights(modality).values())
        hours = per_scanner * weight * mean_scan_minutes(modality) / 60
        bookable = BOOKABLE * available_hours(rows, FIRST_YEAR, modality)
        scale[modality] = TARGET_UTILISATION * bookable / hours
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


def in_service(rows: list[dict], year: int) -> dict[tuple[str, str], int]:
    """Scanners of each (site, modality) of the existing fleet in service in ``year``."""
    out: dict[tuple[str, str], int] = {}
    for a in rows:
        if a["install_year"] <= year < a["install_year"] + LIFETIME:
            key = (a["site"], a["modality"])
            out[key] = out.get(key, 0) + 1
    return out


def session_template() -> list[dict]:
    return [
        {"day": d, "session": t, "start": start, "minutes": SESSION_MINUTES}
        for d in DAYS
        for t, start in TEMPLATE
    ]


def scanner_sessions(rows: list[dict]) -> list[dict]:
    """Acute sites: every scanner Mon-Fri am and pm, plus one CT on the evening and Saturday
    lists of each trust's main site; the CDC: every scanner in every session (12 h x 7 days)."""
    kind = {s[0]: s[5] for s in SITES}
    out = []
    for (site, modality), n in sorted(in_service(rows, WORKFORCE_YEAR).items()):
        for d in DAYS:
            for t, _ in TEMPLATE:
                daytime = d in WEEKDAYS and t in ("am", "pm")
                extended = (d in WEEKDAYS and t == "eve") or (d == "sat" and t != "eve")
                if kind[site] == "cdc" or daytime:
                    running = n  # the CDC runs every session; acute sites weekday days
                elif site in EXTENDED_CT_SITES and modality == "CT" and extended:
                    running = 1  # one CT on the main site's evening and Saturday lists
                else:
                    running = 0
                if running:
                    out.append(
                        {
                            "site": site,
                            "modality": modality,
                            "day": d,
                            "session": t,
                            "scanners": running,
                        }
                    )
    return out


def site_name(site: str) -> str:
    return next(s[1] for s in SITES if s[0] == site)


def staff() -> list[dict]:
    out = []
    for site, role, count, sessions, suffix, options in STAFF:
        tier, scans, _, what = ROLES[role]
        part = (
            " (part time)"
            if suffix == "-pt"
            else " (part time, home reporting)"
            if suffix == "-home"
            else ""
        )
        row: dict[str, Any] = {
            "id": f"{site}-{role}{suffix}",
            "name": f"{what}{part}, {site_name(site)}",
            "count": count,
            "home_site": site,
            "tier": tier,
            "sessions": sessions,
            "max_extra_sessions": MAX_EXTRA_SESSIONS,
            "extra_session_cost": EXTRA_SESSION_COST[tier],
        }
        if scans:
            row["scans"] = scans
        row.update(options)
        row["role"] = next(r for r, (weekly, *_) in STAFF_ROLES.items() if weekly == role)
        out.append(row)
    return out


def staff_reporting() -> list[dict]:
    """Consultants report every exam type at its report_minutes; advanced practitioners their
    exam types at APR_SLOWDOWN x those minutes."""
    minutes = {e[0]: e[4] for e in EXAM_TYPES}
    out: list[dict[str, Any]] = []
    for site, role, _, _, suffix, _ in STAFF:
        reports = ROLES[role][2]
        sid = f"{site}-{role}{suffix}"
        if reports == "all":
            out += [{"staff": sid, "exam_type": e[0]} for e in EXAM_TYPES]
        else:
            out += [
                {
                    "staff": sid,
                    "exam_type": e,
                    "minutes_per_report": round(APR_SLOWDOWN * minutes[e], 1),
                }
                for e in reports
            ]
    return out


def workforce_settings() -> dict:
    return {
        "year": WORKFORCE_YEAR,
        "weeks_per_year": WEEKS_PER_YEAR,
        "passport_policy": "none",
        "onboarding_cost": ONBOARDING_COST,
        "max_travel_minutes_between_sessions": MAX_TRAVEL_BETWEEN_SESSIONS,
        "travel_cost_per_minute": STAFF_TRAVEL_COST_PER_MINUTE,
        "turnaround_days": TURNAROUND_DAYS,
        "backlog_cost": BACKLOG_COST,
        "scanner_sessions_from_fleet": False,
    }


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
                "default_age_profile": PROFILE,
                "target_utilisation": BOOKABLE,
                "installation_works_cost": INSTALLATION_WORKS_2027[i],
                "installation_weeks": INSTALLATION_WEEKS[i],
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
                    "in_house_cost": IN_HOUSE_COST[i],
                    "growth_rate": g,
                    "report_outsourcing_cost": REPORT_OUTSOURCING_COST[i],
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
                    "age_profile": PROFILE,
                    "throughput_factor": THROUGHPUT.get(i),
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
        "workforce": workforce_settings(),
        "sessions": session_template(),
        "scanner_sessions": scanner_sessions(fleet),
        "staffing_rules": [
            {"modality": m, "staff_per_scanner": q, "max_assistants_per_scanner": a}
            for m, q, a in STAFFING_RULES
        ],
        "staff": staff(),
        "staff_reporting": staff_reporting(),
        "transfer_links": [
            {
                k: v
                for k, v in {"origin": o, "destination": d, "studies_per_day": c}.items()
                if v is not None
            }
            for o, d, c in TRANSFER_LINKS
        ],
        "reporting_demand": [],
        "staff_planning": staff_planning(),
        "staff_roles": staff_roles(),
        "staff_in_post": staff_in_post(fleet),
        "training_pathways": training_pathways(),
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
    "modalities": "travel limits, 85% bookable, installation works and weeks: assumptions "
    "(README); 15-year maximum age (CAR)",
    "exam_types": "minutes: CDC guidance, Sexauer & Bestler, Al Yassin; outsourcing: NAO; "
    "in-house cost: AfC pay estimate (README)",
    "demand": "national activity per scanner x local scanners, scaled (README)",
    "age_profiles": "fractions of the 2027 price; assumptions (README)",
    "catalogue": "prices: Hansard 2004 ranges uplifted 2.5%/yr to 2027 (README)",
    "discount_tiers": "assumption: framework volume discount",
    "assets": "synthetic fleet, 15 CT and 11 MRI at the real sites (README)",
    "committed_purchases": "approved replacement of K&C's 2013 MRI (assumption)",
    "policy": "assumption: GBP 0.25 per patient minute (README)",
    "workforce": "workforce plan for 2027; every value an assumption or standard (README, Workforce)",
    "sessions": "weekly template: am, pm, eve of 4 h every day (CDC guidance: 12 h x 7 days)",
    "scanner_sessions": "2027 fleet: acute Mon-Fri am+pm, one CT eve+Sat at main sites; CDC 7 days",
    "staffing_rules": "assumption: 2 staff per scanner, at most 1 assistant practitioner",
    "staff": "synthetic cohorts, sessions net of leave; Medway short, Maidstone slack (README)",
    "staff_reporting": "consultants: every exam type; advanced practitioners: 1.3 x minutes",
    "transfer_links": "unlimited within a trust; 10 studies/day between trusts (README)",
    "reporting_demand": "empty: derived from the 2027 demand / weeks_per_year",
    "staff_planning": "joint plan: the staff share of in_house_cost (AfC estimate); passports",
    "staff_roles": "AfC 2024/25 midpoints x 1.35 on-costs; attrition, hiring, agency: assumptions (README)",
    "staff_in_post": "2027 WTE: the weekly staff mix, 90% of need (SCoR vacancy); consultants 70% (RCR)",
    "training_pathways": "reporting PgCerts, apprenticeships: durations and costs assumptions (README)",
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
        if isinstance(value, list) and not value:
            lines.append(f"{key}: []")
        elif isinstance(value, list):
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
        + "  ".join(
            f"{m} demand h / bookable fleet h (ratio, scanner-equivalents short)" for m in base
        )
    )
    for year in range(FIRST_YEAR, FIRST_YEAR + HORIZON):
        parts = []
        for m, h in base.items():
            dem = h * (1 + growth[m]) ** (year - FIRST_YEAR)
            cap = BOOKABLE * available_hours(fleet, year, m)
            short = max(0.0, dem - cap) / (BOOKABLE * HOURS * (1 - DOWNTIME[2]))
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


def road_minutes(a: str, b: str) -> float:
    """Travel minutes between two sites as the instance computes them (haversine x 1.3 /
    50 km/h)."""
    from math import asin, cos, radians, sin, sqrt

    (la1, lo1), (la2, lo2) = ((s[3], s[4]) for x in (a, b) for s in SITES if s[0] == x)
    h = (
        sin(radians(la2 - la1) / 2) ** 2
        + cos(radians(la1)) * cos(radians(la2)) * sin(radians(lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * asin(sqrt(h)) * 1.3 / 50 * 60


def workforce_report(instance: dict) -> None:
    """Print the workforce arithmetic quoted in the README (policy none: every site on its own
    staff, extra sessions allowed)."""
    owner = {s["id"]: s["owner"] for s in instance["sites"]}
    rules = {r["modality"]: r for r in instance["staffing_rules"]}
    people = instance["staff"]
    rows = instance["scanner_sessions"]
    w = instance["workforce"]["weeks_per_year"]
    tiers: dict[str, int] = {}
    for k in people:
        tiers[k["tier"]] = tiers.get(k["tier"], 0) + k["count"]
    per_mod = {m: sum(r["scanners"] for r in rows if r["modality"] == m) for m in ("CT", "MRI")}
    print(
        f"\nworkforce {instance['workforce']['year']}: {len(instance['sessions'])} template "
        f"sessions, {len(rows)} scanner-session rows = {per_mod} scanner sessions/week, "
        f"{len(people)} cohorts, {sum(tiers.values())} people {tiers}, "
        f"{len(instance['staff_reporting'])} reporting skills, "
        f"{len(instance['transfer_links'])} transfer links"
    )

    # acquisition: staff-sessions needed against sessions available, by site and modality
    print(
        "\nacquisition (staff-sessions/week): site modality | scanner sessions, needed = x"
        " staff_per_scanner, of which assistants at most, peak staff in one session |"
        " available: radiographers (cross-trained in both rows), advanced, assistants usable,"
        " total contracted / with extra sessions | people able to scan"
    )
    shortfall: dict[str, float] = {}
    for site, *_ in SITES:
        need_site = 0.0
        avail_site = 0.0
        extra_site = 0.0
        for m in ("CT", "MRI"):
            mine = [r for r in rows if r["site"] == site and r["modality"] == m]
            if not mine:
                continue
            q, alpha = rules[m]["staff_per_scanner"], rules[m]["max_assistants_per_scanner"]
            n_sessions = sum(r["scanners"] for r in mine)
            need = q * n_sessions
            ap_cap = alpha * n_sessions
            peak = q * max(r["scanners"] for r in mine)
            scan = [k for k in people if k["home_site"] == site and m in k.get("scans", [])]

            def total(tier: str, extra: bool, scan: list[dict] = scan) -> int:
                return sum(
                    k["count"] * (k["sessions"] + (k["max_extra_sessions"] if extra else 0))
                    for k in scan
                    if k["tier"] == tier
                )

            rad, apr = total("radiographer", False), total("advanced_practitioner", False)
            ap = min(total("assistant_practitioner", False), ap_cap)
            ap_x = min(total("assistant_practitioner", True), ap_cap)
            contracted = rad + apr + ap
            extra = total("radiographer", True) + total("advanced_practitioner", True) + ap_x
            heads = sum(k["count"] for k in scan)
            flag = "SHORT" if contracted < need else ""
            if extra < need or heads < peak:
                flag = "INFEASIBLE"
            print(
                f"  {site:9} {m:3} | {n_sessions:3} sessions, need {need:3}, assistants <= "
                f"{ap_cap:3}, peak {peak:2} | rad {rad:3}, adv {apr:2}, asst {ap:3}: "
                f"{contracted:3} ({contracted / need:4.0%}) / {extra:3} ({extra / need:4.0%}) "
                f"| {heads:2} people {flag}"
            )
            need_site += need
            avail_site += contracted
            extra_site += extra
        both = [k for k in people if k["home_site"] == site and len(k.get("scans", [])) > 1]
        cross = sum(k["count"] * k["sessions"] for k in both)
        cross_x = sum(k["count"] * (k["sessions"] + k["max_extra_sessions"]) for k in both)
        if need_site:
            avail_site -= cross  # counted in both modalities above
            extra_site -= cross_x
            shortfall[site] = need_site - avail_site
            print(
                f"  {site:9} all | need {need_site:4.0f}, contracted {avail_site:4.0f} "
                f"({avail_site / need_site:4.0%}), with extra sessions {extra_site:4.0f}: "
                f"short {max(0.0, need_site - avail_site):3.0f}, "
                f"slack {max(0.0, avail_site - need_site):3.0f} staff-sessions/week"
            )

    # reporting: minutes needed by trust against reporter minutes available
    exams = {e["id"]: e for e in instance["exam_types"]}
    apr_minutes = {
        (r["staff"], r["exam_type"]): r["minutes_per_report"]
        for r in instance["staff_reporting"]
        if r.get("minutes_per_report")
    }
    year = instance["workforce"]["year"]
    weekly: dict[tuple[str, str], float] = {}
    for d in instance["demand"]:
        if d["year"] == year:
            weekly[d["site"], d["exam_type"]] = d["exams"] / w
    print(
        "\nreporting (per week, at consultant minutes): trust | exams, minutes needed, "
        "sessions | consultant sessions contracted / with extras (% of need) | advanced "
        "practitioners' sessions (if they only reported)"
    )
    totals = {"need": 0.0, "cons": 0.0}
    slack_min: dict[str, float] = {}
    for trust in [t[0] for t in TRUSTS] + [NETWORK]:
        sites = {s for s, o in owner.items() if o == trust}
        n = sum(v for (s, _), v in weekly.items() if s in sites)
        minutes = sum(v * exams[e]["report_minutes"] for (s, e), v in weekly.items() if s in sites)
        cons = [
            k for k in people if k["home_site"] in sites and k["tier"] == "consultant_radiologist"
        ]
        c = sum(k["count"] * k["sessions"] for k in cons)
        cx = sum(k["count"] * (k["sessions"] + k["max_extra_sessions"]) for k in cons)
        a = sum(
            k["count"] * k["sessions"]
            for k in people
            if k["home_site"] in sites and k["tier"] == "advanced_practitioner"
        )
        need = minutes / SESSION_MINUTES
        totals["need"] += need
        totals["cons"] += c
        slack_min[trust] = c * SESSION_MINUTES - minutes
        label = "CDC (network)" if trust == NETWORK else trust
        print(
            f"  {label:13} | {n:6,.0f} exams, {minutes:7,.0f} min, {need:5.1f} sessions | "
            f"{c:3} / {cx:3} ({c / need if need else 0:4.0%} / {cx / need if need else 0:4.0%})"
            f" | {a:2}"
        )
    print(
        f"  network-wide: need {totals['need']:.1f} sessions, consultants contracted "
        f"{totals['cons']} ({totals['cons'] / totals['need']:.0%})"
    )
    slower = sorted({(e, m) for (_, e), m in apr_minutes.items()})
    print(f"  advanced practitioners' minutes per report (1.3 x consultant): {slower}")

    # links: what the tight links carry against the slack they would move
    ct_mean = sum(e[4] * e[6] for e in EXAM_TYPES if e[2] == "CT")
    print(
        f"\ntransfer links (studies/day each way); mean CT report {ct_mean:.1f} min, so one"
        f" reporting session = {SESSION_MINUTES / ct_mean:.1f} CT reports"
    )
    for o, d, cap in TRANSFER_LINKS:
        if cap is not None:
            print(
                f"  {o}-{d}: {cap}/day = {cap * 7 / (SESSION_MINUTES / ct_mean):.1f} "
                f"CT reporting sessions/week; road {road_minutes(o, d):.0f} min"
            )
    for trust, left in slack_min.items():
        per_day = left / ct_mean / 7
        what = "slack" if left >= 0 else "short"
        label = "CDC (network)" if trust == NETWORK else trust
        print(f"  {label}: consultants {what} {abs(per_day):5.1f} CT reports/day (contracted)")
    daily = {site: sum(v for (s, _), v in weekly.items() if s == site) / 7 for site, *_ in SITES}
    print("  exams acquired per day (week / 7):", {k: round(v) for k, v in daily.items()})

    # travel between sites (staff passporting)
    print(f"\nstaff travel (road minutes; limit {MAX_TRAVEL_BETWEEN_SESSIONS} between sessions):")
    ids = [s[0] for s in SITES]
    for i, a in enumerate(ids):
        near = [f"{b} {road_minutes(a, b):.0f}" for b in ids[i + 1 :] if road_minutes(a, b) <= 60]
        print(f"  {a}: {', '.join(near)}")

    # rostered scan hours against demand scan hours (informative: not linked in the model)
    for m in ("CT", "MRI"):
        demand_h = sum(
            v * exams[e]["scan_minutes"] / 60
            for (_, e), v in weekly.items()
            if exams[e]["modality"] == m
        )
        roster_h = per_mod[m] * SESSION_MINUTES / 60
        print(
            f"{m}: rostered scanner hours {roster_h:,.0f}/week against {demand_h:,.0f} hours of "
            f"2027 demand ({roster_h / demand_h:.0%}); the rest is unrostered (see README)"
        )

    # rough cost of policy none vs pooling (order of magnitude for the README, not the model)
    rate = EXTRA_SESSION_COST["radiographer"]
    acq = sum(max(0.0, v) for v in shortfall.values()) * rate * w
    print(
        f"\nrough annual cost of the acquisition shortfall if every site insources it: "
        f"GBP {acq:,.0f} (short sites x GBP {rate}/session x {w:.0f} weeks)"
    )
    cons_rate = EXTRA_SESSION_COST["consultant_radiologist"]
    short_trusts = sum(max(0.0, -m) for m in slack_min.values()) / SESSION_MINUTES
    pooled = max(0.0, -sum(slack_min.values())) / SESSION_MINUTES
    print(
        f"reporting sessions short (consultants only, before advanced practitioners and links):"
        f" by trust {short_trusts:.1f}/week, "
        f"pooled network {pooled:.1f}/week; insourced at GBP {cons_rate}: "
        f"GBP {short_trusts * cons_rate * w:,.0f} vs GBP {pooled * cons_rate * w:,.0f} a year"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the capacity arithmetic")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    instance = build()
    instance["staff_in_post"] += consultants_in_post(instance)
    instance["staff_in_post"].sort(key=lambda r: (r["employer"], r["role"]))
    args.out.write_text(dump(instance))
    if args.check:
        report(instance)
        workforce_report(instance)


if __name__ == "__main__":
    main()
