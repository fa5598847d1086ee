"""The top of a report: the plan's key figures as cards, what they mean in sentences, and small
tables (e.g. the comparison with the baselines)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    """A key figure: ``label`` over a large ``value``, with a short ``note`` under it."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class SmallTable:
    """A small table of text cells under the headline (a header row, then rows)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Headline:
    """The report's title and top section."""

    title: str
    """E.g. ``Capital plan: Kent and Medway imaging network``."""
    subtitle: str
    """One line: the plan's years, status and how good it is."""
    cards: tuple[Card, ...]
    sentences: tuple[str, ...]
    """What the plan does and how it compares, in planners' words."""
    tables: tuple[SmallTable, ...] = ()
