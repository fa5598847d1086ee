"""Written cells against the values re-derived for them: ``tables`` violations located by file,
line and column (shared by both verifiers)."""

from __future__ import annotations

from collections.abc import Container, Hashable, Iterable
from typing import Any

from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import CELL, Tally, agree
from netopt.verify.words import exact


class Cells:
    """The ``tables`` violations of one CSV file."""

    def __init__(self, file: str, tolerance: float) -> None:
        self.file = file
        self.tolerance = tolerance
        self.out: list[Violation] = []

    def where(self, line: int | None = None, column: str | None = None) -> Where:
        where: Where = {"file": self.file}
        if line:
            where["line"] = line
        if column is not None:
            where["column"] = column
        return where

    def add(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.out.append(Violation("tables", self.where(line, column), message))

    def number(
        self,
        line: int,
        column: str,
        written: float | None,
        expected: float | Tally | None,
        why: str,
        rounding: float = CELL,
    ) -> None:
        """A numeric cell (None: empty) against the value it should hold (None: empty);
        ``why`` says where the expected value comes from (``from <why> it is ...``)."""
        if written is None or expected is None:
            if written is not None or expected is not None:
                self.wrong(line, column, written, expected, why)
            return
        tally = expected if isinstance(expected, Tally) else Tally(expected)
        if not tally.agrees(written, self.tolerance, rounding):
            self.wrong(line, column, written, tally.value, why)

    def text(self, line: int, column: str, written: Any, expected: Any, why: str) -> None:
        """A text (or whole-number) cell against the value it should hold."""
        if written != expected:
            self.wrong(line, column, written, expected, why)

    def known(self, line: int, column: str, value: Any, ids: Container[Any], kind: str) -> bool:
        """Whether an id is one the instance knows; a violation when it is not."""
        if value in ids:
            return True
        self.add(
            f"{self.file} line {line}, column {column}: unknown {kind} '{value}'", line, column
        )
        return False

    def wrong(self, line: int, column: str, written: Any, expected: Any, why: str) -> None:
        self.add(
            f"{self.file} line {line}, column {column} holds {shown(written)}; from {why} it "
            f"is {shown(expected)}",
            line,
            column,
        )


def shown(value: Any) -> str:
    """A cell's value for a message (empty: ``empty``)."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, float):
        return exact(value)
    return str(value)


def close(written: float, expected: Tally, tolerance: float, rounding: float = CELL) -> bool:
    """Whether a written figure is the recomputed one (see :mod:`netopt.verify.tolerance`)."""
    return agree(written, expected.value, tolerance, rounding + expected.slack)


def repeated(keys: Iterable[tuple[Hashable, int]]) -> list[tuple[Hashable, list[int]]]:
    """Keys that occur on more than one line, with their lines."""
    lines: dict[Hashable, list[int]] = {}
    for key, line in keys:
        lines.setdefault(key, []).append(line)
    return [(key, found) for key, found in lines.items() if len(found) > 1]
