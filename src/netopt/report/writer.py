"""Write a plan's result folder: one CSV per table, one Excel workbook, ``summary.json``.

Text cells are never live formulas: in the CSV files a text that begins like a formula gets a
leading apostrophe (:mod:`netopt.io.cells`), in ``plan.xlsx`` every text cell is stored as text.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from netopt.io.cells import escape_text
from netopt.io.result_folder import (
    RESULT_FILES_KEY,
    SUMMARY_FILE,
    ResultWriteError,
    check_result_folder,
    write_failure,
    write_result_folder_atomically,
)

WORKBOOK_FILE = "plan.xlsx"
SUMMARY_SHEET = "summary"


def _json_safe(value: Any) -> Any:
    """Plain JSON: no NaN or infinity (null instead)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def summary_json(summary: Mapping[str, Any]) -> str:
    return json.dumps(_json_safe(summary), indent=2, sort_keys=False) + "\n"


def summary_rows(summary: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``summary.json`` flattened to (field, value) rows, nested keys joined by dots
    (``timings.total_seconds``); lists are kept as their JSON text."""
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple | Mapping):
            rows.append((prefix, json.dumps(value)))
        else:
            rows.append((prefix, value))

    walk("", _json_safe(summary))
    return rows


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would execute neutralised."""
    out = frame.copy()
    for column in out.columns:
        if not (is_numeric_dtype(out[column]) or is_bool_dtype(out[column])):
            out[column] = out[column].map(lambda v: escape_text(v) if isinstance(v, str) else v)
    return out


def _records(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The rows of ``frame`` as plain Python values (None for a missing one)."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.itertuples(index=False, name=None)


def _append(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    """Append a row; text is stored as text, never as a formula (openpyxl makes a string that
    begins with "=" a formula unless told otherwise)."""
    row = list(values)
    for i, value in enumerate(row):
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row[i] = cell
    sheet.append(row)


def write_workbook(
    path: Path | io.BytesIO, summary: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]
) -> None:
    """``plan.xlsx``: a ``summary`` sheet (field, value) and a sheet per table."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SUMMARY_SHEET)
    _append(sheet, ("field", "value"))
    for row in summary_rows(summary):
        _append(sheet, row)
    for name, frame in tables.items():
        sheet = book.create_sheet(name[:31])
        _append(sheet, (str(c) for c in frame.columns))
        for record in _records(frame):
            _append(sheet, record)
    book.save(path)


def render_result_files(
    summary: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    extra_files: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Every file of a result folder, by name: ``<table>.csv`` for each table, ``plan.xlsx``
    (a ``summary`` sheet first, then a sheet per table), any extra text files, and
    ``summary.json``, which lists the others under ``result_files``."""
    files: dict[str, bytes] = {
        f"{name}.csv": csv_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")
        for name, frame in tables.items()
    }
    files.update({name: text.encode("utf-8") for name, text in (extra_files or {}).items()})
    names = sorted([*files, WORKBOOK_FILE])
    summary = {**summary, RESULT_FILES_KEY: names}
    book = io.BytesIO()
    write_workbook(book, summary, tables)
    files[WORKBOOK_FILE] = book.getvalue()
    files[SUMMARY_FILE] = summary_json(summary).encode("utf-8")
    return files


def write_result_folder(
    out: str | Path,
    summary: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    extra_files: Mapping[str, str] | None = None,
    *,
    force: bool = False,
    inputs: Iterable[str | Path] = (),
) -> Path:
    """Write the result folder ``out`` (see :func:`render_result_files`), replacing it whole
    and atomically; the folder it wrote (symbolic links followed).

    Raises :class:`~netopt.io.result_folder.ResultFolderError` when ``out`` cannot be used
    (a folder holding files netopt did not write is replaced only with ``force``; never one
    holding ``inputs``) and :class:`~netopt.io.result_folder.ResultWriteError` when the system
    refuses the write; either way nothing is changed.
    """
    target = check_result_folder(out, force=force, inputs=inputs)
    try:  # openpyxl writes its sheets through temporary files
        files = render_result_files(summary, tables, extra_files)
    except OSError as error:
        raise ResultWriteError(write_failure(target, error)) from None
    return write_result_folder_atomically(target, files)
