"""Reading a capital plan's result folder (``<table>.csv`` and ``summary.json``) into typed rows.

Every cell is read as text (so an id such as ``007`` stays ``007``) and converted here; an
empty year cell means "kept to the horizon end". A file that is missing or a cell that cannot
be read becomes a :class:`TableProblem` instead of an exception, so the verifier can still
report on the rest of the plan.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class TableProblem:
    """A result file that is missing or unreadable."""

    table: str
    message: str


@dataclass(frozen=True)
class DecisionRow:
    """A row of ``asset_decisions.csv``."""

    asset: str
    decision: str
    year: int | None


@dataclass(frozen=True)
class PurchaseRow:
    """A row of ``purchases.csv``: units of a model bought at a site in a year, held until
    ``retire_year`` (None: to the horizon end)."""

    site: str
    model: str
    year: int
    in_service_year: int
    retire_year: int | None
    units: int
    list_price: float
    unit_price: float
    cost: float


@dataclass(frozen=True)
class PaymentRow:
    """A row of ``payments.csv``."""

    trust: str
    year: int
    site: str
    item: str
    model: str | None
    modality: str
    amount: float


@dataclass(frozen=True)
class NewRoomRow:
    """A row of ``new_rooms.csv``."""

    site: str
    modality: str
    year: int
    rooms: int
    cost: float


@dataclass(frozen=True)
class FlowRow:
    """A row of ``flows.csv``: exams referred at ``origin`` scanned at ``site``."""

    origin: str
    site: str
    exam_type: str
    year: int
    exams: float


@dataclass(frozen=True)
class OutsourcedRow:
    """A row of ``outsourced.csv``."""

    site: str
    exam_type: str
    year: int
    exams: float


@dataclass(frozen=True)
class CostRow:
    """A row of ``costs.csv`` (values such as resale are negative)."""

    component: str
    npv: float


@dataclass(frozen=True)
class SpendRow:
    """A row of ``spend.csv``."""

    trust: str
    year: int
    spend: float


@dataclass(frozen=True)
class FleetRow:
    """A row of ``fleet.csv``: units of a kind in service at a site in a year, with hours."""

    site: str
    modality: str
    year: int
    units: int
    hours: float


@dataclass(frozen=True)
class Summary:
    """The parts of ``summary.json`` the verifier uses."""

    status: str
    objective: float | None


@dataclass(frozen=True)
class PlanTables:
    """The result tables of a capital plan, as typed rows."""

    summary: Summary
    decisions: list[DecisionRow] = field(default_factory=list)
    purchases: list[PurchaseRow] = field(default_factory=list)
    payments: list[PaymentRow] = field(default_factory=list)
    new_rooms: list[NewRoomRow] = field(default_factory=list)
    flows: list[FlowRow] = field(default_factory=list)
    outsourced: list[OutsourcedRow] = field(default_factory=list)
    costs: list[CostRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    fleet: list[FleetRow] = field(default_factory=list)
    problems: list[TableProblem] = field(default_factory=list)


# --------------------------------------------------------------------------- cells


def _text(cell: str) -> str:
    if not cell:
        raise ValueError("empty")
    return cell


def _optional_text(cell: str) -> str | None:
    return cell or None


def _number(cell: str) -> float:
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(f"{cell!r} is not a finite number")
    return value


def _integer(cell: str) -> int:
    value = _number(cell)
    if value != round(value):
        raise ValueError(f"{cell!r} is not a whole number")
    return round(value)


def _optional_integer(cell: str) -> int | None:
    return _integer(cell) if cell else None


_CONVERTERS: dict[Any, Callable[[str], Any]] = {
    "str": _text,
    "str | None": _optional_text,
    "float": _number,
    "int": _integer,
    "int | None": _optional_integer,
}

Row = TypeVar("Row")


def _read_rows(
    folder: Path, table: str, row_type: type[Row]
) -> tuple[list[Row], list[TableProblem]]:
    """Rows of ``<table>.csv`` converted to ``row_type`` (a dataclass whose field names are
    columns of the table); unreadable rows are problems, not exceptions."""
    path = folder / f"{table}.csv"
    if not path.is_file():
        return [], [TableProblem(table, f"{path.name} is missing from the result folder")]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    columns = [(f.name, _CONVERTERS[f.type]) for f in fields(row_type)]  # type: ignore[arg-type]
    missing = [name for name, _ in columns if name not in frame.columns]
    if missing:
        return [], [TableProblem(table, f"{path.name} lacks the column(s) {', '.join(missing)}")]
    rows: list[Row] = []
    problems: list[TableProblem] = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        try:
            values = {name: convert(str(record[name]).strip()) for name, convert in columns}
        except ValueError as error:
            problems.append(TableProblem(table, f"{path.name} line {number}: {error}"))
            continue
        rows.append(row_type(**values))
    return rows, problems


def read_summary(folder: Path) -> tuple[Summary, list[TableProblem]]:
    """``status`` and ``objective`` of ``summary.json``."""
    path = folder / SUMMARY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return Summary("missing", None), [TableProblem("summary", f"cannot read {path}: {error}")]
    objective = data.get("objective") if isinstance(data, dict) else None
    status = data.get("status") if isinstance(data, dict) else None
    value = float(objective) if isinstance(objective, int | float) else None
    return Summary(str(status), value), []


def read_plan(folder: Path) -> PlanTables:
    """Every table the verifier checks, read from a result folder."""
    summary, problems = read_summary(folder)
    tables: dict[str, list[Any]] = {}
    for attribute, table, row_type in (
        ("decisions", "asset_decisions", DecisionRow),
        ("purchases", "purchases", PurchaseRow),
        ("payments", "payments", PaymentRow),
        ("new_rooms", "new_rooms", NewRoomRow),
        ("flows", "flows", FlowRow),
        ("outsourced", "outsourced", OutsourcedRow),
        ("costs", "costs", CostRow),
        ("spend", "spend", SpendRow),
        ("fleet", "fleet", FleetRow),
    ):
        rows, found = _read_rows(folder, table, row_type)
        tables[attribute] = rows
        problems += found
    return PlanTables(summary=summary, problems=problems, **tables)
