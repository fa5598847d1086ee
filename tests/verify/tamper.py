"""Tampering with a written result folder the way a person editing it consistently would: a
table changed in its CSV file *and* in ``plan.xlsx``, ``summary.json`` changed and the
workbook's summary sheet with it. The verifier must then find the change itself, not only the
disagreement between the CSV files and the workbook (tests of that edit one file alone)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from netopt.io.cells import restore_text
from netopt.report.writer import write_workbook

WORKBOOK = "plan.xlsx"


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """A table as written, every cell text."""
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def write_table(folder: Path, table: str, frame: pd.DataFrame, workbook: bool = True) -> None:
    """Replace a table's CSV file (and its sheet of ``plan.xlsx`` unless ``workbook`` is
    False)."""
    frame.to_csv(folder / f"{table}.csv", index=False)
    if workbook:
        rebuild_workbook(folder)


def read_summary(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return data


def write_summary(folder: Path, data: dict[str, Any], workbook: bool = True) -> None:
    """Replace ``summary.json`` (and the workbook's summary sheet unless ``workbook`` is
    False)."""
    (folder / "summary.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if workbook:
        rebuild_workbook(folder)


def edit_summary(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change ``summary.json`` in place (and the workbook with it)."""
    data = read_summary(folder)
    change(data)
    write_summary(folder, data)


def _typed(path: Path) -> pd.DataFrame:
    """A CSV file with pandas' own types (numbers as numbers), text un-escaped."""
    frame = pd.read_csv(path)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(
                lambda v: restore_text(v) if isinstance(v, str) else v
            )
    return frame


def rebuild_workbook(folder: Path) -> None:
    """Write ``plan.xlsx`` again from ``summary.json`` and the CSV files of its sheets."""
    book = openpyxl.load_workbook(folder / WORKBOOK, read_only=True)
    sheets = [name for name in book.sheetnames if name != "summary"]
    book.close()
    tables = {
        name: _typed(folder / f"{name}.csv")
        for name in sheets
        if (folder / f"{name}.csv").is_file()
    }
    write_workbook(folder / WORKBOOK, read_summary(folder), tables)


def set_cell(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """One cell of a table changed (in the CSV file and the workbook); ``row`` counts data rows
    from 0 (CSV line ``row + 2``)."""
    frame = read_table(folder, table)
    frame.loc[row, column] = value
    write_table(folder, table, frame)


def change_cell(
    folder: Path, table: str, row: int, column: str, change: Callable[[float], float]
) -> None:
    """One numeric cell of a table changed (in the CSV file and the workbook)."""
    frame = read_table(folder, table)
    frame.loc[row, column] = repr(change(float(frame.loc[row, column])))
    write_table(folder, table, frame)


def set_workbook_cell(folder: Path, sheet: str, coordinate: str, value: Any) -> None:
    """One cell of ``plan.xlsx`` changed, nothing else (a formula when ``value`` begins with
    ``=``)."""
    book = openpyxl.load_workbook(folder / WORKBOOK)
    book[sheet][coordinate] = value
    book.save(folder / WORKBOOK)
