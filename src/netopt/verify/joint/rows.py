"""``tables``: the columns of ``staffing.csv`` that follow from a row's WTE, hires, work and
agency hours, the trainees of ``training.csv`` and the instance (the role's tier, attrition,
clinical hours and salary), re-derived one row at a time. The WTE, hires, work and agency hours
themselves are checked by the constraint families."""

from __future__ import annotations

from netopt.verify.columns import Cells
from netopt.verify.joint.headcount import staffing_rows
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingRow, StaffingTables
from netopt.verify.joint.training import Training
from netopt.verify.report import Violation
from netopt.verify.tolerance import CELL, Tally


def utilisation(
    row: StaffingRow, supervision: float, study: float, clinical_hours: float
) -> Tally | None:
    """Work (scanning, reporting, supervising) over the hours available (clinical hours of the
    WTE less study, plus agency hours), with the rounding allowance of the cells; None when no
    hours are available."""
    work = row.scanning_hours + row.reporting_hours + supervision
    available = clinical_hours * row.wte - study + row.agency_hours
    if available <= 0:
        return None
    share = work / available
    slack = (2 * CELL + share * (clinical_hours + 1) * CELL) / available
    return Tally(share, slack + CELL)


def check_staffing_columns(
    ref: StaffingReference, tables: StaffingTables, training: Training, tolerance: float
) -> list[Violation]:
    """``staffing.csv``: each row gives its role's tier; ``leavers`` is the role's attrition x
    the year before's WTE (none in the first plan year); ``trained_in``, ``trained_out``,
    ``trainees_started``, ``in_training``, ``supervision_hours`` and ``study_hours`` are what
    the trainees of ``training.csv`` make of it; ``clinical_hours`` is the role's clinical hours
    x WTE, ``salaries`` its salary x WTE (GBP, undiscounted), ``utilisation`` the work over the
    hours available (empty when none are)."""
    cells = Cells("staffing.csv", tolerance)
    rows = staffing_rows(tables)
    for key, row in rows.items():
        em, ro, y = key
        role = ref.roles[ro]
        line = row.line
        cells.text(line, "tier", row.tier, role.tier.value, f"the instance's role {ro}")
        before = rows.get((em, ro, y - 1))
        leavers = Tally()
        if y > ref.first:
            leavers.add(before.wte if before else 0.0, role.attrition)
        why = f"{ro}'s attrition of {role.attrition:g} and the WTE of {y - 1}"
        cells.number(line, "leavers", row.leavers, leavers, why)
        why = "the trainees of training.csv"
        for column, value in (
            ("trained_in", training.trained_in.get(key, 0.0)),
            ("trained_out", training.trained_out.get(key, 0.0)),
            ("trainees_started", training.started_from.get(key, 0)),
            ("in_training", training.training_from.get(key, 0)),
            ("supervision_hours", training.supervision.get(key, 0.0)),
            ("study_hours", training.study.get(key, 0.0)),
        ):
            cells.number(line, column, getattr(row, column), Tally(value, CELL), why)
        hours = Tally()
        hours.add(row.wte, role.clinical_hours)
        why = f"its WTE x {ro}'s {role.clinical_hours:g} clinical hours a year"
        cells.number(line, "clinical_hours", row.clinical_hours, hours, why)
        pay = Tally()
        pay.add(row.wte, role.salary)
        why = f"its WTE x {ro}'s salary of {role.salary:g}"
        cells.number(line, "salaries", row.salaries, pay, why)
        share = utilisation(
            row,
            training.supervision.get(key, 0.0),
            training.study.get(key, 0.0),
            role.clinical_hours,
        )
        why = "its work over its clinical hours less study plus agency hours"
        cells.number(line, "utilisation", row.utilisation, share, why)
    return cells.out
