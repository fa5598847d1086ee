"""Work for another employer: ``passport_cover`` and ``passport_holders`` of
``models/joint.md``, and the columns of ``staff_passports.csv``.

Scanning at another employer's sites always needs a passport to it, and reporting its exams
needs one when ``staff_planning.remote_reporting_passport`` is ``required``; no passport across
employers may be granted when ``cross_employer_passports`` is false. A passport once granted is
held. The work other employers' staff do at an employer's scanners (``scanner_staffing.csv``)
and on its exams (``reports.csv``) must be the work of the passports to it.
"""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.columns import Cells
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import PassportRow, StaffingTables
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally, agree, within
from netopt.verify.words import hours_text, num

PassportKey = tuple[str, str, str, int]
"""(employer, role, employer worked for, year)."""


def _where(row: PassportRow) -> Where:
    return {
        "employer": row.employer,
        "role": row.role,
        "works_for": row.works_for,
        "year": row.year,
    }


def check_passport_holders(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``passport_holders``: the WTE holding a passport is the WTE holding it the year before
    (none before the first plan year; a missing row is none) plus the WTE granted it that
    year; neither is negative."""
    rows = {(p.employer, p.role, p.works_for, p.year): p for p in tables.staff_passports}
    out = []
    for key, row in sorted(rows.items()):
        em, ro, em2, y = key
        at = f"staff_passports.csv line {row.line}"
        if row.wte_holding < 0 or row.wte_granted < 0:
            message = f"{at}: WTE holding and granted passports cannot be negative"
            out.append(Violation("passport_holders", _where(row), message))
            continue
        if y < ref.last and (em, ro, em2, y + 1) not in rows and row.wte_holding > CELL:
            out.append(
                Violation(
                    "passport_holders",
                    {**_where(row), "year": y + 1},
                    f"{at}: {num(row.wte_holding)} WTE of {em}'s {ro} hold a passport to work "
                    f"for {em2} in {y}, but staff_passports.csv has no row for {y + 1} (a "
                    "passport once granted is held)",
                )
            )
        before = rows.get((em, ro, em2, y - 1))
        held = before.wte_holding if before is not None and y > ref.first else 0.0
        expected = Tally()
        expected.add(held)
        expected.add(row.wte_granted)
        if not expected.agrees(row.wte_holding, tolerance):
            out.append(
                Violation(
                    "passport_holders",
                    _where(row),
                    f"{at}: {num(row.wte_holding)} WTE of {em}'s {ro} hold a passport to work "
                    f"for {em2} in {y}; {num(held)} held in {y - 1} and {num(row.wte_granted)} "
                    f"granted make {num(expected.value)} (a passport once granted is held)",
                )
            )
    return out


def check_passport_cover(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``passport_cover``: passports are held only where the instance allows them (another
    employer, passports across employers allowed, work there that needs one), and the work a
    role's staff do for another employer that needs a passport (scanning; reporting too when
    it needs one) fits the clinical hours of the WTE holding it; the work of ``scanner_staffing.csv``
    and ``reports.csv`` done by other employers' staff is that of the passports to them."""
    out = []
    for row in tables.staff_passports:
        at = f"staff_passports.csv line {row.line}"
        where = _where(row)
        columns = ("scanning_hours", "reports", "reporting_hours")
        negative = [c for c in columns if getattr(row, c) < 0]
        if negative:
            message = f"{at}: {', '.join(negative)} cannot be negative"
            out.append(Violation("passport_cover", where, message))
            continue
        why = ref.no_passport(row.employer, row.role, row.works_for)
        if why is not None:
            message = (
                f"{at}: {num(row.wte_holding)} WTE of {row.employer}'s {row.role} hold a "
                f"passport to work for {row.works_for} in {row.year}, but {why}"
            )
            out.append(Violation("passport_cover", where, message))
            continue
        role = ref.roles[row.role]
        hosted = ref.hosts.get(row.works_for, frozenset())
        if row.scanning_hours > 0 and not set(role.scans) & hosted:
            message = (
                f"{at}: {row.employer}'s {row.role} staff scan {hours_text(row.scanning_hours)} "
                f"at {row.works_for}'s sites in {row.year}, but {row.role} scans none of the "
                "modalities they can host"
            )
            out.append(Violation("scanner_staffing", where, message))
        work = row.scanning_hours + (row.reporting_hours if ref.remote_needs_passport else 0.0)
        cover = role.clinical_hours * row.wte_holding
        if not within(work, cover, tolerance, (role.clinical_hours + 2) * CELL):
            what = "scanning and reporting" if ref.remote_needs_passport else "scanning"
            out.append(
                Violation(
                    "passport_cover",
                    where,
                    f"{at}: {row.employer}'s {row.role} staff work {hours_text(work)} "
                    f"({what}) for {row.works_for} in {row.year}, but the "
                    f"{num(row.wte_holding)} WTE holding a passport to it give "
                    f"{hours_text(cover)} ({role.clinical_hours:g} clinical hours a WTE)",
                )
            )
    return out + _check_work_covered(ref, tables)


def _check_work_covered(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """Other employers' staff's scanning (and reporting, when it needs a passport) at each
    employer is that of the passports held to it."""
    terms = len(tables.scanner_staffing) + len(tables.reports) + len(tables.staff_passports)
    slack = (terms + 1) * CELL
    scanned: dict[tuple[str, int], float] = defaultdict(float)
    reported: dict[tuple[str, int], float] = defaultdict(float)
    for s in tables.scanner_staffing:
        scanned[(s.employer, s.year)] += s.other_employers_hours
    for r in tables.reports:
        reported[(r.employer, r.year)] += r.reported_by_other_employers
    covered_hours: dict[tuple[str, int], float] = defaultdict(float)
    covered_reports: dict[tuple[str, int], float] = defaultdict(float)
    for p in tables.staff_passports:
        covered_hours[(p.works_for, p.year)] += p.scanning_hours
        covered_reports[(p.works_for, p.year)] += p.reports
    out = []
    for em, y in sorted({*scanned, *covered_hours}):
        done, covered = scanned.get((em, y), 0.0), covered_hours.get((em, y), 0.0)
        if agree(done, covered, 0.0, slack):
            continue
        if done > covered:
            family = "passport_cover"
            tail = "scanning at another employer's sites needs a passport"
        else:
            family = "tables"
            tail = "passports cannot cover more scanning than is done"
        out.append(
            Violation(
                family,
                {"employer": em, "year": y},
                f"other employers' staff scan {hours_text(done)} at {em}'s scanners in {y} "
                f"(scanner_staffing.csv), but staff_passports.csv has the holders of passports "
                f"to {em} scan {hours_text(covered)}: {tail}",
            )
        )
    for em, y in sorted({*reported, *covered_reports}):
        done, covered = reported.get((em, y), 0.0), covered_reports.get((em, y), 0.0)
        if agree(done, covered, 0.0, slack):
            continue
        if covered > done:
            family, tail = "tables", "passports cannot cover more reports than are made"
        elif ref.remote_needs_passport:
            family, tail = "passport_cover", "reporting for another employer needs a passport"
        else:
            continue
        out.append(
            Violation(
                family,
                {"employer": em, "year": y},
                f"other employers' staff report {num(done)} of {em}'s exams in {y} "
                f"(reports.csv), but staff_passports.csv has the holders of passports to {em} "
                f"report {num(covered)}: {tail}",
            )
        )
    return out


def check_passport_columns(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``staff_passports.csv``: a row's reporting hours are its reports at the role's report
    minutes (a range when the role reports exam types of different minutes)."""
    cells = Cells("staff_passports.csv", tolerance)
    for row in tables.staff_passports:
        least, most = ref.report_hours_range(ref.roles[row.role])
        low, high = least * row.reports, most * row.reports
        rounding = (most + 1) * CELL
        if low - rounding <= row.reporting_hours <= high + rounding:
            continue
        span = hours_text(low) if agree(low, high, 0.0) else f"{num(low)} to {hours_text(high)}"
        cells.add(
            f"staff_passports.csv line {row.line}, column reporting_hours holds "
            f"{num(row.reporting_hours)}; its {num(row.reports)} reports take {span} at "
            f"{row.role}'s report minutes",
            row.line,
            "reporting_hours",
        )
    return cells.out
