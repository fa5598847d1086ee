"""Write a plan's result folder: one CSV per table, one Excel workbook, ``summary.json``.

Text cells are never live formulas: in the CSV files a text that begins like a formula gets a
leading apostrophe (:mod:`netopt.io.cells`), in ``plan.xlsx`` every text cell is stored as text.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
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
from netopt.report.columns import TableDoc, table_doc

WORKBOOK_FILE = "plan.xlsx"
SUMMARY_SHEET = "summary"
BOLD = Font(bold=True)


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
    (``timings.total_seconds``); lists are kept as their JSON text. The list of files in the
    folder (``result_files``) is left out: it is the folder's, and ``netopt report`` adds the
    report to it without rewriting the workbook."""
    rows: list[tuple[str, Any]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple | Mapping):
            rows.append((prefix, json.dumps(value)))
        else:
            rows.append((prefix, value))

    walk("", _json_safe({k: v for k, v in summary.items() if k != RESULT_FILES_KEY}))
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


def _append(
    sheet: WriteOnlyWorksheet, values: Iterable[Any], formats: Sequence[str | None] = ()
) -> None:
    """Append a row; text is stored as text, never as a formula (openpyxl makes a string that
    begins with "=" a formula unless told otherwise); numbers get ``formats`` (by column)."""
    row = list(values)
    for i, value in enumerate(row):
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row[i] = cell
        elif (
            i < len(formats)
            and formats[i] is not None
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = formats[i]
            row[i] = cell
    sheet.append(row)


SITE_ID_COLUMNS = ("site", "origin", "destination", "place")
"""Columns that hold a site id (``place`` may also be ``home``): in ``plan.xlsx`` each is
followed by ``<column>_name``, the site's name from the ``sites`` table."""
TRUST_ID_COLUMNS = ("trust", "employer", "works_for")
"""Columns that hold a trust id (a joint plan's employers are trusts, or ``network``): followed
by ``<column>_name`` in ``plan.xlsx``."""
NAMES_TABLE = "sites"
"""The table the names come from (it names sites and trusts itself, so it gets none added)."""


def name_column(column: str) -> str:
    """The workbook column that names the ids of ``column``."""
    return f"{column}_name"


def _names(tables: Mapping[str, pd.DataFrame]) -> tuple[dict[str, str], dict[str, str]]:
    """Site id -> name and trust id -> name, from the ``sites`` table (empty without it)."""
    sites = tables.get(NAMES_TABLE)
    if sites is None or sites.empty:
        return {}, {}
    site_names = dict(zip(sites["site"].astype(str), sites["name"].astype(str), strict=True))
    trust_names = dict(
        zip(sites["trust"].astype(str), sites["trust_name"].astype(str), strict=True)
    )
    return site_names, trust_names


def with_names(name: str, frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """``frame`` as its workbook sheet shows it: each site or trust id column followed by the
    names of its ids (empty for an id the ``sites`` table does not name, such as ``home``)."""
    site_names, trust_names = _names(tables)
    if name == NAMES_TABLE or not (site_names or trust_names):
        return frame
    out = frame.copy()
    for column in list(frame.columns):
        lookup = (
            site_names
            if column in SITE_ID_COLUMNS
            else trust_names
            if column in TRUST_ID_COLUMNS
            else None
        )
        if lookup is None or name_column(column) in frame.columns:
            continue
        names = frame[column].map(
            lambda v, names=lookup: names.get(str(v)) if v is not None else None
        )
        out.insert(list(out.columns).index(column) + 1, name_column(column), names)
    return out


def write_workbook(
    path: Path | io.BytesIO,
    summary: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    docs: Mapping[str, TableDoc] | None = None,
) -> None:
    """``plan.xlsx``: a ``README`` sheet (what each sheet and column means, with units), a
    ``summary`` sheet (field, value) and a sheet per table. Table sheets have a bold, frozen
    header with filters, columns wide enough to read, number formats by unit (GBP with
    thousands separators, whole exams, shares as percentages), and each site or trust id
    followed by its name (:func:`with_names`); the values are those of the CSV files,
    unrounded. ``docs`` describe tables that are not a plan's (e.g. a study's comparison)."""
    plan = str(summary.get("model", ""))
    known = {name: (docs or {}).get(name) or _documented(plan, name) for name in tables}
    book = Workbook(write_only=True)
    _readme_sheet(book.create_sheet(README_SHEET), summary, known)
    sheet = book.create_sheet(SUMMARY_SHEET)
    _header(sheet, ("field", "value"), [48, 60])
    for row in summary_rows(summary):
        _append(sheet, row)
    for name, table in tables.items():
        doc = known[name]
        units = {c.name: c.unit for c in doc.columns} if doc is not None else {}
        frame = with_names(name, table, tables)
        sheet = book.create_sheet(name[:31])
        headers = [str(c) for c in frame.columns]
        formats = [NUMBER_FORMATS.get(units.get(h, "")) for h in headers]
        _header(sheet, headers, _widths(frame, headers, formats), rows=len(frame))
        for record in _records(frame):
            _append(sheet, record, formats)
    book.save(path)


README_SHEET = "README"
NUMBER_FORMATS: dict[str, str] = {
    "GBP": "#,##0",
    "GBP, present value": "#,##0",
    "GBP a year": "#,##0",
    "GBP, one-off": "#,##0",
    "exams": "#,##0",
    "exams a week": "#,##0",
    "reports a week": "#,##0",
    "studies a day": "#,##0",
    "reports": "#,##0",
    "WTE": "#,##0.00",
    "hours a year": "#,##0.0",
    "minutes": "#,##0.0",
    "minutes a week": "#,##0",
    "share": "0.0%",
    "%": "0.0",
    "year": "0",
}
"""Excel number format by a column's unit (``docs/results.md``); others are shown as stored."""
WIDEST = 60
"""Widest column (characters)."""


def _documented(plan: str, name: str) -> TableDoc | None:
    try:
        return table_doc(plan, name)
    except (KeyError, ValueError):
        return None


def _widths(frame: pd.DataFrame, headers: list[str], formats: list[str | None]) -> list[float]:
    """A width per column: its header or its longest value as shown (the first 500 rows)."""
    sample = frame.head(500)
    widths: list[float] = []
    for header, fmt, column in zip(headers, formats, sample.columns, strict=True):
        shown = [len(header)]
        for value in sample[column]:
            if isinstance(value, float) and fmt is not None and math.isfinite(value):
                shown.append(len(f"{value:,.0f}") + 2)
            elif value is not None and not (isinstance(value, float) and math.isnan(value)):
                shown.append(len(str(value)))
        widths.append(min(max(shown) + 2, WIDEST))
    return widths


def _header(
    sheet: WriteOnlyWorksheet, headers: Iterable[str], widths: list[float], rows: int = 0
) -> None:
    """A bold header row, frozen, with filters over ``rows`` rows and the column widths."""
    names = list(headers)
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{rows + 1}"
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.data_type = "s"
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _readme_sheet(
    sheet: WriteOnlyWorksheet, summary: Mapping[str, Any], docs: Mapping[str, TableDoc | None]
) -> None:
    """What the workbook holds: each sheet and each of its columns, with units."""
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 20
    sheet.column_dimensions["D"].width = 100
    model = summary.get("model", "")
    title = WriteOnlyCell(
        sheet, value="netopt study comparison" if model == "study" else f"netopt {model} plan"
    )
    title.font = BOLD
    sheet.append([title])
    _append(sheet, ["network", summary.get("network")])
    _append(sheet, ["status", summary.get("status")])
    if summary.get("quality"):
        _append(sheet, ["quality", summary.get("quality")])
    _append(
        sheet,
        [
            "",
            "",
            "",
            "The CSV files beside this workbook hold the same tables; "
            "docs/results.md describes every column.",
        ],
    )
    sheet.append([])
    cells = []
    for name in ("sheet", "column", "unit", "meaning"):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)
    _append(sheet, [SUMMARY_SHEET, "", "", "The headline figures (summary.json), one per row."])
    for name, doc in docs.items():
        if doc is None:
            _append(sheet, [name, "", "", ""])
            continue
        _append(sheet, [name, "", "", doc.content])
        for column in doc.columns:
            _append(sheet, [name, column.name, column.unit, column.meaning])
            if name != NAMES_TABLE and column.name in (*SITE_ID_COLUMNS, *TRUST_ID_COLUMNS):
                meaning = f"The name of `{column.name}` (from the `sites` sheet); only here, not in the CSV file."
                _append(sheet, [name, name_column(column.name), "-", meaning])


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
