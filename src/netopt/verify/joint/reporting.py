"""Reporting: ``exam_reporting`` and ``report_outsourcing_limit`` of ``models/joint.md``, the
columns of ``reports.csv``, and the reports and reporting hours of the staff (``staffing.csv``)
against the exams they report.

The exams scanned at an employer's sites in a year are re-derived from ``flows.csv`` (exams
outsourced for scanning come back reported and need neither). Each is reported by the
employer's own staff, by another employer's staff, or by an outsourcing company. A role's
reports take the exam type's report minutes x its ``report_minutes_factor``; the reports an
employer's staff make are its own exams reported by its own staff plus those they report for
other employers, which ``staff_passports.csv`` lists where a passport is held (always, when
reporting for another employer needs a passport).
"""

from __future__ import annotations

from collections import defaultdict

from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables, StaffYear
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, NOISE, Tally, agree, within
from netopt.verify.words import count, hours_text, num

Reported = tuple[str, str, int]
"""(employer, exam type, year)."""


def exams_scanned(ref: StaffingReference, plan: PlanTables) -> dict[Reported, Tally]:
    """Exams of each type scanned at each employer's sites in each year (``flows.csv``)."""
    out: dict[Reported, Tally] = defaultdict(Tally)
    for f in plan.flows:
        employer = ref.site_employer.get(f.site)
        if employer is not None and f.exam_type in ref.capital.exam_types:
            out[(employer, f.exam_type, f.year)].add(f.exams)
    return dict(out)


def check_exam_reporting(
    ref: StaffingReference, tables: StaffingTables, plan: PlanTables, tolerance: float
) -> list[Violation]:
    """``exam_reporting``: the exams of a type scanned at each employer's sites in a year
    (``flows.csv``) are all reported: by its own staff, by other employers' staff, or
    outsourced (only exam types with a ``report_outsourcing_cost``); none is negative."""
    scanned = exams_scanned(ref, plan)
    rows = {(r.employer, r.exam_type, r.year): r for r in tables.reports}
    out = []
    for key in sorted({*scanned, *rows}):
        em, e, y = key
        exams = scanned.get(key, Tally())
        row = rows.get(key)
        where: Where = {"employer": em, "exam_type": e, "year": y}
        if row is None:
            if exams.value > NOISE:
                out.append(
                    Violation(
                        "exam_reporting",
                        where,
                        f"{count(exams.value, e + ' exam')} scanned at {em}'s sites in {y} "
                        "(flows.csv) have no row in reports.csv: no one reports them",
                    )
                )
            continue
        at = f"reports.csv line {row.line}"
        columns = ("reported_by_own_staff", "reported_by_other_employers", "reports_outsourced")
        negative = [c for c in columns if getattr(row, c) < 0]
        if negative:
            message = f"{at}: {', '.join(negative)} cannot be negative"
            out.append(Violation("exam_reporting", where, message))
            continue
        if row.reports_outsourced > NOISE and e not in ref.report_outsourcing_cost:
            out.append(
                Violation(
                    "exam_reporting",
                    where,
                    f"{at}: {num(row.reports_outsourced)} {e} reports of {em} are outsourced in "
                    f"{y}, but {e} has no report_outsourcing_cost: its reports cannot be "
                    "outsourced",
                )
            )
        reported = Tally()
        for column in columns:
            reported.add(getattr(row, column))
        if not reported.agrees(exams.value, tolerance, exams.slack):
            out.append(
                Violation(
                    "exam_reporting",
                    where,
                    f"{count(exams.value, e + ' exam')} are scanned at {em}'s sites in {y} "
                    f"(flows.csv) but {at} has {num(reported.value)} reported: "
                    f"{num(row.reported_by_own_staff)} by {em}'s staff, "
                    f"{num(row.reported_by_other_employers)} by other employers', "
                    f"{num(row.reports_outsourced)} outsourced",
                )
            )
    return out


def check_report_outsourcing_limit(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``report_outsourcing_limit``: for each row of ``report_outsourcing_limits`` and each
    year it holds in, the reports outsourced network-wide that year (of its exam type, or of
    every type) are at most its ``max_reports``."""
    out = []
    for exam_type, year, most, row in ref.outsourcing_limits:
        rows = [
            r
            for r in tables.reports
            if r.year == year and exam_type in (None, r.exam_type) and r.reports_outsourced
        ]
        total = sum(r.reports_outsourced for r in rows)
        if within(total, most, tolerance, CELL * (len(rows) + 1)):
            continue
        what = f"{exam_type} reports" if exam_type else "reports"
        lines = ", ".join(str(r.line) for r in rows)
        out.append(
            Violation(
                "report_outsourcing_limit",
                {"limit": row, "year": year, **({"exam_type": exam_type} if exam_type else {})},
                f"{num(total)} {what} are outsourced in {year} (reports.csv lines {lines}), "
                f"above the report_outsourcing_limits row {row}: at most {num(most)}",
            )
        )
    return out


def check_reports_columns(
    ref: StaffingReference, tables: StaffingTables, plan: PlanTables, tolerance: float
) -> list[Violation]:
    """``reports.csv``: ``exams_scanned`` are the exams of the type scanned at the employer's
    sites that year (``flows.csv``)."""
    cells = Cells("reports.csv", tolerance)
    scanned = exams_scanned(ref, plan)
    for row in tables.reports:
        exams = scanned.get((row.employer, row.exam_type, row.year), Tally())
        why = f"the {row.exam_type} exams of flows.csv at {row.employer}'s sites"
        cells.number(row.line, "exams_scanned", row.exams_scanned, exams, why)
    return cells.out


def _slack(tables: StaffingTables) -> float:
    """The rounding allowance of a figure added up over the rows of the workforce tables."""
    terms = len(tables.staffing) + len(tables.reports) + len(tables.staff_passports)
    return (terms + 1) * CELL


def check_reporting_roles(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """``exam_reporting``: a role makes reports only if it reports an exam type, and an
    employer's own staff report an exam type no more than its roles that report it make
    reports; ``tables``: a role's reporting hours are its reports at its report minutes (a
    range when it reports exam types of different minutes)."""
    out: list[Violation] = []
    made: dict[StaffYear, float] = defaultdict(float)
    for row in tables.staffing:
        role = ref.roles[row.role]
        at = f"staffing.csv line {row.line}"
        made[(row.employer, row.role, row.year)] += row.reports
        if row.reports > NOISE and not role.reports:
            out.append(
                Violation(
                    "exam_reporting",
                    {"employer": row.employer, "role": row.role, "year": row.year},
                    f"{at}: {row.employer}'s {row.role} staff make {num(row.reports)} reports "
                    f"in {row.year}, but {row.role} reports no exam type",
                )
            )
            continue
        least, most = ref.report_hours_range(role)
        low, high = least * row.reports, most * row.reports
        rounding = (most + 1) * CELL
        if low - rounding <= row.reporting_hours <= high + rounding:
            continue
        span = hours_text(low) if agree(low, high, 0.0) else f"{num(low)} to {hours_text(high)}"
        out.append(
            Violation(
                "tables",
                {"file": "staffing.csv", "line": row.line, "column": "reporting_hours"},
                f"{at}: {row.employer}'s {row.role} staff report for "
                f"{hours_text(row.reporting_hours)} in {row.year}; their {num(row.reports)} "
                f"reports take {span} at their report minutes",
            )
        )
    roles_at: dict[tuple[str, int], list[str]] = defaultdict(list)
    for em, ro, y in made:
        roles_at[(em, y)].append(ro)
    slack = _slack(tables)
    for r in tables.reports:
        able = [
            ro
            for ro in roles_at.get((r.employer, r.year), [])
            if r.exam_type in ref.roles[ro].reports
        ]
        most = sum(made[(r.employer, ro, r.year)] for ro in able)
        if r.reported_by_own_staff - most <= slack:
            continue
        who = ", ".join(sorted(able)) or "none"
        out.append(
            Violation(
                "exam_reporting",
                {"employer": r.employer, "exam_type": r.exam_type, "year": r.year},
                f"reports.csv line {r.line}: {r.employer}'s own staff report "
                f"{num(r.reported_by_own_staff)} {r.exam_type} exams in {r.year}, but "
                f"{r.employer}'s roles that report {r.exam_type} ({who}) make {num(most)} "
                "reports in all (staffing.csv)",
            )
        )
    return out


def check_reports_made(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """``tables``: network-wide, the reports of ``staffing.csv`` are those reported in house
    in ``reports.csv``; each employer's staff's are its own exams they report plus those they
    report for other employers (exactly when reporting for another employer needs a
    passport, as every such report is then in ``staff_passports.csv``; at least those of
    ``staff_passports.csv`` otherwise)."""
    slack = _slack(tables)
    made: dict[tuple[str, int], float] = defaultdict(float)
    by_year: dict[int, float] = defaultdict(float)
    for row in tables.staffing:
        made[(row.employer, row.year)] += row.reports
        by_year[row.year] += row.reports
    own: dict[tuple[str, int], float] = defaultdict(float)
    network: dict[int, float] = defaultdict(float)
    for r in tables.reports:
        own[(r.employer, r.year)] += r.reported_by_own_staff
        network[r.year] += r.reported_by_own_staff + r.reported_by_other_employers
    lent: dict[tuple[str, int], float] = defaultdict(float)
    for p in tables.staff_passports:
        lent[(p.employer, p.year)] += p.reports
    out: list[Violation] = []
    for y in sorted({*by_year, *network}):
        written = by_year.get(y, 0.0)
        if abs(written - network.get(y, 0.0)) > slack:
            out.append(
                Violation(
                    "tables",
                    {"file": "staffing.csv", "year": y},
                    f"staffing.csv gives the staff {num(written)} reports in {y}; reports.csv "
                    f"has {num(network.get(y, 0.0))} reported by the network's staff",
                )
            )
    exact = ref.remote_needs_passport
    for em, y in sorted({*made, *own, *lent}):
        written = made.get((em, y), 0.0)
        needed = own.get((em, y), 0.0) + lent.get((em, y), 0.0)
        if abs(written - needed) <= slack or (not exact and written > needed):
            continue
        relation = "" if exact else "at least "
        out.append(
            Violation(
                "tables",
                {"file": "staffing.csv", "employer": em, "year": y},
                f"staffing.csv gives {em}'s staff {num(written)} reports in {y}; reports.csv "
                f"has them report {num(own.get((em, y), 0.0))} of {em}'s exams and "
                f"staff_passports.csv {num(lent.get((em, y), 0.0))} for other employers: "
                f"{relation}{num(needed)}",
            )
        )
    return out
