"""``tables``: the ``workforce`` figures of a joint plan's ``summary.json``, re-derived from the
workforce tables."""

from __future__ import annotations

from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, check_plan_figures
from netopt.verify.tolerance import Tally


def workforce_figures(ref: StaffingReference, tables: StaffingTables) -> dict[str, Tally]:
    """The ``workforce`` figures of ``summary.json``: WTE in the first and the last plan year,
    WTE hired, trainees started, agency hours and reports outsourced, over every employer and
    year."""
    first, last, hires, agency = Tally(), Tally(), Tally(), Tally()
    for row in tables.staffing:
        if row.year == ref.first:
            first.add(row.wte)
        if row.year == ref.last:
            last.add(row.wte)
        hires.add(row.hires)
        agency.add(row.agency_hours)
    outsourced = Tally()
    for r in tables.reports:
        outsourced.add(r.reports_outsourced)
    return {
        "wte_first_year": first,
        "wte_last_year": last,
        "hires": hires,
        "trainees": Tally(sum(t.trainees for t in tables.training)),
        "agency_hours": agency,
        "reports_outsourced": outsourced,
    }


def check_workforce_summary(
    summary: Summary, ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``tables``: ``summary.json``'s ``workforce`` figures (see :func:`workforce_figures`)."""
    return check_plan_figures(summary, workforce_figures(ref, tables), tolerance, "workforce")
