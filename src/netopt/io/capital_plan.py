"""Reading a capital plan's result folder: the tables the workforce plan rosters.

``netopt solve workforce --capital-plan FOLDER`` rosters the scanners of a capital plan and
reports the exams it scans. This module reads what that needs from the folder netopt wrote,
``fleet.csv`` (units in service by site, modality and year), ``flows.csv`` (exams scanned by
site, exam type and year) and, in a joint plan's folder, ``staffing.csv`` (WTE and agency hours
by employer, role and year), into frozen rows. Only the columns read are required; the others the
capital plan writes are ignored.

Files are read as text with the :mod:`csv` module, so an id such as ``007`` stays ``007`` and a
site called ``NA`` stays ``NA``. Text cells are un-escaped with
:func:`netopt.io.cells.restore_text` (netopt writes text that begins like a formula with a
leading apostrophe). Every problem (a missing folder or file, bytes that are not UTF-8, a
missing column, a cell that is not what its column holds) is an :class:`InstanceError` naming
the file, and the line and column where there is one; the command line exits 2 with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netopt.io.csv_table import CsvFileError, number_cell, read_csv_file, text_cell, whole_cell
from netopt.schema import InputProblem, InstanceError

FLEET_FILE = "fleet.csv"
FLOWS_FILE = "flows.csv"
FLEET_COLUMNS = ("site", "modality", "year", "units")
"""The columns of ``fleet.csv`` read (the capital plan writes more)."""
FLOW_COLUMNS = ("site", "exam_type", "year", "exams")
"""The columns of ``flows.csv`` read (``site`` is where the exams are scanned)."""
STAFFING_FILE = "staffing.csv"
STAFFING_COLUMNS = ("employer", "role", "year", "wte")
"""The columns of a joint plan's ``staffing.csv`` read (a capital plan has no such file)."""
STAFFING_OPTIONAL_COLUMNS = ("agency_hours",)
"""The columns of ``staffing.csv`` read when present (a table written by hand may leave them
out: no agency hours)."""
ADVICE = "give a capital plan's result folder"
WEEK_FILE = "week.yaml"
"""The file of a workforce plan's result folder that holds the week it was solved for, when
that week was rostered from a capital or joint plan's folder (``--capital-plan``): the instance
``netopt verify`` checks the plan against."""
WEEK_SOURCE_KEY = "capital_plan"
"""The field of such a folder's ``summary.json`` saying where its week came from: the plan's
folder as given, its model (``capital`` or ``joint``), the year, the week's file and hash."""


@dataclass(frozen=True)
class FleetUnits:
    """A row of ``fleet.csv``: scanners of a modality in service at a site in a year."""

    site: str
    modality: str
    year: int
    units: int


@dataclass(frozen=True)
class ScannedExams:
    """A row of ``flows.csv``: exams of a type scanned at a site in a year (from one origin)."""

    site: str
    exam_type: str
    year: int
    exams: float


@dataclass(frozen=True)
class RoleWte:
    """A row of a joint plan's ``staffing.csv``: WTE of a role at an employer in a year."""

    employer: str
    role: str
    year: int
    wte: float
    agency_hours: float = 0.0
    """Agency or locum hours of the role the employer buys in the year."""


@dataclass(frozen=True)
class CapitalPlanTables:
    """What the workforce plan reads of a capital plan's result folder."""

    folder: Path
    fleet: tuple[FleetUnits, ...]
    flows: tuple[ScannedExams, ...]
    staffing: tuple[RoleWte, ...] = ()
    """A joint plan's workforce by year (empty for a capital plan)."""


@dataclass(frozen=True)
class _Table:
    """A CSV file as text rows: the cells of the wanted columns, and the line of each row."""

    path: Path
    rows: tuple[dict[str, str], ...]
    lines: tuple[int, ...]


def _problem(path: Path, message: str, line: int | None = None, column: str = "") -> InputProblem:
    place = str(path)
    if line is not None:
        place += f" line {line}"
    if column:
        place += f", column '{column}'"
    return InputProblem((), message, place=place)


def _read_table(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> _Table:
    """The wanted ``columns`` of the CSV file at ``path``, row by row, and those of the
    ``optional`` columns it has."""
    try:
        table = read_csv_file(path)
    except CsvFileError as error:
        reason = "no such file" if error.missing else error.reason
        advice = f"; {ADVICE}" if error.line is None else ""
        raise InstanceError([_problem(path, reason + advice, error.line)]) from None
    missing = [c for c in columns if c not in table.header]
    if missing:
        message = f"lacks the column(s) {', '.join(missing)}"
        raise InstanceError([_problem(path, message, 1)])
    present = columns + tuple(c for c in optional if c in table.header)
    position = {c: table.header.index(c) for c in present}
    rows = tuple(
        {c: row[i] if i < len(row) else "" for c, i in position.items()} for row in table.rows
    )
    return _Table(path, rows, table.lines)


def _cells(
    table: _Table, row: dict[str, str], line: int, problems: list[InputProblem]
) -> dict[str, str | int | float] | None:
    """A row's cells converted by column (site and the like text, year and units whole numbers,
    exams a number); None, with a problem for each bad cell, when any cannot be."""
    convert = {
        "year": whole_cell,
        "units": whole_cell,
        "exams": number_cell,
        "wte": number_cell,
        "agency_hours": number_cell,
    }
    out: dict[str, str | int | float] = {}
    for column, cell in row.items():
        try:
            out[column] = convert.get(column, text_cell)(cell)
        except ValueError as error:
            problems.append(_problem(table.path, str(error), line, column))
    return out if len(out) == len(row) else None


def _fleet(folder: Path, problems: list[InputProblem]) -> tuple[FleetUnits, ...]:
    table = _read_table(folder / FLEET_FILE, FLEET_COLUMNS)
    out = []
    for row, line in zip(table.rows, table.lines, strict=True):
        c = _cells(table, row, line, problems)
        if c is not None:
            out.append(
                FleetUnits(str(c["site"]), str(c["modality"]), int(c["year"]), int(c["units"]))
            )
    return tuple(out)


def _flows(folder: Path, problems: list[InputProblem]) -> tuple[ScannedExams, ...]:
    table = _read_table(folder / FLOWS_FILE, FLOW_COLUMNS)
    out = []
    for row, line in zip(table.rows, table.lines, strict=True):
        c = _cells(table, row, line, problems)
        if c is not None:
            exams = float(c["exams"])
            out.append(ScannedExams(str(c["site"]), str(c["exam_type"]), int(c["year"]), exams))
    return tuple(out)


def _staffing(folder: Path, problems: list[InputProblem]) -> tuple[RoleWte, ...]:
    if not (folder / STAFFING_FILE).is_file():
        return ()
    table = _read_table(folder / STAFFING_FILE, STAFFING_COLUMNS, STAFFING_OPTIONAL_COLUMNS)
    out = []
    for row, line in zip(table.rows, table.lines, strict=True):
        c = _cells(table, row, line, problems)
        if c is not None:
            out.append(
                RoleWte(
                    employer=str(c["employer"]),
                    role=str(c["role"]),
                    year=int(c["year"]),
                    wte=float(c["wte"]),
                    agency_hours=float(c.get("agency_hours", 0.0)),
                )
            )
    return tuple(out)


def read_capital_plan(folder: str | Path) -> CapitalPlanTables:
    """The fleet and flows of the capital plan netopt wrote to ``folder``.

    Raises :class:`InstanceError` naming the file, line and column of every problem found.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise InstanceError([_problem(folder, f"{what}; {ADVICE}")])
    problems: list[InputProblem] = []
    fleet = _fleet(folder, problems)
    flows = _flows(folder, problems)
    staffing = _staffing(folder, problems)
    if problems:
        raise InstanceError(problems)
    return CapitalPlanTables(folder, fleet, flows, staffing)


__all__ = [
    "FLEET_COLUMNS",
    "FLEET_FILE",
    "FLOWS_FILE",
    "FLOW_COLUMNS",
    "STAFFING_COLUMNS",
    "STAFFING_FILE",
    "STAFFING_OPTIONAL_COLUMNS",
    "WEEK_FILE",
    "WEEK_SOURCE_KEY",
    "CapitalPlanTables",
    "FleetUnits",
    "RoleWte",
    "ScannedExams",
    "read_capital_plan",
]
