"""Staffing the scanners: ``scanner_staffing`` and ``skill_mix`` of ``models/joint.md``, the
columns of ``scanner_staffing.csv``, and the staff's scanning hours (``staffing.csv``) against
the hours they staff.

The hours an employer's scanners of a modality run in a year are re-derived from the exams
scanned at its sites (``flows.csv``): each exam's scan hours (the exam type's scan minutes)
over the utilisation ceiling of the site (its rooms row's, else the modality's), since a
scanner is staffed for its whole session and only the ceiling of it is booked. The scanning
hours of an employer's staff are its own scanners' hours staffed by its own staff plus the
hours it scans for other employers under passports (``staff_passports.csv``).
"""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import ScannerStaffingRow, StaffingTables, StaffYear
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, NOISE, Tally, within
from netopt.verify.words import hours_text, num

Staffed = tuple[str, str, int]
"""(employer, modality, year)."""


def scanner_hours(ref: StaffingReference, plan: PlanTables) -> dict[Staffed, Tally]:
    """The hours each employer's scanners of each modality run in each year: exams scanned at
    its sites (``flows.csv``) x the exam type's scan hours / the site's utilisation ceiling."""
    cap = ref.capital
    out: dict[Staffed, Tally] = defaultdict(Tally)
    for f in plan.flows:
        exam = cap.exam_types.get(f.exam_type)
        employer = ref.site_employer.get(f.site)
        if exam is None or employer is None or exam.modality not in cap.modalities:
            continue
        ceiling = cap.utilisation_ceiling(f.site, exam.modality)
        out[(employer, exam.modality, f.year)].add(f.exams, exam.scan_minutes / 60.0 / ceiling)
    return dict(out)


def agency_shares(ref: StaffingReference, tables: StaffingTables) -> dict[tuple[str, int], Tally]:
    """(employer, year) -> agency hours over all clinical hours of its roles (its own staff's
    and its agency's), where it has any."""
    hours: dict[tuple[str, int], Tally] = defaultdict(Tally)
    agency: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for row in tables.staffing:
        key = (row.employer, row.year)
        hours[key].add(row.wte, ref.roles[row.role].clinical_hours)
        hours[key].add(row.agency_hours)
        agency[key].add(row.agency_hours)
    out = {}
    for key, total in hours.items():
        if total.value > 0:
            share = agency[key].value / total.value
            slack = (agency[key].slack + share * total.slack) / total.value
            out[key] = Tally(share, CELL + slack)
    return out


def check_scanner_staffing(
    ref: StaffingReference, tables: StaffingTables, plan: PlanTables, tolerance: float
) -> list[Violation]:
    """``scanner_staffing``: the hours staff scan at each employer's scanners of a modality
    in a year (its own staff's and other employers') are at least ``staff_per_scanner`` x the
    hours they run; ``skill_mix``: those of assistant practitioners at most
    ``max_assistants_per_scanner`` x the hours. Scanners that run need a row of
    ``scanner_staffing.csv``; staff scan only where scanners of the modality can stand."""
    hours = scanner_hours(ref, plan)
    rows = {(r.employer, r.modality, r.year): r for r in tables.scanner_staffing}
    out = []
    for key in sorted({*hours, *rows}):
        em, mo, y = key
        run = hours.get(key, Tally())
        row = rows.get(key)
        where: Where = {"employer": em, "modality": mo, "year": y}
        if row is None:
            if run.value > NOISE:
                out.append(
                    Violation(
                        "scanner_staffing",
                        where,
                        f"{em}'s {mo} scanners run {hours_text(run.value)} in {y} (the exams of "
                        "flows.csv over the utilisation ceiling) but scanner_staffing.csv has "
                        "no row for them: no staff scan there",
                    )
                )
            continue
        out += _check_row(ref, row, run, where, tolerance)
    return out


def _check_row(
    ref: StaffingReference,
    row: ScannerStaffingRow,
    run: Tally,
    where: Where,
    tolerance: float,
) -> list[Violation]:
    em, mo, y = row.employer, row.modality, row.year
    at = f"scanner_staffing.csv line {row.line}"
    columns = ("own_staff_hours", "other_employers_hours", "assistant_hours")
    negative = [c for c in columns if getattr(row, c) < 0]
    if negative:
        return [
            Violation("scanner_staffing", where, f"{at}: {', '.join(negative)} cannot be negative")
        ]
    staffed = row.own_staff_hours + row.other_employers_hours
    if staffed > 0 and mo not in ref.hosts.get(em, frozenset()):
        message = f"{at}: staff scan {mo} at {em}'s sites in {y}, which have no {mo} rooms"
        return [Violation("scanner_staffing", where, message)]
    out = []
    phi = ref.staff_per_scanner.get(mo, 1)
    needed = Tally(phi * run.value, phi * run.slack)
    if not within(needed.value, staffed, tolerance, needed.slack + 2 * CELL):
        out.append(
            Violation(
                "scanner_staffing",
                where,
                f"{em}'s {mo} scanners run {hours_text(run.value)} in {y} and need {phi} "
                f"staff each: {hours_text(needed.value)} of staff; {at} staffs "
                f"{hours_text(staffed)} ({num(row.own_staff_hours)} by {em}'s staff, "
                f"{num(row.other_employers_hours)} by other employers')",
            )
        )
    alpha = ref.max_assistants.get(mo, 0)
    allowed = alpha * run.value
    if not within(row.assistant_hours, allowed, tolerance, alpha * run.slack + CELL):
        out.append(
            Violation(
                "skill_mix",
                where,
                f"{at}: assistant practitioners scan {hours_text(row.assistant_hours)} at "
                f"{em}'s {mo} scanners in {y}, above the {alpha} of {phi} staff per scanner "
                f"they may be (max_assistants_per_scanner): {hours_text(allowed)}",
            )
        )
    return out


def check_scanner_staffing_columns(
    ref: StaffingReference, tables: StaffingTables, plan: PlanTables, tolerance: float
) -> list[Violation]:
    """``scanner_staffing.csv``: ``scanner_hours`` are the hours the scanners run (re-derived
    from ``flows.csv``), ``staff_hours_needed`` ``staff_per_scanner`` x them, no more
    ``assistant_hours`` than staff hours, and ``agency_share`` the employer's agency hours over
    all its clinical hours that year (``staffing.csv``; empty without any)."""
    cells = Cells("scanner_staffing.csv", tolerance)
    hours = scanner_hours(ref, plan)
    shares = agency_shares(ref, tables)
    for row in tables.scanner_staffing:
        key = (row.employer, row.modality, row.year)
        run = hours.get(key, Tally())
        why = "the exams of flows.csv x scan hours / utilisation ceiling"
        cells.number(row.line, "scanner_hours", row.scanner_hours, run, why)
        phi = ref.staff_per_scanner.get(row.modality, 1)
        needed = Tally(phi * run.value, phi * run.slack)
        why = f"the scanner hours x {phi} staff per scanner"
        cells.number(row.line, "staff_hours_needed", row.staff_hours_needed, needed, why)
        if not within(row.assistant_hours, row.own_staff_hours + row.other_employers_hours, 0.0):
            cells.add(
                f"scanner_staffing.csv line {row.line}: {num(row.assistant_hours)} assistant "
                f"hours of {num(row.own_staff_hours + row.other_employers_hours)} staff hours",
                row.line,
                "assistant_hours",
            )
        why = f"{row.employer}'s agency and clinical hours of {row.year} in staffing.csv"
        share = shares.get((row.employer, row.year))
        cells.number(row.line, "agency_share", row.agency_share, share, why)
    return cells.out


def _scanning(tables: StaffingTables) -> tuple[dict[StaffYear, float], dict[StaffYear, float]]:
    """The scanning hours of each employer's role in each year (``staffing.csv``) and those of
    them for other employers (``staff_passports.csv``)."""
    by_role: dict[StaffYear, float] = defaultdict(float)
    for row in tables.staffing:
        by_role[(row.employer, row.role, row.year)] += row.scanning_hours
    away: dict[StaffYear, float] = defaultdict(float)
    for p in tables.staff_passports:
        away[(p.employer, p.role, p.year)] += p.scanning_hours
    return dict(by_role), dict(away)


def _slack(tables: StaffingTables) -> float:
    """The rounding allowance of a figure added up over the rows of the workforce tables."""
    terms = len(tables.staffing) + len(tables.scanner_staffing) + len(tables.staff_passports)
    return (terms + 1) * CELL


def check_scanning_hours(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """``tables``: for each employer and year, its roles' ``scanning_hours`` (``staffing.csv``)
    are the hours its own staff scan at its scanners (``scanner_staffing.csv``) plus those they
    scan for other employers (``staff_passports.csv``); network-wide, assistant practitioners'
    scanning hours are the assistant hours of ``scanner_staffing.csv``."""
    by_role, _ = _scanning(tables)
    slack = _slack(tables)
    written: dict[tuple[str, int], float] = defaultdict(float)
    lines: dict[tuple[str, int], list[int]] = defaultdict(list)
    for row in tables.staffing:
        written[(row.employer, row.year)] += row.scanning_hours
        lines[(row.employer, row.year)].append(row.line)
    own: dict[tuple[str, int], float] = defaultdict(float)
    for s in tables.scanner_staffing:
        own[(s.employer, s.year)] += s.own_staff_hours
    lent: dict[tuple[str, int], float] = defaultdict(float)
    for p in tables.staff_passports:
        lent[(p.employer, p.year)] += p.scanning_hours
    out: list[Violation] = []
    for em, y in sorted({*written, *own, *lent}):
        home, away = own.get((em, y), 0.0), lent.get((em, y), 0.0)
        if abs(written.get((em, y), 0.0) - home - away) <= slack:
            continue
        at = ", ".join(str(line) for line in lines.get((em, y), [])) or "none"
        out.append(
            Violation(
                "tables",
                {"file": "staffing.csv", "employer": em, "year": y},
                f"staffing.csv gives {em}'s staff {hours_text(written.get((em, y), 0.0))} of "
                f"scanning in {y} (lines {at}); scanner_staffing.csv has them scan "
                f"{hours_text(home)} at {em}'s scanners and staff_passports.csv "
                f"{hours_text(away)} for other employers: {hours_text(home + away)}",
            )
        )
    by_assistants: dict[int, float] = defaultdict(float)
    for (_, ro, y), hours in by_role.items():
        if ref.assistant(ro):
            by_assistants[y] += hours
    staffed: dict[int, float] = defaultdict(float)
    for s in tables.scanner_staffing:
        staffed[s.year] += s.assistant_hours
    for y in sorted({*staffed, *by_assistants}):
        if abs(by_assistants.get(y, 0.0) - staffed.get(y, 0.0)) > slack:
            out.append(
                Violation(
                    "tables",
                    {"file": "staffing.csv", "year": y},
                    f"staffing.csv gives assistant practitioners "
                    f"{hours_text(by_assistants.get(y, 0.0))} of scanning in {y}; "
                    f"scanner_staffing.csv has them scan {hours_text(staffed.get(y, 0.0))}",
                )
            )
    return out


def check_scanning_roles(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """``scanner_staffing``: a role scans only if it scans a modality, and an employer's own
    staff scan a modality at its scanners no more than its roles that scan it scan at its
    sites (their scanning hours less those for other employers)."""
    by_role, away = _scanning(tables)
    slack = _slack(tables)
    out: list[Violation] = []
    for row in tables.staffing:
        if row.scanning_hours > 0 and not ref.roles[row.role].scans:
            out.append(
                Violation(
                    "scanner_staffing",
                    {"employer": row.employer, "role": row.role, "year": row.year},
                    f"staffing.csv line {row.line}: {row.employer}'s {row.role} staff scan "
                    f"{hours_text(row.scanning_hours)} in {row.year}, but {row.role} scans no "
                    "modality",
                )
            )
    roles_at: dict[tuple[str, int], list[str]] = defaultdict(list)
    for em, ro, y in by_role:
        roles_at[(em, y)].append(ro)
    for s in tables.scanner_staffing:
        em, mo, y = s.employer, s.modality, s.year
        able = [ro for ro in roles_at.get((em, y), []) if mo in ref.roles[ro].scans]
        home = sum(by_role[(em, ro, y)] - away.get((em, ro, y), 0.0) for ro in able)
        if s.own_staff_hours - home <= slack:
            continue
        who = ", ".join(sorted(able)) or "none"
        out.append(
            Violation(
                "scanner_staffing",
                {"employer": em, "modality": mo, "year": y},
                f"scanner_staffing.csv line {s.line}: {em}'s own staff scan "
                f"{hours_text(s.own_staff_hours)} at its {mo} scanners in {y}, but {em}'s roles "
                f"that scan {mo} ({who}) scan {hours_text(home)} at its sites (staffing.csv "
                "less staff_passports.csv)",
            )
        )
    return out
