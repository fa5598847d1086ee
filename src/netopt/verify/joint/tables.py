"""A joint plan's workforce tables as typed rows: every column netopt writes, one field each.

The capital tables of a joint plan are read as a capital plan's
(:func:`netopt.verify.capital.tables.read_plan`); these are the six written after them, and
the comparison with the sequential plan when ``--compare-sequential`` wrote it. WTE are
whole-time equivalents, hours are hours a year and money GBP (``staff_costs.csv``: discounted to
the first plan year). A row left out stands for zeros: netopt writes only the rows with
something in them. Reading goes through :mod:`netopt.verify.files`, so every problem is
located and nothing raises.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netopt.verify.files import CsvTable, FileProblem, read_table

StaffYear = tuple[str, str, int]
"""(employer, role, year): the key of ``staffing.csv``."""


@dataclass(frozen=True)
class StaffingRow:
    """A row of ``staffing.csv``: an employer's WTE of a role in a year, how it changed and
    what its hours were spent on."""

    employer: str
    role: str
    tier: str
    year: int
    wte: float
    hires: float
    leavers: float
    trained_in: float
    trained_out: float
    trainees_started: float
    in_training: float
    clinical_hours: float
    scanning_hours: float
    reports: float
    reporting_hours: float
    supervision_hours: float
    study_hours: float
    agency_hours: float
    utilisation: float | None
    salaries: float
    line: int = 0


@dataclass(frozen=True)
class ScannerStaffingRow:
    """A row of ``scanner_staffing.csv``: the hours an employer's scanners of a modality run
    in a year and who staffed them."""

    employer: str
    modality: str
    year: int
    scanner_hours: float
    staff_hours_needed: float
    own_staff_hours: float
    other_employers_hours: float
    assistant_hours: float
    agency_share: float | None
    line: int = 0


@dataclass(frozen=True)
class ReportRow:
    """A row of ``reports.csv``: exams of a type scanned at an employer's sites in a year and
    who reported them."""

    employer: str
    exam_type: str
    year: int
    exams_scanned: float
    reported_by_own_staff: float
    reported_by_other_employers: float
    reports_outsourced: float
    line: int = 0


@dataclass(frozen=True)
class TrainingRow:
    """A row of ``training.csv``: trainees an employer starts on a pathway in a year."""

    employer: str
    pathway: str
    from_role: str | None
    to_role: str
    year: int
    trainees: int
    completing_year: int
    line: int = 0


@dataclass(frozen=True)
class PassportRow:
    """A row of ``staff_passports.csv``: WTE of an employer's role holding (and granted that
    year) a passport to work for another employer, and the work they did for it."""

    employer: str
    role: str
    works_for: str
    year: int
    wte_holding: float
    wte_granted: float
    scanning_hours: float
    reports: float
    reporting_hours: float
    line: int = 0


@dataclass(frozen=True)
class StaffCostRow:
    """A row of ``staff_costs.csv``."""

    component: str
    npv: float
    line: int = 0


@dataclass(frozen=True)
class SequentialRow:
    """A row of ``sequential.csv`` (``netopt solve joint --compare-sequential``): a measure of
    the joint plan, of the sequential plan (capital first, workforce second) and their
    difference (empty where a plan has none)."""

    measure: str
    unit: str
    joint: float | None
    sequential: float | None
    difference: float | None
    line: int = 0


TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("staffing", StaffingRow),
    ("scanner_staffing", ScannerStaffingRow),
    ("reports", ReportRow),
    ("training", TrainingRow),
    ("staff_passports", PassportRow),
    ("staff_costs", StaffCostRow),
)
"""Every workforce table of a joint plan, in the order netopt writes them, with its row type."""
SEQUENTIAL = "sequential"
"""The table written beside the plan's with ``--compare-sequential`` (when it is there)."""


@dataclass(frozen=True)
class StaffingTables:
    """The workforce tables of a joint plan, as typed rows and as text."""

    staffing: list[StaffingRow] = field(default_factory=list)
    scanner_staffing: list[ScannerStaffingRow] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)
    training: list[TrainingRow] = field(default_factory=list)
    staff_passports: list[PassportRow] = field(default_factory=list)
    staff_costs: list[StaffCostRow] = field(default_factory=list)
    sequential: list[SequentialRow] = field(default_factory=list)
    """The comparison with the sequential plan; empty when the folder has none."""
    files: dict[str, CsvTable | None] = field(default_factory=dict)
    """Each table's CSV file as text (None when unreadable), for the workbook check."""
    problems: list[FileProblem] = field(default_factory=list)


def read_staffing_tables(folder: Path, listed: Collection[str] = ()) -> StaffingTables:
    """Every workforce table of a joint plan's result folder, and the comparison with the
    sequential plan when it is there or ``listed`` (the files ``summary.json`` lists)."""
    rows: dict[str, list[Any]] = {}
    files: dict[str, CsvTable | None] = {}
    problems: list[FileProblem] = []
    extras: list[tuple[str, type[Any]]] = []
    if (folder / f"{SEQUENTIAL}.csv").exists() or f"{SEQUENTIAL}.csv" in listed:
        extras.append((SEQUENTIAL, SequentialRow))
    for name, row_type in (*TABLES, *extras):
        table, typed, found = read_table(folder, name, row_type)
        rows[name] = typed
        files[name] = table
        problems += found
    return StaffingTables(files=files, problems=problems, **rows)
