"""``tables``: ids in a capital plan's tables that the instance does not know."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import Violation


def check_references(ref: Reference, plan: PlanTables, tolerance: float) -> list[Violation]:
    """``tables``: every site, exam type, model, modality, asset and trust named in the tables
    is one of the instance (the other checks pass over rows with unknown ids)."""
    out: list[Violation] = []
    sites, exams, modalities = ref.sites, ref.exam_types, ref.modalities
    trusts = {t.id for t in ref.instance.trusts}

    def table(name: str, rows: Sequence[Any], *columns: tuple[str, Container[str], str]) -> None:
        cells = Cells(f"{name}.csv", tolerance)
        for row in rows:
            for column, ids, kind in columns:
                cells.known(row.line, column, getattr(row, column), ids, kind)
        out.extend(cells.out)

    table(
        "flows",
        plan.flows,
        ("origin", sites, "site"),
        ("site", sites, "site"),
        ("exam_type", exams, "exam type"),
    )
    table("outsourced", plan.outsourced, ("site", sites, "site"), ("exam_type", exams, "exam type"))
    table("purchases", plan.purchases, ("site", sites, "site"), ("model", ref.models, "model"))
    table(
        "new_rooms", plan.new_rooms, ("site", sites, "site"), ("modality", modalities, "modality")
    )
    table("asset_decisions", plan.decisions, ("asset", ref.assets, "asset"))
    table("payments", plan.payments, ("trust", trusts, "trust"), ("site", sites, "site"))
    table("fleet", plan.fleet, ("site", sites, "site"), ("modality", modalities, "modality"))
    table("capacity", plan.capacity, ("site", sites, "site"), ("modality", modalities, "modality"))
    table(
        "scanning_split",
        plan.scanning_split,
        ("trust", trusts, "trust"),
        ("modality", modalities, "modality"),
    )
    table("revenue", plan.revenue, ("trust", trusts, "trust"))
    table("access", plan.access, ("origin", sites, "site"), ("modality", modalities, "modality"))
    return out
