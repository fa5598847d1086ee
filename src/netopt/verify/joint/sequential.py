"""``tables``: ``sequential.csv``, the joint plan against the sequential plan (``netopt solve
joint --compare-sequential``).

The ``joint`` column is re-derived in full from this folder's plan: its joint cost, each cost
component, the capital plan's figures (units bought, rooms built, exams outsourced) and the
workforce's (WTE in the last plan year, hires, trainees, agency hours, reports outsourced). The
sequential plan is not in the folder, so its column can only be checked for consistency: the
difference is the joint figure less the sequential one, empty when either is.
"""

from __future__ import annotations

from collections.abc import Mapping

from netopt.verify.columns import Cells
from netopt.verify.joint.tables import SEQUENTIAL, StaffingTables
from netopt.verify.report import Violation
from netopt.verify.tolerance import Tally

MONEY = "GBP, present value"
UNITS = {
    "units_bought": "units",
    "rooms_built": "rooms",
    "exams_outsourced": "exams",
    "wte_last_year": "WTE",
    "hires": "WTE",
    "trainees": "people",
    "agency_hours": "hours",
    "reports_outsourced": "reports",
}
"""The unit of each measure that is not money, in the order of the table."""
JOINT_COST = "joint_cost"


def sequential_measures(
    cost: Tally, components: Mapping[str, Tally], figures: Mapping[str, Tally]
) -> dict[str, tuple[str, Tally]]:
    """Measure -> (unit, the joint plan's figure), in the order of the table: the joint cost,
    each cost component (capital, then workforce), then the plan's and the workforce's
    figures named in :data:`UNITS` (``figures``: the ``plan`` and ``workforce`` figures of
    ``summary.json``, re-derived)."""
    out = {JOINT_COST: (MONEY, cost)}
    out.update({name: (MONEY, value) for name, value in components.items()})
    out.update({name: (unit, figures[name]) for name, unit in UNITS.items() if name in figures})
    return out


def check_sequential_table(
    tables: StaffingTables, measures: Mapping[str, tuple[str, Tally]], tolerance: float
) -> list[Violation]:
    """``sequential.csv`` (see the module docstring), when the folder has it: one row per
    measure, in its unit, the ``joint`` figure the plan's and the difference ``joint -
    sequential``."""
    if tables.files.get(SEQUENTIAL) is None:
        return []
    rows = tables.sequential
    cells = Cells(f"{SEQUENTIAL}.csv", tolerance)
    seen: set[str] = set()
    for row in rows:
        if row.measure not in measures:
            message = f"sequential.csv line {row.line}: unknown measure '{row.measure}'"
            cells.add(message, row.line, "measure")
            continue
        if row.measure in seen:
            message = f"sequential.csv line {row.line} repeats the measure {row.measure}"
            cells.add(message, row.line, "measure")
            continue
        seen.add(row.measure)
        unit, figure = measures[row.measure]
        cells.text(row.line, "unit", row.unit, unit, f"the measure {row.measure}")
        why = f"this folder's plan ({row.measure} re-derived from its tables)"
        cells.number(row.line, "joint", row.joint, figure, why)
        difference = None
        if row.joint is not None and row.sequential is not None:
            difference = Tally()
            difference.add(row.joint)
            difference.add(row.sequential, -1.0)
        why = "the joint and sequential figures"
        cells.number(row.line, "difference", row.difference, difference, why)
    for name in measures:
        if name not in seen:
            cells.add(f"sequential.csv has no row for {name}")
    return cells.out
