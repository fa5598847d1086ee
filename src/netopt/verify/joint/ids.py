"""``tables``: ids and years in a joint plan's workforce tables that the instance does not know,
and rows written twice."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Container
from typing import Any

from netopt.verify.columns import Cells
from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingTables
from netopt.verify.report import Violation

KEYS: dict[str, tuple[str, ...]] = {
    "staffing": ("employer", "role", "year"),
    "scanner_staffing": ("employer", "modality", "year"),
    "reports": ("employer", "exam_type", "year"),
    "training": ("employer", "pathway", "year"),
    "staff_passports": ("employer", "role", "works_for", "year"),
}
"""Table -> the columns that make a row's key (``staff_costs`` is checked by ``objective``)."""


def check_references(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> tuple[list[Violation], StaffingTables]:
    """``tables``: every employer, role, modality, exam type, pathway and year named in the
    workforce tables is one the instance knows, and no table has two rows of one key. Rows with
    an unknown id, and every row of a repeated key, are left out of every other check: the
    tables returned are without them."""
    known: dict[str, tuple[Container[Any], str]] = {
        "employer": (ref.employers, "employer"),
        "works_for": (ref.employers, "employer"),
        "role": (ref.roles, "staff role"),
        "modality": (ref.capital.modalities, "modality"),
        "exam_type": (ref.capital.exam_types, "exam type"),
        "pathway": (ref.pathways, "training pathway"),
        "year": (ref.years, "plan year"),
    }
    out: list[Violation] = []
    kept: dict[str, Any] = {}
    for name, columns in KEYS.items():
        cells = Cells(f"{name}.csv", tolerance)
        rows = [
            row
            for row in getattr(tables, name)
            if all([cells.known(row.line, c, getattr(row, c), *known[c]) for c in columns])
        ]
        lines: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for row in rows:
            lines[tuple(getattr(row, c) for c in columns)].append(row.line)
        dropped: set[int] = set()
        for key, found in lines.items():
            if len(found) > 1:
                what = ", ".join(f"{c} {v}" for c, v in zip(columns, key, strict=True))
                where = ", ".join(str(line) for line in found)
                cells.add(f"{name}.csv has {len(found)} rows for {what} (lines {where})", found[1])
                dropped.update(found)
        kept[name] = [row for row in rows if row.line not in dropped]
        out += cells.out
    return out, dataclasses.replace(tables, **kept)
