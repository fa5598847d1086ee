"""Workforce benchmark instances on real NHS sites, seeded and deterministic, and their timings.

    python benchmarks/workforce.py generate --size benchmark --seed N --out FILE.yaml
    python benchmarks/workforce.py generate --size england --seed N --out DIR
    python benchmarks/workforce.py run FILE_OR_DIR [--time-limit S] [--workers W]
                                       [--passport none|trust|network] [--csv OUT]

``generate --size benchmark`` writes the issue's benchmark network: network N04 of the England
generator (``benchmarks/england.py``; the only network with exactly 10 sites with scanners, the
CDC included, around Chorley in Lancashire), about 100 staff in the four tiers, and a weekly
template of 5 days x 2 sessions (Monday-Friday AM and PM, 240 minutes). ``--size england``
writes every one of the 20 networks the same way, each with its whole fleet rostered and staff in
proportion to its scanners, plus ``networks.csv``, an index.

Each file is the England generator's capital instance for the network, cut to its sites with
scanners (the demand of its other sites moves to the nearest site of the same trust with
scanners: in the workforce model a demand row's site is where the exam is acquired), with the
2027 demand scaled down so the reporting workload fits the staff (see ``demand_factor``), plus
the workforce tables: sessions, scanner sessions, staffing rules, staff, reporting skills,
transfer links, report outsourcing prices and capacities, and the workforce settings. The
reporting demand is left to the model (the 2027 demand over 52 weeks).

``run`` solves each instance with ``netopt.solve_workforce`` (a folder's files in parallel
spawned worker processes) and prints one row per instance with size, timings, status, gap,
objective and peak memory, and the total wall time.

Every figure's provenance: ``docs/workforce-instances.md``.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import england
import networkx as nx
import numpy as np
from run import peak_mb, print_table, write_csv

import netopt
from netopt.io import save_instance
from netopt.schema import (
    Day,
    Demand,
    ExamType,
    Instance,
    PassportPolicy,
    ScannerSession,
    Session,
    Site,
    SiteKind,
    Staff,
    StaffingRule,
    StaffReporting,
    Tier,
    TransferLink,
    WorkforceSettings,
)
from netopt.solve.parallel import run_in_processes

# --------------------------------------------------------------------------- sizes

BENCHMARK_NETWORK = "N04"
"""The England network with exactly 10 sites with scanners (9 hospitals and the CDC); the
grouping into networks does not depend on the seed, so it is N04 for every seed."""
BENCHMARK_MAX_ROSTERED = 2
"""Benchmark only: at most 2 scanners of each modality per site run in the template. N04's whole
2027 fleet (53-64 scanners by seed) needs 20 staff sessions per scanner a week, about 125-150
people: more than the issue's ~100. With this cap 38 scanners run (19 CT, 19 MRI) for every seed
tried; ``--size england`` rosters every scanner."""
PLAN_YEAR = england.FIRST_YEAR  # 2027, the first plan year: its fleet and demand
WEEKS_PER_YEAR = 52.0  # the schema's default: annual demand / 52 = weekly demand

# --------------------------------------------------------------------------- template and rules

DAYS = (Day.MON, Day.TUE, Day.WED, Day.THU, Day.FRI)
TEMPLATE = (("am", "08:00"), ("pm", "13:00"))
SESSION_MINUTES = 240.0
"""A four-hour session: the programmed activity of the consultant contract (10 PAs of 4 hours)."""
SESSIONS_PER_WEEK = len(DAYS) * len(TEMPLATE)  # 10
STAFF_PER_SCANNER = 2  # brief: CT and MRI lists run with two staff
MAX_ASSISTANTS_PER_SCANNER = 1  # brief: at most one of them an assistant practitioner

# --------------------------------------------------------------------------- acquisition staff

VACANCY = 0.10
"""The SCoR workforce census's radiographer vacancy rate (England, 2020): scanning staff in post
are (1 - vacancy) x the staff the scanner sessions need, on average over the network."""
VACANCY_RANGE = (0.0, 0.2)
"""Sites differ: each site's vacancy is drawn uniform in this range (seeded), then shifted so
the network's mean is VACANCY (site_vacancies)."""
SCANNING_SHARE = {
    Tier.RADIOGRAPHER: 0.75,
    Tier.ASSISTANT_PRACTITIONER: 0.20,
    Tier.ADVANCED_PRACTITIONER: 0.05,
}
"""Assumption: shares of the scanning sessions the establishment plans each tier to staff
(assistants below the skill-mix limit of one per scanner, i.e. 50%)."""
FULL_TIME_SESSIONS = 9
"""Agenda for Change full time, 37.5 h a week = 9.4 four-hour sessions: 9 in the template, the
rest breaks, handover and training (assumption)."""
PART_TIME_SESSIONS = 6  # assumption: a 0.6-0.7 WTE contract
PART_TIME_SHARE = 0.30  # assumption: share of radiographers (people) working part time
EXTRA_SESSIONS = {"full": 1, "part": 2}
"""Insourcing: full-timers can add the one template session left in their week; part-timers up
to two (assumption)."""
ARP_SCANNING_SESSIONS = 5
ARP_REPORTING_SESSIONS = 4
"""Advanced (reporting) practitioners: 9 sessions, planned as 5 scanning and 4 reporting
(assumption); the plan may move them between the two."""
ARP_SLOWDOWN = 1.5
"""Assumption: a reporting practitioner takes 1.5 x a consultant's minutes per report."""
ARP_EXAMS = {"CT": ("CT-head",), "MRI": ("MRI-MSK", "MRI-spine")}
"""Assumption: what reporting radiographers commonly report in CT and MRI."""

# --------------------------------------------------------------------------- reporting staff

CONSULTANTS_PER_SCANNER = 0.4
"""Assumption: consultant radiologists in post per rostered scanner, chosen so the benchmark
network has about 100 staff (38 scanners, 15 consultants). The demand then follows from the
RCR shortfall (CONSULTANT_SHORTFALL)."""
CONSULTANT_SHORTFALL = 0.30
"""RCR clinical radiology census 2023: a 30% shortfall of consultant radiologists. The 2027
demand is scaled so the consultants in post are 70% of the consultants it needs."""
CONSULTANT_SESSIONS = 7
"""Assumption: reporting sessions of a 10-PA job plan (the rest: MDTs, procedures, SPA)."""
CONSULTANT_EXTRA = 2  # assumption: at most two waiting-list (insourced) sessions a week
HOME_REPORTING_SHARE = 0.35  # assumption: share of consultants who may report from home

# --------------------------------------------------------------------------- money (2027 GBP)

PAY_YEAR = 2024
PAY = {
    Tier.ASSISTANT_PRACTITIONER: 29_114.0,  # Agenda for Change 2024/25, band 4 top
    Tier.RADIOGRAPHER: 44_962.0,  # band 6 top (CT/MRI radiographer)
    Tier.ADVANCED_PRACTITIONER: 52_809.0,  # band 7 top (advanced/reporting practitioner)
    Tier.CONSULTANT_RADIOLOGIST: 139_882.0,  # consultant (2003 contract) 2024/25, top threshold
}
HOURS_PER_YEAR = {
    Tier.ASSISTANT_PRACTITIONER: 37.5 * 52.143,  # Agenda for Change full time
    Tier.RADIOGRAPHER: 37.5 * 52.143,
    Tier.ADVANCED_PRACTITIONER: 37.5 * 52.143,
    Tier.CONSULTANT_RADIOLOGIST: 40.0 * 52.143,  # 10 PAs of 4 hours
}
PREMIUM = {
    Tier.ASSISTANT_PRACTITIONER: 1.5,  # Agenda for Change overtime: time and a half (bands 1-7)
    Tier.RADIOGRAPHER: 1.5,
    Tier.ADVANCED_PRACTITIONER: 1.5,
    Tier.CONSULTANT_RADIOLOGIST: 2.0,  # assumption: waiting-list sessions at twice basic pay
}
OUTSOURCING_PREMIUM = 1.25
"""Assumption: an outsourced report costs 1.25 x the consultant time it saves at the insourced
session rate, so extra sessions come first and outsourcing relieves what they cannot."""
OUTSOURCING_CAPACITY = 0.15
"""Assumption: outsourcing companies take at most 15% of each exam type's weekly exams."""
ONBOARDING_COST = 500.0
"""Assumption: one person's passport to one site (induction, IT accounts, honorary contract)."""
MAX_TRAVEL_MINUTES = 60.0  # brief: the longest trip between two sessions of a day
MILEAGE_RATE = 0.56  # GBP/mile, Agenda for Change section 17 (first 3,500 miles)
TURNAROUND_DAYS = 28  # NHS England: every imaging exam reported within 4 weeks (Aug 2023)

# --------------------------------------------------------------------------- transfer links

EXTRA_LINKS = 3
"""Links besides the spanning tree: the shortest (in travel minutes) pairs not yet linked."""
LINK_SHARE = (0.2, 0.6)
"""A link between sites of different owners carries, in each direction, a share (uniform,
seeded) of the smaller end's daily exams, rounded to 10 studies (at least 10). Links within a
trust are unlimited (one PACS)."""

SHORT = {
    Tier.ASSISTANT_PRACTITIONER: "AP",
    Tier.RADIOGRAPHER: "RAD",
    Tier.ADVANCED_PRACTITIONER: "ARP",
    Tier.CONSULTANT_RADIOLOGIST: "CONS",
}
MODALITIES = ("CT", "MRI")
Cell = tuple[str, str]  # (site, modality)


# --------------------------------------------------------------------------- derived figures


def session_cost(tier: Tier) -> float:
    """Cost of one insourced session (GBP 2027): top-of-band pay per hour, uplifted from
    2024/25 like the England generator's prices, x 4 hours x the premium, rounded to 5."""
    hourly = PAY[tier] * england.uplift(PAY_YEAR) / HOURS_PER_YEAR[tier]
    return float(round(hourly * SESSION_MINUTES / 60 * PREMIUM[tier] / 5) * 5)


def travel_cost_per_minute() -> float:
    """Staff travel (GBP/min): mileage at the England instances' 50 km/h plus a band 6
    radiographer's paid time (top of band, 2027 prices), rounded to 0.01."""
    miles_per_minute = england.TRAVEL.speed_kmh / 1.609344 / 60
    hourly = PAY[Tier.RADIOGRAPHER] * england.uplift(PAY_YEAR) / HOURS_PER_YEAR[Tier.RADIOGRAPHER]
    return round(MILEAGE_RATE * miles_per_minute + hourly / 60, 2)


def report_price(report_minutes: float) -> float:
    """Price of one outsourced report (GBP): OUTSOURCING_PREMIUM x the consultant's insourced
    cost per minute x the exam type's report minutes, rounded to 1."""
    per_minute = session_cost(Tier.CONSULTANT_RADIOLOGIST) / SESSION_MINUTES
    return england.gbp(OUTSOURCING_PREMIUM * per_minute * report_minutes, 1)


REPORT_MINUTES = {e.id: e.report_minutes for e in england.EXAMS}


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Figures:
    """What was generated for one network, for the summary and the index."""

    network: str
    sites: int
    ct: int
    mri: int
    people: dict[Tier, int]
    staff_rows: int
    scan_need: int
    """Staff sessions a week the scanner sessions need."""
    scan_contracted: float
    """Contracted sessions of the acquiring staff planned for scanning."""
    scan_max: float
    """Most sessions they can scan with every extra session (assistants up to the skill mix)."""
    report_need: float
    """Reporting minutes a week (consultant speed) of the 2027 demand as scaled."""
    report_capacity: float
    """Contracted reporting minutes a week in consultant minutes (ARPs at their job plan)."""
    demand_factor: float
    """Scaled 2027 exams / the England generator's 2027 exams at these sites."""
    acquisition_share: float
    """Scaled weekly exams / what the rostered sessions acquire at 90% utilisation."""
    links: int
    capacitated_links: int
    staffable_home: bool
    staffable: bool
    added: int
    """Full-time radiographers added so every scanner session can be staffed (make_staffable)."""

    @property
    def total_people(self) -> int:
        return sum(self.people.values())

    @property
    def ratio(self) -> float:
        """Reporting need over contracted in-house reporting capacity."""
        return self.report_need / self.report_capacity


@dataclass(frozen=True)
class Built:
    """A network's workforce instance and its figures."""

    instance: Instance
    figures: Figures


# --------------------------------------------------------------------------- sites and demand


def scanner_counts(eng: england.England, ids: set[str]) -> dict[Cell, int]:
    """Scanners of the 2027 fleet by (site, modality), at sites ``ids``."""
    out: dict[Cell, int] = {}
    for u in eng.scanners:
        if u.site in ids and england.available_hours(u, PLAN_YEAR) > 0:
            out[(u.site, u.modality)] = out.get((u.site, u.modality), 0) + 1
    return out


def imaging_sites(eng: england.England, network: england.NetworkSpec) -> list[Site]:
    """The network's sites with scanners (hospitals, then the CDC), in the generator's order."""
    sites = england.site_rows(network)
    fleet = scanner_counts(eng, {s.id for s in sites})
    return [s for s in sites if any((s.id, m) in fleet for m in MODALITIES)]


def rostered(counts: dict[Cell, int], cap: int | None) -> dict[Cell, int]:
    """Scanners running in every template session: the fleet, at most ``cap`` per cell."""
    return {c: (n if cap is None else min(n, cap)) for c, n in sorted(counts.items())}


def moved_demand(
    eng: england.England, network: england.NetworkSpec, kept: Sequence[Site]
) -> dict[tuple[str, str], float]:
    """The England generator's 2027 exams by (site, exam type), with the exams of a site
    without scanners moved to the nearest kept site of the same trust (travel minutes, ties by
    id). Every trust has a site with scanners, so nothing is lost."""
    kept_ids = {s.id for s in kept}
    out: dict[tuple[str, str], float] = {}
    all_sites = england.site_rows(network)
    by_id = {s.id: s for s in all_sites}
    for row in england.demand_rows(eng, all_sites):
        site = row.site
        if site not in kept_ids:
            here = by_id[site]
            same = [s for s in kept if s.owner == here.owner]
            site = min(same, key=lambda s: (england.minutes_between(here, s), s.id)).id
        key = (site, row.exam_type)
        out[key] = out.get(key, 0.0) + row.exams
    return out


def weekly_minutes(exams: dict[tuple[str, str], float]) -> float:
    """Reporting minutes a week (consultant speed) of annual exams."""
    return sum(n * REPORT_MINUTES[e] for (_, e), n in exams.items()) / WEEKS_PER_YEAR


# --------------------------------------------------------------------------- template rows


def session_rows() -> list[Session]:
    """Monday-Friday, AM 08:00 and PM 13:00, 240 minutes each, scanners running."""
    return [
        Session(day=d, session=s, start=start, minutes=SESSION_MINUTES)
        for d in DAYS
        for s, start in TEMPLATE
    ]


def scanner_session_rows(running: dict[Cell, int]) -> list[ScannerSession]:
    """Every rostered scanner in every session of the template."""
    return [
        ScannerSession(site=site, modality=m, day=d, session=s, scanners=n)
        for (site, m), n in running.items()
        for d in DAYS
        for s, _ in TEMPLATE
        if n > 0
    ]


def staffing_rule_rows() -> list[StaffingRule]:
    """CT and MRI: two staff per scanner, at most one an assistant practitioner."""
    return [
        StaffingRule(
            modality=m,
            staff_per_scanner=STAFF_PER_SCANNER,
            max_assistants_per_scanner=MAX_ASSISTANTS_PER_SCANNER,
        )
        for m in MODALITIES
    ]


# --------------------------------------------------------------------------- staff


@dataclass(frozen=True)
class Group:
    """One kind of acquiring staff: tier, contract and what each person offers."""

    tier: Tier
    contract: str  # "full" or "part"
    sessions: int
    extra: int
    scanning: int
    """Sessions a person is planned to scan (the rest of an ARP's are reporting)."""
    people_share: float
    """Share of the tier's people in this group."""


GROUPS = (
    Group(Tier.RADIOGRAPHER, "full", FULL_TIME_SESSIONS, EXTRA_SESSIONS["full"],
          FULL_TIME_SESSIONS, 1 - PART_TIME_SHARE),
    Group(Tier.RADIOGRAPHER, "part", PART_TIME_SESSIONS, EXTRA_SESSIONS["part"],
          PART_TIME_SESSIONS, PART_TIME_SHARE),
    Group(Tier.ASSISTANT_PRACTITIONER, "full", FULL_TIME_SESSIONS, EXTRA_SESSIONS["full"],
          FULL_TIME_SESSIONS, 1.0),
    Group(Tier.ADVANCED_PRACTITIONER, "full", FULL_TIME_SESSIONS, EXTRA_SESSIONS["full"],
          ARP_SCANNING_SESSIONS, 1.0),
)  # fmt: skip


def mean_scanning_sessions(tier: Tier) -> float:
    """Planned scanning sessions per person of a tier, averaged over its contracts."""
    return sum(g.people_share * g.scanning for g in GROUPS if g.tier is tier)


def acquiring_people(
    running: dict[Cell, int], vacancy: dict[str, float]
) -> dict[tuple[Group, Cell], int]:
    """People per (group, cell): each tier's share of the cell's staff sessions, times
    (1 - the site's vacancy), over the tier's planned scanning sessions per person; each group's
    network total rounded and shared out by largest remainder."""
    out: dict[tuple[Group, Cell], int] = {}
    cells = [c for c, n in running.items() if n > 0]
    for g in GROUPS:
        natural = [
            (1 - vacancy[c[0]])
            * SCANNING_SHARE[g.tier]
            * STAFF_PER_SCANNER
            * SESSIONS_PER_WEEK
            * running[c]
            / mean_scanning_sessions(g.tier)
            * g.people_share
            for c in cells
        ]
        counts = england.largest_remainder(round(sum(natural)), natural)
        out.update({(g, c): n for c, n in zip(cells, counts, strict=True) if n > 0})
    return out


def trust_passports(site: Site, sites: Sequence[Site]) -> list[str]:
    """The other kept sites of the same trust (cross-site working within a trust)."""
    return [s.id for s in sites if s.owner == site.owner and s.id != site.id]


def acquiring_rows(
    people: dict[tuple[Group, Cell], int], sites: Sequence[Site]
) -> tuple[list[Staff], list[StaffReporting]]:
    """Cohorts of radiographers and assistants per site, modality and contract; ARPs one row
    per person (each has their own reporting skills) with their trust's passports."""
    by_id = {s.id: s for s in sites}
    staff: list[Staff] = []
    skills: list[StaffReporting] = []
    for (g, (site, m)), n in sorted(
        people.items(), key=lambda x: (x[0][1], list(Tier).index(x[0][0].tier), x[0][0].contract)
    ):
        cost = session_cost(g.tier)
        name = by_id[site].name
        if g.tier is Tier.ADVANCED_PRACTITIONER:
            for i in range(1, n + 1):
                sid = f"{site}-ARP-{m}-{i}"
                staff.append(
                    Staff(
                        id=sid,
                        name=f"Advanced practitioner ({m}, reporting) at {name}",
                        home_site=site,
                        tier=g.tier,
                        sessions=g.sessions,
                        max_extra_sessions=g.extra,
                        extra_session_cost=cost,
                        scans=[m],
                        passports=trust_passports(by_id[site], sites),
                    )
                )
                skills += [
                    StaffReporting(
                        staff=sid,
                        exam_type=e,
                        minutes_per_report=round(ARP_SLOWDOWN * REPORT_MINUTES[e], 2),
                    )
                    for e in ARP_EXAMS[m]
                ]
            continue
        what = "Radiographers" if g.tier is Tier.RADIOGRAPHER else "Assistant practitioners"
        time_ = "full time" if g.contract == "full" else "part time"
        staff.append(
            Staff(
                id=f"{site}-{SHORT[g.tier]}-{m}-{g.contract.upper()}",
                name=f"{what} ({m}, {time_}) at {name}",
                count=n,
                home_site=site,
                tier=g.tier,
                sessions=g.sessions,
                max_extra_sessions=g.extra,
                extra_session_cost=cost,
                scans=[m],
            )
        )
    return staff, skills


def consultant_rows(
    total: int,
    sites: Sequence[Site],
    report_minutes_by_site: dict[str, float],
    rng: np.random.Generator,
) -> tuple[list[Staff], list[StaffReporting]]:
    """Consultants one row per person, at the hospital sites (none at the CDC) in proportion
    to the reporting minutes arising there (largest remainder); HOME_REPORTING_SHARE of them
    (seeded) may report from home; each holds passports to the other sites of their trust and
    reports every exam type at its report_minutes."""
    hospitals = [s for s in sites if s.kind is not SiteKind.CDC]
    counts = england.largest_remainder(
        total, [report_minutes_by_site.get(s.id, 0.0) for s in hospitals]
    )
    staff: list[Staff] = []
    skills: list[StaffReporting] = []
    cost = session_cost(Tier.CONSULTANT_RADIOLOGIST)
    for site, n in zip(hospitals, counts, strict=True):
        for i in range(1, n + 1):
            sid = f"{site.id}-CONS-{i}"
            staff.append(
                Staff(
                    id=sid,
                    name=f"Consultant radiologist at {site.name}",
                    home_site=site.id,
                    tier=Tier.CONSULTANT_RADIOLOGIST,
                    sessions=CONSULTANT_SESSIONS,
                    max_extra_sessions=CONSULTANT_EXTRA,
                    extra_session_cost=cost,
                    home_reporting=bool(rng.random() < HOME_REPORTING_SHARE),
                    passports=trust_passports(site, sites),
                )
            )
            skills += [StaffReporting(staff=sid, exam_type=e.id) for e in england.EXAMS]
    return staff, skills


# --------------------------------------------------------------------------- links


def transfer_link_rows(
    sites: Sequence[Site], daily_exams: dict[str, float], rng: np.random.Generator
) -> list[TransferLink]:
    """A minimum spanning tree of the sites by travel minutes, plus the EXTRA_LINKS shortest
    pairs not in it; capacities as LINK_SHARE says."""
    graph = nx.Graph()
    pairs = [
        (a.id, b.id, england.minutes_between(a, b))
        for i, a in enumerate(sites)
        for b in sites[i + 1 :]
    ]
    graph.add_weighted_edges_from(pairs)
    order = {s.id: i for i, s in enumerate(sites)}

    def key(a: str, b: str) -> tuple[str, str]:
        x, y = sorted((a, b), key=order.__getitem__)
        return x, y

    tree = {key(a, b) for a, b in nx.minimum_spanning_edges(graph, data=False)}
    rest = sorted((p for p in pairs if key(p[0], p[1]) not in tree), key=lambda p: p[2])
    chosen = tree | {key(p[0], p[1]) for p in rest[:EXTRA_LINKS]}
    owner = {s.id: s.owner for s in sites}
    out = []
    for a, b in sorted(chosen, key=lambda e: (order[e[0]], order[e[1]])):
        capacity: float | None = None
        if owner[a] != owner[b]:
            share = float(rng.uniform(*LINK_SHARE))
            capacity = max(10.0, round(share * min(daily_exams[a], daily_exams[b]), -1))
        out.append(TransferLink(origin=a, destination=b, studies_per_day=capacity))
    return out


# --------------------------------------------------------------------------- staffability


def unstaffed(
    sites: Sequence[Site],
    scanner_sessions: Sequence[ScannerSession],
    staff: Sequence[Staff],
    new_passports: bool,
) -> dict[Cell, int]:
    """Staff sessions a week each (site, modality) would miss at best, as one integral maximum
    flow over the week (empty: every scanner session can be staffed). A cohort offers its
    people x (contracted + extra) sessions, at most 10 per person, at its home site, the sites
    it holds passports for and, with ``new_passports``, every site within MAX_TRAVEL_MINUTES of
    home (so every move of a day is within the travel limit); assistants fill at most
    MAX_ASSISTANTS_PER_SCANNER places per scanner. Every session of the template needs the
    same, so the weekly flow is shared out over the sessions; the reporting that advanced
    practitioners may also do is ignored."""
    need: dict[Cell, int] = {}
    for r in scanner_sessions:
        need[(r.site, r.modality)] = need.get((r.site, r.modality), 0) + r.scanners
    by_id = {s.id: s for s in sites}
    graph = nx.DiGraph()
    for (site, m), n in need.items():
        graph.add_edge(("cell", site, m), "sink", capacity=STAFF_PER_SCANNER * n)
        graph.add_edge(("ap", site, m), ("cell", site, m), capacity=MAX_ASSISTANTS_PER_SCANNER * n)
        graph.add_edge(("reg", site, m), ("cell", site, m), capacity=STAFF_PER_SCANNER * n)
    for k in staff:
        if not k.scans:
            continue
        week = k.count * min(SESSIONS_PER_WEEK, k.sessions + k.max_extra_sessions)
        graph.add_edge("source", k.id, capacity=week)
        home = by_id[k.home_site]
        places = {k.home_site, *k.passports}
        if new_passports:
            places |= {
                s.id for s in sites if england.minutes_between(home, s) <= MAX_TRAVEL_MINUTES
            }
        kind = "ap" if k.tier is Tier.ASSISTANT_PRACTITIONER else "reg"
        for site in sorted(places):
            for m in k.scans:
                if (site, m) in need:
                    graph.add_edge(k.id, (kind, site, m), capacity=week)
    _, flow = nx.maximum_flow(graph, "source", "sink")
    out = {}
    for (site, m), n in sorted(need.items()):
        missing = STAFF_PER_SCANNER * n - flow[("cell", site, m)]["sink"]
        if missing > 0:
            out[(site, m)] = int(missing)
    return out


def staffable(instance: Instance, new_passports: bool) -> bool:
    """Whether every scanner session of the instance can be staffed (see unstaffed)."""
    return not unstaffed(instance.sites, instance.scanner_sessions, instance.staff, new_passports)


# --------------------------------------------------------------------------- one network


def site_vacancies(
    sites: Sequence[Site], running: dict[Cell, int], rng: np.random.Generator
) -> dict[str, float]:
    """Each site's vacancy rate: uniform in VACANCY_RANGE (seeded), then shifted so the mean
    over the network, weighted by the scanners rostered, is exactly VACANCY (clipped at 0)."""
    draw = {s.id: float(rng.uniform(*VACANCY_RANGE)) for s in sites}
    weight = {s.id: sum(n for (site, _), n in running.items() if site == s.id) for s in sites}
    mean = sum(draw[s] * weight[s] for s in draw) / sum(weight.values())
    return {s: max(0.0, v - mean + VACANCY) for s, v in draw.items()}


def make_staffable(
    people: dict[tuple[Group, Cell], int], sites: Sequence[Site], running: dict[Cell, int]
) -> tuple[list[Staff], list[StaffReporting], int]:
    """The acquiring staff rows, after adding full-time radiographers one at a time (to the
    (site, modality) missing most, ties by id) until every scanner session can be staffed with
    new passports: a site more than MAX_TRAVEL_MINUTES from every other cannot borrow staff,
    so its vacancy draw alone must not leave it unstaffable. Returns the people added too."""
    sessions = scanner_session_rows(running)
    added = 0
    while True:
        staff, skills = acquiring_rows(people, sites)
        missing = unstaffed(sites, sessions, staff, new_passports=True)
        if not missing:
            return staff, skills, added
        cell = min(missing, key=lambda c: (-missing[c], c))
        people[(GROUPS[0], cell)] = people.get((GROUPS[0], cell), 0) + 1
        added += 1


def network_rng(seed: int, network: str) -> np.random.Generator:
    """The workforce draws of one network: independent of which networks are written."""
    return np.random.default_rng([seed, 7919, int(network[1:])])


def build_network(
    eng: england.England, network: england.NetworkSpec, seed: int, cap: int | None
) -> Built:
    """One network's workforce instance: England's capital instance cut to its sites with
    scanners, demand moved and scaled, and the workforce tables."""
    rng = network_rng(seed, network.id)
    sites = imaging_sites(eng, network)
    ids = {s.id for s in sites}
    running = rostered(scanner_counts(eng, ids), cap)
    vacancy = site_vacancies(sites, running, rng)

    people = acquiring_people(running, vacancy)
    staff, skills, added = make_staffable(people, sites, running)
    arp_minutes = (
        sum(n for (g, _), n in people.items() if g.tier is Tier.ADVANCED_PRACTITIONER)
        * ARP_REPORTING_SESSIONS
        * SESSION_MINUTES
        / ARP_SLOWDOWN
    )

    # Demand: consultants in post are (1 - shortfall) of those the scaled demand needs.
    england_exams = moved_demand(eng, network, sites)
    consultants = round(CONSULTANTS_PER_SCANNER * sum(running.values()))
    consultant_minutes = consultants * CONSULTANT_SESSIONS * SESSION_MINUTES
    target = consultant_minutes / (1 - CONSULTANT_SHORTFALL) + arp_minutes
    factor = target / weekly_minutes(england_exams)
    exams = {k: float(round(n * factor)) for k, n in sorted(england_exams.items())}
    exams = {k: n for k, n in exams.items() if n > 0}
    by_site: dict[str, float] = {}
    for (site, e), n in exams.items():
        by_site[site] = by_site.get(site, 0.0) + n * REPORT_MINUTES[e]
    cons_staff, cons_skills = consultant_rows(consultants, sites, by_site, rng)

    daily = {s.id: 0.0 for s in sites}
    for (site, _), n in exams.items():
        daily[site] += n / WEEKS_PER_YEAR / len(DAYS)
    links = transfer_link_rows(sites, daily, rng)

    weekly_by_exam: dict[str, float] = {}
    for (_, e), n in exams.items():
        weekly_by_exam[e] = weekly_by_exam.get(e, 0.0) + n / WEEKS_PER_YEAR
    base = england.build_instance(eng, network)
    exam_types = [
        ExamType.model_validate(
            {
                **dict(e),
                "report_outsourcing_cost": report_price(e.report_minutes),
                "report_outsourcing_capacity": float(
                    math.ceil(OUTSOURCING_CAPACITY * weekly_by_exam.get(e.id, 0.0))
                ),
            }
        )
        for e in base.exam_types
    ]
    settings = WorkforceSettings(
        year=PLAN_YEAR,
        weeks_per_year=WEEKS_PER_YEAR,
        passport_policy=PassportPolicy.NETWORK,
        onboarding_cost=ONBOARDING_COST,
        max_travel_minutes_between_sessions=MAX_TRAVEL_MINUTES,
        travel_cost_per_minute=travel_cost_per_minute(),
        turnaround_days=TURNAROUND_DAYS,
        scanner_sessions_from_fleet=False,
    )
    instance = Instance.model_validate(
        {
            **dict(base),
            "sites": sites,
            "demand": [
                Demand(site=s, exam_type=e, year=england.FIRST_YEAR, exams=n)
                for (s, e), n in exams.items()
            ],
            "exam_types": exam_types,
            "workforce": settings,
            "sessions": session_rows(),
            "scanner_sessions": scanner_session_rows(running),
            "staffing_rules": staffing_rule_rows(),
            "staff": staff + cons_staff,
            "staff_reporting": skills + cons_skills,
            "transfer_links": links,
        }
    )
    return Built(
        instance, figures(network.id, instance, running, people, england_exams, exams, added)
    )


def figures(
    network: str,
    instance: Instance,
    running: dict[Cell, int],
    people: dict[tuple[Group, Cell], int],
    england_exams: dict[tuple[str, str], float],
    exams: dict[tuple[str, str], float],
    added: int,
) -> Figures:
    """The summary figures of a built network."""
    tiers = {t: sum(k.count for k in instance.staff if k.tier is t) for t in Tier}
    contracted = sum(n * g.scanning for (g, _), n in people.items())
    most = 0.0
    for (g, c), n in people.items():
        offered = n * min(SESSIONS_PER_WEEK, g.sessions + g.extra)
        if g.tier is Tier.ASSISTANT_PRACTITIONER:
            offered = min(offered, MAX_ASSISTANTS_PER_SCANNER * SESSIONS_PER_WEEK * running[c])
        most += offered
    consultants = tiers[Tier.CONSULTANT_RADIOLOGIST]
    arps = tiers[Tier.ADVANCED_PRACTITIONER]
    capacity = (
        consultants * CONSULTANT_SESSIONS + arps * ARP_REPORTING_SESSIONS / ARP_SLOWDOWN
    ) * SESSION_MINUTES
    weekly = sum(exams.values()) / WEEKS_PER_YEAR
    acquired = sum(
        n
        * SESSIONS_PER_WEEK
        * SESSION_MINUTES
        * england.INITIAL_UTILISATION
        / england.mean_scan_minutes(m)
        for (_, m), n in running.items()
    )
    links = instance.transfer_links
    return Figures(
        network=network,
        sites=len(instance.sites),
        ct=sum(n for (_, m), n in running.items() if m == "CT"),
        mri=sum(n for (_, m), n in running.items() if m == "MRI"),
        people=tiers,
        staff_rows=len(instance.staff),
        scan_need=STAFF_PER_SCANNER * SESSIONS_PER_WEEK * sum(running.values()),
        scan_contracted=contracted,
        scan_max=most,
        report_need=weekly_minutes(exams),
        report_capacity=capacity,
        demand_factor=sum(exams.values()) / sum(england_exams.values()),
        acquisition_share=weekly / acquired,
        links=len(links),
        capacitated_links=sum(1 for link in links if link.studies_per_day is not None),
        staffable_home=staffable(instance, new_passports=False),
        staffable=staffable(instance, new_passports=True),
        added=added,
    )


# --------------------------------------------------------------------------- summary


def print_figures(rows: Sequence[Figures]) -> None:
    """One line per network: size, staff by tier, acquisition and reporting balance."""
    print(
        f"{'network':7} {'sites':>5} {'CT':>3} {'MRI':>3} {'staff':>5} {'rows':>4} "
        f"{'AP':>3} {'RAD':>3} {'ARP':>3} {'CONS':>4} {'scan need':>9} {'contr':>5} {'max':>4} "
        f"{'report':>6} {'ratio':>5} {'demand':>6} {'acq':>4} {'links':>5} {'staffable':>9}"
    )
    for f in rows:
        p = f.people
        staffable_text = ("home" if f.staffable_home else "passport") if f.staffable else "NO"
        print(
            f"{f.network:7} {f.sites:5} {f.ct:3} {f.mri:3} {f.total_people:5} {f.staff_rows:4} "
            f"{p[Tier.ASSISTANT_PRACTITIONER]:3} {p[Tier.RADIOGRAPHER]:3} "
            f"{p[Tier.ADVANCED_PRACTITIONER]:3} {p[Tier.CONSULTANT_RADIOLOGIST]:4} "
            f"{f.scan_need:9} {f.scan_contracted:5.0f} {f.scan_max:4.0f} "
            f"{f.report_need / SESSION_MINUTES:6.0f} {f.ratio:5.2f} {f.demand_factor:6.2f} "
            f"{f.acquisition_share:4.2f} {f.capacitated_links:2}/{f.links:<2} {staffable_text:>9} {f.added:5}"
        )
    print(
        f"total: {len(rows)} networks, {sum(f.sites for f in rows)} sites, "
        f"{sum(f.ct + f.mri for f in rows)} rostered scanners, "
        f"{sum(f.total_people for f in rows)} staff in {sum(f.staff_rows for f in rows)} rows\n"
        "(scan need: staff sessions a week the scanner sessions need; contr: contracted scanning "
        "sessions; max: with every extra session; report: sessions of reporting a week at "
        "consultant speed; ratio: reporting need / contracted in-house reporting capacity; "
        "demand: scaled / England 2027 exams; acq: scaled weekly exams / what the rostered "
        "sessions acquire at 90% use; links: capacitated/all; staffable: every scanner session "
        "at home sites and held passports (home), with new passports within 60 min (passport); "
        "added: full-time radiographers added so that it is)"
    )


def checks(f: Figures, benchmark: bool) -> list[tuple[str, str, str, bool]]:
    """(figure, target, achieved, met) for one network."""
    out = []
    if benchmark:
        out += [
            ("sites", "10", str(f.sites), f.sites == 10),
            ("staff (people)", "95-105", str(f.total_people), 95 <= f.total_people <= 105),
        ]
    out += [
        (
            f"{f.network} scanning: short, coverable",
            "contracted < need <= max",
            f"{f.scan_contracted:.0f} < {f.scan_need} <= {f.scan_max:.0f}",
            f.scan_contracted < f.scan_need <= f.scan_max,
        ),
        (
            f"{f.network} staffable with passports",
            "yes",
            "yes" if f.staffable else "no",
            f.staffable,
        ),
        (
            f"{f.network} reporting need / capacity",
            "1.1-1.4",
            f"{f.ratio:.2f}",
            1.1 <= f.ratio <= 1.4,
        ),
    ]
    return out


def print_checks(rows: Sequence[Figures], benchmark: bool) -> bool:
    """Print the checks; True when all hold (failures only, for England)."""
    all_checks = [c for f in rows for c in checks(f, benchmark)]
    shown = all_checks if benchmark else [c for c in all_checks if not c[3]]
    if shown:
        width = max(len(c[0]) for c in shown)
        print("\nChecks:")
        for figure, target, got, ok in shown:
            print(f"  {figure:{width}}  target {target:26} got {got:22} {'ok' if ok else 'MISSED'}")
    else:
        print(f"\nChecks: all {len(all_checks)} hold")
    return all(c[3] for c in all_checks)


# --------------------------------------------------------------------------- generate


def generate_benchmark(seed: int, out: Path) -> bool:
    """Write the benchmark network to ``out``; True when every check holds."""
    eng = england.generate_england(seed)
    [network] = [n for n in eng.networks if n.id == BENCHMARK_NETWORK]
    built = build_network(eng, network, seed, BENCHMARK_MAX_ROSTERED)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_instance(built.instance, out)
    print_figures([built.figures])
    return print_checks([built.figures], benchmark=True)


INDEX_COLUMNS = (
    "network",
    "sites",
    "ct",
    "mri",
    "staff",
    "staff_rows",
    "assistants",
    "radiographers",
    "advanced",
    "consultants",
    "reporting_ratio",
    "demand_factor",
    "file",
)


def generate_england_folder(seed: int, out: Path) -> bool:
    """Write all 20 networks and networks.csv into ``out``; True when every check holds."""
    eng = england.generate_england(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with (out / "networks.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(INDEX_COLUMNS)
        for network in eng.networks:
            built = build_network(eng, network, seed, None)
            file = f"{network.id}.yaml"
            save_instance(built.instance, out / file)
            g = built.figures
            tiers = [g.people[t] for t in Tier]  # assistants, radiographers, advanced, consultants
            ratios = [f"{g.ratio:.3f}", f"{g.demand_factor:.4f}"]
            writer.writerow(
                [
                    g.network,
                    g.sites,
                    g.ct,
                    g.mri,
                    g.total_people,
                    g.staff_rows,
                    *tiers,
                    *ratios,
                    file,
                ]
            )
            rows.append(g)
    print_figures(rows)
    return print_checks(rows, benchmark=False)


# --------------------------------------------------------------------------- run

COLUMNS = (
    "instance",
    "staff",
    "sites",
    "variables",
    "integers",
    "constraints",
    "build_s",
    "solve_s",
    "total_s",
    "status",
    "gap",
    "objective",
    "peak_mb",
)
"""benchmarks/run.py's columns, with the staff and sites of each instance and without the
capital-only reference and saving."""
Row = dict[str, object]


def solve_file(
    path: Path, time_limit: float | None, passport: str | None, mip_gap: float = 1e-4
) -> Row:
    """Load, solve and measure one instance (runs in a worker process for a folder)."""
    from netopt import solve_workforce  # lazily: the generator works without the model

    instance = netopt.load_instance(path)
    policy = None if passport is None else PassportPolicy(passport)
    options = netopt.SolveOptions(time_limit=time_limit, mip_gap=mip_gap)
    plan = solve_workforce(instance, options, policy)
    t = plan.timings
    return {
        "instance": path.stem,
        "staff": sum(k.count for k in instance.staff),
        "sites": len(instance.sites),
        "variables": plan.size.variables,
        "integers": plan.size.integer_variables,
        "constraints": plan.size.constraints,
        "build_s": round(t.data + t.build, 2),
        "solve_s": round(t.solve, 2),
        "total_s": round(t.total, 2),
        "status": plan.status.value,
        "gap": None if plan.report.gap is None else round(plan.report.gap, 5),
        "objective": None if plan.objective is None else round(plan.objective, 2),
        "peak_mb": peak_mb(),
        "runs": plan.report.termination,
    }


def instance_files(target: Path) -> list[Path]:
    """A file, or a folder's files as listed in its networks.csv (else its *.yaml, sorted)."""
    if target.is_file():
        return [target]
    index = target / "networks.csv"
    if index.exists():
        with index.open(newline="", encoding="utf-8") as f:
            return [target / row["file"] for row in csv.DictReader(f)]
    return sorted(target.glob("*.yaml"))


def run(
    target: Path,
    time_limit: float | None,
    workers: int | None,
    passport: str | None,
    csv_path: Path | None,
    mip_gap: float = 1e-4,
) -> int:
    """Solve every instance of ``target`` and print the table and the wall time."""
    if not hasattr(netopt, "solve_workforce"):
        print("netopt.solve_workforce does not exist yet: nothing to run", file=sys.stderr)
        return 2
    files = instance_files(target)
    start = time.perf_counter()
    rows = run_in_processes(
        partial(solve_file, time_limit=time_limit, passport=passport, mip_gap=mip_gap),
        files,
        workers,
    )
    wall = time.perf_counter() - start
    print_table(rows, COLUMNS)
    print(
        f"wall time {wall:.2f} s for {len(rows)} instance(s); peak memory of this process and "
        f"its finished workers {peak_mb()} MB"
    )
    if csv_path is not None:
        write_csv(rows, csv_path, (*COLUMNS, "runs"))
    return 0


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write the benchmark network or all of England")
    gen.add_argument("--size", choices=("benchmark", "england"), default="benchmark")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument(
        "--out", type=Path, required=True, help="a .yaml file (benchmark) or a folder (england)"
    )
    solve = commands.add_parser("run", help="solve instances and print the benchmark table")
    solve.add_argument("target", type=Path, help="an instance file or a generated folder")
    solve.add_argument("--time-limit", type=float, default=60.0, help="per solve (seconds)")
    solve.add_argument("--mip-gap", type=float, default=1e-4, help="relative gap to stop at")
    solve.add_argument("--workers", type=int, default=None, help="worker processes (folders)")
    solve.add_argument("--passport", choices=[p.value for p in PassportPolicy if p.value != "list"])
    solve.add_argument("--csv", type=Path, default=None, help="also write the table as CSV")
    args = parser.parse_args(argv)
    if args.command == "generate":
        if args.size == "benchmark":
            ok = generate_benchmark(args.seed, args.out)
        else:
            ok = generate_england_folder(args.seed, args.out)
        return 0 if ok else 1
    return run(args.target, args.time_limit, args.workers, args.passport, args.csv, args.mip_gap)


if __name__ == "__main__":
    sys.exit(main())
