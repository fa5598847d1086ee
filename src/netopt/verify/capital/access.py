"""How near home patients are scanned: the ``access_target`` family of ``models/capital.md``
and ``access.csv`` (the equity view), re-derived from ``flows.csv``, ``outsourced.csv`` and
the instance (demand recomputed, travel minutes recomputed as shortest times, 0 at home).
Outsourced exams count as not within any number of minutes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import AccessRow, PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import Tally, within
from netopt.verify.words import num

FILE = "access.csv"
BANDS = (30, 45, 60)
"""The minutes ``access.csv`` counts exams within."""
RANK_BAND = 45
"""``rank`` orders origins by their share within this many minutes (lowest first)."""
AccessKey = tuple[str, str, int]
"""(origin, modality, year): a row of ``access.csv``."""


def _minutes(ref: Reference, origin: str, site: str) -> float | None:
    """Shortest travel minutes from ``origin`` to ``site`` (0 at home); None: no route."""
    if origin == site:
        return 0.0
    return ref.minutes.get(origin, {}).get(site)


@dataclass
class Access:
    """One origin's exams of one modality in one year."""

    demanded: float = 0.0
    within: dict[int, Tally] = field(default_factory=lambda: {b: Tally() for b in BANDS})
    outsourced: Tally = field(default_factory=Tally)
    scanned: Tally = field(default_factory=Tally)
    exam_minutes: Tally = field(default_factory=Tally)
    longest: float | None = None


def access_by_origin(ref: Reference, plan: PlanTables) -> dict[AccessKey, Access]:
    """Per (origin, modality, year) with demand or exams in the plan: the exams demanded (from
    the instance), scanned within each band of minutes, outsourced, and the travel of those
    scanned."""
    out: dict[AccessKey, Access] = defaultdict(Access)
    for (origin, exam_type, year), exams in ref.demand.items():
        out[(origin, ref.exam_types[exam_type].modality, year)].demanded += exams
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        minutes = _minutes(ref, f.origin, f.site)
        if exam is None or minutes is None:
            continue
        row = out[(f.origin, exam.modality, f.year)]
        for band in BANDS:
            if minutes <= band:
                row.within[band].add(f.exams)
        row.scanned.add(f.exams)
        row.exam_minutes.add(f.exams, minutes)
        if f.exams > 0:
            row.longest = max(minutes, row.longest or 0.0)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is not None:
            out[(o.site, exam.modality, o.year)].outsourced.add(o.exams)
    return dict(out)


def check_access_target(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``access_target``: with the policy's target, for each modality and year with demand, the
    exams scanned within ``access_minutes`` of home (any origin) are at least ``access_share``
    of the modality's exams demanded that year, network-wide."""
    policy = ref.instance.policy
    share, minutes = policy.access_share, policy.access_minutes
    if share is None or minutes is None:
        return []
    demanded: dict[tuple[str, int], float] = defaultdict(float)
    for (_, exam_type, year), exams in ref.demand.items():
        demanded[(ref.exam_types[exam_type].modality, year)] += exams
    near: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        travel = _minutes(ref, f.origin, f.site)
        if exam is not None and travel is not None and travel <= minutes:
            near[(exam.modality, f.year)].add(f.exams)
    out: list[Violation] = []
    for (modality, year), total in sorted(demanded.items()):
        got = near[(modality, year)]
        needed = share * total
        if within(needed, got.value, tolerance, got.slack + 1e-6):
            continue
        out.append(
            Violation(
                "access_target",
                {"modality": modality, "year": year},
                f"the plan scans {num(got.value)} of {num(total)} {modality} exams in {year} "
                f"within {num(minutes)} minutes of home; the access target asks for "
                f"{share:.0%}, {num(needed)}",
            )
        )
    return out


def check_access_table(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``access.csv``: a row per origin, modality and year with demand, each column re-derived
    (:func:`access_by_origin`): shares over the exams demanded, the mean travel over the exams
    scanned (empty when none is), the longest travel of any exam scanned; ``rank`` numbers the
    origins of each modality and year 1, 2, ... with ``share_within_45`` not falling as the
    rank grows (1: worst served)."""
    cells = Cells(FILE, tolerance)
    derived = access_by_origin(ref, plan)
    written: dict[AccessKey, AccessRow] = {}
    for given in plan.access:
        key = (given.origin, given.modality, given.year)
        if key in written:
            cells.add(
                f"{FILE} repeats origin {given.origin}, {given.modality}, {given.year}", given.line
            )
        written[key] = given
    for key in sorted(set(derived) | set(written)):
        origin, modality, year = key
        row = written.get(key)
        access = derived.get(key, Access())
        if row is None:
            if access.demanded > 0:
                cells.add(
                    f"{FILE} has no row for origin {origin}, {modality}, {year}; it refers "
                    f"{num(access.demanded)} exams"
                )
            continue
        if not cells.known(row.line, "origin", origin, ref.sites, "site"):
            continue
        if not cells.known(row.line, "modality", modality, ref.modalities, "modality"):
            continue
        _check_row(cells, row, access)
    _check_ranks(cells, plan.access, tolerance)
    return cells.out


def _check_row(cells: Cells, row: AccessRow, access: Access) -> None:
    why = f"the plan's {row.modality} exams referred at {row.origin} in {row.year}"
    line = row.line
    cells.number(line, "exams_demanded", row.exams_demanded, access.demanded, f"{why} (demand)")
    counts = {30: row.exams_within_30, 45: row.exams_within_45, 60: row.exams_within_60}
    shares = {30: row.share_within_30, 45: row.share_within_45, 60: row.share_within_60}
    total = access.demanded
    for band in BANDS:
        got = access.within[band]
        cells.number(
            line, f"exams_within_{band}", counts[band], got, f"{why} within {band} minutes"
        )
        share = Tally(got.value / total, got.slack / total) if total > 0 else Tally()
        cells.number(
            line,
            f"share_within_{band}",
            shares[band],
            share,
            f"{why} within {band} minutes / exams demanded",
        )
    cells.number(
        line, "exams_outsourced", row.exams_outsourced, access.outsourced, f"{why} outsourced"
    )
    scanned = access.scanned.value
    mean = (
        Tally(access.exam_minutes.value / scanned, access.exam_minutes.slack / scanned)
        if scanned > 0
        else None
    )
    cells.number(
        line, "mean_travel_minutes", row.mean_travel_minutes, mean, f"{why}: mean travel scanned"
    )
    cells.number(
        line,
        "max_travel_minutes",
        row.max_travel_minutes,
        access.longest,
        f"{why}: longest travel scanned",
    )


def _check_ranks(cells: Cells, rows: list[AccessRow], tolerance: float) -> None:
    by_group: dict[tuple[str, int], list[AccessRow]] = defaultdict(list)
    for row in rows:
        by_group[(row.modality, row.year)].append(row)
    for (modality, year), group in sorted(by_group.items()):
        ranks = sorted(r.rank for r in group)
        if ranks != list(range(1, len(group) + 1)):
            cells.add(
                f"{FILE}: the ranks of {modality} in {year} are {ranks}, not 1 to {len(group)}",
                min(r.line for r in group),
                "rank",
            )
            continue
        ordered = sorted(group, key=lambda r: r.rank)
        for worse, better in pairwise(ordered):
            if within(worse.share_within_45, better.share_within_45, tolerance):
                continue
            cells.add(
                f"{FILE} line {better.line}, column rank: {better.origin} is ranked "
                f"{better.rank} ({modality}, {year}) with {num(better.share_within_45)} of its "
                f"exams within {RANK_BAND} minutes, below {worse.origin} ranked {worse.rank} "
                f"with {num(worse.share_within_45)}: rank 1 is the lowest share",
                better.line,
                "rank",
            )
