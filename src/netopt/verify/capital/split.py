"""``scanning_split.csv``: whose patients are scanned in the network and whose are outsourced,
re-derived from ``flows.csv``, ``outsourced.csv`` and the instance. A trust's patients are those
referred at its sites; at a network site, every trust's by its capital share (as costs are
apportioned, :func:`netopt.verify.capital.money.capital_payments`). A missing row counts as
zeros, so a row left out, added or changed is found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from netopt.verify.capital.reference import Reference
from netopt.verify.capital.tables import PlanTables
from netopt.verify.columns import Cells
from netopt.verify.report import Violation
from netopt.verify.tolerance import Tally

FILE = "scanning_split.csv"
SplitKey = tuple[str, int, str]
"""(trust, year, modality): a row of ``scanning_split.csv``."""


@dataclass
class Split:
    """One trust's patients' exams of one modality in one year."""

    in_house: Tally = field(default_factory=Tally)
    outsourced: Tally = field(default_factory=Tally)
    in_house_cost: Tally = field(default_factory=Tally)
    outsourcing_cost: Tally = field(default_factory=Tally)


def scanning_splits(ref: Reference, plan: PlanTables) -> dict[SplitKey, Split]:
    """Exams scanned (``flows``) and outsourced by the referring site's trust(s), year and the
    exam type's modality, with their costs: ``in_house_cost`` x exams scanned (wherever) and
    ``outsourcing_cost`` x exams outsourced (cash GBP)."""
    out: dict[SplitKey, Split] = defaultdict(Split)
    for f in plan.flows:
        exam = ref.exam_types.get(f.exam_type)
        if exam is None:
            continue
        for trust, share in sorted(ref.payers.get(f.origin, {}).items()):
            split = out[(trust, f.year, exam.modality)]
            split.in_house.add(f.exams, share)
            split.in_house_cost.add(f.exams, share * exam.in_house_cost)
    for o in plan.outsourced:
        exam = ref.exam_types.get(o.exam_type)
        if exam is None:
            continue
        for trust, share in sorted(ref.payers.get(o.site, {}).items()):
            split = out[(trust, o.year, exam.modality)]
            split.outsourced.add(o.exams, share)
            split.outsourcing_cost.add(o.exams, share * (exam.outsourcing_cost or 0.0))
    return dict(out)


def check_scanning_split_table(
    ref: Reference, plan: PlanTables, tolerance: float
) -> list[Violation]:
    """``scanning_split.csv``: a row per trust, year and modality whose patients have any
    exams, each column the figure re-derived (:func:`scanning_splits`), ``outsourced_share``
    the outsourced exams over all of them."""
    cells = Cells(FILE, tolerance)
    splits = scanning_splits(ref, plan)
    trusts = {t.id for t in ref.instance.trusts}
    written = {(row.trust, row.year, row.modality): row for row in plan.scanning_split}
    if len(written) < len(plan.scanning_split):
        cells.add(f"{FILE} repeats a trust, year and modality")
    for key in sorted(set(splits) | set(written)):
        trust, year, modality = key
        row = written.get(key)
        split = splits.get(key, Split())
        if row is None:
            if not (
                split.in_house.agrees(0.0, tolerance) and split.outsourced.agrees(0.0, tolerance)
            ):
                cells.add(
                    f"{FILE} has no row for trust {trust}, {year}, {modality}; from the plan "
                    f"its patients have {split.in_house.value:,.2f} exams scanned in the network "
                    f"and {split.outsourced.value:,.2f} outsourced"
                )
            continue
        if not cells.known(row.line, "trust", trust, trusts, "trust"):
            continue
        if not cells.known(row.line, "modality", modality, ref.modalities, "modality"):
            continue
        why = f"the plan's {modality} exams of trust {trust}'s patients in {year}"
        cells.number(
            row.line,
            "exams_in_house",
            row.exams_in_house,
            split.in_house,
            f"{why} scanned in the network",
        )
        cells.number(
            row.line,
            "exams_outsourced",
            row.exams_outsourced,
            split.outsourced,
            f"{why} outsourced",
        )
        total = split.in_house.value + split.outsourced.value
        share = split.outsourced.value / total if total > 0 else 0.0
        slack = (split.in_house.slack + split.outsourced.slack) / total if total > 0 else 0.0
        cells.number(
            row.line,
            "outsourced_share",
            row.outsourced_share,
            Tally(share, slack),
            f"{why}: outsourced / (in house + outsourced)",
        )
        cells.number(
            row.line,
            "in_house_cost",
            row.in_house_cost,
            split.in_house_cost,
            f"{why} scanned in the network x in_house_cost",
        )
        cells.number(
            row.line,
            "outsourcing_cost",
            row.outsourcing_cost,
            split.outsourcing_cost,
            f"{why} outsourced x outsourcing_cost",
        )
    return cells.out
