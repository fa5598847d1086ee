"""``netopt solve capital --alternatives K --slack S``: near-optimal plans beside the best one.

The best plan goes to ``--out`` as always; alternative i to the sibling result folder
``OUT-alternative-i`` (checked before any work, under the same rules as ``--out``), and
``alternatives.csv`` in ``--out`` says how each differs from the best, naming its folder (by
name: it lies beside ``--out``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from netopt import api
from netopt.cli.common import REPORT_SECONDS, Exit, TextTable, err_console, fail
from netopt.io.result_folder import ResultFolderError, ResultWriteError
from netopt.models.capital.alternatives import (
    ALTERNATIVE_FOLDER,
    alternatives_frame,
    capital_alternatives,
)
from netopt.models.capital.plan import CapitalPlan
from netopt.report.folder import ReportWarning
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions

WRITE_SECONDS = 0.5
"""Seconds kept per alternative folder for writing its tables (besides its report)."""


def alternative_folders(out: Path, count: int) -> list[Path]:
    """Where alternatives 1..``count`` of a plan written to ``out`` go: ``OUT-alternative-i``
    beside it."""
    return [
        out.with_name(ALTERNATIVE_FOLDER.format(name=out.name, i=i)) for i in range(1, count + 1)
    ]


def near_optimal_plans(
    instance: Instance,
    best: CapitalPlan,
    folders: Sequence[Path],
    slack: float,
    options: SolveOptions,
    deadline: Deadline,
    *,
    force: bool,
    inputs: Sequence[Path],
    report: bool,
) -> pd.DataFrame:
    """Find up to ``len(folders)`` alternatives to ``best`` by ``deadline`` (less the time their
    folders take to write), write each to its folder and return the ``alternatives`` table
    (the plans found, their folders, and the reason when fewer were found)."""
    per_folder = WRITE_SECONDS + (REPORT_SECONDS if report else 0.0)
    left = deadline.remaining() - per_folder * len(folders)
    seconds = max(left, 0.0) if math.isfinite(left) else None
    found = capital_alternatives(
        instance,
        best,
        len(folders),
        slack,
        options.model_copy(update={"time_limit": seconds}),
    )
    written: list[str] = []
    for plan, folder in zip(found.plans, folders, strict=False):
        try:
            with warnings.catch_warnings(record=True) as heard:
                warnings.simplefilter("always", ReportWarning)
                api.write_plan(plan, instance, folder, force=force, inputs=inputs, report=report)
            for warning in heard:
                err_console.print(f"warning: {warning.message}", markup=False, highlight=False)
        except ResultFolderError as error:
            fail(f"--alternatives: {error}; the plans were not written", Exit.BAD_INPUT)
        except ResultWriteError as error:
            fail(str(error), Exit.WRITE_FAILED)
        written.append(folder.name)
    frame = alternatives_frame(found, written)
    notes = list(found.notes)
    own = best.report.options.get("time_limit")
    if isinstance(own, int | float):
        notes.append(f"the best plan had {own:.1f} s of the time limit, the alternatives the rest")
    err_console.print("alternatives: " + "; ".join(notes), markup=False, highlight=False)
    return frame


def alternatives_table(frame: pd.DataFrame) -> TextTable:
    """The terminal table of the ``alternatives`` table."""
    headers = ("plan", "net present cost", "above best", "units moved", "folder")
    table = TextTable("Near-optimal alternatives", headers, right=frozenset({1, 2, 3}))
    for row in frame.to_dict("records"):
        table.add_row(
            str(row["plan"]),
            f"GBP {row['objective']:,.0f}",
            f"{row['above_best_pct']:.2f}%",
            f"{row['units_moved']:,}",
            str(row["folder"]) or "(--out)",
        )
    return table
