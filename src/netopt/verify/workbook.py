"""``plan.xlsx`` against the CSV files and ``summary.json`` it repeats.

A planner opens the workbook, not the CSV files, so the workbook must say what the verified
files say: a ``summary`` sheet (columns ``field``, ``value``; nested keys joined with dots,
lists as their JSON text) equal to ``summary.json``, then one sheet per table equal to its CSV
file cell by cell (numbers to the tolerance of :mod:`netopt.verify.tolerance`, text exactly once
the CSV escape is undone), no other sheet but a ``README`` explaining them, and no formula
anywhere (a formula is not a figure
the plan states: it is computed by whoever opens the file).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from netopt.io.cells import restore_text
from netopt.verify.files import CsvTable
from netopt.verify.report import Violation, Where
from netopt.verify.summary import RESULT_FILES, Summary
from netopt.verify.tolerance import agree

WORKBOOK_FILE = "plan.xlsx"
SUMMARY_SHEET = "summary"
README_SHEET = "README"
"""The first sheet: what the others mean, for a reader (not figures of the plan)."""
LISTED = 5
"""Differing cells listed one by one per sheet; the rest are counted in one more line."""

Grid = list[list[Any]]
"""A sheet's cell values, row by row (None: empty)."""


def summary_fields(summary: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``summary.json`` as (field, value) rows: nested keys joined by dots, lists and empty
    objects as their JSON text, NaN and infinity as empty cells; without ``result_files``
    (the folder's list of files, which ``netopt report`` extends)."""
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple | Mapping):
            rows.append((prefix, json.dumps(value)))
        elif isinstance(value, float) and not math.isfinite(value):
            rows.append((prefix, None))
        else:
            rows.append((prefix, value))

    walk("", {key: value for key, value in summary.items() if key != RESULT_FILES})
    return rows


def same_value(cell: Any, expected: Any, tolerance: float) -> bool:
    """A workbook cell against a JSON value of the summary."""
    if isinstance(expected, bool) or isinstance(cell, bool):
        return cell is expected
    if isinstance(expected, int | float) and isinstance(cell, int | float):
        return agree(float(cell), float(expected), tolerance)
    return bool(cell == expected)


def same_cell(cell: Any, text: str, tolerance: float) -> bool:
    """A workbook cell against the CSV cell (as written) it repeats."""
    if cell is None:
        return text == ""
    if isinstance(cell, bool):
        return text == str(cell)
    if isinstance(cell, int | float):
        try:
            number = float(text)
        except ValueError:
            return False
        return math.isfinite(number) and agree(number, float(cell), tolerance)
    if isinstance(cell, str):
        return restore_text(text) == cell
    return False  # a date, an error value, ...


def shown(value: Any) -> str:
    return "an empty cell" if value in (None, "") else repr(value)


class _Sheet:
    """The violations of one sheet, listing the first :data:`LISTED` differing cells."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.out: list[Violation] = []
        self.differing = 0

    def where(self, row: int | None = None, column: str | None = None) -> Where:
        where: Where = {"file": WORKBOOK_FILE, "sheet": self.name}
        if row is not None:
            where["row"] = row
        if column is not None:
            where["column"] = column
        return where

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.out.append(Violation("workbook", self.where(row, column), message))

    def differs(self, message: str, row: int, column: str) -> None:
        self.differing += 1
        if self.differing <= LISTED:
            self.add(message, row, column)

    def violations(self) -> list[Violation]:
        extra = self.differing - LISTED
        if extra > 0:
            self.add(f"plan.xlsx sheet {self.name}: {extra} more cells differ")
        return self.out


def _trimmed(grid: Grid) -> Grid:
    """Rows without trailing empty cells, trailing empty rows dropped."""
    rows = []
    for row in grid:
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    return rows


SITE_ID_COLUMNS = ("site", "origin", "destination", "place")
"""Columns of site ids; in ``plan.xlsx`` each may be followed by ``<column>_name``."""
TRUST_ID_COLUMNS = ("trust", "employer", "works_for")
"""Columns of trust ids (a joint plan's employers: trusts, or ``network``); each may be followed
by ``<column>_name``."""
NAMES_TABLE = "sites"


@dataclass(frozen=True)
class Names:
    """Site and trust names as ``sites.csv`` gives them (its text cells)."""

    sites: Mapping[str, str]
    trusts: Mapping[str, str]

    def lookup(self, column: str) -> Mapping[str, str] | None:
        if column in SITE_ID_COLUMNS:
            return self.sites
        if column in TRUST_ID_COLUMNS:
            return self.trusts
        return None


def names_of(tables: Mapping[str, CsvTable | None]) -> Names:
    """The names ``sites.csv`` gives (none without it)."""
    sites = tables.get(NAMES_TABLE)
    wanted = ("site", "name", "trust", "trust_name")
    if sites is None or not set(wanted) <= set(sites.header):
        return Names({}, {})
    at = {column: sites.header.index(column) for column in wanted}
    rows = [row for row in sites.rows if len(row) == len(sites.header)]
    return Names(
        {restore_text(r[at["site"]]): restore_text(r[at["name"]]) for r in rows},
        {restore_text(r[at["trust"]]): restore_text(r[at["trust_name"]]) for r in rows},
    )


def _name_columns(sheet: _Sheet, rows: Grid, table: CsvTable, names: Names) -> Grid:
    """The sheet without the name columns it adds after its site and trust id columns, each
    name checked against ``sites.csv`` (an id it does not name has an empty name)."""
    if not rows or table.name == NAMES_TABLE:
        return rows
    header = [str(v) if v is not None else "" for v in rows[0]]
    added: list[int] = []
    for c, title in enumerate(header):
        column = title.removesuffix("_name")
        lookup = names.lookup(column)
        if (
            title == column
            or lookup is None
            or title in table.header
            or c == 0
            or header[c - 1] != column
        ):
            continue
        added.append(c)
        for r, values in enumerate(rows[1:], start=2):
            key = values[c - 1] if c - 1 < len(values) else None
            value = values[c] if c < len(values) else None
            expected = lookup.get(str(key)) if key is not None else None
            if (value or None) != (expected or None):
                sheet.differs(
                    f"plan.xlsx sheet {sheet.name} row {r}, column {title} holds {shown(value)}; "
                    f"sites.csv names {column} {shown(key)} {shown(expected)}",
                    r,
                    title,
                )
    return [[v for c, v in enumerate(values) if c not in added] for values in rows]


def compare_table(
    sheet: _Sheet, grid: Grid, table: CsvTable, tolerance: float, names: Names | None = None
) -> None:
    """A table's sheet against its CSV file, cell by cell (header included), but for the name
    columns the sheet adds after site and trust ids, which must name them as ``sites.csv``
    does."""
    rows = _name_columns(sheet, _trimmed(grid), table, names or Names({}, {}))
    csv_rows: list[Sequence[str]] = [table.header, *table.rows]
    if len(rows) != len(csv_rows):
        sheet.add(
            f"plan.xlsx sheet {sheet.name} has {len(rows)} rows; {table.file} has "
            f"{len(csv_rows)} lines"
        )
    header = [*table.header]
    for r, (values, cells) in enumerate(zip(rows, csv_rows, strict=False), start=1):
        line = "the header" if r == 1 else f"line {table.lines[r - 2]}"
        width = max(len(values), len(cells))
        for c in range(width):
            value = values[c] if c < len(values) else None
            text = cells[c] if c < len(cells) else ""
            if not same_cell(value, text, tolerance):
                column = header[c] if c < len(header) else f"#{c + 1}"
                sheet.differs(
                    f"plan.xlsx sheet {sheet.name} row {r}, column {column} holds {shown(value)}; "
                    f"{table.file} {line} has {shown(restore_text(text))}",
                    r,
                    column,
                )


def compare_summary(sheet: _Sheet, grid: Grid, summary: Summary, tolerance: float) -> None:
    """The ``summary`` sheet against ``summary.json``: a ``field``, ``value`` header and one
    row per field."""
    rows = _trimmed(grid)
    if not rows or rows[0][:2] != ["field", "value"]:
        sheet.add(f"plan.xlsx sheet {sheet.name} does not begin with the header field, value", 1)
    written: dict[str, tuple[int, Any]] = {}
    for r, values in enumerate(rows[1:], start=2):
        name = values[0] if values else None
        written[str(name)] = (r, values[1] if len(values) > 1 else None)
        if len(values) > 2:
            sheet.add(f"plan.xlsx sheet {sheet.name} row {r} has cells beyond field, value", r)
    expected = dict(summary_fields(summary.data))
    for name, value in expected.items():
        if name not in written:
            sheet.add(f"plan.xlsx sheet {sheet.name} has no row for {name} of summary.json")
            continue
        r, cell = written[name]
        if not same_value(cell, value, tolerance):
            sheet.differs(
                f"plan.xlsx sheet {sheet.name} gives {name} as {shown(cell)}; summary.json has "
                f"{shown(value)}",
                r,
                "value",
            )
    for name, (r, _) in written.items():
        if name not in expected:
            sheet.add(f"plan.xlsx sheet {sheet.name} row {r} has {name}, not in summary.json", r)


def _sheets(path: Path) -> Iterator[tuple[str, Grid, list[str]]]:
    """Each sheet's name, values and the coordinates of its formula cells."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            grid: Grid = []
            formulas: list[str] = []
            for row in sheet.iter_rows():
                grid.append([cell.value for cell in row])
                formulas += [
                    f"{cell.column_letter}{cell.row}"
                    for cell in row
                    if getattr(cell, "data_type", None) == "f"
                ]
            yield str(sheet.title), grid, formulas
    finally:
        book.close()


def check_workbook(
    folder: Path, tables: Mapping[str, CsvTable | None], summary: Summary, tolerance: float
) -> list[Violation]:
    """``workbook``: ``plan.xlsx`` holds the ``summary`` sheet and one sheet per table, each
    equal to ``summary.json`` or its CSV file (a table whose CSV cannot be read is compared
    with nothing) besides the names it gives next to site and trust ids (as ``sites.csv``
    names them), and no formula; a ``README`` sheet may explain them."""
    path = folder / WORKBOOK_FILE
    where: Where = {"file": WORKBOOK_FILE}
    if path.is_dir() or not path.exists():
        what = "is a folder, not a file" if path.is_dir() else "is missing from the result folder"
        return [Violation("workbook", where, f"{WORKBOOK_FILE} {what}")]
    wanted = [SUMMARY_SHEET, *tables]
    names = names_of(tables)
    found: list[str] = []
    out: list[Violation] = []
    try:
        for name, grid, formulas in _sheets(path):
            found.append(name)
            sheet = _Sheet(name)
            for cell in formulas:
                sheet.add(f"plan.xlsx sheet {name} cell {cell} holds a formula, not a value")
            if name == SUMMARY_SHEET and summary.data:
                compare_summary(sheet, grid, summary, tolerance)
            elif name == README_SHEET:
                pass  # explanations only; a formula there is still caught above
            elif name not in wanted:
                sheet.add(f"plan.xlsx has a sheet {name} that is not a table of the plan")
            elif (table := tables.get(name)) is not None:
                compare_table(sheet, grid, table, tolerance, names)
            out += sheet.violations()
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        message = f"{WORKBOOK_FILE} cannot be read as a workbook ({type(error).__name__}: {error})"
        return [*out, Violation("workbook", where, message)]
    for name in wanted:
        if name not in found:
            out.append(
                Violation("workbook", {**where, "sheet": name}, f"plan.xlsx has no sheet {name}")
            )
    return out
