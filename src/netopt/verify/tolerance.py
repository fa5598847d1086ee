"""When two figures agree: the verifier's one tolerance rule.

Every compared figure passes when ``|a - b| <= atol + rtol * max(|a|, |b|)``:

- ``rtol`` is the caller's relative tolerance (``netopt verify --tolerance``, default 1e-6). It
  covers floating-point noise in long sums and the solver's own tolerances (an integer variable
  at 0.9999999 is written as 1, but the objective HiGHS reports was computed with 0.9999999).
- ``atol`` is what rounding of the written cells can move the figure by. The writer rounds every
  continuous value to 6 decimals and snaps a value within 1e-6 of a whole number to it, so a
  written cell is within :data:`CELL` (1e-6) of the solver's value; money columns of the
  workforce tables are rounded to pence (:data:`PENCE`). A figure recomputed from written cells
  as ``sum(weight * cell)`` can therefore be off by ``sum(|weight|) * CELL``, plus the rounding
  of the written figure itself. :class:`Tally` adds up a figure and that allowance together, so
  a correct plan never fails on rounding (e.g. a workforce plan's outsourcing cost of GBP 1.96,
  52 weeks x price x reports written to 6 decimals, recomputed GBP 4e-6 away from costs.csv).

An ``atol`` of 0 would make rounding fail correct plans; a fixed large one would let small
tampering through. The propagated allowance is small for honest plans (pence on millions of
GBP) and a tampered figure is off by far more.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL = 1e-6
"""Largest difference between a written continuous cell and the solver's value."""
PENCE = 0.005
"""Largest rounding error of a money cell written to pence."""
NOISE = 1e-9
"""Floating-point noise allowed on figures recomputed exactly from exact data."""


def agree(a: float, b: float, rtol: float, atol: float = CELL) -> bool:
    """``|a - b| <= atol + rtol * max(|a|, |b|)``."""
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def within(value: float, limit: float, rtol: float, atol: float = CELL) -> bool:
    """``value <= limit`` up to the tolerance rule (for constraints such as capacity)."""
    return value - limit <= atol + rtol * max(abs(value), abs(limit))


@dataclass
class Tally:
    """A figure recomputed from written cells, with the rounding allowance of those cells."""

    value: float = 0.0
    slack: float = 0.0
    """How far rounding of the cells it was computed from can move ``value``."""
    terms: int = 0

    def add(self, cell: float, weight: float = 1.0, rounding: float = CELL) -> None:
        """Add ``weight * cell`` for a written cell (rounded to ``rounding``)."""
        self.value += weight * cell
        self.slack += abs(weight) * rounding
        self.terms += 1

    def add_exact(self, amount: float) -> None:
        """Add an amount computed from the instance alone (no rounding)."""
        self.value += amount
        self.terms += 1

    def agrees(self, written: float, rtol: float, rounding: float = CELL) -> bool:
        """Whether a written figure (itself rounded to ``rounding``) is this one."""
        return agree(written, self.value, rtol, rounding + self.slack)
