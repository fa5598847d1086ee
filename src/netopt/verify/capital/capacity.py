"""Scan hours and rooms: ``scan_capacity``, ``capability_cover``, ``rooms_limit`` and
``new_rooms_limit`` of ``models/capital.md``."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from netopt.verify.capital.fleet import Units
from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL
from netopt.verify.words import hours_text

ANY = "any"
"""The need of exams any scanner of the modality can do."""


def split_shortfall(needs: dict[str, float], kinds: dict[frozenset[str], float]) -> float:
    """Hours of demand that cannot be served when each need may use only the hours of kinds
    having it (any kind for ``ANY``): the exact transportation split, solved as a max flow
    source -> need (its hours) -> kind (unbounded) -> sink (the kind's hours)."""
    graph = nx.DiGraph()
    for need, hours in needs.items():
        graph.add_edge("source", ("need", need), capacity=hours)
        for caps in kinds:
            if need == ANY or need in caps:
                graph.add_edge(("need", need), ("kind", caps))  # no capacity: unbounded
    for caps, hours in kinds.items():
        graph.add_edge(("kind", caps), "sink", capacity=hours)
    total = sum(needs.values())
    if "sink" not in graph or "source" not in graph:
        return total
    return total - float(nx.maximum_flow_value(graph, "source", "sink"))


def ceiling_text(ceiling: float) -> str:
    """`` (utilisation ceiling 85%)``, or nothing for a ceiling of 100%."""
    return "" if ceiling >= 1.0 else f" (utilisation ceiling {ceiling:.0%})"


def check_capacity(
    ref: Reference, plan: PlanTables, fleet: list[Units], tolerance: float
) -> list[Violation]:
    """``scan_capacity`` and ``capability_cover``: at each site, modality and year, the scan
    hours of the exams sent there (exams x scan minutes / 60) fit the hours the scanners in
    service may book (hours per year x (1 - downtime by age - condition downtime - installation
    weeks / 52 in a new unit's first year) x throughput factor x the site's utilisation
    ceiling, by kind), exams needing a capability using only hours of kinds with it. ``scan_capacity`` when the total
    hours fall short, ``capability_cover`` when the total would do but the split cannot."""
    needs: dict[tuple[str, str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    slack: dict[tuple[str, str, int], float] = defaultdict(float)
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is None or f.site not in ref.sites:
            continue
        key = (f.site, exam.modality, f.year)
        needs[key][exam.capability or ANY] += f.exams * exam.scan_minutes / 60.0
        slack[key] += CELL * exam.scan_minutes / 60.0
    kinds: dict[tuple[str, str, int], dict[frozenset[str], float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for units in fleet:
        ceiling = ref.utilisation_ceiling(units.site, units.modality)
        for year in units.service_years(ref.first):
            kinds[(units.site, units.modality, year)][units.capabilities] += (
                units.count * units.exam_hours(year) * ceiling
            )
    out: list[Violation] = []
    for key in sorted(needs):
        site, modality, year = key
        demand = sum(needs[key].values())
        have = kinds.get(key, {})
        available = sum(have.values())
        allowed = CELL + slack[key] + tolerance * max(demand, available)
        where: Where = {"site": site, "modality": modality, "year": year}
        short = split_shortfall(dict(needs[key]), dict(have))
        if demand - available > allowed:
            out.append(
                Violation(
                    "scan_capacity",
                    where,
                    f"{site} needs {hours_text(demand)} of {modality} scanning in {year} but its "
                    f"{modality} scanners in service may book {hours_text(available)}"
                    f"{ceiling_text(ref.utilisation_ceiling(site, modality))} "
                    f"({hours_text(demand - available)} short)",
                )
            )
        if short - max(0.0, demand - available) > allowed:
            offered = "; ".join(
                f"{need} exams take {hours_text(needed)}, {modality} scanners with {need} offer "
                f"{hours_text(sum(h for caps, h in have.items() if need in caps))}"
                for need, needed in sorted(needs[key].items())
                if need != ANY
            )
            out.append(
                Violation(
                    "capability_cover",
                    where,
                    f"at {site} in {year}, {hours_text(short)} of {modality} exams cannot be given "
                    f"scanners with the capability they need ({offered})",
                )
            )
    return out


def check_rooms(ref: Reference, plan: PlanTables, fleet: list[Units]) -> list[Violation]:
    """``rooms_limit`` and ``new_rooms_limit``: units in service at each site, modality and year
    (not during their lead time) fit the rooms there plus the rooms built so far; rooms are
    built only where ``max_new_rooms > 0``, in plan years, no more than ``max_new_rooms``."""
    out: list[Violation] = []
    built: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for r in plan.new_rooms:
        if r.site not in ref.sites or r.modality not in ref.modalities:
            continue
        built[(r.site, r.modality)].append((r.year, r.rooms))
        where: Where = {"site": r.site, "modality": r.modality, "year": r.year}
        room = ref.rooms.get((r.site, r.modality))
        if room is None or room.max_new_rooms == 0:
            out.append(
                Violation(
                    "new_rooms_limit",
                    where,
                    f"{r.rooms} {r.modality} room(s) are built at {r.site}, where none may be built",
                )
            )
        if r.year not in ref.years or r.rooms < 1:
            out.append(
                Violation(
                    "new_rooms_limit",
                    where,
                    f"{r.rooms} room(s) built in {r.year}: rooms are built in whole numbers in plan years",
                )
            )
    for (site, modality), rows in sorted(built.items()):
        total = sum(n for _, n in rows)
        room = ref.rooms.get((site, modality))
        most = room.max_new_rooms if room else 0
        if total > most and most > 0:
            out.append(
                Violation(
                    "new_rooms_limit",
                    {"site": site, "modality": modality},
                    f"{total} new {modality} rooms are built at {site}; at most {most} may be",
                )
            )
    standing: Counter[tuple[str, str, int]] = Counter()
    for units in fleet:
        for year in units.service_years(ref.first):
            standing[(units.site, units.modality, year)] += units.count
    for (site, modality, year), count in sorted(standing.items()):
        room = ref.rooms.get((site, modality))
        existing = room.rooms if room else 0
        new = sum(n for y, n in built.get((site, modality), []) if y <= year)
        if count > existing + new:
            out.append(
                Violation(
                    "rooms_limit",
                    {"site": site, "modality": modality, "year": year},
                    f"{site} has {count} {modality} scanners in service in {year} but "
                    f"{existing + new} room(s) ({existing} existing + {new} built by then)",
                )
            )
    return out
