"""Write a plan's result folder: one CSV per table, one Excel workbook, ``summary.json``."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from netopt.report.folder import atomic_folder

SUMMARY_FILE = "summary.json"
WORKBOOK_FILE = "plan.xlsx"


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


def write_result_folder(
    out: str | Path,
    summary: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    extra_files: Mapping[str, str] | None = None,
) -> Path:
    """Write ``summary.json``, ``<table>.csv`` for each table, ``plan.xlsx`` (a sheet per
    table, a ``summary`` sheet first) and any extra text files into ``out``, replacing it whole
    and atomically."""
    target = Path(out)
    with atomic_folder(target) as scratch:
        (scratch / SUMMARY_FILE).write_text(summary_json(summary), encoding="utf-8")
        for name, text in (extra_files or {}).items():
            (scratch / name).write_text(text, encoding="utf-8")
        for name, frame in tables.items():
            frame.to_csv(scratch / f"{name}.csv", index=False)
        flat = pd.json_normalize(_json_safe(dict(summary)), sep=".").T.reset_index()
        flat.columns = pd.Index(["field", "value"])
        with pd.ExcelWriter(scratch / WORKBOOK_FILE, engine="openpyxl") as book:
            flat.astype(str).to_excel(book, sheet_name="summary", index=False)
            for name, frame in tables.items():
                frame.to_excel(book, sheet_name=name[:31], index=False)
    return target
