"""Input problems located by field path.

Every problem with an instance, whether a type error found by pydantic or a cross-table
check, is an :class:`InputProblem` whose ``loc`` is a path into the instance such as
``("sites", 3, "owner")``. The file readers translate that path into the place a person
edits (YAML line, Excel sheet and row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class InputProblem:
    """One problem with the input: where it is and what is wrong."""

    loc: Loc
    message: str
    place: str = ""
    """Where a person finds it (file, sheet and row); filled in by the readers."""

    def path(self) -> str:
        """The field path in the instance, e.g. ``sites[3].owner``."""
        out = ""
        for part in self.loc:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out or "(instance)"

    def __str__(self) -> str:
        where = self.place or self.path()
        return f"{where}: {self.message}"


class InstanceError(Exception):
    """Raised when an instance cannot be read or is invalid; holds every problem found.

    Deliberately not a ``ValueError``: pydantic lets it propagate unchanged out of validators,
    so the structured locations survive.
    """

    def __init__(self, problems: Sequence[InputProblem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self, limit: int = 50) -> str:
        head = f"invalid instance{f' {self.source}' if self.source else ''}"
        lines = [f"{head}: {len(self.problems)} problem(s)"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)
