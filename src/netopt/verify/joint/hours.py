"""Clinical hours: ``clinical_hours`` of ``models/joint.md``, and the agency hours it allows.

The work of each employer's role in a year (``staffing.csv``: scanning and reporting hours as
written, supervision re-derived from ``training.csv``) fits the clinical hours of its WTE, less
the hours its trainees spend studying, plus the agency hours it buys. Whether the scanning and
reporting hours are the work done is checked with the scanners and the reports (``scanning``
and ``reporting`` modules).
"""

from __future__ import annotations

from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.joint.training import Training
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, within
from netopt.verify.words import hours_text, num


def check_clinical_hours(
    ref: StaffingReference, tables: StaffingTables, training: Training, tolerance: float
) -> list[Violation]:
    """``clinical_hours``: ``scanning + reporting + supervision <= clinical_hours_ro x wte -
    study + agency`` for each employer, role and year, work and agency hours are not
    negative, and agency hours are bought only where there are agency staff of the role
    (``agency_hour_cost``) and sites to work at, at most ``max_agency_hours_per_year``."""
    out = []
    for row in tables.staffing:
        key = (row.employer, row.role, row.year)
        where: Where = {"employer": row.employer, "role": row.role, "year": row.year}
        at = f"staffing.csv line {row.line}"
        negative = [
            c for c in ("scanning_hours", "reports", "reporting_hours") if getattr(row, c) < 0
        ]
        if negative:
            message = f"{at}: {', '.join(negative)} cannot be negative"
            out.append(Violation("clinical_hours", where, message))
            continue
        role = ref.roles[row.role]
        if row.agency_hours > 0:
            bought = (
                f"{at}: {row.employer} buys {hours_text(row.agency_hours)} of agency "
                f"{row.role} in {row.year}"
            )
            why = ref.no_agency(row.employer, row.role)
            most = role.max_agency_hours_per_year
            if why is not None:
                out.append(Violation("clinical_hours", where, f"{bought}, but {why}"))
            elif most is not None and not within(row.agency_hours, most, tolerance):
                message = (
                    f"{bought}, above the {hours_text(most)} a year one employer can buy "
                    "(max_agency_hours_per_year)"
                )
                out.append(Violation("clinical_hours", where, message))
        supervision = training.supervision.get(key, 0.0)
        study = training.study.get(key, 0.0)
        work = row.scanning_hours + row.reporting_hours + supervision
        available = role.clinical_hours * row.wte - study + max(row.agency_hours, 0.0)
        if within(work, available, tolerance, (role.clinical_hours + 3) * CELL):
            continue
        parts = [f"scanning {num(row.scanning_hours)}", f"reporting {num(row.reporting_hours)}"]
        if supervision:
            parts.append(f"supervising trainees {num(supervision)}")
        less = f", less {hours_text(study)} studying" if study else ""
        out.append(
            Violation(
                "clinical_hours",
                where,
                f"{row.employer}'s {row.role} staff work {hours_text(work)} in {row.year} "
                f"({', '.join(parts)}; {at}) but have {hours_text(available)}: "
                f"{num(row.wte)} WTE x {num(role.clinical_hours)} clinical hours{less}, plus "
                f"{hours_text(row.agency_hours)} of agency staff",
            )
        )
    return out
