"""Reading a result folder's CSV files into typed rows, every problem located by file and line.

A table is read as text with the :mod:`csv` module (so an id such as ``007`` stays ``007``) and
its rows converted to a row type: a frozen dataclass whose fields are the table's columns, in
any order, plus an optional ``line`` field that receives the row's line in the file. Text cells
are un-escaped with :func:`netopt.io.cells.restore_text` (the writer escapes text that begins
like a formula with a leading apostrophe); a text cell that begins like a formula *without* the
escape is a problem (a spreadsheet would run it). An empty cell of an optional column is None.

Nothing here raises on a bad file: a missing file, a folder in its place, bytes that are not
UTF-8, an empty file, a missing or unknown column, a row of the wrong width or a cell that is
not what its column holds each become a :class:`FileProblem` naming the file, the line and the
column, and the rows that could be read are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from netopt.io.cells import FORMULA_STARTS
from netopt.io.csv_table import (
    CsvFileError,
    file_text,
    number_cell,
    parse_csv,
    text_cell,
    whole_cell,
)
from netopt.verify.report import Violation, Where

LINE = "line"
"""Name of the row-type field that receives a row's line in its file (not a column)."""


@dataclass(frozen=True)
class FileProblem:
    """A result file, or a place in one, that cannot be read as netopt writes it."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    field: str | None = None
    """Dotted path of a ``summary.json`` field."""

    def violation(self) -> Violation:
        where: Where = {"file": self.file}
        for key, value in (("line", self.line), ("column", self.column), ("field", self.field)):
            if value is not None:
                where[key] = value
        return Violation("tables", where, self.message)


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as text: its header and its rows (cells as written), with their lines."""

    name: str
    """Table name (the file is ``<name>.csv``)."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    """Line in the file where each row begins."""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


def read_text(path: Path) -> tuple[str | None, FileProblem | None]:
    """A result file's text, or why it cannot be read (missing, a folder, not UTF-8)."""
    name = path.name
    try:
        return file_text(path), None
    except CsvFileError as error:
        if error.missing:
            return None, FileProblem(name, f"{name} is missing from the result folder")
        if error.line is None:
            return None, FileProblem(name, f"{name} {error.reason}")
        message = f"{name} line {error.line}: {error.reason}"
        return None, FileProblem(name, message, line=error.line)


def read_csv(folder: Path, name: str) -> tuple[CsvTable | None, list[FileProblem]]:
    """``<name>.csv`` of ``folder`` as text rows; None (with the problem) when unreadable."""
    text, problem = read_text(folder / f"{name}.csv")
    if text is None:
        return None, [problem] if problem else []
    file = f"{name}.csv"
    try:
        parsed = parse_csv(text)
    except CsvFileError as error:
        message = f"{file} line {error.line}: {error.reason}"
        return None, [FileProblem(file, message, line=error.line)]
    return CsvTable(name, parsed.header, parsed.rows, parsed.lines), []


# --------------------------------------------------------------------------- cells


def _text(cell: str) -> str:
    if cell and cell[0] in FORMULA_STARTS:
        raise ValueError(f"{cell!r} begins like a formula but is not escaped")
    return text_cell(cell)


def _optional_text(cell: str) -> str | None:
    return _text(cell) if cell else None


def _optional_number(cell: str) -> float | None:
    return number_cell(cell) if cell else None


def _optional_integer(cell: str) -> int | None:
    return whole_cell(cell) if cell else None


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "str": _text,
    "str | None": _optional_text,
    "float": number_cell,
    "float | None": _optional_number,
    "int": whole_cell,
    "int | None": _optional_integer,
}
"""Row-type field annotation -> converter of a cell (text as written, not stripped)."""

Row = TypeVar("Row")


def columns_of(row_type: type[Any]) -> list[str]:
    """The columns of a row type (its fields but ``line``)."""
    return [f.name for f in fields(row_type) if f.name != LINE]


def _header_problems(table: CsvTable, wanted: list[str]) -> tuple[list[FileProblem], bool]:
    """Problems of the header line, and whether the rows can still be read (every wanted
    column present once)."""
    header = table.header
    missing = [c for c in wanted if c not in header]
    unknown = [c for c in header if c not in wanted]
    twice = sorted({c for c in header if header.count(c) > 1})
    out = []
    for names, what in (
        (missing, "lacks the column(s)"),
        (unknown, "has column(s) netopt does not write:"),
        (twice, "repeats the column(s)"),
    ):
        if names:
            out.append(FileProblem(table.file, f"{table.file} line 1 {what} {', '.join(names)}", 1))
    return out, not missing and not twice


def typed_rows(table: CsvTable, row_type: type[Row]) -> tuple[list[Row], list[FileProblem]]:
    """The rows of ``table`` converted to ``row_type``; a row with a cell that cannot be
    converted is left out, with a problem naming its line and column."""
    wanted = columns_of(row_type)
    problems, readable = _header_problems(table, wanted)
    if not readable:
        return [], problems
    kinds = {f.name: str(f.type) for f in fields(row_type)}  # type: ignore[arg-type]
    position = {name: table.header.index(name) for name in wanted}
    takes_line = LINE in kinds
    rows: list[Row] = []
    for cells, line in zip(table.rows, table.lines, strict=True):
        if len(cells) != len(table.header):
            problems.append(
                FileProblem(
                    table.file,
                    f"{table.file} line {line} has {len(cells)} cells; the header has "
                    f"{len(table.header)}",
                    line,
                )
            )
            continue
        values: dict[str, Any] = {LINE: line} if takes_line else {}
        bad = _convert(table, cells, line, position, kinds, values)
        if bad is not None:
            problems.append(bad)
            continue
        rows.append(row_type(**values))
    return rows, problems


def _convert(
    table: CsvTable,
    cells: tuple[str, ...],
    line: int,
    position: dict[str, int],
    kinds: dict[str, str],
    values: dict[str, Any],
) -> FileProblem | None:
    """Fill ``values`` from ``cells``; the first cell that cannot be converted, as a problem."""
    for name, index in position.items():
        try:
            values[name] = CONVERTERS[kinds[name]](cells[index])
        except ValueError as error:
            message = f"{table.file} line {line}, column {name}: {error}"
            return FileProblem(table.file, message, line, name)
    return None


def read_table(
    folder: Path, name: str, row_type: type[Row]
) -> tuple[CsvTable | None, list[Row], list[FileProblem]]:
    """``<name>.csv`` as text and as typed rows, with every problem found."""
    table, problems = read_csv(folder, name)
    if table is None:
        return None, [], problems
    rows, found = typed_rows(table, row_type)
    return table, rows, problems + found
