"""``tables``: ids in a workforce plan's tables that the instance does not know, and a summary
that is not of this instance's plan year."""

from __future__ import annotations

import dataclasses
from collections.abc import Container
from typing import Any

from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.summary import Summary, summary_violation
from netopt.verify.workforce.reference import WorkforceReference
from netopt.verify.workforce.tables import DAYS, HOME, WorkforceTables

KEYS: dict[str, tuple[str, ...]] = {
    "reporting": ("staff", "place", "day", "exam_type"),
    "routed": ("site", "place", "exam_type", "day"),
    "link_flows": ("origin", "destination", "day"),
    "outsourced": ("site", "exam_type", "day"),
    "insourced": ("staff",),
    "passports": ("staff", "site", "status"),
    "backlog": ("site", "exam_type", "day"),
    "unscanned": ("site", "exam_type", "day"),
    "utilisation_staff": ("staff",),
    "utilisation_sites": ("place",),
    "volumes": ("exam_type",),
}
"""Attribute of :class:`WorkforceTables` -> its id columns (the roster is checked by
``roster``, the costs by ``objective``)."""
FILES = {"routed": "reporting_flows"}


def check_summary_year(summary: Summary, ref: WorkforceReference) -> list[Violation]:
    """``tables``: the summary is of the instance's workforce plan year."""
    if summary.year is None or summary.year == ref.year:
        return []
    message = (
        f"summary.json is for {summary.year} but the instance's workforce plan year is {ref.year}"
    )
    return [summary_violation(summary, "year", message, "tables")]


def check_references(
    ref: WorkforceReference, plan: WorkforceTables, tolerance: float
) -> tuple[list[Violation], WorkforceTables]:
    """``tables``: every site, place, exam type, day, staff and passport status named in the
    tables is one the instance (or netopt) knows. Rows with unknown ids are left out of every
    other check: the plan returned is without them."""
    known: dict[str, tuple[Container[Any], str]] = {
        "site": (ref.sites, "site"),
        "place": (ref.sites | {HOME}, "place"),
        "origin": (ref.sites, "site"),
        "destination": (ref.sites, "site"),
        "exam_type": (ref.exam_types, "exam type"),
        "day": (DAYS, "day"),
        "staff": (ref.staff, "staff"),
        "status": (("held", "granted"), "status"),
    }
    out: list[Violation] = []
    kept: dict[str, Any] = {}
    for attribute, columns in KEYS.items():
        cells = Cells(f"{FILES.get(attribute, attribute)}.csv", tolerance)
        kept[attribute] = [
            row
            for row in getattr(plan, attribute)
            if all([cells.known(row.line, c, getattr(row, c), *known[c]) for c in columns])
        ]
        out += cells.out
    return out, dataclasses.replace(plan, **kept)
