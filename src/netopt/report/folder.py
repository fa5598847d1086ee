"""A result folder read back for the report: ``summary.json`` and every table, typed by the
columns' units (:mod:`netopt.report.columns`): ids and text as strings, everything else as
numbers, empty cells as missing."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from netopt.io.result_folder import RESULT_FILES_KEY, SUMMARY_FILE
from netopt.report.columns import PLANS, table_doc

TEXT_UNITS = frozenset({"-"})
"""Units of columns read as text (ids, names, choices)."""


class ReportWarning(UserWarning):
    """The report could not be drawn; the plan's tables were written without it."""


class ReportInputError(Exception):
    """The folder is not a result folder netopt can report on; the message says why."""


@dataclass(frozen=True)
class PlanResults:
    """What a report is made from: the plan's summary and its tables by name."""

    summary: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def model(self) -> str:
        return str(self.summary.get("model", ""))

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (an empty frame when the plan has none)."""
        return self.tables.get(name, pd.DataFrame())


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of a result table as named tuples (typed loosely: the columns are the
    table's)."""
    yield from frame.itertuples(index=False)


def blank(value: Any) -> bool:
    """An empty cell: None, NaN, pandas' NA or an empty text."""
    return value is None or value is pd.NA or value == "" or bool(pd.isna(value))


def read_summary(folder: Path) -> dict[str, Any]:
    """``summary.json`` of a result folder (:class:`ReportInputError` when it is missing or
    not a netopt summary)."""
    path = folder / SUMMARY_FILE
    if not folder.is_dir():
        raise ReportInputError(f"{folder}: not a folder")
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportInputError(
            f"{folder}: no {SUMMARY_FILE}, so not a netopt result folder"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ReportInputError(f"{path}: cannot be read ({error})") from None
    if not isinstance(summary, dict) or summary.get("model") not in PLANS:
        raise ReportInputError(
            f"{path}: not the summary of a netopt capital, workforce or joint plan"
        )
    return summary


def _read_table(path: Path, model: str, name: str) -> pd.DataFrame:
    try:
        doc = table_doc(model, name)
    except KeyError:
        return pd.read_csv(path)
    types = {c.name: str for c in doc.columns if c.unit in TEXT_UNITS}
    frame = pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""])
    for column in types:
        if column in frame:
            frame[column] = frame[column].where(frame[column].notna(), None)
    return frame


def read_plan_results(folder: Path) -> PlanResults:
    """The summary and every CSV table ``summary.json`` lists (:class:`ReportInputError`
    when one cannot be read)."""
    summary = read_summary(folder)
    listed = summary.get(RESULT_FILES_KEY) or []
    tables: dict[str, pd.DataFrame] = {}
    for file in listed:
        if not isinstance(file, str) or not file.endswith(".csv") or "/" in file:
            continue
        path = folder / file
        try:
            tables[file.removesuffix(".csv")] = _read_table(path, summary["model"], file[:-4])
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise ReportInputError(f"{path}: cannot be read as a table ({error})") from None
    return PlanResults(summary, tables)
