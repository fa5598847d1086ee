"""Helpers the cross-table checks share: known ids and duplicate keys, as located problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from netopt.schema.errors import InputProblem, Loc, shorten


class Known:
    """The ids a reference of one kind may name.

    The few listed in a message are sorted once, when first needed: thousands of unknown
    references to thousands of ids stay linear.
    """

    def __init__(self, kind: str, ids: Iterable[str]) -> None:
        self.kind = kind
        self.ids = frozenset(ids)
        self._listed: str | None = None

    def __contains__(self, value: object) -> bool:
        return value in self.ids

    def message(self, value: str) -> str:
        """``unknown site 'west' (known: cdc, north, south)``."""
        if self._listed is None:
            names = sorted(self.ids)
            self._listed = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        return f"unknown {self.kind} '{shorten(value)}' (known: {self._listed or 'none'})"

    def check(self, loc: Loc, value: str | None, out: list[InputProblem]) -> None:
        """Add a problem at ``loc`` to ``out`` when ``value`` is given and not known."""
        if value is not None and value not in self.ids:
            out.append(InputProblem(loc, self.message(value)))


def _show_key(key: Hashable) -> str:
    """A key as the planner wrote it: 'CT-head' or 'mon am'."""
    if isinstance(key, tuple):
        return "'" + " ".join(str(part) for part in key) + "'"
    return repr(key)


def duplicates(
    table: str, rows: Sequence[Any], key: Callable[[Any], Hashable], what: str
) -> list[InputProblem]:
    seen: dict[Hashable, int] = {}
    problems = []
    for i, row in enumerate(rows):
        k = key(row)
        if k in seen:
            problems.append(
                InputProblem(
                    (table, i),
                    f"duplicate {what} {_show_key(k)} (first given in record {seen[k] + 1} of "
                    f"{table})",
                )
            )
        else:
            seen[k] = i
    return problems


def repeated_entries(table: str, rows: Sequence[Any], fields: Sequence[str]) -> list[InputProblem]:
    """A problem for each list field of a row (e.g. a staff row's ``scans``) that names an
    entry more than once."""
    problems = []
    for i, row in enumerate(rows):
        for field in fields:
            repeated = sorted(v for v, n in Counter(getattr(row, field)).items() if n > 1)
            if repeated:
                problems.append(
                    InputProblem((table, i, field), f"{', '.join(repeated)} listed more than once")
                )
    return problems
