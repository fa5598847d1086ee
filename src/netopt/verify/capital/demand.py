"""Where patients are scanned: ``demand_balance`` and ``travel_limit`` of ``models/capital.md``."""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally, within
from netopt.verify.words import num


def check_demand_balance(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``demand_balance``: for each referring site, exam type and year, the exams scanned
    (``flows``) plus those outsourced equal the demand recomputed from the instance (given
    years as given, others grown from the latest earlier given year); outsourcing only for exam
    types with an outsourcing cost; no negative exams."""
    out: list[Violation] = []
    scanned: dict[tuple[str, str, int], Tally] = defaultdict(Tally)
    outsourced: dict[tuple[str, str, int], Tally] = defaultdict(Tally)
    for f in plan.flows:
        if f.exam_type in ref.exam_types and f.origin in ref.sites:
            scanned[(f.origin, f.exam_type, f.year)].add(f.exams)
            if f.exams < -CELL:
                out.append(
                    Violation(
                        "demand_balance",
                        {
                            "origin": f.origin,
                            "site": f.site,
                            "exam_type": f.exam_type,
                            "year": f.year,
                        },
                        f"{num(f.exams)} {f.exam_type} exams from {f.origin} to {f.site}: exams cannot be negative",
                    )
                )
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is None or o.site not in ref.sites:
            continue
        outsourced[(o.site, o.exam_type, o.year)].add(o.exams)
        where: Where = {"site": o.site, "exam_type": o.exam_type, "year": o.year}
        if exam.outsourcing_cost is None and abs(o.exams) > CELL:
            out.append(
                Violation(
                    "demand_balance",
                    where,
                    f"{num(o.exams)} {o.exam_type} exams from {o.site} are outsourced in "
                    f"{o.year}, but {o.exam_type} has no outsourcing cost: it cannot be outsourced",
                )
            )
        elif o.exams < -CELL:
            out.append(
                Violation(
                    "demand_balance", where, f"{num(o.exams)} outsourced exams: cannot be negative"
                )
            )
    for key in sorted({*ref.demand, *scanned, *outsourced}):
        site, exam_type, year = key
        demand = ref.demand.get(key, 0.0)
        scan, out_ = scanned[key], outsourced[key]
        done = Tally(scan.value + out_.value, scan.slack + out_.slack)
        if done.agrees(demand, tolerance):
            continue
        gap = done.value - demand
        if demand == 0:
            text = f"there is no {exam_type} demand at {site} in {year}, but the plan scans {num(scan.value)} and outsources {num(out_.value)} exams"
        else:
            text = (
                f"{site} refers {num(demand)} {exam_type} exams in {year}; the plan scans "
                f"{num(scan.value)} and outsources {num(out_.value)}, "
                f"{num(abs(gap))} {'too many' if gap > 0 else 'short'}"
            )
        out.append(
            Violation("demand_balance", {"site": site, "exam_type": exam_type, "year": year}, text)
        )
    return out


def check_outsourcing_limit(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``outsourcing_limit``: for each exam type and year with a limit (the year's
    ``outsourcing_limits`` row, else the exam type's ``outsourcing_capacity``), the exams
    outsourced from every referring site together are at most the limit."""
    outsourced: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for o in plan.outsourced:
        outsourced[(o.exam_type, o.year)].add(o.exams)
    out: list[Violation] = []
    for (exam_type, year), total in sorted(outsourced.items()):
        limit = ref.outsourcing_limits.get((exam_type, year))
        if limit is None or within(total.value, limit, tolerance, CELL + total.slack):
            continue
        out.append(
            Violation(
                "outsourcing_limit",
                {"exam_type": exam_type, "year": year},
                f"the plan outsources {num(total.value)} {exam_type} exams in {year}; the "
                f"outsourcing companies take at most {num(limit)}, "
                f"{num(total.value - limit)} too many",
            )
        )
    return out


def check_travel_limit(ref: Reference, plan: PlanTables) -> list[Violation]:
    """``travel_limit`` (the ``reach`` of ``flows``): exams go only to sites that can host the
    modality (else ``demand_balance``) and that are reachable within the travel limit of the
    referring site and exam type (shortest travel time, recomputed): the origin's
    ``travel_limits`` row for the exam type, else the tighter of the exam type's own limit and
    the modality's from the origin (its row for the modality, else ``max_travel_minutes``)."""
    out: list[Violation] = []
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is None or f.origin not in ref.sites or f.site not in ref.sites or f.exams <= CELL:
            continue
        where: Where = {
            "origin": f.origin,
            "site": f.site,
            "exam_type": f.exam_type,
            "year": f.year,
        }
        limit, whose = ref.max_travel(f.origin, exam)
        minutes = ref.minutes[f.origin].get(f.site)
        if not ref.can_host(f.site, exam.modality):
            out.append(
                Violation(
                    "demand_balance",
                    where,
                    f"{num(f.exams)} {f.exam_type} exams from {f.origin} are scanned at {f.site} "
                    f"in {f.year}, which has no {exam.modality} rooms",
                )
            )
        if minutes is None:
            out.append(
                Violation(
                    "travel_limit",
                    where,
                    f"{f.origin}'s {f.exam_type} patients are sent to {f.site} in {f.year}, "
                    "but there is no route between them",
                )
            )
        elif limit is not None and minutes > limit:
            out.append(
                Violation(
                    "travel_limit",
                    where,
                    f"{num(f.exams)} {f.exam_type} patients from {f.origin} travel "
                    f"{minutes:,.1f} minutes to {f.site} in {f.year}, beyond the {whose} "
                    f"of {num(limit)} minutes",
                )
            )
    return out
