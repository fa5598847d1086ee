"""Result CSV files read as text, rows kept with their line in the file; cells converted strictly.

netopt's result tables are CSV files it wrote (``report.writer``). Readers of them (the verifier,
the workforce plan's ``--capital-plan``) read every cell as text with the :mod:`csv` module, so
an id such as ``007`` stays ``007`` and a site called ``NA`` stays ``NA``, and convert cells
with the functions here. A file that cannot be read raises :class:`CsvFileError` with the line
where there is one; each reader turns it into its own located problem.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from netopt.io.cells import restore_text


class CsvFileError(Exception):
    """A CSV file that cannot be read: ``reason`` says why (without the file's name)."""

    def __init__(self, reason: str, line: int | None = None, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.missing = missing
        """The file does not exist."""


@dataclass(frozen=True)
class CsvText:
    """A CSV file as text: its header and its rows (cells as written), with their lines."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    """Line in the file where each row begins (blank lines are skipped)."""


def file_text(path: Path) -> str:
    """The UTF-8 text of ``path`` (a byte-order mark dropped)."""
    if path.is_dir():
        raise CsvFileError("is a folder, not a file")
    if not path.exists():
        raise CsvFileError("does not exist", missing=True)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CsvFileError(f"cannot be read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CsvFileError(f"byte 0x{data[error.start]:02x} is not UTF-8 text", line) from None


def parse_csv(text: str) -> CsvText:
    """The header and rows of CSV ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CsvFileError("is empty: it has no header line", 1)
        rows: list[tuple[str, ...]] = []
        lines: list[int] = []
        begins = reader.line_num + 1
        for row in reader:
            if row:
                rows.append(tuple(row))
                lines.append(begins)
            begins = reader.line_num + 1
    except csv.Error as error:
        raise CsvFileError(str(error), reader.line_num) from None
    return CsvText(tuple(header), tuple(rows), tuple(lines))


def read_csv_file(path: Path) -> CsvText:
    """:func:`parse_csv` of :func:`file_text`."""
    return parse_csv(file_text(path))


def text_cell(cell: str) -> str:
    """A text cell, un-escaped (:func:`netopt.io.cells.restore_text`); empty is an error."""
    if not cell:
        raise ValueError("is empty")
    return restore_text(cell)


def number_cell(cell: str) -> float:
    """A finite number."""
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not a number" if cell else "is empty") from None
    if not math.isfinite(value):
        raise ValueError(f"{cell!r} is not a finite number")
    return value


def whole_cell(cell: str) -> int:
    """A whole number (``5.0`` is 5)."""
    value = number_cell(cell)
    if value != round(value):
        raise ValueError(f"{cell!r} is not a whole number")
    return round(value)
